//! Typed items on the generated DynamoDB `Table`, end to end against moto: put, get,
//! delete_item and update_item with conditions and returned values; queries on the table, a
//! local and a global secondary index, streamed over several pages and resumed from a
//! `last_evaluated_key`; parallel scans; projections; counts; optimistic locking; a
//! conditional failure carrying the old item; bad input refused before anything is sent;
//! and the low-level client next to all of it.

use crate::common;

use std::collections::{BTreeSet, HashMap};

use common::{client, must, session, unique};
use futures::TryStreamExt;
use rboto::dynamodb::{from_item, Attr, Item, Key, Projection, ServiceResource, Table, Update};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Item)]
#[item(hash_key = "user", range_key = "order")]
struct Order {
    user: String,
    order: u32,
    status: String,
    total: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// What a projection of `user` and `order` decodes into.
#[derive(Debug, PartialEq, Deserialize)]
struct OrderKey {
    user: String,
    order: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Item)]
#[serde(rename_all = "camelCase")]
struct Doc {
    #[item(hash_key)]
    doc_id: String,
    body: String,
    #[item(version)]
    revision: u64,
}

fn dynamodb() -> ServiceResource {
    must(
        "dynamodb service resource",
        ServiceResource::new(&session()),
    )
}

fn order(user: &str, order: u32, status: &str, total: u64) -> Order {
    Order {
        user: user.into(),
        order,
        status: status.into(),
        total,
        note: None,
    }
}

/// A table keyed (user, order), with an LSI `by_total` (user, total) and a GSI `by_status`
/// (status, total).
async fn orders_table(ddb: &ServiceResource) -> Table {
    let name = unique("orders");
    must(
        "CreateTable",
        client("dynamodb")
            .call(
                "CreateTable",
                json!({
                    "TableName": name,
                    "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [
                        {"AttributeName": "user", "AttributeType": "S"},
                        {"AttributeName": "order", "AttributeType": "N"},
                        {"AttributeName": "total", "AttributeType": "N"},
                        {"AttributeName": "status", "AttributeType": "S"}
                    ],
                    "KeySchema": [
                        {"AttributeName": "user", "KeyType": "HASH"},
                        {"AttributeName": "order", "KeyType": "RANGE"}
                    ],
                    "LocalSecondaryIndexes": [{
                        "IndexName": "by_total",
                        "KeySchema": [
                            {"AttributeName": "user", "KeyType": "HASH"},
                            {"AttributeName": "total", "KeyType": "RANGE"}
                        ],
                        "Projection": {"ProjectionType": "ALL"}
                    }],
                    "GlobalSecondaryIndexes": [{
                        "IndexName": "by_status",
                        "KeySchema": [
                            {"AttributeName": "status", "KeyType": "HASH"},
                            {"AttributeName": "total", "KeyType": "RANGE"}
                        ],
                        "Projection": {"ProjectionType": "ALL"}
                    }]
                }),
            )
            .await,
    );
    ddb.table(name)
}

async fn docs_table(ddb: &ServiceResource) -> Table {
    let name = unique("docs");
    must(
        "CreateTable",
        client("dynamodb")
            .call(
                "CreateTable",
                json!({
                    "TableName": name,
                    "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [{"AttributeName": "docId", "AttributeType": "S"}],
                    "KeySchema": [{"AttributeName": "docId", "KeyType": "HASH"}]
                }),
            )
            .await,
    );
    ddb.table(name)
}

async fn drop_table(table: &Table) {
    must("DeleteTable", table.delete().send().await);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn put_get_update_delete_typed_items() {
    let ddb = dynamodb();
    let table = orders_table(&ddb).await;
    let first = order("ada", 1, "open", 40);

    let put = must("PutItem", table.put(&first).return_old().await);
    assert_eq!(put.old, None, "nothing was replaced");
    assert_eq!(put.version, None, "Order has no version attribute");
    let mut second = first.clone();
    second.note = Some("gift".into());
    let put = must("PutItem", table.put(&second).return_old().await);
    assert_eq!(
        put.old,
        Some(first.clone()),
        "the put returns what it replaced"
    );

    let got = must(
        "GetItem",
        table
            .get::<Order>(("ada".into(), 1))
            .consistent_read(true)
            .await,
    );
    assert_eq!(got, Some(second.clone()));
    assert_eq!(
        must("GetItem", table.get::<Order>(("ada".into(), 2)).await),
        None
    );
    let key_only = must(
        "GetItem projected",
        table
            .get::<Order>(("ada".into(), 1))
            .projection(Projection::new(["user", "order"]))
            .send_as::<HashMap<String, Value>>()
            .await,
    )
    .expect("item exists");
    assert_eq!(
        key_only.keys().cloned().collect::<BTreeSet<_>>(),
        BTreeSet::from(["order".to_string(), "user".to_string()])
    );

    let updated = must(
        "UpdateItem",
        table
            .update_item::<Order>(("ada".into(), 1))
            .update(
                Update::new()
                    .set("status", "paid")
                    .add("total", 2)
                    .remove("note"),
            )
            .condition(Attr::new("status").eq("open"))
            .await,
    );
    assert_eq!(updated, Some(order("ada", 1, "paid", 42)), "ALL_NEW, typed");
    let before = must(
        "UpdateItem ALL_OLD",
        table
            .update_item::<Order>(("ada".into(), 1))
            .update(Update::new().set("status", "shipped"))
            .return_old()
            .await,
    );
    assert_eq!(before, Some(order("ada", 1, "paid", 42)));

    let gone = must(
        "DeleteItem",
        table
            .delete_item::<Order>(("ada".into(), 1))
            .condition(Attr::new("status").eq("shipped"))
            .return_old()
            .await,
    );
    assert_eq!(gone, Some(order("ada", 1, "shipped", 42)));
    assert_eq!(
        must("GetItem", table.get::<Order>(("ada".into(), 1)).await),
        None
    );
    drop_table(&table).await;
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_failed_condition_is_typed_and_carries_the_old_item() {
    let ddb = dynamodb();
    let table = orders_table(&ddb).await;
    let stored = order("bo", 7, "paid", 10);
    must("PutItem", table.put(&stored).await);

    let err = table
        .put(&order("bo", 7, "open", 0))
        .condition(Attr::new("status").eq("open"))
        .old_item_on_condition_failure()
        .await
        .expect_err("the stored order is not open");
    assert!(err.is_conditional_check_failed(), "{err:?}");
    let old = err.condition_failed_item().expect("ALL_OLD on failure");
    assert_eq!(must("decode old item", from_item::<Order>(old)), stored);

    let err = table
        .update_item::<Order>(("bo".into(), 7))
        .update(Update::new().set("status", "refunded"))
        .condition(Attr::new("total").gt(100))
        .await
        .expect_err("total is 10");
    assert!(err.is_conditional_check_failed(), "{err:?}");
    assert!(
        err.condition_failed_item().is_none(),
        "not asked for: {err:?}"
    );
    assert_eq!(
        must("GetItem", table.get::<Order>(("bo".into(), 7)).await),
        Some(stored),
        "nothing was written"
    );
    drop_table(&table).await;
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn optimistic_locking_checks_and_increments_the_version() {
    let ddb = dynamodb();
    let table = docs_table(&ddb).await;
    let mut doc = Doc {
        doc_id: "d1".into(),
        body: "first".into(),
        revision: 0,
    };
    let saved = must("PutItem new", table.put(&doc).await);
    assert_eq!(saved.version, Some(1));
    let stale = doc.clone();
    doc.revision = 1;
    assert_eq!(
        must("GetItem", table.get::<Doc>("d1".into()).await),
        Some(doc.clone())
    );

    let err = table
        .put(&stale)
        .await
        .expect_err("a second new doc with the same key");
    assert!(err.is_conditional_check_failed(), "{err:?}");

    doc.body = "second".into();
    let saved = must("PutItem at version 1", table.put(&doc).await);
    assert_eq!(saved.version, Some(2));
    let err = table
        .put(&doc)
        .old_item_on_condition_failure()
        .await
        .expect_err("the copy at version 1 is stale now");
    assert!(err.is_conditional_check_failed(), "{err:?}");
    let current: Doc = must(
        "decode",
        from_item(err.condition_failed_item().expect("old item")),
    );
    assert_eq!(current.revision, 2);
    assert_eq!(current.body, "second");

    let err = table
        .update_item::<Doc>("d1".into())
        .update(Update::new().set("body", "third"))
        .expected_version(1)
        .await
        .expect_err("stale expected version");
    assert!(err.is_conditional_check_failed(), "{err:?}");
    let updated = must(
        "UpdateItem at version 2",
        table
            .update_item::<Doc>("d1".into())
            .update(Update::new().set("body", "third"))
            .expected_version(2)
            .await,
    )
    .expect("ALL_NEW");
    assert_eq!((updated.revision, updated.body.as_str()), (3, "third"));
    let bumped = must(
        "UpdateItem unchecked",
        table
            .update_item::<Doc>("d1".into())
            .update(Update::new().set("body", "fourth"))
            .await,
    )
    .expect("ALL_NEW");
    assert_eq!(bumped.revision, 4, "every update moves the version on");

    let err = table
        .delete_item::<Doc>("d1".into())
        .expected_version(3)
        .await
        .expect_err("stale delete");
    assert!(err.is_conditional_check_failed(), "{err:?}");
    must(
        "DeleteItem at version 4",
        table
            .delete_item::<Doc>("d1".into())
            .expected_version(4)
            .await,
    );
    assert_eq!(must("GetItem", table.get::<Doc>("d1".into()).await), None);
    drop_table(&table).await;
}

async fn fill(table: &Table, user: &str, n: u32) -> Vec<Order> {
    let mut orders = Vec::new();
    for i in 0..n {
        let status = if i % 3 == 0 { "open" } else { "paid" };
        let o = order(user, i, status, u64::from(i) * 10);
        must("PutItem", table.put(&o).await);
        orders.push(o);
    }
    orders
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_query_streams_three_pages_and_resumes_from_last_evaluated_key() {
    let ddb = dynamodb();
    let table = orders_table(&ddb).await;
    let ada = fill(&table, "ada", 25).await;
    fill(&table, "bob", 3).await;

    let pages: Vec<_> = must(
        "Query pages",
        table
            .query::<Order>()
            .key(Key::new("user").eq("ada"))
            .page_size(10)
            .pages()
            .try_collect()
            .await,
    );
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [10, 10, 5], "three requests of at most 10");
    assert!(pages[0].last_evaluated_key().is_some());
    assert!(
        pages[2].last_evaluated_key().is_none(),
        "the last page ends it"
    );
    let streamed: Vec<Order> = must(
        "Query stream",
        table
            .query::<Order>()
            .key(Key::new("user").eq("ada"))
            .page_size(10)
            .stream()
            .try_collect()
            .await,
    );
    assert_eq!(streamed, ada, "every item, in sort key order, typed");

    let first: Vec<_> = must(
        "Query limit 12",
        table
            .query::<Order>()
            .key(Key::new("user").eq("ada"))
            .page_size(5)
            .limit(12)
            .pages()
            .try_collect()
            .await,
    );
    let sizes: Vec<usize> = first.iter().map(|p| p.items.len()).collect();
    assert_eq!(
        sizes,
        [5, 5, 2],
        "the last request asks only for what is left"
    );
    let resume = first
        .last()
        .and_then(|p| p.last_evaluated_key().cloned())
        .expect("more to read");
    let rest: Vec<Order> = must(
        "Query resumed",
        table
            .query::<Order>()
            .key(Key::new("user").eq("ada"))
            .exclusive_start_key(resume)
            .stream()
            .try_collect()
            .await,
    );
    let read_first: Vec<Order> = first.into_iter().flat_map(|p| p.items).collect();
    assert_eq!(read_first, ada[..12]);
    assert_eq!(rest, ada[12..], "resumed exactly after the 12th");

    let newest: Vec<Order> = must(
        "Query descending",
        table
            .query::<Order>()
            .key(Key::new("user").eq("ada").and(Key::new("order").ge(20)))
            .descending()
            .stream()
            .try_collect()
            .await,
    );
    let orders: Vec<u32> = newest.iter().map(|o| o.order).collect();
    assert_eq!(orders, [24, 23, 22, 21, 20]);
    drop_table(&table).await;
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn queries_on_a_local_and_a_global_secondary_index_with_filter_and_count() {
    let ddb = dynamodb();
    let table = orders_table(&ddb).await;
    fill(&table, "ada", 12).await;
    fill(&table, "bob", 6).await;

    let lsi: Vec<Order> = must(
        "Query LSI",
        table
            .query::<Order>()
            .index_name("by_total")
            .key(
                Key::new("user")
                    .eq("ada")
                    .and(Key::new("total").between(30, 70)),
            )
            .stream()
            .try_collect()
            .await,
    );
    let totals: Vec<u64> = lsi.iter().map(|o| o.total).collect();
    assert_eq!(
        totals,
        [30, 40, 50, 60, 70],
        "sorted by the index's sort key"
    );

    let gsi: Vec<Order> = must(
        "Query GSI",
        table
            .query::<Order>()
            .index_name("by_status")
            .key(Key::new("status").eq("open").and(Key::new("total").ge(30)))
            .filter(Attr::new("user").eq("ada"))
            .stream()
            .try_collect()
            .await,
    );
    let found: Vec<(String, u32)> = gsi.iter().map(|o| (o.user.clone(), o.order)).collect();
    assert_eq!(
        found,
        [("ada".to_string(), 3), ("ada".into(), 6), ("ada".into(), 9)]
    );

    let open = must(
        "Query count",
        table
            .count_query()
            .key(Key::new("user").eq("ada"))
            .filter(Attr::new("status").eq("open"))
            .count()
            .await,
    );
    assert_eq!(open, 4, "orders 0, 3, 6 and 9");
    let everything = must("Scan count", table.count_scan().count().await);
    assert_eq!(everything, 18);

    let keys: Vec<OrderKey> = must(
        "Query projected",
        table
            .query::<OrderKey>()
            .key(Key::new("user").eq("bob"))
            .projection(Projection::new(["user", "order"]))
            .stream()
            .try_collect()
            .await,
    );
    assert_eq!(keys.len(), 6);
    assert_eq!(
        keys[5],
        OrderKey {
            user: "bob".into(),
            order: 5
        }
    );
    let raw: Vec<HashMap<String, Value>> = must(
        "Scan projected",
        table
            .scan::<HashMap<String, Value>>()
            .projection(Projection::new(["total"]))
            .stream()
            .try_collect()
            .await,
    );
    assert_eq!(raw.len(), 18);
    assert!(
        raw.iter()
            .all(|item| item.len() == 1 && item.contains_key("total")),
        "only the projected attribute: {:?}",
        raw.first()
    );
    drop_table(&table).await;
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_parallel_scan_reads_every_item_once() {
    let ddb = dynamodb();
    let table = orders_table(&ddb).await;
    let mut all = Vec::new();
    for user in ["ada", "bob", "cy", "di", "ed", "flo"] {
        all.extend(fill(&table, user, 5).await);
    }
    let key = |o: &Order| (o.user.clone(), o.order);
    let expected: BTreeSet<_> = all.iter().map(key).collect();

    let pages: Vec<_> = must(
        "Scan segments(3)",
        table
            .scan::<Order>()
            .segments(3)
            .page_size(4)
            .pages()
            .try_collect()
            .await,
    );
    let segments: BTreeSet<u32> = pages.iter().filter_map(|p| p.segment).collect();
    assert_eq!(
        segments,
        BTreeSet::from([0, 1, 2]),
        "all three segments ran"
    );
    let read: Vec<_> = pages.iter().flat_map(|p| p.items.iter().map(key)).collect();
    assert_eq!(read.len(), all.len(), "no item twice");
    assert_eq!(read.into_iter().collect::<BTreeSet<_>>(), expected);

    let whole: Vec<Order> = must(
        "Scan segments(4), default page size",
        table
            .scan::<Order>()
            .segments(4)
            .stream()
            .try_collect()
            .await,
    );
    assert_eq!(
        whole.len(),
        all.len(),
        "every segment read without a page size"
    );
    assert_eq!(whole.iter().map(key).collect::<BTreeSet<_>>(), expected);

    let mut by_segment = Vec::new();
    for i in 0..3 {
        let part: Vec<Order> = must(
            "Scan segment(i, 3)",
            table
                .scan::<Order>()
                .segment(i, 3)
                .stream()
                .try_collect()
                .await,
        );
        by_segment.extend(part.iter().map(key));
    }
    assert_eq!(by_segment.len(), all.len());
    assert_eq!(by_segment.into_iter().collect::<BTreeSet<_>>(), expected);

    let limited: Vec<Order> = must(
        "Scan segments(3) limit 7",
        table
            .scan::<Order>()
            .segments(3)
            .page_size(2)
            .limit(7)
            .stream()
            .try_collect()
            .await,
    );
    assert_eq!(limited.len(), 7, "the limit holds across segments");
    drop_table(&table).await;
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let (raw, listener) = common::unserved_client("dynamodb");
    let ddb = must("service resource", ServiceResource::from_client(raw));
    let table = ddb.table("never-called");

    let err = table
        .query::<Order>()
        .page_size(0)
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .expect_err("no key condition");
    assert!(err.is_validation(), "{err:?}");
    let problems = err.validation_problems().join("\n");
    assert!(problems.contains("no key condition"), "{problems}");
    assert!(
        problems.contains("page_size must be at least 1"),
        "{problems}"
    );

    let err = table
        .update_item::<Order>(("ada".into(), 1))
        .await
        .expect_err("no update");
    assert!(err.to_string().contains("no update given"), "{err}");
    let err = table
        .update_item::<Order>(("ada".into(), 1))
        .update(Update::new().set("total", 1))
        .expected_version(3)
        .await
        .expect_err("Order is not versioned");
    assert!(err.to_string().contains("no version attribute"), "{err}");
    let err = table
        .scan::<Order>()
        .segment(3, 3)
        .count()
        .await
        .expect_err("segment out of range");
    assert!(err.to_string().contains("segment 3 of 3"), "{err}");
    let err = table
        .put(&order("x", 1, "open", 1))
        .condition(Attr::new("a..b").exists())
        .await
        .expect_err("a malformed path");
    assert!(err.is_validation(), "{err:?}");
    assert_eq!(err.attempts(), 0);
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("a request reached the server: {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn the_low_level_client_still_takes_attribute_values() {
    let ddb = dynamodb();
    let table = orders_table(&ddb).await;
    let raw = client("dynamodb");
    must(
        "PutItem raw",
        raw.call(
            "PutItem",
            json!({
                "TableName": table.name(),
                "Item": {
                    "user": {"S": "raw"},
                    "order": {"N": "1"},
                    "status": {"S": "open"},
                    "total": {"N": "5"}
                }
            }),
        )
        .await,
    );
    assert_eq!(
        must("GetItem", table.get::<Order>(("raw".into(), 1)).await),
        Some(order("raw", 1, "open", 5))
    );
    must(
        "PutItem typed",
        table.put(&order("raw", 2, "paid", 6)).await,
    );
    let out = must(
        "GetItem raw",
        raw.call(
            "GetItem",
            json!({"TableName": table.name(), "Key": {"user": {"S": "raw"}, "order": {"N": "2"}}}),
        )
        .await,
    );
    assert_eq!(out["Item"]["status"], json!({"S": "paid"}));
    assert_eq!(out["Item"]["total"], json!({"N": "6"}));
    assert_eq!(<Order as Item>::SCHEMA.hash_key(), "user");
    drop_table(&table).await;
}
