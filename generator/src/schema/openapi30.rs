//! The graph as the `openapiv3` model reads the schemas (OpenAPI 3.0, and 3.1 as the loader
//! rewrites it), kept for the tests: the oracle that the tree front end (`tree.rs`) reads
//! every schema as the model does, and the graph of the documents tests write as models.
//! openapiv3 keeps a schema whose keywords mix kinds in a catch-all `AnySchema` and the
//! others in typed forms; both are read into the one [`Schema`].

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr,
    SchemaKind,
};
use serde_json::{Number, Value};

use super::{
    Additional, Bounds, Discriminator, Graph, Kind, Node, Reference, Schema, SchemaId, Type, id,
};
use crate::diagnostics::Pointer;
use crate::refs;

/// A schema as the model nests it: a reference or written out.
#[derive(Clone, Copy)]
enum Written<'a> {
    Ref(&'a str),
    Item(&'a openapiv3::Schema),
}

impl<'a> From<&'a ReferenceOr<openapiv3::Schema>> for Written<'a> {
    fn from(value: &'a ReferenceOr<openapiv3::Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<openapiv3::Schema>>> for Written<'a> {
    fn from(value: &'a ReferenceOr<Box<openapiv3::Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Item(schema),
        }
    }
}

/// Reads every schema of `api`: the component schemas first (component `i` is
/// `SchemaId(i)`), then the schemas of the component parameters, request bodies and
/// responses written out, then those of the paths, each with every schema nested in it.
pub(crate) fn build(api: &OpenAPI) -> Graph {
    let mut builder = Builder {
        api,
        graph: Graph::default(),
        pending: Vec::new(),
    };
    let mut roots: Vec<(Written<'_>, Pointer)> = Vec::new();
    if let Some(components) = &api.components {
        let at = Pointer::root().join("components");
        for (name, schema) in &components.schemas {
            roots.push((schema.into(), at.join("schemas").join(name)));
        }
        builder.graph.components = roots.len();
        for (name, parameter) in &components.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                parameter_roots(parameter, at.join("parameters").join(name), &mut roots);
            }
        }
        for (name, body) in &components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                content_roots(
                    &body.content,
                    at.join("requestBodies").join(name),
                    &mut roots,
                );
            }
        }
        for (name, response) in &components.responses {
            if let ReferenceOr::Item(response) = response {
                content_roots(
                    &response.content,
                    at.join("responses").join(name),
                    &mut roots,
                );
            }
        }
    }
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let at = Pointer::root().join("paths").join(path);
        for (i, parameter) in item.parameters.iter().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                parameter_roots(parameter, at.join("parameters").join(i), &mut roots);
            }
        }
        for (method, operation) in item.iter() {
            let at = at.join(method);
            for (i, parameter) in operation.parameters.iter().enumerate() {
                if let ReferenceOr::Item(parameter) = parameter {
                    parameter_roots(parameter, at.join("parameters").join(i), &mut roots);
                }
            }
            if let Some(ReferenceOr::Item(body)) = &operation.request_body {
                content_roots(&body.content, at.join("requestBody"), &mut roots);
            }
            let at = at.join("responses");
            if let Some(ReferenceOr::Item(response)) = &operation.responses.default {
                content_roots(&response.content, at.join("default"), &mut roots);
            }
            for (status, response) in &operation.responses.responses {
                if let ReferenceOr::Item(response) = response {
                    content_roots(&response.content, at.join(status), &mut roots);
                }
            }
        }
    }
    for (written, at) in roots {
        let root = builder.add(written, at.clone());
        builder.graph.roots.push(root);
        builder.graph.root_origins.insert(at, root);
    }
    // With a stack of its own, so that no depth of nesting exhausts the call stack.
    while let Some((id, written)) = builder.pending.pop() {
        builder.read(id, written);
    }
    builder.graph
}

fn parameter_roots<'a>(
    parameter: &'a Parameter,
    at: Pointer,
    roots: &mut Vec<(Written<'a>, Pointer)>,
) {
    match &parameter.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(schema) => roots.push((schema.into(), at.join("schema"))),
        ParameterSchemaOrContent::Content(content) => content_roots(content, at, roots),
    }
}

fn content_roots<'a>(
    content: &'a IndexMap<String, MediaType>,
    at: Pointer,
    roots: &mut Vec<(Written<'a>, Pointer)>,
) {
    for (media, body) in content {
        if let Some(schema) = &body.schema {
            roots.push((schema.into(), at.join("content").join(media).join("schema")));
        }
    }
}

struct Builder<'a> {
    api: &'a OpenAPI,
    graph: Graph,
    /// Nodes made, with their origin, whose schema is still to be read.
    pending: Vec<(SchemaId, Written<'a>)>,
}

impl<'a> Builder<'a> {
    /// Makes the node of the schema `written` at `at`, to be read later.
    fn add(&mut self, written: Written<'a>, at: Pointer) -> SchemaId {
        let id = id(self.graph.nodes.len());
        // A stand-in until `read` comes to it, which it does for every node.
        self.graph.nodes.push(Node {
            origin: at,
            kind: Kind::Ref(Reference {
                text: String::new(),
                target: Err(refs::Unresolved::Missing),
            }),
        });
        self.pending.push((id, written));
        id
    }

    /// Reads `written` into the node `id`, making a node for each schema inside it.
    fn read(&mut self, id: SchemaId, written: Written<'a>) {
        let schema = match written {
            Written::Ref(reference) => {
                let components = self.api.components.as_ref();
                let target =
                    refs::entry::<openapiv3::Schema>(self.api, reference).and_then(|entry| {
                        components
                            .and_then(|c| c.schemas.get_index_of(entry.name))
                            .map(super::id)
                            .ok_or(refs::Unresolved::Missing)
                    });
                self.graph.nodes[id.index()].kind = Kind::Ref(Reference {
                    text: reference.to_owned(),
                    target,
                });
                return;
            }
            Written::Item(schema) => schema,
        };
        // Lent to the closures below, which make the nodes inside, and given back after.
        let at = std::mem::take(&mut self.graph.nodes[id.index()].origin);
        let data = &schema.schema_data;
        let mut read = Schema {
            default: data.default.clone(),
            discriminator: data.discriminator.as_ref().map(|d| Discriminator {
                property: d.property_name.clone(),
                mapping: d.mapping.clone(),
            }),
            nullable: data.nullable,
            title: data.title.clone(),
            description: data.description.clone(),
            example: data.example.clone(),
            deprecated: data.deprecated,
            read_only: data.read_only,
            write_only: data.write_only,
            ..Schema::default()
        };
        let members = |builder: &mut Self, keyword: &str, list: &'a [ReferenceOr<_>]| {
            let at = at.join(keyword);
            list.iter()
                .enumerate()
                .map(|(i, member)| builder.add(member.into(), at.join(i)))
                .collect::<Vec<_>>()
        };
        let properties =
            |builder: &mut Self, map: &'a IndexMap<String, ReferenceOr<Box<openapiv3::Schema>>>| {
                let at = at.join("properties");
                map.iter()
                    .map(|(name, property)| {
                        (name.clone(), builder.add(property.into(), at.join(name)))
                    })
                    .collect::<Vec<_>>()
            };
        let additional = |builder: &mut Self, extra: Option<&'a AdditionalProperties>| match extra {
            None => Additional::Unset,
            Some(AdditionalProperties::Any(allowed)) => Additional::Allowed(*allowed),
            Some(AdditionalProperties::Schema(schema)) => Additional::Schema(
                builder.add(schema.as_ref().into(), at.join("additionalProperties")),
            ),
        };
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(t)) => {
                read.ty = Some(Type::String);
                read.enumeration = values(&t.enumeration, |v| Value::from(v.as_str()));
                read.format = format_of(&t.format);
                read.bounds = Bounds {
                    min_length: t.min_length,
                    max_length: t.max_length,
                    pattern: t.pattern.clone(),
                    ..Bounds::default()
                };
            }
            SchemaKind::Type(openapiv3::Type::Integer(t)) => {
                read.ty = Some(Type::Integer);
                read.enumeration = values(&t.enumeration, |v| Value::from(*v));
                read.format = format_of(&t.format);
                read.bounds = Bounds {
                    minimum: t.minimum.map(Number::from),
                    maximum: t.maximum.map(Number::from),
                    exclusive_minimum: t.exclusive_minimum,
                    exclusive_maximum: t.exclusive_maximum,
                    multiple_of: t.multiple_of.map(Number::from),
                    ..Bounds::default()
                };
            }
            SchemaKind::Type(openapiv3::Type::Number(t)) => {
                read.ty = Some(Type::Number);
                read.enumeration = values(&t.enumeration, |v| Value::from(*v));
                read.format = format_of(&t.format);
                read.bounds = Bounds {
                    minimum: t.minimum.and_then(Number::from_f64),
                    maximum: t.maximum.and_then(Number::from_f64),
                    exclusive_minimum: t.exclusive_minimum,
                    exclusive_maximum: t.exclusive_maximum,
                    multiple_of: t.multiple_of.and_then(Number::from_f64),
                    ..Bounds::default()
                };
            }
            SchemaKind::Type(openapiv3::Type::Boolean(t)) => {
                read.ty = Some(Type::Boolean);
                read.enumeration = values(&t.enumeration, |v| Value::from(*v));
            }
            SchemaKind::Type(openapiv3::Type::Object(t)) => {
                read.ty = Some(Type::Object);
                read.properties = properties(self, &t.properties);
                read.required = t.required.clone();
                read.additional = additional(self, t.additional_properties.as_ref());
            }
            SchemaKind::Type(openapiv3::Type::Array(t)) => {
                read.ty = Some(Type::Array);
                read.items = t
                    .items
                    .as_ref()
                    .map(|items| self.add(items.into(), at.join("items")));
                read.bounds = Bounds {
                    min_items: t.min_items,
                    max_items: t.max_items,
                    ..Bounds::default()
                };
            }
            SchemaKind::OneOf { one_of } => {
                read.one_of = members(self, "oneOf", one_of);
                read.empty_composition = one_of.is_empty().then_some("oneOf");
            }
            SchemaKind::AllOf { all_of } => {
                read.all_of = members(self, "allOf", all_of);
                read.empty_composition = all_of.is_empty().then_some("allOf");
            }
            SchemaKind::AnyOf { any_of } => {
                read.any_of = members(self, "anyOf", any_of);
                read.empty_composition = any_of.is_empty().then_some("anyOf");
            }
            SchemaKind::Not { not } => {
                read.not = Some(self.add(not.as_ref().into(), at.join("not")))
            }
            SchemaKind::Any(any) => {
                read.ty = any.typ.as_deref().map(Type::named);
                read.enumeration = any.enumeration.clone();
                read.format = any.format.clone();
                read.bounds = Bounds {
                    minimum: any.minimum.and_then(Number::from_f64),
                    maximum: any.maximum.and_then(Number::from_f64),
                    exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
                    exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
                    multiple_of: any.multiple_of.and_then(Number::from_f64),
                    min_length: any.min_length,
                    max_length: any.max_length,
                    pattern: any.pattern.clone(),
                    min_items: any.min_items,
                    max_items: any.max_items,
                };
                read.required = any.required.clone();
                read.properties = properties(self, &any.properties);
                read.additional = additional(self, any.additional_properties.as_ref());
                read.items = any
                    .items
                    .as_ref()
                    .map(|items| self.add(items.into(), at.join("items")));
                read.one_of = members(self, "oneOf", &any.one_of);
                read.all_of = members(self, "allOf", &any.all_of);
                read.any_of = members(self, "anyOf", &any.any_of);
                read.not = any
                    .not
                    .as_deref()
                    .map(|not| self.add(not.into(), at.join("not")));
            }
        }
        let node = &mut self.graph.nodes[id.index()];
        node.origin = at;
        node.kind = Kind::Schema(Box::new(read));
    }
}

/// The values of a typed `enum`, an absent one (`null`) as `Value::Null`.
fn values<T>(written: &[Option<T>], value: impl Fn(&T) -> Value) -> Vec<Value> {
    written
        .iter()
        .map(|v| v.as_ref().map_or(Value::Null, &value))
        .collect()
}

/// The `format` as written; `None` when there is none.
pub(crate) fn format_of<T: Copy + serde::Serialize>(
    format: &openapiv3::VariantOrUnknownOrEmpty<T>,
) -> Option<String> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned)),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The graph of a document whose one component is the schema `json`.
pub(crate) fn single(json: &str) -> Result<Graph, String> {
    let schema: openapiv3::Schema = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut api = OpenAPI::default();
    api.components
        .get_or_insert_with(Default::default)
        .schemas
        .insert("S".to_owned(), ReferenceOr::Item(schema));
    Ok(build(&api))
}
