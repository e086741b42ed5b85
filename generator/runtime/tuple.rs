//! The serde plumbing of the model tuples (`prefixItems`): a JSON array read and written
//! position by position. Hand-written; the generator copies it verbatim into every crate
//! whose models have tuples.
//!
//! Each tuple's `Deserialize` impl reads its positions in order through [`Reader`] and its
//! `Serialize` impl writes them through [`Writer`]; what every tuple has in common (the
//! position in error messages, the end of the array, the order of optional positions) lives
//! here.

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
    name: &'static str,
    position: usize,
    ended: bool,
    de: PhantomData<&'de ()>,
}

impl<'de, A: SeqAccess<'de>> Reader<'de, A> {
    /// The next item, or `None` once the array has ended.
    fn next<T: de::Deserialize<'de>>(&mut self) -> Result<Option<T>, A::Error> {
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

    /// A position every array has: a shorter array is an error.
    #[allow(dead_code)]
    pub(crate) fn required<T: de::Deserialize<'de>>(&mut self) -> Result<T, A::Error> {
        let position = self.position;
        self.next()?.ok_or_else(|| {
            de::Error::custom(format_args!(
                "{} has no item at position {position}, which it requires",
                self.name
            ))
        })
    }

    /// A position the array may end before.
    #[allow(dead_code)]
    pub(crate) fn optional<T: de::Deserialize<'de>>(&mut self) -> Result<Option<T>, A::Error> {
        self.next()
    }

    /// The items after the positions, to the end of the array.
    #[allow(dead_code)]
    pub(crate) fn rest<T: de::Deserialize<'de>>(mut self) -> Result<Vec<T>, A::Error> {
        let mut rest = Vec::new();
        while let Some(item) = self.next()? {
            rest.push(item);
        }
        Ok(rest)
    }

    /// The end of an array that allows nothing after its positions: an item more is an
    /// error.
    #[allow(dead_code)]
    pub(crate) fn end(mut self) -> Result<(), A::Error> {
        let position = self.position;
        match self.next::<de::IgnoredAny>()? {
            None => Ok(()),
            Some(_) => Err(de::Error::custom(format_args!(
                "{} has an item at position {position}, after the last it allows",
                self.name
            ))),
        }
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
    position: usize,
    unset: Option<usize>,
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

    fn write<T: serde::Serialize + ?Sized>(&mut self, item: &T) -> Result<(), S::Error> {
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

    /// A position every array has.
    #[allow(dead_code)]
    pub(crate) fn required<T: serde::Serialize>(&mut self, item: &T) -> Result<(), S::Error> {
        self.write(item)
    }

    /// A position the array may end before: `None` writes nothing.
    #[allow(dead_code)]
    pub(crate) fn optional<T: serde::Serialize>(
        &mut self,
        item: &Option<T>,
    ) -> Result<(), S::Error> {
        match item {
            Some(item) => self.write(item),
            None => {
                if self.unset.is_none() {
                    self.unset = Some(self.position);
                }
                self.position += 1;
                Ok(())
            }
        }
    }

    /// The items after the positions.
    #[allow(dead_code)]
    pub(crate) fn rest<T: serde::Serialize>(&mut self, rest: &[T]) -> Result<(), S::Error> {
        rest.iter().try_for_each(|item| self.write(item))
    }

    /// Ends the array.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        self.seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(u8, Option<String>, Vec<bool>)`, as the generator writes such a tuple.
    #[derive(Debug, PartialEq)]
    struct Sample(u8, Option<String>, Vec<bool>);

    impl Tuple for Sample {
        const NAME: &'static str = "Sample";

        fn from_items<'de, A: SeqAccess<'de>>(mut items: Reader<'de, A>) -> Result<Self, A::Error> {
            Ok(Self(items.required()?, items.optional()?, items.rest()?))
        }
    }

    impl<'de> serde::Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl serde::Serialize for Sample {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut items = Writer::new(serializer, "Sample")?;
            items.required(&self.0)?;
            items.optional(&self.1)?;
            items.rest(&self.2)?;
            items.end()
        }
    }

    /// `(u8)` and nothing after it.
    #[derive(Debug, PartialEq)]
    struct Closed(u8);

    impl Tuple for Closed {
        const NAME: &'static str = "Closed";

        fn from_items<'de, A: SeqAccess<'de>>(mut items: Reader<'de, A>) -> Result<Self, A::Error> {
            let value = Self(items.required()?);
            items.end()?;
            Ok(value)
        }
    }

    impl<'de> serde::Deserialize<'de> for Closed {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    #[test]
    fn positions_read_in_order_and_the_rest_to_the_end() {
        let short: Sample = serde_json::from_str("[1]").expect("works");
        assert_eq!(short, Sample(1, None, vec![]));
        let long: Sample = serde_json::from_str(r#"[1, "a", true, false]"#).expect("works");
        assert_eq!(long, Sample(1, Some("a".into()), vec![true, false]));
        let closed: Closed = serde_json::from_str("[7]").expect("works");
        assert_eq!(closed, Closed(7));
    }

    #[test]
    fn errors_name_the_position() {
        let missing = serde_json::from_str::<Sample>("[]")
            .expect_err("fails")
            .to_string();
        assert!(missing.contains("no item at position 0"), "{missing}");
        let wrong = serde_json::from_str::<Sample>(r#"[1, 2]"#)
            .expect_err("fails")
            .to_string();
        assert!(wrong.contains("position 1 of Sample"), "{wrong}");
        let long = serde_json::from_str::<Closed>("[1, 2]")
            .expect_err("fails")
            .to_string();
        assert!(long.contains("item at position 1"), "{long}");
        let object = serde_json::from_str::<Closed>("{}")
            .expect_err("fails")
            .to_string();
        assert!(object.contains("the array Closed"), "{object}");
    }

    #[test]
    fn unset_positions_are_left_out_and_nothing_may_follow_them() {
        let short = serde_json::to_string(&Sample(1, None, vec![])).expect("works");
        assert_eq!(short, "[1]");
        let long = serde_json::to_string(&Sample(1, Some("a".into()), vec![true])).expect("works");
        assert_eq!(long, r#"[1,"a",true]"#);
        let hole = serde_json::to_string(&Sample(1, None, vec![true])).expect_err("fails");
        assert!(
            hole.to_string()
                .contains("sets position 2 after position 1"),
            "{hole}"
        );
    }
}
