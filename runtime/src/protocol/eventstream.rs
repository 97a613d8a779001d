//! AWS event streams (`application/vnd.amazon.eventstream`), read from a whole body: the
//! binary message framing, and events parsed by the stream's shape.
//!
//! Each message is `[total length][headers length][prelude CRC][headers][payload][message
//! CRC]`, big-endian, with CRC-32 checksums. An event's `:event-type` header names the member
//! of the stream's union it fills; the event's members come from message headers
//! (`eventheader`), from the payload (`eventpayload`), or from the payload parsed as the event
//! shape. Exception and error messages end the stream with a service error.

use serde_json::{Map, Value};

use super::member::Member;
use super::{blob, timestamp};
use crate::checksum::crc32;
use crate::error::{Error, ServiceError};
use crate::model::{ServiceDefinition, ShapeType};

/// Bytes in a message's prelude: total length, headers length, prelude CRC.
const PRELUDE_LEN: usize = 12;

/// A header value of an event-stream message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum HeaderValue {
    /// Boolean (types 0 and 1).
    Bool(bool),
    /// Any integer type (byte, short, integer, long).
    Int(i64),
    /// Byte array.
    Bytes(Vec<u8>),
    /// UTF-8 string.
    String(String),
    /// Milliseconds since the epoch.
    Timestamp(i64),
    /// A UUID, as its 16 bytes.
    Uuid([u8; 16]),
}

/// One decoded message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Message {
    /// Headers in wire order.
    pub headers: Vec<(String, HeaderValue)>,
    /// The payload bytes.
    pub payload: Vec<u8>,
}

impl Message {
    fn header_text(&self, name: &str) -> Option<&str> {
        self.headers.iter().find_map(|(k, v)| match v {
            HeaderValue::String(s) if k == name => Some(s.as_str()),
            _ => None,
        })
    }
}

/// Splits a body into messages, checking lengths and checksums.
pub(crate) fn decode(mut body: &[u8]) -> Result<Vec<Message>, String> {
    let mut messages = Vec::new();
    while !body.is_empty() {
        if body.len() < PRELUDE_LEN + 4 {
            return Err("event stream ends inside a message".into());
        }
        let total = u32_at(body, 0) as usize;
        let headers_len = u32_at(body, 4) as usize;
        if crc32(&body[..8]) != u32_at(body, 8) {
            return Err("event stream prelude checksum mismatch".into());
        }
        if total < PRELUDE_LEN + headers_len + 4 || total > body.len() {
            return Err("event stream message length is inconsistent".into());
        }
        let message = &body[..total];
        if crc32(&message[..total - 4]) != u32_at(message, total - 4) {
            return Err("event stream message checksum mismatch".into());
        }
        let headers = decode_headers(&message[PRELUDE_LEN..PRELUDE_LEN + headers_len])?;
        let payload = message[PRELUDE_LEN + headers_len..total - 4].to_vec();
        messages.push(Message { headers, payload });
        body = &body[total..];
    }
    Ok(messages)
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn decode_headers(mut data: &[u8]) -> Result<Vec<(String, HeaderValue)>, String> {
    fn take<'a>(data: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
        if data.len() < n {
            return Err("event stream header is truncated".into());
        }
        let (head, tail) = data.split_at(n);
        *data = tail;
        Ok(head)
    }
    fn int(data: &mut &[u8], n: usize) -> Result<i64, String> {
        let bytes = take(data, n)?;
        let mut buf = [0u8; 8];
        buf[8 - n..].copy_from_slice(bytes);
        let raw = i64::from_be_bytes(buf);
        let shift = 64 - 8 * n as u32;
        Ok((raw << shift) >> shift)
    }
    let mut headers = Vec::new();
    while !data.is_empty() {
        let name_len = take(&mut data, 1)?[0] as usize;
        let name = String::from_utf8(take(&mut data, name_len)?.to_vec())
            .map_err(|_| "event stream header name is not UTF-8")?;
        let value = match take(&mut data, 1)?[0] {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Int(int(&mut data, 1)?),
            3 => HeaderValue::Int(int(&mut data, 2)?),
            4 => HeaderValue::Int(int(&mut data, 4)?),
            5 => HeaderValue::Int(int(&mut data, 8)?),
            kind @ (6 | 7) => {
                let len = int(&mut data, 2)? as u16 as usize;
                let bytes = take(&mut data, len)?.to_vec();
                if kind == 6 {
                    HeaderValue::Bytes(bytes)
                } else {
                    HeaderValue::String(
                        String::from_utf8(bytes).map_err(|_| "event stream header is not UTF-8")?,
                    )
                }
            }
            8 => HeaderValue::Timestamp(int(&mut data, 8)?),
            9 => {
                let mut uuid = [0u8; 16];
                uuid.copy_from_slice(take(&mut data, 16)?);
                HeaderValue::Uuid(uuid)
            }
            other => return Err(format!("unknown event stream header type {other}")),
        };
        headers.push((name, value));
    }
    Ok(headers)
}

/// Reads a structured event payload in the protocol's body format (XML or JSON).
pub(crate) type PayloadParser<'p> = dyn Fn(&[u8], Member<'_>) -> Result<Value, Error> + 'p;

/// An output whose member `name` is an event stream, as the JSON and CBOR protocols send it:
/// the `initial-response` message carries the other output members, the rest are the
/// stream's events, listed under `name`. `(output, name, stream)` are the output shape, the
/// stream member's name and its shape; `parse_payload` reads a payload in the protocol's body
/// format.
pub(crate) fn parse_with_initial_response(
    service: &ServiceDefinition,
    operation: &str,
    (output, name, stream): (Member<'_>, &str, Member<'_>),
    body: &[u8],
    parse_payload: &PayloadParser<'_>,
) -> Result<Value, Error> {
    let first_len = body
        .get(..4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .filter(|len| *len <= body.len())
        .ok_or_else(|| Error::response(format!("{operation}: empty event stream")))?;
    let first =
        decode(&body[..first_len]).map_err(|e| Error::response(format!("{operation}: {e}")))?;
    let initial = first
        .iter()
        .find(|m| {
            m.headers.iter().any(|(k, v)| {
                k == ":event-type" && *v == HeaderValue::String("initial-response".into())
            })
        })
        .ok_or_else(|| {
            Error::response(format!(
                "{operation}: the event stream does not start with an initial-response event"
            ))
        })?;
    let mut parsed = parse_payload(&initial.payload, output)?;
    let events = parse(
        service,
        stream,
        &body[first_len..],
        operation,
        parse_payload,
    )?;
    if let Value::Object(map) = &mut parsed {
        map.insert(name.to_string(), events);
    }
    Ok(parsed)
}

/// Reads every event of a whole event-stream body into a list of `{EventType: {...}}`
/// values. `parse_payload` reads a structured payload in the protocol's body format.
pub(crate) fn parse(
    service: &ServiceDefinition,
    stream: Member<'_>,
    body: &[u8],
    operation: &str,
    parse_payload: &PayloadParser<'_>,
) -> Result<Value, Error> {
    let messages = decode(body).map_err(Error::response)?;
    let mut events = Vec::with_capacity(messages.len());
    for message in &messages {
        match message.header_text(":message-type").unwrap_or("event") {
            "event" => {
                let event_type = message.header_text(":event-type").unwrap_or_default();
                let mut event = Map::new();
                if let Some(member) = stream.member(service, event_type)? {
                    event.insert(
                        event_type.to_string(),
                        parse_event(service, member, message, parse_payload)?,
                    );
                }
                events.push(Value::Object(event));
            }
            "exception" => {
                let code = message.header_text(":exception-type").unwrap_or_default();
                let (message_text, data) = match stream.member(service, code)? {
                    Some(member) => {
                        let data = parse_payload(&message.payload, member)?;
                        let text = ["Message", "message"]
                            .iter()
                            .find_map(|k| data.get(*k).and_then(Value::as_str))
                            .map(str::to_string);
                        (text, data)
                    }
                    None => (None, Value::Object(Map::new())),
                };
                return Err(Error::service(ServiceError {
                    operation: operation.to_string(),
                    code: code.to_string(),
                    message: message_text,
                    status: 400,
                    shape: Some(code.to_string()),
                    data,
                    ..ServiceError::default()
                }));
            }
            _ => {
                return Err(Error::service(ServiceError {
                    operation: operation.to_string(),
                    code: message
                        .header_text(":error-code")
                        .unwrap_or_default()
                        .to_string(),
                    message: message.header_text(":error-message").map(str::to_string),
                    status: 400,
                    ..ServiceError::default()
                }));
            }
        }
    }
    Ok(Value::Array(events))
}

fn parse_event(
    service: &ServiceDefinition,
    event: Member<'_>,
    message: &Message,
    parse_payload: &PayloadParser<'_>,
) -> Result<Value, Error> {
    let mut out = Map::new();
    let mut explicit_payload = false;
    for (name, member) in event.members(service)? {
        if member.reference.eventheader {
            if let Some((_, value)) = message.headers.iter().find(|(k, _)| k == name) {
                out.insert(name.to_string(), header_to_value(value, member)?);
            }
        } else if member.reference.eventpayload {
            explicit_payload = true;
            let value = match member.kind() {
                ShapeType::Blob => blob::to_value(&message.payload),
                ShapeType::String => {
                    Value::String(String::from_utf8_lossy(&message.payload).into_owned())
                }
                _ => parse_payload(&message.payload, member)?,
            };
            out.insert(name.to_string(), value);
        }
    }
    if !explicit_payload {
        if let Value::Object(members) = parse_payload(&message.payload, event)? {
            out.extend(members);
        }
    }
    Ok(Value::Object(out))
}

fn header_to_value(value: &HeaderValue, member: Member<'_>) -> Result<Value, Error> {
    Ok(match value {
        HeaderValue::Bool(b) => Value::Bool(*b),
        HeaderValue::Int(i) => Value::from(*i),
        HeaderValue::Bytes(bytes) => blob::to_value(bytes),
        HeaderValue::String(s) if member.kind() == ShapeType::Blob => blob::to_value(s.as_bytes()),
        HeaderValue::String(s) => Value::String(s.clone()),
        HeaderValue::Timestamp(millis) => {
            let t =
                time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(*millis) * 1_000_000)
                    .map_err(|e| Error::response(format!("event header timestamp: {e}")))?;
            timestamp::to_output(t)
        }
        HeaderValue::Uuid(bytes) => Value::String(uuid::Uuid::from_bytes(*bytes).to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(headers: &[u8], payload: &[u8]) -> Vec<u8> {
        let total = (PRELUDE_LEN + headers.len() + payload.len() + 4) as u32;
        let mut out = Vec::new();
        out.extend(total.to_be_bytes());
        out.extend((headers.len() as u32).to_be_bytes());
        out.extend(crc32(&out).to_be_bytes());
        out.extend(headers);
        out.extend(payload);
        out.extend(crc32(&out).to_be_bytes());
        out
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn decodes_messages_with_typed_headers_and_rejects_corruption() {
        let mut headers = Vec::new();
        headers.extend([5u8]);
        headers.extend(b"Count");
        headers.extend([3u8]);
        headers.extend((-2i16).to_be_bytes());
        headers.extend([4u8]);
        headers.extend(b"Name");
        headers.extend([7u8, 0, 2]);
        headers.extend(b"hi");
        let mut body = frame(&headers, b"payload");
        body.extend(frame(&[], b""));
        let messages = decode(&body).unwrap();
        assert_eq!(messages.len(), 2);
        assert_eq!(
            messages[0].headers,
            vec![
                ("Count".to_string(), HeaderValue::Int(-2)),
                ("Name".to_string(), HeaderValue::String("hi".into())),
            ]
        );
        assert_eq!(messages[0].payload, b"payload");
        assert!(messages[1].headers.is_empty());

        let mut corrupt = body.clone();
        corrupt[20] ^= 1;
        assert!(decode(&corrupt).is_err());
        assert!(decode(&body[..body.len() - 1]).is_err());
    }
}
