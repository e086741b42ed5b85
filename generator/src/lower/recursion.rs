//! Recursive types: a type that contains itself by value (directly or through other types)
//! has no size, so the fields and variants that close such a cycle are boxed. `Vec` and maps
//! already put their items on the heap and need nothing.

use std::collections::HashSet;

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Boxes every by-value reference that closes a cycle, in definition order, so the result is
/// deterministic and each cycle gets as few boxes as this order allows.
pub(crate) fn box_cycles(types: &mut [TypeDef]) {
    for owner in 0..types.len() {
        let slots = slot_count(&types[owner].kind);
        for slot in 0..slots {
            let targets = match slot_type(&types[owner].kind, slot) {
                Some(ty) => by_value(ty),
                None => continue,
            };
            if targets
                .iter()
                .any(|&target| reaches(types, target, TypeId(owner)))
            {
                if let Some(ty) = slot_type_mut(&mut types[owner].kind, slot) {
                    box_named(ty);
                }
            }
        }
    }
}

fn slot_count(kind: &TypeKind) -> usize {
    match kind {
        TypeKind::Struct(s) => s.fields.len(),
        TypeKind::Tagged(u) => u.variants.len(),
        TypeKind::Untagged(u) => u.variants.len(),
        TypeKind::Alias(_) => 1,
        TypeKind::Tuple(t) => t.positions.len() + usize::from(t.rest.is_some()),
        TypeKind::Enum(_) | TypeKind::ByStatus(_) => 0,
    }
}

fn slot_type(kind: &TypeKind, slot: usize) -> Option<&TypeRef> {
    match kind {
        TypeKind::Struct(s) => s.fields.get(slot).map(|f| &f.ty),
        TypeKind::Tagged(u) => u.variants.get(slot).map(|v| &v.ty),
        TypeKind::Untagged(u) => u.variants.get(slot).map(|v| &v.ty),
        TypeKind::Alias(ty) => Some(ty),
        TypeKind::Tuple(t) => t.types().nth(slot),
        TypeKind::Enum(_) | TypeKind::ByStatus(_) => None,
    }
}

fn slot_type_mut(kind: &mut TypeKind, slot: usize) -> Option<&mut TypeRef> {
    match kind {
        TypeKind::Struct(s) => s.fields.get_mut(slot).map(|f| &mut f.ty),
        TypeKind::Tagged(u) => u.variants.get_mut(slot).map(|v| &mut v.ty),
        TypeKind::Untagged(u) => u.variants.get_mut(slot).map(|v| &mut v.ty),
        TypeKind::Alias(ty) => Some(ty),
        TypeKind::Tuple(t) => {
            let count = t.positions.len();
            let (positions, rest) = (&mut t.positions, &mut t.rest);
            match positions.get_mut(slot) {
                Some(position) => Some(&mut position.ty),
                None if slot == count => rest.as_mut(),
                None => None,
            }
        }
        TypeKind::Enum(_) | TypeKind::ByStatus(_) => None,
    }
}

/// The named types a value of `ty` contains inline (not behind a `Vec`, map or box).
fn by_value(ty: &TypeRef) -> Vec<TypeId> {
    match ty {
        TypeRef::Named(id) => vec![*id],
        TypeRef::Option(inner) => by_value(inner),
        _ => Vec::new(),
    }
}

/// Whether a value of type `from` contains a value of type `to` inline.
fn reaches(types: &[TypeDef], from: TypeId, to: TypeId) -> bool {
    let mut seen = HashSet::new();
    let mut pending = vec![from];
    while let Some(id) = pending.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        let Some(def) = types.get(id.0) else { continue };
        for slot in 0..slot_count(&def.kind) {
            if let Some(ty) = slot_type(&def.kind, slot) {
                pending.extend(by_value(ty));
            }
        }
    }
    false
}

/// Wraps the named type inside `ty` (under any `Option`) in a `Box`.
fn box_named(ty: &mut TypeRef) {
    match ty {
        TypeRef::Option(inner) => box_named(inner),
        TypeRef::Named(_) => {
            let named = std::mem::replace(ty, TypeRef::Json);
            *ty = TypeRef::Boxed(Box::new(named));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, NameHint, Presence, Struct};

    fn structure(name: &str, fields: &[(&str, TypeRef)]) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            origin: String::new(),
            hint: NameHint::plain(name),
            doc: None,
            facts: crate::ir::Facts::default(),
            kind: TypeKind::Struct(Struct {
                fields: fields
                    .iter()
                    .map(|(n, ty)| Field {
                        name: (*n).to_owned(),
                        wire: (*n).to_owned(),
                        doc: None,
                        facts: crate::ir::Facts::default(),
                        ty: ty.clone(),
                        presence: Presence::Optional,
                    })
                    .collect(),
                additional: None,
                serde: true,
            }),
        }
    }

    fn named(name: &str) -> TypeRef {
        let id = ["Tree", "Leaf", "A", "B"].iter().position(|n| *n == name);
        TypeRef::Named(TypeId(id.unwrap_or(usize::MAX)))
    }

    #[test]
    fn only_the_edges_that_close_a_cycle_are_boxed() {
        let mut types = vec![
            structure(
                "Tree",
                &[
                    ("left", TypeRef::Option(Box::new(named("Tree")))),
                    ("children", TypeRef::Array(Box::new(named("Tree")))),
                    ("leaf", named("Leaf")),
                ],
            ),
            structure("Leaf", &[("value", TypeRef::String)]),
            structure("A", &[("b", named("B"))]),
            structure("B", &[("a", TypeRef::Option(Box::new(named("A"))))]),
        ];
        box_cycles(&mut types);
        let field = |t: usize, f: usize| match &types[t].kind {
            TypeKind::Struct(s) => s.fields[f].ty.clone(),
            _ => unreachable!(),
        };
        assert_eq!(
            field(0, 0),
            TypeRef::Option(Box::new(TypeRef::Boxed(Box::new(named("Tree")))))
        );
        assert_eq!(
            field(0, 1),
            TypeRef::Array(Box::new(named("Tree"))),
            "a Vec needs no box"
        );
        assert_eq!(field(0, 2), named("Leaf"));
        assert_eq!(
            field(2, 0),
            TypeRef::Boxed(Box::new(named("B"))),
            "the first edge of the cycle is boxed"
        );
        assert_eq!(
            field(3, 0),
            TypeRef::Option(Box::new(named("A"))),
            "and then the cycle is broken"
        );
    }
}
