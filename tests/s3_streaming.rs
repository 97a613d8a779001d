//! A 64 MiB object streamed up to S3 from a file and back down, compared by SHA-256, with the
//! heap's peak growth measured by a counting allocator: bodies must flow through, not pile up.
//! In its own test binary so the allocator watches nothing else.

use rboto_test_support::counting_alloc;
use rboto_test_support::emulator as common;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

use std::io::Write;

use common::*;
use counting_alloc::{allocated, peak_growth_since, reset_peak};
use rboto::ByteStream;
use serde_json::json;
use sha2::{Digest, Sha256};

const OBJECT_SIZE: usize = 64 * 1024 * 1024;
const CHUNK: usize = 1024 * 1024;
const PEAK_LIMIT: usize = 16 * 1024 * 1024;

/// Writes `OBJECT_SIZE` bytes of a deterministic, incompressible-looking pattern to `path` a
/// chunk at a time, returning their SHA-256.
fn write_object_file(path: &std::path::Path) -> Vec<u8> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create file"));
    let mut hasher = Sha256::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut chunk = vec![0u8; CHUNK];
    for _ in 0..OBJECT_SIZE / CHUNK {
        for word in chunk.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        hasher.update(&chunk);
        file.write_all(&chunk).expect("write file");
    }
    file.flush().expect("flush file");
    hasher.finalize().to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto: scripts/test runs it"]
async fn sixty_four_mib_object_streams_up_and_down_in_bounded_memory() {
    let allocated_before = allocated();
    let probe = std::hint::black_box(vec![1u8; 4 * CHUNK]);
    assert!(
        allocated() - allocated_before >= probe.len(),
        "the counting allocator does not see allocations"
    );
    drop(probe);

    let s3 = client("s3");
    let bucket = unique("stream");
    ok(
        "CreateBucket",
        s3.call("CreateBucket", json!({ "Bucket": bucket })).await,
    );

    let path = std::env::temp_dir().join(format!("{}.bin", unique("rboto-64mib")));
    let expected = write_object_file(&path);

    let baseline = reset_peak();
    let body = ByteStream::from_path(&path)
        .await
        .unwrap_or_else(|e| panic!("open {}: {e:?}", path.display()));
    let put = s3
        .call_with_body(
            "PutObject",
            json!({ "Bucket": bucket, "Key": "big.bin", "ContentLength": OBJECT_SIZE }),
            body,
        )
        .await;
    let upload_peak = peak_growth_since(baseline);
    std::fs::remove_file(&path).ok();
    let put = ok("PutObject", put);
    assert!(put["ETag"].is_string(), "{put}");

    let baseline = reset_peak();
    let (out, body) = s3
        .call_streaming("GetObject", json!({ "Bucket": bucket, "Key": "big.bin" }))
        .await
        .unwrap_or_else(|e| panic!("GetObject failed: {e:?}"));
    assert_eq!(out["ContentLength"], json!(OBJECT_SIZE), "{out}");
    let mut hasher = Sha256::new();
    let mut received = 0usize;
    let mut body = body;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.expect("read the object body");
        received += chunk.len();
        hasher.update(&chunk);
    }
    let download_peak = peak_growth_since(baseline);

    assert_eq!(received, OBJECT_SIZE);
    assert_eq!(
        hasher.finalize().to_vec(),
        expected,
        "bytes changed on the way"
    );
    eprintln!(
        "s3 64 MiB: peak heap growth {:.1} MiB up, {:.1} MiB down",
        upload_peak as f64 / 1048576.0,
        download_peak as f64 / 1048576.0
    );
    assert!(
        upload_peak < PEAK_LIMIT,
        "upload held {upload_peak} bytes at its peak"
    );
    assert!(
        download_peak < PEAK_LIMIT,
        "download held {download_peak} bytes at its peak"
    );
}
