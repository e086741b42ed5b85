//! The runner: one binary crate whose only dependencies are the generated crates and tokio,
//! made of the endpoint methods' doc examples (one async fn per operation), built offline in one
//! cargo run. `conformance-runner CRATE OUT [FIRST]` calls the operations of one crate once
//! each and appends one line per operation to `OUT`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::examples::{EXAMPLE_FN, Operation};

/// The runner's package and binary name.
pub const NAME: &str = "conformance-runner";

/// How long one call may take, in seconds, retries included: Prism takes over 30 s to answer
/// some calls of the largest specs (launchdarkly's), so a lower limit makes results vary.
pub const CALL_LIMIT_SECS: u64 = 120;

/// The runner's `main.rs`: everything but the per-crate modules.
const MAIN: &str = r#"
use std::io::Write as _;
use std::time::Duration;

/// How long one call may take, retries included.
const LIMIT: Duration = Duration::from_secs(@LIMIT@);

/// What one call ended with, as the xtask reads it back.
pub struct Outcome {
    kind: &'static str,
    status: u16,
    content_type: String,
    violations: String,
    text: String,
}

impl Outcome {
    fn ok() -> Self {
        Self::new("ok", 0, String::new())
    }

    fn new(kind: &'static str, status: u16, text: String) -> Self {
        Self { kind, status, content_type: String::new(), violations: String::new(), text }
    }
}

/// One operation's call.
pub type Call = std::pin::Pin<Box<dyn std::future::Future<Output = Outcome> + Send>>;

/// Keeps a field on its line: tabs and line breaks become spaces, and long text is cut.
fn field(text: &str) -> String {
    text.chars().take(100_000).map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn panic_message(error: tokio::task::JoinError) -> String {
    match error.try_into_panic() {
        Ok(payload) => match payload.downcast::<String>() {
            Ok(message) => *message,
            Err(payload) => payload.downcast::<&str>().map_or_else(|_| "a panic".to_owned(), |m| (*m).to_owned()),
        },
        Err(error) => error.to_string(),
    }
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (krate, out, first) = match args.as_slice() {
        [krate, out] => (krate, out, 0),
        [krate, out, first] => (krate, out, first.parse().unwrap_or(0)),
        _ => {
            eprintln!("usage: conformance-runner CRATE OUT [FIRST]");
            return std::process::ExitCode::from(2);
        }
    };
    let operations: &[(&str, fn() -> Call)] = match krate.as_str() {
@MATCH@        _ => {
            eprintln!("unknown crate {krate}");
            return std::process::ExitCode::from(2);
        }
    };
    // Worker threads keep tokio's default stack: decoding has to fit in it.
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start tokio: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut file = match std::fs::OpenOptions::new().create(true).append(true).open(out) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("cannot open {out}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    for (index, (name, call)) in operations.iter().enumerate().skip(first) {
        let task = runtime.spawn(async move { tokio::time::timeout(LIMIT, call()).await });
        let outcome = match runtime.block_on(task) {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_)) => Outcome::new("timeout", 0, format!("no answer within {} s", LIMIT.as_secs())),
            Err(error) => Outcome::new("panic", 0, panic_message(error)),
        };
        let line = format!(
            "{index}\t{name}\t{}\t{}\t{}\t{}\t{}\n",
            outcome.kind,
            outcome.status,
            field(&outcome.content_type),
            field(&outcome.violations),
            field(&outcome.text),
        );
        // Written at once, so that a crash leaves every finished call on record.
        if let Err(error) = file.write_all(line.as_bytes()).and_then(|()| file.flush()) {
            eprintln!("cannot write {out}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}
"#;

/// The module of one crate's calls: `OPERATIONS`, each example as `op_N`, and the mapping of
/// the crate's `Error` to an `Outcome`.
const MODULE_TAIL: &str = r#"
fn outcome(result: Result<(), @KRATE@::Error>) -> crate::Outcome {
    let error = match result {
        Ok(()) => return crate::Outcome::ok(),
        Err(error) => error,
    };
    let text = error.to_string();
    match &error {
        @KRATE@::Error::Decode(decode) => crate::Outcome::new("decode", decode.status, text),
        @KRATE@::Error::Api(api) => {
            let header = |name: &str| {
                api.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or("").to_owned()
            };
            crate::Outcome {
                kind: "api",
                status: api.status,
                content_type: header("content-type"),
                violations: header("sl-violations"),
                text: api.body.clone(),
            }
        }
        @KRATE@::Error::InvalidRequest(_) => crate::Outcome::new("invalid_request", 0, text),
        @KRATE@::Error::Config(_) => crate::Outcome::new("config", 0, text),
        @KRATE@::Error::Timeout { .. } => crate::Outcome::new("timeout", 0, text),
        @KRATE@::Error::Connection { source, .. } => {
            crate::Outcome::new("connection", 0, format!("{text}: {source}"))
        }
        _ => crate::Outcome::new("error", error.status().unwrap_or(0), text),
    }
}
"#;

/// One crate the runner calls.
#[derive(Debug, Clone)]
pub struct Member {
    /// The crate's name.
    pub name: String,
    /// Its folder.
    pub dir: PathBuf,
    /// Its operations, in the order the runner calls them.
    pub operations: Vec<Operation>,
    /// The environment variables `Client::from_env` reads credentials from besides
    /// `<CRATE>_API_KEY`: one per security scheme, when the spec has several.
    pub credential_envs: Vec<String>,
}

/// The module name of a crate's calls (distinct from the crate's own name).
fn module(krate: &str) -> String {
    format!("calls_{krate}")
}

/// The runner's `main.rs`.
pub fn main_rs(members: &[Member]) -> String {
    let mut text = String::from(
        "//! Calls every operation of one generated crate once (see `xtask::conformance`).\n",
    );
    for member in members {
        let _ = writeln!(text, "mod {};", module(&member.name));
    }
    let mut arms = String::new();
    for member in members {
        let _ = writeln!(
            arms,
            "        {:?} => {}::OPERATIONS,",
            member.name,
            module(&member.name)
        );
    }
    text.push_str(
        &MAIN
            .replace("@LIMIT@", &CALL_LIMIT_SECS.to_string())
            .replace("@MATCH@", &arms),
    );
    text
}

/// The module of `member`'s calls.
pub fn module_rs(member: &Member) -> String {
    let krate = &member.name;
    let mut text = format!(
        "//! The calls of `{krate}`: the doc example of each endpoint method.\n\
         #![allow(deprecated, unused, clippy::all)]\n\n\
         pub const OPERATIONS: &[(&str, fn() -> crate::Call)] = &[\n"
    );
    for (index, operation) in member.operations.iter().enumerate() {
        let _ = writeln!(text, "    ({:?}, call_{index}),", operation.name);
    }
    text.push_str("];\n");
    for (index, operation) in member.operations.iter().enumerate() {
        match &operation.example {
            Some(example) => {
                let _ = write!(
                    text,
                    "\nfn call_{index}() -> crate::Call {{\n    \
                     Box::pin(async {{ outcome(op_{index}().await) }})\n}}\n\n{}",
                    example.replacen(EXAMPLE_FN, &format!("async fn op_{index}()"), 1)
                );
            }
            None => {
                let _ = write!(
                    text,
                    "\nfn call_{index}() -> crate::Call {{\n    \
                     Box::pin(async {{ crate::Outcome::new(\"no_example\", 0, String::new()) }})\n}}\n"
                );
            }
        }
    }
    text.push_str(&MODULE_TAIL.replace("@KRATE@", krate));
    text
}

/// The runner's `Cargo.toml`.
fn cargo_toml(members: &[Member], runner_dir: &Path) -> String {
    let mut text = format!(
        "[package]\nname = \"{NAME}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n"
    );
    for member in members {
        let path = relative(&member.dir, runner_dir);
        let _ = writeln!(text, "{} = {{ path = {:?} }}", member.name, path);
    }
    text.push_str("tokio = { version = \"1\", features = [\"rt-multi-thread\", \"time\"] }\n");
    text
}

/// `to` relative to `from`, both under one parent: `../crates/x`.
fn relative(to: &Path, from: &Path) -> String {
    let mut from_parts: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    from_parts.drain(..common);
    let mut path = PathBuf::new();
    for _ in &from_parts {
        path.push("..");
    }
    for part in &to_parts[common..] {
        path.push(part);
    }
    path.to_string_lossy().replace('\\', "/")
}

/// Writes `contents` to `path` unless it already holds exactly that, so that cargo rebuilds
/// only what changed.
fn write_if_changed(path: &Path, contents: &str) -> io::Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents)
}

/// Where the runner is built.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The scratch workspace: `Cargo.toml`, `Cargo.lock`, `runner/`, `crates/<name>/`.
    pub workspace: PathBuf,
    /// The workspace root of this project, whose `Cargo.lock` pins every dependency.
    pub root: PathBuf,
    /// Cargo's target folder; scratch workspaces can share one, and so build the
    /// dependencies once.
    pub target_dir: PathBuf,
}

impl Layout {
    /// The runner crate's folder.
    pub fn runner_dir(&self) -> PathBuf {
        self.workspace.join("runner")
    }

    /// A generated crate's folder.
    pub fn crate_dir(&self, name: &str) -> PathBuf {
        self.workspace.join("crates").join(name)
    }

    /// The runner as cargo leaves it in the target folder, where the next build of another
    /// workspace sharing the folder replaces it.
    fn built(&self) -> PathBuf {
        self.target_dir
            .join("debug")
            .join(format!("{NAME}{}", std::env::consts::EXE_SUFFIX))
    }

    /// The runner this workspace calls: a copy of the one built for it.
    pub fn binary(&self) -> PathBuf {
        self.workspace
            .join(format!("{NAME}{}", std::env::consts::EXE_SUFFIX))
    }
}

/// Writes the runner and its workspace for `members`, replacing any earlier one.
pub fn write(layout: &Layout, members: &[Member]) -> io::Result<()> {
    let runner = layout.runner_dir();
    let src = runner.join("src");
    fs::create_dir_all(&src)?;
    let wanted: BTreeSet<String> = members
        .iter()
        .map(|m| format!("{}.rs", module(&m.name)))
        .collect();
    for entry in fs::read_dir(&src)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != "main.rs" && !wanted.contains(&name) {
            fs::remove_file(entry.path())?;
        }
    }
    for member in members {
        write_if_changed(
            &src.join(format!("{}.rs", module(&member.name))),
            &module_rs(member),
        )?;
    }
    write_if_changed(&src.join("main.rs"), &main_rs(members))?;
    write_if_changed(&runner.join("Cargo.toml"), &cargo_toml(members, &runner))?;
    let mut manifest = String::from(
        "# The conformance runner and the crates it calls (`cargo xtask conformance`).\n\
         [workspace]\nresolver = \"2\"\nmembers = [\"runner\"",
    );
    for member in members {
        let _ = write!(manifest, ", {:?}", relative(&member.dir, &layout.workspace));
    }
    manifest.push_str("]\n");
    write_if_changed(&layout.workspace.join("Cargo.toml"), &manifest)?;
    let lock = fs::read_to_string(layout.root.join("Cargo.lock"))?;
    write_if_changed(&layout.workspace.join("Cargo.lock"), &lock)
}

/// How a build ended.
#[derive(Debug)]
pub enum Build {
    /// The runner is built.
    Built,
    /// These crates (or their calls in the runner) do not compile: the first error of each.
    Failed(BTreeMap<String, String>),
}

/// Builds the runner with one offline cargo run; on failure, names the crates whose code or
/// calls did not compile. Errors that belong to no crate (of the runner's own code, or of
/// cargo) are an `Err`.
pub fn build(layout: &Layout, members: &[Member]) -> io::Result<Build> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "build",
            "--offline",
            "--message-format=json-diagnostic-short",
        ])
        .arg("--manifest-path")
        .arg(layout.workspace.join("Cargo.toml"))
        .arg("--package")
        .arg(NAME)
        .env("CARGO_TARGET_DIR", &layout.target_dir)
        .output()?;
    if output.status.success() {
        fs::copy(layout.built(), layout.binary())?;
        return Ok(Build::Built);
    }
    let names: BTreeSet<&str> = members.iter().map(|m| m.name.as_str()).collect();
    let mut failed = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let target = message["target"]["name"].as_str().unwrap_or("");
        let rendered = message["message"]["rendered"]
            .as_str()
            .or_else(|| message["message"]["message"].as_str())
            .unwrap_or("")
            .trim()
            .to_owned();
        let owner = if names.contains(target) {
            Some(target.to_owned())
        } else {
            // An error in the runner is in the calls of one crate: `src/calls_<crate>.rs`.
            message["message"]["spans"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|span| span["file_name"].as_str())
                .find_map(|file| {
                    let stem = Path::new(file).file_stem()?.to_str()?;
                    let krate = stem.strip_prefix("calls_")?;
                    names.contains(krate).then(|| krate.to_owned())
                })
        };
        if let Some(owner) = owner {
            failed.entry(owner).or_insert(rendered);
        }
    }
    if failed.is_empty() {
        return Err(io::Error::other(format!(
            "the conformance runner does not build:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(Build::Failed(failed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_runner() {
        assert_eq!(
            relative(Path::new("/w/crates/nexus"), Path::new("/w/runner")),
            "../crates/nexus"
        );
        assert_eq!(
            relative(Path::new("/w/crates/nexus"), Path::new("/w")),
            "crates/nexus"
        );
    }
}
