//! DynamoDB the ORM way: a `#[derive(Item)]` struct saved, loaded, updated under conditions
//! and optimistic locking, queried on the table and a secondary index across every page,
//! counted, scanned in parallel, and changed in a transaction; and a schemaless `Document`
//! stored and read back unchanged.
//!
//! Run against the local emulator: `eval "$(scripts/emulator start)"`, then
//! `AWS_ENDPOINT_URL=$RBOTO_TEST_ENDPOINT cargo run --example dynamodb_orm`.

use futures::TryStreamExt;
use rboto::dynamodb::{
    document, Attr, Document, Item, Key, Number, Projection, ServiceResource, StringSet, Update,
};
use rboto::{json, Session};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Status {
    Open,
    Paid,
    Shipped,
}

#[derive(Debug, Clone, Serialize, Deserialize, Item)]
#[item(hash_key = "customer", range_key = "order_id", version = "version")]
struct Order {
    customer: String,
    order_id: u32,
    status: Status,
    total_cents: u64,
    lines: Vec<String>,
    #[serde(default)]
    version: u64,
}

/// Just what a listing needs: a projection's own type.
#[derive(Debug, Deserialize)]
struct OrderSummary {
    order_id: u32,
    total_cents: u64,
}

#[tokio::main]
async fn main() -> Result<(), rboto::Error> {
    let session = Session::from_env().await?;
    let ddb = ServiceResource::new(&session)?;
    let name = format!("orders-{}", std::process::id());

    // The schema, once: (customer, order_id), and a GSI on status.
    session
        .client(rboto::dynamodb::model())?
        .call(
            "CreateTable",
            json!({
                "TableName": name,
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [
                    {"AttributeName": "customer", "AttributeType": "S"},
                    {"AttributeName": "order_id", "AttributeType": "N"},
                    {"AttributeName": "status", "AttributeType": "S"}
                ],
                "KeySchema": [
                    {"AttributeName": "customer", "KeyType": "HASH"},
                    {"AttributeName": "order_id", "KeyType": "RANGE"}
                ],
                "GlobalSecondaryIndexes": [{
                    "IndexName": "by_status",
                    "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"}
                }]
            }),
        )
        .await?;
    let orders = ddb.table(&name);
    orders.wait_until_exists().await?;

    // Save: a new versioned item must not exist yet, and is stored at version 1.
    for order_id in 1..=30 {
        let order = Order {
            customer: if order_id % 2 == 0 { "ada" } else { "bob" }.into(),
            order_id,
            status: Status::Open,
            total_cents: u64::from(order_id) * 250,
            lines: vec![format!("widget x{order_id}")],
            version: 0,
        };
        orders.put(&order).await?;
    }

    // Load by typed key: (customer, order_id).
    let mut order = orders
        .get::<Order>(("ada".into(), 4))
        .consistent_read(true)
        .await?
        .expect("saved above");
    println!("loaded {order:?}");

    // Change and save: only if nobody saved it since we loaded it.
    let stale = order.clone();
    order.status = Status::Paid;
    order.version = orders.put(&order).await?.version.expect("versioned");
    match orders.put(&stale).await {
        Err(e) if e.is_conditional_check_failed() => {
            println!("stale copy at version {} refused", stale.version)
        }
        other => panic!("a stale save went through: {other:?}"),
    }

    // Update in place, under a condition, reading back the new item.
    let shipped = orders
        .update_item::<Order>(("ada".into(), 4))
        .update(
            Update::new()
                .set("status", Status::Shipped)
                .add("total_cents", 499),
        )
        .condition(Attr::new("status").eq(Status::Paid))
        .expected_version(order.version)
        .await?
        .expect("ALL_NEW");
    println!(
        "shipped order {} at version {}, total {}",
        shipped.order_id, shipped.version, shipped.total_cents
    );

    // Query: every page, lazily, 5 items a request; a projection into its own type.
    let mut big = orders
        .query::<OrderSummary>()
        .key(
            Key::new("customer")
                .eq("ada")
                .and(Key::new("order_id").ge(10)),
        )
        .filter(Attr::new("total_cents").ge(5_000))
        .projection(Projection::new(["order_id", "total_cents"]))
        .page_size(5)
        .stream();
    while let Some(summary) = big.try_next().await? {
        println!(
            "ada's big order {} ({} cents)",
            summary.order_id, summary.total_cents
        );
    }

    // A secondary index, and a count without reading items.
    let open = orders
        .query::<Order>()
        .index_name("by_status")
        .key(Key::new("status").eq(Status::Open))
        .count()
        .await?;
    println!("{open} orders still open");

    // A transaction: both writes or neither.
    ddb.transact_write()
        .update::<Order>(
            &orders,
            ("bob".into(), 1),
            Update::new().set("status", Status::Paid),
            Some(Attr::new("status").eq(Status::Open)),
        )
        .update::<Order>(
            &orders,
            ("bob".into(), 3),
            Update::new().set("status", Status::Paid),
            Some(Attr::new("status").eq(Status::Open)),
        )
        .send()
        .await?;

    // A parallel scan over 4 segments, merged into one stream.
    let paid: Vec<Order> = orders
        .scan::<Order>()
        .segments(4)
        .filter(Attr::new("status").ne(Status::Open))
        .stream()
        .try_collect()
        .await?;
    println!("{} orders paid or shipped", paid.len());
    assert_eq!(paid.len(), 3);
    assert_eq!(open, 29, "30 saved, one shipped");

    // A schemaless item: `Document` keeps every DynamoDB type (a 20-digit number, a string
    // set) where `serde_json::Value` would refuse them; every table method takes it.
    let labels: StringSet = ["gift", "fragile"].into_iter().collect();
    let note = document!({
        "customer": "carol",
        "order_id": 1,
        "labels": labels,
        "reference": ("98765432109876543210".parse::<Number>()?),
        "address": {"city": "Lyon", "floor": null},
    });
    orders.put(&note).await?;
    let read = orders
        .get::<Document>(document!({"customer": "carol", "order_id": 1}))
        .await?;
    assert_eq!(read.as_ref(), Some(&note), "stored and read back unchanged");
    println!(
        "carol's labels: {:?}",
        read.as_ref().and_then(|d| d.get("labels"))
    );

    orders.delete().send().await?; // DeleteTable
    orders.wait_until_not_exists().await?;
    Ok(())
}
