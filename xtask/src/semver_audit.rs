//! `cargo xtask semver-audit`: checks the change report's verdicts against cargo-semver-checks
//! and against each edit's witness program. Each edit of [`edits::EDITS`] is applied to the
//! base spec ([`BASE_SPEC`]); the crates generated from the base and from the edited spec are
//! written under [`SCRATCH_DIR`], the change report compares their manifests, `cargo
//! semver-checks check-release` their rustdoc, and `cargo check` builds the edit's witness
//! against each: it must compile against the base, and against the edited crate exactly when
//! the report calls the edit non-breaking. Both crates are version 1.0.0, so that major, minor and patch mean what they say
//! (before 1.0 Cargo shifts them one place). Run by hand: it needs cargo-semver-checks and
//! documents every crate twice, a few minutes in all.

pub mod checker;
pub mod edits;
pub mod witness;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::report::{Impact, Report, Verdict, compare};
use serde_yaml::Value;

use checker::{Finding, Required};
use edits::Edit;
use witness::Witnessed;

/// The base spec, from the workspace root.
pub const BASE_SPEC: &str = "tests/fixtures/semver_audit/base.yaml";

/// Where the crates are written and built, from the workspace root.
pub const SCRATCH_DIR: &str = "target/semver-audit";

/// The generated crates' name.
const CRATE_NAME: &str = "shelter";

/// The generated crates' version: 1.0.0, so that the levels compare directly.
const CRATE_VERSION: &str = "1.0.0";

/// How the report's verdict on one edit compares with cargo-semver-checks' and the witness's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The same level. cargo-semver-checks lints what needs a bump and has no lint for an
    /// addition (a new item needs a minor release but breaks nothing), so its `none` agrees
    /// with the report's `minor` as well as with `patch`.
    Agree,
    /// The difference the edit's `known_gap` explains: the report says breaking,
    /// cargo-semver-checks does not see it.
    Documented,
    /// They differ, and nothing explains it.
    Disagree,
    /// They agree on an edit with a `known_gap`: the entry is stale.
    StaleGap,
    /// The witness does not compile against the base crate, so it shows nothing.
    WitnessBroken,
    /// The witness still compiles after an edit the report calls breaking: it shows no break.
    WitnessCompiles,
    /// The witness stops compiling after an edit the report calls additive or compatible: the
    /// report is wrong, or the witness relies on more than the API promises.
    WitnessBreaks,
}

impl Outcome {
    /// Whether the audit passes with this outcome.
    pub fn passes(self) -> bool {
        matches!(self, Self::Agree | Self::Documented)
    }

    /// Its text in the table.
    pub fn label(self) -> &'static str {
        match self {
            Self::Agree => "yes",
            Self::Documented => "by the witness (documented difference)",
            Self::Disagree => "**no**",
            Self::StaleGap => "**yes, but a gap is documented**",
            Self::WitnessBroken => "**no: the witness fails against the base**",
            Self::WitnessCompiles => "**no: the witness still compiles**",
            Self::WitnessBreaks => "**no: the witness breaks**",
        }
    }
}

/// Compares the report's verdict `ours` with how the edit's witness built (`witnessed`), then
/// with what cargo-semver-checks requires (`theirs`) on an edit that has (`gap`) or has not a
/// documented difference. The witness must compile against the base, and against the edited
/// crate exactly when the report calls the edit non-breaking.
pub fn judge(ours: Verdict, theirs: Required, gap: bool, witnessed: &Witnessed) -> Outcome {
    if !witnessed.base.compiles() {
        return Outcome::WitnessBroken;
    }
    match (ours == Verdict::Major, witnessed.edited.compiles()) {
        (true, true) => return Outcome::WitnessCompiles,
        (false, false) => return Outcome::WitnessBreaks,
        _ => {}
    }
    let agree = matches!(
        (ours, theirs),
        (Verdict::Major, Required::Major)
            | (Verdict::Minor, Required::Minor | Required::Nothing)
            | (Verdict::Patch, Required::Nothing)
    );
    match (agree, gap) {
        (true, false) => Outcome::Agree,
        (true, true) => Outcome::StaleGap,
        (false, true) if ours == Verdict::Major && theirs != Required::Major => Outcome::Documented,
        (false, _) => Outcome::Disagree,
    }
}

/// One edit's line of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The edit.
    pub edit: Edit,
    /// The change report on the base and edited crates.
    pub report: Report,
    /// What cargo-semver-checks said about them.
    pub finding: Finding,
    /// How the edit's witness built against them.
    pub witnessed: Witnessed,
    /// How the two compare.
    pub outcome: Outcome,
}

/// A run's results.
#[derive(Debug, Clone)]
pub struct Audit {
    /// `cargo-semver-checks X.Y.Z`.
    pub checker: String,
    /// One row per edit run, in the order of [`edits::EDITS`].
    pub rows: Vec<Row>,
}

impl Audit {
    /// Whether every row agrees or differs as documented.
    pub fn passes(&self) -> bool {
        self.rows.iter().all(|r| r.outcome.passes())
    }
}

/// The generation options of both crates.
fn options() -> codegen::Options {
    let mut options = codegen::Options::new(CRATE_NAME, BASE_SPEC);
    options.crate_version = CRATE_VERSION.to_owned();
    options
}

/// Generates the crate of `spec`, failing with the spec's errors.
pub fn generate(spec: &str) -> Result<codegen::Output, String> {
    codegen::generate(spec, &options()).map_err(|diagnostics| {
        let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        lines.join("\n")
    })
}

/// The base spec with `edit` applied, as YAML text.
pub fn edited(base: &Value, edit: &Edit) -> Result<String, String> {
    let mut spec = base.clone();
    edit.apply(&mut spec)?;
    serde_yaml::to_string(&spec).map_err(|e| format!("edit `{}`: {e}", edit.name))
}

/// Reads the base spec from the workspace at `root`.
pub fn base_spec(root: &Path) -> Result<Value, String> {
    let path = root.join(BASE_SPEC);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes the crate `output` into `dir` (emptied first) as a workspace of its own, with the
/// workspace's lock file so that it builds with the dependencies the project tests.
fn write_crate(dir: &Path, output: &codegen::Output, lock: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", dir.display());
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(fail)?;
    }
    for file in &output.files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(fail)?;
        }
        let mut contents = file.contents.clone();
        if file.path == "Cargo.toml" {
            // Not a member of the project's workspace, which it is inside.
            contents.push_str("\n[workspace]\n");
        }
        fs::write(&path, contents).map_err(fail)?;
    }
    fs::copy(lock, dir.join("Cargo.lock")).map_err(fail)?;
    Ok(())
}

/// Runs the audit in the workspace at `root` on the edits named in `only` (every edit when
/// empty), telling `progress` what it does.
pub fn run(root: &Path, only: &[String], progress: &mut dyn FnMut(&str)) -> Result<Audit, String> {
    let checker = checker::version()?;
    let chosen: Vec<Edit> = edits::EDITS
        .iter()
        .filter(|e| only.is_empty() || only.iter().any(|name| name == e.name))
        .copied()
        .collect();
    if let Some(unknown) = only
        .iter()
        .find(|name| !edits::EDITS.iter().any(|e| e.name == name.as_str()))
    {
        return Err(format!("no edit is called `{unknown}`"));
    }
    let base = base_spec(root)?;
    let base_text = serde_yaml::to_string(&base).map_err(|e| e.to_string())?;
    let base_output = generate(&base_text).map_err(|e| format!("the base spec: {e}"))?;
    let scratch: PathBuf = root.join(SCRATCH_DIR);
    let lock = root.join("Cargo.lock");
    let base_dir = scratch.join("base");
    write_crate(&base_dir, &base_output, &lock)?;
    let target_dir = scratch.join("target");
    let witness_dir = scratch.join("witness");
    let mut rows = Vec::new();
    for edit in chosen {
        progress(&format!("{}: {}", edit.name, edit.description));
        let output =
            generate(&edited(&base, &edit)?).map_err(|e| format!("edit `{}`: {e}", edit.name))?;
        let report = compare(&base_output.api, &output.api);
        let dir = scratch.join(edit.name);
        write_crate(&dir, &output, &lock)?;
        let finding = checker::check(&dir, &base_dir, &target_dir)?;
        let build = |krate: &Path| {
            witness::check(
                &witness_dir,
                krate,
                edit.name,
                edit.witness,
                &lock,
                &target_dir,
            )
        };
        let witnessed = Witnessed {
            base: build(&base_dir)?,
            edited: build(&dir)?,
        };
        let outcome = judge(
            report.verdict,
            finding.required,
            edit.known_gap.is_some(),
            &witnessed,
        );
        rows.push(Row {
            edit,
            report,
            finding,
            witnessed,
            outcome,
        });
    }
    Ok(Audit { checker, rows })
}

/// The text of a table cell: `|` escaped, one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The results as a Markdown table, then the reason of each documented difference.
pub fn table(audit: &Audit) -> String {
    let mut out = format!(
        "{}\n\n| edit | report | breaking changes (report) | cargo-semver-checks | lints | witness | agree |\n|---|---|---|---|---|---|---|\n",
        audit.checker
    );
    for row in &audit.rows {
        let breaking: Vec<String> = row
            .report
            .changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
            .map(|c| format!("`{}`: {}", c.item, c.change))
            .collect();
        let lints: Vec<String> = row.finding.lints.iter().map(|l| format!("`{l}`")).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            row.edit.name,
            row.report.verdict.label(),
            cell(&breaking.join("<br>")),
            row.finding.required.label(),
            lints.join(", "),
            cell(&row.witnessed.label()),
            row.outcome.label()
        );
    }
    for row in &audit.rows {
        if let Some(gap) = row.edit.known_gap.filter(|_| row.outcome != Outcome::Agree) {
            let _ = write!(out, "\n`{}`: {gap}\n", row.edit.name);
        }
    }
    out
}

#[cfg(test)]
mod tests;
