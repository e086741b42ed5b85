//! Text to the schema graph and the `openapiv3::OpenAPI` model of the rest: syntax errors
//! with their line and column, a clear error for documents that are not OpenAPI 3.0 or 3.1,
//! 3.1 documents rewritten into the 3.0 form (`openapi31`), references that point into a
//! schema made references to a component (`pointers`), and type errors located by JSON
//! pointer.

mod openapi31;
mod pointers;
mod yaml;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
use crate::schema::Graph;
use crate::schema::tree::Taken;

pub(crate) use openapi31::Origins;

/// A document read: its schemas into the graph, the rest into the 3.0 model, where each
/// schema is left empty.
pub(crate) struct Loaded {
    pub api: OpenAPI,
    /// Every schema of the document.
    pub graph: Graph,
    /// Where the nodes that reading a 3.1 document moved came from: diagnostics of the later
    /// phases point into `api` and are mapped back into the text by [`Origins::restore`].
    pub origins: Origins,
}

/// Parses `text` (JSON or YAML) as an OpenAPI 3.0 or 3.1 document, with the origins of what
/// a 3.1 document's rewrite moved. On failure the reasons are in `diagnostics` and `None` is
/// returned. The diagnostics it records (warnings about 3.1 constructs among them) point into
/// the source.
pub(crate) fn load_located(text: &str, diagnostics: &mut Diagnostics) -> Option<Loaded> {
    let mut value = match parse_tree(text) {
        Ok(value) => value,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let version = match check_version(&value) {
        Ok(version) => version,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let mut found = Diagnostics::default();
    let mut origins = match version {
        Version::V30 => Origins::default(),
        Version::V31 => openapi31::normalise(&mut value, &mut found),
    };
    pointers::hoist(&mut value, &mut origins, &mut found);
    // Only a 3.1 rewrite can nest deeper than the source; a 3.0 document is not walked.
    let too_deep = match version {
        Version::V30 => None,
        Version::V31 => openapi31::too_deep(&value),
    };
    if let Some(at) = too_deep {
        found.error(
            &at,
            format!(
                "the document nests more than {} levels deep once read as openapi 3.0 (a `type` list is a `oneOf`, a `$ref` with siblings an `allOf`)",
                openapi31::MAX_NESTING
            ),
        );
        origins.restore(found, diagnostics);
        return None;
    }
    // The schemas are taken out of the tree into the graph, and the rest is moved into the
    // model, each node freed once read; only a document that does not fit is read again,
    // into the model whole, to say where and why.
    // `prefixItems` is a 3.1 keyword: a 3.0 document's is an extension like any other.
    let tuples = matches!(version, Version::V31);
    let taken = crate::schema::tree::take(&mut value, tuples);
    let (api, graph) = match from_tree(value, taken) {
        Ok(read) => read,
        Err(refused) => {
            match reread_tree(text, version) {
                Some(value) => {
                    // The graph refuses what the model refuses (the schema module's tests
                    // hold one against the other), so when the model reads the whole
                    // document, the schema refused is one only the graph reads: a 3.1
                    // tuple's position. It is judged as the model would judge it.
                    if deserialize(&value, version, &mut found).is_some() {
                        found.push(refused_schema(&value, refused, version));
                    }
                }
                None => found.error(
                    &Pointer::root(),
                    "the document reads differently when read again",
                ),
            }
            origins.restore(found, diagnostics);
            return None;
        }
    };
    origins.restore(found, diagnostics);
    Some(Loaded {
        api,
        origins,
        graph,
    })
}

/// The rest of the tree as `openapiv3` types, each node freed once read, and the schemas
/// taken out of it as the graph, on a second thread meanwhile: reading either is most of the
/// time before the later phases can start. When either refuses what it reads, `Err` with
/// where the schema the graph refused is written, if it was the graph.
///
/// The schemas are the smaller share of a large document: the second thread also reads the
/// later two fifths of its paths, which join the model's own in their order.
fn from_tree(mut value: Value, taken: Taken) -> Result<(OpenAPI, Graph), Option<Pointer>> {
    let later = later_paths(&mut value);
    let mut apart = Some((taken, later));
    let (api, read) = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .stack_size(READER_STACK_BYTES)
            .spawn_scoped(scope, || apart.take().map(read_apart));
        let api = serde_json::from_value::<OpenAPI>(value).ok();
        // A panic in the reader is a bug: pass it on as it is.
        let read = thread.ok().and_then(|thread| {
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (api, read)
    });
    let (graph, later) = match (read, apart) {
        (Some(read), _) => read,
        // The thread did not start: the schemas and paths are still here.
        (None, Some(apart)) => read_apart(apart),
        (None, None) => return Err(None),
    };
    match (api, graph, later) {
        (_, Err(at), _) => Err(Some(at)),
        (Some(mut api), Ok(graph), Ok(later)) => {
            if let Some(later) = later {
                api.paths.paths.extend(later.paths);
                api.paths.extensions.extend(later.extensions);
            }
            Ok((api, graph))
        }
        (None, Ok(_), _) | (_, Ok(_), Err(())) => Err(None),
    }
}

/// What [`from_tree`]'s second thread reads: the graph, and the later paths if any.
fn read_apart(
    (taken, later): (Taken, Option<Value>),
) -> (Result<Graph, Pointer>, Result<Option<openapiv3::Paths>, ()>) {
    let graph = taken.read();
    let later = match later {
        Some(paths) => serde_json::from_value(paths).map(Some).map_err(drop),
        None => Ok(None),
    };
    (graph, later)
}

/// Takes the later two fifths of the entries of a large `paths` object out of `document`, as an
/// object of their own. Each entry is read on its own (a path by its `/`, an extension by
/// its `x-`), so the two parts read as the whole does.
fn later_paths(document: &mut Value) -> Option<Value> {
    /// Fewer paths than this are read where they are.
    const LEAST: usize = 64;
    let paths = document.get_mut("paths")?.as_object_mut()?;
    if paths.len() < LEAST {
        return None;
    }
    let earlier_count = paths.len() * 3 / 5;
    let mut earlier = serde_json::Map::new();
    let mut later = serde_json::Map::new();
    for (i, (key, item)) in std::mem::take(paths).into_iter().enumerate() {
        match i < earlier_count {
            true => earlier.insert(key, item),
            false => later.insert(key, item),
        };
    }
    *paths = earlier;
    Some(Value::Object(later))
}

/// The error for the schema at `at` in `document` (or somewhere, when `at` is `None`) that
/// the graph refused: serde's reading of it as a schema of the model, at the innermost node
/// that fails.
fn refused_schema(document: &Value, at: Option<Pointer>, version: Version) -> Diagnostic {
    let located = at.as_ref().and_then(|at| {
        let written = document.pointer(at.to_string().trim_start_matches('#'))?;
        locate(written, Kind::Schema, at.clone())
    });
    match located {
        Some((pointer, message)) => {
            Diagnostic::error(pointer.to_string(), describe_type_error(&message, version))
        }
        None => Diagnostic::error(
            at.unwrap_or_else(Pointer::root).to_string(),
            "this schema could not be read",
        ),
    }
}

/// Stack size of the threads that read a part of the document, that of a main thread on
/// Linux (reading nested documents recurses).
const READER_STACK_BYTES: usize = 8 << 20;

/// The tree of `text` once more, as [`load_located`] read it before deserializing (the
/// diagnostics of the first reading are not repeated).
fn reread_tree(text: &str, version: Version) -> Option<Value> {
    let mut value = parse_tree(text).ok()?;
    let mut ignored = Diagnostics::default();
    let mut origins = match version {
        Version::V30 => Origins::default(),
        Version::V31 => openapi31::normalise(&mut value, &mut ignored),
    };
    pointers::hoist(&mut value, &mut origins, &mut ignored);
    Some(value)
}

/// The document read into the model whole, its schemas included, as the loader reads it
/// before the graph takes them out: for the tests that hold the graph's reading of the
/// schemas against the model's.
#[cfg(test)]
pub(crate) fn whole_model(text: &str) -> Option<OpenAPI> {
    let version = check_version(&parse_tree(text).ok()?).ok()?;
    serde_json::from_value(reread_tree(text, version)?).ok()
}

/// The tree as `openapiv3` types, or an error at the innermost node that does not fit.
fn deserialize(value: &Value, version: Version, diagnostics: &mut Diagnostics) -> Option<OpenAPI> {
    match serde_path_to_error::deserialize::<_, OpenAPI>(value) {
        Ok(api) => Some(api),
        Err(error) => {
            let pointer = error
                .path()
                .iter()
                .filter_map(|segment| match segment {
                    serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                    serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                    serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                    serde_path_to_error::Segment::Unknown => None,
                })
                .fold(Pointer::root(), |p, s| p.join(s));
            // Flattened fields hide the path from serde; walking the tree by node kind finds
            // the innermost node that fails on its own.
            let (pointer, message) = locate(value, Kind::Document, Pointer::root())
                .filter(|(deeper, _)| deeper.to_string().len() > pointer.to_string().len())
                .unwrap_or_else(|| (pointer, error.inner().to_string()));
            diagnostics.push(Diagnostic::error(
                pointer.to_string(),
                describe_type_error(&message, version),
            ));
            None
        }
    }
}

/// The kinds of node whose children `locate` knows.
#[derive(Clone, Copy)]
enum Kind {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Components,
    Schema,
}

/// The innermost node under `at` that does not deserialize as its kind, with serde's message.
fn locate(value: &Value, kind: Kind, at: Pointer) -> Option<(Pointer, String)> {
    use openapiv3 as o;
    fn check<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), String> {
        serde_json::from_value::<T>(value.clone())
            .map(drop)
            .map_err(|e| e.to_string())
    }
    let result = match kind {
        Kind::Document => check::<OpenAPI>(value),
        Kind::Paths => check::<o::Paths>(value),
        Kind::PathItem => check::<o::ReferenceOr<o::PathItem>>(value),
        Kind::Operation => check::<o::Operation>(value),
        Kind::Parameter => check::<o::ReferenceOr<o::Parameter>>(value),
        Kind::RequestBody => check::<o::ReferenceOr<o::RequestBody>>(value),
        Kind::Responses => check::<o::Responses>(value),
        Kind::Response => check::<o::ReferenceOr<o::Response>>(value),
        Kind::Components => check::<o::Components>(value),
        Kind::Schema => check::<o::ReferenceOr<o::Schema>>(value),
    };
    let message = result.err()?;
    let object = value.as_object();
    let child = |key: &str| object.and_then(|o| o.get(key));
    let entries = |key: &str| child(key).and_then(Value::as_object).into_iter().flatten();
    let items = |key: &str| {
        child(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
    };
    let mut children: Vec<(Pointer, &Value, Kind)> = Vec::new();
    match kind {
        Kind::Document => {
            children.extend(child("paths").map(|v| (at.join("paths"), v, Kind::Paths)));
            children
                .extend(child("components").map(|v| (at.join("components"), v, Kind::Components)));
        }
        Kind::Paths => children.extend(
            object
                .into_iter()
                .flatten()
                .map(|(k, v)| (at.join(k), v, Kind::PathItem)),
        ),
        Kind::PathItem => {
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                children.extend(child(method).map(|v| (at.join(method), v, Kind::Operation)));
            }
            children.extend(
                items("parameters")
                    .map(|(i, v)| (at.join("parameters").join(i), v, Kind::Parameter)),
            );
        }
        Kind::Operation => {
            children.extend(
                items("parameters")
                    .map(|(i, v)| (at.join("parameters").join(i), v, Kind::Parameter)),
            );
            children.extend(
                child("requestBody").map(|v| (at.join("requestBody"), v, Kind::RequestBody)),
            );
            children.extend(child("responses").map(|v| (at.join("responses"), v, Kind::Responses)));
        }
        Kind::Parameter => {
            children.extend(child("schema").map(|v| (at.join("schema"), v, Kind::Schema)))
        }
        Kind::RequestBody | Kind::Response => {
            for (media, body) in entries("content") {
                children.extend(body.get("schema").map(|v| {
                    (
                        at.join("content").join(media).join("schema"),
                        v,
                        Kind::Schema,
                    )
                }));
            }
        }
        Kind::Responses => children.extend(
            object
                .into_iter()
                .flatten()
                .map(|(k, v)| (at.join(k), v, Kind::Response)),
        ),
        Kind::Components => {
            for (section, kind) in [
                ("schemas", Kind::Schema),
                ("responses", Kind::Response),
                ("parameters", Kind::Parameter),
                ("requestBodies", Kind::RequestBody),
            ] {
                children.extend(entries(section).map(|(k, v)| (at.join(section).join(k), v, kind)));
            }
        }
        Kind::Schema => {
            children.extend(
                entries("properties")
                    .map(|(k, v)| (at.join("properties").join(k), v, Kind::Schema)),
            );
            for key in ["items", "not", "additionalProperties"] {
                children.extend(
                    child(key)
                        .filter(|v| v.is_object())
                        .map(|v| (at.join(key), v, Kind::Schema)),
                );
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                children.extend(items(key).map(|(i, v)| (at.join(key).join(i), v, Kind::Schema)));
            }
        }
    }
    children
        .into_iter()
        .find_map(|(at, value, kind)| locate(value, kind, at))
        .or(Some((at, message)))
}

/// Makes serde's messages read like the rest of the diagnostics.
fn describe_type_error(message: &str, version: Version) -> String {
    if message.starts_with("data did not match any variant of untagged enum ReferenceOr") {
        return "expected either a `$ref` object or an inline definition here".to_owned();
    }
    let mut message = message.to_owned();
    if let Some(first) = message.get(..1) {
        let lower = first.to_lowercase();
        message.replace_range(..1, &lower);
    }
    let version = match version {
        Version::V30 => "3.0",
        Version::V31 => "3.1",
    };
    format!("not a valid openapi {version} document: {message}")
}

/// Parses the text into a JSON tree. JSON is read by `serde_json` (faster, exact numbers),
/// everything else by `serde_yaml`, straight into the same tree (`yaml`).
fn parse_tree(text: &str) -> Result<Value, Diagnostic> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Diagnostic::error("#", "the document is empty"));
    }
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|e| {
            let offset = line_offset(text, trimmed);
            Diagnostic::error(
                "#",
                format!("invalid json: {}", explain(&strip_position(&e.to_string()))),
            )
            .at(e.line() + offset, e.column())
        });
    }
    yaml::read(text)
}

/// Lines skipped before the JSON starts, so reported lines count from the top of the file.
fn line_offset(text: &str, trimmed: &str) -> usize {
    text[..text.len() - trimmed.len()].matches('\n').count()
}

/// Removes the "at line X column Y" that serde's messages carry: the position is reported
/// on its own.
fn strip_position(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + " at line ".len()..];
        let tail = tail.trim_start_matches(|c: char| c.is_ascii_digit());
        let tail = tail.strip_prefix(" column ").unwrap_or(tail);
        rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// Says in the spec's terms what the parsers' limits mean: both stop at 128 levels of
/// nesting, which keeps every later, recursive phase of the generator within its stack.
fn explain(message: &str) -> String {
    message.replace(
        "recursion limit exceeded",
        "the document nests more than 128 levels deep (recursion limit exceeded)",
    )
}

/// The versions read: 3.1 is rewritten into the 3.0 model first.
#[derive(Clone, Copy)]
enum Version {
    V30,
    V31,
}

/// Refuses Swagger 2.0 and anything else that is not OpenAPI 3.0.x or 3.1.x, by name.
fn check_version(value: &Value) -> Result<Version, Diagnostic> {
    let Some(object) = value.as_object() else {
        return Err(Diagnostic::error(
            "#",
            "the document is not a mapping of openapi fields",
        ));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(Diagnostic::error(
            "#/swagger",
            format!(
                "this is a swagger {} document; only openapi 3.0.x and 3.1.x are supported (convert it to openapi 3 first, e.g. with `npx swagger2openapi`)",
                display_scalar(swagger)
            ),
        ));
    }
    match object.get("openapi") {
        None => Err(Diagnostic::error(
            "#",
            "missing the `openapi` version field; expected 3.0.x or 3.1.x",
        )),
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Ok(Version::V30),
        Some(Value::String(v)) if v.starts_with("3.1.") || v == "3.1" => Ok(Version::V31),
        Some(other) => Err(Diagnostic::error(
            "#/openapi",
            format!(
                "openapi {} is not supported; only openapi 3.0.x and 3.1.x are",
                display_scalar(other)
            ),
        )),
    }
}

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<Diagnostic> {
        let mut diagnostics = Diagnostics::default();
        assert!(load_located(text, &mut diagnostics).is_none());
        diagnostics.into_sorted()
    }

    #[test]
    fn the_schemas_are_read_apart_and_left_empty_in_the_model() -> Result<(), String> {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /s:
    parameters: [{in: query, name: q, schema: {type: integer, minimum: 1}}]
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/S'}}}
components:
  schemas:
    S: {type: object, properties: {id: {type: integer}, t: {$ref: '#/components/schemas/T'}}}
    T: {type: string, enum: [a, b]}
  x-kept: true
x-after: 1
"#;
        let whole = whole_model(text).ok_or("the model refuses it")?;
        let mut rest = parse_tree(text).map_err(|d| d.message)?;
        let taken = crate::schema::tree::take(&mut rest, false);
        let (api, graph) = from_tree(rest, taken).map_err(|_| "refused")?;
        let oracle = crate::schema::openapi30::build(&whole);
        let nodes = |graph: &Graph| -> Vec<String> {
            graph
                .in_document_order()
                .into_iter()
                .map(|id| format!("{:?}", graph.node(id)))
                .collect()
        };
        assert_eq!(nodes(&graph), nodes(&oracle));
        assert_eq!(nodes(&graph).len(), 6);
        let names = |api: &OpenAPI| -> Vec<String> {
            api.components
                .iter()
                .flat_map(|c| c.schemas.keys().cloned())
                .collect()
        };
        assert_eq!(names(&api), names(&whole));
        let empty: openapiv3::ReferenceOr<openapiv3::Schema> =
            serde_json::from_value(serde_json::json!({})).map_err(|e| e.to_string())?;
        let components = api.components.as_ref().ok_or("no components")?;
        assert!(components.schemas.values().all(|schema| *schema == empty));
        assert_eq!(
            components.extensions.get("x-kept"),
            Some(&Value::Bool(true))
        );
        // A schema the model refuses fails the reading, as it fails the model's.
        let mut broken = parse_tree(text).map_err(|d| d.message)?;
        broken["components"]["schemas"]["T"]["enum"] = Value::from(5);
        assert!(serde_json::from_value::<OpenAPI>(broken.clone()).is_err());
        let taken = crate::schema::tree::take(&mut broken, false);
        let refused = from_tree(broken, taken).err();
        let at = Pointer::root().join("components").join("schemas").join("T");
        assert_eq!(refused, Some(Some(at)));
        Ok(())
    }

    #[test]
    fn a_broken_tuple_position_is_located_as_the_model_would_locate_it() {
        let e = errors(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    T: {type: array, prefixItems: [{type: string}, {minLength: -1}]}\n",
        );
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].pointer, "#/components/schemas/T/prefixItems/1");
        assert!(
            e[0].message
                .starts_with("not a valid openapi 3.1 document: ")
                && e[0].message.contains("-1"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn versions_are_named() {
        let e = errors("swagger: '2.0'\ninfo: {}\n");
        assert_eq!(e[0].pointer, "#/swagger");
        assert!(e[0].message.contains("swagger 2.0"), "{}", e[0].message);
        assert!(e[0].message.contains("swagger2openapi"), "{}", e[0].message);
        let e = errors("{\"openapi\": \"3.2.0\"}");
        assert!(e[0].message.contains("openapi 3.2.0"), "{}", e[0].message);
    }

    #[test]
    fn openapi_3_1_loads_without_paths() {
        let mut d = Diagnostics::default();
        let api = load_located(
            "openapi: 3.1.0\ninfo: {title: t, version: '1', summary: s, license: {name: MIT, identifier: MIT}}\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\n",
            &mut d,
        );
        assert!(
            api.is_some_and(|loaded| loaded.api.paths.paths.is_empty()),
            "{:?}",
            d.into_sorted()
        );
    }

    #[test]
    fn syntax_errors_carry_positions() {
        let e = errors("openapi: 3.0.3\ninfo: [\n");
        assert_eq!(e[0].position.map(|p| p.0), Some(3));
        let e = errors("\n{\"openapi\": }");
        assert_eq!(e[0].position, Some((2, 13)));
        assert!(e[0].message.starts_with("invalid json"));
    }

    #[test]
    fn type_errors_carry_pointers() {
        let e = errors(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n",
        );
        assert_eq!(e[0].pointer, "#/paths/~1a/get/responses");
    }

    #[test]
    fn positions_are_cut_out_of_messages() {
        assert_eq!(
            strip_position(
                "did not find ']' at line 27 column 14, while parsing a flow sequence at line 3 column 9"
            ),
            "did not find ']', while parsing a flow sequence"
        );
        assert_eq!(strip_position("expected value"), "expected value");
    }

    #[test]
    fn numeric_yaml_keys_become_strings() {
        let mut d = Diagnostics::default();
        let api = load_located(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
            &mut d,
        );
        assert!(api.is_some(), "{:?}", d.into_sorted());
    }

    #[test]
    fn integers_beyond_64_bits_load_as_floats_from_yaml_and_json() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Big:\n      type: integer\n      minimum: -9223372036854776000\n      maximum: 18446744073709551616\n";
        let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"Big": {"type": "integer",
            "minimum": -9223372036854776000, "maximum": 18446744073709551616}}}}"#;
        for text in [yaml, json] {
            // A parse error shows as the tree, in the messages below.
            let tree = parse_tree(text).unwrap_or_else(|e| Value::String(e.message));
            let big = &tree["components"]["schemas"]["Big"];
            assert_eq!(
                big["minimum"].as_f64(),
                Some(-9223372036854775808.0),
                "{text}"
            );
            assert_eq!(
                big["maximum"].as_f64(),
                Some(18446744073709551616.0),
                "{text}"
            );
            let mut d = Diagnostics::default();
            assert!(
                load_located(text, &mut d).is_some(),
                "{:?}",
                d.into_sorted()
            );
        }
    }

    #[test]
    fn the_later_paths_read_apart_join_the_others_in_their_order() -> Result<(), String> {
        let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for i in 0..70 {
            text.push_str(&format!(
                "  /p{i}:\n    get: {{operationId: op{i}, responses: {{'200': {{description: ok}}}}}}\n"
            ));
            if i % 20 == 7 {
                text.push_str(&format!("  x-note-{i}: {i}\n"));
            }
        }
        text.push_str("  not-a-path: ignored\n");
        let whole = whole_model(&text).ok_or("the model refuses it")?;
        let mut rest = parse_tree(&text).map_err(|d| d.message)?;
        let taken = crate::schema::tree::take(&mut rest, false);
        let (api, _graph) = from_tree(rest, taken).map_err(|_| "refused")?;
        // Maps compare without their order: the keys say it.
        assert_eq!(api.paths, whole.paths);
        let keys = |paths: &openapiv3::Paths| -> Vec<String> {
            paths
                .paths
                .keys()
                .chain(paths.extensions.keys())
                .cloned()
                .collect()
        };
        assert_eq!(keys(&api.paths), keys(&whole.paths));
        assert_eq!(keys(&api.paths).len(), 74);

        // A broken path item in the later part refuses the document as the whole does.
        let broken = text.replace("/p65:\n    get: {", "/p65:\n    get: {parameters: 3, ");
        let mut rest = parse_tree(&broken).map_err(|d| d.message)?;
        let taken = crate::schema::tree::take(&mut rest, false);
        assert!(whole_model(&broken).is_none());
        assert!(from_tree(rest, taken).is_err());
        Ok(())
    }
}
