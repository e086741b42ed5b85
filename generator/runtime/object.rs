//! The serde plumbing shared by the `Deserialize` impls of the model structs. Hand-written;
//! the generator copies it verbatim into every crate whose models have structs.
//!
//! Each struct's impl is a short loop over the keys of the object (see
//! [`Object::from_map`]); what every struct has in common lives here, compiled once, rather
//! than being expanded again for each struct as serde's derive does.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// A model struct read from a JSON object, property by property.
pub(crate) trait Object: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;

    /// The struct's declared properties, an enum of its own (`Infallible` when it has none).
    type Field;

    /// The declared property whose wire name is `key`: a `match` on string literals, which
    /// compiles to comparisons of known lengths.
    fn field(key: &str) -> Option<Self::Field>;

    /// Reads the object's properties from `map` and builds the struct.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of every model struct.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Object>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Reads a key as the declared property of `T` it names, or `None` for any
/// other key, which is then skipped without being copied. (A spec whose every struct keeps
/// undeclared properties leaves it unused.)
#[allow(dead_code)]
pub(crate) struct FieldSeed<T>(PhantomData<T>);

#[allow(dead_code)]
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

/// Like [`FieldSeed`], for a struct that keeps the properties it does not declare: any other
/// key is returned as `Err(name)`. Only structs with `additionalProperties` do, and most
/// specs have none.
#[allow(dead_code)]
pub(crate) struct PropertySeed<T>(PhantomData<T>);

#[allow(dead_code)]
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

/// Reading a property's value into the local that holds it, as a method of the map the
/// object is read from. (Structs without declared properties leave it unused.)
#[allow(dead_code)]
pub(crate) trait ReadInto<'de>: MapAccess<'de> {
    /// Reads the value of the property `name` into `slot`. A property given twice is an
    /// error, as it is for serde's derive.
    #[inline]
    fn read_into<T: de::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), Self::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(self.next_value()?);
        Ok(())
    }
}

impl<'de, A: MapAccess<'de>> ReadInto<'de> for A {}

/// Skips the value of a property the struct does not declare. (A spec whose every struct
/// keeps undeclared properties leaves it unused.)
#[allow(dead_code)]
#[inline]
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// The value of a required property, or the error that it is missing. (A spec whose structs
/// have no required property leaves it unused.)
#[allow(dead_code)]
#[inline]
pub(crate) fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}
