//! The mock's own check of a value against a schema, as OpenAPI reads schemas: JSON Schema's
//! keywords (`type`, `enum`, `const`, bounds, lengths, `pattern`, `format`s, `items`,
//! `required`, `properties`, `additionalProperties`, `allOf`, `oneOf`, `anyOf`, `not`) with
//! OpenAPI 3.0's `nullable`, and `readOnly` properties not required in requests nor
//! `writeOnly` ones in responses. A `oneOf` with a `discriminator` is checked against the
//! variant the value names.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;
use serde_json::Value;

use super::document::Document;

/// How deep a value is checked; deeper parts are taken as they are.
const MAX_DEPTH: usize = 256;

/// Which way a value goes, which decides the properties it must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the client: `readOnly` properties are not required.
    Request,
    /// From the server: `writeOnly` properties are not required.
    Response,
}

/// One thing wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where, as property names and item indexes from the value's top.
    pub path: Vec<String>,
    /// What is wrong, as the end of a sentence (`must be string`).
    pub said: String,
}

impl Violation {
    /// The violation as Prism words it: `{subject} property a.b must be string`.
    pub fn message(&self, subject: &str) -> String {
        if self.path.is_empty() {
            format!("{subject} {}", self.said)
        } else {
            format!("{subject} property {} {}", self.path.join("."), self.said)
        }
    }
}

/// Checks a value against a schema at a path, adding what is wrong.
type Check<'c> = dyn FnMut(&Value, &Value, &mut Vec<String>, &mut Vec<Violation>) + 'c;

/// Checks values against the schemas of one document; keeps the `pattern`s it compiled.
#[derive(Debug)]
pub struct Validator<'a> {
    document: &'a Document,
    patterns: Mutex<HashMap<String, Option<Regex>>>,
}

impl<'a> Validator<'a> {
    /// A validator of `document`'s schemas.
    pub fn new(document: &'a Document) -> Self {
        Self {
            document,
            patterns: Mutex::new(HashMap::new()),
        }
    }

    /// What is wrong with `value` against `schema`; empty when it is valid.
    pub fn check(&self, schema: &Value, value: &Value, direction: Direction) -> Vec<Violation> {
        let mut found = Vec::new();
        self.walk(schema, value, direction, &mut Vec::new(), &mut found, 0);
        found
    }

    /// Whether `value` is valid against `schema`.
    pub fn is_valid(&self, schema: &Value, value: &Value, direction: Direction) -> bool {
        self.check(schema, value, direction).is_empty()
    }

    fn walk(
        &self,
        schema: &Value,
        value: &Value,
        direction: Direction,
        path: &mut Vec<String>,
        found: &mut Vec<Violation>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema = self.document.resolve(schema);
        let mut fail = |said: String, path: &[String]| {
            found.push(Violation {
                path: path.to_vec(),
                said,
            });
        };
        let Some(object) = schema.as_object() else {
            if schema == &Value::Bool(false) {
                fail("must not be present".to_owned(), path);
            }
            return;
        };
        if value.is_null() && (is_nullable(schema) || self.nullable_part(object)) {
            return;
        }
        let types = types(schema);
        if !types.is_empty() && !types.iter().any(|t| has_type(value, t)) {
            fail(format!("must be {}", types.join(",")), path);
            return;
        }
        if let Some(options) = object.get("enum").and_then(Value::as_array) {
            if !options.iter().any(|o| same(o, value)) {
                fail(
                    "must be equal to one of the allowed values".to_owned(),
                    path,
                );
            }
        }
        if let Some(constant) = object.get("const") {
            if !same(constant, value) {
                fail("must be equal to constant".to_owned(), path);
            }
        }
        match value {
            Value::String(text) => self.string(object, text, path, &mut fail),
            Value::Number(number) => number_bounds(object, number.as_f64().unwrap_or(0.0))
                .into_iter()
                .for_each(|said| fail(said, path)),
            _ => {}
        }
        let mut sub =
            |schema: &Value, value: &Value, path: &mut Vec<String>, found: &mut Vec<Violation>| {
                self.walk(schema, value, direction, path, found, depth + 1);
            };
        if let Value::Array(items) = value {
            array_bounds(object, items).into_iter().for_each(|said| {
                found.push(Violation {
                    path: path.clone(),
                    said,
                })
            });
            if let Some(item_schema) = object.get("items") {
                for (index, item) in items.iter().enumerate() {
                    path.push(index.to_string());
                    sub(item_schema, item, path, found);
                    path.pop();
                }
            }
        }
        if let Value::Object(fields) = value {
            self.object(object, fields, direction, path, found, &mut sub);
        }
        self.combinations(object, value, direction, path, found, depth);
    }

    /// Whether an `allOf` part says only that the schema is nullable (`allOf: [{$ref: X},
    /// {nullable: true}]`, a common way to make a reference nullable in OpenAPI 3.0).
    fn nullable_part(&self, schema: &serde_json::Map<String, Value>) -> bool {
        schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|part| self.document.resolve(part))
            .any(|part| is_nullable(part) && types(part).is_empty())
    }

    /// `minLength`, `maxLength`, `pattern` and `format`.
    fn string(
        &self,
        schema: &serde_json::Map<String, Value>,
        text: &str,
        path: &[String],
        fail: &mut dyn FnMut(String, &[String]),
    ) {
        let length = text.chars().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64) {
            if length < min {
                fail(format!("must NOT have fewer than {min} characters"), path);
            }
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
            if length > max {
                fail(format!("must NOT have more than {max} characters"), path);
            }
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            if self.matches(pattern, text) == Some(false) {
                fail(format!("must match pattern \"{pattern}\""), path);
            }
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str) {
            if !has_format(format, text) {
                fail(format!("must match format \"{format}\""), path);
            }
        }
    }

    /// Whether `text` matches `pattern`; `None` when the pattern does not compile here.
    fn matches(&self, pattern: &str, text: &str) -> Option<bool> {
        let mut patterns = self.patterns.lock().unwrap_or_else(|e| e.into_inner());
        let regex = patterns
            .entry(pattern.to_owned())
            .or_insert_with(|| Regex::new(pattern).ok());
        regex.as_ref().map(|r| r.is_match(text))
    }

    /// `required`, `properties`, `additionalProperties`, `minProperties`, `maxProperties`.
    fn object(
        &self,
        schema: &serde_json::Map<String, Value>,
        fields: &serde_json::Map<String, Value>,
        direction: Direction,
        path: &mut Vec<String>,
        found: &mut Vec<Violation>,
        sub: &mut Check<'_>,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if fields.contains_key(name) {
                continue;
            }
            let property = properties
                .and_then(|p| p.get(name))
                .map(|p| self.document.resolve(p));
            let skipped = property.is_some_and(|p| match direction {
                Direction::Request => p.get("readOnly") == Some(&Value::Bool(true)),
                Direction::Response => p.get("writeOnly") == Some(&Value::Bool(true)),
            });
            if !skipped {
                found.push(Violation {
                    path: path.clone(),
                    said: format!("must have required property '{name}'"),
                });
            }
        }
        let additional = schema.get("additionalProperties");
        for (name, value) in fields {
            path.push(name.clone());
            match (properties.and_then(|p| p.get(name)), additional) {
                (Some(property), _) => sub(property, value, path, found),
                (None, Some(Value::Bool(false))) => {
                    path.pop();
                    found.push(Violation {
                        path: path.clone(),
                        said: format!("must NOT have additional property '{name}'"),
                    });
                    continue;
                }
                (None, Some(extra @ Value::Object(_))) => sub(extra, value, path, found),
                (None, _) => {}
            }
            path.pop();
        }
        let count = fields.len() as u64;
        if schema
            .get("minProperties")
            .and_then(Value::as_u64)
            .is_some_and(|min| count < min)
        {
            found.push(Violation {
                path: path.clone(),
                said: "must NOT have fewer properties than minProperties".to_owned(),
            });
        }
        if schema
            .get("maxProperties")
            .and_then(Value::as_u64)
            .is_some_and(|max| count > max)
        {
            found.push(Violation {
                path: path.clone(),
                said: "must NOT have more properties than maxProperties".to_owned(),
            });
        }
    }

    /// `allOf`, `anyOf`, `oneOf` and `not`.
    fn combinations(
        &self,
        schema: &serde_json::Map<String, Value>,
        value: &Value,
        direction: Direction,
        path: &mut Vec<String>,
        found: &mut Vec<Violation>,
        depth: usize,
    ) {
        let list = |key: &str| schema.get(key).and_then(Value::as_array);
        for part in list("allOf").into_iter().flatten() {
            self.walk(part, value, direction, path, found, depth + 1);
        }
        let valid = |part: &Value| {
            let mut inner = Vec::new();
            self.walk(
                part,
                value,
                direction,
                &mut path.clone(),
                &mut inner,
                depth + 1,
            );
            inner.is_empty()
        };
        if let Some(variants) = list("anyOf") {
            let chosen = self.discriminated(schema, variants, value);
            if !chosen.iter().any(|v| valid(v)) {
                found.push(Violation {
                    path: path.clone(),
                    said: "must match a schema in anyOf".to_owned(),
                });
            }
        }
        if let Some(variants) = list("oneOf") {
            let chosen = self.discriminated(schema, variants, value);
            let matching = chosen.iter().filter(|v| valid(v)).count();
            if matching != 1 {
                found.push(Violation {
                    path: path.clone(),
                    said: "must match exactly one schema in oneOf".to_owned(),
                });
            }
        }
        if let Some(not) = schema.get("not") {
            if valid(not) {
                found.push(Violation {
                    path: path.clone(),
                    said: "must NOT be valid".to_owned(),
                });
            }
        }
    }

    /// The variants of a `oneOf`/`anyOf` that `value` can be: the one its discriminator names
    /// when the schema has a discriminator and the value names one of the variants, else all.
    fn discriminated<'v>(
        &self,
        schema: &serde_json::Map<String, Value>,
        variants: &'v [Value],
        value: &Value,
    ) -> Vec<&'v Value> {
        let named = schema
            .get("discriminator")
            .and_then(|d| {
                let tag = value.get(d.get("propertyName")?.as_str()?)?.as_str()?;
                d.get("mapping")
                    .and_then(|m| m.get(tag))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| Some(format!("#/components/schemas/{tag}")))
            })
            .and_then(|target| {
                variants
                    .iter()
                    .find(|v| v.get("$ref").and_then(Value::as_str) == Some(&target))
            });
        match named {
            Some(variant) => vec![variant],
            None => variants.iter().collect(),
        }
    }
}

/// The schema's types: `type` as a string or, in 3.1, a list; empty when it has none.
pub fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether the schema takes `null`: OpenAPI 3.0's `nullable`, or 3.1's `null` type.
pub fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true)) || types(schema).contains(&"null")
}

/// Whether `value` has JSON Schema type `name` (an integer is a number without a fraction).
fn has_type(value: &Value, name: &str) -> bool {
    match (name, value) {
        ("integer", Value::Number(n)) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        ("number", Value::Number(_))
        | ("string", Value::String(_))
        | ("boolean", Value::Bool(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_))
        | ("null", Value::Null) => true,
        _ => false,
    }
}

/// JSON equality, numbers compared by value (`1` is `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// What breaks `minimum`, `maximum` (exclusive in 3.0's and 3.1's ways) and `multipleOf`.
fn number_bounds(schema: &serde_json::Map<String, Value>, number: f64) -> Vec<String> {
    let mut said = Vec::new();
    let get = |key: &str| schema.get(key).and_then(Value::as_f64);
    let flag = |key: &str| schema.get(key) == Some(&Value::Bool(true));
    if let Some(min) = get("minimum") {
        if number < min || (flag("exclusiveMinimum") && number <= min) {
            said.push(format!("must be >= {min}"));
        }
    }
    if let Some(max) = get("maximum") {
        if number > max || (flag("exclusiveMaximum") && number >= max) {
            said.push(format!("must be <= {max}"));
        }
    }
    if get("exclusiveMinimum").is_some_and(|min| number <= min) {
        said.push("must be > exclusiveMinimum".to_owned());
    }
    if get("exclusiveMaximum").is_some_and(|max| number >= max) {
        said.push("must be < exclusiveMaximum".to_owned());
    }
    if let Some(step) = get("multipleOf").filter(|s| *s > 0.0) {
        let ratio = number / step;
        if (ratio - ratio.round()).abs() > 1e-9 {
            said.push(format!("must be multiple of {step}"));
        }
    }
    said
}

/// What breaks `minItems`, `maxItems` and `uniqueItems`.
fn array_bounds(schema: &serde_json::Map<String, Value>, items: &[Value]) -> Vec<String> {
    let mut said = Vec::new();
    let count = items.len() as u64;
    if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
        if count < min {
            said.push(format!("must NOT have fewer than {min} items"));
        }
    }
    if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
        if count > max {
            said.push(format!("must NOT have more than {max} items"));
        }
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true))
        && items
            .iter()
            .enumerate()
            .any(|(i, a)| items[..i].iter().any(|b| same(a, b)))
    {
        said.push("must NOT have duplicate items".to_owned());
    }
    said
}

/// Whether `text` has `format`; formats the mock does not know take anything.
pub fn has_format(format: &str, text: &str) -> bool {
    static DATE: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^\d{4}-(\d{2})-(\d{2})$").ok());
    static DATE_TIME: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"^\d{4}-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$").ok()
    });
    static TIME: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r"^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)?$",
        )
        .ok()
    });
    static UUID: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$").ok());
    static EMAIL: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^[^@\s]+@[^@\s]+\.[^@\s]+$").ok());
    let is_match = |regex: &Option<Regex>| regex.as_ref().is_some_and(|r| r.is_match(text));
    let day_ok = |regex: &Option<Regex>| {
        regex
            .as_ref()
            .and_then(|r| r.captures(text))
            .is_some_and(|c| {
                let number = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
                matches!(number(1), Some(1..=12)) && matches!(number(2), Some(1..=31))
            })
    };
    match format {
        "date" => day_ok(&DATE),
        "date-time" => day_ok(&DATE_TIME),
        "time" => is_match(&TIME),
        "uuid" => is_match(&UUID),
        "email" => is_match(&EMAIL),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(schema: Value, value: Value, direction: Direction) -> Vec<String> {
        let document = match Document::parse(
            "components: {schemas: {Cat: {type: object, required: [kind], properties: {kind: {type: string}}}, Dog: {type: object, required: [kind, bark], properties: {kind: {type: string}, bark: {type: boolean}}}}}",
        ) {
            Ok(document) => document,
            Err(e) => return vec![e],
        };
        Validator::new(&document)
            .check(&schema, &value, direction)
            .iter()
            .map(|v| v.message("Request body"))
            .collect()
    }

    #[test]
    fn values_are_checked_keyword_by_keyword() {
        let schema = json!({
            "type": "object",
            "required": ["id", "when", "status"],
            "additionalProperties": false,
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "when": {"type": "string", "format": "date-time"},
                "status": {"type": "string", "enum": ["on", "off"]},
                "count": {"type": "integer", "minimum": 1, "maximum": 9},
                "name": {"type": "string", "nullable": true, "maxLength": 3, "pattern": "^[a-z]+$"},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 1},
                "owner": {"type": "string", "readOnly": true}
            }
        });
        let good = json!({"id": "6f1e7a52-5b3e-4c43-9d5e-0123456789ab", "when": "2024-02-29T10:00:00Z",
            "status": "on", "count": 3, "name": null, "tags": ["a"]});
        assert_eq!(
            check(schema.clone(), good, Direction::Request),
            Vec::<String>::new()
        );
        let bad = json!({"id": "nope", "when": "2024-13-01T00:00:00Z", "status": "dim", "count": 1.5,
            "name": "ABCD", "tags": ["a", 2], "extra": 1});
        assert_eq!(
            check(schema.clone(), bad, Direction::Request),
            [
                "Request body property id must match format \"uuid\"",
                "Request body property when must match format \"date-time\"",
                "Request body property status must be equal to one of the allowed values",
                "Request body property count must be integer",
                "Request body property name must NOT have more than 3 characters",
                "Request body property name must match pattern \"^[a-z]+$\"",
                "Request body property tags must NOT have more than 1 items",
                "Request body property tags.1 must be string",
                "Request body must NOT have additional property 'extra'",
            ]
        );
        let schema = json!({"type": "object", "required": ["owner", "secret"], "properties": {
            "owner": {"type": "string", "readOnly": true}, "secret": {"type": "string", "writeOnly": true}}});
        assert_eq!(
            check(schema.clone(), json!({}), Direction::Request),
            ["Request body must have required property 'secret'"]
        );
        assert_eq!(
            check(schema, json!({}), Direction::Response),
            ["Request body must have required property 'owner'"]
        );
    }

    #[test]
    fn combinations_and_nullable_follow_openapi() {
        let cat = json!({"$ref": "#/components/schemas/Cat"});
        let dog = json!({"$ref": "#/components/schemas/Dog"});
        let one_of = json!({"oneOf": [cat, dog]});
        // A dog is a cat too: without a discriminator, both match.
        let a_dog = json!({"kind": "Dog", "bark": true});
        assert_eq!(
            check(one_of.clone(), a_dog.clone(), Direction::Request),
            ["Request body must match exactly one schema in oneOf"]
        );
        let tagged = json!({"oneOf": [cat, dog], "discriminator": {"propertyName": "kind"}});
        assert!(check(tagged.clone(), a_dog, Direction::Request).is_empty());
        // The variant the discriminator names must take it.
        assert_eq!(
            check(tagged, json!({"kind": "Dog"}), Direction::Request),
            ["Request body must match exactly one schema in oneOf"]
        );
        assert!(
            check(
                json!({"anyOf": [cat, dog]}),
                json!({"kind": "x"}),
                Direction::Request
            )
            .is_empty()
        );
        let all_of = json!({"allOf": [cat, {"type": "object", "required": ["age"]}]});
        assert_eq!(
            check(all_of, json!({"kind": "x"}), Direction::Request),
            ["Request body must have required property 'age'"]
        );
        assert_eq!(
            check(json!({"type": "string"}), Value::Null, Direction::Request),
            ["Request body must be string"]
        );
        assert!(
            check(
                json!({"type": "string", "nullable": true}),
                Value::Null,
                Direction::Request
            )
            .is_empty()
        );
        assert!(
            check(
                json!({"type": ["string", "null"]}),
                Value::Null,
                Direction::Request
            )
            .is_empty()
        );
        assert!(check(json!({"type": "integer"}), json!(2.0), Direction::Request).is_empty());
    }
}
