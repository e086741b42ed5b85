//! The facts of a schema or parameter (format, constraints, default, example, deprecation,
//! access), read into [`Facts`] as data; `emit::facts` writes them as prose.

use serde_json::Number as Bound;

use crate::ir::{Access, Constraints, Facts, Number};
use crate::schema::{Schema, Type};

/// The facts `schema` states. The format is a fact of strings only (that of a number is in
/// its Rust type); the constraints are those of the schema's `type`.
pub(crate) fn facts(schema: &Schema) -> Facts {
    Facts {
        format: match schema.ty {
            Some(Type::String) => schema.format.clone(),
            _ => None,
        },
        constraints: constraints(schema),
        default: schema.default.clone(),
        example: schema.example.clone(),
        deprecated: schema.deprecated,
        access: match (schema.read_only, schema.write_only) {
            (true, false) => Access::ReadOnly,
            (false, true) => Access::WriteOnly,
            _ => Access::ReadWrite,
        },
    }
}

fn constraints(schema: &Schema) -> Constraints {
    let bounds = &schema.bounds;
    let numbers = |number: fn(&Bound) -> Option<Number>| Constraints {
        minimum: bounds.minimum.as_ref().and_then(number),
        exclusive_minimum: bounds.exclusive_minimum,
        maximum: bounds.maximum.as_ref().and_then(number),
        exclusive_maximum: bounds.exclusive_maximum,
        multiple_of: bounds.multiple_of.as_ref().and_then(number),
        ..Constraints::default()
    };
    match schema.ty {
        Some(Type::Integer) => numbers(integer),
        Some(Type::Number) => numbers(|n| n.as_f64().map(Number::Float)),
        Some(Type::String) => Constraints {
            min_length: bounds.min_length,
            max_length: bounds.max_length,
            pattern: bounds.pattern.clone(),
            ..Constraints::default()
        },
        Some(Type::Array) => Constraints {
            min_items: bounds.min_items,
            max_items: bounds.max_items,
            ..Constraints::default()
        },
        _ => Constraints::default(),
    }
}

/// A bound of an integer: an integer, unless it is written with a fraction (`minimum: 0.5`).
fn integer(bound: &Bound) -> Option<Number> {
    match bound.as_i64() {
        Some(n) => Some(Number::Integer(n)),
        None => bound
            .as_f64()
            .map(|f| match f.fract() == 0.0 && f.abs() < 9.0e15 {
                // Exact: an integer below 2^53 in magnitude.
                true => Number::Integer(f as i64),
                false => Number::Float(f),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::facts;
    use crate::ir::{Access, Facts, Number};
    use crate::schema::openapi30;

    fn facts_of(json: &str) -> Result<Facts, String> {
        let graph = openapi30::single(json)?;
        let id = graph.component(0).ok_or("no schema")?;
        Ok(facts(graph.schema(id).ok_or("a reference")?))
    }

    #[test]
    fn keywords_become_data() -> Result<(), String> {
        let f = facts_of(
            r#"{"type": "integer", "minimum": 1, "exclusiveMaximum": true, "maximum": 10,
                "multipleOf": 2, "default": 4, "example": 6, "deprecated": true, "readOnly": true}"#,
        )?;
        assert_eq!(f.constraints.minimum, Some(Number::Integer(1)));
        assert_eq!(f.constraints.maximum, Some(Number::Integer(10)));
        assert!(f.constraints.exclusive_maximum && !f.constraints.exclusive_minimum);
        assert_eq!(f.constraints.multiple_of, Some(Number::Integer(2)));
        assert_eq!(f.default, Some(serde_json::json!(4)));
        assert_eq!(f.example, Some(serde_json::json!(6)));
        assert!(f.deprecated);
        assert_eq!(f.access, Access::ReadOnly);

        let f = facts_of(
            r#"{"type": "string", "format": "uuid", "pattern": "^a", "maxLength": 3, "writeOnly": true}"#,
        )?;
        assert_eq!(f.format.as_deref(), Some("uuid"));
        assert_eq!(f.constraints.pattern.as_deref(), Some("^a"));
        assert_eq!(f.constraints.max_length, Some(3));
        assert_eq!(f.access, Access::WriteOnly);

        let f = facts_of(r#"{"type": "number", "minimum": 0.5}"#)?;
        assert_eq!(f.constraints.minimum, Some(Number::Float(0.5)));

        // An integer's format is in its Rust type, not a fact.
        assert_eq!(
            facts_of(r#"{"type": "integer", "format": "int32"}"#)?.format,
            None
        );
        Ok(())
    }

    #[test]
    fn a_schema_whose_keywords_mix_kinds_states_the_same_facts() -> Result<(), String> {
        // The 3.0 model keeps these in its catch-all form: a keyword of another kind beside
        // the `type`, or a bound written as a float.
        let f = facts_of(r#"{"type": "string", "format": "date", "maxLength": 10, "items": {}}"#)?;
        assert_eq!(f.format.as_deref(), Some("date"));
        assert_eq!(f.constraints.max_length, Some(10));
        let f = facts_of(r#"{"type": "integer", "minimum": 1, "maximum": 2.5, "items": {}}"#)?;
        assert_eq!(f.constraints.minimum, Some(Number::Integer(1)));
        assert_eq!(f.constraints.maximum, Some(Number::Float(2.5)));
        Ok(())
    }
}
