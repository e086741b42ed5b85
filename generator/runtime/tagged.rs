//! The `Deserialize` plumbing shared by the tagged unions of the models. Hand-written; the
//! generator copies it verbatim into every crate whose models have tagged unions.
//!
//! The properties before the tag are kept aside (none when the tag comes first), and the
//! variant the tag names reads them, then the rest of the object straight from the input:
//! nothing after the tag is buffered. A known tag whose properties do not fit its variant is
//! an error (one in a property kept aside names the union, not the property, as its path);
//! an unknown tag keeps the whole object. A lenient union (one without a discriminator,
//! whose variants each fix a property to a value of their own) reads the whole object first
//! and keeps it as unknown when its variant does not accept it either.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

/// A tagged union, read from a JSON object by the value of its tag property.
pub(crate) trait Tagged: Sized {
    /// The union's name, for error messages.
    const NAME: &'static str;
    /// The wire name of the tag property.
    const TAG: &'static str;
    /// Whether an object that does not fit the variant its tag names is kept as unknown.
    const LENIENT: bool = false;

    /// The union's variants, an enum of its own (`Infallible` when it has none).
    type Variant;

    /// The variant whose tag value is `value`.
    fn variant(value: &str) -> Option<Self::Variant>;

    /// Reads `variant` from the properties of the object but its tag.
    fn from_rest<'de, A: MapAccess<'de>>(variant: Self::Variant, map: A) -> Result<Self, A::Error>;

    /// An object whose tag this version of the SDK does not know (for a lenient union, any
    /// JSON that fits no variant).
    fn unknown(value: Value) -> Self;
}

/// `Deserialize::deserialize` of every tagged union.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Tagged>(
    deserializer: D,
) -> Result<T, D::Error> {
    if T::LENIENT {
        return Ok(match de::Deserialize::deserialize(deserializer)? {
            Value::Object(object) => lenient(object),
            other => T::unknown(other),
        });
    }
    deserializer.deserialize_map(TaggedVisitor(PhantomData))
}

/// An object made of `tag: value` followed by the properties left in `map`.
pub(crate) fn rest<'de, A: MapAccess<'de>>(
    mut map: A,
    tag: &str,
    value: &str,
) -> Result<Map<String, Value>, A::Error> {
    let mut object = Map::new();
    object.insert(tag.to_owned(), Value::String(value.to_owned()));
    while let Some((key, value)) = map.next_entry()? {
        object.insert(key, value);
    }
    Ok(object)
}

struct TaggedVisitor<T>(PhantomData<T>);

impl<'de, T: Tagged> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "an object with a `{}` property ({})",
            T::TAG,
            T::NAME
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut before = Vec::new();
        loop {
            match map.next_key_seed(KeyUnlessTag(T::TAG))? {
                None => return Ok(T::unknown(Value::Object(before.into_iter().collect()))),
                Some(Some(key)) => before.push((key, map.next_value()?)),
                Some(None) => {
                    let tag = map.next_value_seed(TagValue::<T>(PhantomData))?;
                    let map = Chain::new(before, map);
                    return match tag {
                        Ok(variant) => T::from_rest(variant, map),
                        Err(value) => {
                            rest(map, T::TAG, &value).map(|o| T::unknown(Value::Object(o)))
                        }
                    };
                }
            }
        }
    }
}

/// A lenient union from the whole object: the variant its tag names, if that accepts the
/// rest of the object, else unknown.
fn lenient<T: Tagged>(object: Map<String, Value>) -> T {
    let variant = match object.get(T::TAG) {
        Some(Value::String(value)) => T::variant(value),
        _ => None,
    };
    let Some(variant) = variant else {
        return T::unknown(Value::Object(object));
    };
    let rest: Vec<(String, Value)> = object
        .iter()
        .filter(|(key, _)| *key != T::TAG)
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let map = Chain::new(rest, Nothing);
    T::from_rest(variant, map).unwrap_or_else(|_| T::unknown(Value::Object(object)))
}

/// A map with no more entries, after those of a [`Chain`] read from memory.
struct Nothing;

impl<'de> MapAccess<'de> for Nothing {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        _: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("a value without a key"))
    }
}

/// The properties kept aside before the tag, then those after it, read from the input.
pub(crate) struct Chain<A> {
    before: std::vec::IntoIter<(String, Value)>,
    /// The value of the last key taken from `before`.
    value: Option<Value>,
    map: A,
}

impl<A> Chain<A> {
    /// The properties `before`, then those left in `map`.
    pub(crate) fn new(before: Vec<(String, Value)>, map: A) -> Self {
        Chain {
            before: before.into_iter(),
            value: None,
            map,
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Chain<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.before.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.map.next_value_seed(seed),
        }
    }
}

/// Reads a key of the object: `None` when it is the tag, else the key itself.
struct KeyUnlessTag(&'static str);

impl<'de> DeserializeSeed<'de> for KeyUnlessTag {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyUnlessTag {
    type Value = Option<String>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok((key != self.0).then(|| key.to_owned()))
    }
}

/// Reads the tag's value: its variant, or the value when no variant has it.
struct TagValue<T>(PhantomData<T>);

impl<'de, T: Tagged> DeserializeSeed<'de> for TagValue<T> {
    type Value = Result<T::Variant, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<T: Tagged> Visitor<'_> for TagValue<T> {
    type Value = Result<T::Variant, String>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "a string: the tag of {}", T::NAME)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(T::variant(value).ok_or_else(|| value.to_owned()))
    }
}
