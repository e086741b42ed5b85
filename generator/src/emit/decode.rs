//! Emission of `decode.rs`: the `Deserialize` impls of the model structs and tagged unions,
//! written out on the shared runtime of `runtime/object.rs` and `runtime/tagged.rs` rather
//! than derived. serde's derive output took most of a generated crate's compile time; these
//! impls type-check in a fraction of it, and decode at least as fast.
//!
//! They live in a module of their own, apart from the types: no model name is in scope
//! there, so the prelude's `Option`, `Some` or `Ok` cannot be shadowed by a schema of that
//! name, and the code can use them without absolute paths.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::models::{carries_tag, ident, qualified_type_tokens, serde_struct};
use crate::ir::{Presence, Struct, TaggedUnion, TypeKind, TypeRef, Types, UntaggedUnion};

/// Whether the crate for `types` has a `decode.rs`.
pub(crate) fn needed(types: &Types) -> bool {
    types.iter().any(|t| match &t.kind {
        TypeKind::Struct(s) => s.serde,
        TypeKind::Tagged(_) | TypeKind::Untagged(_) => true,
        _ => false,
    })
}

/// The items of `decode.rs`.
pub(crate) fn decoders(types: &Types) -> TokenStream {
    let items = types.iter().map(|def| {
        let name = ident(&def.name);
        match &def.kind {
            TypeKind::Struct(s) if s.serde => structure(&name, s),
            TypeKind::Tagged(u) => tagged(&name, u, types),
            TypeKind::Untagged(u) => untagged(&name, u, types),
            _ => quote!(),
        }
    });
    quote! {
        //! How the models decode: each struct reads its object key by key, each tagged union
        //! picks its variant by the tag, and each untagged union tries its variants in order
        //! (`object.rs`, `tagged.rs`, `untagged.rs`).
        #(#items)*
    }
}

/// A struct: a loop over the object's keys. A property given twice is an error, and so is a
/// missing required one; a missing optional or nullable one is `None` (or
/// `Nullable::Absent`), as with serde's derive. There is no array form, which JSON objects
/// never need.
fn structure(name: &Ident, s: &Struct) -> TokenStream {
    let name_text = name.to_string();
    let indexes: Vec<Literal> = (0..s.fields.len()).map(Literal::usize_unsuffixed).collect();
    // Each slot's type is inferred from the field it fills.
    let slots: Vec<Ident> = (0..s.fields.len())
        .map(|i| ident(&format!("field{i}")))
        .collect();
    let field_fn = if s.fields.is_empty() {
        quote!(
            fn field(_: &str) -> Option<usize> {
                None
            }
        )
    } else {
        let arms = s.fields.iter().zip(&indexes).map(|(field, index)| {
            let wire = &field.wire;
            quote!(#wire => Some(#index),)
        });
        quote! {
            fn field(key: &str) -> Option<usize> {
                match key {
                    #(#arms)*
                    _ => None,
                }
            }
        }
    };
    let reads = s.fields.iter().zip(&slots).map(|(field, slot)| {
        let wire = &field.wire;
        quote!(crate::object::value(&mut map, &mut #slot, #wire)?)
    });
    let read = match &s.additional {
        None if s.fields.is_empty() => quote! {
            while map.next_key_seed(crate::object::FieldSeed::<Self>::new())?.is_some() {
                crate::object::skip(&mut map)?;
            }
        },
        None => quote! {
            while let Some(key) = map.next_key_seed(crate::object::FieldSeed::<Self>::new())? {
                match key {
                    #(Some(#indexes) => #reads,)*
                    _ => crate::object::skip(&mut map)?,
                }
            }
        },
        Some(_) => quote! {
            let mut additional = std::collections::BTreeMap::new();
            while let Some(key) = map.next_key_seed(crate::object::PropertySeed::<Self>::new())? {
                match key {
                    #(Ok(#indexes) => #reads,)*
                    Ok(_) => crate::object::skip(&mut map)?,
                    Err(name) => {
                        additional.insert(name, map.next_value()?);
                    }
                }
            }
        },
    };
    let inits = s.fields.iter().zip(&slots).map(|(field, slot)| {
        let ident = ident(&field.name);
        let wire = &field.wire;
        match (field.presence, &field.ty) {
            // A required property of any value (often one a spec requires without declaring
            // it) that is missing reads as null: failing the whole response for it helps no
            // one.
            (Presence::Required, TypeRef::Json) => quote!(#ident: #slot.unwrap_or_default(),),
            (Presence::Required, _) => quote!(#ident: crate::object::required(#slot, #wire)?,),
            _ => quote!(#ident: #slot.unwrap_or_default(),),
        }
    });
    let additional_init = s.additional.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(#field: additional,)
    });
    let allow = super::models::allow_deprecated(s);
    quote! {
        impl<'de> serde::Deserialize<'de> for crate::models::#name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::object::deserialize(deserializer)
            }
        }

        #allow
        impl crate::object::Object for crate::models::#name {
            const NAME: &'static str = #name_text;

            #field_fn

            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #(let mut #slots = None;)*
                #read
                Ok(Self {
                    #(#inits)*
                    #additional_init
                })
            }
        }
    }
}

/// A tagged union: the variant is chosen by the tag alone (a known tag whose properties do
/// not fit is an error, not an unknown variant), and reads what follows the tag straight
/// from the input.
fn tagged(name: &Ident, u: &TaggedUnion, types: &Types) -> TokenStream {
    let name_text = name.to_string();
    let tag = &u.tag;
    let fallback = ident(&u.fallback);
    let lenient = if u.lenient {
        quote! { const LENIENT: bool = true; }
    } else {
        quote!()
    };
    let indexes: Vec<Literal> = (0..u.variants.len())
        .map(Literal::usize_unsuffixed)
        .collect();
    let variant_arms = u.variants.iter().zip(&indexes).map(|(v, index)| {
        let wire = &v.tag_value;
        quote!(#wire => Some(#index),)
    });
    let rest_arms = u.variants.iter().zip(&indexes).map(|(v, index)| {
        let variant = ident(&v.name);
        let ty = qualified_type_tokens(types, &v.ty);
        // A boxed struct is read as the struct, then boxed.
        let (object_ty, boxing) = match &v.ty {
            TypeRef::Boxed(inner) => (qualified_type_tokens(types, inner), quote!(.map(Box::new))),
            _ => (ty.clone(), quote!()),
        };
        match serde_struct(types, &v.ty) {
            // A struct that declares the tag property itself gets it back.
            Some(object) if carries_tag(object, tag) => {
                let wire = &v.tag_value;
                quote! {
                    #index => {
                        let map = crate::retag::with_tag(map, Self::TAG, #wire);
                        <#object_ty as crate::object::Object>::from_map(map)#boxing.map(Self::#variant)
                    }
                }
            }
            Some(_) => {
                quote!(#index => <#object_ty as crate::object::Object>::from_map(map)#boxing.map(Self::#variant),)
            }
            // Not a struct: the object is gathered again, tag included, and decoded whole.
            _ => {
                let wire = &v.tag_value;
                quote! {
                    #index => {
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
    // as unknown.
    let (variant_fn, from_rest_fn) = if u.variants.is_empty() {
        (
            quote!(
                fn variant(_: &str) -> Option<usize> {
                    None
                }
            ),
            quote! {
                fn from_rest<'de, A: serde::de::MapAccess<'de>>(_: usize, _: A) -> Result<Self, A::Error> {
                    Err(serde::de::Error::custom("no such variant"))
                }
            },
        )
    } else {
        (
            quote! {
                fn variant(value: &str) -> Option<usize> {
                    match value {
                        #(#variant_arms)*
                        _ => None,
                    }
                }
            },
            quote! {
                fn from_rest<'de, A: serde::de::MapAccess<'de>>(index: usize, map: A) -> Result<Self, A::Error> {
                    match index {
                        #(#rest_arms)*
                        _ => Err(serde::de::Error::custom("no such variant")),
                    }
                }
            },
        )
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for crate::models::#name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::tagged::deserialize(deserializer)
            }
        }

        impl crate::tagged::Tagged for crate::models::#name {
            const NAME: &'static str = #name_text;
            const TAG: &'static str = #tag;
            #lenient

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
fn untagged(name: &Ident, u: &UntaggedUnion, types: &Types) -> TokenStream {
    let tries = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let (inner, boxed) = match &v.ty {
            TypeRef::Boxed(inner) => (inner.as_ref(), true),
            ty => (ty, false),
        };
        let wrap = if boxed {
            quote!(Box::new(value))
        } else {
            quote!(value)
        };
        if is_untagged(inner, types) {
            let ty = qualified_type_tokens(types, inner);
            quote! {
                if let Some(value) = <#ty as crate::untagged::Untagged>::matching(value) {
                    return Some(Self::#variant(#wrap));
                }
            }
        } else {
            quote! {
                if let Ok(value) = serde::Deserialize::deserialize(value) {
                    return Some(Self::#variant(value));
                }
            }
        }
    });
    // A union with an any-JSON variant has no fallback of its own: that variant holds it.
    let unknown = match u.variants.iter().find(|v| v.ty == TypeRef::Json) {
        Some(json) => ident(&json.name),
        None => ident(&u.fallback),
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for crate::models::#name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::untagged::deserialize(deserializer)
            }
        }

        impl crate::untagged::Untagged for crate::models::#name {
            fn matching(value: &serde_json::Value) -> Option<Self> {
                #(#tries)*
                None
            }

            fn unknown(value: serde_json::Value) -> Self {
                Self::#unknown(value)
            }
        }
    }
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
