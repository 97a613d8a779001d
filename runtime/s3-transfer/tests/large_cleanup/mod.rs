//! Removes what a large test created in s3s-fs, whether the test passed or panicked: every
//! object and unfinished multipart upload in its bucket, then the bucket, so repeated runs do
//! not fill the disk with gibibyte objects.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use rboto_runtime::Client;
use serde_json::{json, Value};

/// Runs `test`, then empties and deletes `bucket` (and removes `local`, a file or directory),
/// then re-raises the test's panic if it had one. A cleanup failure fails a test that passed.
pub async fn with_cleanup<F: Future<Output = ()>>(
    client: &Client,
    bucket: &str,
    local: &std::path::Path,
    test: F,
) {
    let outcome = AssertUnwindSafe(test).catch_unwind().await;
    let cleaned = delete_bucket(client, bucket).await;
    let _ = if local.is_dir() {
        std::fs::remove_dir_all(local)
    } else {
        std::fs::remove_file(local)
    };
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
    if let Err(e) = cleaned {
        panic!("cleaning up bucket {bucket}: {e}");
    }
}

/// Fails the test on a local write error, saying where and how much room the file needed:
/// a large test needs about 3 GiB in its temporary directory (`TMPDIR`; scripts/test picks
/// one with room).
pub fn no_room(path: &std::path::Path, e: std::io::Error) -> ! {
    panic!(
        "writing the large test file {}: {e}; the 1 GiB tests need about 3 GiB free in the \
         temporary directory and in s3s-fs's root (set TMPDIR to a roomier one)",
        path.display()
    )
}

async fn delete_bucket(client: &Client, bucket: &str) -> Result<(), rboto_runtime::Error> {
    if let Ok(out) = client
        .call("ListMultipartUploads", json!({"Bucket": bucket}))
        .await
    {
        for upload in out["Uploads"].as_array().into_iter().flatten() {
            client
                .call(
                    "AbortMultipartUpload",
                    json!({"Bucket": bucket, "Key": upload["Key"], "UploadId": upload["UploadId"]}),
                )
                .await?;
        }
    }
    let mut token: Option<Value> = None;
    loop {
        let mut params = json!({"Bucket": bucket});
        if let Some(token) = token.take() {
            params["ContinuationToken"] = token;
        }
        let page = match client.call("ListObjectsV2", params).await {
            Ok(page) => page,
            Err(e) if e.code() == Some("NoSuchBucket") => return Ok(()),
            Err(e) => return Err(e),
        };
        for object in page["Contents"].as_array().into_iter().flatten() {
            client
                .call(
                    "DeleteObject",
                    json!({"Bucket": bucket, "Key": object["Key"]}),
                )
                .await?;
        }
        match page.get("NextContinuationToken") {
            Some(next) if page["IsTruncated"] == json!(true) => token = Some(next.clone()),
            _ => break,
        }
    }
    client
        .call("DeleteBucket", json!({"Bucket": bucket}))
        .await
        .map(|_| ())
}
