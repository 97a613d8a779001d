// The key of Order is (String, u32): a bare partition key does not compile.
use rboto_resources_derive::Item;
use rboto_models::dynamodb::ItemTable;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Item)]
#[item(hash_key = "user", range_key = "order", crate = "rboto_models")]
struct Order {
    user: String,
    order: u32,
}

async fn read(orders: ItemTable) {
    let _ = orders.get::<Order>("ada".to_string()).await;
}

fn main() {}
