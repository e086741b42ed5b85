//! The change report: what a regeneration changes in the public API of the crate, each change
//! marked breaking or additive for the crate's users, with the verdict under Cargo's SemVer
//! rules and the version the crate should get. Pure: the caller loads the old
//! [`PublicApi`] (the committed `api.json`) and prints or writes the report.
//!
//! ```
//! use codegen::report::{PublicApi, Verdict, compare};
//! let spec = |extra: &str| format!(
//!     "openapi: 3.0.3\ninfo: {{title: Pets, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: {{type: string}}\n{extra}"
//! );
//! let options = codegen::Options::new("pets", "pets.yaml");
//! let old = codegen::generate(&spec(""), &options).unwrap().api;
//! let new = codegen::generate(&spec("    Owner: {type: object}\n"), &options).unwrap().api;
//! let report = compare(&old, &new);
//! assert_eq!(report.verdict, Verdict::Minor);
//! assert_eq!(report.next_version.as_deref(), Some("0.1.1"));
//! ```

mod aliases;
mod diff;
mod model;
mod render;

pub use model::{
    AuthScheme, EnumApi, FieldApi, OperationApi, PaginatedApi, ParamApi, PublicApi, ResourceApi,
    Shape, StructApi, TupleApi, TypeApi, VariantApi,
};

pub(crate) use diff::API_KEY_METHOD;

use serde::Serialize;

/// What a change means for programs that use the crate, from worst to mildest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Some program that compiled before no longer does, or reads its configuration from
    /// somewhere else: a major change.
    Breaking,
    /// New API; every program that compiled before still does: a minor change.
    Additive,
    /// The Rust API is the same; only what goes over the wire changes: a patch.
    Compatible,
}

impl Impact {
    /// The word the report marks a change with.
    pub fn label(self) -> &'static str {
        match self {
            Self::Breaking => "breaking",
            Self::Additive => "additive",
            Self::Compatible => "compatible",
        }
    }
}

/// What part of the API a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// A `client.<resource>()` handle.
    Resource,
    /// An endpoint method.
    Operation,
    /// A type of `models`, as a whole.
    Type,
    /// A field of a struct.
    Field,
    /// A struct's `new` constructor.
    Constructor,
    /// A variant of an enum of values.
    EnumVariant,
    /// A variant of a union or of a response enum.
    UnionVariant,
    /// A security scheme.
    Auth,
    /// The default base URL.
    BaseUrl,
}

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it means for programs using the crate.
    pub impact: Impact,
    /// Where it is.
    pub area: Area,
    /// The item, as a program names it (`models::Assistant::webhook_url`,
    /// `client.call().list()`).
    pub item: String,
    /// What changed.
    pub change: String,
    /// Why it has its impact.
    pub reason: String,
}

impl Change {
    fn new(
        area: Area,
        item: impl Into<String>,
        change: String,
        impact: Impact,
        reason: &str,
    ) -> Self {
        Self {
            impact,
            area,
            item: item.into(),
            change,
            reason: reason.to_owned(),
        }
    }
}

/// The SemVer level of a release: the level of its worst change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A breaking change.
    Major,
    /// Additions only.
    Minor,
    /// No change to the Rust API.
    Patch,
}

impl Verdict {
    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Major => "major",
            Self::Minor => "minor",
            Self::Patch => "patch",
        }
    }
}

/// The comparison of the committed crate's public API with the one about to be written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The crate's name.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// The version of the committed crate.
    pub version: String,
    /// The level of the worst change.
    pub verdict: Verdict,
    /// The version the crate should get under Cargo's rules; `None` when `version` is not
    /// `MAJOR.MINOR.PATCH`.
    pub next_version: Option<String>,
    /// Every change, breaking ones first, then in the order of the crate.
    pub changes: Vec<Change>,
}

/// Compares the public API `old` (the committed crate) with `new` (the crate about to be
/// written).
pub fn compare(old: &PublicApi, new: &PublicApi) -> Report {
    let (old_seen, new_seen, mut changes) = aliases::seen_through(old, new);
    changes.extend(diff::changes(&old_seen, &new_seen));
    // Stable: within an impact, the order of the crate.
    changes.sort_by_key(|c| c.impact);
    let verdict = match changes.first().map(|c| c.impact) {
        Some(Impact::Breaking) => Verdict::Major,
        Some(Impact::Additive) => Verdict::Minor,
        Some(Impact::Compatible) | None => Verdict::Patch,
    };
    Report {
        crate_name: old.crate_name.clone(),
        version: old.version.clone(),
        verdict,
        next_version: next_version(&old.version, verdict),
        changes,
    }
}

/// The version after `version` for a release of level `verdict`, under Cargo's rules: a
/// version is compatible with another of the same left-most non-zero component, so before
/// 1.0 a breaking change bumps the minor version (`0.3.1` -> `0.4.0`) and an addition only the
/// patch (`0.3.1` -> `0.3.2`), and in `0.0.x` every release is breaking (`0.0.4` ->
/// `0.0.5`). `None` for a version that is not `MAJOR.MINOR.PATCH` (pre-releases included:
/// their next version is a human's choice).
pub fn next_version(version: &str, verdict: Verdict) -> Option<String> {
    let mut parts = version.split('.').map(|p| {
        (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    });
    let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    let (major, minor, patch) = match (major, minor, verdict) {
        (0, 0, _) => (0, 0, patch + 1),
        (0, _, Verdict::Major) => (0, minor + 1, 0),
        (0, _, Verdict::Minor | Verdict::Patch) => (0, minor, patch + 1),
        (_, _, Verdict::Major) => (major + 1, 0, 0),
        (_, _, Verdict::Minor) => (major, minor + 1, 0),
        (_, _, Verdict::Patch) => (major, minor, patch + 1),
    };
    Some(format!("{major}.{minor}.{patch}"))
}

impl Report {
    /// The report as Markdown, for a file or a pull-request comment.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// The report as plain text, for a terminal.
    pub fn to_text(&self) -> String {
        render::text(self)
    }

    /// The report as pretty JSON, for tools.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }
}

#[cfg(test)]
mod tests;
