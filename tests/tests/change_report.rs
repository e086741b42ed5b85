//! The change report of `cargo xtask codegen`, run through the xtask library on a scratch copy
//! of `spec/` and `generated/`: edits of the project's spec, made here, give the entries and
//! the verdict Rust's rules say, before anything is written, and the Markdown report is
//! snapshotted.

use std::fs;

use codegen::Options;
use codegen::report::{Area, Impact, Report, Shape, Verdict};
use quote::ToTokens as _;
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
        bump: false,
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
    // Every struct with a required field has `new`, response types too, so a required field
    // removed changes its arguments.
    assert!(
        matches!(
            find(&report, "models::Assistant::new").as_slice(),
            [(Impact::Breaking, Area::Constructor, change)] if change.starts_with("constructor changed")
        ),
        "{}",
        report.to_text()
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
    // Generated enums are `#[non_exhaustive]`: every `match` has a wildcard arm already.
    assert_eq!(
        find(&report, "models::FirstSentenceMode::Scripted"),
        [(
            Impact::Additive,
            Area::EnumVariant,
            "variant added (`scripted`)"
        )]
    );
    // Generated structs are `#[non_exhaustive]` and built with `new` and setters, so an
    // optional field is one more setter; `new` keeps its arguments.
    assert_eq!(
        find(&report, "models::AssistantCreateParams::language"),
        [(
            Impact::Additive,
            Area::Field,
            "field added: `Option<String>` (optional)"
        )]
    );
    assert_eq!(report.changes.len(), 7, "{}", report.to_text());
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
        bump: false,
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

/// The project's spec with one edit of `AssistantCreateParams` (a request body): `edit`
/// gets its schema.
fn spec_with(edit: impl FnOnce(&mut Mapping)) -> String {
    let mut spec: Value = serde_yaml::from_str(&project_spec()).expect("spec/ parses");
    edit(at(
        &mut spec,
        &["components", "schemas", "AssistantCreateParams"],
    ));
    serde_yaml::to_string(&spec).expect("the edited spec prints")
}

/// The `Mapping` under `key` of `map`.
fn child<'a>(map: &'a mut Mapping, key: &str) -> &'a mut Mapping {
    map.get_mut(key)
        .and_then(Value::as_mapping_mut)
        .unwrap_or_else(|| panic!("no mapping `{key}`"))
}

/// The scenario: an optional field added to a request type alone is an addition
/// (before 1.0, a patch release), since programs build the type with `new` and setters; a
/// required one changes `new` and breaks them.
#[test]
fn an_optional_request_field_is_additive_and_a_required_one_breaking() {
    let optional = spec_with(|params| {
        child(params, "properties").insert(
            "language".into(),
            yaml("{type: string, description: Language the agent speaks.}"),
        );
    });
    let (report, _, _) = report_of("change-report-optional", &optional, true);
    assert_eq!(
        find(&report, "models::AssistantCreateParams::language"),
        [(
            Impact::Additive,
            Area::Field,
            "field added: `Option<String>` (optional)"
        )]
    );
    assert_eq!(report.changes.len(), 1, "{}", report.to_text());
    assert_eq!(report.verdict, Verdict::Minor);
    assert_eq!(report.next_version.as_deref(), Some("0.1.1"));

    let required = spec_with(|params| {
        child(params, "properties").insert("language".into(), yaml("{type: string}"));
        params
            .get_mut("required")
            .and_then(Value::as_sequence_mut)
            .expect("required list")
            .push("language".into());
    });
    let (report, _, _) = report_of("change-report-required", &required, true);
    assert_eq!(
        find(&report, "models::AssistantCreateParams::language"),
        [(
            Impact::Additive,
            Area::Field,
            "field added: `String` (required)"
        )]
    );
    assert_eq!(
        find(&report, "models::AssistantCreateParams::new"),
        [(
            Impact::Breaking,
            Area::Constructor,
            "constructor changed from `new(impl Into<String>, impl Into<String>)` to `new(impl Into<String>, impl Into<String>, impl Into<String>)`"
        )]
    );
    assert_eq!(report.verdict, Verdict::Major);
    assert_eq!(report.next_version.as_deref(), Some("0.2.0"));
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
        bump: false,
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

/// A Rust type as the manifest spells it: no spaces, no absolute paths.
fn spelled(ty: &impl quote::ToTokens) -> String {
    let mut text: String = ty
        .to_token_stream()
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // Generated code spells a std path in full (`std::option::Option`) where a generated
    // name takes the short one, and `std::collections::BTreeMap` always.
    for prefix in [
        "std::option::",
        "std::string::",
        "std::vec::",
        "std::collections::",
        "std::boxed::",
        "std::convert::",
        "crate::models::",
        "crate::",
    ] {
        text = text.replace(&format!("::{prefix}"), "").replace(prefix, "");
    }
    // Printed code may break a long type over lines, with a trailing comma.
    text.replace("::serde_json::", "serde_json::")
        .replace(",>", ">")
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `attrs` derive `name`.
fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| compact(&a.meta.to_token_stream().to_string()).contains(name))
}

/// Whether `attrs` mark an item `#[non_exhaustive]`.
fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// The manifest says what the code is: for the project's spec and every model fixture, each
/// type, field, constructor, variant and method of `api.json` is in the generated code with
/// the same Rust types, and nothing public there is missing from it.
#[test]
fn the_manifest_matches_the_generated_code() {
    let mut specs = vec![("revox".to_owned(), project_spec())];
    let fixtures = root().join("tests/fixtures/models");
    let mut paths: Vec<_> = fs::read_dir(&fixtures)
        .expect("list fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        specs.push((name, revox_tests::read(&path)));
    }
    for (name, spec) in specs {
        let output = revox_tests::generate(&spec, &name);
        let api = &output.api;
        let parse = |path: &str| -> syn::File {
            syn::parse_file(&revox_tests::file(&output, path).contents)
                .unwrap_or_else(|e| panic!("{name}: {path} parses: {e}"))
        };
        let models = parse("src/models.rs");
        let mut structs = std::collections::BTreeMap::new();
        let mut enums = std::collections::BTreeMap::new();
        let mut aliases = std::collections::BTreeMap::new();
        let mut constructors = std::collections::BTreeMap::new();
        for item in &models.items {
            match item {
                syn::Item::Struct(s) => {
                    structs.insert(s.ident.to_string(), s);
                }
                syn::Item::Enum(e) => {
                    enums.insert(e.ident.to_string(), e);
                }
                syn::Item::Type(t) => {
                    aliases.insert(t.ident.to_string(), spelled(&t.ty));
                }
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    for member in &i.items {
                        if let syn::ImplItem::Fn(f) = member
                            && f.sig.ident == "new"
                        {
                            let args: Vec<String> = f
                                .sig
                                .inputs
                                .iter()
                                .filter_map(|a| match a {
                                    syn::FnArg::Typed(t) => Some(spelled(&t.ty)),
                                    syn::FnArg::Receiver(_) => None,
                                })
                                .collect();
                            constructors.insert(spelled(&i.self_ty), args);
                        }
                    }
                }
                _ => {}
            }
        }
        let public = structs.len() + enums.len() + aliases.len();
        assert_eq!(
            api.types.len(),
            public,
            "{name}: one manifest entry per type"
        );
        for ty in &api.types {
            let what = format!("{name}: models::{}", ty.name);
            match &ty.shape {
                Shape::Struct(s) => {
                    let code = structs
                        .get(&ty.name)
                        .unwrap_or_else(|| panic!("{what} is a struct"));
                    let fields: Vec<(String, String)> = code
                        .fields
                        .iter()
                        .map(|f| {
                            let ident = f
                                .ident
                                .as_ref()
                                .map(ToString::to_string)
                                .unwrap_or_default();
                            (ident, spelled(&f.ty))
                        })
                        .collect();
                    let listed: Vec<(String, String)> = s
                        .fields
                        .iter()
                        .map(|f| (f.name.clone(), compact(&f.ty)))
                        .collect();
                    assert_eq!(listed, fields, "{what}: fields");
                    assert!(
                        code.fields
                            .iter()
                            .all(|f| matches!(f.vis, syn::Visibility::Public(_))),
                        "{what}: every field is public"
                    );
                    assert_eq!(
                        s.exhaustive,
                        !non_exhaustive(&code.attrs),
                        "{what}: exhaustive, as the manifest says"
                    );
                    assert_eq!(
                        s.traits.iter().any(|t| t == "Default"),
                        derives(&code.attrs, "Default"),
                        "{what}: Default"
                    );
                    let constructor = s
                        .constructor
                        .as_ref()
                        .map(|args| args.iter().map(|a| compact(a)).collect::<Vec<_>>());
                    assert_eq!(
                        constructor.as_ref(),
                        constructors.get(&ty.name),
                        "{what}: new"
                    );
                }
                Shape::Enum(e)
                | Shape::TaggedUnion(e)
                | Shape::UntaggedUnion(e)
                | Shape::ByStatus(e) => {
                    let code = enums
                        .get(&ty.name)
                        .unwrap_or_else(|| panic!("{what} is an enum"));
                    let variants: Vec<(String, Option<String>)> = code
                        .variants
                        .iter()
                        .map(|v| {
                            let payload = match &v.fields {
                                syn::Fields::Unnamed(f) => {
                                    f.unnamed.first().map(|f| spelled(&f.ty))
                                }
                                syn::Fields::Named(f) => Some(
                                    compact(&f.to_token_stream().to_string())
                                        .replace("crate::", ""),
                                ),
                                syn::Fields::Unit => None,
                            };
                            (v.ident.to_string(), payload)
                        })
                        .collect();
                    let mut listed: Vec<(String, Option<String>)> = e
                        .variants
                        .iter()
                        .map(|v| (v.name.clone(), v.payload.as_deref().map(compact)))
                        .collect();
                    // Emission puts the variants that carry their own tag last.
                    let mut sorted = variants.clone();
                    sorted.sort();
                    listed.sort();
                    assert_eq!(listed, sorted, "{what}: variants");
                    assert_eq!(
                        e.exhaustive,
                        !non_exhaustive(&code.attrs),
                        "{what}: exhaustive, as the manifest says"
                    );
                }
                Shape::Tuple(t) => {
                    let code = structs
                        .get(&ty.name)
                        .unwrap_or_else(|| panic!("{what} is a tuple struct"));
                    let syn::Fields::Unnamed(fields) = &code.fields else {
                        panic!("{what}: a tuple struct has unnamed fields");
                    };
                    let fields: Vec<String> =
                        fields.unnamed.iter().map(|f| spelled(&f.ty)).collect();
                    let listed: Vec<String> = t
                        .positions
                        .iter()
                        .chain(&t.rest)
                        .map(|ty| compact(ty))
                        .collect();
                    assert_eq!(listed, fields, "{what}: positions, then the rest");
                    assert!(
                        code.fields
                            .iter()
                            .all(|f| matches!(f.vis, syn::Visibility::Public(_))),
                        "{what}: every field is public"
                    );
                    assert!(!non_exhaustive(&code.attrs), "{what}: built as `Name(..)`");
                }
                Shape::Alias { target } => {
                    assert_eq!(aliases.get(&ty.name), Some(&compact(target)), "{what}");
                }
            }
        }
        for resource in &api.resources {
            let code = parse(&format!(
                "src/resources/{}.rs",
                resource.name.replace('.', "/")
            ));
            // The accessors of its sub-resources are the other resources' handles.
            let accessor = |f: &syn::ImplItemFn| {
                let path = format!("{}.{}", resource.name, f.sig.ident);
                api.resources.iter().any(|r| r.name == path)
            };
            let methods: Vec<(String, Vec<String>, String)> = code
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Impl(i) => Some(i),
                    _ => None,
                })
                .flat_map(|i| &i.items)
                .filter_map(|member| match member {
                    syn::ImplItem::Fn(f)
                        if matches!(f.vis, syn::Visibility::Public(_)) && !accessor(f) =>
                    {
                        Some(f)
                    }
                    _ => None,
                })
                .map(|f| {
                    let args = f
                        .sig
                        .inputs
                        .iter()
                        .filter_map(|a| match a {
                            syn::FnArg::Typed(t) => Some(spelled(&t.ty)),
                            syn::FnArg::Receiver(_) => None,
                        })
                        .collect();
                    let returns = match &f.sig.output {
                        syn::ReturnType::Type(_, ty) => spelled(ty),
                        syn::ReturnType::Default => "()".to_owned(),
                    };
                    (f.sig.ident.to_string(), args, returns)
                })
                .collect();
            // Each operation's method, then the pages and items methods of a list.
            let listed: Vec<(String, Vec<String>, String)> = resource
                .operations
                .iter()
                .flat_map(|op| {
                    let args: Vec<String> = op.params.iter().map(|p| compact(&p.ty)).collect();
                    let returns = compact(&op.returns);
                    let mut methods = vec![(
                        op.name.clone(),
                        args.clone(),
                        format!("PendingRequest<{returns}>"),
                    )];
                    if let Some(p) = &op.paginated {
                        methods.push((p.pages.clone(), args.clone(), format!("Pages<{returns}>")));
                        methods.push((
                            p.items.clone(),
                            args,
                            format!("Items<{returns},{}>", compact(&p.item)),
                        ));
                    }
                    methods
                })
                .collect();
            assert_eq!(listed, methods, "{name}: resources::{}", resource.name);
        }
    }
}
