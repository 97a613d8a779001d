//! `Client::prepare` shows what a call sends: a real call to a loopback peer must carry the
//! very body and encoding the dry run showed, gzip-compressed where the model asks for it.

use std::io::Read as _;
use std::sync::{Arc, Mutex};

use rboto_runtime::model::ServiceModel;
use rboto_runtime::session::{Config, Credentials, Session};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The head and body of the one request a peer received.
type Seen = Arc<Mutex<Option<(String, Vec<u8>)>>>;

/// A loopback peer that records one request and answers it with `reply` (an awsJson body).
async fn peer(reply: &'static str) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        let end = loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break end;
            }
            let n = socket.read(&mut chunk).await.unwrap();
            assert!(n > 0, "the client closed the connection early");
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let length = header(&head, "content-length")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        while buf.len() < end + 4 + length {
            let n = socket.read(&mut chunk).await.unwrap();
            assert!(n > 0, "the client closed the connection early");
            buf.extend_from_slice(&chunk[..n]);
        }
        *log.lock().unwrap() = Some((head, buf[end + 4..end + 4 + length].to_vec()));
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: {}\r\n\r\n{reply}",
            reply.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
    });
    (url, seen)
}

fn header(head: &str, name: &str) -> Option<String> {
    head.lines().skip(1).find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}

fn model(service: &str, version: &str) -> ServiceModel {
    let dir = format!(
        "{}/../resource-models/models/{service}/{version}",
        env!("CARGO_MANIFEST_DIR")
    );
    ServiceModel::from_dir(service, dir).unwrap()
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
    let (url, seen) = peer("{}").await;
    let config = Config::builder()
        .request_min_compression_size_bytes(1)
        .build();
    let cloudwatch = session(&url)
        .client_with_config(model("cloudwatch", "2010-08-01"), config)
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
    let (head, body) = seen.lock().unwrap().take().expect("the peer got a request");
    assert!(head.starts_with("POST / HTTP/1.1"), "{head}");
    assert_eq!(header(&head, "content-encoding").as_deref(), Some("gzip"));
    assert!(header(&head, "authorization").is_some());
    assert_eq!(&body[..], &prepared.body()[..]);
}

#[tokio::test]
async fn small_or_disabled_bodies_are_sent_plain() {
    let cloudwatch = session("https://monitoring.example.com")
        .client(model("cloudwatch", "2010-08-01"))
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
        .client_with_config(model("cloudwatch", "2010-08-01"), off)
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
        .client_with_config(model("ec2", "2016-11-15"), config)
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
