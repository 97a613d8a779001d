//! The pipeline against a scripted HTTP peer on loopback: retries, what is signed, and
//! what is never retried. Each test scripts the responses and inspects the requests.

use std::time::Duration;

use bytes::Bytes;
use rboto_runtime::session::{Config, Credentials, Session};
use rboto_runtime::ByteStream;
use rboto_test_support::loopback::{RecordingPeer, Response};
use rboto_test_support::models::model_at;
use serde_json::json;
use tokio::net::TcpListener;

/// A loopback HTTP/1.1 peer answering with `responses` in turn (the last one repeats).
async fn peer(responses: Vec<(u16, &'static str)>) -> (String, RecordingPeer) {
    peer_with_headers(responses.into_iter().map(|(s, b)| (s, "", b)).collect()).await
}

/// Like [`peer`], each response with an extra header field (`name: value`) unless empty.
async fn peer_with_headers(
    responses: Vec<(u16, &'static str, &'static str)>,
) -> (String, RecordingPeer) {
    let peer = RecordingPeer::start(move |request| {
        let (status, extra, text) = responses[request.index.min(responses.len() - 1)];
        let mut response = Response::new(status, text)
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amzn-requestid", &format!("req-{}", request.index));
        if !extra.is_empty() {
            let (name, value) = extra
                .split_once(": ")
                .expect("an extra header as `name: value`");
            response = response.header(name, value);
        }
        response
    })
    .await;
    (peer.url().to_string(), peer)
}

fn session(url: &str) -> Session {
    Session::builder()
        .credentials(Credentials::new(
            "AKIDTEST",
            "SECRETTEST",
            Some("TOKENTEST".into()),
        ))
        .region("eu-west-1")
        .endpoint_url(url)
        .build()
}

#[tokio::test]
async fn server_errors_are_retried_and_counted() {
    let (url, seen) = peer(vec![
        (500, r#"{"__type":"InternalError","message":"boom"}"#),
        (503, r#"{"__type":"ServiceUnavailable"}"#),
        (200, r#"{"QueueUrls":["http://q/1"]}"#),
    ])
    .await;
    let sqs = session(&url).client(model_at("sqs", "2012-11-05")).unwrap();
    let out = sqs.call("ListQueues", json!({})).await.unwrap();
    assert_eq!(out["QueueUrls"][0], "http://q/1");
    assert_eq!(out["ResponseMetadata"]["RetryAttempts"], 2);
    assert_eq!(out["ResponseMetadata"]["RequestId"], "req-2");
    let seen = seen.requests();
    assert_eq!(seen.len(), 3);
    let first = &seen[0];
    assert_eq!(first.header("x-amz-target"), Some("AmazonSQS.ListQueues"));
    let auth = first.header("authorization").unwrap();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"),
        "{auth}"
    );
    assert!(auth.contains("/eu-west-1/sqs/aws4_request"), "{auth}");
    assert_eq!(first.header("x-amz-security-token"), Some("TOKENTEST"));
    assert!(!first.head.contains("SECRETTEST"));
    let attempts: Vec<&str> = seen
        .iter()
        .map(|s| s.header("amz-sdk-request").unwrap())
        .collect();
    assert_eq!(
        attempts,
        ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]
    );
    let invocation = first.header("amz-sdk-invocation-id").unwrap();
    assert!(seen
        .iter()
        .all(|s| s.header("amz-sdk-invocation-id") == Some(invocation)));
}

#[tokio::test]
async fn retries_stop_at_max_attempts_and_client_errors_are_not_retried() {
    let (url, seen) = peer(vec![(
        500,
        r#"{"__type":"InternalError","message":"boom"}"#,
    )])
    .await;
    let config = Config::builder().max_attempts(2).build();
    let sqs = session(&url)
        .client_with_config(model_at("sqs", "2012-11-05"), config)
        .unwrap();
    let err = sqs.call("ListQueues", json!({})).await.unwrap_err();
    assert_eq!(err.attempts(), 2);
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.code(), Some("InternalError"));
    assert_eq!(err.request_id(), Some("req-1"));
    assert!(err.to_string().contains("after 2 attempts"), "{err}");
    assert_eq!(seen.count(), 2);

    let (url, seen) = peer(vec![(
        400,
        r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"no"}"#,
    )])
    .await;
    let sqs = session(&url).client(model_at("sqs", "2012-11-05")).unwrap();
    let err = sqs
        .call("GetQueueUrl", json!({"QueueName": "absent"}))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(seen.count(), 1);
}

#[tokio::test]
async fn throttling_is_retried() {
    let (url, seen) = peer(vec![
        (
            400,
            r#"{"__type":"ThrottlingException","message":"slow down"}"#,
        ),
        (200, r#"{}"#),
    ])
    .await;
    let sqs = session(&url).client(model_at("sqs", "2012-11-05")).unwrap();
    let out = sqs.call("ListQueues", json!({})).await.unwrap();
    assert_eq!(out["ResponseMetadata"]["RetryAttempts"], 1);
    assert_eq!(seen.count(), 2);
}

#[tokio::test]
async fn streamed_bodies_are_sent_with_their_length_and_never_retried() {
    let (url, seen) = peer(vec![(500, "")]).await;
    let s3 = session(&url).client(model_at("s3", "2006-03-01")).unwrap();
    let chunks = futures::stream::iter(vec![
        Ok::<_, std::io::Error>(Bytes::from_static(b"hello ")),
        Ok(Bytes::from_static(b"world")),
    ]);
    let err = s3
        .call_with_body(
            "PutObject",
            json!({"Bucket": "b", "Key": "k"}),
            ByteStream::from_stream(chunks, 11),
        )
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1, "{err:?}");
    let seen = seen.requests();
    assert_eq!(seen.len(), 1);
    let put = &seen[0];
    assert!(put.head.starts_with("PUT /b/k HTTP/1.1"), "{}", put.head);
    assert_eq!(put.header("content-length"), Some("11"));
    assert_eq!(put.header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    assert_eq!(put.body, b"hello world");
}

#[tokio::test]
async fn in_memory_uploads_are_retried_with_signed_payload_and_checksum() {
    let (url, seen) = peer(vec![(500, ""), (200, "")]).await;
    let s3 = session(&url).client(model_at("s3", "2006-03-01")).unwrap();
    s3.call_with_body(
        "PutObject",
        json!({"Bucket": "b", "Key": "a key"}),
        ByteStream::from("hello"),
    )
    .await
    .unwrap();
    let seen = seen.requests();
    assert_eq!(seen.len(), 2);
    for put in seen.iter() {
        assert!(
            put.head.starts_with("PUT /b/a%20key HTTP/1.1"),
            "{}",
            put.head
        );
        assert_eq!(put.body, b"hello");
        assert_eq!(
            put.header("x-amz-content-sha256"),
            Some("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        );
        assert_eq!(put.header("x-amz-checksum-crc32"), Some("NhCmhg=="));
        assert_eq!(put.header("x-amz-sdk-checksum-algorithm"), Some("CRC32"));
    }
}

#[tokio::test]
async fn idempotency_tokens_are_filled_once_per_call() {
    let (url, seen) = peer(vec![(500, ""), (200, r#"{}"#)]).await;
    let ddb = session(&url)
        .client(model_at("dynamodb", "2012-08-10"))
        .unwrap();
    ddb.call(
        "TransactWriteItems",
        json!({"TransactItems": [{"ConditionCheck": {
            "TableName": "t", "Key": {"k": {"S": "1"}}, "ConditionExpression": "attribute_exists(k)"
        }}]}),
    )
    .await
    .unwrap();
    let seen = seen.requests();
    let tokens: Vec<String> = seen
        .iter()
        .map(|s| {
            let body: serde_json::Value = serde_json::from_slice(&s.body).unwrap();
            body["ClientRequestToken"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0], tokens[1], "a retry repeats the same token");
    assert_eq!(tokens[0].len(), 36);
}

#[tokio::test]
async fn borrowed_parameters_are_sent_as_given_and_left_as_they_were() {
    let (url, seen) = peer(vec![(200, r#"{}"#), (200, r#"{}"#)]).await;
    let ddb = session(&url)
        .client(model_at("dynamodb", "2012-08-10"))
        .unwrap();
    let transaction = json!({"TransactItems": [{"ConditionCheck": {
        "TableName": "t", "Key": {"k": {"S": "1"}}, "ConditionExpression": "attribute_exists(k)"
    }}]});
    let before = transaction.clone();
    ddb.call_ref("TransactWriteItems", &transaction)
        .await
        .unwrap();
    assert_eq!(
        transaction, before,
        "the token went into a copy, not the caller's value"
    );
    let get = json!({"TableName": "t", "Key": {"k": {"S": "1"}}});
    ddb.call_ref("GetItem", &get).await.unwrap();
    let seen = seen.requests();
    let bodies: Vec<serde_json::Value> = seen
        .iter()
        .map(|s| serde_json::from_slice(&s.body).unwrap())
        .collect();
    assert_eq!(
        bodies[0]["ClientRequestToken"].as_str().map(str::len),
        Some(36)
    );
    assert_eq!(bodies[0]["TransactItems"], transaction["TransactItems"]);
    assert_eq!(bodies[1], get);
}

#[tokio::test]
async fn unauthenticated_operations_need_no_credentials_and_are_not_signed() {
    let (url, seen) = peer(vec![(200, "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>")]).await;
    let anonymous = Session::builder()
        .region("us-east-1")
        .endpoint_url(&url)
        .build();
    let sts = anonymous.client(model_at("sts", "2011-06-15")).unwrap();
    sts.call(
        "AssumeRoleWithWebIdentity",
        json!({"RoleArn": "arn:aws:iam::123456789012:role/r", "RoleSessionName": "session", "WebIdentityToken": "token-text"}),
    )
    .await
    .unwrap();
    assert!(seen.request(0).header("authorization").is_none());

    let err = sts.call("GetCallerIdentity", json!({})).await.unwrap_err();
    assert!(err.is_credentials(), "{err:?}");
}

#[tokio::test]
async fn read_timeouts_are_reported_as_timeouts() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let config = Config::builder()
        .read_timeout(Duration::from_millis(300))
        .max_attempts(1)
        .build();
    let sqs = session(&url)
        .client_with_config(model_at("sqs", "2012-11-05"), config)
        .unwrap();
    let err = sqs.call("ListQueues", json!({})).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn s3_follows_a_bucket_to_its_region_once_and_remembers_it() {
    let (url, seen) = peer_with_headers(vec![
        (
            301,
            "x-amz-bucket-region: eu-west-2",
            "<Error><Code>PermanentRedirect</Code><Message>elsewhere</Message></Error>",
        ),
        (200, "", ""),
    ])
    .await;
    let s3 = session(&url).client(model_at("s3", "2006-03-01")).unwrap();
    let body = ByteStream::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .await
        .unwrap();
    s3.call_with_body("PutObject", json!({"Bucket": "far", "Key": "k"}), body)
        .await
        .unwrap();
    s3.call("HeadObject", json!({"Bucket": "far", "Key": "k"}))
        .await
        .unwrap();
    let seen = seen.requests();
    assert_eq!(seen.len(), 3);
    let regions: Vec<String> = seen
        .iter()
        .map(|s| {
            let auth = s.header("authorization").unwrap();
            auth.split('/').nth(2).unwrap().to_string()
        })
        .collect();
    assert_eq!(regions, ["eu-west-1", "eu-west-2", "eu-west-2"]);
    assert_eq!(seen[0].body, seen[1].body, "the file body is sent again");
    assert!(!seen[1].body.is_empty());
}

#[tokio::test]
async fn a_redirect_is_followed_only_once() {
    let (url, seen) = peer_with_headers(vec![(
        301,
        "x-amz-bucket-region: eu-west-2",
        "<Error><Code>PermanentRedirect</Code></Error>",
    )])
    .await;
    let s3 = session(&url).client(model_at("s3", "2006-03-01")).unwrap();
    let err = s3
        .call("GetObject", json!({"Bucket": "far", "Key": "k"}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("PermanentRedirect"));
    assert_eq!(seen.count(), 2);
}

#[tokio::test]
async fn downloads_that_do_not_match_their_checksum_fail() {
    let (url, seen) =
        peer_with_headers(vec![(200, "x-amz-checksum-crc32: NhCmhg==", "hellO")]).await;
    let s3 = session(&url).client(model_at("s3", "2006-03-01")).unwrap();
    let (_, body) = s3
        .call_streaming("GetObject", json!({"Bucket": "b", "Key": "k"}))
        .await
        .unwrap();
    let err = body.collect().await.unwrap_err();
    assert!(err.is_response(), "{err:?}");
    let err = s3
        .call("GetObject", json!({"Bucket": "b", "Key": "k"}))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("did not match"), "{err}");
    let seen = seen.requests();
    assert_eq!(seen[0].header("x-amz-checksum-mode"), Some("ENABLED"));
}

#[tokio::test]
async fn damaged_dynamodb_responses_are_retried() {
    let (url, seen) = peer_with_headers(vec![
        (200, "x-amz-crc32: 1", r#"{"TableNames":[]}"#),
        (200, "x-amz-crc32: 1315925753", r#"{"TableNames":[]}"#),
    ])
    .await;
    let ddb = session(&url)
        .client(model_at("dynamodb", "2012-08-10"))
        .unwrap();
    let out = ddb.call("ListTables", json!({})).await.unwrap();
    assert_eq!(out["TableNames"], json!([]));
    assert_eq!(out["ResponseMetadata"]["RetryAttempts"], 1);
    assert_eq!(seen.count(), 2);
}

/// Clients and the futures of their calls can cross threads (spawned tasks).
#[allow(dead_code)]
fn clients_and_calls_are_send(client: rboto_runtime::Client) {
    fn send_sync<T: Send + Sync + Clone>(_: &T) {}
    fn send<T: Send>(_: T) {}
    send_sync(&client);
    send(client.call("ListBuckets", json!({})));
    send(client.call_with_body("PutObject", json!({}), ByteStream::from("x")));
    send(client.call_streaming("GetObject", json!({})));
    send(client.presign("GetObject", json!({}), Duration::from_secs(1)));
    send(ByteStream::from("x"));
}

#[tokio::test]
async fn client_builders_override_the_session_and_unsigned_clients_send_no_signature() {
    let (url, seen) = peer(vec![(200, r#"{}"#)]).await;
    let session = session("http://127.0.0.1:9");
    let sqs = session
        .client_builder(model_at("sqs", "2012-11-05"))
        .region("ap-northeast-1")
        .endpoint_url(&url)
        .credentials(Credentials::new("OTHERKEY", "OTHERSECRET", None))
        .build()
        .unwrap();
    assert_eq!(sqs.region(), Some("ap-northeast-1"));
    sqs.call("ListQueues", json!({})).await.unwrap();
    let anonymous = Session::builder()
        .region("us-east-1")
        .endpoint_url(&url)
        .config(Config::builder().unsigned(true).build())
        .build()
        .client(model_at("sqs", "2012-11-05"))
        .unwrap();
    anonymous.call("ListQueues", json!({})).await.unwrap();
    let seen = seen.requests();
    let auth = seen[0].header("authorization").unwrap();
    assert!(auth.contains("Credential=OTHERKEY/"), "{auth}");
    assert!(auth.contains("/ap-northeast-1/sqs/"), "{auth}");
    assert!(seen[0].header("x-amz-security-token").is_none());
    assert!(seen[1].header("authorization").is_none());
}

#[tokio::test]
async fn a_consumed_stream_is_not_redirected() {
    let (url, seen) = peer_with_headers(vec![(
        301,
        "x-amz-bucket-region: eu-west-2",
        "<Error><Code>PermanentRedirect</Code></Error>",
    )])
    .await;
    let s3 = session(&url).client(model_at("s3", "2006-03-01")).unwrap();
    let chunks = futures::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from_static(b"once"))]);
    let err = s3
        .call_with_body(
            "PutObject",
            json!({"Bucket": "far", "Key": "k"}),
            ByteStream::from_stream(chunks, 4),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("PermanentRedirect"));
    assert_eq!(seen.count(), 1);
}

#[tokio::test]
async fn the_read_timeout_bounds_idleness_not_transfers() {
    // PutObject's answer has no body, as S3's has none; GetObject's is the object.
    let (url, seen) = peer(vec![(200, ""), (200, "downloaded body")]).await;
    let config = Config::builder()
        .read_timeout(Duration::from_millis(300))
        .max_attempts(1)
        .build();
    let s3 = session(&url)
        .client_with_config(model_at("s3", "2006-03-01"), config)
        .unwrap();

    // An upload that takes 1 s in 200 ms steps: always moving, never idle for 300 ms.
    let slow = futures::stream::unfold(0u8, |n| async move {
        if n == 5 {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        Some((Ok::<_, std::io::Error>(Bytes::from_static(b"ab")), n + 1))
    });
    s3.call_with_body(
        "PutObject",
        json!({"Bucket": "b", "Key": "k"}),
        ByteStream::from_stream(slow, 10),
    )
    .await
    .unwrap();
    assert_eq!(seen.request(0).body, b"ababababab");

    // A reader that pauses longer than the timeout between reads.
    let (_, mut body) = s3
        .call_streaming("GetObject", json!({"Bucket": "b", "Key": "k"}))
        .await
        .unwrap();
    let first = body.next().await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    let mut rest = first.to_vec();
    while let Some(chunk) = body.next().await {
        rest.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(rest, b"downloaded body");
}
