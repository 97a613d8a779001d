//! AWS wire protocols: turning parameters into HTTP requests and responses into values.
//!
//! One module per protocol (`query`, `ec2`, `json`, `rest_json`, `rest_xml`), chosen from the
//! model as botocore chooses ([`Protocol::resolve`]). Every protocol works on
//! `serde_json::Value` parameters and produces `Value` output, with these conventions:
//! blobs are base64 strings ([`blob`]), timestamps are numbers or strings going in and RFC 3339
//! strings coming out ([`timestamp`]), and special floats are the strings `"NaN"`,
//! `"Infinity"` and `"-Infinity"`.

pub mod blob;
mod ec2;
mod eventstream;
mod host_prefix;
mod json;
mod json_body;
mod map_order;
mod member;
mod percent;
mod query;
mod rest;
mod rest_json;
mod rest_xml;
mod scalar;
mod service_error;
pub mod timestamp;
pub mod xml;
mod xml_parse;

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde_json::Value;

use crate::error::{Error, ServiceError};
use crate::model::{Metadata, Operation, ServiceDefinition, ShapeRef};

/// A wire protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Protocol {
    /// AWS Query (IAM, SNS, STS, CloudFormation).
    Query,
    /// EC2 Query.
    Ec2,
    /// AWS JSON 1.0 / 1.1 (DynamoDB, SQS, CloudWatch).
    Json,
    /// REST with JSON bodies (Glacier).
    RestJson,
    /// REST with XML bodies (S3).
    RestXml,
}

impl Protocol {
    /// Picks the protocol botocore would use: the first of `json`, `rest-json`, `rest-xml`,
    /// `query`, `ec2` that the model's `protocols` list names, else its `protocol`.
    pub fn resolve(metadata: &Metadata) -> Result<Protocol, Error> {
        const PREFERENCE: [(&str, Protocol); 5] = [
            ("json", Protocol::Json),
            ("rest-json", Protocol::RestJson),
            ("rest-xml", Protocol::RestXml),
            ("query", Protocol::Query),
            ("ec2", Protocol::Ec2),
        ];
        for (name, protocol) in PREFERENCE {
            if metadata.protocols.iter().any(|p| p == name) {
                return Ok(protocol);
            }
        }
        PREFERENCE
            .iter()
            .find(|(name, _)| *name == metadata.protocol)
            .map(|(_, p)| *p)
            .ok_or_else(|| {
                let listed = if metadata.protocols.is_empty() {
                    metadata.protocol.clone()
                } else {
                    metadata.protocols.join(", ")
                };
                Error::model(format!("no supported protocol among: {listed}"))
            })
    }
}

/// An HTTP request produced by a protocol serializer, before endpoint, signing and sending.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SerializedRequest {
    /// HTTP method.
    pub method: Method,
    /// Path and query string, percent-encoded, starting with `/`. The client joins it to the
    /// endpoint's own path.
    pub path_and_query: String,
    /// Headers the protocol sets (content type, target, members bound to headers, …).
    pub headers: HeaderMap,
    /// The body. For an operation with a streaming payload this holds the payload when the
    /// parameters carried it as a base64 value, and is empty otherwise.
    pub body: Bytes,
    /// Name of the streaming payload member, when the operation has one. A caller that
    /// supplies a byte stream for it replaces `body` with that stream.
    pub streaming_member: Option<String>,
    /// Host prefix from the operation's `endpoint` trait, labels filled in (`123.`).
    pub host_prefix: Option<String>,
}

impl SerializedRequest {
    pub(crate) fn new(method: Method, path_and_query: String) -> Self {
        SerializedRequest {
            method,
            path_and_query,
            headers: HeaderMap::new(),
            body: Bytes::new(),
            streaming_member: None,
            host_prefix: None,
        }
    }

    /// A request to `/` with the operation's HTTP method (POST when the model names none),
    /// the start of every request of the RPC-style protocols (json, query, ec2).
    pub(crate) fn rpc(operation: &Operation) -> Result<Self, Error> {
        let method = operation
            .http
            .as_ref()
            .map(|h| Method::from_bytes(h.method.as_bytes()))
            .transpose()
            .map_err(|e| Error::model(format!("{}: bad HTTP method: {e}", operation.name)))?
            .unwrap_or(Method::POST);
        Ok(SerializedRequest::new(method, "/".to_string()))
    }
}

/// A received HTTP response, as the protocol parsers read it.
#[derive(Debug, Clone, Copy)]
pub struct HttpResponse<'a> {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: &'a HeaderMap,
    /// The whole body (empty for a streaming payload, which the caller reads itself).
    pub body: &'a [u8],
}

/// Serializes an operation's parameters into an HTTP request.
///
/// Parameters are assumed valid against the input shape (see [`crate::validate`]); a value
/// that cannot be written is still reported as an error rather than sent wrongly.
pub fn serialize(
    protocol: Protocol,
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
) -> Result<SerializedRequest, Error> {
    match protocol {
        Protocol::Query => query::serialize(service, operation, params),
        Protocol::Ec2 => ec2::serialize(service, operation, params),
        Protocol::Json => json::serialize(service, operation, params),
        Protocol::RestJson => rest_json::serialize(service, operation, params),
        Protocol::RestXml => rest_xml::serialize(service, operation, params),
    }
}

/// Writes `value` as the JSON text of the shape `reference` names, as a JSON-protocol body
/// writes a member of that shape: for a caller that assembles a body from parts.
pub(crate) use map_order::remove_in_order;

pub(crate) fn json_text(
    service: &ServiceDefinition,
    reference: &ShapeRef,
    value: &Value,
) -> Result<Vec<u8>, Error> {
    json_body::serialize(service, value, member::Member::resolve(service, reference)?)
}

/// Parses a successful response into the operation's output value.
///
/// When the output has a streaming payload member, the body is not read: the caller
/// streams it and the member is left out of the value.
pub fn parse_output(
    protocol: Protocol,
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> Result<Value, Error> {
    match protocol {
        Protocol::Query => query::parse_output(service, operation, response),
        Protocol::Ec2 => ec2::parse_output(service, operation, response),
        Protocol::Json => json::parse_output(service, operation, response),
        Protocol::RestJson => rest_json::parse_output(service, operation, response),
        Protocol::RestXml => rest_xml::parse_output(service, operation, response),
    }
}

/// Parses an error response into a [`ServiceError`]: code, message, request id, and the
/// modeled error shape's members when the code matches one of the operation's errors.
pub fn parse_error(
    protocol: Protocol,
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> ServiceError {
    match protocol {
        Protocol::Query => query::parse_error(service, operation, response),
        Protocol::Ec2 => ec2::parse_error(service, operation, response),
        Protocol::Json => json::parse_error(service, operation, response),
        Protocol::RestJson => rest_json::parse_error(service, operation, response),
        Protocol::RestXml => rest_xml::parse_error(service, operation, response),
    }
}

/// Whether a response is an error: status 300 and above, as botocore decides.
pub fn is_error_status(status: u16) -> bool {
    status >= 300
}
