//! The Stubber (`rboto::testing`), offline: answers checked against the model when
//! queued, calls checked against the answers, and the layers built on clients (resources,
//! collections, waiters, DynamoDB tables, the batch writer, streaming bodies) answered by it.

use std::time::Duration;

use futures::TryStreamExt;
use rboto::dynamodb::{Item, Key};
use rboto::testing::{Stubber, ANY};
use rboto::{json, Credentials, Session};
use serde::{Deserialize, Serialize};

/// A session whose clients of `stubber`'s service are answered by it; the endpoint is a
/// loopback port nothing listens on, so a call the stubber let through would fail.
fn stubbed_session(stubbers: &[&Stubber]) -> Session {
    let mut builder = Session::builder()
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:9")
        .credentials(Credentials::new("AKIDSTUB", "stub-secret", None));
    for stubber in stubbers {
        builder = stubber.attach_to_session(builder);
    }
    builder.build()
}

fn s3_stubber() -> Stubber {
    Stubber::new(rboto::models::s3::model())
}

#[tokio::test]
async fn a_response_that_does_not_fit_the_output_shape_is_refused_with_its_paths() {
    let stubber = s3_stubber();
    let err = stubber
        .add_response(
            "ListObjectsV2",
            json!({"Contents": [{"Key": "a", "Size": "big"}], "Flavour": "x"}),
            None,
        )
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("ListObjectsV2 response does not fit its output shape"),
        "{text}"
    );
    assert!(text.contains("Contents[0].Size"), "{text}");
    assert!(text.contains("Flavour"), "{text}");
    assert_eq!(stubber.pending(), 0);
    // An operation the model does not have is refused too.
    assert!(stubber
        .add_response("ListObjectsV3", json!({}), None)
        .is_err());
}

#[tokio::test]
async fn expected_parameters_that_do_not_fit_the_input_shape_are_refused_and_any_fits_anywhere() {
    let stubber = s3_stubber();
    let err = stubber
        .add_response(
            "ListObjectsV2",
            json!({}),
            Some(json!({"Bucket": 5, "MaxKeys": "ten"})),
        )
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("expected ListObjectsV2 parameters do not fit"),
        "{text}"
    );
    assert!(text.contains("Bucket"), "{text}");
    assert!(text.contains("MaxKeys"), "{text}");
    let missing = stubber
        .add_response("GetObject", json!({}), Some(json!({"Bucket": "b"})))
        .unwrap_err();
    assert!(missing.to_string().contains("Key"), "{missing}");
    stubber
        .add_response(
            "ListObjectsV2",
            json!({}),
            Some(json!({"Bucket": ANY, "MaxKeys": ANY})),
        )
        .expect("ANY fits a string and an integer member");
    assert_eq!(stubber.pending(), 1);
}

#[tokio::test]
async fn a_wrong_parameter_fails_the_call_with_the_difference_by_path() {
    let stubber = s3_stubber();
    let client = stubbed_session(&[&stubber])
        .client(rboto::models::s3::model())
        .unwrap();
    stubber
        .add_response(
            "HeadObject",
            json!({"ContentLength": 5}),
            Some(json!({"Bucket": "logs", "Key": "2026/a.txt"})),
        )
        .unwrap();
    let err = client
        .call(
            "HeadObject",
            json!({"Bucket": "logs", "Key": "2026/b.txt", "PartNumber": 1}),
        )
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(err.is_hook(), "{text}");
    assert!(text.contains("expected vs sent"), "{text}");
    assert!(
        text.contains(r#"Key: expected "2026/a.txt", but sent "2026/b.txt""#),
        "{text}"
    );
    assert!(
        text.contains("PartNumber: not expected, but sent 1"),
        "{text}"
    );
    // The answer is still queued for the right call.
    assert_eq!(stubber.pending(), 1);
    let out = client
        .call("HeadObject", json!({"Bucket": "logs", "Key": "2026/a.txt"}))
        .await
        .unwrap();
    assert_eq!(out["ContentLength"], 5);
    assert_eq!(out["ResponseMetadata"]["HTTPStatusCode"], 200);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_call_of_another_operation_or_with_nothing_queued_is_not_sent() {
    let stubber = s3_stubber();
    let client = stubbed_session(&[&stubber])
        .client(rboto::models::s3::model())
        .unwrap();
    let err = client.call("ListBuckets", json!({})).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("no stubbed response is left for s3 ListBuckets"),
        "{err}"
    );
    stubber
        .add_response("ListBuckets", json!({"Buckets": []}), None)
        .unwrap();
    let err = client
        .call("HeadBucket", json!({"Bucket": "logs"}))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the next stubbed response is for s3 ListBuckets, but HeadBucket was called"),
        "{err}"
    );
}

#[test]
fn assert_no_pending_responses_fails_naming_what_is_left() {
    let stubber = s3_stubber();
    stubber.assert_no_pending_responses();
    stubber
        .add_response("ListBuckets", json!({}), None)
        .unwrap();
    stubber
        .add_client_error("HeadBucket", "NotFound", "Not Found", 404, None)
        .unwrap();
    let panic = std::panic::catch_unwind(|| stubber.assert_no_pending_responses()).unwrap_err();
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert!(
        message.contains("2 stubbed response(s) of s3 not used: ListBuckets, HeadBucket"),
        "{message}"
    );
}

/// The function under test in docs/testing.md's first example: the total size of a bucket's
/// objects under a prefix, through the resource collection.
async fn total_size(session: &Session, bucket: &str, prefix: &str) -> Result<i64, rboto::Error> {
    let s3 = rboto::s3::ServiceResource::new(session)?;
    let mut objects = s3.bucket(bucket).objects().filter().prefix(prefix).stream();
    let mut total = 0;
    while let Some(object) = objects.try_next().await? {
        total += object.size().await?.unwrap_or(0);
    }
    Ok(total)
}

#[tokio::test]
async fn a_collection_reads_three_stubbed_pages() {
    let stubber = s3_stubber();
    let session = stubbed_session(&[&stubber]);
    // `bucket.objects()` lists with ListObjects, as boto3's collection does; each page after
    // the first starts at the marker the one before ended with.
    let params = |marker: Option<&str>| {
        let mut p = json!({"Bucket": "logs", "Prefix": "2026/"});
        if let Some(marker) = marker {
            p["Marker"] = json!(marker);
        }
        Some(p)
    };
    let page = |keys: &[(&str, i64)], truncated: bool| {
        let contents: Vec<_> = keys
            .iter()
            .map(|(k, s)| json!({"Key": k, "Size": s}))
            .collect();
        json!({"Contents": contents, "IsTruncated": truncated, "Prefix": "2026/"})
    };
    stubber
        .add_response(
            "ListObjects",
            page(&[("2026/a", 10), ("2026/b", 20)], true),
            params(None),
        )
        .unwrap();
    stubber
        .add_response(
            "ListObjects",
            page(&[("2026/c", 30)], true),
            params(Some("2026/b")),
        )
        .unwrap();
    stubber
        .add_response(
            "ListObjects",
            page(&[("2026/d", 40)], false),
            params(Some("2026/c")),
        )
        .unwrap();
    assert_eq!(total_size(&session, "logs", "2026/").await.unwrap(), 100);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_waiter_polls_stubbed_answers_until_its_acceptor_matches() {
    let stubber = s3_stubber();
    let client = stubbed_session(&[&stubber])
        .client(rboto::models::s3::model())
        .unwrap();
    let expected = Some(json!({"Bucket": "logs"}));
    stubber
        .add_client_error("HeadBucket", "NotFound", "Not Found", 404, expected.clone())
        .unwrap();
    stubber
        .add_client_error("HeadBucket", "NotFound", "Not Found", 404, expected.clone())
        .unwrap();
    stubber
        .add_response("HeadBucket", json!({}), expected)
        .unwrap();
    let out = client
        .waiter("BucketExists")
        .unwrap()
        .delay(Duration::from_millis(1))
        .wait(json!({"Bucket": "logs"}))
        .await
        .unwrap();
    assert_eq!(out["ResponseMetadata"]["HTTPStatusCode"], 200);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_streaming_get_object_returns_the_stubbed_body() {
    let stubber = s3_stubber();
    let session = stubbed_session(&[&stubber]);
    let client = session.client(rboto::models::s3::model()).unwrap();
    let expected = Some(json!({"Bucket": "logs", "Key": "a.txt"}));
    stubber
        .add_streaming_response(
            "GetObject",
            json!({"ContentType": "text/plain", "ContentLength": 5, "ETag": "\"e\""}),
            "hello",
            expected.clone(),
        )
        .unwrap();
    let (out, body) = client
        .call_streaming("GetObject", json!({"Bucket": "logs", "Key": "a.txt"}))
        .await
        .unwrap();
    assert_eq!(out["ContentType"], "text/plain");
    assert_eq!(&body.collect().await.unwrap()[..], b"hello");

    // The resource action reads the same way.
    stubber
        .add_streaming_response("GetObject", json!({"ContentLength": 3}), "abc", expected)
        .unwrap();
    let s3 = rboto::s3::ServiceResource::new(&session).unwrap();
    let got = s3.bucket("logs").object("a.txt").get().await.unwrap();
    assert_eq!(&got.body.collect().await.unwrap()[..], b"abc");
    stubber.assert_no_pending_responses();

    let refused = stubber
        .add_streaming_response("HeadObject", json!({}), "x", None)
        .unwrap_err();
    assert!(
        refused.to_string().contains("no payload to stream"),
        "{refused}"
    );
}

#[tokio::test]
async fn a_throttled_call_is_retried_and_then_answered() {
    let stubber = Stubber::new(rboto::models::dynamodb::model());
    let client = stubbed_session(&[&stubber])
        .client(rboto::models::dynamodb::model())
        .unwrap();
    stubber
        .add_client_error(
            "ListTables",
            "ThrottlingException",
            "Rate exceeded",
            400,
            Some(json!({})),
        )
        .unwrap();
    stubber
        .add_response(
            "ListTables",
            json!({"TableNames": ["users"]}),
            Some(json!({})),
        )
        .unwrap();
    let out = client.call("ListTables", json!({})).await.unwrap();
    assert_eq!(out["TableNames"], json!(["users"]));
    assert_eq!(out["ResponseMetadata"]["RetryAttempts"], 1);

    // An error that is not retried reaches the caller as the service's error.
    stubber
        .add_client_error(
            "DescribeTable",
            "ResourceNotFoundException",
            "no table",
            400,
            None,
        )
        .unwrap();
    let err = client
        .call("DescribeTable", json!({"TableName": "gone"}))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn every_protocol_reads_a_stubbed_error_as_the_service_error() {
    for (service, model, operation, params) in [
        ("sqs", rboto::models::sqs::model(), "ListQueues", json!({})),
        ("sns", rboto::models::sns::model(), "ListTopics", json!({})),
        (
            "ec2",
            rboto::models::ec2::model(),
            "DescribeVpcs",
            json!({}),
        ),
        (
            "glacier",
            rboto::models::glacier::model(),
            "ListVaults",
            json!({"accountId": "-"}),
        ),
        ("s3", rboto::models::s3::model(), "ListBuckets", json!({})),
        (
            "cloudwatch",
            rboto::models::cloudwatch::model(),
            "ListDashboards",
            json!({}),
        ),
    ] {
        let stubber = Stubber::new(model.clone());
        let client = stubbed_session(&[&stubber]).client(model).unwrap();
        stubber
            .add_client_error(
                operation,
                "AccessDenied",
                "not for you",
                403,
                Some(params.clone()),
            )
            .unwrap();
        let err = client.call(operation, params).await.unwrap_err();
        assert_eq!(err.code(), Some("AccessDenied"), "{service}: {err}");
        assert!(err.to_string().contains("not for you"), "{service}: {err}");
        stubber.assert_no_pending_responses();
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Item)]
#[item(hash_key = "id")]
struct User {
    id: String,
    name: String,
    age: u32,
}

#[tokio::test]
async fn a_typed_table_query_reads_stubbed_pages_and_the_batch_writer_sends_stubbed_batches() {
    let stubber = Stubber::new(rboto::models::dynamodb::model());
    let session = stubbed_session(&[&stubber]);
    let users = rboto::dynamodb::ServiceResource::new(&session)
        .unwrap()
        .table("users");
    let item = |id: &str, age: u32| json!({"id": {"S": id}, "name": {"S": "n"}, "age": {"N": age.to_string()}});
    stubber
        .add_response(
            "Query",
            json!({"Items": [item("u1", 36)], "Count": 1, "LastEvaluatedKey": {"id": {"S": "u1"}}}),
            Some(json!({
                "TableName": "users",
                "KeyConditionExpression": ANY,
                "ExpressionAttributeNames": ANY,
                "ExpressionAttributeValues": {":v0": {"S": "u1"}}
            })),
        )
        .unwrap();
    stubber
        .add_response(
            "Query",
            json!({"Items": [item("u1", 37)], "Count": 1}),
            None,
        )
        .unwrap();
    let found: Vec<User> = users
        .query::<User>()
        .key(Key::new("id").eq("u1"))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(found.iter().map(|u| u.age).collect::<Vec<_>>(), [36, 37]);

    stubber
        .add_response(
            "BatchWriteItem",
            json!({"UnprocessedItems": {}}),
            Some(json!({"RequestItems": {"users": [
                {"PutRequest": {"Item": item("u2", 20)}},
                {"PutRequest": {"Item": item("u3", 30)}}
            ]}})),
        )
        .unwrap();
    let mut writer = users.batch_writer();
    for (id, age) in [("u2", 20), ("u3", 30)] {
        writer
            .put(&User {
                id: id.into(),
                name: "n".into(),
                age,
            })
            .await
            .unwrap();
    }
    writer.close().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_stubber_on_one_client_leaves_the_other_clients_alone() {
    let stubber = s3_stubber();
    let session = Session::builder()
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:9")
        .credentials(Credentials::new("AKIDSTUB", "stub-secret", None))
        .build();
    let stubbed = stubber
        .attach_to_client(session.client_builder(rboto::models::s3::model()))
        .build()
        .unwrap();
    stubber
        .add_response("ListBuckets", json!({"Buckets": [{"Name": "a"}]}), None)
        .unwrap();
    let out = stubbed.call("ListBuckets", json!({})).await.unwrap();
    assert_eq!(out["Buckets"][0]["Name"], "a");
    let plain = session.client(rboto::models::s3::model()).unwrap();
    let err = plain.call("ListBuckets", json!({})).await.unwrap_err();
    assert!(
        err.is_connect(),
        "the unstubbed client went to the network: {err}"
    );
}

#[tokio::test]
async fn managed_transfers_run_on_stubbed_calls() {
    let stubber = s3_stubber();
    let session = stubbed_session(&[&stubber]);
    let bucket = rboto::s3::ServiceResource::new(&session)
        .unwrap()
        .bucket("logs");
    let dir = std::env::temp_dir().join(format!("rboto-stub-transfer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("up.txt");
    std::fs::write(&source, b"twelve bytes").unwrap();

    stubber
        .add_response(
            "PutObject",
            json!({"ETag": "\"up\""}),
            // The transfer sends the body's CRC32 for S3 to check.
            Some(
                json!({"Bucket": "logs", "Key": "up.txt", "ChecksumAlgorithm": "CRC32",
                        "ChecksumCRC32": "xb/MoA=="}),
            ),
        )
        .unwrap();
    bucket.upload_file(&source, "up.txt").await.unwrap();

    let key = Some(json!({"Bucket": "logs", "Key": "down.txt", "ChecksumMode": "ENABLED"}));
    stubber
        .add_response(
            "HeadObject",
            json!({"ContentLength": 5, "ETag": "\"d\""}),
            key,
        )
        .unwrap();
    stubber
        .add_streaming_response(
            "GetObject",
            json!({"ContentLength": 5, "ETag": "\"d\""}),
            "down!",
            // The download asks for the object it sized, by its ETag.
            Some(
                json!({"Bucket": "logs", "Key": "down.txt", "ChecksumMode": "ENABLED",
                        "IfMatch": "\"d\"", "Range": ANY}),
            ),
        )
        .unwrap();
    let target = dir.join("down.txt");
    bucket.download_file("down.txt", &target).await.unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"down!");
    stubber.assert_no_pending_responses();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn every_protocol_returns_a_stubbed_output_as_queued() {
    for (service, model, operation, params, output) in [
        (
            "sqs",
            rboto::models::sqs::model(),
            "ListQueues",
            json!({}),
            json!({"QueueUrls": ["http://q/1"]}),
        ),
        (
            "sns",
            rboto::models::sns::model(),
            "ListTopics",
            json!({}),
            json!({"Topics": [{"TopicArn": "arn:aws:sns:us-east-1:123456789012:t"}]}),
        ),
        (
            "ec2",
            rboto::models::ec2::model(),
            "DescribeVpcs",
            json!({}),
            json!({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}),
        ),
        (
            "glacier",
            rboto::models::glacier::model(),
            "ListVaults",
            json!({"accountId": "-"}),
            json!({"VaultList": [{"VaultName": "v", "NumberOfArchives": 2}]}),
        ),
        (
            "s3",
            rboto::models::s3::model(),
            "ListBuckets",
            json!({}),
            json!({"Buckets": [{"Name": "b", "CreationDate": "2026-01-02T03:04:05Z"}]}),
        ),
        (
            "cloudwatch",
            rboto::models::cloudwatch::model(),
            "ListDashboards",
            json!({}),
            json!({"DashboardEntries": [{"DashboardName": "d", "Size": 7}]}),
        ),
    ] {
        let stubber = Stubber::new(model.clone());
        let client = stubbed_session(&[&stubber]).client(model).unwrap();
        stubber
            .add_response(operation, output.clone(), Some(params.clone()))
            .unwrap();
        let mut got = client
            .call(operation, params)
            .await
            .unwrap_or_else(|e| panic!("{service}: {e}"));
        let metadata = got
            .as_object_mut()
            .unwrap()
            .remove("ResponseMetadata")
            .unwrap();
        assert_eq!(got, output, "{service}");
        assert_eq!(metadata["HTTPStatusCode"], 200, "{service}");
        stubber.assert_no_pending_responses();
    }
}
