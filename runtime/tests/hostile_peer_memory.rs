//! A 300 MiB answer to a call whose output is not streamed: the call fails with a clear
//! error once the body passes `Config::max_response_body_bytes`, and the process never holds
//! more than that limit plus a small constant. Its own test binary, so the counting
//! allocator and the process's peak RSS see this test alone.

#[path = "it/hostile_server.rs"]
mod hostile_server;

use rboto_test_support::counting_alloc;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

use hostile_server::{client, config, serve, Answer};
use rboto_runtime::session::DEFAULT_MAX_RESPONSE_BODY_BYTES;
use serde_json::json;

const MIB: u64 = 1024 * 1024;
/// What a call may hold beyond the body limit: the largest chunk the connection hands over,
/// the client, the parsed model and the runtime's buffers.
const SLACK: u64 = 16 * MIB;

/// The process's resident set now and at its peak (`VmRSS`, `VmHWM`), in bytes.
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().strip_suffix("kB"))
            .map(|kb| kb.trim().parse::<u64>().unwrap() * 1024)
            .unwrap()
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Restarts the process's peak RSS count from its current RSS (Linux's `clear_refs`).
fn reset_rss_peak() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

/// Calls with a 300 MiB body behind `prefix` (sent without a length when `close_delimited`)
/// and a body limit of `limit`; returns the error, the peak heap growth during the call and
/// the process's RSS before it and at its peak.
async fn oversized_call(
    service: &str,
    version: &str,
    operation: &str,
    prefix: &str,
    close_delimited: bool,
    limit: u64,
) -> (String, u64, (u64, u64)) {
    let mut answer = Answer::ok("application/octet-stream", prefix).then_repeat(b'x', 300 * MIB);
    answer.close_delimited = close_delimited;
    let url = serve(answer).await;
    let client = client(
        service,
        version,
        &url,
        config().max_response_body_bytes(limit).build(),
    );
    client.call(operation, json!({})).await.ok();
    reset_rss_peak();
    let (rss_before, _) = rss();
    let baseline = counting_alloc::reset_peak();
    let err = client
        .call(operation, json!({}))
        .await
        .expect_err("a 300 MiB body is over the limit");
    let growth = counting_alloc::peak_growth_since(baseline) as u64;
    let (_, rss_peak) = rss();
    assert!(err.is_response(), "{err}");
    (err.to_string(), growth, (rss_before, rss_peak))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_300_mib_body_fails_at_the_limit_and_memory_stays_flat() {
    let cases = [
        (
            "sts",
            "2011-06-15",
            "GetCallerIdentity",
            "<GetCallerIdentityResponse>",
            8 * MIB,
        ),
        (
            "dynamodb",
            "2012-08-10",
            "ListTables",
            "{\"TableNames\":[\"",
            8 * MIB,
        ),
        (
            "sts",
            "2011-06-15",
            "GetCallerIdentity",
            "<GetCallerIdentityResponse>",
            DEFAULT_MAX_RESPONSE_BODY_BYTES,
        ),
    ];
    for (service, version, operation, prefix, limit) in cases {
        for close_delimited in [false, true] {
            let (err, growth, (rss_before, rss_peak)) =
                oversized_call(service, version, operation, prefix, close_delimited, limit).await;
            let what = if close_delimited {
                "unannounced"
            } else {
                "announced"
            };
            println!(
                "{service} {operation}, 300 MiB {what}, limit {} MiB: heap peak +{:.1} MiB, \
                 process RSS peak {:.1} MiB (from {:.1} MiB)\n  {err}",
                limit / MIB,
                growth as f64 / MIB as f64,
                rss_peak as f64 / MIB as f64,
                rss_before as f64 / MIB as f64,
            );
            assert!(err.contains("larger than the limit"), "{err}");
            assert!(growth < limit + SLACK, "heap grew by {growth} bytes");
            if close_delimited {
                assert!(err.contains("more than"), "{err}");
            } else {
                assert!(err.contains("announced"), "{err}");
                assert!(growth < SLACK, "an announced oversize is refused unread");
            }
            assert!(
                rss_peak < rss_before + limit + SLACK,
                "RSS peaked at {rss_peak} bytes, {rss_before} before"
            );
        }
    }
}
