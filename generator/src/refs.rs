//! The one reader of `$ref`s into a document's `components`.
//!
//! A local reference is `#/components/<section>/<name>`, the name written as a JSON pointer
//! token (`~1` for `/`, `~0` for `~`). Every phase resolves references here, so that they
//! all agree on what a reference names. A component may itself be a reference; [`resolve`]
//! follows such chains, visiting each component at most once, so that a cycle of references
//! ends the walk instead of looping.

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{
    Components, Example, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema,
};

use crate::diagnostics::Pointer;

/// A section of `components` that references point into.
pub(crate) trait Section: Sized {
    /// The section's key under `components`.
    const KEY: &'static str;
    /// What one entry is called, with its article, for messages.
    const WHAT: &'static str;
    fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! section {
    ($type:ty, $key:literal, $what:literal, $field:ident) => {
        impl Section for $type {
            const KEY: &'static str = $key;
            const WHAT: &'static str = $what;
            fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

section!(Schema, "schemas", "a schema", schemas);
section!(Parameter, "parameters", "a parameter", parameters);
section!(Response, "responses", "a response", responses);
section!(
    RequestBody,
    "requestBodies",
    "a request body",
    request_bodies
);
section!(Example, "examples", "an example", examples);

/// One entry of a section: its name and its value, which may be a reference again.
pub(crate) struct Entry<'a, T> {
    pub name: &'a str,
    pub value: &'a ReferenceOr<T>,
}

/// An item at the end of a chain of references, with the name of the entry that holds it.
pub(crate) struct Target<'a, T> {
    pub name: &'a str,
    pub item: &'a T,
}

impl<T: Section> Target<'_, T> {
    /// Where the item is written.
    pub(crate) fn pointer(&self) -> Pointer {
        Pointer::root()
            .join("components")
            .join(T::KEY)
            .join(self.name)
    }
}

/// Why a reference leads to no item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unresolved {
    /// It points into another document, which is never read.
    External,
    /// It names no entry of the section (or points elsewhere in this document).
    Missing,
    /// It leads, through references, back to an entry already passed.
    Cycle,
}

impl Unresolved {
    /// Why, for a message about `reference` to an entry of `T`'s section.
    pub(crate) fn reason<T: Section>(self, reference: &str) -> String {
        match self {
            Self::External => {
                format!("`$ref: {reference}` points into another document, which is not read")
            }
            Self::Missing => format!(
                "`$ref: {reference}` does not name {} under #/components/{}",
                T::WHAT,
                T::KEY
            ),
            Self::Cycle => format!(
                "`$ref: {reference}` leads through references back to one already passed, never to {}",
                T::WHAT
            ),
        }
    }
}

/// The name of the entry of `T`'s section that `reference` names, unescaped; `None` for a
/// reference to anything else.
pub(crate) fn component_name<T: Section>(reference: &str) -> Option<Cow<'_, str>> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(T::KEY)?
        .strip_prefix('/')?;
    if name.contains('/') {
        return None;
    }
    Some(if name.contains('~') {
        Cow::Owned(name.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(name)
    })
}

/// The entry `reference` names, without following it further.
pub(crate) fn entry<'a, T: Section>(
    api: &'a OpenAPI,
    reference: &str,
) -> Result<Entry<'a, T>, Unresolved> {
    let Some(name) = component_name::<T>(reference) else {
        return Err(if reference.starts_with('#') {
            Unresolved::Missing
        } else {
            Unresolved::External
        });
    };
    let entries = api.components.as_ref().map(T::entries);
    let (_, name, value) = entries
        .and_then(|entries| entries.get_full(name.as_ref()))
        .ok_or(Unresolved::Missing)?;
    Ok(Entry {
        name: name.as_str(),
        value,
    })
}

/// The item `reference` leads to, through any references to references.
pub(crate) fn resolve<'a, T: Section>(
    api: &'a OpenAPI,
    reference: &str,
) -> Result<Target<'a, T>, Unresolved> {
    let mut entry = entry::<T>(api, reference)?;
    // Each step reaches another entry, so more steps than entries means one came round.
    let count = api.components.as_ref().map_or(0, |c| T::entries(c).len());
    for _ in 0..count {
        match entry.value {
            ReferenceOr::Item(item) => {
                return Ok(Target {
                    name: entry.name,
                    item,
                });
            }
            ReferenceOr::Reference { reference } => entry = self::entry::<T>(api, reference)?,
        }
    }
    Err(Unresolved::Cycle)
}

/// The item of `value`, itself or where its reference leads.
pub(crate) fn item<'a, T: Section>(api: &'a OpenAPI, value: &'a ReferenceOr<T>) -> Option<&'a T> {
    match value {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => resolve(api, reference).ok().map(|t| t.item),
    }
}

/// The item of `value`, with where it is written: `at`, where `value` is, for an item,
/// else where its reference leads.
pub(crate) fn item_at<'a, T: Section>(
    api: &'a OpenAPI,
    value: &'a ReferenceOr<T>,
    at: Pointer,
) -> Option<(&'a T, Pointer)> {
    match value {
        ReferenceOr::Item(item) => Some((item, at)),
        ReferenceOr::Reference { reference } => resolve(api, reference)
            .ok()
            .map(|target| (target.item, target.pointer())),
    }
}

#[cfg(test)]
mod tests {
    use openapiv3::{OpenAPI, Parameter, Schema};

    use super::{Unresolved, component_name, entry, resolve};

    fn document() -> Result<OpenAPI, String> {
        serde_yaml::from_str(
            r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    a/b: {type: string}
    Alias: {$ref: '#/components/schemas/a~1b'}
    Twice: {$ref: '#/components/schemas/Alias'}
    Loop: {$ref: '#/components/schemas/Round'}
    Round: {$ref: '#/components/schemas/Loop'}
  parameters:
    Limit: {in: query, name: limit, schema: {type: integer}}
    Size: {$ref: '#/components/parameters/Limit'}
"#,
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn names_are_unescaped_and_must_be_whole() {
        let name = component_name::<Schema>("#/components/schemas/a~1b~0c");
        assert_eq!(name.as_deref(), Some("a/b~c"));
        assert_eq!(
            component_name::<Schema>("#/components/schemas/A/properties/b"),
            None
        );
        assert_eq!(component_name::<Schema>("#/components/parameters/A"), None);
        assert_eq!(
            component_name::<Parameter>("#/components/parameters/A").as_deref(),
            Some("A")
        );
        assert_eq!(component_name::<Schema>("#/components/schemasA"), None);
    }

    #[test]
    fn chains_are_followed_and_cycles_end() -> Result<(), String> {
        let api = document()?;
        let target =
            resolve::<Schema>(&api, "#/components/schemas/Twice").map_err(|e| format!("{e:?}"))?;
        assert_eq!(target.name, "a/b");
        assert_eq!(
            resolve::<Schema>(&api, "#/components/schemas/Loop").err(),
            Some(Unresolved::Cycle)
        );
        let first =
            entry::<Schema>(&api, "#/components/schemas/Loop").map_err(|e| format!("{e:?}"))?;
        assert_eq!(first.name, "Loop");
        let parameter = resolve::<Parameter>(&api, "#/components/parameters/Size")
            .map_err(|e| format!("{e:?}"))?;
        assert_eq!(parameter.name, "Limit");
        Ok(())
    }

    #[test]
    fn what_cannot_be_resolved_says_why() -> Result<(), String> {
        let api = document()?;
        let missing = resolve::<Schema>(&api, "#/components/schemas/Nope").err();
        assert_eq!(missing, Some(Unresolved::Missing));
        let elsewhere = resolve::<Schema>(&api, "#/paths/~1pets").err();
        assert_eq!(elsewhere, Some(Unresolved::Missing));
        let external = resolve::<Schema>(&api, "other.yaml#/Pet").err();
        assert_eq!(external, Some(Unresolved::External));
        assert_eq!(
            Unresolved::Missing.reason::<Parameter>("#/x"),
            "`$ref: #/x` does not name a parameter under #/components/parameters"
        );
        Ok(())
    }
}
