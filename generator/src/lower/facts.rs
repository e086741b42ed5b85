//! The facts of a schema or parameter (format, constraints, default, example, deprecation,
//! access), read into [`Facts`] as data; `emit::facts` writes them as prose.

use openapiv3::{Schema, SchemaKind, Type};

use super::shape::format_of;
use crate::ir::{Access, Constraints, Facts, Number};

/// The facts `schema` states. Format and constraints are read from typed schemas only (a
/// schema openapiv3 keeps as `AnySchema` has none here), as the documentation always did.
pub(crate) fn facts(schema: &Schema) -> Facts {
    let data = &schema.schema_data;
    Facts {
        format: match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => format_of(&t.format),
            _ => None,
        },
        constraints: constraints(&schema.schema_kind),
        default: data.default.clone(),
        example: data.example.clone(),
        deprecated: data.deprecated,
        access: match (data.read_only, data.write_only) {
            (true, false) => Access::ReadOnly,
            (false, true) => Access::WriteOnly,
            _ => Access::ReadWrite,
        },
    }
}

fn constraints(kind: &SchemaKind) -> Constraints {
    match kind {
        SchemaKind::Type(Type::Integer(t)) => Constraints {
            minimum: t.minimum.map(Number::Integer),
            exclusive_minimum: t.exclusive_minimum,
            maximum: t.maximum.map(Number::Integer),
            exclusive_maximum: t.exclusive_maximum,
            multiple_of: t.multiple_of.map(Number::Integer),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(t)) => Constraints {
            minimum: t.minimum.map(Number::Float),
            exclusive_minimum: t.exclusive_minimum,
            maximum: t.maximum.map(Number::Float),
            exclusive_maximum: t.exclusive_maximum,
            multiple_of: t.multiple_of.map(Number::Float),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::String(t)) => Constraints {
            min_length: t.min_length,
            max_length: t.max_length,
            pattern: t.pattern.clone(),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(t)) => Constraints {
            min_items: t.min_items,
            max_items: t.max_items,
            ..Constraints::default()
        },
        _ => Constraints::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::facts;
    use crate::ir::{Access, Number};

    fn schema(json: &str) -> Result<openapiv3::Schema, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn keywords_become_data() -> Result<(), serde_json::Error> {
        let f = facts(&schema(
            r#"{"type": "integer", "minimum": 1, "exclusiveMaximum": true, "maximum": 10,
                "multipleOf": 2, "default": 4, "example": 6, "deprecated": true, "readOnly": true}"#,
        )?);
        assert_eq!(f.constraints.minimum, Some(Number::Integer(1)));
        assert_eq!(f.constraints.maximum, Some(Number::Integer(10)));
        assert!(f.constraints.exclusive_maximum && !f.constraints.exclusive_minimum);
        assert_eq!(f.constraints.multiple_of, Some(Number::Integer(2)));
        assert_eq!(f.default, Some(serde_json::json!(4)));
        assert_eq!(f.example, Some(serde_json::json!(6)));
        assert!(f.deprecated);
        assert_eq!(f.access, Access::ReadOnly);

        let f = facts(&schema(
            r#"{"type": "string", "format": "uuid", "pattern": "^a", "maxLength": 3, "writeOnly": true}"#,
        )?);
        assert_eq!(f.format.as_deref(), Some("uuid"));
        assert_eq!(f.constraints.pattern.as_deref(), Some("^a"));
        assert_eq!(f.constraints.max_length, Some(3));
        assert_eq!(f.access, Access::WriteOnly);

        // An integer's format is in its Rust type, not a fact.
        assert_eq!(
            facts(&schema(r#"{"type": "integer", "format": "int32"}"#)?).format,
            None
        );
        Ok(())
    }
}
