//! The AWS JSON protocols, 1.0 and 1.1 (DynamoDB, SQS, CloudWatch Logs, …).
//!
//! A request is a `POST /` naming the operation in `X-Amz-Target: <targetPrefix>.<operation>`
//! with the input as a JSON document (`application/x-amz-json-1.0` or `-1.1`). A response is
//! the output as JSON; an error names its type in the `X-Amzn-Errortype` header or the body's
//! `__type` (or `code`), possibly qualified by a namespace (`aws.dynamodb#Foo`) or followed by
//! a URI (`Foo:http://…`). A service that migrated from the query protocol
//! (`awsQueryCompatible`) asks for its old error codes with `x-amzn-query-mode: true` and
//! returns them in `x-amzn-query-error: Code;Sender`.

use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::Method;
use serde_json::{Map, Value};

use super::member::Member;
use super::rest::{error_shape, host_prefix, plain_ref, reason_phrase, request_id};
use super::{eventstream, json_body, timestamp, HttpResponse, SerializedRequest};
use crate::error::{Error, ServiceError};
use crate::model::{Operation, ServiceDefinition};

const TARGET: HeaderName = HeaderName::from_static("x-amz-target");
const QUERY_MODE: HeaderName = HeaderName::from_static("x-amzn-query-mode");

pub(super) fn serialize(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
) -> Result<SerializedRequest, Error> {
    let metadata = &service.metadata;
    let method = operation
        .http
        .as_ref()
        .map(|h| Method::from_bytes(h.method.as_bytes()))
        .transpose()
        .map_err(|e| Error::model(format!("{}: bad HTTP method: {e}", operation.name)))?
        .unwrap_or(Method::POST);
    let mut request = SerializedRequest::new(method, "/".to_string());

    let prefix = metadata
        .target_prefix
        .as_deref()
        .ok_or_else(|| Error::model("a JSON-protocol service model must name its targetPrefix"))?;
    let target = format!("{prefix}.{}", operation.name);
    let content_type = format!(
        "application/x-amz-json-{}",
        metadata.json_version.as_deref().unwrap_or("1.0")
    );
    let header = |text: &str| {
        HeaderValue::from_str(text)
            .map_err(|_| Error::model(format!("cannot send {text:?} in a header")))
    };
    request.headers.insert(TARGET, header(&target)?);
    request.headers.insert(CONTENT_TYPE, header(&content_type)?);
    if service.is_query_compatible() {
        request
            .headers
            .insert(QUERY_MODE, HeaderValue::from_static("true"));
    }

    let empty = Value::Object(Map::new());
    let params = if params.is_null() { &empty } else { params };
    let body = match &operation.input {
        Some(input) => {
            let input = Member::resolve(service, input)?;
            let Value::Object(map) = params else {
                return Err(Error::serialization(format!(
                    "{}: parameters must be an object, got {}",
                    operation.name,
                    timestamp::describe(params)
                )));
            };
            request.host_prefix = host_prefix(operation, input, map)?;
            json_body::serialize(service, params, input)?
        }
        None => {
            request.host_prefix = operation.endpoint.as_ref().map(|e| e.host_prefix.clone());
            empty
        }
    };
    request.body = serde_json::to_vec(&body)
        .map_err(|e| Error::serialization(format!("{}: {e}", operation.name)))?
        .into();
    Ok(request)
}

pub(super) fn parse_output(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> Result<Value, Error> {
    let Some(output) = &operation.output else {
        return Ok(Value::Object(Map::new()));
    };
    let output = Member::resolve(service, output)?;
    for (name, member) in output.members(service)? {
        if member.eventstream() {
            return parse_event_stream_output(service, operation, output, name, member, response);
        }
    }
    parse_document(service, operation, response.body, output)
}

/// Reads a JSON document as the value of `shape`; an empty body is an empty structure.
fn parse_document(
    service: &ServiceDefinition,
    operation: &Operation,
    body: &[u8],
    shape: Member<'_>,
) -> Result<Value, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    let document: Value = serde_json::from_slice(body).map_err(|e| {
        Error::response(format!("{}: the response is not JSON: {e}", operation.name))
    })?;
    match json_body::parse(service, &document, shape)? {
        Value::Null => Ok(Value::Object(Map::new())),
        parsed => Ok(parsed),
    }
}

/// An output whose member `name` is an event stream: the first message (`initial-response`)
/// carries the other output members as JSON, the rest are the stream's events, listed under
/// `name`.
fn parse_event_stream_output(
    service: &ServiceDefinition,
    operation: &Operation,
    output: Member<'_>,
    name: &str,
    stream: Member<'_>,
    response: &HttpResponse<'_>,
) -> Result<Value, Error> {
    let body = response.body;
    let first_len = body
        .get(..4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .filter(|len| *len <= body.len())
        .ok_or_else(|| Error::response(format!("{}: empty event stream", operation.name)))?;
    let first = eventstream::decode(&body[..first_len])
        .map_err(|e| Error::response(format!("{}: {e}", operation.name)))?;
    let initial = first
        .iter()
        .find(|m| {
            m.headers.iter().any(|(k, v)| {
                k == ":event-type"
                    && *v == eventstream::HeaderValue::String("initial-response".into())
            })
        })
        .ok_or_else(|| {
            Error::response(format!(
                "{}: the event stream does not start with an initial-response event",
                operation.name
            ))
        })?;
    let mut parsed = parse_document(service, operation, &initial.payload, output)?;
    let events = eventstream::parse(
        service,
        stream,
        &body[first_len..],
        &operation.name,
        &|payload, event| parse_document(service, operation, payload, event),
    )?;
    if let Value::Object(map) = &mut parsed {
        map.insert(name.to_string(), events);
    }
    Ok(parsed)
}

pub(super) fn parse_error(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> ServiceError {
    let mut error = ServiceError {
        operation: operation.name.clone(),
        status: response.status,
        request_id: request_id(response.headers),
        ..ServiceError::default()
    };
    let text = String::from_utf8_lossy(response.body);
    let body = text.trim();
    let header = |name: &str| {
        response
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
    };
    let generic = body.is_empty() || body.starts_with("<html>");
    if response.status >= 500 && generic && header("x-amzn-errortype").is_none() {
        error.code = response.status.to_string();
        error.message = reason_phrase(response.status);
        return error;
    }
    let document: Value = if body.is_empty() {
        Value::Object(Map::new())
    } else {
        serde_json::from_str(body).unwrap_or_else(|_| serde_json::json!({ "message": body }))
    };
    let field = |name: &str| document.get(name).and_then(Value::as_str);
    error.message = field("message")
        .or_else(|| field("Message"))
        .map(str::to_string);
    let code = header("x-amzn-errortype")
        .or_else(|| field("__type"))
        .or_else(|| field("code"))
        .map(sanitize_error_code)
        .unwrap_or_else(|| response.status.to_string());
    error.code = code;
    if let Some((query_code, kind)) = header("x-amzn-query-error").and_then(|h| h.split_once(';')) {
        if !query_code.is_empty() && !kind.contains(';') {
            error.code = query_code.to_string();
            error.error_type = Some(kind.to_string());
        }
    }
    if let Some((name, _)) = error_shape(service, operation, &error.code) {
        let reference = plain_ref(name);
        if let Ok(shape) = Member::resolve(service, &reference) {
            if let Ok(data) = json_body::parse(service, &document, shape) {
                error.shape = Some(name.to_string());
                error.data = data;
            }
        }
    }
    error
}

/// An error type without the URI after `:` or the namespace before `#`
/// (`aws.protocoltests#FooError:http://internal/` is `FooError`).
fn sanitize_error_code(raw: &str) -> String {
    let without_uri = raw.split(':').next().unwrap_or(raw);
    let without_namespace = without_uri.rsplit('#').next().unwrap_or(without_uri);
    without_namespace.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_lose_namespace_and_uri() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code(
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("FooError:http://internal.amazon.com/"),
            "FooError"
        );
    }
}
