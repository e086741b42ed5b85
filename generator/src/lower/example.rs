//! Example values: for a parameter or request body, a JSON value its schema accepts, which
//! emission turns into the Rust value of the doc examples. The spec's own `example`, then its
//! `default`, then its first `enum` value is taken when the schema accepts it; otherwise a
//! value is made up from the type, format and constraints. Making up is deterministic: the
//! same schema always gives the same value.

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::{Map, Number, Value};

use super::pattern::{compiled, fit_length, matching, readable_match};
use super::shape::{ObjectView, Rest, Shape, all_of_siblings, shape, union_siblings};
use crate::diagnostics::Pointer;
use crate::refs;
use crate::schema::{Additional, Discriminator, Graph, Kind, Schema, SchemaId};

/// Past this depth, arrays that may be empty are, and values that may be null are: a
/// recursive type whose recursion is required would otherwise never end.
const MAX_DEPTH: usize = 8;

/// The constraints of one schema.
struct Facts<'a> {
    format: Option<&'a str>,
    enumeration: Vec<&'a Value>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
    multiple_of: Option<f64>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<&'a str>,
    min_items: Option<usize>,
    max_items: Option<usize>,
}

fn facts(schema: &Schema) -> Facts<'_> {
    let bounds = &schema.bounds;
    Facts {
        format: schema.format.as_deref(),
        enumeration: schema.values().collect(),
        minimum: bounds.minimum.as_ref().and_then(Number::as_f64),
        maximum: bounds.maximum.as_ref().and_then(Number::as_f64),
        exclusive_minimum: bounds.exclusive_minimum,
        exclusive_maximum: bounds.exclusive_maximum,
        multiple_of: bounds.multiple_of.as_ref().and_then(Number::as_f64),
        min_length: bounds.min_length,
        max_length: bounds.max_length,
        pattern: bounds.pattern.as_deref(),
        min_items: bounds.min_items,
        max_items: bounds.max_items,
    }
}

/// A value of `schema`: `given` (a parameter's or media type's example) when the schema
/// accepts it, else one made from the schema. `hint` is the wire name the value is for.
pub(crate) fn example(graph: &Graph, schema: SchemaId, given: Option<&Value>, hint: &str) -> Value {
    if let Some(given) = given.filter(|v| accepts(graph, schema, v, 0)) {
        return given.clone();
    }
    Synthesis {
        graph,
        stack: Vec::new(),
    }
    .value(schema, hint, 0)
}

/// A value of the schema written at `written` (a parameter's, or a media type's), as
/// [`example`] makes it; `given`, else null, when no schema was read there.
pub(crate) fn example_at(
    graph: &Graph,
    written: &Pointer,
    given: Option<&Value>,
    hint: &str,
) -> Value {
    match graph.root_at(written) {
        Some(schema) => example(graph, schema, given, hint),
        None => given.cloned().unwrap_or(Value::Null),
    }
}

/// The first example of a parameter or media type: `example`, else the first of `examples`
/// that is given inline.
pub(crate) fn given<'a>(
    example: Option<&'a Value>,
    examples: &'a indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
) -> Option<&'a Value> {
    example.or_else(|| {
        examples.values().find_map(|e| match e {
            ReferenceOr::Item(e) => e.value.as_ref(),
            ReferenceOr::Reference { .. } => None,
        })
    })
}

/// A success response whose example, the one a mock server serves, breaks the response's
/// own schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleConflict {
    /// The path key as the spec writes it.
    pub path: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// The pointer of the example value.
    pub example: Pointer,
}

/// Every JSON success response whose served example its schema rejects. The served example
/// is the media type's `example`, else the first of its `examples`, else the schema's own
/// `example` (a component's, through its `$ref`); a response with none is not checked.
pub(crate) fn response_example_conflicts(api: &OpenAPI, graph: &Graph) -> Vec<ExampleConflict> {
    let mut found = Vec::new();
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let at = Pointer::root().join("paths").join(path).join(method);
            for (status, response) in &operation.responses.responses {
                let success = match status {
                    openapiv3::StatusCode::Code(code) => (200..300).contains(code),
                    openapiv3::StatusCode::Range(range) => *range == 2,
                };
                let resolved = match response {
                    ReferenceOr::Item(response) => {
                        Some((response, at.join("responses").join(status)))
                    }
                    ReferenceOr::Reference { reference } => {
                        refs::resolve::<openapiv3::Response>(api, reference)
                            .ok()
                            .map(|target| (target.item, target.pointer()))
                    }
                };
                let Some((response, response_at)) = resolved.filter(|_| success) else {
                    continue;
                };
                for (media, content) in &response.content {
                    let json = media.split(';').next().unwrap_or("").trim();
                    if !(json == "application/json" || json.ends_with("+json")) {
                        continue;
                    }
                    let media_at = response_at.join("content").join(media);
                    let Some(schema) = graph.root_at(&media_at.join("schema")) else {
                        continue;
                    };
                    let served = served_example(api, graph, content, schema, &media_at);
                    if let Some((value, example)) = served {
                        if !accepts(graph, schema, value, 0) {
                            found.push(ExampleConflict {
                                path: path.clone(),
                                method: method.to_owned(),
                                example,
                            });
                        }
                    }
                }
            }
        }
    }
    found
}

/// One step into a JSON value: a property or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// An object's property.
    Key(String),
    /// An array's item.
    Index(usize),
}

/// Where a response body is wrong at `path`, the example that put the wrong value there:
/// the first example that holds a value at `path` (see [`served_values`]), when no schema at
/// that place accepts that value. The pointer of the value and the value.
pub(crate) fn rejected_example_below<'a>(
    api: &'a OpenAPI,
    graph: &'a Graph,
    content: &'a openapiv3::MediaType,
    at: &Pointer,
    path: &[Step],
) -> Option<(Pointer, &'a Value)> {
    let (candidates, mut values) = served_values(api, graph, content, at, path)?;
    let (pointer, value) = values.next()?;
    let fits = candidates
        .iter()
        .any(|(schema, _)| accepts(graph, *schema, value, 0));
    (!candidates.is_empty() && !fits).then_some((pointer, value))
}

/// Whether a body's value at `path` was made up by a mock server from a `pattern`: every
/// schema found there is a string with a pattern, and no example holds a value at that
/// place.
pub(crate) fn patterned_without_example<'a>(
    api: &'a OpenAPI,
    graph: &'a Graph,
    content: &'a openapiv3::MediaType,
    at: &Pointer,
    path: &[Step],
) -> bool {
    let Some((candidates, mut values)) = served_values(api, graph, content, at, path) else {
        return false;
    };
    values.next().is_none()
        && !candidates.is_empty()
        && candidates.iter().all(|(schema, _)| {
            graph
                .schema(*schema)
                .is_some_and(|schema| schema.bounds.pattern.is_some())
        })
}

/// The schemas at `path` below the schema of a response's media type `content`, written at
/// `at` (each written out, with where it is written), and the values at `path` of the
/// examples a mock server builds that body from, in the order it takes them: the served
/// example (see [`served_example`]), then those on the schemas along the path, outermost
/// first. The first value is the one a body holds there. `None` when `content` has no schema.
#[allow(clippy::type_complexity)]
fn served_values<'a, 'p>(
    api: &'a OpenAPI,
    graph: &'a Graph,
    content: &'a openapiv3::MediaType,
    at: &Pointer,
    path: &'p [Step],
) -> Option<(
    Vec<(SchemaId, Pointer)>,
    impl Iterator<Item = (Pointer, &'a Value)> + use<'a, 'p>,
)> {
    let schema = graph.root_at(&at.join("schema"))?;
    let mut candidates = Vec::new();
    let mut examples = Vec::new();
    let walk = Walk {
        graph,
        path,
        candidates: &mut candidates,
        examples: &mut examples,
    };
    walk.schemas_at(schema, at.join("schema"), 0, 0);
    let served = served_example(api, graph, content, schema, at).map(|(v, at)| (v, at, 0));
    let values =
        served
            .into_iter()
            .chain(examples)
            .filter_map(move |(example, mut pointer, consumed)| {
                let mut value = example;
                for step in &path[consumed..] {
                    (value, pointer) = match step {
                        Step::Key(key) => (value.get(key)?, pointer.join(key)),
                        Step::Index(i) => (value.get(i)?, pointer.join(i)),
                    };
                }
                Some((pointer, value))
            });
    Some((candidates, values))
}

/// A walk down a path of a response's schema.
struct Walk<'a, 'w> {
    graph: &'a Graph,
    path: &'w [Step],
    /// Every schema at the end of the path, with where it is written.
    candidates: &'w mut Vec<(SchemaId, Pointer)>,
    /// The examples of the schemas met on the way, with where they are written and how many
    /// steps of the path lead to them.
    examples: &'w mut Vec<(&'a Value, Pointer, usize)>,
}

impl<'a> Walk<'a, '_> {
    /// Walks from `schema` (written at `at`), `done` steps down the path: through objects'
    /// properties, `allOf` members and union variants, and items for indexes.
    fn schemas_at(mut self, schema: SchemaId, at: Pointer, done: usize, depth: usize) {
        self.step(schema, at, done, depth);
    }

    fn step(&mut self, id: SchemaId, at: Pointer, done: usize, depth: usize) {
        if depth > 4 * MAX_DEPTH {
            return;
        }
        let graph = self.graph;
        let (id, schema, at) = match &graph.node(id).kind {
            Kind::Ref(_) => match resolve(graph, id) {
                Some((target, schema)) => (target, schema, graph.node(target).origin.clone()),
                None => return,
            },
            Kind::Schema(schema) => (id, &**schema, at),
        };
        if let Some(example) = &schema.example {
            self.examples.push((example, at.join("example"), done));
        }
        let Some(step) = self.path.get(done) else {
            self.candidates.push((id, at));
            return;
        };
        let property = |view: ObjectView<'a>| view_property(view, step);
        let key = match step {
            Step::Key(key) => key.as_str(),
            Step::Index(_) => "",
        };
        let keyword = match shape(schema) {
            Shape::AnyOf(_) => "anyOf",
            Shape::AllOf(_) => "allOf",
            _ => "oneOf",
        };
        let own = match shape(schema) {
            Shape::Object(view) => Some(view),
            Shape::AllOf(_) => all_of_siblings(schema),
            Shape::OneOf(_) | Shape::AnyOf(_) => {
                union_siblings(graph, schema).map(|(view, _)| view)
            }
            _ => None,
        };
        if let Some(property) = own.and_then(property) {
            let at = at.join("properties").join(key);
            self.step(property, at, done + 1, depth + 1);
        }
        match shape(schema) {
            Shape::Array { items: Some(items) } if matches!(step, Step::Index(_)) => {
                self.step(items, at.join("items"), done + 1, depth + 1);
            }
            Shape::AllOf(list) | Shape::OneOf(list) | Shape::AnyOf(list) => {
                for (i, member) in list.iter().enumerate() {
                    let at = at.join(keyword).join(i);
                    self.step(*member, at, done, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// The property `step` names in `view`.
fn view_property(view: ObjectView<'_>, step: &Step) -> Option<SchemaId> {
    match step {
        Step::Key(key) => view.property(key),
        Step::Index(_) => None,
    }
}

/// The example a mock server answers with for `content`, whose schema is `schema`, and where
/// it is written.
fn served_example<'a>(
    api: &'a OpenAPI,
    graph: &'a Graph,
    content: &'a openapiv3::MediaType,
    schema: SchemaId,
    at: &Pointer,
) -> Option<(&'a Value, Pointer)> {
    if let Some(value) = &content.example {
        return Some((value, at.join("example")));
    }
    if let Some((key, example)) = content.examples.iter().next() {
        return match example {
            ReferenceOr::Item(example) => example
                .value
                .as_ref()
                .map(|v| (v, at.join("examples").join(key).join("value"))),
            ReferenceOr::Reference { reference } => {
                let target = refs::resolve::<openapiv3::Example>(api, reference).ok()?;
                let at = target.pointer().join("value");
                target.item.value.as_ref().map(|v| (v, at))
            }
        };
    }
    match &graph.node(schema).kind {
        Kind::Schema(schema) => schema
            .example
            .as_ref()
            .map(|v| (v, at.join("schema").join("example"))),
        Kind::Ref(_) => {
            let (target, schema) = resolve(graph, schema)?;
            let at = &graph.node(target).origin;
            schema.example.as_ref().map(|v| (v, at.join("example")))
        }
    }
}

/// The schema `id` stands for, written out, with its id: `id` itself, or the component a
/// chain of references ends at.
fn resolve(graph: &Graph, id: SchemaId) -> Option<(SchemaId, &Schema)> {
    let target = graph.resolve(id).ok()?;
    Some((target, graph.schema(target)?))
}

struct Synthesis<'a> {
    graph: &'a Graph,
    /// The components being made, outermost first, each with the depth it was entered at, to
    /// end recursion early.
    stack: Vec<(SchemaId, usize)>,
}

impl<'a> Synthesis<'a> {
    /// The schema of the property `wire` of an object schema, through references and `allOf`
    /// members.
    fn property(&self, schema: SchemaId, wire: &str, depth: usize) -> Option<SchemaId> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (_, schema) = resolve(self.graph, schema)?;
        match shape(schema) {
            Shape::Object(view) => view.property(wire),
            Shape::AllOf(members) => all_of_siblings(schema)
                .and_then(|view| view.property(wire))
                .or_else(|| {
                    members
                        .iter()
                        .find_map(|m| self.property(*m, wire, depth + 1))
                }),
            _ => None,
        }
    }

    /// An object of `view`: its required properties, and at the outermost level the optional
    /// ones the spec gives an example for.
    fn object(&mut self, view: ObjectView<'a>, depth: usize) -> Value {
        let mut object = Map::new();
        // Only a cycle of required values that may not be null gets this deep; no value
        // satisfies it anyway.
        if depth > 4 * MAX_DEPTH {
            return Value::Object(object);
        }
        let graph = self.graph;
        for (wire, property) in view.properties {
            if view.required.contains(wire) {
                let value = self.value(*property, wire, depth + 1);
                object.insert(wire.clone(), value);
            } else if let (0, Some(written)) = (depth, graph.schema(*property)) {
                // The spec's own values of the outermost object's optional properties show
                // what a real request looks like.
                let given = written
                    .example
                    .as_ref()
                    .filter(|v| accepts(graph, *property, v, 0));
                if let Some(given) = given {
                    object.insert(wire.clone(), given.clone());
                }
            }
        }
        // A required name no property declares takes any value.
        for wire in view.required {
            if view.property(wire).is_none() {
                object.entry(wire.clone()).or_insert(Value::Null);
            }
        }
        Value::Object(object)
    }

    fn value(&mut self, schema: SchemaId, hint: &str, depth: usize) -> Value {
        let graph = self.graph;
        match &graph.node(schema).kind {
            Kind::Ref(_) => match resolve(graph, schema) {
                // A component met again at the same depth came round through `allOf`s and
                // single variants alone, and one met this deep through unions alone: no
                // value satisfies either.
                Some((target, _))
                    if depth > 8 * MAX_DEPTH || self.stack.contains(&(target, depth)) =>
                {
                    Value::Null
                }
                Some((target, written)) => {
                    self.stack.push((target, depth));
                    let value = self.schema(target, written, hint, depth);
                    self.stack.pop();
                    value
                }
                None => Value::Null,
            },
            Kind::Schema(written) => self.schema(schema, written, hint, depth),
        }
    }

    /// The discriminator value that selects `variant`: the mapping's key for it, or else the
    /// name of the component.
    fn tag_value(&self, discriminator: &Discriminator, variant: SchemaId) -> Option<String> {
        let Kind::Ref(reference) = &self.graph.node(variant).kind else {
            return None;
        };
        let reference = &reference.text;
        let component = refs::component_name::<openapiv3::Schema>(reference)?;
        let mapped = discriminator
            .mapping
            .iter()
            .find(|(_, target)| *target == reference || **target == component);
        Some(mapped.map_or_else(|| component.to_string(), |(value, _)| value.clone()))
    }

    /// Whether a component is being made inside itself.
    fn in_cycle(&self) -> bool {
        self.stack
            .iter()
            .enumerate()
            .any(|(i, (id, _))| self.stack[..i].iter().any(|(other, _)| other == id))
    }

    /// Whether `schema` is a reference to a component being made already.
    fn recursive(&self, schema: SchemaId) -> bool {
        match &self.graph.node(schema).kind {
            Kind::Ref(_) => resolve(self.graph, schema)
                .is_some_and(|(target, _)| self.stack.iter().any(|(other, _)| *other == target)),
            Kind::Schema(_) => false,
        }
    }

    /// A value of `schema`, the schema written at `id`.
    fn schema(&mut self, id: SchemaId, schema: &'a Schema, hint: &str, depth: usize) -> Value {
        let graph = self.graph;
        let facts = facts(schema);
        let candidates = [schema.example.as_ref(), schema.default.as_ref()]
            .into_iter()
            .flatten()
            .chain(facts.enumeration.iter().copied());
        for candidate in candidates {
            if accepts(graph, id, candidate, 0) {
                return candidate.clone();
            }
        }
        // A cycle ends at the first value that may be null once it has come round.
        if schema.nullable && (depth > MAX_DEPTH || self.in_cycle()) {
            return Value::Null;
        }
        match shape(schema) {
            Shape::Boolean => Value::Bool(true),
            Shape::Integer => integer(&facts),
            Shape::Number => number(&facts),
            Shape::String => Value::String(string(&facts, hint)),
            Shape::Object(view) => self.object(view, depth),
            Shape::Array { items } => {
                let count = facts
                    .min_items
                    .unwrap_or(0)
                    .max(1)
                    .min(facts.max_items.unwrap_or(usize::MAX));
                let Some(items) = items else {
                    return Value::Array(vec![Value::Null; count]);
                };
                if facts.min_items.unwrap_or(0) == 0 && (depth > MAX_DEPTH || self.recursive(items))
                {
                    return Value::Array(Vec::new());
                }
                let item = self.value(items, hint, depth + 1);
                Value::Array(vec![item; count])
            }
            // The positions `minItems` asks for (the first at least, to show the shape),
            // then items of the rest up to `minItems`.
            Shape::Tuple(view) => {
                let count = view.required.max(view.positions.len().min(1));
                let mut items: Vec<Value> = view.positions[..count]
                    .iter()
                    .map(|p| self.value(*p, hint, depth + 1))
                    .collect();
                let missing = facts.min_items.unwrap_or(0).saturating_sub(items.len());
                if missing > 0 {
                    let item = match view.rest {
                        Rest::Items(rest) => self.value(rest, hint, depth + 1),
                        Rest::Any | Rest::Closed => Value::Null,
                    };
                    items.extend(vec![item; missing]);
                }
                Value::Array(items)
            }
            // An object its variants only narrow: its own properties, with the first
            // variant's added.
            Shape::OneOf(_) | Shape::AnyOf(_) if union_siblings(graph, schema).is_some() => {
                let Some((own, variants)) = union_siblings(graph, schema) else {
                    return Value::Null;
                };
                let base = self.object(own, depth);
                let one_of = matches!(shape(schema), Shape::OneOf(_));
                let mut first = None;
                for &variant in variants {
                    let mut object = base.clone();
                    let narrowing = self.value(variant, hint, depth + 1);
                    if let (Value::Object(into), Value::Object(from)) = (&mut object, narrowing) {
                        into.extend(from);
                    }
                    if let (Value::Object(into), Some(written)) =
                        (&mut object, graph.schema(variant))
                    {
                        for wire in &written.required {
                            if !into.contains_key(wire) {
                                let value = own
                                    .property(wire)
                                    .map_or(Value::Null, |p| self.value(p, wire, depth + 1));
                                into.insert(wire.clone(), value);
                            }
                        }
                    }
                    // A `oneOf` value must fit exactly one variant.
                    let exclusive = !one_of
                        || variants
                            .iter()
                            .filter(|other| **other != variant)
                            .all(|other| !accepts(graph, *other, &object, 0));
                    if exclusive {
                        return object;
                    }
                    first.get_or_insert(object);
                }
                first.unwrap_or(base)
            }
            Shape::OneOf(variants) | Shape::AnyOf(variants) => {
                let one_of = matches!(shape(schema), Shape::OneOf(_));
                let mut first = None;
                // Variants that do not lead back into a type being made come first.
                let (direct, recursive): (Vec<SchemaId>, Vec<SchemaId>) =
                    variants.iter().partition(|v| !self.recursive(**v));
                for variant in direct.into_iter().chain(recursive) {
                    let mut value = self.value(variant, hint, depth + 1);
                    if let (Some(discriminator), Value::Object(object)) =
                        (&schema.discriminator, &mut value)
                    {
                        if let Some(tag) = self.tag_value(discriminator, variant) {
                            let key = &discriminator.property;
                            let before = object.insert(key.clone(), Value::from(tag));
                            // A tag property with a single value of its own has it already.
                            let kept = Value::Object(object.clone());
                            if !accepts(graph, variant, &kept, 0) {
                                match before {
                                    Some(before) => object.insert(key.clone(), before),
                                    None => object.remove(key),
                                };
                            }
                        }
                    }
                    // A `oneOf` value must match exactly one variant.
                    let exclusive = !one_of
                        || variants
                            .iter()
                            .filter(|other| **other != variant)
                            .all(|other| !accepts(graph, *other, &value, 0));
                    if exclusive {
                        return value;
                    }
                    first.get_or_insert(value);
                }
                first.unwrap_or(Value::Null)
            }
            Shape::AllOf(members) => {
                let mut merged: Option<Value> = None;
                // Properties beside the `allOf` are one more member.
                let siblings = all_of_siblings(schema).map(|view| self.object(view, depth));
                for value in members
                    .iter()
                    .map(|member| self.value(*member, hint, depth))
                    .chain(siblings)
                {
                    merged = Some(match (merged, value) {
                        (Some(Value::Object(mut into)), Value::Object(from)) => {
                            // A member that only requires a key another declares leaves its
                            // value alone.
                            for (key, value) in from {
                                if !(value.is_null() && into.contains_key(&key)) {
                                    into.insert(key, value);
                                }
                            }
                            Value::Object(into)
                        }
                        (Some(kept), _) => kept,
                        (None, value) => value,
                    });
                }
                // A key the `allOf` requires that a member declares as optional: the member's
                // schema gives its value.
                if let (Some(Value::Object(object)), Some(view)) =
                    (&mut merged, all_of_siblings(schema))
                {
                    for wire in view.required {
                        if object.get(wire).is_some_and(|v| !v.is_null()) {
                            continue;
                        }
                        let declared = members.iter().find_map(|m| self.property(*m, wire, 0));
                        if let Some(property) = declared {
                            let value = self.value(property, wire, depth + 1);
                            object.insert(wire.clone(), value);
                        }
                    }
                }
                merged.unwrap_or(Value::Null)
            }
            Shape::Not | Shape::Any => Value::Null,
        }
    }
}

/// The closed range of integers the facts allow, and the step they must be a multiple of.
fn integer(facts: &Facts<'_>) -> Value {
    let (mut low, mut high) = match facts.format {
        Some("int32") => (f64::from(i32::MIN), f64::from(i32::MAX)),
        Some("uint32") => (0.0, f64::from(u32::MAX)),
        Some("uint64") => (0.0, 9.0e15),
        _ => (-9.0e15, 9.0e15),
    };
    if let Some(minimum) = facts.minimum {
        low = low.max(if facts.exclusive_minimum {
            minimum.floor() + 1.0
        } else {
            minimum.ceil()
        });
    }
    if let Some(maximum) = facts.maximum {
        high = high.min(if facts.exclusive_maximum {
            maximum.ceil() - 1.0
        } else {
            maximum.floor()
        });
    }
    let step = facts.multiple_of.filter(|m| *m >= 1.0).map(f64::round);
    let value = pick(low, high, 1.0, step);
    // Within ±9e15, so exact as an i64.
    Value::from(value as i64)
}

fn number(facts: &Facts<'_>) -> Value {
    let low = facts.minimum.unwrap_or(f64::MIN);
    let high = facts.maximum.unwrap_or(f64::MAX);
    let inside = |v: f64| {
        (v > low || (v == low && !facts.exclusive_minimum))
            && (v < high || (v == high && !facts.exclusive_maximum))
    };
    let step = facts.multiple_of.filter(|m| *m > 0.0);
    let mut value = pick(low, high, 1.0, step);
    if !inside(value) {
        // An exclusive bound was hit: halfway into the range, or one past the bound.
        value = match (facts.minimum, facts.maximum) {
            (Some(low), Some(high)) => low + (high - low) / 2.0,
            (Some(low), None) => low + 1.0,
            (None, Some(high)) => high - 1.0,
            (None, None) => 1.0,
        };
        if let Some(step) = step {
            value = (value / step).ceil() * step;
        }
    }
    Number::from_f64(value).map_or(Value::from(1), Value::Number)
}

/// `preferred` when it lies in `[low, high]` (and is a multiple of `step`), else the value of
/// the range nearest to it that is.
fn pick(low: f64, high: f64, preferred: f64, step: Option<f64>) -> f64 {
    let mut value = preferred.clamp(low.min(high), high.max(low));
    if let Some(step) = step {
        value = (value / step).ceil() * step;
        if value > high {
            value = (high / step).floor() * step;
        }
    }
    value
}

/// A string for the facts: its format shown, else `hint`, unless its pattern needs another;
/// within its length bounds.
fn string(facts: &Facts<'_>, hint: &str) -> String {
    let min = facts.min_length.unwrap_or(0);
    let max = facts.max_length.unwrap_or(usize::MAX).max(min);
    let plain = fit_length(plain_text(facts.format, hint), min, max);
    let Some(pattern) = facts.pattern else {
        return plain;
    };
    // The plain text reads best, when the pattern allows it, or else with dashes for
    // underscores (`organization-name-123`, for a slug pattern).
    let dashed = plain.replace('_', "-");
    [plain.clone(), dashed]
        .into_iter()
        .find(|text| readable_match(pattern, text))
        .or_else(|| matching(pattern, min, max))
        .unwrap_or(plain)
}

/// The text of a string with this format, or else `hint`.
fn plain_text<'a>(format: Option<&str>, hint: &'a str) -> &'a str {
    match format {
        Some("date-time") => "2024-05-01T09:30:00Z",
        Some("date") => "2024-05-01",
        Some("time") => "09:30:00Z",
        Some("duration") => "P1D",
        Some("email") => "user@example.com",
        Some("uri" | "url" | "iri") => "https://example.com",
        Some("uri-reference" | "iri-reference") => "https://example.com/path",
        Some("hostname" | "idn-hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("uuid") => "123e4567-e89b-12d3-a456-426614174000",
        Some("byte") => "aGVsbG8=",
        _ if hint.is_empty() => "value",
        _ => hint,
    }
}

/// Whether `schema` accepts `value`: type, `enum`, bounds, lengths, `pattern`, the formats a
/// validator checks, items, required and declared properties, and unions. A check of the
/// values this module takes from the spec, which are often written by hand and sometimes
/// wrong; `$ref`s are followed up to a depth.
pub(crate) fn accepts(graph: &Graph, schema: SchemaId, value: &Value, depth: usize) -> bool {
    if depth > 2 * MAX_DEPTH {
        return true;
    }
    // A dangling reference is raw JSON (with a warning of its own): any value.
    let Some((_, schema)) = resolve(graph, schema) else {
        return true;
    };
    if value.is_null() {
        let here = schema.nullable || matches!(shape(schema), Shape::Any);
        // `nullable` beside a `type` lets null through that type only: the members of an
        // `allOf` beside them still apply (OpenAPI 3.0.3), and Prism's validator checks them.
        // Without a `type`, Prism lets null through, and so does this.
        return match shape(schema) {
            Shape::AllOf(members) if schema.ty.is_some() => {
                here && members.iter().all(|m| accepts(graph, *m, value, depth + 1))
            }
            _ => here,
        };
    }
    let facts = facts(schema);
    if !facts.enumeration.is_empty() && !facts.enumeration.contains(&value) {
        return false;
    }
    let nested = |schema: SchemaId, value: &Value| accepts(graph, schema, value, depth + 1);
    match shape(schema) {
        Shape::Boolean => value.is_boolean(),
        Shape::Integer => {
            (value.is_i64() || value.is_u64()) && in_bounds(&facts, value, facts.format)
        }
        Shape::Number => value.is_number() && in_bounds(&facts, value, None),
        Shape::String => value.as_str().is_some_and(|text| {
            let length = text.chars().count();
            facts.min_length.is_none_or(|min| length >= min)
                && facts.max_length.is_none_or(|max| length <= max)
                && facts.pattern.is_none_or(|pattern| {
                    // A pattern Rust cannot read is left to the server.
                    compiled(pattern).is_none_or(|r| r.is_match(text))
                })
                && formatted(facts.format, text)
        }),
        Shape::Object(view) => object_accepts(view, value, nested),
        Shape::Array { items } => value.as_array().is_some_and(|array| {
            facts.min_items.is_none_or(|min| array.len() >= min)
                && facts.max_items.is_none_or(|max| array.len() <= max)
                && items.is_none_or(|items| array.iter().all(|item| nested(items, item)))
        }),
        Shape::Tuple(view) => value.as_array().is_some_and(|array| {
            facts.min_items.is_none_or(|min| array.len() >= min)
                && facts.max_items.is_none_or(|max| array.len() <= max)
                && array
                    .iter()
                    .enumerate()
                    .all(|(i, item)| match view.positions.get(i) {
                        Some(position) => nested(*position, item),
                        None => match view.rest {
                            Rest::Closed => false,
                            Rest::Any => true,
                            Rest::Items(rest) => nested(rest, item),
                        },
                    })
        }),
        // `oneOf` asks for exactly one variant, as validators check it (a discriminator does
        // not change that).
        Shape::OneOf(variants) => {
            variants
                .iter()
                .filter(|v| nested(**v, value))
                .take(2)
                .count()
                == 1
                && union_siblings(graph, schema)
                    .is_none_or(|(own, _)| object_accepts(own, value, nested))
        }
        Shape::AnyOf(variants) => {
            variants.iter().any(|v| nested(*v, value))
                && union_siblings(graph, schema)
                    .is_none_or(|(own, _)| object_accepts(own, value, nested))
        }
        Shape::AllOf(members) => {
            members.iter().all(|m| nested(*m, value))
                && all_of_siblings(schema).is_none_or(|view| object_accepts(view, value, nested))
        }
        Shape::Not => false,
        // `{required: [id]}` alone still asks for the key.
        Shape::Any => value
            .as_object()
            .is_none_or(|object| schema.required.iter().all(|r| object.contains_key(r))),
    }
}

/// Whether `value` is an object with the required properties of `view`, each property
/// accepted by `nested`.
fn object_accepts(
    view: ObjectView<'_>,
    value: &Value,
    nested: impl Fn(SchemaId, &Value) -> bool,
) -> bool {
    value.as_object().is_some_and(|object| {
        view.required.iter().all(|r| object.contains_key(r))
            && object.iter().all(|(key, item)| match view.property(key) {
                Some(property) => nested(property, item),
                None => match view.additional {
                    Additional::Allowed(false) => false,
                    Additional::Schema(schema) => nested(schema, item),
                    Additional::Unset | Additional::Allowed(true) => true,
                },
            })
    })
}

fn in_bounds(facts: &Facts<'_>, value: &Value, format: Option<&str>) -> bool {
    let Some(v) = value.as_f64() else {
        return false;
    };
    let (low, high) = match format {
        Some("int32") => (Some(f64::from(i32::MIN)), Some(f64::from(i32::MAX))),
        _ => (None, None),
    };
    let above = |bound: Option<f64>, exclusive: bool| {
        bound.is_none_or(|b| if exclusive { v > b } else { v >= b })
    };
    let below = |bound: Option<f64>, exclusive: bool| {
        bound.is_none_or(|b| if exclusive { v < b } else { v <= b })
    };
    above(facts.minimum, facts.exclusive_minimum)
        && below(facts.maximum, facts.exclusive_maximum)
        && above(low, false)
        && below(high, false)
        && facts
            .multiple_of
            .is_none_or(|m| m <= 0.0 || ((v / m) - (v / m).round()).abs() < 1e-9)
}

/// The formats that validators commonly check, with the form of their values.
const FORMATS: &[(&str, &str)] = &[
    (
        "date-time",
        r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$",
    ),
    ("date", r"^\d{4}-\d{2}-\d{2}$"),
    (
        "uuid",
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    ),
    ("email", r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    ("ipv4", r"^\d{1,3}(\.\d{1,3}){3}$"),
    ("uri", r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$"),
    ("url", r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$"),
    ("byte", r"^[A-Za-z0-9+/]*={0,2}$"),
];

/// Whether `text` has the form its format asks for, for the formats of [`FORMATS`].
fn formatted(format: Option<&str>, text: &str) -> bool {
    static CHECKS: std::sync::OnceLock<Vec<(&str, regex::Regex)>> = std::sync::OnceLock::new();
    let Some(format) = format else {
        return true;
    };
    let checks = CHECKS.get_or_init(|| {
        FORMATS
            .iter()
            .filter_map(|(name, pattern)| Some((*name, regex::Regex::new(pattern).ok()?)))
            .collect()
    });
    checks
        .iter()
        .filter(|(name, _)| *name == format)
        .all(|(_, check)| check.is_match(text))
}

#[cfg(test)]
mod tests {
    use openapiv3::OpenAPI;
    use serde_json::{Value, json};

    use super::super::pattern::matching;
    use super::{accepts, example};
    use crate::diagnostics::Pointer;
    use crate::schema::{Graph, SchemaId, openapi30};

    /// The graph of a document whose components are `schemas` (YAML), with the id of the
    /// schema `subject` (YAML: a schema, or a `$ref`), the body of its one operation.
    fn subject(schemas: &str, subject: &str) -> Result<(Graph, SchemaId), String> {
        let components: String = schemas
            .lines()
            .map(|line| format!("    {line}\n"))
            .collect();
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /s:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {subject}\n      responses: {{}}\ncomponents:\n  schemas:\n{}",
            if components.is_empty() {
                "    {}\n"
            } else {
                &components
            }
        );
        let api: OpenAPI = serde_yaml::from_str(&text).map_err(|e| format!("{e}: {text}"))?;
        let graph = openapi30::build(&api);
        let at = Pointer::root()
            .join("paths")
            .join("/s")
            .join("post")
            .join("requestBody")
            .join("content")
            .join("application/json")
            .join("schema");
        let id = graph.root_at(&at).ok_or("no body schema")?;
        Ok((graph, id))
    }

    /// The example value of an inline schema given as YAML.
    fn value_of(schema: &str) -> Result<Value, String> {
        let (graph, id) = subject("", schema)?;
        Ok(example(&graph, id, None, "name"))
    }

    /// The example value of the component `name` of `schemas`.
    fn component_value(schemas: &str, name: &str) -> Result<Value, String> {
        let (graph, id) = subject(schemas, &format!("{{$ref: '#/components/schemas/{name}'}}"))?;
        Ok(example(&graph, id, None, "v"))
    }

    #[test]
    fn spec_values_come_first_example_then_default_then_enum() -> Result<(), String> {
        let table = [
            (
                "{type: string, example: a, default: b, enum: [c, a, b]}",
                json!("a"),
            ),
            // An example outside the enum is not one the server accepts.
            (
                "{type: string, example: z, default: b, enum: [c, b]}",
                json!("b"),
            ),
            ("{type: string, enum: [c, b]}", json!("c")),
            ("{type: integer, minimum: 10, example: 3}", json!(10)),
            ("{type: integer, default: 7}", json!(7)),
            ("{type: boolean, default: false}", json!(false)),
            (
                "{type: string, format: date-time, example: '2021-01-01'}",
                json!("2024-05-01T09:30:00Z"),
            ),
            (
                "{type: object, required: [a], properties: {a: {type: string}}, example: {a: x, b: 1}}",
                json!({"a": "x", "b": 1}),
            ),
            (
                "{type: object, required: [a], properties: {a: {type: string}}, example: {b: 1}}",
                json!({"a": "a"}),
            ),
        ];
        for (schema, expected) in table {
            assert_eq!(value_of(schema)?, expected, "{schema}");
        }
        Ok(())
    }

    #[test]
    fn formats_have_placeholders_of_their_form() -> Result<(), String> {
        let table = [
            ("date-time", "2024-05-01T09:30:00Z"),
            ("date", "2024-05-01"),
            ("time", "09:30:00Z"),
            ("uuid", "123e4567-e89b-12d3-a456-426614174000"),
            ("email", "user@example.com"),
            ("uri", "https://example.com"),
            ("url", "https://example.com"),
            ("hostname", "example.com"),
            ("ipv4", "192.0.2.1"),
            ("ipv6", "2001:db8::1"),
            ("byte", "aGVsbG8="),
            ("password", "name"),
        ];
        for (format, expected) in table {
            let schema = format!("{{type: string, format: {format}}}");
            assert_eq!(value_of(&schema)?, json!(expected), "{format}");
        }
        Ok(())
    }

    #[test]
    fn numbers_lie_within_their_bounds() -> Result<(), String> {
        let table = [
            ("{type: integer}", json!(1)),
            ("{type: integer, minimum: 5}", json!(5)),
            (
                "{type: integer, minimum: 0, exclusiveMinimum: true}",
                json!(1),
            ),
            ("{type: integer, maximum: -3}", json!(-3)),
            (
                "{type: integer, maximum: 0, exclusiveMaximum: true}",
                json!(-1),
            ),
            ("{type: integer, minimum: 10, multipleOf: 7}", json!(14)),
            (
                "{type: integer, minimum: 3, maximum: 5, multipleOf: 4}",
                json!(4),
            ),
            (
                "{type: integer, format: int32, minimum: 2147483000, maximum: 3000000000}",
                json!(2147483000),
            ),
            ("{type: number}", json!(1.0)),
            ("{type: number, minimum: 2.5}", json!(2.5)),
            (
                "{type: number, minimum: 0, maximum: 1, exclusiveMaximum: true}",
                json!(0.5),
            ),
            (
                "{type: number, minimum: 1, exclusiveMinimum: true}",
                json!(2.0),
            ),
            ("{type: number, maximum: 0.25}", json!(0.25)),
            ("{type: number, minimum: 0.1, multipleOf: 0.5}", json!(1.0)),
        ];
        for (schema, expected) in table {
            let value = value_of(schema)?;
            assert_eq!(value, expected, "{schema}");
            let (graph, id) = subject("", schema)?;
            assert!(accepts(&graph, id, &value, 0), "{schema}");
        }
        Ok(())
    }

    #[test]
    fn strings_match_their_pattern_and_length() -> Result<(), String> {
        let table = [
            ("{type: string, minLength: 6}", "namexx"),
            ("{type: string, maxLength: 2}", "na"),
            ("{type: string, pattern: '^[a-z]{3}-\\d{2}$'}", "aaa-00"),
            (
                "{type: string, pattern: '^sk_[A-Za-z0-9]{8,}$'}",
                "sk_aaaaaaaa",
            ),
            (
                "{type: string, pattern: '^[a-z]+$', minLength: 10}",
                "namexxxxxx",
            ),
            ("{type: string, pattern: '^[a-z]{3}$', minLength: 3}", "aaa"),
            ("{type: string, pattern: '^(red|green)$'}", "red"),
            ("{type: string, pattern: '^\\+[1-9]\\d{6,14}$'}", "+1000000"),
            ("{type: string, pattern: '[0-9]+'}", "0"),
            ("{type: string, pattern: '^[a-z][a-z-]*$'}", "name"),
            (
                "{type: string, pattern: '^[a-z]+-[a-z]+$', example: no_dash}",
                "a-a",
            ),
            (
                "{type: string, pattern: '^[A-Z]{2}-\\d+$', minLength: 8}",
                "AA-00000",
            ),
            // Look-arounds, which Rust regexes do not read, are left out.
            ("{type: string, pattern: '^(?![0-9]+$)[a-z0-9]{3}$'}", "aaa"),
            ("{type: string, pattern: '^(?=(a))'}", "name"),
        ];
        for (schema, expected) in table {
            assert_eq!(value_of(schema)?, json!(expected), "{schema}");
        }
        let (graph, slug) = subject(
            "",
            "{type: string, pattern: '^[a-z][a-z0-9-]*$', maxLength: 63}",
        )?;
        assert_eq!(
            example(&graph, slug, None, "project_name_123"),
            json!("project-name-123")
        );
        assert_eq!(matching("^a{5}$", 0, 3), None);
        assert_eq!(matching("(", 0, 3), None);
        Ok(())
    }

    #[test]
    fn required_values_are_filled_and_recursion_ends() -> Result<(), String> {
        let (graph, node) = subject(
            "Node:
  type: object
  required: [label, children, tags, meta, next]
  properties:
    label: {type: string}
    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
    tags: {type: array, minItems: 2, items: {type: string, enum: [x]}}
    meta: {type: object, required: [n], properties: {n: {type: integer}}}
    next: {$ref: '#/components/schemas/Link'}
    note: {type: string, example: kept at the top}
Link:
  type: object
  nullable: true
  required: [to]
  properties:
    to: {$ref: '#/components/schemas/Node'}",
            "{$ref: '#/components/schemas/Node'}",
        )?;
        let value = example(&graph, node, None, "value");
        assert_eq!(value["label"], json!("label"));
        assert_eq!(value["children"], json!([]));
        assert_eq!(value["tags"], json!(["x", "x"]));
        assert_eq!(value["meta"], json!({"n": 1}));
        assert_eq!(value["note"], json!("kept at the top"));
        // A required cycle ends in `null` where the schema allows it.
        let mut link = &value["next"];
        let mut depth = 0;
        while link.is_object() {
            link = &link["to"]["next"];
            depth += 1;
        }
        assert_eq!(link, &Value::Null);
        assert!(depth <= 5, "{depth}");
        assert!(accepts(&graph, node, &value, 0), "{value}");
        Ok(())
    }

    #[test]
    fn unions_take_a_variant_and_all_of_merges() -> Result<(), String> {
        let schemas = "A: {type: object, required: [a], properties: {a: {type: integer}}}
B: {type: object, required: [b], properties: {b: {type: string, format: date}}}
Both: {allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
Either: {oneOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/A'}]}";
        let of = |name: &str| component_value(schemas, name);
        assert_eq!(of("Both")?, json!({"a": 1, "b": "2024-05-01"}));
        assert_eq!(of("Either")?, json!({"b": "2024-05-01"}));
        Ok(())
    }

    #[test]
    fn one_of_values_match_one_variant_and_carry_their_tag() -> Result<(), String> {
        let schemas = "Pet:
  oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
  discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat'}}
Cat: {type: object, required: [kind], properties: {kind: {type: string}, meows: {type: boolean}}}
Dog: {type: object, required: [kind], properties: {kind: {type: string}}}
Fixed:
  oneOf: [{$ref: '#/components/schemas/Bird'}]
  discriminator: {propertyName: kind}
Bird: {type: object, required: [kind], properties: {kind: {type: string, enum: [bird]}}}
Overlapping:
  oneOf:
    - {type: object, required: [a, b], properties: {a: {type: string}, b: {type: string}}}
    - {type: object, required: [a], properties: {a: {type: string}}}";
        let of = |name: &str| component_value(schemas, name);
        assert_eq!(of("Pet")?, json!({"kind": "cat"}));
        assert_eq!(of("Fixed")?, json!({"kind": "bird"}));
        // The first variant's value also matches the second: the second's does not.
        assert_eq!(of("Overlapping")?, json!({"a": "a"}));
        Ok(())
    }

    #[test]
    fn given_examples_are_taken_only_when_the_schema_accepts_them() -> Result<(), String> {
        let (graph, schema) = subject(
            "",
            "{type: array, maxItems: 2, items: {type: integer, maximum: 5}}",
        )?;
        let table = [
            (json!([1, 2]), json!([1, 2])),
            (json!([1, 9]), json!([1])),
            (json!([1, 2, 3]), json!([1])),
            (json!("1"), json!([1])),
        ];
        for (given, expected) in table {
            assert_eq!(
                example(&graph, schema, Some(&given), "v"),
                expected,
                "{given}"
            );
        }
        Ok(())
    }
}
