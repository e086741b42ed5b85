//! Running `cargo semver-checks` on a pair of crates and reading what it requires.

use std::path::Path;
use std::process::Command;

/// How to install cargo-semver-checks, for the error when it is missing.
pub const INSTALL: &str = "cargo install cargo-semver-checks --locked";

/// The version bump cargo-semver-checks requires, from its summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Required {
    /// `semver requires new major version`.
    Major,
    /// `semver requires new minor version`.
    Minor,
    /// `no semver update required`: no lint that needs a bump fired.
    Nothing,
}

impl Required {
    /// Its name in the table.
    pub fn label(self) -> &'static str {
        match self {
            Self::Major => "major",
            Self::Minor => "minor",
            Self::Nothing => "none",
        }
    }
}

/// What cargo-semver-checks said about one pair of crates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The bump it requires.
    pub required: Required,
    /// The lints that fired (failures and warnings), in its order.
    pub lints: Vec<String>,
}

/// Reads cargo-semver-checks' output (its stdout and stderr, together): the lints from the
/// `--- failure LINT: ...` and `--- warning LINT: ...` headers, the bump from the `Summary`
/// line. An output without a summary (the crates did not build, say) is an error that quotes
/// its end.
pub fn parse(output: &str) -> Result<Finding, String> {
    let lints = output
        .lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("--- failure ")
                .or_else(|| line.strip_prefix("--- warning "))?;
            rest.split_once(':').map(|(lint, _)| lint.trim().to_owned())
        })
        .collect();
    let summary = output
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("Summary "))
        .ok_or_else(|| {
            let tail: Vec<&str> = output.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            format!(
                "cargo-semver-checks printed no summary; its output ended:\n{}",
                tail.join("\n")
            )
        })?;
    let required = if summary.contains("requires new major version") {
        Required::Major
    } else if summary.contains("requires new minor version") {
        Required::Minor
    } else if summary.contains("no semver update required") {
        Required::Nothing
    } else {
        return Err(format!(
            "cannot read cargo-semver-checks' summary `{summary}`"
        ));
    };
    Ok(Finding { required, lints })
}

/// The version of the installed cargo-semver-checks (`cargo-semver-checks 0.51.0`), or how to
/// install it.
pub fn version() -> Result<String, String> {
    let missing = || format!("cargo-semver-checks is not installed; install it with `{INSTALL}`");
    let output = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .map_err(|_| missing())?;
    if !output.status.success() {
        return Err(missing());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Runs `cargo semver-checks check-release` on the crate at `current` against the one at
/// `baseline`, building both in `target_dir`.
pub fn check(current: &Path, baseline: &Path, target_dir: &Path) -> Result<Finding, String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--color", "never"])
        .arg("--manifest-path")
        .arg(current.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(baseline)
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    parse(&text).map_err(|e| format!("{} against {}: {e}", current.display(), baseline.display()))
}
