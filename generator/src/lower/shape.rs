//! A flat view of one schema of the graph, as lowering reads it: the one thing it describes
//! (a `oneOf` decides before an `anyOf`, either, an `allOf` or a `not` before the `type`
//! beside them), with the keywords of that kind.

use serde_json::Value;

use crate::schema::{Additional, Graph, Kind, Schema, SchemaId, Type};

/// What a schema describes. The enum values of an integer or string are
/// [`Schema::values`]; its format and bounds are the schema's own.
pub(crate) enum Shape<'a> {
    Boolean,
    Integer,
    Number,
    String,
    Object(ObjectView<'a>),
    Array { items: Option<SchemaId> },
    Tuple(TupleView<'a>),
    OneOf(&'a [SchemaId]),
    AnyOf(&'a [SchemaId]),
    AllOf(&'a [SchemaId]),
    Not,
    Any,
}

/// A tuple (3.1 `prefixItems`), with what `maxItems`, `minItems` and `items` say of it.
#[derive(Clone, Copy)]
pub(crate) struct TupleView<'a> {
    /// The schema of each position, those `maxItems` leaves room for only.
    pub positions: &'a [SchemaId],
    /// How many positions the spec declares (more than `positions` when `maxItems` is lower).
    pub declared: usize,
    /// How many positions every value has (`minItems`, at most all of them).
    pub required: usize,
    /// What may follow the positions.
    pub rest: Rest,
}

/// The items a tuple allows after its positions.
#[derive(Clone, Copy)]
pub(crate) enum Rest {
    /// None (`items: false`, or a `maxItems` the positions reach).
    Closed,
    /// Any value (no `items`, or `items: true`).
    Any,
    /// Values of this schema.
    Items(SchemaId),
}

/// The object keywords of a schema.
#[derive(Clone, Copy)]
pub(crate) struct ObjectView<'a> {
    pub properties: &'a [(String, SchemaId)],
    pub required: &'a [String],
    pub additional: Additional,
}

impl<'a> ObjectView<'a> {
    fn of(schema: &'a Schema) -> Self {
        Self {
            properties: &schema.properties,
            required: &schema.required,
            additional: schema.additional,
        }
    }

    /// The schema of the declared property `name`.
    pub(crate) fn property(&self, name: &str) -> Option<SchemaId> {
        self.properties
            .iter()
            .find(|(property, _)| property == name)
            .map(|(_, id)| *id)
    }
}

/// Reads the shape of `schema`, a schema of `graph`.
pub(crate) fn shape(schema: &Schema) -> Shape<'_> {
    if let Some(positions) = &schema.prefix_items {
        return Shape::Tuple(tuple(schema, positions));
    }
    if !schema.one_of.is_empty() {
        return Shape::OneOf(&schema.one_of);
    }
    if !schema.any_of.is_empty() {
        return Shape::AnyOf(&schema.any_of);
    }
    if !schema.all_of.is_empty() {
        return Shape::AllOf(&schema.all_of);
    }
    if schema.not.is_some() {
        return Shape::Not;
    }
    match schema.empty_composition {
        Some("oneOf") => return Shape::OneOf(&[]),
        Some("anyOf") => return Shape::AnyOf(&[]),
        Some("allOf") => return Shape::AllOf(&[]),
        _ => {}
    }
    match schema.ty {
        Some(Type::Boolean) => Shape::Boolean,
        Some(Type::Integer) => Shape::Integer,
        Some(Type::Number) => Shape::Number,
        Some(Type::String) => Shape::String,
        Some(Type::Object) => Shape::Object(ObjectView::of(schema)),
        Some(Type::Array) => Shape::Array {
            items: schema.items,
        },
        Some(Type::Other) | None => {
            if !schema.properties.is_empty() || schema.additional != Additional::Unset {
                Shape::Object(ObjectView::of(schema))
            } else if schema.items.is_some() {
                Shape::Array {
                    items: schema.items,
                }
            } else if schema.enumeration.iter().any(Value::is_string)
                && schema
                    .enumeration
                    .iter()
                    .all(|v| v.is_string() || v.is_null())
            {
                // `{enum: [null]}` admits null alone: no string enum, but any JSON.
                Shape::String
            } else {
                Shape::Any
            }
        }
    }
}

/// The tuple that `positions` (`prefixItems`) and the array keywords of `schema` describe:
/// its `items` is the schema of the rest, `maxItems` may close it or cut positions off.
fn tuple<'a>(schema: &'a Schema, positions: &'a [SchemaId]) -> TupleView<'a> {
    let declared = positions.len();
    let max_items = schema.bounds.max_items;
    let kept = max_items.map_or(declared, |max| max.min(declared));
    let rest = match schema.items {
        _ if max_items.is_some_and(|max| max <= declared) => Rest::Closed,
        Some(rest) => Rest::Items(rest),
        None => Rest::Any,
    };
    TupleView {
        positions: &positions[..kept],
        declared,
        required: schema.bounds.min_items.unwrap_or(0).min(kept),
        rest,
    }
}

/// The object keywords written beside an `allOf` (`{allOf: [$ref], properties: {..},
/// required: [..]}`), which add to what its members declare: for the merge, they are one
/// more member. `None` when there are none.
pub(crate) fn all_of_siblings(schema: &Schema) -> Option<ObjectView<'_>> {
    (!schema.all_of.is_empty()
        && (!schema.properties.is_empty()
            || !schema.required.is_empty()
            || schema.additional != Additional::Unset))
        .then(|| ObjectView::of(schema))
}

/// The object keywords written beside a `oneOf` or `anyOf` whose variants are all inline
/// (`{properties: {..}, oneOf: [{required: [a]}, {required: [b]}]}`): the variants only narrow
/// one object, which is lowered as one struct. `None` otherwise, also when a variant is a
/// `$ref`, whose own type the union keeps.
pub(crate) fn union_siblings<'a>(
    graph: &Graph,
    schema: &'a Schema,
) -> Option<(ObjectView<'a>, &'a [SchemaId])> {
    let variants = schema.union()?;
    (schema.all_of.is_empty()
        && !schema.properties.is_empty()
        && variants
            .iter()
            .all(|v| matches!(graph.node(*v).kind, Kind::Schema(_))))
    .then(|| (ObjectView::of(schema), variants))
}

#[cfg(test)]
mod tests {
    use super::{Shape, shape};
    use crate::schema::openapi30;

    fn shape_of(json: &str) -> Result<String, String> {
        let graph = openapi30::single(json)?;
        let id = graph.component(0).ok_or("no schema")?;
        let schema = graph.schema(id).ok_or("a reference")?;
        Ok(match shape(schema) {
            Shape::String => format!("string {:?}", schema.values().collect::<Vec<_>>()),
            Shape::Any => "any".to_owned(),
            Shape::OneOf(members) => format!("oneOf {}", members.len()),
            _ => "other".to_owned(),
        })
    }

    #[test]
    fn an_untyped_enum_is_a_string_enum_only_when_it_has_a_string() -> Result<(), String> {
        assert_eq!(
            shape_of(r#"{"enum": ["a", null]}"#)?,
            r#"string [String("a")]"#
        );
        assert_eq!(shape_of(r#"{"enum": [null]}"#)?, "any");
        Ok(())
    }

    #[test]
    fn a_composition_of_nothing_is_still_one() -> Result<(), String> {
        assert_eq!(shape_of(r#"{"oneOf": []}"#)?, "oneOf 0");
        Ok(())
    }
}
