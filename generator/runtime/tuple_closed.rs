//! The end of a tuple's array that allows nothing after its positions. Hand-written; the
//! generator copies it, next to `tuple.rs`, into every crate with such a tuple.

use serde::de::{self, SeqAccess};

use crate::tuple::Reader;

impl<'de, A: SeqAccess<'de>> Reader<'de, A> {
    /// The end of the array: an item more is an error.
    pub(crate) fn end(mut self) -> Result<(), A::Error> {
        let position = self.position;
        match self.optional::<de::IgnoredAny>()? {
            None => Ok(()),
            Some(_) => Err(de::Error::custom(format_args!(
                "{} has an item at position {position}, after the last it allows",
                self.name
            ))),
        }
    }
}
