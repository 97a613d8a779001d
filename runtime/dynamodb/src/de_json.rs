//! Typed items read straight out of a response's JSON text, the attribute values'
//! `{"S": "..."}` wrappers taken apart as the text is read, so a page of items never exists
//! as a `serde_json::Value` tree.
//!
//! It reads what [`AttributeValueDeserializer`](super::de::AttributeValueDeserializer)
//! reads, with the same conversions (numbers exact, sets and binary through their wrappers).
//! It does not say where a value went wrong: a caller whose read fails reads the same text
//! again through the tree, whose errors name the attribute path.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::CowStrDeserializer;
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, Error as _, IgnoredAny,
    MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::de::{
    decode_binary, every_integer, natural_number, parse_integer, parse_number, single_char,
    KeyDeserializer, NaturalNumber,
};
use super::number::NUMBER_TOKEN;
use super::sets::{SetKind, SET_TOKENS};

/// Reads a type out of an item in JSON text: `{"name": {"S": "Ada"}, ...}`.
pub(crate) fn item<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(Tagged {
        tag: Tag::M,
        de: deserializer,
    })
}

/// An attribute value's type tag.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    S,
    N,
    B,
    Bool,
    Null,
    M,
    L,
    Set(SetKind),
}

impl Tag {
    fn describe(self) -> &'static str {
        match self {
            Tag::S => "a string (S)",
            Tag::N => "a number (N)",
            Tag::B => "binary (B)",
            Tag::Bool => "a boolean (BOOL)",
            Tag::Null => "null (NULL)",
            Tag::M => "a map (M)",
            Tag::L => "a list (L)",
            Tag::Set(SetKind::String) => "a string set (SS)",
            Tag::Set(SetKind::Number) => "a number set (NS)",
            Tag::Set(SetKind::Binary) => "a binary set (BS)",
        }
    }

    /// The tag of one element of a set of this kind.
    fn element(kind: SetKind) -> Tag {
        match kind {
            SetKind::String => Tag::S,
            SetKind::Number => Tag::N,
            SetKind::Binary => Tag::B,
        }
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(TagVisitor)
    }
}

struct TagVisitor;

impl Visitor<'_> for TagVisitor {
    type Value = Tag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an attribute value type (S, N, B, BOOL, NULL, M, L, SS, NS or BS)")
    }

    fn visit_str<E: de::Error>(self, tag: &str) -> Result<Tag, E> {
        Ok(match tag {
            "S" => Tag::S,
            "N" => Tag::N,
            "B" => Tag::B,
            "BOOL" => Tag::Bool,
            "NULL" => Tag::Null,
            "M" => Tag::M,
            "L" => Tag::L,
            "SS" => Tag::Set(SetKind::String),
            "NS" => Tag::Set(SetKind::Number),
            "BS" => Tag::Set(SetKind::Binary),
            _ => return Err(E::custom(format!("unknown attribute value type {tag:?}"))),
        })
    }
}

/// Which `deserialize_*` method the target type called, kept while the type tag is read.
#[derive(Clone, Copy)]
enum Hint {
    Any,
    Bool,
    I8,
    I16,
    I32,
    I64,
    I128,
    U8,
    U16,
    U32,
    U64,
    U128,
    F32,
    F64,
    Char,
    Str,
    String,
    Bytes,
    ByteBuf,
    Option,
    Unit,
    UnitStruct(&'static str),
    NewtypeStruct(&'static str),
    Seq,
    Tuple(usize),
    TupleStruct(&'static str, usize),
    Map,
    Struct(&'static str, &'static [&'static str]),
    Enum(&'static str, &'static [&'static str]),
    Identifier,
    IgnoredAny,
}

impl Hint {
    /// Calls the method this hint stands for.
    fn call<'de, D: Deserializer<'de>, V: Visitor<'de>>(
        self,
        de: D,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        match self {
            Hint::Any => de.deserialize_any(visitor),
            Hint::Bool => de.deserialize_bool(visitor),
            Hint::I8 => de.deserialize_i8(visitor),
            Hint::I16 => de.deserialize_i16(visitor),
            Hint::I32 => de.deserialize_i32(visitor),
            Hint::I64 => de.deserialize_i64(visitor),
            Hint::I128 => de.deserialize_i128(visitor),
            Hint::U8 => de.deserialize_u8(visitor),
            Hint::U16 => de.deserialize_u16(visitor),
            Hint::U32 => de.deserialize_u32(visitor),
            Hint::U64 => de.deserialize_u64(visitor),
            Hint::U128 => de.deserialize_u128(visitor),
            Hint::F32 => de.deserialize_f32(visitor),
            Hint::F64 => de.deserialize_f64(visitor),
            Hint::Char => de.deserialize_char(visitor),
            Hint::Str => de.deserialize_str(visitor),
            Hint::String => de.deserialize_string(visitor),
            Hint::Bytes => de.deserialize_bytes(visitor),
            Hint::ByteBuf => de.deserialize_byte_buf(visitor),
            Hint::Option => de.deserialize_option(visitor),
            Hint::Unit => de.deserialize_unit(visitor),
            Hint::UnitStruct(name) => de.deserialize_unit_struct(name, visitor),
            Hint::NewtypeStruct(name) => de.deserialize_newtype_struct(name, visitor),
            Hint::Seq => de.deserialize_seq(visitor),
            Hint::Tuple(len) => de.deserialize_tuple(len, visitor),
            Hint::TupleStruct(name, len) => de.deserialize_tuple_struct(name, len, visitor),
            Hint::Map => de.deserialize_map(visitor),
            Hint::Struct(name, fields) => de.deserialize_struct(name, fields, visitor),
            Hint::Enum(name, variants) => de.deserialize_enum(name, variants, visitor),
            Hint::Identifier => de.deserialize_identifier(visitor),
            Hint::IgnoredAny => de.deserialize_ignored_any(visitor),
        }
    }
}

/// An attribute value not yet opened: reads its type tag, then hands the payload to
/// [`Tagged`] with the method the target type asked for.
struct Wrapped<D>(D);

macro_rules! wrapped_methods {
    ($($method:ident => $hint:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.open($hint, visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Wrapped<D> {
    fn open<V: Visitor<'de>>(self, hint: Hint, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Opener { hint, visitor })
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Wrapped<D> {
    type Error = D::Error;

    wrapped_methods! {
        deserialize_any => Hint::Any;
        deserialize_bool => Hint::Bool;
        deserialize_i8 => Hint::I8;
        deserialize_i16 => Hint::I16;
        deserialize_i32 => Hint::I32;
        deserialize_i64 => Hint::I64;
        deserialize_i128 => Hint::I128;
        deserialize_u8 => Hint::U8;
        deserialize_u16 => Hint::U16;
        deserialize_u32 => Hint::U32;
        deserialize_u64 => Hint::U64;
        deserialize_u128 => Hint::U128;
        deserialize_f32 => Hint::F32;
        deserialize_f64 => Hint::F64;
        deserialize_char => Hint::Char;
        deserialize_str => Hint::Str;
        deserialize_string => Hint::String;
        deserialize_bytes => Hint::Bytes;
        deserialize_byte_buf => Hint::ByteBuf;
        deserialize_option => Hint::Option;
        deserialize_unit => Hint::Unit;
        deserialize_seq => Hint::Seq;
        deserialize_map => Hint::Map;
        deserialize_identifier => Hint::Identifier;
        deserialize_ignored_any => Hint::IgnoredAny;
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.open(Hint::UnitStruct(name), visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.open(Hint::NewtypeStruct(name), visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.open(Hint::Tuple(len), visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.open(Hint::TupleStruct(name, len), visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.open(Hint::Struct(name, fields), visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.open(Hint::Enum(name, variants), visitor)
    }
}

/// Reads the one-entry object `{"TAG": payload}`.
struct Opener<V> {
    hint: Hint,
    visitor: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Opener<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an attribute value with one type tag, such as {\"S\": \"text\"}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<V::Value, A::Error> {
        let Some(tag) = map.next_key::<Tag>()? else {
            return Err(A::Error::custom("an attribute value has no type tag"));
        };
        let value = map.next_value_seed(TaggedSeed {
            tag,
            hint: self.hint,
            visitor: self.visitor,
        })?;
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(A::Error::custom(
                "an attribute value has more than one type tag",
            ));
        }
        Ok(value)
    }
}

/// The payload of an attribute value whose tag was read.
struct TaggedSeed<V> {
    tag: Tag,
    hint: Hint,
    visitor: V,
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for TaggedSeed<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<V::Value, D::Error> {
        self.hint.call(Tagged { tag: self.tag, de }, self.visitor)
    }
}

/// An attribute value's payload, its tag known: converts it as the target type asks.
struct Tagged<D> {
    tag: Tag,
    de: D,
}

impl<'de, D: Deserializer<'de>> Tagged<D> {
    fn expected(&self, what: &str) -> D::Error {
        D::Error::custom(format!("expected {what}, found {}", self.tag.describe()))
    }

    /// The payload of `S`, `N` or `B`: its text, borrowed when it has no escapes.
    fn text(self) -> Result<Cow<'de, str>, D::Error> {
        self.de.deserialize_str(CowStrVisitor)
    }

    /// The text of an `N` payload, or an error saying what was expected instead.
    fn number_text(self, target: &str) -> Result<Cow<'de, str>, D::Error> {
        match self.tag {
            Tag::N => self.text(),
            _ => Err(self.expected(&format!("a number (N) for {target}"))),
        }
    }

    /// Reads past the payload (`NULL`'s `true`).
    fn skip(self) -> Result<(), D::Error> {
        IgnoredAny::deserialize(self.de).map(|_| ())
    }

    fn list<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let set = match self.tag {
            Tag::L => None,
            Tag::Set(kind) => return Err(D::Error::custom(super::de::set_into_list_message(kind))),
            _ => return Err(self.expected("a list (L) or set")),
        };
        self.de.deserialize_seq(ListOpener { set, visitor })
    }

    fn map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.tag {
            Tag::M => self.de.deserialize_map(MapOpener { visitor }),
            _ => Err(self.expected("a map (M)")),
        }
    }
}

/// Hands `text` to `visitor` as borrowed when it is.
fn visit_text<'de, V: Visitor<'de>, E: de::Error>(
    visitor: V,
    text: Cow<'de, str>,
) -> Result<V::Value, E> {
    match text {
        Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
        Cow::Owned(text) => visitor.visit_string(text),
    }
}

macro_rules! tagged_integer {
    ($($method:ident => $visit:ident: $t:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            let target = stringify!($t);
            let text = self.number_text(target)?;
            visitor.$visit(parse_integer::<$t>(&text, target).map_err(D::Error::custom)?)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tagged<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.tag {
            Tag::S => self.de.deserialize_str(visitor),
            Tag::N => {
                let text = self.text()?;
                match natural_number(&text).map_err(D::Error::custom)? {
                    NaturalNumber::I64(v) => visitor.visit_i64(v),
                    NaturalNumber::U64(v) => visitor.visit_u64(v),
                    NaturalNumber::F64(v) => visitor.visit_f64(v),
                    NaturalNumber::Text => {
                        visitor.visit_newtype_struct(CowStrDeserializer::<D::Error>::new(text))
                    }
                }
            }
            Tag::B => {
                let text = self.text()?;
                visitor.visit_byte_buf(decode_binary(&text).map_err(D::Error::custom)?)
            }
            Tag::Bool => self.de.deserialize_bool(visitor),
            Tag::Null => {
                self.skip()?;
                visitor.visit_unit()
            }
            Tag::M => self.map(visitor),
            Tag::L => self.list(visitor),
            Tag::Set(kind) => visitor.visit_newtype_struct(SetElements { kind, de: self.de }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.tag {
            Tag::Bool => self.de.deserialize_bool(visitor),
            _ => Err(self.expected("a boolean (BOOL)")),
        }
    }

    every_integer!(tagged_integer);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let text = self.number_text("f32")?;
        let number = parse_number(&text, "f32").map_err(D::Error::custom)?;
        visitor.visit_f32(number.to_f32().map_err(D::Error::custom)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let text = self.number_text("f64")?;
        let number = parse_number(&text, "f64").map_err(D::Error::custom)?;
        visitor.visit_f64(number.to_f64().map_err(D::Error::custom)?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        if self.tag != Tag::S {
            return Err(self.expected("a one-character string (S)"));
        }
        let text = self.text()?;
        match single_char(&text) {
            Some(c) => visitor.visit_char(c),
            None => Err(D::Error::custom(
                "expected a one-character string (S), found a string (S)",
            )),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.tag {
            Tag::S => self.de.deserialize_str(visitor),
            _ => Err(self.expected("a string (S)")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.tag {
            Tag::B => {
                let text = self.text()?;
                visitor.visit_byte_buf(decode_binary(&text).map_err(D::Error::custom)?)
            }
            Tag::L => self.list(visitor),
            _ => Err(self.expected("binary (B)")),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.tag {
            Tag::Null => {
                self.skip()?;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.tag {
            Tag::Null => {
                self.skip()?;
                visitor.visit_unit()
            }
            _ => Err(self.expected("null (NULL)")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if name == NUMBER_TOKEN {
            return match self.tag {
                Tag::N => visit_text(visitor, self.text()?),
                _ => Err(self.expected("a number (N)")),
            };
        }
        if let Some(kind) = SET_TOKENS.iter().find(|k| k.token() == name) {
            return match self.tag {
                Tag::Set(found) if found == *kind => visitor.visit_newtype_struct(SetElements {
                    kind: found,
                    de: self.de,
                }),
                _ => Err(self.expected(&format!("a {} ({})", kind.type_name(), kind.tag()))),
            };
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.list(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.list(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.list(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        match self.tag {
            Tag::S => self.de.deserialize_enum(name, variants, visitor),
            Tag::M => self.de.deserialize_map(EnumOpener { visitor }),
            _ => Err(self.expected(
                "an enum: a string (S) naming a unit variant, or a map (M) with one entry",
            )),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.skip()?;
        visitor.visit_unit()
    }
}

/// Text, borrowed from the input when it can be.
struct CowStrVisitor;

impl<'de> Visitor<'de> for CowStrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Opens the array of an `L` or a set for the target's visitor.
/// A set's elements, the inside of the newtype a self-describing read hands a set over in
/// (as [`AttributeValueDeserializer`](super::de::AttributeValueDeserializer) does, and why).
struct SetElements<D> {
    kind: SetKind,
    de: D,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SetElements<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_seq(ListOpener {
            set: Some(self.kind),
            visitor,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct ListOpener<V> {
    set: Option<SetKind>,
    visitor: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ListOpener<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(Elements { set: self.set, seq })
    }
}

/// The elements of an `L` (attribute values) or a set (bare strings of one type).
struct Elements<A> {
    set: Option<SetKind>,
    seq: A,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Elements<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        match self.set {
            None => self.seq.next_element_seed(WrappedSeed(seed)),
            Some(kind) => self.seq.next_element_seed(TaggedAs {
                tag: Tag::element(kind),
                seed,
            }),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// A seed that reads an attribute value, type tag and all.
struct WrappedSeed<T>(T);

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for WrappedSeed<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<T::Value, D::Error> {
        self.0.deserialize(Wrapped(de))
    }
}

/// A seed that reads a bare payload whose tag is known (a set's element).
struct TaggedAs<T> {
    tag: Tag,
    seed: T,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for TaggedAs<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<T::Value, D::Error> {
        self.seed.deserialize(Tagged { tag: self.tag, de })
    }
}

/// Opens the object of an `M` for the target's visitor.
struct MapOpener<V> {
    visitor: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for MapOpener<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(Entries { map })
    }
}

/// The entries of an `M`: keys as text (or integers written as text), values as
/// attribute values.
struct Entries<A> {
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.map.next_key_seed(KeySeed(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.map.next_value_seed(WrappedSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A seed that reads a map key as [`KeyDeserializer`] does.
struct KeySeed<K>(K);

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<K::Value, D::Error> {
        let key = de.deserialize_str(CowStrVisitor)?;
        self.0
            .deserialize(KeyDeserializer::new(key))
            .map_err(D::Error::custom)
    }
}

/// Opens the one-entry `M` of an enum variant with data.
struct EnumOpener<V> {
    visitor: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for EnumOpener<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with one entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<V::Value, A::Error> {
        let Some(variant) = map.next_key_seed(PhantomData::<Cow<'de, str>>)? else {
            return Err(A::Error::custom("an enum map (M) has no entry"));
        };
        let value = self.visitor.visit_enum(Variant {
            name: variant,
            map: &mut map,
        })?;
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(A::Error::custom("an enum map (M) has more than one entry"));
        }
        Ok(value)
    }
}

/// One variant of an enum: its name, and its value still to be read from `map`.
struct Variant<'m, 'de, A> {
    name: Cow<'de, str>,
    map: &'m mut A,
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for Variant<'_, 'de, A> {
    type Error = A::Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), A::Error> {
        let name = seed.deserialize(CowStrDeserializer::<A::Error>::new(self.name.clone()))?;
        Ok((name, self))
    }
}

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Variant<'_, 'de, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.map.next_value_seed(WrappedSeed(PhantomData::<()>))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.map.next_value_seed(WrappedSeed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(OpenAs {
            hint: Hint::Seq,
            visitor,
        })
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(OpenAs {
            hint: Hint::Map,
            visitor,
        })
    }
}

/// A seed that reads an attribute value with a given method.
struct OpenAs<V> {
    hint: Hint,
    visitor: V,
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for OpenAs<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<V::Value, D::Error> {
        Wrapped(de).open(self.hint, self.visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::de::DeserializeOwned;
    use serde::Deserialize;
    use serde_json::{json, Value};

    use super::super::{from_item, BinarySet, Number, NumberSet, StringSet};
    use super::*;

    /// Reads `item` from its text with no fallback, and through the tree.
    fn both<T: DeserializeOwned>(item: &Value) -> (Result<T, String>, Result<T, String>) {
        let text = serde_json::to_vec(item).unwrap();
        let mut de = serde_json::Deserializer::from_slice(&text);
        let fast = super::item::<T, _>(&mut de).map_err(|e| e.to_string());
        let tree = from_item::<T>(item.as_object().unwrap()).map_err(|e| e.to_string());
        (fast, tree)
    }

    /// Asserts that both readers succeed with the same value.
    fn agree<T: DeserializeOwned + PartialEq + fmt::Debug>(item: Value) -> T {
        let (fast, tree) = both::<T>(&item);
        let fast = fast.unwrap_or_else(|e| panic!("the text reader failed on {item}: {e}"));
        assert_eq!(Ok(&fast), tree.as_ref(), "{item}");
        fast
    }

    /// Asserts that both readers refuse `item`.
    fn both_refuse<T: DeserializeOwned + fmt::Debug>(item: Value) {
        let (fast, tree) = both::<T>(&item);
        assert!(
            fast.is_err() && tree.is_err(),
            "{item}: {fast:?} / {tree:?}"
        );
    }

    #[derive(Deserialize, Debug, PartialEq)]
    enum Shape {
        Dot,
        Circle(u32),
        Pair(i8, String),
        Rect { w: u16, h: u16 },
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Typed {
        text: String,
        escaped: String,
        letter: char,
        small: i8,
        big: u128,
        wide: i128,
        ratio: f64,
        half: f32,
        exact: Number,
        flag: bool,
        none: Option<u8>,
        some: Option<String>,
        unit: (),
        #[serde(with = "serde_bytes")]
        blob: Vec<u8>,
        list: Vec<u8>,
        tuple: (u8, String),
        by_id: BTreeMap<u32, String>,
        strings: StringSet,
        numbers: NumberSet,
        binaries: BinarySet,
        shapes: Vec<Shape>,
        #[serde(default)]
        missing: Option<String>,
    }

    #[test]
    fn every_typed_read_matches_the_tree() {
        let typed: Typed = agree(json!({
            "text": {"S": "plain"},
            "escaped": {"S": "tab\tquote\" \u{e9}"},
            "letter": {"S": "\u{e9}"},
            "small": {"N": "-128"},
            "big": {"N": "340282366920938463463374607431768211455"},
            "wide": {"N": "-1E20"},
            "ratio": {"N": "0.1"},
            "half": {"N": "0.5"},
            "exact": {"N": "3.14159265358979323846264338327950288"},
            "flag": {"BOOL": true},
            "none": {"NULL": true},
            "some": {"S": "here"},
            "unit": {"NULL": true},
            "blob": {"B": "AAEC"},
            "list": {"L": [{"N": "1"}, {"N": "2"}]},
            "tuple": {"L": [{"N": "7"}, {"S": "seven"}]},
            "by_id": {"M": {"2": {"S": "two"}, "10": {"S": "ten"}}},
            "strings": {"SS": ["a", "b"]},
            "numbers": {"NS": ["1", "2.5"]},
            "binaries": {"BS": ["AA==", "AQI="]},
            "shapes": {"L": [
                {"S": "Dot"},
                {"M": {"Dot": {"NULL": true}}},
                {"M": {"Circle": {"N": "3"}}},
                {"M": {"Pair": {"L": [{"N": "-1"}, {"S": "x"}]}}},
                {"M": {"Rect": {"M": {"w": {"N": "2"}, "h": {"N": "3"}}}}},
            ]},
            "ignored": {"M": {"deep": {"L": [{"SS": ["x"]}]}}},
        }));
        assert_eq!(typed.escaped, "tab\tquote\" \u{e9}");
        assert_eq!(typed.big, u128::MAX);
        assert_eq!(typed.wide, -100_000_000_000_000_000_000);
        assert_eq!(typed.blob, [0, 1, 2]);
        assert_eq!(typed.shapes[0], Shape::Dot);
        assert_eq!(typed.shapes[4], Shape::Rect { w: 2, h: 3 });
    }

    #[test]
    fn what_does_not_fit_is_refused_by_both() {
        both_refuse::<BTreeMap<String, u8>>(json!({"a": {"N": "300"}}));
        both_refuse::<BTreeMap<String, u8>>(json!({"a": {"N": "1.5"}}));
        both_refuse::<BTreeMap<String, f64>>(json!({"a": {"N": "1.00000000000000000000001"}}));
        both_refuse::<BTreeMap<String, String>>(json!({"a": {"N": "1"}}));
        both_refuse::<BTreeMap<String, String>>(json!({"a": {"X": "1"}}));
        both_refuse::<BTreeMap<String, String>>(json!({"a": {"S": "1", "N": "1"}}));
        both_refuse::<BTreeMap<String, String>>(json!({"a": {}}));
        both_refuse::<BTreeMap<String, char>>(json!({"a": {"S": "ab"}}));
        both_refuse::<BTreeMap<String, Vec<u8>>>(json!({"a": {"S": "ab"}}));
        both_refuse::<BTreeMap<String, ByteBufField>>(json!({"a": {"B": "not base64!"}}));
        both_refuse::<BTreeMap<String, StringSet>>(json!({"a": {"NS": ["1"]}}));
        both_refuse::<BTreeMap<String, Shape>>(json!({"a": {"M": {}}}));
        both_refuse::<BTreeMap<String, Shape>>(
            json!({"a": {"M": {"Circle": {"N": "1"}, "Dot": {"NULL": true}}}}),
        );
        both_refuse::<BTreeMap<String, Shape>>(json!({"a": {"M": {"Dot": {"S": "x"}}}}));
        both_refuse::<BTreeMap<u32, String>>(json!({"x": {"S": "not a number key"}}));
    }

    #[derive(Deserialize, Debug)]
    struct ByteBufField(
        #[serde(with = "serde_bytes")]
        #[allow(dead_code)]
        Vec<u8>,
    );

    /// Everything serde's self-describing path can see, bytes included.
    #[derive(Debug, PartialEq)]
    enum Seen {
        Text(String),
        Signed(i64),
        Unsigned(u64),
        Float(u64),
        Bytes(Vec<u8>),
        Flag(bool),
        Unit,
        List(Vec<Seen>),
        Map(Vec<(String, Seen)>),
        Wrapped(Box<Seen>),
    }

    impl<'de> Deserialize<'de> for Seen {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(SeenVisitor)
        }
    }

    struct SeenVisitor;

    impl<'de> Visitor<'de> for SeenVisitor {
        type Value = Seen;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("anything")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Seen, E> {
            Ok(Seen::Text(v.to_owned()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Seen, E> {
            Ok(Seen::Signed(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Seen, E> {
            Ok(Seen::Unsigned(v))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Seen, E> {
            Ok(Seen::Float(v.to_bits()))
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Seen, E> {
            Ok(Seen::Bytes(v.to_vec()))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Seen, E> {
            Ok(Seen::Flag(v))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Seen, E> {
            Ok(Seen::Unit)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seen, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Seen::List(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Seen, A::Error> {
            let mut entries = Vec::new();
            while let Some(entry) = map.next_entry()? {
                entries.push(entry);
            }
            Ok(Seen::Map(entries))
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Seen, D::Error> {
            Ok(Seen::Wrapped(Box::new(Seen::deserialize(d)?)))
        }
    }

    /// Number text as DynamoDB may send it, in and out of `f64`'s exact range.
    fn number_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            (any::<i32>(), 0u32..6).prop_map(|(n, p)| format!("{n}.{}", 5u32.pow(p))),
            "-?[1-9][0-9]{0,17}(\\.[0-9]{1,19})?(E-?[0-9]{1,2})?",
        ]
    }

    fn base64_text() -> impl Strategy<Value = String> {
        use base64::Engine;
        proptest::collection::vec(any::<u8>(), 0..12)
            .prop_map(|b| base64::engine::general_purpose::STANDARD.encode(b))
    }

    /// Any attribute value, as the wire JSON holds it.
    fn attribute() -> impl Strategy<Value = Value> {
        use proptest::collection::{btree_set, vec};
        let leaf = prop_oneof![
            any::<String>().prop_map(|s| json!({"S": s})),
            number_text().prop_map(|n| json!({"N": n})),
            base64_text().prop_map(|b| json!({"B": b})),
            any::<bool>().prop_map(|b| json!({"BOOL": b})),
            Just(json!({"NULL": true})),
            btree_set(any::<String>(), 1..4).prop_map(|s| json!({"SS": s})),
            btree_set(number_text(), 1..4).prop_map(|s| json!({"NS": s})),
            btree_set(base64_text(), 1..4).prop_map(|s| json!({"BS": s})),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..5).prop_map(|l| json!({"L": l})),
                proptest::collection::btree_map(any::<String>(), inner, 0..5)
                    .prop_map(|m| json!({"M": m})),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn any_item_reads_the_same_from_text_and_from_the_tree(
            item in proptest::collection::btree_map("[a-z\"\\\\]{1,6}", attribute(), 0..6)
        ) {
            let item = serde_json::to_value(item).unwrap();
            match both::<Seen>(&item) {
                (Ok(fast), Ok(tree)) => prop_assert_eq!(fast, tree),
                (Err(_), Err(_)) => {}
                (fast, tree) => prop_assert!(false, "{item}: {fast:?} / {tree:?}"),
            }
        }
    }
}
