//! A 64 MiB object read through the `Object.get` resource action: its body arrives as a
//! `ByteStream`, compared by SHA-256, with the heap's peak growth measured by a counting
//! allocator while it is read, so the body must flow through rather than be buffered whole.
//! In its own test binary so the allocator watches nothing else.

use rboto_test_support::counting_alloc;
use rboto_test_support::emulator as common;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

use std::io::Write;

use common::*;
use counting_alloc::{allocated, peak_growth_since, reset_peak};
use rboto::s3::ServiceResource;
use rboto::ByteStream;
use serde_json::json;
use sha2::{Digest, Sha256};

const OBJECT_SIZE: usize = 64 * 1024 * 1024;
const CHUNK: usize = 1024 * 1024;
/// A few MiB over the baseline: buffers of the connection and the parser, never the body.
const PEAK_LIMIT: usize = 8 * 1024 * 1024;

/// Writes `OBJECT_SIZE` bytes of a deterministic, incompressible-looking pattern to `path` a
/// chunk at a time, returning their SHA-256.
fn write_object_file(path: &std::path::Path) -> Vec<u8> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create file"));
    let mut hasher = Sha256::new();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
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
async fn object_get_streams_a_64_mib_body_in_bounded_memory() {
    let allocated_before = allocated();
    let probe = std::hint::black_box(vec![1u8; 4 * CHUNK]);
    assert!(
        allocated() - allocated_before >= probe.len(),
        "the counting allocator does not see allocations"
    );
    drop(probe);

    let s3 = must("s3 service resource", ServiceResource::new(&session()));
    let bucket = must(
        "CreateBucket",
        s3.create_bucket().bucket(unique("rbody")).send().await,
    );
    let path = std::env::temp_dir().join(format!("{}.bin", unique("rboto-resource-64mib")));
    let expected = write_object_file(&path);
    let upload = ByteStream::from_path(&path)
        .await
        .unwrap_or_else(|e| panic!("open {}: {e:?}", path.display()));
    let put = client("s3")
        .call_with_body(
            "PutObject",
            json!({ "Bucket": bucket.name(), "Key": "big.bin", "ContentLength": OBJECT_SIZE }),
            upload,
        )
        .await;
    std::fs::remove_file(&path).ok();
    ok("PutObject", put);

    let object = bucket.object("big.bin");
    let baseline = reset_peak();
    let mut got = must("Object.get", object.get().await);
    let after_get = peak_growth_since(baseline);
    assert_eq!(got.content_length, Some(OBJECT_SIZE as i64));
    assert_eq!(got.body.content_length(), Some(OBJECT_SIZE as u64));
    let mut hasher = Sha256::new();
    let mut received = 0usize;
    while let Some(chunk) = got.body.next().await {
        let chunk = chunk.expect("read the object body");
        received += chunk.len();
        hasher.update(&chunk);
    }
    let peak = peak_growth_since(baseline);

    assert_eq!(received, OBJECT_SIZE);
    assert_eq!(
        hasher.finalize().to_vec(),
        expected,
        "bytes changed on the way"
    );
    eprintln!(
        "Object.get 64 MiB: peak heap growth {:.2} MiB when the response arrived, {:.2} MiB \
         after reading the body",
        after_get as f64 / 1048576.0,
        peak as f64 / 1048576.0
    );
    assert!(
        peak < PEAK_LIMIT,
        "Object.get held {peak} bytes at its peak"
    );
}
