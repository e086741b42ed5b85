//! Schema lowering: objects become structs, string enums open enums, discriminated unions
//! tagged enums, other unions untagged enums, `allOf` one merged struct, and the rest type
//! expressions. Inline schemas that need a name get one from their location.

use indexmap::{IndexMap, IndexSet};
use serde_json::Value;

use super::Lowerer;
use super::facts::facts;
use super::shape::{ObjectView, Rest, Shape, TupleView, all_of_siblings, shape, union_siblings};
use crate::diagnostics::Pointer;
use crate::ir::{
    EnumVariant, Facts, Field, NameHint, OpenEnum, Position, Presence, Struct, TaggedUnion,
    TaggedVariant, Tuple, TypeId, TypeKind, TypeRef, UntaggedUnion, UntaggedVariant,
};
use crate::naming::{self, FALLBACK, Scope, exact_first, fallback, settle};
use crate::schema::{Additional, Graph, Kind, Schema, SchemaId, Type};

impl<'a> Lowerer<'a> {
    /// Defines the reserved type `id` from `schema`; `omit` names a property to leave out (the
    /// tag of a union the type is a variant of).
    pub(super) fn define(
        &mut self,
        id: TypeId,
        schema: SchemaId,
        at: &Pointer,
        omit: Option<&str>,
    ) {
        self.order.push(id);
        let (doc, facts, kind) = match &self.graph.node(schema).kind {
            Kind::Ref(_) => (
                None,
                Facts::default(),
                TypeKind::Alias(self.reference(schema, at)),
            ),
            Kind::Schema(schema) => (
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
        let graph = self.graph;
        match shape(schema) {
            Shape::Object(view) if !view.properties.is_empty() => {
                TypeKind::Struct(self.structure(name, &[(view, at.clone())], omit))
            }
            Shape::Tuple(view) => self.tuple(name, view, at),
            Shape::Integer | Shape::String if schema.values().next().is_some() => {
                TypeKind::Enum(open_enum(schema.values()))
            }
            Shape::OneOf(_) | Shape::AnyOf(_) if union_siblings(graph, schema).is_some() => {
                TypeKind::Struct(self.narrowed(name, schema, at, omit))
            }
            Shape::OneOf(variants) | Shape::AnyOf(variants) if variants.len() > 1 => {
                let keyword = if matches!(shape(schema), Shape::OneOf(_)) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                let variants_at = variants.iter().copied().enumerate();
                match &schema.discriminator {
                    Some(discriminator) => self.tagged(
                        name,
                        variants_at,
                        (&discriminator.property, false),
                        Some(&discriminator.mapping),
                        &at.join(keyword),
                    ),
                    None => match implicit_tag(graph, variants) {
                        Some(tag) => {
                            self.tagged(name, variants_at, (&tag, true), None, &at.join(keyword))
                        }
                        None => self.untagged(name, variants, &at.join(keyword)),
                    },
                }
            }
            Shape::AllOf(members) if self.merged(schema, members) => {
                let mut views = Vec::new();
                // A component is being merged already: its members may not lead back to it.
                // The first types are the components, in order (`Lowerer::new`).
                let mut path: IndexSet<&'a str> = self.component_name(name.0).into_iter().collect();
                for (i, member) in members.iter().enumerate() {
                    let at = at.join("allOf").join(i);
                    self.collect_views_within(*member, &at, &mut views, &mut path);
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
        id: SchemaId,
        at: &Pointer,
    ) -> (TypeRef, bool) {
        match &self.graph.node(id).kind {
            Kind::Ref(_) => (self.reference(id, at), self.ref_nullable(id, 0)),
            Kind::Schema(schema) if self.needs_name(schema) => {
                let ty = self.reserve(hint.clone(), at);
                self.define(ty, id, at, None);
                (TypeRef::Named(ty), nullable(schema))
            }
            Kind::Schema(schema) => {
                let (ty, inner_nullable) = self.expression(hint, schema, at);
                (ty, inner_nullable || nullable(schema))
            }
        }
    }

    /// The reference `id` as a type expression; a reference that cannot be resolved is a
    /// warning, and becomes `serde_json::Value`.
    pub(super) fn reference(&mut self, id: SchemaId, at: &Pointer) -> TypeRef {
        match self.resolve(id, &at.join("$ref"), "the value is kept as raw json") {
            Some((_, ty, _)) => TypeRef::Named(ty),
            None => TypeRef::Json,
        }
    }

    /// Schemas that map to a Rust type expression without a name of their own.
    fn expression(&mut self, hint: &NameHint, schema: &'a Schema, at: &Pointer) -> (TypeRef, bool) {
        let graph = self.graph;
        let format = schema.format.as_deref();
        let ty = match shape(schema) {
            Shape::Boolean => TypeRef::Bool,
            Shape::Integer => {
                // A lower bound of zero or more makes the value unsigned.
                let minimum = schema.bounds.minimum.as_ref().and_then(|m| m.as_f64());
                let unsigned = minimum.is_some_and(|m| m >= 0.0);
                let bits = if matches!(format, Some("int32" | "uint32")) {
                    32
                } else {
                    64
                };
                let signed = !(unsigned || matches!(format, Some("uint32" | "uint64")));
                TypeRef::Integer { signed, bits }
            }
            Shape::Number => TypeRef::Float {
                bits: if format == Some("float") { 32 } else { 64 },
            },
            Shape::String if self.files_in_scope && is_binary(schema) => TypeRef::File,
            Shape::String => TypeRef::String,
            Shape::Object(view) => match view.additional {
                Additional::Schema(value) => {
                    let (value, nullable) =
                        self.inline(&hint.with("Value"), value, &at.join("additionalProperties"));
                    TypeRef::Map(Box::new(optional(value, nullable)))
                }
                Additional::Unset | Additional::Allowed(_) => TypeRef::Map(Box::new(TypeRef::Json)),
            },
            Shape::Array { items } => match items {
                Some(items) => {
                    let (item, nullable) =
                        self.inline(&hint.with("Item"), items, &at.join("items"));
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
                    && union_siblings(graph, schema).is_none() =>
            {
                let keyword = match shape(schema) {
                    Shape::OneOf(_) => "oneOf",
                    Shape::AnyOf(_) => "anyOf",
                    _ => "allOf",
                };
                return self.inline(hint, members[0], &at.join(keyword).join(0));
            }
            // An `allOf` of no object is the type of its first member that has one; the
            // others only annotate (`{nullable: false}`, `{description: ...}`).
            Shape::AllOf(members) if !members.is_empty() && !self.merged(schema, members) => {
                match members.iter().position(|m| typed(graph, *m)) {
                    Some(i) => {
                        return self.inline(hint, members[i], &at.join("allOf").join(i));
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

    /// A tuple from the positions of `view` (`prefixItems/<i>`), each named after the tuple
    /// and its index where it needs a name, and the rest (`items`). With no position
    /// (`prefixItems: []`, or a `maxItems` of 0) it is an array of the rest, or of any JSON
    /// when it has none.
    fn tuple(&mut self, name: TypeId, view: TupleView<'a>, at: &Pointer) -> TypeKind {
        let graph = self.graph;
        let members = at.join("prefixItems");
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
            let (ty, nullable) = self.inline(&hint, *schema, &members.join(i));
            let (doc, facts) = doc_and_facts(graph, *schema);
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
                let (ty, nullable) = self.inline(&hint, schema, &at.join("items"));
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
        let graph = self.graph;
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
                if !views.iter().any(|(v, _)| v.property(wire).is_some())
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
            if let (Additional::Schema(schema), None) = (view.additional, &additional) {
                let hint = NameHint::after(name, "_additional_property");
                let (ty, nullable) = self.inline(&hint, schema, &at.join("additionalProperties"));
                additional = Some(optional(ty, nullable));
            }
            for (wire, property) in view.properties {
                if omit == Some(wire.as_str()) || fields.iter().any(|f| &f.wire == wire) {
                    continue;
                }
                let at = at.join("properties").join(wire);
                let hint = NameHint::after(name, naming::type_name(wire));
                let (ty, nullable) = self.inline(&hint, *property, &at);
                let presence = match (required(wire), nullable) {
                    (true, false) => Presence::Required,
                    (true, true) => Presence::RequiredNullable,
                    (false, false) => Presence::Optional,
                    (false, true) => Presence::OptionalNullable,
                };
                let (doc, facts) = doc_and_facts(graph, *property);
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
        let Some((own, variants)) = union_siblings(self.graph, schema) else {
            return self.structure(name, &[], omit);
        };
        let keyword = match shape(schema) {
            Shape::AnyOf(_) => "anyOf",
            _ => "oneOf",
        };
        let mut views = vec![(own, at.clone())];
        for (i, variant) in variants.iter().enumerate() {
            let mut found = Vec::new();
            self.collect_views(*variant, &at.join(keyword).join(i), &mut found);
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
        member: SchemaId,
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
        member: SchemaId,
        at: &Pointer,
        out: &mut Vec<(ObjectView<'a>, Pointer)>,
        path: &mut IndexSet<&'a str>,
    ) {
        let graph = self.graph;
        if let Kind::Schema(schema) = &graph.node(member).kind {
            return self.views_of(schema, at.clone(), out, path);
        }
        let mut reference = member;
        let entered = path.len();
        let mut at = at.join("$ref");
        while let Some((name, _, target)) =
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
            match &graph.node(target).kind {
                Kind::Schema(schema) => {
                    self.views_of(schema, here, out, path);
                    break;
                }
                Kind::Ref(_) => {
                    reference = target;
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
                    self.collect_views_within(*member, &member_at, out, path);
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
        variants: impl IntoIterator<Item = (usize, SchemaId)>,
        (tag, lenient): (&str, bool),
        mapping: Option<&'a IndexMap<String, String>>,
        at: &Pointer,
    ) -> TypeKind {
        let graph = self.graph;
        let mut scope = Scope::default();
        let mut out = Vec::new();
        for (i, variant) in variants {
            let at = at.join(i);
            let (values, ty, (doc, facts)) = match &graph.node(variant).kind {
                Kind::Ref(reference) => {
                    let Some((component, id, target)) = self.resolve(
                        variant,
                        &at.join("$ref"),
                        "this variant is left out, and payloads with its tag decode as unknown",
                    ) else {
                        continue;
                    };
                    let mut values: Vec<String> = mapping
                        .into_iter()
                        .flatten()
                        .filter(|(_, target)| {
                            **target == reference.text || target.as_str() == component
                        })
                        .map(|(value, _)| value.clone())
                        .collect();
                    if values.is_empty() {
                        let inferred = match &graph.node(target).kind {
                            Kind::Schema(schema) => self.tag_value(schema, tag),
                            Kind::Ref(_) => None,
                        };
                        values.push(inferred.unwrap_or_else(|| component.to_owned()));
                    }
                    (values, TypeRef::Named(id), (None, Facts::default()))
                }
                Kind::Schema(schema) => {
                    let Some(value) = self.tag_value(schema, tag) else {
                        self.diagnostics.warning(
                            &at,
                            format!("inline variant without a single `{tag}` value; payloads of this shape decode as `{FALLBACK}`"),
                        );
                        continue;
                    };
                    let id = self.reserve(NameHint::after(name, format!("_{value}")), &at);
                    self.define(id, variant, &at, Some(tag));
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
        let graph = self.graph;
        let in_view = |view: ObjectView<'a>| single_value(graph, view.property(tag)?);
        match shape(schema) {
            Shape::Object(view) => in_view(view),
            Shape::AllOf(members) if depth < MAX_DEPTH => {
                all_of_siblings(schema).and_then(in_view).or_else(|| {
                    members.iter().find_map(|member| {
                        let (_, member) = self.target(*member)?;
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
    fn untagged(&mut self, name: TypeId, variants: &'a [SchemaId], at: &Pointer) -> TypeKind {
        let mut out = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let hint = NameHint::after(name, format!("Variant{}", i + 1));
            let (ty, nullable) = self.inline(&hint, *variant, &at.join(i));
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
            Shape::String | Shape::Integer => schema.values().next().is_some(),
            Shape::OneOf(members) | Shape::AnyOf(members) => {
                members.len() > 1 || union_siblings(self.graph, schema).is_some()
            }
            Shape::AllOf(members) => self.merged(schema, members),
            _ => false,
        }
    }

    /// The schema `id` stands for, written out, and its id: `id` itself, or the component
    /// its chain of references ends at. `None` when the chain ends nowhere (`reference`
    /// reports that).
    pub(super) fn target(&self, id: SchemaId) -> Option<(SchemaId, &'a Schema)> {
        let target = self.graph.resolve(id).ok()?;
        Some((target, self.graph.schema(target)?))
    }

    /// Whether the `allOf` of `schema` is a struct of its own: properties written beside it,
    /// or several members of which one is an object. One member alone is that member's type.
    fn merged(&self, schema: &'a Schema, members: &'a [SchemaId]) -> bool {
        all_of_siblings(schema).is_some() || (members.len() > 1 && self.merges(members))
    }

    /// Whether an `allOf` merges its members into a struct: whether any of them is an object
    /// (directly, through a `$ref`, or through a nested `allOf`).
    fn merges(&self, members: &'a [SchemaId]) -> bool {
        members.iter().any(|m| self.object_like(*m, 0))
    }

    fn object_like(&self, id: SchemaId, depth: usize) -> bool {
        let Some((_, schema)) = self.target(id) else {
            return false;
        };
        match shape(schema) {
            Shape::Object(_) => true,
            Shape::AllOf(_) if all_of_siblings(schema).is_some() => true,
            Shape::AllOf(members) if depth < MAX_DEPTH => {
                members.iter().any(|m| self.object_like(*m, depth + 1))
            }
            _ => false,
        }
    }

    /// Whether the schema the reference `id` names admits null, so that the property, item
    /// or value holding the reference is nullable: `nullable: true` on the component, or on
    /// what it stands for (`allOf: [$ref]`, a reference to a reference).
    fn ref_nullable(&self, id: SchemaId, depth: usize) -> bool {
        match self.target(id) {
            Some((_, schema)) if depth < MAX_DEPTH => self.schema_nullable(schema, depth + 1),
            _ => false,
        }
    }

    /// Whether a value of `schema` may be null, looking through the compositions that stand
    /// for one member.
    fn schema_nullable(&self, schema: &'a Schema, depth: usize) -> bool {
        if nullable(schema) {
            return true;
        }
        let graph = self.graph;
        let member = match shape(schema) {
            Shape::OneOf(members) | Shape::AnyOf(members) | Shape::AllOf(members)
                if members.len() == 1 && all_of_siblings(schema).is_none() =>
            {
                members[0]
            }
            Shape::AllOf(members) if !self.merged(schema, members) => {
                match members.iter().find(|m| typed(graph, **m)) {
                    Some(member) => *member,
                    None => return false,
                }
            }
            _ => return false,
        };
        match &graph.node(member).kind {
            _ if depth >= MAX_DEPTH => false,
            Kind::Ref(_) => self.ref_nullable(member, depth + 1),
            Kind::Schema(schema) => self.schema_nullable(schema, depth + 1),
        }
    }
}

/// Whether an `allOf` member says what type the values have (a `$ref` does), rather than
/// only annotating the others.
fn typed(graph: &Graph, member: SchemaId) -> bool {
    match &graph.node(member).kind {
        Kind::Ref(_) => true,
        Kind::Schema(schema) => !matches!(shape(schema), Shape::Any),
    }
}

/// Whether a schema is a string of `format: binary`.
fn is_binary(schema: &Schema) -> bool {
    schema.ty == Some(Type::String) && schema.format.as_deref() == Some("binary")
}

/// The one string value the schema `id` allows (`enum` of one value), when it is written
/// out: a variant's tag property.
pub(super) fn single_value(graph: &Graph, id: SchemaId) -> Option<String> {
    let schema = graph.schema(id)?;
    let mut values = schema.values();
    match (shape(schema), values.next(), values.next()) {
        (Shape::String, Some(value), None) => value.as_str().map(str::to_owned),
        _ => None,
    }
}

/// The property that tells apart the inline object variants of a union without a
/// discriminator, when there is one: each variant fixes it to a single string value of its
/// own (`{state: {enum: [attached]}}`). Such a union is decoded by that property, as if it
/// had been declared the discriminator; tried in order instead, every variant would accept
/// every value (the tag's enum is open) and the first would always win.
fn implicit_tag(graph: &Graph, variants: &[SchemaId]) -> Option<String> {
    let objects: Vec<ObjectView<'_>> = variants
        .iter()
        .map(|v| match shape(graph.schema(*v)?) {
            Shape::Object(view) => Some(view),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if objects.len() < 2 {
        return None;
    }
    objects[0].properties.iter().find_map(|(property, _)| {
        let values: Vec<String> = objects
            .iter()
            .map(|o| single_value(graph, o.property(property)?))
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
    schema.nullable || schema.enumeration.contains(&Value::Null)
}

fn optional(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable {
        TypeRef::Option(Box::new(ty))
    } else {
        ty
    }
}

/// An open enum of the string values, or else of the integer values, in spec order.
fn open_enum<'v>(values: impl Iterator<Item = &'v Value> + Clone) -> OpenEnum {
    let integer = values.clone().all(Value::is_i64);
    let mut scope = Scope::default();
    let mut variants: Vec<EnumVariant> = Vec::new();
    let wires = values.filter_map(|v| match v {
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
    schema
        .description
        .as_deref()
        .or(schema.title.as_deref())
        .and_then(super::doc_text)
}

/// The rustdoc text and facts of the schema `id` of a field, position or variant: those it
/// states when it is written out; a reference adds none of its own.
pub(super) fn doc_and_facts(graph: &Graph, id: SchemaId) -> (Option<String>, Facts) {
    match graph.schema(id) {
        Some(schema) => (description(schema), facts(schema)),
        None => (None, Facts::default()),
    }
}
