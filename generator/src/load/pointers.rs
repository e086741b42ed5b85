//! Local `$ref`s that point into a schema that is no component
//! (`#/components/schemas/Pet/properties/owner`, `#/paths/~1pets/get/responses/200/...`):
//! the schema pointed at becomes a component, and both the references and the place it was
//! taken from refer to that component.
//!
//! Why on the tree, before the `openapiv3` model: every later phase (check, lowering, the
//! examples, the counts of references) resolves a schema `$ref` by component name only. A
//! pointer made into a component reference here needs nothing of them, and the schema it
//! names, now referred to from its own place too, is one Rust type wherever it is used, by
//! construction. Run after the 3.1 rewrite, which has made `$defs` entries components and
//! pointers into them pointers into those, so both versions take this one path.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::Origins;
use crate::diagnostics::{Diagnostics, Pointer};
use crate::naming;

/// The HTTP methods of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The most `$ref`s followed from one reference, pointer to pointer, before it is given up;
/// as many as the checks of component chains allow.
const MAX_LINKS: usize = 128;

/// Makes a component of each schema that a local pointer reference names, and points the
/// references at it; warns (pointers into the tree) about pointers that name no schema.
pub(crate) fn hoist(document: &mut Value, origins: &mut Origins, diagnostics: &mut Diagnostics) {
    let mut references: Vec<String> = Vec::new();
    walk_document(document, &mut |_, schema| {
        if let Some(reference) = deep_reference(schema) {
            if !references.iter().any(|r| r == reference) {
                references.push(reference.to_owned());
            }
        }
    });
    if references.is_empty() {
        return;
    }
    let mut schemas: HashSet<String> = HashSet::new();
    walk_document(document, &mut |at, _| {
        schemas.insert(at.to_string());
    });
    let outcomes: HashMap<String, Outcome> = references
        .iter()
        .map(|reference| (reference.clone(), follow(document, &schemas, reference)))
        .collect();

    // Names in the order the references first appear, so that they do not depend on the
    // order of the moves below.
    let mut targets: Vec<Pointer> = Vec::new();
    for reference in &references {
        if let Some(Outcome::Hoist(target)) = outcomes.get(reference) {
            if !targets.contains(target) {
                targets.push(target.clone());
            }
        }
    }
    // Taken by type name, not by key: a component `Owner` takes `owner` too, or two types
    // would want one Rust name.
    let mut taken: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().map(|name| naming::type_name(name)).collect())
        .unwrap_or_default();
    let mut names: HashMap<Pointer, String> = HashMap::new();
    for target in &targets {
        let name = free_name(document, target, &taken);
        taken.push(naming::type_name(&name));
        names.insert(target.clone(), name);
    }
    // Deepest first: a target inside another is moved before its container, which then
    // carries the reference left in its place.
    let mut moves: Vec<&Pointer> = targets.iter().collect();
    moves.sort_by_key(|target| std::cmp::Reverse(target.segments().count()));
    let section = Pointer::root().join("components").join("schemas");
    for target in moves {
        let Some(name) = names.get(target).cloned() else {
            continue;
        };
        if schema_section(document).is_none() {
            // No place for components: the references are left, and lowering warns.
            names.remove(target);
            continue;
        }
        let component = section.join(&name);
        let reference = json!({ "$ref": component.to_string() });
        let Some(node) = document.pointer_mut(&inner(target)) else {
            continue;
        };
        let schema = std::mem::replace(node, reference);
        if let Some(components) = schema_section(document) {
            components.insert(name, schema);
        }
        origins.move_subtree(&target.to_string(), &component.to_string());
    }

    let replacement = |reference: &str| -> Option<Result<String, String>> {
        Some(match outcomes.get(reference)? {
            Outcome::Retarget(to) => Ok(to.clone()),
            Outcome::Hoist(target) => Ok(section.join(names.get(target)?).to_string()),
            Outcome::Broken(why) => Err(format!(
                "`$ref: {reference}` {why}; the value is kept as raw json"
            )),
        })
    };
    walk_document(document, &mut |at, schema| {
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if let Some(mapping) = object
            .get_mut("discriminator")
            .and_then(|d| d.get_mut("mapping"))
            .and_then(Value::as_object_mut)
        {
            for value in mapping.values_mut() {
                if let Some(Ok(to)) = value.as_str().and_then(replacement) {
                    *value = Value::String(to);
                }
            }
        }
        let Some(found) = deep_reference(schema).and_then(replacement) else {
            return;
        };
        match found {
            Ok(to) => {
                if let Some(object) = schema.as_object_mut() {
                    object.insert("$ref".to_owned(), Value::String(to));
                }
            }
            Err(message) => {
                diagnostics.warning(&at.join("$ref"), message);
                *schema = json!({});
            }
        }
    });
}

/// What becomes of a pointer reference.
enum Outcome {
    /// It names a schema that is itself a reference (to a component, another document...):
    /// it becomes that reference.
    Retarget(String),
    /// It names the schema at this pointer, which becomes a component.
    Hoist(Pointer),
    /// It names no schema, for the reason given.
    Broken(String),
}

/// Where a pointer reference leads, through the references it reaches on the way.
fn follow(document: &Value, schemas: &HashSet<String>, reference: &str) -> Outcome {
    let mut seen: Vec<String> = Vec::new();
    let mut current = reference.to_owned();
    loop {
        if !is_deep(&current) {
            return Outcome::Retarget(current);
        }
        if seen.contains(&current) {
            seen.push(current);
            return Outcome::Broken(format!(
                "is a cycle of references with no schema in between ({})",
                seen.join(" -> ")
            ));
        }
        if seen.len() >= MAX_LINKS {
            return Outcome::Broken(format!(
                "starts a chain of more than {MAX_LINKS} references"
            ));
        }
        let Some(target) = Pointer::from_ref(&decode_percent(&current)) else {
            return Outcome::Retarget(current);
        };
        let Some(node) = document.pointer(&inner(&target)) else {
            return Outcome::Broken("points at nothing in the document".to_owned());
        };
        if !schemas.contains(&target.to_string()) {
            return Outcome::Broken("points at something that is not a schema".to_owned());
        }
        match node.get("$ref").and_then(Value::as_str) {
            Some(next) => {
                let next = next.to_owned();
                seen.push(current);
                current = next;
            }
            None => return Outcome::Hoist(target),
        }
    }
}

/// The reference of a schema that is a local pointer other than a component's own.
fn deep_reference(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .filter(|reference| is_deep(reference))
}

/// Whether a reference is a local pointer other than `#/components/schemas/<name>` (which
/// every phase reads as it is).
fn is_deep(reference: &str) -> bool {
    let Some(pointer) = reference.strip_prefix("#/") else {
        return false;
    };
    pointer
        .strip_prefix("components/schemas/")
        .is_none_or(|name| name.contains('/'))
}

/// The RFC 6901 text of a pointer, as `Value::pointer` reads it.
fn inner(pointer: &Pointer) -> String {
    pointer.to_string().split_off(1)
}

/// A URI fragment with its `%XX` escapes decoded (`#/paths/~1pets~1%7Bid%7D`).
fn decode_percent(reference: &str) -> String {
    if !reference.contains('%') {
        return reference.to_owned();
    }
    let bytes = reference.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], escaped) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| reference.to_owned())
}

/// The `components/schemas` map, made if missing; `None` if the document has another kind of
/// value there.
fn schema_section(document: &mut Value) -> Option<&mut Map<String, Value>> {
    document
        .as_object_mut()?
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()
}

/// The component name of the schema at `target`: named after its location, as the `$defs`
/// entries of 3.1 are, by the nearest name on the way to it (`owner` for
/// `.../properties/owner`, `Pets_item` for `#/components/schemas/Pets/items`), and when that
/// is taken by a component (or a type name it makes) by the component or operation it is in
/// too (`Pet_owner`), then with a number.
fn free_name(document: &Value, target: &Pointer, taken: &[String]) -> String {
    let (owner, key) = location_name(document, target);
    let is_free = |name: &str| !taken.contains(&naming::type_name(name));
    if is_free(&key) {
        return key;
    }
    let qualified = if key.starts_with(&owner) {
        key
    } else {
        format!("{owner}_{key}")
    };
    if is_free(&qualified) {
        return qualified;
    }
    (2..)
        .map(|n| format!("{qualified}_{n}"))
        .find(|name| is_free(name))
        .unwrap_or(qualified)
}

/// The component or operation a pointer is in, and the name of the node it points at.
fn location_name(document: &Value, target: &Pointer) -> (String, String) {
    let segments: Vec<String> = target.segments().collect();
    let mut owner = String::new();
    let mut key = String::new();
    let mut at = Pointer::root();
    let mut i = 0;
    while let Some(segment) = segments.get(i) {
        let next = segments.get(i + 1);
        let mut step = 1;
        match (segment.as_str(), next) {
            ("components", Some(_)) if i == 0 => {
                if let Some(name) = segments.get(i + 2) {
                    owner.clone_from(name);
                    key.clone_from(name);
                }
                step = 3;
            }
            ("paths" | "webhooks", Some(path)) if i == 0 => {
                owner.clone_from(path);
                key.clone_from(path);
                step = 2;
            }
            ("callbacks", Some(_)) => step = 3,
            (method, _) if METHODS.contains(&method) && !key.is_empty() => {
                let operation = document
                    .pointer(&inner(&at.join(method)))
                    .and_then(|op| op.get("operationId"))
                    .and_then(Value::as_str);
                owner = match operation {
                    Some(id) => id.to_owned(),
                    None => format!("{method} {owner}"),
                };
                key.clone_from(&owner);
            }
            ("parameters", Some(index)) => {
                let name = document
                    .pointer(&inner(&at.join("parameters").join(index)))
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str);
                key = match name {
                    Some(name) => name.to_owned(),
                    None => format!("{key}_parameter{index}"),
                };
                step = 2;
            }
            ("requestBody", _) => key = format!("{owner}_request"),
            ("responses", Some(status)) => {
                key = format!("{owner}_{status}_response");
                step = 2;
            }
            ("headers" | "properties", Some(name)) => {
                key.clone_from(name);
                step = 2;
            }
            ("content", Some(_)) => step = 2,
            ("items", _) => key.push_str("_item"),
            ("prefixItems", Some(index)) => {
                key = format!("{key}_item{index}");
                step = 2;
            }
            ("additionalProperties", _) => key.push_str("_value"),
            ("not", _) => key.push_str("_not"),
            ("allOf" | "oneOf" | "anyOf", Some(index)) => {
                key = format!("{key}_member{index}");
                step = 2;
            }
            _ => {}
        }
        for segment in &segments[i..(i + step).min(segments.len())] {
            at = at.join(segment);
        }
        i += step;
    }
    let (owner, key) = (component_key(&owner), component_key(&key));
    if key.is_empty() {
        return (owner, "Schema".to_owned());
    }
    (owner, key)
}

/// `text` as a component name may be spelled (`^[a-zA-Z0-9._-]+$`): each run of other
/// characters and `_` is one `_` (`get /pets/{id}` -> `get_pets_id`).
fn component_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// Calls `visit` on every schema of the document with its pointer, parents before children:
/// the component schemas, those of parameters, headers, request bodies and responses,
/// wherever they are, and every schema nested in those. References are not followed.
fn walk_document(document: &mut Value, visit: &mut dyn FnMut(&Pointer, &mut Value)) {
    let at = Pointer::root();
    let Some(root) = document.as_object_mut() else {
        return;
    };
    for section in ["paths", "webhooks"] {
        for (key, item) in entries(root.get_mut(section)) {
            path_item(item, &at.join(section).join(key), visit);
        }
    }
    let Some(Value::Object(components)) = root.get_mut("components") else {
        return;
    };
    let at = at.join("components");
    for (section, entries_of) in components.iter_mut() {
        for (name, entry) in entries(Some(entries_of)) {
            let at = at.join(section).join(name);
            match section.as_str() {
                "schemas" => schema(entry, &at, visit),
                "parameters" | "headers" => parameter(entry, &at, visit),
                "responses" | "requestBodies" => body(entry, &at, visit),
                "pathItems" => path_item(entry, &at, visit),
                "callbacks" => {
                    for (expression, item) in entries(Some(entry)) {
                        path_item(item, &at.join(expression), visit);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The entries of a map, if the value is one.
fn entries(value: Option<&mut Value>) -> impl Iterator<Item = (&String, &mut Value)> {
    value.and_then(Value::as_object_mut).into_iter().flatten()
}

fn path_item(item: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&Pointer, &mut Value)) {
    for (key, value) in entries(Some(item)) {
        let at = at.join(key);
        if key == "parameters" {
            parameters(value, &at, visit);
        } else if METHODS.contains(&key.as_str()) {
            operation(value, &at, visit);
        }
    }
}

fn operation(operation: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&Pointer, &mut Value)) {
    for (key, value) in entries(Some(operation)) {
        let at = at.join(key);
        match key.as_str() {
            "parameters" => parameters(value, &at, visit),
            "requestBody" => body(value, &at, visit),
            "responses" => {
                for (status, response) in entries(Some(value)) {
                    body(response, &at.join(status), visit);
                }
            }
            "callbacks" => {
                for (name, callback) in entries(Some(value)) {
                    for (expression, item) in entries(Some(callback)) {
                        path_item(item, &at.join(name).join(expression), visit);
                    }
                }
            }
            _ => {}
        }
    }
}

fn parameters(list: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&Pointer, &mut Value)) {
    for (i, parameter_of) in list.as_array_mut().into_iter().flatten().enumerate() {
        parameter(parameter_of, &at.join(i), visit);
    }
}

/// A parameter or header: a `schema`, or a `content` map.
fn parameter(parameter: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&Pointer, &mut Value)) {
    if let Some(child) = parameter.get_mut("schema") {
        schema(child, &at.join("schema"), visit);
    }
    content(parameter, at, visit);
}

/// A request body or response: its `content`, and a response's `headers`.
fn body(body: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&Pointer, &mut Value)) {
    content(body, at, visit);
    for (name, header) in entries(body.get_mut("headers")) {
        parameter(header, &at.join("headers").join(name), visit);
    }
}

fn content(holder: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&Pointer, &mut Value)) {
    for (media, media_type) in entries(holder.get_mut("content")) {
        if let Some(child) = media_type.get_mut("schema") {
            schema(child, &at.join("content").join(media).join("schema"), visit);
        }
    }
}

fn schema(value: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&Pointer, &mut Value)) {
    visit(at, value);
    let Some(object) = value.as_object_mut() else {
        return;
    };
    for (key, child) in object.iter_mut() {
        match key.as_str() {
            "properties" => {
                for (name, property) in entries(Some(child)) {
                    schema(property, &at.join("properties").join(name), visit);
                }
            }
            "items" | "not" | "additionalProperties" if child.is_object() => {
                schema(child, &at.join(key), visit);
            }
            // `prefixItems`: the positions of a 3.1 tuple, which stay where they are written.
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => {
                for (i, member) in child.as_array_mut().into_iter().flatten().enumerate() {
                    schema(member, &at.join(key).join(i), visit);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
