//! A serde `Serializer` that writes a value straight as DynamoDB JSON text
//! (`{"pk":{"S":"a"},"n":{"N":"1"}}`), for requests built without an attribute-value tree.
//!
//! It follows the rules of the tree serializer ([`AttributeValueSerializer`]) exactly, and
//! hands the rare shapes (number and set wrappers, 128-bit integers) to it, writing the
//! attribute value it returns, so the two never disagree. While writing it counts the lower
//! bound of the item's stored size that the batch checks use.

use serde::ser::{self, Serialize};
use serde_json::Value;

use super::batch_keys::value_size;
use super::number::{Number, NUMBER_TOKEN};
use super::path_error::PathError;
use super::ser::{
    describe_tag, float_text, pending_key, repeated_name, AttributeValueSerializer, KeySerializer,
};
use super::sets::SET_TOKENS;

/// An item written as the text of its attribute map.
pub(crate) struct ItemText {
    /// `out` as it was given, with the attribute map appended.
    pub text: Vec<u8>,
    /// A lower bound of the item's stored size, counted as
    /// [`check_item_size`](super::batch_keys::check_item_size) counts it.
    pub size: usize,
}

/// Appends `item`'s attribute map to `out` as DynamoDB JSON text: the text of the `M`
/// value [`to_item`](super::to_item) would build, with the same errors.
pub(crate) fn write_item<T: Serialize + ?Sized>(
    item: &T,
    out: Vec<u8>,
) -> Result<ItemText, PathError> {
    let mut sink = Sink { out, size: 0 };
    let start = sink.out.len();
    item.serialize(TextSerializer { sink: &mut sink })?;
    const MAP: &[u8] = b"{\"M\":";
    if !sink.out[start..].starts_with(MAP) {
        let tag = tag_of(&sink.out[start..]);
        return Err(PathError::new(format!(
            "an item must be a struct or map, not {}",
            describe_tag(&tag)
        )));
    }
    sink.out.drain(start..start + MAP.len());
    sink.out.pop();
    Ok(ItemText {
        text: sink.out,
        size: sink.size,
    })
}

/// The type tag of the attribute value text at the start of `text`: `{"S":...}` → `S`.
fn tag_of(text: &[u8]) -> String {
    let inner = text.strip_prefix(b"{\"").unwrap_or_default();
    let end = inner.iter().position(|&b| b == b'"').unwrap_or(0);
    String::from_utf8_lossy(&inner[..end]).into_owned()
}

/// The text written so far and the size counted so far.
struct Sink {
    out: Vec<u8>,
    size: usize,
}

impl Sink {
    /// Opens an attribute value of type `tag`: `{"tag":`.
    fn open(&mut self, tag: &str) {
        self.out.extend_from_slice(b"{\"");
        self.out.extend_from_slice(tag.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    /// Writes `text` as a JSON string.
    fn string(&mut self, text: &str) {
        serde_json::to_writer(&mut self.out, text).expect("writing to memory cannot fail");
    }

    /// Writes a whole attribute value whose payload is the string `text`.
    fn tagged_string(&mut self, tag: &str, text: &str) {
        self.open(tag);
        self.string(text);
        self.out.push(b'}');
    }

    /// Writes a number attribute value.
    fn number(&mut self, digits: &str) {
        self.size += digits.len() / 2;
        self.tagged_string("N", digits);
    }

    /// Writes an attribute value the tree serializer built.
    fn value(&mut self, value: &Value) {
        self.size += value_size(value);
        serde_json::to_writer(&mut self.out, value).expect("writing to memory cannot fail");
    }
}

/// Integers of 64 bits or fewer always fit DynamoDB's 38 digits; their decimal text is
/// already canonical.
macro_rules! write_small_integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<(), PathError> {
            self.sink.number(itoa::Buffer::new().format(v));
            Ok(())
        }
    )*};
}

/// Writes one attribute value.
struct TextSerializer<'s> {
    sink: &'s mut Sink,
}

impl<'s> ser::Serializer for TextSerializer<'s> {
    type Ok = ();
    type Error = PathError;
    type SerializeSeq = ListText<'s>;
    type SerializeTuple = ListText<'s>;
    type SerializeTupleStruct = ListText<'s>;
    type SerializeTupleVariant = ListText<'s>;
    type SerializeMap = MapText<'s>;
    type SerializeStruct = MapText<'s>;
    type SerializeStructVariant = MapText<'s>;

    fn serialize_bool(self, v: bool) -> Result<(), PathError> {
        self.sink.size += 1;
        self.sink.open("BOOL");
        self.sink
            .out
            .extend_from_slice(if v { b"true}" } else { b"false}" });
        Ok(())
    }

    write_small_integers!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64
    );

    fn serialize_i128(self, v: i128) -> Result<(), PathError> {
        self.sink.number(&Number::try_from(v)?.to_string());
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), PathError> {
        self.sink.number(&Number::try_from(v)?.to_string());
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), PathError> {
        self.sink.number(&float_text(v.into(), format!("{v:e}"))?);
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), PathError> {
        self.sink.number(&float_text(v, format!("{v:e}"))?);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), PathError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), PathError> {
        self.sink.size += v.len();
        self.sink.tagged_string("S", v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), PathError> {
        let encoded = rboto_runtime::protocol::blob::encode(v);
        self.sink.size += encoded.len() / 4 * 3;
        self.sink.tagged_string("B", &encoded);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), PathError> {
        self.sink.size += 1;
        self.sink.open("NULL");
        self.sink.out.extend_from_slice(b"true}");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), PathError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), PathError> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), PathError> {
        self.serialize_none()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), PathError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), PathError> {
        if name == NUMBER_TOKEN || SET_TOKENS.iter().any(|k| k.token() == name) {
            let tree =
                ser::Serializer::serialize_newtype_struct(AttributeValueSerializer, name, value)?;
            self.sink.value(&tree);
            return Ok(());
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), PathError> {
        open_variant(self.sink, variant);
        value
            .serialize(TextSerializer {
                sink: &mut *self.sink,
            })
            .map_err(|e| e.at_key(variant))?;
        self.sink.out.extend_from_slice(b"}}");
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<ListText<'s>, PathError> {
        self.sink.open("L");
        self.sink.out.push(b'[');
        Ok(ListText {
            sink: self.sink,
            len: 0,
            variant: None,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<ListText<'s>, PathError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<ListText<'s>, PathError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<ListText<'s>, PathError> {
        open_variant(self.sink, variant);
        let mut list = self.serialize_seq(None)?;
        list.variant = Some(variant);
        Ok(list)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<MapText<'s>, PathError> {
        self.sink.open("M");
        self.sink.out.push(b'{');
        Ok(MapText {
            sink: self.sink,
            names: Names::Map(Default::default()),
            next_key: None,
            variant: None,
        })
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapText<'s>, PathError> {
        self.sink.open("M");
        self.sink.out.push(b'{');
        Ok(MapText {
            sink: self.sink,
            names: Names::Struct(Vec::with_capacity(len)),
            next_key: None,
            variant: None,
        })
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapText<'s>, PathError> {
        open_variant(self.sink, variant);
        let mut map = self.serialize_struct(name, len)?;
        map.variant = Some(variant);
        Ok(map)
    }
}

/// Opens the one-entry map an enum variant with data is written as: `{"M":{"variant":`.
fn open_variant(sink: &mut Sink, variant: &str) {
    sink.size += variant.len();
    sink.open("M");
    sink.out.push(b'{');
    sink.string(variant);
    sink.out.push(b':');
}

/// Writes a list (or a tuple variant's fields).
struct ListText<'s> {
    sink: &'s mut Sink,
    len: usize,
    variant: Option<&'static str>,
}

impl ListText<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PathError> {
        if self.len > 0 {
            self.sink.out.push(b',');
        }
        let index = self.len;
        value
            .serialize(TextSerializer {
                sink: &mut *self.sink,
            })
            .map_err(|e| match self.variant {
                Some(variant) => e.at_index(index).at_key(variant),
                None => e.at_index(index),
            })?;
        self.len += 1;
        Ok(())
    }

    fn finish(self) -> Result<(), PathError> {
        self.sink.out.extend_from_slice(b"]}");
        if self.variant.is_some() {
            self.sink.out.extend_from_slice(b"}}");
        }
        Ok(())
    }
}

/// Implements one of serde's sequence traits for [`ListText`] with `$method`.
macro_rules! list_text {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for ListText<'_> {
            type Ok = ();
            type Error = PathError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PathError> {
                self.push(value)
            }

            fn end(self) -> Result<(), PathError> {
                self.finish()
            }
        }
    )*};
}

list_text!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The names a map or struct has written, to refuse one written twice as the tree
/// serializer does. A struct's names are its fields' static names.
enum Names {
    Struct(Vec<&'static str>),
    Map(std::collections::HashSet<String>),
}

/// Writes a map, a struct, or a struct variant's fields.
struct MapText<'s> {
    sink: &'s mut Sink,
    names: Names,
    next_key: Option<String>,
    variant: Option<&'static str>,
}

impl MapText<'_> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), PathError> {
        let first = match &self.names {
            Names::Struct(names) => names.is_empty(),
            Names::Map(names) => names.is_empty(),
        };
        if !first {
            self.sink.out.push(b',');
        }
        self.sink.size += key.len();
        self.sink.string(key);
        self.sink.out.push(b':');
        value
            .serialize(TextSerializer {
                sink: &mut *self.sink,
            })
            .map_err(|e| self.located(e, key))
    }

    /// `error` placed under the attribute `key` (and the variant, for a struct variant).
    fn located(&self, error: PathError, key: &str) -> PathError {
        let error = error.at_key(key);
        match self.variant {
            Some(variant) => error.at_key(variant),
            None => error,
        }
    }

    fn finish(self) -> Result<(), PathError> {
        self.sink.out.extend_from_slice(b"}}");
        if self.variant.is_some() {
            self.sink.out.extend_from_slice(b"}}");
        }
        Ok(())
    }

    /// Writes a struct field, refusing a name written before (after writing its value, so
    /// a value that fails reports that failure first, as the tree serializer does).
    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), PathError> {
        self.entry(key, value)?;
        match &mut self.names {
            Names::Struct(names) if !names.contains(&key) => {
                names.push(key);
                Ok(())
            }
            Names::Struct(_) => Err(self.located(repeated_name(key), key)),
            Names::Map(_) => Err(PathError::new("a struct field was written into a map")),
        }
    }
}

impl ser::SerializeMap for MapText<'_> {
    type Ok = ();
    type Error = PathError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), PathError> {
        self.next_key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PathError> {
        let key = pending_key(&mut self.next_key)?;
        self.entry(&key, value)?;
        match &mut self.names {
            Names::Map(names) if !names.contains(&key) => {
                names.insert(key);
                Ok(())
            }
            Names::Map(_) => Err(self.located(repeated_name(&key), &key)),
            Names::Struct(_) => Err(PathError::new("a map entry was written into a struct")),
        }
    }

    fn end(self) -> Result<(), PathError> {
        self.finish()
    }
}

/// Implements one of serde's struct traits for [`MapText`].
macro_rules! struct_text {
    ($($trait:ident),*) => {$(
        impl ser::$trait for MapText<'_> {
            type Ok = ();
            type Error = PathError;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), PathError> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), PathError> {
                self.finish()
            }
        }
    )*};
}

struct_text!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{to_item, Number, NumberSet, StringSet};
    use proptest::prelude::*;
    use serde::ser::{
        SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
        SerializeTupleVariant, Serializer,
    };

    /// The field names a generated struct picks from; a struct may repeat one.
    const FIELDS: [&str; 4] = ["a", "b", "pk", "x\"y"];

    /// A value that drives every method of a serde serializer.
    #[derive(Debug, Clone)]
    enum Rv {
        Bool(bool),
        Int(i64),
        Unsigned(u64),
        Wide(i128),
        Float(f64),
        Single(f32),
        Char(char),
        Str(String),
        Bytes(Vec<u8>),
        None,
        Some(Box<Rv>),
        Unit,
        UnitVariant,
        Newtype(Box<Rv>),
        NewtypeVariant(Box<Rv>),
        Seq(Vec<Rv>),
        Tuple(Vec<Rv>),
        TupleVariant(Vec<Rv>),
        Map(Vec<(String, Rv)>),
        IntKeys(Vec<(u16, Rv)>),
        Struct(Vec<(usize, Rv)>),
        StructVariant(Vec<(usize, Rv)>),
        Number(String),
        Strings(Vec<String>),
        Numbers(Vec<i64>),
    }

    impl Serialize for Rv {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Rv::Bool(v) => s.serialize_bool(*v),
                Rv::Int(v) => s.serialize_i64(*v),
                Rv::Unsigned(v) => s.serialize_u64(*v),
                Rv::Wide(v) => s.serialize_i128(*v),
                Rv::Float(v) => s.serialize_f64(*v),
                Rv::Single(v) => s.serialize_f32(*v),
                Rv::Char(v) => s.serialize_char(*v),
                Rv::Str(v) => s.serialize_str(v),
                Rv::Bytes(v) => s.serialize_bytes(v),
                Rv::None => s.serialize_none(),
                Rv::Some(v) => s.serialize_some(v),
                Rv::Unit => s.serialize_unit(),
                Rv::UnitVariant => s.serialize_unit_variant("E", 0, "Unit"),
                Rv::Newtype(v) => s.serialize_newtype_struct("N", v),
                Rv::NewtypeVariant(v) => s.serialize_newtype_variant("E", 1, "New", v),
                Rv::Seq(items) => {
                    let mut seq = s.serialize_seq(Some(items.len()))?;
                    items.iter().try_for_each(|v| seq.serialize_element(v))?;
                    seq.end()
                }
                Rv::Tuple(items) => {
                    let mut tuple = s.serialize_tuple(items.len())?;
                    items.iter().try_for_each(|v| tuple.serialize_element(v))?;
                    tuple.end()
                }
                Rv::TupleVariant(items) => {
                    let mut tuple = s.serialize_tuple_variant("E", 2, "Tup", items.len())?;
                    items.iter().try_for_each(|v| tuple.serialize_field(v))?;
                    tuple.end()
                }
                Rv::Map(entries) => {
                    let mut map = s.serialize_map(Some(entries.len()))?;
                    entries
                        .iter()
                        .try_for_each(|(k, v)| map.serialize_entry(k, v))?;
                    map.end()
                }
                Rv::IntKeys(entries) => {
                    let mut map = s.serialize_map(None)?;
                    entries
                        .iter()
                        .try_for_each(|(k, v)| map.serialize_entry(k, v))?;
                    map.end()
                }
                Rv::Struct(fields) => {
                    let mut st = s.serialize_struct("S", fields.len())?;
                    for (name, v) in fields {
                        st.serialize_field(FIELDS[*name], v)?;
                    }
                    st.end()
                }
                Rv::StructVariant(fields) => {
                    let mut st = s.serialize_struct_variant("E", 3, "Rec", fields.len())?;
                    for (name, v) in fields {
                        st.serialize_field(FIELDS[*name], v)?;
                    }
                    st.end()
                }
                Rv::Number(text) => match text.parse::<Number>() {
                    Ok(n) => n.serialize(s),
                    Err(_) => s.serialize_str(text),
                },
                Rv::Strings(items) => items.iter().cloned().collect::<StringSet>().serialize(s),
                Rv::Numbers(items) => items.iter().copied().collect::<NumberSet>().serialize(s),
            }
        }
    }

    fn value() -> impl Strategy<Value = Rv> {
        use proptest::collection::vec;
        let leaf = prop_oneof![
            any::<bool>().prop_map(Rv::Bool),
            any::<i64>().prop_map(Rv::Int),
            any::<u64>().prop_map(Rv::Unsigned),
            any::<i128>().prop_map(Rv::Wide),
            prop_oneof![any::<f64>(), Just(f64::NAN), Just(0.1), Just(1e300)].prop_map(Rv::Float),
            any::<f32>().prop_map(Rv::Single),
            any::<char>().prop_map(Rv::Char),
            ".{0,8}".prop_map(Rv::Str),
            vec(any::<u8>(), 0..9).prop_map(Rv::Bytes),
            Just(Rv::None),
            Just(Rv::Unit),
            Just(Rv::UnitVariant),
            "-?[0-9]{1,45}(\\.[0-9]{0,4})?(e-?[0-9]{1,3})?".prop_map(Rv::Number),
            vec("[a-c\u{e9}\"]{0,3}", 0..4).prop_map(Rv::Strings),
            vec(-3i64..3, 0..4).prop_map(Rv::Numbers),
        ];
        leaf.prop_recursive(4, 48, 5, |inner| {
            let fields = vec((0..FIELDS.len(), inner.clone()), 0..4);
            prop_oneof![
                inner.clone().prop_map(|v| Rv::Some(Box::new(v))),
                inner.clone().prop_map(|v| Rv::Newtype(Box::new(v))),
                inner.clone().prop_map(|v| Rv::NewtypeVariant(Box::new(v))),
                vec(inner.clone(), 0..4).prop_map(Rv::Seq),
                vec(inner.clone(), 0..3).prop_map(Rv::Tuple),
                vec(inner.clone(), 0..3).prop_map(Rv::TupleVariant),
                vec(("[a-c\\\\]{0,3}", inner.clone()), 0..4).prop_map(Rv::Map),
                vec((0u16..4, inner.clone()), 0..3).prop_map(Rv::IntKeys),
                fields.clone().prop_map(Rv::Struct),
                fields.prop_map(Rv::StructVariant),
            ]
        })
    }

    /// Mostly structs and maps (items), sometimes any value (refused unless a map).
    fn item() -> impl Strategy<Value = Rv> {
        use proptest::collection::vec;
        prop_oneof![
            1 => value(),
            4 => vec((0..FIELDS.len(), value()), 0..5).prop_map(Rv::Struct),
            2 => vec(("[a-z\"]{1,3}", value()), 0..5).prop_map(Rv::Map),
        ]
    }

    /// The item text `write_item` appends, parsed, or its error as text.
    fn through_text(item: &Rv) -> Result<(Value, usize), String> {
        let written = write_item(item, b"[".to_vec()).map_err(|e| e.to_string())?;
        assert_eq!(written.text[0], b'[', "what was in the buffer is kept");
        let parsed = serde_json::from_slice(&written.text[1..]).expect("the text is JSON");
        Ok((parsed, written.size))
    }

    /// The tree `to_item` builds, or its error as text, with its size as the batch checks
    /// count it.
    fn through_tree(item: &Rv) -> Result<(Value, usize), String> {
        let map = to_item(item).map_err(|e| {
            let problems = e.validation_problems().to_vec();
            assert_eq!(problems.len(), 1, "{problems:?}");
            problems[0].clone()
        })?;
        let size = map.iter().map(|(k, v)| k.len() + value_size(v)).sum();
        Ok((Value::Object(map), size))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn text_and_tree_agree_on_every_value(item in item()) {
            prop_assert_eq!(through_text(&item), through_tree(&item));
        }
    }

    #[test]
    fn items_must_be_maps_and_names_are_written_once() {
        let error = write_item(&5u8, Vec::new()).err().unwrap();
        assert_eq!(
            error.to_string(),
            "an item must be a struct or map, not a number (N)"
        );
        let repeated = Rv::Struct(vec![(0, Rv::Int(1)), (0, Rv::Int(2))]);
        let error = write_item(&repeated, Vec::new()).err().unwrap();
        assert!(
            error.to_string().contains("\"a\" is written twice"),
            "{error}"
        );
        let nested = Rv::Struct(vec![(
            1,
            Rv::Map(vec![("k".into(), Rv::Bool(true)), ("k".into(), Rv::Unit)]),
        )]);
        let error = write_item(&nested, Vec::new()).err().unwrap();
        assert!(error.to_string().starts_with("b.k: "), "{error}");
    }

    #[test]
    fn a_typical_item_reads_as_dynamodb_json() {
        #[derive(serde::Serialize)]
        struct Reading<'a> {
            pk: &'a str,
            sk: u32,
            celsius: f64,
            tags: Vec<&'a str>,
            note: Option<&'a str>,
        }
        let item = Reading {
            pk: "sensor \"7\"",
            sk: 12,
            celsius: -3.5,
            tags: vec!["roof"],
            note: None,
        };
        let written = write_item(&item, Vec::new()).unwrap();
        assert_eq!(
            std::str::from_utf8(&written.text).unwrap(),
            r#"{"pk":{"S":"sensor \"7\""},"sk":{"N":"12"},"celsius":{"N":"-3.5"},"tags":{"L":[{"S":"roof"}]},"note":{"NULL":true}}"#
        );
    }
}
