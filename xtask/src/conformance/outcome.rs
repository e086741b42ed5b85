//! What one call ended with: the runner's line read back and put in a class, with a short
//! detail that is the same on every run (no port, no timing).

use std::fmt;
use std::path::Path;

/// The class of a call's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// The call was accepted and its response decoded.
    Ok,
    /// A 2xx response the SDK could not decode (`Error::Decode`).
    Decode,
    /// Prism refused the request as not matching the spec: its own validation or security
    /// error, or the spec's error response chosen because the request was invalid.
    Rejected,
    /// The client refused to send the request (`Error::InvalidRequest`, `Error::Config`).
    Refused,
    /// Anything else: a timeout, a connection error, a panic, an error status the spec
    /// declares and Prism chose, or Prism failing to build its response.
    Other,
}

impl Class {
    /// Every class, in table order.
    pub const ALL: [Class; 5] = [
        Class::Ok,
        Class::Decode,
        Class::Rejected,
        Class::Refused,
        Class::Other,
    ];

    /// The class's name in tables and result files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Decode => "decode",
            Self::Rejected => "rejected",
            Self::Refused => "refused",
            Self::Other => "other",
        }
    }

    /// The class called `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|class| class.name() == name)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One operation's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// `resource.method`.
    pub operation: String,
    /// Its class.
    pub class: Class,
    /// Why, in one short line; empty for `ok`.
    pub detail: String,
}

/// How the detail of a call that reached no server starts.
pub const CONNECTION: &str = "no connection: ";

/// The longest detail kept, in characters.
pub const DETAIL_CHARS: usize = 200;

/// Prism's problem types that mean the request does not match the spec. Prism's other types
/// (`VIOLATIONS`: the response it built breaks the spec's own schema; `UNKNOWN`,
/// `NO_RESPONSE_RESPONSE_DEFINED`, `SCHEMA_TOO_COMPLEX`) say that Prism could not answer.
const REQUEST_PROBLEMS: &[&str] = &[
    "UNPROCESSABLE_ENTITY",
    "UNAUTHORIZED",
    "NOT_ACCEPTABLE",
    "INVALID_CONTENT_TYPE",
    "NOT_FOUND",
    "NO_PATH_MATCHED_ERROR",
    "NO_METHOD_MATCHED_ERROR",
    "NO_SERVER_MATCHED_ERROR",
    "NO_BASE_URL_ERROR",
];

/// Where Prism's problem types live.
const PROBLEM_PREFIX: &str = "https://stoplight.io/prism/errors#";

/// Reads one line of the runner's output: `index`, the operation and its outcome. The mock's
/// address (`http://127.0.0.1:<port>`) and the folder of this checkout (in the paths of a
/// Prism stack trace) are removed from the detail, so that neither the port nor where the
/// repository was cloned shows in the committed results.
pub fn parse_line(line: &str) -> Option<(usize, Call)> {
    let mut fields = line.splitn(7, '\t');
    let index = fields.next()?.parse().ok()?;
    let operation = fields.next()?.to_owned();
    let kind = fields.next()?;
    let status: u16 = fields.next()?.parse().ok()?;
    let content_type = fields.next()?;
    let violations = fields.next()?;
    let text = without_checkout(&without_local_address(fields.next()?));
    let (class, detail) = classify(kind, status, content_type, violations, &text);
    Some((
        index,
        Call {
            operation,
            class,
            detail: shorten(&detail),
        },
    ))
}

/// `text` with the paths into this checkout relative to it.
fn without_checkout(text: &str) -> String {
    // xtask is built from the checkout it runs in: its manifest's folder is `<root>/xtask`.
    match Path::new(env!("CARGO_MANIFEST_DIR")).parent() {
        Some(root) => text.replace(&format!("{}/", root.display()), ""),
        None => text.to_owned(),
    }
}

/// `text` without `http://127.0.0.1:<port>`.
fn without_local_address(text: &str) -> String {
    const ADDRESS: &str = "http://127.0.0.1:";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(ADDRESS) {
        out.push_str(&rest[..at]);
        rest = rest[at + ADDRESS.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// The class and detail of an outcome as the runner wrote it.
pub fn classify(
    kind: &str,
    status: u16,
    content_type: &str,
    violations: &str,
    text: &str,
) -> (Class, String) {
    match kind {
        "ok" => (Class::Ok, String::new()),
        "decode" => (Class::Decode, text.to_owned()),
        "invalid_request" | "config" => (Class::Refused, text.to_owned()),
        "api" => api(status, content_type, violations, text),
        "no_example" => (Class::Other, "the method's docs have no example".to_owned()),
        "timeout" => (Class::Other, format!("timeout: {text}")),
        "connection" => (Class::Other, format!("{CONNECTION}{text}")),
        "panic" => (Class::Other, format!("panic: {text}")),
        _ => (Class::Other, text.to_owned()),
    }
}

/// An error status: Prism's own problem, the spec's error response given for an invalid
/// request, or a declared error Prism picked. A request Prism found invalid is `rejected`
/// whatever Prism answered.
fn api(status: u16, content_type: &str, violations: &str, body: &str) -> (Class, String) {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let problem = content_type
        .starts_with("application/problem+json")
        .then(|| problem_type(json.as_ref(), body))
        .flatten();
    if let Some(kind) = &problem {
        if REQUEST_PROBLEMS.contains(&kind.as_str()) {
            return (Class::Rejected, problem_detail(status, kind, json.as_ref()));
        }
    }
    // Prism lists what it found wrong with the request in `sl-violations`, also when it answers
    // with an error response of the spec; a long list is cut, and then it is not JSON.
    let violations = violations
        .strip_prefix("Too many violations! ")
        .unwrap_or(violations);
    let request_violations: Vec<serde_json::Value> =
        serde_json::from_str::<Vec<serde_json::Value>>(violations)
            .unwrap_or_default()
            .into_iter()
            .filter(|v| {
                v["severity"] == "Error"
                    && v["location"]
                        .as_array()
                        .and_then(|l| l.first())
                        .is_some_and(|first| first == "request")
            })
            .collect();
    if !request_violations.is_empty() {
        return (
            Class::Rejected,
            format!(
                "{status} (the request breaks the spec): {}",
                messages(&serde_json::Value::Array(request_violations))
            ),
        );
    }
    if let Some(kind) = &problem {
        return (Class::Other, problem_detail(status, kind, json.as_ref()));
    }
    (
        Class::Other,
        format!(
            "{status}, an error response of the spec: {}",
            one_line(body)
        ),
    )
}

/// The type of a Prism problem body, from its JSON or, for a body cut short, its text.
fn problem_type(json: Option<&serde_json::Value>, body: &str) -> Option<String> {
    if let Some(kind) = json.and_then(|body| body["type"].as_str()) {
        return kind.strip_prefix(PROBLEM_PREFIX).map(str::to_owned);
    }
    let at = body.find(PROBLEM_PREFIX)? + PROBLEM_PREFIX.len();
    let kind: String = body[at..]
        .chars()
        .take_while(|c| c.is_ascii_uppercase() || *c == '_')
        .collect();
    (!kind.is_empty()).then_some(kind)
}

/// `status TYPE: what Prism says`.
fn problem_detail(status: u16, kind: &str, json: Option<&serde_json::Value>) -> String {
    let mut detail = format!("{status} {kind}");
    let Some(body) = json else {
        return detail;
    };
    let messages = messages(&body["validation"]);
    let text = |key: &str| {
        body[key]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let said = if messages.is_empty() {
        text("detail").or_else(|| text("title")).unwrap_or_default()
    } else {
        messages
    };
    if !said.is_empty() {
        detail.push_str(": ");
        detail.push_str(&said);
    }
    detail
}

/// The message of each validation entry (Prism's messages name the location), each cut short:
/// patterns make them long.
fn messages(list: &serde_json::Value) -> String {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|entry| short_message(entry["message"].as_str().unwrap_or("")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A message of Prism's, cut short when long: first its argument (`must match pattern "..."`,
/// `must be equal to one of the allowed values: ...`), so that the place and what is wrong
/// there stay whole for the exclusions to read, and only then its length.
fn short_message(message: &str) -> String {
    const MESSAGE_CHARS: usize = 90;
    const PLACE_CHARS: usize = 200;
    if message.chars().count() <= MESSAGE_CHARS {
        return message.to_owned();
    }
    if let Some(at) = message.find(" must ") {
        let verdict = &message[at..];
        let end = verdict.find(['"', ':']).unwrap_or(verdict.len());
        let head = message[..at + end].trim_end();
        if head.len() < message.len() && head.chars().count() <= PLACE_CHARS {
            return format!("{head} ...");
        }
    }
    let mut short: String = message.chars().take(MESSAGE_CHARS).collect();
    short.push_str("...");
    short
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `DETAIL_CHARS` characters of `text`, on one line, without `|` (which would end a
/// table cell).
fn shorten(text: &str) -> String {
    let text = one_line(text).replace('|', "/");
    let mut chars = text.chars();
    let mut short: String = chars.by_ref().take(DETAIL_CHARS).collect();
    if chars.next().is_some() {
        short.push_str("...");
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_lose_their_argument_before_their_place() {
        let pattern = format!(
            "Response body property 0.{}_lifespan must match pattern \"^([0-9]+(ns|us|ms|s|m|h))*$\"",
            "authorization_code_grant_access_token"
        );
        assert_eq!(
            short_message(&pattern),
            "Response body property 0.authorization_code_grant_access_token_lifespan must match pattern ..."
        );
        let values = format!(
            "Request body property {} must be equal to one of the allowed values: a, b",
            "x".repeat(80)
        );
        assert!(
            short_message(&values).ends_with(" must be equal to one of the allowed values ...")
        );
        assert_eq!(
            short_message("Response body must be object"),
            "Response body must be object"
        );
        let long = "y".repeat(120);
        assert_eq!(short_message(&long), format!("{}...", "y".repeat(90)));
    }

    #[test]
    fn prism_problems_are_rejections_or_prism_failures() {
        let body = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,"detail":"x","validation":[{"location":["body","name"],"severity":"Error","code":"pattern","message":"Request body property name must match pattern"}]}"#;
        assert_eq!(
            classify("api", 422, "application/problem+json", "", body),
            (
                Class::Rejected,
                "422 UNPROCESSABLE_ENTITY: Request body property name must match pattern"
                    .to_owned()
            )
        );
        let body = r#"{"type":"https://stoplight.io/prism/errors#VIOLATIONS","title":"t","status":500,"detail":"d","validation":[{"location":["response","body","id"],"severity":"Error","message":"must be integer"}]}"#;
        assert_eq!(
            classify("api", 500, "application/problem+json", "", body).0,
            Class::Other
        );
    }

    #[test]
    fn the_specs_error_response_for_a_bad_request_is_a_rejection() {
        let violations = r#"[{"location":["request","query","limit"],"severity":"Error","code":"type","message":"Request query parameter limit must be integer"}]"#;
        assert_eq!(
            classify("api", 400, "application/json", violations, "{}"),
            (
                Class::Rejected,
                "400 (the request breaks the spec): Request query parameter limit must be integer"
                    .to_owned()
            )
        );
        assert_eq!(
            classify("api", 404, "application/json", "", r#"{"message": "gone"}"#).0,
            Class::Other
        );
    }

    #[test]
    fn lines_are_read_back_without_the_port() -> Result<(), String> {
        let line = "3\tthings.list\ttimeout\t0\t\t\trequest timed out: GET http://127.0.0.1:4567/things (3 attempts)";
        let (index, call) = parse_line(line).ok_or("the line does not parse")?;
        assert_eq!(index, 3);
        assert_eq!(call.operation, "things.list");
        assert_eq!(call.class, Class::Other);
        assert_eq!(
            call.detail,
            "timeout: request timed out: GET /things (3 attempts)"
        );
        Ok(())
    }

    #[test]
    fn lines_are_read_back_without_the_checkouts_folder() -> Result<(), String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .ok_or("xtask has a parent folder")?;
        let line = format!(
            "0\tthings.list\tapi\t500\tapplication/json\t\tTypeError at shouldClean ({}/tests/prism/node_modules/x.cjs:133)",
            root.display()
        );
        let (_, call) = parse_line(&line).ok_or("the line does not parse")?;
        assert!(
            call.detail.contains("(tests/prism/node_modules/x.cjs:133)"),
            "{}",
            call.detail
        );
        assert!(!call.detail.contains(&root.display().to_string()));
        Ok(())
    }
}
