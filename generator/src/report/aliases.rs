//! Type aliases seen through, before two manifests are compared. `pub type B = A;` is the
//! type `A` under another name: a program that names `B` compiles the same whether `B` is
//! its own struct or an alias of a struct of the same shape. Generation makes such aliases on
//! its own (an inline schema with the shape of another type, `lower::dedup`), and which type
//! of a group is the original can move when the spec changes, so the report must not call
//! a struct that became an alias, or an alias that changed targets, a change by itself.
//!
//! So each manifest's aliases of named types take the shape of their target, and every type
//! spelled in either manifest is spelled through the new manifest's aliases: two spellings
//! are the same when they name the same type in the new crate, which is where the program
//! will be compiled. An alias that stops being one (the copies' shapes part) leaves two
//! types where the new crate has two, and a program that named one for the other is told.

use std::collections::HashMap;

use super::model::{EnumApi, PublicApi, Shape};
use super::{Area, Change, Impact};

/// `old` and `new` with their aliases of named types seen through, and the changes that
/// doing so would hide: an alias whose type is no longer the one it named.
pub(super) fn seen_through(
    old: &PublicApi,
    new: &PublicApi,
) -> (PublicApi, PublicApi, Vec<Change>) {
    let names = targets(new);
    let old_names = targets(old);
    let same = |name: &str| names.get(name).map_or(name, String::as_str).to_owned();
    let mut changes = Vec::new();
    for (name, target) in &old_names {
        let exists = new.types.iter().any(|t| t.name == *name);
        if exists && same(name) != same(target) {
            changes.push(Change::new(
                Area::Type,
                format!("models::{name}"),
                format!("no longer another name for `{target}`"),
                Impact::Breaking,
                "code that uses it as that type no longer compiles",
            ));
        }
    }
    changes.sort_by(|a, b| a.item.cmp(&b.item));
    (
        resolved(old, &old_names, &names),
        resolved(new, &names, &names),
        changes,
    )
}

/// Each alias of a named type of `api`, to the type it finally names.
fn targets(api: &PublicApi) -> HashMap<String, String> {
    let direct: HashMap<&str, &str> = api
        .types
        .iter()
        .filter_map(|ty| match &ty.shape {
            Shape::Alias { target } if api.types.iter().any(|t| t.name == *target) => {
                Some((ty.name.as_str(), target.as_str()))
            }
            _ => None,
        })
        .collect();
    direct
        .keys()
        .map(|&name| {
            let mut target = name;
            // Chains are short; the bound keeps a cycle (which would not compile) finite.
            for _ in 0..8 {
                match direct.get(target) {
                    Some(next) => target = next,
                    None => break,
                }
            }
            (name.to_owned(), target.to_owned())
        })
        .collect()
}

/// `api` with each alias of a named type (`own`, its [`targets`]) given its target's shape,
/// and every type spelled through `names`.
fn resolved(
    api: &PublicApi,
    own: &HashMap<String, String>,
    names: &HashMap<String, String>,
) -> PublicApi {
    let shapes: HashMap<&str, &Shape> = api
        .types
        .iter()
        .map(|ty| (ty.name.as_str(), &ty.shape))
        .collect();
    let mut out = api.clone();
    for ty in &mut out.types {
        if let Some(shape) = own
            .get(&ty.name)
            .and_then(|target| shapes.get(target.as_str()))
        {
            ty.shape = (*shape).clone();
        }
    }
    let spell = |text: &mut String| *text = respelled(text, names);
    for op in out
        .resources
        .iter_mut()
        .flat_map(|r| r.operations.iter_mut())
    {
        op.params.iter_mut().for_each(|p| spell(&mut p.ty));
        spell(&mut op.returns);
        if let Some(paginated) = &mut op.paginated {
            spell(&mut paginated.item);
        }
    }
    let variants = |e: &mut EnumApi| {
        e.variants
            .iter_mut()
            .filter_map(|v| v.payload.as_mut())
            .for_each(&spell);
    };
    for ty in &mut out.types {
        match &mut ty.shape {
            Shape::Struct(s) => {
                s.constructor.iter_mut().flatten().for_each(&spell);
                s.fields.iter_mut().for_each(|f| spell(&mut f.ty));
            }
            Shape::Enum(e)
            | Shape::TaggedUnion(e)
            | Shape::UntaggedUnion(e)
            | Shape::ByStatus(e) => {
                variants(e);
            }
            Shape::Tuple(t) => {
                t.positions.iter_mut().for_each(&spell);
                t.rest.iter_mut().for_each(&spell);
            }
            Shape::Alias { target } => spell(target),
        }
    }
    out
}

/// `text` (a Rust type) with each identifier that is a key of `names` replaced by its value.
fn respelled(text: &str, names: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(
            names
                .get(word.as_str())
                .map_or(word.as_str(), String::as_str),
        );
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_respelled_whole() {
        let names = HashMap::from([("Copy".to_owned(), "Original".to_owned())]);
        assert_eq!(
            respelled("Option<Vec<Copy>>", &names),
            "Option<Vec<Original>>"
        );
        assert_eq!(respelled("CopyCat", &names), "CopyCat");
        assert_eq!(
            respelled("crate::Nullable<Copy>", &names),
            "crate::Nullable<Original>"
        );
    }
}
