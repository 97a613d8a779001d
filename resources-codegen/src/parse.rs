//! Parse phase: light serde views of the JSON files the generator reads.
//!
//! Only the keys the generator needs are modelled; everything else is ignored, so newer
//! model files still parse.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// `resources-1.json`: the service resource and the named resources.
#[derive(Debug, Clone, Deserialize)]
pub struct ResourcesFile {
    /// The service resource (`boto3.resource("s3")` itself).
    pub service: ResourceDef,
    /// Every named resource, in file order.
    #[serde(default)]
    pub resources: IndexMap<String, ResourceDef>,
}

/// One resource definition (also used for the service resource).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceDef {
    /// Identifiers, in the order constructors take them.
    #[serde(default)]
    pub identifiers: Vec<IdentifierDef>,
    /// The service shape whose members are the attributes.
    pub shape: Option<String>,
    /// How to load the attributes.
    pub load: Option<LoadDef>,
    /// Actions by name.
    #[serde(default)]
    pub actions: IndexMap<String, ActionDef>,
    /// Batch actions (exposed on collections of this resource) by name.
    #[serde(default)]
    pub batch_actions: IndexMap<String, ActionDef>,
    /// Waiters by name.
    #[serde(default)]
    pub waiters: IndexMap<String, WaiterDef>,
    /// Subresources and references by name.
    #[serde(default)]
    pub has: IndexMap<String, HasDef>,
    /// Collections by name.
    #[serde(default)]
    pub has_many: IndexMap<String, HasManyDef>,
}

/// An identifier of a resource.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentifierDef {
    /// UpperCamel name (`BucketName`).
    pub name: String,
    /// The shape member that mirrors it; that attribute becomes an alias.
    pub member_name: Option<String>,
    /// `"integer"` for the one numeric identifier; absent means string.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// `load`: a request and the path to the data in its response.
#[derive(Debug, Clone, Deserialize)]
pub struct LoadDef {
    /// The request.
    pub request: RequestDef,
    /// JMESPath into the response.
    pub path: String,
}

/// An operation with parameters filled from the resource.
#[derive(Debug, Clone, Deserialize)]
pub struct RequestDef {
    /// Operation name (`ListObjects`).
    pub operation: String,
    /// Parameters filled automatically.
    #[serde(default)]
    pub params: Vec<ParamDef>,
}

/// One automatically filled request parameter (or response identifier).
#[derive(Debug, Clone, Deserialize)]
pub struct ParamDef {
    /// Where it goes (reverse JMESPath for requests, identifier name for responses).
    pub target: String,
    /// Where it comes from: identifier, data, string, integer, boolean, input, response,
    /// requestParameter.
    pub source: String,
    /// Identifier name, for source `identifier`.
    pub name: Option<String>,
    /// JMESPath, for sources `data`, `response`, `requestParameter`.
    pub path: Option<String>,
    /// The literal, for sources `string`, `integer`, `boolean`.
    pub value: Option<Value>,
}

/// An action (or batch action).
#[derive(Debug, Clone, Deserialize)]
pub struct ActionDef {
    /// The request.
    pub request: RequestDef,
    /// The resource(s) the response describes, if any.
    pub resource: Option<ResourceRefDef>,
    /// JMESPath applied to a raw response.
    pub path: Option<String>,
}

/// A reference to resources of another type, with where their identifiers come from.
#[derive(Debug, Clone, Deserialize)]
pub struct ResourceRefDef {
    /// Resource type name.
    #[serde(rename = "type")]
    pub kind: String,
    /// Identifier sources.
    #[serde(default)]
    pub identifiers: Vec<ParamDef>,
    /// JMESPath to the new resources' data.
    pub path: Option<String>,
}

/// A waiter on a resource.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaiterDef {
    /// botocore waiter name in `waiters-2.json`.
    pub waiter_name: String,
    /// Parameters filled automatically.
    #[serde(default)]
    pub params: Vec<ParamDef>,
}

/// A `has` entry.
#[derive(Debug, Clone, Deserialize)]
pub struct HasDef {
    /// The related resource.
    pub resource: ResourceRefDef,
}

/// A `hasMany` entry (collection).
#[derive(Debug, Clone, Deserialize)]
pub struct HasManyDef {
    /// The listing request.
    pub request: RequestDef,
    /// How items are built from each page.
    pub resource: ResourceRefDef,
}

/// `service-2.json`: metadata, operations and shapes.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceFile {
    /// Naming metadata.
    #[serde(default)]
    pub metadata: Metadata,
    /// Operations by name.
    #[serde(default)]
    pub operations: IndexMap<String, OperationDef>,
    /// Shapes by name.
    #[serde(default)]
    pub shapes: IndexMap<String, ShapeDef>,
}

/// The bits of `metadata` used in documentation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// Short id (`S3`, `EC2`).
    pub service_id: Option<String>,
    /// Abbreviation (`Amazon S3`).
    pub service_abbreviation: Option<String>,
    /// Full name.
    pub service_full_name: Option<String>,
}

/// An operation's input and output shapes.
#[derive(Debug, Clone, Deserialize)]
pub struct OperationDef {
    /// Input shape.
    pub input: Option<ShapeRef>,
    /// Output shape.
    pub output: Option<ShapeRef>,
}

/// A reference to a shape (operation input/output, member, list member, map key/value).
#[derive(Debug, Clone, Deserialize)]
pub struct ShapeRef {
    /// Target shape name.
    pub shape: String,
    /// Streaming payload (never in the JSON value).
    #[serde(default)]
    pub streaming: bool,
    /// Event stream payload.
    #[serde(default, rename = "eventstream")]
    pub event_stream: bool,
}

/// A shape, as far as typing needs it.
#[derive(Debug, Clone, Deserialize)]
pub struct ShapeDef {
    /// `structure`, `list`, `map`, `string`, `integer`, `long`, `float`, `double`,
    /// `boolean`, `timestamp`, `blob`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Structure members in order.
    #[serde(default)]
    pub members: IndexMap<String, ShapeRef>,
    /// List member.
    pub member: Option<ShapeRef>,
    /// Map key.
    pub key: Option<ShapeRef>,
    /// Map value.
    pub value: Option<ShapeRef>,
    /// Required members.
    #[serde(default)]
    pub required: Vec<String>,
    /// Never shown in Debug output.
    #[serde(default)]
    pub sensitive: bool,
    /// Allowed string values.
    #[serde(rename = "enum")]
    pub enumeration: Option<Vec<String>>,
    /// Streaming blob.
    #[serde(default)]
    pub streaming: bool,
    /// Event stream structure.
    #[serde(default, rename = "eventstream")]
    pub event_stream: bool,
    /// Free-form document.
    #[serde(default)]
    pub document: bool,
}

/// `waiters-2.json`: only the waiter names matter here.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WaitersFile {
    /// Waiters by name.
    #[serde(default)]
    pub waiters: IndexMap<String, Value>,
}

/// `paginators-1.json`: which operations paginate and through which members.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaginatorsFile {
    /// Paginators by operation name.
    #[serde(default)]
    pub pagination: IndexMap<String, PaginatorDef>,
}

/// One paginator: the members the paginator drives itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct PaginatorDef {
    /// Token member(s) of the input.
    pub input_token: Option<Value>,
    /// Page size member of the input.
    pub limit_key: Option<String>,
}

impl PaginatorDef {
    /// Input members the paginator fills itself (tokens and page size).
    pub fn driven_members(&self) -> Vec<String> {
        let mut out = Vec::new();
        match &self.input_token {
            Some(Value::String(s)) => out.push(s.clone()),
            Some(Value::Array(items)) => {
                out.extend(items.iter().filter_map(|v| v.as_str().map(str::to_owned)))
            }
            _ => {}
        }
        out.extend(self.limit_key.clone());
        out
    }
}

/// Parses one JSON file, naming it in the error.
pub fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, crate::Error> {
    serde_json::from_str(text).map_err(|e| crate::Error::new(file, format!("does not parse: {e}")))
}
