//! `readOnly` and `writeOnly` on required properties. One struct serves requests and
//! responses alike, so a required property that one side never carries is made optional in
//! it, wherever the struct is reachable from that side: read-only ones in what a request body
//! reaches (so that `new()` does not ask for what the server sets), write-only ones in what
//! a response reaches (so that a response without them decodes). The simplest correct
//! design: no second type per direction, at the cost of an `Option` where the other side
//! would have guaranteed the value. The spec's facts stay in [`Field::facts`].

use std::collections::BTreeSet;

use crate::ir::{Access, Api, Field, Presence, TypeId, TypeKind, TypeRef, Types};

/// Relaxes the presence of read-only and write-only required fields, as the module says.
pub(super) fn relax(api: &mut Api) {
    let operations = api.resources.iter().flat_map(|r| &r.operations);
    let requests = reachable(
        &api.types,
        operations
            .clone()
            .filter_map(|op| Some(&op.body.as_ref()?.ty)),
    );
    let response_types: Vec<TypeRef> = operations
        .flat_map(|op| {
            let events = op.stream.as_ref().map(|stream| stream.item.clone());
            op.response.rust_type().into_iter().chain(events)
        })
        .collect();
    let responses = reachable(&api.types, response_types.iter());
    for (i, def) in api.types.as_mut_slice().iter_mut().enumerate() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let id = TypeId(i);
        for field in &mut s.fields {
            let absent_on_one_side = match field.facts.access {
                Access::ReadOnly => requests.contains(&id),
                Access::WriteOnly => responses.contains(&id),
                Access::ReadWrite => false,
            };
            if absent_on_one_side {
                optional(field);
            }
        }
    }
}

fn optional(field: &mut Field) {
    field.presence = match field.presence {
        Presence::Required => Presence::Optional,
        Presence::RequiredNullable => Presence::OptionalNullable,
        other => other,
    };
}

/// Every type the expressions `roots` reach, through fields, variants and aliases.
fn reachable<'a>(types: &Types, roots: impl Iterator<Item = &'a TypeRef>) -> BTreeSet<TypeId> {
    let mut ids = Vec::new();
    roots.for_each(|root| root.push_ids(&mut ids));
    types.reachable(ids)
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use crate::ir::{Presence, TypeKind};

    /// The presence of each field of the struct named `name`, by wire name.
    fn presences(spec: &str, name: &str) -> Result<Vec<(String, Presence)>, String> {
        let document: openapiv3::OpenAPI = serde_yaml::from_str(spec).map_err(|e| e.to_string())?;
        let graph = crate::schema::openapi30::build(&document);
        let api = super::super::lower(&document, &graph, &mut Diagnostics::default());
        let id = api.types.by_name(name).ok_or(format!("no type {name}"))?;
        match api.types.kind(id) {
            Some(TypeKind::Struct(s)) => Ok(s
                .fields
                .iter()
                .map(|f| (f.wire.clone(), f.presence))
                .collect()),
            other => Err(format!("{name} is {other:?}")),
        }
    }

    const SPEC: &str = r"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: array, items: {$ref: '#/components/schemas/Item'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Seen'}
components:
  schemas:
    Item:
      type: object
      required: [id, secret, name]
      properties:
        id: {type: string, readOnly: true}
        secret: {type: string, writeOnly: true}
        name: {type: string}
    Seen:
      type: object
      required: [id, secret]
      properties:
        id: {type: string, readOnly: true}
        secret: {type: string, writeOnly: true, nullable: true}
";

    #[test]
    fn each_direction_relaxes_what_it_never_carries() -> Result<(), String> {
        let owned = |list: &[(&str, Presence)]| -> Vec<(String, Presence)> {
            list.iter().map(|(w, p)| ((*w).to_owned(), *p)).collect()
        };
        // Reached by the request body only, through an array.
        assert_eq!(
            presences(SPEC, "Item")?,
            owned(&[
                ("id", Presence::Optional),
                ("secret", Presence::Required),
                ("name", Presence::Required),
            ])
        );
        // Reached by the response only.
        assert_eq!(
            presences(SPEC, "Seen")?,
            owned(&[
                ("id", Presence::Required),
                ("secret", Presence::OptionalNullable),
            ])
        );
        Ok(())
    }
}
