//! SNS (query) end to end against moto, through the low-level client. SNS has no waiters, and
//! its list operations take no page size: moto pages them at 100, so the pagination test makes
//! more than 100 subscriptions on one topic.

use crate::common;

use common::*;
use serde_json::json;

async fn new_topic(sns: &rboto::Client) -> String {
    let out = ok(
        "CreateTopic",
        sns.call(
            "CreateTopic",
            json!({ "Name": unique("topic"), "Tags": [{ "Key": "team", "Value": "rboto" }] }),
        )
        .await,
    );
    out["TopicArn"].as_str().expect("TopicArn").to_owned()
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn create_topic_and_read_its_attributes() {
    let sns = client("sns");
    let arn = new_topic(&sns).await;
    assert!(arn.starts_with("arn:aws:sns:us-east-1:"), "{arn}");

    ok(
        "SetTopicAttributes",
        sns.call(
            "SetTopicAttributes",
            json!({ "TopicArn": arn, "AttributeName": "DisplayName", "AttributeValue": "Ops & Co" }),
        )
        .await,
    );
    let attrs = ok(
        "GetTopicAttributes",
        sns.call("GetTopicAttributes", json!({ "TopicArn": arn }))
            .await,
    );
    assert_eq!(attrs["Attributes"]["TopicArn"], json!(arn), "{attrs}");
    assert_eq!(
        attrs["Attributes"]["DisplayName"],
        json!("Ops & Co"),
        "{attrs}"
    );

    let tags = ok(
        "ListTagsForResource",
        sns.call("ListTagsForResource", json!({ "ResourceArn": arn }))
            .await,
    );
    assert_eq!(tags["Tags"], json!([{ "Key": "team", "Value": "rboto" }]));

    let published = ok(
        "Publish",
        sns.call(
            "Publish",
            json!({
                "TopicArn": arn,
                "Message": "hello",
                "MessageAttributes": {
                    "n": { "DataType": "Number", "StringValue": "1" }
                }
            }),
        )
        .await,
    );
    assert!(published["MessageId"].is_string(), "{published}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn publish_reaches_a_subscribed_queue() {
    let sns = client("sns");
    let sqs = client("sqs");
    let arn = new_topic(&sns).await;
    let queue = ok(
        "CreateQueue",
        sqs.call("CreateQueue", json!({ "QueueName": unique("sub") }))
            .await,
    );
    let url = queue["QueueUrl"].clone();
    let attrs = ok(
        "GetQueueAttributes",
        sqs.call(
            "GetQueueAttributes",
            json!({ "QueueUrl": url, "AttributeNames": ["QueueArn"] }),
        )
        .await,
    );
    let queue_arn = attrs["Attributes"]["QueueArn"].clone();
    ok(
        "Subscribe",
        sns.call(
            "Subscribe",
            json!({
                "TopicArn": arn,
                "Protocol": "sqs",
                "Endpoint": queue_arn,
                "Attributes": { "RawMessageDelivery": "true" }
            }),
        )
        .await,
    );
    ok(
        "Publish",
        sns.call(
            "Publish",
            json!({ "TopicArn": arn, "Message": "fan <out> & in" }),
        )
        .await,
    );
    let received = ok(
        "ReceiveMessage",
        sqs.call(
            "ReceiveMessage",
            json!({ "QueueUrl": url, "WaitTimeSeconds": 2 }),
        )
        .await,
    );
    assert_eq!(
        received["Messages"][0]["Body"],
        json!("fan <out> & in"),
        "{received}"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn list_subscriptions_by_topic_pages_through_every_subscription() {
    let sns = client("sns");
    let arn = new_topic(&sns).await;
    let mut endpoints = Vec::new();
    for i in 0..130 {
        let endpoint = format!("arn:aws:sqs:us-east-1:123456789012:sub-{i:03}");
        ok(
            "Subscribe",
            sns.call(
                "Subscribe",
                json!({ "TopicArn": arn, "Protocol": "sqs", "Endpoint": endpoint }),
            )
            .await,
        );
        endpoints.push(endpoint);
    }

    let pages = pages(&sns, "ListSubscriptionsByTopic", json!({ "TopicArn": arn })).await;
    assert_eq!(pages.len(), 2, "130 subscriptions at 100 a page: {pages:?}");
    let mut listed = strings_in(&pages, "Subscriptions", "Endpoint");
    listed.sort();
    assert_eq!(listed, endpoints);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn missing_topic_is_not_found() {
    let sns = client("sns");
    let arn = format!(
        "arn:aws:sns:us-east-1:123456789012:{}",
        unique("absent-topic")
    );
    let e = err(
        "GetTopicAttributes",
        sns.call("GetTopicAttributes", json!({ "TopicArn": arn }))
            .await,
    );
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.code(), Some("NotFound"), "{e:?}");
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (sns, listener) = unserved_client("sns");
    assert_rejected_unsent(
        &sns,
        &listener,
        "Publish",
        json!({ "TopicArn": ["not", "a", "string"] }),
        &["Message", "TopicArn"],
    )
    .await;
}
