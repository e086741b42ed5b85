//! Lowering: a parsed document becomes the checked `ir::Api`. Its schemas are read from the
//! schema graph; operations, security and the example values still from the `openapiv3`
//! model. Component names are registered before any schema is converted, so forward and
//! recursive references resolve.

mod access;
mod dedup;
mod events;
pub(crate) mod example;
mod facts;
mod grouping;
mod operations;
mod pagination;
mod pattern;
mod recursion;
mod schema;
mod security;
pub(crate) mod shape;
mod size;
mod untagged;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Schema};

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{Api, HintBase, NameHint, Resource, TypeDef, TypeId, TypeKind, TypeRef, Types};
use crate::naming;
use crate::refs;
use crate::schema::{Graph, Kind, SchemaId};

/// Converts `api`, whose schemas are `graph`, to the IR, recording every problem in
/// `diagnostics`.
pub(crate) fn lower<'a>(
    api: &'a OpenAPI,
    graph: &'a Graph,
    diagnostics: &'a mut Diagnostics,
) -> Api {
    let mut lowerer = Lowerer::new(api, graph, diagnostics);
    let components = Pointer::root().join("components").join("schemas");
    let multipart = operations::multipart_components(api, graph);
    if let Some(components_section) = &api.components {
        for (i, name) in components_section.schemas.keys().enumerate() {
            let Some(schema) = graph.component(i) else {
                continue;
            };
            let id = lowerer.components[name];
            let omit = lowerer.omitted_tags.get(name).cloned();
            lowerer.files_in_scope = multipart.contains(name);
            lowerer.define(id, schema, &components.join(name), omit.as_deref());
            lowerer.files_in_scope = false;
        }
    }
    let (schemes, security) = lowerer.security();
    let mut resources = lowerer.operations(&security);
    let mut types = lowerer.types;
    in_definition_order(&mut types, &mut resources, &lowerer.order);
    let mut api = Api {
        resources,
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.as_deref().and_then(doc_text),
        base_url: api.servers.first().map(|s| s.url.clone()),
        schemes,
        security,
        types: Types::new(types),
    };
    // Names come once the whole API is lowered; what follows needs none.
    naming::assign(&mut api);
    string_path_params(&mut api.resources, &api.types);
    access::relax(&mut api);
    recursion::box_cycles(api.types.as_mut_slice());
    size::box_large(api.types.as_mut_slice());
    untagged::order_variants(api.types.as_mut_slice());
    // On the finished types, so that the field paths it records are the emitted ones.
    pagination::detect(&mut api, &lowerer.pagination_hints, lowerer.diagnostics);
    naming::pagination_methods(&mut api.resources);
    // Last, on the final shapes: access relaxing, boxing and pagination have made them.
    dedup::merge_copies(api.types.as_mut_slice());
    api
}

/// Puts `types` in the order their definitions began (each component, then the inline types
/// inside it), which is the order of the models in the crate, and renumbers every reference.
fn in_definition_order(types: &mut Vec<TypeDef>, resources: &mut [Resource], order: &[TypeId]) {
    let mut new_id = vec![None; types.len()];
    for (position, id) in order.iter().enumerate() {
        new_id[id.0] = Some(TypeId(position));
    }
    // Every slot is defined once; any left over keeps its place after the others.
    let mut next = order.len();
    let new_id: Vec<TypeId> = new_id
        .into_iter()
        .map(|id| {
            id.unwrap_or_else(|| {
                next += 1;
                TypeId(next - 1)
            })
        })
        .collect();
    let renumber = |ty: &mut TypeRef| ty.for_each_id(&mut |id: &mut TypeId| *id = new_id[id.0]);
    let mut slots: Vec<Option<TypeDef>> = vec![None; types.len()];
    for (old, mut def) in std::mem::take(types).into_iter().enumerate() {
        if let HintBase::Type(parent) = &mut def.hint.base {
            *parent = new_id[parent.0];
        }
        def.kind.for_each_ref(&mut |ty: &mut TypeRef| renumber(ty));
        slots[new_id[old].0] = Some(def);
    }
    *types = slots.into_iter().flatten().collect();
    for operation in resources.iter_mut().flat_map(|r| r.operations.iter_mut()) {
        for param in &mut operation.path_params {
            renumber(&mut param.ty);
        }
        if let Some(parameters) = &mut operation.parameters {
            parameters.type_id = new_id[parameters.type_id.0];
            for (field, _) in &mut parameters.fields {
                renumber(&mut field.ty);
            }
        }
        if let Some(body) = &mut operation.body {
            renumber(&mut body.ty);
        }
        operation
            .response
            .for_each_id(&mut |id: &mut TypeId| *id = new_id[id.0]);
        if let Some(stream) = &mut operation.stream {
            renumber(&mut stream.item);
        }
    }
}

/// Path parameters whose type is an alias of `String` (nexus's `Name`) are taken as `&str`,
/// as plain strings are: a caller has a `&str` at hand more often than a `&String`.
fn string_path_params(resources: &mut [Resource], types: &Types) {
    for operation in resources.iter_mut().flat_map(|r| r.operations.iter_mut()) {
        for param in &mut operation.path_params {
            if is_string_alias(&param.ty, types) {
                param.ty = TypeRef::String;
            }
        }
    }
}

/// Whether `ty` is `String`, or an alias of it.
fn is_string_alias<'a>(mut ty: &'a TypeRef, types: &'a Types) -> bool {
    // At most one step per type: a cycle of aliases ends the walk.
    for _ in 0..=types.len() {
        match ty {
            TypeRef::String => return true,
            TypeRef::Named(id) => match types.kind(*id) {
                Some(TypeKind::Alias(next)) => ty = next,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// State of one lowering run.
pub(crate) struct Lowerer<'a> {
    api: &'a OpenAPI,
    /// The document's schemas, which lowering reads.
    graph: &'a Graph,
    diagnostics: &'a mut Diagnostics,
    /// The types, by id: the components first, then inline types as they are met.
    types: Vec<TypeDef>,
    /// The ids in the order their definitions began, so that each type comes before the
    /// inline types it contains.
    order: Vec<TypeId>,
    /// Component schema name -> its type.
    components: IndexMap<String, TypeId>,
    /// Component schema name -> discriminator property that its struct leaves out, because
    /// the component is a variant of a tagged union whose tag carries that property.
    omitted_tags: HashMap<String, String>,
    /// Set while a multipart body's schema is lowered: `format: binary` strings are files.
    files_in_scope: bool,
    /// The wire names of the security schemes requirements name, in `Api::schemes` order.
    scheme_ids: Vec<String>,
    /// The scheme standing for declared `Authorization` header parameters, in a document
    /// that defines no security of its own (an index into `scheme_ids`).
    authorization_scheme: Option<usize>,
    /// What detection of pagination needs of each operation, in the order they are lowered.
    pagination_hints: Vec<pagination::Hints>,
}

impl<'a> Lowerer<'a> {
    fn new(api: &'a OpenAPI, graph: &'a Graph, diagnostics: &'a mut Diagnostics) -> Self {
        let mut types = Vec::new();
        let mut components = IndexMap::new();
        let mut omitted_tags = HashMap::new();
        let mut variant_refs = HashMap::new();
        if let Some(section) = &api.components {
            let at = Pointer::root().join("components").join("schemas");
            for (i, name) in section.schemas.keys().enumerate() {
                let hint = NameHint {
                    base: HintBase::Component,
                    text: name.clone(),
                };
                components.insert(name.clone(), TypeId(types.len()));
                types.push(placeholder(hint, &at.join(name)));
                if let Some(schema) = graph.component(i) {
                    collect_variant_tags(graph, schema, &mut omitted_tags, &mut variant_refs);
                }
            }
        }
        // A variant that is also used on its own keeps its tag property, or it would be sent
        // without it there; as a variant, it then carries its tag itself.
        if !omitted_tags.is_empty() {
            let all_refs = count_refs(api, graph);
            omitted_tags.retain(|name, _| {
                all_refs.get(name.as_str()).copied().unwrap_or(0)
                    <= variant_refs.get(name).copied().unwrap_or(0)
            });
        }
        Self {
            api,
            graph,
            diagnostics,
            types,
            order: Vec::new(),
            components,
            omitted_tags,
            files_in_scope: false,
            scheme_ids: Vec::new(),
            authorization_scheme: None,
            pagination_hints: Vec::new(),
        }
    }

    /// A new type slot, defined later, named after `hint`.
    pub(super) fn reserve(&mut self, hint: NameHint, at: &Pointer) -> TypeId {
        self.types.push(placeholder(hint, at));
        TypeId(self.types.len() - 1)
    }

    /// A new type, defined at once.
    pub(super) fn add(
        &mut self,
        hint: NameHint,
        at: &Pointer,
        doc: Option<String>,
        kind: TypeKind,
    ) -> TypeId {
        let id = self.reserve(hint, at);
        self.order.push(id);
        self.types[id.0].doc = doc;
        self.types[id.0].kind = kind;
        id
    }

    /// The component schema the reference `id` names: its name, type and schema (which
    /// may be a reference again). A reference that names none is a warning ending in
    /// `fallback`, which says what the caller does instead; so is an `id` that is no
    /// reference, which callers do not pass.
    fn resolve(
        &mut self,
        id: SchemaId,
        at: &Pointer,
        fallback: &str,
    ) -> Option<(&'a str, TypeId, SchemaId)> {
        let Kind::Ref(reference) = &self.graph.node(id).kind else {
            return None;
        };
        match reference.target {
            Ok(target) => {
                let name = self.component_name(target.index())?;
                Some((name, TypeId(target.index()), target))
            }
            // The rest of the SDK does not depend on what the missing schema would have said
            // (another document is never read: the generator touches no file), so generation
            // goes on.
            Err(why) => {
                self.diagnostics.warning(
                    at,
                    format!("{}; {fallback}", why.reason::<Schema>(&reference.text)),
                );
                None
            }
        }
    }

    /// The name of the `index`th component schema, which is also the `index`th type.
    fn component_name(&self, index: usize) -> Option<&'a str> {
        let api = self.api;
        let (name, _) = api.components.as_ref()?.schemas.get_index(index)?;
        Some(name)
    }
}

/// A type yet to be defined.
fn placeholder(hint: NameHint, at: &Pointer) -> TypeDef {
    TypeDef {
        name: String::new(),
        origin: at.to_string(),
        hint,
        doc: None,
        facts: crate::ir::Facts::default(),
        kind: TypeKind::Alias(TypeRef::Json),
    }
}

/// Records, for each discriminated `oneOf` in the schema `id`, the tag property its `$ref`
/// variants leave out, and counts those references in `counts`.
fn collect_variant_tags(
    graph: &Graph,
    id: SchemaId,
    out: &mut HashMap<String, String>,
    counts: &mut HashMap<String, usize>,
) {
    let Some(schema) = graph.schema(id) else {
        return;
    };
    let Some(discriminator) = &schema.discriminator else {
        return;
    };
    if let shape::Shape::OneOf(variants) | shape::Shape::AnyOf(variants) = shape::shape(schema) {
        for variant in variants {
            if let Kind::Ref(reference) = &graph.node(*variant).kind {
                if let Some(name) = refs::component_name::<Schema>(&reference.text) {
                    out.insert(name.to_string(), discriminator.property.clone());
                    *counts.entry(name.into_owned()).or_default() += 1;
                }
            }
        }
    }
}

/// How many `$ref`s in the whole document name each component schema: those of the graph,
/// and those of the schemas left in the model, which the graph does not read (a response
/// header's, say).
///
/// The model is printed as compact JSON and the text searched: a tree of it would hold a
/// second copy of it in memory. In that text `"$ref":` is always a key, since a quote inside
/// a string is escaped.
fn count_refs(api: &OpenAPI, graph: &Graph) -> HashMap<String, usize> {
    const KEY: &str = "\"$ref\":";
    let mut counts: HashMap<String, usize> = HashMap::new();
    for id in graph.in_document_order() {
        if let Kind::Ref(reference) = &graph.node(id).kind {
            if let Some(name) = refs::component_name::<Schema>(&reference.text) {
                *counts.entry(name.into_owned()).or_default() += 1;
            }
        }
    }
    // The document was read from JSON, so it serializes back; if it did not, every variant
    // would leave its tag out, as when it is not used on its own.
    let Ok(text) = serde_json::to_string(api) else {
        return counts;
    };
    let mut rest = text.as_str();
    while let Some(at) = rest.find(KEY) {
        rest = &rest[at + KEY.len()..];
        // A reference is a string; any other value is searched like the rest.
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<String>();
        if let Some(Ok(reference)) = values.next() {
            if let Some(name) = refs::component_name::<Schema>(&reference) {
                *counts.entry(name.into_owned()).or_default() += 1;
            }
            rest = &rest[values.byte_offset()..];
        }
    }
    counts
}

/// Spec text made safe for rustdoc: code blocks are marked `text`, since rustdoc would
/// otherwise compile them as Rust doctests of the generated crate. Surrounding whitespace is
/// trimmed; `None` for blank text.
pub(crate) fn doc_text(text: &str) -> Option<String> {
    let mut in_fence = false;
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                let fence = &trimmed[..3];
                let indent = &line[..line.len() - trimmed.len()];
                let line = if in_fence {
                    format!("{indent}{fence}")
                } else {
                    format!("{indent}{fence}text")
                };
                in_fence = !in_fence;
                return line;
            }
            line.trim_end().to_owned()
        })
        .collect();
    let text = lines.join("\n");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::doc_text;
    use crate::ir::{Api, Presence, TypeKind, TypeRef};

    fn lowered(spec: &str) -> Result<Api, String> {
        crate::lower(spec).map_err(|d| format!("{d:?}"))
    }

    /// The document with one operation whose JSON body is the schema `body`.
    fn with_body(version: &str, body: &str) -> String {
        format!(
            "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths:\n  /p:\n    post:\n      operationId: p.create\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {body}\n      responses:\n        '204': {{description: done}}\n"
        )
    }

    #[test]
    fn prefix_items_are_a_tuple_and_its_example_fills_the_required_positions() -> Result<(), String>
    {
        let body = "{type: array, prefixItems: [{type: string}, {type: integer, minimum: 3}, {type: boolean}], minItems: 2, items: {type: number}}";
        let api = lowered(&with_body("3.1.0", body))?;
        let tuple = api
            .types
            .iter()
            .find_map(|def| match &def.kind {
                TypeKind::Tuple(t) => Some(t),
                _ => None,
            })
            .ok_or("no tuple")?;
        let types: Vec<&TypeRef> = tuple.positions.iter().map(|p| &p.ty).collect();
        assert_eq!(
            types,
            [
                &TypeRef::String,
                &TypeRef::Integer {
                    signed: false,
                    bits: 64
                },
                &TypeRef::Bool
            ]
        );
        assert_eq!(tuple.required, 2);
        assert_eq!(tuple.rest, Some(TypeRef::Float { bits: 64 }));
        let operation = api
            .resources
            .first()
            .and_then(|r| r.operations.first())
            .ok_or("no operation")?;
        let example = operation.body.as_ref().and_then(|b| b.example.clone());
        assert_eq!(example, Some(serde_json::json!(["value", 3])));
        Ok(())
    }

    #[test]
    fn a_tuple_with_no_position_is_an_array_of_its_rest() -> Result<(), String> {
        let cases = [
            (
                "{type: array, prefixItems: [{type: string}], maxItems: 0}",
                TypeRef::Json,
            ),
            (
                "{type: array, prefixItems: [], items: {type: boolean}}",
                TypeRef::Bool,
            ),
            ("{type: array, prefixItems: []}", TypeRef::Json),
        ];
        for (body, item) in cases {
            let api = lowered(&with_body("3.1.0", body))?;
            let kinds: Vec<&TypeKind> = api.types.iter().map(|def| &def.kind).collect();
            let array = TypeKind::Alias(TypeRef::Array(Box::new(item)));
            assert!(kinds.contains(&&array), "{body}: {kinds:?}");
            assert!(
                kinds.iter().all(|kind| !matches!(kind, TypeKind::Tuple(_))),
                "{body}: {kinds:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn a_3_0_document_declares_no_tuple_with_prefix_items() -> Result<(), String> {
        let body = "{type: array, prefixItems: [{type: string}], items: {type: integer}}";
        let api = lowered(&with_body("3.0.3", body))?;
        assert!(
            api.types
                .iter()
                .all(|def| !matches!(def.kind, TypeKind::Tuple(_))),
            "{:?}",
            api.types
        );
        Ok(())
    }

    /// The fields of the struct that lowering makes of the JSON body `body`.
    fn body_fields(body: &str, media: &str) -> Result<Vec<(String, TypeRef, Presence)>, String> {
        let spec = with_body("3.0.3", body).replace("application/json", media);
        let api = lowered(&spec)?;
        let operation = api
            .resources
            .first()
            .and_then(|r| r.operations.first())
            .ok_or("no operation")?;
        let Some(TypeRef::Named(id)) = operation.body.as_ref().map(|b| &b.ty) else {
            return Err(format!("{:?}", operation.body));
        };
        let Some(TypeKind::Struct(body)) = api.types.kind(*id) else {
            return Err(format!("{:?}", api.types.kind(*id)));
        };
        Ok(body
            .fields
            .iter()
            .map(|f| (f.wire.clone(), f.ty.clone(), f.presence))
            .collect())
    }

    #[test]
    fn null_among_the_enum_values_makes_a_value_nullable_whatever_its_type() -> Result<(), String> {
        let fields = body_fields(
            "{type: object, properties: {level: {type: integer, enum: [1, 2, null]}, name: {type: string, enum: [a, null]}}}",
            "application/json",
        )?;
        let presences: Vec<Presence> = fields.iter().map(|(_, _, p)| *p).collect();
        assert_eq!(presences, [Presence::OptionalNullable; 2], "{fields:?}");
        Ok(())
    }

    #[test]
    fn a_binary_string_of_a_multipart_body_is_a_file_however_the_model_keeps_it()
    -> Result<(), String> {
        // `items` beside `type: string` makes openapiv3 keep the schema in its catch-all form.
        let fields = body_fields(
            "{type: object, properties: {plain: {type: string, format: binary}, mixed: {type: string, format: binary, items: {}}}}",
            "multipart/form-data",
        )?;
        let types: Vec<&TypeRef> = fields.iter().map(|(_, ty, _)| ty).collect();
        assert_eq!(types, [&TypeRef::File, &TypeRef::File], "{fields:?}");
        Ok(())
    }

    #[test]
    fn spec_code_blocks_never_become_doctests() {
        let doc = "  Example:\n```rust\nlet x = 1;\n```\n\n```\nplain\n```\nafter  ";
        assert_eq!(
            doc_text(doc).as_deref(),
            Some("Example:\n```text\nlet x = 1;\n```\n\n```text\nplain\n```\nafter")
        );
        assert_eq!(doc_text("  \n "), None);
    }
}

#[cfg(test)]
mod cycle_tests {
    //! Lowering ends on any document, checked or not: `check` reports cycles of references,
    //! and lowering does not rely on it to stop.

    use crate::diagnostics::{Diagnostic, Diagnostics};
    use crate::ir::{Api, TypeKind};

    /// Lowers `schemas` (components, as YAML lines), each used as the body and the response
    /// of an operation, without the checks that run before lowering in `generate`.
    fn lower_unchecked(schemas: &str) -> Result<(Api, Vec<Diagnostic>), String> {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for line in schemas.lines() {
            text.push_str("    ");
            text.push_str(line);
            text.push('\n');
        }
        let mut api: openapiv3::OpenAPI =
            serde_yaml::from_str(&text).map_err(|e| format!("{e}: {text}"))?;
        let names: Vec<String> = api
            .components
            .iter()
            .flat_map(|c| c.schemas.keys().cloned())
            .collect();
        for name in names {
            let path = format!(
                "
post:
  operationId: make{name}
  requestBody:
    content:
      application/json:
        schema: {{$ref: '#/components/schemas/{name}'}}
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema: {{$ref: '#/components/schemas/{name}'}}
"
            );
            let item = serde_yaml::from_str(&path).map_err(|e| e.to_string())?;
            api.paths
                .paths
                .insert(format!("/{name}"), openapiv3::ReferenceOr::Item(item));
        }
        let mut diagnostics = Diagnostics::default();
        let graph = crate::schema::openapi30::build(&api);
        let lowered = super::lower(&api, &graph, &mut diagnostics);
        Ok((lowered, diagnostics.into_sorted()))
    }

    fn kind<'a>(api: &'a Api, name: &str) -> Option<&'a TypeKind> {
        api.types.iter().find(|t| t.name == name).map(|t| &t.kind)
    }

    fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect()
    }

    #[test]
    fn alias_cycles_end_as_aliases() -> Result<(), String> {
        let (api, _) = lower_unchecked(
            "A: {$ref: '#/components/schemas/B'}\nB: {$ref: '#/components/schemas/A'}",
        )?;
        assert!(matches!(kind(&api, "A"), Some(TypeKind::Alias(_))));
        assert!(matches!(kind(&api, "B"), Some(TypeKind::Alias(_))));
        let (api, _) = lower_unchecked("A: {$ref: '#/components/schemas/A'}")?;
        assert!(matches!(kind(&api, "A"), Some(TypeKind::Alias(_))));
        Ok(())
    }

    #[test]
    fn all_of_cycles_are_cut_where_they_close() -> Result<(), String> {
        let (api, diagnostics) = lower_unchecked(
            "A: {allOf: [{$ref: '#/components/schemas/B'}, {type: object, properties: {a: {type: string}}}]}\nB: {allOf: [{$ref: '#/components/schemas/A'}]}",
        )?;
        let Some(TypeKind::Struct(a)) = kind(&api, "A") else {
            return Err(format!("{:?}", kind(&api, "A")));
        };
        let fields: Vec<&str> = a.fields.iter().map(|f| f.wire.as_str()).collect();
        assert_eq!(fields, ["a"]);
        let found = messages(&diagnostics);
        assert!(
            found.contains(&"#/components/schemas/B/allOf/0/$ref: this `allOf` member leads back to `A`, which it is part of; it is left out".to_owned()),
            "{found:#?}"
        );
        let (_, diagnostics) = lower_unchecked(
            "A: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {a: {type: string}}}]}",
        )?;
        let found = messages(&diagnostics);
        assert!(
            found.iter().any(|m| m.starts_with(
                "#/components/schemas/A/allOf/0/$ref: this `allOf` member leads back to `A`"
            )),
            "{found:#?}"
        );
        Ok(())
    }

    #[test]
    fn cycles_of_single_variants_end() -> Result<(), String> {
        let (api, _) = lower_unchecked(
            "A: {oneOf: [{$ref: '#/components/schemas/B'}]}\nB: {anyOf: [{$ref: '#/components/schemas/A'}]}",
        )?;
        assert!(kind(&api, "A").is_some() && kind(&api, "B").is_some());
        Ok(())
    }

    #[test]
    fn recursive_types_are_still_types() -> Result<(), String> {
        let (api, diagnostics) = lower_unchecked(
            "A: {oneOf: [{$ref: '#/components/schemas/A'}, {type: string}]}\nL: {type: array, items: {$ref: '#/components/schemas/L'}}\nTree: {type: object, required: [kids], properties: {kids: {type: array, items: {$ref: '#/components/schemas/Tree'}}}}",
        )?;
        assert!(matches!(kind(&api, "A"), Some(TypeKind::Untagged(_))));
        assert!(matches!(kind(&api, "Tree"), Some(TypeKind::Struct(_))));
        assert_eq!(messages(&diagnostics), Vec::<String>::new());
        Ok(())
    }

    #[test]
    fn long_alias_chains_end() -> Result<(), String> {
        let mut schemas = String::new();
        for i in 0..2000 {
            schemas.push_str(&format!(
                "S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
                i + 1
            ));
        }
        schemas.push_str("S2000: {type: object, properties: {a: {type: string}}}\n");
        let (api, _) = lower_unchecked(&schemas)?;
        assert!(matches!(kind(&api, "S2000"), Some(TypeKind::Struct(_))));
        Ok(())
    }
}
