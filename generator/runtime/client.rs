//! The client and its configuration: the builder and its checks, the credentials of the
//! security schemes, the default headers and the HTTP client every request goes through.

use std::env::VarError;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use base64::prelude::{Engine as _, BASE64_STANDARD};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use crate::error::Error;
use crate::request::PendingRequest;

/// Time allowed for one attempt of a request, unless configured otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Extra attempts after a failed one, unless configured otherwise.
const DEFAULT_MAX_RETRIES: u32 = 2;
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
    pub(crate) inner: Arc<Inner>,
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
pub(crate) enum Credential {
    /// A header, its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter, added to each attempt's URL only.
    Query(&'static str, String),
    /// A `name=value` pair of the `Cookie` header, checked when the client is built.
    Cookie(&'static str, String),
    /// Nothing to send (`Auth::None`).
    None,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// A client that follows no redirect, for the operations whose answer is a 3xx; made
    /// the first time one is sent. `None` when the caller gave its own HTTP client.
    pub(crate) no_redirects: Option<OnceLock<Result<reqwest::Client, String>>>,
    /// Without a trailing slash; request paths start with one.
    pub(crate) base_url: String,
    /// The path part of `base_url`, to check that URL normalization leaves request paths alone.
    pub(crate) base_path: String,
    /// One per scheme of `crate::SCHEMES` (`None` where the client was given none); the API
    /// key's first. When the spec has no scheme, the one entry is sent with every request.
    /// The keys are kept here and nowhere else.
    pub(crate) credentials: Vec<Option<Credential>>,
    /// What every request starts with: `User-Agent`, `Accept`, then the default headers,
    /// which replace any of those (and any credential header) they name.
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) max_response_bytes: u64,
    pub(crate) default_headers: HeaderMap,
    /// The header of idempotency keys, for operations whose spec does not name one.
    pub(crate) idempotency_header: Option<HeaderName>,
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
    /// (see [`encode_path_segment`](crate::encode_path_segment)); it is appended to the base URL.
    ///
    /// The generated endpoint methods are built on this; call it directly for an endpoint
    /// this version of the SDK has no method for. Auth, retries, timeouts and error handling
    /// apply as for any other request; `T` is the type the response body decodes into
    /// (`serde_json::Value` accepts anything; see [`FromResponse`](crate::FromResponse)).
    pub fn request<T>(&self, method: Method, path: String) -> PendingRequest<T> {
        PendingRequest::new(self.clone(), method, path)
    }
}

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
    idempotency_header: Option<String>,
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
            idempotency_header: None,
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

    /// Sends an idempotency key in the header `name` with every request that is not a GET,
    /// HEAD or OPTIONS: a fresh random key per request, the same on each of its retries, so
    /// that the server can tell a retry from a new request. Operations whose spec declares
    /// `x-idempotency-key` use the header it names (or none, where it is `false`); a request
    /// can give its own key with [`PendingRequest::idempotency_key`]. An invalid header name
    /// fails [`ClientBuilder::build`].
    pub fn idempotency_header(mut self, name: impl Into<String>) -> Self {
        self.idempotency_header = Some(name.into());
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
        let idempotency_header = match &self.idempotency_header {
            Some(name) => Some(
                HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| Error::Config(format!("{name:?} is not a valid header name")))?,
            ),
            None => None,
        };
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
                idempotency_header,
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
            .field("idempotency_header", &self.idempotency_header)
            .finish()
    }
}

/// Shows header names only: values may be secrets.
pub(crate) struct HeaderNames<'a>(Vec<&'a str>);

impl<'a> HeaderNames<'a> {
    pub(crate) fn of_pairs(pairs: &'a [(String, String)]) -> Self {
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
pub(crate) fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
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
            let value = format!("Basic {}", BASE64_STANDARD.encode(key));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64_of_user_and_password() {
        let cases = [
            ("a:", "YTo="),
            ("ab:", "YWI6"),
            ("abc:", "YWJjOg=="),
            ("user:pa55", "dXNlcjpwYTU1"),
        ];
        for (key, encoded) in cases {
            match credential(Auth::Basic, key.to_owned(), "the API key") {
                Ok(Credential::Header(name, value)) => {
                    assert_eq!(name, header::AUTHORIZATION);
                    assert_eq!(
                        value.to_str().ok(),
                        Some(format!("Basic {encoded}").as_str())
                    );
                    assert!(value.is_sensitive());
                }
                _ => panic!("{key:?}: not a header"),
            }
        }
    }
}
