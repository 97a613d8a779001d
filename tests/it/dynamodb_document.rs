//! `Document`, the lossless schemaless item, through every table method end to end against
//! moto (put, get, update_item, delete_item, query, scan, the batch writer, transactions),
//! and the typed calls clearing the `Table`'s cached DescribeTable data as the generated
//! actions do.
//!
//! Needs moto's server in `RBOTO_TEST_ENDPOINT` (started by `scripts/test`); fails without.

use crate::common;

use common::{client, must, session, unique};
use futures::TryStreamExt;
use rboto::dynamodb::{
    document, BinarySet, Document, Key, Number, NumberSet, ServiceResource, StringSet, Table,
    Update,
};
use serde_json::json;

fn dynamodb() -> ServiceResource {
    must(
        "dynamodb service resource",
        ServiceResource::new(&session()),
    )
}

/// A table `pk` (S) + `sk` (N), created straight on moto.
async fn create_table() -> Table {
    let name = unique("document");
    common::ok(
        "CreateTable",
        client("dynamodb")
            .call(
                "CreateTable",
                json!({
                    "TableName": name,
                    "KeySchema": [
                        {"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "sk", "KeyType": "RANGE"}
                    ],
                    "AttributeDefinitions": [
                        {"AttributeName": "pk", "AttributeType": "S"},
                        {"AttributeName": "sk", "AttributeType": "N"}
                    ],
                    "BillingMode": "PAY_PER_REQUEST"
                }),
            )
            .await,
    );
    dynamodb().table(&name)
}

/// An item with every attribute type, a number beyond `f64` and nested empty collections.
fn rich(pk: &str, sk: u32) -> Document {
    let tags: StringSet = ["b", "a"].into_iter().collect();
    let sizes: NumberSet = [
        "1".parse::<Number>().unwrap(),
        "-12345678901234567890.5".parse().unwrap(),
    ]
    .into_iter()
    .collect();
    let keys: BinarySet = [vec![0u8], vec![1, 2]].into_iter().collect();
    document!({
        "pk": pk,
        "sk": sk,
        "wide": ("-12345678901234567890".parse::<Number>().unwrap()),
        "tiny": 1E-130,
        "tags": tags,
        "sizes": sizes,
        "keys": keys,
        "blob": (Document::B(vec![0, 255])),
        "flag": true,
        "nothing": null,
        "nested": {"list": [[], {}, "x", 0.1], "empty": {}},
    })
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn documents_go_through_every_table_method_unchanged() {
    let table = create_table().await;
    let ada = rich("ada", 1);
    must("put", table.put(&ada).await);
    let key = document!({"pk": "ada", "sk": 1});
    let got = must("get", table.get::<Document>(key.clone()).await);
    assert_eq!(got.as_ref(), Some(&ada));

    let updated = must(
        "update_item",
        table
            .update_item::<Document>(key.clone())
            .update(Update::new().set("flag", false))
            .await,
    )
    .expect("ALL_NEW");
    assert_eq!(updated, ada.clone().with("flag", false));

    let mut writer = table.batch_writer();
    for sk in 2..30 {
        writer.put(&rich("ada", sk)).await.expect("batch put");
    }
    writer
        .delete::<Document>(&document!({"pk": "ada", "sk": 29}))
        .await
        .expect("batch delete");
    writer.close().await.expect("batch close");

    let queried: Vec<Document> = must(
        "query",
        table
            .query::<Document>()
            .key(Key::new("pk").eq("ada"))
            .page_size(7)
            .stream()
            .try_collect()
            .await,
    );
    assert_eq!(queried.len(), 28);
    assert_eq!(queried[5], rich("ada", 6));
    let scanned: Vec<Document> = must(
        "scan",
        table.scan::<Document>().stream().try_collect().await,
    );
    assert_eq!(scanned.len(), 28);

    let ddb = dynamodb();
    must(
        "transact_write",
        ddb.transact_write()
            .put(&table, &rich("bob", 1), None)
            .delete::<Document>(&table, document!({"pk": "ada", "sk": 2}), None)
            .send()
            .await,
    );
    let both = must(
        "transact_get",
        ddb.transact_get::<Document>()
            .get(&table, document!({"pk": "bob", "sk": 1}))
            .get(&table, document!({"pk": "ada", "sk": 2}))
            .send()
            .await,
    );
    assert_eq!(both, [Some(rich("bob", 1)), None]);

    let old = must(
        "delete_item",
        table
            .delete_item::<Document>(key.clone())
            .return_old()
            .await,
    );
    assert_eq!(old, Some(updated));
    assert_eq!(must("get", table.get::<Document>(key).await), None);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_schemaless_key_must_be_a_map_of_one_or_two_scalar_attributes() {
    let table = create_table().await;
    for bad in [document!("ada"), document!({"pk": ["x"]})] {
        let err = table.get::<Document>(bad).await.unwrap_err();
        assert!(err.is_validation(), "{err}");
        assert!(err.to_string().contains("key"), "{err}");
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn typed_calls_clear_the_cached_table_data() {
    let table = create_table().await;
    let key = document!({"pk": "c", "sk": 1});
    let cached = |table: &Table| table.meta().data().is_some();

    must("load", table.load().await);
    assert!(cached(&table));
    assert_eq!(must("item_count", table.item_count().await), Some(0));
    must("put", table.put(&rich("c", 1)).await);
    assert!(!cached(&table), "put left the DescribeTable data cached");
    assert_eq!(
        must("item_count", table.item_count().await),
        Some(1),
        "the next attribute read loads again"
    );

    must("get", table.get::<Document>(key.clone()).await);
    assert!(!cached(&table), "get left the data cached");
    must("load", table.load().await);
    must(
        "update_item",
        table
            .update_item::<Document>(key.clone())
            .update(Update::new().set("flag", false))
            .await,
    );
    assert!(!cached(&table), "update_item left the data cached");
    must("load", table.load().await);
    let _: Vec<Document> = must(
        "query",
        table
            .query::<Document>()
            .key(Key::new("pk").eq("c"))
            .stream()
            .try_collect()
            .await,
    );
    assert!(!cached(&table), "query left the data cached");
    must("load", table.load().await);
    let _: Vec<Document> = must(
        "scan",
        table.scan::<Document>().stream().try_collect().await,
    );
    assert!(!cached(&table), "scan left the data cached");
    must("load", table.load().await);
    must("delete_item", table.delete_item::<Document>(key).await);
    assert!(!cached(&table), "delete_item left the data cached");
    assert_eq!(must("item_count", table.item_count().await), Some(0));
}

/// Several entity types in one table (single-table design), told apart by `type`.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type")]
enum Entity {
    User {
        pk: String,
        sk: u32,
        name: String,
        tags: StringSet,
    },
    Order {
        pk: String,
        sk: u32,
        total: Number,
        lines: Vec<String>,
    },
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_page_of_mixed_entities_reads_into_an_enum_by_its_type_attribute() {
    let table = create_table().await;
    let user_key = |id: u32| format!("USER#{id}");
    let entities = [
        Entity::User {
            pk: user_key(7),
            sk: 0,
            name: "Ada".into(),
            tags: ["admin"].into_iter().collect(),
        },
        Entity::Order {
            pk: user_key(7),
            sk: 1,
            total: "12345678901234567890.99".parse().unwrap(),
            lines: vec!["book".into()],
        },
        Entity::Order {
            pk: user_key(7),
            sk: 2,
            total: "5".parse().unwrap(),
            lines: Vec::new(),
        },
    ];
    let mut writer = table.batch_writer();
    for entity in &entities {
        writer.put_value(entity).await.expect("batch put");
    }
    writer.close().await.expect("batch close");
    let stored = must(
        "get",
        table
            .get::<Document>(document!({"pk": "USER#7", "sk": 1}))
            .await,
    )
    .expect("stored");
    assert_eq!(stored.get("type").and_then(Document::as_str), Some("Order"));

    let page: Vec<Entity> = must(
        "query",
        table
            .query::<Entity>()
            .key(Key::new("pk").eq(user_key(7)))
            .stream()
            .try_collect()
            .await,
    );
    assert_eq!(page, entities);

    must(
        "put",
        table
            .put(&document!({"pk": "USER#7", "sk": 3, "type": "Refund"}))
            .await,
    );
    let err = table
        .query::<Entity>()
        .key(Key::new("pk").eq(user_key(7)))
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Refund"), "{err}");
}
