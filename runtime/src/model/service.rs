//! A service definition (`service-2.json`): metadata, operations and shapes.

use indexmap::IndexMap;
use serde::Deserialize;

use super::name_hash::NameHash;
use super::operation::Operation;
use super::shape::{Shape, ShapeRef, XmlNamespaceField};

/// The `metadata` block of a service model.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Metadata {
    /// API version, e.g. `2006-03-01`.
    #[serde(default)]
    pub api_version: String,
    /// Prefix of the service's endpoint host names.
    pub endpoint_prefix: Option<String>,
    /// JSON protocol version, `1.0` or `1.1`.
    pub json_version: Option<String>,
    /// The (legacy, single) protocol.
    #[serde(default)]
    pub protocol: String,
    /// Protocols in the service's order of preference.
    #[serde(default)]
    pub protocols: Vec<String>,
    /// Short name.
    pub service_abbreviation: Option<String>,
    /// Full name.
    pub service_full_name: Option<String>,
    /// Stable identifier (`S3`, `EC2`, `DynamoDB`, …).
    pub service_id: Option<String>,
    /// Signature version, e.g. `v4` or `s3`.
    pub signature_version: Option<String>,
    /// SigV4 service name, when it differs from the endpoint prefix.
    pub signing_name: Option<String>,
    /// JSON protocol `X-Amz-Target` prefix.
    pub target_prefix: Option<String>,
    /// Unique model identifier.
    pub uid: Option<String>,
    /// Namespace of query/rest-xml documents.
    pub xml_namespace: Option<XmlNamespaceField>,
    /// Region of a global endpoint.
    pub global_endpoint: Option<String>,
    /// Present when a JSON service keeps its query-protocol error codes.
    pub aws_query_compatible: Option<serde_json::Value>,
    /// Auth schemes in preference order.
    #[serde(default)]
    pub auth: Vec<String>,
}

/// A `clientContextParams` entry: an endpoint rule-set parameter a client may set in its
/// configuration (S3's `ForcePathStyle`, `Accelerate`, …).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ClientContextParam {
    /// Declared type (`boolean` or `string`).
    #[serde(rename = "type")]
    pub kind: String,
}

/// A whole `service-2.json`.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ServiceDefinition {
    /// Metadata.
    #[serde(default)]
    pub metadata: Metadata,
    /// Operations by name.
    #[serde(default)]
    pub operations: IndexMap<String, Operation>,
    /// Shapes by name.
    #[serde(default)]
    pub shapes: IndexMap<String, Shape, NameHash>,
    /// Endpoint rule-set parameters settable from client configuration, by name.
    #[serde(default, rename = "clientContextParams")]
    pub client_context_params: IndexMap<String, ClientContextParam>,
}

impl ServiceDefinition {
    /// The shape of this name, if the model has it.
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }

    /// The shape a reference names, if the model has it. The reference remembers where the
    /// shape sits, so the requests and responses that resolve it for every member they hold
    /// look it up by name once; the name is still compared, in case a reference is used
    /// with another model.
    pub fn shape_of(&self, reference: &ShapeRef) -> Option<&Shape> {
        if let Some(&position) = reference.position.get() {
            if let Some((name, shape)) = self.shapes.get_index(position as usize) {
                if *name == reference.shape {
                    return Some(shape);
                }
            }
        }
        let (position, _, shape) = self.shapes.get_full(&reference.shape)?;
        if let Ok(position) = u32::try_from(position) {
            let _ = reference.position.set(position);
        }
        Some(shape)
    }

    /// The operation of this name, if the model has it.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.get(name)
    }

    /// Whether the service keeps query-protocol error codes over JSON.
    pub fn is_query_compatible(&self) -> bool {
        self.metadata.aws_query_compatible.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(shapes: &[&str]) -> ServiceDefinition {
        let shapes: serde_json::Map<String, serde_json::Value> = shapes
            .iter()
            .map(|name| ((*name).to_owned(), serde_json::json!({"type": "string"})))
            .collect();
        serde_json::from_value(serde_json::json!({ "shapes": shapes })).unwrap()
    }

    fn reference(name: &str) -> ShapeRef {
        serde_json::from_value(serde_json::json!({ "shape": name })).unwrap()
    }

    #[test]
    fn a_reference_finds_its_shape_and_remembers_where() {
        let model = service(&["A", "B", "C"]);
        let to_c = reference("C");
        assert!(model.shape_of(&to_c).is_some());
        assert_eq!(to_c.position.get(), Some(&2));
        assert!(model.shape_of(&to_c).is_some());
        assert!(model.shape_of(&reference("D")).is_none());
    }

    #[test]
    fn a_reference_used_with_another_model_is_looked_up_by_name_there() {
        let to_c = reference("C");
        service(&["A", "B", "C"]).shape_of(&to_c).unwrap();
        let other = service(&["C", "X", "Y"]);
        assert!(other.shape_of(&to_c).is_some(), "position 2 is Y there");
        assert!(service(&["A", "B", "Y"]).shape_of(&to_c).is_none());
    }
}
