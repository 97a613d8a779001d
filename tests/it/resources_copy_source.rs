//! A copy's source, typed or as a string, wherever boto3 takes its `CopySource`:
//! `Object.copy_from` and the managed `Object.copy`, against moto, with a version picked by
//! id; a string that names no bucket and key is refused before any request.

use crate::common;

use common::{must, session, unique};
use rboto::runtime::resource::typed::Blob;
use rboto::s3::transfer::CopySource;
use rboto::s3::{Bucket, ServiceResource};

async fn versioned_bucket() -> (Bucket, Vec<String>) {
    let s3 = must("s3 service resource", ServiceResource::new(&session()));
    let bucket = must(
        "CreateBucket",
        s3.create_bucket().bucket(unique("rcopy")).await,
    );
    must(
        "BucketVersioning.enable",
        bucket.versioning().enable().await,
    );
    let mut ids = Vec::new();
    for text in ["old text", "new text"] {
        let put = must(
            "Object.put",
            bucket
                .object("src dir/ü.txt")
                .put()
                .body(Blob::from(text.as_bytes().to_vec()))
                .await,
        );
        ids.push(put.version_id.expect("versioned"));
    }
    (bucket, ids)
}

async fn text_of(bucket: &Bucket, key: &str) -> String {
    let got = must("Object.get", bucket.object(key).get().await);
    let bytes = must("read the body", got.body.collect().await);
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn copy_from_takes_a_typed_source_or_a_string() {
    let (bucket, ids) = versioned_bucket().await;
    let typed = CopySource::new(bucket.name(), "src dir/ü.txt").with_version_id(&ids[0]);
    must(
        "Object.copy_from (typed, a version)",
        bucket
            .object("typed.txt")
            .copy_from()
            .copy_source(&typed)
            .await,
    );
    assert_eq!(text_of(&bucket, "typed.txt").await, "old text");

    must(
        "Object.copy_from (string)",
        bucket
            .object("string.txt")
            .copy_from()
            .copy_source(format!("{}/src dir/ü.txt", bucket.name()))
            .await,
    );
    assert_eq!(text_of(&bucket, "string.txt").await, "new text");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn managed_copy_takes_a_typed_source_or_a_string() {
    let (bucket, ids) = versioned_bucket().await;
    must(
        "Object.copy (typed, a version)",
        bucket
            .object("managed-typed.txt")
            .copy(CopySource::new(bucket.name(), "src dir/ü.txt").with_version_id(&ids[0]))
            .await,
    );
    assert_eq!(text_of(&bucket, "managed-typed.txt").await, "old text");

    let source = format!("{}/src dir/ü.txt?versionId={}", bucket.name(), ids[1]);
    must(
        "Bucket.copy (string with a version)",
        bucket.copy(source.as_str(), "managed-string.txt").await,
    );
    assert_eq!(text_of(&bucket, "managed-string.txt").await, "new text");

    let error = bucket
        .copy("no-key-here", "never.txt")
        .await
        .expect_err("a source without a key");
    let message = error.to_string();
    assert!(
        message.contains("\"no-key-here\"") && message.contains("bucket/key"),
        "{message}"
    );
    let missing = bucket
        .object("never.txt")
        .load()
        .await
        .expect_err("nothing was copied");
    assert!(missing.is_not_found(), "{missing:?}");
}
