//! Operation lowering: each path item's operations become methods grouped into resources
//! (by the `resource.method` form of the operationId, else by tag, else by the path, as
//! [`super::grouping`] says), with typed path parameters, JSON request body and success
//! response.

use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Operation as SpecOperation, Parameter, PathItem, ReferenceOr, RequestBody, Response,
    StatusCode,
};

use super::grouping::{self, Collections};
use super::{Lowerer, example};
use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{
    Body, BodyKind, ByStatus, EventStream, Facts, Field, HintBase, Idempotency, NameHint,
    Operation, Outcome, Param, ParamLocation, Parameters, PathPart, Presence, QueryStyle, Resource,
    ResponseKind, Security, StatusMatch, StatusVariant, Struct, TypeKind, TypeRef,
};
use crate::naming::{self, PointerOrder, Scope, exact_first, settle};
use crate::refs;
use crate::schema::{Graph, Kind, Schema, SchemaId};

/// Accessor names the client already has, which resources must not take.
const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "base_url", "request"];

impl<'a> Lowerer<'a> {
    /// Every operation of the document, grouped into resources.
    pub(super) fn operations(&mut self, security: &Security) -> Vec<Resource> {
        let api = self.api;
        if let Some(value) = api.extensions.get(IDEMPOTENCY_KEY) {
            if !matches!(value, serde_json::Value::Bool(false))
                && !value.as_str().is_some_and(is_header_name)
            {
                warn_idempotency(self.diagnostics, &Pointer::root().join(IDEMPOTENCY_KEY));
            }
        }
        let collections = Collections::new(api);
        let (accessors, mut methods) = method_names(api, self.graph, &collections);
        let mut groups: IndexMap<Vec<String>, Resource> = IndexMap::new();
        for (path, item) in api.paths.iter() {
            let at = Pointer::root().join("paths").join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diagnostics.warning(
                        &at,
                        "a `$ref` to a path item is not supported; its operations are skipped",
                    );
                    continue;
                }
            };
            for (method, operation) in item.iter() {
                let at = at.join(method);
                let (group, _) = grouping(path, method, item, operation, &collections);
                let name = methods.remove(&at.to_string()).unwrap_or_default();
                let stream_name = methods.remove(&format!("{at}/stream"));
                // A sub-resource's parents come before it, with or without operations.
                for depth in 1..=group.len() {
                    let key = &group[..depth];
                    if groups.contains_key(key) {
                        continue;
                    }
                    let doc = api
                        .tags
                        .iter()
                        .find(|t| key.len() == 1 && key[0] == t.name)
                        .and_then(|t| t.description.as_deref())
                        .and_then(super::doc_text);
                    let accessor =
                        |depth: usize| accessors.get(&group[..depth]).cloned().unwrap_or_default();
                    let resource = Resource {
                        name: accessor(depth),
                        parents: (1..depth).map(accessor).collect(),
                        // Named by the naming pass, with the models.
                        type_name: String::new(),
                        doc,
                        operations: Vec::new(),
                    };
                    groups.insert(key.to_vec(), resource);
                }
                let index = groups.get_index_of(&group).unwrap_or_default();
                let hint = NameHint {
                    base: HintBase::Resource(index),
                    text: format!("_{name}"),
                };
                if let Some(mut op) =
                    self.operation(name, &hint, path, method, item, operation, &at)
                {
                    op.stream = self.event_stream(&op, stream_name, operation, &hint, &at);
                    op.security = operation
                        .security
                        .as_ref()
                        .map_or_else(|| security.clone(), |s| self.requirement(s));
                    if let Some(scheme) = self.authorization_scheme {
                        if super::security::declares_authorization(api, item, operation) {
                            op.security = vec![vec![scheme]];
                        }
                    }
                    let operations = &mut groups[&group].operations;
                    operations.push(op);
                    self.pagination_hints.push(super::pagination::Hints::new(
                        api,
                        operation,
                        at.clone(),
                        index,
                        operations.len() - 1,
                    ));
                }
            }
        }
        groups.into_values().collect()
    }

    /// The single string the schema of a parameter allows (`enum` of one value), through
    /// `$ref`s.
    fn single_value(&self, schema: Option<SchemaId>) -> Option<String> {
        let (target, _) = self.target(schema?)?;
        super::schema::single_value(self.graph, target)
    }

    /// The schema written at `written` (that of a parameter, or of a body's or response's
    /// media type), lowered as the type of the value at `at`.
    fn inline_written(
        &mut self,
        hint: &NameHint,
        written: &Pointer,
        at: &Pointer,
    ) -> (TypeRef, bool) {
        match self.graph.root_at(written) {
            Some(schema) => self.inline(hint, schema, at),
            // Every schema of a parameter, body or response is read into the graph.
            None => {
                self.diagnostics.warning(
                    at,
                    "this schema was not read; the value is kept as raw json",
                );
                (TypeRef::Json, false)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        name: String,
        hint: &NameHint,
        path: &str,
        method: &str,
        item: &'a PathItem,
        operation: &'a SpecOperation,
        at: &Pointer,
    ) -> Option<Operation> {
        let mut path_params = Vec::new();
        let mut params = Scope::default();
        let mut sent: Vec<(Field, ParamLocation)> = Vec::new();
        let mut sent_names = Scope::default();
        // The one media type an ignored `Accept` parameter allows, for a response that
        // declares none.
        let mut declared_accept = None;
        let mut required_examples = serde_json::Map::new();
        let graph = self.graph;
        for (parameter, at, written) in self.parameters(item, operation, at) {
            let data = parameter.parameter_data_ref();
            let schema = graph.root_at(&written.join("schema"));
            let location = match parameter {
                Parameter::Path { .. } => None,
                Parameter::Query { style, .. } => {
                    Some(ParamLocation::Query(query_style(style, data.explode)))
                }
                Parameter::Header { .. } => {
                    let name = data.name.to_ascii_lowercase();
                    if name == "authorization" && self.authorization_scheme.is_some() {
                        self.diagnostics.warning(
                            &at,
                            format!(
                                "the `{}` header parameter becomes the client's credential, since the document defines no security scheme; the client sends it as given",
                                data.name
                            ),
                        );
                        continue;
                    }
                    if name == "accept" {
                        declared_accept = self.single_value(schema);
                    }
                    if ["accept", "content-type", "authorization"].contains(&name.as_str()) {
                        self.diagnostics.warning(
                            &at,
                            format!(
                                "the `{}` header parameter is ignored, as openapi prescribes; the client sets that header itself",
                                data.name
                            ),
                        );
                        continue;
                    }
                    Some(ParamLocation::Header)
                }
                Parameter::Cookie { .. } => Some(ParamLocation::Cookie),
            };
            let given = example::given(data.example.as_ref(), &data.examples);
            let ((ty, _), example) = match &data.format {
                openapiv3::ParameterSchemaOrContent::Schema(_) => {
                    let hint = hint.with(&format!("_{}", data.name));
                    // A path parameter names something: `id_123` reads as an identifier.
                    let made_up = match parameter {
                        Parameter::Path { .. } => format!(
                            "{}_123",
                            naming::field_name(&data.name).trim_end_matches('_')
                        ),
                        _ => data.name.clone(),
                    };
                    let written = written.join("schema");
                    let example = example::example_at(graph, &written, given, &made_up);
                    (
                        self.inline_written(&hint, &written, &at.join("schema")),
                        example,
                    )
                }
                openapiv3::ParameterSchemaOrContent::Content(content) => {
                    // Sent as a string: the example, else a value of the first media type's
                    // schema, as JSON text.
                    let made = || {
                        let (key, media) = content.first()?;
                        let given = example::given(media.example.as_ref(), &media.examples);
                        let value = match &media.schema {
                            Some(_) => {
                                let written = written.join("content").join(key).join("schema");
                                example::example_at(graph, &written, given, &data.name)
                            }
                            None => given?.clone(),
                        };
                        Some(value)
                    };
                    let example = match given {
                        Some(serde_json::Value::String(text)) => text.clone(),
                        _ => made().map_or_else(|| data.name.clone(), |v| v.to_string()),
                    };
                    ((TypeRef::String, false), serde_json::Value::String(example))
                }
            };
            let doc = data.description.as_deref().and_then(super::doc_text);
            let facts = parameter_facts(data, schema.and_then(|id| self.graph.schema(id)));
            match location {
                None => path_params.push(Param {
                    name: naming::field_name(&data.name),
                    wire: data.name.clone(),
                    ty,
                    doc,
                    facts,
                    example,
                }),
                Some(location) => {
                    if data.required {
                        required_examples.insert(data.name.clone(), example);
                    }
                    let field = Field {
                        name: naming::field_name(&data.name),
                        wire: data.name.clone(),
                        doc,
                        facts,
                        ty,
                        presence: if data.required {
                            Presence::Required
                        } else {
                            Presence::Optional
                        },
                    };
                    sent.push((field, location));
                }
            }
        }
        let claims = path_params
            .iter()
            .map(|p| (p.name.clone(), exact_first(&p.name, &p.wire)))
            .collect();
        for (param, name) in path_params.iter_mut().zip(settle(&mut params, claims)) {
            param.name = name;
        }
        let claims = sent
            .iter()
            .map(|(f, _)| (f.name.clone(), exact_first(&f.name, &f.wire)))
            .collect();
        for ((field, _), name) in sent.iter_mut().zip(settle(&mut sent_names, claims)) {
            field.name = name;
        }
        let parameters = (!sent.is_empty()).then(|| {
            let doc = format!(
                "The query, header and cookie parameters of `{} {path}`.",
                method.to_uppercase()
            );
            let type_id = self.add(
                hint.with("_parameters"),
                &at.join("parameters"),
                Some(doc),
                TypeKind::Struct(Struct {
                    fields: sent.iter().map(|(f, _)| f.clone()).collect(),
                    additional: None,
                    serde: false,
                }),
            );
            Parameters {
                type_id,
                fields: sent,
                example: serde_json::Value::Object(required_examples),
            }
        });

        // A `#fragment` tells apart operations that share a path (`/files/{id}#copy`); it is
        // no part of the request's URL.
        let path = path.split_once('#').map_or(path, |(path, _)| path);
        let path_parts = self.path_parts(path, &mut path_params, &mut params, at)?;
        let body = match &operation.request_body {
            Some(body) => self.body(body, hint, &at.join("requestBody")),
            None => None,
        };
        let outcome = outcome(&operation.responses);
        let (response, accept) = match self.success_response(
            &operation.responses,
            &outcome,
            hint,
            &at.join("responses"),
        ) {
            ResponseKind::Empty => (ResponseKind::Empty, declared_accept),
            kind => {
                let accept = self.accept(&kind);
                (kind, accept)
            }
        };
        self.unsupported_parts(operation, at);
        let doc = [
            operation.summary.as_deref(),
            operation.description.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
        Some(Operation {
            name,
            method: method.to_uppercase(),
            path: path.to_owned(),
            path_parts,
            doc: super::doc_text(&doc),
            path_params,
            parameters,
            body,
            response,
            accept,
            deprecated: operation.deprecated,
            security: Vec::new(),
            outcome,
            idempotency: self.idempotency(method, operation, at),
            pagination: None,
            stream: None,
        })
    }

    /// The streaming method of an operation that answers with events: the method itself
    /// when events are its only answer, else its `<name>_stream` twin.
    fn event_stream(
        &mut self,
        op: &Operation,
        twin: Option<String>,
        operation: &'a SpecOperation,
        hint: &NameHint,
        at: &Pointer,
    ) -> Option<EventStream> {
        let name = match (&op.response, twin) {
            (ResponseKind::EventStream(_), _) => op.name.clone(),
            (_, Some(twin)) => twin,
            _ => return None,
        };
        let streamed = super::events::streamed(self.api, self.graph, &operation.responses, at)?;
        let named = streamed
            .schema
            .and_then(|schema| Some((schema, super::events::named_events(self.graph, schema)?)));
        let envelopes = named.is_some();
        let item = match (named, streamed.schema) {
            (Some((schema, (keyword, variants))), _) => {
                let at = match &self.graph.node(schema).kind {
                    Kind::Ref(reference) => {
                        Pointer::from_ref(&reference.text).unwrap_or_else(|| at.join("responses"))
                    }
                    Kind::Schema(_) => at.join("responses"),
                };
                self.event_union(hint.with("_event"), variants, &at.join(keyword))
            }
            (None, Some(schema)) => {
                let item = super::events::item_schema(self.graph, schema);
                // A schema of its own is named after the operation's events.
                self.inline(&hint.with("_event"), item, &at.join("responses"))
                    .0
            }
            (None, None) => TypeRef::String,
        };
        let flag = op
            .body
            .as_ref()
            .is_some_and(|body| body.kind == BodyKind::Json)
            && operation.request_body.as_ref().is_some_and(|body| {
                super::events::body_stream_flag(self.api, self.graph, body, at)
            });
        Some(EventStream {
            name,
            media: streamed.media.to_owned(),
            item,
            envelopes,
            stream_flag: flag.then(|| "stream".to_owned()),
        })
    }

    /// The union of a stream's named events: a tagged union on `event`, each variant an
    /// envelope (`{event, data, id?}`), an event of a name it does not list kept as unknown.
    fn event_union(
        &mut self,
        hint: NameHint,
        variants: super::events::Members,
        at: &Pointer,
    ) -> TypeRef {
        let id = self.reserve(hint, at);
        self.order.push(id);
        let kind = self.tagged(id, variants, ("event", false), None, at);
        self.types[id.0].kind = kind;
        TypeRef::Named(id)
    }

    /// The `x-idempotency-key` of the operation, else of the document: a header name, or
    /// `false` (no key). A value that is neither is ignored with a warning.
    fn idempotency(
        &mut self,
        method: &str,
        operation: &'a SpecOperation,
        at: &Pointer,
    ) -> Idempotency {
        if matches!(method, "get" | "head" | "options") {
            return Idempotency::Unset;
        }
        // The document's value is checked once, by `operations`.
        let own = operation.extensions.get(IDEMPOTENCY_KEY);
        for (value, is_own) in [
            (own, true),
            (self.api.extensions.get(IDEMPOTENCY_KEY), false),
        ] {
            match value {
                None => {}
                Some(serde_json::Value::Bool(false)) => return Idempotency::Off,
                Some(serde_json::Value::String(name)) if is_header_name(name) => {
                    return Idempotency::Header(name.clone());
                }
                Some(_) if is_own => warn_idempotency(self.diagnostics, &at.join(IDEMPOTENCY_KEY)),
                Some(_) => {}
            }
        }
        Idempotency::Unset
    }

    /// Warns about what an operation declares that the SDK cannot act on.
    fn unsupported_parts(&mut self, operation: &'a SpecOperation, at: &Pointer) {
        for name in operation.callbacks.keys() {
            self.diagnostics.warning(
                &at.join("callbacks").join(name),
                "callbacks are not supported; the SDK makes no server for them and ignores this one",
            );
        }
        for (status, response) in &operation.responses.responses {
            if let ReferenceOr::Item(response) = response {
                for name in response.links.keys() {
                    self.diagnostics.warning(
                        &at.join("responses").join(status).join("links").join(name),
                        "response links are not supported; this one is ignored",
                    );
                }
            }
        }
    }

    /// The parameters that apply to an operation: the path item's, overridden by the
    /// operation's own with the same name and location, references resolved.
    fn parameters(
        &mut self,
        item: &'a PathItem,
        operation: &'a SpecOperation,
        at: &Pointer,
    ) -> Vec<(&'a Parameter, Pointer, Pointer)> {
        let item_at = at.clone();
        let mut out: Vec<(&'a Parameter, Pointer, Pointer)> = Vec::new();
        let inherited = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, item_at.join("..").join("parameters").join(i)));
        let own = operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, at.join("parameters").join(i)));
        for (parameter, at) in inherited.collect::<Vec<_>>().into_iter().chain(own) {
            let at = normalize(&at);
            let Some((parameter, written)) = self.resolve_parameter(parameter, &at) else {
                continue;
            };
            let key = |p: &Parameter| {
                (
                    p.parameter_data_ref().name.clone(),
                    std::mem::discriminant(p),
                )
            };
            out.retain(|(existing, _, _)| key(existing) != key(parameter));
            out.push((parameter, at, written));
        }
        out
    }

    fn resolve_parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        at: &Pointer,
    ) -> Option<(&'a Parameter, Pointer)> {
        self.resolve_component(parameter, at, "the parameter is left out")
    }

    /// The item behind a `$ref` into its section of `components`, or the item itself (at
    /// `at`), with where it is written; a reference that resolves to nothing is a warning
    /// ending in `fallback`, which says what the caller does instead.
    fn resolve_component<T: refs::Section>(
        &mut self,
        item: &'a ReferenceOr<T>,
        at: &Pointer,
        fallback: &str,
    ) -> Option<(&'a T, Pointer)> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some((item, at.clone())),
            ReferenceOr::Reference { reference } => reference,
        };
        match refs::resolve::<T>(self.api, reference) {
            Ok(target) => Some((target.item, target.pointer())),
            Err(why) => {
                self.diagnostics.warning(
                    &at.join("$ref"),
                    format!("{}; {fallback}", why.reason::<T>(reference)),
                );
                None
            }
        }
    }

    /// Splits a path template into text and parameters. A `{name}` that no path parameter
    /// declares is a warning, and becomes a required string parameter, as path parameters
    /// almost always are.
    fn path_parts(
        &mut self,
        path: &str,
        params: &mut Vec<Param>,
        names: &mut Scope,
        at: &Pointer,
    ) -> Option<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = path;
        let declared = params.len();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.diagnostics
                    .error(at, format!("the path `{path}` has an unclosed `{{`"));
                return None;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let wire = &rest[open + 1..close];
            let name = match params.iter().find(|p| p.wire == wire) {
                Some(param) => param.name.clone(),
                None => {
                    self.diagnostics.warning(
                        at,
                        format!("the path template names `{{{wire}}}`, which is not a declared path parameter; it is taken as a required string"),
                    );
                    let name = names.claim(naming::field_name(wire));
                    params.push(Param {
                        name: name.clone(),
                        wire: wire.to_owned(),
                        ty: TypeRef::String,
                        doc: None,
                        facts: Facts::default(),
                        example: serde_json::Value::String(format!(
                            "{}_123",
                            naming::field_name(wire).trim_end_matches('_')
                        )),
                    });
                    name
                }
            };
            parts.push(PathPart::Param(name));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for param in &params[..declared] {
            if !parts.contains(&PathPart::Param(param.name.clone())) {
                self.diagnostics.warning(
                    at,
                    format!(
                        "path parameter `{}` does not appear in the path template",
                        param.wire
                    ),
                );
            }
        }
        Some(parts)
    }

    fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        hint: &NameHint,
        at: &Pointer,
    ) -> Option<Body> {
        let Some((body, written)) =
            self.resolve_component(body, at, "the body is optional raw json")
        else {
            return Some(Body {
                kind: BodyKind::Json,
                required: false,
                ty: TypeRef::Json,
                doc: None,
                example: None,
            });
        };
        // JSON first, then the other encodings the client can produce.
        let rank = |media: &str| {
            let essence = essence(media);
            if is_json(&essence) {
                0
            } else if essence == "application/x-www-form-urlencoded" {
                1
            } else if essence == "multipart/form-data" {
                2
            } else if essence.starts_with("text/") {
                4
            } else {
                3
            }
        };
        let (media, content) = body.content.iter().min_by_key(|(media, _)| rank(media))?;
        let at = at.join("content").join(media);
        let written = written.join("content").join(media).join("schema");
        let kind = match rank(media) {
            0 => BodyKind::Json,
            1 => BodyKind::Form,
            2 => BodyKind::Multipart,
            3 => BodyKind::Binary(media.clone()),
            _ => BodyKind::Text(media.clone()),
        };
        let given = example::given(content.example.as_ref(), &content.examples);
        let example = match &content.schema {
            Some(_) => Some(example::example_at(self.graph, &written, given, "value")),
            None => given.cloned(),
        };
        let ty = match (&kind, &content.schema) {
            (BodyKind::Binary(_), _) => TypeRef::Binary,
            (BodyKind::Text(_), _) => TypeRef::String,
            (_, Some(_)) => {
                self.files_in_scope = kind == BodyKind::Multipart;
                let ty = self
                    .inline_written(&hint.with("_body"), &written, &at.join("schema"))
                    .0;
                self.files_in_scope = false;
                ty
            }
            (_, None) => TypeRef::Json,
        };
        if matches!(kind, BodyKind::Form | BodyKind::Multipart) && !matches!(ty, TypeRef::Named(_))
        {
            self.diagnostics.warning(
                &at.join("schema"),
                "a form or multipart body should be an object; its value is sent as one field",
            );
        }
        // A multipart body is built field by field, so it is always sent.
        let required = body.required || kind == BodyKind::Multipart;
        Some(Body {
            kind,
            required,
            ty,
            doc: body.description.as_deref().and_then(super::doc_text),
            example,
        })
    }

    /// How the success responses are read (2xx, in status order, or the statuses of
    /// `outcome`): the one kind they share, else an enum by status.
    fn success_response(
        &mut self,
        responses: &'a openapiv3::Responses,
        outcome: &Outcome,
        hint: &NameHint,
        at: &Pointer,
    ) -> ResponseKind {
        if *outcome == Outcome::Default {
            let at = at.join("default");
            return match responses.default.as_ref() {
                Some(response) => match self.resolve_response(response, &at) {
                    Some((response, written)) => {
                        self.response_body(response, &hint.with("_response"), &at, &written)
                    }
                    None => ResponseKind::Empty,
                },
                None => ResponseKind::Empty,
            };
        }
        let hundreds = match outcome {
            Outcome::Statuses(_) => 3,
            _ => 2,
        };
        let mut success: Vec<(&StatusCode, &'a ReferenceOr<Response>)> = responses
            .responses
            .iter()
            .filter(|(status, _)| match status {
                StatusCode::Code(code) => code / 100 == hundreds,
                StatusCode::Range(range) => *range == hundreds,
            })
            .collect();
        success.sort_by_key(|(status, _)| match status {
            StatusCode::Code(code) => *code,
            StatusCode::Range(range) => range * 100 + 99,
        });
        let mut bodies = Vec::new();
        for (i, (status, response)) in success.iter().enumerate() {
            let at = at.join(status);
            let hint = if i == 0 {
                hint.with("_response")
            } else {
                hint.with(&format!("_response_{status}"))
            };
            let Some((response, written)) = self.resolve_response(response, &at) else {
                continue;
            };
            let kind = self.response_body(response, &hint, &at, &written);
            let code = match status {
                StatusCode::Code(code) => Some(*code),
                StatusCode::Range(_) => None,
            };
            bodies.push((code, kind, super::doc_text(&response.description)));
        }
        let Some((_, first, _)) = bodies.first() else {
            return ResponseKind::Empty;
        };
        // Statuses whose bodies become the same Rust type (bytes of two media types, say)
        // are read as the first of them.
        let rust_type = first.rust_type();
        if bodies
            .iter()
            .all(|(_, kind, _)| kind.rust_type() == rust_type)
        {
            return first.clone();
        }
        // Different bodies by status: an enum that decodes according to the status.
        let mut scope = Scope::default();
        let variants: Vec<StatusVariant> = bodies
            .into_iter()
            .map(|(status, kind, doc)| StatusVariant {
                name: scope.claim(status_variant_name(status)),
                status,
                // A generated type is boxed: its size is not known here, and one large
                // variant would make every value of the enum as large (clippy's
                // `large_enum_variant`). What is left unboxed is a few words at most.
                kind: match kind {
                    ResponseKind::Json(ty @ TypeRef::Named(_)) => {
                        ResponseKind::Json(TypeRef::Boxed(Box::new(ty)))
                    }
                    ResponseKind::Json(TypeRef::Option(ty)) if matches!(*ty, TypeRef::Named(_)) => {
                        ResponseKind::Json(TypeRef::Option(Box::new(TypeRef::Boxed(ty))))
                    }
                    other => other,
                },
                doc,
            })
            .collect();
        let fallback = variants
            .iter()
            .all(|v| v.status.is_some())
            .then(|| scope.claim("Other".to_owned()));
        let id = self.add(
            hint.with("_response"),
            at,
            Some("The body of a successful response, which depends on its status.".to_owned()),
            TypeKind::ByStatus(ByStatus { variants, fallback }),
        );
        ResponseKind::ByStatus(id)
    }

    /// The media type to ask for when the response is not JSON: an enum by status asks for
    /// the first its variants name.
    fn accept(&self, kind: &ResponseKind) -> Option<String> {
        let variants = match kind {
            ResponseKind::ByStatus(id) => match self.types.get(id.0).map(|def| &def.kind) {
                Some(TypeKind::ByStatus(b)) => &b.variants[..],
                _ => &[],
            },
            other => return other.media_type().map(str::to_owned),
        };
        variants
            .iter()
            .find_map(|v| v.kind.media_type())
            .map(str::to_owned)
    }

    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        at: &Pointer,
    ) -> Option<(&'a Response, Pointer)> {
        self.resolve_component(response, at, "the response is left out")
    }

    /// How a response's body is read: JSON when it offers a JSON media type, else as its
    /// first media type says; [`ResponseKind::Empty`] when it has no content. The response
    /// is met at `at` and written at `written`.
    fn response_body(
        &mut self,
        response: &'a Response,
        hint: &NameHint,
        at: &Pointer,
        written: &Pointer,
    ) -> ResponseKind {
        let Some((media, content)) = response.content.iter().find(|(media, _)| is_json(media))
        else {
            return match response.content.keys().next() {
                None => ResponseKind::Empty,
                Some(media) => raw_kind(media),
            };
        };
        let ty = match &content.schema {
            Some(_) => {
                let (ty, nullable) = self.inline_written(
                    hint,
                    &written.join("content").join(media).join("schema"),
                    &at.join("content").join(media).join("schema"),
                );
                // A body that may be `null` (the schema, or the component it names, is
                // nullable) is an `Option`; raw JSON holds `null` already.
                match nullable && ty != TypeRef::Json {
                    true => TypeRef::Option(Box::new(ty)),
                    false => ty,
                }
            }
            None => TypeRef::Json,
        };
        ResponseKind::Json(ty)
    }
}

/// How a body of a media type that is not JSON is read: an event stream, text or bytes.
fn raw_kind(media: &str) -> ResponseKind {
    let essence = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    if essence == "text/event-stream" {
        ResponseKind::EventStream(media.to_owned())
    } else if essence.starts_with("text/") {
        ResponseKind::Text(media.to_owned())
    } else {
        ResponseKind::Bytes(media.to_owned())
    }
}

/// A resource by the names of its group: a tag, or the segments that name it and the
/// sub-resources it is nested in, outermost first.
type Group = Vec<String>;

/// The accessor of each resource (by group) and the method name of each operation (by its
/// pointer), settled at once so that no name depends on the order of the paths: methods in
/// the order of their operations' pointers, then the accessors of each resource's
/// sub-resources (after its methods, which keep their names) and of the client's resources,
/// as [`naming::exact_first`] says.
fn method_names(
    api: &OpenAPI,
    graph: &Graph,
    collections: &Collections,
) -> (HashMap<Group, String>, HashMap<String, String>) {
    let mut groups: IndexMap<Group, Vec<(String, String)>> = IndexMap::new();
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let at = Pointer::root().join("paths").join(path);
        for (method, operation) in item.iter() {
            let (group, candidate) = grouping(path, method, item, operation, collections);
            let at = at.join(method);
            let pointer = at.to_string();
            // The streaming twin of a JSON method, `<name>_stream`, claims its name next to it.
            let twin = super::events::streamed(api, graph, &operation.responses, &at)
                .is_some_and(|streamed| streamed.dual)
                .then(|| (format!("{candidate}_stream"), format!("{pointer}/stream")));
            for depth in 1..group.len() {
                groups.entry(group[..depth].to_vec()).or_default();
            }
            let group = groups.entry(group).or_default();
            group.push((candidate, pointer));
            group.extend(twin);
        }
    }
    let mut methods = HashMap::new();
    let mut taken: HashMap<Group, Vec<String>> = HashMap::new();
    for (group, operations) in groups {
        let claims = operations
            .iter()
            .map(|(candidate, pointer)| (candidate.clone(), PointerOrder(pointer.clone())))
            .collect();
        let names = settle(&mut Scope::with_reserved(&["new"]), claims);
        taken.insert(group, names.clone());
        methods.extend(
            operations
                .into_iter()
                .map(|(_, pointer)| pointer)
                .zip(names),
        );
    }
    (accessors(&taken), methods)
}

/// The accessor of each resource of `groups` (which map to the method names of each): those
/// of the client's resources avoid the client's own methods, those of sub-resources their
/// parent's methods and `new`.
fn accessors(groups: &HashMap<Group, Vec<String>>) -> HashMap<Group, String> {
    let mut siblings: BTreeMap<&[String], Vec<&Group>> = BTreeMap::new();
    for group in groups.keys() {
        let parent = &group[..group.len().saturating_sub(1)];
        siblings.entry(parent).or_default().push(group);
    }
    let mut accessors = HashMap::new();
    for (parent, children) in siblings {
        let mut scope = if parent.is_empty() {
            Scope::with_reserved(CLIENT_METHODS)
        } else {
            let methods = groups.get(parent).map_or(&[][..], Vec::as_slice);
            let mut reserved: Vec<&str> = methods.iter().map(String::as_str).collect();
            reserved.push("new");
            Scope::with_reserved(&reserved)
        };
        let claims = children
            .iter()
            .map(|group| {
                let own = group.last().map_or("", String::as_str);
                let candidate = naming::field_name(own);
                let key = exact_first(&candidate, own);
                (candidate, key)
            })
            .collect();
        let names = settle(&mut scope, claims);
        accessors.extend(children.into_iter().cloned().zip(names));
    }
    accessors
}

/// Which statuses are the operation's typed result: 2xx; else, when the spec declares no 2xx
/// response, its 3xx ones (an endpoint whose answer is a redirect); else a lone `default`.
fn outcome(responses: &openapiv3::Responses) -> Outcome {
    let declared = |hundreds: u16| -> Vec<StatusMatch> {
        responses
            .responses
            .keys()
            .filter_map(|status| match status {
                StatusCode::Code(code) if code / 100 == hundreds => Some(StatusMatch::Code(*code)),
                StatusCode::Range(range) if *range == hundreds => Some(StatusMatch::Range(*range)),
                _ => None,
            })
            .collect()
    };
    if !declared(2).is_empty() {
        return Outcome::Success;
    }
    let redirects = declared(3);
    if !redirects.is_empty() {
        return Outcome::Statuses(redirects);
    }
    if responses.responses.is_empty() && responses.default.is_some() {
        return Outcome::Default;
    }
    Outcome::Success
}

/// A variant name for a success status: its reason phrase where it has a common one.
fn status_variant_name(status: Option<u16>) -> String {
    match status {
        Some(200) => "Ok".to_owned(),
        Some(201) => "Created".to_owned(),
        Some(202) => "Accepted".to_owned(),
        Some(203) => "NonAuthoritative".to_owned(),
        Some(204) => "NoContent".to_owned(),
        Some(205) => "ResetContent".to_owned(),
        Some(206) => "PartialContent".to_owned(),
        Some(code) => format!("Status{code}"),
        None => "Success".to_owned(),
    }
}

/// `application/json` and the `+json` media types.
/// A media type without its parameters, lowercase: `multipart/form-data`.
pub(super) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The component schemas that are the body of a multipart request (sent as multipart: no
/// JSON or form encoding offered beside it), whose `format: binary` strings are files.
pub(super) fn multipart_components(api: &OpenAPI, graph: &Graph) -> HashSet<String> {
    let bodies = api
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| Some((path, item.as_item()?)))
        .flat_map(|(path, item)| {
            item.iter().map(move |(method, operation)| {
                let at = Pointer::root().join("paths").join(path).join(method);
                (operation, at.join("requestBody"))
            })
        })
        .filter_map(|(operation, at)| refs::item_at(api, operation.request_body.as_ref()?, at));
    let mut out = HashSet::new();
    for (body, at) in bodies {
        let encodings: Vec<String> = body.content.keys().map(|media| essence(media)).collect();
        if encodings
            .iter()
            .any(|e| is_json(e) || e == "application/x-www-form-urlencoded")
        {
            continue;
        }
        for media in body.content.keys() {
            if essence(media) != "multipart/form-data" {
                continue;
            }
            let written = graph.root_at(&at.join("content").join(media).join("schema"));
            if let Some(Kind::Ref(reference)) = written.map(|id| &graph.node(id).kind) {
                if let Some(name) = refs::component_name::<openapiv3::Schema>(&reference.text) {
                    out.insert(name.into_owned());
                }
            }
        }
    }
    out
}

pub(super) fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// Resolves `..` segments, so path-level parameters point at the path item.
fn normalize(at: &Pointer) -> Pointer {
    let mut segments: Vec<String> = Vec::new();
    for segment in at.segments() {
        if segment == ".." {
            segments.pop();
        } else {
            segments.push(segment);
        }
    }
    segments.into_iter().fold(Pointer::root(), |p, s| p.join(s))
}

/// The group and the method name (before collisions are settled) of an operation:
/// `resource.method` operationIds split at the dot; otherwise the first tag and the
/// operationId (or the HTTP method and the path), without a leading resource name; without a
/// tag, as the path says ([`grouping::place`]).
fn grouping(
    path: &str,
    method: &str,
    item: &PathItem,
    operation: &SpecOperation,
    collections: &Collections,
) -> (Group, String) {
    if let Some((group, name)) = operation
        .operation_id
        .as_deref()
        .and_then(|id| id.split_once('.'))
    {
        if !group.is_empty() && !name.is_empty() {
            let group = vec![group.to_owned()];
            let name = grouping::without_resources(&group, name);
            return (group, name);
        }
    }
    let Some(tag) = operation.tags.first() else {
        let id = operation.operation_id.as_deref();
        return grouping::place(path, method, id, item, collections);
    };
    let group = vec![tag.clone()];
    let name = operation.operation_id.clone().unwrap_or_else(|| {
        let words: Vec<String> = path
            .split(['/', '#'])
            .filter(|s| !s.is_empty())
            .map(
                |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(param) => format!("by_{param}"),
                    None => s.to_owned(),
                },
            )
            .collect();
        format!("{method}_{}", words.join("_"))
    });
    let name = grouping::without_resources(&group, &name);
    (group, name)
}

/// The facts of a parameter: those of its `schema` when written out, with the parameter's
/// own `deprecated` and `example` added. Emission writes only the description of a
/// parameter (as it always did); the rest is there for whoever reads the IR.
fn parameter_facts(data: &openapiv3::ParameterData, schema: Option<&Schema>) -> Facts {
    let mut facts = schema.map(super::facts::facts).unwrap_or_default();
    facts.deprecated |= data.deprecated == Some(true);
    if data.example.is_some() {
        facts.example = data.example.clone();
    }
    facts
}

/// How a query parameter is written, from its `style` and `explode` (whose default is
/// `true` for `form` only). `spaceDelimited` and `pipeDelimited` with `explode: true` write
/// arrays as repeated pairs, as `form` does.
fn query_style(style: &openapiv3::QueryStyle, explode: Option<bool>) -> QueryStyle {
    match (style, explode) {
        (openapiv3::QueryStyle::Form, Some(false)) => QueryStyle::Joined(","),
        (openapiv3::QueryStyle::Form, _) => QueryStyle::Form,
        (openapiv3::QueryStyle::SpaceDelimited, Some(true)) => QueryStyle::Form,
        (openapiv3::QueryStyle::SpaceDelimited, _) => QueryStyle::Joined(" "),
        (openapiv3::QueryStyle::PipeDelimited, Some(true)) => QueryStyle::Form,
        (openapiv3::QueryStyle::PipeDelimited, _) => QueryStyle::Joined("|"),
        (openapiv3::QueryStyle::DeepObject, _) => QueryStyle::DeepObject,
    }
}

/// The vendor extension naming the header of idempotency keys.
const IDEMPOTENCY_KEY: &str = "x-idempotency-key";

/// Warns that the `x-idempotency-key` at `at` is neither a header name nor `false`.
fn warn_idempotency(diagnostics: &mut Diagnostics, at: &Pointer) {
    diagnostics.warning(
        at,
        "`x-idempotency-key` must be a header name or `false`; it is ignored",
    );
}

/// An HTTP header name (an RFC 9110 token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::{Collections, method_names, outcome, raw_kind};
    use crate::ir::{Outcome, ResponseKind, StatusMatch};

    /// The `_stream` twin of a method that answers with JSON or events takes its name in the
    /// resource's namespace: a method of that name already there keeps it, whatever the order
    /// of the paths, and the twin gets another. Events only need no twin.
    #[test]
    fn a_streaming_twin_is_named_beside_its_method() -> Result<(), serde_yaml::Error> {
        let dual = "{'200': {description: ok, content: {application/json: {schema: {type: \
                    object}}, text/event-stream: {schema: {type: object}}}}}";
        let events = "{'200': {description: ok, content: {text/event-stream: {}}}}";
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  \
             /b: {{post: {{operationId: chat.create, responses: {dual}}}}}\n  \
             /a: {{get: {{operationId: chat.create_stream, responses: {events}}}}}\n  \
             /c: {{get: {{operationId: chat.tail, responses: {events}}}}}\n"
        );
        let api: openapiv3::OpenAPI = serde_yaml::from_str(&spec)?;
        let graph = crate::schema::openapi30::build(&api);
        let (_, methods) = method_names(&api, &graph, &Collections::new(&api));
        let name = |pointer: &str| methods.get(pointer).cloned();
        assert_eq!(name("#/paths/~1b/post").as_deref(), Some("create"));
        assert_eq!(name("#/paths/~1a/get").as_deref(), Some("create_stream"));
        assert_eq!(
            name("#/paths/~1b/post/stream").as_deref(),
            Some("create_stream_2")
        );
        assert_eq!(name("#/paths/~1c/get/stream"), None);
        Ok(())
    }

    #[test]
    fn a_media_type_that_is_not_json_is_read_as_a_stream_text_or_bytes() {
        let stream = |media: &str| ResponseKind::EventStream(media.to_owned());
        let text = |media: &str| ResponseKind::Text(media.to_owned());
        let bytes = |media: &str| ResponseKind::Bytes(media.to_owned());
        let table = [
            ("text/event-stream", stream("text/event-stream")),
            (
                "Text/Event-Stream; charset=utf-8",
                stream("Text/Event-Stream; charset=utf-8"),
            ),
            ("text/plain", text("text/plain")),
            ("text/csv; header=present", text("text/csv; header=present")),
            ("application/pdf", bytes("application/pdf")),
            ("*/*", bytes("*/*")),
            ("application/x-ndjson", bytes("application/x-ndjson")),
        ];
        for (media, kind) in table {
            assert_eq!(raw_kind(media), kind, "{media}");
        }
    }

    #[test]
    fn the_typed_result_is_2xx_else_redirects_else_a_lone_default() -> Result<(), serde_yaml::Error>
    {
        let table = [
            (
                "'200': {description: ok}\n'307': {description: r}",
                Outcome::Success,
            ),
            (
                "2XX: {description: ok}\ndefault: {description: e}",
                Outcome::Success,
            ),
            (
                "'307': {description: r}\n3XX: {description: r}\n'404': {description: e}",
                Outcome::Statuses(vec![StatusMatch::Code(307), StatusMatch::Range(3)]),
            ),
            ("default: {description: any}", Outcome::Default),
            (
                "'404': {description: e}\ndefault: {description: e}",
                Outcome::Success,
            ),
        ];
        for (yaml, expected) in table {
            let responses: openapiv3::Responses = serde_yaml::from_str(yaml)?;
            assert_eq!(outcome(&responses), expected, "{yaml}");
        }
        Ok(())
    }

    #[test]
    fn method_names_drop_the_resource_they_are_called_on() {
        let table = [
            ("instances", "instance_list", "list"),
            (
                "instances",
                "instance_network_interface_view",
                "network_interface_view",
            ),
            ("instances", "instancesDelete", "delete"),
            ("instances", "instance", "instance"),
            ("pets", "listPets", "list_pets"),
            ("system", "system_type", "type_"),
            ("default", "get_things", "get_things"),
        ];
        for (resource, method, expected) in table {
            assert_eq!(
                super::grouping::without_resources(&[resource.to_owned()], method),
                expected,
                "{resource}.{method}"
            );
        }
    }
}
