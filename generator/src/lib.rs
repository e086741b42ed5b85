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
    lowered(spec, false).map(|lowered| lowered.api)
}

/// What [`lowered`] gives: the IR and the warnings so far.
struct Lowered {
    api: ir::Api,
    diagnostics: diagnostics::Diagnostics,
    /// Where the warnings of loading and of the checks are in the text, when asked for.
    positions: Option<Positions>,
    /// The document as read, which the IR no longer needs: many small allocations, freed
    /// where it costs least.
    document: load::Loaded,
}

/// Load, check and lower: the IR with the warnings so far, or every diagnostic, located.
///
/// The checks that can refuse the document run first; the others, warnings only, run on a
/// second thread beside lowering. With `locate`, that thread then finds where the warnings
/// so far are in the text (nearly all there will be: the checks find the examples that do
/// not match their schemas) while lowering goes on.
fn lowered(spec: &str, locate: bool) -> Result<Lowered, Vec<Diagnostic>> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    let Some(document) = load::load_located(spec, &mut diagnostics) else {
        return Err(located(spec, diagnostics));
    };
    // The later phases point into the document as read, which for 3.1 is a rewrite of the
    // source: their diagnostics are mapped back before they join the others.
    let mut refusals = diagnostics::Diagnostics::default();
    check::refusals(&document.graph, &mut refusals);
    if refusals.has_errors() {
        // Lowering would mostly say the same again in its own words (a cycle is cut where
        // it closes, with a warning): it is left out.
        check::warnings(&document.api, &document.graph, &mut refusals);
        document.origins.restore(refusals, &mut diagnostics);
        return Err(located(spec, diagnostics));
    }
    document.origins.restore(refusals, &mut diagnostics);
    let (so_far, document_ref) = (&diagnostics, &document);
    let checking = move || {
        let mut found = diagnostics::Diagnostics::default();
        check::warnings(&document_ref.api, &document_ref.graph, &mut found);
        let mut diagnostics = so_far.clone();
        document_ref.origins.restore(found, &mut diagnostics);
        let positions = locate.then(|| positions(spec, diagnostics.items()));
        (diagnostics, positions)
    };
    let lowering = move || {
        let mut found = diagnostics::Diagnostics::default();
        let api = lower::lower(&document_ref.api, &document_ref.graph, &mut found);
        (api, found)
    };
    let ((mut diagnostics, positions), (api, found)) = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .stack_size(CHECK_STACK_BYTES)
            .spawn_scoped(scope, checking);
        match thread {
            Ok(thread) => {
                let lowered = lowering();
                // A panic in the checks is a bug: pass it on as it is.
                let checked = thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (checked, lowered)
            }
            // No thread could start: one after the other.
            Err(_) => (checking(), lowering()),
        }
    });
    document.origins.restore(found, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(located_knowing(
            spec,
            diagnostics,
            &positions.unwrap_or_default(),
        ));
    }
    Ok(Lowered {
        api,
        diagnostics,
        positions,
        document,
    })
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

/// Stack size of the threads that work beside lowering and emission, that of a main thread
/// on Linux, where the whole pipeline used to run (checking recurses into nested schemas;
/// a debug build of the property tests overflowed a thread of the default 2 MiB).
const CHECK_STACK_BYTES: usize = 8 << 20;

/// [`generate`] with warnings left as they are.
fn generate_lenient(spec: &str, options: &Options) -> Result<Output, Vec<Diagnostic>> {
    let Lowered {
        api,
        mut diagnostics,
        positions,
        document,
    } = lowered(spec, true)?;
    let known = positions.unwrap_or_default();
    let (emitted, warnings) = std::thread::scope(|scope| {
        // The document is freed beside emission rather than before it.
        let dropping = std::thread::Builder::new()
            .stack_size(CHECK_STACK_BYTES)
            .spawn_scoped(scope, move || drop(document));
        if let Err(error) = dropping {
            drop(error);
        }
        // The warnings lowering added are looked for in the text by a thread meanwhile.
        let all = diagnostics.clone();
        let known = &known;
        match std::thread::Builder::new()
            .stack_size(CHECK_STACK_BYTES)
            .spawn_scoped(scope, move || located_knowing(spec, all, known))
        {
            Ok(thread) => {
                let emitted = emit::emit(&api, options);
                // A panic in the scanner is a bug: pass it on as it is.
                let warnings = thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (emitted, warnings)
            }
            // No thread could start: the warnings are located here.
            Err(_) => (
                emit::emit(&api, options),
                located_knowing(spec, diagnostics.clone(), known),
            ),
        }
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

/// The line and column of the pointer of each of `diagnostics` that has none, by pointer.
type Positions = std::collections::HashMap<String, Option<(usize, usize)>>;

/// [`Positions`] of the pointers of `diagnostics`.
fn positions(spec: &str, diagnostics: &[Diagnostic]) -> Positions {
    let mut missing: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.position.is_none())
        .map(|d| d.pointer.as_str())
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        return Positions::new();
    }
    let found = locate::locate_all(spec, &missing);
    missing.into_iter().map(str::to_owned).zip(found).collect()
}

/// Every diagnostic, sorted, each with the line and column of its pointer in `spec` where the
/// parser gave none.
fn located(spec: &str, diagnostics: diagnostics::Diagnostics) -> Vec<Diagnostic> {
    located_knowing(spec, diagnostics, &Positions::new())
}

/// [`located`], the positions of some pointers already `known`: the text is read again only
/// for the others, if any.
fn located_knowing(
    spec: &str,
    diagnostics: diagnostics::Diagnostics,
    known: &Positions,
) -> Vec<Diagnostic> {
    let mut all = diagnostics.into_sorted();
    let missing: Vec<&str> = all
        .iter()
        .filter(|d| d.position.is_none() && !known.contains_key(&d.pointer))
        .map(|d| d.pointer.as_str())
        .collect();
    let mut found = if missing.is_empty() {
        Vec::new()
    } else {
        locate::locate_all(spec, &missing)
    }
    .into_iter();
    for diagnostic in all.iter_mut().filter(|d| d.position.is_none()) {
        diagnostic.position = match known.get(&diagnostic.pointer) {
            Some(&position) => position,
            None => found.next().flatten(),
        };
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_located_in_two_rounds_are_those_located_at_once() {
        let spec =
            "openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n  /b:\n    post:\n      tags: [x]\n";
        let mut all = diagnostics::Diagnostics::default();
        for (pointer, position) in [
            ("#/paths/~1b/post/tags/0", None),
            ("#/paths/~1a/get", None),
            ("#/paths/~1a", Some((9, 9))),
            ("#/nowhere", None),
            ("#/paths/~1b/post", None),
            ("#/paths/~1a/get", None),
        ] {
            let warning = Diagnostic::warning(pointer, "w");
            all.push(match position {
                Some((line, column)) => warning.at(line, column),
                None => warning,
            });
        }
        let at_once = located(spec, all.clone());
        let get = at_once.iter().find(|d| d.pointer == "#/paths/~1a/get");
        assert_eq!(get.and_then(|d| d.position), Some((4, 5)));
        // The first round knows some of them (and the one with a position already).
        let known = positions(spec, &all.items()[..3]);
        assert_eq!(known.len(), 2);
        assert_eq!(located_knowing(spec, all.clone(), &known), at_once);
        let everything = positions(spec, all.items());
        assert_eq!(located_knowing(spec, all, &everything), at_once);
    }
}
