//! The fields a struct leaves out of what it sends when they are unset: an `Option` that is
//! `None`, a `Nullable` that is `Absent`. Hand-written; the generator copies it, next to
//! `object_encode.rs`, into every crate with a struct that has such a field.

use serde::Serialize;

use crate::object_encode::Sink;
use crate::Nullable;

/// A value that is left out of its struct when it is unset.
pub(crate) trait Unset {
    fn is_unset(&self) -> bool;
}

impl<T> Unset for Option<T> {
    #[inline]
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

impl<T> Unset for Nullable<T> {
    #[inline]
    fn is_unset(&self) -> bool {
        self.is_absent()
    }
}

/// A field that is sent unless it is unset, as a method of every sink.
pub(crate) trait Optional: Sink {
    fn optional<T: Unset + Serialize>(&mut self, name: &'static str, value: &T);
}

impl<F: Sink> Optional for F {
    #[inline]
    fn optional<T: Unset + Serialize>(&mut self, name: &'static str, value: &T) {
        if !value.is_unset() {
            self.field(name, value);
        }
    }
}
