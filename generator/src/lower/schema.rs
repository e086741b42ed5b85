//! Schema lowering: objects become structs, string enums open enums, discriminated unions
//! tagged enums, other unions untagged enums, `allOf` one merged struct, and the rest type
//! expressions. Inline schemas that need a name get one from their location.

use indexmap::IndexSet;
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

use super::facts::facts;
use super::shape::{ObjectView, Rest, Shape, TupleView, all_of_siblings, shape, union_siblings};
use super::{AsSchemaRef, Lowerer, SchemaRef};
use crate::diagnostics::Pointer;
use crate::ir::{
    EnumVariant, Facts, Field, NameHint, OpenEnum, Position, Presence, Struct, TaggedUnion,
    TaggedVariant, Tuple, TypeId, TypeKind, TypeRef, UntaggedUnion, UntaggedVariant,
};
use crate::naming::{self, FALLBACK, Scope, exact_first, fallback, settle};
use crate::refs;

impl<'a> Lowerer<'a> {
    /// Defines the reserved type `id` from `schema`; `omit` names a property to leave out (the
    /// tag of a union the type is a variant of).
    pub(super) fn define(
        &mut self,
        id: TypeId,
        schema: SchemaRef<'a>,
        at: &Pointer,
        omit: Option<&str>,
    ) {
        self.order.push(id);
        let (doc, facts, kind) = match schema {
            SchemaRef::Ref(reference) => (
                None,
                Facts::default(),
                TypeKind::Alias(self.reference(reference, at)),
            ),
            SchemaRef::Item(schema) => (
                description(schema),
                facts(schema),
                self.kind(id, schema, at, omit),
            ),
        };
        if let Some(def) = self.types.get_mut(id.0) {
            def.doc = doc;
            def.facts = facts;
            def.kind = kind;
        }
    }

    fn kind(
        &mut self,
        name: TypeId,
        schema: &'a Schema,
        at: &Pointer,
        omit: Option<&str>,
    ) -> TypeKind {
        match shape(schema) {
            Shape::Object(view) if !view.properties.is_empty() => {
                TypeKind::Struct(self.structure(name, &[(view, at.clone())], omit))
            }
            Shape::Tuple(view) => self.tuple(name, view, at),
            Shape::Integer { values, .. } if !values.is_empty() => {
                TypeKind::Enum(open_enum(&values))
            }
            Shape::String { values, .. } if !values.is_empty() => {
                TypeKind::Enum(open_enum(&values))
            }
            Shape::OneOf(_) | Shape::AnyOf(_) if union_siblings(schema).is_some() => {
                TypeKind::Struct(self.narrowed(name, schema, at, omit))
            }
            Shape::OneOf(variants) | Shape::AnyOf(variants) if variants.len() > 1 => {
                let keyword = if matches!(shape(schema), Shape::OneOf(_)) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                match &schema.schema_data.discriminator {
                    Some(discriminator) => {
                        let (tag, mapping) = (
                            discriminator.property_name.as_str(),
                            Some(&discriminator.mapping),
                        );
                        self.tagged(
                            name,
                            variants.iter().map(AsSchemaRef::schema_ref).enumerate(),
                            (tag, false),
                            mapping,
                            &at.join(keyword),
                        )
                    }
                    None => match implicit_tag(variants) {
                        Some(tag) => self.tagged(
                            name,
                            variants.iter().map(AsSchemaRef::schema_ref).enumerate(),
                            (&tag, true),
                            None,
                            &at.join(keyword),
                        ),
                        None => self.untagged(name, variants, &at.join(keyword)),
                    },
                }
            }
            Shape::AllOf(members) if self.merged(schema, members) => {
                let mut views = Vec::new();
                // A component is being merged already: its members may not lead back to it.
                // The first types are the components, in order (`Lowerer::new`).
                let api = self.api;
                let mut path: IndexSet<&'a str> = api
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get_index(name.0))
                    .map(|(component, _)| component.as_str())
                    .into_iter()
                    .collect();
                for (i, member) in members.iter().enumerate() {
                    let at = at.join("allOf").join(i);
                    self.collect_views_within(member.schema_ref(), &at, &mut views, &mut path);
                }
                views.extend(all_of_siblings(schema).map(|view| (view, at.clone())));
                TypeKind::Struct(self.structure(name, &views, omit))
            }
            _ => TypeKind::Alias(self.expression(&NameHint::after(name, ""), schema, at).0),
        }
    }

    /// The type of a property, item or variant: a reference, a type expression, or a new
    /// named type for inline schemas that need one (named after `hint` by the naming pass).
    /// The flag says whether the value may be null.
    pub(super) fn inline(
        &mut self,
        hint: &NameHint,
        schema: SchemaRef<'a>,
        at: &Pointer,
    ) -> (TypeRef, bool) {
        match schema {
            SchemaRef::Ref(reference) => (
                self.reference(reference, at),
                self.ref_nullable(reference, 0),
            ),
            SchemaRef::Item(schema) if self.needs_name(schema) => {
                let id = self.reserve(hint.clone(), at);
                self.define(id, SchemaRef::Item(schema), at, None);
                (TypeRef::Named(id), nullable(schema))
            }
            SchemaRef::Item(schema) => {
                let (ty, inner_nullable) = self.expression(hint, schema, at);
                (ty, inner_nullable || nullable(schema))
            }
        }
    }

    /// A `$ref` as a type expression; a reference that cannot be resolved is a warning, and
    /// becomes `serde_json::Value`.
    pub(super) fn reference(&mut self, reference: &str, at: &Pointer) -> TypeRef {
        match self.resolve(reference, &at.join("$ref"), "the value is kept as raw json") {
            Some((_, id, _)) => TypeRef::Named(id),
            None => TypeRef::Json,
        }
    }

    /// Schemas that map to a Rust type expression without a name of their own.
    fn expression(&mut self, hint: &NameHint, schema: &'a Schema, at: &Pointer) -> (TypeRef, bool) {
        let ty = match shape(schema) {
            Shape::Boolean => TypeRef::Bool,
            Shape::Integer {
                format, minimum, ..
            } => {
                // A lower bound of zero or more makes the value unsigned.
                let unsigned = minimum.is_some_and(|m| m >= 0.0);
                let bits = if matches!(format.as_deref(), Some("int32" | "uint32")) {
                    32
                } else {
                    64
                };
                let signed = !(unsigned || matches!(format.as_deref(), Some("uint32" | "uint64")));
                TypeRef::Integer { signed, bits }
            }
            Shape::Number { format } => TypeRef::Float {
                bits: if format.as_deref() == Some("float") {
                    32
                } else {
                    64
                },
            },
            Shape::String { .. } if self.files_in_scope && is_binary(schema) => TypeRef::File,
            Shape::String { .. } => TypeRef::String,
            Shape::Object(view) => match view.additional {
                Some(openapiv3::AdditionalProperties::Schema(value)) => {
                    let (value, nullable) = self.inline(
                        &hint.with("Value"),
                        value.schema_ref(),
                        &at.join("additionalProperties"),
                    );
                    TypeRef::Map(Box::new(optional(value, nullable)))
                }
                _ => TypeRef::Map(Box::new(TypeRef::Json)),
            },
            Shape::Array { items } => match items {
                Some(items) => {
                    let (item, nullable) =
                        self.inline(&hint.with("Item"), items.schema_ref(), &at.join("items"));
                    TypeRef::Array(Box::new(optional(item, nullable)))
                }
                None => {
                    self.diagnostics
                        .warning(at, "array without `items`; its items are kept as raw json");
                    TypeRef::Array(Box::new(TypeRef::Json))
                }
            },
            Shape::OneOf(members) | Shape::AnyOf(members) | Shape::AllOf(members)
                if members.len() == 1
                    && all_of_siblings(schema).is_none()
                    && union_siblings(schema).is_none() =>
            {
                let keyword = match shape(schema) {
                    Shape::OneOf(_) => "oneOf",
                    Shape::AnyOf(_) => "anyOf",
                    _ => "allOf",
                };
                return self.inline(hint, members[0].schema_ref(), &at.join(keyword).join(0));
            }
            // An `allOf` of no object is the type of its first member that has one; the
            // others only annotate (`{nullable: false}`, `{description: ...}`).
            Shape::AllOf(members) if !members.is_empty() && !self.merged(schema, members) => {
                match members.iter().position(typed) {
                    Some(i) => {
                        return self.inline(
                            hint,
                            members[i].schema_ref(),
                            &at.join("allOf").join(i),
                        );
                    }
                    None => TypeRef::Json,
                }
            }
            Shape::OneOf(_) | Shape::AnyOf(_) | Shape::AllOf(_) => {
                self.diagnostics
                    .warning(at, "empty composition; the value is kept as raw json");
                TypeRef::Json
            }
            Shape::Not => {
                self.diagnostics.warning(
                    &at.join("not"),
                    "`not` is not supported; the value is kept as raw json",
                );
                TypeRef::Json
            }
            // A tuple always has a name (`needs_name`), and is lowered by `kind`.
            Shape::Any | Shape::Tuple(_) => TypeRef::Json,
        };
        (ty, false)
    }

    /// A tuple from the positions of `view` (at `items/anyOf/<i>` in the 3.0 form the loader
    /// wrote, which the origins map back to `prefixItems/<i>`), each named after the tuple
    /// and its index where it needs a name, and the rest. With no position (`prefixItems: []`,
    /// or a `maxItems` of 0) it is an array of the rest, or of any JSON when it has none.
    fn tuple(&mut self, name: TypeId, view: TupleView<'a>, at: &Pointer) -> TypeKind {
        let members = at.join("items").join("anyOf");
        let kept = view.positions.len();
        if kept < view.declared {
            self.diagnostics.warning(
                &members.join(kept),
                format!(
                    "`maxItems` leaves no room for the positions from {kept} on; they are left out"
                ),
            );
        }
        let mut positions = Vec::new();
        for (i, schema) in view.positions.iter().enumerate() {
            let hint = NameHint::after(name, format!("Item{i}"));
            let (ty, nullable) = self.inline(&hint, schema.schema_ref(), &members.join(i));
            let (doc, facts) = match schema {
                ReferenceOr::Item(schema) => (description(schema), facts(schema)),
                ReferenceOr::Reference { .. } => (None, Facts::default()),
            };
            positions.push(Position {
                doc,
                facts,
                ty: optional(ty, nullable),
            });
        }
        let rest = match view.rest {
            Rest::Closed => None,
            Rest::Any => Some(TypeRef::Json),
            Rest::Items(schema) => {
                let hint = NameHint::after(name, "Rest");
                let (ty, nullable) =
                    self.inline(&hint, schema.schema_ref(), &members.join(view.declared));
                Some(optional(ty, nullable))
            }
        };
        if positions.is_empty() {
            return TypeKind::Alias(TypeRef::Array(Box::new(rest.unwrap_or(TypeRef::Json))));
        }
        TypeKind::Tuple(Tuple {
            positions,
            required: view.required,
            rest,
        })
    }

    /// A struct from one object, or from the members of an `allOf` merged in order.
    fn structure(
        &mut self,
        name: TypeId,
        views: &[(ObjectView<'a>, Pointer)],
        omit: Option<&str>,
    ) -> Struct {
        let mut fields: Vec<Field> = Vec::new();
        let mut additional = None;
        // Required names no view declares: the key must still be sent, with any value.
        let mut undeclared: Vec<String> = Vec::new();
        let required = |wire: &str| {
            views
                .iter()
                .any(|(v, _)| v.required.iter().any(|r| r == wire))
        };
        for (view, at) in views {
            for (i, wire) in view.required.iter().enumerate() {
                if !views.iter().any(|(v, _)| v.properties.contains_key(wire))
                    && omit != Some(wire.as_str())
                    && !undeclared.contains(wire)
                {
                    self.diagnostics.warning(
                        &at.join("required").join(i),
                        format!("`{wire}` is listed as required but is not a property; it becomes a required field of any json value"),
                    );
                    undeclared.push(wire.clone());
                }
            }
            if let (Some(openapiv3::AdditionalProperties::Schema(schema)), None) =
                (view.additional, &additional)
            {
                let hint = NameHint::after(name, "_additional_property");
                let (ty, nullable) =
                    self.inline(&hint, schema.schema_ref(), &at.join("additionalProperties"));
                additional = Some(optional(ty, nullable));
            }
            for (wire, property) in view.properties {
                if omit == Some(wire.as_str()) || fields.iter().any(|f| &f.wire == wire) {
                    continue;
                }
                let at = at.join("properties").join(wire);
                let hint = NameHint::after(name, naming::type_name(wire));
                let (ty, nullable) = self.inline(&hint, property.schema_ref(), &at);
                let presence = match (required(wire), nullable) {
                    (true, false) => Presence::Required,
                    (true, true) => Presence::RequiredNullable,
                    (false, false) => Presence::Optional,
                    (false, true) => Presence::OptionalNullable,
                };
                let (doc, facts) = match property {
                    ReferenceOr::Item(schema) => (description(schema), facts(schema)),
                    ReferenceOr::Reference { .. } => (None, Facts::default()),
                };
                fields.push(Field {
                    name: naming::field_name(wire),
                    wire: wire.clone(),
                    doc,
                    facts,
                    ty,
                    presence,
                });
            }
        }
        for wire in undeclared {
            fields.push(Field {
                name: naming::field_name(&wire),
                wire,
                doc: None,
                facts: Facts::default(),
                ty: TypeRef::Json,
                presence: Presence::Required,
            });
        }
        let mut scope = Scope::default();
        let claims = fields
            .iter()
            .map(|f| (f.name.clone(), exact_first(&f.name, &f.wire)))
            .collect();
        for (field, name) in fields.iter_mut().zip(settle(&mut scope, claims)) {
            field.name = name;
        }
        // Named last so that a declared property keeps its natural name.
        let additional = additional.map(|ty| (scope.claim("additional_properties".to_owned()), ty));
        Struct {
            fields,
            additional,
            serde: true,
        }
    }

    /// The struct of an object whose `oneOf`/`anyOf` variants only narrow it (see
    /// [`union_siblings`]): its own properties, then those the variants add, which are
    /// optional, since each applies to one variant only. The doc examples fill the first
    /// variant's.
    fn narrowed(
        &mut self,
        name: TypeId,
        schema: &'a Schema,
        at: &Pointer,
        omit: Option<&str>,
    ) -> Struct {
        let Some((own, variants)) = union_siblings(schema) else {
            return self.structure(name, &[], omit);
        };
        let keyword = match shape(schema) {
            Shape::AnyOf(_) => "anyOf",
            _ => "oneOf",
        };
        let mut views = vec![(own, at.clone())];
        for (i, variant) in variants.iter().enumerate() {
            let mut found = Vec::new();
            self.collect_views(variant.schema_ref(), &at.join(keyword).join(i), &mut found);
            views.extend(found.into_iter().map(|(view, at)| {
                let view = ObjectView {
                    required: &[],
                    ..view
                };
                (view, at)
            }));
        }
        self.structure(name, &views, omit)
    }

    /// The object views of an `allOf` member, following references and nested `allOf`s.
    fn collect_views(
        &mut self,
        member: SchemaRef<'a>,
        at: &Pointer,
        out: &mut Vec<(ObjectView<'a>, Pointer)>,
    ) {
        self.collect_views_within(member, at, out, &mut IndexSet::new());
    }

    /// [`Self::collect_views`] inside the components of `path`, which are being merged
    /// already: one of them met again is a cycle, left out where it closes. References to
    /// references are followed in a loop, so that a long chain of them needs no stack.
    fn collect_views_within(
        &mut self,
        member: SchemaRef<'a>,
        at: &Pointer,
        out: &mut Vec<(ObjectView<'a>, Pointer)>,
        path: &mut IndexSet<&'a str>,
    ) {
        let mut reference = match member {
            SchemaRef::Ref(reference) => reference,
            SchemaRef::Item(schema) => return self.views_of(schema, at.clone(), out, path),
        };
        let entered = path.len();
        let mut at = at.join("$ref");
        while let Some((name, _, value)) =
            self.resolve(reference, &at, "this `allOf` member is left out")
        {
            if !path.insert(name) {
                self.diagnostics.warning(
                    &at,
                    format!("this `allOf` member leads back to `{name}`, which it is part of; it is left out"),
                );
                break;
            }
            let here = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            match value {
                ReferenceOr::Item(schema) => {
                    self.views_of(schema, here, out, path);
                    break;
                }
                ReferenceOr::Reference { reference: next } => {
                    reference = next;
                    at = here.join("$ref");
                }
            }
        }
        path.truncate(entered);
    }

    /// The object views of one `allOf` member's schema, written at `at`.
    fn views_of(
        &mut self,
        schema: &'a Schema,
        at: Pointer,
        out: &mut Vec<(ObjectView<'a>, Pointer)>,
        path: &mut IndexSet<&'a str>,
    ) {
        match shape(schema) {
            Shape::Object(view) => out.push((view, at)),
            Shape::AllOf(_) if path.len() > MAX_MERGED => self.diagnostics.warning(
                &at,
                format!("`allOf` members lead through more than {MAX_MERGED} schemas; the rest are left out"),
            ),
            Shape::AllOf(members) => {
                for (i, member) in members.iter().enumerate() {
                    let member_at = at.join("allOf").join(i);
                    self.collect_views_within(member.schema_ref(), &member_at, out, path);
                }
                out.extend(all_of_siblings(schema).map(|view| (view, at)));
            }
            // A member without a type only annotates the others.
            Shape::Any => {}
            _ => self
                .diagnostics
                .warning(&at, "an `allOf` member that is not an object is ignored"),
        }
    }

    /// A `oneOf` with a discriminator: one variant per tag value, each holding a struct
    /// without the tag property. A `lenient` union (whose tag is implicit) keeps an object
    /// that fits no variant as unknown. The variants come with their indices in the
    /// `oneOf`, so that a caller may leave some out.
    pub(super) fn tagged(
        &mut self,
        name: TypeId,
        variants: impl IntoIterator<Item = (usize, SchemaRef<'a>)>,
        (tag, lenient): (&str, bool),
        mapping: Option<&'a indexmap::IndexMap<String, String>>,
        at: &Pointer,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let mut out = Vec::new();
        for (i, variant) in variants {
            let at = at.join(i);
            let (values, ty, (doc, facts)) = match variant {
                SchemaRef::Ref(reference) => {
                    let Some((component, id, schema)) = self.resolve(
                        reference,
                        &at.join("$ref"),
                        "this variant is left out, and payloads with its tag decode as unknown",
                    ) else {
                        continue;
                    };
                    let mut values: Vec<String> = mapping
                        .into_iter()
                        .flatten()
                        .filter(|(_, target)| *target == reference || target.as_str() == component)
                        .map(|(value, _)| value.clone())
                        .collect();
                    if values.is_empty() {
                        let inferred = match schema {
                            ReferenceOr::Item(schema) => self.tag_value(schema, tag),
                            ReferenceOr::Reference { .. } => None,
                        };
                        values.push(inferred.unwrap_or_else(|| component.to_owned()));
                    }
                    (values, TypeRef::Named(id), (None, Facts::default()))
                }
                SchemaRef::Item(schema) => {
                    let Some(value) = self.tag_value(schema, tag) else {
                        self.diagnostics.warning(
                            &at,
                            format!("inline variant without a single `{tag}` value; payloads of this shape decode as `{FALLBACK}`"),
                        );
                        continue;
                    };
                    let id = self.reserve(NameHint::after(name, format!("_{value}")), &at);
                    self.define(id, SchemaRef::Item(schema), &at, Some(tag));
                    (
                        vec![value],
                        TypeRef::Named(id),
                        (description(schema), facts(schema)),
                    )
                }
            };
            for value in values {
                out.push(TaggedVariant {
                    name: naming::variant_name(&value),
                    tag_value: value,
                    ty: ty.clone(),
                    doc: doc.clone(),
                    facts: facts.clone(),
                });
            }
        }
        let claims = out
            .iter()
            .map(|v| (v.name.clone(), exact_first(&v.name, &v.tag_value)))
            .collect();
        for (variant, name) in out.iter_mut().zip(settle(&mut scope, claims)) {
            variant.name = name;
        }
        TypeKind::Tagged(TaggedUnion {
            tag: tag.to_owned(),
            variants: out,
            fallback: fallback(&mut scope),
            lenient,
        })
    }

    /// The single string value a variant's tag property allows, looking through `allOf`.
    fn tag_value(&self, schema: &'a Schema, tag: &str) -> Option<String> {
        self.tag_value_within(schema, tag, 0)
    }

    fn tag_value_within(&self, schema: &'a Schema, tag: &str, depth: usize) -> Option<String> {
        let in_view = |view: ObjectView<'a>| match view.properties.get(tag)? {
            ReferenceOr::Item(property) => match shape(property) {
                Shape::String { values, .. } if values.len() == 1 => {
                    values[0].as_str().map(str::to_owned)
                }
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        };
        match shape(schema) {
            Shape::Object(view) => in_view(view),
            Shape::AllOf(members) if depth < MAX_DEPTH => {
                all_of_siblings(schema).and_then(in_view).or_else(|| {
                    members.iter().find_map(|member| {
                        let member = refs::item(self.api, member)?;
                        self.tag_value_within(member, tag, depth + 1)
                    })
                })
            }
            _ => None,
        }
    }

    /// A union without a discriminator: variants are tried in spec order, and JSON matching
    /// none of them is kept in the fallback variant. The variants are named after their
    /// types, by the naming pass.
    fn untagged(
        &mut self,
        name: TypeId,
        variants: &'a [ReferenceOr<Schema>],
        at: &Pointer,
    ) -> TypeKind {
        let mut out = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let hint = NameHint::after(name, format!("Variant{}", i + 1));
            let (ty, nullable) = self.inline(&hint, variant.schema_ref(), &at.join(i));
            out.push(UntaggedVariant {
                name: String::new(),
                ty: optional(ty, nullable),
            });
        }
        TypeKind::Untagged(UntaggedUnion {
            variants: out,
            fallback: String::new(),
        })
    }
}

/// How deep nested compositions are followed, through `$ref`s, when asking what a schema is:
/// far more than real specs nest, and a bound on any cycle of compositions.
const MAX_DEPTH: usize = 32;

/// How many component schemas one `allOf` may merge through nested `allOf`s, each a level of
/// recursion: twice the chains `check` accepts.
const MAX_MERGED: usize = 256;

impl<'a> Lowerer<'a> {
    /// Whether an inline schema becomes a named type of its own.
    fn needs_name(&self, schema: &'a Schema) -> bool {
        match shape(schema) {
            Shape::Object(view) => !view.properties.is_empty(),
            Shape::Tuple(_) => true,
            Shape::String { values, .. } | Shape::Integer { values, .. } => !values.is_empty(),
            Shape::OneOf(members) | Shape::AnyOf(members) => {
                members.len() > 1 || union_siblings(schema).is_some()
            }
            Shape::AllOf(members) => self.merged(schema, members),
            _ => false,
        }
    }

    /// The component schema a local `$ref` names, following references to references;
    /// `None` when there is none (`reference` reports that).
    pub(super) fn target(&self, reference: &str) -> Option<&'a Schema> {
        refs::resolve::<Schema>(self.api, reference)
            .ok()
            .map(|target| target.item)
    }

    /// Whether the `allOf` of `schema` is a struct of its own: properties written beside it,
    /// or several members of which one is an object. One member alone is that member's type.
    fn merged(&self, schema: &'a Schema, members: &'a [ReferenceOr<Schema>]) -> bool {
        all_of_siblings(schema).is_some() || (members.len() > 1 && self.merges(members))
    }

    /// Whether an `allOf` merges its members into a struct: whether any of them is an object
    /// (directly, through a `$ref`, or through a nested `allOf`).
    fn merges(&self, members: &'a [ReferenceOr<Schema>]) -> bool {
        members.iter().any(|m| self.object_like(m.schema_ref(), 0))
    }

    fn object_like(&self, schema: SchemaRef<'a>, depth: usize) -> bool {
        let schema = match schema {
            SchemaRef::Ref(reference) => match self.target(reference) {
                Some(schema) => schema,
                None => return false,
            },
            SchemaRef::Item(schema) => schema,
        };
        match shape(schema) {
            Shape::Object(_) => true,
            Shape::AllOf(_) if all_of_siblings(schema).is_some() => true,
            Shape::AllOf(members) if depth < MAX_DEPTH => members
                .iter()
                .any(|m| self.object_like(m.schema_ref(), depth + 1)),
            _ => false,
        }
    }

    /// Whether the schema a `$ref` names admits null, so that the property, item or value
    /// holding the reference is nullable: `nullable: true` on the component, or on what
    /// it stands for (`allOf: [$ref]`, a reference to a reference).
    fn ref_nullable(&self, reference: &str, depth: usize) -> bool {
        match self.target(reference) {
            Some(schema) if depth < MAX_DEPTH => self.schema_nullable(schema, depth + 1),
            _ => false,
        }
    }

    /// Whether a value of `schema` may be null, looking through the compositions that stand
    /// for one member.
    fn schema_nullable(&self, schema: &'a Schema, depth: usize) -> bool {
        if nullable(schema) {
            return true;
        }
        let member = match shape(schema) {
            Shape::OneOf(members) | Shape::AnyOf(members) | Shape::AllOf(members)
                if members.len() == 1 && all_of_siblings(schema).is_none() =>
            {
                &members[0]
            }
            Shape::AllOf(members) if !self.merged(schema, members) => {
                match members.iter().find(|m| typed(m)) {
                    Some(member) => member,
                    None => return false,
                }
            }
            _ => return false,
        };
        match member {
            _ if depth >= MAX_DEPTH => false,
            ReferenceOr::Reference { reference } => self.ref_nullable(reference, depth + 1),
            ReferenceOr::Item(schema) => self.schema_nullable(schema, depth + 1),
        }
    }
}

/// Whether an `allOf` member says what type the values have (a `$ref` does), rather than
/// only annotating the others.
fn typed(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(schema) => !matches!(shape(schema), Shape::Any),
    }
}

/// Whether a schema is a string of `format: binary`.
fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        openapiv3::SchemaKind::Type(openapiv3::Type::String(t))
            if t.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
    )
}

/// The property that tells apart the inline object variants of a union without a
/// discriminator, when there is one: each variant fixes it to a single string value of its
/// own (`{state: {enum: [attached]}}`). Such a union is decoded by that property, as if it
/// had been declared the discriminator; tried in order instead, every variant would accept
/// every value (the tag's enum is open) and the first would always win.
fn implicit_tag(variants: &[ReferenceOr<Schema>]) -> Option<String> {
    let objects: Vec<&Schema> = variants
        .iter()
        .map(|v| match v {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { .. } => None,
        })
        .collect::<Option<_>>()?;
    if objects.len() < 2 {
        return None;
    }
    let single_value = |schema: &Schema, property: &str| -> Option<String> {
        let Shape::Object(view) = shape(schema) else {
            return None;
        };
        match view.properties.get(property)? {
            ReferenceOr::Item(p) => match shape(p) {
                Shape::String { values, .. } if values.len() == 1 => {
                    values[0].as_str().map(str::to_owned)
                }
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        }
    };
    let Shape::Object(first) = shape(objects[0]) else {
        return None;
    };
    first.properties.keys().find_map(|property| {
        let values: Vec<String> = objects
            .iter()
            .map(|o| single_value(o, property))
            .collect::<Option<_>>()?;
        let distinct = values
            .iter()
            .enumerate()
            .all(|(i, v)| !values[..i].contains(v));
        distinct.then(|| property.clone())
    })
}

/// Whether a schema admits null: `nullable: true`, or `null` among its enum values.
fn nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || matches!(&schema.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(t)) if t.enumeration.contains(&None))
        || matches!(&schema.schema_kind, openapiv3::SchemaKind::Any(any) if any.enumeration.contains(&Value::Null))
}

fn optional(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable {
        TypeRef::Option(Box::new(ty))
    } else {
        ty
    }
}

/// An open enum of the string values, or else of the integer values, in spec order.
fn open_enum(values: &[Value]) -> OpenEnum {
    let integer = values.iter().all(Value::is_i64);
    let mut scope = Scope::default();
    let mut variants: Vec<EnumVariant> = Vec::new();
    let wires = values.iter().filter_map(|v| match v {
        Value::String(s) if !integer => Some(s.clone()),
        Value::Number(n) if integer => Some(n.to_string()),
        _ => None,
    });
    for wire in wires {
        if variants.iter().all(|v| v.wire != wire) {
            variants.push(EnumVariant {
                name: naming::variant_name(&wire),
                wire,
            });
        }
    }
    let claims = variants
        .iter()
        .map(|v| (v.name.clone(), exact_first(&v.name, &v.wire)))
        .collect();
    for (variant, name) in variants.iter_mut().zip(settle(&mut scope, claims)) {
        variant.name = name;
    }
    OpenEnum {
        integer,
        variants,
        fallback: fallback(&mut scope),
    }
}

/// The rustdoc text of a schema: its description, else its title.
fn description(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description
        .as_deref()
        .or(data.title.as_deref())
        .and_then(super::doc_text)
}
