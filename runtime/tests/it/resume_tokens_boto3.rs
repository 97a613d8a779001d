//! Resume tokens pass between rboto and boto3 both ways: DynamoDB scans that stop inside a page
//! after a string, a number and a binary key are carried on by the other library, and the two
//! together hand out every item exactly once. The peers are moto's server (at
//! `RBOTO_TEST_ENDPOINT`, which `scripts/test` and `scripts/emulator start` set) and the boto3
//! of the virtualenv `scripts/emulator` makes (`.venv/`, or the interpreter in
//! `RBOTO_TEST_PYTHON`).

use std::collections::BTreeSet;
use std::process::Command;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rboto_runtime::session::{Credentials, Session};
use rboto_runtime::Client;
use rboto_test_support::botocore::python;
use rboto_test_support::models::model;
use rboto_test_support::moto::endpoint;
use serde_json::{json, Value};

/// Scans a table with boto3's paginator (pages of 3), from a starting token and up to a
/// number of items when given, and prints the partition keys it handed out (bytes as base64)
/// and its resume token.
const BOTO3_SCAN: &str = r#"
import base64, json, sys
import boto3

endpoint, table, token, max_items = sys.argv[1:5]
client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
config = {"PageSize": 3}
if token:
    config["StartingToken"] = token
if max_items:
    config["MaxItems"] = int(max_items)
pages = client.get_paginator("scan").paginate(TableName=table, PaginationConfig=config)
result = pages.build_full_result()

def key(item):
    (value,) = item["pk"].values()
    return base64.b64encode(value).decode() if isinstance(value, bytes) else value

print(json.dumps({"keys": [key(item) for item in result["Items"]],
                  "token": result.get("NextToken")}))
"#;

const ITEMS: usize = 10;
const FIRST_RUN: usize = 4;

fn dynamodb() -> Client {
    Session::builder()
        .credentials(Credentials::new("testing", "testing", None))
        .region("us-east-1")
        .endpoint_url(endpoint())
        .build()
        .client(model("dynamodb"))
        .unwrap()
}

/// The keys boto3 hands out and its resume token.
fn boto3_scan(table: &str, token: Option<&str>, max_items: Option<usize>) -> (Vec<String>, Value) {
    let output = Command::new(python())
        .arg("-c")
        .arg(BOTO3_SCAN)
        .arg(endpoint())
        .arg(table)
        .arg(token.unwrap_or(""))
        .arg(max_items.map(|n| n.to_string()).unwrap_or_default())
        .output()
        .expect("boto3's interpreter runs");
    assert!(
        output.status.success(),
        "boto3 scan failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: Value = serde_json::from_slice(&output.stdout).expect("boto3 prints JSON");
    (keys_of(&result["keys"]), result["token"].clone())
}

/// The keys rboto hands out and its resume token.
async fn rboto_scan(
    client: &Client,
    table: &str,
    token: Option<&str>,
    max_items: Option<usize>,
) -> (Vec<String>, Value) {
    let mut paginator = client
        .paginate("Scan", json!({"TableName": table}))
        .page_size(3);
    if let Some(token) = token {
        paginator = paginator.starting_token(token);
    }
    if let Some(n) = max_items {
        paginator = paginator.max_items(n);
    }
    let result = paginator.build_full_result().await.expect("rboto scans");
    let keys: Vec<Value> = result["Items"]
        .as_array()
        .expect("Items")
        .iter()
        .map(|item| {
            let value = item["pk"].as_object().expect("a typed attribute value");
            value.values().next().expect("one type").clone()
        })
        .collect();
    (
        keys_of(&Value::Array(keys)),
        result.get("NextToken").cloned().unwrap_or(Value::Null),
    )
}

fn keys_of(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list of keys")
        .iter()
        .map(|k| k.as_str().expect("a key as text").to_string())
        .collect()
}

/// Every key once, across the run that stopped and the run that carried on.
fn assert_every_item_once(first: &[String], rest: &[String], all: &BTreeSet<String>, how: &str) {
    assert_eq!(first.len(), FIRST_RUN, "{how}: the first run's items");
    let mut seen: Vec<String> = first.iter().chain(rest).cloned().collect();
    seen.sort();
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(
        seen.len(),
        unique.len(),
        "{how}: an item came twice: {seen:?}"
    );
    assert_eq!(&unique, all, "{how}: items missing after resuming");
}

async fn cross_feed(key_type: &str, keys: Vec<Value>) {
    let client = dynamodb();
    let table = format!("resume-{}-{}", key_type.to_lowercase(), std::process::id());
    client
        .call(
            "CreateTable",
            json!({
                "TableName": table,
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": key_type}],
                "BillingMode": "PAY_PER_REQUEST",
            }),
        )
        .await
        .expect("table created");
    let mut all = BTreeSet::new();
    for key in &keys {
        all.insert(key.as_str().unwrap().to_string());
        client
            .call(
                "PutItem",
                json!({"TableName": table, "Item": {"pk": {key_type: key}, "n": {"N": "1"}}}),
            )
            .await
            .expect("item written");
    }

    // rboto stops inside the second page; boto3 carries on from its token.
    let (first, token) = rboto_scan(&client, &table, None, Some(FIRST_RUN)).await;
    let token = token
        .as_str()
        .expect("rboto gives a resume token")
        .to_string();
    let marked: Value = serde_json::from_slice(&STANDARD.decode(&token).unwrap()).unwrap();
    if key_type == "B" {
        assert_eq!(
            marked["boto_encoded_keys"],
            json!([["ExclusiveStartKey", "pk", "B"]]),
            "rboto's token marks the bytes key as botocore does: {marked}"
        );
    } else {
        assert!(marked.get("boto_encoded_keys").is_none(), "{marked}");
    }
    let (rest, _) = boto3_scan(&table, Some(&token), None);
    assert_every_item_once(&first, &rest, &all, "rboto then boto3");

    // boto3 stops; rboto carries on from its token.
    let (first, token) = boto3_scan(&table, None, Some(FIRST_RUN));
    let token = token
        .as_str()
        .expect("boto3 gives a resume token")
        .to_string();
    let (rest, _) = rboto_scan(&client, &table, Some(&token), None).await;
    assert_every_item_once(&first, &rest, &all, "boto3 then rboto");

    // Each library resumes its own token too.
    let (first, token) = rboto_scan(&client, &table, None, Some(FIRST_RUN)).await;
    let (rest, _) = rboto_scan(&client, &table, token.as_str(), None).await;
    assert_every_item_once(&first, &rest, &all, "rboto then rboto");

    client
        .call("DeleteTable", json!({"TableName": table}))
        .await
        .expect("table deleted");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn string_keys_cross_feed_with_boto3() {
    cross_feed(
        "S",
        (0..ITEMS).map(|i| json!(format!("user-{i:02}"))).collect(),
    )
    .await;
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn number_keys_cross_feed_with_boto3() {
    cross_feed(
        "N",
        (0..ITEMS)
            .map(|i| json!(format!("{}", i * 7 + 1)))
            .collect(),
    )
    .await;
}

/// Bytes that are not UTF-8, so neither library could mistake them for text.
#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn binary_keys_cross_feed_with_boto3() {
    let keys = (0..ITEMS)
        .map(|i| json!(STANDARD.encode([0xff, i as u8, 0x00, 0xfe])))
        .collect();
    cross_feed("B", keys).await;
}
