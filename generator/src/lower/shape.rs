//! A flat view of one `openapiv3` schema: openapiv3 keeps schemas whose keywords mix kinds
//! in a catch-all `AnySchema`, and this module reads both forms into one `Shape`, with the
//! constraints spelled out for the documentation.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// What a schema describes, whichever way openapiv3 stored it.
pub(crate) enum Shape<'a> {
    Boolean,
    Integer { format: Option<String>, minimum: Option<f64> },
    Number { format: Option<String> },
    String { values: Vec<Value> },
    Object(ObjectView<'a>),
    Array { items: Option<&'a ReferenceOr<Box<Schema>>> },
    OneOf(&'a [ReferenceOr<Schema>]),
    AnyOf(&'a [ReferenceOr<Schema>]),
    AllOf(&'a [ReferenceOr<Schema>]),
    Not,
    Any,
}

/// The object keywords, shared by `ObjectType` and `AnySchema`.
#[derive(Clone, Copy)]
pub(crate) struct ObjectView<'a> {
    pub properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
}

fn format_of<T: Copy + serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => {
            serde_json::to_value(item).ok().and_then(|v| v.as_str().map(str::to_owned))
        }
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// Reads the shape of `schema`.
pub(crate) fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Integer(t)) => Shape::Integer {
            format: format_of(&t.format),
            minimum: t.minimum.map(|m| m as f64),
        },
        SchemaKind::Type(Type::Number(t)) => Shape::Number { format: format_of(&t.format) },
        SchemaKind::Type(Type::String(t)) => Shape::String {
            values: t.enumeration.iter().flatten().map(|v| Value::from(v.as_str())).collect(),
        },
        SchemaKind::Type(Type::Object(t)) => Shape::Object(ObjectView {
            properties: &t.properties,
            required: &t.required,
            additional: t.additional_properties.as_ref(),
        }),
        SchemaKind::Type(Type::Array(t)) => Shape::Array { items: t.items.as_ref() },
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of),
        SchemaKind::AnyOf { any_of } => Shape::AnyOf(any_of),
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of),
        SchemaKind::Not { .. } => Shape::Not,
        SchemaKind::Any(any) => any_shape(any),
    }
}

fn any_shape(any: &AnySchema) -> Shape<'_> {
    let values = || any.enumeration.iter().filter(|v| !v.is_null()).cloned().collect();
    if !any.one_of.is_empty() {
        return Shape::OneOf(&any.one_of);
    }
    if !any.any_of.is_empty() {
        return Shape::AnyOf(&any.any_of);
    }
    if !any.all_of.is_empty() {
        return Shape::AllOf(&any.all_of);
    }
    if any.not.is_some() {
        return Shape::Not;
    }
    let object = || {
        Shape::Object(ObjectView {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        })
    };
    match any.typ.as_deref() {
        Some("boolean") => Shape::Boolean,
        Some("integer") => Shape::Integer {
            format: any.format.clone(),
            minimum: any.minimum,
        },
        Some("number") => Shape::Number { format: any.format.clone() },
        Some("string") => Shape::String { values: values() },
        Some("object") => object(),
        Some("array") => Shape::Array { items: any.items.as_ref() },
        _ if !any.properties.is_empty() || any.additional_properties.is_some() => object(),
        _ if any.items.is_some() => Shape::Array { items: any.items.as_ref() },
        _ if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) => {
            Shape::String { values: values() }
        }
        _ => Shape::Any,
    }
}

/// The constraints of a schema in words, for its rustdoc: "Must be greater than 0 and at most 10."
pub(crate) fn constraints(schema: &Schema) -> Option<String> {
    let mut parts = Vec::new();
    let mut bound = |value: Option<String>, exclusive: bool, strict: &str, loose: &str| {
        if let Some(value) = value {
            parts.push(format!("{} {value}", if exclusive { strict } else { loose }));
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => {
            bound(t.minimum.map(|v| v.to_string()), t.exclusive_minimum, "greater than", "at least");
            bound(t.maximum.map(|v| v.to_string()), t.exclusive_maximum, "less than", "at most");
        }
        SchemaKind::Type(Type::Number(t)) => {
            bound(t.minimum.map(|v| v.to_string()), t.exclusive_minimum, "greater than", "at least");
            bound(t.maximum.map(|v| v.to_string()), t.exclusive_maximum, "less than", "at most");
        }
        SchemaKind::Type(Type::String(t)) => {
            if let Some(n) = t.min_length {
                parts.push(format!("at least {n} character{} long", plural(n)));
            }
            if let Some(n) = t.max_length {
                parts.push(format!("at most {n} character{} long", plural(n)));
            }
            if let Some(pattern) = &t.pattern {
                parts.push(format!("matching the pattern `{pattern}`"));
            }
        }
        SchemaKind::Type(Type::Array(t)) => {
            if let Some(n) = t.min_items {
                parts.push(format!("at least {n} item{} long", plural(n)));
            }
            if let Some(n) = t.max_items {
                parts.push(format!("at most {n} item{} long", plural(n)));
            }
        }
        _ => {}
    }
    (!parts.is_empty()).then(|| format!("Must be {}.", parts.join(" and ")))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
