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
    /// A 2xx status, or another the operation declares as its answer.
    Answer(u16, HeaderMap, Body),
    /// An error status, with its body: retried or returned as an [`ApiError`].
    Failed(u16, HeaderMap, Vec<u8>),
}

/// The body of an answer, as the request reads it.
pub(crate) enum Body {
    /// Read within the attempt.
    Read(Vec<u8>),
    /// To be read after the attempts (a streamed body). Boxed: the answer is moved out
    /// through every future of the send phase, and the response unboxed cost every request,
    /// streamed or not, about 150 instructions of moves (BENCHMARKS.md).
    Unread(Box<reqwest::Response>),
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

    /// Sends until a 2xx response, an error that is not retried, or no retries left, then
    /// reads the body of the answer.
    ///
    /// The two phases have different rules. Sending, up to the response headers, is under
    /// the timeout of each attempt and retried. A body that is read whole is read within
    /// its attempt, so that a body cut off or stalled is retried or timed out like a failed
    /// send; a streamed one is read after the attempts, with no timeout and no retry, since
    /// it may rightly last longer than any timeout. Every body is read under the size limit.
    pub(crate) async fn execute(self) -> Result<(u16, HeaderMap, Vec<u8>), Error> {
        let (status, headers, body, attempts) = self.send_phase().await?;
        let body = match body {
            Body::Read(body) => body,
            Body::Unread(response) => {
                read_body(*response, self.parts.client.inner.max_response_bytes)
                    .await
                    .map_err(|error| self.attempt_error(error, attempts))?
            }
        };
        Ok((status, headers, body))
    }

    /// The first phase: the attempts, until an answer (its status, headers, the body as
    /// the request reads it, and the number of attempts) or an error.
    pub(crate) async fn send_phase(&self) -> Result<(u16, HeaderMap, Body, u32), Error> {
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
                    return Ok((status, headers, body, attempts));
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
        // reqwest's errors carry the URL, which may hold a key sent as a query parameter;
        // the error this crate returns names the URL without it.
        let mut response = self
            .http
            .execute(request)
            .await
            .map_err(|error| AttemptError::Transport(error.without_url()))?;
        let status = response.status().as_u16();
        // Reading the body needs no header (the length is the body's own).
        let headers = std::mem::take(response.headers_mut());
        let limit = self.parts.client.inner.max_response_bytes;
        let is_answer = (200..300).contains(&status)
            || self
                .parts
                .outcome
                .iter()
                .any(|statuses| statuses.contains(&status));
        if !is_answer {
            return Ok(Attempt::Failed(
                status,
                headers,
                read_body(response, limit).await?,
            ));
        }
        let body = match self.parts.reading {
            Reading::Whole => Body::Read(read_body(response, limit).await?),
            Reading::Streamed => Body::Unread(Box::new(response)),
        };
        Ok(Attempt::Answer(status, headers, body))
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

/// The second phase: a response body read to the end, or refused with `TooLarge` as soon
/// as it passes `limit` bytes. A body announced as too long is not read at all; one without
/// a length, or lying about it, is read chunk by chunk and dropped once it passes the limit.
async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<Vec<u8>, AttemptError> {
    let status = response.status().as_u16();
    let too_large = AttemptError::TooLarge { status };
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(too_large);
    }
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let capacity = response.content_length().map_or(0, |length| {
        usize::try_from(length).unwrap_or(limit).min(limit)
    });
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| AttemptError::Transport(error.without_url()))?
    {
        if chunk.len() > limit - body.len() {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
