//! Parse phase: serde views of the JSON files the generator reads.
//!
//! `resources-1.json` is read by `rboto-resource-model`, the reader the resource runtime
//! shares, and its types are re-exported here. The botocore files are light views: only the
//! keys the generator needs are modelled; everything else is ignored, so newer model files
//! still parse.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

pub use rboto_resource_model::definitions::{
    ActionDef, HasDef, HasManyDef, IdentifierDef, LoadDef, ParamDef, RequestDef, ResourceDef,
    ResourcesFile, ResponseResourceDef, WaiterDef,
};

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
