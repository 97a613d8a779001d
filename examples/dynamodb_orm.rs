//! DynamoDB the ORM way: a table created from a `#[derive(Item)]` struct (its keys, a
//! declared secondary index, TTL), items saved, loaded, updated under conditions and
//! optimistic locking with an update timestamp kept for them, queried on the table and on the
//! index across every page, projected into a summary type, counted, scanned in parallel,
//! read with PartiQL, and changed in a transaction; a schemaless `Document` stored and
//! read back unchanged; and a single-table entity whose keys are composed from its fields,
//! written by the batch writer (which composes the keys and runs the counter and timestamp
//! extensions) and queried by its fields' values.
//!
//! Run against the local emulator: `eval "$(scripts/emulator start)"`, then
//! `AWS_ENDPOINT_URL=$RBOTO_TEST_ENDPOINT cargo run --example dynamodb_orm`.

use futures::TryStreamExt;
use std::time::{Duration, SystemTime};

use rboto::dynamodb::{
    document, epoch_seconds, Attr, Document, Item, Key, KeyAttribute, Number, ScalarType,
    ServiceResource, Statement, StringSet, Update,
};
use rboto::Session;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Status {
    Open,
    Paid,
    Shipped,
}

/// `status` keys the `by_status` index; its variants are stored as strings.
impl KeyAttribute for Status {
    const TYPE: ScalarType = ScalarType::String;
}

#[derive(Debug, Clone, Serialize, Deserialize, Item)]
#[item(
    hash_key = "customer",
    range_key = "order_id",
    version = "version",
    gsi(name = "by_status", hash_key = "status", range_key = "total_cents")
)]
struct Order {
    customer: String,
    order_id: u32,
    status: Status,
    total_cents: u64,
    lines: Vec<String>,
    #[serde(default)]
    version: u64,
    /// Stamped by every put and update.
    #[item(updated_at)]
    #[serde(
        with = "epoch_seconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    updated: Option<SystemTime>,
    /// DynamoDB deletes the order some time after this.
    #[item(ttl)]
    #[serde(with = "epoch_seconds")]
    expires: SystemTime,
}

/// Single-table design: `pk` and `sk` are composed from the fields, and the batch writer
/// initialises the counter and stamps the creation time as `put` does.
#[derive(Debug, Clone, Serialize, Deserialize, Item)]
#[item(
    hash_key = "pk",
    range_key = "sk",
    compose(pk = "CUSTOMER#{customer}", sk = "ORDER#{order_id}"),
    counter = "edits"
)]
struct CustomerOrder {
    customer: String,
    order_id: u32,
    total_cents: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    edits: Option<u64>,
    #[item(created_at)]
    #[serde(
        with = "epoch_seconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    created: Option<SystemTime>,
}

/// Just what a listing needs: a projection's own type.
#[derive(Debug, Deserialize)]
struct OrderSummary {
    order_id: u32,
    total_cents: u64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let session = Session::from_env().await?;
    let ddb = ServiceResource::new(&session)?;
    let name = format!("orders-{}", std::process::id());

    // The table from the type: (customer, order_id), the by_status index, on-demand
    // billing, TTL on `expires`; created, waited for, TTL enabled.
    let orders = ddb.table(&name);
    orders.create_for::<Order>().await?;

    // Save: a new versioned item must not exist yet, and is stored at version 1.
    for order_id in 1..=30 {
        let order = Order {
            customer: if order_id % 2 == 0 { "ada" } else { "bob" }.into(),
            order_id,
            status: Status::Open,
            total_cents: u64::from(order_id) * 250,
            lines: vec![format!("widget x{order_id}")],
            version: 0,
            updated: None,
            expires: SystemTime::now() + Duration::from_secs(90 * 24 * 3600),
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

    // Query: every page, lazily, 5 items a request; projected into a summary type, whose
    // fields name the attributes read.
    let mut big = orders
        .query::<Order>()
        .key(
            Key::new("customer")
                .eq("ada")
                .and(Key::new("order_id").ge(10)),
        )
        .filter(Attr::new("total_cents").ge(5_000))
        .project::<OrderSummary>()
        .page_size(5)
        .stream();
    while let Some(summary) = big.try_next().await? {
        println!(
            "ada's big order {} ({} cents)",
            summary.order_id, summary.total_cents
        );
    }

    // The declared index by name, with its keys' values only, and a count without items.
    let open = orders
        .query_index::<Order>("by_status")
        .hash(Status::Open)
        .count()
        .await?;
    println!("{open} orders still open");
    let big_open = orders
        .query_index::<Order>("by_status")
        .hash_and_range(Status::Open, |total| total.ge(7_000))
        .project::<OrderSummary>()
        .stream()
        .try_collect::<Vec<_>>()
        .await?;
    println!("{} open orders of 70 or more", big_open.len());

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

    // PartiQL, with typed parameters and results.
    let bobs: Vec<Order> = ddb
        .execute::<Order>(
            Statement::new(format!(r#"SELECT * FROM "{name}" WHERE customer = ?"#)).param("bob"),
        )
        .await?;
    println!("bob has {} orders", bobs.len());
    assert_eq!(bobs.len(), 15, "the odd order ids");

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

    let loaded = orders
        .get::<Order>(("ada".into(), 4))
        .await?
        .expect("saved");
    assert!(loaded.updated.is_some(), "stamped on every write");

    orders.delete().send().await?; // DeleteTable
    orders.wait_until_not_exists().await?;

    // Single-table design: the batch writer composes pk = CUSTOMER#ada, sk = ORDER#n from
    // the fields and fills in the counter and creation time; a query names its keys by the
    // fields' values, and reads them back into the fields.
    let shop = ddb.table(format!("{name}-single"));
    shop.create_for::<CustomerOrder>().await?;
    let mut writer = shop.batch_writer();
    for order_id in 1..=3 {
        let order = CustomerOrder {
            customer: "ada".into(),
            order_id,
            total_cents: u64::from(order_id) * 100,
            edits: None,
            created: None,
        };
        writer.put(&order).await?;
    }
    writer.close().await?; // a BatchWriteError hands back what was not written
    let ada: Vec<CustomerOrder> = shop
        .query::<CustomerOrder>()
        .key(
            Key::composed::<CustomerOrder>("pk")
                .eq("ada")
                .and(Key::composed::<CustomerOrder>("sk").begins_with(())),
        )
        .stream()
        .try_collect()
        .await?;
    println!("ada has {} orders in the single table", ada.len());
    assert_eq!(ada.len(), 3);
    assert!(
        ada.iter()
            .all(|o| o.edits == Some(0) && o.created.is_some()),
        "the batch put initialised the counter and stamped the creation time"
    );
    shop.delete().send().await?;
    shop.wait_until_not_exists().await?;
    Ok(())
}
