//! Calls answered by a hostile loopback peer end in a clear, catchable error, in time: XML
//! nested deep enough to exhaust a recursive reader's stack, 200 answers whose body is not the
//! protocol's format at all, bodies over the configured limit, slow drips and endless heads.

use crate::hostile_server;

use std::time::{Duration, Instant};

use hostile_server::{client, config, serve, Answer};
use rboto_runtime::Error;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

async fn list_objects(answer: Answer) -> Result<Value, Error> {
    let url = serve(answer).await;
    let s3 = client("s3", "2006-03-01", &url, config().build());
    s3.call("ListObjectsV2", json!({"Bucket": "bucket"})).await
}

fn nested_xml(depth: usize) -> Vec<u8> {
    let mut doc = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    doc.push_str("<ListBucketResult>");
    doc.push_str(&"<Contents>".repeat(depth));
    doc.push_str(&"</Contents>".repeat(depth));
    doc.push_str("</ListBucketResult>");
    doc.into_bytes()
}

#[tokio::test]
async fn xml_nested_200_000_deep_is_an_error_not_a_stack_overflow() {
    let body = nested_xml(200_000);
    assert!(body.len() > 4_000_000);
    let err = list_objects(Answer::ok("application/xml", body))
        .await
        .unwrap_err();
    assert!(err.is_response(), "{err}");
    assert!(err.to_string().contains("nested deeper than 128"), "{err}");
}

#[tokio::test]
async fn xml_nested_as_deep_as_the_limit_still_parses() {
    // The root and 127 levels of <Contents> are the 128 the reader allows.
    let output = list_objects(Answer::ok("application/xml", nested_xml(127)))
        .await
        .unwrap();
    assert_eq!(output["Contents"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn an_xml_error_body_nested_200_000_deep_keeps_the_status() {
    let mut answer = Answer::ok("application/xml", nested_xml(200_000));
    answer.status = 400;
    let err = list_objects(answer).await.unwrap_err();
    let service = err.service_error().expect("a service error");
    assert_eq!(service.status, 400);
    assert_eq!(service.code, "400");
}

/// A 200 answer whose body is `body`, to one call of each XML and JSON protocol.
async fn every_protocol(body: Answer) -> Vec<(&'static str, Result<Value, Error>)> {
    let url = serve(body).await;
    let cfg = || config().build();
    vec![
        (
            "rest-xml",
            client("s3", "2006-03-01", &url, cfg())
                .call("ListObjectsV2", json!({"Bucket": "bucket"}))
                .await,
        ),
        (
            "query",
            client("sts", "2011-06-15", &url, cfg())
                .call("GetCallerIdentity", json!({}))
                .await,
        ),
        (
            "ec2",
            client("ec2", "2016-11-15", &url, cfg())
                .call("DescribeInstances", json!({}))
                .await,
        ),
        (
            "json",
            client("dynamodb", "2012-08-10", &url, cfg())
                .call("ListTables", json!({}))
                .await,
        ),
        (
            "rest-json",
            client("glacier", "2012-06-01", &url, cfg())
                .call("ListVaults", json!({}))
                .await,
        ),
    ]
}

#[tokio::test]
async fn a_200_whose_body_is_not_the_protocols_format_is_an_error() {
    for (content_type, body) in [
        ("text/plain", b"hello, this is not xml at all".to_vec()),
        ("text/plain", vec![b'x'; 1 << 20]),
    ] {
        for (protocol, outcome) in every_protocol(Answer::ok(content_type, body.clone())).await {
            let err = outcome.expect_err(protocol);
            assert!(err.is_response(), "{protocol}: {err}");
            let text = err.to_string();
            assert!(
                text.contains("not XML") || text.contains("not JSON"),
                "{protocol}: {text}"
            );
        }
    }
}

#[tokio::test]
async fn an_empty_200_is_still_an_empty_output() {
    for (protocol, outcome) in every_protocol(Answer::ok("text/plain", Vec::new())).await {
        let output = outcome.unwrap_or_else(|e| panic!("{protocol}: {e}"));
        assert!(output.is_object(), "{protocol}: {output}");
    }
}

#[tokio::test]
async fn a_body_over_the_configured_limit_fails_the_call_and_one_at_it_does_not() {
    let body = b"<ListBucketResult><KeyCount>1</KeyCount></ListBucketResult>".to_vec();
    let url = serve(Answer::ok("application/xml", body.clone())).await;
    let call = |limit: u64| {
        let url = url.clone();
        async move {
            client(
                "s3",
                "2006-03-01",
                &url,
                config().max_response_body_bytes(limit).build(),
            )
            .call("ListObjectsV2", json!({"Bucket": "bucket"}))
            .await
        }
    };
    let at_limit = call(body.len() as u64).await.unwrap();
    assert_eq!(at_limit["KeyCount"], json!(1));
    let err = call(body.len() as u64 - 1).await.unwrap_err();
    assert!(err.is_response(), "{err}");
    assert!(err.to_string().contains("larger than the limit"), "{err}");
}

#[tokio::test]
async fn the_error_body_of_a_streaming_call_is_limited_too() {
    let mut answer =
        Answer::ok("application/xml", "<Error><Code>Huge</Code>").then_repeat(b' ', 1 << 20);
    answer.status = 500;
    answer.close_delimited = true;
    let url = serve(answer).await;
    let s3 = client(
        "s3",
        "2006-03-01",
        &url,
        config().max_response_body_bytes(64 * 1024).build(),
    );
    let err = s3
        .call("GetObject", json!({"Bucket": "bucket", "Key": "key"}))
        .await
        .unwrap_err();
    assert!(err.is_response(), "{err}");
    assert!(err.to_string().contains("larger than the limit"), "{err}");
}

#[tokio::test]
async fn a_peer_dripping_slower_than_the_read_timeout_is_cut_off_in_time() {
    let mut answer = Answer::ok("application/xml", "<ListBucketResult></ListBucketResult>");
    answer.drip = Some(Duration::from_secs(3));
    let url = serve(answer).await;
    let s3 = client(
        "s3",
        "2006-03-01",
        &url,
        config().read_timeout(Duration::from_millis(500)).build(),
    );
    let started = Instant::now();
    let err = s3
        .call("ListObjectsV2", json!({"Bucket": "bucket"}))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_endless_drip_faster_than_the_read_timeout_ends_at_the_body_limit() {
    let mut answer = Answer::ok("application/xml", "<ListBucketResult>").then_repeat(b' ', 1 << 30);
    answer.drip = Some(Duration::from_millis(1));
    answer.close_delimited = true;
    let url = serve(answer).await;
    let s3 = client(
        "s3",
        "2006-03-01",
        &url,
        config().max_response_body_bytes(512).build(),
    );
    let started = Instant::now();
    let err = s3
        .call("ListObjectsV2", json!({"Bucket": "bucket"}))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("larger than the limit"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// A peer whose response head never ends: an endless run of header lines, fast, or one byte
/// at a time slower than the read timeout.
async fn endless_head(pause: Option<Duration>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                if hostile_server::read_request(&mut socket).await.is_none() {
                    return;
                }
                let _ = socket.write_all(b"HTTP/1.1 200 OK\r\n").await;
                let line = format!("x-padding: {}\r\n", "p".repeat(1000));
                loop {
                    let sent = match pause {
                        Some(pause) => {
                            tokio::time::sleep(pause).await;
                            socket.write_all(b"x").await
                        }
                        None => socket.write_all(line.as_bytes()).await,
                    };
                    if sent.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn an_oversized_header_block_is_refused() {
    let url = endless_head(None).await;
    let s3 = client("s3", "2006-03-01", &url, config().build());
    let started = Instant::now();
    let err = s3
        .call("ListObjectsV2", json!({"Bucket": "bucket"}))
        .await
        .unwrap_err();
    assert!(!err.is_service(), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    println!("oversized header block: {err}");
}

#[tokio::test]
async fn a_header_block_dripping_slower_than_the_read_timeout_is_cut_off_in_time() {
    let url = endless_head(Some(Duration::from_secs(3))).await;
    let s3 = client(
        "s3",
        "2006-03-01",
        &url,
        config().read_timeout(Duration::from_millis(500)).build(),
    );
    let started = Instant::now();
    let err = s3
        .call("ListObjectsV2", json!({"Bucket": "bucket"}))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
