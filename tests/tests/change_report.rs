//! The change report of `cargo xtask codegen`, run through the xtask library on a scratch copy
//! of `spec/` and `generated/`: edits of the project's spec, made here, give the entries and
//! the verdict Rust's rules say, before anything is written, and the Markdown report is
//! snapshotted.

use std::fs;

use codegen::Options;
use codegen::report::{Area, Impact, Report, Verdict};
use revox_tests::{copy_tree, project_spec, root, scratch};
use serde_yaml::{Mapping, Value};
use xtask::codegen::{ChangeReport, MANIFEST, Outcome, Request, run, run_reporting};

/// The mapping at `path` under `value`.
fn at<'a>(value: &'a mut Value, path: &[&str]) -> &'a mut Mapping {
    let mut node = value;
    for key in path {
        node = node
            .get_mut(*key)
            .unwrap_or_else(|| panic!("the spec has no `{key}` in {path:?}"));
    }
    node.as_mapping_mut()
        .unwrap_or_else(|| panic!("{path:?} is not a mapping"))
}

/// The string list at `path`, to be edited.
fn list<'a>(value: &'a mut Value, path: &[&str], key: &str) -> &'a mut Vec<Value> {
    at(value, path)
        .get_mut(key)
        .and_then(Value::as_sequence_mut)
        .unwrap_or_else(|| panic!("{path:?} has no list `{key}`"))
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("the test's YAML parses")
}

/// The project's spec with the edits the report must describe.
fn edited_spec() -> String {
    let mut spec: Value = serde_yaml::from_str(&project_spec()).expect("spec/ parses");
    let schemas = ["components", "schemas"];

    // An operation added: `client.call().cancel(id)`.
    at(&mut spec, &["paths"]).insert(
        "/call/{id}/cancel".into(),
        yaml(
            "post:
  operationId: call.cancel
  tags: [call]
  summary: Cancel a call
  parameters:
    - {name: id, in: path, required: true, schema: {type: string}, example: call_5d1a7e}
  responses:
    '200':
      description: The cancelled call.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/CallRetrieveResponse'}",
        ),
    );

    // A field removed from a response type.
    let assistant = [schemas[0], schemas[1], "Assistant"];
    at(&mut spec, &[&assistant[..], &["properties"]].concat())
        .remove("webhook_url")
        .expect("Assistant has webhook_url");
    list(&mut spec, &assistant, "required").retain(|v| v.as_str() != Some("webhook_url"));

    // An optional field made required.
    list(&mut spec, &[schemas[0], schemas[1], "FaqItem"], "required").push("id".into());

    // An enum value added.
    list(
        &mut spec,
        &[schemas[0], schemas[1], "FirstSentenceMode"],
        "enum",
    )
    .push("scripted".into());

    // An optional field added to a request type.
    at(
        &mut spec,
        &[
            schemas[0],
            schemas[1],
            "AssistantCreateParams",
            "properties",
        ],
    )
    .insert(
        "language".into(),
        yaml("{type: string, description: Language the agent speaks.}"),
    );

    serde_yaml::to_string(&spec).expect("the edited spec prints")
}

/// Runs codegen on a scratch copy of the project with `spec`, and returns the report it
/// printed before writing (or checking) and the outcome.
fn report_of(name: &str, spec: &str, check: bool) -> (Report, Outcome, std::path::PathBuf) {
    let dir = scratch(name);
    let spec_path = dir.join("openapi.yaml");
    fs::write(&spec_path, spec).expect("write spec");
    let out = dir.join("generated");
    fs::create_dir_all(&out).expect("mkdir");
    copy_tree(&root().join("generated"), &out);
    let request = Request {
        spec: spec_path,
        out: out.clone(),
        options: Options::new("revox", "spec/openapi.yaml"),
        check,
    };
    let mut seen = None;
    let outcome = run_reporting(&request, &mut |report| {
        // Nothing is written yet.
        assert_eq!(
            fs::read(out.join(MANIFEST)).ok(),
            fs::read(root().join("generated").join(MANIFEST)).ok()
        );
        seen = Some(report.clone());
        Ok(())
    })
    .expect("codegen runs");
    match seen {
        Some(ChangeReport::Compared(report)) => (report, outcome, out),
        other => panic!("expected a comparison with generated/api.json, got {other:?}"),
    }
}

fn find<'a>(report: &'a Report, item: &str) -> Vec<(Impact, Area, &'a str)> {
    report
        .changes
        .iter()
        .filter(|c| c.item == item)
        .map(|c| (c.impact, c.area, c.change.as_str()))
        .collect()
}

#[test]
fn spec_edits_are_reported_with_rusts_verdicts_before_anything_is_written() {
    let (report, outcome, out) = report_of("change-report-check", &edited_spec(), true);
    assert!(
        matches!(outcome, Outcome::Stale { .. }),
        "--check fails on the edited spec"
    );

    assert_eq!(
        find(&report, "client.call().cancel()"),
        [(
            Impact::Additive,
            Area::Operation,
            "operation added (`POST /call/{id}/cancel`)"
        )]
    );
    assert_eq!(
        find(&report, "models::Assistant::webhook_url"),
        [(
            Impact::Breaking,
            Area::Field,
            "field removed (was `Option<String>`, required, nullable)"
        )]
    );
    assert_eq!(
        find(&report, "models::FaqItem::id"),
        [(
            Impact::Breaking,
            Area::Field,
            "type changed from `Option<String>` to `String` (optional -> required)"
        )]
    );
    // Required fields are `new`'s arguments.
    assert_eq!(
        find(&report, "models::FaqItem::new"),
        [(
            Impact::Breaking,
            Area::Constructor,
            "constructor changed from `new(impl Into<String>, impl Into<String>)` to `new(impl Into<String>, impl Into<String>, impl Into<String>)`"
        )]
    );
    // Generated enums are exhaustive: a `match` without a wildcard arm breaks.
    assert_eq!(
        find(&report, "models::FirstSentenceMode::Scripted"),
        [(
            Impact::Breaking,
            Area::EnumVariant,
            "variant added (`scripted`)"
        )]
    );
    // Generated structs have public fields and are not `#[non_exhaustive]`, so a struct
    // literal must name every field, even an optional one.
    assert_eq!(
        find(&report, "models::AssistantCreateParams::language"),
        [(
            Impact::Breaking,
            Area::Field,
            "field added: `Option<String>` (optional)"
        )]
    );
    assert_eq!(report.changes.len(), 6, "{}", report.to_text());
    assert_eq!(report.verdict, Verdict::Major);
    assert_eq!(report.version, "0.1.0");
    assert_eq!(report.next_version.as_deref(), Some("0.2.0"));
    insta::assert_snapshot!(report.to_markdown());

    // --check wrote nothing; writing then updates the manifest, and the next run has nothing
    // to report.
    assert_eq!(
        fs::read(out.join(MANIFEST)).ok(),
        fs::read(root().join("generated").join(MANIFEST)).ok()
    );
    let spec = out.parent().expect("scratch").join("openapi.yaml");
    let request = Request {
        spec,
        out: out.clone(),
        options: Options::new("revox", "spec/openapi.yaml"),
        check: false,
    };
    assert!(matches!(
        run(&request).expect("writes"),
        Outcome::Done { .. }
    ));
    let mut again = None;
    run_reporting(&request, &mut |r| {
        again = Some(r.clone());
        Ok(())
    })
    .expect("runs again");
    let Some(ChangeReport::Compared(again)) = again else {
        panic!("the written manifest is read back")
    };
    assert!(again.changes.is_empty(), "{}", again.to_text());
    assert_eq!(again.verdict, Verdict::Patch);
}

#[test]
fn a_crate_without_a_manifest_has_no_baseline() {
    let dir = scratch("change-report-first");
    let spec = dir.join("openapi.yaml");
    fs::write(&spec, project_spec()).expect("write spec");
    let request = Request {
        spec,
        out: dir.join("new-crate"),
        options: Options::new("revox", "spec/openapi.yaml"),
        check: true,
    };
    let mut seen = None;
    run_reporting(&request, &mut |r| {
        seen = Some(r.clone());
        Ok(())
    })
    .expect("runs");
    assert!(
        matches!(&seen, Some(ChangeReport::NoBaseline { reason }) if reason.contains("api.json does not exist")),
        "{seen:?}"
    );
}
