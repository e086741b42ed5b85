//! Reading a property's value into the local of a struct's decoder that holds it.
//! Hand-written; the generator copies it, next to `object.rs`, into every crate with a
//! struct that declares properties.

use serde::de::{self, MapAccess};

/// Reading a property's value into its local, as a method of the map the object is read
/// from.
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
