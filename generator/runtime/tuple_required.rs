//! Reading a tuple's position that every value has. Hand-written; the generator copies it,
//! next to `tuple.rs`, into every crate with a tuple whose `minItems` is above zero.

use serde::de::{self, SeqAccess};

use crate::tuple::Reader;

impl<'de, A: SeqAccess<'de>> Reader<'de, A> {
    /// A position every array has: a shorter array is an error.
    pub(crate) fn required<T: de::Deserialize<'de>>(&mut self) -> Result<T, A::Error> {
        let position = self.position;
        self.optional()?.ok_or_else(|| {
            de::Error::custom(format_args!(
                "{} has no item at position {position}, which it requires",
                self.name
            ))
        })
    }
}
