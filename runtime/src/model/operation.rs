//! Operations: how a call maps onto HTTP, and which shapes go in and out.

use indexmap::IndexMap;
use serde::Deserialize;

use super::shape::ShapeRef;

/// The HTTP binding of an operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HttpBinding {
    /// HTTP method.
    pub method: String,
    /// URI template with `{Label}` and `{Label+}` placeholders; may carry a fixed query.
    #[serde(default = "slash")]
    pub request_uri: String,
    /// Status code of a successful response.
    pub response_code: Option<u16>,
}

fn slash() -> String {
    "/".to_string()
}

/// The `endpoint` trait: a host prefix with `{Label}` placeholders.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EndpointTrait {
    /// Prefix added to the host name, e.g. `{AccountId}.`.
    pub host_prefix: String,
}

/// The `httpChecksum` trait.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HttpChecksum {
    /// A checksum must accompany the request.
    #[serde(default)]
    pub request_checksum_required: bool,
    /// Input member naming the algorithm the caller chose.
    pub request_algorithm_member: Option<String>,
    /// Input member that asks for response validation.
    pub request_validation_mode_member: Option<String>,
    /// Algorithms the service may use in responses.
    #[serde(default)]
    pub response_algorithms: Vec<String>,
}

/// An operation's `requestcompression` trait.
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct RequestCompression {
    /// Encodings the service accepts, in preference order.
    #[serde(default)]
    pub encodings: Vec<String>,
}

/// An operation's `operationContextParams` entry: a JMESPath over the input.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct OperationContextParam {
    /// JMESPath expression evaluated against the input parameters.
    pub path: String,
}

/// A fixed endpoint rule-set parameter value for one operation.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct StaticContextParam {
    /// The value.
    pub value: serde_json::Value,
}

/// An operation's `endpointdiscovery` trait: it is sent to an endpoint the service's
/// discovery operation names.
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct EndpointDiscovery {
    /// The operation cannot be sent without a discovered endpoint.
    #[serde(default)]
    pub required: bool,
}

/// One operation of a service.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Operation {
    /// Operation name, e.g. `ListObjectsV2`.
    pub name: String,
    /// HTTP binding.
    pub http: Option<HttpBinding>,
    /// Input shape reference.
    pub input: Option<ShapeRef>,
    /// Output shape reference.
    pub output: Option<ShapeRef>,
    /// Modeled errors.
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    /// Host prefix trait.
    pub endpoint: Option<EndpointTrait>,
    /// Checksum trait.
    pub http_checksum: Option<HttpChecksum>,
    /// A Content-MD5 (or other checksum) is required.
    #[serde(default)]
    pub http_checksum_required: bool,
    /// Safe to retry.
    #[serde(default)]
    pub idempotent: bool,
    /// Deprecated operation.
    #[serde(default)]
    pub deprecated: bool,
    /// Legacy auth type, e.g. `none` or `v4-unsigned-body`.
    pub authtype: Option<String>,
    /// Auth schemes in preference order.
    #[serde(default)]
    pub auth: Vec<String>,
    /// Request compression trait.
    #[serde(rename = "requestcompression")]
    pub request_compression: Option<RequestCompression>,
    /// Endpoint parameters fixed for this operation.
    #[serde(default)]
    pub static_context_params: IndexMap<String, StaticContextParam>,
    /// Endpoint parameters computed from the input.
    #[serde(default)]
    pub operation_context_params: IndexMap<String, OperationContextParam>,
    /// Send an unsigned payload.
    #[serde(default)]
    pub unsigned_payload: bool,
    /// The operation that discovers the service's endpoints (`endpointoperation`).
    #[serde(default, rename = "endpointoperation")]
    pub endpoint_operation: bool,
    /// The operation goes to a discovered endpoint (`endpointdiscovery`).
    #[serde(rename = "endpointdiscovery")]
    pub endpoint_discovery: Option<EndpointDiscovery>,
}
