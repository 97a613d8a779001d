// A key named after no field is a compile error at the name, listing the fields.
use rboto_resources_derive::Item;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Item)]
#[item(hash_key = "user", range_key = "ordr", crate = "rboto_models")]
struct Order {
    user: String,
    order: u32,
}

fn main() {}
