//! The `openapi-rust-sdk` binary as another project runs it: `--help` and `--version`,
//! `generate` then `check` on a small spec in a scratch folder, `check` failing with a diff and
//! the report once the spec changes, `report` in each format, and `--bump` moving the version
//! in `Cargo.toml`, `api.json` and `CHANGELOG.md` together.
#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test stops at the first thing that is not as it should be"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = "\
openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets/{id}:
    get:
      operationId: pets.retrieve
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: the pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
";

/// The spec with one more operation: an additive change.
fn with_a_new_operation() -> String {
    SPEC.replace(
        "components:",
        "  /owners:\n    get:\n      operationId: owners.list\n      responses:\n        '204': {description: none}\ncomponents:",
    )
}

/// A fresh folder holding `spec.yaml`; the crate goes to `pet-store/` inside it.
fn scratch(name: &str, spec: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create the scratch folder");
    let path = dir.join("spec.yaml");
    fs::write(&path, spec).expect("write the spec");
    (path, dir.join("pet-store"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-rust-sdk"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The `version = ...` line of the crate's `Cargo.toml`.
fn cargo_version(out: &Path) -> String {
    read(&out.join("Cargo.toml"))
        .lines()
        .find(|l| l.starts_with("version = "))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn help_and_version_work() {
    let help = run(&["--help"]);
    assert!(help.status.success(), "{}", text(&help.stderr));
    let help = text(&help.stdout);
    for word in [
        "generate",
        "check",
        "report",
        "--version",
        "Usage: openapi-rust-sdk",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
    let generate = text(&run(&["generate", "--help"]).stdout);
    for word in ["--out", "--crate-name", "--strict", "--bump", "--report"] {
        assert!(
            generate.contains(word),
            "generate --help lacks {word}:\n{generate}"
        );
    }
    let report = text(&run(&["report", "--help"]).stdout);
    assert!(report.contains("markdown") && report.contains("json") && report.contains("text"));

    let version = run(&["--version"]);
    assert!(version.status.success());
    assert_eq!(
        text(&version.stdout),
        format!("openapi-rust-sdk {}\n", env!("CARGO_PKG_VERSION"))
    );
    // A wrong argument is a usage error, exit code 2.
    assert_eq!(run(&["generate"]).status.code(), Some(2));
}

#[test]
fn generate_then_check_passes_and_a_stale_folder_fails_with_a_diff_and_the_report() {
    let (spec, out) = scratch("stale", SPEC);
    let generate = run(&["generate", arg(&spec), "--out", arg(&out)]);
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    assert!(text(&generate.stdout).contains("api.json does not exist yet"));
    // The crate is named after its folder.
    assert!(read(&out.join("Cargo.toml")).contains("name = \"pet_store\""));
    for file in ["src/lib.rs", "api.json", "CHANGELOG.md", "README.md"] {
        assert!(out.join(file).is_file(), "{file} was not written");
    }

    let check = run(&["check", arg(&spec), "--out", arg(&out)]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("the public API of pet_store is unchanged"));

    fs::write(&spec, with_a_new_operation()).expect("edit the spec");
    let before = read(&out.join("api.json"));
    let report = out.with_file_name("report.md");
    let check = run(&[
        "check",
        arg(&spec),
        "--out",
        arg(&out),
        "--report",
        arg(&report),
    ]);
    assert_eq!(check.status.code(), Some(1));
    let (stdout, stderr) = (text(&check.stdout), text(&check.stderr));
    assert!(
        stdout.contains("additive") && stdout.contains("owners"),
        "{stdout}"
    );
    assert!(
        stderr.contains("stale: ") && stderr.contains("+"),
        "{stderr}"
    );
    assert!(
        stderr.contains("openapi-rust-sdk generate ") && stderr.contains("--crate-name pet_store"),
        "the error names the command that fixes it:\n{stderr}"
    );
    assert!(read(&report).starts_with("## Public API changes of `pet_store`"));
    assert_eq!(read(&out.join("api.json")), before, "check must not write");
}

#[test]
fn report_prints_each_format_and_writes_nothing_else() {
    let (spec, out) = scratch("report", SPEC);
    assert!(
        run(&["generate", arg(&spec), "--out", arg(&out)])
            .status
            .success()
    );
    fs::write(&spec, with_a_new_operation()).expect("edit the spec");
    let report = |format: &str| {
        let output = run(&["report", arg(&spec), "-o", arg(&out), "--format", format]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    assert!(report("text").contains("verdict: minor"));
    assert!(report("markdown").contains("**Verdict: minor**"));
    let json: serde_json::Value = serde_json::from_str(&report("json")).expect("JSON");
    assert_eq!(json["verdict"], "minor");
    assert_eq!(json["next_version"], "0.1.1");
    assert!(
        !run(&["check", arg(&spec), "--out", arg(&out)])
            .status
            .success(),
        "report must not write"
    );
}

#[test]
fn changes_collect_in_the_changelog_and_bump_releases_them() {
    let (spec, out) = scratch("bump", SPEC);
    let args = |extra: &[&'static str]| {
        let mut all = vec!["generate", arg(&spec), "--out", arg(&out)];
        all.extend_from_slice(extra);
        let output = run(&all);
        assert!(output.status.success(), "{}", text(&output.stderr));
    };
    args(&[]);
    assert_eq!(cargo_version(&out), "version = \"0.1.0\"");

    // A change without --bump keeps the version and adds an unreleased entry.
    fs::write(&spec, with_a_new_operation()).expect("edit the spec");
    args(&[]);
    assert_eq!(cargo_version(&out), "version = \"0.1.0\"");
    let changelog = read(&out.join("CHANGELOG.md"));
    assert!(
        changelog.contains("## Unreleased (minor)\n\n**Verdict: minor**"),
        "{changelog}"
    );

    // --bump with nothing new releases it: Cargo.toml, api.json and the changelog agree.
    args(&["--bump"]);
    assert_eq!(cargo_version(&out), "version = \"0.1.1\"");
    assert!(read(&out.join("api.json")).contains("\"version\": \"0.1.1\""));
    let changelog = read(&out.join("CHANGELOG.md"));
    assert!(!changelog.contains("Unreleased"), "{changelog}");
    let (new, old) = (changelog.find("## 0.1.1"), changelog.find("## 0.1.0"));
    assert!(new.is_some() && new < old, "{changelog}");
    assert!(changelog.contains("`client.owners()`"), "{changelog}");

    // The bumped folder is fresh, and a second --bump has nothing to release.
    let check = run(&["check", arg(&spec), "--out", arg(&out)]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    args(&["--bump"]);
    assert_eq!(cargo_version(&out), "version = \"0.1.1\"");
}

/// The `openapi-rust-sdk` commands written in `text`, continuation lines joined and comments
/// left out, as argument lists.
fn documented_commands(text: &str) -> Vec<Vec<String>> {
    let joined = text.replace("\\\n", " ");
    joined
        .lines()
        .filter_map(|line| {
            let line = line.trim().trim_start_matches("run: ").trim();
            let command = line.strip_prefix("openapi-rust-sdk ")?;
            let command = command.split(" #").next().unwrap_or_default();
            Some(command.split_whitespace().map(str::to_owned).collect())
        })
        .collect()
}

#[test]
fn the_commands_of_the_readme_and_the_ci_example_are_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for doc in ["docs/ci-example.yml", "README.md"] {
        let commands = documented_commands(&read(&root.join(doc)));
        assert!(commands.len() >= 2, "{doc} shows the tool");
        for command in commands {
            // `--help` after the arguments: clap parses them all first, so an unknown flag or
            // value fails, and needs no files.
            let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
            args.push("--help");
            let output = run(&args);
            assert!(
                output.status.success(),
                "{doc}: `openapi-rust-sdk {}` is not valid:\n{}",
                command.join(" "),
                text(&output.stderr)
            );
        }
    }
}
