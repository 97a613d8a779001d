//! Managed downloads against moto and s3s-fs: every size around the multipart threshold compared by hash,
//! full-object checksums of every algorithm verified (and a wrong one refused, leaving no
//! file), a connection reset mid-part survived, cancellation and dropped futures leaving the
//! target untouched and no temporary file, ordered downloads into a writer, bad extra
//! arguments refused before anything is sent. Faults, wrong stored checksums and replaced
//! objects need moto: s3s-fs refuses wrong checksums on upload and ignores `If-Match`.

use crate::common;
use rboto_test_support::fault_proxy;

use std::future::IntoFuture;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use common::*;
use fault_proxy::{FaultProxy, Step};
use rboto::runtime::s3::transfer::{
    CancellationToken, ChecksumAlgorithm, ChecksumPolicy, Progress, ProgressEvent, S3TransferExt,
    TransferConfig, TransferManager,
};
use rboto::{ByteStream, Client};
use serde_json::json;
use sha2::{Digest, Sha256};

const KIB: u64 = 1024;
/// Small parts so several-part objects stay small; downloads have no 5 MiB floor.
const THRESHOLD: u64 = 256 * KIB;
const PART: u64 = 64 * KIB;

fn config() -> TransferConfig {
    TransferConfig::default()
        .with_multipart_threshold(THRESHOLD)
        .with_multipart_chunksize(PART)
        .with_max_concurrency(4)
}

fn data(len: u64, seed: u64) -> Vec<u8> {
    (0..len)
        .map(|i| ((i * 31 + seed * 7 + (i >> 9)) % 251) as u8)
        .collect()
}

fn sha(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

/// A fresh empty scratch directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(unique(name));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

async fn bucket(client: &Client) -> String {
    let name = unique("dl");
    ok(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": name})).await,
    );
    name
}

/// The base64 checksum S3 would store for `body`.
fn checksum(algorithm: ChecksumAlgorithm, body: &[u8]) -> String {
    let engine = base64::engine::general_purpose::STANDARD;
    use crc_fast::CrcAlgorithm as C;
    match algorithm {
        ChecksumAlgorithm::Crc32 => {
            engine.encode((crc_fast::checksum(C::Crc32IsoHdlc, body) as u32).to_be_bytes())
        }
        ChecksumAlgorithm::Crc32c => {
            engine.encode((crc_fast::checksum(C::Crc32Iscsi, body) as u32).to_be_bytes())
        }
        ChecksumAlgorithm::Crc64Nvme => {
            engine.encode(crc_fast::checksum(C::Crc64Nvme, body).to_be_bytes())
        }
        ChecksumAlgorithm::Sha1 => engine.encode(<sha1::Sha1 as sha1::Digest>::digest(body)),
        ChecksumAlgorithm::Sha256 => engine.encode(Sha256::digest(body)),
        other => panic!("no test checksum for {other:?}"),
    }
}

/// Puts `body` with `algorithm`'s checksum set to `value` (moto keeps what it is given).
async fn put_with_checksum(
    client: &Client,
    bucket: &str,
    key: &str,
    body: &[u8],
    algorithm: ChecksumAlgorithm,
    value: &str,
) {
    let params = json!({
        "Bucket": bucket, "Key": key,
        "ChecksumAlgorithm": algorithm.name(),
        algorithm.member(): value,
    });
    ok(
        "PutObject",
        client
            .call_with_body("PutObject", params, ByteStream::from(body.to_vec()))
            .await,
    );
}

async fn put(client: &Client, bucket: &str, key: &str, body: &[u8]) {
    let value = checksum(ChecksumAlgorithm::Crc32, body);
    put_with_checksum(client, bucket, key, body, ChecksumAlgorithm::Crc32, &value).await;
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn every_size_around_the_threshold_arrives_whole_from_moto() {
    every_size_around_the_threshold_arrives_whole(client("s3")).await;
}

#[tokio::test]
#[ignore = "needs s3s-fs: scripts/test runs it"]
async fn every_size_around_the_threshold_arrives_whole_from_s3s() {
    every_size_around_the_threshold_arrives_whole(s3s_client()).await;
}

async fn every_size_around_the_threshold_arrives_whole(client: Client) {
    let bucket = bucket(&client).await;
    let manager = TransferManager::new(client.clone()).with_config(config());
    let dir = scratch("dl-sizes");
    let sizes = [
        0,
        1,
        THRESHOLD - 1,
        THRESHOLD,
        THRESHOLD + 1,
        5 * PART + 17 + THRESHOLD,
    ];
    for (i, size) in sizes.into_iter().enumerate() {
        let body = data(size, i as u64);
        let key = format!("sizes/{size}.bin");
        put(&client, &bucket, &key, &body).await;
        let target = dir.join(format!("{size}.bin"));
        let events = Arc::new(Mutex::new(Vec::new()));
        let log = events.clone();
        let out = manager
            .download_file(&bucket, &key, &target)
            .progress(Progress::callback(move |e: &ProgressEvent| {
                log.lock().unwrap().push(e.clone())
            }))
            .await
            .unwrap_or_else(|e| panic!("download of {size} bytes: {e}"));
        let got = std::fs::read(&target).unwrap();
        assert_eq!(got.len() as u64, size);
        assert_eq!(sha(&got), sha(&body), "{size} bytes differ");
        assert_eq!(out.bytes, size);
        let parts = if size >= THRESHOLD {
            size.div_ceil(PART) as u32
        } else {
            1
        };
        assert_eq!(out.parts, parts, "{size} bytes");
        assert_eq!(out.verified, Some(ChecksumAlgorithm::Crc32), "{size} bytes");
        let events = events.lock().unwrap();
        assert_eq!(
            events.first(),
            Some(&ProgressEvent::Started { total: Some(size) })
        );
        assert_eq!(
            events.last(),
            Some(&ProgressEvent::Finished { total: size })
        );
        let done: Vec<u32> = events
            .iter()
            .filter_map(|e| match e {
                ProgressEvent::PartDone { part, .. } => Some(*part),
                _ => None,
            })
            .collect();
        assert_eq!(done.len() as u32, parts);
    }
    let mut expected: Vec<String> = sizes.iter().map(|s| format!("{s}.bin")).collect();
    expected.sort();
    assert_eq!(
        listing(&dir),
        expected,
        "only the targets, no temporary files"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn every_checksum_algorithm_is_verified_in_one_request_and_in_parts_from_moto() {
    every_checksum_algorithm_is_verified(client("s3")).await;
}

#[tokio::test]
#[ignore = "needs s3s-fs: scripts/test runs it"]
async fn every_checksum_algorithm_is_verified_in_one_request_and_in_parts_from_s3s() {
    every_checksum_algorithm_is_verified(s3s_client()).await;
}

async fn every_checksum_algorithm_is_verified(client: Client) {
    let bucket = bucket(&client).await;
    let manager = TransferManager::new(client.clone()).with_config(config());
    let dir = scratch("dl-algos");
    for algorithm in ChecksumAlgorithm::ALL {
        for size in [THRESHOLD / 2, 3 * THRESHOLD + 5] {
            let body = data(size, 3);
            let key = format!("{}-{size}", algorithm.name());
            put_with_checksum(
                &client,
                &bucket,
                &key,
                &body,
                algorithm,
                &checksum(algorithm, &body),
            )
            .await;
            let target = dir.join(&key);
            let out = manager
                .download_file(&bucket, &key, &target)
                .await
                .unwrap_or_else(|e| panic!("{key}: {e}"));
            assert_eq!(out.verified, Some(algorithm), "{key}");
            assert_eq!(sha(&std::fs::read(&target).unwrap()), sha(&body), "{key}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_checksum_mismatch_is_an_error_and_keeps_no_file() {
    let client = client("s3");
    let bucket = bucket(&client).await;
    let manager = TransferManager::new(client.clone()).with_config(config());
    let dir = scratch("dl-mismatch");
    for algorithm in [ChecksumAlgorithm::Crc32c, ChecksumAlgorithm::Sha256] {
        for size in [THRESHOLD / 2, 2 * THRESHOLD + 3] {
            let body = data(size, 5);
            let key = format!("bad-{}-{size}", algorithm.name());
            // The checksum of other content: what a corrupted download would meet.
            let wrong = checksum(algorithm, &data(size, 6));
            put_with_checksum(&client, &bucket, &key, &body, algorithm, &wrong).await;
            let target = dir.join(&key);
            std::fs::write(&target, b"the good old file").unwrap();
            let err = manager
                .download_file(&bucket, &key, &target)
                .await
                .expect_err("a wrong checksum must fail the download");
            let text = err.to_string();
            assert!(
                text.contains("checksum") && text.contains(&key),
                "{key}: {text}"
            );
            assert_eq!(std::fs::read(&target).unwrap(), b"the good old file");

            // With checks off (for stores that mishandle checksums) the same object downloads.
            let off = config().with_checksum(ChecksumPolicy::WhenRequired);
            let out = manager
                .download_file(&bucket, &key, &target)
                .config(off)
                .await
                .unwrap();
            assert_eq!(out.verified, None);
            assert_eq!(sha(&std::fs::read(&target).unwrap()), sha(&body));
        }
    }
    assert_eq!(
        listing(&dir).len(),
        4,
        "no temporary files: {:?}",
        listing(&dir)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_connection_reset_mid_part_is_resumed() {
    let upstream = client("s3");
    let bucket = bucket(&upstream).await;
    let size = 4 * THRESHOLD + 11;
    let body = data(size, 9);
    put(&upstream, &bucket, "reset.bin", &body).await;

    let proxy = FaultProxy::start(&endpoint()).await;
    let client = session_at(&proxy.url())
        .client(model("s3"))
        .expect("client through the proxy");
    // HeadObject passes; the first part's body is cut in half by a reset; the rest pass.
    proxy.script([Step::Forward, Step::Truncate]);
    let manager = TransferManager::new(client).with_config(config().with_max_concurrency(1));
    let dir = scratch("dl-reset");
    let target = dir.join("reset.bin");
    let out = manager
        .download_file(&bucket, "reset.bin", &target)
        .await
        .unwrap_or_else(|e| panic!("the download must survive a reset: {e}"));
    assert_eq!(sha(&std::fs::read(&target).unwrap()), sha(&body));
    assert_eq!(out.verified, Some(ChecksumAlgorithm::Crc32));
    let gets: Vec<String> = proxy
        .seen()
        .iter()
        .filter(|s| s.method == "GET")
        .filter_map(|s| s.header("range").map(str::to_string))
        .collect();
    assert_eq!(gets[0], format!("bytes=0-{}", PART - 1));
    // The retry asks only for what had not arrived.
    let resumed = gets[1]
        .strip_prefix("bytes=")
        .and_then(|r| r.split_once('-'))
        .map(|(a, b)| (a.parse::<u64>().unwrap(), b.parse::<u64>().unwrap()))
        .unwrap();
    assert!(resumed.0 > 0 && resumed.0 < PART, "retry range {}", gets[1]);
    assert_eq!(resumed.1, PART - 1);
    assert_eq!(gets.len() as u64, size.div_ceil(PART) + 1);
    assert_eq!(listing(&dir), ["reset.bin"]);

    // A part whose every connection breaks fails the download once its attempts are spent,
    // leaving the earlier file as it was.
    proxy.clear_seen();
    proxy.script([Step::Forward]);
    proxy.fallback(Some(Step::Reset));
    let err = manager
        .download_file(&bucket, "reset.bin", &target)
        .config(
            config()
                .with_max_concurrency(1)
                .with_num_download_attempts(2),
        )
        .await
        .expect_err("a part that never arrives fails the download");
    assert!(err.is_connect() || err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("after 2 attempt(s)"), "{err}");
    assert_eq!(sha(&std::fs::read(&target).unwrap()), sha(&body));
    assert_eq!(listing(&dir), ["reset.bin"], "no temporary file");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn cancelling_or_dropping_a_download_leaves_the_target_and_no_temp_file() {
    let upstream = client("s3");
    let bucket = bucket(&upstream).await;
    let size = 4 * THRESHOLD;
    put(&upstream, &bucket, "slow.bin", &data(size, 1)).await;
    let proxy = FaultProxy::start(&endpoint()).await;
    let client = session_at(&proxy.url()).client(model("s3")).unwrap();
    let manager = TransferManager::new(client).with_config(config().with_max_concurrency(2));
    let dir = scratch("dl-cancel");
    let target = dir.join("slow.bin");
    std::fs::write(&target, b"precious").unwrap();

    // A token fired once the first bytes arrived, while the other parts stall.
    proxy.script([Step::Forward, Step::Forward]);
    proxy.fallback(Some(Step::Stall(Duration::from_secs(30))));
    let token = CancellationToken::new();
    let fired = Arc::new(AtomicBool::new(false));
    let (trigger, flag) = (token.clone(), fired.clone());
    let err = tokio::time::timeout(
        Duration::from_secs(20),
        manager
            .download_file(&bucket, "slow.bin", &target)
            .cancellation_token(token)
            .progress(Progress::callback(move |e: &ProgressEvent| {
                if matches!(e, ProgressEvent::PartDone { .. }) {
                    flag.store(true, Ordering::SeqCst);
                    trigger.cancel();
                }
            }))
            .into_future(),
    )
    .await
    .expect("cancellation must end the download promptly")
    .expect_err("a cancelled download fails");
    assert!(err.is_cancelled(), "{err:?}");
    assert!(fired.load(Ordering::SeqCst));
    assert_eq!(std::fs::read(&target).unwrap(), b"precious");
    assert_eq!(listing(&dir), ["slow.bin"], "no temporary file");

    // A dropped future cleans up the same way.
    proxy.script([Step::Forward]);
    let dropped = tokio::time::timeout(
        Duration::from_millis(500),
        manager
            .download_file(&bucket, "slow.bin", &target)
            .into_future(),
    )
    .await;
    assert!(
        dropped.is_err(),
        "the stalled download should still be running"
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"precious");
    assert_eq!(listing(&dir), ["slow.bin"], "no temporary file");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "needs moto and s3s-fs: scripts/test runs it"]
async fn downloads_into_a_writer_are_ordered_and_checked() {
    let client = client("s3");
    let s3s = s3s_client();
    let s3s_bucket = bucket(&s3s).await;
    let body = data(9 * PART + 5, 8);
    put(&s3s, &s3s_bucket, "w", &body).await;
    let mut got = Vec::new();
    let out = TransferManager::new(s3s)
        .with_config(config())
        .download(&s3s_bucket, "w", &mut got)
        .await
        .unwrap();
    assert_eq!(sha(&got), sha(&body), "from s3s-fs");
    assert_eq!(out.verified, Some(ChecksumAlgorithm::Crc32));

    let bucket = bucket(&client).await;
    let manager = TransferManager::new(client.clone()).with_config(config());
    for size in [0, 7, THRESHOLD + 1, 9 * PART + 5] {
        let body = data(size, 2);
        let key = format!("w-{size}");
        put(&client, &bucket, &key, &body).await;
        let mut got = Vec::new();
        let out = manager
            .download(&bucket, &key, &mut got)
            .await
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(sha(&got), sha(&body), "{key}");
        assert_eq!(out.verified, Some(ChecksumAlgorithm::Crc32));
    }
    // boto3's client methods, through the extension trait.
    let body = data(THRESHOLD + 3, 11);
    put(&client, &bucket, "via-client", &body).await;
    let mut got = Vec::new();
    client
        .download_fileobj(&bucket, "via-client", &mut got)
        .config(config())
        .await
        .unwrap();
    assert_eq!(got, body);
    let dir = scratch("dl-client");
    client
        .download_file(&bucket, "via-client", dir.join("f"))
        .await
        .unwrap();
    assert_eq!(std::fs::read(dir.join("f")).unwrap(), body);
    std::fs::remove_dir_all(&dir).unwrap();

    let body = data(3 * PART + THRESHOLD, 4);
    let wrong = checksum(ChecksumAlgorithm::Crc32, b"other");
    put_with_checksum(
        &client,
        &bucket,
        "w-bad",
        &body,
        ChecksumAlgorithm::Crc32,
        &wrong,
    )
    .await;
    let mut sink = Vec::new();
    let err = manager
        .download(&bucket, "w-bad", &mut sink)
        .await
        .expect_err("a mismatch is reported");
    assert!(err.to_string().contains("checksum"), "{err}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_replaced_object_fails_the_download_instead_of_mixing_versions() {
    let client = client("s3");
    let bucket = bucket(&client).await;
    let size = 6 * PART + THRESHOLD;
    put(&client, &bucket, "moving.bin", &data(size, 1)).await;
    let replaced = Arc::new(AtomicBool::new(false));
    let (c, b, flag) = (client.clone(), bucket.clone(), replaced.clone());
    let manager = TransferManager::new(client.clone()).with_config(
        config()
            .with_max_concurrency(1)
            .with_checksum(ChecksumPolicy::WhenRequired),
    );
    let dir = scratch("dl-moving");
    let target = dir.join("moving.bin");
    let progress = Progress::callback(move |e: &ProgressEvent| {
        if matches!(e, ProgressEvent::PartDone { part: 1, .. })
            && !flag.swap(true, Ordering::SeqCst)
        {
            let (c, b) = (c.clone(), b.clone());
            // Replace the object between parts: the next ranged GET's If-Match must fail.
            std::thread::spawn(move || {
                tokio::runtime::Runtime::new()
                    .unwrap()
                    .block_on(async move {
                        c.call_with_body(
                            "PutObject",
                            json!({"Bucket": b, "Key": "moving.bin"}),
                            ByteStream::from(data(size, 2)),
                        )
                        .await
                        .unwrap();
                    })
            })
            .join()
            .unwrap();
        }
    });
    let err = manager
        .download_file(&bucket, "moving.bin", &target)
        .progress(progress)
        .await
        .expect_err("the object changed mid-download");
    assert_eq!(err.code(), Some("PreconditionFailed"), "{err:?}");
    assert!(listing(&dir).is_empty(), "{:?}", listing(&dir));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn bad_extra_args_are_refused_before_anything_is_sent() {
    let (client, listener) = unserved_client("s3");
    let manager = TransferManager::new(client);
    let dir = scratch("dl-args");
    let err = manager
        .download_file("b", "k", dir.join("k"))
        .extra_args(json!({"VersionId": "v1", "ContentType": "text/plain"}))
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err:?}");
    assert!(err.to_string().contains("ContentType"), "{err}");
    assert_eq!(err.attempts(), 0);
    let err = manager
        .download_file("b", "", dir.join("k"))
        .await
        .unwrap_err();
    assert!(
        err.is_validation() && err.to_string().contains("key"),
        "{err}"
    );
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("a request reached the server: {other:?}"),
    }
    assert!(listing(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Records the largest single write it is handed.
struct LargestWrite(Vec<u8>, usize);

impl tokio::io::AsyncWrite for LargestWrite {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.1 = self.1.max(buf.len());
        self.0.extend_from_slice(buf);
        std::task::Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_download_below_a_high_threshold_streams_into_the_writer() {
    let client = client("s3");
    let bucket = bucket(&client).await;
    let body = data(6 * 1024 * KIB + 17, 12);
    put(&client, &bucket, "streamed", &body).await;
    let high = config().with_multipart_threshold(64 * 1024 * KIB);
    let mut writer = LargestWrite(Vec::new(), 0);
    let out = TransferManager::new(client)
        .with_config(high)
        .download(&bucket, "streamed", &mut writer)
        .await
        .unwrap();
    assert_eq!(out.parts, 1);
    assert_eq!(out.verified, Some(ChecksumAlgorithm::Crc32));
    assert_eq!(sha(&writer.0), sha(&body));
    // Writes come in buffers of about 1 MiB (plus at most one network chunk).
    assert!(
        writer.1 <= 2 * 1024 * KIB as usize,
        "the object reached the writer in one {}-byte write: it was buffered whole",
        writer.1
    );
}
