//! The keys of a struct that skips the properties it does not declare, which most structs
//! do. Hand-written; the generator copies it, next to `object.rs`, into every crate with
//! such a struct.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::object::Object;

/// Reads a key as the declared property of `T` it names, or `None` for any other key, which
/// is then skipped without being copied.
pub(crate) struct FieldSeed<T>(PhantomData<T>);

impl<T> FieldSeed<T> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T: Object> DeserializeSeed<'de> for FieldSeed<T> {
    type Value = Option<T::Field>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: Object> Visitor<'_> for FieldSeed<T> {
    type Value = Option<T::Field>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a property name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(T::field(key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(std::str::from_utf8(key).ok().and_then(T::field))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Skipping the value of a property the struct does not declare, as a method of the map the
/// object is read from.
pub(crate) trait SkipValue<'de>: MapAccess<'de> {
    /// Reads the next value and drops it, without copying it.
    #[inline]
    fn skip_value(&mut self) -> Result<(), Self::Error> {
        self.next_value::<de::IgnoredAny>().map(|_| ())
    }
}

impl<'de, A: MapAccess<'de>> SkipValue<'de> for A {}
