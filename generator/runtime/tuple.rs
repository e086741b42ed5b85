//! The serde plumbing of the model tuples (`prefixItems`): a JSON array read and written
//! position by position. Hand-written; the generator copies it verbatim into every crate
//! whose models have tuples.
//!
//! Each tuple's `Deserialize` impl reads its positions in order through [`Reader`] and its
//! `Serialize` impl writes them through [`Writer`]; what every tuple has in common (the
//! position in error messages, the order of the items) lives here. The methods only some
//! tuples call are files of their own, copied into a crate when one of its tuples calls
//! them: `tuple_required.rs` (tuples with a position every value has), `tuple_optional.rs`
//! (with a position the array may end before), `tuple_rest.rs` (with items allowed after
//! the positions) and `tuple_closed.rs` (with none allowed).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::{self, SerializeSeq, Serializer};

/// A model tuple read from a JSON array, position by position.
pub(crate) trait Tuple: Sized {
    /// The tuple's name, for error messages.
    const NAME: &'static str;

    /// Reads the positions from `items` and builds the tuple.
    fn from_items<'de, A: SeqAccess<'de>>(items: Reader<'de, A>) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of every model tuple.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Tuple>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_seq(TupleVisitor(PhantomData))
}

struct TupleVisitor<T>(PhantomData<T>);

impl<'de, T: Tuple> Visitor<'de> for TupleVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "the array {}", T::NAME)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::from_items(Reader {
            seq,
            name: T::NAME,
            position: 0,
            ended: false,
            de: PhantomData,
        })
    }
}

/// The items of a tuple's array, read in order; each error names the position.
pub(crate) struct Reader<'de, A> {
    seq: A,
    pub(crate) name: &'static str,
    /// The position of the next item.
    pub(crate) position: usize,
    ended: bool,
    de: PhantomData<&'de ()>,
}

impl<'de, A: SeqAccess<'de>> Reader<'de, A> {
    /// A position the array may end before: the next item, or `None` once the array has
    /// ended. The other ways of reading a position build on it.
    pub(crate) fn optional<T: de::Deserialize<'de>>(&mut self) -> Result<Option<T>, A::Error> {
        if self.ended {
            return Ok(None);
        }
        let seed = Position::<T> {
            name: self.name,
            position: self.position,
            ty: PhantomData,
        };
        let item = self.seq.next_element_seed(seed)?;
        match item {
            Some(_) => self.position += 1,
            None => self.ended = true,
        }
        Ok(item)
    }
}

/// Reads one item, an error in it named by the tuple and position.
struct Position<T> {
    name: &'static str,
    position: usize,
    ty: PhantomData<T>,
}

impl<'de, T: de::Deserialize<'de>> DeserializeSeed<'de> for Position<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer).map_err(|error| {
            de::Error::custom(format_args!(
                "position {} of {}: {error}",
                self.position, self.name
            ))
        })
    }
}

/// The items of a tuple's array, written in order. An unset optional position ends the
/// array: a set one after it is an error, since an array has no holes (and `null` would be
/// a value, not an absence).
pub(crate) struct Writer<S: Serializer> {
    seq: S::SerializeSeq,
    name: &'static str,
    /// The position of the next item.
    pub(crate) position: usize,
    /// The first position left unset, after which nothing may be written.
    pub(crate) unset: Option<usize>,
}

impl<S: Serializer> Writer<S> {
    /// Starts the array of the tuple `name`.
    pub(crate) fn new(serializer: S, name: &'static str) -> Result<Self, S::Error> {
        Ok(Self {
            seq: serializer.serialize_seq(None)?,
            name,
            position: 0,
            unset: None,
        })
    }

    /// A position every array has; also what the other ways of writing an item build on.
    pub(crate) fn required<T: serde::Serialize + ?Sized>(
        &mut self,
        item: &T,
    ) -> Result<(), S::Error> {
        if let Some(unset) = self.unset {
            return Err(ser::Error::custom(format_args!(
                "{} sets position {} after position {unset}, which is unset",
                self.name, self.position
            )));
        }
        self.seq.serialize_element(item)?;
        self.position += 1;
        Ok(())
    }

    /// Ends the array.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        self.seq.end()
    }
}
