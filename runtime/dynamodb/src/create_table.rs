//! A table created from its item type: [`ItemTable::create_table`] sends DynamoDB
//! `CreateTable` with the key schema, the attribute definitions (`S`/`N`/`B` from the key
//! fields' Rust types), the secondary indexes and the billing mode the type's
//! [`ItemDescription`] gives, waits until the table is `ACTIVE` (the `TableExists` waiter),
//! and enables time to live (`UpdateTimeToLive`) when the type has a TTL attribute.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use serde_json::{json, Map, Value};

use super::description::{IndexKind, IndexProjection, ItemDescription, SecondaryIndex};
use super::item::{Item, KeySchema};
use super::table::ItemTable;
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// How a table is billed (`BillingMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Billing {
    /// On demand (`PAY_PER_REQUEST`), the default.
    PayPerRequest,
    /// Provisioned read and write capacity units, for the table and each global index.
    Provisioned {
        /// Read capacity units.
        read: u64,
        /// Write capacity units.
        write: u64,
    },
}

/// What a table's stream carries (`StreamSpecification.StreamViewType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamView {
    /// The key attributes only (`KEYS_ONLY`).
    KeysOnly,
    /// The item after each change (`NEW_IMAGE`).
    NewImage,
    /// The item before each change (`OLD_IMAGE`).
    OldImage,
    /// Both (`NEW_AND_OLD_IMAGES`).
    NewAndOldImages,
}

impl StreamView {
    fn as_str(self) -> &'static str {
        match self {
            StreamView::KeysOnly => "KEYS_ONLY",
            StreamView::NewImage => "NEW_IMAGE",
            StreamView::OldImage => "OLD_IMAGE",
            StreamView::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }
}

impl ItemTable {
    /// Creates this table for item type `T` (DynamoDB `CreateTable`), waits until it is
    /// active and enables TTL when `T` declares a TTL attribute; see [`CreateTable`].
    ///
    /// ```no_run
    /// # use rboto_dynamodb::{ItemTable, Item, KeySchema};
    /// # #[derive(serde::Serialize, serde::Deserialize)] struct User { id: String }
    /// # impl Item for User { type Key = String; const SCHEMA: KeySchema = KeySchema::new("id"); }
    /// # async fn demo(users: ItemTable) -> Result<(), rboto_runtime::Error> {
    /// users.create_table::<User>().await?;
    /// # Ok(()) }
    /// ```
    pub fn create_table<T: Item>(&self) -> CreateTable {
        CreateTable {
            client: self.client().clone(),
            table: self.name().to_owned(),
            schema: T::SCHEMA,
            type_name: std::any::type_name::<T>(),
            billing: Billing::PayPerRequest,
            stream: None,
            wait: true,
        }
    }

    /// Turns on time to live for `T`'s TTL attribute (DynamoDB `UpdateTimeToLive`).
    pub async fn enable_ttl<T: Item>(&self) -> Result<(), Error> {
        let attribute = T::SCHEMA
            .description()
            .and_then(ItemDescription::ttl)
            .ok_or_else(|| {
                Error::validation(vec![format!(
                    "UpdateTimeToLive: `{}` has no TTL attribute; mark a time field #[item(ttl)]",
                    std::any::type_name::<T>()
                )])
            })?;
        enable_ttl(self.client(), self.name(), attribute).await
    }
}

async fn enable_ttl(client: &Client, table: &str, attribute: &str) -> Result<(), Error> {
    client
        .call(
            "UpdateTimeToLive",
            json!({
                "TableName": table,
                "TimeToLiveSpecification": {"Enabled": true, "AttributeName": attribute},
            }),
        )
        .await
        .map(drop)
}

/// Builder of a table created from an item type; `.await` it.
#[must_use = "a table is created only when awaited"]
#[derive(Debug)]
pub struct CreateTable {
    client: Client,
    table: String,
    schema: KeySchema,
    type_name: &'static str,
    billing: Billing,
    stream: Option<StreamView>,
    wait: bool,
}

impl CreateTable {
    /// Bills the table (and its global indexes) by provisioned capacity.
    pub fn provisioned(mut self, read: u64, write: u64) -> Self {
        self.billing = Billing::Provisioned { read, write };
        self
    }

    /// Turns on the table's stream (DynamoDB Streams) with this view; read its records
    /// into the item type with [`from_stream_record`](super::from_stream_record).
    pub fn stream(mut self, view: StreamView) -> Self {
        self.stream = Some(view);
        self
    }

    /// Returns as soon as DynamoDB accepts the request instead of waiting for `ACTIVE`
    /// (TTL is then not enabled: it needs an active table).
    pub fn no_wait(mut self) -> Self {
        self.wait = false;
        self
    }

    /// The `CreateTable` parameters this builder sends.
    pub fn params(&self) -> Result<Value, Error> {
        let mut params =
            create_table_params(&self.table, &self.schema, self.type_name, self.billing)?;
        if let Some(view) = self.stream {
            params["StreamSpecification"] =
                json!({"StreamEnabled": true, "StreamViewType": view.as_str()});
        }
        Ok(params)
    }

    async fn send(self) -> Result<(), Error> {
        let params = self.params()?;
        self.client.call("CreateTable", params).await?;
        if !self.wait {
            return Ok(());
        }
        self.client
            .waiter("TableExists")?
            .delay(Duration::from_secs(1))
            .wait(json!({"TableName": self.table}))
            .await?;
        if let Some(ttl) = self.schema.description().and_then(ItemDescription::ttl) {
            enable_ttl(&self.client, &self.table, ttl).await?;
        }
        Ok(())
    }
}

impl IntoFuture for CreateTable {
    type Output = Result<(), Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// `CreateTable`'s parameters for `schema`; every problem named at once.
pub fn create_table_params(
    table: &str,
    schema: &KeySchema,
    type_name: &str,
    billing: Billing,
) -> Result<Value, Error> {
    let description = schema.description();
    let mut problems = Vec::new();
    if schema.is_schemaless() {
        problems.push(format!(
            "CreateTable: `{type_name}` has no key schema; create the table with its own schema"
        ));
        return Err(Error::validation(problems));
    }
    let indexes = description
        .map(ItemDescription::indexes)
        .unwrap_or_default();
    let mut used: Vec<&str> = vec![schema.hash_key()];
    used.extend(schema.range_key());
    for index in indexes {
        used.push(index.hash_key);
        used.extend(index.range_key);
    }
    let mut definitions = Vec::new();
    for name in used {
        if definitions
            .iter()
            .any(|d: &Value| d["AttributeName"] == name)
        {
            continue;
        }
        match description.and_then(|d| d.attribute_type(name)) {
            Some(kind) => {
                definitions.push(json!({"AttributeName": name, "AttributeType": kind.as_str()}))
            }
            None => problems.push(format!(
                "CreateTable: the type of key attribute `{name}` of `{type_name}` is unknown; \
                 derive Item (which reads it from the field) or give it with \
                 ItemDescription::new(&[(\"{name}\", ScalarType::..)])"
            )),
        }
    }
    let mut params = Map::new();
    params.insert("TableName".into(), table.into());
    params.insert("AttributeDefinitions".into(), Value::Array(definitions));
    params.insert(
        "KeySchema".into(),
        key_schema(schema.hash_key(), schema.range_key()),
    );
    let throughput = match billing {
        Billing::PayPerRequest => {
            params.insert("BillingMode".into(), "PAY_PER_REQUEST".into());
            None
        }
        Billing::Provisioned { read, write } => {
            params.insert("BillingMode".into(), "PROVISIONED".into());
            let t = json!({"ReadCapacityUnits": read, "WriteCapacityUnits": write});
            params.insert("ProvisionedThroughput".into(), t.clone());
            Some(t)
        }
    };
    let mut global = Vec::new();
    let mut local = Vec::new();
    for index in indexes {
        match index.kind {
            IndexKind::Global => {
                let mut spec = index_spec(index, index.hash_key);
                if let Some(t) = &throughput {
                    spec["ProvisionedThroughput"] = t.clone();
                }
                global.push(spec);
            }
            IndexKind::Local => {
                if schema.range_key().is_none() {
                    problems.push(format!(
                        "CreateTable: local index `{}` needs a table with a sort key",
                        index.name
                    ));
                }
                local.push(index_spec(index, schema.hash_key()));
            }
        }
    }
    if !global.is_empty() {
        params.insert("GlobalSecondaryIndexes".into(), Value::Array(global));
    }
    if !local.is_empty() {
        params.insert("LocalSecondaryIndexes".into(), Value::Array(local));
    }
    if problems.is_empty() {
        Ok(Value::Object(params))
    } else {
        Err(Error::validation(problems))
    }
}

fn key_schema(hash: &str, range: Option<&str>) -> Value {
    let mut keys = vec![json!({"AttributeName": hash, "KeyType": "HASH"})];
    if let Some(range) = range {
        keys.push(json!({"AttributeName": range, "KeyType": "RANGE"}));
    }
    Value::Array(keys)
}

fn index_spec(index: &SecondaryIndex, hash: &str) -> Value {
    let projection = match index.projection {
        IndexProjection::All => json!({"ProjectionType": "ALL"}),
        IndexProjection::KeysOnly => json!({"ProjectionType": "KEYS_ONLY"}),
        IndexProjection::Include(attributes) => {
            json!({"ProjectionType": "INCLUDE", "NonKeyAttributes": attributes})
        }
    };
    json!({
        "IndexName": index.name,
        "KeySchema": key_schema(hash, index.range_key),
        "Projection": projection,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::description::ScalarType;

    const ORDERS: KeySchema = KeySchema::new("user")
        .with_range_key("order")
        .with_description(
            &ItemDescription::new(&[
                ("user", ScalarType::String),
                ("order", ScalarType::Number),
                ("status", ScalarType::String),
                ("total", ScalarType::Number),
            ])
            .with_indexes(&[
                SecondaryIndex {
                    name: "by_status",
                    kind: IndexKind::Global,
                    hash_key: "status",
                    range_key: Some("total"),
                    projection: IndexProjection::KeysOnly,
                },
                SecondaryIndex {
                    name: "by_total",
                    kind: IndexKind::Local,
                    hash_key: "user",
                    range_key: Some("total"),
                    projection: IndexProjection::All,
                },
            ]),
        );

    #[test]
    fn keys_indexes_and_billing_come_from_the_schema() {
        let params = create_table_params(
            "orders",
            &ORDERS,
            "Order",
            Billing::Provisioned { read: 5, write: 2 },
        )
        .unwrap();
        assert_eq!(
            params["AttributeDefinitions"],
            json!([
                {"AttributeName": "user", "AttributeType": "S"},
                {"AttributeName": "order", "AttributeType": "N"},
                {"AttributeName": "status", "AttributeType": "S"},
                {"AttributeName": "total", "AttributeType": "N"}
            ])
        );
        assert_eq!(params["BillingMode"], "PROVISIONED");
        let gsi = &params["GlobalSecondaryIndexes"][0];
        assert_eq!(gsi["IndexName"], "by_status");
        assert_eq!(gsi["Projection"], json!({"ProjectionType": "KEYS_ONLY"}));
        assert_eq!(gsi["ProvisionedThroughput"]["ReadCapacityUnits"], 5);
        let lsi = &params["LocalSecondaryIndexes"][0];
        assert_eq!(lsi["KeySchema"][0]["AttributeName"], "user");
        assert_eq!(lsi["KeySchema"][1]["AttributeName"], "total");
    }

    #[test]
    fn an_unknown_key_type_or_a_local_index_without_sort_key_is_named() {
        const BARE: KeySchema =
            KeySchema::new("id").with_description(&ItemDescription::new(&[]).with_indexes(&[
                SecondaryIndex {
                    name: "local",
                    kind: IndexKind::Local,
                    hash_key: "id",
                    range_key: Some("at"),
                    projection: IndexProjection::All,
                },
            ]));
        let err = create_table_params("t", &BARE, "Thing", Billing::PayPerRequest).unwrap_err();
        let problems = err.validation_problems().join("\n");
        assert!(
            problems.contains("key attribute `id` of `Thing`"),
            "{problems}"
        );
        assert!(problems.contains("key attribute `at`"), "{problems}");
        assert!(
            problems.contains("local index `local` needs a table with a sort key"),
            "{problems}"
        );
    }
}
