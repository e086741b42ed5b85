//! Large values go behind a `Box`. Without it a type's size is the sum of its fields and the
//! largest of its variants, all the way down: in a payments API where each field holds an id
//! or a whole expanded object (an untagged union of a string and big structs), whose fields do
//! the same, the outer struct is hundreds of kilobytes, and every decoder frame that holds one
//! (the slots of its fields, the result, the variants a union tries) is as big. Decoding then
//! overflowed the 2 MiB stack of a tokio worker. Boxing the variants and fields that exceed a
//! small size keeps every type, and so every frame, small.

use crate::ir::{Presence, TypeDef, TypeId, TypeKind, TypeRef};

/// A union variant larger than this (in bytes, as estimated) is boxed: a union is then at
/// most about this size, whatever its variants hold. Clippy's `large_enum_variant` warns
/// from 200 bytes of difference between variants.
const MAX_VARIANT: usize = 128;

/// A struct larger than this has its largest fields boxed until it is no larger (fields no
/// larger than a variant stay as they are): small structs that hold another by value, as
/// response envelopes do, keep it inline.
const MAX_STRUCT: usize = 2048;

/// Boxes the large variants and fields of every type in `types`, inner types first, so that
/// a type is measured with its own large parts already boxed. The walk keeps its own stack:
/// a spec's chains of types can be long.
pub(crate) fn box_large(types: &mut [TypeDef]) {
    let mut sizes: Vec<State> = vec![State::Pending; types.len()];
    for root in 0..types.len() {
        let mut pending = vec![root];
        while let Some(&i) = pending.last() {
            match sizes[i] {
                State::Pending => {
                    // The named types this one holds by value are settled first; one that
                    // is open already is behind a box (`recursion.rs`).
                    sizes[i] = State::Open;
                    pending.extend(
                        by_value_ids(&types[i].kind)
                            .into_iter()
                            .map(|id| id.0)
                            .filter(|&j| matches!(sizes.get(j), Some(State::Pending))),
                    );
                }
                State::Open => {
                    pending.pop();
                    sizes[i] = State::Done(settle(&mut types[i].kind, &sizes));
                }
                State::Done(_) => {
                    pending.pop();
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum State {
    Pending,
    /// Its inner types are being settled.
    Open,
    Done(usize),
}

/// Boxes the large parts of a type whose inner types are settled, and returns its size.
fn settle(kind: &mut TypeKind, sizes: &[State]) -> usize {
    let known = |ty: &TypeRef| size_of(ty, sizes);
    let union = |types: &mut dyn Iterator<Item = &mut TypeRef>| {
        let mut largest = JSON;
        for ty in types {
            if known(ty) > MAX_VARIANT {
                boxed(ty);
            }
            largest = largest.max(known(ty));
        }
        largest + TAG
    };
    match kind {
        TypeKind::Struct(s) => {
            let size = |field: &crate::ir::Field| match field.presence {
                Presence::Required => known(&field.ty),
                _ => known(&field.ty) + TAG,
            };
            let mut total: usize = s.fields.iter().map(size).sum();
            if total > MAX_STRUCT {
                // The largest fields first, in spec order between equals.
                let mut order: Vec<usize> = (0..s.fields.len()).collect();
                order.sort_by_key(|&i| std::cmp::Reverse(size(&s.fields[i])));
                for i in order {
                    let before = size(&s.fields[i]);
                    if total <= MAX_STRUCT || before <= MAX_VARIANT {
                        break;
                    }
                    boxed(&mut s.fields[i].ty);
                    total = total - before + size(&s.fields[i]);
                }
            }
            total + if s.additional.is_some() { VEC } else { 0 }
        }
        TypeKind::Tagged(u) => union(&mut u.variants.iter_mut().map(|v| &mut v.ty)),
        TypeKind::Untagged(u) => union(&mut u.variants.iter_mut().map(|v| &mut v.ty)),
        TypeKind::Enum(_) => VEC + TAG,
        TypeKind::Alias(ty) => known(ty),
        TypeKind::Tuple(t) => {
            let positions: usize = t
                .positions
                .iter()
                .enumerate()
                .map(|(i, p)| known(&p.ty) + if i < t.required { 0 } else { TAG })
                .sum();
            positions + if t.rest.is_some() { VEC } else { 0 }
        }
        TypeKind::ByStatus(_) => POINTER,
    }
}

const POINTER: usize = 8;
/// The discriminant (and padding) an `Option` or enum adds, at most.
const TAG: usize = 8;
/// A `String`, `Vec` or `BTreeMap`.
const VEC: usize = 24;
/// A `serde_json::Value`.
const JSON: usize = 32;

/// The estimated size of a value of `ty` on a 64-bit target.
fn size_of(ty: &TypeRef, sizes: &[State]) -> usize {
    match ty {
        TypeRef::Bool => 1,
        TypeRef::Integer { bits, .. } | TypeRef::Float { bits } => usize::from(*bits / 8),
        TypeRef::String | TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Binary => VEC,
        TypeRef::Json => JSON,
        TypeRef::File => 3 * VEC,
        TypeRef::Option(inner) => size_of(inner, sizes) + TAG,
        TypeRef::Boxed(_) => POINTER,
        TypeRef::Named(id) => match sizes.get(id.0) {
            Some(State::Done(size)) => *size,
            _ => POINTER,
        },
    }
}

/// The types a value of this kind holds inline.
fn by_value_ids(kind: &TypeKind) -> Vec<TypeId> {
    let mut names = Vec::new();
    let mut add = |ty: &TypeRef| {
        let mut ty = ty;
        while let TypeRef::Option(inner) = ty {
            ty = inner;
        }
        if let TypeRef::Named(id) = ty {
            names.push(*id);
        }
    };
    match kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| add(&f.ty)),
        TypeKind::Tagged(u) => u.variants.iter().for_each(|v| add(&v.ty)),
        TypeKind::Untagged(u) => u.variants.iter().for_each(|v| add(&v.ty)),
        TypeKind::Alias(ty) => add(ty),
        TypeKind::Tuple(t) => t.positions.iter().for_each(|p| add(&p.ty)),
        TypeKind::Enum(_) | TypeKind::ByStatus(_) => {}
    }
    names
}

/// Puts the value of `ty` (under any `Option`) in a `Box`, unless it is one already.
fn boxed(ty: &mut TypeRef) {
    match ty {
        TypeRef::Option(inner) => boxed(inner),
        TypeRef::Boxed(_) => {}
        _ => {
            let inner = std::mem::replace(ty, TypeRef::Json);
            *ty = TypeRef::Boxed(Box::new(inner));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, NameHint, Struct, UntaggedUnion, UntaggedVariant};

    fn structure(name: &str, fields: Vec<TypeRef>) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            origin: String::new(),
            hint: NameHint::plain(name),
            doc: None,
            facts: crate::ir::Facts::default(),
            kind: TypeKind::Struct(Struct {
                fields: fields
                    .into_iter()
                    .enumerate()
                    .map(|(i, ty)| Field {
                        name: format!("f{i}"),
                        wire: format!("f{i}"),
                        doc: None,
                        facts: crate::ir::Facts::default(),
                        ty,
                        presence: Presence::Required,
                    })
                    .collect(),
                additional: None,
                serde: true,
            }),
        }
    }

    /// The type at `index` of the test's list.
    fn named(index: usize) -> TypeRef {
        TypeRef::Named(TypeId(index))
    }

    fn field(types: &[TypeDef], t: usize, f: usize) -> TypeRef {
        match &types[t].kind {
            TypeKind::Struct(s) => s.fields[f].ty.clone(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn big_variants_are_boxed_and_small_envelopes_kept_inline() {
        let mut types = vec![
            structure("Envelope", vec![named(2)]),
            TypeDef {
                name: "Expandable".to_owned(),
                origin: String::new(),
                hint: NameHint::plain("Expandable"),
                doc: None,
                facts: crate::ir::Facts::default(),
                kind: TypeKind::Untagged(UntaggedUnion {
                    variants: vec![
                        UntaggedVariant {
                            name: "Big".to_owned(),
                            ty: named(2),
                        },
                        UntaggedVariant {
                            name: "String".to_owned(),
                            ty: TypeRef::String,
                        },
                    ],
                    fallback: "Unknown".to_owned(),
                }),
            },
            structure("Big", vec![TypeRef::String; 50]),
            structure("Holder", vec![named(1); 100]),
        ];
        box_large(&mut types);
        let TypeKind::Untagged(u) = &types[1].kind else {
            unreachable!()
        };
        assert_eq!(u.variants[0].ty, TypeRef::Boxed(Box::new(named(2))));
        assert_eq!(u.variants[1].ty, TypeRef::String);
        assert_eq!(field(&types, 0, 0), named(2), "one field: nothing to gain");
        assert_eq!(field(&types, 3, 0), named(1), "a small union stays");
    }

    #[test]
    fn a_big_struct_boxes_its_largest_fields_first() {
        let mut types = vec![
            structure("Outer", vec![named(2), named(1), named(1)]),
            structure("Big", vec![TypeRef::String; 50]),
            structure("Small", vec![TypeRef::String; 10]),
        ];
        box_large(&mut types);
        assert_eq!(field(&types, 0, 1), TypeRef::Boxed(Box::new(named(1))));
        assert_eq!(
            field(&types, 0, 2),
            named(1),
            "under the limit once one is boxed"
        );
        assert_eq!(field(&types, 0, 0), named(2));
    }
}
