//! OpenAPI 3.1 read into the 3.0 form: the parsed tree of a 3.1 document is rewritten in
//! place before its schemas are read into the graph and the rest into `openapiv3` types.
//! Tuples stay as written (`prefixItems`), which the graph reads (`schema/tree.rs`).
//!
//! Why a rewrite and not a second model: check, lowering and the example machinery all read
//! `openapiv3` types, and a 3.1 model beside them would double every match over schemas and
//! let the two versions drift apart. The JSON Schema 2020-12 forms real documents use have
//! 3.0 equivalents (a `type` array is `nullable` or a `oneOf` of one type each, `const` a
//! one-value `enum`, a numeric `exclusiveMinimum` a bound with the flag, a `$ref` with
//! sibling keywords an `allOf` of the reference, `$defs` entries components), and what has
//! none falls back to raw JSON with a warning, as unsupported 3.0 constructs do. The rewrite
//! keeps the tree the parser gave, so pointers stay those of the source document; the few
//! nodes it moves are recorded in [`Origins`], which maps the pointers of diagnostics found
//! later back into the source, where `locate` finds their line and column in the text.

use std::collections::VecDeque;

use serde_json::{Map, Value, json};
use url::Url;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};

/// Where the nodes the rewrite moved were in the source document.
#[derive(Debug, Default)]
pub(crate) struct Origins {
    /// (pointer in the rewritten tree, pointer in the source), for each moved node.
    moved: Vec<(String, String)>,
}

impl Origins {
    fn record(&mut self, at: &Pointer, from: &Pointer) {
        let (at, from) = (at.to_string(), from.to_string());
        if at != from {
            self.moved.push((at, from));
        }
    }

    /// Records that the node at `from` in the rewritten tree moved to `to`, with what was
    /// recorded of the nodes below it: they now sit below `to`, and still came from the
    /// source pointers recorded.
    pub(super) fn move_subtree(&mut self, from: &str, to: &str) {
        let below = |at: &str| {
            at.strip_prefix(from)
                .filter(|rest| rest.starts_with('/'))
                .map(|rest| format!("{to}{rest}"))
        };
        let inner: Vec<(String, String)> = self
            .moved
            .iter()
            .filter_map(|(at, source)| Some((below(at)?, source.clone())))
            .collect();
        let source = self.original(from);
        if source != to {
            self.moved.push((to.to_owned(), source));
        }
        self.moved.extend(inner);
    }

    /// The pointer in the source document of the node at `pointer` in the rewritten tree:
    /// below the innermost moved node that holds it, the two trees have the same shape.
    pub(crate) fn original(&self, pointer: &str) -> String {
        let holds = |at: &str| {
            pointer
                .strip_prefix(at)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        match self
            .moved
            .iter()
            .filter(|(at, _)| holds(at))
            .max_by_key(|(at, _)| at.len())
        {
            Some((at, from)) => format!("{from}{}", &pointer[at.len()..]),
            None => pointer.to_owned(),
        }
    }

    /// Moves every diagnostic of `found` (pointers into the rewritten tree) into `into`, with
    /// its pointer into the source.
    pub(crate) fn restore(&self, found: Diagnostics, into: &mut Diagnostics) {
        for diagnostic in found.into_sorted() {
            into.push(Diagnostic {
                pointer: self.original(&diagnostic.pointer),
                ..diagnostic
            });
        }
    }
}

/// Rewrites the 3.1 document `document` into the 3.0 form, warning (with pointers into the
/// rewritten tree) about what it could not keep.
pub(crate) fn normalise(document: &mut Value, diagnostics: &mut Diagnostics) -> Origins {
    let mut normaliser = Normaliser {
        origins: Origins::default(),
        diagnostics,
        hoisted: VecDeque::new(),
        anchors: Vec::new(),
        base: None,
    };
    let Some(root) = document.as_object_mut() else {
        return normaliser.origins;
    };
    let at = Pointer::root();
    // 3.1 makes `paths` optional (a document may hold only webhooks or components).
    root.entry("paths").or_insert_with(|| json!({}));
    normaliser.webhooks(root);
    normaliser.shared_path_items(root);
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (key, item) in paths.iter_mut() {
            let at = at.join("paths").join(key);
            normaliser.path_item(item, &at);
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        let at = at.join("components");
        for (section, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else {
                continue;
            };
            for (name, entry) in entries.iter_mut() {
                let at = at.join(section).join(name);
                match section.as_str() {
                    "schemas" => normaliser.schema(entry, &at, &at, name),
                    "parameters" | "headers" => normaliser.parameter(entry, &at),
                    "responses" | "requestBodies" => normaliser.body(entry, &at),
                    _ => {}
                }
            }
        }
    }
    let hoisted = normaliser.hoist_definitions(root);
    // References by `$anchor` or `$id` name the node that declares it; then those into a
    // `$defs` entry (`pet#/$defs/Tag` among them) name its component.
    let anchors: Vec<(String, String)> = std::mem::take(&mut normaliser.anchors)
        .into_iter()
        .map(|(name, at)| (name, at.to_string()))
        .collect();
    for renamed in [anchors, hoisted] {
        if !renamed.is_empty() {
            for value in root.values_mut() {
                rename_references(value, &renamed);
            }
        }
    }
    normaliser.origins
}

/// The most containers nested in one another that the parsers accept (`serde_json` and
/// `serde_yaml` both stop at 128), and so that the rewritten tree may hold: the later phases
/// recurse over it, and the rewrite adds levels (`oneOf/0`, `allOf/0`).
pub(crate) const MAX_NESTING: usize = 128;

/// The first node of `value` nested deeper than [`MAX_NESTING`] containers, if any.
pub(crate) fn too_deep(value: &Value) -> Option<Pointer> {
    fn walk(value: &Value, at: &Pointer, depth: usize) -> Option<Pointer> {
        let children: Box<dyn Iterator<Item = (String, &Value)>> = match value {
            Value::Object(object) => Box::new(object.iter().map(|(k, v)| (k.clone(), v))),
            Value::Array(items) => {
                Box::new(items.iter().enumerate().map(|(i, v)| (i.to_string(), v)))
            }
            _ => return None,
        };
        if depth > MAX_NESTING {
            return Some(at.clone());
        }
        children
            .into_iter()
            .find_map(|(key, child)| walk(child, &at.join(key), depth + 1))
    }
    walk(value, &Pointer::root(), 1)
}

/// A `$defs` entry taken out of its schema, to become a component.
struct Hoisted {
    /// Its pointer in the source.
    from: Pointer,
    key: String,
    /// The component it was found in, for a name when its own is taken.
    owner: String,
    /// The base URI in effect where it was found (its schema's `$id`), if any.
    base: Option<Url>,
    schema: Value,
}

struct Normaliser<'d> {
    origins: Origins,
    diagnostics: &'d mut Diagnostics,
    hoisted: VecDeque<Hoisted>,
    /// Each `$anchor` (as `#name`) and `$id`, with the node that declares it; inside a
    /// schema with an `$id`, also as absolute URIs against it.
    anchors: Vec<(String, Pointer)>,
    /// The base URI of the schema being read: the `$id` of the innermost schema around it
    /// that has one (resolved against the one outside), `None` in the document's own scope.
    base: Option<Url>,
}

/// The HTTP methods of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords that only describe a value, kept when a schema falls back to raw JSON.
const ANNOTATIONS: [&str; 9] = [
    "title",
    "description",
    "default",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
];

/// The keywords that apply to one JSON type only, by type (`format` is decided apart).
const TYPE_KEYWORDS: [(&str, &[&str]); 4] = [
    ("string", &["minLength", "maxLength", "pattern"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
    ),
];

/// Formats of numbers; every other format is a string's.
const NUMBER_FORMATS: [&str; 6] = ["int32", "int64", "uint32", "uint64", "float", "double"];

impl Normaliser<'_> {
    /// Warns about each webhook: the API calls them, so they are no client methods. The JSON
    /// payload of each is a type of the crate, for the programs that receive them: a
    /// component already is one, and an inline schema becomes the component
    /// `<webhook>Webhook` (`<webhook><method>Webhook` when the webhook has several).
    fn webhooks(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(webhooks)) = root.get("webhooks") else {
            return;
        };
        let section = Pointer::root().join("webhooks");
        let mut hoisted: Vec<(String, Value, Pointer)> = Vec::new();
        let mut notes: Vec<(Pointer, String)> = Vec::new();
        for (name, item) in webhooks {
            let at = section.join(name);
            let item = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| pointer_in(root, reference))
                .unwrap_or(item);
            let payloads: Vec<(&String, Payload<'_>)> = item
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(method, _)| METHODS.contains(&method.as_str()))
                .filter_map(|(method, op)| Some((method, json_payload(root, op)?)))
                .collect();
            let several = payloads.len() > 1;
            let mut told = Vec::new();
            for (method, (body, media, schema)) in payloads {
                let from = body
                    .unwrap_or_else(|| at.join(method).join("requestBody"))
                    .join("content")
                    .join(media)
                    .join("schema");
                let told_as = match schema.get("$ref").and_then(Value::as_str) {
                    Some(reference) => crate::refs::component_name::<openapiv3::Schema>(reference)
                        .map(|component| format!("the type of the schema `{component}`")),
                    None => {
                        let wanted = if several {
                            format!("{name}{}Webhook", capitalised(method))
                        } else {
                            format!("{name}Webhook")
                        };
                        let component = free_component_name(root, &hoisted, &wanted);
                        hoisted.push((component.clone(), schema.clone(), from));
                        Some(format!(
                            "a type named after it (as the schema `{component}`)"
                        ))
                    }
                };
                told.extend(told_as);
            }
            let payload = match told.as_slice() {
                [] => String::new(),
                [one] => format!("; its payload decodes into {one}"),
                many => format!("; its payloads decode into {}", many.join(", ")),
            };
            notes.push((
                at,
                format!(
                    "webhooks are requests the api sends, not calls a client makes; no method is generated for this one{payload}"
                ),
            ));
        }
        for (at, message) in notes {
            self.diagnostics.warning(&at, message);
        }
        if hoisted.is_empty() {
            return;
        }
        let components = root
            .entry("components")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|c| c.entry("schemas").or_insert_with(|| json!({})));
        let Some(Value::Object(schemas)) = components else {
            return;
        };
        let section = Pointer::root().join("components").join("schemas");
        for (name, schema, from) in hoisted {
            self.origins.record(&section.join(&name), &from);
            schemas.insert(name, schema);
        }
    }

    /// Copies each `components/pathItems` entry a path refers to into that path (the 3.0
    /// model has no such section), and warns about the entries no path or webhook uses.
    fn shared_path_items(&mut self, root: &mut Map<String, Value>) {
        let shared = match root.get("components").and_then(|c| c.get("pathItems")) {
            Some(Value::Object(shared)) => shared.clone(),
            _ => return,
        };
        let section = Pointer::root().join("components").join("pathItems");
        let target = |item: &Value| {
            let reference = item.get("$ref")?.as_str()?;
            let name = reference.strip_prefix(&format!("{section}/"))?;
            Some(name.replace("~1", "/").replace("~0", "~"))
        };
        let mut used: Vec<String> = Vec::new();
        if let Some(Value::Object(webhooks)) = root.get("webhooks") {
            used.extend(webhooks.values().filter_map(target));
        }
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (key, item) in paths.iter_mut() {
                let Some(name) = target(item) else {
                    continue;
                };
                if let Some(found) = shared.get(&name) {
                    *item = found.clone();
                    self.origins.record(
                        &Pointer::root().join("paths").join(key),
                        &section.join(&name),
                    );
                }
                used.push(name);
            }
        }
        for name in shared.keys().filter(|name| !used.contains(name)) {
            self.diagnostics.warning(
                &section.join(name),
                "a path item no path refers to; no method is generated for it",
            );
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &Pointer) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        for (key, value) in item.iter_mut() {
            let at = at.join(key);
            if key == "parameters" {
                self.parameters(value, &at);
            } else if METHODS.contains(&key.as_str()) {
                self.operation(value, &at);
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, at: &Pointer) {
        let Some(operation) = operation.as_object_mut() else {
            return;
        };
        for (key, value) in operation.iter_mut() {
            let at = at.join(key);
            match key.as_str() {
                "parameters" => self.parameters(value, &at),
                "requestBody" => self.body(value, &at),
                "responses" => {
                    for (status, response) in value.as_object_mut().into_iter().flatten() {
                        self.body(response, &at.join(status));
                    }
                }
                "callbacks" => {
                    for (name, callback) in value.as_object_mut().into_iter().flatten() {
                        for (expression, item) in callback.as_object_mut().into_iter().flatten() {
                            self.path_item(item, &at.join(name).join(expression));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn parameters(&mut self, parameters: &mut Value, at: &Pointer) {
        for (i, parameter) in parameters.as_array_mut().into_iter().flatten().enumerate() {
            self.parameter(parameter, &at.join(i));
        }
    }

    /// A parameter or header: a `schema`, or a `content` map.
    fn parameter(&mut self, parameter: &mut Value, at: &Pointer) {
        if let Some(schema) = parameter.get_mut("schema") {
            let at = at.join("schema");
            self.schema(schema, &at, &at, "");
        }
        self.content(parameter, at);
    }

    /// A request body or response: its `content`, and a response's `headers`.
    fn body(&mut self, body: &mut Value, at: &Pointer) {
        self.content(body, at);
        for (name, header) in body
            .get_mut("headers")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flatten()
        {
            self.parameter(header, &at.join("headers").join(name));
        }
    }

    fn content(&mut self, holder: &mut Value, at: &Pointer) {
        let Some(Value::Object(content)) = holder.get_mut("content") else {
            return;
        };
        for (media, body) in content.iter_mut() {
            if let Some(schema) = body.get_mut("schema") {
                let at = at.join("content").join(media).join("schema");
                self.schema(schema, &at, &at, "");
            }
        }
    }

    /// Rewrites the schema `value`, now at `at` in the tree and at `from` in the source (they
    /// differ below a moved node); `owner` names the component it is part of.
    /// Reads the schema `value` at `at` (found at `from` in the source; `owner` is the
    /// component it is in) in the scope of its own `$id`, if it has one.
    fn schema(&mut self, value: &mut Value, at: &Pointer, from: &Pointer, owner: &str) {
        let outer = self.base.clone();
        self.scope(value, at);
        self.schema_node(value, at, from, owner);
        self.base = outer;
    }

    /// Enters the scope of the schema's `$id` and records how references may name it (its
    /// `$id`, its `$anchor`); resolves a reference from inside a scope against its `$id`.
    fn scope(&mut self, value: &mut Value, at: &Pointer) {
        let Some(object) = value.as_object_mut() else {
            return;
        };
        for (key, prefix) in [("$anchor", "#"), ("$id", "")] {
            match object.get(key) {
                // `#` alone (or an empty name) would match every local reference.
                Some(Value::String(name)) if !name.is_empty() && !name.starts_with('#') => {
                    self.anchors.push((format!("{prefix}{name}"), at.clone()));
                }
                _ => {}
            }
        }
        if let Some(Value::String(id)) = object.get("$id") {
            let resolved = match &self.base {
                Some(base) => base.join(id).ok(),
                None => Url::parse(id).ok(),
            };
            if let Some(mut resolved) = resolved {
                resolved.set_fragment(None);
                self.anchors.push((resolved.to_string(), at.clone()));
                self.base = Some(resolved);
            }
        }
        let Some(base) = &self.base else {
            return;
        };
        if let Some(Value::String(anchor)) = object.get("$anchor") {
            let mut named = base.clone();
            named.set_fragment(Some(anchor));
            self.anchors.push((named.to_string(), at.clone()));
        }
        // A reference by URI (`pet.json`, `pet.json#/properties/name`, `#anchor` of another
        // resource) is relative to the `$id` in scope. A bare pointer (`#/components/...`)
        // keeps naming the document, as OpenAPI documents mean it.
        if let Some(Value::String(reference)) = object.get_mut("$ref") {
            if !reference.starts_with("#/") {
                if let Ok(resolved) = base.join(reference) {
                    *reference = resolved.to_string();
                }
            }
        }
    }

    fn schema_node(&mut self, value: &mut Value, at: &Pointer, from: &Pointer, owner: &str) {
        if let Value::Bool(admits) = *value {
            if !admits {
                self.diagnostics.warning(
                    at,
                    "the schema `false` admits no value; it is kept as raw json",
                );
            }
            *value = json!({});
            return;
        }
        let Some(object) = value.as_object_mut() else {
            return;
        };
        // Keywords about the schema document, which the 3.0 model has no place for.
        for key in [
            "$schema",
            "$id",
            "$anchor",
            "$dynamicAnchor",
            "$comment",
            "$vocabulary",
        ] {
            object.remove(key);
        }
        if let Some(Value::Object(definitions)) = object.remove("$defs") {
            for (key, schema) in definitions {
                self.hoisted.push_back(Hoisted {
                    from: from.join("$defs").join(&key),
                    key,
                    owner: owner.to_owned(),
                    base: self.base.clone(),
                    schema,
                });
            }
        }
        // Annotations and assertions that change no type.
        if let Some(examples) = object.remove("examples") {
            if let Some(first) = examples.as_array().and_then(|e| e.first()) {
                object.entry("example").or_insert_with(|| first.clone());
            }
        }
        for key in [
            "contentSchema",
            "propertyNames",
            "contains",
            "minContains",
            "maxContains",
            "dependentRequired",
        ] {
            object.remove(key);
        }
        for key in ["unevaluatedProperties", "unevaluatedItems"] {
            // `true` allows what is allowed anyway; `false` refuses extra keys, which a struct
            // ignores just as it ignores them under `additionalProperties: false`.
            if object.get(key).is_some_and(Value::is_boolean) {
                object.remove(key);
            }
        }
        if self.unsupported(object, at) {
            return;
        }

        // Composition members, each with its pointer in the source.
        let mut members: Vec<(&str, Vec<Pointer>)> = ["allOf", "oneOf", "anyOf"]
            .into_iter()
            .map(|keyword| {
                let count = object
                    .get(keyword)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                (
                    keyword,
                    (0..count).map(|i| from.join(keyword).join(i)).collect(),
                )
            })
            .collect();

        // A `$ref` with siblings: 3.0 ignores the siblings, 3.1 applies both, as an `allOf`.
        if object.contains_key("$ref") && object.len() > 1 {
            if let Some(reference) = object.remove("$ref") {
                let mut all_of = match object.remove("allOf") {
                    Some(Value::Array(all_of)) => all_of,
                    _ => Vec::new(),
                };
                all_of.insert(0, json!({ "$ref": reference }));
                object.insert("allOf".to_owned(), Value::Array(all_of));
                members[0].1.insert(0, from.clone());
            }
        }

        if let Some(value) = object.remove("const") {
            if !object.contains_key("type") {
                if let Some(kind) = json_type(&value) {
                    object.insert("type".to_owned(), Value::from(kind));
                }
            }
            object
                .entry("enum")
                .or_insert_with(|| Value::Array(vec![value]));
        }

        // A union with a null member is the union of the others, nullable.
        for (keyword, origins) in members.iter_mut().skip(1) {
            let Some(Value::Array(variants)) = object.get_mut(*keyword) else {
                continue;
            };
            if !variants.iter().any(is_null_schema) {
                continue;
            }
            let mut kept = Vec::new();
            let mut kept_origins = Vec::new();
            for (variant, origin) in std::mem::take(variants).into_iter().zip(origins.drain(..)) {
                if !is_null_schema(&variant) {
                    kept.push(variant);
                    kept_origins.push(origin);
                }
            }
            *origins = kept_origins;
            if kept.is_empty() {
                object.remove(*keyword);
            } else {
                *variants = kept;
            }
            object.insert("nullable".to_owned(), Value::Bool(true));
        }

        if object.get("type").is_some_and(|t| t == "null") {
            // Only ever null: raw JSON, which holds it.
            object.remove("type");
        }
        if let Some(Value::Array(types)) = object.get("type").cloned() {
            let mut types: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            if types.contains(&"null") {
                types.retain(|t| *t != "null");
                if !types.is_empty() {
                    object.insert("nullable".to_owned(), Value::Bool(true));
                }
            }
            object.remove("type");
            match types.as_slice() {
                [] => {}
                [one] => {
                    object.insert("type".to_owned(), Value::from(*one));
                }
                several if members.iter().all(|(_, m)| m.is_empty()) => {
                    let variants = split_types(object, several);
                    members[1].1 = vec![from.clone(); variants.len()];
                    object.insert("oneOf".to_owned(), Value::Array(variants));
                }
                several => {
                    self.diagnostics.warning(
                        &at.join("type"),
                        format!(
                            "a schema of several types ({}) beside a composition is not supported; the value is kept as raw json",
                            several.join(", ")
                        ),
                    );
                    keep_annotations(object);
                    return;
                }
            }
        }

        bounds(object);
        content_encoding(object);
        self.tuple(object, at, from, owner);

        // The schemas below this one.
        for (key, child) in object.iter_mut() {
            match key.as_str() {
                "properties" => {
                    for (name, property) in child.as_object_mut().into_iter().flatten() {
                        let (at, from) = (
                            at.join("properties").join(name),
                            from.join("properties").join(name),
                        );
                        self.schema(property, &at, &from, owner);
                    }
                }
                // `additionalProperties` may be a boolean in 3.0 too; elsewhere a boolean
                // schema becomes an object.
                "items" | "not" => self.schema(child, &at.join(key), &from.join(key), owner),
                "additionalProperties" if !child.is_boolean() => {
                    self.schema(child, &at.join(key), &from.join(key), owner);
                }
                "allOf" | "oneOf" | "anyOf" => {
                    let origins = members
                        .iter()
                        .find(|(keyword, _)| keyword == key)
                        .map(|(_, origins)| origins.as_slice())
                        .unwrap_or_default();
                    for (i, member) in child.as_array_mut().into_iter().flatten().enumerate() {
                        let at = at.join(key).join(i);
                        let from = origins.get(i).cloned().unwrap_or_else(|| at.clone());
                        self.origins.record(&at, &from);
                        self.schema(member, &at, &from, owner);
                    }
                }
                _ => {}
            }
        }
    }

    /// Rewrites the positions of a tuple (`prefixItems`) where they are, which the graph
    /// reads as they are. `items: false` (no item after the positions) is a `maxItems` of
    /// their number, and `items: true` says nothing; any other `items`, the schema of the
    /// items after the positions, is rewritten with the other children.
    fn tuple(
        &mut self,
        object: &mut Map<String, Value>,
        at: &Pointer,
        from: &Pointer,
        owner: &str,
    ) {
        let Some(positions) = object.get_mut("prefixItems") else {
            return;
        };
        let Value::Array(positions) = positions else {
            self.diagnostics.warning(
                &at.join("prefixItems"),
                "`prefixItems` is not a list of schemas; it is ignored",
            );
            object.remove("prefixItems");
            return;
        };
        let count = positions.len();
        for (i, position) in positions.iter_mut().enumerate() {
            let (at, from) = (
                at.join("prefixItems").join(i),
                from.join("prefixItems").join(i),
            );
            self.schema(position, &at, &from, owner);
        }
        match object.get("items") {
            Some(Value::Bool(false)) => {
                object.remove("items");
                let max = object.get("maxItems").and_then(Value::as_u64);
                let closed = max.map_or(count as u64, |max| max.min(count as u64));
                object.insert("maxItems".to_owned(), Value::from(closed));
            }
            Some(Value::Bool(true)) => {
                object.remove("items");
            }
            _ => {}
        }
        object.entry("type").or_insert_with(|| Value::from("array"));
    }

    /// Replaces a schema that uses a construct with no Rust type by its annotations (so the
    /// value is raw JSON), with a warning; whether it did.
    fn unsupported(&mut self, object: &mut Map<String, Value>, at: &Pointer) -> bool {
        // One pattern and no named property is a map whose keys are not checked.
        let patterns = object.get("patternProperties").and_then(Value::as_object);
        if let Some(patterns) = patterns.filter(|p| p.len() == 1) {
            if !object.contains_key("properties") && !object.contains_key("additionalProperties") {
                let value = patterns.values().next().cloned().unwrap_or(json!({}));
                self.diagnostics.warning(
                    &at.join("patternProperties"),
                    "`patternProperties` is read as a map; the pattern of its keys is not checked",
                );
                object.remove("patternProperties");
                object.insert("additionalProperties".to_owned(), value);
                object
                    .entry("type")
                    .or_insert_with(|| Value::from("object"));
            }
        }
        let found: Vec<&str> = [
            "if",
            "patternProperties",
            "unevaluatedProperties",
            "unevaluatedItems",
            "dependentSchemas",
            "$dynamicRef",
        ]
        .into_iter()
        .filter(|key| object.contains_key(*key))
        .collect();
        for key in &found {
            let construct = if *key == "if" {
                "`if`/`then`/`else`".to_owned()
            } else {
                format!("`{key}`")
            };
            self.diagnostics.warning(
                &at.join(key),
                format!("{construct} is not supported; the value is kept as raw json"),
            );
        }
        if found.is_empty() {
            return false;
        }
        keep_annotations(object);
        true
    }

    /// Makes each `$defs` entry a component (named by its key, else by the component it was
    /// in and its key): the old pointer of each, with the new one, for the references.
    fn hoist_definitions(&mut self, root: &mut Map<String, Value>) -> Vec<(String, String)> {
        let mut renamed: Vec<(String, String)> = Vec::new();
        if self.hoisted.is_empty() {
            return renamed;
        }
        let components = root
            .entry("components")
            .or_insert_with(|| json!({}))
            .as_object_mut();
        let Some(components) = components else {
            return renamed;
        };
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| json!({}))
            .as_object_mut();
        let Some(schemas) = schemas else {
            return renamed;
        };
        let section = Pointer::root().join("components").join("schemas");
        while let Some(Hoisted {
            from,
            key,
            owner,
            base,
            mut schema,
        }) = self.hoisted.pop_front()
        {
            let mut name = key.clone();
            if schemas.contains_key(&name) {
                name = format!("{owner}_{key}");
            }
            let mut n = 2;
            while schemas.contains_key(&name) {
                name = format!("{owner}_{key}_{n}");
                n += 1;
            }
            let at = section.join(&name);
            self.origins.record(&at, &from);
            // A `$defs` inside this one is queued, so the loop ends with the last of them.
            self.base = base;
            self.schema(&mut schema, &at, &from, &name);
            self.base = None;
            schemas.insert(name, schema);
            renamed.push((from.to_string(), at.to_string()));
        }
        renamed
    }
}

/// The node a local `$ref` names in the document `root`.
fn pointer_in<'a>(root: &'a Map<String, Value>, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    let (first, rest) = match pointer.strip_prefix('/')?.split_once('/') {
        Some((first, rest)) => (first, format!("/{rest}")),
        None => (pointer.strip_prefix('/')?, String::new()),
    };
    let first = first.replace("~1", "/").replace("~0", "~");
    root.get(&first)?.pointer(&rest)
}

/// Where a request body is when it is a shared one (a `$ref`), its JSON media type and its
/// schema.
type Payload<'a> = (Option<Pointer>, &'a str, &'a Value);

/// The JSON payload of an operation's request body.
fn json_payload<'a>(root: &'a Map<String, Value>, op: &'a Value) -> Option<Payload<'a>> {
    let mut body = op.get("requestBody")?;
    let mut shared = None;
    if let Some(reference) = body.get("$ref").and_then(Value::as_str) {
        body = pointer_in(root, reference)?;
        shared = Pointer::from_ref(reference);
    }
    let (media, content) = body
        .get("content")?
        .as_object()?
        .iter()
        .find(|(media, _)| {
            let essence = media.split(';').next().unwrap_or("").trim();
            essence == "application/json" || essence.ends_with("+json")
        })?;
    Some((shared, media.as_str(), content.get("schema")?))
}

/// `post` -> `Post`.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// `wanted`, or `wanted2`, `wanted3`...: the first no component schema and no schema about
/// to be added has.
fn free_component_name(
    root: &Map<String, Value>,
    adding: &[(String, Value, Pointer)],
    wanted: &str,
) -> String {
    let taken = |name: &str| {
        root.get("components")
            .and_then(|c| c.get("schemas"))
            .is_some_and(|schemas| schemas.get(name).is_some())
            || adding.iter().any(|(added, _, _)| added == name)
    };
    (1..)
        .map(|n| {
            if n == 1 {
                wanted.to_owned()
            } else {
                format!("{wanted}{n}")
            }
        })
        .find(|name| !taken(name))
        .unwrap_or_else(|| wanted.to_owned())
}

/// Points every `$ref` below `value` that names a node of `renamed` (or one below it, for
/// a pointer) to its new place.
fn rename_references(value: &mut Value, renamed: &[(String, String)]) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match child {
                    Value::String(reference) if key == "$ref" => {
                        let new = renamed.iter().find_map(|(old, new)| {
                            let rest = reference.strip_prefix(old.as_str())?;
                            // A URI's fragment is a pointer into the schema it names.
                            let rest = match rest.strip_prefix('#') {
                                Some(pointer) if !old.contains('#') => pointer,
                                _ => rest,
                            };
                            (rest.is_empty() || rest.starts_with('/'))
                                .then(|| format!("{new}{rest}"))
                        });
                        if let Some(new) = new {
                            *reference = new;
                        }
                    }
                    _ => rename_references(child, renamed),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rename_references(item, renamed)),
        _ => {}
    }
}

/// Whether a union member admits null alone: `{type: 'null'}`, `{const: null}`,
/// `{enum: [null]}`.
fn is_null_schema(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    match object.get("type") {
        Some(Value::String(t)) => return t == "null",
        Some(Value::Array(types)) => return types.iter().all(|t| t == "null"),
        _ => {}
    }
    object.get("const").is_some_and(Value::is_null)
        || object
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null))
}

/// The JSON type of a value, as `type` names it.
fn json_type(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    })
}

/// Whether a value is of the JSON type `kind` (an integer is also a number).
fn is_of_type(value: &Value, kind: &str) -> bool {
    match json_type(value) {
        Some("integer") => kind == "integer" || kind == "number",
        Some(found) => found == kind,
        None => false,
    }
}

/// A schema of several types as one variant per type, each with the keywords that apply to
/// it; the keywords of any one type are taken out of `object`, the annotations stay.
fn split_types(object: &mut Map<String, Value>, types: &[&str]) -> Vec<Value> {
    let applies = |keyword: &str, value: &Value, kind: &str| {
        let family = if kind == "integer" { "number" } else { kind };
        match keyword {
            "format" => {
                let numeric = value.as_str().is_some_and(|f| NUMBER_FORMATS.contains(&f));
                if numeric {
                    family == "number"
                } else {
                    kind == "string"
                }
            }
            "enum" => true,
            "contentMediaType" | "contentEncoding" => kind == "string",
            _ => TYPE_KEYWORDS
                .iter()
                .any(|(owner, keywords)| *owner == family && keywords.contains(&keyword)),
        }
    };
    let specific = |keyword: &str| {
        matches!(
            keyword,
            "format" | "enum" | "contentMediaType" | "contentEncoding"
        ) || TYPE_KEYWORDS
            .iter()
            .any(|(_, keywords)| keywords.contains(&keyword))
    };
    let mut variants = Vec::new();
    for kind in types {
        let mut variant = Map::new();
        variant.insert("type".to_owned(), Value::from(*kind));
        for (keyword, value) in object.iter() {
            if !specific(keyword) || !applies(keyword, value, kind) {
                continue;
            }
            if keyword == "enum" {
                let values: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|v| is_of_type(v, kind))
                    .cloned()
                    .collect();
                if values.is_empty() {
                    // No listed value is of this type: the type admits nothing here.
                    variant.clear();
                    break;
                }
                variant.insert(keyword.clone(), Value::Array(values));
            } else {
                variant.insert(keyword.clone(), value.clone());
            }
        }
        if !variant.is_empty() {
            variants.push(Value::Object(variant));
        }
    }
    object.retain(|keyword, _| !specific(keyword));
    variants
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` (2020-12) as the bound with the 3.0 flag,
/// unless the inclusive bound beside it is the stricter one.
fn bounds(object: &mut Map<String, Value>) {
    for (exclusive, bound, lower) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        let Some(Value::Number(limit)) = object.get(exclusive).cloned() else {
            continue;
        };
        object.remove(exclusive);
        let (Some(limit_f), inclusive) =
            (limit.as_f64(), object.get(bound).and_then(Value::as_f64))
        else {
            continue;
        };
        let inclusive_stricter =
            inclusive.is_some_and(|b| if lower { b > limit_f } else { b < limit_f });
        if !inclusive_stricter {
            object.insert(bound.to_owned(), Value::Number(limit));
            object.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// `contentEncoding`/`contentMediaType` (how 3.1 writes binary data) as the 3.0 `format`:
/// base64 is `byte`, other encodings and non-text media types `binary`.
fn content_encoding(object: &mut Map<String, Value>) {
    let encoding = object.remove("contentEncoding");
    let media = object.remove("contentMediaType");
    let encoding = encoding.as_ref().and_then(Value::as_str);
    let media = media.as_ref().and_then(Value::as_str);
    let string = match object.get("type") {
        None => true,
        Some(t) => t == "string",
    };
    if object.contains_key("format") || !string {
        return;
    }
    let format = match (encoding, media) {
        (Some("base64" | "base64url"), _) => "byte",
        (Some(_), _) => "binary",
        (None, Some(media)) if !textual(media) => "binary",
        _ => return,
    };
    object.insert("format".to_owned(), Value::from(format));
    object
        .entry("type")
        .or_insert_with(|| Value::from("string"));
}

/// Whether a media type's content reads as text (and so is an ordinary string).
fn textual(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or("").trim();
    media.starts_with("text/") || media.ends_with("json") || media.ends_with("xml")
}

/// Drops every keyword but the annotations, so the schema admits any value.
fn keep_annotations(object: &mut Map<String, Value>) {
    object
        .retain(|keyword, _| ANNOTATIONS.contains(&keyword.as_str()) || keyword.starts_with("x-"));
}

#[cfg(test)]
mod tests;
