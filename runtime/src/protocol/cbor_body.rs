//! CBOR documents by shape, for the bodies of the Smithy RPC v2 CBOR protocol.
//!
//! Writing follows the shapes as botocore's serializer does: structures become definite-length
//! maps keyed by member name (`locationName` when the model sets one) without null members,
//! blobs byte strings, timestamps tag 1 over epoch seconds (an integer, or a double when there
//! is a fraction), `float` a single-precision and `double` a double-precision float (the
//! special values from the strings `"NaN"`, `"Infinity"`, `"-Infinity"`), integers in their
//! shortest form, open documents their natural CBOR.
//!
//! Reading turns any well-formed CBOR item into a `serde_json::Value` with the value
//! conventions of [`super`] (byte strings as base64 text, half, single and double floats as
//! numbers or the special strings, tags dropped for the value they wrap, `undefined` as null,
//! definite and indefinite lengths alike); the JSON body reader then applies the output shape.

use minicbor::data::{Tag, Type};
use minicbor::{Decoder, Encoder};
use serde_json::{Map, Number, Value};
use time::OffsetDateTime;

use super::member::Member;
use super::{blob, timestamp};
use crate::error::Error;
use crate::model::{ServiceDefinition, ShapeType};

/// Tag 1: epoch-based date/time (RFC 8949 §3.4.2).
const EPOCH_TAG: Tag = Tag::new(1);
/// Tags 2 and 3: positive and negative bignums (RFC 8949 §3.4.3).
const POSITIVE_BIGNUM: u64 = 2;
const NEGATIVE_BIGNUM: u64 = 3;
/// Deepest nesting a response may have, as serde_json limits JSON documents; deeper input
/// is refused rather than exhausting the stack.
const MAX_DEPTH: usize = 128;

/// Where in the value a problem lies, for error messages only: a chain of stack frames.
enum Path<'p> {
    Root,
    Name(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (parent, segment): (&Path<'_>, &dyn std::fmt::Display) = match self {
            Path::Root => return Ok(()),
            Path::Name(parent, name) => (parent, name),
            Path::Index(parent, i) => (parent, i),
        };
        if matches!(parent, Path::Root) {
            write!(f, "{segment}")
        } else {
            write!(f, "{parent}.{segment}")
        }
    }
}

fn fail(path: &Path<'_>, message: impl std::fmt::Display) -> Error {
    if matches!(path, Path::Root) {
        Error::serialization(message.to_string())
    } else {
        Error::serialization(format!("{path}: {message}"))
    }
}

type Out = Encoder<Vec<u8>>;

/// Encoding into a `Vec` cannot fail: it has no I/O, and only items are written.
fn infallible<T>(result: Result<T, minicbor::encode::Error<std::convert::Infallible>>) {
    result.expect("CBOR encoding into memory cannot fail");
}

/// Writes a parameter value as the CBOR item the wire expects for its shape.
pub(crate) fn serialize(
    service: &ServiceDefinition,
    value: &Value,
    member: Member<'_>,
) -> Result<Vec<u8>, Error> {
    let mut out = Encoder::new(Vec::with_capacity(256));
    write(service, value, member, &Path::Root, &mut out)?;
    Ok(out.into_writer())
}

fn write(
    service: &ServiceDefinition,
    value: &Value,
    member: Member<'_>,
    path: &Path<'_>,
    out: &mut Out,
) -> Result<(), Error> {
    if member.is_document() {
        write_document(value, out);
        return Ok(());
    }
    let wrong = |expected: &str| {
        fail(
            path,
            format!("expected {expected}, got {}", timestamp::describe(value)),
        )
    };
    match member.kind() {
        ShapeType::Structure => {
            let Value::Object(map) = value else {
                return Err(wrong("an object"));
            };
            let set = map.values().filter(|v| !v.is_null()).count();
            infallible(out.map(set as u64));
            let present = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(name, field)| (name.as_str(), field));
            for (name, field) in member.in_model_order(present) {
                let path = &Path::Name(path, name);
                let target = member.member(service, name)?.ok_or_else(|| {
                    fail(path, format!("{} has no such member", member.shape_name()))
                })?;
                infallible(out.str(target.location_name().unwrap_or(name)));
                write(service, field, target, path, out)?;
            }
            Ok(())
        }
        ShapeType::List => {
            let Value::Array(items) = value else {
                return Err(wrong("a list"));
            };
            let item_member = member.list_member(service)?;
            infallible(out.array(items.len() as u64));
            for (i, item) in items.iter().enumerate() {
                if item.is_null() {
                    infallible(out.null());
                } else {
                    write(service, item, item_member, &Path::Index(path, i), out)?;
                }
            }
            Ok(())
        }
        ShapeType::Map => {
            let Value::Object(entries) = value else {
                return Err(wrong("a map"));
            };
            let (_, value_member) = member.map_entry(service)?;
            infallible(out.map(entries.len() as u64));
            for (key, entry) in entries {
                infallible(out.str(key));
                if entry.is_null() {
                    infallible(out.null());
                } else {
                    write(service, entry, value_member, &Path::Name(path, key), out)?;
                }
            }
            Ok(())
        }
        ShapeType::Timestamp => {
            let t = timestamp::from_param(value).map_err(|e| fail(path, e))?;
            infallible(out.tag(EPOCH_TAG));
            write_epoch_seconds(t, out);
            Ok(())
        }
        ShapeType::Blob => {
            let bytes = blob::from_param(value).map_err(|e| fail(path, e))?;
            infallible(out.bytes(&bytes));
            Ok(())
        }
        ShapeType::String => match value {
            Value::String(text) => {
                infallible(out.str(text));
                Ok(())
            }
            _ => Err(wrong("a string")),
        },
        ShapeType::Boolean => match value {
            Value::Bool(b) => {
                infallible(out.bool(*b));
                Ok(())
            }
            _ => Err(wrong("a boolean")),
        },
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte => {
            match value {
                Value::Number(n) if n.is_i64() => infallible(out.i64(n.as_i64().unwrap_or(0))),
                Value::Number(n) if n.is_u64() => infallible(out.u64(n.as_u64().unwrap_or(0))),
                _ => return Err(wrong("an integer")),
            }
            Ok(())
        }
        ShapeType::Float => {
            let x = float_param(value).ok_or_else(|| wrong("a number"))?;
            infallible(out.f32(x as f32));
            Ok(())
        }
        ShapeType::Double | ShapeType::BigDecimal => {
            let x = float_param(value).ok_or_else(|| wrong("a number"))?;
            infallible(out.f64(x));
            Ok(())
        }
        _ => {
            write_document(value, out);
            Ok(())
        }
    }
}

/// A float parameter: a number, or one of the special values written as strings.
fn float_param(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

/// Epoch seconds: an integer, or a double with the fraction (to the microsecond) when there
/// is one.
fn write_epoch_seconds(t: OffsetDateTime, out: &mut Out) {
    let micros = t.nanosecond() / 1_000;
    if micros == 0 {
        infallible(out.i64(t.unix_timestamp()));
    } else {
        let total = t.unix_timestamp() as f64 * 1e6 + f64::from(micros);
        infallible(out.f64(total / 1e6));
    }
}

/// An open document (or a value of a shape without CBOR rules) in its natural CBOR form.
fn write_document(value: &Value, out: &mut Out) {
    match value {
        Value::Null => infallible(out.null()),
        Value::Bool(b) => infallible(out.bool(*b)),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => infallible(out.i64(i)),
            (None, Some(u)) => infallible(out.u64(u)),
            _ => infallible(out.f64(n.as_f64().unwrap_or(f64::NAN))),
        },
        Value::String(s) => infallible(out.str(s)),
        Value::Array(items) => {
            infallible(out.array(items.len() as u64));
            for item in items {
                write_document(item, out);
            }
        }
        Value::Object(map) => {
            infallible(out.map(map.len() as u64));
            for (key, item) in map {
                infallible(out.str(key));
                write_document(item, out);
            }
        }
    }
}

/// Reads one whole CBOR item (nothing may follow it) into a value, with the conventions of
/// the module doc.
pub(crate) fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut decoder = Decoder::new(bytes);
    let value = read(&mut decoder, 0)?;
    if decoder.position() != bytes.len() {
        return Err(format!(
            "{} byte(s) follow the CBOR item",
            bytes.len() - decoder.position()
        ));
    }
    Ok(value)
}

fn cbor_error(e: minicbor::decode::Error) -> String {
    format!("malformed CBOR: {e}")
}

fn read(d: &mut Decoder<'_>, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(format!("CBOR nested deeper than {MAX_DEPTH} levels"));
    }
    let kind = d.datatype().map_err(cbor_error)?;
    Ok(match kind {
        Type::Bool => Value::Bool(d.bool().map_err(cbor_error)?),
        Type::Null => {
            d.null().map_err(cbor_error)?;
            Value::Null
        }
        Type::Undefined => {
            d.undefined().map_err(cbor_error)?;
            Value::Null
        }
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => Value::from(d.u64().map_err(cbor_error)?),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => {
            let n = i128::from(d.int().map_err(cbor_error)?);
            match i64::try_from(n) {
                Ok(n) => Value::from(n),
                Err(_) => float_value(n as f64),
            }
        }
        Type::F16 => float_value(f64::from(half_float(d)?)),
        Type::F32 => float_value(f64::from(d.f32().map_err(cbor_error)?)),
        Type::F64 => float_value(d.f64().map_err(cbor_error)?),
        Type::Bytes | Type::BytesIndef => Value::String(blob::encode(&read_bytes(d)?)),
        Type::String => Value::String(d.str().map_err(cbor_error)?.to_string()),
        Type::StringIndef => {
            let mut text = String::new();
            for chunk in d.str_iter().map_err(cbor_error)? {
                text.push_str(chunk.map_err(cbor_error)?);
            }
            Value::String(text)
        }
        Type::Array | Type::ArrayIndef => {
            let len = d.array().map_err(cbor_error)?;
            let mut items = Vec::with_capacity(len.unwrap_or(0).min(1024) as usize);
            let mut i = 0u64;
            while more(d, len, i)? {
                items.push(read(d, depth + 1)?);
                i += 1;
            }
            Value::Array(items)
        }
        Type::Map | Type::MapIndef => {
            let len = d.map().map_err(cbor_error)?;
            let mut map = Map::new();
            let mut i = 0u64;
            while more(d, len, i)? {
                let key = match read(d, depth + 1)? {
                    Value::String(key) => key,
                    Value::Number(n) => n.to_string(),
                    other => {
                        return Err(format!(
                            "a CBOR map key must be text, got {}",
                            timestamp::describe(&other)
                        ))
                    }
                };
                let value = read(d, depth + 1)?;
                map.insert(key, value);
                i += 1;
            }
            Value::Object(map)
        }
        Type::Tag => {
            let start = d.position();
            let tag = d.tag().map_err(cbor_error)?.as_u64();
            if matches!(tag, POSITIVE_BIGNUM | NEGATIVE_BIGNUM) {
                d.set_position(start);
                let n = d.i128().map_err(cbor_error)?;
                match (i64::try_from(n), u64::try_from(n)) {
                    (Ok(n), _) => Value::from(n),
                    (_, Ok(n)) => Value::from(n),
                    _ => float_value(n as f64),
                }
            } else {
                read(d, depth + 1)?
            }
        }
        Type::Break => return Err("unexpected CBOR break".to_string()),
        Type::Simple | Type::Unknown(_) => {
            return Err(format!("unsupported CBOR item ({kind})"));
        }
    })
}

/// Whether a definite (`len`) or indefinite collection has another item after `read` of
/// them; consumes the break that ends an indefinite one.
fn more(d: &mut Decoder<'_>, len: Option<u64>, read: u64) -> Result<bool, String> {
    match len {
        Some(len) => Ok(read < len),
        None => {
            if d.datatype().map_err(cbor_error)? == Type::Break {
                d.set_position(d.position() + 1);
                Ok(false)
            } else {
                Ok(true)
            }
        }
    }
}

fn read_bytes(d: &mut Decoder<'_>) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    for chunk in d.bytes_iter().map_err(cbor_error)? {
        bytes.extend_from_slice(chunk.map_err(cbor_error)?);
    }
    Ok(bytes)
}

/// A half-precision float (IEEE 754 binary16), widened: the decoder leaves these to an
/// optional crate, and the conversion is a few shifts.
fn half_float(d: &mut Decoder<'_>) -> Result<f32, String> {
    let at = d.position();
    let bits = d
        .input()
        .get(at + 1..at + 3)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or("truncated CBOR half-precision float")?;
    d.set_position(at + 3);
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f32::from(bits & 0x3ff);
    Ok(sign
        * match exponent {
            0 => fraction * 2f32.powi(-24),
            31 if fraction == 0.0 => f32::INFINITY,
            31 => f32::NAN,
            _ => (1.0 + fraction / 1024.0) * 2f32.powi(exponent - 15),
        })
}

/// A float as an output value: a number, or the special values' strings.
fn float_value(x: f64) -> Value {
    if x.is_nan() {
        Value::String("NaN".into())
    } else if x.is_infinite() {
        Value::String(if x > 0.0 { "Infinity" } else { "-Infinity" }.into())
    } else {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn decodes_every_length_form_and_float_width() {
        let indefinite = hex("bf61619f0102ff61627f6161ff6163f97e00ff");
        assert_eq!(
            decode(&indefinite).unwrap(),
            serde_json::json!({"a": [1, 2], "b": "a", "c": "NaN"})
        );
        assert_eq!(decode(&hex("f93e00")).unwrap(), serde_json::json!(1.5));
        assert_eq!(
            decode(&hex("f90050")).unwrap(),
            serde_json::json!(4.76837158203125e-06)
        );
        assert_eq!(
            decode(&hex("f9fc00")).unwrap(),
            serde_json::json!("-Infinity")
        );
        assert_eq!(
            decode(&hex("c11a535fefce")).unwrap(),
            serde_json::json!(1398796238)
        );
        assert_eq!(
            decode(&hex("5f4161416aff")).unwrap(),
            serde_json::json!("YWo=")
        );
        assert_eq!(decode(&hex("3903e7")).unwrap(), serde_json::json!(-1000));
    }

    #[test]
    fn refuses_trailing_bytes_truncation_and_runaway_nesting() {
        assert!(decode(&hex("0101")).unwrap_err().contains("follow"));
        assert!(decode(&hex("62 61".replace(' ', "").as_str())).is_err());
        assert!(decode(&hex("f97e")).is_err());
        let deep = vec![0x81u8; 200];
        assert!(decode(&deep).unwrap_err().contains("deeper"));
    }
}
