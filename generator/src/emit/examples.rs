//! Example code for rustdoc and the README: a call of any operation, whose arguments are the
//! example values lowering found for it (JSON) written as Rust values of their IR types. The
//! text names only `std` and the crate, and is compiled as doctests of the generated crate.

use serde_json::{Map, Value};

use super::models::{constructor_params, derives_default};
use crate::ir::{
    Access, Api, Field, Operation, Presence, Resource, Struct, Tuple, TypeId, TypeKind, TypeRef,
    Types,
};
use crate::naming;

/// Deeper values without an example value are elided with `todo!()` (which still compiles in
/// a `no_run` example); lowering gives a value for everything required, so this is a last
/// resort.
const MAX_DEPTH: usize = 6;

/// Builds examples against the types of one API.
pub(crate) struct Examples<'a> {
    types: &'a Types,
    /// The crate's name as a path, e.g. `revox`.
    pub krate: String,
}

impl<'a> Examples<'a> {
    pub(crate) fn new(api: &'a Api, crate_name: &str) -> Self {
        Self {
            types: &api.types,
            krate: crate_name.replace('-', "_"),
        }
    }

    /// The lines of a call of `op`, binding the result when there is one.
    pub(crate) fn call(&self, resource: &Resource, op: &Operation) -> String {
        if let Some(stream) = op
            .stream
            .as_ref()
            .filter(|_| super::resources::streams_only(op))
        {
            return self.stream_call(resource, op, &stream.name);
        }
        let call = format!(
            "client.{}().{}({}).await?",
            resource.path("()."),
            op.name,
            self.arguments(op).join(", ")
        );
        match &op.response.rust_type() {
            Some(ty) => {
                let var = self.variable(ty);
                format!("let {var} = {call};\nprintln!(\"{{{var}:?}}\");")
            }
            None => format!("{call};"),
        }
    }

    /// The lines of a call of the streaming method of `op`, going through the events.
    pub(crate) fn stream_call(&self, resource: &Resource, op: &Operation, name: &str) -> String {
        format!(
            "let mut stream = client.{}().{}({}).await?;\n\
             while let Some(event) = stream.next().await {{\nlet event = event?;\nprintln!(\"{{event:?}}\");\n}}",
            resource.path("()."),
            name,
            self.arguments(op).join(", ")
        )
    }

    /// [`Examples::stream_call`] laid out as rustfmt would.
    pub(crate) fn pretty_stream_call(
        &self,
        resource: &Resource,
        op: &Operation,
        name: &str,
    ) -> String {
        pretty(&self.stream_call(resource, op, name))
    }

    /// The lines that go through every page or item (`each`, in a variable `all`) that
    /// the method `method` of a paginated operation gives, laid out as rustfmt would.
    pub(crate) fn each_loop(
        &self,
        resource: &Resource,
        op: &Operation,
        method: &str,
        (all, each): (&str, &str),
    ) -> String {
        pretty(&format!(
            "let mut {all} = client.{}().{method}({});\nwhile let Some({each}) = {all}.next().await {{\n    let {each} = {each}?;\n    println!(\"{{{each}:?}}\");\n}}",
            resource.path("()."),
            self.arguments(op).join(", ")
        ))
    }

    /// The arguments of a call of `op`, as text.
    fn arguments(&self, op: &Operation) -> Vec<String> {
        let mut args: Vec<String> = op
            .path_params
            .iter()
            .map(|p| match &p.ty {
                TypeRef::String => format!("{:?}", path_text(&p.example, &p.wire)),
                // Passed by value, as the method takes them; anything else by reference.
                scalar @ (TypeRef::Bool | TypeRef::Integer { .. } | TypeRef::Float { .. }) => {
                    self.value(scalar, Some(&p.example), &p.wire, 0)
                }
                other => format!("&{}", self.value(other, Some(&p.example), &p.wire, 0)),
            })
            .collect();
        if let Some(parameters) = &op.parameters {
            args.push(format!(
                "&{}",
                self.value(
                    &TypeRef::Named(parameters.type_id),
                    Some(&parameters.example),
                    "parameters",
                    0
                )
            ));
        }
        if let Some(body) = &op.body {
            let value = match (&body.kind, &body.example) {
                (crate::ir::BodyKind::Binary(_), Some(Value::String(text)))
                    if text.bytes().all(|b| b.is_ascii_graphic() || b == b' ') =>
                {
                    format!("&b{text:?}[..]")
                }
                (crate::ir::BodyKind::Binary(_), _) => "&b\"...\"[..]".to_owned(),
                (crate::ir::BodyKind::Text(_), Some(Value::String(text))) => format!("{text:?}"),
                (crate::ir::BodyKind::Text(_), _) => "\"text\"".to_owned(),
                _ => format!("&{}", self.body(&body.ty, body.example.as_ref())),
            };
            args.push(if body.required {
                value
            } else {
                format!("Some({value})")
            });
        }
        args
    }

    /// The rustdoc example of a method: `code` (which may use `client`, made from the
    /// environment, `?` and `.await`) inside an async function returning the crate's `Result`.
    pub(crate) fn doc_block(&self, code: &str) -> String {
        let k = &self.krate;
        format!(
            "```no_run\n# async fn example() -> Result<(), {k}::Error> {{\nlet client = {k}::Client::from_env()?;\n{code}\n# Ok(())\n# }}\n```"
        )
    }

    /// [`Examples::call`] laid out as rustfmt would, over several lines where it is long.
    pub(crate) fn pretty_call(&self, resource: &Resource, op: &Operation) -> String {
        pretty(&self.call(resource, op))
    }

    /// A name for a variable holding a value of `ty`.
    pub(crate) fn variable(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) if !self.types.name(*id).ends_with("Response") => {
                naming::field_name(self.types.name(*id))
            }
            _ => "response".to_owned(),
        }
    }

    /// A request body: partial-update bodies also show how to clear a nullable field.
    fn body(&self, ty: &TypeRef, example: Option<&Value>) -> String {
        if let TypeRef::Named(id) = ty {
            if let Some(TypeKind::Struct(s)) = self.types.definition(*id) {
                let mut object = example
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                let clearable = s.fields.iter().find(|f| {
                    f.presence == Presence::OptionalNullable && !object.contains_key(&f.wire)
                });
                if let (true, Some(field)) = (derives_default(s), clearable) {
                    object.insert(field.wire.clone(), Value::Null);
                    return self.value(ty, Some(&Value::Object(object)), "value", 0);
                }
            }
        }
        self.value(ty, example, "value", 0)
    }

    /// A Rust expression of type `ty` holding `example` where it fits the type, else a
    /// placeholder; `hint` is the wire name it is for.
    fn value(&self, ty: &TypeRef, example: Option<&Value>, hint: &str, depth: usize) -> String {
        if depth > MAX_DEPTH && example.is_none() {
            return "todo!()".to_owned();
        }
        let k = &self.krate;
        match ty {
            TypeRef::Bool => example.and_then(Value::as_bool).unwrap_or(true).to_string(),
            TypeRef::Integer { signed, bits } => example
                .and_then(|v| integer_literal(v, *signed, *bits))
                .unwrap_or_else(|| "1".to_owned()),
            TypeRef::Float { bits } => example
                .and_then(Value::as_f64)
                .filter(|v| *bits == 64 || v.abs() <= f64::from(f32::MAX))
                .map_or_else(|| "1.0".to_owned(), |v| format!("{v:?}")),
            TypeRef::String => format!("{:?}.to_owned()", text(example, hint)),
            TypeRef::Json => match example {
                None | Some(Value::Null) => format!("{k}::serde_json::Value::Null"),
                Some(value) => format!("{k}::serde_json::json!({})", json_literal(value)),
            },
            TypeRef::File => {
                format!("{k}::File::new(\"report.pdf\", \"application/pdf\", Vec::new())")
            }
            TypeRef::Binary => format!("{k}::Binary::default()"),
            TypeRef::Array(item) => match example.and_then(Value::as_array) {
                Some(items) if !items.is_empty() => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|v| self.value(item, Some(v), hint, depth + 1))
                        .collect();
                    // The printer leaves the tokens of a macro as they are (`value : Some`):
                    // values of the crate's types go in an array, which it lays out.
                    if items.iter().any(|item| item.contains("::models::")) {
                        format!("Vec::from([{}])", items.join(", "))
                    } else {
                        format!("vec![{}]", items.join(", "))
                    }
                }
                _ => "Vec::new()".to_owned(),
            },
            TypeRef::Map(value) => match example.and_then(Value::as_object) {
                Some(entries) if !entries.is_empty() => self.map(value, entries, depth),
                _ => "std::collections::BTreeMap::new()".to_owned(),
            },
            TypeRef::Option(inner) => match example {
                Some(v) if !v.is_null() => {
                    format!("Some({})", self.value(inner, Some(v), hint, depth))
                }
                _ => "None".to_owned(),
            },
            TypeRef::Named(id) => self.named(*id, example, depth),
            TypeRef::Boxed(inner) => {
                format!("Box::new({})", self.value(inner, example, hint, depth))
            }
        }
    }

    /// A `BTreeMap` of the entries, in key order.
    fn map(&self, value: &TypeRef, entries: &Map<String, Value>, depth: usize) -> String {
        let entries: Vec<String> = entries
            .iter()
            .map(|(key, v)| {
                format!(
                    "({key:?}.to_owned(), {})",
                    self.value(value, Some(v), key, depth + 1)
                )
            })
            .collect();
        format!("std::collections::BTreeMap::from([{}])", entries.join(", "))
    }

    fn named(&self, id: TypeId, example: Option<&Value>, depth: usize) -> String {
        let k = &self.krate;
        let Some(def) = self.types.get(id) else {
            return "todo!()".to_owned();
        };
        let name = def.name.as_str();
        // Another name for a type is built under its own name (`Copy::new(..)` is
        // `Original::new(..)`), so the example shows the type the method takes.
        let kind = match &def.kind {
            TypeKind::Alias(TypeRef::Named(target)) => self.types.definition(*target),
            kind => Some(kind),
        };
        let Some(kind) = kind else {
            return "todo!()".to_owned();
        };
        match kind {
            TypeKind::Struct(s) => self.structure(name, s, example, depth),
            TypeKind::Enum(e) => {
                let wire = example.and_then(|v| match v {
                    Value::String(s) if !e.integer => Some(s.clone()),
                    Value::Number(n) if e.integer => Some(n.to_string()),
                    _ => None,
                });
                // A value the enum does not list is kept as its unknown value.
                let known = match &wire {
                    Some(w) => e.variants.iter().find(|v| &v.wire == w),
                    None => e.variants.first(),
                };
                match (known, e.integer) {
                    (Some(v), _) => format!("{k}::models::{name}::{}", v.name),
                    (None, true) => format!("{k}::models::{name}::{}(0)", e.fallback),
                    (None, false) => format!(
                        "{k}::models::{name}::{}({:?}.to_owned())",
                        e.fallback,
                        wire.as_deref().unwrap_or("value")
                    ),
                }
            }
            TypeKind::Tagged(u) => {
                let tag = example.and_then(|v| v.get(&u.tag)).and_then(Value::as_str);
                let variant = tag
                    .and_then(|t| u.variants.iter().find(|v| v.tag_value == t))
                    .or(u.variants.first());
                match variant {
                    Some(v) => format!(
                        "{k}::models::{name}::{}({})",
                        v.name,
                        self.value(&v.ty, example, "value", depth + 1)
                    ),
                    None => self.raw(name, &u.fallback, example),
                }
            }
            TypeKind::Untagged(u) => {
                let fitting = match example {
                    Some(v) => u
                        .variants
                        .iter()
                        .find(|variant| self.fits(&variant.ty, v, 0)),
                    None => u.variants.first(),
                };
                match (fitting, example) {
                    (Some(v), _) => format!(
                        "{k}::models::{name}::{}({})",
                        v.name,
                        self.value(&v.ty, example, "value", depth + 1)
                    ),
                    // The value as it is: what the fallback variant sends.
                    (None, _) => self.raw(name, &u.fallback, example),
                }
            }
            TypeKind::Tuple(t) => self.tuple(name, t, example, depth),
            TypeKind::Alias(ty) => self.value(ty, example, name, depth),
            // Only ever a response, never an argument.
            TypeKind::ByStatus(_) => "todo!()".to_owned(),
        }
    }

    /// A tuple built with its fields: each position from the example's item at its index
    /// (`None` for an optional one the example does not reach), then the rest.
    fn tuple(&self, name: &str, t: &Tuple, example: Option<&Value>, depth: usize) -> String {
        let k = &self.krate;
        let items = example
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mut fields: Vec<String> = t
            .positions
            .iter()
            .enumerate()
            .map(|(i, position)| {
                let item = items.get(i);
                if i < t.required {
                    self.value(&position.ty, item, "value", depth + 1)
                } else {
                    match item {
                        Some(item) => {
                            format!(
                                "Some({})",
                                self.value(&position.ty, Some(item), "value", depth + 1)
                            )
                        }
                        None => "None".to_owned(),
                    }
                }
            })
            .collect();
        if let Some(rest) = &t.rest {
            let rest_items = Value::Array(items.iter().skip(t.positions.len()).cloned().collect());
            let array = TypeRef::Array(Box::new(rest.clone()));
            fields.push(self.value(&array, Some(&rest_items), "value", depth + 1));
        }
        format!("{k}::models::{name}({})", fields.join(", "))
    }

    /// The fallback variant of a union, holding `example` as raw JSON.
    fn raw(&self, name: &str, fallback: &str, example: Option<&Value>) -> String {
        let k = &self.krate;
        format!(
            "{k}::models::{name}::{fallback}({})",
            self.value(&TypeRef::Json, example, "value", 0)
        )
    }

    /// A struct value as other crates build one (generated structs are `#[non_exhaustive]`):
    /// `new(required...)` or `default()`, then a `with_` setter per optional field the example
    /// sets.
    fn structure(&self, name: &str, s: &Struct, example: Option<&Value>, depth: usize) -> String {
        let k = &self.krate;
        let given = example.and_then(Value::as_object);
        let get = |wire: &str| given.and_then(|o| o.get(wire));
        // The argument of `new` for a required field.
        let required = |f: &Field| -> String {
            let v = get(&f.wire);
            match (&f.ty, f.presence, v) {
                // `new` takes `impl Into<String>`.
                (TypeRef::String, Presence::Required, _) => format!("{:?}", text(v, &f.wire)),
                (_, Presence::Required, _) => self.value(&f.ty, v, &f.wire, depth + 1),
                (_, _, Some(v)) if !v.is_null() => {
                    format!("Some({})", self.value(&f.ty, Some(v), &f.wire, depth + 1))
                }
                _ => "None".to_owned(),
            }
        };
        // The setter argument for an optional field, `None` for one the example leaves out,
        // and for one a request should not set: deprecated, or read-only (examples are
        // requests).
        let optional = |f: &Field| -> Option<String> {
            if f.facts.deprecated || f.facts.access == Access::ReadOnly {
                return None;
            }
            match (&f.ty, f.presence, get(&f.wire)?) {
                (_, Presence::OptionalNullable, Value::Null) => {
                    Some(format!("{k}::Nullable::Null"))
                }
                (_, Presence::OptionalNullable, v) => Some(format!(
                    "{k}::Nullable::Value({})",
                    self.value(&f.ty, Some(v), &f.wire, depth + 1)
                )),
                (_, _, Value::Null) => None,
                // The setter takes `impl Into<String>`.
                (TypeRef::String, _, v) => Some(format!("{:?}", text(Some(v), &f.wire))),
                (_, _, v) => Some(self.value(&f.ty, Some(v), &f.wire, depth + 1)),
            }
        };
        let mut code = match constructor_params(s) {
            Some(fields) => {
                let args: Vec<String> = fields.iter().map(|f| required(f)).collect();
                format!("{k}::models::{name}::new({})", args.join(", "))
            }
            None => format!("{k}::models::{name}::default()"),
        };
        for f in s
            .fields
            .iter()
            .filter(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable))
        {
            if let Some(arg) = optional(f) {
                code.push_str(&format!(".{}({arg})", naming::setter_name(&f.name)));
            }
        }
        if let (Some((field, ty)), Some(given)) = (&s.additional, given) {
            let entries: Map<String, Value> = given
                .iter()
                .filter(|(key, _)| s.fields.iter().all(|f| &f.wire != *key))
                .map(|(key, v)| (key.clone(), v.clone()))
                .collect();
            if !entries.is_empty() {
                code.push_str(&format!(
                    ".{}({})",
                    naming::setter_name(field),
                    self.map(ty, &entries, depth)
                ));
            }
        }
        code
    }

    /// Whether `value` can be held by `ty` as it is: used to pick the variant of an untagged
    /// union.
    fn fits(&self, ty: &TypeRef, value: &Value, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        match ty {
            TypeRef::Bool => value.is_boolean(),
            TypeRef::Integer { signed, bits } => integer_literal(value, *signed, *bits).is_some(),
            TypeRef::Float { .. } => value.is_number(),
            TypeRef::String => value.is_string(),
            TypeRef::Json => true,
            TypeRef::File | TypeRef::Binary => false,
            TypeRef::Array(item) => value
                .as_array()
                .is_some_and(|items| items.iter().all(|v| self.fits(item, v, depth + 1))),
            TypeRef::Map(item) => value
                .as_object()
                .is_some_and(|entries| entries.values().all(|v| self.fits(item, v, depth + 1))),
            TypeRef::Option(inner) => value.is_null() || self.fits(inner, value, depth),
            TypeRef::Boxed(inner) => self.fits(inner, value, depth),
            TypeRef::Named(id) => match self.types.kind(*id) {
                Some(TypeKind::Struct(s)) => value.as_object().is_some_and(|object| {
                    s.fields
                        .iter()
                        .all(|f| match (object.get(&f.wire), f.presence) {
                            (None, Presence::Required | Presence::RequiredNullable) => false,
                            (None, _) => true,
                            (Some(Value::Null), Presence::Required | Presence::Optional) => false,
                            (Some(Value::Null), _) => true,
                            (Some(v), _) => self.fits(&f.ty, v, depth + 1),
                        })
                }),
                Some(TypeKind::Enum(e)) => {
                    let wire = match value {
                        Value::String(s) if !e.integer => s.clone(),
                        Value::Number(n) if e.integer => n.to_string(),
                        _ => return false,
                    };
                    e.variants.iter().any(|v| v.wire == wire)
                }
                Some(TypeKind::Tagged(u)) => value
                    .get(&u.tag)
                    .and_then(Value::as_str)
                    .is_some_and(|tag| u.variants.iter().any(|v| v.tag_value == tag)),
                Some(TypeKind::Untagged(u)) => u
                    .variants
                    .iter()
                    .any(|v| self.fits(&v.ty, value, depth + 1)),
                Some(TypeKind::Tuple(t)) => value.as_array().is_some_and(|items| {
                    items.len() >= t.required
                        && (t.rest.is_some() || items.len() <= t.positions.len())
                        && items.iter().enumerate().all(|(i, item)| {
                            match t.positions.get(i).map(|p| &p.ty).or(t.rest.as_ref()) {
                                Some(ty) => self.fits(ty, item, depth + 1),
                                None => false,
                            }
                        })
                }),
                Some(TypeKind::Alias(ty)) => self.fits(ty, value, depth + 1),
                Some(TypeKind::ByStatus(_)) | None => false,
            },
        }
    }
}

/// Statements printed by `prettyplease`, as the body of a function; the text as it is if it
/// does not parse.
fn pretty(code: &str) -> String {
    const INDENT: &str = "    ";
    let Ok(file) = syn::parse_file(&format!("fn example() {{\n{code}\n}}")) else {
        return code.to_owned();
    };
    let printed = prettyplease::unparse(&file);
    let lines: Vec<&str> = printed.lines().collect();
    match lines.as_slice() {
        [_, body @ .., _] => body
            .iter()
            .map(|line| line.strip_prefix(INDENT).unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => code.to_owned(),
    }
}

/// `value` as a literal of an integer type, when it is an integer the type holds.
fn integer_literal(value: &Value, signed: bool, bits: u8) -> Option<String> {
    let fits = match (signed, bits) {
        (true, 32) => value.as_i64().is_some_and(|v| i32::try_from(v).is_ok()),
        (true, _) => value.is_i64(),
        (false, 32) => value.as_u64().is_some_and(|v| u32::try_from(v).is_ok()),
        (false, _) => value.is_u64(),
    };
    fits.then(|| value.to_string())
}

/// The text of a string value: the example's, or else `hint`.
fn text(example: Option<&Value>, hint: &str) -> String {
    match example {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => example_text(hint),
    }
}

/// The text of a path parameter: its example, unless the client would refuse it (empty, or
/// a dot segment).
fn path_text(example: &Value, wire: &str) -> String {
    let text = match example {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    };
    if text.is_empty() || text == "." || text == ".." {
        example_id(wire)
    } else {
        text
    }
}

/// `value` in the syntax of `serde_json::json!`, whose strings are Rust literals.
fn json_literal(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        // An unsuffixed integer literal is an `i32` to the compiler, which rejects larger ones.
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) if i32::try_from(i).is_err() => format!("{i}_i64"),
            (None, Some(u)) => format!("{u}_u64"),
            _ => n.to_string(),
        },
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(json_literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(key, v)| format!("{key:?}: {}", json_literal(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

/// A plausible string for a field or parameter called `wire`.
fn example_text(wire: &str) -> String {
    if wire.is_empty() {
        "value".to_owned()
    } else {
        wire.to_owned()
    }
}

/// A plausible identifier for a path parameter.
fn example_id(wire: &str) -> String {
    format!("{}_123", naming::field_name(wire).trim_end_matches('_'))
}

#[cfg(test)]
mod tests {
    use super::json_literal;
    use serde_json::json;

    #[test]
    fn integers_beyond_i32_carry_a_suffix_in_json_literals() {
        let value = json!({"small": -5, "ms": 1_686_412_800_000_i64, "big": u64::MAX, "f": 1.5});
        assert_eq!(
            json_literal(&value),
            format!(
                r#"{{"small": -5, "ms": 1686412800000_i64, "big": {}_u64, "f": 1.5}}"#,
                u64::MAX
            )
        );
    }
}
