//! Hand-written HTTP runtime of the SDK, copied verbatim by the generator into every crate it
//! makes: the client and its configuration, and the one request loop (headers, retries,
//! timeouts, decoding) that every generated endpoint method goes through.

use std::env::VarError;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::ops::RangeInclusive;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, Error};

/// Time allowed for one attempt of a request, unless configured otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Extra attempts after a failed one, unless configured otherwise.
const DEFAULT_MAX_RETRIES: u32 = 2;
/// Longest server-requested wait (`retry-after-ms`, `retry-after`) that is honoured.
const MAX_SERVER_DELAY: Duration = Duration::from_secs(60);
/// First backoff delay in seconds, doubled at each retry up to `MAX_BACKOFF_SECS`.
const INITIAL_BACKOFF_SECS: f64 = 0.5;
const MAX_BACKOFF_SECS: f64 = 8.0;
/// Largest response body read, unless configured otherwise: 32 MiB.
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
/// Redirects followed within one origin before giving up.
const MAX_REDIRECTS: usize = 10;
/// Sent as `User-Agent`: this crate's name and version.
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
/// What `Debug` shows in place of a secret.
const REDACTED: &str = "[redacted]";

/// A client of the API: holds the key and settings, and hands out the resources whose
/// methods make requests. Cloning is cheap, and clones share one connection pool.
///
/// Make one with [`Client::from_env`], [`Client::new`] or [`Client::builder`].
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// How requests carry the API key. A generated crate's default, `crate::AUTH`, comes from
/// the (first) security scheme of its spec; [`ClientBuilder::auth`] overrides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic <base64 of key>`, the key being `user:password`.
    Basic,
    /// The key as the value of this header.
    Header(&'static str),
    /// The key as the value of this query parameter (kept out of error messages).
    Query(&'static str),
    /// The key as the value of this cookie.
    Cookie(&'static str),
    /// No credentials: the key is not required and not sent.
    None,
}

/// A security scheme of the spec (`crate::SCHEMES`): the client holds one credential for
/// each, and a request sends those its operation requires.
pub(crate) struct Scheme {
    /// Its name in the spec, which requirements (`crate::SECURITY`) name it by.
    pub(crate) name: &'static str,
    /// How its credential is sent.
    pub(crate) auth: Auth,
    /// The environment variable `Client::from_env` reads its credential from.
    pub(crate) env: &'static str,
}

/// A credential, ready to be sent.
#[derive(Clone)]
enum Credential {
    /// A header, its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter, added to each attempt's URL only.
    Query(&'static str, String),
    /// A `name=value` pair of the `Cookie` header, checked when the client is built.
    Cookie(&'static str, String),
    /// Nothing to send (`Auth::None`).
    None,
}

struct Inner {
    http: reqwest::Client,
    /// A client that follows no redirect, for the operations whose answer is a 3xx; made
    /// the first time one is sent. `None` when the caller gave its own HTTP client.
    no_redirects: Option<OnceLock<Result<reqwest::Client, String>>>,
    /// Without a trailing slash; request paths start with one.
    base_url: String,
    /// The path part of `base_url`, to check that URL normalization leaves request paths alone.
    base_path: String,
    /// One per scheme of `crate::SCHEMES` (`None` where the client was given none); the API
    /// key's first. When the spec has no scheme, the one entry is sent with every request.
    /// The keys are kept here and nowhere else.
    credentials: Vec<Option<Credential>>,
    /// What every request starts with: `User-Agent`, `Accept`, then the default headers,
    /// which replace any of those (and any credential header) they name.
    headers: HeaderMap,
    timeout: Duration,
    max_retries: u32,
    max_response_bytes: u64,
    default_headers: HeaderMap,
}

impl Client {
    /// A client with the given API key and every other setting at its default.
    ///
    /// Unlike [`Client::from_env`], this reads no environment variable.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder().api_key(api_key).build()
    }

    /// A client configured from the environment: the API key from the variable named by
    /// `API_KEY_ENV` (required), the base URL from the one named by `BASE_URL_ENV` when it is
    /// set and not empty. When the spec has several security schemes, each one's credential
    /// is read from its own variable instead, where it is set (the crate's README lists them).
    pub fn from_env() -> Result<Self, Error> {
        let mut builder = Self::builder();
        if crate::SCHEMES.len() > 1 {
            for scheme in crate::SCHEMES {
                if let Some(credential) = env_var(scheme.env)? {
                    builder = builder.credential(scheme.name, credential);
                }
            }
        } else {
            match env_var(crate::API_KEY_ENV)? {
                Some(key) => builder = builder.api_key(key),
                None if crate::AUTH == Auth::None => {}
                None => {
                    return Err(Error::Config(format!(
                        "the environment variable {} is not set or empty",
                        crate::API_KEY_ENV
                    )))
                }
            }
        }
        if let Some(url) = env_var(crate::BASE_URL_ENV)? {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// A builder to configure every setting of a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL that request paths are appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Starts a request to `path`, which must start with `/` and be percent-encoded already
    /// (see [`encode_path_segment`]); it is appended to the base URL.
    ///
    /// The generated endpoint methods are built on this; call it directly for an endpoint
    /// this version of the SDK has no method for. Auth, retries, timeouts and error handling
    /// apply as for any other request; `T` is the type the response body decodes into
    /// (`serde_json::Value` accepts anything; see [`FromResponse`]).
    pub fn request<T>(&self, method: Method, path: String) -> PendingRequest<T> {
        PendingRequest {
            parts: RequestParts {
                client: self.clone(),
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
            },
            response: PhantomData,
        }
    }
}

/// A type the body of a 2xx response decodes into, and so how that body is read: `()`
/// ignores it, [`Binary`] keeps the bytes as they came, `serde_json::Value` and the
/// standard types of JSON data (strings, numbers, `bool`, `Vec`, `Option`, `Box` and string
/// maps of them) decode it as JSON, with an empty body read as `null`, and so do the
/// crate's models; the responses of endpoints whose success statuses have different bodies
/// decode by status.
///
/// For a type of your own given to [`Client::request`], implement it with
/// [`decode_json`]:
///
/// ```ignore
/// impl FromResponse for MyType {
///     fn from_response(status: u16, body: &[u8]) -> Result<Self, Error> {
///         decode_json(status, body)
///     }
/// }
/// ```
///
/// Decoding is done where a request is sent, so a program compiles the decoders of the
/// endpoints it calls and no others.
pub trait FromResponse: Sized {
    /// Decodes the body of a response with this status: 2xx, or one the operation declares
    /// as its answer.
    fn from_response(status: u16, body: &[u8]) -> Result<Self, Error>;
}

/// A response without content, or whose content is of no use: the body is not decoded.
impl FromResponse for () {
    fn from_response(_status: u16, _body: &[u8]) -> Result<Self, Error> {
        Ok(())
    }
}

/// A body that is not JSON: kept as it came.
impl FromResponse for Binary {
    fn from_response(_status: u16, body: &[u8]) -> Result<Self, Error> {
        Ok(Binary(body.to_vec()))
    }
}

/// Implements [`FromResponse`] as JSON for each type given. `#[inline]`, so that a program
/// compiles the decoders of the endpoints it calls and no others.
macro_rules! json_responses {
    ($($ty:ty),* $(,)?) => {
        $(
            impl $crate::FromResponse for $ty {
                #[inline]
                fn from_response(
                    status: u16,
                    body: &[u8],
                ) -> ::std::result::Result<Self, $crate::Error> {
                    $crate::decode_json(status, body)
                }
            }
        )*
    };
}

/// [`json_responses!`] for the models named, which `resources/mod.rs` lists: every one
/// that decodes from JSON.
macro_rules! json_models {
    ($($name:ident),* $(,)?) => {
        $crate::client::json_responses!($($crate::models::$name),*);
    };
}
pub(crate) use {json_models, json_responses};

json_responses!(
    serde_json::Value,
    String,
    bool,
    i32,
    i64,
    u32,
    u64,
    f32,
    f64
);

/// The JSON containers, of any JSON item type.
macro_rules! json_containers {
    ($($ty:ty),* $(,)?) => {
        $(
            impl<T: DeserializeOwned> FromResponse for $ty {
                #[inline]
                fn from_response(status: u16, body: &[u8]) -> Result<Self, Error> {
                    decode_json(status, body)
                }
            }
        )*
    };
}

json_containers!(
    Vec<T>,
    Option<T>,
    Box<T>,
    std::collections::BTreeMap<String, T>,
    std::collections::HashMap<String, T>,
);

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("api_key", &REDACTED)
            .field("timeout", &inner.timeout)
            .field("max_retries", &inner.max_retries)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field(
                "default_headers",
                &HeaderNames::of_map(&inner.default_headers),
            )
            .finish()
    }
}

/// Configuration of a [`Client`]; [`ClientBuilder::build`] checks it.
#[derive(Clone)]
pub struct ClientBuilder {
    /// One per scheme of `crate::SCHEMES` (at least one: the API key's).
    keys: Vec<Option<String>>,
    /// A scheme name given to [`ClientBuilder::credential`] that the spec does not have.
    unknown_scheme: Option<String>,
    auth: Auth,
    base_url: String,
    timeout: Duration,
    max_retries: u32,
    max_response_bytes: u64,
    default_headers: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            keys: vec![None; crate::SCHEMES.len().max(1)],
            unknown_scheme: None,
            auth: crate::AUTH,
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            default_headers: Vec::new(),
            http_client: None,
        }
    }
}

impl ClientBuilder {
    /// The API key: the credential of the spec's first security scheme, sent as
    /// `crate::AUTH` says (for HTTP basic, `user:password`). Required when the spec has
    /// one security scheme.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.keys[0] = Some(api_key.into());
        self
    }

    /// The credential of the security scheme the spec names `scheme`, sent by the
    /// requests whose operation requires it (for HTTP basic, `user:password`). A name the
    /// spec does not have fails [`ClientBuilder::build`].
    pub fn credential(mut self, scheme: &str, credential: impl Into<String>) -> Self {
        match crate::SCHEMES.iter().position(|s| s.name == scheme) {
            Some(index) => self.keys[index] = Some(credential.into()),
            None => self.unknown_scheme = Some(scheme.to_owned()),
        }
        self
    }

    /// The URL that request paths are appended to; an `http` or `https` URL without query or
    /// fragment.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Time allowed for each attempt of a request, from connecting to the end of the response
    /// body (60 s by default); a streamed body ([`PendingRequest::streamed`]) is not timed.
    /// A request can override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a failed request is retried (2 by default). A request can override it.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The largest response body, in bytes, that is read (32 MiB by default). A response
    /// announcing a longer body in `Content-Length` is refused before its body is read, and one
    /// whose body grows past the limit while it is read in chunks is refused then: either way
    /// with [`Error::ResponseTooLarge`], not retried, and with no more than the limit (and one
    /// chunk) held in memory.
    pub fn max_response_bytes(mut self, max_response_bytes: u64) -> Self {
        self.max_response_bytes = max_response_bytes;
        self
    }

    /// A header sent with every request; a later call with the same name replaces it, and a
    /// request's own headers replace both.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Sends requests through this HTTP client instead of one built here. Its own settings
    /// (proxies, TLS, redirect policy, timeouts) then apply, and the same-origin redirect
    /// policy described in [`ClientBuilder::build`] does not. Its timeout applies besides the
    /// SDK's per-attempt timeout: whichever is shorter ends an attempt.
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.http_client = Some(http_client);
        self
    }

    /// How the API key is sent, instead of the spec's (first) scheme.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Checks the configuration and makes the client.
    ///
    /// The HTTP client built here follows redirects only within the origin (scheme, host and
    /// port) of the request: a redirect elsewhere is not followed and its 3xx response is
    /// returned as an [`Error::Api`], so the API key is never sent to another server. An
    /// operation whose spec declares a 3xx status as its answer follows no redirect: the
    /// 3xx response is its result.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(scheme) = &self.unknown_scheme {
            return Err(Error::Config(format!(
                "the spec has no security scheme named {scheme:?}"
            )));
        }
        let single = crate::SCHEMES.len() <= 1;
        let mut credentials = Vec::with_capacity(self.keys.len());
        for (index, key) in self.keys.into_iter().enumerate() {
            // The API key is sent as `auth` says; the other credentials as their scheme does.
            let scheme = crate::SCHEMES.get(index);
            let auth = match scheme {
                Some(scheme) if index > 0 => scheme.auth,
                _ => self.auth,
            };
            let what = match scheme {
                Some(scheme) if !single => format!("the `{}` credential", scheme.name),
                _ => "the API key".to_owned(),
            };
            let credential = match (auth, key.filter(|key| !key.is_empty())) {
                (Auth::None, _) => Some(Credential::None),
                (_, None) if single => {
                    return Err(Error::Config(format!(
                        "no API key: pass one to the client or set the environment variable {}",
                        crate::API_KEY_ENV
                    )))
                }
                (_, None) => None,
                (auth, Some(key)) => Some(credential(auth, key, &what)?),
            };
            credentials.push(credential);
        }
        let user_agent = HeaderValue::from_str(USER_AGENT).map_err(|_| {
            Error::Config(format!(
                "the user agent {:?} is not a valid header value",
                USER_AGENT
            ))
        })?;

        let url = Url::parse(&self.base_url).map_err(|error| {
            Error::Config(format!(
                "the base URL {:?} is not a URL: {error}",
                self.base_url
            ))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "the base URL {:?} is not an http or https URL",
                self.base_url
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            // Errors and `Debug` show the base URL; credentials belong in headers.
            return Err(Error::Config(
                "the base URL must not contain a user name or password".to_owned(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::Config(format!(
                "the base URL {:?} has a query or fragment",
                self.base_url
            )));
        }

        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let (name, value) = header_pair(name, value).map_err(Error::Config)?;
            default_headers.insert(name, value);
        }
        let mut headers = HeaderMap::new();
        headers.insert(header::USER_AGENT, user_agent);
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.extend(default_headers.clone());

        let (http, no_redirects) = match self.http_client {
            Some(http) => (http, None),
            None => (
                reqwest::Client::builder()
                    .redirect(same_origin_redirects())
                    .build()
                    .map_err(|error| {
                        Error::Config(format!("could not build the HTTP client: {error}"))
                    })?,
                Some(OnceLock::new()),
            ),
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                no_redirects,
                base_url: url.as_str().trim_end_matches('/').to_owned(),
                base_path: url.path().trim_end_matches('/').to_owned(),
                credentials,
                headers,
                timeout: self.timeout,
                max_retries: self.max_retries,
                max_response_bytes: self.max_response_bytes,
                default_headers,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("api_key", &self.keys[0].as_ref().map(|_| REDACTED))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .field(
                "default_headers",
                &HeaderNames::of_pairs(&self.default_headers),
            )
            .field("http_client", &self.http_client.is_some())
            .finish()
    }
}

/// Shows header names only: values may be secrets.
struct HeaderNames<'a>(Vec<&'a str>);

impl<'a> HeaderNames<'a> {
    fn of_pairs(pairs: &'a [(String, String)]) -> Self {
        Self(pairs.iter().map(|(name, _)| name.as_str()).collect())
    }

    fn of_map(map: &'a HeaderMap) -> Self {
        Self(map.keys().map(HeaderName::as_str).collect())
    }
}

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

/// Follows redirects within the origin of the first request only. reqwest already drops the
/// `Authorization` header on a redirect to another host; this does not even go there.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    let limited = reqwest::redirect::Policy::limited(MAX_REDIRECTS);
    reqwest::redirect::Policy::custom(move |attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin {
            limited.redirect(attempt)
        } else {
            attempt.stop()
        }
    })
}

/// Checks a header given as text: line breaks (header injection) and anything else HTTP does
/// not allow are refused, with a message that names the header but never shows its value.
fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    if name.contains(['\r', '\n']) {
        return Err(format!("the header name {name:?} has a line break"));
    }
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("{name:?} is not a valid header name"))?;
    if value.contains(['\r', '\n']) {
        return Err(format!(
            "the value of the header {header_name} has a line break"
        ));
    }
    let mut header_value = HeaderValue::from_str(value).map_err(|_| {
        format!("the value of the header {header_name} is not a valid header value")
    })?;
    if header_name == header::AUTHORIZATION || header_name == header::PROXY_AUTHORIZATION {
        header_value.set_sensitive(true);
    }
    Ok((header_name, header_value))
}

/// A file to upload in a multipart body: its name, media type and content.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct File {
    /// The file name sent with the part.
    pub name: String,
    /// The media type, e.g. `image/png`.
    pub content_type: String,
    /// The content.
    pub bytes: Vec<u8>,
}

impl File {
    /// A file named `name` of type `content_type`.
    pub fn new(
        name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            name: name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl Part {
    /// A text field; strings as they are, numbers and booleans as JSON writes them, other
    /// values as JSON.
    pub fn text<V: serde::Serialize + ?Sized>(name: &str, value: &V) -> Self {
        let text = match serde_json::to_value(value) {
            Ok(value) => scalar_text(&value).unwrap_or_else(|| value.to_string()),
            Err(_) => String::new(),
        };
        Self {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            bytes: text.into_bytes(),
        }
    }

    /// A file field.
    pub fn file(name: &str, file: &File) -> Self {
        Self {
            name: name.to_owned(),
            file_name: Some(file.name.clone()),
            content_type: Some(file.content_type.clone()),
            bytes: file.bytes.clone(),
        }
    }
}

/// `application/x-www-form-urlencoded` encoding of one name or value: letters, digits and
/// `*-._` as they are, spaces as `+`, every other byte as `%XX`.
fn form_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b' ' => out.push('+'),
            b'*' | b'-' | b'.' | b'_' => out.push(char::from(byte)),
            _ if byte.is_ascii_alphanumeric() => out.push(char::from(byte)),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0F)]));
            }
        }
    }
    out
}

/// A response body kept as it came: what endpoints whose success response is not JSON
/// return.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Binary(pub Vec<u8>);

impl Binary {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes as UTF-8 text, for `text/*` responses.
    pub fn text(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    /// Responses never go through this (their bytes are kept as they are); it reads a JSON
    /// array of bytes, for a `Binary` inside other data.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u8>::deserialize(deserializer).map(Self)
    }
}

/// A quoted string for a `Content-Disposition` parameter; quotes, backslashes and line
/// breaks are escaped so that a name cannot end the header.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\\' => out.push_str("\\\\"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// The value of an environment variable; `None` when it is not set or empty.
fn env_var(name: &str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Ok(Some(value)),
        Ok(_) | Err(VarError::NotPresent) => Ok(None),
        Err(VarError::NotUnicode(_)) => Err(Error::Config(format!(
            "the environment variable {name} is not valid unicode"
        ))),
    }
}

/// A credential sent the `auth` way; `what` names it in errors, which never show it.
fn credential(auth: Auth, key: String, what: &str) -> Result<Credential, Error> {
    Ok(match auth {
        Auth::None => Credential::None,
        Auth::Query(name) => Credential::Query(name, key),
        Auth::Cookie(name) => {
            let unsafe_char = |c: char| c.is_control() || matches!(c, ';' | ',' | '=' | ' ' | '"');
            if key.contains(unsafe_char) {
                return Err(Error::Config(format!(
                    "{what} has characters that a cookie cannot carry"
                )));
            }
            Credential::Cookie(name, key)
        }
        Auth::Bearer => credential_header(header::AUTHORIZATION, &format!("Bearer {key}"), what)?,
        Auth::Basic => {
            if !key.contains(':') {
                return Err(Error::Config(format!(
                    "{what} is sent as HTTP basic credentials and must be `user:password`"
                )));
            }
            let value = format!("Basic {}", base64(key.as_bytes()));
            credential_header(header::AUTHORIZATION, &value, what)?
        }
        Auth::Header(name) => {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("{name:?} is not a valid header name")))?;
            credential_header(name, &key, what)?
        }
    })
}

/// A header carrying a credential, marked sensitive so that no `Debug` shows it.
fn credential_header(name: HeaderName, value: &str, what: &str) -> Result<Credential, Error> {
    let mut value = HeaderValue::try_from(value).map_err(|_| {
        Error::Config(format!(
            "{what} has characters that an HTTP header cannot carry"
        ))
    })?;
    value.set_sensitive(true);
    Ok(Credential::Header(name, value))
}

/// Standard base64 with padding, for HTTP basic credentials.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, byte)| n | u32::from(*byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A value as header or cookie text: a scalar as [`scalar_text`] writes it, an array as its
/// items separated by commas; `None` for null, objects, and values that do not serialize.
fn joined_text(value: Result<serde_json::Value, serde_json::Error>) -> Option<String> {
    match value {
        Ok(serde_json::Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(scalar_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        Ok(other) => scalar_text(&other),
        Err(_) => None,
    }
}

/// The text of a scalar JSON value; `None` for null, arrays and objects.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

/// Percent-encodes a path parameter of any serializable type: a string as it is, a number
/// or boolean as JSON writes it. A value that serializes to anything else (an object, an
/// array, null) encodes as an empty segment, which [`PendingRequest::path_param`] refuses.
pub fn encode_path_value<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| scalar_text(&value))
        .map_or_else(String::new, |text| encode_path_segment(&text))
}

/// Percent-encodes one path parameter: everything but the RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) is encoded, so `/`, `?`, `#` and `%` in a value cannot change the
/// path. The whole segments `.` and `..` become `%2E` and `%2E%2E`; URL parsers still read
/// those as dot segments, so a request whose path they would change is refused by `send`
/// (an [`Error::InvalidRequest`], nothing sent) rather than sent elsewhere.
pub fn encode_path_segment(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    match value {
        "." => return "%2E".to_owned(),
        ".." => return "%2E%2E".to_owned(),
        _ => {}
    }
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    encoded
}

/// A request being prepared by an endpoint method. Send it with `.await` (or
/// [`PendingRequest::send`]); set per-request options before that.
///
/// Nothing is sent until it is awaited. Invalid options are reported then, as
/// [`Error::InvalidRequest`].
#[must_use = "a request does nothing until it is awaited"]
pub struct PendingRequest<T> {
    /// Everything but the response type, so that the builder methods below are compiled once
    /// and not once per endpoint.
    parts: RequestParts,
    response: PhantomData<fn() -> T>,
}

/// The request of a [`PendingRequest`], whatever its response type. A clone is the same
/// request, to be sent again (the body is shared, not copied).
#[derive(Clone)]
struct RequestParts {
    client: Client,
    method: Method,
    path: String,
    /// The alternatives of security schemes whose credentials may be sent: the first the
    /// client has every credential of is.
    security: &'static [&'static [&'static str]],
    /// Statuses besides 2xx that are the operation's answer rather than errors.
    outcome: &'static [RangeInclusive<u16>],
    query: Vec<(String, String)>,
    /// Shared by the attempts of the request, not copied.
    body: Option<Bytes>,
    /// Sent as `Content-Type` with the body.
    content_type: Option<HeaderValue>,
    /// The first problem found while preparing the request, returned by `send`.
    problem: Option<String>,
    headers: Vec<(String, String)>,
    /// `name=value` pairs sent together as one `Cookie` header.
    cookies: Vec<(String, String)>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    /// When the body of the answer is read.
    reading: Reading,
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

    /// Reads the body of the answer once its headers are in, outside the timeout and the
    /// retries: for a response that streams (server-sent events) and may rightly last longer
    /// than the timeout. Sending is timed and retried as usual; the body is still limited to
    /// [`ClientBuilder::max_response_bytes`], and a failure while reading it is returned, not
    /// retried.
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

    /// Adds a header, replacing one of the same name set by the client. A name or value that
    /// HTTP does not allow, or with a line break, fails the request before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.headers.push((name.into(), value.into()));
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
/// declares as its answer).
type Exchange = Pin<Box<dyn Future<Output = Result<(u16, HeaderMap, Vec<u8>), Error>> + Send>>;

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
        self.exchange.as_mut().poll(cx).map(|exchange| {
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
        let pairs = match body {
            Ok(serde_json::Value::Object(properties)) => properties,
            Ok(_) => return self.refuse("a form body must serialize to an object".to_owned()),
            Err(error) => {
                return self.refuse(format!("the request body does not serialize: {error}"));
            }
        };
        let mut form = String::new();
        for (name, value) in &pairs {
            let items = match value {
                serde_json::Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for text in items.into_iter().filter_map(scalar_text) {
                if !form.is_empty() {
                    form.push('&');
                }
                form.push_str(&form_encode(name));
                form.push('=');
                form.push_str(&form_encode(&text));
            }
        }
        self.bytes_body("application/x-www-form-urlencoded", form.into_bytes());
    }

    fn multipart_body(&mut self, parts: &[Part]) {
        let boundary = format!("----sdk-boundary-{:016x}", fastrand::u64(..));
        let mut body = Vec::new();
        for part in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quoted(&part.name);
            match &part.file_name {
                Some(file_name) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name={name}; filename={}\r\n",
                        quoted(file_name)
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name={name}\r\n").as_bytes(),
                ),
            }
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.bytes_body(&format!("multipart/form-data; boundary={boundary}"), body);
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
            Ok(prepared) => Box::pin(prepared.execute()),
            Err(error) => Box::pin(std::future::ready(Err(error))),
        }
    }

    /// Checks the request, or says why it cannot be sent.
    fn prepare(mut self) -> Result<Prepared, Error> {
        if let Some(problem) = self.problem.take() {
            return Err(Error::InvalidRequest(problem));
        }
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
            parts: self,
        })
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

/// A request checked and ready to be sent, as often as retries allow. Each attempt builds
/// its own `reqwest::Request` (sending consumes it), so that the first copies nothing.
struct Prepared {
    parts: RequestParts,
    /// The HTTP client this request goes through.
    http: reqwest::Client,
    /// Indexes of the client's credentials that are sent.
    credentials: Vec<usize>,
    /// For each attempt, from sending to the end of the body: the request's or the client's.
    timeout: Duration,
    /// The request's or the client's.
    max_retries: u32,
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
enum Body {
    /// Read within the attempt.
    Read(Vec<u8>),
    /// To be read after the attempts (a streamed body).
    Unread(reqwest::Response),
}

/// When the body of an answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Within its attempt: under the timeout, and retried like a failed send.
    Whole,
    /// After the response headers, outside the timeout and the retries.
    Streamed,
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
    async fn execute(self) -> Result<(u16, HeaderMap, Vec<u8>), Error> {
        let (status, headers, body, attempts) = self.send_phase().await?;
        let body = match body {
            Body::Read(body) => body,
            Body::Unread(response) => {
                read_body(response, self.parts.client.inner.max_response_bytes)
                    .await
                    .map_err(|error| self.attempt_error(error, attempts))?
            }
        };
        Ok((status, headers, body))
    }

    /// The first phase: the attempts, until an answer (its status, headers, the body as
    /// the request reads it, and the number of attempts) or an error.
    async fn send_phase(&self) -> Result<(u16, HeaderMap, Body, u32), Error> {
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
            Reading::Streamed => Body::Unread(response),
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
    fn shown_url(&self) -> String {
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

/// Connection failures and timeouts are worth another try; a request reqwest refused to
/// build, or a redirect loop, is not.
fn is_transient(error: &reqwest::Error) -> bool {
    !error.is_builder() && !error.is_redirect()
}

/// Whether an error response is retried: `x-should-retry` decides when present, else the
/// status (408, 409, 429 and 5xx).
fn should_retry(status: u16, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").map(HeaderValue::as_bytes) {
        Some(b"true") => true,
        Some(b"false") => false,
        _ => matches!(status, 408 | 409 | 429 | 500..),
    }
}

/// The wait before retry number `retry_index` (from 0): the server's, when it asks for one
/// of at most a minute, else the backoff.
fn retry_delay(headers: &HeaderMap, retry_index: u32, now: SystemTime) -> Duration {
    server_delay(headers, now)
        .filter(|delay| *delay <= MAX_SERVER_DELAY)
        .unwrap_or_else(|| backoff(retry_index))
}

/// The wait asked for by `retry-after-ms` (milliseconds) or, without it, by `retry-after`
/// (seconds or an HTTP date). A negative or unreadable value asks for nothing.
fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
    };
    if let Some(millis) = text("retry-after-ms").and_then(|value| value.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(millis / 1000.0).ok();
    }
    let value = text("retry-after")?;
    match value.parse::<f64>() {
        Ok(seconds) => Duration::try_from_secs_f64(seconds).ok(),
        Err(_) => httpdate::parse_http_date(value)
            .ok()?
            .duration_since(now)
            .ok(),
    }
}

/// `min(0.5 s * 2^retry_index, 8 s)`, times a random factor in (0.75, 1] so that clients
/// that failed together do not retry together.
fn backoff(retry_index: u32) -> Duration {
    let seconds = (INITIAL_BACKOFF_SECS * 2f64.powf(f64::from(retry_index))).min(MAX_BACKOFF_SECS);
    let jitter = 1.0 - 0.25 * fastrand::f64();
    Duration::from_secs_f64(seconds * jitter)
}

/// Decodes a 2xx body as JSON into `T`; an empty body reads as `null`, so that endpoints
/// without content (204 and the like) decode into an `Option`. A failure names the path of
/// the field at fault and quotes the start of the body.
pub fn decode_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let json: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    // The common case, a body that decodes, takes the fast path; only a failure is decoded a
    // second time to learn the path of the field at fault.
    if let Ok(value) = serde_json::from_slice(json) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| DecodeError::new(status, body, error.path().to_string(), error.inner()))?;
    deserializer
        .end()
        .map_err(|error| DecodeError::new(status, body, String::new(), &error))?;
    Ok(value)
}

/// A decoded response with its status and headers, from
/// [`PendingRequest::send_with_response`].
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// The `x-request-id` header, to quote when reporting a problem.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
    }

    /// The decoded body.
    pub fn into_body(self) -> T {
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("user:pa55", "dXNlcjpwYTU1"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn form_values_are_encoded() {
        assert_eq!(form_encode("a b&c=d/é*-._~"), "a+b%26c%3Dd%2F%C3%A9*-._%7E");
    }

    #[test]
    fn part_names_cannot_break_out_of_their_header() {
        assert_eq!(quoted("a\"b\r\nc\\"), "\"a%22b%0D%0Ac\\\\\"");
    }

    #[test]
    fn path_values_encode_scalars_and_refuse_the_rest() {
        assert_eq!(encode_path_value("a b"), "a%20b");
        assert_eq!(encode_path_value(&42), "42");
        assert_eq!(encode_path_value(&-1.5), "-1.5");
        assert_eq!(encode_path_value(&true), "true");
        assert_eq!(encode_path_value(&vec![1, 2]), "");
        assert_eq!(encode_path_value(&Option::<u8>::None), "");
    }

    #[test]
    fn path_segments_keep_only_unreserved_characters() {
        let cases = [
            ("asst_123", "asst_123"),
            ("a-b.c_d~e", "a-b.c_d~e"),
            ("a/b", "a%2Fb"),
            ("a?b#c", "a%3Fb%23c"),
            ("100%", "100%25"),
            ("a b+c", "a%20b%2Bc"),
            ("é", "%C3%A9"),
            (".", "%2E"),
            ("..", "%2E%2E"),
            ("...", "..."),
            ("a..b", "a..b"),
            ("", ""),
        ];
        for (value, encoded) in cases {
            assert_eq!(encode_path_segment(value), encoded, "{value:?}");
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_str(value) {
                map.insert(*name, value);
            }
        }
        map
    }

    #[test]
    fn retried_statuses_and_the_override_header() {
        for status in [408, 409, 429, 500, 502, 503, 599] {
            assert!(should_retry(status, &HeaderMap::new()), "{status}");
        }
        for status in [400, 401, 403, 404, 422, 302] {
            assert!(!should_retry(status, &HeaderMap::new()), "{status}");
        }
        assert!(should_retry(400, &headers(&[("x-should-retry", "true")])));
        assert!(!should_retry(503, &headers(&[("x-should-retry", "false")])));
        assert!(should_retry(503, &headers(&[("x-should-retry", "maybe")])));
    }

    #[test]
    fn server_delays_are_honoured_up_to_a_minute() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let delay = |pairs: &[(&'static str, &str)]| retry_delay(&headers(pairs), 0, now);
        assert_eq!(delay(&[("retry-after-ms", "0")]), Duration::ZERO);
        assert_eq!(
            delay(&[("retry-after-ms", "1500.5")]),
            Duration::from_micros(1_500_500)
        );
        assert_eq!(
            delay(&[("retry-after-ms", "250"), ("retry-after", "30")]),
            Duration::from_millis(250)
        );
        assert_eq!(delay(&[("retry-after", "0")]), Duration::ZERO);
        assert_eq!(
            delay(&[("retry-after", "2.5")]),
            Duration::from_millis(2500)
        );
        assert_eq!(delay(&[("retry-after", "60")]), Duration::from_secs(60));
        let in_ten = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(delay(&[("retry-after", &in_ten)]), Duration::from_secs(10));
    }

    #[test]
    fn other_delays_fall_back_to_the_backoff() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let past = httpdate::fmt_http_date(now - Duration::from_secs(10));
        let cases: [&[(&'static str, &str)]; 6] = [
            &[],
            &[("retry-after", "61")],
            &[("retry-after", "-1")],
            &[("retry-after", "soon")],
            &[("retry-after", &past)],
            &[("retry-after-ms", "60001")],
        ];
        for pairs in cases {
            let delay = retry_delay(&headers(pairs), 1, now);
            assert!(
                delay > Duration::from_millis(750) && delay <= Duration::from_secs(1),
                "{pairs:?}: {delay:?}"
            );
        }
    }

    #[test]
    fn backoff_doubles_up_to_eight_seconds_with_jitter() {
        for (retry_index, full) in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)] {
            for _ in 0..50 {
                let seconds = backoff(retry_index).as_secs_f64();
                assert!(
                    seconds > full * 0.75 - 1e-9 && seconds <= full + 1e-9,
                    "{retry_index}: {seconds}"
                );
            }
        }
        assert!(backoff(u32::MAX) <= Duration::from_secs(8));
    }

    #[test]
    fn empty_and_unit_bodies_decode() {
        assert!(<()>::from_response(204, b"").is_ok());
        assert!(<()>::from_response(200, b"{\"ignored\": true}").is_ok());
        assert_eq!(Option::<u32>::from_response(200, b" \n").ok(), Some(None));
        assert!(u32::from_response(200, b"").is_err());
        assert_eq!(
            Binary::from_response(200, b"[1]").ok(),
            Some(Binary(b"[1]".to_vec()))
        );
    }

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
