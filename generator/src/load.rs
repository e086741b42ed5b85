//! Text to `openapiv3::OpenAPI`: syntax errors with their line and column, a clear error for
//! documents that are not OpenAPI 3.0 or 3.1, 3.1 documents rewritten into the 3.0 model
//! (`openapi31`), references that point into a schema made references to a component
//! (`pointers`), and type errors located by JSON pointer.

mod openapi31;
mod pointers;
mod yaml;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};

pub(crate) use openapi31::{Origins, TUPLE};

/// A document read into the 3.0 model.
pub(crate) struct Loaded {
    pub api: OpenAPI,
    /// Where the nodes that reading a 3.1 document moved came from: diagnostics of the later
    /// phases point into `api` and are mapped back into the text by [`Origins::restore`].
    pub origins: Origins,
}

/// Parses `text` (JSON or YAML) as an OpenAPI 3.0 or 3.1 document. On failure the reasons
/// are in `diagnostics` and `None` is returned.
pub(crate) fn load(text: &str, diagnostics: &mut Diagnostics) -> Option<OpenAPI> {
    load_located(text, diagnostics).map(|loaded| loaded.api)
}

/// [`load`], with the origins of what a 3.1 document's rewrite moved. The diagnostics it
/// records (warnings about 3.1 constructs among them) point into the source.
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
    // Walking the whole tree is not free, and a document whose text never spells the
    // extension out has none to remove. (One that writes its key with escapes is read as
    // the tuple it marks, which lowering reads safely like any the loader writes.)
    if text.contains(TUPLE) {
        openapi31::strip_reserved(&mut value, diagnostics);
    }
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
    // The tree is moved into the model, each node freed once read; only a document that does
    // not fit is read again, to say where and why.
    let api = match from_tree(value) {
        Ok(api) => Some(api),
        Err(_) => match reread_tree(text, version) {
            Some(value) => deserialize(&value, version, &mut found),
            None => {
                found.error(
                    &Pointer::root(),
                    "the document reads differently when read again",
                );
                None
            }
        },
    };
    origins.restore(found, diagnostics);
    api.map(|api| Loaded { api, origins })
}

/// Below this many schemas the components are read on the same thread as the rest.
const COMPONENTS_APART_FROM: usize = 200;

/// The tree as `openapiv3` types, each node freed once read. A document with many schemas
/// has its `components` read on a second thread while this one reads the rest: they are
/// independent, and the model's flattened extensions make the reading costly (serde buffers
/// each object's entries before it reads them).
fn from_tree(mut value: Value) -> Result<OpenAPI, serde_json::Error> {
    let many = value
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .is_some_and(|schemas| schemas.len() >= COMPONENTS_APART_FROM);
    let components = match value.as_object_mut() {
        Some(root) if many => root.shift_remove("components"),
        _ => None,
    };
    let Some(components) = components else {
        return serde_json::from_value(value);
    };
    let mut components = Some(components);
    let (api, apart) = std::thread::scope(|scope| {
        let apart = std::thread::Builder::new()
            .stack_size(READER_STACK_BYTES)
            .spawn_scoped(scope, || {
                components
                    .take()
                    .map(serde_json::from_value::<openapiv3::Components>)
            });
        let api = serde_json::from_value::<OpenAPI>(value);
        // A panic in the reader is a bug: pass it on as it is.
        let apart = apart.ok().and_then(|apart| {
            apart
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (api, apart)
    });
    let mut api = api?;
    api.components = match apart {
        Some(read) => Some(read?),
        // The thread did not start: the components are still here.
        None => components.map(serde_json::from_value).transpose()?,
    };
    Ok(api)
}

/// Stack size of the threads that read a part of the document, that of a main thread on
/// Linux (reading nested documents recurses).
const READER_STACK_BYTES: usize = 8 << 20;

/// The tree of `text` once more, as [`load_located`] read it before deserializing (the
/// diagnostics of the first reading are not repeated).
fn reread_tree(text: &str, version: Version) -> Option<Value> {
    let mut value = parse_tree(text).ok()?;
    let mut ignored = Diagnostics::default();
    if text.contains(TUPLE) {
        openapi31::strip_reserved(&mut value, &mut ignored);
    }
    let mut origins = match version {
        Version::V30 => Origins::default(),
        Version::V31 => openapi31::normalise(&mut value, &mut ignored),
    };
    pointers::hoist(&mut value, &mut origins, &mut ignored);
    Some(value)
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
        assert!(load(text, &mut diagnostics).is_none());
        diagnostics.into_sorted()
    }

    #[test]
    fn many_components_read_apart_read_as_one_reading() {
        let schemas: serde_json::Map<String, Value> = (0..COMPONENTS_APART_FROM)
            .map(|i| {
                let schema = serde_json::json!({"type": "object", "properties": {"id": {"type": "integer"}}});
                (format!("S{i}"), schema)
            })
            .collect();
        let document = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/s": {"get": {"responses": {"200": {"description": "ok"}}}}},
            "components": {"schemas": schemas, "x-kept": true},
            "x-after": 1,
        });
        let whole = serde_json::from_value::<OpenAPI>(document.clone()).ok();
        assert!(whole.is_some());
        assert_eq!(from_tree(document.clone()).ok(), whole);
        // A component that does not fit fails the reading, as it does read as one.
        let mut broken = document;
        broken["components"]["schemas"]["S3"]["type"] = Value::from(5);
        assert!(serde_json::from_value::<OpenAPI>(broken.clone()).is_err());
        assert!(from_tree(broken).is_err());
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
        let api = load(
            "openapi: 3.1.0\ninfo: {title: t, version: '1', summary: s, license: {name: MIT, identifier: MIT}}\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\n",
            &mut d,
        );
        assert!(
            api.is_some_and(|api| api.paths.paths.is_empty()),
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
        let api = load(
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
            assert!(load(text, &mut d).is_some(), "{:?}", d.into_sorted());
        }
    }
}
