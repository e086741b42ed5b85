//! The graph the tree front end builds: ids, origins, references, cycles, and what lowering
//! reads a schema as; and that it reads every schema as the `openapiv3` model does
//! (`openapi30.rs`, the oracle), refusing what the model refuses.

use std::path::Path;

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::{Value, json};

use super::{Additional, Graph, Kind, SchemaId, Type, openapi30, tree};
use crate::diagnostics::Pointer;
use crate::refs::Unresolved;

fn document(text: &str) -> Result<Value, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// The graph of `document`, read from its tree, `prefixItems` as a tuple.
fn build(document: &Value) -> Graph {
    let mut document = document.clone();
    tree::take(&mut document, true)
        .read()
        .unwrap_or_else(|_| Graph::default())
}

/// Everything a graph holds, in an order that does not depend on hashing.
fn summary(graph: &Graph) -> String {
    let mut roots: Vec<String> = graph
        .root_origins
        .iter()
        .map(|(at, id)| format!("{at} {id:?}"))
        .collect();
    roots.sort();
    format!(
        "{:#?}\n{:?}\n{}\n{roots:#?}",
        graph.nodes, graph.roots, graph.components
    )
}

/// The graph of the one component `schema`, read from the tree as a 3.0 schema, and as the
/// model reads it (`Err` where the model refuses it).
fn both_readings(schema: &Value) -> (Result<String, ()>, Result<String, String>) {
    let mut document = json!({"components": {"schemas": {"S": schema}}});
    let from_tree = tree::take(&mut document, false)
        .read()
        .map(|graph| summary(&graph))
        .map_err(drop);
    let from_model = serde_json::from_value::<ReferenceOr<openapiv3::Schema>>(schema.clone())
        .map(|schema| {
            let mut api = OpenAPI::default();
            api.components
                .get_or_insert_with(Default::default)
                .schemas
                .insert("S".to_owned(), schema);
            summary(&openapi30::build(&api))
        })
        .map_err(|e| e.to_string());
    (from_tree, from_model)
}

#[test]
fn each_schema_reads_as_the_model_reads_it() -> Result<(), String> {
    let schemas = [
        // Typed forms keep an integer's bounds whole and a number's values as floats; the
        // catch-all form keeps bounds as floats and values as written.
        json!({"type": "integer", "minimum": 1, "maximum": 9, "multipleOf": 3, "enum": [3, null]}),
        json!({"type": "integer", "minimum": 1, "pattern": "x"}),
        json!({"type": "integer", "minimum": 1.5}),
        json!({"type": "integer", "maximum": 18446744073709551615u64}),
        json!({"type": "number", "enum": [1, 2.5, null], "minimum": 0}),
        json!({"type": "number", "enum": [1], "pattern": "a"}),
        json!({"type": "number", "exclusiveMinimum": true, "minimum": 2}),
        json!({"type": "string", "format": "date-time", "minLength": 1, "pattern": "^a"}),
        json!({"type": "string", "format": "uuid", "enum": ["a", null]}),
        json!({"type": "string", "enum": [1]}),
        json!({"type": "string", "minimum": 1}),
        json!({"type": "boolean", "format": "x"}),
        json!({"type": "boolean", "enum": [true]}),
        json!({"type": "file"}),
        json!({"type": "object", "minProperties": 1, "required": ["a"], "properties": {"a": {"type": "string"}}, "additionalProperties": false}),
        json!({"type": "object", "items": {"type": "string"}}),
        json!({"type": "array", "uniqueItems": true, "items": {"type": "string"}, "maxItems": 3}),
        json!({"uniqueItems": true}),
        json!({"additionalProperties": {"$ref": "#/components/schemas/S"}}),
        // Compositions: alone (an empty list is kept as such), or beside other keywords.
        json!({"oneOf": []}),
        json!({"allOf": []}),
        json!({"anyOf": [], "description": "d"}),
        json!({"oneOf": [], "type": "object"}),
        json!({"oneOf": [{"type": "string"}], "anyOf": [{"type": "integer"}], "not": {}}),
        json!({"not": {"type": "string"}}),
        json!({"not": {"type": "string"}, "type": "string"}),
        json!({"allOf": [{"$ref": "#/components/schemas/S"}], "properties": {"a": {}}}),
        // What every form carries, and `null` read as absent where the model reads it so.
        json!({"nullable": true, "readOnly": true, "writeOnly": false, "deprecated": true, "title": "t", "description": "d", "example": {"a": 1}, "default": [1]}),
        json!({"example": null, "default": null, "title": null, "minimum": null, "properties": null, "enum": null}),
        json!({"discriminator": {"propertyName": "kind", "mapping": {"a": "#/components/schemas/S"}, "x-k": 1}, "oneOf": [{"$ref": "#/components/schemas/S"}]}),
        json!({"externalDocs": {"url": "u", "description": "d"}, "x-anything": [1]}),
        json!({"$ref": "#/components/schemas/S", "type": "string"}),
        json!({"$ref": "#/components/schemas/Missing"}),
        json!({"$ref": 5, "type": "string"}),
        json!({}),
        // `prefixItems` is no 3.0 keyword, nor is an extension the loader once used.
        json!({"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "integer"}}),
        json!({"type": "array", "items": {"anyOf": [{"type": "string"}]}, "x-revox-tuple": 1}),
        // What the model refuses.
        json!({"nullable": null}),
        json!({"required": "a"}),
        json!({"required": [1]}),
        json!({"minLength": -1}),
        json!({"minLength": 1.0}),
        json!({"title": 5}),
        json!({"type": ["string", "null"]}),
        json!({"exclusiveMinimum": 5}),
        json!({"enum": "a"}),
        json!({"properties": {"a": null}}),
        json!({"properties": []}),
        json!({"items": true}),
        json!({"additionalProperties": "x"}),
        json!({"discriminator": {"propertyName": 5}}),
        json!({"discriminator": {"mapping": {}}}),
        json!({"discriminator": {"propertyName": "k", "mapping": {"a": 1}}}),
        json!({"discriminator": {"propertyName": "k", "mapping": null}}),
        json!({"externalDocs": {"description": "d"}}),
        json!({"oneOf": {}}),
        json!({"allOf": [5]}),
        json!({"not": "x"}),
        json!("a string"),
        json!(true),
    ];
    for schema in &schemas {
        match both_readings(schema) {
            (Ok(tree), Ok(model)) => assert_eq!(tree, model, "{schema}"),
            (Err(()), Err(_)) => {}
            (tree, model) => {
                return Err(format!(
                    "{schema}: the tree reads {tree:?}, the model {model:?}"
                ));
            }
        }
    }
    Ok(())
}

/// The documents of the corpus below `dir`: each spec and fixture the repository holds.
fn corpus(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            corpus(&path, found);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
            found.push(path);
        }
    }
}

#[test]
fn every_corpus_document_reads_as_the_model_reads_it() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut documents = Vec::new();
    for dir in [
        "tests/specs",
        "tests/fixtures/models",
        "tests/fixtures/conformance",
    ] {
        corpus(&root.join(dir), &mut documents);
    }
    documents.push(root.join("spec/openapi.yaml"));
    documents.sort();
    let mut compared = 0;
    for path in &documents {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // The assembled spec is two of the others side by side, and slow to read twice
        // unoptimised; the model has no place for a 3.1 tuple's positions.
        if text.len() > 3 << 20 || text.contains("prefixItems") {
            continue;
        }
        let mut diagnostics = crate::diagnostics::Diagnostics::default();
        let (Some(loaded), Some(model)) = (
            crate::load::load_located(&text, &mut diagnostics),
            crate::load::whole_model(&text),
        ) else {
            continue;
        };
        assert_eq!(
            summary(&loaded.graph),
            summary(&openapi30::build(&model)),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared > 40, "only {compared} documents were compared");
    Ok(())
}

/// The node written at `pointer`, found among all of them.
fn at(graph: &Graph, pointer: &str) -> Result<SchemaId, String> {
    graph
        .in_document_order()
        .into_iter()
        .find(|&id| graph.node(id).origin.to_string() == pointer)
        .ok_or_else(|| format!("no schema at {pointer}"))
}

/// Where the reference at `id` leads in one step.
fn target(graph: &Graph, id: SchemaId) -> Result<Result<SchemaId, Unresolved>, String> {
    match &graph.node(id).kind {
        Kind::Ref(reference) => Ok(reference.target),
        Kind::Schema(_) => Err(format!("{} is no reference", graph.node(id).origin)),
    }
}

const PETS: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets/{id}:
    parameters:
      - {in: path, name: id, required: true, schema: {type: string}}
    get:
      parameters:
        - {in: query, name: tags, schema: {type: array, items: {type: string, enum: [a, b]}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string, default: rex}
        owner: {$ref: '#/components/schemas/Owner'}
        toys: {type: array, items: {$ref: '#/components/schemas/Toy'}}
      additionalProperties: {type: integer}
    Owner:
      oneOf: [{$ref: '#/components/schemas/Pet'}, {type: string}]
      discriminator: {propertyName: kind}
    Toy: {$ref: '#/components/schemas/Owner'}
  parameters:
    Limit: {in: query, name: limit, schema: {type: integer}}
"#;

#[test]
fn components_come_first_in_their_order() -> Result<(), String> {
    let graph = build(&document(PETS)?);
    assert_eq!(graph.component_count(), 3);
    let origins: Vec<String> = (0..3)
        .map(|i| {
            graph
                .component(i)
                .map(|id| graph.node(id).origin.to_string())
                .ok_or("no component")
        })
        .collect::<Result<_, _>>()?;
    assert_eq!(
        origins,
        [
            "#/components/schemas/Pet",
            "#/components/schemas/Owner",
            "#/components/schemas/Toy"
        ]
    );
    assert_eq!(graph.component(3), None);
    Ok(())
}

#[test]
fn inline_schemas_keep_where_they_are_written() -> Result<(), String> {
    let graph = build(&document(PETS)?);
    let pet = graph.schema(SchemaId(0)).ok_or("Pet is written out")?;
    assert_eq!(pet.ty, Some(Type::Object));
    let names: Vec<&str> = pet.properties.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["name", "owner", "toys"]);
    let name = pet.properties[0].1;
    assert_eq!(
        graph.node(name).origin.to_string(),
        "#/components/schemas/Pet/properties/name"
    );
    assert_eq!(
        graph.schema(name).and_then(|s| s.default.clone()),
        Some(serde_json::json!("rex"))
    );
    let Additional::Schema(extra) = pet.additional else {
        return Err("additionalProperties is a schema".into());
    };
    assert_eq!(graph.schema(extra).and_then(|s| s.ty), Some(Type::Integer));

    // An array's items, a parameter's schema (of the path and of the operation), a
    // response's.
    let toy = at(&graph, "#/components/schemas/Pet/properties/toys/items")?;
    assert_eq!(target(&graph, toy)?, Ok(SchemaId(2)));
    let item = at(&graph, "#/paths/~1pets~1{id}/get/parameters/0/schema/items")?;
    let item = graph.schema(item).ok_or("the item is written out")?;
    assert_eq!(
        (item.ty, item.enumeration.clone()),
        (Some(Type::String), vec!["a".into(), "b".into()])
    );
    at(&graph, "#/paths/~1pets~1{id}/parameters/0/schema")?;
    at(&graph, "#/components/parameters/Limit/schema")?;
    let body = at(
        &graph,
        "#/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema",
    )?;
    assert_eq!(target(&graph, body)?, Ok(SchemaId(0)));
    Ok(())
}

#[test]
fn every_schema_comes_before_those_inside_it() -> Result<(), String> {
    let graph = build(&document(PETS)?);
    let order: Vec<String> = graph
        .in_document_order()
        .into_iter()
        .map(|id| graph.node(id).origin.to_string())
        .collect();
    let pet = "#/components/schemas/Pet";
    assert_eq!(
        order[..6],
        [
            pet.to_owned(),
            format!("{pet}/properties/name"),
            format!("{pet}/properties/owner"),
            format!("{pet}/properties/toys"),
            format!("{pet}/properties/toys/items"),
            format!("{pet}/additionalProperties"),
        ]
    );
    // Pet and its 5, Owner and its 2, Toy; Limit's; the path parameter's, the query
    // parameter's and its items, the response's.
    assert_eq!(order.len(), 15);
    Ok(())
}

#[test]
fn references_are_edges_and_cycles_are_plain_ones() -> Result<(), String> {
    // Pet -> Owner -> Pet through a property and a variant; Toy is a reference to Owner.
    let graph = build(&document(PETS)?);
    let owner = at(&graph, "#/components/schemas/Pet/properties/owner")?;
    assert_eq!(target(&graph, owner)?, Ok(SchemaId(1)));
    let back = at(&graph, "#/components/schemas/Owner/oneOf/0")?;
    assert_eq!(target(&graph, back)?, Ok(SchemaId(0)));
    let discriminated = graph.schema(SchemaId(1)).ok_or("Owner is written out")?;
    let discriminator = discriminated.discriminator.as_ref();
    assert_eq!(discriminator.map(|d| d.property.as_str()), Some("kind"));
    assert_eq!(discriminated.union().map(<[_]>::len), Some(2));
    // A reference to a reference is followed to the schema at its end.
    assert_eq!(graph.resolve(SchemaId(2)), Ok(SchemaId(1)));
    let toy = at(&graph, "#/components/schemas/Pet/properties/toys/items")?;
    assert_eq!(graph.resolve(toy), Ok(SchemaId(1)));
    Ok(())
}

#[test]
fn a_reference_to_itself_is_built_and_resolves_to_a_cycle() -> Result<(), String> {
    let graph = build(&document(
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Me: {$ref: '#/components/schemas/Me'}
    Node:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Node'}
"#,
    )?);
    assert_eq!(target(&graph, SchemaId(0))?, Ok(SchemaId(0)));
    assert_eq!(graph.resolve(SchemaId(0)), Err(Unresolved::Cycle));
    let next = at(&graph, "#/components/schemas/Node/properties/next")?;
    assert_eq!(target(&graph, next)?, Ok(SchemaId(1)));
    assert_eq!(graph.resolve(next), Ok(SchemaId(1)));
    Ok(())
}

#[test]
fn a_long_chain_of_references_resolves_to_its_end() -> Result<(), String> {
    const LENGTH: usize = 10_000;
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..LENGTH {
        text.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    text.push_str(&format!("    S{LENGTH}: {{type: boolean}}\n"));
    let graph = build(&document(&text)?);
    assert_eq!(graph.component_count(), LENGTH + 1);
    let end = graph.component(LENGTH).ok_or("the last component")?;
    assert_eq!(graph.resolve(SchemaId(0)), Ok(end));
    assert_eq!(graph.schema(end).and_then(|s| s.ty), Some(Type::Boolean));
    Ok(())
}

#[test]
fn what_a_reference_cannot_name_is_recorded() -> Result<(), String> {
    let api = document(
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Gone: {$ref: '#/components/schemas/Nowhere'}
    Away: {$ref: 'other.yaml#/Pet'}
    Deep: {$ref: '#/components/schemas/Gone/properties/x'}
    Here: {allOf: [{$ref: '#/components/schemas/Gone'}]}
"#,
    )?;
    let graph = build(&api);
    assert_eq!(target(&graph, SchemaId(0))?, Err(Unresolved::Missing));
    assert_eq!(target(&graph, SchemaId(1))?, Err(Unresolved::External));
    assert_eq!(target(&graph, SchemaId(2))?, Err(Unresolved::Missing));
    let member = at(&graph, "#/components/schemas/Here/allOf/0")?;
    assert_eq!(graph.resolve(member), Err(Unresolved::Missing));
    // A reference has no schema of its own; a schema written out has.
    assert!(graph.schema(SchemaId(0)).is_none());
    assert!(graph.schema(SchemaId(3)).is_some());
    Ok(())
}

/// What lowering's `Shape` makes of a schema, as far as `Form` tells schemas apart.
fn shape_form(schema: &super::Schema) -> String {
    use crate::lower::shape::{Shape, shape};
    match shape(schema) {
        Shape::OneOf(variants) => format!("oneOf {}", variants.len()),
        Shape::AnyOf(variants) => format!("anyOf {}", variants.len()),
        Shape::Boolean => "boolean".to_owned(),
        Shape::Integer => "integer".to_owned(),
        Shape::Number => "number".to_owned(),
        Shape::String => "string".to_owned(),
        Shape::Object(_) => "object".to_owned(),
        Shape::Array { .. } => "array".to_owned(),
        Shape::Tuple(_) | Shape::AllOf(_) | Shape::Not | Shape::Any => "other".to_owned(),
    }
}

fn graph_form(schema: &super::Schema) -> String {
    use super::Form;
    match schema.form() {
        Form::OneOf(variants) => format!("oneOf {}", variants.len()),
        Form::AnyOf(variants) => format!("anyOf {}", variants.len()),
        Form::Of(Type::Boolean) => "boolean".to_owned(),
        Form::Of(Type::Integer) => "integer".to_owned(),
        Form::Of(Type::Number) => "number".to_owned(),
        Form::Of(Type::String) => "string".to_owned(),
        Form::Of(Type::Object) => "object".to_owned(),
        Form::Of(Type::Array) => "array".to_owned(),
        Form::Of(Type::Other) | Form::Other => "other".to_owned(),
    }
}

#[test]
fn a_schema_is_what_lowering_reads_it_as() -> Result<(), String> {
    let api = document(
        r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Both: {oneOf: [{type: string}], anyOf: [{type: integer}, {type: string}]}
    Beside: {type: object, properties: {a: {type: string}}, anyOf: [{required: [a]}, {}]}
    Merged: {allOf: [{type: object}], properties: {a: {type: string}}}
    Typed: {type: integer, properties: {a: {type: string}}}
    Untyped: {properties: {a: {type: string}}}
    Map: {additionalProperties: true}
    Items: {items: {type: string}}
    Strings: {enum: [a, null]}
    Null: {enum: [null]}
    Mixed: {enum: [a, 1]}
    Flag: {type: boolean}
    Odd: {type: 'null', items: {type: string}}
    Tuple: {type: array, prefixItems: [{type: string}, {type: integer}]}
    TupleBeside:
      oneOf: [{type: string}, {type: integer}]
      prefixItems: [{type: string}]
    Nothing: {}
"#,
    )?;
    let graph = build(&api);
    let forms: Vec<(String, String)> = (0..graph.component_count())
        .map(|i| {
            let id = graph.component(i).ok_or("no component")?;
            let schema = graph.schema(id).ok_or("written out")?;
            Ok((graph_form(schema), shape_form(schema)))
        })
        .collect::<Result<_, &str>>()?;
    let (read, shaped): (Vec<String>, Vec<String>) = forms.into_iter().unzip();
    assert_eq!(read, shaped);
    assert_eq!(
        read,
        [
            "oneOf 1", "anyOf 2", "other", "integer", "object", "object", "array", "string",
            "other", "other", "boolean", "array", "other", "other", "other"
        ]
    );
    let strings = graph.schema(SchemaId(7)).ok_or("written out")?;
    assert_eq!(strings.values().collect::<Vec<_>>(), ["a"]);
    Ok(())
}

#[test]
fn a_schema_of_a_parameter_body_or_response_is_found_where_it_is_written() -> Result<(), String> {
    let api = document(PETS)?;
    let graph = build(&api);
    let response = Pointer::root()
        .join("paths")
        .join("/pets/{id}")
        .join("get")
        .join("responses")
        .join("200")
        .join("content")
        .join("application/json")
        .join("schema");
    let id = graph.root_at(&response).ok_or("no root at the response")?;
    assert_eq!(graph.node(id).origin, response);
    assert!(matches!(
        &graph.node(id).kind,
        Kind::Ref(reference) if reference.text == "#/components/schemas/Pet"
    ));
    // A schema inside another is no root.
    let name = Pointer::root()
        .join("components")
        .join("schemas")
        .join("Pet")
        .join("properties")
        .join("name");
    assert!(at(&graph, &name.to_string()).is_ok());
    assert_eq!(graph.root_at(&name), None);
    Ok(())
}

#[test]
fn a_tuple_keeps_its_positions_and_the_rest_where_they_are_written() -> Result<(), String> {
    let graph = build(&json!({"components": {"schemas": {"Pair": {
        "type": "array",
        "prefixItems": [{"type": "string"}, {"$ref": "#/components/schemas/Pair"}],
        "items": {"type": "integer"}
    }}}}));
    let schema = graph.schema(SchemaId(0)).ok_or("written out")?;
    let positions = schema.prefix_items.as_deref().ok_or("no positions")?;
    let origins: Vec<String> = positions
        .iter()
        .chain(&schema.items)
        .map(|&id| graph.node(id).origin.to_string())
        .collect();
    assert_eq!(
        origins,
        [
            "#/components/schemas/Pair/prefixItems/0",
            "#/components/schemas/Pair/prefixItems/1",
            "#/components/schemas/Pair/items",
        ]
    );
    assert_eq!(target(&graph, positions[1])?, Ok(SchemaId(0)));
    // Each position comes before the rest, in document order.
    let order: Vec<SchemaId> = graph.in_document_order();
    assert_eq!(
        order[1..],
        [positions[0], positions[1], schema.items.ok_or("no rest")?]
    );
    // Read as a 3.0 schema, `prefixItems` is an unknown keyword.
    let mut document = json!({"components": {"schemas": {"Pair": {"prefixItems": [{}]}}}});
    let graph = tree::take(&mut document, false)
        .read()
        .map_err(|_| "refused")?;
    let schema = graph.schema(SchemaId(0)).ok_or("written out")?;
    assert_eq!(schema.prefix_items, None);
    Ok(())
}
