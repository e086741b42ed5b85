//! The `Deserialize` plumbing shared by the untagged unions of the models. Hand-written; the
//! generator copies it verbatim into every crate whose models have untagged unions.
//!
//! The value is read once into a `serde_json::Value`, and the variants are tried on it in
//! order; JSON that none of them accepts is kept as it came, so a payload the spec does not
//! describe never fails the whole response. A variant that is itself an untagged union is
//! tried without its own fallback ([`Untagged::matching`]): it would otherwise take every
//! value and hide the variants after it.

use serde::de::Deserializer;
use serde_json::Value;

/// An untagged union, read by trying its variants in order.
pub(crate) trait Untagged: Sized {
    /// The first variant that `value` decodes as, or `None`.
    fn matching(value: &Value) -> Option<Self>;

    /// JSON that no variant accepts (a union with an any-JSON variant holds it there).
    fn unknown(value: Value) -> Self;
}

/// `Deserialize::deserialize` of every untagged union.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Untagged>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value: Value = serde::Deserialize::deserialize(deserializer)?;
    Ok(match T::matching(&value) {
        Some(union) => union,
        None => T::unknown(value),
    })
}
