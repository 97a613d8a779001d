//! The generated resource layer end to end against moto: the typed surface the macro
//! emits, driven through the resource runtime, for S3, SQS and EC2.

use crate::common;

use common::*;
use futures::TryStreamExt;
use rboto::{ec2, s3, sqs};

fn session() -> rboto::Session {
    session_at(&endpoint())
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn s3_bucket_objects_attributes_and_batch_delete() {
    let s3 = s3::ServiceResource::new(&session()).unwrap();
    let name = unique("res");
    let bucket = s3.create_bucket().bucket(name.clone()).await.unwrap();
    assert_eq!(bucket.name(), name);
    bucket.wait_until_exists().await.unwrap();

    for i in 0..5 {
        let object = bucket.object(format!("tmp/{i}"));
        object
            .put()
            .body(rboto::runtime::resource::typed::Blob::from(
                b"hello".to_vec(),
            ))
            .await
            .unwrap();
    }
    bucket.object("keep").put().await.unwrap();

    // Collections page through ListObjects; items come hydrated.
    let objects: Vec<s3::ObjectSummary> = bucket
        .objects()
        .filter()
        .prefix("tmp/")
        .page_size(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(objects.len(), 5);
    assert_eq!(objects[0].bucket_name(), name);
    assert_eq!(objects[0].size().await.unwrap(), Some(5));

    // Attributes of an Object load through HeadObject.
    let head = bucket.object("tmp/0");
    assert_eq!(head.content_length().await.unwrap(), Some(5));

    // The bucket's own load comes from ListBuckets (the extension boto3 injects).
    assert!(bucket.creation_date().await.unwrap().is_some());

    // Batch delete: one DeleteObjects per page of the filtered collection.
    let responses = bucket
        .objects()
        .filter()
        .prefix("tmp/")
        .page_size(2)
        .delete()
        .await
        .unwrap();
    assert_eq!(responses.len(), 3);
    let left: Vec<s3::ObjectSummary> = bucket.objects().stream().try_collect().await.unwrap();
    assert_eq!(left, vec![s3.object_summary(name.clone(), "keep")]);

    bucket.object("keep").delete().await.unwrap();
    bucket.delete().await.unwrap();
    bucket.wait_until_not_exists().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn sqs_queue_messages_round_trip() {
    let sqs = sqs::ServiceResource::new(&session()).unwrap();
    let name = unique("q");
    let queue = sqs.create_queue().queue_name(name.clone()).await.unwrap();
    assert!(queue.url().ends_with(&name), "{}", queue.url());
    let same = sqs
        .get_queue_by_name()
        .queue_name(name.clone())
        .await
        .unwrap();
    assert_eq!(queue, same);

    let sent = queue.send_message().message_body("hi").await.unwrap();
    assert!(sent.message_id.is_some());
    let messages = queue
        .receive_messages()
        .max_number_of_messages(10)
        .await
        .unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].body().await.unwrap().as_deref(), Some("hi"));
    messages[0].delete().await.unwrap();

    let attributes = queue.attributes().await.unwrap().unwrap();
    assert!(attributes.contains_key("QueueArn"), "{attributes:?}");
    queue.delete().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn ec2_vpc_subnet_reference_and_tags() {
    let ec2 = ec2::ServiceResource::new(&session()).unwrap();
    let vpc = ec2.create_vpc().cidr_block("10.7.0.0/16").await.unwrap();
    vpc.wait_until_available().await.unwrap();
    assert_eq!(
        vpc.cidr_block().await.unwrap().as_deref(),
        Some("10.7.0.0/16")
    );

    let subnet = vpc.create_subnet().cidr_block("10.7.1.0/24").await.unwrap();
    assert_eq!(subnet.vpc().await.unwrap(), Some(vpc.clone()));
    let subnets: Vec<ec2::Subnet> = vpc.subnets().stream().try_collect().await.unwrap();
    assert_eq!(subnets, vec![subnet.clone()]);

    let mut tag = ec2::types::Tag::default();
    tag.key = Some("team".into());
    tag.value = Some("storage".into());
    let tags = ec2
        .create_tags()
        .resources(vec![vpc.id().to_owned(), subnet.id().to_owned()])
        .tags(vec![tag])
        .await
        .unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0].resource_id(), vpc.id());
    assert_eq!(tags[0].key(), "team");

    subnet.delete().await.unwrap();
    vpc.delete().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn dynamodb_table_create_wait_put_and_list() {
    use rboto::dynamodb::{self, types};
    let dynamodb = dynamodb::ServiceResource::new(&session()).unwrap();
    let name = unique("tbl");
    let mut key = types::KeySchemaElement::default();
    key.attribute_name = Some("id".into());
    key.key_type = Some("HASH".into());
    let mut id = types::AttributeDefinition::default();
    id.attribute_name = Some("id".into());
    id.attribute_type = Some("S".into());
    let table = dynamodb
        .create_table()
        .table_name(name.clone())
        .key_schema(vec![key])
        .attribute_definitions(vec![id])
        .billing_mode("PAY_PER_REQUEST")
        .await
        .unwrap();
    assert_eq!(table.name(), name);
    table.wait_until_exists().await.unwrap();
    assert_eq!(
        table.table_status().await.unwrap().as_deref(),
        Some("ACTIVE")
    );

    let mut value = types::AttributeValue::default();
    value.s = Some("u1".into());
    table
        .put_item()
        .item([("id".to_owned(), value)].into_iter().collect())
        .await
        .unwrap();
    table.reload().await.unwrap();
    let schema = table.key_schema().await.unwrap().unwrap();
    assert_eq!(schema[0].attribute_name.as_deref(), Some("id"));

    let tables: Vec<dynamodb::Table> = dynamodb.tables().stream().try_collect().await.unwrap();
    assert!(tables.contains(&table), "{tables:?}");
    table.delete().await.unwrap();
    table.wait_until_not_exists().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn iam_user_groups_and_access_keys() {
    use rboto::iam;
    let iam = iam::ServiceResource::new(&session()).unwrap();
    let name = unique("user");
    let user = iam.create_user().user_name(name.clone()).await.unwrap();
    assert_eq!(user.name(), name);
    assert!(user.arn().await.unwrap().unwrap().ends_with(&name));

    let group = iam
        .create_group()
        .group_name(unique("group"))
        .await
        .unwrap();
    user.add_group().group_name(group.name()).await.unwrap();
    let groups: Vec<iam::Group> = user.groups().stream().try_collect().await.unwrap();
    assert_eq!(groups, vec![group.clone()]);

    let pair = user.create_access_key_pair().await.unwrap();
    assert_eq!(pair.user_name(), name);
    let keys: Vec<iam::AccessKey> = user.access_keys().stream().try_collect().await.unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].id(), pair.id());
    keys[0].delete().await.unwrap();

    user.remove_group().group_name(group.name()).await.unwrap();
    group.delete().await.unwrap();
    user.delete().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn sns_topic_publish_and_list() {
    use rboto::sns;
    let sns = sns::ServiceResource::new(&session()).unwrap();
    let topic = sns.create_topic().name(unique("topic")).await.unwrap();
    let attributes = topic.attributes().await.unwrap().unwrap();
    assert_eq!(
        attributes.get("TopicArn").map(String::as_str),
        Some(topic.arn())
    );
    let published = topic.publish().message("hello").await.unwrap();
    assert!(published.message_id.is_some());
    let topics: Vec<sns::Topic> = sns.topics().stream().try_collect().await.unwrap();
    assert!(topics.contains(&topic));
    topic.delete().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn cloudwatch_metric_data_alarms_and_listing() {
    use rboto::cloudwatch::{self, types};
    let cloudwatch = cloudwatch::ServiceResource::new(&session()).unwrap();
    let namespace = unique("ns");
    let metric = cloudwatch.metric(namespace.clone(), "latency");
    let mut datum = types::MetricDatum::default();
    datum.metric_name = Some("latency".into());
    datum.value = Some(12.5);
    metric.put_data().metric_data(vec![datum]).await.unwrap();

    let metrics: Vec<cloudwatch::Metric> = cloudwatch
        .metrics()
        .filter()
        .namespace(namespace.clone())
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(metrics, vec![metric.clone()]);

    let alarm = metric
        .put_alarm()
        .alarm_name(unique("alarm"))
        .comparison_operator("GreaterThanThreshold")
        .evaluation_periods(1)
        .period(60)
        .statistic("Average")
        .threshold(100.0)
        .await
        .unwrap();
    assert_eq!(
        alarm.metric_name().await.unwrap().as_deref(),
        Some("latency")
    );
    assert_eq!(alarm.namespace().await.unwrap(), Some(namespace));
    alarm.delete().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn glacier_vault_create_list_delete() {
    use rboto::glacier;
    let glacier = glacier::ServiceResource::new(&session()).unwrap();
    let name = unique("vault");
    let vault = glacier
        .create_vault()
        .vault_name(name.clone())
        .await
        .unwrap();
    assert_eq!(vault.name(), name);
    assert_eq!(vault.account_id(), "-");
    assert!(vault.vault_arn().await.unwrap().unwrap().ends_with(&name));
    let vaults: Vec<glacier::Vault> = glacier.vaults().stream().try_collect().await.unwrap();
    assert!(vaults.iter().any(|v| v.name() == name), "{vaults:?}");
    vault.delete().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn cloudformation_stack_resources_and_events() {
    use rboto::cloudformation;
    let cloudformation = cloudformation::ServiceResource::new(&session()).unwrap();
    let name = unique("stack");
    let template = r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}"#;
    let stack = cloudformation
        .create_stack()
        .stack_name(name.clone())
        .template_body(template)
        .await
        .unwrap();
    assert_eq!(stack.name(), name);
    assert_eq!(
        stack.stack_status().await.unwrap().as_deref(),
        Some("CREATE_COMPLETE")
    );

    let summaries: Vec<cloudformation::StackResourceSummary> = stack
        .resource_summaries()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].logical_id(), "Topic");
    assert_eq!(
        summaries[0].resource_type().await.unwrap().as_deref(),
        Some("AWS::SNS::Topic")
    );
    let events: Vec<cloudformation::Event> = stack.events().stream().try_collect().await.unwrap();
    assert!(!events.is_empty());
    stack.delete().await.unwrap();
}
