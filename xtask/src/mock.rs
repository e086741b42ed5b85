//! The project's own mock server, lighter than Prism, for the specs Prism cannot serve (see
//! [`crate::conformance::OWN_MOCK`]). It reads the spec itself, as plain JSON (never through
//! the generator, so that it checks the generator rather than sharing its reading), and
//! serves it like Prism with `--errors`:
//!
//! - a request is routed by method and path template, literal segments before templated ones;
//! - it is checked: its path parameters, its required query parameters and headers (against
//!   their schemas), its credential where the operation requires one, its required body, the
//!   body's media type, and a JSON body against its schema. A request that breaks the spec gets
//!   Prism's problem JSON (`422 UNPROCESSABLE_ENTITY`, `401 UNAUTHORIZED`,
//!   `415 INVALID_CONTENT_TYPE`, `404 NO_PATH_MATCHED_ERROR`, `405 NO_METHOD_MATCHED_ERROR`),
//!   which the conformance run counts as `rejected`;
//! - it is answered with the operation's first 2xx response (else its first 3xx, else its
//!   `default`): in static mode the media type's
//!   example (or a value made from the schema's examples), in dynamic mode a random value valid
//!   against the schema, from a seed fixed per operation.

pub mod document;
pub mod generate;
pub mod pattern;
pub mod validate;

use std::convert::Infallible;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::{Value, json};

use crate::prism::{Mode, SEED};
use document::{Document, NoRoute, Operation};
use generate::Generator;
use validate::{Direction, Validator, Violation};

/// Where Prism's problem types live; the mock's problems use the same, so that they are read
/// alike.
const PROBLEM_PREFIX: &str = "https://stoplight.io/prism/errors#";

/// A request as the mock reads it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The method, upper case.
    pub method: String,
    /// The path, still percent-encoded.
    pub path: String,
    /// The query string without `?`, still encoded.
    pub query: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// The mock's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The `Content-Type`, when there is a body.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// A spec served in one mode: answers requests, with no network involved.
#[derive(Debug)]
pub struct Served {
    document: Document,
    mode: Mode,
}

impl Served {
    /// Reads `text` (JSON or YAML) to serve it in `mode`.
    pub fn new(text: &str, mode: Mode) -> Result<Self, String> {
        Ok(Self {
            document: Document::parse(text)?,
            mode,
        })
    }

    /// The answer to `request`.
    pub fn answer(&self, request: &Request) -> Answer {
        let validator = Validator::new(&self.document);
        let query = parse_query(&request.query);
        let accepts = |operation: &Operation, parameters: &[(String, String)]| {
            let mut found = Vec::new();
            self.check_path(&validator, operation, parameters, &mut found);
            found.is_empty()
        };
        let route = match self
            .document
            .route(&request.method, &request.path, &accepts)
        {
            Ok(route) => route,
            Err(NoRoute::Path) => {
                return problem(
                    404,
                    "NO_PATH_MATCHED_ERROR",
                    "Route not resolved, no path matched",
                    &[],
                );
            }
            Err(NoRoute::Method) => {
                return problem(
                    405,
                    "NO_METHOD_MATCHED_ERROR",
                    "Route resolved, but no method matched",
                    &[],
                );
            }
        };
        let operation = route.operation;
        if !self.has_credentials(operation, request, &query) {
            return problem(401, "UNAUTHORIZED", "Invalid security scheme used", &[]);
        }
        let mut found = Vec::new();
        self.check_path(&validator, operation, &route.path_parameters, &mut found);
        self.check_query_and_headers(&validator, operation, request, &query, &mut found);
        if let Err(media) = self.check_body(&validator, operation, request, &mut found) {
            return problem(
                415,
                "INVALID_CONTENT_TYPE",
                &format!("Supported content types: {media}"),
                &[],
            );
        }
        if !found.is_empty() {
            return problem(
                422,
                "UNPROCESSABLE_ENTITY",
                "Your request is not valid and no HTTP validation response was found in the spec, so Prism is generating this error for you.",
                &found,
            );
        }
        self.respond(&validator, operation, request)
    }

    /// The operation's parameters: its path item's, overridden by its own of the same name
    /// and place.
    fn parameters(&self, operation: &Operation) -> Vec<&Value> {
        let list = |pointer: String| -> Vec<&Value> {
            self.document
                .at(&pointer)
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| self.document.resolve(p))
                .collect()
        };
        let own = list(format!("{}/parameters", operation.pointer));
        let mut all: Vec<&Value> = list(format!("{}/parameters", operation.item_pointer))
            .into_iter()
            .filter(|shared| {
                !own.iter()
                    .any(|o| o.get("name") == shared.get("name") && o.get("in") == shared.get("in"))
            })
            .collect();
        all.extend(own);
        all
    }

    /// A parameter's schema: its `schema`, or that of its one `content` entry.
    fn parameter_schema<'a>(&'a self, parameter: &'a Value) -> &'a Value {
        let schema = parameter.get("schema").or_else(|| {
            parameter
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("schema"))
        });
        schema.map_or(&document::MISSING, |s| self.document.resolve(s))
    }

    fn check_path(
        &self,
        validator: &Validator<'_>,
        operation: &Operation,
        values: &[(String, String)],
        found: &mut Vec<Message>,
    ) {
        for parameter in self.parameters(operation) {
            if parameter.get("in").and_then(Value::as_str) != Some("path") {
                continue;
            }
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
            let Some((_, text)) = values.iter().find(|(n, _)| n == name) else {
                continue;
            };
            let schema = self.parameter_schema(parameter);
            let value = coerce(
                self.document.resolve(schema),
                std::slice::from_ref(text),
                false,
            );
            report(
                validator,
                schema,
                &value,
                &["path", name],
                &format!("Request path parameter {name}"),
                found,
            );
        }
    }

    fn check_query_and_headers(
        &self,
        validator: &Validator<'_>,
        operation: &Operation,
        request: &Request,
        query: &[(String, String)],
        found: &mut Vec<Message>,
    ) {
        for parameter in self.parameters(operation) {
            let place = parameter.get("in").and_then(Value::as_str).unwrap_or("");
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
            let values: Vec<String> = match place {
                "query" => query
                    .iter()
                    .filter(|(n, _)| n == name || n.strip_suffix("[]") == Some(name))
                    .map(|(_, v)| v.clone())
                    .collect(),
                // OpenAPI ignores these header parameters: the media types and the security
                // schemes say them.
                "header"
                    if ["accept", "content-type", "authorization"]
                        .iter()
                        .any(|h| name.eq_ignore_ascii_case(h)) =>
                {
                    continue;
                }
                "header" => request
                    .headers
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
                    .collect(),
                _ => continue,
            };
            let required = parameter.get("required") == Some(&Value::Bool(true));
            if values.is_empty() {
                if required {
                    found.push(Message {
                        location: vec![place.to_owned(), name.to_owned()],
                        text: format!("Request {place} parameter {name} is required"),
                    });
                }
                continue;
            }
            let schema = self.parameter_schema(parameter);
            let exploded = parameter
                .get("explode")
                .and_then(Value::as_bool)
                .unwrap_or(place == "query");
            let value = coerce(schema, &values, !exploded);
            if value.is_object() {
                // Objects in the query (`deepObject`, exploded forms) are not read back.
                continue;
            }
            report(
                validator,
                schema,
                &value,
                &[place, name],
                &format!("Request {place} parameter {name}"),
                found,
            );
        }
    }

    /// Checks the body; `Err` with the declared media types when its type is not one of them.
    fn check_body(
        &self,
        validator: &Validator<'_>,
        operation: &Operation,
        request: &Request,
        found: &mut Vec<Message>,
    ) -> Result<(), String> {
        let body = self
            .document
            .at(&format!("{}/requestBody", operation.pointer));
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            return Ok(());
        };
        if request.body.is_empty() {
            if body.get("required") == Some(&Value::Bool(true)) {
                found.push(Message {
                    location: vec!["body".to_owned()],
                    text: "Body parameter is required".to_owned(),
                });
            }
            return Ok(());
        }
        let given = header(request, "content-type")
            .map(essence)
            .unwrap_or_default();
        let declared: Vec<&String> = content.keys().collect();
        let Some(media) = declared.iter().find(|d| media_matches(&essence(d), &given)) else {
            let names: Vec<&str> = declared.iter().map(|d| d.as_str()).collect();
            return Err(names.join(", "));
        };
        let schema = content[media.as_str()]
            .get("schema")
            .map_or(&document::MISSING, |s| self.document.resolve(s));
        if is_json(&given) {
            match serde_json::from_slice::<Value>(&request.body) {
                Ok(value) => {
                    for violation in validator.check(schema, &value, Direction::Request) {
                        found.push(Message::of(&violation, "body", "Request body"));
                    }
                }
                Err(e) => found.push(Message {
                    location: vec!["body".to_owned()],
                    text: format!("Request body is not JSON: {e}"),
                }),
            }
        } else if given == "application/x-www-form-urlencoded" {
            let fields = parse_query(&String::from_utf8_lossy(&request.body));
            for name in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !fields.iter().any(|(n, _)| n == name) {
                    found.push(Message {
                        location: vec!["body".to_owned(), name.to_owned()],
                        text: format!("Request body must have required property '{name}'"),
                    });
                }
            }
        }
        Ok(())
    }

    /// Whether the request carries a credential of one of the alternatives the operation's
    /// (or the document's) `security` lists.
    fn has_credentials(
        &self,
        operation: &Operation,
        request: &Request,
        query: &[(String, String)],
    ) -> bool {
        let own = self.document.at(&format!("{}/security", operation.pointer));
        let requirements = if own.is_array() {
            own
        } else {
            self.document.at("/security")
        };
        let Some(alternatives) = requirements.as_array().filter(|a| !a.is_empty()) else {
            return true;
        };
        let authorization = header(request, "authorization")
            .unwrap_or("")
            .to_ascii_lowercase();
        let has = |name: &str| {
            let scheme = self.document.at(&format!(
                "/components/securitySchemes/{}",
                document::escape(name)
            ));
            let key = scheme.get("name").and_then(Value::as_str).unwrap_or("");
            match scheme.get("type").and_then(Value::as_str) {
                Some("apiKey") => match scheme.get("in").and_then(Value::as_str) {
                    Some("query") => query.iter().any(|(n, _)| n == key),
                    Some("cookie") => header(request, "cookie").is_some_and(|c| {
                        c.split(';')
                            .any(|p| p.trim().starts_with(&format!("{key}=")))
                    }),
                    _ => header(request, &key.to_ascii_lowercase()).is_some(),
                },
                Some("http") => {
                    let wanted = scheme
                        .get("scheme")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    authorization.starts_with(&format!("{wanted} "))
                }
                Some("oauth2" | "openIdConnect") => authorization.starts_with("bearer "),
                _ => true,
            }
        };
        alternatives.iter().any(|alternative| {
            alternative
                .as_object()
                .is_none_or(|schemes| schemes.keys().all(|name| has(name)))
        })
    }

    /// The operation's response (see [`answered_status`]), in the media type the request accepts.
    fn respond(
        &self,
        validator: &Validator<'_>,
        operation: &Operation,
        request: &Request,
    ) -> Answer {
        let responses = self
            .document
            .at(&format!("{}/responses", operation.pointer));
        let Some(code) = answered_status(responses) else {
            return problem(
                500,
                "NO_RESPONSE_DEFINED",
                "The operation has no 2xx, 3xx or default response",
                &[],
            );
        };
        let status = code
            .to_ascii_uppercase()
            .replace("XX", "00")
            .parse()
            .unwrap_or(200);
        let response = self.document.resolve(&responses[code]);
        let Some(content) = response
            .get("content")
            .and_then(Value::as_object)
            .filter(|c| !c.is_empty())
        else {
            return Answer {
                status,
                content_type: None,
                body: Vec::new(),
            };
        };
        let accepted: Vec<String> = header(request, "accept")
            .unwrap_or("")
            .split(',')
            .map(essence)
            .filter(|a| !a.is_empty())
            .collect();
        let media = content
            .keys()
            .find(|m| {
                accepted
                    .iter()
                    .any(|a| media_matches(a, &essence(m)) || media_matches(&essence(m), a))
            })
            .or_else(|| content.keys().find(|m| is_json(&essence(m))))
            .or_else(|| content.keys().next())
            .map_or("application/json", String::as_str);
        let entry = self.document.resolve(&content[media]);
        let value = self.body(validator, operation, entry);
        let body = match (&value, is_json(&essence(media))) {
            (Value::String(text), false) => text.clone().into_bytes(),
            _ => serde_json::to_vec(&value).unwrap_or_default(),
        };
        Answer {
            status,
            content_type: Some(media.to_owned()),
            body,
        }
    }

    /// The body of a response's media type: its example in static mode when it has one, else
    /// a value made from its schema.
    fn body(&self, validator: &Validator<'_>, operation: &Operation, media: &Value) -> Value {
        let examples = self.mode == Mode::Static;
        if examples {
            let given = media.get("example").cloned().or_else(|| {
                let first = media.get("examples")?.as_object()?.values().next()?;
                self.document.resolve(first).get("value").cloned()
            });
            if let Some(given) = given {
                return given;
            }
        }
        let seed = generate::seed(SEED, &operation.method, &operation.template);
        let schema = media.get("schema").map_or(&document::MISSING, |s| s);
        Generator::new(&self.document, validator, seed, examples).value(schema)
    }
}

/// The response the mock answers with: the first 2xx (by code), else the first 3xx, else
/// `default` (sent as `200`).
fn answered_status(responses: &Value) -> Option<&str> {
    let mut codes: Vec<&str> = responses
        .as_object()
        .into_iter()
        .flat_map(|r| r.keys())
        .map(String::as_str)
        .filter(|code| code.starts_with('2') || code.starts_with('3'))
        .collect();
    codes.sort_by_key(|code| code.to_ascii_uppercase());
    codes
        .first()
        .copied()
        .or_else(|| responses.get("default").map(|_| "default"))
}

/// One thing wrong with a request, as Prism lists it.
#[derive(Debug, Clone)]
struct Message {
    location: Vec<String>,
    text: String,
}

impl Message {
    fn of(violation: &Violation, place: &str, subject: &str) -> Self {
        let mut location = vec![place.to_owned()];
        location.extend(violation.path.iter().cloned());
        Self {
            location,
            text: violation.message(subject),
        }
    }
}

/// Adds what is wrong with `value` against `schema` to `found`.
fn report(
    validator: &Validator<'_>,
    schema: &Value,
    value: &Value,
    place: &[&str],
    subject: &str,
    found: &mut Vec<Message>,
) {
    for violation in validator.check(schema, value, Direction::Request) {
        let mut message = Message::of(&violation, place[0], subject);
        message
            .location
            .splice(1..1, place[1..].iter().map(|p| (*p).to_owned()));
        found.push(message);
    }
}

/// A parameter's text values as the JSON value its schema reads: a number, a boolean, a list
/// (repeated, or comma-separated when `split`), else the text itself.
fn coerce(schema: &Value, values: &[String], split: bool) -> Value {
    let scalar = |schema: &Value, text: &str| -> Value {
        let kind = validate::types(schema).into_iter().find(|t| *t != "null");
        match kind {
            Some("integer") => text
                .parse::<i64>()
                .map_or_else(|_| Value::String(text.to_owned()), Value::from),
            Some("number") => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| Value::String(text.to_owned()), Value::Number),
            Some("boolean") => match text {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(text.to_owned()),
            },
            Some("object") => json!({}),
            _ => Value::String(text.to_owned()),
        }
    };
    if validate::types(schema).contains(&"array") {
        let items = schema.get("items").unwrap_or(&document::MISSING);
        let texts: Vec<&str> = if split {
            values.iter().flat_map(|v| v.split(',')).collect()
        } else {
            values.iter().map(String::as_str).collect()
        };
        return Value::Array(texts.into_iter().map(|t| scalar(items, t)).collect());
    }
    scalar(schema, values.first().map_or("", String::as_str))
}

/// The first value of header `name` (lower case).
fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A media type without its parameters, in lower case.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether media range `range` (`*/*`, `type/*` or a type) takes `media`.
fn media_matches(range: &str, media: &str) -> bool {
    range == media
        || range == "*/*"
        || range
            .strip_suffix("/*")
            .is_some_and(|kind| media.split('/').next() == Some(kind))
}

/// Whether a media type is JSON (`application/json`, `*+json`).
fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

/// The pairs of a query string (or form body), decoded.
fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| document::percent_decode(&text.replace('+', " "));
            (decode(name), decode(value))
        })
        .collect()
}

/// Prism's problem JSON.
fn problem(status: u16, kind: &str, detail: &str, found: &[Message]) -> Answer {
    let validation: Vec<Value> = found
        .iter()
        .map(|m| json!({"location": m.location, "severity": "Error", "code": "mock", "message": m.text}))
        .collect();
    let body = json!({
        "type": format!("{PROBLEM_PREFIX}{kind}"),
        "title": kind,
        "status": status,
        "detail": detail,
        "validation": validation,
    });
    Answer {
        status,
        content_type: Some("application/problem+json".to_owned()),
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

/// The mock listening on a loopback port; stopped when dropped.
#[derive(Debug)]
pub struct Mock {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// How long reading the spec took, until the mock listened.
    pub load_time: Duration,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Mock {
    /// Reads `spec` and serves it in `mode` on a free port.
    pub fn start(spec: &Path, mode: Mode) -> io::Result<Self> {
        let started = Instant::now();
        let text = std::fs::read_to_string(spec)?;
        let served = Served::new(&text, mode).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", spec.display()),
            )
        })?;
        Self::serve(served, started)
    }

    /// Serves `served` on a free port.
    pub fn serve(served: Served, started: Instant) -> io::Result<Self> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let served = Arc::new(served);
        let thread = std::thread::spawn(move || {
            runtime.block_on(accept(listener, served, stopped));
        });
        Ok(Self {
            base_url: format!("http://127.0.0.1:{port}"),
            load_time: started.elapsed(),
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Stops the mock and waits until its port is closed.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Accepts connections until told to stop, each served on its own task.
async fn accept(
    listener: std::net::TcpListener,
    served: Arc<Served>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let served = Arc::clone(&served);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let served = Arc::clone(&served);
                        async move { Ok::<_, Infallible>(handle(&served, request).await) }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
        }
    }
}

/// Reads one HTTP request and answers it.
async fn handle(
    served: &Served,
    request: hyper::Request<hyper::body::Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let request = Request {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body,
    };
    let answer = served.answer(&request);
    let mut response = hyper::Response::builder().status(answer.status);
    if let Some(content_type) = &answer.content_type {
        response = response.header("content-type", content_type);
    }
    response
        .body(Full::new(Bytes::from(answer.body)))
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::new())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::outcome::{self, Class};

    const SPEC: &str = r##"
openapi: 3.0.0
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Thing:
      type: object
      required: [name, id]
      properties:
        name: {type: string}
        size: {type: integer, nullable: true}
        id: {type: string, format: uuid, readOnly: true}
security: [{key: []}]
paths:
  /things/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      parameters:
        - {name: X-Tenant, in: header, required: true, schema: {type: string}}
        - {name: since, in: query, schema: {type: string, format: date}}
        - {name: tags, in: query, schema: {type: array, items: {type: integer}}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}, example: {name: given, id: 6f1e7a52-5b3e-4c43-9d5e-0123456789ab}}}
        "404": {description: gone}
  /things:
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
  /open:
    get: {security: [], responses: {"204": {description: none}}}
  /login:
    get: {security: [], responses: {"303": {description: see}, "4XX": {description: no}}}
    post: {security: [], responses: {default: {description: any}}}
"##;

    const ID: &str = "6f1e7a52-5b3e-4c43-9d5e-0123456789ab";

    fn get(path_and_query: &str, headers: &[(&str, &str)]) -> Request {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        Request {
            method: "GET".to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: Vec::new(),
        }
    }

    fn post(content_type: &str, body: &str, key: bool) -> Request {
        let mut headers = vec![("content-type", content_type)];
        if key {
            headers.push(("x-key", "k"));
        }
        Request {
            method: "POST".to_owned(),
            body: body.as_bytes().to_vec(),
            ..get("/things", &headers)
        }
    }

    /// The class the conformance run gives an answer.
    fn class(answer: &Answer) -> Class {
        let text = String::from_utf8_lossy(&answer.body);
        let content_type = answer.content_type.as_deref().unwrap_or("");
        outcome::classify("api", answer.status, content_type, "", &text).0
    }

    fn served(mode: Mode) -> Result<Served, String> {
        Served::new(SPEC, mode)
    }

    #[test]
    fn a_valid_request_gets_the_first_2xx_response() -> Result<(), String> {
        let valid = get(
            &format!("/things/{ID}?since=2024-01-31&tags=1&tags=2"),
            &[("x-key", "k"), ("x-tenant", "t")],
        );
        let answer = served(Mode::Static)?.answer(&valid);
        assert_eq!(answer.status, 200);
        let body: Value = serde_json::from_slice(&answer.body).map_err(|e| e.to_string())?;
        assert_eq!(body, json!({"name": "given", "id": ID}));
        let dynamic = served(Mode::Dynamic)?;
        let answer = dynamic.answer(&valid);
        assert_eq!(
            (answer.status, answer.content_type.as_deref()),
            (200, Some("application/json"))
        );
        let body: Value = serde_json::from_slice(&answer.body).map_err(|e| e.to_string())?;
        let validator = Validator::new(&dynamic.document);
        let schema = json!({"$ref": "#/components/schemas/Thing"});
        assert!(
            validator.is_valid(&schema, &body, Direction::Response),
            "{body}"
        );
        assert_eq!(
            dynamic.answer(&valid),
            answer,
            "the same seed, the same body"
        );
        // A readOnly property is not required in a request.
        let made = dynamic.answer(&post(
            "application/json",
            r#"{"name": "n", "size": null}"#,
            true,
        ));
        assert_eq!(made.status, 201);
        let open = dynamic.answer(&get("/open", &[]));
        assert_eq!((open.status, open.body.len()), (204, 0));
        // Without a 2xx response, the first 3xx, else the default one.
        assert_eq!(dynamic.answer(&get("/login", &[])).status, 303);
        let login = Request {
            method: "POST".to_owned(),
            ..get("/login", &[])
        };
        assert_eq!(dynamic.answer(&login).status, 200);
        Ok(())
    }

    #[test]
    fn each_kind_of_invalid_request_is_rejected_as_prism_rejects_it() -> Result<(), String> {
        let served = served(Mode::Dynamic)?;
        let good = [("x-key", "k"), ("x-tenant", "t")];
        let cases: Vec<(&str, Request, u16, &str)> = vec![
            (
                "a path parameter of the wrong format",
                get("/things/7", &good),
                422,
                "path parameter id must match format",
            ),
            (
                "a required header missing",
                get(&format!("/things/{ID}"), &[("x-key", "k")]),
                422,
                "header parameter X-Tenant is required",
            ),
            (
                "a query parameter of the wrong format",
                get(&format!("/things/{ID}?since=yesterday"), &good),
                422,
                "query parameter since must match format",
            ),
            (
                "an array item of the wrong type",
                get(&format!("/things/{ID}?tags=1&tags=x"), &good),
                422,
                "query parameter tags property 1 must be integer",
            ),
            (
                "no credential",
                get(&format!("/things/{ID}"), &[("x-tenant", "t")]),
                401,
                "UNAUTHORIZED",
            ),
            (
                "no body",
                post("application/json", "", true),
                422,
                "Body parameter is required",
            ),
            (
                "a media type not declared",
                post("text/plain", "name", true),
                415,
                "INVALID_CONTENT_TYPE",
            ),
            (
                "a body missing a required property",
                post("application/json", r#"{"size": 1}"#, true),
                422,
                "must have required property 'name'",
            ),
            (
                "a body property of the wrong type",
                post("application/json", r#"{"name": "n", "size": "big"}"#, true),
                422,
                "Request body property size must be integer",
            ),
            (
                "a body that is not JSON",
                post("application/json", "{", true),
                422,
                "is not JSON",
            ),
            (
                "a path no template matches",
                get("/nothing", &good),
                404,
                "NO_PATH_MATCHED_ERROR",
            ),
            (
                "a method the path does not have",
                Request {
                    method: "DELETE".to_owned(),
                    ..get("/open", &[])
                },
                405,
                "NO_METHOD_MATCHED_ERROR",
            ),
        ];
        for (what, request, status, said) in cases {
            let answer = served.answer(&request);
            let text = String::from_utf8_lossy(&answer.body);
            assert_eq!(answer.status, status, "{what}: {text}");
            assert!(text.contains(said), "{what}: {text}");
            assert_eq!(class(&answer), Class::Rejected, "{what}: {text}");
        }
        Ok(())
    }

    #[test]
    fn the_mock_serves_over_http_and_stops() -> Result<(), String> {
        use std::io::{Read, Write};
        let mock =
            Mock::serve(served(Mode::Dynamic)?, Instant::now()).map_err(|e| e.to_string())?;
        let address = mock.base_url.trim_start_matches("http://").to_owned();
        let mut stream = std::net::TcpStream::connect(&address).map_err(|e| e.to_string())?;
        stream
            .write_all(b"GET /open HTTP/1.1\r\nhost: mock\r\nconnection: close\r\n\r\n")
            .map_err(|e| e.to_string())?;
        let mut text = String::new();
        stream
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
        assert!(text.starts_with("HTTP/1.1 204"), "{text}");
        mock.stop();
        assert!(
            std::net::TcpStream::connect(&address).is_err(),
            "the port is closed"
        );
        Ok(())
    }
}
