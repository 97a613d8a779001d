//! [`StringSet`], [`NumberSet`] and [`BinarySet`]: DynamoDB's set types (`SS`, `NS`, `BS`).
//!
//! serde has no notion of a set distinct from a list, so a `BTreeSet<String>` field is
//! written as a list (`L`). These wrappers tell rboto's item serializer to write a set
//! instead; to any other serializer they look like the plain sequence they hold.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::number::Number;

/// Which of DynamoDB's three set types a wrapper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetKind {
    String,
    Number,
    Binary,
}

/// Every set kind, to look a newtype name up.
pub(crate) const SET_TOKENS: [SetKind; 3] = [SetKind::String, SetKind::Number, SetKind::Binary];

impl SetKind {
    /// The newtype name the wrapper serializes under.
    pub(crate) fn token(self) -> &'static str {
        match self {
            SetKind::String => "\u{0}rboto::dynamodb::StringSet",
            SetKind::Number => "\u{0}rboto::dynamodb::NumberSet",
            SetKind::Binary => "\u{0}rboto::dynamodb::BinarySet",
        }
    }

    /// The attribute value's type tag.
    pub(crate) fn tag(self) -> &'static str {
        match self {
            SetKind::String => "SS",
            SetKind::Number => "NS",
            SetKind::Binary => "BS",
        }
    }

    /// The type tag of one element.
    pub(crate) fn element_tag(self) -> &'static str {
        match self {
            SetKind::String => "S",
            SetKind::Number => "N",
            SetKind::Binary => "B",
        }
    }

    /// Words for messages.
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            SetKind::String => "string set",
            SetKind::Number => "number set",
            SetKind::Binary => "binary set",
        }
    }

    /// The wrapper's Rust name.
    pub(crate) fn rust_name(self) -> &'static str {
        match self {
            SetKind::String => "StringSet",
            SetKind::Number => "NumberSet",
            SetKind::Binary => "BinarySet",
        }
    }
}

/// How one element type is written and read.
trait SetElement: Ord + Sized {
    const KIND: SetKind;

    fn serialize_element<S: SerializeSeq>(&self, seq: &mut S) -> Result<(), S::Error>;

    fn deserialize_elements<'de, A: SeqAccess<'de>>(seq: A) -> Result<BTreeSet<Self>, A::Error>;
}

impl SetElement for String {
    const KIND: SetKind = SetKind::String;

    fn serialize_element<S: SerializeSeq>(&self, seq: &mut S) -> Result<(), S::Error> {
        seq.serialize_element(self.as_str())
    }

    fn deserialize_elements<'de, A: SeqAccess<'de>>(
        mut seq: A,
    ) -> Result<BTreeSet<Self>, A::Error> {
        let mut set = BTreeSet::new();
        while let Some(element) = seq.next_element::<String>()? {
            set.insert(element);
        }
        Ok(set)
    }
}

impl SetElement for Number {
    const KIND: SetKind = SetKind::Number;

    fn serialize_element<S: SerializeSeq>(&self, seq: &mut S) -> Result<(), S::Error> {
        seq.serialize_element(self)
    }

    fn deserialize_elements<'de, A: SeqAccess<'de>>(
        mut seq: A,
    ) -> Result<BTreeSet<Self>, A::Error> {
        let mut set = BTreeSet::new();
        while let Some(element) = seq.next_element::<Number>()? {
            set.insert(element);
        }
        Ok(set)
    }
}

impl SetElement for Vec<u8> {
    const KIND: SetKind = SetKind::Binary;

    fn serialize_element<S: SerializeSeq>(&self, seq: &mut S) -> Result<(), S::Error> {
        seq.serialize_element(&Blob(self.as_slice()))
    }

    fn deserialize_elements<'de, A: SeqAccess<'de>>(
        mut seq: A,
    ) -> Result<BTreeSet<Self>, A::Error> {
        let mut set = BTreeSet::new();
        while let Some(OwnedBlob(element)) = seq.next_element::<OwnedBlob>()? {
            set.insert(element);
        }
        Ok(set)
    }
}

/// Bytes that serialize as bytes (not as a sequence of integers).
struct Blob<'a>(&'a [u8]);

impl Serialize for Blob<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

/// Bytes read from bytes, or from a sequence of integers.
struct OwnedBlob(Vec<u8>);

impl<'de> Deserialize<'de> for OwnedBlob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BlobVisitor;

        impl<'de> Visitor<'de> for BlobVisitor {
            type Value = OwnedBlob;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }

            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<OwnedBlob, E> {
                Ok(OwnedBlob(v.to_vec()))
            }

            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<OwnedBlob, E> {
                Ok(OwnedBlob(v))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OwnedBlob, A::Error> {
                let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(OwnedBlob(bytes))
            }
        }

        deserializer.deserialize_byte_buf(BlobVisitor)
    }
}

/// The elements of a set, written as a sequence.
struct Elements<'a, E>(&'a BTreeSet<E>);

impl<E: SetElement> Serialize for Elements<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for element in self.0 {
            element.serialize_element(&mut seq)?;
        }
        seq.end()
    }
}

fn serialize_set<E: SetElement, S: Serializer>(
    set: &BTreeSet<E>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(E::KIND.token(), &Elements(set))
}

fn deserialize_set<'de, E: SetElement, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeSet<E>, D::Error> {
    struct SetVisitor<E>(std::marker::PhantomData<E>);

    impl<'de, E: SetElement> Visitor<'de> for SetVisitor<E> {
        type Value = BTreeSet<E>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {}", E::KIND.type_name())
        }

        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            E::deserialize_elements(seq)
        }
    }

    deserializer.deserialize_newtype_struct(E::KIND.token(), SetVisitor(std::marker::PhantomData))
}

macro_rules! attribute_set {
    ($(#[$doc:meta])* $name:ident, $element:ty) => {
        $(#[$doc])*
        ///
        /// An empty set cannot be stored (DynamoDB rejects it), so serializing one is an
        /// error; leave the attribute out with
        #[doc = concat!("`#[serde(skip_serializing_if = \"", stringify!($name), "::is_empty\")]`.")]
        /// Reading accepts only the matching set type; duplicates collapse.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(BTreeSet<$element>);

        impl $name {
            /// An empty set.
            pub fn new() -> Self {
                Self::default()
            }

            /// Adds an element; returns whether it was new.
            pub fn insert(&mut self, element: impl Into<$element>) -> bool {
                self.0.insert(element.into())
            }

            /// Removes an element; returns whether it was there.
            pub fn remove(&mut self, element: &$element) -> bool {
                self.0.remove(element)
            }

            /// Whether the set holds this element.
            pub fn contains(&self, element: &$element) -> bool {
                self.0.contains(element)
            }

            /// Number of elements.
            pub fn len(&self) -> usize {
                self.0.len()
            }

            /// Whether the set is empty (and so cannot be stored).
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }

            /// The elements in order.
            pub fn iter(&self) -> std::collections::btree_set::Iter<'_, $element> {
                self.0.iter()
            }

            /// The underlying set.
            pub fn as_set(&self) -> &BTreeSet<$element> {
                &self.0
            }

            /// Unwraps the underlying set.
            pub fn into_set(self) -> BTreeSet<$element> {
                self.0
            }
        }

        impl From<BTreeSet<$element>> for $name {
            fn from(set: BTreeSet<$element>) -> Self {
                $name(set)
            }
        }

        impl From<$name> for BTreeSet<$element> {
            fn from(set: $name) -> Self {
                set.0
            }
        }

        impl<T: Into<$element>> FromIterator<T> for $name {
            fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
                $name(iter.into_iter().map(Into::into).collect())
            }
        }

        impl<T: Into<$element>> Extend<T> for $name {
            fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
                self.0.extend(iter.into_iter().map(Into::into));
            }
        }

        impl IntoIterator for $name {
            type Item = $element;
            type IntoIter = std::collections::btree_set::IntoIter<$element>;

            fn into_iter(self) -> Self::IntoIter {
                self.0.into_iter()
            }
        }

        impl<'a> IntoIterator for &'a $name {
            type Item = &'a $element;
            type IntoIter = std::collections::btree_set::Iter<'a, $element>;

            fn into_iter(self) -> Self::IntoIter {
                self.0.iter()
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_set(&self.0, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_set(deserializer).map($name)
            }
        }
    };
}

attribute_set!(
    /// A string set (`SS`).
    ///
    /// ```
    /// use rboto_dynamodb::{to_attribute_value, StringSet};
    ///
    /// let tags: StringSet = ["red", "blue", "red"].into_iter().collect();
    /// assert_eq!(to_attribute_value(&tags)?, serde_json::json!({"SS": ["blue", "red"]}));
    /// # Ok::<(), rboto_runtime::Error>(())
    /// ```
    StringSet,
    String
);

attribute_set!(
    /// A number set (`NS`) of exact [`Number`]s.
    ///
    /// ```
    /// use rboto_dynamodb::{to_attribute_value, Number, NumberSet};
    ///
    /// let mut scores = NumberSet::new();
    /// scores.insert(10);
    /// scores.insert("2.50".parse::<Number>()?);
    /// assert_eq!(to_attribute_value(&scores)?, serde_json::json!({"NS": ["2.5", "10"]}));
    /// # Ok::<(), rboto_runtime::Error>(())
    /// ```
    NumberSet,
    Number
);

attribute_set!(
    /// A binary set (`BS`); elements go over the wire base64-encoded.
    ///
    /// ```
    /// use rboto_dynamodb::{to_attribute_value, BinarySet};
    ///
    /// let keys: BinarySet = [b"\x00\x01".to_vec()].into_iter().collect();
    /// assert_eq!(to_attribute_value(&keys)?, serde_json::json!({"BS": ["AAE="]}));
    /// # Ok::<(), rboto_runtime::Error>(())
    /// ```
    BinarySet,
    Vec<u8>
);
