//! The generator against broken and awkward specs: every file of `fixtures/broken/` (one
//! problem each) has its rendered diagnostics snapshotted, and, for those that generate with
//! warnings, the errors strict mode makes of them; a failing spec never lets
//! `cargo xtask codegen` touch the output folder, and specs too deep or too long for a naive
//! recursive generator end in a diagnostic or a crate, never in a crashed process.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Diagnostic, Options, Severity};
use revox_tests::{copy_tree, file, read, root, scratch, snapshot_tree};
use xtask::codegen::{Outcome, Request, run};

/// The folder of the corpus.
fn corpus() -> PathBuf {
    root().join("tests/fixtures/broken")
}

/// Every spec of the corpus, sorted.
fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus())
        .expect("the corpus folder exists")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|name| name.to_str())
        .expect("corpus file names are text")
}

fn render_all(diagnostics: &[Diagnostic], name: &str) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(name))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// What generating `text` gives, as a person would read it: the diagnostics on failure, the
/// number of files and the warnings on success.
fn outcome_text(text: &str, name: &str) -> String {
    outcome_text_with(text, &Options::new("broken", name))
}

/// The same under `options`, whose `source_name` names the spec.
fn outcome_text_with(text: &str, options: &Options) -> String {
    let name = options.source_name.as_str();
    match codegen::generate(text, options) {
        Err(diagnostics) => format!("failed\n\n{}", render_all(&diagnostics, name)),
        Ok(output) => {
            // A spec that generates must give Rust, whatever names it used.
            for file in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(error) = syn::parse_file(&file.contents) {
                    panic!("{name}: {} is not Rust: {error}", file.path);
                }
            }
            let mut shown = format!("generated {} files", output.files.len());
            if output.warnings.is_empty() {
                shown.push_str(" without warnings");
            } else {
                let _ = write!(shown, "\n\n{}", render_all(&output.warnings, name));
            }
            shown
        }
    }
}

#[test]
fn every_broken_spec_gives_its_diagnostics() {
    insta::glob!("../fixtures/broken", "*.{yaml,json}", |path| {
        let name = file_name(path);
        insta::assert_snapshot!(outcome_text(&read(path), name));
    });
}

fn strict(name: &str) -> Options {
    Options {
        strict: true,
        ..Options::new("broken", name)
    }
}

/// Strict mode fails wherever a warning was given, with each warning as an error, and
/// changes nothing else.
#[test]
fn strict_mode_makes_every_warning_an_error() {
    insta::glob!("../fixtures/broken", "*.{yaml,json}", |path| {
        let name = file_name(path);
        let text = read(path);
        let warned = codegen::generate(&text, &Options::new("broken", name))
            .is_ok_and(|output| !output.warnings.is_empty());
        let shown = outcome_text_with(&text, &strict(name));
        if warned {
            assert!(shown.starts_with("failed"), "{name}: {shown}");
            assert!(!shown.contains("\nwarning: "), "{name}: {shown}");
            insta::assert_snapshot!(shown);
        } else {
            assert_eq!(shown, outcome_text(&text, name), "{name}");
        }
    });
}

#[test]
fn the_corpus_is_large_and_says_what_each_file_tests() {
    let files = corpus_files();
    assert!(files.len() >= 25, "only {} corpus files", files.len());
    for path in &files {
        let text = read(path);
        if file_name(path).ends_with(".yaml") && !text.is_empty() {
            assert!(
                text.starts_with("# "),
                "{} must start with a `#` comment saying what it tests",
                path.display()
            );
        }
    }
}

/// A scratch copy of `generated/` for `spec`, with one file edited so that a run that wrote
/// anything would show.
fn output_copy(name: &str) -> PathBuf {
    let out = scratch(&format!("broken-{name}"));
    copy_tree(&root().join("generated"), &out);
    fs::write(
        out.join("src/models.rs"),
        "// edited by hand; must survive\n",
    )
    .expect("the copy is writable");
    out
}

/// Every spec that fails, as it is or in strict mode, leaves the output folder as it was,
/// whether the run writes or checks.
#[test]
fn a_failing_spec_leaves_the_output_untouched_in_both_modes() {
    let (mut failing, mut failing_strict) = (0, 0);
    for path in corpus_files() {
        let name = file_name(&path);
        for strict in [false, true] {
            let options = Options {
                strict,
                ..Options::new("revox", name)
            };
            let errors = match codegen::generate(&read(&path), &options) {
                Ok(_) => continue,
                Err(diagnostics) => diagnostics,
            };
            assert!(
                errors.iter().any(|d| d.severity == Severity::Error),
                "{name}: a failure without an error: {errors:?}"
            );
            if strict {
                failing_strict += 1;
            } else {
                failing += 1;
            }
            let out = output_copy(name);
            let before = snapshot_tree(&out);
            for check in [false, true] {
                let request = Request {
                    spec: path.clone(),
                    out: out.clone(),
                    options: options.clone(),
                    check,
                    bump: false,
                };
                match run(&request).expect("the run reads the spec") {
                    Outcome::Failed { diagnostics } => assert_eq!(diagnostics, errors, "{name}"),
                    other => panic!(
                        "{name} (check: {check}, strict: {strict}): expected a failure, got {other:?}"
                    ),
                }
                assert!(
                    snapshot_tree(&out) == before,
                    "{name} (check: {check}, strict: {strict}) changed the output folder"
                );
            }
        }
    }
    assert!(failing >= 15, "only {failing} corpus files fail");
    assert!(
        failing_strict >= failing + 10,
        "only {failing_strict} corpus files fail in strict mode"
    );
}

/// `depth` schemas, each the single property (or the items) of the one around it, as flow
/// YAML or as JSON.
fn nested_spec(depth: usize, json: bool) -> String {
    let mut schema = String::from(r#"{"type": "string"}"#);
    for level in 0..depth {
        schema = if level % 2 == 0 {
            format!(r#"{{"type": "object", "properties": {{"p": {schema}}}}}"#)
        } else {
            format!(r#"{{"type": "array", "items": {schema}}}"#)
        };
    }
    let document = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Deep", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"Deep": {schema}}}}}}}"#
    );
    if json {
        document
    } else {
        // Flow YAML is a superset of JSON; the comment makes the text YAML-only.
        format!("# {depth} levels\n{document}")
    }
}

#[test]
fn thousands_of_nesting_levels_are_an_error_not_a_crash() {
    for json in [false, true] {
        let name = if json { "deep.json" } else { "deep.yaml" };
        let shown = outcome_text(&nested_spec(5_000, json), name);
        insta::assert_snapshot!(format!("deep_{}", &name[5..]), shown);
    }
}

#[test]
fn nesting_within_the_limit_generates() {
    for json in [false, true] {
        // Odd, so that the outermost schema is an object.
        let spec = nested_spec(41, json);
        let output = codegen::generate(&spec, &Options::new("deep", "deep"))
            .unwrap_or_else(|d| panic!("{}", render_all(&d, "deep")));
        let models = file(&output, "src/models.rs");
        assert!(models.contents.contains("pub struct Deep "), "json: {json}");
    }
}

#[test]
fn an_enum_of_ten_thousand_values_generates() {
    let values: Vec<String> = (0..10_000).map(|i| format!("value-{i}")).collect();
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: Long, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Code:\n      type: string\n      enum: [{}]\n",
        values.join(", ")
    );
    let output = codegen::generate(&spec, &Options::new("long", "long.yaml"))
        .unwrap_or_else(|d| panic!("{}", render_all(&d, "long.yaml")));
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let models = &file(&output, "src/models.rs").contents;
    for variant in [
        "Value0,",
        "Value9999,",
        "\"value-9999\" => Self::Value9999,",
    ] {
        assert!(models.contains(variant), "{variant} missing");
    }
}

/// `Merged` merges, through `allOf`, the chain `Link0` = `Link1` = ... = `Link{n-1}`, an
/// object: lowering follows such chains to their end.
fn chain_spec(n: usize) -> String {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: Chain, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Merged:\n      allOf:\n        - $ref: '#/components/schemas/Link0'\n        - {type: object, properties: {own: {type: string}}}\n",
    );
    for i in 0..n - 1 {
        let _ = writeln!(
            spec,
            "    Link{i}: {{$ref: '#/components/schemas/Link{}'}}",
            i + 1
        );
    }
    let _ = writeln!(
        spec,
        "    Link{}: {{type: object, properties: {{end: {{type: integer}}}}}}",
        n - 1
    );
    spec
}

#[test]
fn a_chain_of_ten_thousand_references_is_an_error_not_a_crash() {
    let shown = outcome_text(&chain_spec(10_000), "chain.yaml");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_chain_within_the_limit_generates() {
    let output = codegen::generate(&chain_spec(100), &Options::new("chain", "chain.yaml"))
        .unwrap_or_else(|d| panic!("{}", render_all(&d, "chain.yaml")));
    let models = &file(&output, "src/models.rs").contents;
    assert!(
        models.contains("pub end: "),
        "the end of the chain is merged"
    );
    assert!(models.contains("pub type Link0 = Link1;"));
}

/// A 3.1 document of `depth` levels, each a schema of two types (read as a `oneOf` of two,
/// one more level each).
fn nested_spec_3_1(depth: usize) -> String {
    let mut schema = String::from(r#"{"type": ["string", "null"]}"#);
    for level in 0..depth {
        schema = if level % 2 == 0 {
            format!(r#"{{"type": ["object", "integer"], "properties": {{"p": {schema}}}}}"#)
        } else {
            format!(r#"{{"type": ["array", "string"], "items": {schema}}}"#)
        };
    }
    format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "Deep", "version": "1"}}, "components": {{"schemas": {{"Deep": {schema}}}}}}}"#
    )
}

/// Reading 3.1 into the 3.0 model adds levels: within the parser's limit a document still
/// generates, or is refused, located, when the levels added take it past the limit, never a
/// crashed process.
#[test]
fn levels_added_to_a_3_1_document_stay_within_the_limit() {
    let output = codegen::generate(&nested_spec_3_1(21), &Options::new("deep", "deep.json"))
        .unwrap_or_else(|d| panic!("{}", render_all(&d, "deep.json")));
    assert!(
        file(&output, "src/models.rs")
            .contents
            .contains("pub enum Deep ")
    );
    let shown = outcome_text(&nested_spec_3_1(41), "deep.json");
    assert!(
        shown.starts_with("failed")
            && shown.contains("more than 128 levels deep once read as openapi 3.0"),
        "{shown}"
    );
    assert!(shown.contains("--> deep.json:1:"), "{shown}");
}
