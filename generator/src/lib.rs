//! Turns an OpenAPI 3.0 or 3.1 document into the source of a standalone Rust SDK crate.
//!
//! One pipeline, one direction: [`generate`] parses the text, checks the parsed document,
//! lowers it into an IR while checking it further, emits token streams from the IR only, and
//! prints them with `prettyplease`.
//! It returns the files in memory; writing them is the caller's business.
//!
//! ```
//! let spec = r#"
//! openapi: 3.0.3
//! info: {title: Pets, version: "1"}
//! paths: {}
//! components:
//!   schemas:
//!     Pet:
//!       type: object
//!       required: [name]
//!       properties:
//!         name: {type: string}
//! "#;
//! let output = codegen::generate(spec, &codegen::Options::new("pets", "pets.yaml")).unwrap();
//! let models = output.files.iter().find(|f| f.path == "src/models.rs").unwrap();
//! assert!(models.contents.contains("pub struct Pet"));
//! ```

mod check;
pub mod diagnostics;
mod emit;
pub mod ir;
mod load;
mod locate;
mod lower;
pub mod naming;
pub mod report;

pub use diagnostics::{Diagnostic, Severity};

/// What to generate, besides the spec itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Name of the generated crate (`[package] name`).
    pub crate_name: String,
    /// Version of the generated crate.
    pub crate_version: String,
    /// How the spec is named in each file's header, e.g. `spec/openapi.yaml`.
    pub source_name: String,
    /// Whether every warning is an error, so that generation fails on anything that needed a
    /// fallback: for the authors of a spec, who want it to say exactly what it means.
    pub strict: bool,
}

impl Options {
    /// Options for a crate called `crate_name`, version 0.1.0, made from `source_name`.
    pub fn new(crate_name: impl Into<String>, source_name: impl Into<String>) -> Self {
        Self {
            crate_name: crate_name.into(),
            crate_version: "0.1.0".to_owned(),
            source_name: source_name.into(),
            strict: false,
        }
    }
}

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Full text.
    pub contents: String,
}

/// A successful generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Every file of the crate, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Warnings: constructs that were replaced by a fallback.
    pub warnings: Vec<Diagnostic>,
    /// The crate's public API, also among the files as `api.json`, for the change report.
    pub api: report::PublicApi,
}

/// The first phase alone: reads `spec` (JSON or YAML) into an `openapiv3` document (a 3.1
/// document rewritten into the 3.0 model), refusing documents that are not OpenAPI 3.0 or
/// 3.1, with the same diagnostics [`generate`] gives. For
/// tools that only validate, and for the benchmarks, which time the phases one by one.
pub fn parse(spec: &str) -> Result<openapiv3::OpenAPI, Vec<Diagnostic>> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    load::load(spec, &mut diagnostics).ok_or_else(|| diagnostics.into_sorted())
}

/// The phases before emission: the checked IR of `spec`, with the same diagnostics
/// [`generate`] gives. For tools that work from what the crate will be made of, such as a
/// test that sends each operation's example values to a mock server.
pub fn lower(spec: &str) -> Result<ir::Api, Vec<Diagnostic>> {
    lowered(spec).map(|(api, _warnings)| api)
}

/// An operation whose mock response is the spec's own example, which the response's schema
/// rejects: a spec that contradicts itself (warned about when generating).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleConflict {
    /// `resource.method`, the names of the generated crate.
    pub operation: String,
    /// The JSON pointer of the example that breaks its schema.
    pub example: String,
}

/// The operations of `spec` whose success response's example (the one a mock server such as
/// Prism answers with) breaks the response's schema. For the conformance run, which tells
/// the SDK's failures apart from the spec's.
pub fn example_conflicts(spec: &str) -> Result<Vec<ExampleConflict>, Vec<Diagnostic>> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    let Some(loaded) = load::load_located(spec, &mut diagnostics) else {
        return Err(located(spec, diagnostics));
    };
    let api = lower(spec)?;
    let conflicts = lower::example::response_example_conflicts(&loaded.api);
    let mut found = Vec::new();
    for resource in &api.resources {
        for operation in &resource.operations {
            let conflict = conflicts.iter().find(|c| {
                c.method.eq_ignore_ascii_case(&operation.method)
                    && c.path.split('#').next() == Some(operation.path.as_str())
            });
            if let Some(conflict) = conflict {
                found.push(ExampleConflict {
                    operation: format!("{}.{}", resource.name, operation.name),
                    example: loaded.origins.original(&conflict.example.to_string()),
                });
            }
        }
    }
    Ok(found)
}

/// A response example of the spec that breaks its own schema, met by a decoder: the JSON
/// pointer of the example and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedExample {
    /// Where the example is written.
    pub example: String,
    /// The example.
    pub value: serde_json::Value,
}

/// For a response of `operation` (`resource.method`) with `status` (`None`: its first 2xx
/// response) whose body is wrong at `path` (as `Error::Decode` writes it,
/// `items[0].owner.name`, or as Prism does, `items.0.owner.name`; empty for the body itself),
/// the example written on the schema at that place when that schema rejects it: a mock
/// server builds its bodies from such examples, so what failed there is the spec's own
/// mistake. For the conformance run.
pub fn rejected_example_at(
    spec: &str,
    operation: &str,
    status: Option<u16>,
    path: &str,
) -> Option<RejectedExample> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    let load::Loaded {
        api: document,
        origins,
    } = load::load_located(spec, &mut diagnostics)?;
    let api = lower(spec).ok()?;
    let (resource, method) = operation.split_once('.')?;
    let op = api
        .resources
        .iter()
        .filter(|r| r.name == resource)
        .flat_map(|r| &r.operations)
        .find(|o| o.name == method)?;
    let (key, item) = document.paths.iter().find_map(|(key, item)| match item {
        openapiv3::ReferenceOr::Item(item) if key.split('#').next() == Some(op.path.as_str()) => {
            Some((key, item))
        }
        _ => None,
    })?;
    let method = op.method.to_ascii_lowercase();
    let (_, spec_op) = item.iter().find(|(m, _)| *m == method)?;
    let responses = &spec_op.responses;
    let (status_key, response) = match status {
        Some(status) => responses
            .responses
            .iter()
            .find(|(code, _)| code.to_string() == status.to_string())
            .or_else(|| {
                responses
                    .responses
                    .iter()
                    .find(|(code, _)| code.to_string() == format!("{}XX", status / 100))
            })?,
        None => responses
            .responses
            .iter()
            .find(|(code, _)| code.to_string().starts_with('2'))?,
    };
    let at = diagnostics::Pointer::root()
        .join("paths")
        .join(key)
        .join(&method)
        .join("responses")
        .join(status_key);
    let (response, at) = match response {
        openapiv3::ReferenceOr::Item(response) => (response, at),
        openapiv3::ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            match document.components.as_ref()?.responses.get(name)? {
                openapiv3::ReferenceOr::Item(response) => (
                    response,
                    diagnostics::Pointer::root()
                        .join("components")
                        .join("responses")
                        .join(name),
                ),
                openapiv3::ReferenceOr::Reference { .. } => return None,
            }
        }
    };
    let (media, content) = response.content.iter().find(|(media, _)| {
        let media = media.split(';').next().unwrap_or("").trim();
        media == "application/json" || media.ends_with("+json")
    })?;
    let schema = content.schema.as_ref()?;
    let steps = decode_path(path)?;
    let at = at.join("content").join(media);
    let (pointer, value) =
        lower::example::rejected_example_below(&document, content, schema, &at, &steps)?;
    Some(RejectedExample {
        example: origins.original(&pointer.to_string()),
        value: value.clone(),
    })
}

/// `items[0].owner` (or `items.0.owner`) as steps; `None` for text of another form.
fn decode_path(path: &str) -> Option<Vec<lower::example::Step>> {
    use lower::example::Step;
    let mut steps = Vec::new();
    for part in path.split('.').filter(|part| !part.is_empty()) {
        if let Ok(index) = part.parse() {
            steps.push(Step::Index(index));
            continue;
        }
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            steps.push(Step::Key(key.to_owned()));
        }
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']')?;
            steps.push(Step::Index(index.parse().ok()?));
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    Some(steps)
}

/// Load, check and lower: the IR with the warnings so far, or every diagnostic, located.
fn lowered(spec: &str) -> Result<(ir::Api, diagnostics::Diagnostics), Vec<Diagnostic>> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    let Some(loaded) = load::load_located(spec, &mut diagnostics) else {
        return Err(located(spec, diagnostics));
    };
    // The later phases point into the document as read, which for 3.1 is a rewrite of the
    // source: their diagnostics are mapped back before they join the others.
    let mut found = diagnostics::Diagnostics::default();
    check::check(&loaded.api, &mut found);
    // Lowering follows references; after a cycle error it might never stop.
    if found.has_errors() {
        loaded.origins.restore(found, &mut diagnostics);
        return Err(located(spec, diagnostics));
    }
    let api = lower::lower(&loaded.api, &mut found);
    loaded.origins.restore(found, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(located(spec, diagnostics));
    }
    Ok((api, diagnostics))
}

/// Generates the crate for the OpenAPI 3.0 or 3.1 document `spec` (JSON or YAML).
///
/// Fails with every diagnostic found, errors first, when the document cannot be turned into
/// an SDK; warnings alone do not fail, unless [`Options::strict`] makes each of them an
/// error.
pub fn generate(spec: &str, options: &Options) -> Result<Output, Vec<Diagnostic>> {
    let result = generate_lenient(spec, options);
    if !options.strict {
        return result;
    }
    let diagnostics = match result {
        Ok(output) if output.warnings.is_empty() => return Ok(output),
        Ok(output) => output.warnings,
        Err(diagnostics) => diagnostics,
    };
    let mut errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .map(|d| Diagnostic {
            severity: Severity::Error,
            ..d
        })
        .collect();
    errors.sort();
    errors.dedup();
    Err(errors)
}

/// [`generate`] with warnings left as they are.
fn generate_lenient(spec: &str, options: &Options) -> Result<Output, Vec<Diagnostic>> {
    let (api, mut diagnostics) = lowered(spec)?;
    match emit::emit(&api, options) {
        Ok((files, api)) => Ok(Output {
            files,
            api,
            warnings: located(spec, diagnostics),
        }),
        Err(error) => {
            diagnostics.push(error);
            Err(located(spec, diagnostics))
        }
    }
}

/// Every diagnostic, sorted, each with the line and column of its pointer in `spec` where the
/// parser gave none.
fn located(spec: &str, diagnostics: diagnostics::Diagnostics) -> Vec<Diagnostic> {
    let mut all = diagnostics.into_sorted();
    let missing: Vec<&str> = all
        .iter()
        .filter(|d| d.position.is_none())
        .map(|d| d.pointer.as_str())
        .collect();
    let mut found = locate::locate_all(spec, &missing).into_iter();
    for diagnostic in all.iter_mut().filter(|d| d.position.is_none()) {
        diagnostic.position = found.next().flatten();
    }
    all
}
