//! JSON documents by shape, for the bodies of rest-json (and JSON-shaped) requests and
//! responses: member renaming (`locationName`), timestamps as epoch seconds unless the model
//! says otherwise, blobs as base64, open documents passed through, special floats as strings.
//! Null map values in responses are dropped (AWS maps are dense), null list items kept.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::member::Member;
use super::scalar::float_from_text;
use super::timestamp::{self, TimestampFormat};
use crate::error::Error;
use crate::model::{ServiceDefinition, ShapeType};

/// Writes a parameter value as the JSON text the wire expects for its shape, in one pass over
/// the caller's value (no intermediate document is built).
pub(crate) fn serialize(
    service: &ServiceDefinition,
    value: &Value,
    member: Member<'_>,
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(256);
    write(service, value, member, &Path::Root, &mut out)?;
    Ok(out)
}

/// Writes some members of a structure (those that travel in the body) as a JSON object.
pub(crate) fn serialize_members(
    service: &ServiceDefinition,
    structure: Member<'_>,
    values: &[(&str, &Value)],
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(256);
    write_members(
        service,
        structure,
        values.iter().copied(),
        &Path::Root,
        &mut out,
    )?;
    Ok(out)
}

/// Where in the value a problem lies, for error messages only: a chain of stack frames, so
/// walking a value allocates nothing for it; shown as the segments joined by dots.
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
    Error::serialization(format!("{path}: {message}"))
}

/// Appends `value` as JSON text (strings escaped, numbers as serde_json prints them).
fn emit<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing plain JSON values into a Vec cannot fail: no I/O, no non-string map keys.
    serde_json::to_writer(out, value).expect("JSON values always serialize");
}

fn write(
    service: &ServiceDefinition,
    value: &Value,
    member: Member<'_>,
    path: &Path<'_>,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    if member.is_document() {
        emit(out, value);
        return Ok(());
    }
    match member.kind() {
        ShapeType::Structure => {
            let Value::Object(map) = value else {
                return Err(fail(
                    path,
                    format!("expected an object, got {}", timestamp::describe(value)),
                ));
            };
            write_members(
                service,
                member,
                map.iter().map(|(k, v)| (k.as_str(), v)),
                path,
                out,
            )
        }
        ShapeType::List => {
            let Value::Array(items) = value else {
                return Err(fail(
                    path,
                    format!("expected a list, got {}", timestamp::describe(value)),
                ));
            };
            let item_member = member.list_member(service)?;
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if item.is_null() {
                    out.extend_from_slice(b"null");
                } else {
                    write(service, item, item_member, &Path::Index(path, i), out)?;
                }
            }
            out.push(b']');
            Ok(())
        }
        ShapeType::Map => {
            let Value::Object(entries) = value else {
                return Err(fail(
                    path,
                    format!("expected a map, got {}", timestamp::describe(value)),
                ));
            };
            let (_, value_member) = member.map_entry(service)?;
            out.push(b'{');
            for (i, (key, entry)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                emit(out, key.as_str());
                out.push(b':');
                if entry.is_null() {
                    out.extend_from_slice(b"null");
                } else {
                    write(service, entry, value_member, &Path::Name(path, key), out)?;
                }
            }
            out.push(b'}');
            Ok(())
        }
        ShapeType::Timestamp => {
            let t = timestamp::from_param(value).map_err(|e| fail(path, e))?;
            match member
                .timestamp_format()
                .unwrap_or(TimestampFormat::UnixTimestamp)
            {
                TimestampFormat::UnixTimestamp => emit(out, &epoch_seconds(t)),
                format => emit(out, &timestamp::format(t, format)),
            }
            Ok(())
        }
        ShapeType::Blob => match value {
            Value::String(_) => {
                emit(out, value);
                Ok(())
            }
            other => Err(fail(
                path,
                format!("expected base64 text, got {}", timestamp::describe(other)),
            )),
        },
        ShapeType::Float | ShapeType::Double => match value {
            Value::Number(_) => {
                emit(out, value);
                Ok(())
            }
            Value::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => {
                emit(out, value);
                Ok(())
            }
            other => Err(fail(
                path,
                format!("expected a number, got {}", timestamp::describe(other)),
            )),
        },
        _ => {
            emit(out, value);
            Ok(())
        }
    }
}

/// Writes a structure's members as a JSON object, under their wire names; null members are
/// left out, as absent ones are.
fn write_members<'v>(
    service: &ServiceDefinition,
    structure: Member<'_>,
    values: impl Iterator<Item = (&'v str, &'v Value)>,
    path: &Path<'_>,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    out.push(b'{');
    let mut first = true;
    for (name, value) in structure.in_model_order(values) {
        if value.is_null() {
            continue;
        }
        let path = &Path::Name(path, name);
        let member = structure.member(service, name)?.ok_or_else(|| {
            fail(
                path,
                format!("{} has no such member", structure.shape_name()),
            )
        })?;
        if !first {
            out.push(b',');
        }
        first = false;
        emit(out, member.location_name().unwrap_or(name));
        out.push(b':');
        write(service, value, member, path, out)?;
    }
    out.push(b'}');
    Ok(())
}

/// A timestamp as a JSON number of epoch seconds, with a fraction only when it has one.
fn epoch_seconds(t: OffsetDateTime) -> Value {
    let micros = t.nanosecond() / 1_000;
    if micros == 0 {
        Value::from(t.unix_timestamp())
    } else {
        let total = t.unix_timestamp() as f64 * 1e6 + f64::from(micros);
        Value::from(total / 1e6)
    }
}

/// Reads a JSON value of the wire into the output value of its shape.
pub(crate) fn parse(
    service: &ServiceDefinition,
    value: &Value,
    member: Member<'_>,
) -> Result<Value, Error> {
    read(service, value, member, &Path::Root)
}

/// [`parse`] for a document the caller no longer needs: strings, keys and subtrees are moved
/// into the output instead of copied. Same output and errors as [`parse`].
pub(crate) fn parse_owned(
    service: &ServiceDefinition,
    value: Value,
    member: Member<'_>,
) -> Result<Value, Error> {
    take(service, value, member, &Path::Root)
}

fn take(
    service: &ServiceDefinition,
    value: Value,
    member: Member<'_>,
    path: &Path<'_>,
) -> Result<Value, Error> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    if member.is_document() {
        return Ok(value);
    }
    match (member.kind(), value) {
        (ShapeType::Structure, Value::Object(mut map)) => {
            if member.shape.union {
                if let Some(unknown) = unknown_union_member(service, member, &map)? {
                    return Ok(unknown);
                }
            }
            if member.body_keys_are_member_names(service)? {
                return take_in_place(service, member, map, path);
            }
            let mut out = Map::new();
            let fields = member.members(service)?;
            for &(name, field) in &fields {
                if field.is_response_located() {
                    continue;
                }
                let wire_name = field.location_name().unwrap_or(name);
                let Some(raw) = field_value(&map, wire_name).filter(|v| !v.is_null()) else {
                    continue;
                };
                let raw = if read_twice(&fields, wire_name, name) {
                    raw.clone()
                } else {
                    field_value_mut(&mut map, wire_name)
                        .map(Value::take)
                        .unwrap_or_default()
                };
                let parsed = take(service, raw, field, &Path::Name(path, name))?;
                out.insert(name.to_string(), parsed);
            }
            Ok(Value::Object(out))
        }
        (ShapeType::List, Value::Array(mut items)) => {
            let item_member = member.list_member(service)?;
            for (i, item) in items.iter_mut().enumerate() {
                *item = take(service, item.take(), item_member, &Path::Index(path, i))?;
            }
            Ok(Value::Array(items))
        }
        (ShapeType::Map, Value::Object(mut entries)) => {
            // Parsed where they lie (every item of a DynamoDB page is such a map), after
            // dropping null entries, so no map is rebuilt and no key rehashed.
            let (_, value_member) = member.map_entry(service)?;
            if entries.values().any(Value::is_null) {
                entries.retain(|_, v| !v.is_null());
            }
            for (key, entry) in entries.iter_mut() {
                *entry = take(service, entry.take(), value_member, &Path::Name(path, key))?;
            }
            Ok(Value::Object(entries))
        }
        (ShapeType::String | ShapeType::Blob, value @ Value::String(_)) => Ok(value),
        (_, value) => read(service, &value, member, path),
    }
}

/// [`take`] for a structure whose body keys are its member names: each member present is
/// parsed where it lies, so only those members are looked up and no map is rebuilt; null
/// and unknown keys are dropped, as the general path drops them. Keys keep the body's order.
fn take_in_place(
    service: &ServiceDefinition,
    structure: Member<'_>,
    mut map: Map<String, Value>,
    path: &Path<'_>,
) -> Result<Value, Error> {
    let mut dropped = false;
    for (key, value) in map.iter_mut() {
        let field = match structure.member(service, key)? {
            Some(field) if !value.is_null() => field,
            _ => {
                *value = Value::Null;
                dropped = true;
                continue;
            }
        };
        *value = take(service, value.take(), field, &Path::Name(path, key))?;
    }
    if dropped {
        map.retain(|_, value| !value.is_null());
    }
    Ok(Value::Object(map))
}

/// Whether another member of `structure` than `name` reads the same wire key, so the value
/// must be copied rather than moved out of the response.
fn read_twice(fields: &[(&str, Member<'_>)], wire_name: &str, name: &str) -> bool {
    fields.iter().any(|&(other, field)| {
        other != name
            && !field.is_response_located()
            && field.location_name().unwrap_or(other) == wire_name
    })
}

fn field_value_mut<'m>(map: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Value> {
    if map.len() <= 8 {
        map.iter_mut()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| v)
    } else {
        map.get_mut(key)
    }
}

fn bad(path: &Path<'_>, message: impl std::fmt::Display) -> Error {
    if matches!(path, Path::Root) {
        Error::response(message.to_string())
    } else {
        Error::response(format!("{path}: {message}"))
    }
}

fn read(
    service: &ServiceDefinition,
    value: &Value,
    member: Member<'_>,
    path: &Path<'_>,
) -> Result<Value, Error> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    if member.is_document() {
        return Ok(value.clone());
    }
    match member.kind() {
        ShapeType::Structure => {
            let Value::Object(map) = value else {
                return Err(bad(
                    path,
                    format!("expected an object, got {}", timestamp::describe(value)),
                ));
            };
            if member.shape.union {
                if let Some(unknown) = unknown_union_member(service, member, map)? {
                    return Ok(unknown);
                }
            }
            let mut out = Map::new();
            for (name, field) in member.members(service)? {
                if field.is_response_located() {
                    continue;
                }
                let wire_name = field.location_name().unwrap_or(name);
                if let Some(raw) = field_value(map, wire_name).filter(|v| !v.is_null()) {
                    let parsed = read(service, raw, field, &Path::Name(path, name))?;
                    out.insert(name.to_string(), parsed);
                }
            }
            Ok(Value::Object(out))
        }
        ShapeType::List => {
            let Value::Array(items) = value else {
                return Err(bad(
                    path,
                    format!("expected a list, got {}", timestamp::describe(value)),
                ));
            };
            let item_member = member.list_member(service)?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(read(service, item, item_member, &Path::Index(path, i))?);
            }
            Ok(Value::Array(out))
        }
        ShapeType::Map => {
            let Value::Object(entries) = value else {
                return Err(bad(
                    path,
                    format!("expected a map, got {}", timestamp::describe(value)),
                ));
            };
            let (_, value_member) = member.map_entry(service)?;
            let mut out = Map::new();
            for (key, entry) in entries.iter().filter(|(_, v)| !v.is_null()) {
                let parsed = read(service, entry, value_member, &Path::Name(path, key))?;
                out.insert(key.clone(), parsed);
            }
            Ok(Value::Object(out))
        }
        ShapeType::Timestamp => match value {
            Value::Number(n) => {
                let t =
                    timestamp::from_param(&Value::Number(n.clone())).map_err(|e| bad(path, e))?;
                Ok(timestamp::to_output(t))
            }
            Value::String(text) => timestamp::parse_to_output(text).map_err(|e| bad(path, e)),
            other => Err(bad(
                path,
                format!("expected a timestamp, got {}", timestamp::describe(other)),
            )),
        },
        ShapeType::Boolean => match value {
            Value::Bool(_) => Ok(value.clone()),
            Value::String(s) => Ok(Value::Bool(s.eq_ignore_ascii_case("true"))),
            other => Err(bad(
                path,
                format!("expected a boolean, got {}", timestamp::describe(other)),
            )),
        },
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte => match value {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(value.clone()),
            Value::Number(n) => Ok(Value::from(n.as_f64().unwrap_or_default() as i64)),
            Value::String(s) => s
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| bad(path, format!("not an integer: {s:?}"))),
            other => Err(bad(
                path,
                format!("expected an integer, got {}", timestamp::describe(other)),
            )),
        },
        ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal => match value {
            Value::Number(_) => Ok(value.clone()),
            Value::String(s) => float_from_text(s).map_err(|e| bad(path, e)),
            other => Err(bad(
                path,
                format!("expected a number, got {}", timestamp::describe(other)),
            )),
        },
        ShapeType::Blob => match value {
            Value::String(_) => Ok(value.clone()),
            other => Err(bad(
                path,
                format!("expected base64 text, got {}", timestamp::describe(other)),
            )),
        },
        _ => Ok(value.clone()),
    }
}

/// The value of a key of a response object; small objects (the common case: a union such as
/// an attribute value, a few members set out of many) are scanned, which beats hashing the key.
fn field_value<'m>(map: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    if map.len() <= 8 {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// For a union whose one set member the model does not know, botocore's
/// `{"SDK_UNKNOWN_MEMBER": {"name": tag}}`; an error when more than one member is set.
fn unknown_union_member(
    service: &ServiceDefinition,
    union: Member<'_>,
    map: &Map<String, Value>,
) -> Result<Option<Value>, Error> {
    let mut set = map
        .iter()
        .filter(|(k, v)| k.as_str() != "__type" && !v.is_null())
        .map(|(k, _)| k);
    let Some(tag) = set.next() else {
        return Ok(None);
    };
    let others = set.count();
    if others > 0 {
        return Err(Error::response(format!(
            "{} must have exactly one member set, got {}",
            union.shape_name(),
            others + 1
        )));
    }
    let known = if union.body_keys_are_member_names(service)? {
        union.shape.members.contains_key(tag.as_str())
    } else {
        union
            .members(service)?
            .iter()
            .any(|(name, m)| m.location_name().unwrap_or(name) == tag.as_str())
    };
    Ok((!known).then(|| serde_json::json!({"SDK_UNKNOWN_MEMBER": {"name": tag}})))
}
