//! Output cases: parse the case's response and compare the value with `result`, or the
//! error with `errorCode`, `errorMessage` and `error`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{json, Map, Value};

use rboto_runtime::model::{ServiceDefinition, ShapeType};
use rboto_runtime::protocol::{self, HttpResponse, Protocol};

use super::compare::{json_diff, json_eq};
use super::convert::output_to_vectors;
use super::{Outcome, Suite};

pub fn run(suite: &Suite<'_>, case: &Value) -> Outcome {
    match check(suite, case) {
        Ok(()) => Outcome::Pass,
        Err(why) => Outcome::Fail(why),
    }
}

fn check(suite: &Suite<'_>, case: &Value) -> Result<(), String> {
    let wire_protocol = suite.metadata["protocol"].as_str().unwrap_or("");
    let is_error = case.get("error").is_some();
    let given = &case["given"];
    let operation_name = given["name"].as_str().unwrap_or("OperationName");
    let wrapper = format!("{operation_name}Result");
    let output_has_members = given["output"]["shape"]
        .as_str()
        .and_then(|s| suite.shapes[s]["members"].as_object())
        .is_some_and(|m| !m.is_empty());
    let result_wrapper =
        (wire_protocol == "query" && !is_error && output_has_members).then_some(wrapper.as_str());
    let (service, name) = suite.service_for(given, result_wrapper)?;
    let operation = service.operation(&name).expect("the case's operation");
    let protocol = Protocol::resolve(&service.metadata).map_err(|e| e.to_string())?;

    let response = &case["response"];
    let status = response["status_code"].as_u64().unwrap_or(200) as u16;
    let headers = header_map(&response["headers"])?;
    let body: Vec<u8> = match response.get("body").and_then(Value::as_str) {
        // botocore's runner feeds an event-stream output the base64-decoded body.
        Some(text) if has_event_stream_output(suite, given) => STANDARD
            .decode(text)
            .map_err(|e| format!("event-stream body in the vector is not base64: {e}"))?,
        // and a CBOR body the same way: it is binary.
        Some(text) if wire_protocol == "smithy-rpc-v2-cbor" => STANDARD
            .decode(text)
            .map_err(|e| format!("CBOR body in the vector is not base64: {e}"))?,
        Some(text) => text.as_bytes().to_vec(),
        None if wire_protocol == "query" => b"<xml/>".to_vec(),
        None => Vec::new(),
    };
    let http = HttpResponse {
        status,
        headers: &headers,
        body: &body,
    };

    if is_error {
        let err = protocol::parse_error(protocol, &service, operation, &http);
        let mut actual = Map::new();
        actual.insert(
            "Error".into(),
            json!({"Code": err.code, "Message": err.message.clone().unwrap_or_default()}),
        );
        if let (Some(shape), Value::Object(_)) = (&err.shape, &err.data) {
            if let Value::Object(members) = output_to_vectors(&service, shape, &err.data) {
                actual.extend(members);
            }
        }
        let mut expected = Map::new();
        expected.insert(
            "Error".into(),
            json!({
                "Code": case.get("errorCode").and_then(Value::as_str).unwrap_or(""),
                "Message": case.get("errorMessage").and_then(Value::as_str).unwrap_or(""),
            }),
        );
        if let Some(Value::Object(members)) = case.get("error") {
            expected.extend(members.clone());
        }
        let (actual, expected) = (Value::Object(actual), Value::Object(expected));
        return if json_eq(&actual, &expected) {
            Ok(())
        } else {
            Err(format!(
                "error (shape {:?}):\n{}",
                err.shape,
                json_diff(&actual, &expected)
            ))
        };
    }

    let mut parsed = protocol::parse_output(protocol, &service, operation, &http)
        .map_err(|e| format!("parse_output failed: {e}"))?;
    if let Some(output) = &operation.output {
        insert_streamed_payload(&service, &output.shape, &body, &mut parsed);
        parsed = output_to_vectors(&service, &output.shape, &parsed);
    }
    let mut expected = case.get("result").cloned().unwrap_or_else(|| json!({}));
    if let Some(output) = &operation.output {
        lowercase_header_map_keys(&service, &output.shape, &mut expected);
    }
    if json_eq(&parsed, &expected) {
        Ok(())
    } else {
        Err(format!("output:\n{}", json_diff(&parsed, &expected)))
    }
}

/// Header names reach the parsers through `http::HeaderMap`, which holds them in lower case
/// (as HTTP/2 sends them), so a header-prefix map is keyed in lower case; the vectors keep
/// the case of their Python dict. Only the keys' case is adjusted; values are compared as is.
fn lowercase_header_map_keys(service: &ServiceDefinition, output: &str, expected: &mut Value) {
    let Some(shape) = service.shape(output) else {
        return;
    };
    let Value::Object(members) = expected else {
        return;
    };
    for (name, member) in &shape.members {
        let located = member.location.as_deref().or_else(|| {
            service
                .shape(&member.shape)
                .and_then(|s| s.location.as_deref())
        });
        if located != Some("headers") {
            continue;
        }
        if let Some(Value::Object(entries)) = members.get_mut(name) {
            *entries = std::mem::take(entries)
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect();
        }
    }
}

/// A streaming payload is left out of the parsed value for the caller to read; the caller
/// here is the test, which puts the body where botocore's parser puts it.
fn insert_streamed_payload(
    service: &ServiceDefinition,
    output: &str,
    body: &[u8],
    parsed: &mut Value,
) {
    let Some(shape) = service.shape(output) else {
        return;
    };
    let Some(payload) = &shape.payload else {
        return;
    };
    let Some(member) = shape.members.get(payload) else {
        return;
    };
    let streaming = member.streaming
        || service
            .shape(&member.shape)
            .is_some_and(|s| s.streaming && s.kind == ShapeType::Blob);
    if !streaming {
        return;
    }
    if let Value::Object(map) = parsed {
        if !map.contains_key(payload) {
            map.insert(
                payload.clone(),
                Value::String(rboto_runtime::protocol::blob::encode(body)),
            );
        }
    }
}

/// Whether the case's output has an event-stream payload (botocore's
/// `has_event_stream_output`).
fn has_event_stream_output(suite: &Suite<'_>, given: &Value) -> bool {
    let Some(output) = given["output"]["shape"].as_str() else {
        return false;
    };
    suite.shapes[output]["members"]
        .as_object()
        .into_iter()
        .flat_map(|members| members.values())
        .filter_map(|member| member["shape"].as_str())
        .any(|target| suite.shapes[target]["eventstream"].as_bool() == Some(true))
}

fn header_map(headers: &Value) -> Result<HeaderMap, String> {
    let mut map = HeaderMap::new();
    if let Some(headers) = headers.as_object() {
        for (k, v) in headers {
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|e| format!("bad header name {k:?} in the vector: {e}"))?;
            let value = HeaderValue::from_str(v.as_str().unwrap_or_default())
                .map_err(|e| format!("bad header value for {k} in the vector: {e}"))?;
            map.append(name, value);
        }
    }
    Ok(map)
}
