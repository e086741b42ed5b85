//! The comparison of two [`PublicApi`]s: every change a program using the crate can notice,
//! each judged by Rust's rules (the Cargo book's "SemVer compatibility" chapter) for the crate
//! as it is generated: `#[non_exhaustive]` structs with public fields that other crates build
//! with `new(required...)` or `default()` and setters, and `#[non_exhaustive]` enums that
//! they match with a wildcard arm. The manifest says which types are exhaustive, and the
//! rules for a type without the attribute (a literal names every field, a `match` every
//! variant) are kept, so a manifest of another design is judged right too.

use super::model::{
    AuthScheme, EnumApi, FieldApi, OperationApi, PaginatedApi, PublicApi, ResourceApi, Shape,
    StructApi, TupleApi,
};
use super::{Area, Change, Impact};

/// The runtime's `ClientBuilder` method for the credential of a spec's only scheme.
pub(crate) const API_KEY_METHOD: &str = "api_key";

/// Every change from `old` to `new`: resources and operations first, then types, auth and
/// the base URL, each in the order of the crate.
pub(crate) fn changes(old: &PublicApi, new: &PublicApi) -> Vec<Change> {
    let mut out = Vec::new();
    resources(&old.resources, &new.resources, &mut out);
    types(old, new, &mut out);
    auth(&old.auth, &new.auth, &mut out);
    if old.base_url != new.base_url {
        out.push(Change::new(
            Area::BaseUrl,
            "DEFAULT_BASE_URL",
            format!("changed from `{}` to `{}`", old.base_url, new.base_url),
            Impact::Compatible,
            "a value, not a type: clients built with a base URL of their own are unaffected",
        ));
    }
    out
}

fn resources(old: &[ResourceApi], new: &[ResourceApi], out: &mut Vec<Change>) {
    for resource in new {
        let Some(before) = old.iter().find(|r| r.name == resource.name) else {
            out.push(Change::new(
                Area::Resource,
                handle_path(&resource.name),
                format!(
                    "resource added, with {} operation(s){}",
                    resource.operations.len(),
                    feature_note(&resource.name, "behind the new default feature")
                ),
                Impact::Additive,
                "a new method of `Client` and a new module",
            ));
            continue;
        };
        if before.handle != resource.handle {
            out.push(Change::new(
                Area::Resource,
                handle_path(&resource.name),
                format!(
                    "handle type renamed from `{}` to `{}`",
                    before.handle, resource.handle
                ),
                Impact::Breaking,
                "code that names the handle type no longer compiles",
            ));
        }
        for op in &resource.operations {
            match before.operations.iter().find(|o| o.name == op.name) {
                Some(was) => operation(&resource.name, was, op, out),
                None => out.push(Change::new(
                    Area::Operation,
                    method_path(&resource.name, &op.name),
                    format!("operation added (`{} {}`)", op.method, op.path),
                    Impact::Additive,
                    "a new inherent method",
                )),
            }
        }
        for op in &before.operations {
            if !resource.operations.iter().any(|o| o.name == op.name) {
                out.push(Change::new(
                    Area::Operation,
                    method_path(&resource.name, &op.name),
                    format!("operation removed (`{} {}`)", op.method, op.path),
                    Impact::Breaking,
                    "calls of the method no longer compile",
                ));
            }
        }
    }
    for resource in old {
        if !new.iter().any(|r| r.name == resource.name) {
            out.push(Change::new(
                Area::Resource,
                handle_path(&resource.name),
                format!(
                    "resource removed, with its {} operation(s){}",
                    resource.operations.len(),
                    feature_note(&resource.name, "and its feature")
                ),
                Impact::Breaking,
                "calls of its methods no longer compile, nor does a manifest that names its feature",
            ));
        }
    }
}

/// For a resource the client reaches itself (a [`ResourceApi::name`] without a dot), which
/// is a cargo feature of the crate: `words` and the feature's name; nothing for a
/// sub-resource, which comes with its parent's feature.
fn feature_note(resource: &str, words: &str) -> String {
    if resource.contains('.') {
        String::new()
    } else {
        format!(
            ", {words} `{}`",
            crate::emit::features::feature_name(resource)
        )
    }
}

/// The call that gets the handle of `resource` (a [`ResourceApi::name`]):
/// `client.customers().sources()`.
fn handle_path(resource: &str) -> String {
    format!("client.{}()", resource.replace('.', "()."))
}

/// The call of `method` on `resource`'s handle.
fn method_path(resource: &str, method: &str) -> String {
    format!("{}.{method}()", handle_path(resource))
}

fn operation(resource: &str, old: &OperationApi, new: &OperationApi, out: &mut Vec<Change>) {
    let item = method_path(resource, &new.name);
    // Callers pass arguments by position: a renamed argument changes nothing.
    let old_types: Vec<&str> = old.params.iter().map(|p| p.ty.as_str()).collect();
    let new_types: Vec<&str> = new.params.iter().map(|p| p.ty.as_str()).collect();
    if old_types != new_types {
        out.push(Change::new(
            Area::Operation,
            item.clone(),
            format!(
                "arguments changed from `({})` to `({})`",
                old_types.join(", "),
                new_types.join(", ")
            ),
            Impact::Breaking,
            "calls with the old arguments no longer compile",
        ));
    }
    if old.returns != new.returns {
        out.push(Change::new(
            Area::Operation,
            item.clone(),
            format!(
                "response type changed from `{}` to `{}`",
                old.returns, new.returns
            ),
            Impact::Breaking,
            "code that uses the awaited value as the old type no longer compiles",
        ));
    }
    if old.method != new.method || old.path != new.path {
        out.push(Change::new(
            Area::Operation,
            item.clone(),
            format!(
                "endpoint changed from `{} {}` to `{} {}`",
                old.method, old.path, new.method, new.path
            ),
            Impact::Compatible,
            "the same Rust signature, sent to where the API now serves it",
        ));
    }
    paginated(&item, old.paginated.as_ref(), new.paginated.as_ref(), out);
    match (old.deprecated, new.deprecated) {
        (false, true) => out.push(Change::new(
            Area::Operation,
            item,
            "deprecated".to_owned(),
            Impact::Additive,
            "`#[deprecated]` is a warning, not an error (a minor change for Cargo)",
        )),
        (true, false) => out.push(Change::new(
            Area::Operation,
            item,
            "no longer deprecated".to_owned(),
            Impact::Compatible,
            "only a warning goes away",
        )),
        _ => {}
    }
}

/// The pages and items methods of a list operation: new ones are additive, removed or
/// renamed ones (or other items) breaking.
fn paginated(
    item: &str,
    old: Option<&PaginatedApi>,
    new: Option<&PaginatedApi>,
    out: &mut Vec<Change>,
) {
    match (old, new) {
        (None, Some(new)) => out.push(Change::new(
            Area::Operation,
            item.to_owned(),
            format!("paginated: `{}()` and `{}()` added", new.pages, new.items),
            Impact::Additive,
            "new inherent methods",
        )),
        (Some(old), None) => out.push(Change::new(
            Area::Operation,
            item.to_owned(),
            format!(
                "no longer paginated: `{}()` and `{}()` removed",
                old.pages, old.items
            ),
            Impact::Breaking,
            "calls of the methods no longer compile",
        )),
        (Some(old), Some(new)) if old != new => out.push(Change::new(
            Area::Operation,
            item.to_owned(),
            format!(
                "pagination changed from `{}()`/`{}()` of `{}` to `{}()`/`{}()` of `{}`",
                old.pages, old.items, old.item, new.pages, new.items, new.item
            ),
            Impact::Breaking,
            "calls of the old methods, or code using the old item type, no longer compile",
        )),
        _ => {}
    }
}

fn types(old: &PublicApi, new: &PublicApi, out: &mut Vec<Change>) {
    for ty in &new.types {
        let item = format!("models::{}", ty.name);
        let Some(before) = old.types.iter().find(|t| t.name == ty.name) else {
            out.push(Change::new(
                Area::Type,
                item,
                format!("{} added", ty.shape.describe()),
                Impact::Additive,
                "a new public item",
            ));
            continue;
        };
        match (&before.shape, &ty.shape) {
            (Shape::Struct(a), Shape::Struct(b)) => structure(&item, a, b, out),
            (Shape::Enum(a), Shape::Enum(b)) => enumeration(&item, Area::EnumVariant, a, b, out),
            (Shape::TaggedUnion(a), Shape::TaggedUnion(b))
            | (Shape::ByStatus(a), Shape::ByStatus(b)) => {
                enumeration(&item, Area::UnionVariant, a, b, out);
            }
            (Shape::UntaggedUnion(a), Shape::UntaggedUnion(b)) => {
                enumeration(&item, Area::UnionVariant, a, b, out);
                order(&item, a, b, out);
            }
            (Shape::Tuple(a), Shape::Tuple(b)) => tuple(&item, a, b, out),
            (Shape::Alias { target: a }, Shape::Alias { target: b }) => {
                if a != b {
                    out.push(Change::new(
                        Area::Type,
                        item,
                        format!("alias changed from `{a}` to `{b}`"),
                        Impact::Breaking,
                        "code that uses it as the old type no longer compiles",
                    ));
                }
            }
            (a, b) => out.push(Change::new(
                Area::Type,
                item,
                format!("changed from {} to {}", a.describe(), b.describe()),
                Impact::Breaking,
                "code that builds, reads or matches it as before no longer compiles",
            )),
        }
    }
    for ty in &old.types {
        if !new.types.iter().any(|t| t.name == ty.name) {
            out.push(Change::new(
                Area::Type,
                format!("models::{}", ty.name),
                format!("{} removed", ty.shape.describe()),
                Impact::Breaking,
                "code that names it no longer compiles",
            ));
        }
    }
}

/// The traits `old` has that `new` lacks (breaking: code relying on them stops compiling)
/// and those it gained (additive).
fn traits(item: &str, old: &[String], new: &[String], out: &mut Vec<Change>) {
    for name in old.iter().filter(|t| !new.contains(t)) {
        out.push(Change::new(
            Area::Type,
            item.to_owned(),
            format!("no longer implements `{name}`"),
            Impact::Breaking,
            "code that relies on the trait no longer compiles",
        ));
    }
    for name in new.iter().filter(|t| !old.contains(t)) {
        out.push(Change::new(
            Area::Type,
            item.to_owned(),
            format!("now implements `{name}`"),
            Impact::Additive,
            "a new trait implementation",
        ));
    }
}

fn structure(item: &str, old: &StructApi, new: &StructApi, out: &mut Vec<Change>) {
    traits(item, &old.traits, &new.traits, out);
    match (old.exhaustive, new.exhaustive) {
        (true, false) => out.push(Change::new(
            Area::Type,
            item.to_owned(),
            "now `#[non_exhaustive]`".to_owned(),
            Impact::Breaking,
            "other crates can no longer build it with a struct literal",
        )),
        (false, true) => out.push(Change::new(
            Area::Type,
            item.to_owned(),
            "no longer `#[non_exhaustive]`".to_owned(),
            Impact::Additive,
            "struct literals become possible",
        )),
        _ => {}
    }
    for field in &new.fields {
        let path = format!("{item}::{}", field.name);
        match old.fields.iter().find(|f| f.name == field.name) {
            Some(was) => field_change(&path, was, field, out),
            None if old.exhaustive => out.push(Change::new(
                Area::Field,
                path,
                format!("field added: `{}` ({})", field.ty, presence(field)),
                Impact::Breaking,
                "every field is public and the struct is not `#[non_exhaustive]`: struct literals without `..` must now name it",
            )),
            None => out.push(Change::new(
                Area::Field,
                path,
                format!("field added: `{}` ({})", field.ty, presence(field)),
                Impact::Additive,
                "the struct is `#[non_exhaustive]`: other crates build it with `new` or `default()`, whose arguments a field changes only if it is required (reported apart)",
            )),
        }
    }
    for field in &old.fields {
        if !new.fields.iter().any(|f| f.name == field.name) {
            out.push(Change::new(
                Area::Field,
                format!("{item}::{}", field.name),
                format!("field removed (was `{}`, {})", field.ty, presence(field)),
                Impact::Breaking,
                "code that reads, writes or builds it no longer compiles",
            ));
        }
    }
    let path = format!("{item}::new");
    match (&old.constructor, &new.constructor) {
        (None, Some(args)) => out.push(Change::new(
            Area::Constructor,
            path,
            format!("constructor added: `new({})`", args.join(", ")),
            Impact::Additive,
            "a new associated function",
        )),
        (Some(args), None) => out.push(Change::new(
            Area::Constructor,
            path,
            format!("constructor removed (was `new({})`)", args.join(", ")),
            Impact::Breaking,
            "calls of `new` no longer compile",
        )),
        (Some(a), Some(b)) if a != b => out.push(Change::new(
            Area::Constructor,
            path,
            format!(
                "constructor changed from `new({})` to `new({})`",
                a.join(", "),
                b.join(", ")
            ),
            Impact::Breaking,
            "calls with the old arguments no longer compile",
        )),
        _ => {}
    }
}

/// A tuple struct is built with all its fields, in order (`Name(a, b)`), and read by
/// index: a position whose type changes, one more or one less, and a rest added or removed
/// each break code that builds or reads it.
fn tuple(item: &str, old: &TupleApi, new: &TupleApi, out: &mut Vec<Change>) {
    traits(item, &old.traits, &new.traits, out);
    let count = old.positions.len().max(new.positions.len());
    for i in 0..count {
        let path = format!("{item}::{i}");
        let (summary, why) = match (old.positions.get(i), new.positions.get(i)) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(b)) => (
                format!("position {i} changed from `{a}` to `{b}`"),
                "code that builds or reads it as the old type no longer compiles",
            ),
            (None, Some(b)) => (
                format!("position {i} added: `{b}`"),
                "code that builds it with the old fields no longer compiles",
            ),
            (Some(a), None) => (
                format!("position {i} removed (was `{a}`)"),
                "code that builds or reads it no longer compiles",
            ),
            (None, None) => continue,
        };
        out.push(Change::new(
            Area::Field,
            path,
            summary,
            Impact::Breaking,
            why,
        ));
    }
    let path = format!("{item}::{}", new.positions.len());
    let (summary, why) = match (&old.rest, &new.rest) {
        (None, Some(b)) => (
            format!("rest added: `{b}`, the items after the positions"),
            "the tuple has one field more, which code that builds it must give",
        ),
        (Some(a), None) => (
            format!("rest removed (was `{a}`): no item may follow the positions"),
            "code that builds or reads the rest no longer compiles",
        ),
        (Some(a), Some(b)) if a != b => (
            format!("rest changed from `{a}` to `{b}`"),
            "code that builds or reads it as the old type no longer compiles",
        ),
        _ => return,
    };
    out.push(Change::new(
        Area::Field,
        path,
        summary,
        Impact::Breaking,
        why,
    ));
}

fn presence(field: &FieldApi) -> &'static str {
    match (field.required, field.nullable) {
        (true, false) => "required",
        (true, true) => "required, nullable",
        (false, false) => "optional",
        (false, true) => "optional, nullable",
    }
}

fn field_change(item: &str, old: &FieldApi, new: &FieldApi, out: &mut Vec<Change>) {
    let facts = if (old.required, old.nullable) == (new.required, new.nullable) {
        String::new()
    } else {
        format!(" ({} -> {})", presence(old), presence(new))
    };
    if old.ty != new.ty {
        out.push(Change::new(
            Area::Field,
            item.to_owned(),
            format!("type changed from `{}` to `{}`{facts}", old.ty, new.ty),
            Impact::Breaking,
            "code that reads or writes it as the old type no longer compiles",
        ));
    } else if !facts.is_empty() {
        out.push(Change::new(
            Area::Field,
            item.to_owned(),
            format!("presence changed{facts}, type still `{}`", new.ty),
            Impact::Compatible,
            "the same Rust type: only how `None` goes on the wire changes (sent as `null` or left out)",
        ));
    }
    if old.wire() != new.wire() {
        out.push(Change::new(
            Area::Field,
            item.to_owned(),
            format!(
                "wire name changed from `{}` to `{}`",
                old.wire(),
                new.wire()
            ),
            Impact::Compatible,
            "the same Rust field, sent under the API's new name",
        ));
    }
}

fn enumeration(item: &str, area: Area, old: &EnumApi, new: &EnumApi, out: &mut Vec<Change>) {
    traits(item, &old.traits, &new.traits, out);
    match (old.exhaustive, new.exhaustive) {
        (true, false) => out.push(Change::new(
            Area::Type,
            item.to_owned(),
            "now `#[non_exhaustive]`".to_owned(),
            Impact::Breaking,
            "matches in other crates need a wildcard arm",
        )),
        (false, true) => out.push(Change::new(
            Area::Type,
            item.to_owned(),
            "no longer `#[non_exhaustive]`".to_owned(),
            Impact::Additive,
            "a wildcard arm becomes unnecessary, not wrong",
        )),
        _ => {}
    }
    for variant in &new.variants {
        let path = format!("{item}::{}", variant.name);
        let shown = variant
            .wire
            .as_deref()
            .map_or_else(String::new, |w| format!(" (`{w}`)"));
        let Some(was) = old.variants.iter().find(|v| v.name == variant.name) else {
            out.push(if old.exhaustive {
                Change::new(
                    area,
                    path,
                    format!("variant added{shown}"),
                    Impact::Breaking,
                    "the enum is exhaustive: a `match` without a wildcard arm no longer covers it (values the fallback held before now decode to it)",
                )
            } else {
                Change::new(
                    area,
                    path,
                    format!("variant added{shown}"),
                    Impact::Additive,
                    "the enum is `#[non_exhaustive]`: every match already has a wildcard arm",
                )
            });
            continue;
        };
        if was.payload != variant.payload {
            let spell = |p: &Option<String>| {
                p.as_deref()
                    .map_or("nothing".to_owned(), |p| format!("`{p}`"))
            };
            out.push(Change::new(
                area,
                path.clone(),
                format!(
                    "payload changed from {} to {}",
                    spell(&was.payload),
                    spell(&variant.payload)
                ),
                Impact::Breaking,
                "patterns and constructions of the variant no longer compile",
            ));
        }
        if was.wire != variant.wire {
            let spell =
                |w: &Option<String>| w.as_deref().map_or("none".to_owned(), |w| format!("`{w}`"));
            out.push(Change::new(
                area,
                path,
                format!(
                    "wire value changed from {} to {}",
                    spell(&was.wire),
                    spell(&variant.wire)
                ),
                Impact::Compatible,
                "the same Rust variant, read from and sent as the API's new value",
            ));
        }
    }
    for variant in &old.variants {
        if !new.variants.iter().any(|v| v.name == variant.name) {
            let shown = variant
                .wire
                .as_deref()
                .map_or_else(String::new, |w| format!(" (`{w}`)"));
            out.push(Change::new(
                area,
                format!("{item}::{}", variant.name),
                format!("variant removed{shown}"),
                Impact::Breaking,
                "code that names the variant no longer compiles",
            ));
        }
    }
}

/// An untagged union decodes to its first variant that fits: the variants both versions have,
/// tried in another order, may decode a payload to another variant.
fn order(item: &str, old: &EnumApi, new: &EnumApi, out: &mut Vec<Change>) {
    let common = |of: &EnumApi, other: &EnumApi| -> Vec<String> {
        of.variants
            .iter()
            .filter(|v| other.variants.iter().any(|o| o.name == v.name))
            .map(|v| v.name.clone())
            .collect()
    };
    let (before, after) = (common(old, new), common(new, old));
    if before != after {
        out.push(Change::new(
            Area::UnionVariant,
            item.to_owned(),
            format!(
                "variants tried in another order: {} (was {})",
                after.join(", "),
                before.join(", ")
            ),
            Impact::Compatible,
            "the same Rust enum; a payload that fits several variants may decode to another",
        ));
    }
}

fn auth(old: &[AuthScheme], new: &[AuthScheme], out: &mut Vec<Change>) {
    for scheme in new {
        let item = format!("security scheme `{}`", scheme.scheme);
        let Some(was) = old.iter().find(|s| s.scheme == scheme.scheme) else {
            out.push(Change::new(
                Area::Auth,
                item,
                format!(
                    "added: `ClientBuilder::{}`, `{}`, sent {}",
                    scheme.builder, scheme.env, scheme.sent
                ),
                Impact::Additive,
                "a new way to give a credential",
            ));
            continue;
        };
        if was.builder != scheme.builder {
            out.push(Change::new(
                Area::Auth,
                item.clone(),
                format!(
                    "builder method changed from `ClientBuilder::{}` to `ClientBuilder::{}`",
                    was.builder, scheme.builder
                ),
                Impact::Breaking,
                "calls of the old method give no credential for it, or no longer compile",
            ));
        }
        if was.env != scheme.env {
            out.push(Change::new(
                Area::Auth,
                item.clone(),
                format!(
                    "environment variable changed from `{}` to `{}`",
                    was.env, scheme.env
                ),
                Impact::Breaking,
                "`Client::from_env` no longer finds the credential where deployments set it",
            ));
        }
        if was.sent != scheme.sent {
            out.push(Change::new(
                Area::Auth,
                item,
                format!("now sent {} (was {})", scheme.sent, was.sent),
                Impact::Compatible,
                "the same credential, sent as the API now asks",
            ));
        }
    }
    for scheme in old {
        if !new.iter().any(|s| s.scheme == scheme.scheme) {
            // `api_key` belongs to the runtime and stays; a scheme's own method goes.
            let (impact, why) = if scheme.builder == API_KEY_METHOD {
                (
                    Impact::Compatible,
                    "`ClientBuilder::api_key` stays; the credential is no longer sent",
                )
            } else {
                (
                    Impact::Breaking,
                    "its builder method is gone: calls of it no longer compile",
                )
            };
            out.push(Change::new(
                Area::Auth,
                format!("security scheme `{}`", scheme.scheme),
                format!(
                    "removed (was `ClientBuilder::{}`, `{}`)",
                    scheme.builder, scheme.env
                ),
                impact,
                why,
            ));
        }
    }
}
