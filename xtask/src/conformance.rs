//! `cargo xtask conformance`: proves that the generated SDKs work, not only compile. Every
//! operation of the crate generated from each corpus spec is called once, through the doc
//! example of its method, against Prism serving that spec, which rejects requests that do not
//! match it; each call is put in a class (`ok`, `decode`, `rejected`, `refused`, `other`). The
//! results are committed under `tests/conformance/`, and `--check` fails when a run differs.

pub mod examples;
pub mod outcome;
pub mod report;
pub mod runner;

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::codegen;
use crate::mock::Mock;
use crate::prism::{self, Mode, Prism};
use outcome::{Call, Class};
use report::{Exclusion, Row, Status};
use runner::{Build, Layout, Member};

/// The folder of the committed results, from the workspace root.
pub const RESULTS_DIR: &str = "tests/conformance";

/// The exclusions file, in the results folder.
pub const EXCLUSIONS_FILE: &str = "exclusions.txt";

/// How long Prism may take to load a spec and listen.
const PRISM_STARTUP: Duration = Duration::from_secs(600);

/// The API key the runner's clients send; Prism only checks that one is there.
const API_KEY: &str = "conformance:key";

/// How often Prism is started again after it died in the middle of a crate's calls.
const MAX_PRISM_RESTARTS: usize = 3;
/// How often the runner is started again after it died in the middle of a crate.
const MAX_RESTARTS: usize = 20;

/// A spec and mode that the project's own mock ([`crate::mock`]) serves instead of Prism,
/// and why Prism cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnMock {
    /// The crate's name.
    pub name: &'static str,
    /// The mode.
    pub mode: Mode,
    /// Why Prism cannot serve it, as the results table says.
    pub reason: &'static str,
}

/// The specs and modes Prism cannot serve, which the project's mock serves instead. Prism
/// serves everything else.
pub const OWN_MOCK: &[OwnMock] = &[OwnMock {
    name: "xero_accounting",
    mode: Mode::Dynamic,
    reason: "Prism runs out of its 6 GiB heap making the random bodies, even when started again",
}];

/// Why the project's mock serves crate `name` in `mode` instead of Prism, if it does.
pub fn own_mock(name: &str, mode: Mode) -> Option<&'static OwnMock> {
    OWN_MOCK
        .iter()
        .find(|own| own.name == name && own.mode == mode)
}

/// One spec of the corpus and the crate made from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// The crate's name, which also names the spec on the command line.
    pub name: String,
    /// The spec's path from the workspace root.
    pub path: String,
}

/// The corpus: `spec/openapi.yaml` (crate `revox`), then `tests/specs/oxide/*`,
/// `tests/specs/real/*` (OpenAPI 3.0) and `tests/specs/real31/*` (3.1), each folder in name
/// order.
pub fn corpus(root: &Path) -> io::Result<Vec<Spec>> {
    let mut specs = vec![Spec {
        name: "revox".to_owned(),
        path: "spec/openapi.yaml".to_owned(),
    }];
    for folder in [
        "tests/specs/oxide",
        "tests/specs/real",
        "tests/specs/real31",
    ] {
        let mut files: Vec<String> = fs::read_dir(root.join(folder))?
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| {
                Path::new(name)
                    .extension()
                    .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
            })
            .collect();
        files.sort();
        for file in files {
            let taken: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
            let name = crate_name(&file, &taken);
            specs.push(Spec {
                name,
                path: format!("{folder}/{file}"),
            });
        }
    }
    Ok(specs)
}

/// A crate name for a spec file: `param-overrides.json` gives `param_overrides`, and
/// `param_overrides_yaml` for a YAML file whose JSON twin took the name.
fn crate_name(file: &str, taken: &[&str]) -> String {
    let path = Path::new(file);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .replace(['-', '.'], "_");
    let extension = path.extension().and_then(|s| s.to_str()).unwrap_or("");
    if taken.contains(&stem.as_str()) {
        format!("{stem}_{extension}")
    } else {
        stem
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Request {
    /// The workspace root.
    pub root: PathBuf,
    /// The specs to run, by crate name or file name; all of the corpus when empty.
    pub specs: Vec<String>,
    /// The modes to run.
    pub modes: Vec<Mode>,
    /// The scratch folder: the generated crates, the runner and the logs.
    pub workspace: PathBuf,
    /// Cargo's target folder for the runner's build.
    pub target_dir: PathBuf,
    /// Call nothing: read the runner's raw output of the last run again (after a change to how
    /// outcomes are classed or shown).
    pub replay: bool,
}

impl Request {
    /// Every spec in both modes, built in `target/conformance`.
    pub fn project() -> Self {
        let root = codegen::workspace_root();
        Self {
            workspace: root.join("target/conformance"),
            target_dir: root.join("target/conformance/target"),
            root,
            specs: Vec::new(),
            modes: Mode::ALL.to_vec(),
            replay: false,
        }
    }

    /// The specs this request selects, in corpus order; an unknown name is an error.
    pub fn selected(&self) -> io::Result<Vec<Spec>> {
        let corpus = corpus(&self.root)?;
        if self.specs.is_empty() {
            return Ok(corpus);
        }
        for wanted in &self.specs {
            if !corpus.iter().any(|spec| matches(spec, wanted)) {
                let names: Vec<&str> = corpus.iter().map(|s| s.name.as_str()).collect();
                return Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!(
                        "no spec `{wanted}` in the corpus; the names are: {}",
                        names.join(", ")
                    ),
                ));
            }
        }
        Ok(corpus
            .into_iter()
            .filter(|spec| self.specs.iter().any(|wanted| matches(spec, wanted)))
            .collect())
    }
}

fn matches(spec: &Spec, wanted: &str) -> bool {
    spec.name == wanted
        || spec.path == wanted
        || Path::new(&spec.path)
            .file_name()
            .is_some_and(|file| file == wanted)
        || (Path::new(&spec.path)
            .file_stem()
            .is_some_and(|stem| stem == wanted)
            && crate_name(wanted, &[]) == spec.name)
}

/// How long the parts of a run took.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Generating every crate.
    pub generation: Duration,
    /// Building the runner (every cargo run, failed ones included).
    pub build: Duration,
    /// Per spec and mode: Prism's load time (`None` when it did not come up) and the calls.
    pub specs: Vec<SpecTiming>,
    /// The whole run.
    pub total: Duration,
}

/// How long one spec took in one mode.
#[derive(Debug, Clone)]
pub struct SpecTiming {
    /// The spec's path.
    pub spec: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Static or dynamic.
    pub mode: Mode,
    /// From the mock's start (Prism's, or the project's for the rows it serves) until it
    /// listened.
    pub load: Option<Duration>,
    /// Running every operation.
    pub calls: Duration,
    /// How often Prism was started again after it died.
    pub restarts: usize,
}

/// The outcome of a run: a row per spec and mode, in corpus order, and the timings.
#[derive(Debug, Clone)]
pub struct Report {
    /// The rows.
    pub rows: Vec<Row>,
    /// The timings.
    pub timings: Timings,
}

/// Runs the request; `progress` is told what is going on, a line at a time.
pub fn run(request: &Request, progress: &mut dyn FnMut(&str)) -> io::Result<Report> {
    let started = Instant::now();
    let specs = request.selected()?;
    let layout = Layout {
        workspace: request.workspace.clone(),
        root: request.root.clone(),
        target_dir: request.target_dir.clone(),
    };
    let mut timings = Timings::default();
    let mut failed: Vec<(Spec, Status)> = Vec::new();
    let mut members: Vec<(Spec, Member)> = Vec::new();

    let generating = Instant::now();
    for spec in &specs {
        progress(&format!("generating {} from {}", spec.name, spec.path));
        let dir = layout.crate_dir(&spec.name);
        match generate(&request.root, spec, &dir)? {
            Ok(()) => {
                let operations = examples::operations(&dir)?;
                let member = Member {
                    credential_envs: credential_envs(&request.root, spec)?,
                    name: spec.name.clone(),
                    dir,
                    operations,
                };
                members.push((spec.clone(), member));
            }
            Err(why) => failed.push((spec.clone(), Status::GenerationFailed(why))),
        }
    }
    timings.generation = generating.elapsed();

    let building = Instant::now();
    if !request.replay {
        build_runner(&layout, &mut members, &mut failed, progress)?;
    }
    timings.build = building.elapsed();

    let mut rows = Vec::new();
    for spec in &specs {
        for &mode in &request.modes {
            let status = if let Some((_, status)) = failed.iter().find(|(s, _)| s == spec) {
                status.clone()
            } else if let Some((_, member)) = members.iter().find(|(s, _)| s == spec) {
                let (status, timing) = run_spec(request, &layout, spec, member, mode, progress)?;
                timings.specs.push(timing);
                status
            } else {
                continue;
            };
            rows.push(Row {
                name: spec.name.clone(),
                spec: spec.path.clone(),
                mode,
                status,
            });
        }
    }
    timings.total = started.elapsed();
    Ok(Report { rows, timings })
}

/// Builds the runner for `members`, moving those that do not build to `failed`.
fn build_runner(
    layout: &Layout,
    members: &mut Vec<(Spec, Member)>,
    failed: &mut Vec<(Spec, Status)>,
    progress: &mut dyn FnMut(&str),
) -> io::Result<()> {
    loop {
        let list: Vec<Member> = members.iter().map(|(_, m)| m.clone()).collect();
        runner::write(layout, &list)?;
        if list.is_empty() {
            return Ok(());
        }
        progress(&format!("building the runner for {} crate(s)", list.len()));
        match runner::build(layout, &list)? {
            Build::Built => return Ok(()),
            Build::Failed(errors) => {
                for (name, error) in errors {
                    progress(&format!("{name} does not build: {}", first_line(&error)));
                    if let Some(at) = members.iter().position(|(_, m)| m.name == name) {
                        let (spec, _) = members.remove(at);
                        failed.push((spec, Status::BuildFailed(first_line(&error))));
                    }
                }
            }
        }
    }
}

/// Generates the crate of `spec` into `dir`; the inner error is the generator's first error.
fn generate(root: &Path, spec: &Spec, dir: &Path) -> io::Result<Result<(), String>> {
    let request = codegen::Request {
        spec: root.join(&spec.path),
        out: dir.to_path_buf(),
        options: ::codegen::Options::new(&spec.name, &spec.path),
        check: false,
        bump: false,
    };
    Ok(match codegen::run(&request)? {
        codegen::Outcome::Done { .. } | codegen::Outcome::Stale { .. } => Ok(()),
        codegen::Outcome::Failed { diagnostics } => {
            let first = diagnostics
                .iter()
                .find(|d| d.severity == ::codegen::Severity::Error)
                .or(diagnostics.first());
            Err(first.map_or_else(
                || "no diagnostic".to_owned(),
                |d| format!("{} at `{}`", d.message, d.pointer),
            ))
        }
    })
}

/// The variables that hold the credential of each security scheme of a spec with several
/// (a spec with one reads `<CRATE>_API_KEY` alone).
fn credential_envs(root: &Path, spec: &Spec) -> io::Result<Vec<String>> {
    let text = fs::read_to_string(root.join(&spec.path))?;
    let prefix = spec.name.to_uppercase().replace('-', "_");
    Ok(match ::codegen::lower(&text) {
        Ok(api) if api.schemes.len() > 1 => api
            .schemes
            .iter()
            .map(|scheme| format!("{prefix}_{}", scheme.env))
            .collect(),
        _ => Vec::new(),
    })
}

/// Serves `spec` with Prism in `mode` and calls every operation of `member`.
fn run_spec(
    request: &Request,
    layout: &Layout,
    spec: &Spec,
    member: &Member,
    mode: Mode,
    progress: &mut dyn FnMut(&str),
) -> io::Result<(Status, SpecTiming)> {
    let logs = request.workspace.join("logs");
    if own_mock(&spec.name, mode).is_some() {
        return run_on_own_mock(request, layout, spec, member, mode, progress);
    }
    let prism_log = logs.join(format!("{}.{mode}.prism.log", spec.name));
    if request.replay {
        let replayed = SpecTiming {
            spec: spec.path.clone(),
            bytes: 0,
            mode,
            load: None,
            calls: Duration::ZERO,
            restarts: 0,
        };
        if fs::read_to_string(&prism_log).is_ok_and(|log| log.contains("FATAL ERROR")) {
            return Ok((Status::MockFailed(died(&prism_log)), replayed));
        }
        let out = raw_output(&logs, &member.name, mode);
        // Prism exited before it listened: no calls, and its log says why.
        if let (false, Ok(log_tail)) = (out.exists(), fs::read_to_string(&prism_log)) {
            let status = std::process::ExitStatus::default();
            let failure = mock_failure(&prism::StartError::Exited { status, log_tail });
            return Ok((Status::MockFailed(failure), replayed));
        }
        let calls = replayed_calls(&out, member.operations.len())?;
        return Ok((Status::Ran(calls), replayed));
    }
    let mut timing = SpecTiming {
        spec: spec.path.clone(),
        bytes: fs::metadata(request.root.join(&spec.path)).map_or(0, |m| m.len()),
        mode,
        load: None,
        calls: Duration::ZERO,
        restarts: 0,
    };
    progress(&format!("{} ({mode}): starting Prism", spec.name));
    let options = prism::Options {
        root: request.root.clone(),
        spec: served_spec(
            &request.root.join(&spec.path),
            &request.workspace.join("specs"),
        )?,
        mode,
        log: prism_log,
        startup: PRISM_STARTUP,
    };
    let server = match Prism::start(&options) {
        Ok(server) => server,
        Err(prism::StartError::NotInstalled(path)) => {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                prism::StartError::NotInstalled(path).to_string(),
            ));
        }
        Err(error) => return Ok((Status::MockFailed(mock_failure(&error)), timing)),
    };
    timing.load = Some(server.load_time);
    progress(&format!(
        "{} ({mode}): Prism listened after {:.1} s; calling {} operation(s)",
        spec.name,
        server.load_time.as_secs_f64(),
        member.operations.len()
    ));
    let calling = Instant::now();
    let mut server = server;
    let mut calls = call_all(layout, member, &server.base_url, &logs, mode, Vec::new())?;
    // Prism's memory grows with the calls on a large spec in dynamic mode, and it may run out
    // (where depends on the machine's load): a new Prism takes the calls on from the first
    // that reached no server, and the log of the one that died is kept beside.
    for restart in 1..=MAX_PRISM_RESTARTS {
        if server.is_running() {
            break;
        }
        let Some(from) = calls
            .iter()
            .position(|call| call.detail.starts_with(outcome::CONNECTION))
        else {
            break;
        };
        drop(server);
        let dead_log = logs.join(format!("{}.{mode}.prism.died-{restart}.log", spec.name));
        fs::rename(&options.log, &dead_log)?;
        progress(&format!(
            "{} ({mode}): Prism died ({}); starting it again for the calls from {from} on",
            spec.name,
            died(&dead_log)
        ));
        server = match Prism::start(&options) {
            Ok(server) => server,
            Err(error) => return Ok((Status::MockFailed(mock_failure(&error)), timing)),
        };
        timing.restarts = restart;
        calls.truncate(from);
        calls = call_all(layout, member, &server.base_url, &logs, mode, calls)?;
    }
    timing.calls = calling.elapsed();
    if !server.is_running() {
        // The calls after its death all failed to connect, and where it died depends on the
        // machine's load: no row of them would be the same twice.
        return Ok((Status::MockFailed(died(&options.log)), timing));
    }
    server.stop();
    Ok((Status::Ran(calls), timing))
}

/// Serves `spec` with the project's mock in `mode` and calls every operation of `member`
/// (or, replaying, reads the calls of the last run again).
fn run_on_own_mock(
    request: &Request,
    layout: &Layout,
    spec: &Spec,
    member: &Member,
    mode: Mode,
    progress: &mut dyn FnMut(&str),
) -> io::Result<(Status, SpecTiming)> {
    let logs = request.workspace.join("logs");
    let mut timing = SpecTiming {
        spec: spec.path.clone(),
        bytes: fs::metadata(request.root.join(&spec.path)).map_or(0, |m| m.len()),
        mode,
        load: None,
        calls: Duration::ZERO,
        restarts: 0,
    };
    if request.replay {
        let out = raw_output(&logs, &member.name, mode);
        let calls = replayed_calls(&out, member.operations.len())?;
        return Ok((Status::Ran(calls), timing));
    }
    progress(&format!(
        "{} ({mode}): starting the project's mock",
        spec.name
    ));
    let server = match Mock::start(&request.root.join(&spec.path), mode) {
        Ok(server) => server,
        Err(e) => {
            return Ok((
                Status::MockFailed(format!("the project's mock cannot serve the spec: {e}")),
                timing,
            ));
        }
    };
    timing.load = Some(server.load_time);
    progress(&format!(
        "{} ({mode}): the mock listened after {:.1} s; calling {} operation(s)",
        spec.name,
        server.load_time.as_secs_f64(),
        member.operations.len()
    ));
    let calling = Instant::now();
    let calls = call_all(layout, member, &server.base_url, &logs, mode, Vec::new())?;
    timing.calls = calling.elapsed();
    server.stop();
    Ok((Status::Ran(calls), timing))
}

/// Why Prism died while serving, from its log.
fn died(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let why = text
        .lines()
        .find(|line| line.contains("FATAL ERROR"))
        .map_or("see its log", |line| line.trim());
    format!("Prism died during the calls: {}", first_line(why))
}

/// The spec Prism serves: `spec` itself, or, when it has schemas Prism cannot read, a copy in
/// `dir` where each of them says what the generator takes it as (with a warning): a local
/// `$ref` to nothing (which Prism refuses to load) is an untyped schema, and an array without
/// `items` (which OpenAPI 3.0 requires, and Prism's random bodies fail on) has untyped items.
/// Nothing else changes.
pub fn served_spec(spec: &Path, dir: &Path) -> io::Result<PathBuf> {
    let text = fs::read_to_string(spec)?;
    let Ok(mut document) = serde_yaml::from_str::<serde_json::Value>(&text) else {
        return Ok(spec.to_path_buf());
    };
    let whole = document.clone();
    let mut changed = 0;
    serve_as_read(&whole, &mut document, &mut changed);
    if changed == 0 {
        return Ok(spec.to_path_buf());
    }
    fs::create_dir_all(dir)?;
    let name = spec
        .file_stem()
        .map_or("spec".into(), |s| s.to_string_lossy());
    let copy = dir.join(format!("{name}.json"));
    let json = serde_json::to_string(&document).map_err(io::Error::other)?;
    fs::write(&copy, json)?;
    Ok(copy)
}

/// Replaces each `{$ref: "#/..."}` in `value` that names nothing in `whole` by `{}`, and gives
/// each `{type: array}` without `items` the items `{}`; counts the changes.
fn serve_as_read(whole: &serde_json::Value, value: &mut serde_json::Value, count: &mut usize) {
    match value {
        serde_json::Value::Object(object) => {
            let dangling = object
                .get("$ref")
                .and_then(serde_json::Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .is_some_and(|pointer| whole.pointer(pointer).is_none());
            if dangling {
                object.clear();
                *count += 1;
                return;
            }
            if object.get("type").and_then(serde_json::Value::as_str) == Some("array")
                && !object.contains_key("items")
            {
                object.insert("items".to_owned(), serde_json::json!({}));
                *count += 1;
            }
            for item in object.values_mut() {
                serve_as_read(whole, item, count);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                serve_as_read(whole, item, count);
            }
        }
        _ => {}
    }
}

/// Why Prism did not serve a spec, without what changes between runs.
fn mock_failure(error: &prism::StartError) -> String {
    match error {
        prism::StartError::Exited { log_tail, .. } => {
            // Prism prints the error object, one property a line.
            let property = |key: &str| {
                log_tail.lines().find_map(|line| {
                    let value = line.trim().strip_prefix(key)?.trim_end_matches(',');
                    Some(value.trim_matches('\'').to_owned())
                })
            };
            match (property("name: "), property("message: ")) {
                (Some(name), Some(message)) => {
                    format!("Prism cannot load the spec: {name}: {message}")
                }
                (Some(name), None) => format!("Prism cannot load the spec: {name}"),
                _ => format!(
                    "Prism cannot load the spec: {}",
                    first_line(log_tail.lines().last().unwrap_or(""))
                ),
            }
        }
        other => other.to_string(),
    }
}

/// Runs the runner on `member`'s operations after those already `done`, starting it again
/// after the operation it died in when it dies (a stack overflow aborts the whole process).
fn call_all(
    layout: &Layout,
    member: &Member,
    base_url: &str,
    logs: &Path,
    mode: Mode,
    done: Vec<Call>,
) -> io::Result<Vec<Call>> {
    fs::create_dir_all(logs)?;
    let out = raw_output(logs, &member.name, mode);
    // The raw output of the calls done is kept, in order, and only theirs: a replay reads it.
    if done.is_empty() {
        let _ = fs::remove_file(&out);
    } else {
        let text = fs::read_to_string(&out).unwrap_or_default();
        let kept: String = text
            .lines()
            .filter(|line| outcome::parse_line(line).is_some_and(|(index, _)| index < done.len()))
            .map(|line| format!("{line}\n"))
            .collect();
        fs::write(&out, kept)?;
    }
    let stderr_path = logs.join(format!("{}.{mode}.runner.log", member.name));
    let env_prefix = member.name.to_uppercase().replace('-', "_");
    let total = member.operations.len();
    let mut first = done.len();
    let mut calls: Vec<Option<Call>> = done.into_iter().map(Some).collect();
    calls.resize(total, None);
    for _ in 0..=MAX_RESTARTS {
        let stderr = fs::File::create(&stderr_path)?;
        let mut runner = Command::new(layout.binary());
        for env in &member.credential_envs {
            runner.env(env, API_KEY);
        }
        let status = runner
            .arg(&member.name)
            .arg(&out)
            .arg(first.to_string())
            .env(format!("{env_prefix}_API_KEY"), API_KEY)
            .env(format!("{env_prefix}_BASE_URL"), base_url)
            .stdin(Stdio::null())
            // The examples print their responses.
            .stdout(Stdio::null())
            .stderr(Stdio::from(stderr))
            .status()?;
        let text = fs::read_to_string(&out).unwrap_or_default();
        for line in text.lines() {
            if let Some((index, call)) = outcome::parse_line(line) {
                if (first..total).contains(&index) {
                    calls[index] = Some(call);
                }
            }
        }
        let Some(missing) = calls.iter().position(Option::is_none) else {
            break;
        };
        if missing < first {
            break;
        }
        // The runner died in the call after the last one it wrote.
        let stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
        let why = crash_reason(&stderr, &status.to_string());
        calls[missing] = Some(Call {
            operation: member.operations[missing].name.clone(),
            class: Class::Other,
            detail: format!("crash: {why}"),
        });
        first = missing + 1;
        if first >= total {
            break;
        }
    }
    Ok(calls
        .into_iter()
        .enumerate()
        .map(|(index, call)| {
            call.unwrap_or_else(|| Call {
                operation: member.operations[index].name.clone(),
                class: Class::Other,
                detail: "not run: the runner kept dying".to_owned(),
            })
        })
        .collect())
}

/// The calls a last run recorded in its raw output `out`, at most `operations` of them.
fn replayed_calls(out: &Path, operations: usize) -> io::Result<Vec<Call>> {
    let text = fs::read_to_string(out).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("nothing to replay in {}: {e}", out.display()),
        )
    })?;
    let mut calls: Vec<Call> = text
        .lines()
        .filter_map(outcome::parse_line)
        .map(|(_, c)| c)
        .collect();
    calls.truncate(operations);
    Ok(calls)
}

/// Where the runner writes the outcomes of crate `name` in `mode`.
fn raw_output(logs: &Path, name: &str, mode: Mode) -> PathBuf {
    logs.join(format!("{name}.{mode}.out"))
}

/// Why the runner died, from its standard error, without what changes between runs (thread
/// ids).
fn crash_reason(stderr: &str, status: &str) -> String {
    if stderr.contains("has overflowed its stack") {
        return "stack overflow (the call needs more than a worker thread's 2 MiB stack)"
            .to_owned();
    }
    let mut lines = stderr.lines();
    if lines.by_ref().any(|line| line.contains("panicked at")) {
        if let Some(message) = lines.next() {
            return format!("panic outside the call's task: {}", first_line(message));
        }
    }
    format!("the runner died ({status})")
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let mut chars = line.chars();
    let mut short: String = chars.by_ref().take(outcome::DETAIL_CHARS).collect();
    if chars.next().is_some() {
        short.push_str("...");
    }
    short
}

/// The exclusions of the project.
pub fn exclusions(root: &Path) -> io::Result<Vec<Exclusion>> {
    let path = root.join(RESULTS_DIR).join(EXCLUSIONS_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    report::parse_exclusions(&text).map_err(|why| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: {why}", path.display()),
        )
    })
}

/// The test that shows [`example_exclusions`] finds what Prism finds.
pub const EXAMPLE_TEST: &str = "prism_and_the_generator_agree_on_examples_that_break_their_schema";

/// The static calls of `spec` that failed because Prism's answer, the spec's own example,
/// breaks the response's schema (Prism's `VIOLATIONS` on the response body), when the
/// generator's check of that example says the same: the spec contradicts itself, which no SDK
/// can fix. Both must agree, so neither a Prism fault nor a check's mistake alone excludes a
/// call.
fn example_exclusions(root: &Path, spec: &Spec, rows: &[Row]) -> io::Result<Vec<Exclusion>> {
    let failed: Vec<&Call> = rows
        .iter()
        .filter(|row| row.name == spec.name && row.mode == Mode::Static)
        .filter_map(|row| match &row.status {
            Status::Ran(calls) => Some(calls),
            _ => None,
        })
        .flatten()
        .filter(|call| {
            (call.class == Class::Other && call.detail.starts_with("500 VIOLATIONS: Response body"))
                || call.class == Class::Decode
        })
        .collect();
    if failed.is_empty() {
        return Ok(Vec::new());
    }
    let text = fs::read_to_string(root.join(&spec.path))?;
    let conflicts = ::codegen::example_conflicts(&text).unwrap_or_default();
    let exclusion = |call: &Call, example: &str, served: &str| Exclusion {
        name: spec.name.clone(),
        modes: vec![Mode::Static],
        operation: call.operation.clone(),
        reason: format!("the spec's example `{example}` breaks its own schema{served}"),
        test: EXAMPLE_TEST.to_owned(),
    };
    Ok(failed
        .into_iter()
        .filter_map(|call| {
            if call.class == Class::Decode {
                let example = met_example(&text, call)?;
                return Some(exclusion(
                    call,
                    &example,
                    "; Prism served it, and it does not decode",
                ));
            }
            if let Some(conflict) = conflicts.iter().find(|c| c.operation == call.operation) {
                return Some(exclusion(call, &conflict.example, ""));
            }
            let reasons = violated_examples(&text, call)?;
            Some(Exclusion {
                reason: reasons.join("; "),
                ..exclusion(call, "", "")
            })
        })
        .collect())
}

/// For Prism's `VIOLATIONS` of a response it built from the examples of the schemas inside
/// it, the examples at the places it names (`Response body property items.0.name must ...`),
/// when each place's schema rejects its own example. Every violation shown in full must be
/// explained so; `None` otherwise.
fn violated_examples(spec: &str, call: &Call) -> Option<Vec<String>> {
    let messages = call.detail.strip_prefix("500 VIOLATIONS: ")?;
    let mut found = Vec::new();
    for message in messages.split("; ") {
        // The detail is cut short: a message cut off before it says what is wrong is not
        // read.
        if message.ends_with("...") && !message.contains(" must ") {
            continue;
        }
        let path = match message.strip_prefix("Response body property ") {
            Some(rest) => rest.split_once(' ')?.0,
            None if message.starts_with("Response body ") => "",
            None => return None,
        };
        let reason = match ::codegen::rejected_example_at(spec, &call.operation, None, path) {
            Some(example) => format!(
                "the spec's example `{}` breaks its own schema",
                example.example
            ),
            // Prism makes up a value where the spec gives none, and not one that matches.
            None if says_pattern(message)
                && ::codegen::made_up_at(spec, &call.operation, None, path) =>
            {
                format!("Prism made up `{path}` without matching its pattern (no example given)")
            }
            None => return None,
        };
        if !found.contains(&reason) {
            found.push(reason);
        }
    }
    (!found.is_empty()).then_some(found)
}

/// Whether a message of Prism's says a string does not match its pattern, also when the
/// detail is cut short after `must match p`.
fn says_pattern(message: &str) -> bool {
    let Some((_, verdict)) = message.split_once(" must ") else {
        return false;
    };
    if verdict.starts_with("match pattern ") {
        return true;
    }
    let cut = verdict.strip_suffix("...").map(str::trim_end);
    cut.is_some_and(|cut| cut.len() >= "match p".len() && "match pattern".starts_with(cut))
}

/// For a decode failure, the example of the spec the decoder met: the schema where decoding
/// failed rejects its own example, and the value the decoder names is that example.
fn met_example(spec: &str, call: &Call) -> Option<String> {
    let rest = call.detail.strip_prefix("could not decode the ")?;
    let (status, rest) = rest.split_once(" response at `")?;
    let (path, rest) = rest.split_once("`: ")?;
    let status = Some(status.parse().ok()?);
    let found = ::codegen::rejected_example_at(spec, &call.operation, status, path)?;
    // The decoder's words for the value it met (serde's `Unexpected`).
    let unexpected = match &found.value {
        serde_json::Value::Null => "null".to_owned(),
        serde_json::Value::Bool(b) => format!("boolean `{b}`"),
        serde_json::Value::Number(n) if n.is_f64() => format!("floating point `{n}"),
        serde_json::Value::Number(n) => format!("integer `{n}`"),
        serde_json::Value::String(s) => format!("string {s:?}"),
        serde_json::Value::Array(_) => "sequence".to_owned(),
        serde_json::Value::Object(_) => "map".to_owned(),
    };
    let said: String = format!("invalid type: {unexpected}")
        .chars()
        .take(60)
        .collect();
    rest.starts_with(&said).then_some(found.example)
}

/// A file of the results folder that differs from what the run gives.
#[derive(Debug, Clone)]
pub struct Difference {
    /// Its path from the workspace root.
    pub path: String,
    /// A short diff, committed against new.
    pub diff: String,
}

/// Compares the run with the committed results (`check`) or writes them. The rows of specs
/// that did not run are read from their committed files, so that `results.md` always shows
/// the whole corpus. Returns the differences found (none when writing).
pub fn record(root: &Path, report: &Report, check: bool) -> io::Result<Vec<Difference>> {
    let dir = root.join(RESULTS_DIR);
    let results = dir.join("results");
    let exclusions = exclusions(root)?;
    let mut expected: Vec<(PathBuf, String)> = Vec::new();
    let mut rows = Vec::new();
    for spec in corpus(root)? {
        for mode in Mode::ALL {
            let file = results.join(report::file_name(&spec.name, mode));
            let fresh = report
                .rows
                .iter()
                .find(|row| row.name == spec.name && row.mode == mode);
            if let Some(row) = fresh {
                expected.push((file, report::to_tsv(row)));
                rows.push(row.clone());
            } else if let Ok(text) = fs::read_to_string(&file) {
                rows.extend(report::from_tsv(&spec.name, &text));
            }
        }
    }
    let mut exclusions = exclusions;
    for spec in corpus(root)? {
        exclusions.extend(example_exclusions(root, &spec, &rows)?);
    }
    expected.push((dir.join("results.md"), report::markdown(&rows, &exclusions)));
    let mut differences = Vec::new();
    for (path, contents) in &expected {
        let old = fs::read_to_string(path).unwrap_or_default();
        if &old == contents {
            continue;
        }
        if check {
            let diff = similar::TextDiff::from_lines(old.as_str(), contents.as_str())
                .unified_diff()
                .context_radius(1)
                .header("committed", "this run")
                .to_string();
            let shown: Vec<&str> = diff.lines().take(80).collect();
            differences.push(Difference {
                path: path
                    .strip_prefix(root)
                    .unwrap_or(path)
                    .display()
                    .to_string(),
                diff: shown.join("\n"),
            });
        } else {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, contents)?;
        }
    }
    Ok(differences)
}

/// The timings as Markdown, for `timings.md` and the console.
pub fn timings_markdown(timings: &Timings) -> String {
    let mut text = format!(
        "# Timings of the last full conformance run\n\n\
         Written by `cargo xtask conformance` (not checked: times vary). The machine: {} core(s).\n\n\
         - generating every crate: {:.1} s\n\
         - building the runner (`cargo build --offline`, one run for every crate): {:.1} s\n\
         - the whole run: {:.1} s\n\n\
         | spec | bytes | mode | mock listening after (s) | calls (s) | Prism restarts |\n\
         |---|---:|---|---:|---:|---:|\n",
        std::thread::available_parallelism().map_or(1, usize::from),
        timings.generation.as_secs_f64(),
        timings.build.as_secs_f64(),
        timings.total.as_secs_f64(),
    );
    for spec in &timings.specs {
        let load = spec.load.map_or_else(
            || "did not listen".to_owned(),
            |d| format!("{:.1}", d.as_secs_f64()),
        );
        let _ = writeln!(
            text,
            "| `{}` | {} | {} | {load} | {:.1} | {} |",
            spec.spec,
            spec.bytes,
            spec.mode,
            spec.calls.as_secs_f64(),
            spec.restarts
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_messages_are_told_apart_when_cut_short() {
        let says = |m: &str| says_pattern(m);
        assert!(says(
            "Response body property a.b must match pattern \"^x$\""
        ));
        assert!(says("Response body property a.b must match pattern ..."));
        assert!(says("Response body property a.b must match patter..."));
        assert!(!says("Response body property a.b must match..."));
        assert!(!says(
            "Response body property a.b must match a schema in anyOf"
        ));
        assert!(!says("Response body property a.b must be array"));
    }

    #[test]
    fn prism_is_served_schemas_as_the_generator_reads_them() {
        let whole = serde_json::json!({
            "components": {"schemas": {
                "Pet": {"type": "object", "properties": {
                    "owner": {"$ref": "#/components/schemas/Owner"},
                    "tag": {"$ref": "#/components/schemas/Tag"},
                    "toys": {"type": "array", "items": {"$ref": "#/components/schemas/Toy"}},
                    "names": {"type": "array", "uniqueItems": true},
                    "ids": {"type": "array", "items": {"type": "string"}}
                }},
                "Tag": {"type": "string"}
            }}
        });
        let mut served = whole.clone();
        let mut count = 0;
        serve_as_read(&whole, &mut served, &mut count);
        assert_eq!(count, 3);
        let pet = &served["components"]["schemas"]["Pet"]["properties"];
        assert_eq!(pet["owner"], serde_json::json!({}));
        assert_eq!(
            pet["tag"],
            serde_json::json!({"$ref": "#/components/schemas/Tag"})
        );
        assert_eq!(pet["toys"]["items"], serde_json::json!({}));
        assert_eq!(
            pet["names"],
            serde_json::json!({"type": "array", "uniqueItems": true, "items": {}})
        );
        assert_eq!(pet["ids"]["items"], serde_json::json!({"type": "string"}));
    }

    #[test]
    fn the_corpus_names_every_spec_once() -> io::Result<()> {
        let specs = corpus(&codegen::workspace_root())?;
        assert_eq!(specs[0].name, "revox");
        let mut names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"param_overrides") && names.contains(&"param_overrides_yaml"));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
        Ok(())
    }
}
