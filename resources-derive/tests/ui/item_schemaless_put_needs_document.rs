// A schemaless put of a `serde_json::Value` does not compile: the message points to
// `Document`, which keeps every DynamoDB type.
use rboto_models::dynamodb::ItemTable;
use serde_json::json;

async fn write(table: ItemTable) {
    let _ = table.put(&json!({"pk": "user#1", "visits": 3})).await;
}

fn main() {}
