//! A 1 GiB managed upload to s3s-fs in release mode (`scripts/test` runs
//! `cargo test --release -p rboto-s3-transfer --test transfer_large`), with the heap's peak
//! growth measured by a counting allocator and the throughput printed beside what the server
//! absorbs from one plain streamed PutObject and from ten in parallel (the ceiling). The
//! content is compared by SHA-256 after a GetObject. Set `RBOTO_LARGE_MIB` for another size.
//!
//! In its own test binary so the allocator watches nothing else; ignored in debug builds.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures::future::try_join_all;
use rboto_runtime::{ByteStream, Client, Credentials, Session};
use rboto_s3_transfer::transfer::{Progress, ProgressEvent, TransferConfig, TransferManager};
use serde_json::json;
use sha2::{Digest, Sha256};

mod large_cleanup;

use rboto_test_support::counting_alloc;
use rboto_test_support::models::model_at;

use counting_alloc::{peak_growth_since, reset_peak};
use large_cleanup::no_room;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

const MIB: u64 = 1024 * 1024;

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run with scripts/test, or eval \"$(scripts/s3s start)\" first")
    })
}

fn s3s_client() -> Client {
    let model = model_at("s3", "2006-03-01");
    Session::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            var("RBOTO_S3S_ACCESS_KEY"),
            var("RBOTO_S3S_SECRET_KEY"),
            None,
        ))
        .endpoint_url(var("RBOTO_S3S_ENDPOINT"))
        .build()
        .client(model)
        .expect("S3 client")
}

/// Writes `len` pseudo-random bytes to `path` and returns their SHA-256.
fn write_file(path: &std::path::Path, len: u64) -> Vec<u8> {
    let mut file = std::io::BufWriter::with_capacity(
        MIB as usize,
        std::fs::File::create(path).unwrap_or_else(|e| no_room(path, e)),
    );
    let mut hasher = Sha256::new();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut chunk = vec![0u8; MIB as usize];
    let mut left = len;
    while left > 0 {
        for word in chunk.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        let n = left.min(MIB) as usize;
        file.write_all(&chunk[..n])
            .unwrap_or_else(|e| no_room(path, e));
        hasher.update(&chunk[..n]);
        left -= n as u64;
    }
    file.flush().unwrap_or_else(|e| no_room(path, e));
    hasher.finalize().to_vec()
}

fn mib_per_s(len: u64, seconds: f64) -> f64 {
    len as f64 / MIB as f64 / seconds
}

#[tokio::test(flavor = "multi_thread")]
#[cfg_attr(
    debug_assertions,
    ignore = "1 GiB: run in release, as scripts/test does"
)]
async fn a_gibibyte_upload_is_fast_and_memory_stays_bounded() {
    let len = std::env::var("RBOTO_LARGE_MIB")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1024)
        * MIB;
    let client = s3s_client();
    let bucket = format!("large-{}", std::process::id());
    client
        .call("CreateBucket", json!({"Bucket": bucket}))
        .await
        .expect("CreateBucket");
    let path = std::env::temp_dir().join(format!("rboto-large-{}.bin", std::process::id()));
    large_cleanup::with_cleanup(
        &client,
        &bucket,
        &path,
        upload_and_measure(&client, &bucket, &path, len),
    )
    .await;
}

/// The upload test proper; [`large_cleanup::with_cleanup`] removes what it leaves.
async fn upload_and_measure(client: &Client, bucket: &str, path: &std::path::Path, len: u64) {
    let (client, bucket, path) = (client.clone(), bucket.to_string(), path.to_path_buf());
    let expected = write_file(&path, len);

    // The ceiling: what s3s-fs absorbs from one plain streamed PutObject, and from ten at once
    // (ranges of the file, no checksums), on this machine, now.
    let started = Instant::now();
    let body = ByteStream::from_path(&path).await.expect("file body");
    client
        .call_with_body("PutObject", json!({"Bucket": bucket, "Key": "plain"}), body)
        .await
        .expect("plain PutObject");
    let plain = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let slice = len.div_ceil(10);
    let puts = (0..10u64).map(|i| {
        let (client, bucket, path) = (client.clone(), bucket.clone(), path.clone());
        async move {
            let offset = i * slice;
            let body = ByteStream::from_path_range(&path, offset, slice.min(len - offset)).await?;
            client
                .call_with_body(
                    "PutObject",
                    json!({"Bucket": bucket, "Key": format!("slice-{i}")}),
                    body,
                )
                .await
        }
    });
    try_join_all(puts).await.expect("parallel PutObjects");
    let parallel = started.elapsed().as_secs_f64();
    // The ceiling's objects go before the managed upload, so the server holds one copy at a time.
    for key in std::iter::once("plain".to_string()).chain((0..10).map(|i| format!("slice-{i}"))) {
        client
            .call("DeleteObject", json!({"Bucket": bucket, "Key": key}))
            .await
            .expect("DeleteObject");
    }

    let config = TransferConfig::default();
    let bound = 2 * config.max_concurrency() as u64 * config.part_size_for(len).unwrap();
    let manager = TransferManager::new(client.clone()).with_config(config);
    let baseline = reset_peak();
    let started = Instant::now();
    let last_part = Arc::new(Mutex::new(started));
    let seen = last_part.clone();
    let progress = Progress::callback(move |e: &ProgressEvent| {
        if matches!(e, ProgressEvent::PartDone { .. }) {
            *seen.lock().unwrap() = Instant::now();
        }
    });
    let out = manager
        .upload_file(&path, &bucket, "managed")
        .progress(progress)
        .await
        .expect("managed upload");
    let managed = started.elapsed().as_secs_f64();
    let parts_done = (*last_part.lock().unwrap() - started).as_secs_f64();
    let peak = peak_growth_since(baseline) as u64;
    assert_eq!(out.size, len);

    let (_, mut body) = client
        .call_streaming("GetObject", json!({"Bucket": bucket, "Key": "managed"}))
        .await
        .expect("GetObject");
    let mut hasher = Sha256::new();
    let mut got = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.expect("body chunk");
        got += chunk.len() as u64;
        hasher.update(&chunk);
    }
    assert_eq!(got, len);
    assert_eq!(hasher.finalize().to_vec(), expected, "content differs");

    println!(
        "transfer_large: {} MiB to s3s-fs: managed upload_file {:.2} s = {:.0} MiB/s ({} parts, \
         CRC32 on every part; parts all sent after {:.2} s = {:.0} MiB/s, the rest is \
         CompleteMultipartUpload); plain streamed PutObject {:.2} s = {:.0} MiB/s; 10 parallel \
         PutObjects {:.2} s = {:.0} MiB/s; managed/best ceiling = {:.0}%; peak heap growth {:.1} \
         MiB (bound {} MiB)",
        len / MIB,
        managed,
        mib_per_s(len, managed),
        out.parts,
        parts_done,
        mib_per_s(len, parts_done),
        plain,
        mib_per_s(len, plain),
        parallel,
        mib_per_s(len, parallel),
        100.0 * plain.min(parallel) / managed,
        peak as f64 / MIB as f64,
        bound / MIB,
    );
    assert!(
        peak <= bound,
        "peak heap growth {peak} bytes exceeds 2 x concurrency x part size = {bound}"
    );
    // A file's parts stream from the file: not even one part is held in memory.
    let part_size = TransferConfig::default().part_size_for(len).unwrap();
    assert!(
        peak < part_size,
        "peak heap growth {peak} bytes: a part of {part_size} bytes was held in memory"
    );
}
