//! Structural deduplication: an inline schema with the same shape as another type is emitted
//! once. Large specs repeat small inline schemas (a `type: list` constant, an avatar object, the
//! effect of a policy statement) dozens of times; each copy costs a struct or enum, its trait
//! impls and its decoder in the generated crate.
//!
//! A copy keeps its public name: it becomes `pub type Copy = Original;`, so code that names
//! it, builds it or matches on it compiles as before, and references keep the copy's name. Only
//! inline schemas become aliases: a component schema is a type of the API's own vocabulary and
//! stays one even when another has its shape. The original of a group is a component if there
//! is one, then the first by [`compare_pointers`]: what the group contains decides, never the
//! order the spec was lowered in.
//!
//! Two types have the same shape when their definitions are equal (field names, wire names,
//! presence, docs, facts, variants, boxing) with every type they name replaced by its
//! group's original. Groups grow until nothing changes, so two inline objects whose inline
//! children are copies of each other are copies too.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use crate::diagnostics::compare_pointers;
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Turns every inline type that has the shape of another into an alias of the group's
/// original. Returns how many became aliases.
pub(super) fn merge_copies(types: &mut [TypeDef]) -> usize {
    let original = originals(types);
    let mut merged = 0;
    for (index, def) in types.iter_mut().enumerate() {
        let target = original[index];
        if target.0 != index {
            def.kind = TypeKind::Alias(TypeRef::Named(target));
            merged += 1;
        }
    }
    merged
}

/// For each type, the original of its group (itself when it has no copy, or when it is a
/// component).
fn originals(types: &[TypeDef]) -> Vec<TypeId> {
    let mut original: Vec<TypeId> = (0..types.len()).map(TypeId).collect();
    // Types that can share a shape, by what of it the originals do not change: most have a
    // fingerprint of their own and are never compared.
    let mut candidates: HashMap<u64, Vec<usize>> = HashMap::new();
    for (index, def) in types.iter().enumerate() {
        if let Some(print) = fingerprint(def) {
            candidates.entry(print).or_default().push(index);
        }
    }
    candidates.retain(|_, members| members.len() > 1);
    loop {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for members in candidates.values() {
            groups.extend(same_shapes(types, members, &original));
        }
        let mut changed = false;
        for members in groups.iter().filter(|members| members.len() > 1) {
            let Some(&first) = members.iter().min_by(|&&a, &&b| rank(&types[a], &types[b])) else {
                continue;
            };
            for &member in members {
                let target = if is_component(&types[member]) {
                    member
                } else {
                    first
                };
                if original[member].0 != target {
                    original[member] = TypeId(target);
                    changed = true;
                }
            }
        }
        if !changed {
            return original;
        }
    }
}

/// A hash of what equal shapes share whatever the originals are (the kind, and the names of
/// fields and variants); `None` for what is never merged: aliases, responses by status, and
/// the parameters of an operation (never (de)serialized, each named after its operation).
fn fingerprint(def: &TypeDef) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    std::mem::discriminant(&def.kind).hash(&mut hasher);
    match &def.kind {
        TypeKind::Struct(s) if s.serde => {
            for field in &s.fields {
                (&field.wire, &field.name, field.presence as u8).hash(&mut hasher);
            }
        }
        TypeKind::Enum(e) => e.variants.iter().for_each(|v| v.wire.hash(&mut hasher)),
        TypeKind::Tagged(t) => {
            t.tag.hash(&mut hasher);
            t.variants
                .iter()
                .for_each(|v| v.tag_value.hash(&mut hasher));
        }
        TypeKind::Untagged(u) => u.variants.len().hash(&mut hasher),
        TypeKind::Tuple(t) => t.positions.len().hash(&mut hasher),
        TypeKind::Struct(_) | TypeKind::Alias(_) | TypeKind::ByStatus(_) => return None,
    }
    Some(hasher.finish())
}

/// `members` (types of one fingerprint) in groups of equal shapes: equal facts and equal
/// definitions once the types they name are replaced by their originals.
fn same_shapes(types: &[TypeDef], members: &[usize], original: &[TypeId]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(TypeKind, Vec<usize>)> = Vec::new();
    for &index in members {
        let def = &types[index];
        let mut kind = def.kind.clone();
        kind.for_each_ref(&mut |ty: &mut TypeRef| {
            ty.for_each_id(&mut |id: &mut TypeId| {
                if let Some(target) = original.get(id.0) {
                    *id = *target;
                }
            });
        });
        let same = groups
            .iter_mut()
            .find(|(shape, group)| *shape == kind && types[group[0]].facts == def.facts);
        match same {
            Some((_, group)) => group.push(index),
            None => groups.push((kind, vec![index])),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// Components first, then by pointer.
fn rank(a: &TypeDef, b: &TypeDef) -> Ordering {
    is_component(b)
        .cmp(&is_component(a))
        .then_with(|| compare_pointers(&a.origin, &b.origin))
}

/// Whether `def` is a schema of `components/schemas` itself (not one inside it).
fn is_component(def: &TypeDef) -> bool {
    def.origin
        .strip_prefix("#/components/schemas/")
        .is_some_and(|name| !name.contains('/'))
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeKind, TypeRef};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: pets.list
      parameters:
        - {in: query, name: limit, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  owner:
                    type: object
                    properties:
                      name: {type: string}
                      role: {type: string, enum: [admin, member]}
                  status: {type: string, enum: [on, off]}
  /toys:
    get:
      operationId: toys.list
      parameters:
        - {in: query, name: limit, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  maker:
                    type: object
                    properties:
                      name: {type: string}
                      role: {type: string, enum: [admin, member]}
                  mode: {type: string, enum: [on, off]}
                  tag:
                    type: object
                    properties:
                      label: {type: string}
components:
  schemas:
    Switch: {type: string, enum: [on, off]}
    Lever: {type: string, enum: [on, off]}
    Tag:
      type: object
      properties:
        label: {type: string}
"#;

    fn api() -> Result<Api, String> {
        crate::lower(SPEC).map_err(|d| format!("{d:?}"))
    }

    /// The name of the type `name` is an alias of, if it is one.
    fn target(api: &Api, name: &str) -> Result<Option<String>, String> {
        let def = api
            .types
            .iter()
            .find(|t| t.name == name)
            .ok_or(format!("no type {name}"))?;
        Ok(match &def.kind {
            TypeKind::Alias(TypeRef::Named(id)) => Some(api.types[*id].name.clone()),
            _ => None,
        })
    }

    #[test]
    fn an_inline_copy_is_an_alias_of_the_component_with_its_shape() -> Result<(), String> {
        let api = api()?;
        // Of two components of one shape, both stay; the first by pointer (`Lever` before
        // `Switch`, segment by segment) is the inline copies' original.
        assert_eq!(target(&api, "Switch")?, None);
        assert_eq!(target(&api, "Lever")?, None);
        assert_eq!(
            target(&api, "PetsListResponseStatus")?.as_deref(),
            Some("Lever")
        );
        assert_eq!(
            target(&api, "ToysListResponseMode")?.as_deref(),
            Some("Lever")
        );
        assert_eq!(target(&api, "ToysListResponseTag")?.as_deref(), Some("Tag"));
        Ok(())
    }

    #[test]
    fn inline_copies_alias_the_first_by_pointer_and_keep_their_names() -> Result<(), String> {
        let api = api()?;
        // `/pets` comes before `/toys`; the objects are copies because their role enums are.
        assert_eq!(target(&api, "PetsListResponseOwner")?, None);
        assert_eq!(
            target(&api, "ToysListResponseMaker")?.as_deref(),
            Some("PetsListResponseOwner")
        );
        assert_eq!(
            target(&api, "ToysListResponseMakerRole")?.as_deref(),
            Some("PetsListResponseOwnerRole")
        );
        // The responses differ (other fields), so both stay; the field keeps the copy's name.
        assert_eq!(target(&api, "ToysListResponse")?, None);
        let response = api
            .types
            .by_name("ToysListResponse")
            .ok_or("no ToysListResponse")?;
        let maker = api
            .types
            .fields(response)
            .iter()
            .find(|f| f.wire == "maker")
            .ok_or("no maker field")?;
        let TypeRef::Named(id) = &maker.ty else {
            return Err(format!("maker is {:?}", maker.ty));
        };
        assert_eq!(api.types[*id].name, "ToysListResponseMaker");
        Ok(())
    }

    #[test]
    fn the_parameters_of_operations_are_never_merged() -> Result<(), String> {
        let api = api()?;
        let parameters: Vec<_> = api
            .types
            .iter()
            .filter(|t| t.name.ends_with("Parameters"))
            .collect();
        assert_eq!(
            parameters.len(),
            2,
            "{:?}",
            api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
        );
        assert!(
            parameters
                .iter()
                .all(|t| matches!(t.kind, TypeKind::Struct(_)))
        );
        Ok(())
    }
}
