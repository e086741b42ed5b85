//! Generates a Rust SDK crate from an OpenAPI 3.0 or 3.1 document into a folder, checks that a
//! committed one is fresh, and keeps its version and changelog in step with the change report.
//! The generator itself (`codegen`) returns files in memory; this crate is the part that reads
//! and writes folders, shared by the `openapi-rust-sdk` binary, `cargo xtask codegen` and
//! build scripts.
//!
//! From a `build.rs` (with this crate in `[build-dependencies]`), [`build_script`] generates
//! the crate, tells Cargo when to run again and shows the generator's warnings:
//!
//! ```no_run
//! // build.rs
//! fn main() -> std::io::Result<()> {
//!     let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("pets");
//!     openapi_rust_sdk::build_script("openapi.yaml", &out, "pets")?;
//!     Ok(())
//! }
//! ```
//!
//! The output is a whole crate (`Cargo.toml`, `src/`), not a module to `include!`: a build
//! script suits a step that builds, packages or checks it; to depend on the SDK, commit the
//! folder and keep it fresh with `openapi-rust-sdk check` in CI.
//!
//! Programs call [`folder::run`] with a [`folder::Request`] and show the [`folder::Outcome`]
//! with [`render`]:
//!
//! ```no_run
//! use openapi_rust_sdk::folder::{Request, run};
//! let mut request = Request::new("openapi.yaml", "sdk", "pets");
//! request.check = true;
//! let outcome = run(&request)?;
//! let shown = openapi_rust_sdk::render(&outcome, &request, "openapi-rust-sdk generate");
//! eprint!("{}", shown.stderr);
//! assert!(shown.success, "the SDK is stale");
//! # Ok::<(), std::io::Error>(())
//! ```

pub mod changelog;
pub mod folder;

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use codegen::{Diagnostic, Severity};

use folder::{Outcome, Request};

/// Generates the crate `crate_name` from `spec` into `out`, for a build script: prints
/// `cargo:rerun-if-changed` for the spec and each warning as `cargo:warning`, and fails with
/// every diagnostic, rendered, when the spec gives no crate. Returns the warnings.
pub fn build_script(
    spec: impl AsRef<Path>,
    out: &Path,
    crate_name: &str,
) -> io::Result<Vec<Diagnostic>> {
    let spec = spec.as_ref();
    println!("cargo:rerun-if-changed={}", spec.display());
    let request = Request::new(spec, out, crate_name);
    let outcome = folder::run(&request)?;
    let shown = render(&outcome, &request, "cargo build");
    match outcome {
        Outcome::Done { warnings, .. } => {
            for warning in &warnings {
                for line in warning.render(&request.options.source_name).lines() {
                    println!("cargo:warning={line}");
                }
            }
            Ok(warnings)
        }
        Outcome::Stale { .. } | Outcome::Failed { .. } => Err(io::Error::other(shown.stderr)),
    }
}

/// What to show of a run: the lines for standard output and for standard error, and whether
/// the command succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Progress: what was written, or that nothing needed to be.
    pub stdout: String,
    /// Diagnostics, stale files with their diffs, and the final error.
    pub stderr: String,
    /// Whether the command should exit with success.
    pub success: bool,
}

/// How `outcome` of `request` reads, for a command whose way of fixing a stale folder is
/// `fix_command`.
pub fn render(outcome: &Outcome, request: &Request, fix_command: &str) -> Rendered {
    let shown = &request.options.source_name;
    let out = request.out.display();
    let (mut stdout, mut stderr) = (String::new(), String::new());
    let success = match outcome {
        Outcome::Done { changed, warnings } => {
            for warning in warnings {
                let _ = writeln!(stderr, "{}\n", warning.render(shown));
            }
            if changed.is_empty() {
                let _ = writeln!(stdout, "{out} is up to date with {shown}");
            } else {
                let _ = writeln!(stdout, "updated {} file(s) in {out}:", changed.len());
                for path in changed {
                    let _ = writeln!(stdout, "  {path}");
                }
            }
            true
        }
        Outcome::Stale { problems, .. } => {
            for problem in problems {
                let _ = writeln!(stderr, "{problem}\n");
            }
            if request.check {
                let _ = writeln!(
                    stderr,
                    "error: {out} is stale ({} file(s) differ from what {shown} gives); run `{fix_command}`, delete by hand any file it says it did not write, and commit the result",
                    problems.len()
                );
            } else {
                let _ = writeln!(
                    stderr,
                    "error: every generated file of {out} is written, but {} file(s) there are not the generator's and fail the check",
                    problems.len()
                );
            }
            false
        }
        Outcome::Failed { diagnostics } => {
            for diagnostic in diagnostics {
                let _ = writeln!(stderr, "{}\n", diagnostic.render(shown));
            }
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let _ = writeln!(
                stderr,
                "error: {shown} has {errors} error(s); nothing was written to {out}"
            );
            false
        }
    };
    Rendered {
        stdout,
        stderr,
        success,
    }
}
