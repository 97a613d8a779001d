//! Items made by `to_item` go through a real DynamoDB peer (moto's server, at the URL in
//! `RBOTO_TEST_ENDPOINT`, which `scripts/test` and `scripts/emulator start` set) and read
//! back with `from_item`: the wire form is what the service accepts and returns.

use rboto_dynamodb::{
    from_attribute_value, from_item, to_attribute_value, to_item, BinarySet, Number, NumberSet,
    StringSet,
};
use rboto_runtime::session::{Credentials, Session};
use rboto_runtime::Client;
use rboto_test_support::models::model_at;
use rboto_test_support::moto;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use serde_json::{json, Value};

pub(crate) fn dynamodb() -> Client {
    let endpoint = moto::endpoint();
    Session::builder()
        .credentials(Credentials::new("testing", "testing", None))
        .region("us-east-1")
        .endpoint_url(endpoint)
        .build()
        .client(model_at("dynamodb", "2012-08-10"))
        .unwrap()
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Status {
    Active,
    Suspended { reason: String },
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Account {
    pk: String,
    balance: Number,
    visits: u64,
    ratio: f64,
    tiny: f64,
    huge: f64,
    signed: i32,
    active: bool,
    note: Option<String>,
    avatar: ByteBuf,
    tags: StringSet,
    lucky: NumberSet,
    keys: BinarySet,
    history: Vec<(u32, String)>,
    status: Status,
    previous: Status,
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn items_round_trip_through_dynamodb() {
    let client = dynamodb();
    let table = format!(
        "rboto-codec-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    client
        .call(
            "CreateTable",
            json!({
                "TableName": table,
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "BillingMode": "PAY_PER_REQUEST"
            }),
        )
        .await
        .unwrap();

    let account = Account {
        pk: "acct#1".into(),
        balance: "12345678901234567890.123456789012345678".parse().unwrap(),
        visits: u64::MAX,
        ratio: 0.1,
        tiny: 1.5e-120,
        huge: -2.5e120,
        signed: -42,
        active: true,
        note: None,
        avatar: ByteBuf::from(vec![0, 159, 146, 150, 255]),
        tags: ["b", "a"].into_iter().collect(),
        lucky: [Number::from(7), "0.5".parse().unwrap()]
            .into_iter()
            .collect(),
        keys: [vec![1u8], vec![2, 3]].into_iter().collect(),
        history: vec![(1, "opened".into()), (2, "funded".into())],
        status: Status::Active,
        previous: Status::Suspended {
            reason: "audit".into(),
        },
    };
    let item = to_item(&account).unwrap();
    client
        .call("PutItem", json!({"TableName": table, "Item": item}))
        .await
        .unwrap();

    let key = json!({"pk": to_attribute_value("acct#1").unwrap()});
    let got = client
        .call(
            "GetItem",
            json!({"TableName": table, "Key": key, "ConsistentRead": true}),
        )
        .await
        .unwrap();
    let stored = got["Item"].as_object().expect("the item was stored");
    assert_eq!(from_item::<Account>(stored).unwrap(), account);
    assert_eq!(stored["note"], json!({"NULL": true}));

    // The service compares our numbers as numbers: a condition on the exact balance holds.
    client
        .call(
            "UpdateItem",
            json!({
                "TableName": table,
                "Key": key,
                "UpdateExpression": "SET visits = :one",
                "ConditionExpression": "balance = :balance AND contains(lucky, :half)",
                "ExpressionAttributeValues": {
                    ":one": to_attribute_value(&1).unwrap(),
                    ":balance": to_attribute_value(&account.balance).unwrap(),
                    ":half": to_attribute_value(&0.5).unwrap(),
                },
            }),
        )
        .await
        .unwrap();
    let nearly: Number = "12345678901234567890.123456789012345679".parse().unwrap();
    let err = client
        .call(
            "UpdateItem",
            json!({
                "TableName": table,
                "Key": key,
                "UpdateExpression": "SET visits = :two",
                "ConditionExpression": "balance = :balance",
                "ExpressionAttributeValues": {
                    ":two": to_attribute_value(&2).unwrap(),
                    ":balance": to_attribute_value(&nearly).unwrap(),
                },
            }),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ConditionalCheckFailedException"), "{err}");
    let got = client
        .call("GetItem", json!({"TableName": table, "Key": key}))
        .await
        .unwrap();
    let visits: u8 = from_attribute_value(&got["Item"]["visits"]).unwrap();
    assert_eq!(visits, 1);
    let history: Value = from_attribute_value(&got["Item"]["history"]).unwrap();
    assert_eq!(history, json!([[1, "opened"], [2, "funded"]]));

    client
        .call("DeleteTable", json!({"TableName": table}))
        .await
        .unwrap();
}
