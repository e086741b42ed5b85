//! Public names are stable under additions: schemas, properties and operations added at the
//! start of a corpus spec (nexus) or of the untagged fixture (grouped by its paths) add names,
//! and rename nothing that was there, even where a new name collides with an old one.

use std::collections::BTreeMap;

use codegen::ir::{Api, TypeKind};
use serde_json::{Map, Value, json};

/// Every public name of the crate made from `api`, keyed by what it names: types by their
/// origin and hint, fields and variants by their type's key and wire name, resources and
/// methods by the operation's method and path.
fn public_names(api: &Api) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let key_of = |id: codegen::ir::TypeId| {
        let def = &api.types[id];
        format!("{} ({})", def.origin, def.hint.text)
    };
    for (i, def) in api.types.iter().enumerate() {
        let key = key_of(codegen::ir::TypeId(i));
        let mut add = |what: &str, wire: &str, name: &str| {
            let previous = names.insert(format!("{key} {what} {wire}"), name.to_owned());
            assert!(previous.is_none(), "two names for {key} {what} {wire}");
        };
        add("type", "", &def.name);
        match &def.kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    add("field", &field.wire, &field.name);
                }
            }
            TypeKind::Enum(e) => {
                for variant in &e.variants {
                    add("variant", &variant.wire, &variant.name);
                }
            }
            TypeKind::Tagged(u) => {
                for variant in &u.variants {
                    add("variant", &variant.tag_value, &variant.name);
                }
            }
            TypeKind::Untagged(u) => {
                for (i, variant) in u.variants.iter().enumerate() {
                    add("variant", &i.to_string(), &variant.name);
                }
            }
            // A tuple's fields are its positions, which have no names.
            TypeKind::Alias(_) | TypeKind::ByStatus(_) | TypeKind::Tuple(_) => {}
        }
    }
    for resource in &api.resources {
        for op in &resource.operations {
            let key = format!("{} {}", op.method, op.path);
            names.insert(format!("{key} resource"), resource.path("."));
            names.insert(format!("{key} handle"), resource.type_name.clone());
            names.insert(format!("{key} method"), op.name.clone());
            for param in &op.path_params {
                names.insert(format!("{key} path {}", param.wire), param.name.clone());
            }
            if let Some(parameters) = &op.parameters {
                let type_name = api.types[parameters.type_id].name.clone();
                names.insert(format!("{key} parameters"), type_name);
                for (field, _) in &parameters.fields {
                    names.insert(
                        format!("{key} parameter {}", field.wire),
                        field.name.clone(),
                    );
                }
            }
        }
    }
    names
}

/// `map` with `entries` before what it had.
fn prepend(map: &mut Map<String, Value>, entries: Value) {
    let Value::Object(entries) = entries else {
        panic!("entries must be an object");
    };
    let old = std::mem::take(map);
    map.extend(entries);
    map.extend(old);
}

fn object(value: &mut Value) -> &mut Map<String, Value> {
    value.as_object_mut().expect("an object")
}

/// The names `original` lost or changed in `changed`, one a line.
fn renamed(original: &Value, changed: &Value) -> (Vec<String>, BTreeMap<String, String>) {
    let before = public_names(&codegen::lower(&original.to_string()).expect("the spec lowers"));
    let after =
        public_names(&codegen::lower(&changed.to_string()).expect("the changed spec lowers"));
    let renamed = before
        .iter()
        .filter(|(key, name)| after.get(*key) != Some(name))
        .map(|(key, name)| format!("{key}: {name} -> {:?}", after.get(key)))
        .collect();
    (renamed, after)
}

#[test]
fn additions_at_the_start_of_an_untagged_spec_rename_nothing() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/models/untagged_paths.yaml"
    ))
    .expect("the fixture is readable");
    let original: Value = serde_yaml::from_str(&text).expect("the fixture is YAML");
    let mut changed = original.clone();
    let ok = json!({"200": {"description": "ok"}});
    let customer =
        json!({"name": "customer", "in": "path", "required": true, "schema": {"type": "string"}});
    let invoice =
        json!({"name": "invoice", "in": "path", "required": true, "schema": {"type": "string"}});
    let id = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}});
    prepend(
        object(&mut changed["paths"]),
        json!({
            // A new resource.
            "/v1/refunds": {"post": {"operationId": "PostRefunds", "responses": ok}},
            // `pay` on `invoices` too: first in the document, after it by pointer.
            "/v1/invoices/{invoice}/settle": {"post": {
                "operationId": "pay", "parameters": [invoice], "responses": ok
            }},
            // A sub-resource `search`, whose accessor meets the method `customers.search`.
            "/v1/customers/{customer}/search/{id}": {"get": {
                "parameters": [customer, id], "responses": ok
            }}
        }),
    );
    let (renamed, after) = renamed(&original, &changed);
    assert!(renamed.is_empty(), "renamed:\n{}", renamed.join("\n"));
    let added = |key: &str| after.get(key).map(String::as_str);
    assert_eq!(added("POST /v1/refunds resource"), Some("refunds"));
    assert_eq!(added("POST /v1/refunds method"), Some("create"));
    assert_eq!(
        added("POST /v1/invoices/{invoice}/settle method"),
        Some("pay_2")
    );
    assert_eq!(
        added("GET /v1/customers/{customer}/search/{id} resource"),
        Some("customers.search_2")
    );
}

#[test]
fn additions_at_the_start_of_nexus_rename_nothing() {
    let original: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/specs/oxide/nexus.json"
        ))
        .expect("nexus.json is readable"),
    )
    .expect("nexus.json is JSON");
    let mut changed = original.clone();

    let schemas = object(&mut changed["components"]["schemas"]);
    prepend(
        schemas,
        json!({
            // `Bin` + `RangedoubleRangeTo` is the name of nexus's inline variant
            // `BinRangedouble` + `_range_to`, which is nearer its owner and keeps it.
            "Bin": {
                "type": "object",
                "properties": {
                    "rangedouble_range_to": {"type": "string", "enum": ["a", "b"]},
                    "rangedouble_range": {"type": "object", "properties": {"x": {"type": "string"}}}
                }
            },
            "AddedFirst": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["x"]}}
            }
        }),
    );
    // A property whose Rust name is an existing field's: `serial` keeps it.
    let baseboard = object(&mut schemas["Baseboard"]["properties"]);
    prepend(
        baseboard,
        json!({
            "Serial": {"type": "string"},
            "added_detail": {"type": "object", "properties": {"note": {"type": "string"}}}
        }),
    );

    let paths = object(&mut changed["paths"]);
    prepend(
        paths,
        json!({
            // Its method is `view_by_id` too, as `disk_view_by_id`'s is, in the same resource;
            // first in the document, but after it by pointer.
            "/zzz/disks/{id}": {"get": {
                "tags": ["disks"],
                "operationId": "disks_view_by_id",
                "parameters": [
                    {"in": "path", "name": "id", "required": true, "schema": {"type": "string"}},
                    {"in": "query", "name": "mode", "schema": {"type": "string", "enum": ["fast"]}}
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"size": {"type": "integer"}}}
                }}}}
            }},
            "/added/things": {"post": {
                "tags": ["added-things"],
                "operationId": "thing_create",
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/AddedFirst"}
                }}},
                "responses": {"201": {"description": "created", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/AddedFirst"}
                }}}}
            }}
        }),
    );

    let before = public_names(&codegen::lower(&original.to_string()).expect("nexus lowers"));
    let (renamed, after) = renamed(&original, &changed);
    assert!(renamed.is_empty(), "renamed:\n{}", renamed.join("\n"));
    let added = after.len() - before.len();
    assert!(added >= 20, "the additions are named: {added}");
    // The new names that collided got numbers.
    let values: Vec<&String> = after.values().collect();
    for name in [
        "BinRangedoubleRangeTo2",
        "serial_2",
        "view_by_id_2",
        "AddedThings",
    ] {
        assert!(
            values.iter().any(|v| *v == name),
            "{name} is among the new names"
        );
    }
}
