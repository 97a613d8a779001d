//! AWS wire protocols: turning parameters into HTTP requests and responses into values.
//!
//! One module per protocol (`query`, `ec2`, `json`, `rest_json`, `rest_xml`, `cbor`), chosen
//! from the model as botocore chooses ([`Protocol::resolve`]). Every protocol works on
//! `serde_json::Value` parameters and produces `Value` output, CBOR bodies too, with these
//! conventions: blobs are base64 strings ([`blob`]), timestamps are numbers or strings going
//! in and RFC 3339 strings coming out ([`timestamp`]), and special floats are the strings
//! `"NaN"`, `"Infinity"` and `"-Infinity"`.

pub mod blob;
mod cbor;
mod cbor_body;
mod ec2;
pub(crate) mod eventstream;
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
    /// Smithy RPC v2 with CBOR bodies (CloudWatch Omni, EventBridge v2).
    RpcV2Cbor,
}

/// The protocols rboto speaks, by their model names, in the order botocore prefers them when
/// a model lists several.
const PREFERENCE: [(&str, Protocol); 6] = [
    ("json", Protocol::Json),
    ("rest-json", Protocol::RestJson),
    ("rest-xml", Protocol::RestXml),
    ("smithy-rpc-v2-cbor", Protocol::RpcV2Cbor),
    ("query", Protocol::Query),
    ("ec2", Protocol::Ec2),
];

impl Protocol {
    /// Picks the protocol botocore would use: of those the model's `protocols` list names,
    /// the first of `json`, `rest-json`, `rest-xml`, `smithy-rpc-v2-cbor`, `query`, `ec2`
    /// (botocore's order of preference, not the list's); else its `protocol`.
    pub fn resolve(metadata: &Metadata) -> Result<Protocol, Error> {
        for (name, protocol) in PREFERENCE {
            if metadata.protocols.iter().any(|p| p == name) {
                return Ok(protocol);
            }
        }
        if !metadata.protocols.is_empty() {
            return Err(Error::model(format!(
                "no supported protocol among: {}",
                metadata.protocols.join(", ")
            )));
        }
        Protocol::from_name(&metadata.protocol).ok_or_else(|| {
            Error::model(format!(
                "no supported protocol among: {}",
                metadata.protocol
            ))
        })
    }

    /// `preferred` when the model lists it among its protocols (or names it as its only
    /// one), for a client that asks for another protocol than botocore would pick; an error
    /// naming the model's protocols otherwise.
    pub fn resolve_preferring(metadata: &Metadata, preferred: Protocol) -> Result<Protocol, Error> {
        let listed = if metadata.protocols.is_empty() {
            std::slice::from_ref(&metadata.protocol)
        } else {
            metadata.protocols.as_slice()
        };
        if listed.iter().any(|p| p == preferred.name()) {
            Ok(preferred)
        } else {
            Err(Error::model(format!(
                "the model does not offer the {} protocol; it lists: {}",
                preferred.name(),
                listed.join(", ")
            )))
        }
    }

    /// The protocol a model names (`json`, `smithy-rpc-v2-cbor`, …), if rboto speaks it.
    pub fn from_name(name: &str) -> Option<Protocol> {
        PREFERENCE.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    /// The protocol's name in models (`metadata.protocol` and `metadata.protocols`).
    pub fn name(self) -> &'static str {
        PREFERENCE
            .iter()
            .find(|(_, p)| *p == self)
            .map(|(n, _)| *n)
            .expect("every protocol has a model name")
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
    /// the start of every request of the RPC-style protocols (json, query, ec2, cbor).
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
        Protocol::RpcV2Cbor => cbor::serialize(service, operation, params),
    }
}

/// Writes `value` as the JSON text of the shape `reference` names, as a JSON-protocol body
/// writes a member of that shape: for a caller that assembles a body from parts.
#[doc(hidden)] // for rboto's extension crates; not part of the API
pub use map_order::remove_in_order;

#[doc(hidden)] // for rboto's extension crates; not part of the API
pub fn json_text(
    service: &ServiceDefinition,
    reference: &ShapeRef,
    value: &Value,
) -> Result<Vec<u8>, Error> {
    json_body::serialize(service, value, member::Member::resolve(service, reference)?)
}

/// Writes `value` as the CBOR item of the shape `reference` names, as an RPC v2 CBOR body
/// writes a member of that shape: for test doubles that answer with a wire-format body.
#[cfg(feature = "testing")]
pub(crate) fn cbor_item(
    service: &ServiceDefinition,
    reference: &ShapeRef,
    value: &Value,
) -> Result<Vec<u8>, Error> {
    cbor_body::serialize(service, value, member::Member::resolve(service, reference)?)
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
        Protocol::RpcV2Cbor => cbor::parse_output(service, operation, response),
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
        Protocol::RpcV2Cbor => cbor::parse_error(service, operation, response),
    }
}

/// Whether a response is an error: status 300 and above, as botocore decides.
pub fn is_error_status(status: u16) -> bool {
    status >= 300
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(protocol: &str, protocols: &[&str]) -> Metadata {
        Metadata {
            protocol: protocol.to_string(),
            protocols: protocols.iter().map(|p| p.to_string()).collect(),
            ..Metadata::default()
        }
    }

    #[test]
    fn resolve_takes_botocores_preference_not_the_lists_order() {
        let cloudwatch = metadata(
            "smithy-rpc-v2-cbor",
            &["smithy-rpc-v2-cbor", "json", "query"],
        );
        assert_eq!(Protocol::resolve(&cloudwatch).unwrap(), Protocol::Json);
        let cbor_over_query = metadata("query", &["query", "smithy-rpc-v2-cbor"]);
        assert_eq!(
            Protocol::resolve(&cbor_over_query).unwrap(),
            Protocol::RpcV2Cbor
        );
        let only_cbor = metadata("smithy-rpc-v2-cbor", &["smithy-rpc-v2-cbor"]);
        assert_eq!(Protocol::resolve(&only_cbor).unwrap(), Protocol::RpcV2Cbor);
        let legacy = metadata("ec2", &[]);
        assert_eq!(Protocol::resolve(&legacy).unwrap(), Protocol::Ec2);
        let unknown = metadata("json", &["smithy-rpc-v3"]);
        let err = Protocol::resolve(&unknown).unwrap_err();
        assert!(err.to_string().contains("smithy-rpc-v3"), "{err}");
    }

    #[test]
    fn a_preferred_protocol_must_be_one_the_model_lists() {
        let cloudwatch = metadata(
            "smithy-rpc-v2-cbor",
            &["smithy-rpc-v2-cbor", "json", "query"],
        );
        for listed in [Protocol::RpcV2Cbor, Protocol::Json, Protocol::Query] {
            assert_eq!(
                Protocol::resolve_preferring(&cloudwatch, listed).unwrap(),
                listed
            );
        }
        assert!(Protocol::resolve_preferring(&cloudwatch, Protocol::RestJson).is_err());
        let legacy = metadata("rest-xml", &[]);
        assert_eq!(
            Protocol::resolve_preferring(&legacy, Protocol::RestXml).unwrap(),
            Protocol::RestXml
        );
        for (name, protocol) in PREFERENCE {
            assert_eq!(Protocol::from_name(name), Some(protocol));
            assert_eq!(protocol.name(), name);
        }
    }
}
