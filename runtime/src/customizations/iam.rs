//! IAM's customization: policy documents arrive as URL-encoded JSON text, and botocore hands
//! them to its users as JSON values; so does rboto.

use std::sync::Arc;

use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::hooks::{Hook, HookResult, OutputStage};
use crate::model::{Operation, ServiceModel, ShapeType};

/// Shapes whose string values the client parses into JSON values in every output, as
/// `(service, shape)`: IAM's policy documents arrive URL-encoded JSON text and become JSON
/// objects (as botocore does for its users). A value that does not parse stays a string.
///
/// The resource generator (`rboto-resources-codegen`) keeps a copy to type these members as
/// `serde_json::Value`; a test there checks that the two lists agree.
pub const DECODED_JSON_SHAPES: &[(&str, &str)] = &[("iam", "policyDocumentType")];

/// IAM's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(PolicyDocuments)]
}

/// Decodes policy documents in every output.
#[derive(Debug)]
struct PolicyDocuments;

impl Hook for PolicyDocuments {
    fn after_parsing(&self, output: &mut OutputStage<'_>) -> HookResult {
        let (model, operation) = (output.call.model, output.call.operation);
        iam_policies(model, operation, output.output);
        Ok(())
    }
}

/// True for a shape of IAM's whose values are decoded ([`DECODED_JSON_SHAPES`]).
fn is_decoded(shape: &str) -> bool {
    DECODED_JSON_SHAPES
        .iter()
        .any(|&(service, name)| service == "iam" && name == shape)
}

/// IAM's policy documents (URL-encoded JSON strings) become JSON values wherever the
/// output shape holds one.
fn iam_policies(model: &ServiceModel, operation: &Operation, output: &mut Value) {
    if let Some(shape) = operation.output.as_ref() {
        decode_policies(model, &shape.shape, output, 0);
    }
}

fn decode_policies(model: &ServiceModel, shape_name: &str, value: &mut Value, depth: usize) {
    let Some(shape) = model.definition().shape(shape_name) else {
        return;
    };
    if depth > 32 {
        return;
    }
    match (shape.kind, value) {
        (ShapeType::Structure, Value::Object(map)) => {
            for (member, member_ref) in &shape.members {
                let Some(child) = map.get_mut(member) else {
                    continue;
                };
                if is_decoded(&member_ref.shape) {
                    if let Value::String(text) = child {
                        let decoded = percent_decode_str(text).decode_utf8_lossy();
                        if let Ok(doc) = serde_json::from_str::<Value>(&decoded) {
                            *child = doc;
                        }
                    }
                } else {
                    decode_policies(model, &member_ref.shape, child, depth + 1);
                }
            }
        }
        (ShapeType::List, Value::Array(items)) => {
            if let Some(member) = &shape.member {
                for item in items {
                    decode_policies(model, &member.shape, item, depth + 1);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn iam_policy_documents_are_decoded() {
        let model = ServiceModel::from_dir(
            "iam",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../resource-models/models/iam/2010-05-08"
            ),
        )
        .unwrap();
        let op = model.operation("GetRole").unwrap().clone();
        let mut output = json!({"Role": {
            "RoleName": "r",
            "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%7D"
        }});
        iam_policies(&model, &op, &mut output);
        assert_eq!(
            output["Role"]["AssumeRolePolicyDocument"],
            json!({"Version": "2012-10-17"})
        );
    }
}
