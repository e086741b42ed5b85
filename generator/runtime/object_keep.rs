//! The keys of a struct that keeps the properties it does not declare (one with
//! `additionalProperties`, which most specs have none of), and the read of their values.
//! Hand-written; the generator copies it, next to `object.rs`, into every crate with such a
//! struct.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::object::Object;

/// Reads a key as the declared property of `T` it names, or `Err(name)` for any other key.
pub(crate) struct PropertySeed<T>(PhantomData<T>);

impl<T> PropertySeed<T> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T: Object> DeserializeSeed<'de> for PropertySeed<T> {
    type Value = Result<T::Field, String>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: Object> Visitor<'_> for PropertySeed<T> {
    type Value = Result<T::Field, String>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a property name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(T::field(key).ok_or_else(|| key.to_owned()))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(key), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<Self::Value, E> {
        self.visit_str(&key.to_string())
    }
}

/// The read of an undeclared property's value, as a method of the map its decoder reads.
pub(crate) trait KeepValue<'de>: MapAccess<'de> {
    /// Reads the value of the property `name` into `kept`; a name given twice keeps the
    /// last value.
    #[inline]
    fn keep_value<T: Deserialize<'de>>(
        &mut self,
        kept: &mut BTreeMap<String, T>,
        name: String,
    ) -> Result<(), Self::Error> {
        kept.insert(name, self.next_value()?);
        Ok(())
    }
}

impl<'de, A: MapAccess<'de>> KeepValue<'de> for A {}
