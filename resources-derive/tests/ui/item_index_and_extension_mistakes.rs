// Index, TTL and set mistakes are reported together, each at what is wrong.
use std::collections::HashSet;

use rboto_resources_derive::Item;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Item)]
#[item(
    hash_key = "id",
    gsi(name = "by_mail", hash_key = "mail"),
    lsi(name = "by_age", range_key = "age"),
    crate = "rboto_models"
)]
struct User {
    id: String,
    email: String,
    age: u32,
    #[item(ttl)]
    expires: String,
    roles: HashSet<String>,
}

fn main() {}
