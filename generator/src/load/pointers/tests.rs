//! Table tests of pointer references: what each becomes, the name of each new component,
//! the warnings and the origins of moved nodes.

use super::*;

/// The document after `hoist`, its warnings (pointer: message) and the origin of each
/// pointer of `asked`.
fn hoisted(mut document: Value, asked: &[&str]) -> (Value, Vec<String>, Vec<String>) {
    let mut origins = Origins::default();
    let mut diagnostics = Diagnostics::default();
    hoist(&mut document, &mut origins, &mut diagnostics);
    let warnings = diagnostics
        .into_sorted()
        .into_iter()
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect();
    let asked = asked.iter().map(|p| origins.original(p)).collect();
    (document, warnings, asked)
}

fn owner_schema() -> Value {
    json!({"type": "object", "properties": {"name": {"type": "string"}}})
}

#[test]
fn a_pointer_into_a_property_makes_it_a_component_both_places_refer_to() {
    let document = json!({
        "paths": {},
        "components": {"schemas": {
            "Pet": {"type": "object", "properties": {"owner": owner_schema()}},
            "Shop": {"type": "object", "properties": {
                "keeper": {"$ref": "#/components/schemas/Pet/properties/owner"}
            }}
        }}
    });
    let (document, warnings, asked) = hoisted(
        document,
        &["#/components/schemas/owner/properties/name/type"],
    );
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["owner"], owner_schema());
    assert_eq!(
        schemas["Pet"]["properties"]["owner"],
        json!({"$ref": "#/components/schemas/owner"})
    );
    assert_eq!(
        schemas["Shop"]["properties"]["keeper"],
        json!({"$ref": "#/components/schemas/owner"})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        asked,
        ["#/components/schemas/Pet/properties/owner/properties/name/type"]
    );
}

#[test]
fn names_come_from_the_location_and_give_way_to_components() {
    let document = json!({
        "paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {
                "type": "array",
                "items": {"type": "object", "properties": {"owner": owner_schema()}}
            }}}
        }}}}},
        "components": {"schemas": {
            // Taken as a type name, though spelled otherwise.
            "Owner": {"type": "string"},
            "Pets": {"type": "array", "items": owner_schema()},
            "Uses": {"type": "object", "properties": {
                "a": {"$ref": "#/paths/~1pets/get/responses/200/content/application~1json/schema/items/properties/owner"},
                "b": {"$ref": "#/components/schemas/Pets/items"},
                "c": {"$ref": "#/paths/~1pets/get/responses/200/content/application~1json/schema"}
            }}
        }}
    });
    let (document, warnings, _) = hoisted(document, &[]);
    let schemas = &document["components"]["schemas"];
    let uses = &schemas["Uses"]["properties"];
    assert_eq!(
        uses["a"],
        json!({"$ref": "#/components/schemas/listPets_owner"})
    );
    assert_eq!(uses["b"], json!({"$ref": "#/components/schemas/Pets_item"}));
    assert_eq!(
        uses["c"],
        json!({"$ref": "#/components/schemas/listPets_200_response"})
    );
    // The inner schema moved first, so the outer one refers to it.
    assert_eq!(
        schemas["listPets_200_response"]["items"]["properties"]["owner"],
        json!({"$ref": "#/components/schemas/listPets_owner"})
    );
    assert_eq!(schemas["listPets_owner"], owner_schema());
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_pointer_to_a_reference_becomes_that_reference() {
    let document = json!({
        "paths": {},
        "components": {"schemas": {
            "Owner": owner_schema(),
            "Pet": {"type": "object", "properties": {
                "owner": {"$ref": "#/components/schemas/Owner"},
                "again": {"$ref": "#/components/schemas/Pet/properties/owner"},
                "third": {"$ref": "#/components/schemas/Pet/properties/again"}
            }}
        }}
    });
    let (document, warnings, _) = hoisted(document, &[]);
    let pet = &document["components"]["schemas"]["Pet"]["properties"];
    for field in ["owner", "again", "third"] {
        assert_eq!(
            pet[field],
            json!({"$ref": "#/components/schemas/Owner"}),
            "{field}"
        );
    }
    assert_eq!(
        document["components"]["schemas"].as_object().map(Map::len),
        Some(2)
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn pointers_to_nothing_to_no_schema_or_round_in_a_cycle_are_raw_json_with_a_warning() {
    let document = json!({
        "paths": {},
        "components": {
            "responses": {"NotFound": {"description": "missing"}},
            "schemas": {"Pet": {"type": "object", "properties": {
                "gone": {"$ref": "#/components/schemas/Pet/properties/nothing"},
                "response": {"$ref": "#/components/responses/NotFound"},
                "ping": {"$ref": "#/components/schemas/Pet/properties/pong"},
                "pong": {"$ref": "#/components/schemas/Pet/properties/ping"},
                "external": {"$ref": "other.yaml#/Pet"}
            }}}
        }
    });
    let (document, warnings, _) = hoisted(document, &[]);
    let pet = &document["components"]["schemas"]["Pet"]["properties"];
    for field in ["gone", "response", "ping", "pong"] {
        assert_eq!(pet[field], json!({}), "{field}");
    }
    assert_eq!(pet["external"], json!({"$ref": "other.yaml#/Pet"}));
    let at = "#/components/schemas/Pet/properties";
    assert_eq!(
        warnings,
        [
            format!(
                "{at}/gone/$ref: `$ref: {at}/nothing` points at nothing in the document; the value is kept as raw json"
            ),
            format!(
                "{at}/ping/$ref: `$ref: {at}/pong` is a cycle of references with no schema in between ({at}/pong -> {at}/ping -> {at}/pong); the value is kept as raw json"
            ),
            format!(
                "{at}/pong/$ref: `$ref: {at}/ping` is a cycle of references with no schema in between ({at}/ping -> {at}/pong -> {at}/ping); the value is kept as raw json"
            ),
            format!(
                "{at}/response/$ref: `$ref: #/components/responses/NotFound` points at something that is not a schema; the value is kept as raw json"
            ),
        ]
    );
}

#[test]
fn escaped_segments_and_discriminator_mappings_are_followed() {
    let document = json!({
        "paths": {"/pets/{id}": {"get": {"responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": owner_schema()}}
        }}}}},
        "components": {"schemas": {
            "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
            "Any": {
                "oneOf": [{"$ref": "#/paths/~1pets~1%7Bid%7D/get/responses/200/content/application~1json/schema"}],
                "discriminator": {"propertyName": "kind", "mapping": {
                    "owner": "#/paths/~1pets~1%7Bid%7D/get/responses/200/content/application~1json/schema"
                }}
            }
        }}
    });
    let (document, warnings, asked) = hoisted(
        document,
        &["#/components/schemas/get_pets_id_200_response/properties"],
    );
    let component = json!({"$ref": "#/components/schemas/get_pets_id_200_response"});
    let any = &document["components"]["schemas"]["Any"];
    assert_eq!(any["oneOf"][0], component);
    assert_eq!(any["discriminator"]["mapping"]["owner"], component["$ref"]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        asked,
        ["#/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/properties"]
    );
}

#[test]
fn in_a_3_1_document_nodes_the_rewrite_moved_keep_their_origin_when_hoisted() {
    let text = r##"
openapi: 3.1.0
info: {title: t, version: "1"}
components:
  schemas:
    Tag: {type: string}
    Pet:
      type: object
      properties:
        owner:
          type: object
          properties:
            tag: {$ref: '#/components/schemas/Tag', description: d}
    Shop:
      type: object
      properties:
        keeper: {$ref: '#/components/schemas/Pet/properties/owner'}
"##;
    let mut diagnostics = Diagnostics::default();
    let loaded = crate::load::load_located(text, &mut diagnostics);
    assert!(diagnostics.into_sorted().is_empty());
    let origins = loaded.map(|loaded| loaded.origins).unwrap_or_default();
    assert_eq!(
        origins.original("#/components/schemas/owner/properties/tag/allOf/0/$ref"),
        "#/components/schemas/Pet/properties/owner/properties/tag/$ref"
    );
    assert_eq!(
        origins.original("#/components/schemas/owner/properties/tag/description"),
        "#/components/schemas/Pet/properties/owner/properties/tag/description"
    );
}

#[test]
fn a_tuple_position_is_a_schema_references_reach_and_leave() {
    let document = json!({
        "paths": {},
        "components": {"schemas": {
            "Pair": {"type": "array", "prefixItems": [
                owner_schema(),
                {"$ref": "#/components/schemas/Shop/properties/keeper"}
            ]},
            "Shop": {"type": "object", "properties": {"keeper": owner_schema()}},
            "First": {"$ref": "#/components/schemas/Pair/prefixItems/0"}
        }}
    });
    let (document, warnings, _) = hoisted(document, &[]);
    let schemas = &document["components"]["schemas"];
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(
        schemas["Pair"]["prefixItems"],
        json!([
            {"$ref": "#/components/schemas/Pair_item0"},
            {"$ref": "#/components/schemas/keeper"}
        ])
    );
    assert_eq!(schemas["Pair_item0"], owner_schema());
    assert_eq!(schemas["keeper"], owner_schema());
    assert_eq!(
        schemas["First"],
        json!({"$ref": "#/components/schemas/Pair_item0"})
    );
}
