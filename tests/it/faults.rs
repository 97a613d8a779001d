//! Fault injection: a real loopback proxy (`fault_proxy`) in front of moto answers scripted
//! requests with 500/503s, throttling errors, connection resets, stalls and truncated
//! bodies, and forwards the rest. The tests count the attempts the proxy saw to check each
//! retry mode's rules, the attempt count in the final error, that non-replayable bodies are
//! sent once, and the retry quota's arithmetic (500 tokens, 14 per retry, 5 per throttling
//! retry, 1 back per first-try success, the retry's cost back on success after a retry).
//!
//! Needs moto's server in `RBOTO_TEST_ENDPOINT` (started by `scripts/test`); fails without.

use crate::common;
use rboto_test_support::fault_proxy;

use std::time::{Duration, Instant};

use fault_proxy::{FaultProxy, Step};
use futures::stream;
use rboto::{ByteStream, Client, Config, Credentials, RetryMode, Session};
use serde_json::json;

async fn proxy() -> FaultProxy {
    FaultProxy::start(&common::endpoint()).await
}

fn client_via(proxy: &FaultProxy, service: &str, config: Config) -> Client {
    Session::builder()
        .region("us-east-1")
        .credentials(Credentials::new("testing", "testing", None))
        .endpoint_url(proxy.url())
        .config(config)
        .build()
        .client(common::model(service))
        .unwrap()
}

fn standard() -> Config {
    Config::builder().build()
}

fn adaptive() -> Config {
    Config::builder().retry_mode(RetryMode::Adaptive).build()
}

/// The attempt numbers the client announced in `amz-sdk-request`, in order.
fn announced_attempts(proxy: &FaultProxy) -> Vec<String> {
    proxy
        .seen()
        .iter()
        .map(|s| s.header("amz-sdk-request").unwrap_or("-").to_string())
        .collect()
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn transient_errors_are_retried_then_succeed() {
    for config in [standard(), adaptive()] {
        let proxy = proxy().await;
        proxy.script([
            Step::json_error(500, "InternalFailure"),
            Step::json_error(503, "ServiceUnavailable"),
        ]);
        let sqs = client_via(&proxy, "sqs", config);
        let out = sqs.call("ListQueues", json!({})).await.unwrap();
        assert_eq!(proxy.count(), 3);
        assert_eq!(out["ResponseMetadata"]["RetryAttempts"], 2);
        assert_eq!(
            announced_attempts(&proxy),
            ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]
        );
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn user_agent_names_rboto_the_retry_mode_and_the_extra() {
    let proxy = proxy().await;
    let config = Config::builder()
        .retry_mode(RetryMode::Adaptive)
        .user_agent_extra("my-tool/2.0")
        .user_agent_appid("shop")
        .build();
    let sqs = client_via(&proxy, "sqs", config);
    sqs.call("ListQueues", json!({})).await.unwrap();
    let agent = proxy.seen()[0].header("user-agent").unwrap().to_string();
    assert!(agent.starts_with("rboto/"), "{agent}");
    assert!(
        agent.contains(" ua/2.1 ") && agent.contains(" lang/rust"),
        "{agent}"
    );
    assert!(agent.contains(" cfg/retry-mode#adaptive"), "{agent}");
    assert!(
        agent.contains(" app/shop") && agent.ends_with(" my-tool/2.0"),
        "{agent}"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn persistent_failures_give_up_after_max_attempts_with_the_count() {
    for config in [standard(), adaptive()] {
        let proxy = proxy().await;
        proxy.fallback(Some(Step::json_error(500, "InternalFailure")));
        let sqs = client_via(&proxy, "sqs", config);
        let err = sqs.call("ListQueues", json!({})).await.unwrap_err();
        assert_eq!(proxy.count(), 3, "standard mode makes 3 attempts");
        assert_eq!(err.attempts(), 3);
        let shown = err.to_string();
        assert!(
            shown.contains("InternalFailure") && shown.contains("after 3 attempts"),
            "{shown}"
        );
    }
    let proxy = proxy().await;
    proxy.fallback(Some(Step::json_error(500, "InternalServerError")));
    let ddb = client_via(&proxy, "dynamodb", standard());
    let err = ddb.call("ListTables", json!({})).await.unwrap_err();
    assert_eq!(proxy.count(), 4, "DynamoDB's default is 4 attempts");
    assert_eq!(err.attempts(), 4);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn client_errors_are_not_retried() {
    let proxy = proxy().await;
    proxy.script([Step::json_error(400, "AccessDenied")]);
    let sqs = client_via(&proxy, "sqs", standard());
    let err = sqs.call("ListQueues", json!({})).await.unwrap_err();
    assert_eq!(proxy.count(), 1);
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.code(), Some("AccessDenied"));
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn throttling_errors_are_retried_with_the_throttling_backoff() {
    let proxy = proxy().await;
    proxy.script([Step::dynamodb_throttling()]);
    let ddb = client_via(&proxy, "dynamodb", standard());
    ddb.call("ListTables", json!({})).await.unwrap();
    assert_eq!(proxy.count(), 2);

    let proxy = self::proxy().await;
    proxy.fallback(Some(Step::s3_slow_down()));
    let s3 = client_via(&proxy, "s3", Config::builder().max_attempts(2).build());
    let err = s3.call("ListBuckets", json!({})).await.unwrap_err();
    assert_eq!(proxy.count(), 2);
    assert!(err.is_throttling(), "{err}");
    assert_eq!(err.code(), Some("SlowDown"));
    assert_eq!(err.attempts(), 2);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn retry_after_header_sets_the_wait() {
    let proxy = proxy().await;
    proxy.script([Step::Respond {
        status: 503,
        headers: vec![
            ("content-type".into(), "application/x-amz-json-1.0".into()),
            ("x-amz-retry-after".into(), "1200".into()),
        ],
        body: r#"{"__type":"ServiceUnavailable","message":"wait"}"#.into(),
    }]);
    let sqs = client_via(&proxy, "sqs", standard());
    sqs.call("ListQueues", json!({})).await.unwrap();
    let seen = proxy.seen();
    assert_eq!(seen.len(), 2);
    let gap = seen[1].at - seen[0].at;
    assert!(gap >= Duration::from_millis(1200), "waited {gap:?}");
    assert!(gap < Duration::from_millis(3000), "waited {gap:?}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn connection_resets_and_truncated_bodies_are_retried() {
    let proxy = proxy().await;
    proxy.script([Step::Reset, Step::Truncate]);
    let sqs = client_via(&proxy, "sqs", standard());
    let out = sqs.call("ListQueues", json!({})).await.unwrap();
    assert_eq!(proxy.count(), 3);
    assert_eq!(out["ResponseMetadata"]["RetryAttempts"], 2);

    let proxy = self::proxy().await;
    proxy.fallback(Some(Step::Reset));
    let sqs = client_via(&proxy, "sqs", standard());
    let err = sqs.call("ListQueues", json!({})).await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(proxy.count(), 3);
    assert_eq!(err.attempts(), 3);
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn stalls_hit_the_read_timeout_and_are_retried() {
    let quick = || Config::builder().read_timeout(Duration::from_millis(300));
    let proxy = proxy().await;
    proxy.script([Step::Stall(Duration::from_secs(3))]);
    let sqs = client_via(&proxy, "sqs", quick().build());
    sqs.call("ListQueues", json!({})).await.unwrap();
    assert_eq!(proxy.count(), 2);

    let proxy = self::proxy().await;
    proxy.fallback(Some(Step::Stall(Duration::from_secs(3))));
    let sqs = client_via(&proxy, "sqs", quick().max_attempts(2).build());
    let started = Instant::now();
    let err = sqs.call("ListQueues", json!({})).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), 2);
    assert_eq!(proxy.count(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn non_replayable_bodies_are_sent_once() {
    let proxy = proxy().await;
    let s3 = client_via(&proxy, "s3", standard());
    let bucket = common::unique("faults");
    s3.call("CreateBucket", json!({"Bucket": bucket}))
        .await
        .unwrap();
    proxy.clear_seen();

    proxy.script([Step::s3_error(500, "InternalError")]);
    let chunks = stream::iter(vec![Ok::<_, std::io::Error>(bytes::Bytes::from_static(
        b"streamed body",
    ))]);
    let body = ByteStream::from_stream(chunks, 13);
    let err = s3
        .call_with_body("PutObject", json!({"Bucket": bucket, "Key": "once"}), body)
        .await
        .unwrap_err();
    assert_eq!(proxy.count(), 1, "a stream cannot be sent twice");
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.code(), Some("InternalError"));

    proxy.clear_seen();
    proxy.script([Step::s3_error(500, "InternalError")]);
    let body = ByteStream::from_bytes(&b"bytes in memory"[..]);
    s3.call_with_body("PutObject", json!({"Bucket": bucket, "Key": "twice"}), body)
        .await
        .unwrap();
    let puts: Vec<_> = proxy
        .seen()
        .into_iter()
        .filter(|s| s.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 2, "bytes in memory are sent again");
    assert_eq!(puts[1].body_len, 15);
    let got = s3
        .call("GetObject", json!({"Bucket": bucket, "Key": "twice"}))
        .await
        .unwrap();
    assert!(got["Body"].is_string());
}

/// Makes failing calls until one is not retried, returning how many calls were retried.
async fn drain(sqs: &Client, proxy: &FaultProxy) -> usize {
    let mut retried = 0;
    loop {
        proxy.clear_seen();
        let err = sqs.call("ListQueues", json!({})).await.unwrap_err();
        match proxy.count() {
            2 => retried += 1,
            1 => {
                assert_eq!(err.attempts(), 1);
                return retried;
            }
            n => panic!("{n} attempts with max_attempts 2"),
        }
        assert!(retried < 100, "the quota never ran out");
    }
}

async fn attempts_of_failing_call(sqs: &Client, proxy: &FaultProxy, step: Step) -> usize {
    proxy.clear_seen();
    proxy.fallback(Some(step));
    sqs.call("ListQueues", json!({})).await.unwrap_err();
    proxy.count()
}

async fn succeed(sqs: &Client, proxy: &FaultProxy, times: usize) {
    proxy.fallback(None);
    for _ in 0..times {
        sqs.call("ListQueues", json!({})).await.unwrap();
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_burst_drains_the_quota_and_successes_refill_it() {
    for config in [
        Config::builder().max_attempts(2).build(),
        Config::builder()
            .max_attempts(2)
            .retry_mode(RetryMode::Adaptive)
            .build(),
    ] {
        let proxy = proxy().await;
        let sqs = client_via(&proxy, "sqs", config);
        let server_error = Step::json_error(500, "InternalFailure");
        proxy.fallback(Some(server_error.clone()));
        // 500 tokens pay for 35 retries at 14; 10 are left.
        assert_eq!(drain(&sqs, &proxy).await, 35);
        // Each first-try success gives 1 back: 13 tokens cannot pay 14, 14 can.
        succeed(&sqs, &proxy, 3).await;
        assert_eq!(
            attempts_of_failing_call(&sqs, &proxy, server_error.clone()).await,
            1
        );
        succeed(&sqs, &proxy, 1).await;
        assert_eq!(
            attempts_of_failing_call(&sqs, &proxy, server_error.clone()).await,
            2
        );
        // 0 left. A success after a retry refunds that retry's cost: fill to 14 first.
        succeed(&sqs, &proxy, 14).await;
        proxy.clear_seen();
        proxy.fallback(None);
        proxy.script([server_error.clone()]);
        sqs.call("ListQueues", json!({})).await.unwrap();
        assert_eq!(proxy.count(), 2, "14 tokens pay for the retry");
        assert_eq!(
            attempts_of_failing_call(&sqs, &proxy, server_error.clone()).await,
            2,
            "the retry's 14 came back with the success"
        );
        // 0 left again; throttling retries cost 5: 10 tokens pay for exactly two.
        succeed(&sqs, &proxy, 10).await;
        let throttled = Step::json_error(400, "ThrottlingException");
        assert_eq!(
            attempts_of_failing_call(&sqs, &proxy, server_error.clone()).await,
            1
        );
        assert_eq!(
            attempts_of_failing_call(&sqs, &proxy, throttled.clone()).await,
            2
        );
        assert_eq!(
            attempts_of_failing_call(&sqs, &proxy, throttled.clone()).await,
            2
        );
        assert_eq!(attempts_of_failing_call(&sqs, &proxy, throttled).await, 1);
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn clients_have_their_own_quota() {
    let proxy = proxy().await;
    let config = Config::builder().max_attempts(2).build();
    let first = client_via(&proxy, "sqs", config.clone());
    proxy.fallback(Some(Step::json_error(500, "InternalFailure")));
    assert_eq!(drain(&first, &proxy).await, 35);
    let second = client_via(&proxy, "sqs", config);
    assert_eq!(
        attempts_of_failing_call(&second, &proxy, Step::json_error(500, "InternalFailure")).await,
        2
    );
    let clone = first.clone();
    assert_eq!(
        attempts_of_failing_call(&clone, &proxy, Step::json_error(500, "InternalFailure")).await,
        1,
        "clones share the quota"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn adaptive_mode_slows_sending_after_throttling() {
    async fn time_calls(sqs: &Client, calls: usize) -> Duration {
        let start = Instant::now();
        for _ in 0..calls {
            sqs.call("ListQueues", json!({})).await.unwrap();
        }
        start.elapsed()
    }
    let throttle = Step::json_error(400, "ThrottlingException");

    let proxy = proxy().await;
    let sqs = client_via(&proxy, "sqs", standard());
    proxy.script([throttle.clone()]);
    sqs.call("ListQueues", json!({})).await.unwrap();
    let unlimited = time_calls(&sqs, 4).await;

    let proxy = self::proxy().await;
    let sqs = client_via(&proxy, "sqs", adaptive());
    proxy.script([throttle]);
    sqs.call("ListQueues", json!({})).await.unwrap();
    assert_eq!(
        proxy.count(),
        2,
        "adaptive mode retries throttling like standard"
    );
    let limited = time_calls(&sqs, 4).await;
    assert!(
        unlimited < Duration::from_millis(800),
        "standard mode took {unlimited:?}"
    );
    assert!(
        limited > Duration::from_secs(1),
        "after throttling, adaptive mode sends at its reduced rate (took {limited:?})"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn legacy_mode_follows_its_own_list() {
    let legacy = || Config::builder().retry_mode(RetryMode::Legacy);
    assert_eq!(legacy().build().attempts_for("sqs"), 5);
    assert_eq!(legacy().build().attempts_for("dynamodb"), 10);
    // 509 is on legacy's list, not on standard's.
    let proxy = proxy().await;
    proxy.fallback(Some(Step::json_error(509, "BandwidthLimitExceeded")));
    let sqs = client_via(&proxy, "sqs", legacy().max_attempts(3).build());
    let err = sqs.call("ListQueues", json!({})).await.unwrap_err();
    assert_eq!(proxy.count(), 3);
    assert_eq!(err.attempts(), 3);
    let proxy = self::proxy().await;
    proxy.fallback(Some(Step::json_error(509, "Unlisted")));
    let sqs = client_via(&proxy, "sqs", standard());
    sqs.call("ListQueues", json!({})).await.unwrap_err();
    assert_eq!(proxy.count(), 1);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_concurrent_throttling_burst_spends_the_quota_five_tokens_a_retry() {
    let proxy = proxy().await;
    let throttled = Step::dynamodb_throttling();
    proxy.fallback(Some(throttled.clone()));
    let ddb = client_via(
        &proxy,
        "dynamodb",
        Config::builder().max_attempts(2).build(),
    );
    let calls = (0..120).map(|_| {
        let ddb = ddb.clone();
        tokio::spawn(async move { ddb.call("ListTables", json!({})).await.unwrap_err() })
    });
    let errors = futures::future::join_all(calls).await;
    let retried = errors
        .iter()
        .map(|e| e.as_ref().unwrap().attempts())
        .filter(|&attempts| attempts == 2)
        .count();
    assert_eq!(
        retried, 100,
        "500 tokens pay for 100 throttling retries at 5"
    );
    assert_eq!(proxy.count(), 220);
    assert!(errors.iter().all(|e| e.as_ref().unwrap().is_throttling()));
    // Five first-try successes give back 5 tokens: one more throttling retry, not two.
    succeed_ddb(&ddb, &proxy, 5).await;
    assert_eq!(
        attempts_of_ddb_call(&ddb, &proxy, throttled.clone()).await,
        2
    );
    assert_eq!(attempts_of_ddb_call(&ddb, &proxy, throttled).await, 1);
}

async fn succeed_ddb(ddb: &Client, proxy: &FaultProxy, times: usize) {
    proxy.fallback(None);
    for _ in 0..times {
        ddb.call("ListTables", json!({})).await.unwrap();
    }
}

async fn attempts_of_ddb_call(ddb: &Client, proxy: &FaultProxy, step: Step) -> usize {
    proxy.clear_seen();
    proxy.fallback(Some(step));
    ddb.call("ListTables", json!({})).await.unwrap_err();
    proxy.count()
}
