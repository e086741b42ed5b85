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
mod refs;
pub mod report;
mod schema;
pub mod served;

pub use diagnostics::{Diagnostic, Severity};
pub use served::{
    ExampleConflict, RejectedExample, example_conflicts, made_up_at, rejected_example_at,
};

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

/// An OpenAPI document as [`parse`] reads it: a 3.0 document as written, a 3.1 document
/// rewritten into the same model, with the references into schemas that are not
/// components made references to components. The later phases work on this, and their
/// diagnostics point back into the text it was read from.
pub struct Document {
    loaded: load::Loaded,
    warnings: Vec<Diagnostic>,
}

impl Document {
    /// What reading found that will need a fallback (3.1 keywords the model cannot hold,
    /// for one), located in the text. The later phases find more.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The API's title (`info.title`).
    pub fn title(&self) -> &str {
        &self.loaded.api.info.title
    }

    /// The API's version (`info.version`), not the OpenAPI version.
    pub fn api_version(&self) -> &str {
        &self.loaded.api.info.version
    }

    /// How many operations the paths declare.
    pub fn operation_count(&self) -> usize {
        self.loaded
            .api
            .paths
            .paths
            .values()
            .filter_map(openapiv3::ReferenceOr::as_item)
            .map(|item| item.iter().count())
            .sum()
    }

    /// How many schemas `components` names, those the reading made included.
    pub fn component_schema_count(&self) -> usize {
        self.loaded
            .api
            .components
            .as_ref()
            .map_or(0, |c| c.schemas.len())
    }
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("title", &self.title())
            .field("api_version", &self.api_version())
            .field("operations", &self.operation_count())
            .field("component_schemas", &self.component_schema_count())
            .finish()
    }
}

/// The first phase alone: reads `spec` (JSON or YAML) into a [`Document`], refusing
/// documents that are not OpenAPI 3.0 or 3.1, with the same diagnostics [`generate`] gives.
/// For tools that only validate, and for the benchmarks, which time the phases one by one.
///
/// ```
/// let spec = "openapi: 3.1.0\ninfo: {title: Pets, version: '2'}\npaths:\n  /pets: {get: {responses: {'200': {description: ok}}}}\n";
/// let document = codegen::parse(spec).unwrap();
/// assert_eq!((document.title(), document.operation_count()), ("Pets", 1));
///
/// let refused = codegen::parse("swagger: '2.0'\n").unwrap_err();
/// assert_eq!(refused[0].severity, codegen::Severity::Error);
/// ```
pub fn parse(spec: &str) -> Result<Document, Vec<Diagnostic>> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    match load::load_located(spec, &mut diagnostics) {
        Some(loaded) => Ok(Document {
            loaded,
            warnings: located(spec, diagnostics),
        }),
        None => Err(located(spec, diagnostics)),
    }
}

/// The phases before emission: the checked IR of `spec`, with the same diagnostics
/// [`generate`] gives. For tools that work from what the crate will be made of, such as a
/// test that sends each operation's example values to a mock server.
pub fn lower(spec: &str) -> Result<ir::Api, Vec<Diagnostic>> {
    lowered(spec).map(|(api, _warnings)| api)
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
    let graph = &loaded.graph;
    check::check(&loaded.api, graph, &mut found);
    // Lowering ends on any document, but after an error it would mostly say the same again
    // in its own words (a cycle is cut where it closes, with a warning): it is left out.
    if found.has_errors() {
        loaded.origins.restore(found, &mut diagnostics);
        return Err(located(spec, diagnostics));
    }
    let api = lower::lower(&loaded.api, graph, &mut found);
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
    // Finding the warnings in the text reads all of it again: a thread does that while the
    // files are made.
    let (emitted, warnings) = std::thread::scope(|scope| {
        let warnings = std::thread::Builder::new()
            .spawn_scoped(scope, || located(spec, diagnostics.clone()))
            .ok();
        let emitted = emit::emit(&api, options);
        let warnings = match warnings {
            // A panic in the scanner is a bug: pass it on as it is.
            Some(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread could start: the warnings are located here.
            None => located(spec, diagnostics.clone()),
        };
        (emitted, warnings)
    });
    match emitted {
        Ok((files, api)) => Ok(Output {
            files,
            api,
            warnings,
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
