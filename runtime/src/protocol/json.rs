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
use serde_json::{Map, Value};

use super::host_prefix;
use super::member::Member;
use super::service_error::{
    clean_code as sanitize_error_code, from_response, modeled_error, status_only,
};
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
    let mut request = SerializedRequest::rpc(operation)?;

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
    request.body = match &operation.input {
        Some(input) => {
            let input = Member::resolve(service, input)?;
            let Value::Object(map) = params else {
                return Err(Error::serialization(format!(
                    "{}: parameters must be an object, got {}",
                    operation.name,
                    timestamp::describe(params)
                )));
            };
            request.host_prefix = host_prefix::expand(operation, input, map)?;
            json_body::serialize(service, params, input)?.into()
        }
        None => {
            request.host_prefix = operation.endpoint.as_ref().map(|e| e.host_prefix.clone());
            bytes::Bytes::from_static(b"{}")
        }
    };
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
        return status_only(error);
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
    if let Some((name, Ok(data))) = modeled_error(service, operation, &error.code, |r| {
        json_body::parse(service, &document, Member::resolve(service, r)?)
    }) {
        error.shape = Some(name);
        error.data = data;
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderMap;
    use serde_json::json;

    fn service(extra_metadata: Value) -> ServiceDefinition {
        let mut metadata = json!({"protocol": "json", "apiVersion": "2012-08-10"});
        if let (Value::Object(m), Value::Object(extra)) = (&mut metadata, extra_metadata) {
            m.extend(extra);
        }
        serde_json::from_value(json!({
            "metadata": metadata,
            "operations": {
                "GetThing": {
                    "name": "GetThing",
                    "http": {"method": "POST", "requestUri": "/"},
                    "input": {"shape": "GetThingInput"},
                    "output": {"shape": "GetThingOutput"},
                    "errors": [{"shape": "ThingMissing"}]
                }
            },
            "shapes": {
                "GetThingInput": {"type": "structure", "members": {
                    "Name": {"shape": "Str"},
                    "At": {"shape": "Time"},
                    "Data": {"shape": "Bytes"}
                }},
                "GetThingOutput": {"type": "structure", "members": {
                    "Items": {"shape": "Strs"},
                    "At": {"shape": "Time"}
                }},
                "ThingMissing": {"type": "structure", "exception": true,
                    "error": {"code": "AWS.Things.Missing", "senderFault": true},
                    "members": {"message": {"shape": "Str"}, "Thing": {"shape": "Str"}}},
                "Strs": {"type": "list", "member": {"shape": "Str"}},
                "Str": {"type": "string"},
                "Time": {"type": "timestamp"},
                "Bytes": {"type": "blob"}
            }
        }))
        .unwrap()
    }

    fn standard() -> ServiceDefinition {
        service(json!({"jsonVersion": "1.1", "targetPrefix": "Things_20120810"}))
    }

    fn error_of(
        service: &ServiceDefinition,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> ServiceError {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        let op = service.operation("GetThing").unwrap();
        parse_error(
            service,
            op,
            &HttpResponse {
                status,
                headers: &map,
                body: body.as_bytes(),
            },
        )
    }

    #[test]
    fn requests_name_the_target_and_json_version() {
        let service = standard();
        let op = service.operation("GetThing").unwrap();
        let params = json!({"Name": "n", "At": "2014-04-29T18:30:38.5Z", "Data": "aGk="});
        let request = serialize(&service, op, &params).unwrap();
        assert_eq!(request.headers["x-amz-target"], "Things_20120810.GetThing");
        assert_eq!(
            request.headers["content-type"],
            "application/x-amz-json-1.1"
        );
        assert!(request.headers.get("x-amzn-query-mode").is_none());
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(
            body,
            json!({"Name": "n", "At": 1398796238.5, "Data": "aGk="})
        );
        let empty = serialize(&service, op, &Value::Null).unwrap();
        assert_eq!(&empty.body[..], b"{}");
    }

    #[test]
    fn query_compatible_services_ask_for_query_errors() {
        let service = service(json!({"targetPrefix": "T", "awsQueryCompatible": {}}));
        let op = service.operation("GetThing").unwrap();
        let request = serialize(&service, op, &json!({})).unwrap();
        assert_eq!(request.headers["x-amzn-query-mode"], "true");
        assert_eq!(
            request.headers["content-type"],
            "application/x-amz-json-1.0"
        );
    }

    #[test]
    fn a_model_without_target_prefix_is_refused() {
        let service = service(json!({}));
        let op = service.operation("GetThing").unwrap();
        assert!(serialize(&service, op, &json!({})).unwrap_err().is_model());
    }

    #[test]
    fn output_drops_nulls_and_converts_timestamps() {
        let service = standard();
        let op = service.operation("GetThing").unwrap();
        let headers = HeaderMap::new();
        let body = br#"{"Items": ["a", null], "At": 1398796238, "Unknown": 1, "Other": null}"#;
        let parsed = parse_output(
            &service,
            op,
            &HttpResponse {
                status: 200,
                headers: &headers,
                body,
            },
        )
        .unwrap();
        assert_eq!(
            parsed,
            json!({"Items": ["a", null], "At": "2014-04-29T18:30:38Z"})
        );
        let empty = parse_output(
            &service,
            op,
            &HttpResponse {
                status: 200,
                headers: &headers,
                body: b"",
            },
        );
        assert_eq!(empty.unwrap(), json!({}));
        let broken = parse_output(
            &service,
            op,
            &HttpResponse {
                status: 200,
                headers: &headers,
                body: b"<html>",
            },
        );
        assert!(broken.unwrap_err().is_response());
    }

    #[test]
    fn errors_take_the_header_type_over_the_body_and_read_modeled_members() {
        let service = standard();
        let err = error_of(
            &service,
            400,
            &[
                ("x-amzn-errortype", "Other:http://internal/"),
                ("x-amzn-requestid", "rid"),
            ],
            r#"{"__type": "aws#ThingMissing", "message": "m"}"#,
        );
        assert_eq!(err.code, "Other");
        assert_eq!(err.request_id.as_deref(), Some("rid"));
        assert_eq!(err.message.as_deref(), Some("m"));
        assert_eq!(err.shape, None);

        let err = error_of(
            &service,
            400,
            &[],
            r#"{"__type": "ns#ThingMissing", "Message": "M", "Thing": "t"}"#,
        );
        assert_eq!(err.code, "ThingMissing");
        assert_eq!(err.message.as_deref(), Some("M"));
        assert_eq!(err.shape.as_deref(), Some("ThingMissing"));
        assert_eq!(err.data, json!({"Thing": "t"}));
    }

    #[test]
    fn query_compatible_errors_use_the_query_code_and_type() {
        let service = standard();
        let body = r#"{"__type": "ns#ThingMissing", "message": "gone"}"#;
        let err = error_of(
            &service,
            400,
            &[("x-amzn-query-error", "AWS.Things.Missing;Sender")],
            body,
        );
        assert_eq!(err.code, "AWS.Things.Missing");
        assert_eq!(err.error_type.as_deref(), Some("Sender"));
        assert_eq!(err.shape.as_deref(), Some("ThingMissing"));
        assert_eq!(err.data, json!({"message": "gone"}));
        for malformed in [";Sender", "NoSeparator", "A;B;C"] {
            let err = error_of(&service, 400, &[("x-amzn-query-error", malformed)], body);
            assert_eq!(err.code, "ThingMissing", "{malformed}");
            assert_eq!(err.error_type, None, "{malformed}");
        }
    }

    #[test]
    fn unstructured_errors_fall_back_to_the_status() {
        let service = standard();
        let err = error_of(&service, 502, &[], "");
        assert_eq!(
            (err.code.as_str(), err.message.as_deref()),
            ("502", Some("Bad Gateway"))
        );
        let err = error_of(&service, 400, &[], "not json");
        assert_eq!(
            (err.code.as_str(), err.message.as_deref()),
            ("400", Some("not json"))
        );
        let err = error_of(&service, 500, &[("x-amzn-errortype", "Boom")], "");
        assert_eq!((err.code.as_str(), err.message), ("Boom", None));
    }

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
