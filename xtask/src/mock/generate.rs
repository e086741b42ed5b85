//! Values made up from a schema, valid against it: what the mock answers with when the spec
//! gives no example (static mode) or always (dynamic mode). The choices come from a seeded
//! generator, so the same seed gives the same value.
//!
//! Required properties are always filled and optional ones often, down to [`OPTIONAL_DEPTH`]
//! levels; below it only what the schema requires is made (no optional property, the fewest
//! items, `null` where allowed), so recursive schemas end.

use serde_json::{Map, Value};

use super::document::Document;
use super::pattern;
use super::validate::{self, Direction, Validator};

/// How many levels of objects and arrays get optional properties and more than their fewest
/// items.
const OPTIONAL_DEPTH: usize = 4;

/// Below this depth nothing more is made: a schema that requires itself ends in `{}`.
const MAX_DEPTH: usize = 48;

/// How often a `oneOf`'s variant is made again when the value matched none or several.
const VARIANT_TRIES: usize = 8;

/// Makes values from the schemas of one document.
pub struct Generator<'a> {
    document: &'a Document,
    validator: &'a Validator<'a>,
    rng: fastrand::Rng,
    /// Take the schemas' own `example`s and `default`s where they have them (static mode).
    examples: bool,
}

impl<'a> Generator<'a> {
    /// A generator from `seed`; `examples` takes the schemas' examples where there are some.
    pub fn new(
        document: &'a Document,
        validator: &'a Validator<'a>,
        seed: u64,
        examples: bool,
    ) -> Self {
        Self {
            document,
            validator,
            rng: fastrand::Rng::with_seed(seed),
            examples,
        }
    }

    /// A value of `schema`.
    pub fn value(&mut self, schema: &Value) -> Value {
        self.make(schema, 0)
    }

    fn make(&mut self, schema: &Value, depth: usize) -> Value {
        let schema = self.document.resolve(schema);
        let Some(object) = schema.as_object() else {
            return Value::String(self.word(1, 8));
        };
        if depth > MAX_DEPTH {
            return Value::Object(Map::new());
        }
        if self.examples {
            let given = object
                .get("example")
                .or_else(|| object.get("examples").and_then(|e| e.get(0)))
                .or_else(|| object.get("default"));
            if let Some(given) = given {
                return given.clone();
            }
        }
        if let Some(constant) = object.get("const") {
            return constant.clone();
        }
        let nullable = validate::is_nullable(schema);
        if nullable && (depth >= OPTIONAL_DEPTH || self.rng.u8(..5) == 0) {
            return Value::Null;
        }
        if let Some(options) = object.get("enum").and_then(Value::as_array) {
            if !options.is_empty() {
                return options[self.rng.usize(..options.len())].clone();
            }
        }
        if object.contains_key("allOf") {
            let merged = self.merged(schema);
            return self.make(&merged, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = object.get(key).and_then(Value::as_array) {
                if !variants.is_empty() {
                    return self.variant(schema, key, variants, depth);
                }
            }
        }
        self.of_type(schema, depth)
    }

    /// A value of one of the schema's `oneOf`/`anyOf` variants, merged with the schema's own
    /// properties, tagged with the discriminator, and made again when it does not validate (a
    /// value of one variant may match another too).
    fn variant(&mut self, schema: &Value, key: &str, variants: &[Value], depth: usize) -> Value {
        let mut made = Value::Null;
        for _ in 0..VARIANT_TRIES {
            let chosen = &variants[self.rng.usize(..variants.len())];
            made = self.make(chosen, depth);
            let mut own = schema.clone();
            if let Some(own) = own.as_object_mut() {
                own.remove(key);
            }
            if own.get("properties").is_some() || own.get("required").is_some() {
                let base = self.of_type(&own, depth);
                if let (Value::Object(base), Value::Object(made)) = (base, &mut made) {
                    for (name, value) in base {
                        made.entry(name).or_insert(value);
                    }
                }
            }
            // The discriminator's value is the variant's name unless the spec lists its own
            // values (an `enum` of the tag): the value made keeps its own then.
            let untagged = made.clone();
            self.tag(schema, chosen, &mut made);
            if self.validator.is_valid(schema, &made, Direction::Response) {
                break;
            }
            if self
                .validator
                .is_valid(schema, &untagged, Direction::Response)
            {
                made = untagged;
                break;
            }
        }
        made
    }

    /// Sets the discriminator's property of `made` to the name of the variant `chosen`.
    fn tag(&self, schema: &Value, chosen: &Value, made: &mut Value) {
        let (Some(discriminator), Some(target), Value::Object(fields)) = (
            schema.get("discriminator"),
            chosen.get("$ref").and_then(Value::as_str),
            made,
        ) else {
            return;
        };
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            return;
        };
        let mapped = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .and_then(|m| m.iter().find(|(_, to)| to.as_str() == Some(target)))
            .map(|(name, _)| name.clone());
        let name = mapped.or_else(|| target.rsplit('/').next().map(str::to_owned));
        if let Some(name) = name {
            fields.insert(property.to_owned(), Value::String(name));
        }
    }

    /// One schema holding what all of `schema`'s `allOf` parts say, nested ones included:
    /// properties together (one named twice must take both), `required` together, the first
    /// of every other keyword.
    fn merged(&self, schema: &Value) -> Value {
        let mut out = Map::new();
        self.merge_into(schema, &mut out, 0);
        Value::Object(out)
    }

    fn merge_into(&self, schema: &Value, out: &mut Map<String, Value>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(object) = self.document.resolve(schema).as_object() else {
            return;
        };
        for (key, value) in object {
            match key.as_str() {
                "allOf" => {}
                "properties" => {
                    let Some(properties) = value.as_object() else {
                        continue;
                    };
                    let into = out
                        .entry("properties")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(into) = into {
                        for (name, property) in properties {
                            match into.get_mut(name) {
                                Some(existing) => {
                                    *existing =
                                        serde_json::json!({"allOf": [existing.clone(), property]});
                                }
                                None => {
                                    into.insert(name.clone(), property.clone());
                                }
                            }
                        }
                    }
                }
                "required" => {
                    let into = out
                        .entry("required")
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let (Value::Array(into), Some(names)) = (into, value.as_array()) {
                        for name in names {
                            if !into.contains(name) {
                                into.push(name.clone());
                            }
                        }
                    }
                }
                _ => {
                    out.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
        }
        for part in object
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.merge_into(part, out, depth + 1);
        }
    }

    /// A value of the schema's type (the first that is not `null`; inferred from its keywords
    /// when it has none).
    fn of_type(&mut self, schema: &Value, depth: usize) -> Value {
        let declared = validate::types(schema).into_iter().find(|t| *t != "null");
        let kind = declared.unwrap_or_else(|| {
            if schema.get("properties").is_some()
                || schema.get("required").is_some()
                || schema.get("additionalProperties").is_some()
            {
                "object"
            } else if schema.get("items").is_some() {
                "array"
            } else {
                "string"
            }
        });
        match kind {
            "object" => self.object(schema, depth),
            "array" => self.array(schema, depth),
            "integer" => self.integer(schema),
            "number" => self.number(schema),
            "boolean" => Value::Bool(self.rng.bool()),
            _ => Value::String(self.string(schema)),
        }
    }

    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let mut fields = Map::new();
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let shallow = depth < OPTIONAL_DEPTH;
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let resolved = self.document.resolve(property);
                if resolved.get("writeOnly") == Some(&Value::Bool(true)) {
                    continue;
                }
                let wanted = required.contains(&name.as_str()) || (shallow && self.rng.u8(..3) > 0);
                if wanted {
                    let value = self.make(property, depth + 1);
                    fields.insert(name.clone(), value);
                }
            }
        }
        let additional = schema.get("additionalProperties");
        let open = !matches!(additional, Some(Value::Bool(false)));
        let typed_map = matches!(additional, Some(Value::Object(_)));
        let extra_schema = additional
            .filter(|a| a.is_object())
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        // A required property the schema does not describe is made as an additional one.
        for name in required {
            if open && !fields.contains_key(name) {
                let value = self.make(&extra_schema, depth + 1);
                fields.insert(name.to_owned(), value);
            }
        }
        let min = schema
            .get("minProperties")
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        let max = schema
            .get("maxProperties")
            .and_then(Value::as_u64)
            .map_or(usize::MAX, |m| m as usize);
        let mut wanted = min;
        if typed_map && shallow && fields.is_empty() {
            wanted = wanted.max(self.rng.usize(1..=2));
        }
        while open && fields.len() < wanted.min(max) {
            let key = format!("{}{}", self.word(3, 6), fields.len());
            if !fields.contains_key(&key) {
                let value = self.make(&extra_schema, depth + 1);
                fields.insert(key, value);
            }
        }
        Value::Object(fields)
    }

    fn array(&mut self, schema: &Value, depth: usize) -> Value {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .map_or(min + 2, |m| m as usize)
            .max(min);
        // Shallow arrays get one to three items (within their bounds), deeper ones the fewest.
        let count = if depth < OPTIONAL_DEPTH {
            let low = min.max(1).min(max);
            let high = max.min(min + 2).max(low);
            self.rng.usize(low..=high)
        } else {
            min
        };
        let items = schema
            .get("items")
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        let unique = schema.get("uniqueItems") == Some(&Value::Bool(true));
        let mut made = Vec::with_capacity(count);
        let mut tries = 0;
        while made.len() < count && tries < count * 4 + 4 {
            tries += 1;
            let item = self.make(&items, depth + 1);
            if !unique || !made.contains(&item) {
                made.push(item);
            }
        }
        Value::Array(made)
    }

    /// The closed range a number must fall in, from its bounds (3.0's and 3.1's exclusive
    /// ones), a thousand wide on an open side.
    fn bounds(schema: &Value, step: f64) -> (f64, f64) {
        const WIDTH: f64 = 1000.0;
        let get = |key: &str| schema.get(key).and_then(Value::as_f64);
        let flag = |key: &str| schema.get(key) == Some(&Value::Bool(true));
        let mut low = get("minimum");
        if let Some(min) = get("exclusiveMinimum") {
            low = Some(low.map_or(min + step, |l| l.max(min + step)));
        } else if flag("exclusiveMinimum") {
            low = low.map(|l| l + step);
        }
        let mut high = get("maximum");
        if let Some(max) = get("exclusiveMaximum") {
            high = Some(high.map_or(max - step, |h| h.min(max - step)));
        } else if flag("exclusiveMaximum") {
            high = high.map(|h| h - step);
        }
        match (low, high) {
            (Some(low), Some(high)) => (low, high.max(low)),
            (Some(low), None) => (low, low + WIDTH),
            (None, Some(high)) => (high - WIDTH, high),
            (None, None) => (-WIDTH, WIDTH),
        }
    }

    fn integer(&mut self, schema: &Value) -> Value {
        let (low, high) = Self::bounds(schema, 1.0);
        let (low, high) = (low.ceil() as i64, high.floor() as i64);
        let step = schema
            .get("multipleOf")
            .and_then(Value::as_i64)
            .filter(|s| *s > 0)
            .unwrap_or(1);
        let first = low.div_euclid(step) + i64::from(low.rem_euclid(step) != 0);
        let last = high.div_euclid(step);
        Value::from(self.rng.i64(first..=last.max(first)) * step)
    }

    fn number(&mut self, schema: &Value) -> Value {
        let (low, high) = Self::bounds(schema, 0.01);
        if let Some(step) = schema
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|s| *s > 0.0)
        {
            let first = (low / step).ceil() as i64;
            let last = (high / step).floor() as i64;
            let k = self.rng.i64(first..=last.max(first));
            return serde_json::Number::from_f64(k as f64 * step)
                .map_or(Value::from(0), Value::Number);
        }
        let raw = low + self.rng.f64() * (high - low);
        let rounded = ((raw * 100.0).round() / 100.0).clamp(low, high);
        serde_json::Number::from_f64(rounded).map_or(Value::from(0), Value::Number)
    }

    fn string(&mut self, schema: &Value) -> String {
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        if let Some(format) = schema.get("format").and_then(Value::as_str) {
            if let Some(made) = self.formatted(format) {
                return made;
            }
        }
        if let Some(regex) = schema.get("pattern").and_then(Value::as_str) {
            let mut last = None;
            for _ in 0..16 {
                let Some(made) = pattern::generate(regex, &mut self.rng) else {
                    break;
                };
                let length = made.chars().count();
                if length >= min && max.is_none_or(|max| length <= max) {
                    return made;
                }
                last = Some(made);
            }
            if let Some(made) = last {
                return made;
            }
        }
        let high = max.unwrap_or(min.max(4) + 8).max(min);
        let low = min.max(1).min(high);
        self.word(low, high.min(low + 12))
    }

    /// A string of a `format` the mock knows, else `None`.
    fn formatted(&mut self, format: &str) -> Option<String> {
        let rng = &mut self.rng;
        let date = |rng: &mut fastrand::Rng| {
            format!(
                "{:04}-{:02}-{:02}",
                rng.u32(2000..=2030),
                rng.u32(1..=12),
                rng.u32(1..=28)
            )
        };
        let time = |rng: &mut fastrand::Rng| {
            format!(
                "{:02}:{:02}:{:02}",
                rng.u32(0..24),
                rng.u32(0..60),
                rng.u32(0..60)
            )
        };
        Some(match format {
            "date" => date(rng),
            "date-time" => format!("{}T{}Z", date(rng), time(rng)),
            "time" => format!("{}Z", time(rng)),
            "uuid" => {
                let hex = |rng: &mut fastrand::Rng, n: usize| {
                    (0..n)
                        .map(|_| char::from_digit(rng.u32(0..16), 16).unwrap_or('0'))
                        .collect::<String>()
                };
                format!(
                    "{}-{}-4{}-{}{}-{}",
                    hex(rng, 8),
                    hex(rng, 4),
                    hex(rng, 3),
                    ['8', '9', 'a', 'b'][rng.usize(..4)],
                    hex(rng, 3),
                    hex(rng, 12)
                )
            }
            "email" => format!("{}@example.com", self.word(3, 10)),
            "uri" | "url" | "uri-reference" | "iri" => {
                format!("https://example.com/{}", self.word(3, 10))
            }
            "hostname" | "idn-hostname" => format!("{}.example.com", self.word(3, 10)),
            "ipv4" => format!("10.{}.{}.{}", rng.u8(..), rng.u8(..), rng.u8(1..255)),
            "ipv6" => format!("2001:db8::{:x}", rng.u16(1..)),
            "byte" => {
                const ALPHABET: &[u8] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                (0..8)
                    .map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char)
                    .collect()
            }
            _ => return None,
        })
    }

    /// Lower-case letters and digits, between `low` and `high` characters long.
    fn word(&mut self, low: usize, high: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let length = self.rng.usize(low..=high.max(low));
        (0..length)
            .map(|_| ALPHABET[self.rng.usize(..ALPHABET.len())] as char)
            .collect()
    }
}

/// A stable seed for one operation: the mode's seed and the operation's method and template
/// hashed (FNV-1a), so that each operation gets the same value on every run, whatever ran
/// before it.
pub fn seed(seed: &str, method: &str, template: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in [seed, " ", method, " ", template].concat().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::workspace_root;

    /// Every component schema of the spec, and every response and request body schema, made
    /// with several seeds, validates against its schema.
    fn every_value_validates(spec: &str) -> Result<(), String> {
        let text =
            std::fs::read_to_string(workspace_root().join(spec)).map_err(|e| e.to_string())?;
        let document = Document::parse(&text)?;
        let validator = Validator::new(&document);
        let schemas = document
            .root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .ok_or("the spec has no component schemas")?;
        let mut checked = 0;
        for (name, schema) in schemas {
            for seed in 0..8 {
                let mut generator = Generator::new(&document, &validator, seed, false);
                let value = generator.value(schema);
                let violations = validator.check(schema, &value, Direction::Response);
                assert!(
                    violations.is_empty(),
                    "{spec}: {name} (seed {seed}): {value} breaks its schema: {:?}",
                    violations
                        .iter()
                        .map(|v| v.message("value"))
                        .collect::<Vec<_>>()
                );
                checked += 1;
            }
        }
        assert!(checked > 100, "{spec}: only {checked} values made");
        Ok(())
    }

    #[test]
    fn made_values_of_xero_validate() -> Result<(), String> {
        every_value_validates("tests/specs/real/xero-accounting.yaml")
    }

    /// The other specs of the corpus whose component schemas all have valid values: not
    /// intercom (a UUID of at most 24 characters, one of the conformance exclusions) nor
    /// together's 3.1 spec (a `oneOf` of a binary string and a URL, both of which a URL is).
    #[test]
    fn made_values_of_the_other_corpus_specs_validate() -> Result<(), String> {
        for spec in [
            "tests/specs/real/hcloud.json",
            "tests/specs/real/keycloak.json",
            "tests/specs/real/launchdarkly.yaml",
            "tests/specs/real/onfido.json",
            "tests/specs/real/ory.json",
        ] {
            every_value_validates(spec)?;
        }
        Ok(())
    }

    #[test]
    fn made_values_of_nexus_validate() -> Result<(), String> {
        every_value_validates("tests/specs/oxide/nexus.json")
    }

    #[test]
    fn values_keep_to_their_keywords_and_end_on_recursion() -> Result<(), String> {
        let document = Document::parse(
            r##"
components:
  schemas:
    Node:
      type: object
      required: [name, children, undeclared]
      properties:
        finish: {allOf: [{$ref: "#/components/schemas/Finish"}, {nullable: true}]}
        format:
          discriminator: {propertyName: type}
          anyOf: [{$ref: "#/components/schemas/Text"}, {$ref: "#/components/schemas/Json"}]
        name: {type: string, minLength: 2, maxLength: 5, pattern: "^[a-z]+$"}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
        parent: {$ref: "#/components/schemas/Node"}
        size: {type: integer, minimum: 10, maximum: 20, multipleOf: 5}
        ratio: {type: number, exclusiveMinimum: true, minimum: 0, maximum: 1}
        kind: {type: string, enum: [a, b], nullable: true}
        when: {type: string, format: date-time}
        id: {type: string, format: uuid}
        labels: {type: object, additionalProperties: {type: integer}}
    Finish: {type: string, enum: [stop, length]}
    Text: {type: object, required: [type], properties: {type: {type: string, enum: [text]}}}
    Json: {type: object, required: [type], properties: {type: {type: string, enum: [json]}}}
"##,
        )?;
        let validator = Validator::new(&document);
        let schema = serde_json::json!({"$ref": "#/components/schemas/Node"});
        for seed in 0..64 {
            let value = Generator::new(&document, &validator, seed, false).value(&schema);
            let violations = validator.check(&schema, &value, Direction::Response);
            assert!(violations.is_empty(), "{value}: {violations:?}");
        }
        let same = |seed| Generator::new(&document, &validator, seed, false).value(&schema);
        assert_eq!(same(3), same(3));
        assert_ne!(same(3), same(4));
        Ok(())
    }

    #[test]
    fn static_values_take_the_schemas_examples() -> Result<(), String> {
        let document = Document::parse("{}")?;
        let validator = Validator::new(&document);
        let schema = serde_json::json!({"type": "object", "required": ["a", "b"], "properties": {
            "a": {"type": "string", "example": "given"}, "b": {"type": "integer", "default": 7}}});
        let value = Generator::new(&document, &validator, 1, true).value(&schema);
        assert_eq!(value, serde_json::json!({"a": "given", "b": 7}));
        Ok(())
    }
}
