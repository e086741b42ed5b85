//! The items of a tuple after its positions. Hand-written; the generator copies it, next to
//! `tuple.rs`, into every crate with a tuple that allows more items than its positions.

use serde::de::{self, SeqAccess};
use serde::Serializer;

use crate::tuple::{Reader, Writer};

impl<'de, A: SeqAccess<'de>> Reader<'de, A> {
    /// The items after the positions, to the end of the array.
    pub(crate) fn rest<T: de::Deserialize<'de>>(mut self) -> Result<Vec<T>, A::Error> {
        let mut rest = Vec::new();
        while let Some(item) = self.optional()? {
            rest.push(item);
        }
        Ok(rest)
    }
}

impl<S: Serializer> Writer<S> {
    /// The items after the positions.
    pub(crate) fn rest<T: serde::Serialize>(&mut self, rest: &[T]) -> Result<(), S::Error> {
        rest.iter().try_for_each(|item| self.required(item))
    }
}
