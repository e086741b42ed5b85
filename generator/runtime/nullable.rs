//! The three-state `Nullable` of request fields. Hand-written; the generator copies it
//! verbatim into every crate it makes.

/// A request field that may be left out, sent as `null`, or sent with a value.
///
/// Partial updates need all three: leaving a field out keeps the stored value, `null`
/// clears it. Fields of this type are skipped when [`Nullable::Absent`]. A value converts
/// into `Nullable::Value` with `.into()`, and an `Option` into `Value` or `Null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent; the server keeps (or defaults) the value.
    #[default]
    Absent,
    /// Sent as JSON `null`.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the field is sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The value, if there is one.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one, by value.
    pub fn into_option(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `Null`: an explicit `Option` means "send this, or clear it".
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => serializer.serialize_some(value),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    /// A missing field is `Absent` through `#[serde(default)]`; here only `null` or a value
    /// can arrive.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(|value| value.map_or(Self::Null, Self::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_states() {
        let keep: Nullable<String> = Nullable::Absent;
        let clear: Nullable<String> = None.into();
        let set: Nullable<String> = "+33123456789".to_owned().into();
        assert!(keep.is_absent() && clear.is_null());
        assert_eq!(set.as_option(), Some(&"+33123456789".to_owned()));
        assert_eq!(Nullable::from(Some(1)).into_option(), Some(1));
        assert_eq!(
            serde_json::to_string(&[keep, clear, set]).expect("serializes"),
            r#"[null,null,"+33123456789"]"#
        );
    }
}
