//! A request being prepared ([`PendingRequest`]): its body, query, headers, cookies and
//! per-request options, checked when it is sent, and the future of its answer ([`Sending`]).

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::ops::RangeInclusive;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;

use crate::client::{header_pair, Client, HeaderNames};
use crate::encoding::{self, joined_text, scalar_text, Part};
use crate::error::Error;
use crate::response::{FromResponse, Response};
use crate::send::{Answer, Body, Prepared};

/// A request being prepared by an endpoint method. Send it with `.await` (or
/// [`PendingRequest::send`]); set per-request options before that.
///
/// Nothing is sent until it is awaited. Invalid options are reported then, as
/// [`Error::InvalidRequest`].
#[must_use = "a request does nothing until it is awaited"]
pub struct PendingRequest<T> {
    /// Everything but the response type, so that the builder methods below are compiled once
    /// and not once per endpoint.
    pub(crate) parts: RequestParts,
    response: PhantomData<fn() -> T>,
}

/// The request of a [`PendingRequest`], whatever its response type. A clone is the same
/// request, to be sent again (the body is shared, not copied).
#[derive(Clone)]
pub(crate) struct RequestParts {
    pub(crate) client: Client,
    pub(crate) method: Method,
    pub(crate) path: String,
    /// The alternatives of security schemes whose credentials may be sent: the first the
    /// client has every credential of is.
    pub(crate) security: &'static [&'static [&'static str]],
    /// Statuses besides 2xx that are the operation's answer rather than errors.
    pub(crate) outcome: &'static [RangeInclusive<u16>],
    pub(crate) query: Vec<(String, String)>,
    /// Shared by the attempts of the request, not copied.
    pub(crate) body: Option<Bytes>,
    /// Sent as `Content-Type` with the body.
    pub(crate) content_type: Option<HeaderValue>,
    /// The first problem found while preparing the request, returned by `send`.
    pub(crate) problem: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
    /// `name=value` pairs sent together as one `Cookie` header.
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    /// When the body of the answer is read.
    pub(crate) reading: Reading,
    /// Which header carries an idempotency key, if any.
    pub(crate) idempotency: Idempotency,
    /// The key given with [`PendingRequest::idempotency_key`], instead of a fresh one.
    pub(crate) idempotency_key: Option<String>,
    /// Top-level fields added to the JSON body, as names and JSON text, in order.
    pub(crate) body_fields: Vec<(String, String)>,
}

/// The same request, to be sent again: a paginator re-sends a request with one query
/// parameter replaced ([`PendingRequest::set_query_value`]).
impl<T> Clone for PendingRequest<T> {
    fn clone(&self) -> Self {
        Self {
            parts: self.parts.clone(),
            response: PhantomData,
        }
    }
}

impl<T> PendingRequest<T> {
    /// A request to `path` (percent-encoded, starting with `/`) with no option set: what
    /// [`Client::request`] starts.
    pub(crate) fn new(client: Client, method: Method, path: String) -> Self {
        Self {
            parts: RequestParts {
                client,
                method,
                path,
                security: crate::SECURITY,
                outcome: &[],
                query: Vec::new(),
                body: None,
                content_type: None,
                problem: None,
                headers: Vec::new(),
                cookies: Vec::new(),
                timeout: None,
                max_retries: None,
                reading: Reading::Whole,
                idempotency: Idempotency::Client,
                idempotency_key: None,
                body_fields: Vec::new(),
            },
            response: PhantomData,
        }
    }

    /// Sets the JSON body; it is serialized now, and a failure is returned by `send`.
    pub fn json_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.parts.json_body(serde_json::to_vec(body));
        self
    }

    /// Refuses the request (an [`Error::InvalidRequest`], nothing sent) when the encoded path
    /// parameter `name` is empty: `/assistants/{id}` with an empty `id` would name the
    /// collection instead of one of its items. Endpoint methods check every path parameter.
    pub fn path_param(mut self, name: &str, encoded: &str) -> Self {
        if encoded.is_empty() {
            self.parts
                .refuse(format!("the path parameter `{name}` is empty"));
        }
        self
    }

    /// Which credentials the request sends, instead of those the spec requires by default:
    /// alternatives of security scheme names, the first whose every credential the client
    /// has being sent. No alternative sends none; an empty one allows sending none. When
    /// the client has the credentials of no alternative, the request fails with
    /// [`Error::Config`] before anything is sent.
    pub fn security(mut self, alternatives: &'static [&'static [&'static str]]) -> Self {
        self.parts.security = alternatives;
        self
    }

    /// Statuses besides 2xx whose responses are this request's answer (decoded as its body)
    /// rather than errors. A request with a 3xx status among them follows no redirect.
    pub fn outcome(mut self, statuses: &'static [RangeInclusive<u16>]) -> Self {
        self.parts.outcome = statuses;
        self
    }

    /// Sets a body of raw bytes, sent with the given `Content-Type`.
    pub fn bytes_body(mut self, content_type: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.parts.bytes_body(content_type, bytes.into());
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body from the properties of `body` (an
    /// object): each scalar property as one pair, each array as one pair per item.
    pub fn form_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.parts.form_body(serde_json::to_value(body));
        self
    }

    /// Sets a `multipart/form-data` body made of `parts`.
    pub fn multipart_body(mut self, parts: Vec<Part>) -> Self {
        self.parts.multipart_body(&parts);
        self
    }

    /// The path the request is sent to, after the base URL.
    pub fn path(&self) -> &str {
        &self.parts.path
    }

    /// The same request to another path (after the base URL, starting with `/` and
    /// percent-encoded) with these query pairs instead of its own: how a paginator follows a
    /// next-page URL.
    pub fn with_path_and_query(mut self, path: String, query: Vec<(String, String)>) -> Self {
        self.parts.path = path;
        self.parts.query = query;
        self
    }

    /// Adds a query parameter (form-encoded), after those already added. Endpoint methods
    /// add the parameters they declare; this also serves for parameters newer than the SDK.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.parts.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Replaces every query parameter named `name` with one pair, where the first of them
    /// was (at the end when there was none): how a request is sent again for another page.
    pub fn set_query(mut self, name: &str, value: &str) -> Self {
        self.parts.replace_query(name, |parts| {
            parts.query.push((name.to_owned(), value.to_owned()))
        });
        self
    }

    /// Replaces every query parameter named `name` with `value`, written as
    /// [`PendingRequest::query_value`] writes it, where the first of them was (at the end
    /// when there was none); `null` removes them.
    pub fn set_query_value<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        let value = serde_json::to_value(value);
        self.parts
            .replace_query(name, |parts| parts.query_value(name, value));
        self
    }

    /// Adds a query parameter from any serializable value: a string as it is, a number or
    /// boolean as JSON writes it, an array as one pair per item and an object as one pair per
    /// property (the `form`, `explode: true` style); an empty array is `name=`, as OpenAPI
    /// writes it in every style, so that a required parameter is not left out; `null` adds
    /// nothing.
    pub fn query_value<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        self.parts.query_value(name, serde_json::to_value(value));
        self
    }

    /// Adds a query parameter as one pair whose value joins an array's items with
    /// `separator`: `,` for the `form` style with `explode: false` (which also writes an
    /// object as `key,value,key,value`), `" "` for `spaceDelimited`, `|` for
    /// `pipeDelimited`. A scalar is sent as it is, an empty array as `name=`; `null` adds
    /// nothing.
    pub fn query_joined<V: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &V,
        separator: &str,
    ) -> Self {
        self.parts
            .query_joined(name, serde_json::to_value(value), separator);
        self
    }

    /// Adds a query parameter in the `deepObject` style: an object as one pair per property,
    /// named `name[property]` (an array property as one pair per item). Anything else is sent
    /// as [`PendingRequest::query_value`] sends it.
    pub fn query_deep<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        self.parts.query_deep(name, serde_json::to_value(value));
        self
    }

    /// Adds a header from any serializable value: a string as it is, a number or boolean as
    /// JSON writes it, an array as its items separated by commas; `null` adds nothing. The
    /// value is checked like [`PendingRequest::header`]'s.
    pub fn header_value<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        if let Some(text) = joined_text(serde_json::to_value(value)) {
            self.parts.headers.push((name.to_owned(), text));
        }
        self
    }

    /// Adds a cookie from any serializable value (as [`PendingRequest::header_value`] reads
    /// it); the cookies of a request go in one `Cookie` header. A name or value with `;`, `,`,
    /// `=`, a space or a control character would change the header's meaning: it refuses
    /// the request.
    pub fn cookie_value<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        self.parts
            .cookie(name, joined_text(serde_json::to_value(value)));
        self
    }

    /// Reads the body of the answer once its headers are in, outside the timeout and the retries:
    /// for a response that streams (server-sent events) and may rightly last longer than the
    /// timeout. Sending is timed and retried as usual; the body is still limited to
    /// [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes), and a
    /// failure while reading it is returned, not retried.
    pub fn streamed(mut self) -> Self {
        self.parts.reading = Reading::Streamed;
        self
    }

    /// Time allowed for each attempt of this request, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.parts.timeout = Some(timeout);
        self
    }

    /// How many times this request is retried, instead of the client's setting.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.parts.max_retries = Some(max_retries);
        self
    }

    /// Adds a header, replacing one of the same name set by the client (or by this request
    /// before). A name or value that HTTP does not allow, or with a line break, fails the
    /// request before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a top-level field to the JSON object body, for a field newer than the SDK's
    /// models: `value` is serialized now (a failure is returned by `send`) and added after
    /// the body's own fields; a later call with the same name replaces it. A request without
    /// a body gets a JSON object body of its fields. A body that is not a JSON object, or
    /// that has a field of this name already, fails the request before anything is sent.
    pub fn body_field<V: serde::Serialize>(mut self, name: impl Into<String>, value: V) -> Self {
        let name = name.into();
        match serde_json::to_string(&value) {
            Ok(json) => {
                self.parts.body_fields.retain(|(field, _)| *field != name);
                self.parts.body_fields.push((name, json));
            }
            Err(error) => self.parts.refuse(format!(
                "the body field `{name}` does not serialize: {error}"
            )),
        }
        self
    }

    /// The header that carries this request's idempotency key instead of the client's
    /// ([`ClientBuilder::idempotency_header`](crate::ClientBuilder::idempotency_header));
    /// `None` sends no key. Endpoint methods set it from the spec's `x-idempotency-key`.
    pub fn idempotency_header(mut self, name: Option<&'static str>) -> Self {
        self.parts.idempotency = name.map_or(Idempotency::Off, Idempotency::Header);
        self
    }

    /// Sends `key` as this request's idempotency key (on each attempt) instead of a fresh
    /// one, whatever the method; in the header the spec or the client names, else in
    /// `Idempotency-Key`. A value HTTP does not allow fails the request before anything is
    /// sent.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.parts.idempotency_key = Some(key.into());
        self
    }
}

impl<T: FromResponse> PendingRequest<T> {
    /// Sends the request, retrying as configured, and decodes the body of the response.
    /// Awaiting the request does the same.
    pub fn send(self) -> Sending<T> {
        Sending {
            exchange: self.parts.exchange(),
            response: PhantomData,
        }
    }

    /// Like [`PendingRequest::send`], keeping the status and headers of the response.
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let (status, headers, body) = self.parts.exchange().await?;
        let body = T::from_response(status, &body)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// The status, headers and body of a 2xx response (or of another status the operation
/// declares as its answer): the attempts ([`Prepared::send`]), then, for a streamed body
/// only, its reading ([`Unread::read`](crate::send::Unread::read)), boxed in their place.
/// The common path is one future, and this `poll` is inlined into the caller's.
struct Exchange(Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send>>);

impl Future for Exchange {
    type Output = Result<(u16, HeaderMap, Vec<u8>), Error>;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            match std::task::ready!(self.0.as_mut().poll(cx))? {
                (status, headers, Body::Read(body)) => {
                    return Poll::Ready(Ok((status, headers, body)))
                }
                (status, headers, Body::Unread(unread)) => {
                    self.0 = Box::pin(unread.read(status, headers));
                }
            }
        }
    }
}

/// A request being sent, from [`PendingRequest::send`] or `.await`: a future of the decoded
/// body.
///
/// The sending is the same code for every endpoint, compiled once in this crate; only the
/// decoding depends on the response type `T`.
#[must_use = "a request does nothing until it is awaited"]
pub struct Sending<T> {
    exchange: Exchange,
    response: PhantomData<fn() -> T>,
}

impl<T: FromResponse> Future for Sending<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.exchange).poll(cx).map(|exchange| {
            let (status, _, body) = exchange?;
            T::from_response(status, &body)
        })
    }
}

impl<T> fmt::Debug for Sending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sending").finish_non_exhaustive()
    }
}

impl RequestParts {
    fn json_body(&mut self, bytes: Result<Vec<u8>, serde_json::Error>) {
        match bytes {
            Ok(bytes) => {
                self.body = Some(Bytes::from(bytes));
                self.content_type = Some(HeaderValue::from_static("application/json"));
            }
            Err(error) => self.refuse(format!("the request body does not serialize: {error}")),
        }
    }

    fn bytes_body(&mut self, content_type: &str, bytes: Vec<u8>) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.body = Some(Bytes::from(bytes));
                self.content_type = Some(value);
            }
            Err(_) => self.refuse(format!("{content_type:?} is not a valid content type")),
        }
    }

    fn form_body(&mut self, body: Result<serde_json::Value, serde_json::Error>) {
        match body {
            Ok(serde_json::Value::Object(properties)) => self.bytes_body(
                "application/x-www-form-urlencoded",
                encoding::form_body(&properties),
            ),
            Ok(_) => self.refuse("a form body must serialize to an object".to_owned()),
            Err(error) => self.refuse(format!("the request body does not serialize: {error}")),
        }
    }

    fn multipart_body(&mut self, parts: &[Part]) {
        let (content_type, body) = encoding::multipart_body(parts);
        self.bytes_body(&content_type, body);
    }

    /// Removes the query pairs named `name`, then puts those `add` appends where the first
    /// of them was.
    fn replace_query(&mut self, name: &str, add: impl FnOnce(&mut Self)) {
        let at = self
            .query
            .iter()
            .position(|(pair, _)| pair == name)
            .unwrap_or(self.query.len());
        self.query.retain(|(pair, _)| pair != name);
        let before = self.query.len();
        add(self);
        let added = self.query.len() - before;
        self.query[at..].rotate_right(added);
    }

    /// Fails the request with `problem` when it is sent (the first problem wins).
    fn refuse(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    fn query_value(&mut self, name: &str, value: Result<serde_json::Value, serde_json::Error>) {
        match value {
            // The styles write an empty array as `name=` (OpenAPI's style examples), so that
            // a required parameter is present.
            Ok(serde_json::Value::Array(items)) if items.is_empty() => {
                self.query.push((name.to_owned(), String::new()));
            }
            Ok(serde_json::Value::Array(items)) => {
                for item in &items {
                    self.query_scalar(name, item);
                }
            }
            Ok(serde_json::Value::Object(properties)) => {
                for (key, item) in &properties {
                    self.query_scalar(key, item);
                }
            }
            Ok(other) => self.query_scalar(name, &other),
            Err(error) => {
                self.refuse(format!(
                    "the query parameter `{name}` does not serialize: {error}"
                ));
            }
        }
    }

    fn query_joined(
        &mut self,
        name: &str,
        value: Result<serde_json::Value, serde_json::Error>,
        separator: &str,
    ) {
        let texts: Vec<String> = match value {
            Ok(serde_json::Value::Array(items)) if items.is_empty() => {
                return self.query.push((name.to_owned(), String::new()));
            }
            Ok(serde_json::Value::Array(items)) => items.iter().filter_map(scalar_text).collect(),
            Ok(serde_json::Value::Object(properties)) => properties
                .iter()
                .filter_map(|(key, item)| Some([key.clone(), scalar_text(item)?]))
                .flatten()
                .collect(),
            Ok(other) => scalar_text(&other).into_iter().collect(),
            Err(error) => {
                return self.refuse(format!(
                    "the query parameter `{name}` does not serialize: {error}"
                ));
            }
        };
        if !texts.is_empty() {
            self.query.push((name.to_owned(), texts.join(separator)));
        }
    }

    fn query_deep(&mut self, name: &str, value: Result<serde_json::Value, serde_json::Error>) {
        match value {
            Ok(serde_json::Value::Object(properties)) => {
                for (key, item) in &properties {
                    let key = format!("{name}[{key}]");
                    match item {
                        serde_json::Value::Array(items) => {
                            for item in items {
                                self.query_scalar(&key, item);
                            }
                        }
                        item => self.query_scalar(&key, item),
                    }
                }
            }
            other => self.query_value(name, other),
        }
    }

    fn query_scalar(&mut self, name: &str, value: &serde_json::Value) {
        if let Some(text) = scalar_text(value) {
            self.query.push((name.to_owned(), text));
        }
    }

    fn cookie(&mut self, name: &str, text: Option<String>) {
        let Some(text) = text else { return };
        let unsafe_char = |c: char| c.is_control() || matches!(c, ';' | '=' | ' ' | '"');
        if name.is_empty()
            || name.contains(unsafe_char)
            || name.contains(',')
            || text.contains(unsafe_char)
        {
            return self.refuse(format!("the cookie `{name}` cannot be sent as it is"));
        }
        self.cookies.push((name.to_owned(), text));
    }

    /// Sends the request until a 2xx response, an error that is not retried, or no retries
    /// left.
    fn exchange(self) -> Exchange {
        match self.prepare() {
            Ok(prepared) => Exchange(Box::pin(prepared.send())),
            Err(error) => Exchange(Box::pin(std::future::ready(Err(error)))),
        }
    }

    /// Checks the request, or says why it cannot be sent.
    pub(crate) fn prepare(mut self) -> Result<Prepared, Error> {
        if let Some(problem) = self.problem.take() {
            return Err(Error::InvalidRequest(problem));
        }
        self.add_body_fields()?;
        let idempotency = self.idempotency_pair()?;
        let inner = &self.client.inner;
        let credentials = self.credentials()?;
        // A redirect that is the operation's answer is returned, not followed.
        let redirect_is_answer = self
            .outcome
            .iter()
            .any(|statuses| *statuses.start() <= 399 && *statuses.end() >= 300);
        let http = if redirect_is_answer {
            match &inner.no_redirects {
                Some(cell) => cell
                    .get_or_init(|| {
                        reqwest::Client::builder()
                            .redirect(reqwest::redirect::Policy::none())
                            .build()
                            .map_err(|error| error.to_string())
                    })
                    .clone()
                    .map_err(|error| {
                        Error::Config(format!("could not build the HTTP client: {error}"))
                    })?,
                None => inner.http.clone(),
            }
        } else {
            inner.http.clone()
        };
        // The URL and headers are checked as the first attempt builds them, before sending.
        Ok(Prepared {
            timeout: self.timeout.unwrap_or(inner.timeout),
            max_retries: self.max_retries.unwrap_or(inner.max_retries),
            http,
            credentials,
            idempotency,
            parts: self,
        })
    }

    /// Merges the fields of [`PendingRequest::body_field`] into the body.
    fn add_body_fields(&mut self) -> Result<(), Error> {
        if self.body_fields.is_empty() {
            return Ok(());
        }
        let is_json = self.content_type.as_ref().map_or(true, |content_type| {
            content_type
                .to_str()
                .is_ok_and(|text| text.to_ascii_lowercase().contains("json"))
        });
        if !is_json {
            return Err(Error::InvalidRequest(
                "body fields can only be added to a JSON body".to_owned(),
            ));
        }
        let body = encoding::with_fields(self.body.as_deref(), &self.body_fields)
            .map_err(Error::InvalidRequest)?;
        self.body = Some(Bytes::from(body));
        self.content_type
            .get_or_insert_with(|| HeaderValue::from_static("application/json"));
        Ok(())
    }

    /// The idempotency key header this request sends, if any: its own key, else a fresh
    /// one for a request that is not safe to repeat, in the header its operation names,
    /// else in the client's.
    fn idempotency_pair(&self) -> Result<Option<(HeaderName, HeaderValue)>, Error> {
        let name = match self.idempotency {
            Idempotency::Header(name) => Some(name),
            Idempotency::Off => None,
            Idempotency::Client => self
                .client
                .inner
                .idempotency_header
                .as_ref()
                .map(HeaderName::as_str),
        };
        let (name, key) = match (&self.idempotency_key, name) {
            (Some(key), name) => (name.unwrap_or("idempotency-key"), key.clone()),
            (None, Some(name)) if !is_safe(&self.method) => (name, crate::retry::idempotency_key()),
            (None, _) => return Ok(None),
        };
        header_pair(name, &key)
            .map(Some)
            .map_err(Error::InvalidRequest)
    }

    /// The indexes of the client's credentials this request sends: those of the first
    /// alternative of its security requirement that the client has every credential of.
    fn credentials(&self) -> Result<Vec<usize>, Error> {
        let held = &self.client.inner.credentials;
        if crate::SCHEMES.is_empty() {
            // A spec without security: an API key the caller chose to send goes everywhere.
            return Ok(vec![0]);
        }
        if self.security.is_empty() {
            return Ok(Vec::new());
        }
        let index = |name: &str| crate::SCHEMES.iter().position(|scheme| scheme.name == name);
        for alternative in self.security {
            let indexes: Option<Vec<usize>> = alternative
                .iter()
                .map(|name| index(name).filter(|&i| held.get(i).is_some_and(Option::is_some)))
                .collect();
            if let Some(indexes) = indexes {
                return Ok(indexes);
            }
        }
        let needed = self
            .security
            .iter()
            .map(|alternative| {
                let names: Vec<String> =
                    alternative.iter().map(|name| format!("`{name}`")).collect();
                names.join(" and ")
            })
            .collect::<Vec<_>>()
            .join(", or ");
        Err(Error::Config(format!(
            "`{} {}` needs the credentials of the security scheme {needed}, which the client \
             was not given (its builder method, or its variable for `from_env`)",
            self.method, self.path
        )))
    }
}

impl<T: FromResponse> IntoFuture for PendingRequest<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Sending<T>;

    fn into_future(self) -> Sending<T> {
        self.send()
    }
}

impl<T> fmt::Debug for PendingRequest<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = &self.parts;
        f.debug_struct("PendingRequest")
            .field("method", &parts.method)
            .field("path", &parts.path)
            .field("headers", &HeaderNames::of_pairs(&parts.headers))
            .field("timeout", &parts.timeout)
            .field("max_retries", &parts.max_retries)
            .finish_non_exhaustive()
    }
}

/// Whether a method is safe to repeat, and so sends no idempotency key of its own.
fn is_safe(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::OPTIONS].contains(method)
}

/// Which header carries a request's idempotency key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// The client's, if it has one.
    Client,
    /// This one, named by the spec.
    Header(&'static str),
    /// None: the spec switches keys off for the operation.
    Off,
}

/// When the body of an answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Within its attempt: under the timeout, and retried like a failed send.
    Whole,
    /// After the response headers, outside the timeout and the retries.
    Streamed,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ClientBuilder;

    /// The query pairs `add` makes on a new request.
    fn query(add: impl FnOnce(PendingRequest<()>) -> PendingRequest<()>) -> Vec<(String, String)> {
        let client = Client::builder()
            .api_key("k")
            .build()
            .expect("the client builds");
        add(client.request(Method::GET, "/x".to_owned()))
            .parts
            .query
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn query_styles() {
        let ids = [1, 2, 3];
        let filter = serde_json::json!({"color": "red", "size": [1, 2]});
        assert_eq!(
            query(|r| r.query_value("id", &ids)),
            pairs(&[("id", "1"), ("id", "2"), ("id", "3")])
        );
        assert_eq!(
            query(|r| r.query_joined("id", &ids, ",")),
            pairs(&[("id", "1,2,3")])
        );
        assert_eq!(
            query(|r| r.query_joined("id", &ids, " ")),
            pairs(&[("id", "1 2 3")])
        );
        assert_eq!(
            query(|r| r.query_joined("id", &ids, "|")),
            pairs(&[("id", "1|2|3")])
        );
        assert_eq!(
            query(|r| r.query_joined("point", &serde_json::json!({"x": 1, "y": 2}), ",")),
            pairs(&[("point", "x,1,y,2")])
        );
        assert_eq!(
            query(|r| r.query_deep("filter", &filter)),
            pairs(&[
                ("filter[color]", "red"),
                ("filter[size]", "1"),
                ("filter[size]", "2")
            ])
        );
        assert_eq!(
            query(|r| r.query_deep("q", "text")),
            pairs(&[("q", "text")])
        );
        assert_eq!(
            query(|r| r.query_joined("id", &Vec::<u8>::new(), ",")),
            pairs(&[("id", "")])
        );
        assert_eq!(
            query(|r| r.query_value("id", &Vec::<u8>::new())),
            pairs(&[("id", "")])
        );
    }

    #[test]
    fn a_clone_with_one_query_parameter_replaced_keeps_the_rest() {
        let client = Client::builder()
            .api_key("k")
            .build()
            .expect("the client builds");
        let first: PendingRequest<()> = client
            .request(Method::GET, "/x".to_owned())
            .query("limit", "10")
            .query("page", "1")
            .query("page", "stale")
            .query("order", "asc");
        let next = first.clone().set_query_value("page", &2);
        assert_eq!(
            first.parts.query,
            pairs(&[
                ("limit", "10"),
                ("page", "1"),
                ("page", "stale"),
                ("order", "asc")
            ])
        );
        assert_eq!(
            next.parts.query,
            pairs(&[("limit", "10"), ("page", "2"), ("order", "asc")])
        );
        assert_eq!(
            next.clone().set_query("cursor", "c 1").parts.query,
            pairs(&[
                ("limit", "10"),
                ("page", "2"),
                ("order", "asc"),
                ("cursor", "c 1")
            ])
        );
        assert_eq!(
            next.set_query_value("page", &Option::<u8>::None)
                .parts
                .query,
            pairs(&[("limit", "10"), ("order", "asc")])
        );
    }

    #[test]
    fn client_and_requests_are_send_sync_and_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Client>();
        check::<ClientBuilder>();
        check::<PendingRequest<serde_json::Value>>();
        // A future in flight may move to another thread (`tokio::spawn`), not be shared.
        fn check_send<T: Send + 'static>() {}
        check_send::<Sending<serde_json::Value>>();
        check::<Response<serde_json::Value>>();
        check::<Error>();
    }
}
