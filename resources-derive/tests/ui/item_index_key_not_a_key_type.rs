// An index key must be a string, number or binary: a `bool` key is an error at its type.
use rboto_resources_derive::Item;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Item)]
#[item(hash_key = "id", gsi(name = "by_active", hash_key = "active"), crate = "rboto_models")]
struct User {
    id: String,
    active: bool,
}

fn main() {}
