//! Responses: how the body of an answer decodes ([`FromResponse`], [`decode_json`]), the
//! bodies kept as bytes ([`Binary`]), and a decoded body with its status and headers.

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{DecodeError, Error};

/// A type the body of a 2xx response decodes into, and so how that body is read: `()`
/// ignores it, [`Binary`] keeps the bytes as they came, `serde_json::Value` and the
/// standard types of JSON data (strings, numbers, `bool`, `Vec`, `Option`, `Box` and string
/// maps of them) decode it as JSON, with an empty body read as `null`, and so do the
/// crate's models; the responses of endpoints whose success statuses have different bodies
/// decode by status.
///
/// For a type of your own given to [`Client::request`](crate::Client::request), implement it with
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
        $crate::response::json_responses!($($crate::models::$name),*);
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
/// [`PendingRequest::send_with_response`](crate::PendingRequest::send_with_response).
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
}
