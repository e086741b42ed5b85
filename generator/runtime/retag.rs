//! The tag of a tagged union put back for a variant struct that declares the tag property
//! itself (a `$ref` variant of a `oneOf` that is not a component keeps it). Hand-written;
//! the generator copies it verbatim into every crate with such a variant, next to
//! `tagged.rs`.

use serde::de::MapAccess;
use serde_json::Value;

use crate::tagged::Chain;

/// `map` with the tag put back in front.
pub(crate) fn with_tag<'de, A: MapAccess<'de>>(
    map: A,
    tag: &str,
    value: &str,
) -> impl MapAccess<'de, Error = A::Error> {
    Chain::new(vec![(tag.to_owned(), Value::String(value.to_owned()))], map)
}
