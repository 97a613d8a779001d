//! S3 (rest-xml) end to end against moto, through the low-level client.

mod common;

use common::*;
use serde_json::json;

async fn new_bucket(s3: &rboto::Client) -> String {
    let bucket = unique("rb");
    ok(
        "CreateBucket",
        s3.call("CreateBucket", json!({ "Bucket": bucket })).await,
    );
    bucket
}

#[tokio::test]
async fn create_bucket_then_head_and_locate_it() {
    let s3 = client("s3");
    let bucket = new_bucket(&s3).await;
    wait(&s3, "BucketExists", json!({ "Bucket": bucket })).await;

    ok(
        "HeadBucket",
        s3.call("HeadBucket", json!({ "Bucket": bucket })).await,
    );
    let listed = ok("ListBuckets", s3.call("ListBuckets", json!({})).await);
    let names = strings_in(&[listed], "Buckets", "Name");
    assert!(names.contains(&bucket), "{bucket} not in {names:?}");
}

#[tokio::test]
async fn put_and_get_small_object_with_metadata() {
    let s3 = client("s3");
    let bucket = new_bucket(&s3).await;
    ok(
        "PutObject",
        s3.call(
            "PutObject",
            json!({
                "Bucket": bucket,
                "Key": "notes/hello.txt",
                "Body": "aGVsbG8sIHdvcmxk",
                "ContentType": "text/plain",
                "Metadata": { "owner": "rboto" }
            }),
        )
        .await,
    );
    wait(
        &s3,
        "ObjectExists",
        json!({ "Bucket": bucket, "Key": "notes/hello.txt" }),
    )
    .await;

    let head = ok(
        "HeadObject",
        s3.call(
            "HeadObject",
            json!({ "Bucket": bucket, "Key": "notes/hello.txt" }),
        )
        .await,
    );
    assert_eq!(head["ContentLength"], json!(12), "{head}");
    assert_eq!(head["ContentType"], json!("text/plain"), "{head}");
    assert_eq!(head["Metadata"]["owner"], json!("rboto"), "{head}");

    let (out, body) = s3
        .call_streaming(
            "GetObject",
            json!({ "Bucket": bucket, "Key": "notes/hello.txt" }),
        )
        .await
        .unwrap_or_else(|e| panic!("GetObject failed: {e:?}"));
    assert_eq!(out["ContentLength"], json!(12), "{out}");
    let bytes = body.collect().await.expect("read the object body");
    assert_eq!(&bytes[..], b"hello, world");
}

#[tokio::test]
async fn list_objects_v2_pages_through_every_key() {
    let s3 = client("s3");
    let bucket = new_bucket(&s3).await;
    let mut keys: Vec<String> = (0..7).map(|i| format!("logs/{i:02}.txt")).collect();
    for key in &keys {
        ok(
            "PutObject",
            s3.call("PutObject", json!({ "Bucket": bucket, "Key": key }))
                .await,
        );
    }
    ok(
        "PutObject",
        s3.call("PutObject", json!({ "Bucket": bucket, "Key": "other/x" }))
            .await,
    );

    let pages = pages_sized(
        &s3,
        "ListObjectsV2",
        json!({ "Bucket": bucket, "Prefix": "logs/" }),
        2,
    )
    .await;
    assert_eq!(pages.len(), 4, "7 keys at 2 a page: {pages:?}");
    for page in &pages[..3] {
        assert_eq!(page["KeyCount"], json!(2), "{page}");
    }
    let listed = strings_in(&pages, "Contents", "Key");
    keys.sort();
    assert_eq!(listed, keys);
}

#[tokio::test]
async fn missing_bucket_and_key_are_not_found() {
    let s3 = client("s3");
    let missing = unique("rb-missing");
    let e = err(
        "GetObject",
        s3.call("GetObject", json!({ "Bucket": missing, "Key": "k" }))
            .await,
    );
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.code(), Some("NoSuchBucket"), "{e:?}");
    assert_eq!(e.status(), Some(404));

    let bucket = new_bucket(&s3).await;
    let e = err(
        "HeadObject",
        s3.call("HeadObject", json!({ "Bucket": bucket, "Key": "nope" }))
            .await,
    );
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (s3, listener) = unserved_client("s3");
    let e = assert_rejected_unsent(
        &s3,
        &listener,
        "PutObject",
        json!({ "Bucket": 7, "ContentLength": "many" }),
        &["Key", "Bucket", "ContentLength"],
    )
    .await;
    assert_eq!(e.validation_problems().len(), 3, "{e:?}");
}
