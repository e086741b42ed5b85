//! The order in which an untagged union tries its variants. Serde takes the first variant
//! that decodes, and a struct decodes from any object that has its required fields (unknown
//! fields are ignored), so the spec's order can hide a variant behind a looser one. Variants
//! are sorted most specific first, keeping the spec's order between equals:
//!
//! 1. structs, those with more required fields first, then those with more fields;
//! 2. tagged unions, untagged unions, then enums;
//! 3. booleans, integers (before numbers, which also accept integers), numbers, strings;
//! 4. arrays, maps, and last any JSON value.

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// A variant's place in the order: lower is tried first.
type Specificity = (u8, i64, i64);

/// Sorts the variants of every untagged union in `types`.
pub(crate) fn order_variants(types: &mut [TypeDef]) {
    let keys: Vec<Vec<(usize, Specificity)>> = {
        let index: &[TypeDef] = types;
        types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Untagged(u) => u
                    .variants
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i, specificity(&v.ty, index, 0)))
                    .collect(),
                _ => Vec::new(),
            })
            .collect()
    };
    for (def, mut keyed) in types.iter_mut().zip(keys) {
        if let TypeKind::Untagged(u) = &mut def.kind {
            keyed.sort_by_key(|(i, key)| (*key, *i));
            let mut old: Vec<Option<_>> = std::mem::take(&mut u.variants)
                .into_iter()
                .map(Some)
                .collect();
            u.variants = keyed
                .into_iter()
                .filter_map(|(i, _)| old[i].take())
                .collect();
        }
    }
}

fn specificity(ty: &TypeRef, types: &[TypeDef], depth: usize) -> Specificity {
    match ty {
        TypeRef::Named(id) if depth < 16 => match types.get(id.0).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => {
                let required = s
                    .fields
                    .iter()
                    .filter(|f| {
                        matches!(
                            f.presence,
                            crate::ir::Presence::Required | crate::ir::Presence::RequiredNullable
                        )
                    })
                    .count();
                (0, -(required as i64), -(s.fields.len() as i64))
            }
            Some(TypeKind::Tagged(_)) => (1, 0, 0),
            Some(TypeKind::Untagged(_)) => (2, 0, 0),
            Some(TypeKind::Enum(_)) => (3, 0, 0),
            // An array of fixed positions, more specific than any array, less than a scalar.
            Some(TypeKind::Tuple(t)) => (3, -(t.required as i64), -(t.positions.len() as i64)),
            Some(TypeKind::ByStatus(_)) => (9, 0, 0),
            Some(TypeKind::Alias(inner)) => specificity(inner, types, depth + 1),
            None => (9, 0, 0),
        },
        TypeRef::Named(_) => (9, 0, 0),
        TypeRef::Boxed(inner) | TypeRef::Option(inner) => specificity(inner, types, depth + 1),
        TypeRef::Bool => (4, 0, 0),
        TypeRef::Integer { .. } => (5, 0, 0),
        TypeRef::Float { .. } => (6, 0, 0),
        TypeRef::String => (7, 0, 0),
        TypeRef::Array(_) => (8, 0, 0),
        TypeRef::Map(_) => (9, 0, 0),
        TypeRef::Json => (10, 0, 0),
        TypeRef::File | TypeRef::Binary => (8, 0, 0),
    }
}
