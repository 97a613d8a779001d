// A composed key names fields in `{..}`: a slot naming no field is an error at the template.
use rboto_resources_derive::Item;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Item)]
#[item(hash_key = "pk", compose(pk = "USER#{user_id}"), crate = "rboto_models")]
struct User {
    id: String,
}

fn main() {}
