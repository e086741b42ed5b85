//! Property tests of the generator: random well-formed specs, and random mutations of the
//! project's spec, of the Oxide specs of the corpus (`tests/specs/oxide`) and of the 3.1
//! fixtures (`fixtures/models/openapi31_*`), never make it panic; whatever it emits parses
//! as Rust; and generating twice gives the same bytes, or the same diagnostics.
//!
//! Case counts keep the whole file at a few seconds of a debug build on two cores; run with
//! `PROPTEST_CASES=1000` for a longer hunt.

use std::path::PathBuf;
use std::sync::OnceLock;

use codegen::{Options, Severity};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use serde_json::{Map, Value, json};

/// Names that are hard on a generator: keywords, prelude types, unicode, digits, the empty
/// name, and spellings that collide after case conversion.
const AWKWARD_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "async",
    "fn",
    "match",
    "Option",
    "Result",
    "Error",
    "Unknown",
    "value",
    "café",
    "日本",
    "ñ",
    "2fa",
    "123",
    "0",
    "",
    " ",
    "foo-bar",
    "foo_bar",
    "fooBar",
    "FOO BAR",
    "a.b",
    "$ref",
    "id",
    "kind",
    "x-request-id",
    "_",
    "__",
    "r#type",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(AWKWARD_NAMES).prop_map(str::to_owned),
        2 => "[a-z][a-zA-Z0-9_]{0,8}",
        1 => "\\PC{0,6}",
    ]
}

/// Component schema names: the first `count` entries of a list drawn up front, so that
/// references can always point at a schema that exists.
const COMPONENTS: usize = 4;

/// A schema that is neither an object nor a composition.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        (any::<bool>(), prop::option::of(-5i64..5)).prop_map(|(int32, minimum)| {
            let mut schema = json!({"type": "integer"});
            if int32 {
                schema["format"] = json!("int32");
            }
            if let Some(minimum) = minimum {
                schema["minimum"] = json!(minimum);
            }
            schema
        }),
        Just(json!({"type": "number", "format": "float"})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        prop::collection::vec(name(), 1..5)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        prop::collection::vec(-3i64..100, 1..4)
            .prop_map(|values| json!({"type": "integer", "enum": values})),
        (0..COMPONENTS)
            .prop_map(|i| json!({"$ref": format!("#/components/schemas/{}", component_key(i))})),
    ]
}

/// Keys of the component schemas; awkward ones among them.
fn component_key(i: usize) -> &'static str {
    ["Pet", "self", "Pet-Kind", "Ünïcode"][i % COMPONENTS]
}

/// An object schema with `properties` drawn from `inner`.
fn object(inner: BoxedStrategy<Value>) -> impl Strategy<Value = Value> {
    (
        prop::collection::vec((name(), inner, any::<bool>()), 1..4),
        any::<bool>(),
        prop::option::of(leaf()),
    )
        .prop_map(|(properties, nullable, additional)| {
            let mut map = Map::new();
            let mut required = Vec::new();
            for (name, schema, is_required) in properties {
                if is_required {
                    required.push(json!(name));
                }
                map.insert(name, schema);
            }
            let mut schema = json!({"type": "object", "properties": map});
            if !required.is_empty() {
                schema["required"] = Value::Array(required);
            }
            if nullable {
                schema["nullable"] = json!(true);
            }
            if let Some(additional) = additional {
                schema["additionalProperties"] = additional;
            }
            schema
        })
}

/// A tagged union: each variant an object whose `kind` has a single value.
fn tagged_union(inner: BoxedStrategy<Value>) -> impl Strategy<Value = Value> {
    prop::collection::vec((name(), inner), 2..4).prop_map(|variants| {
        let one_of: Vec<Value> = variants
            .into_iter()
            .enumerate()
            .map(|(i, (tag, payload))| {
                json!({
                    "type": "object",
                    "required": ["kind"],
                    "properties": {
                        "kind": {"type": "string", "enum": [format!("{tag}{i}")]},
                        "payload": payload,
                    }
                })
            })
            .collect();
        json!({"oneOf": one_of, "discriminator": {"propertyName": "kind"}})
    })
}

/// Random schema trees, a few levels deep.
fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 24, 4, |inner| {
        let inner = inner.boxed();
        prop_oneof![
            object(inner.clone()),
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items})),
            prop::collection::vec(inner.clone(), 1..4)
                .prop_map(|members| json!({"oneOf": members})),
            prop::collection::vec(inner.clone(), 1..3)
                .prop_map(|members| json!({"anyOf": members})),
            tagged_union(inner.clone()),
            (object(inner.clone()), object(inner.clone()))
                .prop_map(|(a, b)| json!({"allOf": [a, b]})),
            inner.clone().prop_map(|mut schema| {
                if let Some(object) = schema.as_object_mut() {
                    object.insert("nullable".to_owned(), json!(true));
                }
                schema
            }),
        ]
    })
}

/// One operation: parameters in the path, query and headers, maybe a body and a response.
fn operation() -> impl Strategy<Value = (String, Value)> {
    (
        proptest::sample::select(&["get", "post", "put", "patch", "delete"][..]),
        prop::option::of(("[a-z]{1,6}", name())),
        prop::collection::vec((name(), leaf(), any::<bool>()), 0..3),
        prop::option::of(schema()),
        prop::option::of(schema()),
        prop::option::of(name()),
    )
        .prop_map(|(method, id, params, body, response, tag)| {
            let mut operation = json!({"responses": {"204": {"description": "no content"}}});
            if let Some((resource, method_name)) = id {
                operation["operationId"] = json!(format!("{resource}.{method_name}"));
            }
            if let Some(tag) = tag {
                operation["tags"] = json!([tag]);
            }
            let parameters: Vec<Value> = params
                .into_iter()
                .map(|(name, schema, in_header)| {
                    json!({
                        "name": name,
                        "in": if in_header { "header" } else { "query" },
                        "schema": schema,
                    })
                })
                .collect();
            operation["parameters"] = Value::Array(parameters);
            if let Some(body) = body {
                operation["requestBody"] =
                    json!({"content": {"application/json": {"schema": body}}});
            }
            if let Some(response) = response {
                operation["responses"]["200"] = json!({
                    "description": "ok",
                    "content": {"application/json": {"schema": response}},
                });
            }
            (method.to_owned(), operation)
        })
}

/// A small, well-formed OpenAPI document, as YAML or JSON text.
fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(schema(), COMPONENTS),
        prop::collection::vec(("[a-z]{1,5}", name(), operation()), 0..4),
        any::<bool>(),
    )
        .prop_map(|(schemas, paths, as_yaml)| {
            let mut components = Map::new();
            for (i, schema) in schemas.into_iter().enumerate() {
                components.insert(component_key(i).to_owned(), schema);
            }
            let mut path_items = Map::new();
            for (segment, parameter, (method, mut operation)) in paths {
                // A path parameter named like the awkward name, declared as the template says.
                let template = format!("{{{}}}", parameter.replace(['{', '}', '/'], "p"));
                let wire = &template[1..template.len() - 1];
                let path = format!("/{segment}/{template}");
                if let Some(parameters) = operation["parameters"].as_array_mut() {
                    parameters.push(json!({
                        "name": wire, "in": "path", "required": true, "schema": {"type": "string"}
                    }));
                }
                let item = path_items.entry(path).or_insert_with(|| json!({}));
                item[method] = operation;
            }
            let document = json!({
                "openapi": "3.0.3",
                "info": {"title": "Random", "version": "1"},
                "paths": path_items,
                "components": {"schemas": components},
            });
            if as_yaml {
                serde_yaml::to_string(&document).unwrap_or_default()
            } else {
                serde_json::to_string_pretty(&document).unwrap_or_default()
            }
        })
}

/// Generates from `spec` twice and checks what any spec must give: the same result both
/// times, Rust that parses, and an error among the diagnostics of a failure.
fn generates_consistently(spec: &str) -> Result<(), TestCaseError> {
    let options = Options::new("random", "random.yaml");
    // On a main thread's stack (8 MiB), where the xtask and build scripts run the generator:
    // a test thread's 2 MiB is not enough for the deepest random documents in a debug build.
    let generate = || {
        let (spec, options) = (spec.to_owned(), options.clone());
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || codegen::generate(&spec, &options))
            .expect("a thread starts")
            .join()
            .expect("generation does not panic")
    };
    let first = generate();
    let second = generate();
    prop_assert_eq!(&first, &second, "two runs differ");
    match first {
        Ok(output) => {
            for file in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(error) = syn::parse_file(&file.contents) {
                    return Err(TestCaseError::fail(format!(
                        "{} is not Rust: {error}\n{}",
                        file.path, file.contents
                    )));
                }
            }
            prop_assert!(
                output
                    .warnings
                    .iter()
                    .all(|w| w.severity == Severity::Warning)
            );
        }
        Err(diagnostics) => {
            prop_assert!(
                diagnostics.iter().any(|d| d.severity == Severity::Error),
                "a failure without an error: {:?}",
                diagnostics
            );
        }
    }
    Ok(())
}

/// `default` cases, or as many as `PROPTEST_CASES` asks for.
fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(cases(96))]

    #[test]
    fn random_specs_generate_consistently(spec in document()) {
        generates_consistently(&spec)?;
    }
}

// ------------------------------------------------------------------------------- mutations

/// The project's spec, every Oxide spec of the corpus and the OpenAPI 3.1 fixtures, parsed,
/// with their names, smallest first.
fn real_specs() -> &'static [(String, Value)] {
    static SPECS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let root = revox_tests::root();
        let mut paths: Vec<PathBuf> = vec![root.join("spec/openapi.yaml")];
        let corpus = root.join("tests/specs/oxide");
        let mut found: Vec<PathBuf> = std::fs::read_dir(&corpus)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", corpus.display()))
            .map(|entry| entry.expect("a folder entry").path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("json" | "yaml")
                )
            })
            .collect();
        found.sort();
        paths.extend(found);
        // The 3.1 fixtures, whose mutations go through the rewrite into the 3.0 model.
        let fixtures = root.join("tests/fixtures/models");
        let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&fixtures)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", fixtures.display()))
            .map(|entry| entry.expect("a folder entry").path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("openapi31_"))
            })
            .collect();
        fixtures.sort();
        paths.extend(fixtures);
        let mut specs: Vec<(usize, String, Value)> = paths
            .into_iter()
            .map(|path| {
                let text = revox_tests::read(&path);
                let value: Value = serde_yaml::from_str(&text)
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
                (text.len(), name.to_owned(), value)
            })
            .collect();
        assert!(specs.len() >= 8, "specs missing: {}", specs.len());
        // Smallest first, so that the last one is the largest.
        specs.sort_by_key(|(size, name, _)| (*size, name.clone()));
        specs
            .into_iter()
            .map(|(_, name, value)| (name, value))
            .collect()
    })
}

/// Every node of `value`, as the path of keys and indexes leading to it, in document order.
fn node_paths(value: &Value) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut pending: Vec<(&Value, Vec<Step>)> = vec![(value, Vec::new())];
    while let Some((node, path)) = pending.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter().rev() {
                    let mut child_path = path.clone();
                    child_path.push(Step::Key(key.clone()));
                    pending.push((child, child_path));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    let mut child_path = path.clone();
                    child_path.push(Step::Index(i));
                    pending.push((child, child_path));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// What to do to the chosen node.
#[derive(Debug, Clone)]
enum Mutation {
    /// Remove it from its parent.
    Delete,
    /// Replace it by this value (of another JSON type, when it can be).
    Replace(Value),
    /// Copy it beside itself, under this new key (or at the end of its array).
    Duplicate(String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let replacement = prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(42)),
        Just(json!(-1.5)),
        Just(json!("text")),
        Just(json!("#/components/schemas/Nowhere")),
        Just(json!([])),
        Just(json!({})),
        Just(json!(["x", 1])),
        Just(json!({"$ref": "#/components/schemas/Nowhere"})),
        Just(json!({"type": "object", "properties": {"a": {"type": "string"}}})),
    ];
    prop_oneof![
        Just(Mutation::Delete),
        replacement.prop_map(Mutation::Replace),
        name().prop_map(Mutation::Duplicate),
    ]
}

fn parent_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut node = root;
    for step in path {
        node = match step {
            Step::Key(key) => node.get_mut(key.as_str())?,
            Step::Index(i) => node.get_mut(*i)?,
        };
    }
    Some(node)
}

/// `replacement`, or, when it has the JSON type of `current`, a value of another type.
fn another_type(current: &Value, replacement: &Value) -> Value {
    match (current, replacement) {
        (Value::String(_), Value::String(_)) => json!(7),
        (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => json!("replaced"),
        _ => replacement.clone(),
    }
}

/// Applies `mutation` to the node at `path` (the root is only ever replaced).
fn mutate(document: &mut Value, path: &[Step], mutation: &Mutation) {
    let Some((last, parent_path)) = path.split_last() else {
        if let Mutation::Replace(value) = mutation {
            *document = value.clone();
        }
        return;
    };
    let Some(parent) = parent_mut(document, parent_path) else {
        return;
    };
    match (mutation, last, parent) {
        (Mutation::Delete, Step::Key(key), Value::Object(map)) => {
            map.shift_remove(key);
        }
        (Mutation::Delete, Step::Index(i), Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
        }
        (Mutation::Replace(value), Step::Key(key), Value::Object(map)) => {
            if let Some(slot) = map.get_mut(key) {
                *slot = another_type(slot, value);
            }
        }
        (Mutation::Replace(value), Step::Index(i), Value::Array(items)) => {
            if let Some(slot) = items.get_mut(*i) {
                *slot = another_type(slot, value);
            }
        }
        (Mutation::Duplicate(new_key), Step::Key(key), Value::Object(map)) => {
            if let Some(copy) = map.get(key).cloned() {
                map.insert(format!("{key}{new_key}"), copy);
            }
        }
        (Mutation::Duplicate(_), Step::Index(i), Value::Array(items)) => {
            if let Some(copy) = items.get(*i).cloned() {
                items.push(copy);
            }
        }
        _ => {}
    }
}

/// Mutates the spec `which` (an index into [`real_specs`], limited to `range`) at a random
/// node and checks the result, written as YAML or JSON.
fn mutated_spec_generates_consistently(
    which: Index,
    range: std::ops::Range<usize>,
    node: Index,
    mutations: &[Mutation],
    as_yaml: bool,
) -> Result<(), TestCaseError> {
    let specs = &real_specs()[range];
    let (name, original) = which.get(specs);
    let mut document = original.clone();
    for mutation in mutations {
        let paths = node_paths(&document);
        let path = node.get(&paths).clone();
        mutate(&mut document, &path, mutation);
    }
    let text = if as_yaml {
        serde_yaml::to_string(&document).unwrap_or_default()
    } else {
        serde_json::to_string(&document).unwrap_or_default()
    };
    generates_consistently(&text)
        .map_err(|error| TestCaseError::fail(format!("{name} after {mutations:?}: {error}")))
}

/// All of [`real_specs`] but the largest, which is mutated less often.
fn small_specs() -> std::ops::Range<usize> {
    0..real_specs().len() - 1
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn mutated_real_specs_generate_consistently(
        which in any::<Index>(),
        node in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        as_yaml in any::<bool>(),
    ) {
        mutated_spec_generates_consistently(which, small_specs(), node, &mutations, as_yaml)?;
    }
}

proptest! {
    // The largest of them (nexus) takes most of a second per case in a debug build.
    #![proptest_config(cases(4))]

    #[test]
    fn mutated_largest_spec_generates_consistently(
        which in any::<Index>(),
        node in any::<Index>(),
        mutation in mutation(),
    ) {
        let largest = small_specs().end..real_specs().len();
        mutated_spec_generates_consistently(which, largest, node, &[mutation], false)?;
    }
}
