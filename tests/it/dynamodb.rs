//! DynamoDB (json 1.0) end to end against moto, through the low-level client.

use crate::common;

use common::*;
use serde_json::json;

async fn new_table(ddb: &rboto::Client, prefix: &str) -> String {
    let table = unique(prefix);
    ok(
        "CreateTable",
        ddb.call(
            "CreateTable",
            json!({
                "TableName": table,
                "KeySchema": [
                    { "AttributeName": "pk", "KeyType": "HASH" },
                    { "AttributeName": "sk", "KeyType": "RANGE" }
                ],
                "AttributeDefinitions": [
                    { "AttributeName": "pk", "AttributeType": "S" },
                    { "AttributeName": "sk", "AttributeType": "N" }
                ],
                "BillingMode": "PAY_PER_REQUEST"
            }),
        )
        .await,
    );
    table
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn create_table_wait_and_describe() {
    let ddb = client("dynamodb");
    let table = new_table(&ddb, "tbl").await;
    wait(&ddb, "TableExists", json!({ "TableName": table })).await;

    let described = ok(
        "DescribeTable",
        ddb.call("DescribeTable", json!({ "TableName": table }))
            .await,
    );
    let t = &described["Table"];
    assert_eq!(t["TableName"], json!(table));
    assert_eq!(t["TableStatus"], json!("ACTIVE"));
    assert_eq!(t["KeySchema"][0]["AttributeName"], json!("pk"));
    assert_eq!(
        t["BillingModeSummary"]["BillingMode"],
        json!("PAY_PER_REQUEST")
    );
    assert!(
        t["CreationDateTime"].is_string(),
        "timestamps come out as RFC 3339 strings: {t}"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn put_get_and_query_items_over_pages() {
    let ddb = client("dynamodb");
    let table = new_table(&ddb, "items").await;
    for i in 0..9 {
        ok(
            "PutItem",
            ddb.call(
                "PutItem",
                json!({
                    "TableName": table,
                    "Item": {
                        "pk": { "S": "user#1" },
                        "sk": { "N": i.to_string() },
                        "score": { "N": format!("{}.5", i * 10) },
                        "tags": { "SS": ["a", "b"] },
                        "raw": { "B": "AAEC" }
                    }
                }),
            )
            .await,
        );
    }

    let got = ok(
        "GetItem",
        ddb.call(
            "GetItem",
            json!({
                "TableName": table,
                "Key": { "pk": { "S": "user#1" }, "sk": { "N": "3" } },
                "ConsistentRead": true
            }),
        )
        .await,
    );
    assert_eq!(got["Item"]["score"], json!({ "N": "30.5" }), "{got}");
    assert_eq!(got["Item"]["raw"], json!({ "B": "AAEC" }), "{got}");

    let pages = pages(
        &ddb,
        "Query",
        json!({
            "TableName": table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": { ":pk": { "S": "user#1" } },
            "Limit": 4
        }),
    )
    .await;
    assert!(pages.len() >= 3, "9 items at 4 a page: {pages:?}");
    let sort_keys: Vec<String> = pages
        .iter()
        .flat_map(|p| p["Items"].as_array().cloned().unwrap_or_default())
        .map(|item| item["sk"]["N"].as_str().expect("sk.N").to_owned())
        .collect();
    let expected: Vec<String> = (0..9).map(|i| i.to_string()).collect();
    assert_eq!(sort_keys, expected);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn batch_write_update_and_batch_get() {
    let ddb = client("dynamodb");
    let table = new_table(&ddb, "batch").await;
    let puts: Vec<_> = (0..5)
        .map(|i| {
            json!({ "PutRequest": { "Item": {
                "pk": { "S": "b" }, "sk": { "N": i.to_string() }, "n": { "N": "0" }
            } } })
        })
        .collect();
    let written = ok(
        "BatchWriteItem",
        ddb.call(
            "BatchWriteItem",
            json!({ "RequestItems": { table.clone(): puts } }),
        )
        .await,
    );
    assert_eq!(written["UnprocessedItems"], json!({}), "{written}");

    let updated = ok(
        "UpdateItem",
        ddb.call(
            "UpdateItem",
            json!({
                "TableName": table,
                "Key": { "pk": { "S": "b" }, "sk": { "N": "2" } },
                "UpdateExpression": "SET #n = #n + :one, note = :note",
                "ExpressionAttributeNames": { "#n": "n" },
                "ExpressionAttributeValues": { ":one": { "N": "1" }, ":note": { "S": "bumped" } },
                "ReturnValues": "ALL_NEW"
            }),
        )
        .await,
    );
    assert_eq!(updated["Attributes"]["n"], json!({ "N": "1" }), "{updated}");
    assert_eq!(
        updated["Attributes"]["note"],
        json!({ "S": "bumped" }),
        "{updated}"
    );

    let keys: Vec<_> = [1, 2, 4]
        .iter()
        .map(|i| json!({ "pk": { "S": "b" }, "sk": { "N": i.to_string() } }))
        .collect();
    let got = ok(
        "BatchGetItem",
        ddb.call(
            "BatchGetItem",
            json!({ "RequestItems": { table.clone(): { "Keys": keys } } }),
        )
        .await,
    );
    let mut sort_keys: Vec<String> = got["Responses"][&table]
        .as_array()
        .expect("responses for the table")
        .iter()
        .map(|item| item["sk"]["N"].as_str().expect("sk.N").to_owned())
        .collect();
    sort_keys.sort();
    assert_eq!(sort_keys, ["1", "2", "4"]);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn list_tables_pages_through_every_table() {
    let ddb = client("dynamodb");
    let prefix = unique("lst");
    let mut created = Vec::new();
    for i in 0..5 {
        created.push(new_table(&ddb, &format!("{prefix}-{i}")).await);
    }

    let pages = pages_sized(&ddb, "ListTables", json!({}), 2).await;
    assert!(pages.len() >= 3, "at least 5 tables at 2 a page: {pages:?}");
    for page in &pages {
        let n = page["TableNames"].as_array().map_or(0, Vec::len);
        assert!(n <= 2, "a page holds more than the limit: {page}");
    }
    let names: Vec<String> = pages
        .iter()
        .flat_map(|p| p["TableNames"].as_array().cloned().unwrap_or_default())
        .map(|n| n.as_str().expect("table name").to_owned())
        .collect();
    let mine: Vec<&String> = names.iter().filter(|n| n.starts_with(&prefix)).collect();
    assert_eq!(mine, created.iter().collect::<Vec<_>>());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn missing_table_is_resource_not_found() {
    let ddb = client("dynamodb");
    let e = err(
        "DescribeTable",
        ddb.call("DescribeTable", json!({ "TableName": unique("absent") }))
            .await,
    );
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.code(), Some("ResourceNotFoundException"), "{e:?}");
    assert_eq!(e.status(), Some(400));
    assert!(
        e.message().is_some_and(|m| m.contains("not found")),
        "{e:?}"
    );
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (ddb, listener) = unserved_client("dynamodb");
    let e = assert_rejected_unsent(
        &ddb,
        &listener,
        "PutItem",
        json!({ "TableName": "", "ReturnValues": 3 }),
        &["Item", "TableName", "ReturnValues"],
    )
    .await;
    assert_eq!(e.validation_problems().len(), 3, "{e:?}");
}
