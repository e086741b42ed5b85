//! The front end for the document tree (OpenAPI 3.0, and 3.1 once the loader has rewritten
//! it): takes every schema the later phases read out of the tree and reads it into a
//! [`Graph`], leaving an empty schema in its place, so that the `openapiv3` model that is
//! read from the rest never holds a schema of its own.
//!
//! The reading is the one `openapiv3` gives, keyword for keyword: the same schemas are
//! refused (a keyword of the wrong JSON type, a schema that is not an object), and a schema
//! it would read into one of its typed forms (a `type: integer` with nothing but integer
//! keywords, say) keeps the numbers that form keeps. A refusal says nothing more: the
//! loader reads the text again into the model, which says where and why. The test module
//! holds `openapiv3`'s reading as the oracle (`openapi30.rs`).

use std::collections::HashMap;

use serde_json::{Map, Number, Value};

use super::{
    Additional, Bounds, Discriminator, Graph, Kind, Node, Reference, Schema, SchemaId, Type, id,
};
use crate::diagnostics::Pointer;
use crate::refs;

/// A keyword or schema the `openapiv3` model would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refused;

type Read<T> = Result<T, Refused>;

/// The HTTP methods of a path item, in the order the model lists its operations.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The schemas of a document, taken out of it, to be read into a graph ([`Taken::read`]).
pub(crate) struct Taken {
    /// Whether `prefixItems` declares a tuple (OpenAPI 3.1).
    tuples: bool,
    /// Each schema not nested in another, with where it was written.
    roots: Vec<(Value, Pointer)>,
    /// Each component schema's index, by name.
    names: HashMap<String, usize>,
    /// How many of `roots` are the component schemas.
    components: usize,
}

/// Takes the schemas out of `document`: the component schemas first (component `i` will be
/// `SchemaId(i)`), then those written in the component parameters, request bodies and
/// responses, then those of the paths. Each place a schema was taken from holds `{}` after.
/// With `tuples`, a schema's `prefixItems` is read as the positions of a tuple (3.1).
pub(crate) fn take(document: &mut Value, tuples: bool) -> Taken {
    let mut roots: Vec<(Value, Pointer)> = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut components = 0;
    if let Some(Value::Object(section)) = document.get_mut("components") {
        let at = Pointer::root().join("components");
        if let Some(Value::Object(schemas)) = section.get_mut("schemas") {
            for (name, schema) in schemas.iter_mut() {
                names.insert(name.clone(), roots.len());
                roots.push((taken(schema), at.join("schemas").join(name)));
            }
        }
        components = roots.len();
        for (name, parameter) in items(section.get_mut("parameters")) {
            let at = at.join("parameters").join(name);
            parameter_roots(parameter, at, &mut roots);
        }
        for (name, body) in items(section.get_mut("requestBodies")) {
            content_roots(body, at.join("requestBodies").join(name), &mut roots);
        }
        for (name, response) in items(section.get_mut("responses")) {
            content_roots(response, at.join("responses").join(name), &mut roots);
        }
    }
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            // The model reads only keys that start with `/` as paths.
            if !path.starts_with('/') || is_reference(item) {
                continue;
            }
            let Value::Object(item) = item else {
                continue;
            };
            let at = Pointer::root().join("paths").join(path);
            for (i, parameter) in list(item.get_mut("parameters")) {
                parameter_roots(parameter, at.join("parameters").join(i), &mut roots);
            }
            for method in METHODS {
                let Some(Value::Object(operation)) = item.get_mut(method) else {
                    continue;
                };
                let at = at.join(method);
                for (i, parameter) in list(operation.get_mut("parameters")) {
                    parameter_roots(parameter, at.join("parameters").join(i), &mut roots);
                }
                if let Some(body) = operation.get_mut("requestBody") {
                    content_roots(body, at.join("requestBody"), &mut roots);
                }
                if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                    response_roots(responses, &at.join("responses"), &mut roots);
                }
            }
        }
    }
    Taken {
        tuples,
        roots,
        names,
        components,
    }
}

impl Taken {
    /// The graph of the schemas taken, each with every schema nested in it; when the model
    /// would refuse one of them, where that one is written.
    pub(crate) fn read(self) -> Result<Graph, Pointer> {
        let mut builder = Builder {
            graph: Graph {
                components: self.components,
                ..Graph::default()
            },
            names: self.names,
            tuples: self.tuples,
            pending: Vec::new(),
        };
        for (schema, at) in self.roots {
            let root = builder.add(schema, at.clone());
            builder.graph.roots.push(root);
            builder.graph.root_origins.insert(at, root);
        }
        // With a stack of its own, so that no depth of nesting exhausts the call stack.
        while let Some((id, schema)) = builder.pending.pop() {
            if builder.read(id, schema).is_err() {
                return Err(builder.graph.nodes[id.index()].origin.clone());
            }
        }
        Ok(builder.graph)
    }
}

/// The schema at `place`, with `{}` left there.
fn taken(place: &mut Value) -> Value {
    std::mem::replace(place, Value::Object(Map::new()))
}

/// Whether `value` is what the model reads as a reference: an object with a `$ref` string.
fn is_reference(value: &Value) -> bool {
    matches!(value.get("$ref"), Some(Value::String(_)))
}

/// The entries of a components section that are written out (not references).
fn items(section: Option<&mut Value>) -> impl Iterator<Item = (&String, &mut Value)> {
    let entries = match section {
        Some(Value::Object(entries)) => Some(entries),
        _ => None,
    };
    entries
        .into_iter()
        .flat_map(|entries| entries.iter_mut())
        .filter(|(_, entry)| !is_reference(entry))
}

/// The entries of a list that are written out (not references), with their index.
fn list(value: Option<&mut Value>) -> impl Iterator<Item = (usize, &mut Value)> {
    let entries = match value {
        Some(Value::Array(entries)) => Some(entries),
        _ => None,
    };
    entries
        .into_iter()
        .flat_map(|entries| entries.iter_mut().enumerate())
        .filter(|(_, entry)| !is_reference(entry))
}

/// The schema of a parameter: its `schema`, or those of its `content`, whichever the
/// parameter writes first (the model reads the first).
fn parameter_roots(parameter: &mut Value, at: Pointer, roots: &mut Vec<(Value, Pointer)>) {
    let Value::Object(fields) = parameter else {
        return;
    };
    let first = fields
        .keys()
        .find(|key| *key == "schema" || *key == "content")
        .cloned();
    match first.as_deref() {
        Some("schema") => {
            if let Some(schema) = fields.get_mut("schema") {
                roots.push((taken(schema), at.join("schema")));
            }
        }
        Some(_) => content_roots(parameter, at, roots),
        None => {}
    }
}

/// The schemas of the media types of `holder`'s `content` (a request body, a response, a
/// parameter), unless `holder` is a reference.
fn content_roots(holder: &mut Value, at: Pointer, roots: &mut Vec<(Value, Pointer)>) {
    if is_reference(holder) {
        return;
    }
    let Some(Value::Object(content)) = holder.get_mut("content") else {
        return;
    };
    for (media, body) in content.iter_mut() {
        match body.get_mut("schema") {
            None | Some(Value::Null) => {}
            Some(schema) => {
                roots.push((taken(schema), at.join("content").join(media).join("schema")))
            }
        }
    }
}

/// The schemas of an operation's responses: `default`, then each status in the order the
/// model keeps them (a status written twice, `2xx` and `2XX`, where it is first written,
/// with the response written last).
fn response_roots(
    responses: &mut Map<String, Value>,
    at: &Pointer,
    roots: &mut Vec<(Value, Pointer)>,
) {
    if let Some(default) = responses.get_mut("default") {
        content_roots(default, at.join("default"), roots);
    }
    let mut statuses: Vec<(String, &mut Value)> = Vec::new();
    for (key, response) in responses.iter_mut() {
        if key == "default" {
            continue;
        }
        let Some(status) = status_code(key) else {
            continue;
        };
        match statuses.iter_mut().find(|(seen, _)| *seen == status) {
            Some(entry) => entry.1 = response,
            None => statuses.push((status, response)),
        }
    }
    for (status, response) in statuses {
        content_roots(response, at.join(status), roots);
    }
}

/// A response key as the model reads it, printed as the model prints it: a code from 100
/// to 999 (`200`), or a range (`2XX`, however its `X`s are written).
fn status_code(key: &str) -> Option<String> {
    if key.len() != 3 {
        return None;
    }
    if let Ok(code) = key.parse::<i64>() {
        return (100..1000).contains(&code).then(|| code.to_string());
    }
    match key.as_bytes() {
        [digit, x, y]
            if digit.is_ascii_digit()
                && x.eq_ignore_ascii_case(&b'x')
                && y.eq_ignore_ascii_case(&b'x') =>
        {
            Some(format!("{}XX", char::from(*digit)))
        }
        _ => None,
    }
}

struct Builder {
    graph: Graph,
    /// Each component schema's index, by name.
    names: HashMap<String, usize>,
    /// Whether `prefixItems` declares a tuple.
    tuples: bool,
    /// Nodes made, with their schema still to be read.
    pending: Vec<(SchemaId, Value)>,
}

/// The keywords of a schema the model reads, each as written (`None` when absent or `null`),
/// read in one pass over the schema's entries.
#[derive(Default)]
struct Raw {
    nullable: bool,
    read_only: bool,
    write_only: bool,
    deprecated: bool,
    example: Option<Value>,
    title: Option<String>,
    description: Option<String>,
    discriminator: Option<Discriminator>,
    default: Option<Value>,
    /// `prefixItems`, when read (3.1).
    prefix_items: Option<Vec<Value>>,
    // The keywords `openapiv3` sorts into its forms by.
    ty: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    properties: Option<Map<String, Value>>,
    required: Option<Vec<String>>,
    additional: Option<Value>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<Value>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<Value>>,
    all_of: Option<Vec<Value>>,
    any_of: Option<Vec<Value>>,
    not: Option<Value>,
}

/// The form `openapiv3` reads a schema into: a typed one when the schema says a `type` and
/// nothing that type does not have (or is one composition and nothing else), else `Any`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
    OneOf,
    AllOf,
    AnyOf,
    Not,
    Any,
}

impl Raw {
    /// The keywords of `object`; unknown ones are ignored, as the model ignores them.
    fn read(object: Map<String, Value>, tuples: bool) -> Read<Self> {
        let mut raw = Self::default();
        for (key, value) in object {
            match key.as_str() {
                "nullable" => raw.nullable = strict_flag(value)?,
                "readOnly" => raw.read_only = strict_flag(value)?,
                "writeOnly" => raw.write_only = strict_flag(value)?,
                "deprecated" => raw.deprecated = strict_flag(value)?,
                "example" => raw.example = present(value),
                "title" => raw.title = text(value)?,
                "description" => raw.description = text(value)?,
                "discriminator" => raw.discriminator = discriminator(value)?,
                "default" => raw.default = present(value),
                "externalDocs" => external_docs(value)?,
                "prefixItems" if tuples => raw.prefix_items = members(value)?,
                "type" => raw.ty = text(value)?,
                "pattern" => raw.pattern = text(value)?,
                "multipleOf" => raw.multiple_of = number(value)?,
                "exclusiveMinimum" => raw.exclusive_minimum = flag(value)?,
                "exclusiveMaximum" => raw.exclusive_maximum = flag(value)?,
                "minimum" => raw.minimum = number(value)?,
                "maximum" => raw.maximum = number(value)?,
                "properties" => {
                    raw.properties = match value {
                        Value::Null => None,
                        Value::Object(map) => Some(map),
                        _ => return Err(Refused),
                    }
                }
                "required" => {
                    raw.required = members(value)?
                        .map(|names| {
                            names
                                .into_iter()
                                .map(|name| match name {
                                    Value::String(name) => Ok(name),
                                    _ => Err(Refused),
                                })
                                .collect::<Read<Vec<_>>>()
                        })
                        .transpose()?
                }
                "additionalProperties" => raw.additional = present(value),
                "minProperties" => raw.min_properties = count(value)?,
                "maxProperties" => raw.max_properties = count(value)?,
                "items" => raw.items = present(value),
                "minItems" => raw.min_items = count(value)?,
                "maxItems" => raw.max_items = count(value)?,
                "uniqueItems" => raw.unique_items = flag(value)?,
                "enum" => raw.enumeration = members(value)?,
                "format" => raw.format = text(value)?,
                "minLength" => raw.min_length = count(value)?,
                "maxLength" => raw.max_length = count(value)?,
                "oneOf" => raw.one_of = members(value)?,
                "allOf" => raw.all_of = members(value)?,
                "anyOf" => raw.any_of = members(value)?,
                "not" => raw.not = present(value),
                _ => {}
            }
        }
        Ok(raw)
    }

    /// The form, by `openapiv3`'s rules.
    fn form(&self) -> Form {
        let numeric = self.multiple_of.is_some()
            || self.exclusive_minimum.is_some()
            || self.exclusive_maximum.is_some()
            || self.minimum.is_some()
            || self.maximum.is_some();
        let object = self.properties.is_some()
            || self.required.is_some()
            || self.additional.is_some()
            || self.min_properties.is_some()
            || self.max_properties.is_some();
        let array = self.items.is_some()
            || self.min_items.is_some()
            || self.max_items.is_some()
            || self.unique_items.is_some();
        let length = self.min_length.is_some() || self.max_length.is_some();
        let compositions = [
            self.one_of.is_some(),
            self.all_of.is_some(),
            self.any_of.is_some(),
            self.not.is_some(),
        ];
        let composed = compositions.contains(&true);
        let values = |valid: fn(&Value) -> bool| {
            self.enumeration
                .iter()
                .flatten()
                .all(|v| v.is_null() || valid(v))
        };
        let int = |n: &Option<Number>| n.as_ref().is_none_or(Number::is_i64);
        let Some(ty) = self.ty.as_deref() else {
            if numeric
                || object
                || array
                || length
                || self.pattern.is_some()
                || self.enumeration.is_some()
                || self.format.is_some()
            {
                return Form::Any;
            }
            return match compositions {
                [true, false, false, false] => Form::OneOf,
                [false, true, false, false] => Form::AllOf,
                [false, false, true, false] => Form::AnyOf,
                [false, false, false, true] => Form::Not,
                _ => Form::Any,
            };
        };
        if composed {
            return Form::Any;
        }
        let pattern = self.pattern.is_some();
        let enumeration = self.enumeration.is_some();
        let format = self.format.is_some();
        match ty {
            "string" if !numeric && !object && !array && values(Value::is_string) => Form::String,
            "number" if !pattern && !object && !array && !length && values(Value::is_number) => {
                Form::Number
            }
            "integer"
                if !pattern
                    && !object
                    && !array
                    && !length
                    && values(Value::is_i64)
                    && int(&self.multiple_of)
                    && int(&self.minimum)
                    && int(&self.maximum) =>
            {
                Form::Integer
            }
            "boolean"
                if !pattern
                    && !numeric
                    && !object
                    && !array
                    && !length
                    && !format
                    && values(Value::is_boolean) =>
            {
                Form::Boolean
            }
            "object" if !pattern && !numeric && !array && !length && !enumeration && !format => {
                Form::Object
            }
            "array" if !pattern && !numeric && !object && !length && !enumeration && !format => {
                Form::Array
            }
            _ => Form::Any,
        }
    }
}

/// `value`, unless it is `null` (which the model reads as absent).
fn present(value: Value) -> Option<Value> {
    (!value.is_null()).then_some(value)
}

fn text(value: Value) -> Read<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        _ => Err(Refused),
    }
}

fn number(value: Value) -> Read<Option<Number>> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(Some(n)),
        _ => Err(Refused),
    }
}

fn flag(value: Value) -> Read<Option<bool>> {
    match value {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        _ => Err(Refused),
    }
}

/// A flag the model reads as a plain `bool`, which refuses `null`.
fn strict_flag(value: Value) -> Read<bool> {
    match value {
        Value::Bool(b) => Ok(b),
        _ => Err(Refused),
    }
}

/// A size: a whole number that is not negative.
fn count(value: Value) -> Read<Option<usize>> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .map(Some)
            .ok_or(Refused),
        _ => Err(Refused),
    }
}

fn members(value: Value) -> Read<Option<Vec<Value>>> {
    match value {
        Value::Null => Ok(None),
        Value::Array(members) => Ok(Some(members)),
        _ => Err(Refused),
    }
}

/// `discriminator`: `propertyName` is required, `mapping` maps strings to strings.
fn discriminator(value: Value) -> Read<Option<Discriminator>> {
    let mut written = match value {
        Value::Null => return Ok(None),
        Value::Object(written) => written,
        _ => return Err(Refused),
    };
    let Some(Value::String(property)) = written.remove("propertyName") else {
        return Err(Refused);
    };
    let mapping = match written.remove("mapping") {
        None => Default::default(),
        Some(Value::Object(mapping)) => mapping
            .into_iter()
            .map(|(tag, target)| match target {
                Value::String(target) => Ok((tag, target)),
                _ => Err(Refused),
            })
            .collect::<Read<_>>()?,
        Some(_) => return Err(Refused),
    };
    Ok(Some(Discriminator { property, mapping }))
}

/// `externalDocs`, which the graph does not keep but the model checks: `url` is required.
fn external_docs(value: Value) -> Read<()> {
    let mut written = match value {
        Value::Null => return Ok(()),
        Value::Object(written) => written,
        _ => return Err(Refused),
    };
    if let Some(description) = written.remove("description") {
        text(description)?;
    }
    match written.get("url") {
        Some(Value::String(_)) => Ok(()),
        _ => Err(Refused),
    }
}

impl Builder {
    /// Makes the node of `schema` at `at`, to be read later.
    fn add(&mut self, schema: Value, at: Pointer) -> SchemaId {
        let id = id(self.graph.nodes.len());
        // A stand-in until `read` comes to it, which it does for every node.
        self.graph.nodes.push(Node {
            origin: at,
            kind: Kind::Ref(Reference {
                text: String::new(),
                target: Err(refs::Unresolved::Missing),
            }),
        });
        self.pending.push((id, schema));
        id
    }

    /// The component schema `reference` names.
    fn target(&self, reference: &str) -> Result<SchemaId, refs::Unresolved> {
        let Some(name) = refs::component_name::<openapiv3::Schema>(reference) else {
            return Err(if reference.starts_with('#') {
                refs::Unresolved::Missing
            } else {
                refs::Unresolved::External
            });
        };
        self.names
            .get(name.as_ref())
            .map(|&index| id(index))
            .ok_or(refs::Unresolved::Missing)
    }

    /// Reads `schema` into the node `id`, making a node for each schema inside it.
    fn read(&mut self, id: SchemaId, schema: Value) -> Read<()> {
        let Value::Object(mut object) = schema else {
            return Err(Refused);
        };
        if let Some(Value::String(reference)) = object.get_mut("$ref") {
            let text = std::mem::take(reference);
            let target = self.target(&text);
            self.graph.nodes[id.index()].kind = Kind::Ref(Reference { text, target });
            return Ok(());
        }
        let mut raw = Raw::read(object, self.tuples)?;
        // After the reading that may refuse, so that a refused node keeps its origin.
        let at = std::mem::take(&mut self.graph.nodes[id.index()].origin);
        let mut read = Schema {
            nullable: raw.nullable,
            read_only: raw.read_only,
            write_only: raw.write_only,
            deprecated: raw.deprecated,
            example: raw.example.take(),
            title: raw.title.take(),
            description: raw.description.take(),
            discriminator: raw.discriminator.take(),
            default: raw.default.take(),
            ..Schema::default()
        };
        let form = raw.form();
        read.ty = raw.ty.as_deref().map(Type::named);
        read.format = raw.format.take();
        // The typed forms keep an integer's bounds as written, and a number's values as
        // floats; the others keep bounds as floats and values as written.
        let bound = |n: Option<Number>| match form {
            Form::Integer => n,
            _ => n.and_then(|n| n.as_f64()).and_then(Number::from_f64),
        };
        read.bounds = Bounds {
            minimum: bound(raw.minimum.take()),
            maximum: bound(raw.maximum.take()),
            exclusive_minimum: raw.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: raw.exclusive_maximum.unwrap_or(false),
            multiple_of: bound(raw.multiple_of.take()),
            min_length: raw.min_length,
            max_length: raw.max_length,
            pattern: raw.pattern.take(),
            min_items: raw.min_items,
            max_items: raw.max_items,
        };
        read.enumeration = raw.enumeration.take().unwrap_or_default();
        if form == Form::Number {
            for value in &mut read.enumeration {
                if let Some(float) = value.as_f64() {
                    *value = Value::from(float);
                }
            }
        }
        read.required = raw.required.take().unwrap_or_default();
        read.properties = raw
            .properties
            .take()
            .into_iter()
            .flatten()
            .map(|(name, property)| {
                let node = self.add(property, at.join("properties").join(&name));
                (name, node)
            })
            .collect();
        read.additional = match raw.additional.take() {
            None => Additional::Unset,
            Some(Value::Bool(allowed)) => Additional::Allowed(allowed),
            Some(schema) => Additional::Schema(self.add(schema, at.join("additionalProperties"))),
        };
        read.prefix_items = raw.prefix_items.take().map(|positions| {
            let at = at.join("prefixItems");
            positions
                .into_iter()
                .enumerate()
                .map(|(i, position)| self.add(position, at.join(i)))
                .collect()
        });
        read.items = raw
            .items
            .take()
            .map(|items| self.add(items, at.join("items")));
        // `{oneOf: []}` alone is the typed form of a composition of nothing, which lowering
        // reports; beside other keywords the empty list is as good as absent.
        let mut composition = |builder: &mut Self, keyword: &'static str, list: Option<Vec<_>>| {
            let list = list.unwrap_or_default();
            let alone = match keyword {
                "oneOf" => Form::OneOf,
                "allOf" => Form::AllOf,
                _ => Form::AnyOf,
            };
            if list.is_empty() && form == alone {
                read.empty_composition = Some(keyword);
            }
            let at = at.join(keyword);
            list.into_iter()
                .enumerate()
                .map(|(i, member)| builder.add(member, at.join(i)))
                .collect::<Vec<_>>()
        };
        let one_of = composition(self, "oneOf", raw.one_of.take());
        let all_of = composition(self, "allOf", raw.all_of.take());
        let any_of = composition(self, "anyOf", raw.any_of.take());
        read.one_of = one_of;
        read.all_of = all_of;
        read.any_of = any_of;
        read.not = raw.not.take().map(|not| self.add(not, at.join("not")));
        let node = &mut self.graph.nodes[id.index()];
        node.origin = at;
        node.kind = Kind::Schema(Box::new(read));
        Ok(())
    }
}
