//! A typed view of boto3's `resources-1.json`: the service resource, each resource type, and
//! their identifiers, loads, actions, batch actions, waiters, references and collections.
//!
//! Every key the real files use is read (reference §1.2), including the ones boto3 ignores
//! (`identifiers[].type`, `waiters.*.path`), so nothing in a definition is silently lost.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// A whole `resources-1.json`.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ResourcesFile {
    /// The service resource (`s3.ServiceResource`): actions, `has` and `hasMany` at the top.
    pub service: ResourceDef,
    /// Every resource type, by name (`Bucket`, `Instance`).
    #[serde(default)]
    pub resources: IndexMap<String, ResourceDef>,
}

/// One resource type, or the service resource (which has no identifiers, shape or load).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourceDef {
    /// The identifiers, in the order constructors take them.
    #[serde(default)]
    pub identifiers: Vec<IdentifierDef>,
    /// The service-model shape whose members are this resource's attributes.
    pub shape: Option<String>,
    /// How to fetch the attributes.
    pub load: Option<LoadDef>,
    /// Actions, by name (`Delete`, `CreateTags`).
    #[serde(default)]
    pub actions: IndexMap<String, ActionDef>,
    /// Actions offered on collections of this resource type, one request per page.
    #[serde(default)]
    pub batch_actions: IndexMap<String, ActionDef>,
    /// Waiters, by name (`Exists`, `Running`).
    #[serde(default)]
    pub waiters: IndexMap<String, WaiterDef>,
    /// Sub-resources and references, by name.
    #[serde(default)]
    pub has: IndexMap<String, HasDef>,
    /// Collections, by name.
    #[serde(default)]
    pub has_many: IndexMap<String, HasManyDef>,
}

/// One identifier of a resource type.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IdentifierDef {
    /// The identifier's name (`BucketName`).
    pub name: String,
    /// The shape member that mirrors it (`InstanceId`), answered without a load.
    pub member_name: Option<String>,
    /// A declared type (`integer`, once); boto3 ignores it.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// A resource type's load: one request, and the JMESPath to its data in the response.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct LoadDef {
    /// The request.
    pub request: RequestDef,
    /// Where the data sits in the response (`@` for all of it).
    pub path: String,
}

/// An operation to call and where its parameters come from.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct RequestDef {
    /// The service-model operation (`ListObjects`).
    pub operation: String,
    /// Parameters filled from the resource or from literals.
    #[serde(default)]
    pub params: Vec<ParamDef>,
}

/// Where one value comes from and where it goes: a request parameter, or an identifier of a
/// resource built from a response.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ParamDef {
    /// Where it goes: a request target (`Filters[0].Values[0]`) or an identifier name.
    pub target: String,
    /// Where it comes from: `identifier`, `data`, `string`, `integer`, `boolean`, `input`,
    /// `response` or `requestParameter`.
    pub source: String,
    /// The identifier's name, for source `identifier`.
    pub name: Option<String>,
    /// The JMESPath, for sources `data`, `response` and `requestParameter`.
    pub path: Option<String>,
    /// The literal, for sources `string`, `integer` and `boolean`.
    pub value: Option<Value>,
}

/// An action: a request, and either the resource(s) it returns or the raw response.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ActionDef {
    /// The request.
    pub request: RequestDef,
    /// The resource(s) built from the response, when the action returns resources.
    pub resource: Option<ResponseResourceDef>,
    /// A JMESPath applied to the raw response, when the action returns no resource.
    pub path: Option<String>,
}

/// A resource built from a response, from a parent's data or from inputs.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ResponseResourceDef {
    /// The resource type's name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Where each of its identifiers comes from (`target` is the identifier's name).
    #[serde(default)]
    pub identifiers: Vec<ParamDef>,
    /// A JMESPath to the data the new resource(s) carry.
    pub path: Option<String>,
}

/// A waiter on a resource: a service-model waiter with parameters from the resource.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WaiterDef {
    /// The `waiters-2.json` waiter (`InstanceRunning`).
    pub waiter_name: String,
    /// Parameters from the resource.
    #[serde(default)]
    pub params: Vec<ParamDef>,
    /// A JMESPath boto3 ignores.
    pub path: Option<String>,
}

/// A `has` entry: a sub-resource (no I/O) or, when an identifier comes from `data`, a
/// reference (may load).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct HasDef {
    /// The related resource.
    pub resource: ResponseResourceDef,
}

impl HasDef {
    /// Whether this entry is a reference: one of its identifiers comes from the parent's data.
    pub fn is_reference(&self) -> bool {
        self.resource.identifiers.iter().any(|i| i.source == "data")
    }
}

/// A `hasMany` collection: a (usually paginated) request and the resources on each page.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct HasManyDef {
    /// The request.
    pub request: RequestDef,
    /// The resources built from each page.
    pub resource: ResponseResourceDef,
}

impl ResourcesFile {
    /// The definition of `type_name`, where `""` is the service resource.
    pub fn resource(&self, type_name: &str) -> Option<&ResourceDef> {
        if type_name.is_empty() {
            Some(&self.service)
        } else {
            self.resources.get(type_name)
        }
    }
}
