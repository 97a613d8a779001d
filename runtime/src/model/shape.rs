//! Shapes and member references: the type system of a botocore service model.

use indexmap::IndexMap;
use serde::Deserialize;

use super::NameHash;

/// The kind of value a shape describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ShapeType {
    /// A structure (or union) with named members.
    Structure,
    /// An ordered list of one member shape.
    List,
    /// A map from a key shape to a value shape.
    Map,
    /// A string, possibly constrained by an enum, pattern or length.
    String,
    /// A 32-bit signed integer.
    Integer,
    /// A 64-bit signed integer.
    Long,
    /// A 64-bit float.
    Double,
    /// A 32-bit float.
    Float,
    /// An arbitrary-precision decimal (rare in AWS models).
    #[serde(alias = "bigdecimal")]
    BigDecimal,
    /// A boolean.
    Boolean,
    /// A point in time.
    Timestamp,
    /// Raw bytes.
    Blob,
    /// An 8-bit signed integer.
    Byte,
    /// A 16-bit signed integer.
    Short,
    /// An open JSON document (Smithy `document` types).
    Document,
    /// A character (legacy).
    Character,
}

/// An XML namespace declared on a shape, member or operation input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct XmlNamespace {
    /// Prefix for `xmlns:prefix`; absent for a default namespace.
    pub prefix: Option<String>,
    /// The namespace URI.
    pub uri: String,
}

impl<'de> Deserialize<'de> for XmlNamespaceField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Uri(String),
            Full(XmlNamespace),
        }
        Ok(XmlNamespaceField(match Either::deserialize(d)? {
            Either::Uri(uri) => XmlNamespace { prefix: None, uri },
            Either::Full(ns) => ns,
        }))
    }
}

/// An `xmlNamespace` value, which models write either as a bare URI or as `{prefix, uri}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespaceField(pub XmlNamespace);

/// How a modeled error is reported on the wire (`error` key of an exception shape).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorTrait {
    /// The query-protocol error code, when it differs from the shape name.
    pub code: Option<String>,
    /// HTTP status the service returns with this error.
    pub http_status_code: Option<u16>,
    /// Whether the caller is at fault.
    #[serde(default)]
    pub sender_fault: bool,
}

/// A `retryable` trait on an error shape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct RetryableTrait {
    /// The error is a throttling error.
    #[serde(default)]
    pub throttling: bool,
}

/// A `contextParam` binding on an input member, for endpoint rules.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ContextParam {
    /// The endpoint rule-set parameter this member fills.
    pub name: String,
}

/// A reference from an operation, structure member, list or map to a shape, with the
/// serialization traits that apply at that point.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ShapeRef {
    /// Name of the referenced shape.
    pub shape: String,
    /// Where a REST member travels: `uri`, `querystring`, `header`, `headers` or `statusCode`.
    pub location: Option<String>,
    /// Wire name of the member (element, header, label or query key).
    pub location_name: Option<String>,
    /// EC2 protocol name override.
    pub query_name: Option<String>,
    /// Namespace of the element this member becomes.
    pub xml_namespace: Option<XmlNamespaceField>,
    /// The member is an XML attribute, not an element.
    #[serde(default)]
    pub xml_attribute: bool,
    /// A list or map member written without a wrapper element.
    pub flattened: Option<bool>,
    /// Timestamp format for this member (`iso8601`, `rfc822`, `unixTimestamp`).
    pub timestamp_format: Option<String>,
    /// A string that holds JSON, sent base64-encoded in a header.
    #[serde(default)]
    pub jsonvalue: bool,
    /// A member that fills a host-prefix label.
    #[serde(default)]
    pub host_label: bool,
    /// Filled with a random UUID when the caller leaves it out.
    #[serde(default)]
    pub idempotency_token: bool,
    /// A streaming blob or event stream member.
    #[serde(default)]
    pub streaming: bool,
    /// The member carries the event payload in an event stream.
    #[serde(default)]
    pub eventpayload: bool,
    /// The member is carried in an event header.
    #[serde(default)]
    pub eventheader: bool,
    /// The member is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// The member's value keys the endpoints discovered for the call
    /// (`endpointdiscoveryid`).
    #[serde(default, rename = "endpointdiscoveryid")]
    pub endpoint_discovery_id: bool,
    /// Binds this member to an endpoint rule-set parameter.
    pub context_param: Option<ContextParam>,
    /// Element that wraps a query-protocol output (operation output refs).
    pub result_wrapper: Option<String>,
    /// Name of the member that forms the HTTP payload, when set on an operation's input or
    /// output reference (older models) rather than on the shape.
    pub payload: Option<String>,
    /// Where the referenced shape sits in its model's shape map, found on first use by
    /// [`ServiceDefinition::shape_of`](super::ServiceDefinition::shape_of).
    #[serde(skip)]
    pub(crate) position: std::sync::OnceLock<u32>,
}

impl ShapeRef {
    /// A reference to the shape named `shape`, with no member traits (location, wire name,
    /// …): for checking or writing a value of that shape outside an operation's members.
    pub fn named(shape: impl Into<String>) -> Self {
        ShapeRef {
            shape: shape.into(),
            ..ShapeRef::default()
        }
    }
}

/// A named shape of a service model.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Shape {
    /// The kind of value.
    #[serde(rename = "type")]
    pub kind: ShapeType,
    /// Structure members, in model order (looked up by name for every member of every
    /// request and response, hence the cheaper hasher).
    #[serde(default)]
    pub members: IndexMap<String, ShapeRef, NameHash>,
    /// Names of required structure members.
    #[serde(default)]
    pub required: Vec<String>,
    /// List element.
    pub member: Option<Box<ShapeRef>>,
    /// Map key.
    pub key: Option<Box<ShapeRef>>,
    /// Map value.
    pub value: Option<Box<ShapeRef>>,
    /// Permitted string values.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// Minimum length, size or value.
    pub min: Option<f64>,
    /// Maximum length, size or value.
    pub max: Option<f64>,
    /// A regular expression strings must match (not enforced; botocore does not either).
    pub pattern: Option<String>,
    /// Wire name of the shape itself (list element wrappers, error codes).
    pub location_name: Option<String>,
    /// Where a REST member of this shape travels, when the shape itself says so (older
    /// models); a member's own `location` wins.
    pub location: Option<String>,
    /// Lists or maps written without a wrapper element.
    #[serde(default)]
    pub flattened: bool,
    /// Namespace of this shape's element.
    pub xml_namespace: Option<XmlNamespaceField>,
    /// Default timestamp format for this shape.
    pub timestamp_format: Option<String>,
    /// Streaming blob.
    #[serde(default)]
    pub streaming: bool,
    /// Event stream union.
    #[serde(default)]
    pub eventstream: bool,
    /// Streaming upload whose length must be known.
    #[serde(default)]
    pub requires_length: bool,
    /// An open document.
    #[serde(default)]
    pub document: bool,
    /// A union: exactly one member may be set.
    #[serde(default)]
    pub union: bool,
    /// An error shape.
    #[serde(default)]
    pub exception: bool,
    /// An error caused by the service.
    #[serde(default)]
    pub fault: bool,
    /// Wire traits of an error shape.
    pub error: Option<ErrorTrait>,
    /// Retry classification of an error shape.
    pub retryable: Option<RetryableTrait>,
    /// Name of the member that forms the HTTP payload (REST protocols).
    pub payload: Option<String>,
    /// Values of this shape are secret and never logged.
    #[serde(default)]
    pub sensitive: bool,
    /// A string shape holding JSON (sent base64 in headers).
    #[serde(default)]
    pub jsonvalue: bool,
    /// An event inside an event stream.
    #[serde(default)]
    pub event: bool,
    /// The shape is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Whether a JSON body names this structure's members by their own names; worked out
    /// on first use by the protocol code.
    #[serde(skip)]
    pub(crate) plain_body_names: std::sync::OnceLock<bool>,
}
