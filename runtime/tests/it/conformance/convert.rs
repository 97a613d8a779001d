//! Translating values between the vectors' conventions and rboto's.
//!
//! The vectors write blobs as raw text and timestamps as epoch seconds; rboto's values carry
//! blobs as base64 and parsed timestamps as RFC 3339 strings. Both walks follow the shapes.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{Map, Value};

use rboto_runtime::model::{ServiceDefinition, ShapeType};
use rboto_runtime::protocol::timestamp;

/// A vector's `params` in rboto's parameter conventions.
pub fn params_to_ours(service: &ServiceDefinition, shape: &str, value: &Value) -> Value {
    walk(service, shape, value, &|kind, v| match (kind, v) {
        (ShapeType::Blob, Value::String(raw)) => Value::String(STANDARD.encode(raw.as_bytes())),
        _ => v.clone(),
    })
}

/// rboto's parsed output in the vectors' conventions (blobs as text, timestamps as epoch
/// seconds). A value that does not convert is left as it is, so the comparison shows it.
pub fn output_to_vectors(service: &ServiceDefinition, shape: &str, value: &Value) -> Value {
    walk(service, shape, value, &|kind, v| match (kind, v) {
        (ShapeType::Blob, Value::String(b64)) => match STANDARD.decode(b64) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Value::String(text),
                Err(_) => v.clone(),
            },
            Err(_) => v.clone(),
        },
        (ShapeType::Timestamp, Value::String(text)) => match timestamp::parse(text) {
            Ok(t) => {
                let nanos = t.unix_timestamp_nanos();
                let (secs, frac) = (
                    nanos.div_euclid(1_000_000_000),
                    nanos.rem_euclid(1_000_000_000),
                );
                if frac == 0 {
                    Value::from(secs as i64)
                } else {
                    format!("{secs}.{frac:09}")
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                        .unwrap_or_else(|| v.clone())
                }
            }
            Err(_) => v.clone(),
        },
        _ => v.clone(),
    })
}

fn walk(
    service: &ServiceDefinition,
    shape_name: &str,
    value: &Value,
    leaf: &dyn Fn(ShapeType, &Value) -> Value,
) -> Value {
    let Some(shape) = service.shape(shape_name) else {
        return value.clone();
    };
    match (shape.kind, value) {
        (ShapeType::Structure, Value::Object(members)) => {
            let mut out = Map::new();
            for (name, v) in members {
                let converted = match shape.members.get(name) {
                    Some(member) => walk(service, &member.shape, v, leaf),
                    None => v.clone(),
                };
                out.insert(name.clone(), converted);
            }
            Value::Object(out)
        }
        // An event stream parses to the list of its events, each shaped like the stream.
        (ShapeType::Structure, Value::Array(events)) if shape.eventstream => Value::Array(
            events
                .iter()
                .map(|event| walk(service, shape_name, event, leaf))
                .collect(),
        ),
        (ShapeType::List, Value::Array(items)) => match &shape.member {
            Some(member) => Value::Array(
                items
                    .iter()
                    .map(|v| walk(service, &member.shape, v, leaf))
                    .collect(),
            ),
            None => value.clone(),
        },
        (ShapeType::Map, Value::Object(entries)) => match &shape.value {
            Some(member) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), walk(service, &member.shape, v, leaf)))
                    .collect(),
            ),
            None => value.clone(),
        },
        (kind, _) => leaf(kind, value),
    }
}
