//! Emission of `decode.rs`: the `Deserialize` impls of the model structs, tuples and unions,
//! written out on the shared runtime of `runtime/object.rs`, `runtime/tuple.rs` and
//! `runtime/tagged.rs` rather than derived. serde's derive output took most of a generated crate's compile time; these
//! impls type-check in a fraction of it, and decode at least as fast.
//!
//! They live in a module of their own, apart from the types: no model name is in scope
//! there, so the prelude's `Option`, `Some` or `Ok` cannot be shadowed by a schema of that
//! name, and the code can use them without absolute paths.
//!
//! The decoders are fixed templates, so most are written as text (`text.rs`), each item
//! with the cfg of its model's features, in the layout the printer would give them: a
//! third of a large crate's lines, which no longer go through tokens, `syn` and
//! `prettyplease`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Piece;
use super::models::{Names, carries_tag, ident, qualified_type_tokens, serde_struct};
use super::plan::Plan;
use super::text::{Call, Init, Writer, string_literal};
use crate::ir::{
    Field, Presence, Struct, TaggedUnion, Tuple, TypeKind, TypeRef, Types, UntaggedUnion,
};
use crate::naming;

/// Whether the crate for `types` has a `decode.rs`.
pub(crate) fn needed(types: &Types) -> bool {
    types.iter().any(|t| match &t.kind {
        TypeKind::Struct(s) => s.serde,
        TypeKind::Tagged(_) | TypeKind::Untagged(_) | TypeKind::Tuple(_) => true,
        _ => false,
    })
}

/// Whether the decoder of `s` skips the properties it does not declare, with
/// `object_skip.rs`. The plan asks these questions of every struct to copy in the runtime
/// files that some struct's decoder uses, and no others.
pub(crate) fn skips_undeclared(s: &Struct) -> bool {
    s.serde && s.additional.is_none()
}

/// Whether the decoder of `s` keeps the properties it does not declare, with
/// `object_keep.rs`.
pub(crate) fn keeps_undeclared(s: &Struct) -> bool {
    s.serde && s.additional.is_some()
}

/// Whether the decoder of `s` reads declared properties, with `object_read.rs`.
pub(crate) fn reads_fields(s: &Struct) -> bool {
    s.serde && !s.fields.is_empty()
}

/// Whether the decoder of `t` reads a position every array has, with `tuple_required.rs`.
pub(crate) fn reads_required_positions(t: &Tuple) -> bool {
    t.required > 0
}

/// Whether the encoder of `t` writes a position the array may end before, with
/// `tuple_optional.rs`.
pub(crate) fn writes_optional_positions(t: &Tuple) -> bool {
    t.positions.len() > t.required
}

/// Whether `t` allows items after its positions, read and written with `tuple_rest.rs`.
pub(crate) fn has_rest(t: &Tuple) -> bool {
    t.rest.is_some()
}

/// Whether the decoder of `t` fails on an item after its positions, with `tuple_closed.rs`.
pub(crate) fn is_closed(t: &Tuple) -> bool {
    t.rest.is_none()
}

/// Whether a missing `field` is an error. A required property of any value (often one a
/// spec requires without declaring it) that is missing reads as null: failing the whole
/// response for it helps no one.
fn checked_required(field: &Field) -> bool {
    field.presence == Presence::Required && field.ty != TypeRef::Json
}

/// The model an enum of `decode.rs` belongs to: `Pet` for `PetField` (a struct's declared
/// properties) or `PetVariant` (a tagged union's variants). No other item of `decode.rs`
/// ends so, and no name ends in both.
pub(crate) fn enum_owner(name: &str) -> Option<&str> {
    name.strip_suffix(FIELD_SUFFIX)
        .or_else(|| name.strip_suffix(VARIANT_SUFFIX))
}

const FIELD_SUFFIX: &str = "Field";
const VARIANT_SUFFIX: &str = "Variant";

/// The pieces of `decode.rs`, made one at a time: its doc (with the lints its enums allow
/// and the imports of the runtime its structs' decoders use), then each decoder. All are
/// written as text but the tagged unions' decoders, still built as tokens.
pub(crate) fn decoders<'a>(types: &'a Types, plan: &'a Plan) -> impl Iterator<Item = Piece> + 'a {
    let any_struct = |uses: fn(&Struct) -> bool| {
        types
            .iter()
            .any(|t| matches!(&t.kind, TypeKind::Struct(s) if uses(s)))
    };
    let reads = any_struct(reads_fields);
    let tags_variants = types
        .iter()
        .any(|t| matches!(&t.kind, TypeKind::Tagged(u) if !u.variants.is_empty()));
    // One `use` per runtime file, which the plan gates as it gates the file; in the order
    // rustfmt sorts them.
    let imports = [
        (
            any_struct(keeps_undeclared),
            "object_keep",
            "{KeepValue as _, PropertySeed}",
        ),
        (reads, "object_read", "ReadInto as _"),
        (
            any_struct(skips_undeclared),
            "object_skip",
            "{FieldSeed, SkipValue as _}",
        ),
    ];
    let mut doc = Writer::default();
    doc.inner_doc(
        "How the models decode: each struct reads its object key by key, each tagged union",
    );
    doc.inner_doc(
        "picks its variant by the tag, and each untagged union tries its variants in order",
    );
    doc.inner_doc("(`object.rs`, `tagged.rs`, `untagged.rs`).");
    // Said only where there are tuples, so that other crates' decoders read as before.
    if types.iter().any(|t| matches!(t.kind, TypeKind::Tuple(_))) {
        doc.inner_doc("");
        doc.inner_doc("Each tuple reads its array position by position (`tuple.rs`).");
    }
    // The variants of the field enums are the fields' names, which may share a prefix or a
    // suffix (`prompt_tokens`, `total_tokens`) or be initials (`x_y_z`); those of the variant
    // enums, without the unions' `Unknown`, may share one too (`TextPart`, `ImagePart`).
    if reads || tags_variants {
        doc.line("#![allow(clippy::enum_variant_names, clippy::upper_case_acronyms)]");
    }
    for (_, module, names) in imports.iter().filter(|(used, ..)| *used) {
        doc.cfg(&plan.runtime_use_features(module));
        doc.line(&format!("use crate::{module}::{names};"));
    }
    let items = types.iter().filter_map(|def| {
        let features = || plan.gates.model_features(types, &def.name);
        let name = &def.name;
        Some(match &def.kind {
            TypeKind::Struct(s) if s.serde => Piece::Text(structure(name, s, &features())),
            TypeKind::Untagged(u) => Piece::Text(untagged(name, u, types, &features())),
            TypeKind::Tuple(t) => Piece::Text(tuple(name, t, &features())),
            // Still tokens, which the plan gates when they are parsed: the layouts of their
            // arms (chains of calls on types of any shape) are not in `text.rs` yet.
            TypeKind::Tagged(u) => Piece::Tokens(tagged(&ident(name), u, types)),
            _ => return None,
        })
    });
    std::iter::once(Piece::Text(doc.finish())).chain(items)
}

/// A struct: an enum of its declared properties, and a loop over the object's keys that
/// reads each into a local named after its field. A property given twice is an error, and so
/// is a missing required one; a missing optional or nullable one is `None` (or
/// `Nullable::Absent`), as with serde's derive. There is no array form, which JSON objects
/// never need.
///
/// Every line that names a property names it by its field and no line counts them, so one
/// property more is one line more in each of the five places (the enum, the key match, the
/// locals, the loop and the struct's fields), and a required one has its check too.
///
/// A missing required property leaves by a `return` of its own rather than a `?` in the
/// struct literal: type-checking and borrow-checking those `?`s were a third of what the
/// decoders cost to compile. (The reads keep theirs: with one `?` after the match instead,
/// they compiled faster still but decoded with 8% more instructions.)
///
/// Written as text (the template is fixed), each item with the cfg of the struct's features.
fn structure(name: &str, s: &Struct, features: &[&str]) -> String {
    let mut out = Writer::default();
    let fields = field_enum(name, s);
    let enum_name = &fields.name;
    // Each local's type is inferred from the field it fills.
    let locals = locals(s);
    let wires: Vec<String> = s.fields.iter().map(|f| string_literal(&f.wire)).collect();
    let keys: Vec<String> = fields
        .variants
        .iter()
        .map(|v| format!("{enum_name}::{v}"))
        .collect();
    let model = format!("crate::models::{name}");
    let field_type = if s.fields.is_empty() {
        "std::convert::Infallible"
    } else {
        out.doc(&format!(
            "The declared properties of [`{name}`](crate::models::{name})."
        ));
        out.cfg(features);
        out.open(&format!("pub(crate) enum {enum_name} {{"));
        for variant in &fields.variants {
            out.line(&format!("{variant},"));
        }
        out.close("}");
        enum_name
    };

    deserialize_impl(&mut out, &model, "crate::object::deserialize", features);

    out.cfg(features);
    if s.fields
        .iter()
        .any(|f| super::models::deprecated_field(s, f))
    {
        out.line("#[allow(deprecated)]");
    }
    out.open_impl("impl crate::object::Object", &model);
    out.line(&format!(
        "const NAME: &'static str = {};",
        string_literal(name)
    ));
    out.line(&format!("type Field = {field_type};"));
    if s.fields.is_empty() {
        out.open("fn field(_: &str) -> Option<Self::Field> {");
        out.line("None");
        out.close("}");
    } else {
        out.open("fn field(key: &str) -> Option<Self::Field> {");
        out.open("match key {");
        for (wire, key) in wires.iter().zip(&keys) {
            let some = Call {
                callee: "Some",
                args: &[key],
                tail: "",
            };
            out.literal_arm(wire, &some);
        }
        out.line("_ => None,");
        out.close("}");
        out.close("}");
    }

    out.line("fn from_map<'de, A: serde::de::MapAccess<'de>>(");
    out.line("    mut map: A,");
    out.open(") -> Result<Self, A::Error> {");
    for local in &locals {
        out.line(&format!("let mut {local} = None;"));
    }
    let targets: Vec<String> = locals.iter().map(|l| format!("&mut {l}")).collect();
    let read_arms = |out: &mut Writer, found: &'static str| {
        for ((key, target), wire) in keys.iter().zip(&targets).zip(&wires) {
            let pattern = Call {
                callee: found,
                args: &[key],
                tail: "",
            };
            let read = Call {
                callee: "map.read_into",
                args: &[target, wire],
                tail: "?",
            };
            out.arm(&pattern, &read);
        }
    };
    match &s.additional {
        None if s.fields.is_empty() => {
            out.open("while map.next_key_seed(FieldSeed::<Self>::new())?.is_some() {");
            out.line("map.skip_value()?;");
            out.close("}");
        }
        None => {
            out.open("while let Some(key) = map.next_key_seed(FieldSeed::<Self>::new())? {");
            out.open("match key {");
            read_arms(&mut out, "Some");
            out.line("None => map.skip_value()?,");
            out.close("}");
            out.close("}");
        }
        Some((additional, _)) => {
            out.line(&format!(
                "let mut {additional} = std::collections::BTreeMap::new();"
            ));
            out.open("while let Some(key) = map.next_key_seed(PropertySeed::<Self>::new())? {");
            out.open("match key {");
            // Without declared properties there is no field to match (an empty `match` on
            // the uninhabited one: the crate's minimum Rust needs the arm).
            if s.fields.is_empty() {
                out.line("Ok(field) => match field {},");
            } else {
                read_arms(&mut out, "Ok");
            }
            let target = format!("&mut {additional}");
            let keep = Call {
                callee: "map.keep_value",
                args: &[&target, "name"],
                tail: "?",
            };
            let pattern = Call {
                callee: "Err",
                args: &["name"],
                tail: "",
            };
            out.arm(&pattern, &keep);
            out.close("}");
            out.close("}");
        }
    }
    // A missing required property leaves by a `return` of its own, in the order of the
    // fields (the first missing one is the error), and the struct takes the value.
    for ((field, local), wire) in s.fields.iter().zip(&locals).zip(&wires) {
        if checked_required(field) {
            out.open_let_some_else(local);
            let missing = Call {
                callee: "serde::de::Error::missing_field",
                args: &[wire],
                tail: "",
            };
            out.call_of_call("return Err", &missing, ";");
            out.close("};");
        }
    }
    let mut inits: Vec<Init> = s
        .fields
        .iter()
        .zip(&locals)
        .map(|(field, local)| Init {
            name: &field.name,
            value: if !checked_required(field) {
                Some((local, ".unwrap_or_default()"))
            } else if *local == field.name {
                None
            } else {
                Some((local, ""))
            },
        })
        .collect();
    if let Some((additional, _)) = &s.additional {
        inits.push(Init {
            name: additional,
            value: None,
        });
    }
    out.struct_literal("Ok(", "Self", &inits, ")");
    out.close("}");
    out.close("}");
    out.finish()
}

/// A tuple: its positions read in order (the required ones, then the optional ones, which
/// stay `None` once the array has ended), then the rest of the array, or its end.
///
/// Written as text (the template is fixed), each item with the cfg of the tuple's features.
fn tuple(name: &str, t: &Tuple, features: &[&str]) -> String {
    let mut out = Writer::default();
    let model = format!("crate::models::{name}");
    deserialize_impl(&mut out, &model, "crate::tuple::deserialize", features);
    out.cfg(features);
    out.open_impl("impl crate::tuple::Tuple", &model);
    out.line(&format!(
        "const NAME: &'static str = {};",
        string_literal(name)
    ));
    out.line("fn from_items<'de, A: serde::de::SeqAccess<'de>>(");
    // Lowering leaves no tuple without a position, which needs the reader mutable.
    out.line("    mut items: crate::tuple::Reader<'de, A>,");
    out.open(") -> Result<Self, A::Error> {");
    // Each position's type is inferred from the field it fills.
    let mut reads: Vec<&str> = (0..t.positions.len())
        .map(|i| {
            if i < t.required {
                "items.required()?"
            } else {
                "items.optional()?"
            }
        })
        .collect();
    if t.rest.is_some() {
        reads.push("items.rest()?");
        let value = Call {
            callee: "Self",
            args: &reads,
            tail: "",
        };
        out.call_of_call("Ok", &value, "");
    } else {
        out.call(&Call {
            callee: "let value = Self",
            args: &reads,
            tail: ";",
        });
        out.line("items.end()?;");
        out.line("Ok(value)");
    }
    out.close("}");
    out.close("}");
    out.finish()
}

/// The enum of a struct's declared properties, which its decoder's key match returns: the
/// struct's name and `Field` (no other item of `decode.rs` ends so), with a variant per
/// field, named as an enum variant after the field's name.
struct FieldEnum {
    name: String,
    variants: Vec<String>,
}

fn field_enum(name: &str, s: &Struct) -> FieldEnum {
    let mut scope = naming::Scope::default();
    let variants = s
        .fields
        .iter()
        .map(|f| scope.claim(naming::variant_name(&f.name)))
        .collect();
    FieldEnum {
        name: format!("{name}{FIELD_SUFFIX}"),
        variants,
    }
}

/// The locals a struct's decoder reads its fields into: the fields' names as `new` takes
/// them (`value_1` for a field `_1`, a name clippy rejects), but for the names the decoder
/// has taken already (`map`, `key`, the map of additional properties), which take a number.
fn locals(s: &Struct) -> Vec<String> {
    let mut reserved = vec!["map", "key"];
    if let Some((additional, _)) = &s.additional {
        reserved.push(additional);
    }
    let mut scope = naming::Scope::with_reserved(&reserved);
    let fields: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    naming::constructor_params(&fields)
        .into_iter()
        .map(|name| scope.claim(name))
        .collect()
}

/// A tagged union: an enum of its variants, which the tag's value picks (a known tag whose
/// properties do not fit is an error, not an unknown variant), and the read of what follows
/// the tag, straight from the input, as the variant picked.
///
/// Every line that names a variant names it by its name and no line counts them, so one
/// variant more is one line more in each of the three places (the enum, the tag match and
/// the read).
fn tagged(name: &Ident, u: &TaggedUnion, types: &Types) -> TokenStream {
    let name_text = name.to_string();
    let tag = &u.tag;
    let fallback = ident(&u.fallback);
    let lenient = if u.lenient {
        quote! { const LENIENT: bool = true; }
    } else {
        quote!()
    };
    let enum_name = ident(&format!("{name}{VARIANT_SUFFIX}"));
    let variants: Vec<Ident> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_arms = u.variants.iter().zip(&variants).map(|(v, variant)| {
        let wire = &v.tag_value;
        quote!(#wire => Some(#enum_name::#variant),)
    });
    let rest_arms = u.variants.iter().zip(&variants).map(|(v, variant)| {
        let ty = qualified_type_tokens(types, &v.ty, Names::Outside(None));
        // A boxed struct is read as the struct, then boxed.
        let (object_ty, boxing) = match &v.ty {
            TypeRef::Boxed(inner) => (qualified_type_tokens(types, inner, Names::Outside(None)), quote!(.map(Box::new))),
            _ => (ty.clone(), quote!()),
        };
        let key = quote!(#enum_name::#variant);
        match serde_struct(types, &v.ty) {
            // A struct that declares the tag property itself gets it back.
            Some(object) if carries_tag(object, tag) => {
                let wire = &v.tag_value;
                quote! {
                    #key => {
                        let map = crate::retag::with_tag(map, Self::TAG, #wire);
                        <#object_ty as crate::object::Object>::from_map(map)#boxing.map(Self::#variant)
                    }
                }
            }
            Some(_) => {
                quote!(#key => <#object_ty as crate::object::Object>::from_map(map)#boxing.map(Self::#variant),)
            }
            // Not a struct: the object is gathered again, tag included, and decoded whole.
            _ => {
                let wire = &v.tag_value;
                quote! {
                    #key => {
                        let object = crate::tagged::rest(map, Self::TAG, #wire)?;
                        <#ty as serde::Deserialize>::deserialize(serde_json::Value::Object(object))
                            .map(Self::#variant)
                            .map_err(serde::de::Error::custom)
                    }
                }
            }
        }
    });
    // A union left without variants (the spec's gave no usable tag value) keeps everything
    // as unknown: no tag picks a variant, and there is none to read.
    let (enum_item, variant_type, variant_fn, from_rest_fn) = if u.variants.is_empty() {
        (
            quote!(),
            quote!(std::convert::Infallible),
            quote!(
                fn variant(_: &str) -> Option<Self::Variant> {
                    None
                }
            ),
            quote! {
                fn from_rest<'de, A: serde::de::MapAccess<'de>>(variant: Self::Variant, _: A) -> Result<Self, A::Error> {
                    match variant {}
                }
            },
        )
    } else {
        let doc = format!(
            " The variants of [`{name_text}`](crate::models::{name_text}), as its tag names them."
        );
        (
            quote! {
                #[doc = #doc]
                pub(crate) enum #enum_name {
                    #(#variants,)*
                }
            },
            quote!(#enum_name),
            quote! {
                fn variant(value: &str) -> Option<Self::Variant> {
                    match value {
                        #(#variant_arms)*
                        _ => None,
                    }
                }
            },
            quote! {
                fn from_rest<'de, A: serde::de::MapAccess<'de>>(variant: Self::Variant, map: A) -> Result<Self, A::Error> {
                    match variant {
                        #(#rest_arms)*
                    }
                }
            },
        )
    };
    quote! {
        #enum_item

        impl<'de> serde::Deserialize<'de> for crate::models::#name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::tagged::deserialize(deserializer)
            }
        }

        impl crate::tagged::Tagged for crate::models::#name {
            const NAME: &'static str = #name_text;
            const TAG: &'static str = #tag;
            #lenient
            type Variant = #variant_type;

            #variant_fn

            #from_rest_fn

            fn unknown(value: serde_json::Value) -> Self {
                Self::#fallback(value)
            }
        }
    }
}

/// An untagged union: its variants tried in order on the value read once, the first that
/// accepts it winning, and else the fallback. A variant that is an untagged union itself is
/// tried without its fallback, which would accept anything.
///
/// Written as text (the template is fixed), each item with the cfg of the union's features.
fn untagged(name: &str, u: &UntaggedUnion, types: &Types, features: &[&str]) -> String {
    let mut out = Writer::default();
    let model = format!("crate::models::{name}");
    deserialize_impl(&mut out, &model, "crate::untagged::deserialize", features);
    out.cfg(features);
    out.open_impl("impl crate::untagged::Untagged", &model);
    out.open("fn matching(value: &serde_json::Value) -> Option<Self> {");
    for v in &u.variants {
        let (inner, boxed) = match &v.ty {
            TypeRef::Boxed(inner) => (inner.as_ref(), true),
            ty => (ty, false),
        };
        let variant = format!("Self::{}", v.name);
        let accepted = match inner {
            TypeRef::Named(id) if is_untagged(inner, types) => {
                let matching = format!(
                    "if let Some(value) = <crate::models::{} as crate::untagged::Untagged>::matching",
                    types.name(*id)
                );
                out.call(&Call {
                    callee: &matching,
                    args: &["value"],
                    tail: " {",
                });
                if boxed { "Box::new(value)" } else { "value" }
            }
            _ => {
                out.line("if let Ok(value) = serde::Deserialize::deserialize(value) {");
                "value"
            }
        };
        out.indent();
        let wrapped = Call {
            callee: &variant,
            args: &[accepted],
            tail: "",
        };
        out.call_of_call("return Some", &wrapped, ";");
        out.close("}");
    }
    out.line("None");
    out.close("}");
    // A union with an any-JSON variant has no fallback of its own: that variant holds it.
    let unknown = match u.variants.iter().find(|v| v.ty == TypeRef::Json) {
        Some(json) => &json.name,
        None => &u.fallback,
    };
    out.open("fn unknown(value: serde_json::Value) -> Self {");
    out.line(&format!("Self::{unknown}(value)"));
    out.close("}");
    out.close("}");
    out.finish()
}

/// The `Deserialize` impl of the model `model` (`crate::models::Pet`), by the runtime's
/// `deserialize` function `through`.
fn deserialize_impl(out: &mut Writer, model: &str, through: &str, features: &[&str]) {
    out.cfg(features);
    out.open_impl("impl<'de> serde::Deserialize<'de>", model);
    out.line("fn deserialize<D: serde::Deserializer<'de>>(");
    out.line("    deserializer: D,");
    out.open(") -> Result<Self, D::Error> {");
    out.line(&format!("{through}(deserializer)"));
    out.close("}");
    out.close("}");
}

/// Whether `ty` is an untagged union, or an alias of one.
fn is_untagged(ty: &TypeRef, types: &Types) -> bool {
    let mut ty = ty;
    // At most one step per type: a cycle of aliases ends the walk.
    for _ in 0..=types.len() {
        let TypeRef::Named(id) = ty else {
            return false;
        };
        match types.kind(*id) {
            Some(TypeKind::Untagged(_)) => return true,
            Some(TypeKind::Alias(next)) => ty = next,
            _ => return false,
        }
    }
    false
}
