//! `Client::prepare` shows what a call sends: a real call to a loopback peer must carry the
//! very body and encoding the dry run showed, gzip-compressed where the model asks for it.

use std::io::Read as _;

use rboto_runtime::session::{Config, Credentials, Session};
use rboto_test_support::loopback::{RecordingPeer, Response};
use rboto_test_support::models::model_at;
use serde_json::json;

/// A loopback peer that records each request and answers it with `reply` (an awsJson body).
async fn peer(reply: &'static str) -> RecordingPeer {
    RecordingPeer::start(move |_| {
        Response::new(200, reply).header("content-type", "application/x-amz-json-1.0")
    })
    .await
}

fn session(url: &str) -> Session {
    Session::builder()
        .credentials(Credentials::new("AKIDTEST", "SECRETTEST", None))
        .region("eu-west-1")
        .endpoint_url(url)
        .build()
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn a_call_sends_the_compressed_body_its_dry_run_shows() {
    let seen = peer("{}").await;
    let config = Config::builder()
        .request_min_compression_size_bytes(1)
        .build();
    let cloudwatch = session(seen.url())
        .client_with_config(model_at("cloudwatch", "2010-08-01"), config)
        .unwrap();
    let params = json!({
        "Namespace": "Test",
        "MetricData": [{"MetricName": "Hits", "Value": 1.0}]
    });

    let prepared = cloudwatch.prepare("PutMetricData", params.clone()).unwrap();
    assert_eq!(prepared.method(), "POST");
    assert_eq!(prepared.headers()["content-encoding"], "gzip");
    assert!(prepared.headers().get("authorization").is_none());
    let plain = String::from_utf8(gunzip(prepared.body())).unwrap();
    let sent: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(sent["Namespace"], "Test", "{plain}");

    cloudwatch.call("PutMetricData", params).await.unwrap();
    let requests = seen.requests();
    assert_eq!(requests.len(), 1, "the peer got the one request");
    let sent = &requests[0];
    assert!(sent.head.starts_with("POST / HTTP/1.1"), "{}", sent.head);
    assert_eq!(sent.header("content-encoding"), Some("gzip"));
    assert!(sent.header("authorization").is_some());
    assert_eq!(&sent.body[..], &prepared.body()[..]);
}

#[tokio::test]
async fn small_or_disabled_bodies_are_sent_plain() {
    let cloudwatch = session("https://monitoring.example.com")
        .client(model_at("cloudwatch", "2010-08-01"))
        .unwrap();
    let params = json!({"Namespace": "Test", "MetricData": [{"MetricName": "Hits"}]});
    let prepared = cloudwatch.prepare("PutMetricData", params.clone()).unwrap();
    assert!(prepared.headers().get("content-encoding").is_none());
    assert!(prepared.body().starts_with(b"{\"Namespace\":\"Test\""));
    assert_eq!(prepared.url(), "https://monitoring.example.com/");

    let off = Config::builder()
        .request_min_compression_size_bytes(1)
        .disable_request_compression(true)
        .build();
    let cloudwatch = session("https://monitoring.example.com")
        .client_with_config(model_at("cloudwatch", "2010-08-01"), off)
        .unwrap();
    let prepared = cloudwatch.prepare("PutMetricData", params).unwrap();
    assert!(prepared.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn injected_idempotency_tokens_fill_what_the_caller_leaves_out() {
    let config = Config::builder()
        .idempotency_token_generator(|| "token-1".to_string())
        .build();
    let ec2 = session("https://ec2.example.com")
        .client_with_config(model_at("ec2", "2016-11-15"), config)
        .unwrap();
    let params = json!({"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1});
    let prepared = ec2.prepare("RunInstances", params).unwrap();
    let body = String::from_utf8(prepared.body().to_vec()).unwrap();
    assert!(body.contains("&ClientToken=token-1"), "{body}");

    let given = json!({"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1, "ClientToken": "mine"});
    let prepared = ec2.prepare("RunInstances", given).unwrap();
    let body = String::from_utf8(prepared.body().to_vec()).unwrap();
    assert!(body.contains("&ClientToken=mine"), "{body}");
}
