//! Directory transfers and the download methods on the generated `Bucket` and `Object`,
//! against moto and s3s-fs: a prefix mirrored into a directory with filters, folder markers
//! skipped, keys that would escape the directory refused before anything is written.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use rboto::runtime::s3::transfer::{TransferConfig, TransferManager};
use rboto::s3::ServiceResource;
use rboto::{ByteStream, Client};
use serde_json::json;
use tokio::io::AsyncWriteExt;

const KIB: u64 = 1024;

fn config() -> TransferConfig {
    TransferConfig::default()
        .with_multipart_threshold(256 * KIB)
        .with_multipart_chunksize(64 * KIB)
        .with_max_concurrency(4)
}

fn data(len: u64, seed: u64) -> Vec<u8> {
    (0..len).map(|i| ((i * 13 + seed) % 253) as u8).collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(unique(name));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir` as (relative `/` path, content).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

async fn bucket(client: &Client) -> String {
    let name = unique("dir");
    ok(
        "CreateBucket",
        client.call("CreateBucket", json!({"Bucket": name})).await,
    );
    name
}

async fn put(client: &Client, bucket: &str, key: &str, body: Vec<u8>) {
    ok(
        "PutObject",
        client
            .call_with_body(
                "PutObject",
                json!({"Bucket": bucket, "Key": key}),
                ByteStream::from(body),
            )
            .await,
    );
}

/// The objects a mirrored prefix holds, and what the filtered download must produce.
fn source_tree() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("a.txt", b"alpha".to_vec()),
        ("sub/b.bin", data(700 * KIB, 1)),
        ("sub/deeper/c.log", data(3, 2)),
        ("skip.tmp", b"temporary".to_vec()),
        ("sub/also.tmp", b"temporary".to_vec()),
        ("empty.txt", Vec::new()),
    ]
}

async fn a_prefix_is_mirrored_with_filters(client: Client) {
    let bucket = bucket(&client).await;
    for (key, body) in source_tree() {
        put(&client, &bucket, &format!("site/{key}"), body).await;
    }
    put(&client, &bucket, "site/folder/", Vec::new()).await;
    put(&client, &bucket, "sitemap.xml", b"not under site/".to_vec()).await;
    let dir = scratch("mirror");
    let target = dir.join("out");
    let out = TransferManager::new(client)
        .with_config(config())
        .download_dir(&bucket, "site", &target)
        .exclude("*.tmp")
        .include("sub/also.tmp")
        .await
        .unwrap();
    let expected: BTreeMap<String, Vec<u8>> = source_tree()
        .into_iter()
        .filter(|(k, _)| *k != "skip.tmp")
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    assert_eq!(tree(&target), expected);
    assert_eq!(out.files, 5);
    assert_eq!(out.filtered_out, 1);
    assert_eq!(
        out.bytes,
        expected.values().map(|v| v.len() as u64).sum::<u64>()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_prefix_is_mirrored_with_filters_from_moto() {
    a_prefix_is_mirrored_with_filters(client("s3")).await;
}

#[tokio::test]
#[ignore = "needs s3s-fs: scripts/test runs it"]
async fn a_prefix_is_mirrored_with_filters_from_s3s() {
    a_prefix_is_mirrored_with_filters(s3s_client()).await;
}

/// Stores a key our client refuses to send (it has a `..` segment) with a raw HTTP request,
/// as another tool could: moto takes it as it is.
async fn put_raw(bucket: &str, key: &str) {
    let address = endpoint().trim_start_matches("http://").to_string();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let request = format!(
        "PUT /{bucket}/{key} HTTP/1.1\r\nhost: {address}\r\ncontent-length: 4\r\n\
         authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, \
         SignedHeaders=host, Signature=0\r\nconnection: close\r\n\r\nevil"
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut socket, &mut response)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 200"), "raw PUT of {key}: {text}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn keys_that_would_escape_the_directory_are_refused_before_anything_is_written() {
    let client = client("s3");
    let bucket = bucket(&client).await;
    put(&client, &bucket, "pre/fine.txt", b"fine".to_vec()).await;
    put_raw(&bucket, "pre/../escape.txt").await;
    put_raw(&bucket, "pre/a/../../../up.txt").await;
    put(&client, &bucket, "pre//etc/passwd", b"root".to_vec()).await;
    let keys = strings_in(
        &pages(
            &client,
            "ListObjectsV2",
            json!({"Bucket": bucket, "Prefix": "pre/"}),
        )
        .await,
        "Contents",
        "Key",
    );
    assert!(keys.contains(&"pre/../escape.txt".to_string()), "{keys:?}");

    let dir = scratch("escape");
    let target = dir.join("inner").join("out");
    let err = TransferManager::new(client)
        .download_dir(&bucket, "pre/", &target)
        .await
        .expect_err("escaping keys must be refused");
    assert!(err.is_validation(), "{err:?}");
    let problems = err.validation_problems().join("\n");
    for key in [
        "pre/../escape.txt",
        "pre/a/../../../up.txt",
        "pre//etc/passwd",
    ] {
        assert!(problems.contains(key), "{key} not named in: {problems}");
    }
    assert!(!problems.contains("fine.txt"));
    assert!(
        tree(&dir).is_empty() && !target.exists(),
        "something was written: {:?}",
        tree(&dir)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn bucket_and_object_download_methods() {
    let s3 = must("s3", ServiceResource::new(&session()));
    let bucket = must(
        "CreateBucket",
        s3.create_bucket().bucket(unique("resdl")).send().await,
    );
    let body = data(20 * 1024 * KIB / 2, 7);
    must(
        "put",
        bucket
            .object("big.bin")
            .put()
            .body(body.clone())
            .send()
            .await,
    );
    let dir = scratch("resdl");
    let out = bucket
        .download_file("big.bin", dir.join("via-bucket.bin"))
        .await
        .unwrap();
    assert_eq!(out.parts, 2, "10 MiB in boto3's 8 MiB parts");
    assert_eq!(std::fs::read(dir.join("via-bucket.bin")).unwrap(), body);

    let object = bucket.object("big.bin");
    object
        .download_file(dir.join("via-object.bin"))
        .config(config())
        .await
        .unwrap();
    assert_eq!(std::fs::read(dir.join("via-object.bin")).unwrap(), body);

    let mut streamed = Vec::new();
    object.download_fileobj(&mut streamed).await.unwrap();
    assert_eq!(streamed, body);
    let mut streamed = Vec::new();
    bucket
        .download_fileobj("big.bin", &mut streamed)
        .await
        .unwrap();
    assert_eq!(streamed, body);

    let mirror = dir.join("mirror");
    let out = bucket.download_dir("", &mirror).await.unwrap();
    assert_eq!(out.files, 1);
    assert_eq!(std::fs::read(mirror.join("big.bin")).unwrap(), body);

    let missing = bucket
        .download_file("nope", dir.join("nope"))
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    assert!(missing.to_string().contains("nope"), "{missing}");
    assert!(!dir.join("nope").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Writes `files` under `dir`.
fn write_tree(dir: &Path, files: &[(&str, Vec<u8>)]) {
    for (rel, body) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
}

async fn a_tree_goes_up_and_comes_back(client: Client) {
    let bucket = bucket(&client).await;
    let dir = scratch("updir");
    let local = dir.join("local");
    let files = source_tree();
    write_tree(&local, &files);
    let manager = TransferManager::new(client.clone()).with_config(config());
    let out = manager
        .upload_dir(&local, &bucket, "backup")
        .exclude("*.tmp")
        .await
        .unwrap();
    assert_eq!(out.files, 4);
    assert_eq!(out.filtered_out, 2);
    let keys = strings_in(
        &pages(&client, "ListObjectsV2", json!({"Bucket": bucket})).await,
        "Contents",
        "Key",
    );
    assert_eq!(
        keys,
        [
            "backup/a.txt",
            "backup/empty.txt",
            "backup/sub/b.bin",
            "backup/sub/deeper/c.log"
        ]
    );
    let back = dir.join("back");
    let out = manager
        .download_dir(&bucket, "backup/", &back)
        .await
        .unwrap();
    assert_eq!(out.files, 4);
    let expected: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .filter(|(k, _)| !k.ends_with(".tmp"))
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    assert_eq!(tree(&back), expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_tree_goes_up_and_comes_back_through_moto() {
    a_tree_goes_up_and_comes_back(client("s3")).await;
}

#[tokio::test]
#[ignore = "needs s3s-fs: scripts/test runs it"]
async fn a_tree_goes_up_and_comes_back_through_s3s() {
    a_tree_goes_up_and_comes_back(s3s_client()).await;
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn bucket_upload_dir_and_bad_patterns() {
    let s3 = must("s3", ServiceResource::new(&session()));
    let bucket = must(
        "CreateBucket",
        s3.create_bucket().bucket(unique("resup")).send().await,
    );
    let dir = scratch("resup");
    write_tree(
        &dir,
        &[("x/y.txt", b"why".to_vec()), ("z.txt", b"zed".to_vec())],
    );
    let out = bucket.upload_dir(&dir, "").await.unwrap();
    assert_eq!((out.files, out.bytes), (2, 6));
    let mut got = Vec::new();
    bucket.download_fileobj("x/y.txt", &mut got).await.unwrap();
    assert_eq!(got, b"why");
    let err = bucket
        .upload_dir(&dir, "p")
        .include("[unclosed")
        .await
        .unwrap_err();
    assert!(
        err.is_validation() && err.to_string().contains("[unclosed"),
        "{err}"
    );
    let err = bucket.upload_dir(dir.join("z.txt"), "p").await.unwrap_err();
    assert!(
        err.is_validation() && err.to_string().contains("not a directory"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_directory_download_with_bad_arguments_sends_nothing() {
    let (client, listener) = unserved_client("s3");
    let dir = scratch("dir-unsent");
    let err = TransferManager::new(client)
        .download_dir("b", "p", dir.join("out"))
        .extra_args(json!({"ACL": "private"}))
        .exclude("[x")
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err:?}");
    assert!(err.to_string().contains("[x"), "{err}");
    let client = unserved_client("s3");
    let err = TransferManager::new(client.0)
        .download_dir("b", "p", dir.join("out"))
        .extra_args(json!({"ACL": "private"}))
        .await
        .unwrap_err();
    assert!(
        err.is_validation() && err.to_string().contains("ACL"),
        "{err}"
    );
    for l in [&listener, &client.1] {
        match l.accept() {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            other => panic!("a request reached the server: {other:?}"),
        }
    }
    assert!(tree(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
