//! A flat view of one `openapiv3` schema, for the readers that still take the model: the
//! example values (`example.rs`, and `check`'s judging of examples through it). openapiv3
//! keeps schemas whose keywords mix kinds in a catch-all `AnySchema`, and this module reads
//! both forms into one `Shape`. Lowering itself reads the schema graph (`shape.rs`).

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

/// What a schema describes, whichever way openapiv3 stored it.
pub(crate) enum Shape<'a> {
    Boolean,
    Integer,
    Number,
    String,
    Object(ObjectView<'a>),
    Array {
        items: Option<&'a ReferenceOr<Box<Schema>>>,
    },
    Tuple(TupleView<'a>),
    OneOf(&'a [ReferenceOr<Schema>]),
    AnyOf(&'a [ReferenceOr<Schema>]),
    AllOf(&'a [ReferenceOr<Schema>]),
    Not,
    Any,
}

/// A tuple (`prefixItems`), as the loader writes it in the 3.0 model (see `load::TUPLE`).
#[derive(Clone, Copy)]
pub(crate) struct TupleView<'a> {
    /// The schema of each position, those `maxItems` leaves room for only.
    pub positions: &'a [ReferenceOr<Schema>],
    /// How many positions the spec declares (more than `positions` when `maxItems` is lower).
    pub declared: usize,
    /// How many positions every value has (`minItems`, at most all of them).
    pub required: usize,
    /// What may follow the positions.
    pub rest: Rest<'a>,
}

/// The items a tuple allows after its positions.
#[derive(Clone, Copy)]
pub(crate) enum Rest<'a> {
    /// None (`items: false`, or a `maxItems` the positions reach).
    Closed,
    /// Any value (no `items`, or `items: true`).
    Any,
    /// Values of this schema.
    Items(&'a ReferenceOr<Schema>),
}

/// The tuple the array keywords `items`, `minItems` and `maxItems` of `schema` describe,
/// when the loader marked it as one.
fn tuple<'a>(
    schema: &'a Schema,
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
) -> Option<TupleView<'a>> {
    let declared = schema
        .schema_data
        .extensions
        .get(crate::load::TUPLE)?
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())?;
    let Some(ReferenceOr::Item(items)) = items else {
        return None;
    };
    let members = match &items.schema_kind {
        SchemaKind::AnyOf { any_of } => any_of.as_slice(),
        SchemaKind::Any(any) => any.any_of.as_slice(),
        _ => return None,
    };
    let declared_members = members.get(..declared)?;
    let kept = max_items.map_or(declared, |max| max.min(declared));
    let rest = match members.get(declared) {
        _ if max_items.is_some_and(|max| max <= declared) => Rest::Closed,
        Some(rest) => Rest::Items(rest),
        None => Rest::Any,
    };
    Some(TupleView {
        positions: &declared_members[..kept],
        declared,
        required: min_items.unwrap_or(0).min(kept),
        rest,
    })
}

/// How many positions `schema` declares when [`shape`] reads it as a tuple, whatever else
/// it says.
pub(crate) fn tuple_declared(schema: &Schema) -> Option<usize> {
    let (items, min_items, max_items) = match &schema.schema_kind {
        SchemaKind::Type(Type::Array(t)) => (t.items.as_ref(), t.min_items, t.max_items),
        SchemaKind::Any(any) => (any.items.as_ref(), any.min_items, any.max_items),
        _ => return None,
    };
    tuple(schema, items, min_items, max_items).map(|view| view.declared)
}

/// The object keywords, shared by `ObjectType` and `AnySchema`.
#[derive(Clone, Copy)]
pub(crate) struct ObjectView<'a> {
    pub properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
}

/// The object keywords written beside an `allOf` (`{allOf: [$ref], properties: {..},
/// required: [..]}`), which add to what its members declare: for the merge, they are one
/// more member. `None` when there are none.
pub(crate) fn all_of_siblings(schema: &Schema) -> Option<ObjectView<'_>> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    (!any.all_of.is_empty()
        && (!any.properties.is_empty()
            || !any.required.is_empty()
            || any.additional_properties.is_some()))
    .then_some(ObjectView {
        properties: &any.properties,
        required: &any.required,
        additional: any.additional_properties.as_ref(),
    })
}

/// The object keywords written beside a `oneOf` or `anyOf` whose variants are all inline
/// (`{properties: {..}, oneOf: [{required: [a]}, {required: [b]}]}`): the variants only narrow
/// one object, which is lowered as one struct. `None` otherwise, also when a variant is a
/// `$ref`, whose own type the union keeps.
pub(crate) fn union_siblings(schema: &Schema) -> Option<(ObjectView<'_>, &[ReferenceOr<Schema>])> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    let variants = if any.one_of.is_empty() {
        &any.any_of
    } else {
        &any.one_of
    };
    (any.all_of.is_empty()
        && !variants.is_empty()
        && !any.properties.is_empty()
        && variants.iter().all(|v| matches!(v, ReferenceOr::Item(_))))
    .then_some((
        ObjectView {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        },
        variants.as_slice(),
    ))
}

/// The `required` list of an untyped schema with no other keyword that says a type
/// (`{required: [id]}`, a variant that only narrows an object).
pub(crate) fn required_only(schema: &Schema) -> &[String] {
    match &schema.schema_kind {
        SchemaKind::Any(any) => &any.required,
        _ => &[],
    }
}

/// Reads the shape of `schema`.
pub(crate) fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Integer(_)) => Shape::Integer,
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::String(_)) => Shape::String,
        SchemaKind::Type(Type::Object(t)) => Shape::Object(ObjectView {
            properties: &t.properties,
            required: &t.required,
            additional: t.additional_properties.as_ref(),
        }),
        SchemaKind::Type(Type::Array(t)) => {
            match tuple(schema, t.items.as_ref(), t.min_items, t.max_items) {
                Some(view) => Shape::Tuple(view),
                None => Shape::Array {
                    items: t.items.as_ref(),
                },
            }
        }
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of),
        SchemaKind::AnyOf { any_of } => Shape::AnyOf(any_of),
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of),
        SchemaKind::Not { .. } => Shape::Not,
        SchemaKind::Any(any) => {
            match tuple(schema, any.items.as_ref(), any.min_items, any.max_items) {
                Some(view) => Shape::Tuple(view),
                None => any_shape(any),
            }
        }
    }
}

fn any_shape(any: &AnySchema) -> Shape<'_> {
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
        Some("integer") => Shape::Integer,
        Some("number") => Shape::Number,
        Some("string") => Shape::String,
        Some("object") => object(),
        Some("array") => Shape::Array {
            items: any.items.as_ref(),
        },
        _ if !any.properties.is_empty() || any.additional_properties.is_some() => object(),
        _ if any.items.is_some() => Shape::Array {
            items: any.items.as_ref(),
        },
        // `{enum: [null]}` admits null alone: no string enum, but any JSON (which holds it).
        _ if any.enumeration.iter().any(Value::is_string)
            && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
        {
            Shape::String
        }
        _ => Shape::Any,
    }
}
