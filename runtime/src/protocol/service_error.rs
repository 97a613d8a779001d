//! Pieces every protocol's error parser shares: the request id header, the modeled error
//! shape an error code names, and the reason phrase of a bare status.

use http::HeaderMap;
use serde_json::Value;

use super::HttpResponse;
use crate::error::{Error, ServiceError};
use crate::model::{Operation, ServiceDefinition, Shape, ShapeRef};

/// The request id a response carries in its headers (`x-amzn-RequestId`, or S3's
/// `x-amz-request-id`).
fn request_id(headers: &HeaderMap) -> Option<String> {
    ["x-amzn-requestid", "x-amz-request-id"]
        .iter()
        .find_map(|name| headers.get(*name))
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// An error code without a namespace prefix (`aws.protocoltests#`) or a URI suffix
/// (`:http://…`), as the JSON protocols send it (`ns#FooError:http://internal/` is `FooError`).
pub(super) fn clean_code(raw: &str) -> String {
    let without_uri = raw.split(':').next().unwrap_or(raw);
    let without_namespace = without_uri.rsplit('#').next().unwrap_or(without_uri);
    without_namespace.trim().to_string()
}

/// The modeled error shape for an error code: one of the operation's errors first, then any
/// exception shape of the service, matched by its name or its `error.code`.
fn error_shape<'a>(
    service: &'a ServiceDefinition,
    operation: &'a Operation,
    code: &str,
) -> Option<(&'a str, &'a Shape)> {
    if code.is_empty() {
        return None;
    }
    let matches = |name: &str, shape: &Shape| {
        shape.exception
            && (name == code || shape.error.as_ref().and_then(|e| e.code.as_deref()) == Some(code))
    };
    operation
        .errors
        .iter()
        .find_map(|r| {
            let shape = service.shape_of(r)?;
            matches(&r.shape, shape).then_some((r.shape.as_str(), shape))
        })
        .or_else(|| {
            service
                .shapes
                .iter()
                .find(|(name, shape)| matches(name, shape))
                .map(|(name, shape)| (name.as_str(), shape))
        })
}

/// The modeled error shape an error code names, with its members as `parse` reads them from
/// the response: `(shape name, parse result)`, or `None` when the code names no error shape.
/// Each protocol decides what a failed read means for the error it builds.
pub(super) fn modeled_error(
    service: &ServiceDefinition,
    operation: &Operation,
    code: &str,
    parse: impl FnOnce(&ShapeRef) -> Result<Value, Error>,
) -> Option<(String, Result<Value, Error>)> {
    let (name, _) = error_shape(service, operation, code)?;
    Some((name.to_string(), parse(&plain_ref(name))))
}

/// A reference to a shape by name alone, for shapes reached other than through a member
/// (modeled errors).
fn plain_ref(name: &str) -> ShapeRef {
    ShapeRef {
        shape: name.to_string(),
        ..ShapeRef::default()
    }
}

/// The error a response starts as: its operation, status and request id header; the rest
/// is read from the body.
pub(super) fn from_response(operation: &Operation, response: &HttpResponse<'_>) -> ServiceError {
    ServiceError {
        operation: operation.name.clone(),
        status: response.status,
        request_id: request_id(response.headers),
        ..ServiceError::default()
    }
}

/// An error whose body says nothing usable (none, or a proxy's HTML page): the status is the
/// code and its reason phrase the message, as botocore reports it.
pub(super) fn status_only(mut error: ServiceError) -> ServiceError {
    error.code = error.status.to_string();
    error.message = reason_phrase(error.status);
    error
}

/// The standard reason phrase of a status, for errors that carry no message.
pub(super) fn reason_phrase(status: u16) -> Option<String> {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(str::to_string)
}
