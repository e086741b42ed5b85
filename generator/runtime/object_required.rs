//! The check that a struct's required property was given. Hand-written; the generator
//! copies it, next to `object.rs`, into every crate with a struct that requires a property.

use serde::de;

/// The value of a required property, as a method of the local its decoder read it into.
pub(crate) trait Required<T> {
    /// The value, or the error that the property `name` is missing.
    fn required<E: de::Error>(self, name: &'static str) -> Result<T, E>;
}

impl<T> Required<T> for Option<T> {
    #[inline]
    fn required<E: de::Error>(self, name: &'static str) -> Result<T, E> {
        self.ok_or_else(|| E::missing_field(name))
    }
}
