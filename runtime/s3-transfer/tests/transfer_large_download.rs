//! A 1 GiB object downloaded from s3s-fs on loopback with boto3's default configuration
//! (8 MiB parts, 10 at once): to a file (parallel ranged GETs, positional writes, CRC32
//! verified by combining the parts' CRCs) and to an ordered writer, compared by SHA-256, with
//! throughput and the heap's peak growth measured by a counting allocator. A single streamed
//! GetObject into a file is measured beside them as the baseline.
//!
//! Run in release mode against a running s3s-fs (`scripts/test` does both):
//! `cargo test --release -p rboto-s3-transfer --test transfer_large_download -- --nocapture`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use base64::Engine;
use rboto_runtime::{ByteStream, Client, Credentials, Session};
use rboto_s3_transfer::transfer::{ChecksumAlgorithm, TransferConfig, TransferManager};
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
const SIZE: u64 = 1024 * MIB;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run with scripts/test, or eval \"$(scripts/s3s start)\" first")
    })
}

fn s3s_client() -> Client {
    let model = model_at("s3", "2006-03-01");
    Session::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            env("RBOTO_S3S_ACCESS_KEY"),
            env("RBOTO_S3S_SECRET_KEY"),
            None,
        ))
        .endpoint_url(env("RBOTO_S3S_ENDPOINT"))
        .build()
        .client(model)
        .expect("an S3 client")
}

/// Writes `SIZE` pseudo-random bytes; returns their SHA-256 and base64 CRC32.
fn write_source(path: &Path) -> (Vec<u8>, String) {
    let mut file =
        std::io::BufWriter::new(std::fs::File::create(path).unwrap_or_else(|e| no_room(path, e)));
    let mut sha = Sha256::new();
    let mut crc = crc32fast::Hasher::new();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut chunk = vec![0u8; MIB as usize];
    for _ in 0..SIZE / MIB {
        for word in chunk.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        sha.update(&chunk);
        crc.update(&chunk);
        file.write_all(&chunk).unwrap_or_else(|e| no_room(path, e));
    }
    file.flush().unwrap_or_else(|e| no_room(path, e));
    let crc = base64::engine::general_purpose::STANDARD.encode(crc.finalize().to_be_bytes());
    (sha.finalize().to_vec(), crc)
}

fn sha_of(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).unwrap();
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; MIB as usize];
    loop {
        let n = file.read(&mut buf).unwrap();
        if n == 0 {
            return sha.finalize().to_vec();
        }
        sha.update(&buf[..n]);
    }
}

fn mib_per_s(bytes: u64, seconds: f64) -> f64 {
    bytes as f64 / MIB as f64 / seconds
}

/// Hashes what it is given, holding nothing.
struct HashingWriter(Sha256);

impl tokio::io::AsyncWrite for HashingWriter {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.0.update(buf);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(debug_assertions, ignore = "1 GiB: run in release mode")]
async fn one_gib_downloads_fast_with_bounded_memory() {
    let client = s3s_client();
    let dir: PathBuf = std::env::temp_dir().join(format!("rboto-large-dl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bucket = format!("large-dl-{}", std::process::id());
    client
        .call("CreateBucket", json!({"Bucket": bucket}))
        .await
        .unwrap();
    large_cleanup::with_cleanup(
        &client,
        &bucket,
        &dir,
        download_and_measure(&client, &bucket, &dir),
    )
    .await;
}

/// The download test proper; [`large_cleanup::with_cleanup`] removes what it leaves.
async fn download_and_measure(client: &Client, bucket: &str, dir: &Path) {
    let (client, bucket) = (client.clone(), bucket.to_string());
    let source = dir.join("source.bin");
    let (want, crc) = write_source(&source);
    client
        .call_with_body(
            "PutObject",
            json!({"Bucket": bucket, "Key": "big", "ChecksumAlgorithm": "CRC32",
                   "ChecksumCRC32": crc}),
            ByteStream::from_path(&source).await.unwrap(),
        )
        .await
        .unwrap();
    std::fs::remove_file(&source).unwrap();

    let config = TransferConfig::default();
    let budget = 2 * config.max_concurrency() as u64 * config.multipart_chunksize();
    let manager = TransferManager::new(client.clone()).with_config(config);

    // Baseline: one streamed GetObject into a file.
    let plain = dir.join("plain.bin");
    let start = Instant::now();
    let (_, body) = client
        .call_streaming("GetObject", json!({"Bucket": bucket, "Key": "big"}))
        .await
        .unwrap();
    body.write_to_path(&plain).await.unwrap();
    let single = start.elapsed().as_secs_f64();
    std::fs::remove_file(&plain).unwrap();

    let target = dir.join("big.bin");
    let baseline = reset_peak();
    let start = Instant::now();
    let out = manager
        .download_file(&bucket, "big", &target)
        .await
        .unwrap();
    let to_file = start.elapsed().as_secs_f64();
    let file_peak = peak_growth_since(baseline) as u64;
    assert_eq!(out.bytes, SIZE);
    assert_eq!(out.parts, 128);
    assert_eq!(out.verified, Some(ChecksumAlgorithm::Crc32));
    assert_eq!(sha_of(&target), want, "the downloaded file differs");
    std::fs::remove_file(&target).unwrap();

    let baseline = reset_peak();
    let start = Instant::now();
    let mut writer = HashingWriter(Sha256::new());
    manager.download(&bucket, "big", &mut writer).await.unwrap();
    let to_writer = start.elapsed().as_secs_f64();
    let writer_peak = peak_growth_since(baseline) as u64;
    assert_eq!(
        writer.0.finalize().to_vec(),
        want,
        "the streamed content differs"
    );

    println!(
        "1 GiB from s3s-fs: single GetObject to file {:.0} MiB/s; download_file {:.0} MiB/s \
         (peak heap +{:.1} MiB); download to writer {:.0} MiB/s (peak heap +{:.1} MiB); \
         budget 2 x concurrency x part size = {} MiB",
        mib_per_s(SIZE, single),
        mib_per_s(SIZE, to_file),
        file_peak as f64 / MIB as f64,
        mib_per_s(SIZE, to_writer),
        writer_peak as f64 / MIB as f64,
        budget / MIB
    );
    assert!(file_peak < budget, "download_file peak {file_peak} bytes");
    assert!(
        writer_peak < budget,
        "ordered download peak {writer_peak} bytes"
    );
}
