//! Example code for rustdoc and the README: a compilable value for any type of the IR, and a
//! call of any operation. The text is compiled as doctests of the generated crate.

use std::collections::HashMap;

use super::models::{constructor_params, derives_default};
use crate::ir::{Api, Operation, Presence, Resource, Struct, TypeDef, TypeKind, TypeRef};
use crate::naming;

/// Deeper values are elided with `todo!()` (which still compiles in a `no_run` example).
const MAX_DEPTH: usize = 4;

/// Builds examples against the types of one API.
pub(crate) struct Examples<'a> {
    types: HashMap<&'a str, &'a TypeDef>,
    /// The crate's name as a path, e.g. `revox`.
    pub krate: String,
}

impl<'a> Examples<'a> {
    pub(crate) fn new(api: &'a Api, crate_name: &str) -> Self {
        Self {
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            krate: crate_name.replace('-', "_"),
        }
    }

    /// The lines of a call of `op`, binding the result when there is one.
    pub(crate) fn call(&self, resource: &Resource, op: &Operation) -> String {
        let mut args: Vec<String> = op
            .path_params
            .iter()
            .map(|p| match &p.ty {
                TypeRef::String => format!("{:?}", example_id(&p.wire)),
                // Passed by value, as the method takes them; anything else by reference.
                scalar @ (TypeRef::Bool | TypeRef::Integer { .. } | TypeRef::Float { .. }) => {
                    self.value(scalar, &p.wire, 0)
                }
                other => format!("&{}", self.value(other, &p.wire, 0)),
            })
            .collect();
        if let Some(parameters) = &op.parameters {
            args.push(format!(
                "&{}",
                self.value(
                    &TypeRef::Named(parameters.type_name.clone()),
                    "parameters",
                    0
                )
            ));
        }
        if let Some(body) = &op.body {
            let value = match &body.kind {
                crate::ir::BodyKind::Binary(_) => "&b\"...\"[..]".to_owned(),
                crate::ir::BodyKind::Text(_) => "\"text\"".to_owned(),
                _ => format!("&{}", self.body(&body.ty)),
            };
            args.push(if body.required {
                value
            } else {
                format!("Some({value})")
            });
        }
        let call = format!(
            "client.{}().{}({}).await?",
            resource.name,
            op.name,
            args.join(", ")
        );
        match &op.response {
            Some(ty) => {
                let var = self.variable(ty);
                format!("let {var} = {call};\nprintln!(\"{{{var}:?}}\");")
            }
            None => format!("{call};"),
        }
    }

    /// A name for a variable holding a value of `ty`.
    pub(crate) fn variable(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(name) if !name.ends_with("Response") => naming::field_name(name),
            _ => "response".to_owned(),
        }
    }

    /// A request body: partial-update bodies show how to clear a nullable field.
    fn body(&self, ty: &TypeRef) -> String {
        if let TypeRef::Named(name) = ty {
            if let Some(TypeKind::Struct(s)) = self.types.get(name.as_str()).map(|t| &t.kind) {
                let clearable = s
                    .fields
                    .iter()
                    .find(|f| f.presence == Presence::OptionalNullable);
                if let (true, Some(field)) = (derives_default(s), clearable) {
                    let k = &self.krate;
                    return format!(
                        "{k}::models::{name} {{\n    {}: {k}::Nullable::Null,\n    ..::std::default::Default::default()\n}}",
                        field.name
                    );
                }
            }
        }
        self.value(ty, "value", 0)
    }

    /// A Rust expression of type `ty`; `hint` is the wire name it is for.
    fn value(&self, ty: &TypeRef, hint: &str, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return "todo!()".to_owned();
        }
        match ty {
            TypeRef::Bool => "true".to_owned(),
            TypeRef::Integer { .. } => "1".to_owned(),
            TypeRef::Float { .. } => "1.0".to_owned(),
            TypeRef::String => format!("{:?}.to_owned()", example_text(hint)),
            TypeRef::Json => "::serde_json::Value::Null".to_owned(),
            TypeRef::File => format!(
                "{}::File::new(\"report.pdf\", \"application/pdf\", ::std::vec::Vec::new())",
                self.krate
            ),
            TypeRef::Binary => format!("{}::Binary::default()", self.krate),
            TypeRef::Array(_) => "::std::vec::Vec::new()".to_owned(),
            TypeRef::Map(_) => "::std::collections::BTreeMap::new()".to_owned(),
            TypeRef::Option(_) => "None".to_owned(),
            TypeRef::Named(name) => self.named(name, depth),
            TypeRef::Boxed(inner) => {
                format!("::std::boxed::Box::new({})", self.value(inner, hint, depth))
            }
        }
    }

    fn named(&self, name: &str, depth: usize) -> String {
        let k = &self.krate;
        let Some(def) = self.types.get(name) else {
            return "todo!()".to_owned();
        };
        match &def.kind {
            TypeKind::Struct(s) => self.structure(name, s, depth),
            TypeKind::Enum(e) => match (e.variants.first(), e.integer) {
                (Some(v), _) => format!("{k}::models::{name}::{}", v.name),
                (None, true) => format!("{k}::models::{name}::{}(0)", e.fallback),
                (None, false) => {
                    format!("{k}::models::{name}::{}(\"value\".to_owned())", e.fallback)
                }
            },
            TypeKind::Tagged(u) => {
                let first = u.variants.first().map(|v| (v.name.as_str(), &v.ty));
                self.union_value(name, first, &u.fallback, depth)
            }
            TypeKind::Untagged(u) => {
                let first = u.variants.first().map(|v| (v.name.as_str(), &v.ty));
                self.union_value(name, first, &u.fallback, depth)
            }
            TypeKind::Alias(ty) => self.value(ty, name, depth),
            // Only ever a response, never an argument.
            TypeKind::ByStatus(_) => "todo!()".to_owned(),
        }
    }

    /// A union's first variant, or its fallback holding `null` when it has none.
    fn union_value(
        &self,
        name: &str,
        first: Option<(&str, &TypeRef)>,
        fallback: &str,
        depth: usize,
    ) -> String {
        let k = &self.krate;
        match first {
            Some((variant, ty)) => format!(
                "{k}::models::{name}::{variant}({})",
                self.value(ty, "value", depth + 1)
            ),
            None => format!("{k}::models::{name}::{fallback}(::serde_json::Value::Null)"),
        }
    }

    fn structure(&self, name: &str, s: &Struct, depth: usize) -> String {
        let k = &self.krate;
        if derives_default(s) {
            return format!("{k}::models::{name}::default()");
        }
        if let Some(required) = constructor_params(s) {
            let args: Vec<String> = required
                .iter()
                .map(|f| match (&f.ty, f.presence) {
                    (TypeRef::String, Presence::Required) => format!("{:?}", example_text(&f.wire)),
                    (_, Presence::RequiredNullable) => "None".to_owned(),
                    (ty, _) => self.value(ty, &f.wire, depth + 1),
                })
                .collect();
            return format!("{k}::models::{name}::new({})", args.join(", "));
        }
        let fields: Vec<String> = s
            .fields
            .iter()
            .map(|f| {
                let value = match f.presence {
                    Presence::Required => self.value(&f.ty, &f.wire, depth + 1),
                    Presence::RequiredNullable | Presence::Optional => "None".to_owned(),
                    Presence::OptionalNullable => format!("{k}::Nullable::Absent"),
                };
                format!("{}: {value}", f.name)
            })
            .collect();
        let mut fields = fields;
        if let Some((field, _)) = &s.additional {
            fields.push(format!("{field}: ::std::collections::BTreeMap::new()"));
        }
        format!("{k}::models::{name} {{ {} }}", fields.join(", "))
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
