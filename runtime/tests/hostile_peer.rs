//! Calls answered by a hostile loopback peer end in a clear, catchable error: XML nested
//! deep enough to exhaust a recursive reader's stack, and 200 answers whose body is not the
//! protocol's format at all.

mod hostile_server;

use hostile_server::{client, config, serve, Answer};
use rboto_runtime::Error;
use serde_json::{json, Value};

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
