//! Compiling an edit's witness, a small program that uses the generated crate as a user would,
//! against the crates before and after the edit.

use std::fs;
use std::path::Path;
use std::process::Command;

/// Whether a witness compiled against one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Build {
    /// `cargo check` passed.
    Compiles,
    /// It failed, with the compiler's first error (`error[E0308]: mismatched types`).
    Fails(String),
}

impl Build {
    /// Whether it compiled.
    pub fn compiles(&self) -> bool {
        *self == Self::Compiles
    }
}

/// A witness's builds against the base crate and against the edited one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witnessed {
    /// Against the crate of the base spec, where it must compile.
    pub base: Build,
    /// Against the crate of the edited spec, where it compiles exactly when the edit breaks
    /// nothing.
    pub edited: Build,
}

impl Witnessed {
    /// Its text in the table.
    pub fn label(&self) -> String {
        match (&self.base, &self.edited) {
            (Build::Fails(error), _) => format!("**fails against the base**: {error}"),
            (Build::Compiles, Build::Compiles) => "compiles".to_owned(),
            (Build::Compiles, Build::Fails(error)) => format!("breaks: {error}"),
        }
    }
}

/// The source of the witness `code` of the edit `name`: the code, then an empty `main`.
pub fn source(name: &str, code: &str) -> String {
    format!(
        "//! The witness of the semver-audit edit `{name}`.\n#![allow(dead_code, unused_imports)]\n\n{}\n\nfn main() {{}}\n",
        code.trim()
    )
}

/// The first error in `cargo check`'s output, without its location.
pub fn first_error(output: &str) -> String {
    output
        .lines()
        .find(|line| line.starts_with("error"))
        .unwrap_or("no error printed")
        .trim()
        .to_owned()
}

/// Builds the witness `code` of the edit `name` against the crate in `krate`, a sibling of
/// `dir`: writes the binary crate `witness` into `dir`, depending on it by path, with the lock
/// file `lock`, and runs `cargo check --offline` on it, building in `target_dir`.
///
/// The witness is a crate of its own, not an example of the generated crate: every generated
/// crate is a workspace root called `shelter` 1.0.0, which Cargo gives the same artifact names,
/// so that in one target directory an example could link a stale build of another edit's
/// crate. A path dependency is known by its path, so each crate builds apart.
pub fn check(
    dir: &Path,
    krate: &Path,
    name: &str,
    code: &str,
    lock: &Path,
    target_dir: &Path,
) -> Result<Build, String> {
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", dir.display());
    let folder = krate
        .file_name()
        .ok_or_else(|| format!("{} has no name", krate.display()))?
        .to_string_lossy();
    let manifest = format!(
        "[package]\nname = \"witness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nshelter = {{ path = \"../{folder}\" }}\n\n[workspace]\n"
    );
    fs::create_dir_all(dir.join("src")).map_err(fail)?;
    fs::write(dir.join("Cargo.toml"), manifest).map_err(fail)?;
    fs::write(dir.join("src/main.rs"), source(name, code)).map_err(fail)?;
    fs::copy(lock, dir.join("Cargo.lock")).map_err(fail)?;
    let output = Command::new("cargo")
        .args(["check", "--offline", "--quiet", "--color", "never"])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    if output.status.success() {
        return Ok(Build::Compiles);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("` (lib)") {
        // The crate itself, not the witness.
        return Err(format!(
            "the crate at {} does not compile: {}",
            krate.display(),
            first_error(&stderr)
        ));
    }
    Ok(Build::Fails(first_error(&stderr)))
}
