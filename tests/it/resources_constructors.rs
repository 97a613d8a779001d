//! Input structures are written with `new` (their required members) and chained setters for
//! the rest, and travel to moto and back unchanged: DynamoDB key schemas, S3 tags with a
//! map-free nested list, SQS batch entries with optional members.

use crate::common;

use common::{must, session, unique};
use rboto::dynamodb::types::{AttributeDefinition, KeySchemaElement, ProvisionedThroughput};
use rboto::s3::types::{Tag, Tagging};
use rboto::sqs::types::{MessageAttributeValue, SendMessageBatchRequestEntry};

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn dynamodb_key_schema_from_constructors() {
    let ddb = must(
        "dynamodb service resource",
        rboto::dynamodb::ServiceResource::new(&session()),
    );
    let schema = vec![
        KeySchemaElement::new("pk", "HASH"),
        KeySchemaElement::new("sk", "RANGE"),
    ];
    let table = must(
        "CreateTable",
        ddb.create_table()
            .table_name(unique("rctor"))
            .key_schema(schema.clone())
            .attribute_definitions(vec![
                AttributeDefinition::new("pk", "S"),
                AttributeDefinition::new("sk", "N"),
            ])
            .provisioned_throughput(ProvisionedThroughput::new(5, 2))
            .await,
    );
    must("Table.load", table.load().await);
    assert_eq!(must("key_schema", table.key_schema().await), Some(schema));
    let throughput = must(
        "provisioned_throughput",
        table.provisioned_throughput().await,
    )
    .expect("a provisioned table has throughput");
    assert_eq!(throughput.read_capacity_units, Some(5));
    assert_eq!(throughput.write_capacity_units, Some(2));
    must("Table.delete", table.delete().await);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn s3_tags_from_constructors() {
    let s3 = must(
        "s3 service resource",
        rboto::s3::ServiceResource::new(&session()),
    );
    let bucket = must(
        "CreateBucket",
        s3.create_bucket().bucket(unique("rctor")).await,
    );
    let tagging = bucket.tagging();
    must(
        "PutBucketTagging",
        tagging
            .put()
            .tagging(Tagging::new([
                Tag::new("env", "prod"),
                Tag::new("team", "rboto"),
            ]))
            .await,
    );
    must("BucketTagging.load", tagging.reload().await);
    let mut tags = must("tag_set", tagging.tag_set().await).expect("tags were put");
    tags.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(tags, [Tag::new("env", "prod"), Tag::new("team", "rboto")]);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn sqs_batch_entries_with_chained_setters() {
    let sqs = must(
        "sqs service resource",
        rboto::sqs::ServiceResource::new(&session()),
    );
    let queue = must(
        "CreateQueue",
        sqs.create_queue().queue_name(unique("rctor")).await,
    );
    let sent = must(
        "SendMessageBatch",
        queue
            .send_messages()
            .entries(vec![
                SendMessageBatchRequestEntry::new("a", "first").message_attributes([(
                    "colour",
                    MessageAttributeValue::new("String").string_value("blue"),
                )]),
                SendMessageBatchRequestEntry::new("b", "second").delay_seconds(0),
            ])
            .await,
    );
    assert_eq!(sent.successful.map(|s| s.len()), Some(2));
    assert_eq!(sent.failed.unwrap_or_default().len(), 0);

    let mut bodies = Vec::new();
    let mut colours = Vec::new();
    for _ in 0..5 {
        let messages = must(
            "ReceiveMessage",
            queue
                .receive_messages()
                .max_number_of_messages(10)
                .message_attribute_names(vec!["All".to_owned()])
                .await,
        );
        for message in messages {
            bodies.push(must("Message.body", message.body().await).unwrap_or_default());
            if let Some(attributes) = must("message_attributes", message.message_attributes().await)
            {
                colours.extend(
                    attributes
                        .get("colour")
                        .and_then(|v| v.string_value.clone()),
                );
            }
        }
        if bodies.len() >= 2 {
            break;
        }
    }
    bodies.sort();
    assert_eq!(bodies, ["first", "second"]);
    assert_eq!(colours, ["blue"]);
}
