//! Managed uploads and copies (boto3's `upload_file`, `upload_fileobj`, `copy`) against moto
//! and s3s-fs: every size around the multipart threshold arrives intact (compared by SHA-256
//! after a GetObject), every checksum algorithm is accepted and stored, a connection reset
//! mid-part is survived, a failure or cancellation leaves no multipart upload behind, and a bad
//! extra argument fails before anything is sent.

use crate::common;
use rboto_test_support::fault_proxy;

use std::future::IntoFuture;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use fault_proxy::{FaultProxy, Step};
use rboto::runtime::s3::transfer::{
    checksum_of, CancellationToken, ChecksumAlgorithm, CopySource, Progress, ProgressEvent,
    S3TransferExt, TransferConfig,
};
use rboto::{Client, Error};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;
/// The smallest threshold and part size S3 allows, so multipart cases stay small.
const T: usize = 5 * MIB;

fn config() -> TransferConfig {
    TransferConfig::default()
        .with_multipart_threshold(T as u64)
        .with_multipart_chunksize(T as u64)
        .with_max_concurrency(4)
}

/// `len` bytes that differ from part to part (a xorshift stream seeded by `seed`).
fn data(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A file holding `bytes`, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(bytes: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(unique("rboto-upload"));
        std::fs::write(&path, bytes).expect("write temp file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The two peers, by name, with a fresh bucket on each.
async fn peers() -> Vec<(&'static str, Client, String)> {
    let mut out = Vec::new();
    for (name, client) in [("moto", client("s3")), ("s3s-fs", s3s_client())] {
        let bucket = unique("xfer");
        must(
            "CreateBucket",
            client.call("CreateBucket", json!({"Bucket": bucket})).await,
        );
        out.push((name, client, bucket));
    }
    out
}

/// SHA-256 of the object as GetObject streams it.
async fn stored_sha256(client: &Client, bucket: &str, key: &str) -> Vec<u8> {
    let (_, mut body) = must(
        "GetObject",
        client
            .call_streaming("GetObject", json!({"Bucket": bucket, "Key": key}))
            .await,
    );
    let mut hasher = Sha256::new();
    while let Some(chunk) = body.next().await {
        hasher.update(must("body chunk", chunk));
    }
    hasher.finalize().to_vec()
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

async fn in_progress_uploads(client: &Client, bucket: &str) -> Vec<Value> {
    let out = must(
        "ListMultipartUploads",
        client
            .call("ListMultipartUploads", json!({"Bucket": bucket}))
            .await,
    );
    out.get("Uploads")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Records every progress event.
fn recorder() -> (Progress, Arc<Mutex<Vec<ProgressEvent>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let log = events.clone();
    let progress = Progress::callback(move |e: &ProgressEvent| log.lock().unwrap().push(e.clone()));
    (progress, events)
}

#[tokio::test]
#[ignore = "needs moto and s3s-fs: scripts/test runs it"]
async fn files_of_every_size_around_the_threshold_arrive_intact() {
    for (peer, client, bucket) in peers().await {
        for (i, len) in [0, 1, T - 1, T, T + 1, 3 * T + 123].into_iter().enumerate() {
            let bytes = data(len, i as u64 + 1);
            let file = TempFile::new(&bytes);
            let key = format!("file-{len}");
            let (progress, events) = recorder();
            let out = client
                .upload_file(&file.0, &bucket, &key)
                .config(config())
                .progress(progress)
                .await
                .unwrap_or_else(|e| panic!("{peer}: upload of {len} bytes: {e}"));
            let parts = if len >= T { len.div_ceil(T) as u32 } else { 0 };
            assert_eq!((out.size, out.parts), (len as u64, parts), "{peer} {len}");
            assert_eq!(
                stored_sha256(&client, &bucket, &key).await,
                sha256(&bytes),
                "{peer}: content of {len} bytes"
            );
            let events = events.lock().unwrap().clone();
            assert_eq!(
                events.first(),
                Some(&ProgressEvent::Started {
                    total: Some(len as u64)
                })
            );
            assert_eq!(
                events.last(),
                Some(&ProgressEvent::Finished { total: len as u64 })
            );
            let done = events
                .iter()
                .filter(|e| matches!(e, ProgressEvent::PartDone { .. }))
                .count();
            assert_eq!(done, parts.max(1) as usize, "{peer} {len}: parts reported");
            // The whole object's CRC32, as S3 keeps it (full-object for multipart uploads).
            let head = must(
                "HeadObject",
                client
                    .call(
                        "HeadObject",
                        json!({"Bucket": bucket, "Key": key, "ChecksumMode": "ENABLED"}),
                    )
                    .await,
            );
            if let Some(stored) = head.get("ChecksumCRC32").and_then(Value::as_str) {
                assert_eq!(
                    stored,
                    checksum_of(ChecksumAlgorithm::Crc32, &bytes),
                    "{peer} {len}: stored CRC32"
                );
            } else {
                assert_eq!(peer, "s3s-fs", "moto keeps the CRC32 of {len} bytes");
            }
        }
    }
}

#[tokio::test]
#[ignore = "needs moto and s3s-fs: scripts/test runs it"]
async fn readers_of_unknown_length_arrive_intact() {
    for (peer, client, bucket) in peers().await {
        for (i, len) in [0, T - 1, T, 2 * T + 77].into_iter().enumerate() {
            let bytes = data(len, 100 + i as u64);
            let key = format!("stream-{len}");
            let reader = std::io::Cursor::new(bytes.clone());
            let out = client
                .upload_fileobj(reader, &bucket, &key)
                .config(config())
                .await
                .unwrap_or_else(|e| panic!("{peer}: stream of {len} bytes: {e}"));
            assert_eq!(out.size, len as u64, "{peer} {len}");
            assert_eq!(
                stored_sha256(&client, &bucket, &key).await,
                sha256(&bytes),
                "{peer}: content of a {len}-byte stream"
            );
        }
    }
}

#[tokio::test]
#[ignore = "needs moto and s3s-fs: scripts/test runs it"]
async fn every_checksum_algorithm_is_sent_and_kept() {
    for (peer, client, bucket) in peers().await {
        for algorithm in ChecksumAlgorithm::ALL {
            for len in [1000, T + 5] {
                let bytes = data(len, len as u64);
                let file = TempFile::new(&bytes);
                let key = format!("{}-{len}", algorithm.name());
                let out = client
                    .upload_file(&file.0, &bucket, &key)
                    .config(config().with_checksum_algorithm(algorithm))
                    .await
                    .unwrap_or_else(|e| panic!("{peer} {algorithm:?} {len}: {e}"));
                assert_eq!(
                    stored_sha256(&client, &bucket, &key).await,
                    sha256(&bytes),
                    "{peer} {algorithm:?} {len}"
                );
                let single_or_full = len < T || algorithm.is_crc();
                if let (Some((name, value)), true) = (&out.checksum, single_or_full) {
                    assert_eq!(name, algorithm.name());
                    assert_eq!(
                        value,
                        &checksum_of(algorithm, &bytes),
                        "{peer} {algorithm:?} {len}: checksum S3 returned"
                    );
                }
            }
        }
    }
}

/// A checksum the caller gives is sent as given, not replaced by ours: s3s-fs checks it
/// against the body and refuses the PutObject (moto stores what it is told, so it cannot show
/// this). (s3s-fs 0.14 keeps the refused object all the same; real S3 does not.)
#[tokio::test]
#[ignore = "needs s3s-fs: scripts/test runs it"]
async fn a_wrong_checksum_given_by_the_caller_is_refused() {
    let client = s3s_client();
    let bucket = unique("xfer-bad");
    must(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": bucket})).await,
    );
    let file = TempFile::new(&data(1000, 9));
    let wrong = checksum_of(ChecksumAlgorithm::Crc32, b"something else");
    let err = client
        .upload_file(&file.0, &bucket, "wrong")
        .extra_args(json!({ "ChecksumCRC32": wrong }))
        .await
        .expect_err("a wrong checksum must fail");
    assert_eq!(err.code(), Some("BadDigest"), "{err}");
    assert!(
        err.to_string().contains(&format!(
            "failed to upload {} to {bucket}/wrong",
            file.0.display()
        )),
        "{err}"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_connection_reset_mid_part_is_retried_and_the_upload_completes() {
    let proxy = FaultProxy::start(&endpoint()).await;
    let client = session_at(&proxy.url())
        .client(model("s3"))
        .expect("client");
    let bucket = unique("xfer-reset");
    must(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": bucket})).await,
    );
    let bytes = data(3 * T, 21);
    let file = TempFile::new(&bytes);
    proxy.clear_seen();
    // CreateMultipartUpload goes through; the first part's connection is reset after its
    // body arrived, and so is a later one.
    proxy.script([Step::Forward, Step::Reset, Step::Forward, Step::Reset]);
    let out = client
        .upload_file(&file.0, &bucket, "reset")
        .config(config().with_max_concurrency(1))
        .await
        .expect("the upload survives resets");
    assert_eq!(out.parts, 3);
    let seen = proxy.seen();
    let resets: Vec<_> = seen.iter().filter(|s| s.step == "Reset").collect();
    assert_eq!(resets.len(), 2, "two parts were reset: {seen:?}");
    assert!(resets.iter().all(|s| s.path.contains("partNumber=")));
    assert!(
        resets.iter().all(|s| s.body_len == T),
        "reset after a whole part arrived"
    );
    assert!(
        resets.iter().all(|s| {
            s.header("x-amz-content-sha256") == Some("UNSIGNED-PAYLOAD")
                && s.header("x-amz-checksum-crc32").is_some()
        }),
        "parts travel unsigned, guarded by their CRC32: {resets:?}"
    );
    assert_eq!(proxy.remaining(), 0);
    assert_eq!(
        stored_sha256(&client, &bucket, "reset").await,
        sha256(&bytes)
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_failed_part_aborts_the_upload_and_says_what_failed() {
    let proxy = FaultProxy::start(&endpoint()).await;
    let client = session_at(&proxy.url())
        .client(model("s3"))
        .expect("client");
    let bucket = unique("xfer-fail");
    must(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": bucket})).await,
    );
    let file = TempFile::new(&data(3 * T, 5));
    proxy.script([Step::Forward, Step::s3_error(403, "AccessDenied")]);
    let err = client
        .upload_file(&file.0, &bucket, "denied")
        .config(config().with_max_concurrency(1))
        .await
        .expect_err("a refused part fails the upload");
    let text = err.to_string();
    assert!(
        text.contains(&format!("failed to upload {}", file.0.display())),
        "{text}"
    );
    assert!(text.contains(&format!("{bucket}/denied")), "{text}");
    assert!(text.contains("part 1"), "{text}");
    assert_eq!(err.code(), Some("AccessDenied"));
    let aborts = proxy
        .seen()
        .iter()
        .filter(|s| s.method == "DELETE" && s.path.contains("uploadId="))
        .count();
    assert_eq!(aborts, 1, "AbortMultipartUpload was sent");
    assert!(in_progress_uploads(&client, &bucket).await.is_empty());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn cancelling_with_a_token_aborts_the_multipart_upload() {
    let client = client("s3");
    let bucket = unique("xfer-cancel");
    must(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": bucket})).await,
    );
    let file = TempFile::new(&data(6 * T, 3));
    let token = CancellationToken::new();
    let trigger = token.clone();
    let progress = Progress::callback(move |e: &ProgressEvent| {
        if matches!(e, ProgressEvent::PartDone { .. }) {
            trigger.cancel();
        }
    });
    let err = client
        .upload_file(&file.0, &bucket, "cancelled")
        .config(config().with_max_concurrency(1))
        .progress(progress)
        .cancellation_token(token)
        .await
        .expect_err("a cancelled upload fails");
    assert!(err.is_cancelled(), "{err}");
    assert!(in_progress_uploads(&client, &bucket).await.is_empty());
    let listed = must(
        "ListObjectsV2",
        client
            .call("ListObjectsV2", json!({"Bucket": bucket}))
            .await,
    );
    assert_eq!(listed["KeyCount"], 0, "no object was created");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn dropping_the_upload_future_aborts_the_multipart_upload() {
    let client = client("s3");
    let bucket = unique("xfer-drop");
    must(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": bucket})).await,
    );
    let file = TempFile::new(&data(6 * T, 4));
    let (progress, mut events) = Progress::stream();
    let upload = client
        .upload_file(&file.0, &bucket, "dropped")
        .config(config().with_max_concurrency(1))
        .progress(progress);
    let task = tokio::spawn(upload.into_future());
    while let Some(event) = events.recv().await {
        if matches!(event, ProgressEvent::PartDone { .. }) {
            break;
        }
    }
    assert_eq!(
        in_progress_uploads(&client, &bucket).await.len(),
        1,
        "the upload is under way"
    );
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if in_progress_uploads(&client, &bucket).await.is_empty() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the dropped upload was not aborted"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn dropping_the_upload_while_s3_creates_it_still_aborts_it() {
    let proxy = FaultProxy::start(&endpoint()).await;
    let slow = session_at(&proxy.url())
        .client(model("s3"))
        .expect("client");
    let client = client("s3");
    let bucket = unique("xfer-drop-create");
    must(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": bucket})).await,
    );
    let file = TempFile::new(&data(3 * T, 6));
    proxy.script([Step::ForwardAfter(Duration::from_secs(1))]);
    let task = tokio::spawn(
        slow.upload_file(&file.0, &bucket, "dropped-early")
            .config(config())
            .into_future(),
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while in_progress_uploads(&client, &bucket).await.is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "CreateMultipartUpload never reached moto"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !in_progress_uploads(&client, &bucket).await.is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the upload created for a dropped transfer was left behind"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn bad_extra_args_fail_before_anything_is_sent() {
    let (client, listener) = unserved_client("s3");
    let file = TempFile::new(b"tiny");
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"ContentTyp": "text/plain"}),
            "did you mean ContentType?",
        ),
        (
            json!({"Bucket": "other"}),
            "Bucket is not an argument an upload accepts",
        ),
        (json!({"ACL": 5}), "ACL"),
        (json!({"ChecksumAlgorithm": "MD5"}), "ChecksumAlgorithm"),
        (
            json!(["not", "an", "object"]),
            "extra_args must be a JSON object",
        ),
    ];
    for (args, expected) in cases {
        let err = client
            .upload_file(&file.0, "bucket", "key")
            .extra_args(args.clone())
            .await
            .expect_err("bad extra_args must fail");
        assert!(err.is_validation(), "{args}: {err:?}");
        assert!(err.to_string().contains(expected), "{args}: {err}");
    }
    let err = client
        .copy(CopySource::new("a", "b"), "bucket", "key")
        .extra_args(json!({"ChecksumCRC32": "AAAAAA=="}))
        .await
        .expect_err("copies take no full-object checksum");
    assert!(err.is_validation(), "{err:?}");
    let missing = client
        .upload_file("/no/such/file", "bucket", "key")
        .await
        .expect_err("a missing file fails");
    assert!(missing.to_string().contains("/no/such/file"), "{missing}");
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("a connection reached the server: {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs moto and s3s-fs: scripts/test runs it"]
async fn copies_small_and_multipart_keep_content_and_metadata() {
    for (peer, client, bucket) in peers().await {
        for len in [1000, 2 * T + 7] {
            let bytes = data(len, 77);
            let file = TempFile::new(&bytes);
            let source = format!("src-{len}");
            must(
                "upload",
                client
                    .upload_file(&file.0, &bucket, &source)
                    .config(config())
                    .extra_args(json!({"ContentType": "text/x-test", "Metadata": {"k": "v"}}))
                    .await,
            );
            let target = format!("copy-{len}");
            let (progress, events) = recorder();
            let out = client
                .copy(CopySource::new(&bucket, &source), &bucket, &target)
                .config(config())
                .progress(progress)
                .await
                .unwrap_or_else(|e| panic!("{peer}: copy of {len} bytes: {e}"));
            assert_eq!(out.parts, if len >= T { 3 } else { 0 }, "{peer} {len}");
            assert_eq!(
                stored_sha256(&client, &bucket, &target).await,
                sha256(&bytes),
                "{peer}: copied content of {len} bytes"
            );
            let head = must(
                "HeadObject",
                client
                    .call("HeadObject", json!({"Bucket": bucket, "Key": target}))
                    .await,
            );
            assert_eq!(head["ContentType"], "text/x-test", "{peer} {len}");
            assert_eq!(head["Metadata"], json!({"k": "v"}), "{peer} {len}");
            let events = events.lock().unwrap();
            assert_eq!(
                events.last(),
                Some(&ProgressEvent::Finished { total: len as u64 })
            );
        }
        if peer == "moto" {
            // s3s-fs 0.14 does not implement ListMultipartUploads.
            assert!(in_progress_uploads(&client, &bucket).await.is_empty());
        }
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn multipart_copies_take_tags_as_the_directive_says() {
    let client = client("s3");
    let bucket = unique("xfer-tags");
    must(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": bucket})).await,
    );
    let file = TempFile::new(&data(T + 1, 31));
    must(
        "upload",
        client
            .upload_file(&file.0, &bucket, "src")
            .config(config())
            .extra_args(json!({"Tagging": "team=data%20eng&tier=1"}))
            .await,
    );
    let tags = |key: &'static str| {
        let (client, bucket) = (client.clone(), bucket.clone());
        async move {
            let out = must(
                "GetObjectTagging",
                client
                    .call("GetObjectTagging", json!({"Bucket": bucket, "Key": key}))
                    .await,
            );
            let mut set: Vec<(String, String)> = out["TagSet"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|t| {
                    (
                        t["Key"].as_str().unwrap().into(),
                        t["Value"].as_str().unwrap().into(),
                    )
                })
                .collect();
            set.sort();
            set
        }
    };
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(
        tags("src").await,
        vec![pair("team", "data eng"), pair("tier", "1")]
    );
    let copy = |key: &'static str, args: Value| {
        client
            .copy(CopySource::new(&bucket, "src"), &bucket, key)
            .config(config())
            .extra_args(args)
    };
    must(
        "copy",
        copy("copied", json!({"TaggingDirective": "COPY"})).await,
    );
    assert_eq!(
        tags("copied").await,
        vec![pair("team", "data eng"), pair("tier", "1")]
    );
    must(
        "copy",
        copy(
            "replaced",
            json!({"TaggingDirective": "REPLACE", "Tagging": "new=yes"}),
        )
        .await,
    );
    assert_eq!(tags("replaced").await, vec![pair("new", "yes")]);
    must("copy", copy("untagged", json!({})).await);
    assert!(tags("untagged").await.is_empty());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_copy_of_a_missing_source_fails_naming_it() {
    let client = client("s3");
    let bucket = unique("xfer-nosrc");
    must(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": bucket})).await,
    );
    let err: Error = client
        .copy(CopySource::new(&bucket, "absent"), &bucket, "target")
        .await
        .expect_err("no source, no copy");
    assert!(
        err.to_string().contains(&format!(
            "failed to copy {bucket}/absent to {bucket}/target"
        )),
        "{err}"
    );
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn bucket_and_object_resources_upload_and_copy() {
    let s3 = must(
        "s3 service resource",
        rboto::s3::ServiceResource::new(&session()),
    );
    let name = unique("xfer-res");
    must(
        "CreateBucket",
        s3.create_bucket().bucket(&name).send().await,
    );
    let bucket = s3.bucket(&name);
    let bytes = data(T + 3, 11);
    let file = TempFile::new(&bytes);
    let out = must(
        "Bucket.upload_file",
        bucket
            .upload_file(&file.0, "by-bucket")
            .config(config())
            .await,
    );
    assert_eq!(out.parts, 2);
    let object = bucket.object("by-object");
    must("Object.upload_file", object.upload_file(&file.0).await);
    must(
        "Bucket.upload_fileobj",
        bucket
            .upload_fileobj(std::io::Cursor::new(bytes.clone()), "by-reader")
            .await,
    );
    let copied = bucket.object("copied");
    must(
        "Object.copy",
        copied
            .copy(CopySource::new(&name, "by-object"))
            .config(config())
            .await,
    );
    must(
        "Bucket.copy",
        bucket
            .copy(CopySource::new(&name, "copied"), "copied-again")
            .await,
    );
    let client = client("s3");
    for key in [
        "by-bucket",
        "by-object",
        "by-reader",
        "copied",
        "copied-again",
    ] {
        assert_eq!(
            stored_sha256(&client, &name, key).await,
            sha256(&bytes),
            "{key}"
        );
    }
}
