//! Sending a checked request: each attempt built, sent and timed, retried as `retry` says,
//! the body read under the size limit, and the errors of a request that got no answer.

use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::Url;

use crate::client::{header_pair, Credential};
use crate::error::{ApiError, Error};
use crate::request::{Reading, RequestParts};
use crate::retry::{backoff, is_transient, retry_delay, should_retry};

/// A request checked and ready to be sent, as often as retries allow. Each attempt builds
/// its own `reqwest::Request` (sending consumes it), so that the first copies nothing.
pub(crate) struct Prepared {
    pub(crate) parts: RequestParts,
    /// The HTTP client this request goes through.
    pub(crate) http: reqwest::Client,
    /// Indexes of the client's credentials that are sent.
    pub(crate) credentials: Vec<usize>,
    /// For each attempt, from sending to the end of the body: the request's or the client's.
    pub(crate) timeout: Duration,
    /// The request's or the client's.
    pub(crate) max_retries: u32,
    /// The idempotency key header, the same on each attempt.
    pub(crate) idempotency: Option<(HeaderName, HeaderValue)>,
}

/// Why one attempt, or the reading of a body, got no complete response.
enum AttemptError {
    /// The transport failed: connecting, sending, or reading the response.
    Transport(reqwest::Error),
    /// The body is longer than the limit; nothing more of it is read.
    TooLarge { status: u16 },
    /// No complete response within the timeout.
    TimedOut,
}

/// What one attempt got.
enum Attempt {
    /// A 2xx status, or another the operation declares as its answer, with its body.
    Answer(u16, HeaderMap, Vec<u8>),
    /// The same, its body to be read after the attempts (a streamed body). Boxed: the
    /// attempt's outcome is moved out through the timeout's future, and the response unboxed
    /// cost every request, streamed or not, about 150 instructions of moves (BENCHMARKS.md).
    Headers(u16, HeaderMap, Box<reqwest::Response>),
    /// An error status, with its body: retried or returned as an [`ApiError`].
    Failed(u16, HeaderMap, Vec<u8>),
}

/// The status, headers and body of an answer.
pub(crate) type Answer = (u16, HeaderMap, Body);

/// The body of an answer, as the request reads it.
pub(crate) enum Body {
    /// Read within the attempt.
    Read(Vec<u8>),
    /// To be read after the attempts (a streamed body).
    Unread(Box<Unread>),
}

/// A streamed body not read yet, with the request it answers (for the size limit and the
/// errors of reading it).
pub(crate) struct Unread {
    pub(crate) response: reqwest::Response,
    prepared: Prepared,
    /// The attempts it took.
    attempts: u32,
}

impl Prepared {
    /// The URL of the request; `with_key` adds an API key sent in the query, which the URL
    /// that errors show leaves out.
    fn url(&self, with_key: bool) -> Result<Url, Error> {
        let parts = &self.parts;
        let inner = &parts.client.inner;
        if !parts.path.starts_with('/') {
            return Err(Error::InvalidRequest(format!(
                "the path {:?} does not start with /",
                parts.path
            )));
        }
        let mut url =
            Url::parse(&format!("{}{}", inner.base_url, parts.path)).map_err(|error| {
                Error::InvalidRequest(format!(
                    "the path {:?} makes no valid URL: {error}",
                    parts.path
                ))
            })?;
        // The URL parser resolves dot segments (`..`, `%2E%2E`) and splits at `?` and `#`; a
        // path it changes would reach another resource than the one asked for.
        if url.path().strip_prefix(inner.base_path.as_str()) != Some(parts.path.as_str()) {
            return Err(Error::InvalidRequest(format!(
                "the path {:?} would not reach the resource it names: URL parsing changes it \
                 (a `.` or `..` segment, or an unencoded `?`, `#` or space)",
                parts.path
            )));
        }
        if !parts.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&parts.query);
        }
        if with_key {
            for credential in self.sent_credentials() {
                if let Credential::Query(name, key) = credential {
                    url.query_pairs_mut().append_pair(name, key);
                }
            }
        }
        Ok(url)
    }

    /// The credentials this request sends.
    fn sent_credentials(&self) -> impl Iterator<Item = &Credential> {
        let held = &self.parts.client.inner.credentials;
        self.credentials
            .iter()
            .filter_map(|&index| held.get(index).and_then(Option::as_ref))
    }

    /// The request of one attempt.
    fn request(&self) -> Result<reqwest::Request, Error> {
        let parts = &self.parts;
        let inner = &parts.client.inner;
        let mut headers = inner.headers.clone();
        let mut cookies = Vec::new();
        for credential in self.sent_credentials() {
            match credential {
                Credential::Header(name, value) if !inner.default_headers.contains_key(name) => {
                    headers.insert(name.clone(), value.clone());
                }
                Credential::Cookie(name, value) => cookies.push(format!("{name}={value}")),
                _ => {}
            }
        }
        // A default `Content-Type` wins over the body's, as it did when it was applied last.
        if let (Some(_), Some(content_type)) = (&parts.body, &parts.content_type) {
            if !inner.default_headers.contains_key(header::CONTENT_TYPE) {
                headers.insert(header::CONTENT_TYPE, content_type.clone());
            }
        }
        if let Some((name, value)) = &self.idempotency {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &parts.headers {
            let (name, value) = header_pair(name, value).map_err(Error::InvalidRequest)?;
            headers.insert(name, value);
        }
        cookies.extend(
            parts
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}")),
        );
        if !cookies.is_empty() {
            let (name, mut value) =
                header_pair("cookie", &cookies.join("; ")).map_err(Error::InvalidRequest)?;
            // It may carry a credential.
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        let mut request = reqwest::Request::new(parts.method.clone(), self.url(true)?);
        *request.headers_mut() = headers;
        *request.body_mut() = parts.body.clone().map(reqwest::Body::from);
        Ok(request)
    }

    /// Sends until a 2xx response, an error that is not retried, or no retries left: the
    /// first phase of a request, and its only one unless its body is streamed.
    ///
    /// The two phases have different rules. Sending, up to the response headers, is under
    /// the timeout of each attempt and retried. A body that is read whole is read within
    /// its attempt, so that a body cut off or stalled is retried or timed out like a failed
    /// send; a streamed one is left [`Body::Unread`], to be read after the attempts
    /// ([`Unread::read`]), with no timeout and no retry, since it may rightly last longer
    /// than any timeout. Every body is read under the size limit.
    ///
    /// The common path is this one future, with the body read inline in [`Self::attempt`]:
    /// the body read and the second phase as futures of their own, nested in this one,
    /// cost every request about 300 instructions (BENCHMARKS.md).
    pub(crate) async fn send(self) -> Result<Answer, Error> {
        let mut attempts: u32 = 0;
        loop {
            let retry_index = attempts;
            attempts += 1;
            let retries_left = retry_index < self.max_retries;
            let request = self.request()?;
            let outcome = tokio::time::timeout(self.timeout, self.attempt(request))
                .await
                .unwrap_or(Err(AttemptError::TimedOut));
            let delay = match outcome {
                Ok(Attempt::Answer(status, headers, body)) => {
                    return Ok((status, headers, Body::Read(body)));
                }
                Ok(Attempt::Headers(status, headers, response)) => {
                    let unread = Unread {
                        response: *response,
                        prepared: self,
                        attempts,
                    };
                    return Ok((status, headers, Body::Unread(Box::new(unread))));
                }
                Ok(Attempt::Failed(status, headers, body)) => {
                    if !(retries_left && should_retry(status, &headers)) {
                        return Err(ApiError::from_response(status, headers, &body).into());
                    }
                    retry_delay(&headers, retry_index, SystemTime::now())
                }
                Err(AttemptError::Transport(error)) if retries_left && is_transient(&error) => {
                    backoff(retry_index)
                }
                Err(AttemptError::TimedOut) if retries_left => backoff(retry_index),
                // No retry left, none worth it, or a body too large (the same request would
                // get the same body).
                Err(error) => return Err(self.attempt_error(error, attempts)),
            };
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: the request sent and its response headers received; the body read too
    /// for an error, or for an answer that is not streamed.
    async fn attempt(&self, request: reqwest::Request) -> Result<Attempt, AttemptError> {
        let mut response = self.http.execute(request).await.map_err(transport)?;
        let status = response.status().as_u16();
        let is_answer = (200..300).contains(&status)
            || self
                .parts
                .outcome
                .iter()
                .any(|statuses| statuses.contains(&status));
        if is_answer && self.parts.reading == Reading::Streamed {
            let headers = std::mem::take(response.headers_mut());
            return Ok(Attempt::Headers(status, headers, Box::new(response)));
        }
        // Read here rather than by a future of its own (see `send`); the headers stay in the
        // response meanwhile, so that this future holds no copy of them.
        let limit = self.parts.client.inner.max_response_bytes;
        let mut body = body_buffer(&response, limit)?;
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            push_chunk(&mut body, &chunk, limit, status)?;
        }
        let headers = std::mem::take(response.headers_mut());
        Ok(if is_answer {
            Attempt::Answer(status, headers, body)
        } else {
            Attempt::Failed(status, headers, body)
        })
    }

    /// The error of a failed attempt or body read, after `attempts` attempts.
    fn attempt_error(&self, error: AttemptError, attempts: u32) -> Error {
        let method = self.parts.method.to_string();
        match error {
            AttemptError::Transport(error) => self.transport_error(error, attempts),
            AttemptError::TimedOut => Error::Timeout {
                method,
                url: self.shown_url(),
                attempts,
            },
            AttemptError::TooLarge { status } => Error::ResponseTooLarge {
                method,
                url: self.shown_url(),
                status,
                limit: self.parts.client.inner.max_response_bytes,
            },
        }
    }

    /// The URL of the request as errors show it, without an API key sent in its query.
    pub(crate) fn shown_url(&self) -> String {
        self.url(false)
            .map(String::from)
            .unwrap_or_else(|_| self.parts.path.clone())
    }

    fn transport_error(&self, source: reqwest::Error, attempts: u32) -> Error {
        let method = self.parts.method.to_string();
        let url = self.shown_url();
        if source.is_timeout() {
            Error::Timeout {
                method,
                url,
                attempts,
            }
        } else {
            Error::Connection {
                method,
                url,
                attempts,
                source,
            }
        }
    }
}

impl Unread {
    /// The second phase of a request whose body is streamed: the body read to the end, after
    /// the attempts, with no timeout and no retry; `status` and `headers` are the answer's,
    /// returned with it.
    pub(crate) async fn read(
        self: Box<Self>,
        status: u16,
        headers: HeaderMap,
    ) -> Result<Answer, Error> {
        let Unread {
            mut response,
            prepared,
            attempts,
        } = *self;
        let limit = prepared.parts.client.inner.max_response_bytes;
        let failed = |error| prepared.attempt_error(error, attempts);
        let mut body = body_buffer(&response, limit).map_err(failed)?;
        while let Some(chunk) = response.chunk().await.map_err(transport).map_err(failed)? {
            push_chunk(&mut body, &chunk, limit, status).map_err(failed)?;
        }
        Ok((status, headers, Body::Read(body)))
    }
}

/// reqwest's errors carry the URL, which may hold a key sent as a query parameter; the error
/// this crate returns names the URL without it.
fn transport(error: reqwest::Error) -> AttemptError {
    AttemptError::Transport(error.without_url())
}

/// The buffer a response body is read into, or `TooLarge` for a body announced as longer
/// than `limit` bytes, which is not read at all. One without a length, or lying about it, is
/// read chunk by chunk ([`push_chunk`]) and dropped once it passes the limit.
fn body_buffer(response: &reqwest::Response, limit: u64) -> Result<Vec<u8>, AttemptError> {
    let length = response.content_length();
    if length.is_some_and(|length| length > limit) {
        return Err(AttemptError::TooLarge {
            status: response.status().as_u16(),
        });
    }
    // Within the limit; a length no `usize` holds (a 32-bit target) starts empty.
    let capacity = length.map_or(0, |length| usize::try_from(length).unwrap_or(0));
    Ok(Vec::with_capacity(capacity))
}

/// Adds a chunk to a body being read, or refuses it with `TooLarge` when the body would pass
/// `limit` bytes.
fn push_chunk(
    body: &mut Vec<u8>,
    chunk: &[u8],
    limit: u64,
    status: u16,
) -> Result<(), AttemptError> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if chunk.len() > limit - body.len() {
        return Err(AttemptError::TooLarge { status });
    }
    body.extend_from_slice(chunk);
    Ok(())
}
