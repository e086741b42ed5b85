//! Checks of the parsed document that lowering does not make, run before it. `$ref` cycles
//! with no object or array in between are errors: no type can be defined as itself (lowering
//! ends on them all the same, cutting each where it closes). Reused operationIds, discriminated unions
//! whose variants lack the tag property and defaults that do not fit their schema are
//! warnings: the generated code still works, but the spec says something it does not mean.

use std::collections::HashMap;

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};
use serde_json::Value;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::refs;

/// Runs every check of this module on `api`.
pub(crate) fn check(api: &OpenAPI, diagnostics: &mut Diagnostics) {
    duplicate_operation_ids(api, diagnostics);
    for (schema, at) in schemas(api) {
        default_fits(schema, &at, diagnostics);
        discriminator_in_variants(api, schema, &at, diagnostics);
    }
    reference_chains(api, diagnostics);
    response_examples(api, diagnostics);
    identical_templates(api, diagnostics);
}

// ----------------------------------------------------------------------------- paths

/// Paths that differ only in the names of their parameters (`/items/{id}` and
/// `/items/{number}`) are one template, which OpenAPI forbids: a server, or a mock, cannot
/// tell which one a request is for. The SDK sends each as written, so this is a warning.
fn identical_templates(api: &OpenAPI, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for path in api.paths.paths.keys() {
        let path_only = path.split('#').next().unwrap_or(path);
        let mut template = String::new();
        let mut in_name = false;
        for c in path_only.chars() {
            match c {
                '{' => {
                    in_name = true;
                    template.push_str("{}");
                }
                '}' => in_name = false,
                _ if in_name => {}
                c => template.push(c),
            }
        }
        match seen.get(&template) {
            Some(first) if *first != path_only => diagnostics.warning(
                &Pointer::root().join("paths").join(path),
                format!("this path is the same template as `{first}`: only its parameter names differ, so a server cannot tell the two apart"),
            ),
            Some(_) => {}
            None => {
                seen.insert(template, path_only);
            }
        }
    }
}

// ----------------------------------------------------------------------------- examples

/// A response example its schema rejects misleads readers of the spec, and a mock server
/// that serves it answers with a body the client cannot decode: a warning, once per example.
fn response_examples(api: &OpenAPI, diagnostics: &mut Diagnostics) {
    let mut seen = std::collections::HashSet::new();
    for conflict in crate::lower::example::response_example_conflicts(api) {
        if seen.insert(conflict.example.to_string()) {
            diagnostics.warning(
                &conflict.example,
                "this response example does not match its schema; a mock server serving it sends a body clients reject",
            );
        }
    }
    // A schema's own example is what mock servers build bodies from when the response gives
    // none, and what readers of the spec copy.
    for (schema, at) in schemas(api) {
        let at = at.join("example");
        let Some(example) = &schema.schema_data.example else {
            continue;
        };
        let accepted =
            crate::lower::example::accepts(api, crate::lower::SchemaRef::Item(schema), example, 0);
        if !accepted && seen.insert(at.to_string()) {
            diagnostics.warning(&at, "this example does not match its schema");
        }
    }
}

// ----------------------------------------------------------------------------- operationIds

/// operationIds must be unique. Lowering numbers method names that repeat, so a repeat is a
/// warning: the SDK works, but one of the two methods is not named as the spec says.
fn duplicate_operation_ids(api: &OpenAPI, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, Pointer> = HashMap::new();
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let Some(id) = operation.operation_id.as_deref() else {
                continue;
            };
            let at = Pointer::root().join("paths").join(path).join(method);
            match seen.get(id) {
                Some(first) => diagnostics.warning(
                    &at.join("operationId"),
                    format!(
                        "operationId `{id}` is already used at {first}; operationIds must be unique, and the repeated method name gets a number"
                    ),
                ),
                None => {
                    seen.insert(id, at);
                }
            }
        }
    }
}

// --------------------------------------------------------------------------------- defaults

/// Warns when a schema's `default` is not a value of the schema: the wrong JSON type or a
/// value outside its `enum`. Only the rustdoc shows defaults, so a wrong one misleads
/// readers without breaking the code. (`default: null` cannot be judged: openapiv3 reads it
/// as no default.)
fn default_fits(schema: &Schema, at: &Pointer, diagnostics: &mut Diagnostics) {
    let Some(default) = &schema.schema_data.default else {
        return;
    };
    let expected = match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => Expected::new("string", Value::is_string).with_enum(
            t.enumeration
                .iter()
                .map(|v| v.as_deref().map_or(Value::Null, Value::from))
                .collect(),
        ),
        SchemaKind::Type(Type::Integer(_)) => Expected::new("integer", is_integer),
        SchemaKind::Type(Type::Number(_)) => Expected::new("number", Value::is_number),
        SchemaKind::Type(Type::Boolean(_)) => Expected::new("boolean", Value::is_boolean),
        SchemaKind::Type(Type::Object(_)) => Expected::new("object", Value::is_object),
        SchemaKind::Type(Type::Array(_)) => Expected::new("array", Value::is_array),
        SchemaKind::Any(any) => {
            let expected = match any.typ.as_deref() {
                Some("string") => Expected::new("string", Value::is_string),
                Some("integer") => Expected::new("integer", is_integer),
                Some("number") => Expected::new("number", Value::is_number),
                Some("boolean") => Expected::new("boolean", Value::is_boolean),
                Some("object") => Expected::new("object", Value::is_object),
                Some("array") => Expected::new("array", Value::is_array),
                _ => Expected::new("value", |_| true),
            };
            expected.with_enum(any.enumeration.clone())
        }
        // What a composition accepts depends on its members; not judged here.
        SchemaKind::OneOf { .. }
        | SchemaKind::AllOf { .. }
        | SchemaKind::AnyOf { .. }
        | SchemaKind::Not { .. } => return,
    };
    let at = at.join("default");
    if !(expected.test)(default) {
        diagnostics.warning(
            &at,
            format!("the default `{default}` is not {}", expected.article()),
        );
    } else if !expected.values.is_empty() && !expected.values.contains(default) {
        diagnostics.warning(
            &at,
            format!("the default `{default}` is not one of the `enum` values"),
        );
    }
}

/// The values a schema accepts, as far as a default is concerned.
struct Expected {
    name: &'static str,
    test: fn(&Value) -> bool,
    /// The `enum` values, when the schema lists any.
    values: Vec<Value>,
}

impl Expected {
    fn new(name: &'static str, test: fn(&Value) -> bool) -> Self {
        Self {
            name,
            test,
            values: Vec::new(),
        }
    }

    fn with_enum(mut self, values: Vec<Value>) -> Self {
        self.values = values;
        self
    }

    fn article(&self) -> String {
        let article = if self.name.starts_with(['a', 'i', 'o']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.name)
    }
}

/// Whole numbers, including ones written with a fraction of zero (`3.0`).
fn is_integer(value: &Value) -> bool {
    value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
}

// ---------------------------------------------------------------------------- discriminators

/// Warns when a `$ref` variant of a discriminated `oneOf`/`anyOf` has no property named by
/// the discriminator: a payload of that variant cannot carry its tag the way the spec says.
/// Inline variants are lowering's business, which already warns about them.
fn discriminator_in_variants(
    api: &OpenAPI,
    schema: &Schema,
    at: &Pointer,
    diagnostics: &mut Diagnostics,
) {
    let Some(discriminator) = &schema.schema_data.discriminator else {
        return;
    };
    let (keyword, variants) = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => ("oneOf", one_of),
        SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
        SchemaKind::Any(any) if !any.one_of.is_empty() => ("oneOf", &any.one_of),
        SchemaKind::Any(any) if !any.any_of.is_empty() => ("anyOf", &any.any_of),
        _ => return,
    };
    let tag = discriminator.property_name.as_str();
    for (i, variant) in variants.iter().enumerate() {
        let ReferenceOr::Reference { reference } = variant else {
            continue;
        };
        // An unresolvable reference is reported by lowering.
        let Some(found) = has_property(api, reference, tag) else {
            continue;
        };
        if !found {
            let name = reference.rsplit('/').next().unwrap_or(reference);
            diagnostics.warning(
                &at.join(keyword).join(i),
                format!(
                    "the variant `{name}` has no `{tag}` property, which the discriminator names"
                ),
            );
        }
    }
}

/// Whether the component `reference` points to declares `property`, directly or through
/// `allOf` members and references; `None` when the reference does not resolve.
fn has_property(api: &OpenAPI, reference: &str, property: &str) -> Option<bool> {
    let start = component(api, reference)?;
    let mut visited = vec![false; component_count(api)];
    let mut pending: Vec<&ReferenceOr<Schema>> = vec![start.1];
    visited[start.0] = true;
    while let Some(node) = pending.pop() {
        let schema = match node {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                if let Some((index, target)) = component(api, reference) {
                    if !std::mem::replace(&mut visited[index], true) {
                        pending.push(target);
                    }
                }
                continue;
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if object.properties.contains_key(property) => {
                return Some(true);
            }
            SchemaKind::Any(any) if any.properties.contains_key(property) => return Some(true),
            SchemaKind::AllOf { all_of } => pending.extend(all_of),
            SchemaKind::Any(any) => pending.extend(&any.all_of),
            _ => {}
        }
    }
    Some(false)
}

// ---------------------------------------------------------------------------------- cycles

/// The longest chain of `$ref`/`allOf` links from one component schema that is accepted; as
/// many as the parsers allow levels of nesting, and far more than any real spec uses.
const MAX_LINKS: usize = 128;

/// Reports each cycle of component schemas that reach themselves through `$ref`, `allOf`
/// members and single-member `oneOf`/`anyOf` only (what lowering treats as the same type),
/// once, at the `$ref` that starts it. Cycles through a property, array items or a union of
/// several variants are recursive types, which are fine.
///
/// Chains of such links longer than [`MAX_LINKS`] are errors too: emission follows them
/// recursively. Everything here is iterative, so that a chain of ten thousand
/// aliases exhausts no stack.
fn reference_chains(api: &OpenAPI, diagnostics: &mut Diagnostics) {
    let Some(components) = &api.components else {
        return;
    };
    let names: Vec<&str> = components.schemas.keys().map(String::as_str).collect();
    let edges: Vec<Vec<(usize, Pointer)>> = components
        .schemas
        .iter()
        .map(|(name, schema)| {
            let at = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            alias_edges(api, schema, at)
        })
        .collect();

    // Peel off, again and again, the schemas whose aliases all lead out of the graph: what
    // is left is on a cycle or leads into one.
    let mut remaining_out: Vec<usize> = edges.iter().map(Vec::len).collect();
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for (from, targets) in edges.iter().enumerate() {
        for (to, _) in targets {
            incoming[*to].push(from);
        }
    }
    let mut done: Vec<usize> = (0..names.len())
        .filter(|&n| remaining_out[n] == 0)
        .collect();
    let mut acyclic = vec![false; names.len()];
    // The longest chain of links from each schema peeled off: all its targets were peeled
    // before it.
    let mut links = vec![0usize; names.len()];
    while let Some(node) = done.pop() {
        acyclic[node] = true;
        links[node] = edges[node]
            .iter()
            .map(|(to, _)| links[*to] + 1)
            .max()
            .unwrap_or(0);
        for &from in &incoming[node] {
            remaining_out[from] -= 1;
            if remaining_out[from] == 0 {
                done.push(from);
            }
        }
    }

    let longest = (0..names.len()).max_by_key(|&n| (links[n], std::cmp::Reverse(n)));
    if let Some(start) = longest.filter(|&n| links[n] > MAX_LINKS) {
        diagnostics.error(
            &Pointer::root()
                .join("components")
                .join("schemas")
                .join(names[start]),
            format!(
                "a chain of {} `$ref`/`allOf` links starts here; the generator follows at most {MAX_LINKS}",
                links[start]
            ),
        );
    }

    // From each schema left, in spec order, follow the aliases that stay among the schemas
    // left (there always is one) until a schema repeats: that closes a cycle, reported once.
    let mut visited = vec![false; names.len()];
    for start in 0..names.len() {
        if acyclic[start] || visited[start] {
            continue;
        }
        let mut walk: Vec<usize> = Vec::new();
        let mut node = Some(start);
        while let Some(current) = node.filter(|&n| !visited[n]) {
            visited[current] = true;
            walk.push(current);
            node = edges[current]
                .iter()
                .find(|(to, _)| !acyclic[*to])
                .map(|(to, _)| *to);
        }
        // Only a walk that came back onto itself found a new cycle; one that ran into an
        // earlier walk leads into a cycle already reported.
        let Some(node) = node else {
            continue;
        };
        let Some(first) = walk.iter().position(|&n| n == node) else {
            continue;
        };
        let cycle = &walk[first..];
        let leader = cycle.iter().copied().min().unwrap_or(node);
        let rotation = cycle.iter().position(|&n| n == leader).unwrap_or(0);
        let ordered: Vec<usize> = cycle[rotation..]
            .iter()
            .chain(&cycle[..rotation])
            .copied()
            .collect();
        let next = ordered.get(1).copied().unwrap_or(leader);
        let at = edges[leader]
            .iter()
            .find(|(to, _)| *to == next)
            .map_or_else(
                || {
                    Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(names[leader])
                },
                |(_, at)| at.clone(),
            );
        let path: Vec<&str> = ordered
            .iter()
            .chain(std::iter::once(&leader))
            .map(|&n| names[n])
            .collect();
        diagnostics.error(
            &at,
            format!(
                "`$ref` cycle with no object or array in between: {}; no type can be defined as itself",
                path.join(" -> ")
            ),
        );
    }
}

/// The component schemas that `schema` is the same type as, or merges (`allOf`), with the
/// pointer of each `$ref`.
fn alias_edges(api: &OpenAPI, schema: &ReferenceOr<Schema>, at: Pointer) -> Vec<(usize, Pointer)> {
    let mut edges = Vec::new();
    let mut pending = vec![(schema, at)];
    while let Some((node, at)) = pending.pop() {
        let schema = match node {
            ReferenceOr::Reference { reference } => {
                if let Some((index, _)) = component(api, reference) {
                    edges.push((index, at.join("$ref")));
                }
                continue;
            }
            ReferenceOr::Item(schema) => schema,
        };
        // The precedence of lowering: `oneOf`, then `anyOf`, then `allOf`.
        let (keyword, members): (&str, &[ReferenceOr<Schema>]) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } if one_of.len() == 1 => ("oneOf", one_of),
            SchemaKind::AnyOf { any_of } if any_of.len() == 1 => ("anyOf", any_of),
            SchemaKind::AllOf { all_of } => ("allOf", all_of),
            SchemaKind::Any(any) if !any.one_of.is_empty() => ("oneOf", single(&any.one_of)),
            SchemaKind::Any(any) if !any.any_of.is_empty() => ("anyOf", single(&any.any_of)),
            SchemaKind::Any(any) => ("allOf", &any.all_of),
            _ => continue,
        };
        // Reversed so that the stack pops members in spec order.
        for (i, member) in members.iter().enumerate().rev() {
            pending.push((member, at.join(keyword).join(i)));
        }
    }
    edges
}

/// The members of a union that lowering treats as an alias: only a union of one.
fn single(members: &[ReferenceOr<Schema>]) -> &[ReferenceOr<Schema>] {
    if members.len() == 1 { members } else { &[] }
}

// ---------------------------------------------------------------------------------- helpers

fn component_count(api: &OpenAPI) -> usize {
    api.components.as_ref().map_or(0, |c| c.schemas.len())
}

/// Resolves a local `$ref` to a component schema, one step, as lowering does: its index and
/// schema.
fn component<'a>(api: &'a OpenAPI, reference: &str) -> Option<(usize, &'a ReferenceOr<Schema>)> {
    let entry = refs::entry::<Schema>(api, reference).ok()?;
    Some((entry.index, entry.value))
}

/// Every inline schema of the document with its pointer, in document order: the component
/// schemas, the schemas of parameters, request bodies and responses, and everything nested
/// in them. References are not followed; what they point to is visited where it is defined.
fn schemas(api: &OpenAPI) -> Vec<(&Schema, Pointer)> {
    let mut roots: Vec<(&ReferenceOr<Schema>, Pointer)> = Vec::new();
    if let Some(components) = &api.components {
        let at = Pointer::root().join("components");
        for (name, schema) in &components.schemas {
            roots.push((schema, at.join("schemas").join(name)));
        }
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

    // Depth first with a stack of its own, children in spec order.
    let mut pending: Vec<(&Schema, Pointer)> = roots
        .into_iter()
        .rev()
        .filter_map(|(schema, at)| item(schema).map(|schema| (schema, at)))
        .collect();
    let mut out = Vec::new();
    while let Some((schema, at)) = pending.pop() {
        pending.extend(children(schema, &at).into_iter().rev());
        out.push((schema, at));
    }
    out
}

fn parameter_roots<'a>(
    parameter: &'a Parameter,
    at: Pointer,
    roots: &mut Vec<(&'a ReferenceOr<Schema>, Pointer)>,
) {
    match &parameter.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(schema) => roots.push((schema, at.join("schema"))),
        ParameterSchemaOrContent::Content(content) => content_roots(content, at, roots),
    }
}

fn content_roots<'a>(
    content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
    at: Pointer,
    roots: &mut Vec<(&'a ReferenceOr<Schema>, Pointer)>,
) {
    for (media, body) in content {
        if let Some(schema) = &body.schema {
            roots.push((schema, at.join("content").join(media).join("schema")));
        }
    }
}

/// The inline schemas directly inside `schema`, with their pointers.
fn children<'a>(schema: &'a Schema, at: &Pointer) -> Vec<(&'a Schema, Pointer)> {
    let mut out: Vec<(&'a Schema, Pointer)> = Vec::new();
    let properties = |map: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
                      out: &mut Vec<(&'a Schema, Pointer)>| {
        for (name, property) in map {
            if let Some(property) = boxed(property) {
                out.push((property, at.join("properties").join(name)));
            }
        }
    };
    let members = |keyword: &str, list: &'a [ReferenceOr<Schema>], out: &mut Vec<_>| {
        for (i, member) in list.iter().enumerate() {
            if let Some(member) = item(member) {
                out.push((member, at.join(keyword).join(i)));
            }
        }
    };
    let additional = |extra: Option<&'a openapiv3::AdditionalProperties>| match extra {
        Some(openapiv3::AdditionalProperties::Schema(schema)) => {
            item(schema).map(|schema| (schema, at.join("additionalProperties")))
        }
        _ => None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            properties(&object.properties, &mut out);
            out.extend(additional(object.additional_properties.as_ref()));
        }
        SchemaKind::Type(Type::Array(array)) => {
            out.extend(
                array
                    .items
                    .as_ref()
                    .and_then(boxed)
                    .map(|s| (s, at.join("items"))),
            );
        }
        SchemaKind::Type(_) => {}
        SchemaKind::OneOf { one_of } => members("oneOf", one_of, &mut out),
        SchemaKind::AllOf { all_of } => members("allOf", all_of, &mut out),
        SchemaKind::AnyOf { any_of } => members("anyOf", any_of, &mut out),
        SchemaKind::Not { not } => out.extend(item(not).map(|s| (s, at.join("not")))),
        SchemaKind::Any(any) => {
            properties(&any.properties, &mut out);
            out.extend(additional(any.additional_properties.as_ref()));
            out.extend(
                any.items
                    .as_ref()
                    .and_then(boxed)
                    .map(|s| (s, at.join("items"))),
            );
            members("oneOf", &any.one_of, &mut out);
            members("allOf", &any.all_of, &mut out);
            members("anyOf", &any.any_of, &mut out);
            out.extend(
                any.not
                    .as_deref()
                    .and_then(item)
                    .map(|s| (s, at.join("not"))),
            );
        }
    }
    out
}

fn item(schema: &ReferenceOr<Schema>) -> Option<&Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

fn boxed(schema: &ReferenceOr<Box<Schema>>) -> Option<&Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Severity};

    fn check_text(schemas: &str) -> Vec<Diagnostic> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let mut diagnostics = Diagnostics::default();
        // A spec that does not load shows up as an unexpected diagnostic.
        if let Some(api) = crate::load::load(&text, &mut diagnostics) {
            check(&api, &mut diagnostics);
        }
        diagnostics.into_sorted()
    }

    fn reference(name: &str) -> String {
        format!("{{$ref: '#/components/schemas/{name}'}}")
    }

    #[test]
    fn each_cycle_is_reported_once_at_its_first_schema() {
        // `Lead` leads into the cycle `B -> C -> B` without being on it; `D` is its own cycle
        // through a single-member `oneOf`.
        let found = check_text(&format!(
            "    Lead: {}\n    C: {}\n    B: {{allOf: [{}, {{type: object}}]}}\n    D: {{oneOf: [{}]}}\n    Fine: {}\n",
            reference("B"),
            reference("B"),
            reference("C"),
            reference("D"),
            reference("Lead"),
        ));
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|d| (d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "#/components/schemas/C/$ref",
                    "`$ref` cycle with no object or array in between: C -> B -> C; no type can be defined as itself"
                ),
                (
                    "#/components/schemas/D/oneOf/0/$ref",
                    "`$ref` cycle with no object or array in between: D -> D; no type can be defined as itself"
                ),
            ]
        );
        assert!(found.iter().all(|d| d.severity == Severity::Error));
    }

    #[test]
    fn structure_breaks_a_cycle() {
        let found = check_text(&format!(
            "    List: {{type: array, items: {}}}\n    Node: {{type: object, properties: {{next: {}}}}}\n    Either: {{oneOf: [{}, {{type: string}}]}}\n",
            reference("List"),
            reference("Node"),
            reference("Either"),
        ));
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn defaults_are_judged_by_type_enum_and_nullability() {
        let table = [
            ("{type: integer, default: 3}", None),
            ("{type: integer, default: 3.0}", None),
            (
                "{type: integer, default: 3.5}",
                Some("the default `3.5` is not an integer"),
            ),
            ("{type: string, default: x}", None),
            (
                "{type: string, default: 1}",
                Some("the default `1` is not a string"),
            ),
            (
                "{type: string, enum: [a], default: b}",
                Some("the default `\"b\"` is not one of the `enum` values"),
            ),
            (
                "{type: array, default: {}}",
                Some("the default `{}` is not an array"),
            ),
            ("{type: object, default: {}}", None),
            ("{type: boolean, default: true}", None),
            ("{default: [1]}", None),
            ("{oneOf: [{type: string}], default: 1}", None),
        ];
        for (schema, expected) in table {
            let found = check_text(&format!("    S: {schema}\n"));
            let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
            assert_eq!(messages, Vec::from_iter(expected), "{schema}");
            assert!(
                found
                    .iter()
                    .all(|d| d.pointer == "#/components/schemas/S/default")
            );
        }
    }
}
