//! Reading a response: service errors, and the `ResponseMetadata` botocore adds to output.

use http::HeaderMap;
use serde_json::{Map, Value};

use crate::error::ServiceError;
use crate::model::{Operation, ServiceDefinition};
use crate::protocol::{self, HttpResponse, Protocol};

/// Headers that carry a request id, in the order services use them.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"];

/// The service error of a failed response, with the request id filled from the headers
/// when the body did not carry one, and the status as the code of a bodiless error (as
/// botocore reports `404` for HEAD requests).
pub(crate) fn service_error(
    protocol: Protocol,
    service: &ServiceDefinition,
    operation: &Operation,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> ServiceError {
    let response = HttpResponse {
        status,
        headers,
        body,
    };
    let mut err = protocol::parse_error(protocol, service, operation, &response);
    err.operation.clone_from(&operation.name);
    err.status = status;
    if err.code.is_empty() {
        err.code = status.to_string();
    }
    if err.request_id.is_none() {
        err.request_id = request_id(headers);
    }
    err
}

/// Adds `ResponseMetadata` (`RequestId`, `HostId` for S3, `HTTPStatusCode`, `HTTPHeaders`
/// with lower-cased names, `RetryAttempts`) to an output value, keeping what the parser
/// already put there.
pub(crate) fn attach_metadata(
    output: &mut Value,
    status: u16,
    headers: &HeaderMap,
    retry_attempts: u32,
) {
    if !output.is_object() {
        *output = Value::Object(Map::new());
    }
    let Value::Object(map) = output else {
        return;
    };
    let mut metadata = match crate::protocol::remove_in_order(map, "ResponseMetadata") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    if !metadata.contains_key("RequestId") {
        if let Some(id) = request_id(headers) {
            metadata.insert("RequestId".into(), Value::String(id));
        }
    }
    if let Some(host_id) = header_str(headers, "x-amz-id-2") {
        metadata
            .entry("HostId")
            .or_insert_with(|| Value::String(host_id.to_string()));
    }
    metadata.insert("HTTPStatusCode".into(), Value::from(status));
    metadata.insert("HTTPHeaders".into(), headers_value(headers));
    metadata.insert("RetryAttempts".into(), Value::from(retry_attempts));
    map.insert("ResponseMetadata".into(), Value::Object(metadata));
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| header_str(headers, name))
        .map(str::to_string)
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The headers as a JSON object, names lower-cased, repeated headers joined with `, `.
fn headers_value(headers: &HeaderMap) -> Value {
    let mut map = Map::new();
    for name in headers.keys() {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        map.insert(
            name.as_str().to_ascii_lowercase(),
            Value::String(values.join(", ")),
        );
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use serde_json::json;

    #[test]
    fn metadata_merges_with_what_the_parser_found() {
        let mut headers = HeaderMap::new();
        headers.insert("x-amz-request-id", HeaderValue::from_static("HEADER-ID"));
        headers.insert("x-amz-id-2", HeaderValue::from_static("host-id"));
        headers.append("set-cookie", HeaderValue::from_static("a=1"));
        headers.append("set-cookie", HeaderValue::from_static("b=2"));
        let mut output = json!({"Buckets": [], "ResponseMetadata": {"RequestId": "BODY-ID"}});
        attach_metadata(&mut output, 200, &headers, 1);
        let meta = &output["ResponseMetadata"];
        assert_eq!(meta["RequestId"], "BODY-ID");
        assert_eq!(meta["HostId"], "host-id");
        assert_eq!(meta["HTTPStatusCode"], 200);
        assert_eq!(meta["RetryAttempts"], 1);
        assert_eq!(meta["HTTPHeaders"]["set-cookie"], "a=1, b=2");
        assert_eq!(output["Buckets"], json!([]));

        let mut empty = Value::Null;
        attach_metadata(&mut empty, 204, &headers, 0);
        assert_eq!(empty["ResponseMetadata"]["RequestId"], "HEADER-ID");
    }
}
