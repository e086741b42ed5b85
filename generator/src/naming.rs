//! Every Rust identifier the generator emits is made here: case conversion (the only user of
//! `heck`), Rust keywords, leading digits, empty and non-ASCII names, and collisions between
//! names that differ on the wire but map to one identifier.
//!
//! # Stable names
//!
//! Lowering refers to types by [`TypeId`] and gives each a [`NameHint`]; [`assign`] names
//! them all at once, after lowering (the passes after it, boxing, variant order and the
//! deduplication of inline copies, need no names: a copy keeps its own as an alias). A collision (two types, fields, variants or methods whose
//! candidates are one identifier) is settled by a rule that looks at what collides, never at
//! the order the spec was walked in, so that a spec change that only adds things does not
//! rename what was there:
//!
//! 1. Types: `Nullable` is the crate's own. Then component schemas, a schema whose name is
//!    already its Rust name (`Pet`) before one that needed converting (`pet`), then in the
//!    order of their pointers. Then the resource handle types (`Instances`,
//!    `CustomersSources` for a sub-resource), by the accessor names that reach them, in a
//!    scope of their own (each lives alone in its module).
//!    Then inline schemas, each once its parent is named (an inline name starts with its
//!    parent's final name): the one whose own part of the name is shortest first, as the
//!    nearer owner (`PetOwner` + `Info` before `Pet` + `OwnerInfo`), then in the order of
//!    their pointers ([`compare_pointers`]: segment by segment, array indexes by value).
//! 2. Fields, parameters and enum variants ([`settle`] with [`exact_first`]): a wire name that
//!    is its Rust name already (`foo_bar`) before one that needed converting (`fooBar`), then
//!    by wire name; the map of additional properties comes after the declared fields. The
//!    same rule names resource accessors (from tag or group names) and the builder methods
//!    and environment variables of security schemes (from scheme names).
//! 3. Methods of a resource: in the order of their operations' pointers (path, then method).
//!    Then the accessors of its sub-resources, by rule 2, after its methods.
//! 4. Untagged union variants, named after their types: in the order of the `oneOf`.
//! 5. The pages and items methods of a paginated operation (`list_pages`, `list_items`),
//!    after every operation's method, in the order of the operations.
//!
//! The losers are numbered (`PetOwnerInfo2`, `foo_bar_2`). The limits, honestly: a new
//! name that collides with an existing one and ranks before it by these rules still takes
//! the plain name (a new component `PetOwnerInfo` renames an inline `PetOwner.info`); an
//! item inserted at the start of an array (a `oneOf` member, a parameter) moves the pointers
//! of those after it; and a type whose parent is renamed is renamed with it. Two types only
//! fall back to the order lowering made them in when all of the above ties, which needs one
//! schema lowered twice under one name (an `allOf` member merged into two structs whose
//! names collide).

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};

use crate::diagnostics::compare_pointers;
use crate::ir::{Api, HintBase, NameHint, TypeId, TypeKind, TypeRef};

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers (strict and reserved keywords of every edition) and so get
/// a trailing underscore.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Replaces characters that cannot appear in an identifier by word breaks, and spells out
/// non-ASCII characters as their code point so that distinct names stay distinct.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        }
    }
    out
}

fn escape_keyword(mut name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The `UpperCamelCase` name of a type made from a schema name or a location.
pub fn type_name(raw: &str) -> String {
    camel(raw, "Type", "Unnamed")
}

/// The `UpperCamelCase` name of an enum variant made from a wire value.
pub fn variant_name(raw: &str) -> String {
    camel(raw, "V", "Empty")
}

fn camel(raw: &str, digit_prefix: &str, empty: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        empty.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// The `snake_case` name of a field, parameter or method.
pub fn field_name(raw: &str) -> String {
    let name = words(raw).to_snake_case();
    let name = if name.is_empty() {
        "value".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// The builder method that sets the optional field `field` (a name made by [`field_name`]):
/// `with_` and the field's name without the underscores that escaping added, so `_2fa` sets
/// with `with_2fa` (not `with__2fa`, which is not snake case) and `type_` with `with_type`.
/// Distinct fields get distinct setters: only a leading digit gives a field name a leading
/// underscore and only a keyword a trailing one, and neither a digit-led word nor a keyword
/// is a field name. Setters meet no field (another namespace) and no `new` (no `with_`).
pub fn setter_name(field: &str) -> String {
    format!(
        "with_{}",
        field.trim_start_matches('_').trim_end_matches('_')
    )
}

/// The parameter names of a `new` that takes the fields `fields` (names made by
/// [`field_name`], distinct): each field's own name, except one of only underscores and
/// digits (`_1`, from a property `1`), which clippy rejects as a parameter name and which
/// becomes `value_1` (numbered should a field already have that name).
pub fn constructor_params(fields: &[&str]) -> Vec<String> {
    let bare = |name: &str| name.chars().all(|c| c == '_' || c.is_ascii_digit());
    let mut scope = Scope::default();
    for name in fields.iter().filter(|name| !bare(name)) {
        scope.claim((*name).to_owned());
    }
    fields
        .iter()
        .map(|name| {
            if bare(name) {
                scope.claim(format!("value{name}"))
            } else {
                (*name).to_owned()
            }
        })
        .collect()
}

/// The part of an environment variable's name that a security scheme's credential is read
/// from, `SCREAMING_SNAKE_CASE`, ending in `suffix` (`TOKEN`, `API_KEY`) unless the scheme's
/// name already does: `bearerAuth` is `BEARER_AUTH_TOKEN`, `api_key` stays `API_KEY`.
pub fn scheme_env(scheme: &str, suffix: &str) -> String {
    let name = words(scheme).to_shouty_snake_case();
    if name.is_empty() {
        suffix.to_owned()
    } else if name == suffix || name.ends_with(&format!("_{suffix}")) {
        name
    } else {
        format!("{name}_{suffix}")
    }
}

/// A namespace (the types of a crate, the fields of a struct, the variants of an enum) that
/// hands out each identifier once: a second claim on `foo` gets `foo_2` (or `Foo2`), then
/// `foo_3`, in the order of the claims; [`settle`] orders the claims so that the result does
/// not depend on the spec's order.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Takes `candidate`, or the first free numbered form of it.
    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        // `UpperCamelCase` names take a bare number, even `Self_` (`Self2`, not `Self_2`,
        // which is no camel case); `snake_case` and `SHOUTY_SNAKE` ones take `_2`.
        let camel = candidate.starts_with(|c: char| c.is_ascii_uppercase())
            && candidate.chars().any(|c| c.is_ascii_lowercase());
        (2..)
            .map(|n| {
                if camel {
                    format!("{}{n}", candidate.trim_end_matches('_'))
                } else {
                    format!("{}_{n}", candidate.trim_end_matches('_'))
                }
            })
            .find(|name| self.taken.insert(name.clone()))
            .unwrap_or(candidate)
    }
}

/// Settles the names of one namespace at once: each claim is a candidate with a key, the
/// claims are taken in the order of their keys (equal keys in the given order), and the names
/// come back in the given order. Who keeps the plain name then depends on the keys alone.
pub fn settle<K: Ord>(scope: &mut Scope, claims: Vec<(String, K)>) -> Vec<String> {
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_by(|&a, &b| claims[a].1.cmp(&claims[b].1).then(a.cmp(&b)));
    let mut names = vec![String::new(); claims.len()];
    let mut claims: Vec<Option<String>> = claims.into_iter().map(|(c, _)| Some(c)).collect();
    for i in order {
        if let Some(candidate) = claims[i].take() {
            names[i] = scope.claim(candidate);
        }
    }
    names
}

/// The key of a claim on `candidate`, made from the wire name `wire`, for [`settle`]: a wire
/// name that is already its Rust name first, then by wire name.
pub fn exact_first(candidate: &str, wire: &str) -> (bool, String) {
    (candidate != wire, wire.to_owned())
}

/// A JSON pointer ordered by [`compare_pointers`], as a key for [`settle`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointerOrder(pub String);

impl Ord for PointerOrder {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_pointers(&self.0, &other.0)
    }
}

impl PartialOrd for PointerOrder {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Names the generated crate defines itself beside the models.
const RESERVED_TYPE_NAMES: &[&str] = &["Nullable"];

/// Name of the variant that keeps what the spec did not list.
pub const FALLBACK: &str = "Unknown";

/// The fallback variant's name: `Unknown`, unless the spec has a value that took it.
pub fn fallback(scope: &mut Scope) -> String {
    let mut probe = scope.clone();
    let name = probe.claim(FALLBACK.to_owned());
    if name == FALLBACK {
        scope.claim(name)
    } else {
        scope.claim(format!("{FALLBACK}Value"))
    }
}

/// The naming pass: gives every type of `api` its Rust name, every resource its handle type
/// name and every untagged union variant its name, by the rules of this module's
/// documentation, then indexes the types by name.
pub fn assign(api: &mut Api) {
    let count = api.types.len();
    let mut scope = Scope::with_reserved(RESERVED_TYPE_NAMES);
    let mut names: Vec<Option<String>> = vec![None; count];
    let hints: Vec<(NameHint, String)> = api
        .types
        .iter()
        .map(|def| (def.hint.clone(), def.origin.clone()))
        .collect();

    let mut components: Vec<usize> = (0..count)
        .filter(|&i| hints[i].0.base == HintBase::Component)
        .collect();
    // Each key once: making a name is not cheap, and a sort compares each key many times.
    components.sort_by_cached_key(|&i| {
        let text = &hints[i].0.text;
        (
            type_name(text) != *text,
            PointerOrder(hints[i].1.clone()),
            i,
        )
    });
    for i in components {
        names[i] = Some(scope.claim(type_name(&hints[i].0.text)));
    }

    let claims = api
        .resources
        .iter()
        .map(|r| (type_name(&r.path("_")), r.path(".")))
        .collect();
    // Each handle type is alone in its module, which names every other type by its full
    // path, so handles need not avoid the models' names: a resource `call` beside a schema
    // `Call` is `call::Call`, and its parameters `CallListParameters`, not `Call2...`. A
    // sub-resource's handle starts with its parents' names (`CustomersSources`), so that the
    // types named after it do not meet those of another `sources`.
    let handles = settle(&mut Scope::default(), claims);
    for (resource, name) in api.resources.iter_mut().zip(&handles) {
        resource.type_name.clone_from(name);
    }

    // Inline types: a heap of those whose parent is named, least key first.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut ready = BinaryHeap::new();
    let key = |i: usize| {
        let own = hints[i]
            .0
            .text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .count();
        std::cmp::Reverse((own, PointerOrder(hints[i].1.clone()), i))
    };
    for (i, (hint, _)) in hints.iter().enumerate() {
        match hint.base {
            HintBase::Component => {}
            HintBase::Type(TypeId(parent)) if parent < count => children[parent].push(i),
            HintBase::None | HintBase::Resource(_) | HintBase::Type(_) => ready.push(key(i)),
        }
    }
    for parent in 0..count {
        if names[parent].is_some() {
            ready.extend(children[parent].iter().map(|&i| key(i)));
        }
    }
    while let Some(std::cmp::Reverse((_, _, i))) = ready.pop() {
        let base = match hints[i].0.base {
            HintBase::Type(TypeId(parent)) => names.get(parent).cloned().flatten(),
            HintBase::Resource(r) => handles.get(r).cloned(),
            HintBase::None | HintBase::Component => None,
        };
        let base = base.unwrap_or_default();
        names[i] = Some(scope.claim(type_name(&format!("{base}{}", hints[i].0.text))));
        ready.extend(children[i].iter().map(|&j| key(j)));
    }

    let names: Vec<String> = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| name.unwrap_or_else(|| scope.claim(type_name(&hints[i].0.text))))
        .collect();
    for (def, name) in api.types.as_mut_slice().iter_mut().zip(&names) {
        def.name.clone_from(name);
    }
    for def in api.types.as_mut_slice() {
        if let TypeKind::Untagged(u) = &mut def.kind {
            let mut variants = Scope::default();
            for variant in &mut u.variants {
                let label = match &variant.ty {
                    TypeRef::Named(id) => names.get(id.0).map_or("Named", String::as_str),
                    other => expression_label(other),
                };
                variant.name = variants.claim(variant_name(label));
            }
            u.fallback = fallback(&mut variants);
        }
    }
    api.types.index_names();
}

/// Names the two methods of each paginated operation, `<method>_pages` and
/// `<method>_items`, in the scope of its resource's methods: the operations and the
/// sub-resources' accessors keep their names (they are claimed first), and a pagination
/// method whose name one of them has is numbered, the operations taken in their order.
pub fn pagination_methods(resources: &mut [crate::ir::Resource]) {
    let scopes: Vec<Scope> = resources
        .iter()
        .map(|resource| {
            let children = resources.iter().filter(|r| resource.is_parent_of(r));
            let names: Vec<&str> = resource
                .operations
                .iter()
                .map(|op| op.name.as_str())
                .chain(children.map(|r| r.name.as_str()))
                .collect();
            let mut scope = Scope::with_reserved(&names);
            scope.claim("new".to_owned());
            scope
        })
        .collect();
    for (resource, mut scope) in resources.iter_mut().zip(scopes) {
        for op in &mut resource.operations {
            if let Some(pagination) = &mut op.pagination {
                pagination.pages_method = scope.claim(format!("{}_pages", op.name));
                pagination.items_method = scope.claim(format!("{}_items", op.name));
            }
        }
    }
}

/// A variant name for an untagged union member that has no type name of its own.
fn expression_label(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Bool => "Boolean",
        TypeRef::Integer { .. } => "Integer",
        TypeRef::Float { .. } => "Number",
        TypeRef::String => "String",
        TypeRef::Json => "Json",
        TypeRef::File => "File",
        TypeRef::Binary => "Binary",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Option(inner) => expression_label(inner),
        TypeRef::Named(_) => "Named",
        TypeRef::Boxed(inner) => expression_label(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let table = [
            ("Assistant", "Assistant"),
            ("assistant_create_params", "AssistantCreateParams"),
            ("llm-model", "LlmModel"),
            ("Self", "Self_"),
            ("3dModel", "Type3dModel"),
            ("", "Unnamed"),
            ("$%", "Unnamed"),
            ("Option", "Option"),
            ("café", "CafUe9"),
        ];
        for (raw, expected) in table {
            assert_eq!(type_name(raw), expected, "type_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("audio/office.ogg", "AudioOfficeOgg"),
            ("gpt-4.1", "Gpt41"),
            ("ministral-3-8b-instruct", "Ministral38bInstruct"),
            ("dedicated-instance", "DedicatedInstance"),
            ("none", "None"),
            ("", "Empty"),
            ("200", "V200"),
            ("self", "Self_"),
        ];
        for (raw, expected) in table {
            assert_eq!(variant_name(raw), expected, "variant_name({raw:?})");
        }
    }

    #[test]
    fn field_names() {
        let table = [
            ("first_sentence_delay_ms", "first_sentence_delay_ms"),
            ("openrouterModelId", "openrouter_model_id"),
            ("type", "type_"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("async", "async_"),
            ("2fa", "_2fa"),
            ("", "value"),
            ("x-request-id", "x_request_id"),
            ("@type", "type_"),
        ];
        for (raw, expected) in table {
            assert_eq!(field_name(raw), expected, "field_name({raw:?})");
        }
    }

    #[test]
    fn setter_names() {
        let table = [
            ("voice", "with_voice"),
            ("first_sentence_delay_ms", "with_first_sentence_delay_ms"),
            ("type_", "with_type"),
            ("self_", "with_self"),
            ("_2fa", "with_2fa"),
            ("with_x", "with_with_x"),
            ("foo_bar_2", "with_foo_bar_2"),
        ];
        for (field, expected) in table {
            assert_eq!(setter_name(field), expected, "setter_name({field:?})");
        }
        // Through `field_name`, distinct wire names keep distinct setters.
        let mut fields = Scope::default();
        let setters: BTreeSet<String> = ["type", "type_", "2fa", "_2fa", "with_x", "x"]
            .iter()
            .map(|w| setter_name(&fields.claim(field_name(w))))
            .collect();
        assert_eq!(setters.len(), 6, "{setters:?}");
    }

    #[test]
    fn constructor_params_avoid_bare_digits() {
        assert_eq!(
            constructor_params(&["name", "_1", "_2", "value_2", "_2fa"]),
            ["name", "value_1", "value_2_2", "value_2", "_2fa"]
        );
    }

    #[test]
    fn scheme_env_names() {
        let table = [
            ("bearerAuth", "TOKEN", "BEARER_AUTH_TOKEN"),
            ("api_key", "API_KEY", "API_KEY"),
            ("ApiKey", "API_KEY", "API_KEY"),
            ("partner-key", "API_KEY", "PARTNER_KEY_API_KEY"),
            ("basic", "CREDENTIALS", "BASIC_CREDENTIALS"),
            ("$", "TOKEN", "TOKEN"),
        ];
        for (scheme, suffix, expected) in table {
            assert_eq!(scheme_env(scheme, suffix), expected, "{scheme}");
        }
    }

    /// One row per type: its hint's base (an index into the table, or `None` for a component)
    /// and text, its origin, and the name it must get.
    type Row = (Option<usize>, &'static str, &'static str, &'static str);

    /// Names the types of `rows`, given in the order of `order`, and returns each row's name.
    fn assigned(rows: &[Row], order: &[usize]) -> Vec<String> {
        use crate::ir::{Struct, TypeDef, Types};
        let position = |row: usize| order.iter().position(|&r| r == row).unwrap_or(0);
        let defs = order
            .iter()
            .map(|&row| {
                let (base, text, origin, _) = rows[row];
                TypeDef {
                    name: String::new(),
                    origin: origin.to_owned(),
                    hint: NameHint {
                        base: base
                            .map_or(HintBase::Component, |b| HintBase::Type(TypeId(position(b)))),
                        text: text.to_owned(),
                    },
                    doc: None,
                    facts: crate::ir::Facts::default(),
                    kind: TypeKind::Struct(Struct {
                        fields: Vec::new(),
                        additional: None,
                        serde: true,
                    }),
                }
            })
            .collect();
        let mut api = Api {
            title: String::new(),
            version: String::new(),
            description: None,
            base_url: None,
            schemes: Vec::new(),
            security: Vec::new(),
            types: Types::new(defs),
            resources: Vec::new(),
        };
        assign(&mut api);
        (0..rows.len())
            .map(|row| api.types[TypeId(position(row))].name.clone())
            .collect()
    }

    #[test]
    fn type_collisions_are_settled_by_origin_not_walk_order() {
        let rows: &[Row] = &[
            // 0, 1: the example of the rule, in either order.
            (None, "Pet", "#/components/schemas/Pet", "Pet"),
            (
                None,
                "PetOwner",
                "#/components/schemas/PetOwner",
                "PetOwner",
            ),
            // `PetOwner` + `Info` is nearer its owner than `Pet` + `OwnerInfo`.
            (
                Some(0),
                "OwnerInfo",
                "#/components/schemas/Pet/properties/owner_info",
                "PetOwnerInfo2",
            ),
            (
                Some(1),
                "Info",
                "#/components/schemas/PetOwner/properties/info",
                "PetOwnerInfo",
            ),
            // A component named so beats any inline schema.
            (None, "PetTag", "#/components/schemas/PetTag", "PetTag"),
            (
                Some(0),
                "Tag",
                "#/components/schemas/Pet/properties/tag",
                "PetTag2",
            ),
            // `pet_kind` needs converting, `PetKind` does not.
            (
                None,
                "pet_kind",
                "#/components/schemas/pet_kind",
                "PetKind2",
            ),
            (None, "PetKind", "#/components/schemas/PetKind", "PetKind"),
            // Equal own parts: by pointer, array indexes by value.
            (
                Some(1),
                "Variant1",
                "#/components/schemas/PetOwner/oneOf/10",
                "PetOwnerVariant12",
            ),
            (
                Some(1),
                "Variant1",
                "#/components/schemas/PetOwner/oneOf/9",
                "PetOwnerVariant1",
            ),
            // The child of a renamed type starts with its new name.
            (
                Some(2),
                "Item",
                "#/components/schemas/Pet/properties/owner_info/items",
                "PetOwnerInfo2Item",
            ),
            // `Nullable` is the crate's own.
            (
                None,
                "Nullable",
                "#/components/schemas/Nullable",
                "Nullable2",
            ),
        ];
        let expected: Vec<&str> = rows.iter().map(|r| r.3).collect();
        let forward: Vec<usize> = (0..rows.len()).collect();
        assert_eq!(assigned(rows, &forward), expected);
        // The order lowering made the types in does not matter.
        let mut backward: Vec<usize> = vec![0, 1];
        backward.extend((2..rows.len()).rev());
        assert_eq!(assigned(rows, &backward), expected);
        let mut components_last: Vec<usize> = forward.clone();
        components_last.sort_by_key(|&r| rows[r].0.is_none());
        assert_eq!(assigned(rows, &components_last), expected);
    }

    #[test]
    fn local_collisions_are_settled_by_wire_name() {
        let table: &[(&[&str], &[&str])] = &[
            (
                &["fooBar", "foo_bar", "FOO-BAR"],
                &["foo_bar_3", "foo_bar", "foo_bar_2"],
            ),
            (&["foo_bar", "fooBar"], &["foo_bar", "foo_bar_2"]),
            (&["type", "type_"], &["type_2", "type_"]),
        ];
        for (wires, expected) in table {
            let claims = wires
                .iter()
                .map(|w| (field_name(w), exact_first(&field_name(w), w)))
                .collect();
            assert_eq!(
                &settle(&mut Scope::default(), claims),
                expected,
                "{wires:?}"
            );
            // The same names whatever the order of the wire names.
            let reversed: Vec<_> = wires
                .iter()
                .rev()
                .map(|w| (field_name(w), exact_first(&field_name(w), w)))
                .collect();
            let mut names = settle(&mut Scope::default(), reversed);
            names.reverse();
            assert_eq!(&names, expected, "{wires:?} reversed");
        }
    }

    #[test]
    fn self_and_self_are_camel_case_variants() {
        let claims = ["self", "Self"]
            .iter()
            .map(|w| (variant_name(w), exact_first(&variant_name(w), w)))
            .collect();
        assert_eq!(settle(&mut Scope::default(), claims), ["Self2", "Self_"]);
        let mut types = Scope::default();
        assert_eq!(types.claim("Self_".to_owned()), "Self_");
        assert_eq!(types.claim("Self_".to_owned()), "Self2");
        let mut envs = Scope::default();
        assert_eq!(envs.claim("API_KEY".to_owned()), "API_KEY");
        assert_eq!(envs.claim("API_KEY".to_owned()), "API_KEY_2");
    }

    #[test]
    fn pagination_methods_give_way_to_operations() {
        use crate::ir::{Items, NextPage, Operation, Outcome, Pagination, Resource, ResponseKind};
        let op = |name: &str, paginated: bool| Operation {
            name: name.to_owned(),
            method: "GET".to_owned(),
            path: "/".to_owned(),
            path_parts: Vec::new(),
            doc: None,
            path_params: Vec::new(),
            parameters: None,
            body: None,
            response: ResponseKind::Empty,
            accept: None,
            deprecated: false,
            security: Vec::new(),
            outcome: Outcome::Success,
            idempotency: crate::ir::Idempotency::Unset,
            stream: None,
            pagination: paginated.then(|| Pagination {
                next: NextPage::LinkHeader,
                items: Items::Body,
                has_more: None,
                total: None,
                size: None,
                default_size: None,
                pages_method: String::new(),
                items_method: String::new(),
            }),
        };
        // (operations, whether each paginates) -> the pages and items methods of each.
        type Row = (
            &'static [(&'static str, bool)],
            &'static [(&'static str, &'static str)],
        );
        let rows: &[Row] = &[
            (&[("list", true)], &[("list_pages", "list_items")]),
            // An operation keeps its name; the pages method is numbered.
            (
                &[("list", true), ("list_pages", false)],
                &[("list_pages_2", "list_items")],
            ),
            // Two lists whose methods would meet: the first in operation order wins.
            (
                &[("list", true), ("list_pages", true)],
                &[
                    ("list_pages_2", "list_items"),
                    ("list_pages_pages", "list_pages_items"),
                ],
            ),
        ];
        for (ops, expected) in rows {
            let mut resources = vec![Resource {
                name: "r".to_owned(),
                parents: Vec::new(),
                type_name: "R".to_owned(),
                doc: None,
                operations: ops.iter().map(|(name, p)| op(name, *p)).collect(),
            }];
            pagination_methods(&mut resources);
            let got: Vec<(String, String)> = resources[0]
                .operations
                .iter()
                .filter_map(|op| op.pagination.as_ref())
                .map(|p| (p.pages_method.clone(), p.items_method.clone()))
                .collect();
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect();
            assert_eq!(got, expected, "{ops:?}");
        }
    }

    #[test]
    fn collisions_get_numbered_in_claim_order() {
        let mut fields = Scope::default();
        assert_eq!(fields.claim(field_name("fooBar")), "foo_bar");
        assert_eq!(fields.claim(field_name("foo_bar")), "foo_bar_2");
        assert_eq!(fields.claim(field_name("FOO-BAR")), "foo_bar_3");
        let mut keywords = Scope::default();
        assert_eq!(keywords.claim(field_name("type")), "type_");
        assert_eq!(keywords.claim(field_name("type_")), "type_2");
        let mut types = Scope::with_reserved(&["Unknown"]);
        assert_eq!(types.claim(type_name("pet")), "Pet");
        assert_eq!(types.claim(type_name("Pet")), "Pet2");
        assert_eq!(types.claim(variant_name("unknown")), "Unknown2");
    }
}
