//! A serde `Serializer` that writes any value as a DynamoDB attribute value
//! (`{"S": "Ada"}`, `{"M": {...}}`, ...).

use serde::ser::{self, Impossible, Serialize};
use serde_json::{Map, Value};

use super::number::{Number, NUMBER_TOKEN};
use super::path_error::PathError;
use super::sets::{SetKind, SET_TOKENS};

/// An attribute value of one type: `{"<tag>": value}`.
pub(crate) fn tagged(tag: &str, value: Value) -> Value {
    let mut map = Map::with_capacity(1);
    map.insert(tag.to_owned(), value);
    Value::Object(map)
}

/// The type tag and payload of an attribute value this serializer produced.
pub(crate) fn untag(value: Value) -> (String, Value) {
    match value {
        Value::Object(map) if map.len() == 1 => map.into_iter().next().expect("one entry"),
        other => (String::new(), other),
    }
}

/// Name of an attribute value's type for messages: `string (S)`.
pub(crate) fn describe_tag(tag: &str) -> &'static str {
    match tag {
        "S" => "a string (S)",
        "N" => "a number (N)",
        "B" => "binary (B)",
        "BOOL" => "a boolean (BOOL)",
        "NULL" => "null (NULL)",
        "M" => "a map (M)",
        "L" => "a list (L)",
        "SS" => "a string set (SS)",
        "NS" => "a number set (NS)",
        "BS" => "a binary set (BS)",
        _ => "not an attribute value",
    }
}

fn number(number: Number) -> Value {
    tagged("N", Value::String(number.to_string()))
}

fn float_number(value: f64, as_text: String) -> Result<Value, PathError> {
    float_text(value, as_text).map(|text| tagged("N", Value::String(text)))
}

/// The number text of a float, `as_text` being its shortest exact decimal form (`{v:e}`):
/// refused when it is not finite or needs more than DynamoDB's 38 digits.
pub(super) fn float_text(value: f64, as_text: String) -> Result<String, PathError> {
    if !value.is_finite() {
        return Err(PathError::new(format!(
            "{value} cannot be stored in DynamoDB (numbers must be finite)"
        )));
    }
    as_text
        .parse::<Number>()
        .map(|n| n.to_string())
        .map_err(|e| {
            PathError::new(format!(
                "float {value} cannot be stored exactly in DynamoDB: {}",
                PathError::from(e)
            ))
        })
}

/// The error for a map or struct that writes one attribute name twice (a flattened field
/// repeating a name, say): DynamoDB would keep only one of the values.
pub(super) fn repeated_name(name: &str) -> PathError {
    PathError::new(format!(
        "attribute name {name:?} is written twice; DynamoDB keeps one value a name"
    ))
}

/// Integers of 64 bits or fewer always fit DynamoDB's 38 digits; their decimal text is
/// already canonical.
macro_rules! serialize_small_integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<Value, PathError> {
            Ok(tagged("N", Value::String(v.to_string())))
        }
    )*};
}

/// Serializes values to attribute values.
pub(crate) struct AttributeValueSerializer;

impl ser::Serializer for AttributeValueSerializer {
    type Ok = Value;
    type Error = PathError;
    type SerializeSeq = ListSerializer;
    type SerializeTuple = ListSerializer;
    type SerializeTupleStruct = ListSerializer;
    type SerializeTupleVariant = ListSerializer;
    type SerializeMap = MapSerializer;
    type SerializeStruct = MapSerializer;
    type SerializeStructVariant = MapSerializer;

    fn serialize_bool(self, v: bool) -> Result<Value, PathError> {
        Ok(tagged("BOOL", Value::Bool(v)))
    }

    serialize_small_integers!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64
    );

    fn serialize_i128(self, v: i128) -> Result<Value, PathError> {
        Ok(number(Number::try_from(v)?))
    }

    fn serialize_u128(self, v: u128) -> Result<Value, PathError> {
        Ok(number(Number::try_from(v)?))
    }

    fn serialize_f32(self, v: f32) -> Result<Value, PathError> {
        float_number(v.into(), format!("{v:e}"))
    }

    fn serialize_f64(self, v: f64) -> Result<Value, PathError> {
        float_number(v, format!("{v:e}"))
    }

    fn serialize_char(self, v: char) -> Result<Value, PathError> {
        Ok(tagged("S", Value::String(v.to_string())))
    }

    fn serialize_str(self, v: &str) -> Result<Value, PathError> {
        Ok(tagged("S", Value::String(v.to_owned())))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Value, PathError> {
        Ok(tagged("B", rboto_runtime::protocol::blob::to_value(v)))
    }

    fn serialize_none(self) -> Result<Value, PathError> {
        Ok(tagged("NULL", Value::Bool(true)))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, PathError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Value, PathError> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, PathError> {
        self.serialize_none()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, PathError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Value, PathError> {
        if name == NUMBER_TOKEN {
            return match untag(value.serialize(self)?) {
                (tag, Value::String(text)) if tag == "S" => Ok(tagged("N", Value::String(text))),
                _ => Err(PathError::new(
                    "a Number must serialize as its decimal text",
                )),
            };
        }
        if let Some(kind) = SET_TOKENS.iter().find(|k| k.token() == name) {
            return set(*kind, value.serialize(self)?);
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, PathError> {
        let inner = value
            .serialize(AttributeValueSerializer)
            .map_err(|e| e.at_key(variant))?;
        let mut map = Map::with_capacity(1);
        map.insert(variant.to_owned(), inner);
        Ok(tagged("M", Value::Object(map)))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<ListSerializer, PathError> {
        Ok(ListSerializer {
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<ListSerializer, PathError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<ListSerializer, PathError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<ListSerializer, PathError> {
        Ok(ListSerializer {
            items: Vec::with_capacity(len),
            variant: Some(variant),
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<MapSerializer, PathError> {
        Ok(MapSerializer {
            map: Map::with_capacity(len.unwrap_or(0)),
            next_key: None,
            variant: None,
        })
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapSerializer, PathError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapSerializer, PathError> {
        Ok(MapSerializer {
            map: Map::with_capacity(len),
            next_key: None,
            variant: Some(variant),
        })
    }
}

/// Turns the list a set wrapper serialized into the set's attribute value.
fn set(kind: SetKind, serialized: Value) -> Result<Value, PathError> {
    let (tag, items) = untag(serialized);
    let Value::Array(items) = items else {
        return Err(PathError::new(format!(
            "a {} must serialize as a sequence, not {}",
            kind.type_name(),
            describe_tag(&tag)
        )));
    };
    if items.is_empty() {
        return Err(PathError::new(format!(
            "an empty {} ({}) cannot be stored in DynamoDB; leave the attribute out with \
             #[serde(skip_serializing_if = \"{}::is_empty\")]",
            kind.type_name(),
            kind.tag(),
            kind.rust_name()
        )));
    }
    let mut elements = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let (tag, payload) = untag(item);
        if tag != kind.element_tag() || !payload.is_string() {
            return Err(PathError::new(format!(
                "a {} holds only {}, not {}",
                kind.type_name(),
                describe_tag(kind.element_tag()),
                describe_tag(&tag)
            ))
            .at_index(index));
        }
        elements.push(payload);
    }
    Ok(tagged(kind.tag(), Value::Array(elements)))
}

/// Collects a list (or a tuple variant's fields).
pub(crate) struct ListSerializer {
    items: Vec<Value>,
    variant: Option<&'static str>,
}

impl ListSerializer {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PathError> {
        let index = self.items.len();
        let item = value
            .serialize(AttributeValueSerializer)
            .map_err(|e| match self.variant {
                Some(variant) => e.at_index(index).at_key(variant),
                None => e.at_index(index),
            })?;
        self.items.push(item);
        Ok(())
    }

    fn finish(self) -> Result<Value, PathError> {
        let list = tagged("L", Value::Array(self.items));
        Ok(match self.variant {
            Some(variant) => {
                let mut map = Map::with_capacity(1);
                map.insert(variant.to_owned(), list);
                tagged("M", Value::Object(map))
            }
            None => list,
        })
    }
}

impl ser::SerializeSeq for ListSerializer {
    type Ok = Value;
    type Error = PathError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PathError> {
        self.push(value)
    }

    fn end(self) -> Result<Value, PathError> {
        self.finish()
    }
}

impl ser::SerializeTuple for ListSerializer {
    type Ok = Value;
    type Error = PathError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PathError> {
        self.push(value)
    }

    fn end(self) -> Result<Value, PathError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for ListSerializer {
    type Ok = Value;
    type Error = PathError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PathError> {
        self.push(value)
    }

    fn end(self) -> Result<Value, PathError> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for ListSerializer {
    type Ok = Value;
    type Error = PathError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PathError> {
        self.push(value)
    }

    fn end(self) -> Result<Value, PathError> {
        self.finish()
    }
}

/// Collects a map, a struct, or a struct variant's fields.
pub(crate) struct MapSerializer {
    map: Map<String, Value>,
    next_key: Option<String>,
    variant: Option<&'static str>,
}

impl MapSerializer {
    fn insert<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), PathError> {
        let item = match value.serialize(AttributeValueSerializer) {
            Ok(item) => item,
            Err(e) => return Err(self.located(e, &key)),
        };
        let repeated = match self.map.entry(key) {
            serde_json::map::Entry::Vacant(slot) => {
                slot.insert(item);
                return Ok(());
            }
            serde_json::map::Entry::Occupied(slot) => slot.key().clone(),
        };
        Err(self.located(repeated_name(&repeated), &repeated))
    }

    /// `error` placed under the attribute `key` (and the variant, for a struct variant).
    fn located(&self, error: PathError, key: &str) -> PathError {
        let error = error.at_key(key);
        match self.variant {
            Some(variant) => error.at_key(variant),
            None => error,
        }
    }

    fn finish(self) -> Result<Value, PathError> {
        let map = tagged("M", Value::Object(self.map));
        Ok(match self.variant {
            Some(variant) => {
                let mut outer = Map::with_capacity(1);
                outer.insert(variant.to_owned(), map);
                tagged("M", Value::Object(outer))
            }
            None => map,
        })
    }
}

impl ser::SerializeMap for MapSerializer {
    type Ok = Value;
    type Error = PathError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), PathError> {
        self.next_key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PathError> {
        let key = pending_key(&mut self.next_key)?;
        self.insert(key, value)
    }

    fn end(self) -> Result<Value, PathError> {
        self.finish()
    }
}

impl ser::SerializeStruct for MapSerializer {
    type Ok = Value;
    type Error = PathError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), PathError> {
        self.insert(key.to_owned(), value)
    }

    fn end(self) -> Result<Value, PathError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for MapSerializer {
    type Ok = Value;
    type Error = PathError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), PathError> {
        self.insert(key.to_owned(), value)
    }

    fn end(self) -> Result<Value, PathError> {
        self.finish()
    }
}

/// The key a map serializer was given for the value it is now given.
pub(super) fn pending_key(next_key: &mut Option<String>) -> Result<String, PathError> {
    next_key
        .take()
        .ok_or_else(|| PathError::new("a map value was written before its key"))
}

/// Writes a map key as an attribute name: strings, characters, integers and unit variants
/// (as their names), like JSON object keys.
pub(super) struct KeySerializer;

fn key_error(found: &str) -> PathError {
    PathError::new(format!(
        "a map key must be a string, integer or unit variant, not {found}"
    ))
}

macro_rules! integer_key {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<String, PathError> {
            Ok(v.to_string())
        }
    )*};
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = PathError;
    type SerializeSeq = Impossible<String, PathError>;
    type SerializeTuple = Impossible<String, PathError>;
    type SerializeTupleStruct = Impossible<String, PathError>;
    type SerializeTupleVariant = Impossible<String, PathError>;
    type SerializeMap = Impossible<String, PathError>;
    type SerializeStruct = Impossible<String, PathError>;
    type SerializeStructVariant = Impossible<String, PathError>;

    integer_key!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128
    );

    fn serialize_str(self, v: &str) -> Result<String, PathError> {
        Ok(v.to_owned())
    }

    fn serialize_char(self, v: char) -> Result<String, PathError> {
        Ok(v.to_string())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, PathError> {
        Ok(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, PathError> {
        value.serialize(self)
    }

    fn serialize_bool(self, _v: bool) -> Result<String, PathError> {
        Err(key_error("a boolean"))
    }

    fn serialize_f32(self, _v: f32) -> Result<String, PathError> {
        Err(key_error("a float"))
    }

    fn serialize_f64(self, _v: f64) -> Result<String, PathError> {
        Err(key_error("a float"))
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<String, PathError> {
        Err(key_error("bytes"))
    }

    fn serialize_none(self) -> Result<String, PathError> {
        Err(key_error("None"))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, PathError> {
        Err(key_error("an Option"))
    }

    fn serialize_unit(self) -> Result<String, PathError> {
        Err(key_error("unit"))
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, PathError> {
        Err(key_error("a unit struct"))
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, PathError> {
        Err(key_error("an enum variant with data"))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, PathError> {
        Err(key_error("a sequence"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, PathError> {
        Err(key_error("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, PathError> {
        Err(key_error("a tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, PathError> {
        Err(key_error("an enum variant with data"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, PathError> {
        Err(key_error("a map"))
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, PathError> {
        Err(key_error("a struct"))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, PathError> {
        Err(key_error("an enum variant with data"))
    }
}
