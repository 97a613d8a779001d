//! The rest-json protocol: REST bindings ([`super::rest`]) with JSON bodies.
//!
//! A request body is the JSON of the members not bound elsewhere, or of the payload member;
//! it is `{}` when the input has body members but none was given, and carries
//! `Content-Type: application/json` unless it is a raw blob or string payload. Errors name
//! their code in the `x-amzn-errortype` header or the body's `code` or `__type`, with any
//! namespace (`ns#`) and URI suffix (`:http://…`) removed.

use http::header::{HeaderValue, CONTENT_TYPE};
use serde_json::{Map, Value};

use super::member::Member;
use super::rest::{self, Body};
use super::service_error::{self, clean_code};
use super::{eventstream, json_body, HttpResponse, SerializedRequest};
use crate::error::{Error, ServiceError};
use crate::model::{Operation, ServiceDefinition, ShapeRef, ShapeType};

pub(super) fn serialize(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
) -> Result<SerializedRequest, Error> {
    let (mut request, body) = rest::serialize(service, operation, params)?;
    let json = match body {
        Body::Nothing | Body::Raw => None,
        Body::NoMembersGiven | Body::Payload { value: None, .. } => Some(b"{}".to_vec()),
        Body::Payload {
            member,
            value: Some(value),
        } => Some(json_body::serialize(service, value, member)?),
        Body::Members { input, values } => {
            Some(json_body::serialize_members(service, input, &values)?)
        }
    };
    if let Some(json) = json {
        request.body = json.into();
        if !request.headers.contains_key(CONTENT_TYPE) {
            request
                .headers
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
    }
    Ok(request)
}

pub(super) fn parse_output(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> Result<Value, Error> {
    match &operation.output {
        Some(output) => parse_shape(service, &operation.name, output, response),
        None => Ok(Value::Object(Map::new())),
    }
}

/// Reads a response into a shape: located members, then the payload or the body members.
fn parse_shape(
    service: &ServiceDefinition,
    operation: &str,
    reference: &ShapeRef,
    response: &HttpResponse<'_>,
) -> Result<Value, Error> {
    let shape = Member::resolve(service, reference)?;
    let mut out = rest::parse_located(service, shape, response.status, response.headers)?;
    match shape.payload_member(service)? {
        Some((payload, member)) => {
            if let Some(value) = parse_payload(service, operation, member, response.body)? {
                out.insert(payload.to_string(), value);
            }
        }
        None => {
            let document = parse_document(response.body)?;
            if let Value::Object(members) = json_body::parse(service, &document, shape)? {
                out.extend(members);
            }
        }
    }
    Ok(Value::Object(out))
}

/// The payload member's value (every event of an event stream), or `None` when the body is
/// empty.
fn parse_payload(
    service: &ServiceDefinition,
    operation: &str,
    member: Member<'_>,
    body: &[u8],
) -> Result<Option<Value>, Error> {
    if member.eventstream() {
        return eventstream::parse(service, member, body, operation, &|payload, event| {
            json_body::parse(service, &parse_document(payload)?, event)
        })
        .map(Some);
    }
    if body.is_empty() {
        return Ok(None);
    }
    Ok(Some(match member.kind() {
        ShapeType::Blob => super::blob::to_value(body),
        ShapeType::String => Value::String(String::from_utf8_lossy(body).into_owned()),
        _ => json_body::parse_owned(service, parse_document(body)?, member)?,
    }))
}

fn parse_document(body: &[u8]) -> Result<Value, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(body)
        .map_err(|e| Error::response(format!("the response is not JSON: {e}")))
}

pub(super) fn parse_error(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> ServiceError {
    let headers = response.headers;
    let header = |name: &str| {
        headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let text = String::from_utf8_lossy(response.body);
    let trimmed = text.trim();
    let generic = response.status >= 500 && (trimmed.is_empty() || trimmed.starts_with("<html>"));
    let body: Map<String, Value> = match serde_json::from_str::<Value>(trimmed) {
        Ok(Value::Object(map)) => map,
        _ if trimmed.is_empty() || generic => Map::new(),
        _ => {
            let mut map = Map::new();
            map.insert("message".into(), Value::String(trimmed.to_string()));
            map
        }
    };
    let body_text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_string);

    let raw_code = header("x-amzn-errortype")
        .or_else(|| body_text("code"))
        .or_else(|| body_text("Code"))
        .or_else(|| body_text("__type"));
    let mut code = match raw_code {
        Some(raw) => clean_code(&raw),
        None => response.status.to_string(),
    };
    let mut error_type = None;
    if service.is_query_compatible() {
        if let Some(query_error) = header("x-amzn-query-error") {
            if let Some((query_code, kind)) = query_error.split_once(';') {
                if !query_code.is_empty() {
                    code = query_code.to_string();
                    error_type = Some(kind.to_string());
                }
            }
        }
    }
    let message = if generic && raw_code_absent(&body, headers) {
        service_error::reason_phrase(response.status)
    } else {
        ["message", "Message", "errorMessage"]
            .iter()
            .find_map(|key| body_text(key))
    };

    let mut error = ServiceError {
        code,
        message,
        error_type,
        ..service_error::from_response(operation, response)
    };
    if let Some((name, data)) = service_error::modeled_error(service, operation, &error.code, |r| {
        parse_shape(service, &operation.name, r, response)
    }) {
        error.shape = Some(name);
        error.data = data.unwrap_or_else(|_| Value::Object(Map::new()));
    }
    error
}

fn raw_code_absent(body: &Map<String, Value>, headers: &http::HeaderMap) -> bool {
    !headers.contains_key("x-amzn-errortype")
        && !["code", "Code", "__type"]
            .iter()
            .any(|k| body.contains_key(*k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_lose_namespace_and_uri() {
        assert_eq!(clean_code("FooError"), "FooError");
        assert_eq!(
            clean_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            "FooError"
        );
        assert_eq!(clean_code("FooError:http://x/"), "FooError");
    }

    /// A Glacier-like model: labels, a header, a JSON body, a blob payload and errors.
    fn glacier() -> ServiceDefinition {
        serde_json::from_value(serde_json::json!({
            "metadata": {"protocol": "rest-json", "apiVersion": "2012-06-01"},
            "operations": {
                "CreateVault": {
                    "name": "CreateVault",
                    "http": {"method": "PUT", "requestUri": "/{accountId}/vaults/{vaultName}", "responseCode": 201},
                    "input": {"shape": "CreateVaultInput"},
                    "output": {"shape": "CreateVaultOutput"},
                    "errors": [{"shape": "ResourceNotFoundException"}]
                },
                "SetTags": {
                    "name": "SetTags",
                    "http": {"method": "POST", "requestUri": "/{accountId}/tags"},
                    "input": {"shape": "SetTagsInput"},
                    "endpoint": {"hostPrefix": "{accountId}."}
                },
                "Upload": {
                    "name": "Upload",
                    "http": {"method": "POST", "requestUri": "/{accountId}/upload"},
                    "input": {"shape": "UploadInput"}
                }
            },
            "shapes": {
                "CreateVaultInput": {"type": "structure", "members": {
                    "accountId": {"shape": "String", "location": "uri", "locationName": "accountId"},
                    "vaultName": {"shape": "String", "location": "uri", "locationName": "vaultName"}
                }},
                "CreateVaultOutput": {"type": "structure", "members": {
                    "location": {"shape": "String", "location": "header", "locationName": "Location"},
                    "status": {"shape": "Integer", "location": "statusCode"},
                    "created": {"shape": "Timestamp"}
                }},
                "SetTagsInput": {"type": "structure", "members": {
                    "accountId": {"shape": "String", "location": "uri", "locationName": "accountId", "hostLabel": true},
                    "Tags": {"shape": "TagMap"},
                    "When": {"shape": "Timestamp"},
                    "Flags": {"shape": "StringList", "location": "header", "locationName": "X-Flags"},
                    "Since": {"shape": "Timestamp", "location": "querystring", "locationName": "since"}
                }},
                "UploadInput": {"type": "structure", "members": {
                    "accountId": {"shape": "String", "location": "uri", "locationName": "accountId"},
                    "body": {"shape": "Stream"}
                }, "payload": "body"},
                "ResourceNotFoundException": {"type": "structure", "members": {
                    "type": {"shape": "String"},
                    "code": {"shape": "String"},
                    "message": {"shape": "String"}
                }, "exception": true, "error": {"httpStatusCode": 404}},
                "TagMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}},
                "StringList": {"type": "list", "member": {"shape": "String"}},
                "Stream": {"type": "blob", "streaming": true},
                "String": {"type": "string"},
                "Integer": {"type": "integer"},
                "Timestamp": {"type": "timestamp"}
            }
        }))
        .unwrap()
    }

    #[test]
    fn a_body_is_json_with_its_content_type_and_located_members_stay_out() {
        let service = glacier();
        let op = service.operation("SetTags").unwrap();
        let params = serde_json::json!({
            "accountId": "123456789012",
            "Tags": {"a": "1"},
            "When": "2014-04-29T18:30:38.5Z",
            "Flags": ["plain", "with,comma"],
            "Since": 1398796238
        });
        let request = serialize(&service, op, &params).unwrap();
        assert_eq!(
            request.path_and_query,
            "/123456789012/tags?since=2014-04-29T18%3A30%3A38Z"
        );
        assert_eq!(request.host_prefix.as_deref(), Some("123456789012."));
        assert_eq!(request.headers["content-type"], "application/json");
        assert_eq!(request.headers["x-flags"], "plain,\"with,comma\"");
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"Tags": {"a": "1"}, "When": 1398796238.5})
        );

        let bad_label = serde_json::json!({"accountId": "not/a/host"});
        assert!(serialize(&service, op, &bad_label)
            .unwrap_err()
            .is_validation());
    }

    #[test]
    fn no_body_member_given_still_sends_an_empty_object_and_a_blob_payload_is_raw() {
        let service = glacier();
        let op = service.operation("SetTags").unwrap();
        let request = serialize(&service, op, &serde_json::json!({"accountId": "1"})).unwrap();
        assert_eq!(&request.body[..], b"{}");

        let op = service.operation("CreateVault").unwrap();
        let request = serialize(
            &service,
            op,
            &serde_json::json!({"accountId": "-", "vaultName": "v 1"}),
        )
        .unwrap();
        assert_eq!(request.path_and_query, "/-/vaults/v%201");
        assert!(request.body.is_empty());
        assert!(request.headers.get("content-type").is_none());

        let op = service.operation("Upload").unwrap();
        let params =
            serde_json::json!({"accountId": "-", "body": super::super::blob::encode(b"\x00raw")});
        let request = serialize(&service, op, &params).unwrap();
        assert_eq!(&request.body[..], b"\x00raw");
        assert_eq!(request.streaming_member.as_deref(), Some("body"));
        assert!(request.headers.get("content-type").is_none());
    }

    #[test]
    fn output_reads_status_headers_and_body() {
        let service = glacier();
        let op = service.operation("CreateVault").unwrap();
        let mut headers = http::HeaderMap::new();
        headers.insert("location", "/1/vaults/v".parse().unwrap());
        let body = br#"{"created": 1398796238, "unknown": true}"#;
        let response = HttpResponse {
            status: 201,
            headers: &headers,
            body,
        };
        assert_eq!(
            parse_output(&service, op, &response).unwrap(),
            serde_json::json!({"location": "/1/vaults/v", "status": 201, "created": "2014-04-29T18:30:38Z"})
        );
    }

    #[test]
    fn errors_take_the_code_from_header_or_body_and_fill_the_modeled_shape() {
        let service = glacier();
        let op = service.operation("CreateVault").unwrap();
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amzn-requestid", "R1".parse().unwrap());
        let body = br#"{"type": "Client", "code": "ResourceNotFoundException", "message": "Vault not found"}"#;
        let err = parse_error(
            &service,
            op,
            &HttpResponse {
                status: 404,
                headers: &headers,
                body,
            },
        );
        assert_eq!(err.code, "ResourceNotFoundException");
        assert_eq!(err.message.as_deref(), Some("Vault not found"));
        assert_eq!(err.request_id.as_deref(), Some("R1"));
        assert_eq!(err.shape.as_deref(), Some("ResourceNotFoundException"));
        assert_eq!(err.data["type"], "Client");

        headers.insert(
            "x-amzn-errortype",
            "ThrottlingException:http://internal/".parse().unwrap(),
        );
        let err = parse_error(
            &service,
            op,
            &HttpResponse {
                status: 400,
                headers: &headers,
                body: b"not json",
            },
        );
        assert_eq!(err.code, "ThrottlingException");
        assert_eq!(err.message.as_deref(), Some("not json"));
        assert_eq!(err.shape, None);

        let empty = http::HeaderMap::new();
        let err = parse_error(
            &service,
            op,
            &HttpResponse {
                status: 502,
                headers: &empty,
                body: b"",
            },
        );
        assert_eq!(err.code, "502");
        assert_eq!(err.message.as_deref(), Some("Bad Gateway"));
    }
}
