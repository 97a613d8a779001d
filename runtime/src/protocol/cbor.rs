//! The Smithy RPC v2 CBOR protocol (`smithy-rpc-v2-cbor`: CloudWatch Omni, EventBridge v2, …).
//!
//! A request is a `POST /service/<targetPrefix>/operation/<operation>` with the header
//! `smithy-protocol: rpc-v2-cbor`, `Accept: application/cbor` and, when the operation has an
//! input, the input as a CBOR map (`Content-Type: application/cbor`); an operation without
//! input sends no body. A response is the output as a CBOR map (an empty body is an empty
//! output); an error names its type in the body's `__type` (namespace and URI suffix
//! dropped, as for JSON), its message in `message` or `Message`. A service that migrated
//! from the query protocol (`awsQueryCompatible`) gets `x-amzn-query-mode: true` and returns
//! its old codes in `x-amzn-query-error: Code;Sender`, as over JSON.
//!
//! CBOR itself comes from `minicbor`: it encodes straight from our values into a `Vec` with
//! no intermediate tree and decodes any item by type (definite and indefinite lengths, tags,
//! all float widths) without serde, has no required dependencies (so it adds little to a
//! build), and is the codec AWS's own Rust SDK runtime uses for this protocol. `ciborium`
//! works through serde, which would mean a second tree type beside `serde_json::Value` for
//! the shape-driven walk every protocol here does.

use http::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use serde_json::{Map, Value};

use super::host_prefix;
use super::member::Member;
use super::service_error::{clean_code, from_response, modeled_error, status_only};
use super::{cbor_body, eventstream, json_body, timestamp, HttpResponse, SerializedRequest};
use crate::error::{Error, ServiceError};
use crate::model::{Operation, ServiceDefinition};

const SMITHY_PROTOCOL: HeaderName = HeaderName::from_static("smithy-protocol");
const QUERY_MODE: HeaderName = HeaderName::from_static("x-amzn-query-mode");
const CBOR: HeaderValue = HeaderValue::from_static("application/cbor");
const EVENT_STREAM: HeaderValue = HeaderValue::from_static("application/vnd.amazon.eventstream");

pub(super) fn serialize(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
) -> Result<SerializedRequest, Error> {
    let metadata = &service.metadata;
    let prefix = metadata.target_prefix.as_deref().ok_or_else(|| {
        Error::model("a smithy-rpc-v2-cbor service model must name its targetPrefix")
    })?;
    let mut request = SerializedRequest::rpc(operation)?;
    request.path_and_query = format!("/service/{prefix}/operation/{}", operation.name);
    request
        .headers
        .insert(SMITHY_PROTOCOL, HeaderValue::from_static("rpc-v2-cbor"));
    if service.is_query_compatible() {
        request
            .headers
            .insert(QUERY_MODE, HeaderValue::from_static("true"));
    }
    let streams = |reference: &Option<crate::model::ShapeRef>| -> Result<bool, Error> {
        let Some(reference) = reference else {
            return Ok(false);
        };
        let shape = Member::resolve(service, reference)?;
        Ok(shape
            .members(service)?
            .iter()
            .any(|(_, member)| member.eventstream()))
    };
    let accept = if streams(&operation.output)? {
        EVENT_STREAM
    } else {
        CBOR
    };
    request.headers.insert(ACCEPT, accept);

    let empty = Value::Object(Map::new());
    let params = if params.is_null() { &empty } else { params };
    match &operation.input {
        Some(input) => {
            let input_member = Member::resolve(service, input)?;
            let Value::Object(map) = params else {
                return Err(Error::serialization(format!(
                    "{}: parameters must be an object, got {}",
                    operation.name,
                    timestamp::describe(params)
                )));
            };
            request.host_prefix = host_prefix::expand(operation, input_member, map)?;
            request.body = cbor_body::serialize(service, params, input_member)?.into();
            let content_type = if streams(&operation.input)? {
                EVENT_STREAM
            } else {
                CBOR
            };
            request.headers.insert(CONTENT_TYPE, content_type);
        }
        None => {
            request.host_prefix = operation.endpoint.as_ref().map(|e| e.host_prefix.clone());
        }
    }
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
            return eventstream::parse_with_initial_response(
                service,
                &operation.name,
                (output, name, member),
                response.body,
                &|payload, shape| parse_document(service, operation, payload, shape),
            );
        }
    }
    parse_document(service, operation, response.body, output)
}

/// Reads a CBOR body as the value of `shape`; an empty body is an empty structure.
fn parse_document(
    service: &ServiceDefinition,
    operation: &Operation,
    body: &[u8],
    shape: Member<'_>,
) -> Result<Value, Error> {
    if body.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let document = cbor_body::decode(body).map_err(|e| {
        Error::response(format!("{}: the response is not CBOR: {e}", operation.name))
    })?;
    match json_body::parse_owned(service, document, shape)? {
        Value::Null => Ok(Value::Object(Map::new())),
        parsed => Ok(parsed),
    }
}

pub(super) fn parse_error(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> ServiceError {
    let mut error = from_response(operation, response);
    let header = |name: &str| {
        response
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
    };
    let document = if response.body.is_empty() {
        None
    } else {
        cbor_body::decode(response.body).ok()
    };
    let Some(document) = document.filter(Value::is_object) else {
        if let Some(code) = header("x-amzn-errortype") {
            error.code = clean_code(code);
            return error;
        }
        return status_only(error);
    };
    let field = |name: &str| document.get(name).and_then(Value::as_str);
    error.message = field("message")
        .or_else(|| field("Message"))
        .map(str::to_string);
    error.code = field("__type")
        .or_else(|| header("x-amzn-errortype"))
        .map(clean_code)
        .unwrap_or_else(|| response.status.to_string());
    if let Some((query_code, kind)) = header("x-amzn-query-error").and_then(|h| h.split_once(';')) {
        if !query_code.is_empty() && !kind.contains(';') {
            error.code = query_code.to_string();
            error.error_type = Some(kind.to_string());
        }
    }
    if let Some((name, Ok(data))) = modeled_error(service, operation, &error.code, |r| {
        json_body::parse(service, &document, Member::resolve(service, r)?)
    }) {
        error.shape = Some(name);
        error.data = data;
    }
    error
}
