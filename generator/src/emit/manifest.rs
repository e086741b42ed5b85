//! Emission of `api.json`: the public API of the crate (see [`crate::report`]), made from the
//! IR with the helpers that write the code, so that the manifest says what the code is.

use crate::Options;
use crate::ir::{Api, Auth, BodyKind, Field, Presence, Struct, TypeKind, TypeRef, Types};
use crate::report::{
    API_KEY_METHOD, AuthScheme, EnumApi, FieldApi, OperationApi, PaginatedApi, ParamApi, PublicApi,
    ResourceApi, Shape, StructApi, TupleApi, TypeApi, VariantApi,
};

use super::models::{constructor_params, derives_default};
use super::security::scheme_envs;

/// Every generated struct and enum is `#[non_exhaustive]` (see `models.rs`): other crates
/// build structs with `new(required...)` or `default()` and the `with_` setters, never with a
/// literal, and match enums with a wildcard arm, so that a new optional field or a new variant
/// is an addition. This is the one place the manifest says so, and the report's verdicts
/// follow it.
const EXHAUSTIVE: bool = false;

/// The public API of the crate emitted for `api`.
pub(crate) fn public_api(api: &Api, options: &Options, header: &str) -> PublicApi {
    let envs = scheme_envs(api, options);
    let auth = api
        .schemes
        .iter()
        .zip(envs)
        .map(|(scheme, env)| AuthScheme {
            scheme: scheme.wire.clone(),
            builder: if api.schemes.len() < 2 {
                API_KEY_METHOD.to_owned()
            } else {
                scheme.method.clone()
            },
            env,
            sent: match &scheme.auth {
                Auth::Bearer => "bearer".to_owned(),
                Auth::Basic => "basic".to_owned(),
                Auth::Header(name) => format!("header {name}"),
                Auth::Query(name) => format!("query {name}"),
                Auth::Cookie(name) => format!("cookie {name}"),
                Auth::None => "none".to_owned(),
            },
        })
        .collect();
    let types = &api.types;
    let resources = api
        .resources
        .iter()
        .map(|resource| ResourceApi {
            name: resource.path("."),
            handle: resource.type_name.clone(),
            operations: resource
                .operations
                .iter()
                .flat_map(|op| {
                    let mut params: Vec<ParamApi> = op
                        .path_params
                        .iter()
                        .map(|p| ParamApi {
                            name: p.name.clone(),
                            ty: match &p.ty {
                                TypeRef::String => "&str".to_owned(),
                                scalar @ (TypeRef::Bool
                                | TypeRef::Integer { .. }
                                | TypeRef::Float { .. }) => spell(types, scalar),
                                other => format!("&{}", spell(types, other)),
                            },
                        })
                        .collect();
                    if let Some(parameters) = &op.parameters {
                        params.push(ParamApi {
                            name: "parameters".to_owned(),
                            ty: format!("&{}", types.name(parameters.type_id)),
                        });
                    }
                    if let Some(body) = &op.body {
                        let ty = match &body.kind {
                            BodyKind::Binary(_) => "&[u8]".to_owned(),
                            BodyKind::Text(_) => "&str".to_owned(),
                            _ => format!("&{}", spell(types, &body.ty)),
                        };
                        params.push(ParamApi {
                            name: "body".to_owned(),
                            ty: if body.required {
                                ty
                            } else {
                                format!("Option<{ty}>")
                            },
                        });
                    }
                    // An operation that answers with events only has its streaming method.
                    let stream = op.stream.as_ref().map(|stream| OperationApi {
                        name: stream.name.clone(),
                        method: op.method.clone(),
                        path: op.path.clone(),
                        params: params.clone(),
                        returns: format!(
                            "{}<{}>",
                            if stream.envelopes {
                                "NamedEvents"
                            } else {
                                "EventStream"
                            },
                            spell(types, &stream.item)
                        ),
                        deprecated: op.deprecated,
                        paginated: None,
                    });
                    let plain = (!super::resources::streams_only(op)).then(|| OperationApi {
                        name: op.name.clone(),
                        method: op.method.clone(),
                        path: op.path.clone(),
                        params,
                        returns: op
                            .response
                            .rust_type()
                            .map_or_else(|| "()".to_owned(), |ty| spell(types, &ty)),
                        deprecated: op.deprecated,
                        paginated: op.pagination.as_ref().and_then(|p| {
                            let page = op.response.rust_type()?;
                            let item = super::pagination::item_type(types, p, &page)?;
                            Some(PaginatedApi {
                                pages: p.pages_method.clone(),
                                items: p.items_method.clone(),
                                item: spell(types, &item),
                            })
                        }),
                    });
                    plain.into_iter().chain(stream)
                })
                .collect(),
        })
        .collect();
    PublicApi {
        header: format!(
            "{header} The public API of the crate, which the next regeneration compares with."
        ),
        crate_name: options.crate_name.clone(),
        version: options.crate_version.clone(),
        base_url: super::base_url(api).to_owned(),
        auth,
        resources,
        types: types
            .iter()
            .map(|def| TypeApi {
                name: def.name.clone(),
                shape: shape(&def.kind, types),
            })
            .collect(),
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|&s| s.to_owned()).collect()
}

fn shape(kind: &TypeKind, types: &Types) -> Shape {
    match kind {
        TypeKind::Struct(s) => Shape::Struct(structure(s, types)),
        TypeKind::Enum(e) => {
            let (traits, fallback) = if e.integer {
                (
                    names(&[
                        "Debug",
                        "Clone",
                        "Copy",
                        "PartialEq",
                        "Eq",
                        "Hash",
                        "Display",
                        "From<i64>",
                        "Serialize",
                        "Deserialize",
                    ]),
                    "i64",
                )
            } else {
                (
                    names(&[
                        "Debug",
                        "Clone",
                        "PartialEq",
                        "Eq",
                        "Hash",
                        "Display",
                        "From<&str>",
                        "From<String>",
                        "Serialize",
                        "Deserialize",
                    ]),
                    "String",
                )
            };
            let mut variants: Vec<VariantApi> = e
                .variants
                .iter()
                // An integer enum leaves out a value that is not an integer, as emission does.
                .filter(|v| !e.integer || v.wire.parse::<i64>().is_ok())
                .map(|v| VariantApi {
                    name: v.name.clone(),
                    wire: Some(v.wire.clone()),
                    payload: None,
                })
                .collect();
            variants.push(VariantApi {
                name: e.fallback.clone(),
                wire: None,
                payload: Some(fallback.to_owned()),
            });
            Shape::Enum(EnumApi {
                traits,
                exhaustive: EXHAUSTIVE,
                variants,
            })
        }
        TypeKind::Tagged(u) => {
            let mut variants: Vec<VariantApi> = u
                .variants
                .iter()
                .map(|v| VariantApi {
                    name: v.name.clone(),
                    wire: Some(v.tag_value.clone()),
                    payload: Some(spell(types, &v.ty)),
                })
                .collect();
            variants.push(VariantApi {
                name: u.fallback.clone(),
                wire: None,
                payload: Some("serde_json::Value".to_owned()),
            });
            Shape::TaggedUnion(EnumApi {
                traits: names(&["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]),
                exhaustive: EXHAUSTIVE,
                variants,
            })
        }
        TypeKind::Untagged(u) => {
            let mut variants: Vec<VariantApi> = u
                .variants
                .iter()
                .map(|v| VariantApi {
                    name: v.name.clone(),
                    wire: None,
                    payload: Some(spell(types, &v.ty)),
                })
                .collect();
            // As emitted: a variant of any JSON leaves nothing for a fallback to keep.
            if !u.variants.iter().any(|v| v.ty == TypeRef::Json) {
                variants.push(VariantApi {
                    name: u.fallback.clone(),
                    wire: None,
                    payload: Some("serde_json::Value".to_owned()),
                });
            }
            Shape::UntaggedUnion(EnumApi {
                traits: names(&["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]),
                exhaustive: EXHAUSTIVE,
                variants,
            })
        }
        TypeKind::ByStatus(b) => {
            let mut variants: Vec<VariantApi> = b
                .variants
                .iter()
                .map(|v| VariantApi {
                    name: v.name.clone(),
                    wire: Some(v.status.map_or_else(|| "2XX".to_owned(), |s| s.to_string())),
                    payload: v.kind.rust_type().map(|ty| spell(types, &ty)),
                })
                .collect();
            if let Some(fallback) = &b.fallback {
                variants.push(VariantApi {
                    name: fallback.clone(),
                    wire: None,
                    payload: Some("{ status: u16, body: Binary }".to_owned()),
                });
            }
            Shape::ByStatus(EnumApi {
                traits: names(&["Debug", "Clone", "PartialEq", "FromResponse"]),
                exhaustive: EXHAUSTIVE,
                variants,
            })
        }
        TypeKind::Tuple(t) => Shape::Tuple(TupleApi {
            traits: names(&["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]),
            positions: t
                .positions
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let ty = spell(types, &p.ty);
                    if i < t.required {
                        ty
                    } else {
                        format!("Option<{ty}>")
                    }
                })
                .collect(),
            rest: t
                .rest
                .as_ref()
                .map(|ty| format!("Vec<{}>", spell(types, ty))),
        }),
        TypeKind::Alias(ty) => Shape::Alias {
            target: spell(types, ty),
        },
    }
}

fn structure(s: &Struct, types: &Types) -> StructApi {
    let mut traits = names(&["Debug", "Clone", "PartialEq"]);
    if derives_default(s) {
        traits.push("Default".to_owned());
    }
    if s.serde {
        traits.extend(names(&["Serialize", "Deserialize"]));
    }
    let constructor = constructor_params(s).map(|params| {
        params
            .iter()
            .map(|f| match (&f.ty, f.presence) {
                (TypeRef::String, Presence::Required) => "impl Into<String>".to_owned(),
                _ => field_type(f, types),
            })
            .collect()
    });
    let mut fields: Vec<FieldApi> = s
        .fields
        .iter()
        .map(|f| FieldApi {
            name: f.name.clone(),
            wire: (f.wire != f.name).then(|| f.wire.clone()),
            ty: field_type(f, types),
            required: matches!(f.presence, Presence::Required | Presence::RequiredNullable),
            nullable: matches!(
                f.presence,
                Presence::RequiredNullable | Presence::OptionalNullable
            ),
        })
        .collect();
    if let Some((name, ty)) = &s.additional {
        fields.push(FieldApi {
            name: name.clone(),
            wire: Some("additionalProperties".to_owned()),
            ty: format!("BTreeMap<String, {}>", spell(types, ty)),
            required: false,
            nullable: false,
        });
    }
    StructApi {
        traits,
        exhaustive: EXHAUSTIVE,
        constructor,
        fields,
    }
}

/// A field's Rust type, presence included, as emission writes it.
fn field_type(field: &Field, types: &Types) -> String {
    let ty = spell(types, &field.ty);
    match field.presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => format!("Option<{ty}>"),
        Presence::OptionalNullable => format!("Nullable<{ty}>"),
    }
}

/// A type expression as a reader writes it: the paths emission spells out in full
/// (`std::collections::BTreeMap`, or `std::string::String` where a model is named `String`)
/// are short here, since only the type matters.
fn spell(types: &Types, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Integer { signed, bits } => format!("{}{bits}", if *signed { "i" } else { "u" }),
        TypeRef::Float { bits } => format!("f{bits}"),
        TypeRef::String => "String".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::File => "File".to_owned(),
        TypeRef::Binary => "Binary".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", spell(types, item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", spell(types, value)),
        TypeRef::Option(inner) => format!("Option<{}>", spell(types, inner)),
        TypeRef::Named(id) => types.name(*id).to_owned(),
        TypeRef::Boxed(inner) => format!("Box<{}>", spell(types, inner)),
    }
}
