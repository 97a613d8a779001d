//! DynamoDB resources end to end against moto: a table created, waited for, loaded, updated,
//! written and read item by item and in batches, queried, scanned and deleted, and the tables
//! collection across pages. Every item exercised is recorded for `docs/resource-coverage.md`.

use crate::common;

use std::time::Duration;

use common::coverage::Coverage;
use common::{must, session, typed, unique};
use rboto::dynamodb::types::{AttributeDefinition, KeySchemaElement, ProvisionedThroughput};
use rboto::dynamodb::{Item, Key, ServiceResource, Table, Update};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The items of the test table, typed.
#[derive(Debug, Serialize, Deserialize, Item)]
#[item(hash_key = "pk", range_key = "sk")]
struct Row {
    pk: String,
    sk: i64,
    name: String,
}

fn dynamodb() -> ServiceResource {
    must(
        "dynamodb service resource",
        ServiceResource::new(&session()),
    )
}

async fn create_table(cov: &Coverage, ddb: &ServiceResource, name: &str) -> Table {
    let table = must(
        "CreateTable",
        ddb.create_table()
            .table_name(name)
            .key_schema(vec![
                build!(KeySchemaElement {
                    attribute_name: "pk",
                    key_type: "HASH"
                }),
                build!(KeySchemaElement {
                    attribute_name: "sk",
                    key_type: "RANGE"
                }),
            ])
            .attribute_definitions(vec![
                build!(AttributeDefinition {
                    attribute_name: "pk",
                    attribute_type: "S"
                }),
                build!(AttributeDefinition {
                    attribute_name: "sk",
                    attribute_type: "N"
                }),
            ])
            .billing_mode("PAY_PER_REQUEST")
            .send()
            .await,
    );
    cov.action(ddb.meta(), "CreateTable");
    table
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn table_items_and_waiters() {
    let _listing = common::LISTING_LOCK.lock().await;
    let cov = Coverage::new("dynamodb");
    let ddb = dynamodb();
    let name = unique("resddb");
    let table = create_table(&cov, &ddb, &name).await;
    cov.constructed(table.meta());
    assert_eq!(table.name(), name);

    must(
        "Table.wait_until_exists",
        table
            .wait_until_exists()
            .delay(Duration::from_millis(100))
            .await,
    );
    cov.waiter(table.meta(), "Exists");
    must("Table.load", table.load().await);
    cov.load(table.meta());
    assert_eq!(
        must("table_status", table.table_status().await).as_deref(),
        Some("ACTIVE")
    );

    for i in 0..4 {
        must(
            "PutItem",
            table
                .put_item()
                .item(typed(json!({
                    "pk": {"S": "user"},
                    "sk": {"N": i.to_string()},
                    "name": {"S": format!("n{i}")}
                })))
                .send()
                .await,
        );
        cov.action(table.meta(), "PutItem");
    }
    let got = must(
        "GetItem",
        table
            .get_item()
            .key(typed(json!({"pk": {"S": "user"}, "sk": {"N": "2"}})))
            .send()
            .await,
    );
    cov.action(table.meta(), "GetItem");
    assert_eq!(got.item.unwrap()["name"].s.as_deref(), Some("n2"));

    // Table's DeleteItem, UpdateItem, Query and Scan are the typed ones (table_ext).
    let updated = must(
        "UpdateItem",
        table
            .update_item::<Row>(("user".into(), 2))
            .update(Update::new().set("name", "renamed"))
            .await,
    );
    cov.action(table.meta(), "UpdateItem");
    assert_eq!(updated.map(|row| row.name).as_deref(), Some("renamed"));

    let queried = must(
        "Query",
        table
            .query::<Row>()
            .key(Key::new("pk").eq("user").and(Key::new("sk").ge(1)))
            .count()
            .await,
    );
    cov.action(table.meta(), "Query");
    assert_eq!(queried, 3);

    let scanned = must("Scan", table.count_scan().count().await);
    cov.action(table.meta(), "Scan");
    assert_eq!(scanned, 4);

    let deleted = must(
        "DeleteItem",
        table
            .delete_item::<Row>(("user".into(), 0))
            .return_old()
            .await,
    );
    cov.action(table.meta(), "DeleteItem");
    assert_eq!(deleted.map(|row| row.name).as_deref(), Some("n0"));

    let written = must(
        "BatchWriteItem",
        ddb.batch_write_item()
            .request_items(typed(json!({
                name.clone(): [
                    {"PutRequest": {"Item": {"pk": {"S": "batch"}, "sk": {"N": "1"}}}},
                    {"PutRequest": {"Item": {"pk": {"S": "batch"}, "sk": {"N": "2"}}}},
                    {"DeleteRequest": {"Key": {"pk": {"S": "user"}, "sk": {"N": "1"}}}}
                ]
            })))
            .send()
            .await,
    );
    cov.action(ddb.meta(), "BatchWriteItem");
    assert!(written
        .unprocessed_items
        .map(|u| u.is_empty())
        .unwrap_or(true));
    let read = must(
        "BatchGetItem",
        ddb.batch_get_item()
            .request_items(typed(json!({
                name.clone(): {"Keys": [
                    {"pk": {"S": "batch"}, "sk": {"N": "1"}},
                    {"pk": {"S": "batch"}, "sk": {"N": "2"}},
                    {"pk": {"S": "user"}, "sk": {"N": "1"}}
                ]}
            })))
            .send()
            .await,
    );
    cov.action(ddb.meta(), "BatchGetItem");
    assert_eq!(read.responses.unwrap()[&name].len(), 2);

    let same = must(
        "UpdateTable",
        table
            .update()
            .billing_mode("PROVISIONED")
            .provisioned_throughput(build!(ProvisionedThroughput {
                read_capacity_units: 7,
                write_capacity_units: 3,
            }))
            .send()
            .await,
    );
    cov.action(table.meta(), "Update");
    assert_eq!(same, table);
    let throughput = must(
        "provisioned_throughput",
        same.provisioned_throughput().await,
    )
    .expect("hydrated from the UpdateTable response");
    assert_eq!(throughput.read_capacity_units, Some(7));

    must("DeleteTable", table.delete().send().await);
    cov.action(table.meta(), "Delete");
    must(
        "Table.wait_until_not_exists",
        table
            .wait_until_not_exists()
            .delay(Duration::from_millis(100))
            .await,
    );
    cov.waiter(table.meta(), "NotExists");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn tables_across_pages() {
    let _listing = common::LISTING_LOCK.lock().await;
    let cov = Coverage::new("dynamodb");
    let ddb = dynamodb();
    let mut tables = Vec::new();
    for _ in 0..3 {
        tables.push(create_table(&cov, &ddb, &unique("resddbp")).await);
    }
    let (pages, requests) = iterate!(cov, ddb.tables().page_size(2));
    let all: Vec<_> = pages.into_iter().flatten().collect();
    assert!(tables.iter().all(|t| all.contains(t)));
    assert!(requests >= 2, "{requests} requests");
    for table in &tables {
        must("DeleteTable", table.delete().send().await);
        cov.action(table.meta(), "Delete");
    }
}
