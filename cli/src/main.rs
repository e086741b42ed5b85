//! `openapi-rust-sdk`: the generator as a command for other projects. Parses arguments and
//! exits; the work is the library's, which `cargo xtask codegen` shares.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use openapi_rust_sdk::folder::{self, ChangeReport, Request};

/// Generates a standalone Rust SDK crate from an OpenAPI 3.0 or 3.1 document (JSON or YAML),
/// checks that a committed one is fresh, and reports what a regeneration changes in its public
/// API.
#[derive(Debug, Parser)]
#[command(
    name = "openapi-rust-sdk",
    version,
    about,
    long_about = None,
    after_help = "Exit status: 0 when done or fresh, 1 when the folder is stale or the spec has errors, 2 on a usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Writes the crate into its folder, after printing the change report.
    Generate {
        #[command(flatten)]
        target: Target,
        /// Give the crate the version the change report suggests, and release the
        /// unreleased entries of its CHANGELOG.md under it.
        #[arg(long)]
        bump: bool,
        #[command(flatten)]
        report: ReportFile,
    },
    /// Writes nothing; fails with a diff of every stale file and the change report when the
    /// folder is not what the spec gives.
    Check {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        report: ReportFile,
    },
    /// Prints the change report (the new crate's public API against the folder's api.json)
    /// and writes nothing else.
    Report {
        #[command(flatten)]
        target: Target,
        /// How to print it.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write it to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The spec and the crate made from it.
#[derive(Debug, Args)]
struct Target {
    /// The OpenAPI 3.0 document.
    spec: PathBuf,
    /// The crate's folder.
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// The crate's name [default: the folder's name, `-` made `_`].
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Treat every warning as an error: generate nothing if the spec needs a fallback.
    #[arg(long)]
    strict: bool,
}

/// Where the change report goes besides the terminal.
#[derive(Debug, Args)]
struct ReportFile {
    /// Also write the change report to FILE (for a pull-request comment).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// The format of the report file.
    #[arg(long, value_enum, default_value_t = Format::Markdown, requires = "report")]
    report_format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A verdict line and a table.
    Markdown,
    /// The report's fields, for tools.
    Json,
    /// One line per change, as printed.
    Text,
}

impl Format {
    fn render(self, report: &ChangeReport) -> String {
        match self {
            Self::Markdown => report.to_markdown(),
            Self::Json => report.to_json(),
            Self::Text => report.to_text(),
        }
    }
}

impl Target {
    fn request(&self, check: bool) -> Request {
        let name = self
            .crate_name
            .clone()
            .unwrap_or_else(|| default_name(&self.out));
        let mut request = Request::new(&self.spec, &self.out, &name);
        request.options.strict = self.strict;
        request.check = check;
        request
    }

    /// The command that regenerates this folder.
    fn fix_command(&self, request: &Request) -> String {
        format!(
            "openapi-rust-sdk generate {} --out {} --crate-name {}",
            self.spec.display(),
            self.out.display(),
            request.options.crate_name
        )
    }
}

/// A crate name from a folder's name.
fn default_name(out: &Path) -> String {
    out.file_name().map_or_else(
        || "sdk".to_owned(),
        |n| n.to_string_lossy().replace('-', "_"),
    )
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate {
            target,
            bump,
            report,
        } => {
            let mut request = target.request(false);
            request.bump = *bump;
            sync(target, &request, report)
        }
        Command::Check { target, report } => sync(target, &target.request(true), report),
        Command::Report {
            target,
            format,
            output,
        } => report(&target.request(true), *format, output.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `generate` and `check`: the report on standard output (and in its file), then the outcome.
fn sync(target: &Target, request: &Request, to: &ReportFile) -> std::io::Result<ExitCode> {
    let outcome = folder::run_reporting(request, &mut |report| {
        println!("{}", report.to_text());
        match &to.report {
            Some(path) => write(path, &to.report_format.render(report)),
            None => Ok(()),
        }
    })?;
    let shown = openapi_rust_sdk::render(&outcome, request, &target.fix_command(request));
    print!("{}", shown.stdout);
    eprint!("{}", shown.stderr);
    Ok(if shown.success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `report`: only the change report; a spec with errors prints them and fails.
fn report(request: &Request, format: Format, output: Option<&Path>) -> std::io::Result<ExitCode> {
    let mut text = None;
    let outcome = folder::run_reporting(request, &mut |report| {
        text = Some(format.render(report));
        Ok(())
    })?;
    let Some(text) = text else {
        eprint!("{}", openapi_rust_sdk::render(&outcome, request, "").stderr);
        return Ok(ExitCode::FAILURE);
    };
    match output {
        Some(path) => write(path, &text)?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
