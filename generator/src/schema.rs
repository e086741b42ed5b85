//! The document's schemas as one owned graph, whatever format they were written in: every
//! schema a node with a numeric id and the pointer where it is written, its keywords read
//! into one form, the schemas inside it as ids, and each `$ref` an edge to the component it
//! names (or the reason it names none). `tree.rs` builds it from the document tree, taking
//! the schemas out before the rest is read into the `openapiv3` model (3.0 as written, 3.1
//! once the loader has rewritten it); `check.rs`, lowering and the example values read it.
//! Cycles are plain edges: building never follows one, so it ends on any document, and a
//! reader that follows edges marks what it has passed.

#[cfg(test)]
pub(crate) mod openapi30;
#[cfg(test)]
mod tests;
pub(crate) mod tree;

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_json::{Number, Value};

use crate::diagnostics::Pointer;
use crate::refs::Unresolved;

/// A schema of the graph: an index into its nodes. The component schemas come first, in
/// the order `components.schemas` lists them, so that component `i` is `SchemaId(i)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct SchemaId(u32);

impl SchemaId {
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// Every schema of a document: the components', then those written in parameters, request
/// bodies and responses, each followed by the schemas nested in it.
#[derive(Debug, Default)]
pub(crate) struct Graph {
    nodes: Vec<Node>,
    /// How many of the first nodes are the component schemas.
    components: usize,
    /// The schemas not nested in another, in document order: the components first.
    roots: Vec<SchemaId>,
    /// Each of `roots` by its origin, for the readers that come to a schema from the
    /// parameter, body or response it is written in.
    root_origins: HashMap<Pointer, SchemaId>,
}

/// One schema, where it is written and what it says.
#[derive(Debug)]
pub(crate) struct Node {
    /// Where the schema is written in the document the front end read.
    pub origin: Pointer,
    pub kind: Kind,
}

/// A schema is a reference to another or is written out.
#[derive(Debug)]
pub(crate) enum Kind {
    Ref(Reference),
    Schema(Box<Schema>),
}

/// A `$ref`, with the component it names.
#[derive(Debug)]
pub(crate) struct Reference {
    /// The reference as written.
    pub text: String,
    /// The component schema it names (which may be a reference again), or why there is none.
    pub target: Result<SchemaId, Unresolved>,
}

/// The type a schema declares with `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    Boolean,
    Integer,
    Number,
    String,
    Object,
    Array,
    /// A name OpenAPI does not define (`null`, `file`): no type is known.
    Other,
}

impl Type {
    /// The type a `type` keyword names.
    pub(crate) fn named(name: &str) -> Self {
        match name {
            "boolean" => Self::Boolean,
            "integer" => Self::Integer,
            "number" => Self::Number,
            "string" => Self::String,
            "object" => Self::Object,
            "array" => Self::Array,
            _ => Self::Other,
        }
    }
}

/// What `additionalProperties` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Additional {
    /// Not written.
    #[default]
    Unset,
    /// `true` or `false`.
    Allowed(bool),
    /// Values of this schema.
    Schema(SchemaId),
}

/// The keywords of a schema written out. Every keyword that holds schemas is kept, whatever
/// else the schema says, so that a reader sees all of them: which of them decide what the
/// schema is (a `oneOf` over the `properties` beside it, say) is the reader's choice.
#[derive(Debug, Default)]
pub(crate) struct Schema {
    /// `type`, when written.
    pub ty: Option<Type>,
    /// `enum`, as written (an absent value, `null`, as `Value::Null`).
    pub enumeration: Vec<Value>,
    /// `default` (the 3.0 model reads `default: null` as none).
    pub default: Option<Value>,
    pub discriminator: Option<Discriminator>,
    /// `properties`, in spec order.
    pub properties: Vec<(String, SchemaId)>,
    /// `required`: the properties every value has.
    pub required: Vec<String>,
    pub additional: Additional,
    pub items: Option<SchemaId>,
    pub one_of: Vec<SchemaId>,
    pub any_of: Vec<SchemaId>,
    pub all_of: Vec<SchemaId>,
    pub not: Option<SchemaId>,
    /// The keyword `oneOf`, `anyOf` or `allOf` when it is written with no member: a
    /// composition of nothing, which lowering reports.
    pub empty_composition: Option<&'static str>,
    /// The positions of a tuple (3.1 `prefixItems`; `items` is then the schema of the items
    /// after them): lowering reads the schema as a tuple whatever is beside it. `None` for a
    /// schema that is no tuple.
    pub prefix_items: Option<Vec<SchemaId>>,
    /// `nullable: true` (a 3.1 `type` that lists `null`, as the loader writes it).
    pub nullable: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub format: Option<String>,
    pub example: Option<Value>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub bounds: Bounds,
}

/// A `discriminator`: the property that tells the variants apart, and which tag value names
/// which variant when the variants' names do not say.
#[derive(Debug, Default)]
pub(crate) struct Discriminator {
    pub property: String,
    /// Tag value -> the reference (or component name) of its variant, in spec order.
    pub mapping: IndexMap<String, String>,
}

/// The bounds a schema sets on its values: numbers, lengths of strings, sizes of arrays.
#[derive(Debug, Default)]
pub(crate) struct Bounds {
    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<Number>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

/// What a schema is, as lowering's `Shape` reads it: a `oneOf` decides before an `anyOf`, and
/// either, an `allOf` or a `not` before the `type` beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form<'a> {
    OneOf(&'a [SchemaId]),
    AnyOf(&'a [SchemaId]),
    /// Values of one type: the one `type` says, else an object for a schema with
    /// `properties` or `additionalProperties`, an array for one with `items`, a string for
    /// an `enum` of strings (and `null`).
    Of(Type),
    /// Anything else: an `allOf`, a `not`, a tuple, or a schema that says no type.
    Other,
}

impl Schema {
    /// Whether `name` is one of the declared `properties`.
    pub(crate) fn has_property(&self, name: &str) -> bool {
        self.property(name).is_some()
    }

    /// The schema of the declared property `name`.
    pub(crate) fn property(&self, name: &str) -> Option<SchemaId> {
        self.properties
            .iter()
            .find(|(property, _)| property == name)
            .map(|(_, id)| *id)
    }

    /// The variants of the union that decides what a value is, as lowering reads it:
    /// `oneOf` before `anyOf`; `None` for a schema with neither.
    pub(crate) fn union(&self) -> Option<&[SchemaId]> {
        if !self.one_of.is_empty() {
            Some(&self.one_of)
        } else if !self.any_of.is_empty() {
            Some(&self.any_of)
        } else {
            None
        }
    }
}

impl Schema {
    /// What the schema is, as lowering reads it (see [`Form`]).
    pub(crate) fn form(&self) -> Form<'_> {
        if self.prefix_items.is_some() {
            return Form::Other;
        }
        if !self.one_of.is_empty() {
            return Form::OneOf(&self.one_of);
        }
        if !self.any_of.is_empty() {
            return Form::AnyOf(&self.any_of);
        }
        if !self.all_of.is_empty() || self.not.is_some() {
            return Form::Other;
        }
        match self.ty {
            Some(Type::Other) | None => {}
            Some(ty) => return Form::Of(ty),
        }
        let strings = self.enumeration.iter().any(Value::is_string)
            && self
                .enumeration
                .iter()
                .all(|v| v.is_string() || v.is_null());
        if !self.properties.is_empty() || self.additional != Additional::Unset {
            Form::Of(Type::Object)
        } else if self.items.is_some() {
            Form::Of(Type::Array)
        } else if strings {
            Form::Of(Type::String)
        } else {
            Form::Other
        }
    }

    /// The `enum` values, an absent one (`null`) left out.
    pub(crate) fn values(&self) -> impl Iterator<Item = &Value> + Clone {
        self.enumeration.iter().filter(|v| !v.is_null())
    }
}

impl Graph {
    /// The node of `id`. Ids come from this graph, so every one has a node.
    pub(crate) fn node(&self, id: SchemaId) -> &Node {
        &self.nodes[id.index()]
    }

    /// The schema written at `id`; `None` for a reference.
    pub(crate) fn schema(&self, id: SchemaId) -> Option<&Schema> {
        match &self.node(id).kind {
            Kind::Schema(schema) => Some(schema),
            Kind::Ref(_) => None,
        }
    }

    /// How many component schemas there are; their ids are `0..component_count()`.
    pub(crate) fn component_count(&self) -> usize {
        self.components
    }

    /// The id of the `index`th component schema.
    pub(crate) fn component(&self, index: usize) -> Option<SchemaId> {
        (index < self.components).then(|| id(index))
    }

    /// The schema written at `at` that no other schema holds: that of a parameter, a
    /// request body's or a response's media type, or a component.
    pub(crate) fn root_at(&self, at: &Pointer) -> Option<SchemaId> {
        self.root_origins.get(at).copied()
    }

    /// The schema `id` stands for: itself, or where its chain of references ends.
    pub(crate) fn resolve(&self, id: SchemaId) -> Result<SchemaId, Unresolved> {
        let mut current = id;
        // Each step reaches another component, so more steps than components means one
        // came round.
        for _ in 0..=self.components {
            match &self.node(current).kind {
                Kind::Schema(_) => return Ok(current),
                Kind::Ref(reference) => current = reference.target?,
            }
        }
        Err(Unresolved::Cycle)
    }

    /// The schemas written directly inside `id`, in spec order: properties,
    /// `additionalProperties`, the positions of a tuple, items, `oneOf`, `allOf`, `anyOf`
    /// and `not`.
    pub(crate) fn children(&self, id: SchemaId) -> impl Iterator<Item = SchemaId> + '_ {
        let schema = self.schema(id);
        let properties = schema
            .into_iter()
            .flat_map(|s| s.properties.iter().map(|(_, id)| *id));
        let additional = schema.and_then(|s| match s.additional {
            Additional::Schema(id) => Some(id),
            Additional::Unset | Additional::Allowed(_) => None,
        });
        let positions = schema
            .into_iter()
            .flat_map(|s| s.prefix_items.iter().flatten().copied());
        let items = schema.and_then(|s| s.items);
        let members = schema.into_iter().flat_map(|s| {
            s.one_of
                .iter()
                .chain(&s.all_of)
                .chain(&s.any_of)
                .copied()
                .chain(s.not)
        });
        properties
            .chain(additional)
            .chain(positions)
            .chain(items)
            .chain(members)
    }

    /// Every schema of the document in document order, each before the schemas inside it;
    /// references are not followed (what they name is met where it is written).
    pub(crate) fn in_document_order(&self) -> Vec<SchemaId> {
        let mut pending: Vec<SchemaId> = self.roots.iter().rev().copied().collect();
        let mut out = Vec::with_capacity(self.nodes.len());
        while let Some(id) = pending.pop() {
            let before = pending.len();
            pending.extend(self.children(id));
            pending[before..].reverse();
            out.push(id);
        }
        out
    }
}

fn id(index: usize) -> SchemaId {
    // A document with more than 4 billion schemas does not fit in memory in the first place.
    SchemaId(u32::try_from(index).unwrap_or(u32::MAX))
}
