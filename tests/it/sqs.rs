//! SQS (json 1.0, query-compatible errors) end to end against moto, through the low-level client.
//! SQS has no waiters.

use crate::common;

use common::*;
use serde_json::json;

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn create_queue_send_and_receive() {
    let sqs = client("sqs");
    let name = unique("q");
    let created = ok(
        "CreateQueue",
        sqs.call(
            "CreateQueue",
            json!({ "QueueName": name, "Attributes": { "VisibilityTimeout": "40" } }),
        )
        .await,
    );
    let url = created["QueueUrl"].as_str().expect("QueueUrl").to_owned();
    assert!(url.ends_with(&name), "{url}");

    let attrs = ok(
        "GetQueueAttributes",
        sqs.call(
            "GetQueueAttributes",
            json!({ "QueueUrl": url, "AttributeNames": ["All"] }),
        )
        .await,
    );
    assert_eq!(
        attrs["Attributes"]["VisibilityTimeout"],
        json!("40"),
        "{attrs}"
    );

    let sent = ok(
        "SendMessage",
        sqs.call(
            "SendMessage",
            json!({
                "QueueUrl": url,
                "MessageBody": "hello <&> \"sqs\"",
                "MessageAttributes": {
                    "kind": { "DataType": "String", "StringValue": "greeting" }
                }
            }),
        )
        .await,
    );
    assert!(sent["MessageId"].is_string(), "{sent}");

    let received = ok(
        "ReceiveMessage",
        sqs.call(
            "ReceiveMessage",
            json!({
                "QueueUrl": url,
                "MaxNumberOfMessages": 1,
                "MessageAttributeNames": ["All"]
            }),
        )
        .await,
    );
    let message = &received["Messages"][0];
    assert_eq!(message["Body"], json!("hello <&> \"sqs\""), "{received}");
    assert_eq!(
        message["MessageAttributes"]["kind"]["StringValue"],
        json!("greeting")
    );
    assert_eq!(message["MessageId"], sent["MessageId"]);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn batch_send_and_delete() {
    let sqs = client("sqs");
    let created = ok(
        "CreateQueue",
        sqs.call("CreateQueue", json!({ "QueueName": unique("batch") }))
            .await,
    );
    let url = created["QueueUrl"].clone();
    let entries: Vec<_> = (0..3)
        .map(|i| json!({ "Id": format!("m{i}"), "MessageBody": format!("body {i}") }))
        .collect();
    let sent = ok(
        "SendMessageBatch",
        sqs.call(
            "SendMessageBatch",
            json!({ "QueueUrl": url, "Entries": entries }),
        )
        .await,
    );
    let mut ids = strings_in(std::slice::from_ref(&sent), "Successful", "Id");
    ids.sort();
    assert_eq!(ids, ["m0", "m1", "m2"], "{sent}");

    let received = ok(
        "ReceiveMessage",
        sqs.call(
            "ReceiveMessage",
            json!({ "QueueUrl": url, "MaxNumberOfMessages": 10 }),
        )
        .await,
    );
    let mut bodies = strings_in(std::slice::from_ref(&received), "Messages", "Body");
    bodies.sort();
    assert_eq!(bodies, ["body 0", "body 1", "body 2"], "{received}");
    let handles: Vec<_> = received["Messages"]
        .as_array()
        .expect("Messages")
        .iter()
        .enumerate()
        .map(|(i, m)| json!({ "Id": format!("d{i}"), "ReceiptHandle": m["ReceiptHandle"] }))
        .collect();
    let deleted = ok(
        "DeleteMessageBatch",
        sqs.call(
            "DeleteMessageBatch",
            json!({ "QueueUrl": url, "Entries": handles }),
        )
        .await,
    );
    assert_eq!(
        deleted["Successful"].as_array().map(Vec::len),
        Some(3),
        "{deleted}"
    );
    let attrs = ok(
        "GetQueueAttributes",
        sqs.call(
            "GetQueueAttributes",
            json!({ "QueueUrl": url, "AttributeNames": ["ApproximateNumberOfMessages"] }),
        )
        .await,
    );
    assert_eq!(
        attrs["Attributes"]["ApproximateNumberOfMessages"],
        json!("0"),
        "{attrs}"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn list_queues_pages_through_every_queue() {
    let sqs = client("sqs");
    let prefix = unique("lq");
    let mut urls = Vec::new();
    for i in 0..5 {
        let out = ok(
            "CreateQueue",
            sqs.call(
                "CreateQueue",
                json!({ "QueueName": format!("{prefix}-{i}") }),
            )
            .await,
        );
        urls.push(out["QueueUrl"].as_str().expect("QueueUrl").to_owned());
    }

    let pages = pages_sized(&sqs, "ListQueues", json!({ "QueueNamePrefix": prefix }), 2).await;
    assert_eq!(pages.len(), 3, "5 queues at 2 a page: {pages:?}");
    let mut listed: Vec<String> = pages
        .iter()
        .flat_map(|p| p["QueueUrls"].as_array().cloned().unwrap_or_default())
        .map(|u| u.as_str().expect("queue url").to_owned())
        .collect();
    listed.sort();
    urls.sort();
    assert_eq!(listed, urls);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn missing_queue_is_queue_does_not_exist() {
    let sqs = client("sqs");
    let e = err(
        "GetQueueUrl",
        sqs.call("GetQueueUrl", json!({ "QueueName": unique("absent") }))
            .await,
    );
    assert!(e.is_not_found(), "{e:?}");
    let code = e.code().unwrap_or_default();
    assert!(
        code == "QueueDoesNotExist" || code == "AWS.SimpleQueueService.NonExistentQueue",
        "{e:?}"
    );
    assert_eq!(e.status(), Some(400));
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (sqs, listener) = unserved_client("sqs");
    assert_rejected_unsent(
        &sqs,
        &listener,
        "SendMessage",
        json!({ "QueueUrl": "http://127.0.0.1/q", "DelaySeconds": "soon" }),
        &["MessageBody", "DelaySeconds"],
    )
    .await;
}
