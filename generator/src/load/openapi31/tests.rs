//! Table tests of the 3.1 rewrite: each 2020-12 form and the 3.0 form it becomes, and the
//! pointers of moved nodes mapped back.

use super::*;

/// The schemas as the rewrite leaves them, with the warnings (pointers mapped back), and
/// the origin of each pointer of `asked`, for a document whose only component is `S`.
fn rewrite(schema: Value, asked: &[&str]) -> (Value, Vec<String>, Vec<String>) {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"S": schema}}
    });
    let mut diagnostics = Diagnostics::default();
    let origins = normalise(&mut document, &mut diagnostics);
    let warnings = diagnostics
        .into_sorted()
        .into_iter()
        .map(|d| format!("{}: {}", origins.original(&d.pointer), d.message))
        .collect();
    let asked = asked.iter().map(|p| origins.original(p)).collect();
    assert_eq!(document["paths"], json!({}), "3.1 makes `paths` optional");
    (document["components"]["schemas"].take(), warnings, asked)
}

#[test]
fn null_in_a_type_array_is_nullable_and_several_types_a_union() {
    let (schemas, warnings, asked) = rewrite(
        json!({"type": ["integer", "string", "null"], "minimum": 1, "pattern": "^a",
               "format": "int32", "description": "d"}),
        &["#/components/schemas/S/oneOf/1/pattern"],
    );
    assert_eq!(
        schemas["S"],
        json!({"description": "d", "nullable": true, "oneOf": [
            {"type": "integer", "minimum": 1, "format": "int32"},
            {"type": "string", "pattern": "^a"}
        ]})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(asked, ["#/components/schemas/S/pattern"]);
    let (schemas, ..) = rewrite(json!({"type": ["null", "string"]}), &[]);
    assert_eq!(schemas["S"], json!({"type": "string", "nullable": true}));
    // An enum keeps, in each variant, the values of its type.
    let (schemas, ..) = rewrite(
        json!({"type": ["string", "integer"], "enum": ["a", 1]}),
        &[],
    );
    assert_eq!(
        schemas["S"],
        json!({"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [1]}]})
    );
}

#[test]
fn a_null_member_makes_the_union_nullable_and_the_others_keep_their_origin() {
    let (schemas, _, asked) = rewrite(
        json!({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/T"}]}),
        &["#/components/schemas/S/anyOf/0/$ref"],
    );
    assert_eq!(
        schemas["S"],
        json!({"anyOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
    );
    assert_eq!(asked, ["#/components/schemas/S/anyOf/1/$ref"]);
}

#[test]
fn a_reference_with_siblings_is_an_all_of() {
    let (schemas, _, asked) = rewrite(
        json!({"$ref": "#/components/schemas/T", "description": "d",
               "allOf": [{"required": ["a"]}]}),
        &[
            "#/components/schemas/S/allOf/0/$ref",
            "#/components/schemas/S/allOf/1/required",
        ],
    );
    assert_eq!(
        schemas["S"],
        json!({"description": "d", "allOf": [
            {"$ref": "#/components/schemas/T"}, {"required": ["a"]}
        ]})
    );
    assert_eq!(
        asked,
        [
            "#/components/schemas/S/$ref",
            "#/components/schemas/S/allOf/0/required"
        ]
    );
    // A reference alone stays as it is.
    let (schemas, ..) = rewrite(json!({"$ref": "#/components/schemas/T"}), &[]);
    assert_eq!(schemas["S"], json!({"$ref": "#/components/schemas/T"}));
}

#[test]
fn const_examples_and_exclusive_bounds_take_their_3_0_forms() {
    let (schemas, ..) = rewrite(
        json!({"type": "object", "properties": {
            "kind": {"const": "a"},
            "n": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10,
                  "maximum": 5, "examples": [3, 4]},
            "f": {"type": "number", "minimum": 1, "exclusiveMinimum": 1}
        }}),
        &[],
    );
    let properties = &schemas["S"]["properties"];
    assert_eq!(properties["kind"], json!({"type": "string", "enum": ["a"]}));
    assert_eq!(
        properties["n"],
        json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 5,
               "example": 3})
    );
    assert_eq!(
        properties["f"],
        json!({"type": "number", "minimum": 1, "exclusiveMinimum": true})
    );
}

#[test]
fn binary_content_is_a_format() {
    let (schemas, ..) = rewrite(
        json!({"type": "object", "properties": {
            "file": {"contentMediaType": "image/png"},
            "b64": {"type": "string", "contentEncoding": "base64"},
            "text": {"type": "string", "contentMediaType": "text/csv"}
        }}),
        &[],
    );
    let properties = &schemas["S"]["properties"];
    assert_eq!(
        properties["file"],
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        properties["b64"],
        json!({"type": "string", "format": "byte"})
    );
    assert_eq!(properties["text"], json!({"type": "string"}));
}

#[test]
fn definitions_become_components_and_references_follow_them() {
    let (schemas, _, asked) = rewrite(
        json!({"type": "object",
               "properties": {"p": {"$ref": "#/components/schemas/S/$defs/S"}},
               "$defs": {"S": {"type": "string"}}}),
        &["#/components/schemas/S_S/type"],
    );
    assert_eq!(
        schemas,
        json!({
            "S": {"type": "object", "properties": {"p": {"$ref": "#/components/schemas/S_S"}}},
            "S_S": {"type": "string"}
        })
    );
    assert_eq!(asked, ["#/components/schemas/S/$defs/S/type"]);
}

#[test]
fn references_by_anchor_or_id_name_the_node_that_declares_it() {
    let (schemas, ..) = rewrite(
        json!({"type": "object", "$anchor": "self", "$id": "https://example.com/s", "properties": {
            "again": {"$ref": "#self"},
            "other": {"$ref": "https://example.com/s"},
            "part": {"$ref": "#part"}
        }, "$defs": {"Part": {"$anchor": "part", "type": "string"}}}),
        &[],
    );
    let properties = &schemas["S"]["properties"];
    assert_eq!(
        properties["again"],
        json!({"$ref": "#/components/schemas/S"})
    );
    assert_eq!(
        properties["other"],
        json!({"$ref": "#/components/schemas/S"})
    );
    assert_eq!(
        properties["part"],
        json!({"$ref": "#/components/schemas/Part"})
    );
    assert_eq!(schemas["Part"], json!({"type": "string"}));
}

#[test]
fn constructs_without_a_rust_type_are_raw_json_with_a_warning() {
    let (schemas, warnings, _) = rewrite(
        json!({"type": "object", "properties": {
            "a": {"type": "object", "description": "d", "if": {}, "then": {}},
            "b": {"type": "object", "patternProperties": {"^x": {"type": "integer"}}},
            "c": {"type": "object", "properties": {"q": {}}, "patternProperties": {"^x": {}}},
            "e": false
        }, "unevaluatedProperties": false}),
        &[],
    );
    let properties = &schemas["S"]["properties"];
    assert_eq!(properties["a"], json!({"description": "d"}));
    assert_eq!(
        properties["b"],
        json!({"type": "object", "additionalProperties": {"type": "integer"}})
    );
    assert_eq!(properties["c"], json!({}));
    assert_eq!(properties["e"], json!({}));
    assert_eq!(schemas["S"].get("unevaluatedProperties"), None);
    let at = "#/components/schemas/S/properties";
    assert_eq!(
        warnings,
        [
            format!(
                "{at}/a/if: `if`/`then`/`else` is not supported; the value is kept as raw json"
            ),
            format!(
                "{at}/b/patternProperties: `patternProperties` is read as a map; the pattern of its keys is not checked"
            ),
            format!(
                "{at}/c/patternProperties: `patternProperties` is not supported; the value is kept as raw json"
            ),
            format!("{at}/e: the schema `false` admits no value; it is kept as raw json"),
        ]
    );
}

#[test]
fn a_tuple_keeps_its_positions_where_they_are_written() {
    let (schemas, warnings, asked) = rewrite(
        json!({"type": "object", "properties": {
            "closed": {"prefixItems": [{"type": ["integer", "null"]}, {"const": "a"}],
                       "minItems": 1, "items": false},
            "capped": {"type": "array", "prefixItems": [{}, {}], "items": false, "maxItems": 1},
            "rest": {"type": "array", "prefixItems": [{"type": "string"}],
                     "items": {"type": "boolean"}},
            "open": {"type": "array", "prefixItems": [false], "items": true}
        }}),
        &[
            "#/components/schemas/S/properties/closed/prefixItems/1/enum",
            "#/components/schemas/S/properties/rest/items/type",
            "#/components/schemas/S/properties/rest/prefixItems/0",
        ],
    );
    let properties = &schemas["S"]["properties"];
    assert_eq!(
        properties["closed"],
        json!({"type": "array", "minItems": 1, "maxItems": 2, "prefixItems": [
            {"type": "integer", "nullable": true},
            {"type": "string", "enum": ["a"]}
        ]})
    );
    assert_eq!(
        properties["capped"],
        json!({"type": "array", "maxItems": 1, "prefixItems": [{}, {}]})
    );
    assert_eq!(
        properties["rest"],
        json!({"type": "array", "prefixItems": [{"type": "string"}],
               "items": {"type": "boolean"}})
    );
    assert_eq!(
        properties["open"],
        json!({"type": "array", "prefixItems": [{}]})
    );
    let at = "#/components/schemas/S/properties";
    assert_eq!(
        warnings,
        [format!(
            "{at}/open/prefixItems/0: the schema `false` admits no value; it is kept as raw json"
        )]
    );
    assert_eq!(
        asked,
        [
            format!("{at}/closed/prefixItems/1/enum"),
            format!("{at}/rest/items/type"),
            format!("{at}/rest/prefixItems/0"),
        ]
    );
}

#[test]
fn the_innermost_move_maps_a_pointer() {
    let mut origins = Origins::default();
    let schemas = Pointer::root().join("components").join("schemas");
    let definition = schemas.join("O").join("$defs").join("N");
    origins.record(&schemas.join("N"), &definition);
    origins.record(&schemas.join("N").join("allOf").join(0), &definition);
    assert_eq!(
        origins.original("#/components/schemas/N/allOf/0/$ref"),
        "#/components/schemas/O/$defs/N/$ref"
    );
    assert_eq!(
        origins.original("#/components/schemas/N/properties/a"),
        "#/components/schemas/O/$defs/N/properties/a"
    );
    // A pointer that only starts with the same characters is not below the node.
    assert_eq!(
        origins.original("#/components/schemas/Name"),
        "#/components/schemas/Name"
    );
}

#[test]
fn inline_webhook_payloads_become_components_named_after_them() {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "webhooks": {
            "shipped": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"type": "object", "properties": {"id": {"type": ["string", "null"]}}}
            }}}}},
            "paid": {
                "post": {"requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}}},
                "put": {"requestBody": {"$ref": "#/components/requestBodies/Paid"}}
            },
            "known": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/shippedWebhook"}
            }}}}}
        },
        "components": {
            "schemas": {"shippedWebhook": {"type": "integer"}},
            "requestBodies": {"Paid": {"content": {"application/merge-patch+json": {
                "schema": {"type": "boolean"}
            }}}}
        }
    });
    let mut diagnostics = Diagnostics::default();
    let origins = normalise(&mut document, &mut diagnostics);
    let schemas = &document["components"]["schemas"];
    // The name a component already has is not taken again; 3.1 forms are rewritten.
    assert_eq!(schemas["shippedWebhook"], json!({"type": "integer"}));
    assert_eq!(
        schemas["shippedWebhook2"],
        json!({"type": "object", "properties": {"id": {"type": "string", "nullable": true}}})
    );
    assert_eq!(schemas["paidPostWebhook"], json!({"type": "string"}));
    assert_eq!(schemas["paidPutWebhook"], json!({"type": "boolean"}));
    assert_eq!(
        origins.original("#/components/schemas/shippedWebhook2/properties/id"),
        "#/webhooks/shipped/post/requestBody/content/application~1json/schema/properties/id"
    );
    assert_eq!(
        origins.original("#/components/schemas/paidPutWebhook"),
        "#/components/requestBodies/Paid/content/application~1merge-patch+json/schema"
    );
    let messages: Vec<String> = diagnostics
        .into_sorted()
        .into_iter()
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with("#/webhooks/known:")
            && m.ends_with("decodes into the type of the schema `shippedWebhook`")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("#/webhooks/paid:")
            && m.contains("(as the schema `paidPostWebhook`), a type named after it (as the schema `paidPutWebhook`)")),
        "{messages:#?}"
    );
}
