//! Amazon DynamoDB: the embedded model ([`model()`]), the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point), and typed items on
//! them ([`table_ext`]): `#[derive(Item)]` structs put, read, updated, queried and scanned
//! through a [`Table`], with the expression builders ([`Key`], [`Attr`], [`Update`],
//! [`Projection`]) and the serde codec of `rboto_dynamodb`, re-exported here.
//!
//! The generated `Table` keeps boto3's table actions (`delete()` is `DeleteTable`,
//! `update()` is `UpdateTable`, `put_item()`/`get_item()` take attribute values); its
//! `delete_item`, `update_item`, `query` and `scan` are the typed ones of [`table_ext`].

service_model!(rboto_models_d_m, dynamodb, "2012-08-10", resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "dynamodb",
    crate = "crate",
    models = "models/dynamodb/2012-08-10",
    skip = [
        "resources.Table.actions.DeleteItem",
        "resources.Table.actions.UpdateItem",
        "resources.Table.actions.Query",
        "resources.Table.actions.Scan"
    ]
);

mod batch_ext;
mod schema_ext;
pub mod table_ext;

/// The trait: a serde type with its table's key schema.
pub use rboto_dynamodb::Item;
pub use rboto_dynamodb::*;
/// `#[derive(Item)]`: declares the key schema with `#[item(hash_key = "..", range_key = "..",
/// version = "..")]`.
pub use rboto_resources_derive::Item;
