//! `cargo xtask`: the project's maintenance commands.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::assemble;
use xtask::codegen::{self, ChangeReport, FIX_COMMAND, Request};
use xtask::conformance;
use xtask::prism::Mode;
use xtask::semver_audit;

const USAGE: &str = "\
usage: cargo xtask codegen [--check | --bump] [--strict] [--spec PATH --out DIR [--crate-name NAME]]
                           [--report FILE [--report-format markdown|json]]
       cargo xtask conformance [--spec NAME ...] [--mode static|dynamic] [--check] [--replay]
       cargo xtask semver-audit [--edit NAME ...]
       cargo xtask assemble [--check]

  (no options)       regenerate generated/ from spec/openapi.yaml
  --check            write nothing; fail and show a diff if the output is stale
  --bump             give the crate the version the change report suggests (counting the
                     unreleased entries of its CHANGELOG.md) and release them under it
  --strict           treat every warning as an error: write nothing if the spec needs a
                     fallback anywhere
  --spec PATH        generate from another OpenAPI 3.0 or 3.1 document (JSON or YAML)
  --out DIR          the crate folder to write (required with --spec)
  --crate-name NAME  the generated crate's name (default: the folder's name)
  --report FILE      also write the change report to FILE (with --check too)
  --report-format F  markdown (the default) or json

  Before writing (or checking), codegen prints the change report: the public API of the new
  crate compared with the committed one (its api.json), each change marked breaking, additive
  or compatible under Rust's SemVer rules, then the verdict (major, minor or patch) and the
  version the crate should get.

conformance: call every operation of the crate generated from each corpus spec against Prism
serving the spec, and record the results in tests/conformance/
  --spec NAME        only this spec (its crate name or file name); repeatable
  --mode MODE        only static (the spec's examples) or dynamic (random valid data)
  --check            write nothing; fail and show a diff if the results differ
  --replay           call nothing: class the raw outcomes of the last run again

semver-audit: apply each edit of a list to tests/fixtures/semver_audit/base.yaml, and check
that the change report's verdict on the crates before and after agrees with cargo-semver-checks
(installed with `cargo install cargo-semver-checks --locked`) and with the edit's witness, a
program that must compile against the crate before and, after, exactly when the report says
non-breaking; prints a table, fails on any difference that is not documented
  --edit NAME        only this edit; repeatable

assemble: rebuild tests/specs/assembled/launchdarkly-intercom.yaml (the 4 MB-class benchmark
spec) from the corpus documents it is made of (tests/specs/SOURCES.md says how)
  --check            write nothing; fail if the committed file differs from a rebuild";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match parse_codegen(&args[1..]) {
            Ok((request, report)) => codegen_command(&request, &report),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("conformance") => match parse_conformance(&args[1..]) {
            Ok((request, check)) => conformance_command(&request, check),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("semver-audit") => match parse_semver_audit(&args[1..]) {
            Ok(edits) => semver_audit_command(&edits),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("assemble") => match &args[1..] {
            [] => assemble_command(false),
            [flag] if flag == "--check" => assemble_command(true),
            _ => {
                eprintln!("error: assemble takes only --check\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Where the change report goes besides the terminal.
struct ReportTo {
    file: Option<PathBuf>,
    json: bool,
}

fn parse_codegen(args: &[String]) -> Result<(Request, ReportTo), String> {
    let (mut check, mut strict, mut bump) = (false, false, false);
    let (mut spec, mut out, mut crate_name) = (None, None, None);
    let (mut report_file, mut report_format) = (None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--check" => check = true,
            "--strict" => strict = true,
            "--bump" => bump = true,
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => crate_name = Some(value("--crate-name")?),
            "--report" => report_file = Some(PathBuf::from(value("--report")?)),
            "--report-format" => report_format = Some(value("--report-format")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let json = match report_format.as_deref() {
        None | Some("markdown") => false,
        Some("json") => true,
        Some(other) => {
            return Err(format!(
                "unknown report format `{other}` (markdown or json)"
            ));
        }
    };
    if report_format.is_some() && report_file.is_none() {
        return Err("--report-format needs --report FILE".to_owned());
    }
    let report = ReportTo {
        file: report_file,
        json,
    };
    if check && bump {
        return Err("--check writes nothing, so it cannot --bump".to_owned());
    }
    let mut request = codegen::project(check);
    request.bump = bump;
    match (spec, out) {
        (None, None) => {}
        (Some(spec), Some(out)) => {
            let name = crate_name.clone().unwrap_or_else(|| {
                out.file_name().map_or_else(
                    || "sdk".to_owned(),
                    |n| n.to_string_lossy().replace('-', "_"),
                )
            });
            request.options = ::codegen::Options::new(name, spec.display().to_string());
            request.spec = spec;
            request.out = out;
        }
        (Some(_), None) => {
            return Err(
                "--spec needs --out, so generated/ is never overwritten by another API".to_owned(),
            );
        }
        (None, Some(out)) => request.out = out,
    }
    if let Some(name) = crate_name {
        request.options.crate_name = name;
    }
    request.options.strict = strict;
    Ok((request, report))
}

/// Prints the change report and writes it to `--report FILE`.
fn show_report(report: &ChangeReport, to: &ReportTo) -> std::io::Result<()> {
    println!("{}", report.to_text());
    if let Some(path) = &to.file {
        let file = if to.json {
            report.to_json()
        } else {
            report.to_markdown()
        };
        std::fs::write(path, file).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
        })?;
    }
    Ok(())
}

fn codegen_command(request: &Request, report: &ReportTo) -> ExitCode {
    let outcome = match codegen::run_reporting(request, &mut |r| show_report(r, report)) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let shown = openapi_rust_sdk::render(&outcome, request, FIX_COMMAND);
    print!("{}", shown.stdout);
    eprint!("{}", shown.stderr);
    if shown.success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn parse_conformance(args: &[String]) -> Result<(conformance::Request, bool), String> {
    let mut request = conformance::Request::project();
    let mut check = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--check" => check = true,
            "--replay" => request.replay = true,
            "--spec" => request.specs.push(value("--spec")?),
            "--mode" => {
                let name = value("--mode")?;
                let mode = Mode::from_name(&name)
                    .ok_or_else(|| format!("unknown mode `{name}` (static or dynamic)"))?;
                request.modes = vec![mode];
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok((request, check))
}

/// Writes (or with `check` compares) the assembled benchmark spec.
fn assemble_command(check: bool) -> ExitCode {
    let root = codegen::workspace_root();
    match assemble::run(&root, &assemble::LARGE, check) {
        Ok(file) => {
            let verb = if check { "up to date" } else { "wrote" };
            eprintln!("{verb}: {}", file.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn conformance_command(request: &conformance::Request, check: bool) -> ExitCode {
    let report = match conformance::run(request, &mut |line| eprintln!("{line}")) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let exclusions = conformance::exclusions(&request.root).unwrap_or_default();
    println!("{}", conformance::report::table(&report.rows, &exclusions));
    let failures = conformance::report::failures(&report.rows, &exclusions);
    if !failures.is_empty() {
        println!("Failures:\n{failures}");
    }
    let timings = conformance::timings_markdown(&report.timings);
    if !request.replay {
        println!("{timings}");
    }
    let whole = request.specs.is_empty() && request.modes.len() == Mode::ALL.len();
    if whole && !check && !request.replay {
        let path = request
            .root
            .join(conformance::RESULTS_DIR)
            .join("timings.md");
        if let Err(e) = std::fs::write(&path, &timings) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    match conformance::record(&request.root, &report, check) {
        Ok(differences) if differences.is_empty() => {
            if check {
                println!(
                    "the conformance results are as committed in {}",
                    conformance::RESULTS_DIR
                );
            } else {
                println!("results written to {}", conformance::RESULTS_DIR);
            }
            ExitCode::SUCCESS
        }
        Ok(differences) => {
            for difference in &differences {
                eprintln!("differs: {}\n{}\n", difference.path, difference.diff);
            }
            eprintln!(
                "error: {} file(s) of {} differ from this run; run `cargo xtask conformance` and commit the result if the change is intended",
                differences.len(),
                conformance::RESULTS_DIR
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The edits named with `--edit`.
fn parse_semver_audit(args: &[String]) -> Result<Vec<String>, String> {
    let mut edits = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--edit" => edits.push(
                args.next()
                    .cloned()
                    .ok_or_else(|| "--edit needs a value".to_owned())?,
            ),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(edits)
}

fn semver_audit_command(edits: &[String]) -> ExitCode {
    let root = codegen::workspace_root();
    let audit = match semver_audit::run(&root, edits, &mut |line| eprintln!("{line}")) {
        Ok(audit) => audit,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", semver_audit::table(&audit));
    if audit.passes() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "error: the change report disagrees with cargo-semver-checks or with a witness; see the rows in bold"
        );
        ExitCode::FAILURE
    }
}
