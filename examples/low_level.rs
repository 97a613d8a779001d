//! rboto's low-level client: one model-driven `Client` per service, parameters and
//! results as JSON values, paginators, waiters, streamed bodies and one error type.
//!
//! Run it against a local moto with `scripts/demo`, or against any endpoint with the usual
//! `AWS_*` environment variables (`AWS_ENDPOINT_URL`, credentials, `AWS_DEFAULT_REGION`).

use futures::TryStreamExt;
use rboto::{ByteStream, Session};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), rboto::Error> {
    let session = Session::from_env().await?;
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());

    let sts = session.client(rboto::models::sts::model())?;
    let me = sts.call("GetCallerIdentity", json!({})).await?;
    println!("sts: calling as {} in account {}", me["Arn"], me["Account"]);

    // S3: a bucket, a few objects, a paginated listing and a streamed download.
    let s3 = session.client(rboto::s3::model())?;
    let bucket = format!("rboto-tour-{run}");
    s3.call("CreateBucket", json!({ "Bucket": bucket })).await?;
    s3.waiter("BucketExists")?
        .wait(json!({ "Bucket": bucket }))
        .await?;
    for day in 1..=5 {
        let text = format!("log of day {day}\n");
        s3.call_with_body(
            "PutObject",
            json!({ "Bucket": bucket, "Key": format!("logs/2026-01-0{day}.txt") }),
            ByteStream::from(text),
        )
        .await?;
    }
    let mut pages = s3
        .paginate(
            "ListObjectsV2",
            json!({ "Bucket": bucket, "Prefix": "logs/" }),
        )
        .page_size(2)
        .pages();
    let mut page_number = 0;
    while let Some(page) = pages.try_next().await? {
        page_number += 1;
        for object in page["Contents"].as_array().into_iter().flatten() {
            println!(
                "s3: page {page_number}: {} ({} bytes)",
                object["Key"], object["Size"]
            );
        }
    }
    let (head, body) = s3
        .call_streaming(
            "GetObject",
            json!({ "Bucket": bucket, "Key": "logs/2026-01-03.txt" }),
        )
        .await?;
    let text = body.collect().await?;
    println!(
        "s3: got {} bytes of {}: {:?}",
        head["ContentLength"],
        head["ContentType"],
        String::from_utf8_lossy(&text)
    );

    // DynamoDB: a table, a waiter, an item in and out.
    let dynamodb = session.client(rboto::dynamodb::model())?;
    let table = format!("rboto-tour-{run}");
    dynamodb
        .call(
            "CreateTable",
            json!({
                "TableName": table,
                "KeySchema": [{ "AttributeName": "id", "KeyType": "HASH" }],
                "AttributeDefinitions": [{ "AttributeName": "id", "AttributeType": "S" }],
                "BillingMode": "PAY_PER_REQUEST"
            }),
        )
        .await?;
    dynamodb
        .waiter("TableExists")?
        .wait(json!({ "TableName": table }))
        .await?;
    dynamodb
        .call(
            "PutItem",
            json!({
                "TableName": table,
                "Item": { "id": { "S": "u1" }, "name": { "S": "Ada" }, "age": { "N": "36" } }
            }),
        )
        .await?;
    let item = dynamodb
        .call(
            "GetItem",
            json!({ "TableName": table, "Key": { "id": { "S": "u1" } } }),
        )
        .await?;
    println!("dynamodb: {table} holds {}", item["Item"]);

    // SQS: a queue, a message sent and received.
    let sqs = session.client(rboto::sqs::model())?;
    let queue = sqs
        .call(
            "CreateQueue",
            json!({ "QueueName": format!("rboto-tour-{run}") }),
        )
        .await?;
    let url = queue["QueueUrl"].clone();
    sqs.call(
        "SendMessage",
        json!({ "QueueUrl": url, "MessageBody": "hello from rboto" }),
    )
    .await?;
    let received = sqs
        .call(
            "ReceiveMessage",
            json!({ "QueueUrl": url, "WaitTimeSeconds": 1 }),
        )
        .await?;
    println!("sqs: received {}", received["Messages"][0]["Body"]);

    // Errors: one type, with the service's code and predicates.
    let missing = s3
        .call(
            "GetObject",
            json!({ "Bucket": format!("rboto-tour-missing-{run}"), "Key": "x" }),
        )
        .await
        .expect_err("the bucket does not exist");
    println!(
        "s3: a missing bucket is {:?} (not found: {})",
        missing.code(),
        missing.is_not_found()
    );
    let invalid = s3
        .call("PutObject", json!({ "Bucket": 42 }))
        .await
        .expect_err("the parameters are wrong");
    println!(
        "s3: rejected before sending: {:?}",
        invalid.validation_problems()
    );
    Ok(())
}
