//! Hand-written error types of the SDK, copied verbatim by the generator into every crate it
//! makes: what a request can fail with, from a bad argument to an API error response.

use std::fmt;

use reqwest::header::HeaderMap;

/// Everything a call of the SDK can fail with.
///
/// Nothing here ever holds the API key: errors keep response headers, never request headers.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a status outside 2xx (after any retries).
    Api(Box<ApiError>),
    /// Every attempt timed out.
    Timeout {
        /// The HTTP method of the request.
        method: String,
        /// The URL of the request.
        url: String,
        /// How many requests were sent, retries included.
        attempts: u32,
    },
    /// The request could not be sent or its response could not be read, on every attempt.
    ///
    /// The transport's own error is kept in `source` and returned by
    /// [`std::error::Error::source`].
    Connection {
        /// The HTTP method of the request.
        method: String,
        /// The URL of the request.
        url: String,
        /// How many requests were sent, retries included.
        attempts: u32,
        /// The error of the last attempt.
        source: reqwest::Error,
    },
    /// A 2xx response whose body does not match the expected type.
    Decode(DecodeError),
    /// The response body is longer than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)):
    /// refused by its `Content-Length` before it was read, or as soon as it grew past the
    /// limit. Not retried.
    ResponseTooLarge {
        /// The HTTP method of the request.
        method: String,
        /// The URL of the request.
        url: String,
        /// The HTTP status of the response.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
    },
    /// An event stream sent nothing, not even a keep-alive, for longer than the request's
    /// timeout allows between two reads; the stream ends.
    StreamIdle {
        /// The HTTP method of the request.
        method: String,
        /// The URL of the request.
        url: String,
        /// The longest wait allowed.
        idle: std::time::Duration,
    },
    /// An event stream broke off: its connection failed (the transport's error in
    /// `source`), or its body ended in the middle of an event (no `source`); the stream ends.
    StreamInterrupted {
        /// The HTTP method of the request.
        method: String,
        /// The URL of the request.
        url: String,
        /// The transport's error, if it failed.
        source: Option<reqwest::Error>,
    },
    /// The request was refused before anything was sent (an invalid header, a body that does
    /// not serialize, a path that URL normalization would change).
    InvalidRequest(String),
    /// The client could not be configured (missing API key, invalid base URL or header).
    Config(String),
    /// The pages of a list could not be followed further: the next cursor or URL repeats
    /// the last one, or the next-page URL leaves the API's base URL.
    Pagination(String),
}

impl Error {
    /// The HTTP status of the response this error comes from, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(error) => Some(error.status),
            Self::Decode(error) => Some(error.status),
            Self::ResponseTooLarge { status, .. } => Some(*status),
            Self::Timeout { .. }
            | Self::Connection { .. }
            | Self::StreamIdle { .. }
            | Self::StreamInterrupted { .. }
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::Pagination(_) => None,
        }
    }

    /// The `x-request-id` of the API error response, to quote when reporting a problem.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.request_id.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => fmt::Display::fmt(error, f),
            Self::Timeout {
                method,
                url,
                attempts,
            } => write!(
                f,
                "request timed out: {method} {url} ({})",
                Attempts(*attempts)
            ),
            // The transport's message is the source, not repeated here.
            Self::Connection {
                method,
                url,
                attempts,
                ..
            } => write!(
                f,
                "connection failed: {method} {url} ({})",
                Attempts(*attempts)
            ),
            Self::Decode(error) => fmt::Display::fmt(error, f),
            Self::ResponseTooLarge {
                method,
                url,
                status,
                limit,
            } => write!(
                f,
                "response too large: {method} {url} answered {status} with a body of more than {limit} bytes"
            ),
            Self::StreamIdle { method, url, idle } => write!(
                f,
                "event stream idle: {method} {url} sent nothing for {}s",
                idle.as_secs_f64()
            ),
            Self::StreamInterrupted {
                method,
                url,
                source,
            } => match source {
                Some(_) => write!(f, "event stream interrupted: {method} {url}: its connection failed"),
                None => write!(f, "event stream interrupted: {method} {url} ended in the middle of an event"),
            },
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
            Self::Pagination(message) => write!(f, "pagination stopped: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Connection { source, .. } => Some(source),
            Self::StreamInterrupted {
                source: Some(source),
                ..
            } => Some(source),
            // `Api` and `Decode` display their inner error themselves, so it is no source.
            Self::Api(_)
            | Self::Decode(_)
            | Self::ResponseTooLarge { .. }
            | Self::Timeout { .. }
            | Self::StreamIdle { .. }
            | Self::StreamInterrupted { .. }
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::Pagination(_) => None,
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Self::Decode(error)
    }
}

/// "1 attempt", "3 attempts".
struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 attempt"),
            n => write!(f, "{n} attempts"),
        }
    }
}

/// An error response of the API: a status outside 2xx, with whatever body came with it.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The class of the status.
    pub kind: ApiErrorKind,
    /// The human message of the body: its JSON `message` string, else a string `error`, else
    /// `error.message`; `None` when the body has none of these.
    pub message: Option<String>,
    /// The raw body, whatever it is (invalid UTF-8 replaced by U+FFFD).
    pub body: String,
    /// The response headers.
    pub headers: HeaderMap,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
}

impl ApiError {
    /// Builds the error of a response from its status, headers and body bytes.
    pub(crate) fn from_response(status: u16, headers: HeaderMap, body: &[u8]) -> Self {
        let message = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|value| message_of(&value));
        let request_id = headers
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Self {
            status,
            kind: ApiErrorKind::from_status(status),
            message,
            body: String::from_utf8_lossy(body).into_owned(),
            headers,
            request_id,
        }
    }
}

/// The message of an error body; its shape is undocumented, so the common ones are tried.
fn message_of(body: &serde_json::Value) -> Option<String> {
    let text =
        |value: Option<&serde_json::Value>| value.and_then(|v| v.as_str()).map(str::to_owned);
    text(body.get("message"))
        .or_else(|| text(body.get("error")))
        .or_else(|| text(body.get("error").and_then(|error| error.get("message"))))
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.kind)?;
        match &self.message {
            Some(message) => write!(f, ": {}", OneLine(message))?,
            None if !self.body.trim().is_empty() => write!(f, ": {}", OneLine(&self.body))?,
            None => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", OneLine(id))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The class of an API error, from its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400.
    BadRequest,
    /// 401: the API key is missing or wrong.
    Authentication,
    /// 403.
    PermissionDenied,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 422.
    UnprocessableEntity,
    /// 429.
    RateLimit,
    /// 500 and above.
    InternalServer,
    /// Any other status.
    Other,
}

impl ApiErrorKind {
    /// The class of an HTTP status.
    pub fn from_status(status: u16) -> Self {
        match status {
            400 => Self::BadRequest,
            401 => Self::Authentication,
            403 => Self::PermissionDenied,
            404 => Self::NotFound,
            409 => Self::Conflict,
            422 => Self::UnprocessableEntity,
            429 => Self::RateLimit,
            500.. => Self::InternalServer,
            _ => Self::Other,
        }
    }
}

impl fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BadRequest => "bad request",
            Self::Authentication => "authentication error",
            Self::PermissionDenied => "permission denied",
            Self::NotFound => "not found",
            Self::Conflict => "conflict",
            Self::UnprocessableEntity => "unprocessable entity",
            Self::RateLimit => "rate limited",
            Self::InternalServer => "internal server error",
            Self::Other => "api error",
        })
    }
}

/// A 2xx response whose body does not match the type the endpoint returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The HTTP status of the response.
    pub status: u16,
    /// Where in the body decoding failed, as a path of object keys and array indexes from the
    /// root, e.g. `assistant.llm_model.type` or `assistants[3].voice`; empty when the failure
    /// is at the top level (a syntax error before the first value, a wrong root type).
    pub path: String,
    /// What went wrong, with the line and column in the body when known.
    pub message: String,
    /// At most [`DecodeError::EXCERPT_CHARS`] characters of the body around the failure.
    pub excerpt: String,
}

impl DecodeError {
    /// The longest `excerpt`, in characters.
    pub const EXCERPT_CHARS: usize = 200;

    /// Builds the error of a body that failed to decode at `path` (as `serde_path_to_error`
    /// writes it, `.` for the root).
    pub(crate) fn new(status: u16, body: &[u8], path: String, error: &serde_json::Error) -> Self {
        Self {
            status,
            path: if path == "." { String::new() } else { path },
            message: error.to_string(),
            excerpt: excerpt(body, error.line(), error.column()),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the {} response", self.status)?;
        if !self.path.is_empty() {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", OneLine(&self.message))
    }
}

impl std::error::Error for DecodeError {}

/// The text of `body` around `line` and `column` (both 1-based, as serde_json counts them;
/// line 0 means no position), cut on character boundaries.
fn excerpt(body: &[u8], line: usize, column: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let offset = if line == 0 {
        0
    } else {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        // serde_json's column is in bytes; it may point past a multi-byte character.
        let mut at = (line_start + column.saturating_sub(1)).min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let before = DecodeError::EXCERPT_CHARS / 2;
    let start = text[..offset]
        .char_indices()
        .rev()
        .nth(before.saturating_sub(1))
        .map_or(0, |(index, _)| index);
    text[start..]
        .chars()
        .take(DecodeError::EXCERPT_CHARS)
        .collect()
}

/// Writes text on one line, as the `Display` of errors promises: line breaks and other control
/// characters become spaces, and long text is cut.
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX_CHARS: usize = 500;
        let mut chars = self.0.trim().chars();
        for c in chars.by_ref().take(MAX_CHARS) {
            if c.is_control() {
                f.write_str(" ")?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        if chars.next().is_some() {
            f.write_str("...")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_is_found_in_the_common_shapes() {
        let cases = [
            (
                r#"{"message": "no such assistant"}"#,
                Some("no such assistant"),
            ),
            (r#"{"error": "bad key"}"#, Some("bad key")),
            (r#"{"error": {"message": "nested"}}"#, Some("nested")),
            (r#"{"message": 3, "error": "fallback"}"#, Some("fallback")),
            (r#"{"detail": "other"}"#, None),
            ("<html>oops</html>", None),
            ("", None),
        ];
        for (body, expected) in cases {
            let error = ApiError::from_response(400, HeaderMap::new(), body.as_bytes());
            assert_eq!(error.message.as_deref(), expected, "{body}");
            assert_eq!(error.body, body);
        }
    }

    #[test]
    fn kinds_follow_the_status() {
        let cases = [
            (400, ApiErrorKind::BadRequest),
            (401, ApiErrorKind::Authentication),
            (403, ApiErrorKind::PermissionDenied),
            (404, ApiErrorKind::NotFound),
            (408, ApiErrorKind::Other),
            (409, ApiErrorKind::Conflict),
            (422, ApiErrorKind::UnprocessableEntity),
            (429, ApiErrorKind::RateLimit),
            (500, ApiErrorKind::InternalServer),
            (503, ApiErrorKind::InternalServer),
            (302, ApiErrorKind::Other),
        ];
        for (status, kind) in cases {
            assert_eq!(ApiErrorKind::from_status(status), kind, "{status}");
        }
    }

    #[test]
    fn display_is_one_line() {
        let error = ApiError::from_response(500, HeaderMap::new(), b"line one\nline two\r\n");
        assert_eq!(
            error.to_string(),
            "500 internal server error: line one line two"
        );
    }

    #[test]
    fn excerpt_is_cut_around_the_position() {
        let body = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let cut = excerpt(body.as_bytes(), 1, 301);
        assert_eq!(cut.chars().count(), DecodeError::EXCERPT_CHARS);
        assert_eq!(cut, format!("{}X{}", "a".repeat(100), "b".repeat(99)));
        assert_eq!(excerpt(b"short", 1, 3), "short");
        assert_eq!(
            excerpt(b"{\n\"a\": 1,\n\"b\": x}", 3, 7),
            "{\n\"a\": 1,\n\"b\": x}"
        );
        assert_eq!(excerpt("é".repeat(300).as_bytes(), 1, 2), "é".repeat(200));
        assert_eq!(excerpt(b"", 1, 1), "");
    }
}
