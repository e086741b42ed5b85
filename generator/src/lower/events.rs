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

use openapiv3::{OpenAPI, ReferenceOr, RequestBody, Schema, StatusCode};

use super::shape::{Shape, shape};
use super::{AsSchemaRef, SchemaRef};
use crate::refs;

/// The fields of an event; an object of these alone, with `data`, describes whole events.
const EVENT_FIELDS: &[&str] = &["data", "event", "id", "retry"];

/// The media type of the `text/event-stream` content of the first 2xx response, with its
/// schema, when that response offers one; `dual` when the operation's own method reads
/// another media type of it (JSON, or a first media type that is not events).
pub(super) struct Streamed<'a> {
    pub media: &'a str,
    pub schema: Option<SchemaRef<'a>>,
    pub dual: bool,
}

/// The event-stream content of the operation's first 2xx response (by status), if any.
pub(super) fn streamed<'a>(
    api: &'a OpenAPI,
    responses: &'a openapiv3::Responses,
) -> Option<Streamed<'a>> {
    let (_, response) = responses
        .responses
        .iter()
        .filter_map(|(status, response)| match status {
            StatusCode::Code(code) if code / 100 == 2 => Some((*code, response)),
            StatusCode::Range(2) => Some((299, response)),
            _ => None,
        })
        .min_by_key(|(code, _)| *code)?;
    let response = refs::item(api, response)?;
    let (media, content) = response
        .content
        .iter()
        .find(|(media, _)| super::operations::essence(media) == "text/event-stream")?;
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
        schema: content.schema.as_ref().map(AsSchemaRef::schema_ref),
        dual,
    })
}

/// A local `$ref` to a component schema, followed through references to references.
fn resolve<'a>(api: &'a OpenAPI, schema: SchemaRef<'a>) -> Option<&'a Schema> {
    match schema {
        SchemaRef::Item(schema) => Some(schema),
        SchemaRef::Ref(reference) => refs::resolve::<Schema>(api, reference)
            .ok()
            .map(|target| target.item),
    }
}

/// The schema each event's data decodes into: the `data` of an event envelope, once
/// sentinel variants are left out; the schema itself when it describes no envelope (or a
/// union of several kinds of event, decoded as it is).
pub(super) fn item_schema<'a>(api: &'a OpenAPI, schema: SchemaRef<'a>) -> SchemaRef<'a> {
    let Some(resolved) = resolve(api, schema) else {
        return schema;
    };
    let one = match shape(resolved) {
        Shape::OneOf(variants) | Shape::AnyOf(variants) => {
            let kept: Vec<&ReferenceOr<Schema>> = variants
                .iter()
                .filter(|variant| !is_sentinel(api, variant.schema_ref()))
                .collect();
            match kept[..] {
                [only] if kept.len() < variants.len() => only.schema_ref(),
                _ => return schema,
            }
        }
        _ => schema,
    };
    envelope_data(api, one).unwrap_or(one)
}

/// Members of a union, each with its index in it.
pub(super) type Members<'a> = Vec<(usize, &'a ReferenceOr<Schema>)>;

/// The variants of a stream's union of named events (its keyword, `oneOf` or `anyOf`, and
/// each variant with its index), sentinels left out: when at least two remain and each is
/// an envelope whose `event` is one string value. The stream's items are then the
/// envelopes, told apart by the event's name.
pub(super) fn named_events<'a>(
    api: &'a OpenAPI,
    schema: SchemaRef<'a>,
) -> Option<(&'static str, Members<'a>)> {
    let (keyword, variants) = match shape(resolve(api, schema)?) {
        Shape::OneOf(variants) => ("oneOf", variants),
        Shape::AnyOf(variants) => ("anyOf", variants),
        _ => return None,
    };
    let named: Vec<(usize, &ReferenceOr<Schema>)> = variants
        .iter()
        .enumerate()
        .filter(|(_, variant)| !is_sentinel(api, variant.schema_ref()))
        .collect();
    let all_named = named
        .iter()
        .all(|(_, variant)| names_its_event(api, variant.schema_ref()));
    (named.len() > 1 && all_named).then_some((keyword, named))
}

/// Whether `schema` is an envelope that fixes its `event` field to one string value.
fn names_its_event(api: &OpenAPI, schema: SchemaRef<'_>) -> bool {
    if envelope_data(api, schema).is_none() {
        return false;
    }
    let Some(Shape::Object(object)) = resolve(api, schema).map(shape) else {
        return false;
    };
    let event = object
        .properties
        .get("event")
        .and_then(|event| resolve(api, event.schema_ref()));
    event.is_some_and(|event| match shape(event) {
        Shape::String { values } => values.len() == 1 && values[0].is_string(),
        _ => false,
    })
}

/// The schema of `data`, when `schema` is an object of event fields alone, `data` among them.
fn envelope_data<'a>(api: &'a OpenAPI, schema: SchemaRef<'a>) -> Option<SchemaRef<'a>> {
    let Shape::Object(object) = shape(resolve(api, schema)?) else {
        return None;
    };
    if !object
        .properties
        .keys()
        .all(|name| EVENT_FIELDS.contains(&name.as_str()))
    {
        return None;
    }
    object.properties.get("data").map(AsSchemaRef::schema_ref)
}

/// Whether a variant is an event whose data is the one string `[DONE]`.
fn is_sentinel(api: &OpenAPI, schema: SchemaRef<'_>) -> bool {
    envelope_data(api, schema)
        .and_then(|data| resolve(api, data))
        .is_some_and(|data| match shape(data) {
            Shape::String { values } => values.len() == 1 && values[0] == "[DONE]",
            _ => false,
        })
}

/// Whether the JSON body of a request has a boolean property `stream`, which asks for events.
pub(super) fn body_stream_flag(api: &OpenAPI, body: &ReferenceOr<RequestBody>) -> bool {
    refs::item(api, body)
        .and_then(|body| {
            body.content
                .iter()
                .find(|(media, _)| super::operations::is_json(&super::operations::essence(media)))
        })
        .and_then(|(_, content)| content.schema.as_ref())
        .is_some_and(|schema| has_stream_flag(api, AsSchemaRef::schema_ref(schema)))
}

/// The boolean property `stream` of a JSON object body schema.
fn has_stream_flag(api: &OpenAPI, body: SchemaRef<'_>) -> bool {
    let Some(Shape::Object(object)) = resolve(api, body).map(shape) else {
        return false;
    };
    object
        .properties
        .get("stream")
        .and_then(|property| resolve(api, property.schema_ref()))
        .is_some_and(|property| matches!(shape(property), Shape::Boolean))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn an_envelope_union_with_a_sentinel_streams_its_data() -> Result<(), serde_yaml::Error> {
        let api: OpenAPI = serde_yaml::from_str(SPEC)?;
        let item = item_schema(&api, SchemaRef::Ref("#/components/schemas/Stream"));
        assert!(matches!(item, SchemaRef::Ref("#/components/schemas/Chunk")));
        // A schema that is no envelope (a property besides the event fields) is the data.
        let item = item_schema(&api, SchemaRef::Ref("#/components/schemas/Chunk"));
        assert!(matches!(item, SchemaRef::Ref("#/components/schemas/Chunk")));
        assert!(has_stream_flag(
            &api,
            SchemaRef::Ref("#/components/schemas/Request")
        ));
        assert!(!has_stream_flag(
            &api,
            SchemaRef::Ref("#/components/schemas/Chunk")
        ));
        Ok(())
    }

    #[test]
    fn a_union_of_envelopes_that_each_fix_their_name_is_a_union_of_named_events()
    -> Result<(), Box<dyn std::error::Error>> {
        let api: OpenAPI = serde_yaml::from_str(SPEC)?;
        let (keyword, variants) = named_events(&api, SchemaRef::Ref("#/components/schemas/Named"))
            .ok_or("named events")?;
        assert_eq!(keyword, "oneOf");
        // The sentinel, second, is left out.
        let indices: Vec<usize> = variants.iter().map(|(i, _)| *i).collect();
        assert_eq!(indices, [0, 2]);
        // One envelope without a name of its own: the data is the item, as before.
        assert!(named_events(&api, SchemaRef::Ref("#/components/schemas/Mixed")).is_none());
        assert!(named_events(&api, SchemaRef::Ref("#/components/schemas/Stream")).is_none());
        Ok(())
    }
}
