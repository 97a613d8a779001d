//! S3 (rest-xml) end to end against moto, through the low-level client.

use crate::common;

use common::*;
use rboto::ByteStream;
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
#[ignore = "needs moto: scripts/test runs it"]
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
#[ignore = "needs moto: scripts/test runs it"]
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
#[ignore = "needs moto: scripts/test runs it"]
async fn upload_from_a_generated_stream_and_download_in_chunks() {
    let s3 = client("s3");
    let bucket = new_bucket(&s3).await;
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = (0u8..3)
        .map(|i| Ok(bytes::Bytes::from(vec![b'a' + i; 100_000])))
        .collect();
    let body = ByteStream::from_stream(futures::stream::iter(chunks), 300_000);
    ok(
        "PutObject",
        s3.call_with_body(
            "PutObject",
            json!({ "Bucket": bucket, "Key": "gen.bin", "ContentType": "application/x-test" }),
            body,
        )
        .await,
    );

    let (out, mut body) = s3
        .call_streaming(
            "GetObject",
            json!({ "Bucket": bucket, "Key": "gen.bin", "Range": "bytes=99990-200009" }),
        )
        .await
        .unwrap_or_else(|e| panic!("GetObject failed: {e:?}"));
    assert_eq!(out["ContentLength"], json!(100_020), "{out}");
    assert_eq!(out["ContentType"], json!("application/x-test"), "{out}");
    let mut received = Vec::new();
    while let Some(chunk) = body.next().await {
        received.extend_from_slice(&chunk.expect("read the object body"));
    }
    let mut expected = vec![b'a'; 10];
    expected.extend(vec![b'b'; 100_000]);
    expected.extend(vec![b'c'; 10]);
    assert!(received == expected, "the ranged body differs");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
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
#[ignore = "needs moto: scripts/test runs it"]
async fn delete_objects_removes_a_batch() {
    let s3 = client("s3");
    let bucket = new_bucket(&s3).await;
    let keys = ["a & b.txt", "dir/c.txt", "d<e>.txt"];
    for key in keys {
        ok(
            "PutObject",
            s3.call("PutObject", json!({ "Bucket": bucket, "Key": key }))
                .await,
        );
    }
    let objects: Vec<_> = keys.iter().map(|k| json!({ "Key": k })).collect();
    let out = ok(
        "DeleteObjects",
        s3.call(
            "DeleteObjects",
            json!({ "Bucket": bucket, "Delete": { "Objects": objects } }),
        )
        .await,
    );
    let mut deleted = strings_in(std::slice::from_ref(&out), "Deleted", "Key");
    deleted.sort();
    let mut expected: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    expected.sort();
    assert_eq!(deleted, expected, "{out}");
    let listed = ok(
        "ListObjectsV2",
        s3.call("ListObjectsV2", json!({ "Bucket": bucket })).await,
    );
    assert_eq!(listed["KeyCount"], json!(0), "{listed}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn multipart_upload_assembles_its_parts() {
    let s3 = client("s3");
    let bucket = new_bucket(&s3).await;
    let key = "multi/part.bin";
    let started = ok(
        "CreateMultipartUpload",
        s3.call(
            "CreateMultipartUpload",
            json!({ "Bucket": bucket, "Key": key }),
        )
        .await,
    );
    let upload_id = started["UploadId"].as_str().expect("UploadId").to_owned();

    let first = vec![b'x'; 5 * 1024 * 1024];
    let second = b"tail".to_vec();
    let mut parts = Vec::new();
    for (number, data) in [(1, first.clone()), (2, second.clone())] {
        let out = ok(
            "UploadPart",
            s3.call_with_body(
                "UploadPart",
                json!({ "Bucket": bucket, "Key": key, "UploadId": upload_id, "PartNumber": number }),
                ByteStream::from(data),
            )
            .await,
        );
        parts.push(json!({ "PartNumber": number, "ETag": out["ETag"] }));
    }
    let listed = ok(
        "ListParts",
        s3.call(
            "ListParts",
            json!({ "Bucket": bucket, "Key": key, "UploadId": upload_id }),
        )
        .await,
    );
    assert_eq!(listed["Parts"][1]["Size"], json!(4), "{listed}");

    ok(
        "CompleteMultipartUpload",
        s3.call(
            "CompleteMultipartUpload",
            json!({
                "Bucket": bucket,
                "Key": key,
                "UploadId": upload_id,
                "MultipartUpload": { "Parts": parts }
            }),
        )
        .await,
    );
    let (out, body) = s3
        .call_streaming("GetObject", json!({ "Bucket": bucket, "Key": key }))
        .await
        .unwrap_or_else(|e| panic!("GetObject failed: {e:?}"));
    assert_eq!(
        out["ContentLength"],
        json!(first.len() + second.len()),
        "{out}"
    );
    let bytes = body.collect().await.expect("read the object body");
    assert!(bytes.starts_with(&first) && bytes.ends_with(&second));
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
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
