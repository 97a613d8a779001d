//! The batch writer applies what an item type declares to its puts, end to end against moto:
//! a counter initialised as `put` initialises it, created and updated timestamps stamped as
//! `put` stamps them, and keys composed from fields (on puts and on typed deletes); and
//! composed keys are parsed back wherever items are read: query and scan pages (items and
//! `.pages()`) and `batch_get`, with key conditions given as the source fields' values.

use std::time::{SystemTime, UNIX_EPOCH};

use futures::TryStreamExt;
use rboto_dynamodb::{
    Attr, BatchGetter, BatchWriter, ComposedKey, Item, ItemDescription, ItemTable, Key, KeySchema,
    ScalarType,
};
use rboto_runtime::Client;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::dynamodb_codec_moto::dynamodb;

/// A page with a view counter and both timestamps (epoch seconds), as
/// `#[item(hash_key = "id", counter = "views", ..)]` declares them.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Visit {
    id: String,
    note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    views: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated: Option<u64>,
}

impl Item for Visit {
    type Key = String;
    const SCHEMA: KeySchema = KeySchema::new("id").with_description(
        &ItemDescription::new(&[("id", ScalarType::String)])
            .with_counter("views")
            .with_created_at("created")
            .with_updated_at("updated"),
    );
}

/// `compose(pk = "USER#{customer}", sk = "ORDER#{order_id}")`, as the derive writes it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct UserOrder {
    customer: String,
    order_id: u32,
    total: u64,
}

impl Item for UserOrder {
    type Key = (String, u32);
    const SCHEMA: KeySchema = KeySchema::new("pk").with_range_key("sk").with_description(
        &ItemDescription::new(&[
            ("pk", ScalarType::String),
            ("sk", ScalarType::String),
            ("customer", ScalarType::String),
            ("order_id", ScalarType::Number),
        ])
        .with_composed(
            &[
                ComposedKey {
                    attribute: "pk",
                    template: "USER#{customer}",
                },
                ComposedKey {
                    attribute: "sk",
                    template: "ORDER#{order_id}",
                },
            ],
            &["customer", "order_id"],
        ),
    );
}

/// Another entity in the same table: `compose(pk = "USER#{id}", sk = "PROFILE")`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Profile {
    id: String,
    name: String,
}

impl Item for Profile {
    type Key = String;
    const SCHEMA: KeySchema = KeySchema::new("pk").with_range_key("sk").with_description(
        &ItemDescription::new(&[("pk", ScalarType::String), ("sk", ScalarType::String)])
            .with_composed(
                &[
                    ComposedKey {
                        attribute: "pk",
                        template: "USER#{id}",
                    },
                    ComposedKey {
                        attribute: "sk",
                        template: "PROFILE",
                    },
                ],
                &["id"],
            ),
    );
}

async fn create_table(client: &Client, keys: &[&str]) -> String {
    let name = format!(
        "rboto-batch-ext-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let kinds = ["HASH", "RANGE"];
    let schema: Vec<Value> = keys
        .iter()
        .zip(kinds)
        .map(|(k, kind)| json!({"AttributeName": k, "KeyType": kind}))
        .collect();
    let definitions: Vec<Value> = keys
        .iter()
        .map(|k| json!({"AttributeName": k, "AttributeType": "S"}))
        .collect();
    client
        .call(
            "CreateTable",
            json!({"TableName": name, "KeySchema": schema,
                   "AttributeDefinitions": definitions, "BillingMode": "PAY_PER_REQUEST"}),
        )
        .await
        .expect("CreateTable");
    name
}

async fn raw_item(client: &Client, table: &str, key: Value) -> Value {
    let out = client
        .call("GetItem", json!({"TableName": table, "Key": key}))
        .await
        .expect("GetItem");
    out["Item"].clone()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn seconds(value: &Value) -> u64 {
    value["N"]
        .as_str()
        .unwrap_or_else(|| panic!("not a number: {value}"))
        .parse()
        .unwrap()
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_batch_put_initialises_the_counter_and_stamps_times_as_put_does() {
    let client = dynamodb();
    let table = create_table(&client, &["id"]).await;
    let before = now();
    let fresh = Visit {
        id: "fresh".into(),
        note: "new".into(),
        views: None,
        created: None,
        updated: None,
    };
    let carried = Visit {
        id: "carried".into(),
        note: "old".into(),
        views: Some(41),
        created: Some(5),
        updated: Some(6),
    };
    let mut writer = BatchWriter::new(client.clone(), &table);
    writer.put(&fresh).await.expect("batch put");
    writer.put(&carried).await.expect("batch put");
    writer.close().await.expect("close");
    let after = now();

    let stored = raw_item(&client, &table, json!({"id": {"S": "fresh"}})).await;
    assert_eq!(stored["views"], json!({"N": "0"}), "{stored}");
    let created = seconds(&stored["created"]);
    assert!((before..=after).contains(&created), "{stored}");
    assert_eq!(stored["updated"], stored["created"], "{stored}");
    assert_eq!(stored["note"], json!({"S": "new"}));

    let stored = raw_item(&client, &table, json!({"id": {"S": "carried"}})).await;
    assert_eq!(
        stored["views"],
        json!({"N": "41"}),
        "a put keeps the count it carries"
    );
    assert_eq!(
        stored["created"],
        json!({"N": "5"}),
        "and the creation time"
    );
    assert!(
        (before..=after).contains(&seconds(&stored["updated"])),
        "{stored}"
    );

    // The same items through `put` are stored the same way (times aside).
    let items = ItemTable::new(client.clone(), &table);
    let single = Visit {
        id: "single".into(),
        ..fresh.clone()
    };
    items.put(&single).await.expect("put");
    let by_put = raw_item(&client, &table, json!({"id": {"S": "single"}})).await;
    let by_batch = raw_item(&client, &table, json!({"id": {"S": "fresh"}})).await;
    let shape = |item: &Value| -> Vec<(String, String)> {
        let mut shape: Vec<(String, String)> = item
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, value)| {
                let tag = value.as_object().unwrap().keys().next().unwrap().clone();
                (name.clone(), tag)
            })
            .collect();
        shape.sort();
        shape
    };
    assert_eq!(shape(&by_put), shape(&by_batch));
    assert_eq!(by_put["views"], by_batch["views"]);

    // `put_value` writes a value as given: no schema, nothing stamped.
    let mut writer = BatchWriter::new(client.clone(), &table);
    writer
        .put_value(&json!({"id": "plain", "note": "as given"}))
        .await
        .expect("put_value");
    writer.close().await.expect("close");
    let plain = raw_item(&client, &table, json!({"id": {"S": "plain"}})).await;
    assert_eq!(
        plain,
        json!({"id": {"S": "plain"}, "note": {"S": "as given"}})
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn composed_keys_are_written_by_the_batch_writer_and_parsed_back_on_every_read() {
    let client = dynamodb();
    let table = create_table(&client, &["pk", "sk"]).await;
    let order = |customer: &str, order_id: u32, total: u64| UserOrder {
        customer: customer.into(),
        order_id,
        total,
    };

    // Puts compose the keys; a typed delete composes the key it deletes.
    let mut writer = BatchWriter::new(client.clone(), &table).key_schema(UserOrder::SCHEMA);
    for o in [
        order("ada", 7, 250),
        order("ada", 12, 90),
        order("ada", 30, 5),
    ] {
        writer.put(&o).await.expect("batch put order");
    }
    writer
        .put(&Profile {
            id: "ada".into(),
            name: "Ada".into(),
        })
        .await
        .expect("batch put profile");
    writer.flush().await.expect("flush");
    writer
        .delete::<UserOrder>(&("ada".into(), 30))
        .await
        .expect("batch delete");
    writer.close().await.expect("close");
    let stored = raw_item(
        &client,
        &table,
        json!({"pk": {"S": "USER#ada"}, "sk": {"S": "ORDER#7"}}),
    )
    .await;
    assert_eq!(stored["customer"], json!({"S": "ada"}), "{stored}");
    assert_eq!(stored["order_id"], json!({"N": "7"}), "{stored}");
    let profile = raw_item(
        &client,
        &table,
        json!({"pk": {"S": "USER#ada"}, "sk": {"S": "PROFILE"}}),
    )
    .await;
    assert_eq!(profile["name"], json!({"S": "Ada"}), "{profile}");
    let deleted = raw_item(
        &client,
        &table,
        json!({"pk": {"S": "USER#ada"}, "sk": {"S": "ORDER#30"}}),
    )
    .await;
    assert_eq!(
        deleted,
        Value::Null,
        "the typed batch delete composed its key"
    );

    // Another tool writes an order with only the composed keys.
    client
        .call(
            "PutItem",
            json!({"TableName": table, "Item": {
                "pk": {"S": "USER#bob"}, "sk": {"S": "ORDER#12"}, "total": {"N": "40"}
            }}),
        )
        .await
        .expect("PutItem raw");

    // Query: the key condition takes the source fields' values, and the items come back
    // with their sources parsed from the composed keys.
    let items = ItemTable::new(client.clone(), &table);
    let bob: Vec<UserOrder> = items
        .query::<UserOrder>()
        .key(
            Key::composed::<UserOrder>("pk")
                .eq("bob")
                .and(Key::composed::<UserOrder>("sk").begins_with(())),
        )
        .stream()
        .try_collect()
        .await
        .expect("query bob");
    assert_eq!(bob, [order("bob", 12, 40)]);
    let pages: Vec<_> = items
        .query::<UserOrder>()
        .key(Key::composed::<UserOrder>("pk").eq("bob"))
        .pages()
        .try_collect()
        .await
        .expect("query pages");
    assert_eq!(pages[0].items, [order("bob", 12, 40)]);
    let ada: Vec<UserOrder> = items
        .query::<UserOrder>()
        .key(
            Key::composed::<UserOrder>("pk")
                .eq("ada")
                .and(Key::composed::<UserOrder>("sk").begins_with(())),
        )
        .stream()
        .try_collect()
        .await
        .expect("query ada");
    assert_eq!(
        ada,
        [order("ada", 12, 90), order("ada", 7, 250)],
        "the profile is left out"
    );
    let one: Vec<UserOrder> = items
        .query::<UserOrder>()
        .key(
            Key::composed::<UserOrder>("pk")
                .eq("ada")
                .and(Key::composed::<UserOrder>("sk").eq(7)),
        )
        .stream()
        .try_collect()
        .await
        .expect("query one");
    assert_eq!(one, [order("ada", 7, 250)]);

    // Scan: the item type's schema, given, parses bob's keys back; without it his order
    // does not fit the type, and the error names the missing field.
    let orders_only = Attr::new("sk").begins_with("ORDER#");
    let mut scanned: Vec<UserOrder> = items
        .scan::<UserOrder>()
        .key_schema(UserOrder::SCHEMA)
        .filter(orders_only.clone())
        .stream()
        .try_collect()
        .await
        .expect("scan");
    scanned.sort_by_key(|o| (o.customer.clone(), o.order_id));
    assert_eq!(
        scanned,
        [
            order("ada", 7, 250),
            order("ada", 12, 90),
            order("bob", 12, 40)
        ]
    );
    let scanned_pages: Vec<_> = items
        .scan::<UserOrder>()
        .key_schema(UserOrder::SCHEMA)
        .filter(orders_only.clone())
        .page_size(1)
        .pages()
        .try_collect()
        .await
        .expect("scan pages");
    let in_pages: usize = scanned_pages.iter().map(|p| p.items.len()).sum();
    assert_eq!(in_pages, 3);
    let without = items
        .scan::<UserOrder>()
        .filter(orders_only)
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .expect_err("bob's order lacks its sources");
    assert!(without.to_string().contains("customer"), "{without}");

    // batch_get: typed keys composed, items parsed back, in key order.
    let got = BatchGetter::new(client.clone(), &table)
        .get_items::<UserOrder>([("bob".to_string(), 12), ("ada".to_string(), 7)])
        .await
        .expect("batch get");
    assert_eq!(got, [order("bob", 12, 40), order("ada", 7, 250)]);

    // A key condition on an attribute the type does not compose is refused before sending.
    let err = items
        .query::<UserOrder>()
        .key(Key::composed::<UserOrder>("total").eq(1))
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .expect_err("not composed");
    assert!(err.is_validation(), "{err}");
    assert!(
        err.to_string().contains("`total` is not a composed key")
            && err.to_string().contains("pk, sk"),
        "{err}"
    );
    client
        .call("DeleteTable", json!({"TableName": table}))
        .await
        .expect("DeleteTable");
}
