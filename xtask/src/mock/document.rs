//! The spec as the mock reads it: the document as plain JSON, its local `$ref`s followed on
//! demand, and its operations with their path templates, for routing. Nothing here goes through
//! the generator, so the mock is an independent reading of the spec.

use regex::Regex;
use serde_json::Value;

/// How many `$ref`s in a row are followed before a chain counts as a loop.
const MAX_REF_CHAIN: usize = 64;

/// The methods an OpenAPI path item can hold.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The method, upper case.
    pub method: String,
    /// The path template as the spec writes it (`/things/{id}`).
    pub template: String,
    /// The template's segments, for matching.
    segments: Vec<Segment>,
    /// The JSON pointer of the operation object.
    pub pointer: String,
    /// The JSON pointer of its path item (for the parameters shared by its operations).
    pub item_pointer: String,
}

/// One segment of a path template.
#[derive(Debug, Clone)]
enum Segment {
    /// Matches itself only.
    Literal(String),
    /// Holds one or more `{parameter}`s: the segment's pattern and the parameters' names.
    Template(Regex, Vec<String>),
}

/// A spec read for serving.
#[derive(Debug)]
pub struct Document {
    /// The whole document.
    pub root: Value,
    /// Every operation, in the order routing tries them: literal segments before templated
    /// ones, position by position.
    operations: Vec<Operation>,
}

/// Whether an operation takes a request's path parameters (name and value).
pub type Accepts<'a> = dyn Fn(&Operation, &[(String, String)]) -> bool + 'a;

/// A request matched to an operation.
#[derive(Debug)]
pub struct Route<'a> {
    /// The operation.
    pub operation: &'a Operation,
    /// The path parameters by name, percent-decoded.
    pub path_parameters: Vec<(String, String)>,
}

/// Why no operation matched a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRoute {
    /// No template matches the path.
    Path,
    /// Templates match the path, but none has the method.
    Method,
}

impl Document {
    /// Reads a JSON or YAML document; the error says why it is not one.
    pub fn parse(text: &str) -> Result<Self, String> {
        let root: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        let mut operations = Vec::new();
        if let Some(paths) = root.get("paths").and_then(Value::as_object) {
            for (template, item) in paths {
                let item_pointer = format!("/paths/{}", escape(template));
                let item = follow(&root, item);
                let Some(item) = item.as_object() else {
                    continue;
                };
                let segments = segments(template)?;
                for method in METHODS {
                    if item.get(*method).is_some_and(Value::is_object) {
                        operations.push(Operation {
                            method: method.to_uppercase(),
                            template: template.clone(),
                            segments: segments.clone(),
                            pointer: format!("{item_pointer}/{method}"),
                            item_pointer: item_pointer.clone(),
                        });
                    }
                }
            }
        }
        operations.sort_by_key(|op| {
            op.segments
                .iter()
                .map(|s| matches!(s, Segment::Template(..)))
                .collect::<Vec<_>>()
        });
        Ok(Self { root, operations })
    }

    /// Every operation, in routing order.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// `value`, or what its `$ref` chain ends at; a `$ref` outside the document or to nothing
    /// is the schema that takes anything (`{}`), as the generator reads it.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        follow(&self.root, value)
    }

    /// The value at a JSON pointer, resolved.
    pub fn at(&self, pointer: &str) -> &Value {
        self.resolve(self.root.pointer(pointer).unwrap_or(&MISSING))
    }

    /// The operation `method path` names, with its path parameters. Among templates that match
    /// alike, the first whose parameters `accepts` wins (two templates may differ only in
    /// their parameters' names and types), else the first.
    pub fn route(
        &self,
        method: &str,
        path: &str,
        accepts: &Accepts<'_>,
    ) -> Result<Route<'_>, NoRoute> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut path_matched = false;
        let mut first: Option<Route<'_>> = None;
        for operation in &self.operations {
            let Some(parameters) = match_segments(&operation.segments, &parts) else {
                continue;
            };
            path_matched = true;
            if operation.method != method {
                continue;
            }
            if let Some(found) = &first {
                if rank(&found.operation.segments) != rank(&operation.segments) {
                    break;
                }
            }
            if accepts(operation, &parameters) {
                return Ok(Route {
                    operation,
                    path_parameters: parameters,
                });
            }
            first.get_or_insert(Route {
                operation,
                path_parameters: parameters,
            });
        }
        first.ok_or(if path_matched {
            NoRoute::Method
        } else {
            NoRoute::Path
        })
    }
}

/// What [`Document::at`] gives where the document has nothing.
pub static MISSING: Value = Value::Null;

/// `value`, or what its chain of local `$ref`s ends at in `root`.
fn follow<'a>(root: &'a Value, value: &'a Value) -> &'a Value {
    static ANY: std::sync::LazyLock<Value> =
        std::sync::LazyLock::new(|| Value::Object(serde_json::Map::new()));
    let mut current = value;
    for _ in 0..MAX_REF_CHAIN {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return current;
        };
        current = match reference.strip_prefix('#').and_then(|p| root.pointer(p)) {
            Some(target) => target,
            None => return &ANY,
        };
    }
    &ANY
}

/// `name` escaped for a JSON pointer.
pub fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The segments of a path template; an unclosed `{` is an error.
fn segments(template: &str) -> Result<Vec<Segment>, String> {
    template
        .trim_start_matches('/')
        .split('/')
        .map(|segment| {
            if !segment.contains('{') {
                return Ok(Segment::Literal(segment.to_owned()));
            }
            let mut pattern = String::from("^");
            let mut names = Vec::new();
            let mut rest = segment;
            while let Some(open) = rest.find('{') {
                pattern.push_str(&regex::escape(&rest[..open]));
                let close = rest[open..]
                    .find('}')
                    .ok_or_else(|| format!("path template `{template}` has an unclosed `{{`"))?;
                names.push(rest[open + 1..open + close].to_owned());
                pattern.push_str("(.+?)");
                rest = &rest[open + close + 1..];
            }
            pattern.push_str(&regex::escape(rest));
            pattern.push('$');
            let regex = Regex::new(&pattern).map_err(|e| e.to_string())?;
            Ok(Segment::Template(regex, names))
        })
        .collect()
}

/// Which segments are templated: the sort key of routing.
fn rank(segments: &[Segment]) -> Vec<bool> {
    segments
        .iter()
        .map(|s| matches!(s, Segment::Template(..)))
        .collect()
}

/// The path parameters when `parts` (the request path's segments, still encoded) match.
fn match_segments(segments: &[Segment], parts: &[&str]) -> Option<Vec<(String, String)>> {
    if segments.len() != parts.len() {
        return None;
    }
    let mut parameters = Vec::new();
    for (segment, part) in segments.iter().zip(parts) {
        match segment {
            Segment::Literal(literal) => {
                if percent_decode(part) != *literal {
                    return None;
                }
            }
            Segment::Template(regex, names) => {
                let captures = regex.captures(part)?;
                for (index, name) in names.iter().enumerate() {
                    let value = captures.get(index + 1)?.as_str();
                    parameters.push((name.clone(), percent_decode(value)));
                }
            }
        }
    }
    Some(parameters)
}

/// `text` with its `%XX` escapes decoded (invalid UTF-8 replaced).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.0
paths:
  /things/{id}:
    get: {responses: {"200": {description: ok}}}
    delete: {responses: {"204": {description: gone}}}
  /things/mine:
    get: {responses: {"200": {description: ok}}}
  /files/{name}.{ext}:
    get: {responses: {"200": {description: ok}}}
  /by/{number}:
    get: {responses: {"200": {description: ok}}}
  /by/{uuid}:
    get: {responses: {"200": {description: ok}}}
"#;

    fn route(
        document: &Document,
        method: &str,
        path: &str,
    ) -> Result<(String, Vec<(String, String)>), NoRoute> {
        document
            .route(method, path, &|_, _| true)
            .map(|r| (r.operation.template.clone(), r.path_parameters))
    }

    #[test]
    fn literal_segments_win_over_templated_ones() -> Result<(), String> {
        let document = Document::parse(SPEC)?;
        assert_eq!(
            route(&document, "GET", "/things/mine"),
            Ok(("/things/mine".to_owned(), vec![]))
        );
        assert_eq!(
            route(&document, "GET", "/things/a%20b"),
            Ok((
                "/things/{id}".to_owned(),
                vec![("id".to_owned(), "a b".to_owned())]
            ))
        );
        assert_eq!(
            route(&document, "GET", "/files/report.pdf"),
            Ok((
                "/files/{name}.{ext}".to_owned(),
                vec![
                    ("name".to_owned(), "report".to_owned()),
                    ("ext".to_owned(), "pdf".to_owned())
                ]
            ))
        );
        Ok(())
    }

    #[test]
    fn a_wrong_method_or_path_is_told_apart() -> Result<(), String> {
        let document = Document::parse(SPEC)?;
        assert_eq!(route(&document, "POST", "/things/1"), Err(NoRoute::Method));
        assert_eq!(route(&document, "GET", "/nothing"), Err(NoRoute::Path));
        assert_eq!(
            route(&document, "GET", "/things/1/more"),
            Err(NoRoute::Path)
        );
        Ok(())
    }

    #[test]
    fn templates_alike_are_chosen_by_their_parameters() -> Result<(), String> {
        let document = Document::parse(SPEC)?;
        let by_uuid = |op: &Operation, _: &[(String, String)]| op.template == "/by/{uuid}";
        let found = document
            .route("GET", "/by/7", &by_uuid)
            .map(|r| r.operation.template.clone());
        assert_eq!(found, Ok("/by/{uuid}".to_owned()));
        let none = |_: &Operation, _: &[(String, String)]| false;
        let found = document
            .route("GET", "/by/7", &none)
            .map(|r| r.operation.template.clone());
        assert_eq!(found, Ok("/by/{number}".to_owned()));
        Ok(())
    }

    #[test]
    fn references_are_followed_and_dangling_ones_take_anything() -> Result<(), String> {
        let document = Document::parse(
            "components: {schemas: {A: {$ref: '#/components/schemas/B'}, B: {type: string}, L: {$ref: '#/components/schemas/L'}}}",
        )?;
        let resolve = |to: &str| document.resolve(&serde_json::json!({ "$ref": to })).clone();
        assert_eq!(
            resolve("#/components/schemas/A"),
            serde_json::json!({"type": "string"})
        );
        assert_eq!(resolve("#/components/schemas/Z"), serde_json::json!({}));
        let looping = resolve("#/components/schemas/L");
        assert_eq!(looping, serde_json::json!({}));
        Ok(())
    }
}
