//! A serde `Deserializer` that reads any type out of a DynamoDB attribute value.

use std::borrow::Cow;

use serde::de::value::{BorrowedStrDeserializer, CowStrDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde_json::{Map, Value};

use super::number::{Number, NUMBER_TOKEN};
use super::path_error::PathError;
use super::sets::{SetKind, SET_TOKENS};

/// One attribute value, its type tag looked at.
#[derive(Clone, Copy)]
pub(crate) enum Attr<'de> {
    S(&'de str),
    N(&'de str),
    B(&'de str),
    Bool(bool),
    Null,
    M(&'de Map<String, Value>),
    L(&'de [Value]),
    Set(SetKind, &'de [Value]),
}

impl<'de> Attr<'de> {
    /// Reads the type tag of `{"S": "..."}` and friends.
    pub(crate) fn classify(value: &'de Value) -> Result<Self, PathError> {
        let entry = match value {
            Value::Object(map) if map.len() == 1 => map.iter().next(),
            _ => None,
        };
        let Some((tag, payload)) = entry else {
            return Err(PathError::new(format!(
                "expected an attribute value with one type tag, such as {{\"S\": \"text\"}}, found {}",
                rboto_runtime::protocol::timestamp::describe(value)
            )));
        };
        let mismatch = |what: &str| {
            PathError::new(format!(
                "a {tag} attribute value holds {what}, found {}",
                rboto_runtime::protocol::timestamp::describe(payload)
            ))
        };
        Ok(match (tag.as_str(), payload) {
            ("S", Value::String(s)) => Attr::S(s),
            ("N", Value::String(s)) => Attr::N(s),
            ("B", Value::String(s)) => Attr::B(s),
            ("BOOL", Value::Bool(b)) => Attr::Bool(*b),
            ("NULL", _) => Attr::Null,
            ("M", Value::Object(map)) => Attr::M(map),
            ("L", Value::Array(items)) => Attr::L(items),
            ("SS", Value::Array(items)) => Attr::Set(SetKind::String, items),
            ("NS", Value::Array(items)) => Attr::Set(SetKind::Number, items),
            ("BS", Value::Array(items)) => Attr::Set(SetKind::Binary, items),
            ("S" | "N" | "B", _) => return Err(mismatch("a string")),
            ("BOOL", _) => return Err(mismatch("a boolean")),
            ("M", _) => return Err(mismatch("an object")),
            ("L" | "SS" | "NS" | "BS", _) => return Err(mismatch("an array")),
            _ => {
                return Err(PathError::new(format!(
                    "unknown attribute value type {tag:?} (expected S, N, B, BOOL, NULL, M, L, SS, NS or BS)"
                )))
            }
        })
    }

    /// One element of a set.
    fn element(kind: SetKind, value: &'de Value) -> Result<Self, PathError> {
        match (kind, value) {
            (SetKind::String, Value::String(s)) => Ok(Attr::S(s)),
            (SetKind::Number, Value::String(s)) => Ok(Attr::N(s)),
            (SetKind::Binary, Value::String(s)) => Ok(Attr::B(s)),
            _ => Err(PathError::new(format!(
                "a {} element must be a string, found {}",
                kind.tag(),
                rboto_runtime::protocol::timestamp::describe(value)
            ))),
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Attr::S(_) => "a string (S)",
            Attr::N(_) => "a number (N)",
            Attr::B(_) => "binary (B)",
            Attr::Bool(_) => "a boolean (BOOL)",
            Attr::Null => "null (NULL)",
            Attr::M(_) => "a map (M)",
            Attr::L(_) => "a list (L)",
            Attr::Set(SetKind::String, _) => "a string set (SS)",
            Attr::Set(SetKind::Number, _) => "a number set (NS)",
            Attr::Set(SetKind::Binary, _) => "a binary set (BS)",
        }
    }
}

/// Reads a type out of one attribute value.
pub(crate) struct AttributeValueDeserializer<'de> {
    attr: Attr<'de>,
}

impl<'de> AttributeValueDeserializer<'de> {
    pub(crate) fn new(attr: Attr<'de>) -> Self {
        AttributeValueDeserializer { attr }
    }

    fn expected(&self, what: &str) -> PathError {
        PathError::new(format!("expected {what}, found {}", self.attr.describe()))
    }

    fn number(&self, target: &str) -> Result<Number, PathError> {
        match self.attr {
            Attr::N(text) => parse_number(text, target),
            _ => Err(self.expected(&format!("a number (N) for {target}"))),
        }
    }
}

/// An `N` attribute's text as a [`Number`], to be read as `target`.
pub(super) fn parse_number(text: &str, target: &str) -> Result<Number, PathError> {
    text.parse::<Number>()
        .map_err(|e| PathError::new(format!("cannot read {target}: {}", PathError::from(e))))
}

/// A `B` attribute's base64 text as bytes.
pub(super) fn decode_binary(text: &str) -> Result<Vec<u8>, PathError> {
    rboto_runtime::protocol::blob::decode(text)
        .map_err(|e| PathError::new(format!("binary (B) value is not valid base64: {e}")))
}

/// An `N` attribute's text as the integer type `T` (named `target`): exact, or an error
/// saying whether it is not whole or does not fit.
pub(super) fn parse_integer<T>(text: &str, target: &str) -> Result<T, PathError>
where
    T: std::str::FromStr + TryFrom<i128> + TryFrom<u128>,
{
    if let Ok(value) = text.parse::<T>() {
        return Ok(value);
    }
    let number = parse_number(text, target)?;
    let exact = number
        .to_i128()
        .ok()
        .and_then(|wide| T::try_from(wide).ok())
        .or_else(|| {
            number
                .to_u128()
                .ok()
                .and_then(|wide| T::try_from(wide).ok())
        });
    match exact {
        Some(value) => Ok(value),
        None if !number.is_integer() => Err(PathError::new(format!(
            "number {number} is not a whole number, so it cannot be read as {target}"
        ))),
        None => Err(PathError::new(format!(
            "number {number} does not fit in {target}"
        ))),
    }
}

/// The Rust form a self-describing read gives an `N` attribute.
pub(super) enum NaturalNumber {
    I64(i64),
    U64(u64),
    F64(f64),
    /// Neither an integer that fits nor an exact float: handed over as its decimal text,
    /// so nothing is rounded.
    Text,
}

/// How [`deserialize_any`](Deserializer::deserialize_any) hands over an `N` attribute: a
/// whole number that fits as `i64`/`u64`, else `f64` when that is exact, else its text.
pub(super) fn natural_number(text: &str) -> Result<NaturalNumber, PathError> {
    if let Ok(v) = text.parse::<i64>() {
        return Ok(NaturalNumber::I64(v));
    }
    let number = parse_number(text, "a number")?;
    Ok(if let Ok(v) = number.to_i64() {
        NaturalNumber::I64(v)
    } else if let Ok(v) = number.to_u64() {
        NaturalNumber::U64(v)
    } else if let Ok(v) = number.to_f64() {
        NaturalNumber::F64(v)
    } else {
        NaturalNumber::Text
    })
}

/// A one-character `S` attribute as that character.
pub(super) fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Calls `$each` with every integer type's `deserialize_*` method, visitor method and type,
/// for the deserializers that read integers out of text.
macro_rules! every_integer {
    ($each:ident) => {
        $each! {
            deserialize_i8 => visit_i8: i8;
            deserialize_i16 => visit_i16: i16;
            deserialize_i32 => visit_i32: i32;
            deserialize_i64 => visit_i64: i64;
            deserialize_i128 => visit_i128: i128;
            deserialize_u8 => visit_u8: u8;
            deserialize_u16 => visit_u16: u16;
            deserialize_u32 => visit_u32: u32;
            deserialize_u64 => visit_u64: u64;
            deserialize_u128 => visit_u128: u128;
        }
    };
}
pub(super) use every_integer;

macro_rules! deserialize_integer {
    ($($method:ident => $visit:ident: $t:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
            match self.attr {
                Attr::N(text) => visitor.$visit(parse_integer::<$t>(text, stringify!($t))?),
                _ => Err(self.expected(concat!("a number (N) for ", stringify!($t)))),
            }
        }
    )*};
}

impl<'de> Deserializer<'de> for AttributeValueDeserializer<'de> {
    type Error = PathError;

    /// Hands the visitor the attribute's natural Rust form: a number as `i64`/`u64` when it
    /// is a whole number that fits, else as `f64` when that is exact; binary as bytes.
    ///
    /// A number that fits none of those, and a set, have no form a loose type
    /// (`serde_json::Value`) could write back unchanged, so they are handed over wrapped in a
    /// newtype (the decimal text; the set's elements as a sequence): [`Number`], the set
    /// types and `Document` read them, and a type without a newtype form refuses them
    /// instead of turning a number into a string or a set into a list.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::S(s) => visitor.visit_borrowed_str(s),
            Attr::N(text) => match natural_number(text)? {
                NaturalNumber::I64(v) => visitor.visit_i64(v),
                NaturalNumber::U64(v) => visitor.visit_u64(v),
                NaturalNumber::F64(v) => visitor.visit_f64(v),
                NaturalNumber::Text => visitor
                    .visit_newtype_struct(BorrowedStrDeserializer::<PathError>::new(text))
                    .map_err(|e| e.explain_no_exact_form(|| wide_number_message(text))),
            },
            Attr::B(text) => visitor.visit_byte_buf(decode_binary(text)?),
            Attr::Bool(b) => visitor.visit_bool(b),
            Attr::Null => visitor.visit_unit(),
            Attr::M(map) => visitor
                .visit_map(MapReader::new(map))
                .map_err(|e| e.locate_refusal_in(map)),
            Attr::L(items) => visitor.visit_seq(ListReader::new(None, items)),
            Attr::Set(kind, items) => visitor
                .visit_newtype_struct(SetElements { kind, items })
                .map_err(|e: PathError| e.explain_no_exact_form(|| set_message(kind))),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::Bool(b) => visitor.visit_bool(b),
            _ => Err(self.expected("a boolean (BOOL)")),
        }
    }

    every_integer!(deserialize_integer);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        let number = self.number("f32")?;
        visitor.visit_f32(number.to_f32().map_err(PathError::from)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        let number = self.number("f64")?;
        visitor.visit_f64(number.to_f64().map_err(PathError::from)?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::S(s) => match single_char(s) {
                Some(c) => visitor.visit_char(c),
                None => Err(self.expected("a one-character string (S)")),
            },
            _ => Err(self.expected("a one-character string (S)")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::S(s) => visitor.visit_borrowed_str(s),
            _ => Err(self.expected("a string (S)")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::B(text) => visitor.visit_byte_buf(decode_binary(text)?),
            Attr::L(items) => visitor.visit_seq(ListReader::new(None, items)),
            _ => Err(self.expected("binary (B)")),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::Null => visitor.visit_unit(),
            _ => Err(self.expected("null (NULL)")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        if name == NUMBER_TOKEN {
            return match self.attr {
                Attr::N(text) => visitor.visit_borrowed_str(text),
                _ => Err(self.expected("a number (N)")),
            };
        }
        if let Some(kind) = SET_TOKENS.iter().find(|k| k.token() == name) {
            return match self.attr {
                Attr::Set(found, items) if found == *kind => {
                    visitor.visit_newtype_struct(SetElements { kind: found, items })
                }
                _ => Err(self.expected(&format!("a {} ({})", kind.type_name(), kind.tag()))),
            };
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::L(items) => visitor.visit_seq(ListReader::new(None, items)),
            Attr::Set(kind, _) => Err(PathError::new(set_into_list_message(kind))),
            _ => Err(self.expected("a list (L) or set")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::M(map) => visitor
                .visit_map(MapReader::new(map))
                .map_err(|e| e.locate_refusal_in(map)),
            _ => Err(self.expected("a map (M)")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        match self.attr {
            Attr::S(variant) => visitor.visit_enum(BorrowedStrDeserializer::new(variant)),
            Attr::M(map) if map.len() == 1 => {
                let (variant, value) = map.iter().next().expect("one entry");
                visitor.visit_enum(VariantReader { variant, value })
            }
            _ => Err(self.expected(
                "an enum: a string (S) naming a unit variant, or a map (M) with one entry",
            )),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        visitor.visit_unit()
    }
}

/// The message for a number that only a type with an exact number form can hold.
pub(super) fn wide_number_message(text: &str) -> String {
    format!(
        "number {text} fits neither i64, u64 nor f64 exactly, so this type (such as \
         serde_json::Value) would store it back changed; read it into a Number field or a Document"
    )
}

/// The message for a set that only a type with a set form can hold.
pub(super) fn set_message(kind: SetKind) -> String {
    format!(
        "a {} ({}) read into this type (such as serde_json::Value) would be stored back as \
         a list (L); read it into a {} field or a Document",
        kind.type_name(),
        kind.tag(),
        kind.rust_name()
    )
}

/// The message for a set read into a list type, which would store it back as a list.
pub(super) fn set_into_list_message(kind: SetKind) -> String {
    format!(
        "a {} ({}) read into a list type (Vec, HashSet, BTreeSet) would be stored back as a \
         list (L); read it into a {} field, or give the field \
         #[serde(with = \"rboto::dynamodb::as_set\")]",
        kind.type_name(),
        kind.tag(),
        kind.rust_name()
    )
}

impl PathError {
    /// A refusal that surfaced from a map without a path (serde buffers `#[serde(flatten)]`
    /// fields and untagged enums, then reads the buffer into the loose type after the map's
    /// walk) is pinned on the first attribute of `map` that only an exact type can hold.
    fn locate_refusal_in(self, map: &Map<String, Value>) -> PathError {
        if !self.is_unexplained_refusal() {
            return self;
        }
        first_without_loose_form(map).unwrap_or(self)
    }
}

/// The first attribute, depth first, that a loose type would store back changed.
fn first_without_loose_form(map: &Map<String, Value>) -> Option<PathError> {
    fn look(value: &Value) -> Option<PathError> {
        match Attr::classify(value).ok()? {
            Attr::N(text) => matches!(natural_number(text), Ok(NaturalNumber::Text))
                .then(|| PathError::new(wide_number_message(text))),
            Attr::Set(kind, _) => Some(PathError::new(set_message(kind))),
            Attr::B(_) => Some(PathError::new(
                "binary (B) has no form in this type (such as serde_json::Value); read it \
                 into a serde_bytes field or a Document",
            )),
            Attr::M(map) => first_without_loose_form(map),
            Attr::L(items) => items
                .iter()
                .enumerate()
                .find_map(|(index, item)| look(item).map(|e| e.at_index(index))),
            _ => None,
        }
    }
    map.iter()
        .find_map(|(key, value)| look(value).map(|e| e.at_key(key)))
}

/// A set's elements, the inside of the newtype a self-describing read hands a set over in.
struct SetElements<'de> {
    kind: SetKind,
    items: &'de [Value],
}

impl<'de> Deserializer<'de> for SetElements<'de> {
    type Error = PathError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        visitor.visit_seq(ListReader::new(Some(self.kind), self.items))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// Walks a list or a set.
struct ListReader<'de> {
    set: Option<SetKind>,
    items: std::slice::Iter<'de, Value>,
    index: usize,
}

impl<'de> ListReader<'de> {
    fn new(set: Option<SetKind>, items: &'de [Value]) -> Self {
        ListReader {
            set,
            items: items.iter(),
            index: 0,
        }
    }
}

impl<'de> de::SeqAccess<'de> for ListReader<'de> {
    type Error = PathError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, PathError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        let attr = match self.set {
            Some(kind) => Attr::element(kind, item),
            None => Attr::classify(item),
        }
        .map_err(|e| e.at_index(index))?;
        seed.deserialize(AttributeValueDeserializer::new(attr))
            .map(Some)
            .map_err(|e| e.at_index(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// Walks a map's entries.
struct MapReader<'de> {
    entries: serde_json::map::Iter<'de>,
    value: Option<(&'de str, &'de Value)>,
}

impl<'de> MapReader<'de> {
    fn new(map: &'de Map<String, Value>) -> Self {
        MapReader {
            entries: map.iter(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for MapReader<'de> {
    type Error = PathError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, PathError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        seed.deserialize(KeyDeserializer::new(Cow::Borrowed(key)))
            .map(Some)
            .map_err(|e| e.at_key(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, PathError> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| PathError::new("a map value was read before its key"))?;
        let attr = Attr::classify(value).map_err(|e| e.at_key(key))?;
        seed.deserialize(AttributeValueDeserializer::new(attr))
            .map_err(|e| e.at_key(key))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The variant of an enum written as a one-entry map.
struct VariantReader<'de> {
    variant: &'de str,
    value: &'de Value,
}

impl<'de> de::EnumAccess<'de> for VariantReader<'de> {
    type Error = PathError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), PathError> {
        let variant = seed.deserialize(BorrowedStrDeserializer::<PathError>::new(self.variant))?;
        Ok((variant, self))
    }
}

impl<'de> VariantReader<'de> {
    fn inner(&self) -> Result<AttributeValueDeserializer<'de>, PathError> {
        Attr::classify(self.value)
            .map(AttributeValueDeserializer::new)
            .map_err(|e| e.at_key(self.variant))
    }
}

impl<'de> de::VariantAccess<'de> for VariantReader<'de> {
    type Error = PathError;

    fn unit_variant(self) -> Result<(), PathError> {
        match self.inner()?.attr {
            Attr::Null => Ok(()),
            other => Err(PathError::new(format!(
                "a unit variant holds null (NULL), found {}",
                other.describe()
            ))
            .at_key(self.variant)),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, PathError> {
        seed.deserialize(self.inner()?)
            .map_err(|e| e.at_key(self.variant))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.inner()?
            .deserialize_seq(visitor)
            .map_err(|e| e.at_key(self.variant))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.inner()?
            .deserialize_map(visitor)
            .map_err(|e| e.at_key(self.variant))
    }
}

/// Reads a map key: a string, or an integer written as text (like JSON object keys).
pub(super) struct KeyDeserializer<'de> {
    key: Cow<'de, str>,
}

impl<'de> KeyDeserializer<'de> {
    pub(super) fn new(key: Cow<'de, str>) -> Self {
        KeyDeserializer { key }
    }
}

macro_rules! deserialize_integer_key {
    ($($method:ident => $visit:ident: $t:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
            let value = self.key.parse::<$t>().map_err(|_| {
                PathError::new(format!("map key {:?} is not a {}", self.key, stringify!($t)))
            })?;
            visitor.$visit(value)
        }
    )*};
}

impl<'de> Deserializer<'de> for KeyDeserializer<'de> {
    type Error = PathError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.key {
            Cow::Borrowed(key) => visitor.visit_borrowed_str(key),
            Cow::Owned(key) => visitor.visit_string(key),
        }
    }

    every_integer!(deserialize_integer_key);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        visitor.visit_enum(CowStrDeserializer::new(self.key))
    }

    serde::forward_to_deserialize_any! {
        bool f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}
