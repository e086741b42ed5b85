//! The serde plumbing shared by the `Deserialize` impls of the model structs. Hand-written;
//! the generator copies it verbatim into every crate whose models have structs.
//!
//! Each struct's impl is a short loop over the keys of the object (see
//! [`Object::from_map`]); what every struct has in common lives here, compiled once, rather
//! than being expanded again for each struct as serde's derive does. The pieces only some
//! structs use are files of their own, copied into a crate when one of its structs uses
//! them: `object_skip.rs` (structs that skip the properties they do not declare),
//! `object_keep.rs` (structs that keep them), `object_read.rs` (structs with declared
//! properties) and `object_required.rs` (structs with a required one).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, Visitor};

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
