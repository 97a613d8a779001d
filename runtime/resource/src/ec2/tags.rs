//! The two tag actions boto3 writes by hand for EC2 (reference §4.3), because the model
//! cannot express them.

use serde_json::{json, Map, Value};

use crate::ResourceCore;
use rboto_runtime::error::Error;

/// `ec2.create_tags(Resources=[...], Tags=[...])` on the service resource: calls CreateTags
/// with `input` and returns one `Tag` resource per (resource, tag) pair, the cross product
/// (2 resources × 2 tags → 4 tags).
pub async fn create_tags(
    service: &ResourceCore,
    input: Map<String, Value>,
) -> Result<Vec<ResourceCore>, Error> {
    let resources = input.get("Resources").cloned().unwrap_or(Value::Null);
    let tags = input.get("Tags").cloned().unwrap_or(Value::Null);
    service
        .service()
        .client()
        .call("CreateTags", Value::Object(input))
        .await?;
    let mut made = Vec::new();
    for resource_id in resources.as_array().into_iter().flatten() {
        for tag in tags.as_array().into_iter().flatten() {
            let identifiers = vec![
                resource_id.clone(),
                tag.get("Key").cloned().unwrap_or(Value::Null),
                tag.get("Value").cloned().unwrap_or(Value::Null),
            ];
            made.push(ResourceCore::from_definition(
                service.service(),
                "Tag",
                identifiers,
                None,
            )?);
        }
    }
    Ok(made)
}

/// `instance.delete_tags(Tags=[...])`: calls DeleteTags with `input` and `Resources` set to
/// this instance, and returns the raw response. Like other actions it clears the
/// instance's cached data, since its tags changed.
pub async fn delete_tags(
    instance: &ResourceCore,
    input: Map<String, Value>,
) -> Result<Value, Error> {
    let mut params = input;
    params.insert("Resources".into(), json!([instance.identifier(0)]));
    let response = instance
        .service()
        .client()
        .call("DeleteTags", Value::Object(params))
        .await?;
    instance.clear_data();
    Ok(response)
}
