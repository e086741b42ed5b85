//! Encoders of request data: path segments, query and header text, form and multipart
//! bodies, and the files and parts a multipart body is made of.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// What a path segment encodes: everything but the RFC 3986 unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

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

    /// The text fields of one property: an array of strings, numbers or booleans is one field
    /// per item, each under the property's name (how OpenAPI sends an array of primitive
    /// values in a multipart body, and how form parsers read one back); an empty one is no
    /// field. Any other value is one field, as [`Part::text`] writes it.
    pub fn texts<V: serde::Serialize + ?Sized>(name: &str, value: &V) -> Vec<Self> {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Array(items))
                if items.iter().all(|item| scalar_text(item).is_some()) =>
            {
                items.iter().map(|item| Self::text(name, item)).collect()
            }
            _ => vec![Self::text(name, value)],
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

/// A value as header or cookie text: a scalar as [`scalar_text`] writes it, an array as its
/// items separated by commas; `None` for null, objects, and values that do not serialize.
pub(crate) fn joined_text(value: Result<serde_json::Value, serde_json::Error>) -> Option<String> {
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
pub(crate) fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

/// Percent-encodes a path parameter of any serializable type: a string as it is, a number or
/// boolean as JSON writes it. A value that serializes to anything else (an object, an array, null)
/// encodes as an empty segment, which
/// [`PendingRequest::path_param`](crate::PendingRequest::path_param) refuses.
pub fn encode_path_value<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| scalar_text(&value))
        .map_or_else(String::new, |text| encode_path_segment(&text))
}

/// Percent-encodes one path parameter: everything but the RFC 3986 unreserved characters (`A-Z a-z
/// 0-9 - . _ ~`) is encoded, so `/`, `?`, `#` and `%` in a value cannot change the path. The whole
/// segments `.` and `..` become `%2E` and `%2E%2E`; URL parsers still read those as dot segments,
/// so a request whose path they would change is refused by `send` (an
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest), nothing sent) rather than sent
/// elsewhere.
pub fn encode_path_segment(value: &str) -> String {
    match value {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string(),
    }
}

/// An `application/x-www-form-urlencoded` body of the properties of an object: each scalar
/// property as one pair, each array as one pair per item (its scalar items), in order;
/// letters, digits and `*-._` as they are, spaces as `+`, every other byte as `%XX`.
pub(crate) fn form_body(properties: &serde_json::Map<String, serde_json::Value>) -> Vec<u8> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in properties {
        let items = match value {
            serde_json::Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for text in items.into_iter().filter_map(scalar_text) {
            form.append_pair(name, &text);
        }
    }
    form.finish().into_bytes()
}

/// A `multipart/form-data` body of `parts` and its `Content-Type`, with a random boundary.
pub(crate) fn multipart_body(parts: &[Part]) -> (String, Vec<u8>) {
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
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A JSON object body with `fields` (names and JSON text) added after its own, or an object
/// of them alone when there is no body. The body's text is kept as it is, so that numbers
/// and key order survive. A body that is not an object, or that has one of the names
/// already, is refused.
pub(crate) fn with_fields(
    body: Option<&[u8]>,
    fields: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let body = body.unwrap_or(b"{}");
    let own: std::collections::BTreeMap<String, serde::de::IgnoredAny> =
        serde_json::from_slice(body)
            .map_err(|_| "body fields can only be added to a JSON object body".to_owned())?;
    if let Some((name, _)) = fields.iter().find(|(name, _)| own.contains_key(name)) {
        return Err(format!("the body has a field `{name}` already"));
    }
    // The object's closing brace, after which only whitespace follows.
    let end = body.iter().rposition(|&b| b == b'}').unwrap_or(body.len());
    let mut merged = body[..end].to_vec();
    for (index, (name, json)) in fields.iter().enumerate() {
        if index > 0 || !own.is_empty() {
            merged.push(b',');
        }
        merged.extend_from_slice(
            serde_json::Value::from(name.as_str())
                .to_string()
                .as_bytes(),
        );
        merged.push(b':');
        merged.extend_from_slice(json.as_bytes());
    }
    merged.extend_from_slice(&body[end..]);
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_are_encoded() {
        let mut properties = serde_json::Map::new();
        properties.insert("a b&c".to_owned(), "=d/é*-._~".into());
        properties.insert("n".to_owned(), serde_json::json!([1, true, null]));
        properties.insert("o".to_owned(), serde_json::json!({}));
        assert_eq!(
            String::from_utf8(form_body(&properties)).ok().as_deref(),
            Some("a+b%26c=%3Dd%2F%C3%A9*-._%7E&n=1&n=true")
        );
    }

    #[test]
    fn multipart_bodies_frame_each_part() {
        let file = File::new("a.txt", "text/plain", b"hi".to_vec());
        let (content_type, body) = multipart_body(&[Part::text("n", &1), Part::file("f", &file)]);
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_default();
        assert!(boundary.starts_with("----sdk-boundary-"), "{content_type}");
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n1\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nhi\r\n--{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8(body).ok(), Some(expected));
    }

    #[test]
    fn body_fields_are_added_after_the_body_own() {
        let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, j)| ((*n).to_owned(), (*j).to_owned()))
                .collect()
        };
        let merged = |body: Option<&str>, pairs: &[(&str, &str)]| {
            with_fields(body.map(str::as_bytes), &fields(pairs))
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        };
        assert_eq!(
            merged(
                Some(r#"{"b":18446744073709551615,"a":1}"#),
                &[("z", "true"), ("q\"", "[1]")]
            ),
            Ok(r#"{"b":18446744073709551615,"a":1,"z":true,"q\"":[1]}"#.to_owned())
        );
        assert_eq!(
            merged(Some(" { } \n"), &[("x", "1")]),
            Ok(r#" { "x":1} "#.to_owned() + "\n")
        );
        assert_eq!(
            merged(None, &[("x", "null")]),
            Ok(r#"{"x":null}"#.to_owned())
        );
        assert!(merged(Some("[1]"), &[("x", "1")]).is_err());
        assert!(merged(Some("a=b"), &[("x", "1")]).is_err());
        assert_eq!(
            merged(Some(r#"{"x":0}"#), &[("x", "1")]),
            Err("the body has a field `x` already".to_owned())
        );
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
}
