//! S3's `Expires` header: the merged model types it as a timestamp, but objects carry
//! whatever text their uploader gave. As botocore 1.36 and later do, the raw text is kept
//! in `ExpiresString` for every output that has an `Expires` header member, and a text that
//! is not a date leaves `Expires` out instead of failing the response (the parser does
//! that part).

use http::HeaderMap;
use serde_json::Value;

use crate::model::{Operation, ServiceModel};

/// Adds `ExpiresString` with the raw `Expires` header when the output has the member.
pub(super) fn keep_raw(
    model: &ServiceModel,
    operation: &Operation,
    headers: &HeaderMap,
    output: &mut Value,
) {
    let Some(raw) = headers
        .get("expires")
        .map(|v| String::from_utf8_lossy(v.as_bytes()))
    else {
        return;
    };
    let has_member = operation
        .output
        .as_ref()
        .and_then(|o| model.definition().shape(&o.shape))
        .is_some_and(|shape| {
            shape.members.values().any(|member| {
                member.shape == "Expires"
                    && member.location.as_deref() == Some("header")
                    && member.location_name.as_deref() == Some("Expires")
            })
        });
    if let (true, Value::Object(map)) = (has_member, output) {
        map.insert("ExpiresString".into(), Value::String(raw.into_owned()));
    }
}
