//! Text to `openapiv3::OpenAPI`: syntax errors with their line and column, a clear error for
//! documents that are not OpenAPI 3.0, and type errors located by JSON pointer.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};

/// Parses `text` (JSON or YAML) as an OpenAPI 3.0 document. On failure the reasons are in
/// `diagnostics` and `None` is returned.
pub(crate) fn load(text: &str, diagnostics: &mut Diagnostics) -> Option<OpenAPI> {
    let value = match parse_tree(text) {
        Ok(value) => value,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    if let Err(diagnostic) = check_version(&value) {
        diagnostics.push(diagnostic);
        return None;
    }
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
            let message = describe_type_error(&error.inner().to_string());
            diagnostics.push(Diagnostic::error(pointer.to_string(), message));
            None
        }
    }
}

/// Makes serde's messages read like the rest of the diagnostics.
fn describe_type_error(message: &str) -> String {
    if message.starts_with("data did not match any variant of untagged enum ReferenceOr") {
        return "expected either a `$ref` object or an inline definition here".to_owned();
    }
    let mut message = message.to_owned();
    if let Some(first) = message.get(..1) {
        let lower = first.to_lowercase();
        message.replace_range(..1, &lower);
    }
    format!("not a valid openapi 3.0 document: {message}")
}

/// Parses the text into a JSON tree. JSON is read by `serde_json` (faster, exact numbers),
/// everything else by `serde_yaml`.
fn parse_tree(text: &str) -> Result<Value, Diagnostic> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Diagnostic::error("#", "the document is empty"));
    }
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|e| {
            let offset = line_offset(text, trimmed);
            Diagnostic::error("#", format!("invalid json: {}", strip_position(&e.to_string())))
                .at(e.line() + offset, e.column())
        });
    }
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let diagnostic = Diagnostic::error("#", format!("invalid yaml: {}", strip_position(&e.to_string())));
        match e.location() {
            Some(at) => diagnostic.at(at.line(), at.column()),
            None => diagnostic,
        }
    })?;
    yaml.apply_merge()
        .map_err(|e| Diagnostic::error("#", format!("invalid yaml merge key: {e}")))?;
    yaml_to_json(yaml, &Pointer::root())
}

/// Lines skipped before the JSON starts, so reported lines count from the top of the file.
fn line_offset(text: &str, trimmed: &str) -> usize {
    text[..text.len() - trimmed.len()].matches('\n').count()
}

/// serde's messages end in "at line X column Y"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Converts a YAML tree to JSON: keys become strings (YAML reads `200:` as a number), tags are
/// dropped, and values JSON cannot hold are errors.
fn yaml_to_json(value: serde_yaml::Value, at: &Pointer) -> Result<Value, Diagnostic> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f).map(Value::Number).ok_or_else(|| {
                    Diagnostic::error(at.to_string(), format!("the number {n} has no json form"))
                })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &at.join(i)))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut object = serde_json::Map::with_capacity(map.len());
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => {
                        return Err(Diagnostic::error(
                            at.to_string(),
                            "a mapping key must be a string, a number or a boolean",
                        ));
                    }
                };
                let item = yaml_to_json(item, &at.join(&key))?;
                object.insert(key, item);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, at)?,
    })
}

/// Refuses Swagger 2.0, OpenAPI 3.1 and anything else that is not OpenAPI 3.0.x, by name.
fn check_version(value: &Value) -> Result<(), Diagnostic> {
    let Some(object) = value.as_object() else {
        return Err(Diagnostic::error("#", "the document is not a mapping of openapi fields"));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(Diagnostic::error(
            "#/swagger",
            format!(
                "this is a swagger {} document; only openapi 3.0.x is supported (convert it first)",
                display_scalar(swagger)
            ),
        ));
    }
    match object.get("openapi") {
        None => Err(Diagnostic::error("#", "missing the `openapi` version field; expected 3.0.x")),
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Ok(()),
        Some(other) => Err(Diagnostic::error(
            "#/openapi",
            format!(
                "openapi {} is not supported; only openapi 3.0.x is",
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
    fn versions_are_named() {
        let e = errors("swagger: '2.0'\ninfo: {}\n");
        assert_eq!(e[0].pointer, "#/swagger");
        assert!(e[0].message.contains("swagger 2.0"), "{}", e[0].message);
        let e = errors("{\"openapi\": \"3.1.0\"}");
        assert!(e[0].message.contains("openapi 3.1.0"), "{}", e[0].message);
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
        let e = errors("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n");
        assert_eq!(e[0].pointer, "#/paths/~1a/get/responses");
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
}
