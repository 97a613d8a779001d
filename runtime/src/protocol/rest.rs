//! What rest-json and rest-xml share: binding input members to the URI, query string, headers
//! and host prefix; reading output members from the status code and headers; locating the
//! payload.
//!
//! The two protocols differ only in how a body is written and read, so each calls
//! [`serialize`] to get a request with everything but the body, plus a [`Body`] saying what
//! the body must hold, and [`parse_located`] before parsing its own body format.

use std::sync::OnceLock;

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use indexmap::IndexMap;
use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value};

use super::member::Member;
use super::percent::{percent_encode, UNRESERVED, UNRESERVED_AND_SLASH};
use super::timestamp::{self, TimestampFormat};
use super::{blob, host_prefix, scalar, SerializedRequest};
use crate::error::Error;
use crate::model::{Operation, ServiceDefinition, ShapeType};

/// What the body of a REST request must hold, once the located members are placed.
pub(super) enum Body<'a> {
    /// The operation has no input, or every input member is bound elsewhere.
    Nothing,
    /// No body member was given, though the input has members that travel in the body.
    NoMembersGiven,
    /// A blob or string payload member, already placed in the request body (empty when not
    /// given).
    Raw,
    /// A structured payload member and its value, when given.
    Payload {
        /// The payload member.
        member: Member<'a>,
        /// Its value in the parameters.
        value: Option<&'a Value>,
    },
    /// The input members that travel in the body, in parameter order.
    Members {
        /// The operation's input, as referenced by the operation (name, namespace).
        input: Member<'a>,
        /// Member name and value pairs.
        values: Vec<(&'a str, &'a Value)>,
    },
}

/// Query string entries: a key with one value or with several (repeated keys), and whether a
/// named member set it (a named member wins over the same key in a map of parameters).
type Query = IndexMap<String, (Vec<String>, bool)>;

/// Builds the method, path, query string, headers and host prefix of a REST request, and says
/// what its body must hold. A blob or string payload is already placed in the body.
pub(super) fn serialize<'a>(
    service: &'a ServiceDefinition,
    operation: &'a Operation,
    params: &'a Value,
) -> Result<(SerializedRequest, Body<'a>), Error> {
    let http = operation
        .http
        .as_ref()
        .ok_or_else(|| Error::model(format!("operation {} has no HTTP binding", operation.name)))?;
    let method = Method::from_bytes(http.method.as_bytes()).map_err(|_| {
        Error::model(format!(
            "operation {} has an invalid HTTP method {:?}",
            operation.name, http.method
        ))
    })?;
    static NO_PARAMS: OnceLock<Map<String, Value>> = OnceLock::new();
    let params = match params {
        Value::Object(map) => map,
        Value::Null => NO_PARAMS.get_or_init(Map::new),
        other => {
            return Err(Error::serialization(format!(
                "parameters must be an object, got {}",
                timestamp::describe(other)
            )))
        }
    };

    let Some(input_ref) = operation.input.as_ref() else {
        let mut request = SerializedRequest::new(method, http.request_uri.clone());
        request.host_prefix = operation.endpoint.as_ref().map(|e| e.host_prefix.clone());
        return Ok((request, Body::Nothing));
    };
    let input = Member::resolve(service, input_ref)?;

    let mut labels: IndexMap<&str, String> = IndexMap::new();
    let mut query = Query::new();
    let mut headers = HeaderMap::new();
    let mut body_values = Vec::new();
    let entries = params.iter().map(|(name, value)| (name.as_str(), value));
    for (name, value) in input.in_model_order(entries) {
        if value.is_null() {
            continue;
        }
        let member = input.member(service, name)?.ok_or_else(|| {
            Error::serialization(format!(
                "{} has no member named {name:?}",
                input.shape_name()
            ))
        })?;
        let wire_name = member.location_name().unwrap_or(name);
        let at = |e: String| Error::serialization(format!("{name}: {e}"));
        match member.location() {
            Some("uri") => {
                labels.insert(wire_name, uri_or_query_text(value, member).map_err(at)?);
            }
            Some("querystring") => {
                add_query_member(service, &mut query, wire_name, value, member).map_err(at)?;
            }
            Some("header") => {
                if matches!(value, Value::Array(items) if items.is_empty()) {
                    continue;
                }
                let text = header_text(service, value, member).map_err(at)?;
                insert_header(&mut headers, wire_name, &text).map_err(at)?;
            }
            Some("headers") => {
                let Value::Object(entries) = value else {
                    return Err(at(format!(
                        "expected a map, got {}",
                        timestamp::describe(value)
                    )));
                };
                for (key, entry) in entries {
                    let text = scalar_text(entry);
                    insert_header(&mut headers, &format!("{wire_name}{key}"), &text).map_err(at)?;
                }
            }
            _ => body_values.push((name, value)),
        }
    }

    let mut path_and_query = expand_uri(&http.request_uri, &labels)?;
    let encoded_query = encode_query(&query);
    if !encoded_query.is_empty() {
        path_and_query.push(if path_and_query.contains('?') {
            '&'
        } else {
            '?'
        });
        path_and_query.push_str(&encoded_query);
    }
    let mut request = SerializedRequest::new(method, path_and_query);
    request.headers = headers;
    request.host_prefix = host_prefix::expand(operation, input, params)?;

    let body = match input.payload_member(service)? {
        Some((payload, member)) => {
            let value = params.get(payload).filter(|v| !v.is_null());
            match member.kind() {
                ShapeType::Blob | ShapeType::String => {
                    if member.streaming() {
                        request.streaming_member = Some(payload.to_string());
                    }
                    if let Some(value) = value {
                        request.body = raw_payload(value, member)
                            .map_err(|e| Error::serialization(format!("{payload}: {e}")))?
                            .into();
                    }
                    Body::Raw
                }
                _ => Body::Payload { member, value },
            }
        }
        None if !body_values.is_empty() => Body::Members {
            input,
            values: body_values,
        },
        None if input
            .members(service)?
            .iter()
            .any(|(_, m)| m.location().is_none()) =>
        {
            Body::NoMembersGiven
        }
        None => Body::Nothing,
    };
    Ok((request, body))
}

/// The bytes of a blob (base64 in parameters) or string payload.
fn raw_payload(value: &Value, member: Member<'_>) -> Result<Vec<u8>, String> {
    match (member.kind(), value) {
        (ShapeType::Blob, _) => blob::from_param(value),
        (_, Value::String(text)) => Ok(text.clone().into_bytes()),
        (_, other) => Err(format!(
            "expected a string, got {}",
            timestamp::describe(other)
        )),
    }
}

/// Fills `{Label}` and `{Label+}` placeholders of a request URI template.
fn expand_uri(template: &str, labels: &IndexMap<&str, String>) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| Error::model(format!("unclosed label in request URI {template:?}")))?;
        let label = &after[..close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let value = labels
            .get(name)
            .ok_or_else(|| Error::serialization(format!("missing value for URI label {name:?}")))?;
        let set = if greedy {
            UNRESERVED_AND_SLASH
        } else {
            UNRESERVED
        };
        out.extend(utf8_percent_encode(value, set));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Encodes query entries as `k=v&k=v2`, repeating a key for each of its values.
fn encode_query(query: &Query) -> String {
    let mut pairs = Vec::new();
    for (key, (values, _)) in query {
        for value in values {
            pairs.push(format!("{}={}", percent_encode(key), percent_encode(value)));
        }
    }
    pairs.join("&")
}

fn add_query_member(
    service: &ServiceDefinition,
    query: &mut Query,
    wire_name: &str,
    value: &Value,
    member: Member<'_>,
) -> Result<(), String> {
    match value {
        Value::Object(entries) => {
            for (key, entry) in entries {
                let values = match entry {
                    Value::Array(items) => items.iter().map(scalar_text).collect(),
                    Value::Null => continue,
                    other => vec![scalar_text(other)],
                };
                if !query.get(key).is_some_and(|(_, named)| *named) {
                    query.insert(key.clone(), (values, false));
                }
            }
        }
        Value::Array(items) => {
            let item_member = member.list_member(service).map_err(|e| e.to_string())?;
            let values = items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| uri_or_query_text(item, item_member))
                .collect::<Result<_, _>>()?;
            query.insert(wire_name.to_string(), (values, true));
        }
        scalar => {
            let value = uri_or_query_text(scalar, member)?;
            query.insert(wire_name.to_string(), (vec![value], true));
        }
    }
    Ok(())
}

/// A scalar's text in a URI label or query string: booleans in lower case, timestamps in
/// ISO 8601 unless the model says otherwise.
fn uri_or_query_text(value: &Value, member: Member<'_>) -> Result<String, String> {
    match member.kind() {
        ShapeType::Timestamp => {
            let t = timestamp::from_param(value)?;
            let format = member
                .timestamp_format()
                .unwrap_or(TimestampFormat::Iso8601);
            Ok(timestamp::format(t, format))
        }
        _ => Ok(scalar_text(value)),
    }
}

/// The plain text of a scalar value.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A member's header value: timestamps in RFC 822 unless the model says otherwise (whole
/// seconds), lists comma-joined with strings quoted when they hold a comma or quote, JSON
/// values base64-encoded, booleans in lower case.
fn header_text(
    service: &ServiceDefinition,
    value: &Value,
    member: Member<'_>,
) -> Result<String, String> {
    match member.kind() {
        ShapeType::Timestamp => {
            let t = timestamp::from_param(value)?;
            let whole = t.replace_nanosecond(0).map_err(|e| e.to_string())?;
            let format = member.timestamp_format().unwrap_or(TimestampFormat::Rfc822);
            Ok(timestamp::format(whole, format))
        }
        ShapeType::List => {
            let Value::Array(items) = value else {
                return Err(format!(
                    "expected a list, got {}",
                    timestamp::describe(value)
                ));
            };
            let item_member = member.list_member(service).map_err(|e| e.to_string())?;
            let mut parts = Vec::with_capacity(items.len());
            for item in items.iter().filter(|item| !item.is_null()) {
                parts.push(match (item_member.kind(), item) {
                    (ShapeType::String, Value::String(text)) => quote_list_item(text),
                    _ => header_text(service, item, item_member)?,
                });
            }
            Ok(parts.join(","))
        }
        ShapeType::String if member.jsonvalue() => {
            let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
            Ok(blob::encode(ascii_json(&json).as_bytes()))
        }
        _ => Ok(scalar_text(value)),
    }
}

/// Quotes a list item that holds a comma or a double quote, escaping inner quotes.
fn quote_list_item(text: &str) -> String {
    if text.contains(',') || text.contains('"') {
        format!("\"{}\"", text.replace('"', "\\\""))
    } else {
        text.to_string()
    }
}

/// Escapes every non-ASCII character of JSON text as `\uXXXX`, as Python's `json.dumps`
/// does, so a JSON header value matches botocore's byte for byte.
fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn insert_header(headers: &mut HeaderMap, name: &str, text: &str) -> Result<(), String> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("{name:?} is not a valid header name"))?;
    let value = HeaderValue::from_bytes(text.as_bytes())
        .map_err(|_| format!("header {name} cannot hold {text:?}"))?;
    headers.insert(name, value);
    Ok(())
}

/// Reads the members bound to the status code, to headers and to header prefixes. A header
/// whose text does not fit its member's shape is skipped.
pub(super) fn parse_located(
    service: &ServiceDefinition,
    shape: Member<'_>,
    status: u16,
    headers: &HeaderMap,
) -> Result<Map<String, Value>, Error> {
    let mut out = Map::new();
    for (name, member) in shape.members(service)? {
        match member.location() {
            Some("statusCode") => {
                out.insert(name.to_string(), Value::from(status));
            }
            Some("headers") => {
                let prefix = member.location_name().unwrap_or("").to_ascii_lowercase();
                let mut entries = Map::new();
                for key in headers.keys() {
                    if let Some(rest) = key.as_str().strip_prefix(prefix.as_str()) {
                        entries.insert(rest.to_string(), Value::String(joined(headers, key)));
                    }
                }
                out.insert(name.to_string(), Value::Object(entries));
            }
            Some("header") => {
                let wire_name = member.location_name().unwrap_or(name);
                let Ok(header) = HeaderName::from_bytes(wire_name.as_bytes()) else {
                    continue;
                };
                if headers.contains_key(&header) {
                    let text = joined(headers, &header);
                    match header_value(service, &text, member) {
                        Ok(value) => {
                            out.insert(name.to_string(), value);
                        }
                        // A malformed header (an `Expires: never`, say) must not fail an
                        // otherwise good response; the member is left out instead.
                        Err(e) => tracing::debug!(header = wire_name, "header left unparsed: {e}"),
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Every value of a header, joined as one comma-separated list.
fn joined(headers: &HeaderMap, name: &HeaderName) -> String {
    headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads one header into a value of the member's shape.
fn header_value(
    service: &ServiceDefinition,
    text: &str,
    member: Member<'_>,
) -> Result<Value, String> {
    match member.kind() {
        ShapeType::String if member.jsonvalue() => {
            let bytes = blob::decode(text)?;
            serde_json::from_slice(&bytes).map_err(|e| format!("not JSON: {e}"))
        }
        ShapeType::List => {
            let item_member = member.list_member(service).map_err(|e| e.to_string())?;
            let mut items = split_header_list(text);
            let http_dates = item_member.kind() == ShapeType::Timestamp
                && item_member
                    .timestamp_format()
                    .unwrap_or(TimestampFormat::Rfc822)
                    == TimestampFormat::Rfc822;
            if http_dates {
                items = items.chunks(2).map(|pair| pair.join(", ")).collect();
            }
            items
                .iter()
                .map(|item| header_value(service, item, item_member))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        _ => scalar::from_text(text.trim(), member.kind()),
    }
}

/// Splits a comma-separated header list, honouring double-quoted items (RFC 7230) and
/// removing their quotes and escapes.
fn split_header_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => quoted = false,
            '"' if current.trim().is_empty() => {
                current.clear();
                quoted = true;
                was_quoted = true;
            }
            '\\' if quoted => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' if !quoted => {
                items.push(finish_item(&current, was_quoted));
                current.clear();
                was_quoted = false;
            }
            c => current.push(c),
        }
    }
    items.push(finish_item(&current, was_quoted));
    items
}

fn finish_item(text: &str, was_quoted: bool) -> String {
    if was_quoted {
        text.to_string()
    } else {
        text.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_only_unreserved_and_greedy_labels_keep_slashes() {
        let mut labels = IndexMap::new();
        labels.insert("Bucket", "my bucket".to_string());
        labels.insert("Key", "a/b c~.txt".to_string());
        assert_eq!(
            expand_uri("/{Bucket}/{Key+}?uploads", &labels).unwrap(),
            "/my%20bucket/a/b%20c~.txt?uploads"
        );
        labels.insert("Key", "a/b".to_string());
        assert_eq!(expand_uri("/{Key}", &labels).unwrap(), "/a%2Fb");
        assert!(expand_uri("/{Missing}", &labels).is_err());
    }

    #[test]
    fn header_lists_split_on_commas_outside_quotes() {
        assert_eq!(split_header_list("a, b,c"), ["a", "b", "c"]);
        assert_eq!(
            split_header_list(r#""b,c", "\"quoted\"", plain"#),
            ["b,c", "\"quoted\"", "plain"]
        );
        assert_eq!(quote_list_item("b,c"), "\"b,c\"");
        assert_eq!(quote_list_item("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn json_headers_escape_non_ascii_like_python() {
        assert_eq!(
            ascii_json(r#"{"k":"é😀"}"#),
            r#"{"k":"\u00e9\ud83d\ude00"}"#
        );
    }
}
