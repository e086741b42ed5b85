//! Checks of the parsed document that lowering does not make: those that can refuse the
//! document run before lowering, the others (warnings only) beside it. `$ref` cycles
//! with no object or array in between are errors: no type can be defined as itself (lowering
//! ends on them all the same, cutting each where it closes). Reused operationIds, discriminated unions
//! whose variants lack the tag property and defaults that do not fit their schema are
//! warnings: the generated code still works, but the spec says something it does not mean.

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::schema::{Graph, Kind, Reference, Schema, SchemaId, Type};

/// The checks that can refuse the document, whose schemas are `graph`: `$ref` cycles with
/// nothing in between. They are quick, and lowering such a document can take long (a chain
/// of thousands of references), so they run before it.
pub(crate) fn refusals(graph: &Graph, diagnostics: &mut Diagnostics) {
    reference_chains(graph, diagnostics);
}

/// The other checks of this module on `api`, whose schemas are `graph`: warnings only, so
/// lowering need not wait for them.
pub(crate) fn warnings(api: &OpenAPI, graph: &Graph, diagnostics: &mut Diagnostics) {
    duplicate_operation_ids(api, diagnostics);
    let schemas = schemas(graph);
    for &(_, schema, at) in &schemas {
        default_fits(schema, at, diagnostics);
        discriminator_in_variants(graph, schema, diagnostics);
    }
    response_examples(api, graph, &schemas, diagnostics);
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
fn response_examples(
    api: &OpenAPI,
    graph: &Graph,
    schemas: &[(SchemaId, &Schema, &Pointer)],
    diagnostics: &mut Diagnostics,
) {
    let mut seen = std::collections::HashSet::new();
    for conflict in crate::lower::example::response_example_conflicts(api, graph) {
        if seen.insert(conflict.example.to_string()) {
            diagnostics.warning(
                &conflict.example,
                "this response example does not match its schema; a mock server serving it sends a body clients reject",
            );
        }
    }
    // A schema's own example is what mock servers build bodies from when the response gives
    // none, and what readers of the spec copy.
    for &(id, schema, at) in schemas {
        let Some(example) = &schema.example else {
            continue;
        };
        let at = at.join("example");
        let accepted = crate::lower::example::accepts(graph, id, example, 0);
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
/// as no default.) What a composition accepts depends on its members, so a schema without
/// a `type` is only judged by its `enum`.
fn default_fits(schema: &Schema, at: &Pointer, diagnostics: &mut Diagnostics) {
    let Some(default) = &schema.default else {
        return;
    };
    let (name, test): (&str, fn(&Value) -> bool) = match schema.ty {
        Some(Type::String) => ("string", Value::is_string),
        Some(Type::Integer) => ("integer", is_integer),
        Some(Type::Number) => ("number", Value::is_number),
        Some(Type::Boolean) => ("boolean", Value::is_boolean),
        Some(Type::Object) => ("object", Value::is_object),
        Some(Type::Array) => ("array", Value::is_array),
        Some(Type::Other) | None => return enum_fits(schema, default, at, diagnostics),
    };
    if test(default) {
        enum_fits(schema, default, at, diagnostics);
    } else {
        let article = if name.starts_with(['a', 'i', 'o']) {
            "an"
        } else {
            "a"
        };
        diagnostics.warning(
            &at.join("default"),
            format!("the default `{default}` is not {article} {name}"),
        );
    }
}

/// Warns when `schema` lists `enum` values and `default` is none of them. Numbers are
/// compared by value: the model keeps a typed `enum` of numbers as floats.
fn enum_fits(schema: &Schema, default: &Value, at: &Pointer, diagnostics: &mut Diagnostics) {
    let same = |value: &Value| {
        value == default
            || matches!((value.as_f64(), default.as_f64()), (Some(a), Some(b)) if a == b)
    };
    if !schema.enumeration.is_empty() && !schema.enumeration.iter().any(same) {
        diagnostics.warning(
            &at.join("default"),
            format!("the default `{default}` is not one of the `enum` values"),
        );
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
fn discriminator_in_variants(graph: &Graph, schema: &Schema, diagnostics: &mut Diagnostics) {
    let Some(tag) = schema.discriminator.as_ref().map(|d| d.property.as_str()) else {
        return;
    };
    let Some(variants) = schema.union() else {
        return;
    };
    for &variant in variants {
        let node = graph.node(variant);
        // An unresolvable reference is reported by lowering.
        let Kind::Ref(Reference {
            text,
            target: Ok(target),
        }) = &node.kind
        else {
            continue;
        };
        if !has_property(graph, *target, tag) {
            let name = text.rsplit('/').next().unwrap_or(text);
            diagnostics.warning(
                &node.origin,
                format!(
                    "the variant `{name}` has no `{tag}` property, which the discriminator names"
                ),
            );
        }
    }
}

/// Whether the schema `start` declares `property`, directly or through `allOf` members
/// and references.
fn has_property(graph: &Graph, start: SchemaId, property: &str) -> bool {
    let mut visited = vec![false; graph.component_count()];
    let mut pending = vec![start];
    while let Some(id) = pending.pop() {
        // A chain of references that comes round leads to no property.
        let Ok(found) = graph.resolve(id) else {
            continue;
        };
        // Only components are met twice (through `allOf`s that come round); inline schemas
        // are in one place.
        if let Some(seen) = visited.get_mut(found.index()) {
            if std::mem::replace(seen, true) {
                continue;
            }
        }
        let Some(schema) = graph.schema(found) else {
            continue;
        };
        if schema.has_property(property) {
            return true;
        }
        pending.extend(&schema.all_of);
    }
    false
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
fn reference_chains(graph: &Graph, diagnostics: &mut Diagnostics) {
    let count = graph.component_count();
    let components: Vec<SchemaId> = (0..count).filter_map(|n| graph.component(n)).collect();
    let edges: Vec<Vec<(usize, Pointer)>> = components
        .iter()
        .map(|&id| alias_edges(graph, id))
        .collect();
    // Where a component is written, and its name: the last segment of that pointer.
    let origin = |n: usize| &graph.node(components[n]).origin;
    let name = |n: usize| origin(n).segments().last().unwrap_or_default();

    // Peel off, again and again, the schemas whose aliases all lead out of the graph: what
    // is left is on a cycle or leads into one.
    let mut remaining_out: Vec<usize> = edges.iter().map(Vec::len).collect();
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (from, targets) in edges.iter().enumerate() {
        for (to, _) in targets {
            incoming[*to].push(from);
        }
    }
    let mut done: Vec<usize> = (0..count).filter(|&n| remaining_out[n] == 0).collect();
    let mut acyclic = vec![false; count];
    // The longest chain of links from each schema peeled off: all its targets were peeled
    // before it.
    let mut links = vec![0usize; count];
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

    let longest = (0..count).max_by_key(|&n| (links[n], std::cmp::Reverse(n)));
    if let Some(start) = longest.filter(|&n| links[n] > MAX_LINKS) {
        diagnostics.error(
            origin(start),
            format!(
                "a chain of {} `$ref`/`allOf` links starts here; the generator follows at most {MAX_LINKS}",
                links[start]
            ),
        );
    }

    // From each schema left, in spec order, follow the aliases that stay among the schemas
    // left (there always is one) until a schema repeats: that closes a cycle, reported once.
    let mut visited = vec![false; count];
    for start in 0..count {
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
            .map_or_else(|| origin(leader), |(_, at)| at);
        let path: Vec<String> = ordered
            .iter()
            .chain(std::iter::once(&leader))
            .map(|&n| name(n))
            .collect();
        diagnostics.error(
            at,
            format!(
                "`$ref` cycle with no object or array in between: {}; no type can be defined as itself",
                path.join(" -> ")
            ),
        );
    }
}

/// The component schemas that the component `start` is the same type as, or merges
/// (`allOf`), with the pointer of each `$ref`.
fn alias_edges(graph: &Graph, start: SchemaId) -> Vec<(usize, Pointer)> {
    let mut edges = Vec::new();
    let mut pending = vec![start];
    while let Some(id) = pending.pop() {
        let node = graph.node(id);
        let schema = match &node.kind {
            Kind::Ref(reference) => {
                if let Ok(target) = reference.target {
                    edges.push((target.index(), node.origin.join("$ref")));
                }
                continue;
            }
            Kind::Schema(schema) => schema,
        };
        // The precedence of lowering: `oneOf`, then `anyOf`, then `allOf`; a union is the
        // same type as its variant only when it has one.
        let members: &[SchemaId] = match schema.union() {
            Some(variants) if variants.len() == 1 => variants,
            Some(_) => &[],
            None => &schema.all_of,
        };
        // Reversed so that the stack pops members in spec order.
        pending.extend(members.iter().rev());
    }
    edges
}

// ---------------------------------------------------------------------------------- helpers

/// Every schema written out in the document with its pointer, in document order (see
/// [`Graph::in_document_order`]).
fn schemas(graph: &Graph) -> Vec<(SchemaId, &Schema, &Pointer)> {
    graph
        .in_document_order()
        .into_iter()
        .filter_map(|id| {
            let schema = graph.schema(id)?;
            Some((id, schema, &graph.node(id).origin))
        })
        .collect()
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
        if let Some(loaded) = crate::load::load_located(&text, &mut diagnostics) {
            refusals(&loaded.graph, &mut diagnostics);
            warnings(&loaded.api, &loaded.graph, &mut diagnostics);
        }
        diagnostics.into_sorted()
    }

    /// Lowering waits only for [`refusals`]: the other checks must never refuse.
    #[test]
    fn only_the_refusals_refuse() -> Result<(), String> {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/broken");
        let entries = std::fs::read_dir(&root).map_err(|e| format!("{}: {e}", root.display()))?;
        let (mut loaded_count, mut refused) = (0, 0);
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut ignored = Diagnostics::default();
            let Some(loaded) = crate::load::load_located(&text, &mut ignored) else {
                continue;
            };
            loaded_count += 1;
            let mut found = Diagnostics::default();
            warnings(&loaded.api, &loaded.graph, &mut found);
            assert!(!found.has_errors(), "{}", path.display());
            refusals(&loaded.graph, &mut found);
            refused += usize::from(found.has_errors());
        }
        assert!(
            loaded_count > 10 && refused > 0,
            "{loaded_count} loaded, {refused} refused"
        );
        Ok(())
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
            (
                "{type: integer, enum: [1, 2], default: 3}",
                Some("the default `3` is not one of the `enum` values"),
            ),
            ("{type: number, enum: [1, 2.5], default: 1}", None),
            (
                "{type: integer, enum: [1], default: 1.0, minLength: 1}",
                None,
            ),
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
