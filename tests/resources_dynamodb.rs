//! DynamoDB resources end to end against moto: a table created, waited for, loaded, updated,
//! written and read item by item and in batches, queried, scanned and deleted, and the tables
//! collection across pages. Every item exercised is recorded for `docs/resource-coverage.md`.

mod common;

use std::time::Duration;

use common::coverage::Coverage;
use common::{must, session, typed, unique};
use rboto::dynamodb::types::{AttributeDefinition, KeySchemaElement, ProvisionedThroughput};
use rboto::dynamodb::{ServiceResource, Table};
use serde_json::json;

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
async fn table_items_and_waiters() {
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

    let updated = must(
        "UpdateItem",
        table
            .update_item()
            .key(typed(json!({"pk": {"S": "user"}, "sk": {"N": "2"}})))
            .update_expression("SET #n = :v")
            .expression_attribute_names(typed(json!({"#n": "name"})))
            .expression_attribute_values(typed(json!({":v": {"S": "renamed"}})))
            .return_values("ALL_NEW")
            .send()
            .await,
    );
    cov.action(table.meta(), "UpdateItem");
    assert_eq!(
        updated.attributes.unwrap()["name"].s.as_deref(),
        Some("renamed")
    );

    let queried = must(
        "Query",
        table
            .query()
            .key_condition_expression("pk = :p AND sk >= :s")
            .expression_attribute_values(typed(json!({":p": {"S": "user"}, ":s": {"N": "1"}})))
            .send()
            .await,
    );
    cov.action(table.meta(), "Query");
    assert_eq!(queried.count, Some(3));

    let scanned = must("Scan", table.scan().send().await);
    cov.action(table.meta(), "Scan");
    assert_eq!(scanned.count, Some(4));

    let deleted = must(
        "DeleteItem",
        table
            .delete_item()
            .key(typed(json!({"pk": {"S": "user"}, "sk": {"N": "0"}})))
            .return_values("ALL_OLD")
            .send()
            .await,
    );
    cov.action(table.meta(), "DeleteItem");
    assert_eq!(deleted.attributes.unwrap()["name"].s.as_deref(), Some("n0"));

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
async fn tables_across_pages() {
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
