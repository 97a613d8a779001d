//! SNS resources end to end against moto: topics (attributes, permissions, publish,
//! subscriptions), subscriptions, platform applications and endpoints, and the five
//! collections across pages. Every item exercised is recorded for `docs/resource-coverage.md`.

use crate::common;

use std::collections::HashMap;

use common::coverage::Coverage;
use common::{must, session, unique};
use rboto::sns::ServiceResource;

fn sns() -> ServiceResource {
    must("sns service resource", ServiceResource::new(&session()))
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn topic_actions_and_subscriptions() {
    let cov = Coverage::new("sns");
    let sns = sns();
    let topic = must(
        "CreateTopic",
        sns.create_topic().name(unique("rest")).send().await,
    );
    cov.action(sns.meta(), "CreateTopic");
    cov.constructed(topic.meta());
    assert!(topic.arn().starts_with("arn:aws:sns:"));
    let attributes = must("Topic.attributes", topic.attributes().await).expect("attributes");
    cov.load(topic.meta());
    assert_eq!(attributes["TopicArn"], topic.arn());

    must(
        "SetTopicAttributes",
        topic
            .set_attributes()
            .attribute_name("DisplayName")
            .attribute_value("shown")
            .send()
            .await,
    );
    cov.action(topic.meta(), "SetAttributes");
    must("Topic.reload", topic.reload().await);
    cov.load(topic.meta());
    assert_eq!(
        must("attributes", topic.attributes().await).unwrap()["DisplayName"],
        "shown"
    );

    must(
        "AddPermission",
        topic
            .add_permission()
            .label("share")
            .aws_account_id(["111122223333"])
            .action_name(["Publish"])
            .send()
            .await,
    );
    cov.action(topic.meta(), "AddPermission");
    must(
        "RemovePermission",
        topic.remove_permission().label("share").send().await,
    );
    cov.action(topic.meta(), "RemovePermission");

    let published = must("Publish", topic.publish().message("hello").send().await);
    cov.action(topic.meta(), "Publish");
    assert!(published.message_id.is_some());

    let subscription = must(
        "Subscribe",
        topic
            .subscribe()
            .protocol("sqs")
            .endpoint("arn:aws:sqs:us-east-1:123456789012:resources-sns-target")
            .return_subscription_arn(true)
            .send()
            .await,
    );
    cov.action(topic.meta(), "Subscribe");
    cov.constructed(subscription.meta());
    let attributes =
        must("Subscription.attributes", subscription.attributes().await).expect("attributes");
    cov.load(subscription.meta());
    assert_eq!(attributes["TopicArn"], topic.arn());
    must(
        "SetSubscriptionAttributes",
        subscription
            .set_attributes()
            .attribute_name("RawMessageDelivery")
            .attribute_value("true")
            .send()
            .await,
    );
    cov.action(subscription.meta(), "SetAttributes");
    must("Subscription.reload", subscription.reload().await);
    cov.load(subscription.meta());
    assert_eq!(
        must("attributes", subscription.attributes().await).unwrap()["RawMessageDelivery"],
        "true"
    );

    let confirmed = must(
        "ConfirmSubscription",
        topic
            .confirm_subscription()
            .token("2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736")
            .send()
            .await,
    );
    cov.action(topic.meta(), "ConfirmSubscription");
    assert!(confirmed.arn().starts_with(topic.arn()), "{confirmed:?}");

    must("Unsubscribe", subscription.delete().send().await);
    cov.action(subscription.meta(), "Delete");
    must("DeleteTopic", topic.delete().send().await);
    cov.action(topic.meta(), "Delete");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn platform_applications_and_endpoints() {
    let cov = Coverage::new("sns");
    let sns = sns();
    let app = must(
        "CreatePlatformApplication",
        sns.create_platform_application()
            .name(unique("resapp"))
            .platform("GCM")
            .attributes(HashMap::from([(
                "PlatformCredential".to_owned(),
                "api-key".to_owned(),
            )]))
            .send()
            .await,
    );
    cov.action(sns.meta(), "CreatePlatformApplication");
    cov.constructed(app.meta());
    must("PlatformApplication.load", app.load().await);
    cov.load(app.meta());
    must(
        "SetPlatformApplicationAttributes",
        app.set_attributes()
            .attributes(HashMap::from([(
                "EventEndpointCreated".to_owned(),
                "arn:aws:sns:us-east-1:123456789012:events".to_owned(),
            )]))
            .send()
            .await,
    );
    cov.action(app.meta(), "SetAttributes");
    must("PlatformApplication.reload", app.reload().await);
    cov.load(app.meta());
    assert_eq!(
        must("attributes", app.attributes().await).unwrap()["EventEndpointCreated"],
        "arn:aws:sns:us-east-1:123456789012:events"
    );

    let mut endpoints = Vec::new();
    for i in 0..3 {
        let endpoint = must(
            "CreatePlatformEndpoint",
            app.create_platform_endpoint()
                .token(format!("device-token-{i}"))
                .send()
                .await,
        );
        cov.action(app.meta(), "CreatePlatformEndpoint");
        endpoints.push(endpoint);
    }
    let endpoint = &endpoints[0];
    cov.constructed(endpoint.meta());
    let attributes = must("PlatformEndpoint.attributes", endpoint.attributes().await).unwrap();
    cov.load(endpoint.meta());
    assert_eq!(attributes["Token"], "device-token-0");
    must(
        "SetEndpointAttributes",
        endpoint
            .set_attributes()
            .attributes(HashMap::from([(
                "CustomUserData".to_owned(),
                "user-7".to_owned(),
            )]))
            .send()
            .await,
    );
    cov.action(endpoint.meta(), "SetAttributes");
    must("PlatformEndpoint.reload", endpoint.reload().await);
    cov.load(endpoint.meta());
    assert_eq!(
        must("attributes", endpoint.attributes().await).unwrap()["CustomUserData"],
        "user-7"
    );
    let published = must(
        "Publish",
        endpoint.publish().message("to the device").send().await,
    );
    cov.action(endpoint.meta(), "Publish");
    assert!(published.message_id.is_some());

    let (pages, _) = iterate!(cov, app.endpoints());
    let mut arns: Vec<_> = pages
        .into_iter()
        .flatten()
        .map(|e| e.arn().to_owned())
        .collect();
    arns.sort();
    let mut expected: Vec<_> = endpoints.iter().map(|e| e.arn().to_owned()).collect();
    expected.sort();
    assert_eq!(arns, expected);

    let (pages, _) = iterate!(cov, sns.platform_applications());
    assert!(pages.iter().flatten().any(|a| a == &app));
    let note = "the operation has no page-size parameter and the test makes fewer items than AWS puts on a page";
    cov.note(sns.platform_applications().meta(), note);
    cov.note(app.endpoints().meta(), note);

    for endpoint in &endpoints {
        must("DeleteEndpoint", endpoint.delete().send().await);
        cov.action(endpoint.meta(), "Delete");
    }
    must("DeletePlatformApplication", app.delete().send().await);
    cov.action(app.meta(), "Delete");
}

/// ListTopics, ListSubscriptions and ListSubscriptionsByTopic take no page size: moto returns
/// 100 items a page, so 101 subscriptions on a topic of our own make two pages of each.
#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn collections_across_pages() {
    let cov = Coverage::new("sns");
    let sns = sns();
    let topic = must(
        "CreateTopic",
        sns.create_topic().name(unique("restp")).send().await,
    );
    cov.action(sns.meta(), "CreateTopic");
    let mut extra_topics = Vec::new();
    for _ in 0..100 {
        extra_topics.push(must(
            "CreateTopic",
            sns.create_topic().name(unique("restx")).send().await,
        ));
        cov.action(sns.meta(), "CreateTopic");
    }
    let mut subscriptions = Vec::new();
    for i in 0..101 {
        subscriptions.push(must(
            "Subscribe",
            topic
                .subscribe()
                .protocol("sqs")
                .endpoint(format!("arn:aws:sqs:us-east-1:123456789012:target-{i}"))
                .return_subscription_arn(true)
                .send()
                .await,
        ));
        cov.action(topic.meta(), "Subscribe");
    }

    let (pages, requests) = iterate!(cov, topic.subscriptions());
    assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), 101);
    assert!(requests >= 2, "{requests} requests");

    let (pages, requests) = iterate!(cov, sns.subscriptions());
    let all: Vec<_> = pages.into_iter().flatten().collect();
    assert!(subscriptions.iter().all(|s| all.contains(s)));
    assert!(requests >= 2, "{requests} requests");

    let (pages, requests) = iterate!(cov, sns.topics());
    let all: Vec<_> = pages.into_iter().flatten().collect();
    assert!(all.contains(&topic) && extra_topics.iter().all(|t| all.contains(t)));
    assert!(requests >= 2, "{requests} requests");

    let (pages, _) = iterate!(cov, sns.topics().limit(3));
    assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), 3);

    for t in extra_topics.iter().chain([&topic]) {
        must("DeleteTopic", t.delete().send().await);
        cov.action(t.meta(), "Delete");
    }
}
