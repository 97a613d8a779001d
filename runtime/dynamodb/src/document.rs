//! [`Document`]: any attribute value, every DynamoDB type kept exactly, for items without a
//! Rust type of their own; and [`document!`](crate::document), to write one like `json!`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use super::item::{Item, KeySchema};
use super::number::Number;
use super::path_error::PathError;
use super::sets::{BinarySet, NumberSet, StringSet};
use rboto_runtime::Error;

/// One DynamoDB attribute value of any type, kept exactly: a schemaless item is a
/// [`Document::M`].
///
/// Reading an item into a `Document` and writing it back stores it unchanged: numbers keep
/// all 38 digits ([`Number`]), sets stay sets, binary stays binary. `serde_json::Value`
/// cannot promise that (it has no sets, no binary, and numbers only as wide as `f64`), so
/// rboto refuses to read those into it; `Document` is what to use instead. It is an
/// [`Item`] whose key is a `Document` map of the key attributes, so every table method
/// takes it.
///
/// ```
/// use rboto_dynamodb::document;
/// use rboto_dynamodb::{from_item, to_item, Document, StringSet};
///
/// let tags: StringSet = ["admin", "math"].into_iter().collect();
/// let ada = document!({
///     "pk": "user#1",
///     "balance": 12345678901234567890.25,
///     "tags": tags,
///     "address": {"city": "London", "zip": null},
///     "scores": [1, 2.5, -3],
/// });
/// let item = to_item(&ada)?;
/// assert_eq!(item["balance"], serde_json::json!({"N": "12345678901234567890.25"}));
/// assert_eq!(item["tags"], serde_json::json!({"SS": ["admin", "math"]}));
/// assert_eq!(from_item::<Document>(&item)?, ada);
/// # Ok::<(), rboto_runtime::Error>(())
/// ```
///
/// # Converting to and from `serde_json::Value`
///
/// [`Document::from_json`] maps `null` to `Null`, booleans to `Bool`, numbers to `N`
/// (exactly; a float outside DynamoDB's range is an error), strings to `S`, arrays to `L`
/// and objects to `M`. [`Document::to_json`] maps back the same way, and is one-way for
/// what JSON lacks: sets become arrays, binary becomes base64 text, and a number JSON
/// cannot hold exactly (beyond `i64`/`u64`, and not an exact `f64`) is an error naming
/// its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Document {
    /// A string (`S`).
    S(String),
    /// A number (`N`), exact to DynamoDB's 38 digits.
    N(Number),
    /// Binary (`B`).
    B(Vec<u8>),
    /// A string set (`SS`).
    Ss(StringSet),
    /// A number set (`NS`).
    Ns(NumberSet),
    /// A binary set (`BS`).
    Bs(BinarySet),
    /// A boolean (`BOOL`).
    Bool(bool),
    /// Null (`NULL`).
    Null,
    /// A list (`L`).
    L(Vec<Document>),
    /// A map (`M`); a whole item is one.
    M(BTreeMap<String, Document>),
}

impl Document {
    /// An empty map, to fill with [`insert`](Self::insert).
    pub fn map() -> Self {
        Document::M(BTreeMap::new())
    }

    /// Sets `name` in a map to `value`, returning the map (a builder step); on anything
    /// but a map the document is returned unchanged.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Document>) -> Self {
        if let Document::M(map) = &mut self {
            map.insert(name.into(), value.into());
        }
        self
    }

    /// Sets `name` in a map to `value`, returning the value it replaced; `None` as well
    /// when this is not a map.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Document>) -> Option<Self> {
        match self {
            Document::M(map) => map.insert(name.into(), value.into()),
            _ => None,
        }
    }

    /// The attribute `name` of a map.
    pub fn get(&self, name: &str) -> Option<&Document> {
        match self {
            Document::M(map) => map.get(name),
            _ => None,
        }
    }

    /// The entries of a map.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Document>> {
        match self {
            Document::M(map) => Some(map),
            _ => None,
        }
    }

    /// The elements of a list.
    pub fn as_list(&self) -> Option<&[Document]> {
        match self {
            Document::L(items) => Some(items),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Document::S(text) => Some(text),
            _ => None,
        }
    }

    /// The value of a number.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Document::N(number) => Some(number),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Document::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The bytes of a binary value.
    pub fn as_binary(&self) -> Option<&[u8]> {
        match self {
            Document::B(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// Whether this is `NULL`.
    pub fn is_null(&self) -> bool {
        matches!(self, Document::Null)
    }

    /// DynamoDB's name for this value's type (`"S"`, `"NS"`, ...).
    pub fn type_tag(&self) -> &'static str {
        match self {
            Document::S(_) => "S",
            Document::N(_) => "N",
            Document::B(_) => "B",
            Document::Ss(_) => "SS",
            Document::Ns(_) => "NS",
            Document::Bs(_) => "BS",
            Document::Bool(_) => "BOOL",
            Document::Null => "NULL",
            Document::L(_) => "L",
            Document::M(_) => "M",
        }
    }

    /// A document from JSON: `null` → `Null`, booleans → `Bool`, numbers → `N`, strings →
    /// `S`, arrays → `L`, objects → `M`. A float outside DynamoDB's range is an error
    /// naming its path.
    ///
    /// ```
    /// use rboto_dynamodb::Document;
    ///
    /// let doc = Document::from_json(&serde_json::json!({"n": 1.5, "s": "x"}))?;
    /// assert_eq!(doc, rboto_dynamodb::document!({"n": 1.5, "s": "x"}));
    /// # Ok::<(), rboto_runtime::Error>(())
    /// ```
    pub fn from_json(value: &Value) -> Result<Document, Error> {
        fn convert(value: &Value) -> Result<Document, PathError> {
            Ok(match value {
                Value::Null => Document::Null,
                Value::Bool(b) => Document::Bool(*b),
                Value::Number(n) => Document::N(json_number(n)?),
                Value::String(s) => Document::S(s.clone()),
                Value::Array(items) => Document::L(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| convert(item).map_err(|e| e.at_index(i)))
                        .collect::<Result<_, _>>()?,
                ),
                Value::Object(map) => Document::M(
                    map.iter()
                        .map(|(k, v)| Ok((k.clone(), convert(v).map_err(|e| e.at_key(k))?)))
                        .collect::<Result<_, PathError>>()?,
                ),
            })
        }
        convert(value).map_err(super::write_error)
    }

    /// This document as JSON: `S` → string, `N` → number, `BOOL` → boolean, `NULL` →
    /// `null`, `L` and the sets → arrays, `M` → object, `B` (and `BS` elements) → base64
    /// text. A number that no JSON number holds exactly (beyond `i64`/`u64` and not an
    /// exact `f64`) is an error naming its path.
    ///
    /// ```
    /// use rboto_dynamodb::{document, Number, StringSet};
    ///
    /// let tags: StringSet = ["a"].into_iter().collect();
    /// let doc = document!({"tags": tags, "n": 7});
    /// assert_eq!(doc.to_json()?, serde_json::json!({"tags": ["a"], "n": 7}));
    /// let wide: Number = "12345678901234567890123".parse()?;
    /// assert!(document!({"n": wide}).to_json().is_err());
    /// # Ok::<(), rboto_runtime::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<Value, Error> {
        fn number(n: &Number) -> Result<Value, PathError> {
            if let Ok(v) = n.to_i64() {
                return Ok(v.into());
            }
            if let Ok(v) = n.to_u64() {
                return Ok(v.into());
            }
            n.to_f64()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| {
                    PathError::new(format!(
                        "number {n} has no exact JSON number (it fits neither i64, u64 nor f64 exactly)"
                    ))
                })
        }
        fn convert(doc: &Document) -> Result<Value, PathError> {
            let base64 = |bytes: &[u8]| Value::String(rboto_runtime::protocol::blob::encode(bytes));
            Ok(match doc {
                Document::S(s) => Value::String(s.clone()),
                Document::N(n) => number(n)?,
                Document::B(b) => base64(b),
                Document::Ss(set) => set.iter().map(|s| Value::String(s.clone())).collect(),
                Document::Ns(set) => Value::Array(
                    set.iter()
                        .enumerate()
                        .map(|(i, n)| number(n).map_err(|e| e.at_index(i)))
                        .collect::<Result<_, _>>()?,
                ),
                Document::Bs(set) => set.iter().map(|b| base64(b)).collect(),
                Document::Bool(b) => Value::Bool(*b),
                Document::Null => Value::Null,
                Document::L(items) => Value::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| convert(item).map_err(|e| e.at_index(i)))
                        .collect::<Result<_, _>>()?,
                ),
                Document::M(map) => Value::Object(
                    map.iter()
                        .map(|(k, v)| Ok((k.clone(), convert(v).map_err(|e| e.at_key(k))?)))
                        .collect::<Result<_, PathError>>()?,
                ),
            })
        }
        convert(self).map_err(|e| Error::validation(vec![e.to_string()]))
    }
}

/// A JSON number as an exact [`Number`].
fn json_number(n: &serde_json::Number) -> Result<Number, PathError> {
    if let Some(v) = n.as_i64() {
        Ok(Number::from(v))
    } else if let Some(v) = n.as_u64() {
        Ok(Number::from(v))
    } else {
        // Without `arbitrary_precision` a JSON number is an i64, u64 or f64; with it, its
        // text is the exact value.
        n.to_string()
            .parse::<Number>()
            .map_err(PathError::from)
            .or_else(|_| {
                n.as_f64()
                    .map_or(Err(PathError::new(format!("number {n}"))), |f| {
                        Number::try_from(f).map_err(PathError::from)
                    })
            })
    }
}

/// An item type without a declared schema: its key is a `Document` map holding the key
/// attributes (`document!({"pk": "a", "sk": 1})`), taken as given.
impl Item for Document {
    type Key = Document;
    const SCHEMA: KeySchema = KeySchema::SCHEMALESS;
}

impl Serialize for Document {
    /// rboto's item serializers write each variant as its DynamoDB type; other formats see
    /// the plain value (sets as sequences, numbers as decimal text).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Document::S(s) => serializer.serialize_str(s),
            Document::N(n) => n.serialize(serializer),
            Document::B(b) => serializer.serialize_bytes(b),
            Document::Ss(set) => set.serialize(serializer),
            Document::Ns(set) => set.serialize(serializer),
            Document::Bs(set) => set.serialize(serializer),
            Document::Bool(b) => serializer.serialize_bool(*b),
            Document::Null => serializer.serialize_unit(),
            Document::L(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Document::M(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(k, v)?;
                }
                out.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Document {
    /// Reads any attribute value exactly from an item; from other formats, any
    /// self-describing value (strings as `S`, numbers as `N`, bytes as `B`, ...).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a DynamoDB attribute value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Document, E> {
        Ok(Document::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Document, E> {
        Ok(Document::N(Number::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Document, E> {
        Ok(Document::N(Number::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Document, E> {
        Number::try_from(v).map(Document::N).map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Document, E> {
        Number::try_from(v).map(Document::N).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Document, E> {
        Number::try_from(v).map(Document::N).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Document, E> {
        Ok(Document::S(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Document, E> {
        Ok(Document::S(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Document, E> {
        Ok(Document::B(v.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Document, E> {
        Ok(Document::B(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        Document::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Document::L(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<String, Document>()? {
            out.insert(k, v);
        }
        Ok(Document::M(out))
    }

    /// rboto's readers hand over a number too wide for `i64`/`u64`/`f64` as a newtype of
    /// its text, and a set as a newtype of its elements.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        d.deserialize_any(WrappedVisitor)
    }
}

/// The inside of a newtype from rboto's readers: a number's text or a set's elements.
struct WrappedVisitor;

impl<'de> Visitor<'de> for WrappedVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number's decimal text or a set's elements")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Document, E> {
        v.parse::<Number>().map(Document::N).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
        let mut strings = StringSet::new();
        let mut numbers = NumberSet::new();
        let mut binaries = BinarySet::new();
        while let Some(element) = seq.next_element::<Document>()? {
            match element {
                Document::S(s) => strings.insert(s),
                Document::N(n) => numbers.insert(n),
                Document::B(b) => binaries.insert(b),
                other => {
                    return Err(de::Error::custom(format!(
                        "a set element must be S, N or B, found {}",
                        other.type_tag()
                    )))
                }
            };
        }
        match (strings.is_empty(), numbers.is_empty(), binaries.is_empty()) {
            (false, true, true) => Ok(Document::Ss(strings)),
            (true, false, true) => Ok(Document::Ns(numbers)),
            (true, true, false) => Ok(Document::Bs(binaries)),
            (true, true, true) => Err(de::Error::custom("a set with no elements")),
            _ => Err(de::Error::custom("a set mixes element types")),
        }
    }
}

macro_rules! from_value {
    ($($t:ty => $variant:ident $(via $via:path)?;)*) => {$(
        impl From<$t> for Document {
            fn from(value: $t) -> Self {
                Document::$variant($($via)?(value))
            }
        }
    )*};
}

from_value! {
    String => S;
    bool => Bool;
    Number => N;
    StringSet => Ss;
    NumberSet => Ns;
    BinarySet => Bs;
    Vec<Document> => L;
    BTreeMap<String, Document> => M;
    i8 => N via Number::from;
    i16 => N via Number::from;
    i32 => N via Number::from;
    i64 => N via Number::from;
    u8 => N via Number::from;
    u16 => N via Number::from;
    u32 => N via Number::from;
    u64 => N via Number::from;
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Document::S(value.to_owned())
    }
}

impl From<&String> for Document {
    fn from(value: &String) -> Self {
        Document::S(value.clone())
    }
}

impl<T: Into<Document>> From<Option<T>> for Document {
    /// `None` is `NULL`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Document::Null, Into::into)
    }
}

impl TryFrom<f64> for Document {
    type Error = Error;

    /// Its shortest exact decimal; NaN, infinities and values outside DynamoDB's range are
    /// errors.
    fn try_from(value: f64) -> Result<Self, Error> {
        Number::try_from(value).map(Document::N)
    }
}

impl TryFrom<&Value> for Document {
    type Error = Error;

    /// As [`Document::from_json`].
    fn try_from(value: &Value) -> Result<Self, Error> {
        Document::from_json(value)
    }
}

impl TryFrom<&Document> for Value {
    type Error = Error;

    /// As [`Document::to_json`].
    fn try_from(value: &Document) -> Result<Self, Error> {
        value.to_json()
    }
}

/// How [`document!`](crate::document) turns a literal into a value: a float literal is
/// read from its source text, so `0.1` is exactly one tenth, not the nearest `f64`.
#[doc(hidden)]
pub trait DocumentLiteral {
    /// The literal as a document; `source` is its text as written.
    fn into_document(self, source: &str) -> Document;
}

impl DocumentLiteral for f64 {
    fn into_document(self, source: &str) -> Document {
        let text: String = source
            .trim_end_matches("f64")
            .trim_end_matches("f32")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_')
            .collect();
        match text.parse::<Number>().or_else(|_| Number::try_from(self)) {
            Ok(number) => Document::N(number),
            Err(e) => panic!("document!: the literal {source} is not a DynamoDB number: {e}"),
        }
    }
}

macro_rules! literal_by_value {
    ($($t:ty),*) => {$(
        impl DocumentLiteral for $t {
            fn into_document(self, _source: &str) -> Document {
                Document::from(self)
            }
        }
    )*};
}

literal_by_value!(&str, bool, i8, i16, i32, i64, u8, u16, u32, u64);

/// Builds a [`Document`](crate::Document) the way `serde_json::json!` builds a
/// `Value`: `{..}` is a map (`M`), `[..]` a list (`L`), `null` is `NULL`; literals become
/// `S`, `N` (float literals exactly as written) and `BOOL`; any other expression is
/// converted with `Document::from` (a [`StringSet`](crate::StringSet) becomes
/// `SS`, a [`Number`](crate::Number) `N`, `Document::B(bytes)` is binary).
///
/// ```
/// use rboto_dynamodb::document;
/// use rboto_dynamodb::{Document, NumberSet};
///
/// let id = 7;
/// let sizes: NumberSet = [1, 2].into_iter().collect();
/// let doc = document!({"pk": format!("USER#{id}"), "sizes": sizes, "blob": Document::B(vec![0, 1]), "ok": true});
/// assert_eq!(doc.get("pk").and_then(Document::as_str), Some("USER#7"));
/// assert_eq!(doc.get("sizes").map(Document::type_tag), Some("NS"));
/// ```
///
/// # Panics
///
/// On a float literal outside DynamoDB's range (beyond 1E+126 or closer to zero than
/// 1E-130), which no item can store.
#[macro_export]
macro_rules! document {
    (null) => {
        $crate::Document::Null
    };
    ([]) => {
        $crate::Document::L(::std::vec::Vec::new())
    };
    ([ $($tt:tt)+ ]) => {
        $crate::Document::L($crate::__document_list!([] () $($tt)+))
    };
    ({}) => {
        $crate::Document::map()
    };
    ({ $($tt:tt)+ }) => {{
        let mut map = ::std::collections::BTreeMap::new();
        $crate::__document_map!(map $($tt)+);
        $crate::Document::M(map)
    }};
    ($literal:literal) => {
        $crate::DocumentLiteral::into_document($literal, stringify!($literal))
    };
    ($other:expr) => {
        $crate::Document::from($other)
    };
}

/// The entries of a `document!` map: a key (a literal or a parenthesized expression),
/// `:`, then the value's tokens up to the next top-level comma.
#[doc(hidden)]
#[macro_export]
macro_rules! __document_map {
    ($map:ident) => {};
    ($map:ident $key:literal : $($rest:tt)+) => {
        $crate::__document_entry!($map [$key] () $($rest)+)
    };
    ($map:ident ($key:expr) : $($rest:tt)+) => {
        $crate::__document_entry!($map [$key] () $($rest)+)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __document_entry {
    ($map:ident [$key:expr] ($($value:tt)+) , $($rest:tt)*) => {
        $map.insert(::std::string::String::from($key), $crate::document!($($value)+));
        $crate::__document_map!($map $($rest)*);
    };
    ($map:ident [$key:expr] ($($value:tt)+)) => {
        $map.insert(::std::string::String::from($key), $crate::document!($($value)+));
    };
    ($map:ident [$key:expr] ($($value:tt)*) $next:tt $($rest:tt)*) => {
        $crate::__document_entry!($map [$key] ($($value)* $next) $($rest)*)
    };
}

/// The elements of a `document!` list, each up to the next top-level comma, gathered into
/// one `vec![..]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __document_list {
    ([$($done:expr,)*] ()) => {
        ::std::vec![$($done),*]
    };
    ([$($done:expr,)*] ($($value:tt)+)) => {
        ::std::vec![$($done,)* $crate::document!($($value)+)]
    };
    ([$($done:expr,)*] ($($value:tt)+) , $($rest:tt)*) => {
        $crate::__document_list!([$($done,)* $crate::document!($($value)+),] () $($rest)*)
    };
    ([$($done:expr,)*] ($($value:tt)*) $next:tt $($rest:tt)*) => {
        $crate::__document_list!([$($done,)*] ($($value)* $next) $($rest)*)
    };
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;
    use crate::{from_item, from_item_json, to_item};

    /// The wire form as DynamoDB compares it: numbers by value, sets unordered.
    fn canonical(value: &Value) -> Value {
        let number = |v: &Value| v.as_str().unwrap().parse::<Number>().unwrap().to_string();
        match value {
            Value::Object(map) if map.len() == 1 => {
                let (tag, payload) = map.iter().next().unwrap();
                let payload = match (tag.as_str(), payload) {
                    ("N", n) => Value::String(number(n)),
                    ("NS", Value::Array(items)) => {
                        let mut set: Vec<Number> =
                            items.iter().map(|n| number(n).parse().unwrap()).collect();
                        set.sort();
                        set.iter().map(|n| Value::String(n.to_string())).collect()
                    }
                    ("SS" | "BS", Value::Array(items)) => {
                        let mut set: Vec<&str> =
                            items.iter().map(|v| v.as_str().unwrap()).collect();
                        set.sort();
                        set.into_iter().map(Value::from).collect()
                    }
                    ("L", Value::Array(items)) => items.iter().map(canonical).collect(),
                    ("M", Value::Object(m)) => {
                        Value::Object(m.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
                    }
                    (_, other) => other.clone(),
                };
                json!({ tag: payload })
            }
            other => panic!("not an attribute value: {other}"),
        }
    }

    fn same_item(a: &Value, b: &Value) {
        assert_eq!(canonical(&json!({"M": a})), canonical(&json!({"M": b})));
    }

    fn wire() -> Value {
        json!({
            "s": {"S": ""}, "n": {"N": "-12345678901234567890"}, "tiny": {"N": "1E-130"},
            "huge": {"N": "9.9999999999999999999999999999999999999E+125"},
            "b": {"B": "AAE="}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "0.12345678901234567890123456789"]},
            "bs": {"BS": ["AA==", "AQ=="]}, "t": {"BOOL": true}, "z": {"NULL": true},
            "l": {"L": [{"L": []}, {"M": {}}, {"NS": ["-1E+20"]}]}, "m": {"M": {"deep": {"SS": ["x"]}}},
        })
    }

    #[test]
    fn every_type_reads_and_writes_back_unchanged() {
        let wire = wire();
        let text = serde_json::to_vec(&wire).unwrap();
        let tree: Document = from_item(wire.as_object().unwrap()).unwrap();
        let fast: Document = from_item_json(&text).unwrap();
        assert_eq!(tree, fast);
        same_item(&Value::Object(to_item(&tree).unwrap()), &wire);
        let written = crate::ser_text::write_item(&tree, Vec::new()).unwrap();
        same_item(
            &serde_json::from_slice::<Value>(&written.text).unwrap(),
            &wire,
        );
    }

    #[derive(Deserialize)]
    struct Flattened {
        s: String,
        #[serde(flatten)]
        rest: BTreeMap<String, Document>,
    }

    #[test]
    fn a_flattened_document_map_keeps_every_type() {
        let wire = wire();
        let read: Flattened = from_item(wire.as_object().unwrap()).unwrap();
        let mut back = read.rest;
        back.insert("s".into(), Document::S(read.s));
        same_item(&Value::Object(to_item(&Document::M(back)).unwrap()), &wire);
    }

    #[test]
    fn the_macro_writes_like_json() {
        let nested = document!({"x": [1, -2.50, "t", null, {}], "y": false});
        let built = document!({
            "pk": "a",
            ("sk".to_owned() + "1"): 0.1,
            "nested": nested,
            "opt": Option::<i32>::None,
            "bytes": Document::B(vec![7]),
        });
        assert_eq!(
            Value::Object(to_item(&built).unwrap()),
            json!({
                "pk": {"S": "a"}, "sk1": {"N": "0.1"},
                "nested": {"M": {"x": {"L": [{"N": "1"}, {"N": "-2.5"}, {"S": "t"}, {"NULL": true}, {"M": {}}]},
                                 "y": {"BOOL": false}}},
                "opt": {"NULL": true}, "bytes": {"B": "Bw=="},
            })
        );
    }

    #[test]
    fn json_conversions_follow_the_stated_rules() {
        let json = json!({"a": [1, -2, 1.5, u64::MAX], "s": "x", "z": null, "t": true});
        let doc = Document::from_json(&json).unwrap();
        assert_eq!(doc.to_json().unwrap(), json);
        let wide =
            document!({"deep": [{"n": ("1234567890123456789012".parse::<Number>().unwrap())}]});
        let err = wide.to_json().unwrap_err().to_string();
        assert!(
            err.contains("deep[0].n: number 1234567890123456789012"),
            "{err}"
        );
        assert!(Document::from_json(&json!({"f": 1e300}))
            .unwrap_err()
            .to_string()
            .contains("f:"));
        let sets = document!({"ss": (["b", "a"].into_iter().collect::<StringSet>()), "b": (Document::B(vec![0]))});
        assert_eq!(
            sets.to_json().unwrap(),
            json!({"ss": ["a", "b"], "b": "AA=="})
        );
    }

    #[test]
    fn a_schemaless_key_is_the_map_given() {
        let key = crate::key_attributes::<Document>(&document!({"pk": "a", "sk": 1})).unwrap();
        assert_eq!(
            Value::Object(key),
            json!({"pk": {"S": "a"}, "sk": {"N": "1"}})
        );
        for bad in [
            document!("a"),
            document!({}),
            document!({"pk": [1]}),
            document!({"a": 1, "b": 2, "c": 3}),
        ] {
            assert!(crate::key_attributes::<Document>(&bad).is_err(), "{bad:?}");
        }
    }
}
