//! Server-sent events: which operations answer with a `text/event-stream`, what each event's
//! `data:` decodes into, and the boolean body property that asks for a stream.
//!
//! Specs describe the events of a stream in one of two ways: the schema of the data itself,
//! or (as OpenAPI 3.2's `itemSchema` does, and Together's spec before it) an object of the
//! event's fields, `{data, event?, id?, retry?}`, often in a `oneOf` with a "sentinel" whose
//! `data` is the one string `[DONE]`. The runtime ends the stream at `data: [DONE]`, so the
//! sentinel is no item; an envelope's items are its `data`. A spec that lists its events by
//! name (a `oneOf` of envelopes, each fixing `event` to one value) makes the items a union
//! told apart by the event's name, each variant the whole envelope.

use openapiv3::{OpenAPI, ReferenceOr, RequestBody, StatusCode};

use crate::diagnostics::Pointer;
use crate::refs;
use crate::schema::{Form, Graph, Schema, SchemaId, Type};

/// The fields of an event; an object of these alone, with `data`, describes whole events.
const EVENT_FIELDS: &[&str] = &["data", "event", "id", "retry"];

/// The media type of the `text/event-stream` content of the first 2xx response, with its
/// schema, when that response offers one; `dual` when the operation's own method reads
/// another media type of it (JSON, or a first media type that is not events).
pub(super) struct Streamed<'a> {
    pub media: &'a str,
    pub schema: Option<SchemaId>,
    pub dual: bool,
}

/// The event-stream content of the first 2xx response (by status), if any, of the
/// operation at `at`.
pub(super) fn streamed<'a>(
    api: &'a OpenAPI,
    graph: &Graph,
    responses: &'a openapiv3::Responses,
    at: &Pointer,
) -> Option<Streamed<'a>> {
    let (_, status, response) = responses
        .responses
        .iter()
        .filter_map(|(status, response)| match status {
            StatusCode::Code(code) if code / 100 == 2 => Some((*code, status, response)),
            StatusCode::Range(2) => Some((299, status, response)),
            _ => None,
        })
        .min_by_key(|(code, _, _)| *code)?;
    let (response, at) = refs::item_at(api, response, at.join("responses").join(status))?;
    let media = response
        .content
        .keys()
        .find(|media| super::operations::essence(media) == "text/event-stream")?;
    // The operation's own method reads the JSON content, else the first media type.
    let dual = response
        .content
        .keys()
        .any(|media| super::operations::is_json(&super::operations::essence(media)))
        || response
            .content
            .keys()
            .next()
            .is_some_and(|first| super::operations::essence(first) != "text/event-stream");
    Some(Streamed {
        media,
        schema: graph.root_at(&at.join("content").join(media).join("schema")),
        dual,
    })
}

/// The schema `id` stands for, written out, its references followed.
fn resolve(graph: &Graph, id: SchemaId) -> Option<&Schema> {
    graph.schema(graph.resolve(id).ok()?)
}

/// The schema each event's data decodes into: the `data` of an event envelope, once
/// sentinel variants are left out; the schema itself when it describes no envelope (or a
/// union of several kinds of event, decoded as it is).
pub(super) fn item_schema(graph: &Graph, schema: SchemaId) -> SchemaId {
    let Some(resolved) = resolve(graph, schema) else {
        return schema;
    };
    let one = match resolved.form() {
        Form::OneOf(variants) | Form::AnyOf(variants) => {
            let kept: Vec<SchemaId> = variants
                .iter()
                .copied()
                .filter(|&variant| !is_sentinel(graph, variant))
                .collect();
            match kept[..] {
                [only] if kept.len() < variants.len() => only,
                _ => return schema,
            }
        }
        _ => schema,
    };
    envelope_data(graph, one).unwrap_or(one)
}

/// Members of a union, each with its index in it.
pub(super) type Members = Vec<(usize, SchemaId)>;

/// The variants of a stream's union of named events (its keyword, `oneOf` or `anyOf`, and
/// each variant with its index), sentinels left out: when at least two remain and each is
/// an envelope whose `event` is one string value. The stream's items are then the
/// envelopes, told apart by the event's name.
pub(super) fn named_events(graph: &Graph, schema: SchemaId) -> Option<(&'static str, Members)> {
    let (keyword, variants) = match resolve(graph, schema)?.form() {
        Form::OneOf(variants) => ("oneOf", variants),
        Form::AnyOf(variants) => ("anyOf", variants),
        _ => return None,
    };
    let named: Members = variants
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, variant)| !is_sentinel(graph, variant))
        .collect();
    let all_named = named
        .iter()
        .all(|&(_, variant)| names_its_event(graph, variant));
    (named.len() > 1 && all_named).then_some((keyword, named))
}

/// Whether `schema` is an envelope that fixes its `event` field to one string value.
fn names_its_event(graph: &Graph, schema: SchemaId) -> bool {
    if envelope_data(graph, schema).is_none() {
        return false;
    }
    let event = resolve(graph, schema)
        .and_then(|object| object.property("event"))
        .and_then(|event| resolve(graph, event));
    event.is_some_and(|event| {
        let values: Vec<_> = event.values().collect();
        event.form() == Form::Of(Type::String) && values.len() == 1 && values[0].is_string()
    })
}

/// The schema of `data`, when `schema` is an object of event fields alone, `data` among them.
fn envelope_data(graph: &Graph, schema: SchemaId) -> Option<SchemaId> {
    let object = resolve(graph, schema)?;
    if object.form() != Form::Of(Type::Object)
        || !object
            .properties
            .iter()
            .all(|(name, _)| EVENT_FIELDS.contains(&name.as_str()))
    {
        return None;
    }
    object.property("data")
}

/// Whether a variant is an event whose data is the one string `[DONE]`.
fn is_sentinel(graph: &Graph, schema: SchemaId) -> bool {
    envelope_data(graph, schema)
        .and_then(|data| resolve(graph, data))
        .is_some_and(|data| {
            let values: Vec<_> = data.values().collect();
            data.form() == Form::Of(Type::String) && values.len() == 1 && values[0] == "[DONE]"
        })
}

/// Whether the JSON body of a request of the operation at `at` has a boolean property
/// `stream`, which asks for events.
pub(super) fn body_stream_flag(
    api: &OpenAPI,
    graph: &Graph,
    body: &ReferenceOr<RequestBody>,
    at: &Pointer,
) -> bool {
    refs::item_at(api, body, at.join("requestBody"))
        .and_then(|(body, at)| {
            body.content
                .keys()
                .find(|media| super::operations::is_json(&super::operations::essence(media)))
                .map(|media| at.join("content").join(media).join("schema"))
        })
        .and_then(|schema| graph.root_at(&schema))
        .is_some_and(|schema| has_stream_flag(graph, schema))
}

/// The boolean property `stream` of a JSON object body schema.
fn has_stream_flag(graph: &Graph, body: SchemaId) -> bool {
    resolve(graph, body)
        .filter(|object| object.form() == Form::Of(Type::Object))
        .and_then(|object| object.property("stream"))
        .and_then(|property| resolve(graph, property))
        .is_some_and(|property| property.form() == Form::Of(Type::Boolean))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Kind;

    const SPEC: &str = "
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Stream:
      oneOf:
        - $ref: '#/components/schemas/Event'
        - $ref: '#/components/schemas/Sentinel'
    Event:
      type: object
      required: [data]
      properties:
        data: {$ref: '#/components/schemas/Chunk'}
    Sentinel:
      type: object
      properties:
        data: {type: string, enum: ['[DONE]']}
    Chunk:
      type: object
      properties:
        data: {type: string}
        text: {type: string}
    Request:
      type: object
      properties:
        stream: {type: boolean}
    Named:
      oneOf:
        - $ref: '#/components/schemas/Delta'
        - $ref: '#/components/schemas/Sentinel'
        - type: object
          properties:
            event: {type: string, enum: [done]}
            data: {type: object}
    Delta:
      type: object
      properties:
        event: {type: string, enum: [delta]}
        data: {$ref: '#/components/schemas/Chunk'}
        id: {type: string}
    Mixed:
      anyOf:
        - $ref: '#/components/schemas/Delta'
        - $ref: '#/components/schemas/Event'
";

    /// The graph of `SPEC`.
    fn graph(api: &OpenAPI) -> Graph {
        crate::schema::openapi30::build(api)
    }

    /// The id of the component schema `name`.
    fn component(api: &OpenAPI, graph: &Graph, name: &str) -> Result<SchemaId, String> {
        api.components
            .as_ref()
            .and_then(|c| c.schemas.get_index_of(name))
            .and_then(|index| graph.component(index))
            .ok_or_else(|| format!("no component {name}"))
    }

    #[test]
    fn an_envelope_union_with_a_sentinel_streams_its_data() -> Result<(), Box<dyn std::error::Error>>
    {
        let api: OpenAPI = serde_yaml::from_str(SPEC)?;
        let graph = graph(&api);
        let item = item_schema(&graph, component(&api, &graph, "Stream")?);
        assert!(matches!(
            &graph.node(item).kind,
            Kind::Ref(reference) if reference.text == "#/components/schemas/Chunk"
        ));
        // A schema that is no envelope (a property besides the event fields) is the data.
        let chunk = component(&api, &graph, "Chunk")?;
        assert_eq!(item_schema(&graph, chunk), chunk);
        assert!(has_stream_flag(&graph, component(&api, &graph, "Request")?));
        assert!(!has_stream_flag(&graph, chunk));
        Ok(())
    }

    #[test]
    fn a_union_of_envelopes_that_each_fix_their_name_is_a_union_of_named_events()
    -> Result<(), Box<dyn std::error::Error>> {
        let api: OpenAPI = serde_yaml::from_str(SPEC)?;
        let graph = graph(&api);
        let (keyword, variants) =
            named_events(&graph, component(&api, &graph, "Named")?).ok_or("named events")?;
        assert_eq!(keyword, "oneOf");
        // The sentinel, second, is left out.
        let indices: Vec<usize> = variants.iter().map(|(i, _)| *i).collect();
        assert_eq!(indices, [0, 2]);
        // One envelope without a name of its own: the data is the item, as before.
        assert!(named_events(&graph, component(&api, &graph, "Mixed")?).is_none());
        assert!(named_events(&graph, component(&api, &graph, "Stream")?).is_none());
        Ok(())
    }
}
