//! Resume tokens: where a paginator stopped, as an opaque string a later paginator can start
//! from.
//!
//! The format is botocore's, so tokens pass between boto3 and rboto: base64 of a JSON object
//! mapping each input-token member to its value, plus `boto_truncate_amount` (how many items
//! of the page that token fetches were already handed out) when the stop fell inside a page.
//! The JSON is written as Python's `json.dumps` writes it (`", "` and `": "` separators,
//! non-ASCII escaped), so the same stop gives the same token. Bytes values (a DynamoDB `B` key)
//! are base64 text in rboto's values, as botocore writes them in a token, and are listed by
//! path under `boto_encoded_keys` as botocore lists them, so boto3 decodes them back to bytes.
//! Tokens in botocore's deprecated `token___index` form, and bare service tokens, are read too.

use std::io;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::model::{ServiceModel, ShapeRef, ShapeType};

/// The key botocore uses for the number of items of a page already handed out.
const TRUNCATE_KEY: &str = "boto_truncate_amount";
/// The key botocore uses to list members it base64-encoded because they were bytes.
const ENCODED_KEYS: &str = "boto_encoded_keys";

/// A decoded starting token: the input-token values and how many leading items of the first
/// page to skip.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resume {
    /// Input-token member → value (`null` where the service gave none).
    pub tokens: Map<String, Value>,
    /// Items of the first page already handed out.
    pub skip: usize,
}

/// Encodes the tokens that fetch the next page, with the items of it already handed out and
/// the paths of the bytes values among them ([`bytes_paths`]).
pub(crate) fn encode(
    tokens: &Map<String, Value>,
    skip: Option<usize>,
    bytes_paths: Vec<Value>,
) -> String {
    let token = Token {
        tokens,
        skip,
        bytes_paths: &bytes_paths,
    };
    let mut json = Vec::new();
    token
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut json,
            PythonStyle,
        ))
        .expect("writing JSON to memory cannot fail");
    STANDARD.encode(json)
}

/// A resume token's fields in botocore's order: the input tokens, then the truncate amount,
/// then the list of encoded keys, whatever order a `serde_json::Map` would keep.
struct Token<'a> {
    tokens: &'a Map<String, Value>,
    skip: Option<usize>,
    bytes_paths: &'a [Value],
}

impl Serialize for Token<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (name, value) in self.tokens {
            map.serialize_entry(name, value)?;
        }
        if let Some(skip) = self.skip {
            map.serialize_entry(TRUNCATE_KEY, &skip)?;
        }
        if !self.bytes_paths.is_empty() {
            map.serialize_entry(ENCODED_KEYS, self.bytes_paths)?;
        }
        map.end()
    }
}

/// Decodes a starting token for a paginator whose input tokens are `input_tokens`.
pub(crate) fn decode(token: &str, input_tokens: &[String]) -> Result<Resume, Error> {
    match decode_json(token) {
        Some(mut decoded) => {
            decoded.remove(ENCODED_KEYS);
            let skip = match decoded.remove(TRUNCATE_KEY) {
                None => 0,
                Some(v) => v.as_u64().ok_or_else(|| bad(token))? as usize,
            };
            // A token made by another operation's paginator names other members.
            if decoded.keys().any(|k| !input_tokens.contains(k)) {
                return Err(bad(token));
            }
            let tokens = input_tokens
                .iter()
                .map(|name| {
                    let value = decoded.get(name).cloned().unwrap_or(Value::Null);
                    (name.clone(), value)
                })
                .collect();
            Ok(Resume { tokens, skip })
        }
        None => decode_legacy(token, input_tokens),
    }
}

/// The paths of every bytes value in `tokens` (member names, map keys and list indexes, as
/// botocore writes them under `boto_encoded_keys`), found by walking the values along the
/// operation's input shape; none when the model does not know the operation.
pub(crate) fn bytes_paths(
    model: &ServiceModel,
    operation: &str,
    tokens: &Map<String, Value>,
) -> Vec<Value> {
    let definition = model.definition();
    let input = model
        .operation(operation)
        .ok()
        .and_then(|op| op.input.as_ref())
        .and_then(|input| definition.shape_of(input));
    let mut found = Vec::new();
    if let Some(input) = input {
        for (name, value) in tokens {
            if let Some(member) = input.members.get(name) {
                let mut path = vec![Value::String(name.clone())];
                collect_bytes(model, member, value, &mut path, &mut found);
            }
        }
    }
    found
}

fn collect_bytes(
    model: &ServiceModel,
    reference: &ShapeRef,
    value: &Value,
    path: &mut Vec<Value>,
    found: &mut Vec<Value>,
) {
    let Some(shape) = model.definition().shape_of(reference) else {
        return;
    };
    match (shape.kind, value) {
        (ShapeType::Blob, Value::String(_)) => found.push(Value::Array(path.clone())),
        (ShapeType::Structure, Value::Object(members)) => {
            for (name, value) in members {
                if let Some(member) = shape.members.get(name) {
                    path.push(Value::String(name.clone()));
                    collect_bytes(model, member, value, path, found);
                    path.pop();
                }
            }
        }
        (ShapeType::Map, Value::Object(entries)) => {
            if let Some(member) = shape.value.as_deref() {
                for (key, value) in entries {
                    path.push(Value::String(key.clone()));
                    collect_bytes(model, member, value, path, found);
                    path.pop();
                }
            }
        }
        (ShapeType::List, Value::Array(items)) => {
            if let Some(member) = shape.member.as_deref() {
                for (index, value) in items.iter().enumerate() {
                    path.push(Value::from(index));
                    collect_bytes(model, member, value, path, found);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

fn decode_json(token: &str) -> Option<Map<String, Value>> {
    let bytes = STANDARD.decode(token.trim()).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// botocore's older form: the input-token values joined by `___`, optionally followed by the
/// number of items to skip; anything else is taken as one bare service token.
fn decode_legacy(token: &str, input_tokens: &[String]) -> Result<Resume, Error> {
    let mut parts: Vec<&str> = token.split("___").collect();
    let mut skip = 0;
    if parts.len() == input_tokens.len() + 1 {
        match parts.last().and_then(|last| last.parse::<usize>().ok()) {
            Some(n) => {
                skip = n;
                parts.pop();
            }
            None => parts = vec![token],
        }
    }
    if parts.len() > input_tokens.len() {
        return Err(bad(token));
    }
    let mut tokens = Map::new();
    for (i, name) in input_tokens.iter().enumerate() {
        let value = match parts.get(i) {
            Some(&"None") | None => Value::Null,
            Some(part) => Value::String(part.to_string()),
        };
        tokens.insert(name.clone(), value);
    }
    Ok(Resume { tokens, skip })
}

fn bad(token: &str) -> Error {
    Error::pagination(format!("bad starting token: {token:?}"))
}

/// Python's item separator, `", "`, before every array element and object entry but the first.
fn separate<W: ?Sized + io::Write>(writer: &mut W, first: bool) -> io::Result<()> {
    if first {
        Ok(())
    } else {
        writer.write_all(b", ")
    }
}

/// A JSON formatter writing what Python's `json.dumps` writes with default settings.
struct PythonStyle;

impl serde_json::ser::Formatter for PythonStyle {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separate(writer, first)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separate(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        for c in fragment.chars() {
            if (' '..='~').contains(&c) {
                writer.write_all(&[c as u8])?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn encodes_as_botocore_does() {
        // base64 of {"Marker": "abc", "boto_truncate_amount": 2}, as botocore writes it.
        assert_eq!(
            encode(&map(json!({"Marker": "abc"})), Some(2), Vec::new()),
            "eyJNYXJrZXIiOiAiYWJjIiwgImJvdG9fdHJ1bmNhdGVfYW1vdW50IjogMn0="
        );
        let text = String::from_utf8(
            STANDARD
                .decode(encode(
                    &map(json!({"KeyMarker": "caf\u{e9} \u{1F600}", "UploadIdMarker": null})),
                    None,
                    Vec::new(),
                ))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            text,
            r#"{"KeyMarker": "caf\u00e9 \ud83d\ude00", "UploadIdMarker": null}"#
        );
    }

    #[test]
    fn round_trips_structured_tokens() {
        let tokens = map(json!({"ExclusiveStartKey": {"id": {"S": "u9"}}}));
        let decoded = decode(
            &encode(&tokens, Some(3), Vec::new()),
            &["ExclusiveStartKey".into()],
        )
        .unwrap();
        assert_eq!(decoded, Resume { tokens, skip: 3 });
    }

    #[test]
    fn drops_botocore_bytes_bookkeeping() {
        let token = STANDARD.encode(r#"{"Marker": "AAE=", "boto_encoded_keys": [["Marker"]]}"#);
        let decoded = decode(&token, &["Marker".into()]).unwrap();
        assert_eq!(decoded.tokens, map(json!({"Marker": "AAE="})));
        assert_eq!(decoded.skip, 0);
    }

    /// botocore's token for a scan that stopped after a binary key: the bytes value listed
    /// by path after the truncation count, byte for byte what `TokenEncoder` writes.
    #[test]
    fn lists_bytes_members_as_botocore_does() {
        let model = ServiceModel::from_definition(
            "demo",
            serde_json::from_value(json!({
                "metadata": {"protocol": "json", "serviceId": "Demo", "endpointPrefix": "demo",
                    "signatureVersion": "v4"},
                "operations": {"Scan": {"name": "Scan", "http": {"method": "POST",
                    "requestUri": "/"}, "input": {"shape": "ScanInput"}}},
                "shapes": {
                    "ScanInput": {"type": "structure", "members": {
                        "ExclusiveStartKey": {"shape": "Key"}, "Marker": {"shape": "Text"}}},
                    "Key": {"type": "map", "key": {"shape": "Text"},
                        "value": {"shape": "AttributeValue"}},
                    "AttributeValue": {"type": "structure", "members": {
                        "S": {"shape": "Text"}, "N": {"shape": "Text"}, "B": {"shape": "Bytes"},
                        "BS": {"shape": "BytesList"}}},
                    "BytesList": {"type": "list", "member": {"shape": "Bytes"}},
                    "Text": {"type": "string"},
                    "Bytes": {"type": "blob"}
                }
            }))
            .unwrap(),
        );
        let tokens = map(
            json!({"ExclusiveStartKey": {"pk": {"B": "AAEC"}, "sk": {"N": "7"},
            "set": {"BS": ["AQ==", "Ag=="]}}, "Marker": "m"}),
        );
        let paths = bytes_paths(&model, "Scan", &tokens);
        assert_eq!(
            paths,
            vec![
                json!(["ExclusiveStartKey", "pk", "B"]),
                json!(["ExclusiveStartKey", "set", "BS", 0]),
                json!(["ExclusiveStartKey", "set", "BS", 1]),
            ]
        );
        let string_key = map(json!({"ExclusiveStartKey": {"pk": {"S": "AAEC"}}}));
        assert!(bytes_paths(&model, "Scan", &string_key).is_empty());
        assert!(bytes_paths(&model, "NoSuchOperation", &tokens).is_empty());

        let one = map(json!({"ExclusiveStartKey": {"pk": {"B": "AAEC"}}}));
        let token = encode(&one, Some(1), bytes_paths(&model, "Scan", &one));
        let text = String::from_utf8(STANDARD.decode(&token).unwrap()).unwrap();
        assert_eq!(
            text,
            r#"{"ExclusiveStartKey": {"pk": {"B": "AAEC"}}, "boto_truncate_amount": 1, "boto_encoded_keys": [["ExclusiveStartKey", "pk", "B"]]}"#
        );
        let decoded = decode(&token, &["ExclusiveStartKey".into()]).unwrap();
        assert_eq!(
            decoded,
            Resume {
                tokens: one,
                skip: 1
            }
        );
    }

    #[test]
    fn rejects_a_token_of_another_paginator() {
        let token = encode(&map(json!({"Marker": "m"})), Some(1), Vec::new());
        let err = decode(&token, &["NextToken".into()]).unwrap_err();
        assert!(err.is_pagination());
        assert!(err.to_string().contains("bad starting token"), "{err}");
    }

    #[test]
    fn reads_legacy_and_bare_tokens() {
        let two = ["KeyMarker".to_string(), "UploadIdMarker".to_string()];
        assert_eq!(
            decode("k1___u1___4", &two).unwrap(),
            Resume {
                tokens: map(json!({"KeyMarker": "k1", "UploadIdMarker": "u1"})),
                skip: 4
            }
        );
        assert_eq!(
            decode("k1___None", &two).unwrap().tokens,
            map(json!({"KeyMarker": "k1", "UploadIdMarker": null}))
        );
        assert_eq!(
            decode("plain-service-token", &two).unwrap().tokens,
            map(json!({"KeyMarker": "plain-service-token", "UploadIdMarker": null}))
        );
        let one = ["Marker".to_string()];
        assert_eq!(
            decode("m___x", &one).unwrap().tokens,
            map(json!({"Marker": "m___x"}))
        );
        assert!(decode("a___b___c", &one).unwrap_err().is_pagination());
    }
}
