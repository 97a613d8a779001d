//! The two loads boto3 injects into S3 resources (reference §4.1), which the model lacks:
//!
//! - `Bucket`: HeadBucket returns no attributes, so the bucket's entry is looked up in
//!   ListBuckets. A bucket not in the caller's list gets empty data (attributes `None`), and
//!   `AccessDenied` is tolerated the same way, as boto3 does. Unlike boto3, every page of
//!   ListBuckets is read until the bucket turns up.
//! - `ObjectSummary`: HeadObject, with `ContentLength` renamed `Size` to match the listing
//!   shape.

use std::collections::HashMap;
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::{FutureExt, TryStreamExt};
use serde_json::{json, Map, Value};

use crate::{CustomLoad, ResourceCore};
use rboto_runtime::error::Error;

/// Installs both loads, keyed by resource type name.
pub(crate) fn install(loads: &mut HashMap<String, CustomLoad>) {
    loads.insert("Bucket".into(), Arc::new(bucket_load_boxed));
    loads.insert("ObjectSummary".into(), Arc::new(object_summary_load_boxed));
}

fn bucket_load_boxed(bucket: ResourceCore) -> BoxFuture<'static, Result<Value, Error>> {
    async move { bucket_load(&bucket).await }.boxed()
}

fn object_summary_load_boxed(summary: ResourceCore) -> BoxFuture<'static, Result<Value, Error>> {
    async move { object_summary_load(&summary).await }.boxed()
}

/// `Bucket` data: its ListBuckets entry (`Name`, `CreationDate`, `BucketRegion`,
/// `BucketArn`), or `{}` when the caller's list lacks it or listing is denied.
pub async fn bucket_load(bucket: &ResourceCore) -> Result<Value, Error> {
    let name = bucket.identifier(0).clone();
    let client = bucket.service().client();
    let mut entries = client.paginate("ListBuckets", json!({})).items();
    loop {
        match entries.try_next().await {
            Ok(Some(entry)) if entry.get("Name") == Some(&name) => return Ok(entry),
            Ok(Some(_)) => continue,
            Ok(None) => return Ok(Value::Object(Map::new())),
            Err(e) if e.code() == Some("AccessDenied") => return Ok(Value::Object(Map::new())),
            Err(e) => return Err(e),
        }
    }
}

/// `ObjectSummary` data: the HeadObject response with `ContentLength` renamed `Size`.
pub async fn object_summary_load(summary: &ResourceCore) -> Result<Value, Error> {
    let params = json!({"Bucket": summary.identifier(0), "Key": summary.identifier(1)});
    let mut response = summary
        .service()
        .client()
        .call("HeadObject", params)
        .await?;
    if let Value::Object(map) = &mut response {
        if let Some(length) = rboto_runtime::protocol::remove_in_order(map, "ContentLength") {
            map.insert("Size".into(), length);
        }
    }
    Ok(response)
}
