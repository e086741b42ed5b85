//! How a model struct encodes. Its written-out [`Fields`] impl names each field once, in
//! order; [`serialize`] goes through them twice, to count the fields it sends and then to
//! send them, as serde's derive does with `skip_serializing_if` (but that a field left out
//! is not announced with `skip_field`, which the formats this crate writes ignore).
//! Hand-written; the generator copies it into every crate with such a struct.
//!
//! A field's write does not return its error: the first error is kept and the fields after
//! it are not written. Checking each write with `?`, as the derive does, was most of what a
//! struct's encoder cost to compile.

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A struct's fields, each under its name on the wire.
pub(crate) trait Fields {
    /// The struct's name, given to the serializer.
    const NAME: &'static str;

    /// Gives each field to `sink`, in order: with [`Sink::field`] those always sent, with
    /// `optional` (`object_encode_optional.rs`) those left out when unset.
    fn fields<F: Sink>(&self, sink: &mut F);
}

/// What the fields of a struct are given to.
pub(crate) trait Sink {
    /// A field that is sent.
    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T);
}

/// Encodes `value` as a struct of the fields it sends.
pub(crate) fn serialize<T: Fields, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut count = Count(0);
    value.fields(&mut count);
    let mut write = Write(serializer.serialize_struct(T::NAME, count.0));
    value.fields(&mut write);
    write.0.and_then(SerializeStruct::end)
}

/// Counts the fields that are sent.
struct Count(usize);

impl Sink for Count {
    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, _: &'static str, _: &T) {
        self.0 += 1;
    }
}

/// The struct being written, or the first error, after which nothing more is written.
struct Write<S: SerializeStruct>(Result<S, S::Error>);

impl<S: SerializeStruct> Sink for Write<S> {
    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Ok(state) = &mut self.0 {
            if let Err(error) = state.serialize_field(name, value) {
                self.0 = Err(error);
            }
        }
    }
}
