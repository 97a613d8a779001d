//! Values botocore decodes for its users: EC2 user data (base64-encoded on the way in) and
//! console output (decoded on the way out), IAM policy documents (URL-encoded JSON) and
//! CloudFormation JSON templates.

use base64::Engine;
use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::super::DECODED_JSON_SHAPES;
use crate::model::{Operation, ServiceModel, ShapeType};

/// True for a shape of IAM's whose values are decoded ([`DECODED_JSON_SHAPES`]).
fn is_decoded(shape: &str) -> bool {
    DECODED_JSON_SHAPES
        .iter()
        .any(|&(service, name)| service == "iam" && name == shape)
}

/// `RunInstances`' `UserData` is given as text and sent base64-encoded.
pub(super) fn ec2_before_params(operation: &str, params: &mut Value) {
    if operation != "RunInstances" {
        return;
    }
    if let Some(Value::String(text)) = params.get_mut("UserData") {
        *text = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    }
}

/// `GetConsoleOutput`'s `Output` arrives base64-encoded; users want the text.
pub(super) fn ec2_console_output(output: &mut Value) {
    if let Some(Value::String(text)) = output.get_mut("Output") {
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text.trim()) {
            *text = String::from_utf8_lossy(&bytes).into_owned();
        }
    }
}

/// `GetTemplate`'s JSON `TemplateBody` becomes a JSON value (YAML stays text).
pub(super) fn cloudformation_template(output: &mut Value) {
    if let Some(body) = output.get_mut("TemplateBody") {
        if let Some(parsed) = body
            .as_str()
            .and_then(|t| serde_json::from_str::<Value>(t).ok())
        {
            *body = parsed;
        }
    }
}

/// IAM's policy documents (URL-encoded JSON strings) become JSON values wherever the
/// output shape holds one.
pub(super) fn iam_policies(model: &ServiceModel, operation: &Operation, output: &mut Value) {
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
    fn user_data_and_console_output() {
        let mut params = json!({"UserData": "#!/bin/sh\necho hi"});
        ec2_before_params("RunInstances", &mut params);
        assert_eq!(params["UserData"], "IyEvYmluL3NoCmVjaG8gaGk=");
        let mut output = json!({"Output": "aGVsbG8="});
        ec2_console_output(&mut output);
        assert_eq!(output["Output"], "hello");
    }

    #[test]
    fn templates_in_json_are_parsed() {
        let mut output = json!({"TemplateBody": "{\"Resources\": {}}"});
        cloudformation_template(&mut output);
        assert_eq!(output["TemplateBody"], json!({"Resources": {}}));
        let mut yaml = json!({"TemplateBody": "Resources: {}"});
        cloudformation_template(&mut yaml);
        assert_eq!(yaml["TemplateBody"], "Resources: {}");
    }

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
