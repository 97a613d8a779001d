// Every table has a partition key; an item type must name it.
use rboto_resources_derive::Item;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Item)]
#[item(range_key = "order", crate = "rboto_models")]
struct Order {
    user: String,
    order: u32,
}

fn main() {}
