//! Writing a tuple's position that the array may end before. Hand-written; the generator
//! copies it, next to `tuple.rs`, into every crate with a tuple that has such a position.

use serde::Serializer;

use crate::tuple::Writer;

impl<S: Serializer> Writer<S> {
    /// A position the array may end before: `None` writes nothing, and nothing may be
    /// written after it.
    pub(crate) fn optional<T: serde::Serialize>(
        &mut self,
        item: &Option<T>,
    ) -> Result<(), S::Error> {
        match item {
            Some(item) => self.required(item),
            None => {
                if self.unset.is_none() {
                    self.unset = Some(self.position);
                }
                self.position += 1;
                Ok(())
            }
        }
    }
}
