//! The call pipeline against a real peer: moto's server, at the URL in
//! `RBOTO_TEST_ENDPOINT` (e.g. `http://127.0.0.1:5000`), which `scripts/test` sets. Without
//! it these tests fail and say how to run them.

use std::time::Duration;

use rboto_runtime::session::{Config, Credentials, Session};
use rboto_runtime::{ByteStream, Client};
use rboto_test_support::models::model_at;
use rboto_test_support::moto::endpoint;
use serde_json::json;

fn session(endpoint: &str) -> Session {
    Session::builder()
        .credentials(Credentials::new("testing", "testing", None))
        .region("us-east-1")
        .endpoint_url(endpoint)
        .build()
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

fn s3(endpoint: &str) -> Client {
    session(endpoint)
        .client(model_at("s3", "2006-03-01"))
        .unwrap()
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn s3_objects_round_trip_streamed() {
    let endpoint = endpoint();
    let s3 = s3(&endpoint);
    let bucket = unique("rboto-client");

    let created = s3
        .call("CreateBucket", json!({"Bucket": bucket}))
        .await
        .unwrap();
    let meta = &created["ResponseMetadata"];
    assert_eq!(meta["HTTPStatusCode"], 200);
    assert_eq!(meta["RetryAttempts"], 0);
    assert!(meta["HTTPHeaders"].is_object());

    // From memory: signed payload and a CRC32 checksum.
    let put = s3
        .call_with_body(
            "PutObject",
            json!({"Bucket": bucket, "Key": "dir/hello world.txt", "ContentType": "text/plain"}),
            ByteStream::from("hello, rboto"),
        )
        .await
        .unwrap();
    assert!(put["ETag"].as_str().unwrap().contains("\""));

    // From a file: streamed, unsigned payload, known length.
    let dir = std::env::temp_dir().join(unique("rboto-upload"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.bin");
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    let body = ByteStream::from_path(&path).await.unwrap();
    s3.call_with_body(
        "PutObject",
        json!({"Bucket": bucket, "Key": "big.bin"}),
        body,
    )
    .await
    .unwrap();

    let (head, body) = s3
        .call_streaming("GetObject", json!({"Bucket": bucket, "Key": "big.bin"}))
        .await
        .unwrap();
    assert_eq!(head["ContentLength"], 300_000);
    assert!(
        head.get("Body").is_none(),
        "the payload is not in the value"
    );
    assert_eq!(body.content_length(), Some(300_000));
    assert_eq!(body.collect().await.unwrap(), data);

    let (head, body) = s3
        .call_streaming(
            "GetObject",
            json!({"Bucket": bucket, "Key": "dir/hello world.txt"}),
        )
        .await
        .unwrap();
    assert_eq!(head["ContentType"], "text/plain");
    assert_eq!(
        head["ResponseMetadata"]["HTTPHeaders"]["x-amz-checksum-crc32"], head["ChecksumCRC32"],
        "the CRC32 sent with the upload comes back and is checked"
    );
    assert!(head["ChecksumCRC32"].is_string(), "{head}");
    let copy = dir.join("copy.txt");
    assert_eq!(body.write_to_path(&copy).await.unwrap(), 12);
    assert_eq!(std::fs::read(&copy).unwrap(), b"hello, rboto");

    // call() reads a streaming payload whole, as base64.
    let whole = s3
        .call(
            "GetObject",
            json!({"Bucket": bucket, "Key": "dir/hello world.txt"}),
        )
        .await
        .unwrap();
    assert_eq!(whole["Body"], "aGVsbG8sIHJib3Rv");

    let listed = s3
        .call("ListObjectsV2", json!({"Bucket": bucket, "Prefix": "dir/"}))
        .await
        .unwrap();
    assert_eq!(listed["KeyCount"], 1);
    assert_eq!(listed["Contents"][0]["Key"], "dir/hello world.txt");

    let missing = s3
        .call("HeadObject", json!({"Bucket": bucket, "Key": "nope"}))
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    assert_eq!(missing.status(), Some(404));
    assert_eq!(
        missing.code(),
        Some("404"),
        "a bodiless HEAD error is named by its status"
    );
    assert_eq!(missing.attempts(), 1, "a 404 is not retried");

    let no_bucket = s3
        .call("GetObject", json!({"Bucket": unique("absent"), "Key": "k"}))
        .await
        .unwrap_err();
    assert_eq!(no_bucket.code(), Some("NoSuchBucket"));
    assert!(no_bucket.to_string().contains("GetObject"));

    let deleted = s3
        .call(
            "DeleteObjects",
            json!({"Bucket": bucket, "Delete": {"Objects": [{"Key": "big.bin"}, {"Key": "dir/hello world.txt"}]}}),
        )
        .await
        .unwrap();
    assert_eq!(deleted["Deleted"].as_array().unwrap().len(), 2);
    s3.call("DeleteBucket", json!({"Bucket": bucket}))
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn s3_presigned_urls_work_for_get_and_put() {
    let endpoint = endpoint();
    let s3 = s3(&endpoint);
    let bucket = unique("rboto-presign");
    s3.call("CreateBucket", json!({"Bucket": bucket}))
        .await
        .unwrap();

    let put_url = s3
        .presign(
            "PutObject",
            json!({"Bucket": bucket, "Key": "p.txt"}),
            Duration::from_secs(300),
        )
        .await
        .unwrap();
    assert!(put_url.contains("X-Amz-Signature="));
    assert!(
        !put_url.contains("testing/"),
        "the secret never appears: {put_url}"
    );
    let (status, text) = send_plain(http::Method::PUT, &put_url, "presigned body").await;
    assert!(status.is_success(), "{text}");

    let get_url = s3
        .presign(
            "GetObject",
            json!({"Bucket": bucket, "Key": "p.txt"}),
            Duration::from_secs(60),
        )
        .await
        .unwrap();
    let (status, text) = send_plain(http::Method::GET, &get_url, "").await;
    assert!(status.is_success());
    assert_eq!(text, "presigned body");

    let too_long = s3
        .presign(
            "GetObject",
            json!({"Bucket": bucket, "Key": "p.txt"}),
            Duration::from_secs(8 * 86400),
        )
        .await
        .unwrap_err();
    assert!(too_long.is_validation());
}

/// Sends an unsigned request the way someone holding a presigned URL would, through the
/// default transport; the status and the body as text.
async fn send_plain(method: http::Method, url: &str, body: &str) -> (http::StatusCode, String) {
    let transport =
        rboto_runtime::transport::default_transport(&rboto_runtime::Config::default()).unwrap();
    let mut request = http::Request::new(rboto_runtime::ByteStream::from(body.to_string()));
    *request.method_mut() = method;
    *request.uri_mut() = url.parse().unwrap();
    let response = transport.send(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn sqs_speaks_json_and_keeps_query_error_codes() {
    let endpoint = endpoint();
    let sqs = session(&endpoint)
        .client(model_at("sqs", "2012-11-05"))
        .unwrap();
    let name = unique("rboto-queue");
    let created = sqs
        .call("CreateQueue", json!({"QueueName": name}))
        .await
        .unwrap();
    let url = created["QueueUrl"].as_str().unwrap().to_string();
    assert!(url.ends_with(&name));
    assert!(created["ResponseMetadata"]["RequestId"].is_string());

    sqs.call(
        "SendMessage",
        json!({"QueueUrl": url, "MessageBody": "ping"}),
    )
    .await
    .unwrap();
    let received = sqs
        .call(
            "ReceiveMessage",
            json!({"QueueUrl": url, "MaxNumberOfMessages": 1}),
        )
        .await
        .unwrap();
    assert_eq!(received["Messages"][0]["Body"], "ping");

    let missing = sqs
        .call("GetQueueUrl", json!({"QueueName": unique("absent")}))
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    sqs.call("DeleteQueue", json!({"QueueUrl": url}))
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn iam_speaks_query() {
    let endpoint = endpoint();
    let iam = session(&endpoint)
        .client(model_at("iam", "2010-05-08"))
        .unwrap();
    let user = unique("rboto-user");
    let created = iam
        .call("CreateUser", json!({"UserName": user}))
        .await
        .unwrap();
    assert_eq!(created["User"]["UserName"], user.as_str());
    let got = iam
        .call("GetUser", json!({"UserName": user}))
        .await
        .unwrap();
    assert_eq!(got["User"]["UserName"], user.as_str());
    assert!(got["ResponseMetadata"]["RequestId"].is_string());
    let missing = iam
        .call("GetUser", json!({"UserName": unique("absent")}))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NoSuchEntity"));
    iam.call("DeleteUser", json!({"UserName": user}))
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn ec2_describes_regions() {
    let endpoint = endpoint();
    let ec2 = session(&endpoint)
        .client(model_at("ec2", "2016-11-15"))
        .unwrap();
    let regions = ec2.call("DescribeRegions", json!({})).await.unwrap();
    let names: Vec<&str> = regions["Regions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["RegionName"].as_str())
        .collect();
    assert!(names.contains(&"us-east-1"), "{names:?}");
}

#[tokio::test]
async fn bad_parameters_are_rejected_before_sending() {
    // Port 9 (discard) on loopback: nothing is listening, and nothing must be sent.
    let s3 = s3("http://127.0.0.1:9");
    let err = s3
        .call("PutObject", json!({"Key": 5, "Bukket": "x"}))
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err:?}");
    assert!(
        err.validation_problems().len() >= 2,
        "{:?}",
        err.validation_problems()
    );
    assert_eq!(err.attempts(), 0);
}

#[tokio::test]
async fn refused_connections_are_retried_then_reported() {
    let config = Config::builder()
        .max_attempts(2)
        .connect_timeout(Duration::from_secs(2))
        .build();
    let client = session("http://127.0.0.1:9")
        .client_with_config(model_at("sqs", "2012-11-05"), config)
        .unwrap();
    let err = client.call("ListQueues", json!({})).await.unwrap_err();
    assert!(err.is_connect() || err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), 2);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn botocore_customizations_apply() {
    let endpoint = endpoint();
    let s3 = s3(&endpoint);
    let bucket = unique("rboto-custom");
    s3.call("CreateBucket", json!({"Bucket": bucket}))
        .await
        .unwrap();
    s3.call_with_body(
        "PutObject",
        json!({"Bucket": bucket, "Key": "a dir/ünï cödé+plus.txt"}),
        ByteStream::from("x"),
    )
    .await
    .unwrap();
    let listed = s3
        .call("ListObjectsV2", json!({"Bucket": bucket}))
        .await
        .unwrap();
    assert_eq!(listed["Contents"][0]["Key"], "a dir/ünï cödé+plus.txt");

    s3.call(
        "CopyObject",
        json!({"Bucket": bucket, "Key": "copy.txt",
               "CopySource": {"Bucket": bucket, "Key": "a dir/ünï cödé+plus.txt"}}),
    )
    .await
    .unwrap();
    let copied = s3
        .call("GetObject", json!({"Bucket": bucket, "Key": "copy.txt"}))
        .await
        .unwrap();
    assert_eq!(copied["Body"], "eA==");

    let iam = session(&endpoint)
        .client(model_at("iam", "2010-05-08"))
        .unwrap();
    let role = unique("rboto-role");
    let trust = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"
    }]});
    iam.call(
        "CreateRole",
        json!({"RoleName": role, "AssumeRolePolicyDocument": trust.to_string()}),
    )
    .await
    .unwrap();
    let got = iam
        .call("GetRole", json!({"RoleName": role}))
        .await
        .unwrap();
    assert_eq!(got["Role"]["AssumeRolePolicyDocument"], trust);
    iam.call("DeleteRole", json!({"RoleName": role}))
        .await
        .unwrap();
}
