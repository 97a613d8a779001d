//! Transactions: [`TransactWrite`] (DynamoDB `TransactWriteItems`: puts, updates, deletes and
//! condition checks across tables, all or nothing) and [`TransactGet`]
//! (`TransactGetItems`: a consistent snapshot of several items), with typed items and keys.
//!
//! A cancelled transaction is an error with [`Error::is_transaction_canceled`];
//! [`TransactionErrorExt::cancellation_reasons`](super::TransactionErrorExt::cancellation_reasons) says, item by item, what stopped it. Versioned item types
//! get the same checks and increments as single puts and updates.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::expression::{Condition, Expressions, Projection, Update};
use super::item::{key_attributes, Item};
use super::write::{WriteKind, WriteSpec};
use super::{from_item, to_item, AttributeMap};
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// Why one item of a cancelled transaction failed, from `CancellationReasons`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CancellationReason {
    /// `ConditionalCheckFailed`, `TransactionConflict`, `ValidationError`, … or `None`
    /// when this item was fine (DynamoDB sends the code `None`).
    pub code: Option<String>,
    /// The service's message for this item.
    pub message: Option<String>,
    /// The item as stored, when the request asked for it on condition failure
    /// ([`TransactWrite::old_items_on_condition_failure`]), in attribute-value form.
    pub item: Option<AttributeMap>,
}

impl CancellationReason {
    /// Reads one element of `CancellationReasons`.
    pub(crate) fn from_value(value: &Value) -> Self {
        let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
        CancellationReason {
            code: text("Code").filter(|code| code != "None"),
            message: text("Message"),
            item: value.get("Item").and_then(Value::as_object).cloned(),
        }
    }

    /// The stored item decoded as `T`, when the reason carries one.
    pub fn item_as<T: DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        self.item.as_ref().map(from_item).transpose()
    }
}

/// Something that names a table: a table name, or a table resource.
pub trait TableName {
    /// The table's name.
    fn table_name(&self) -> &str;
}

impl TableName for str {
    fn table_name(&self) -> &str {
        self
    }
}

impl TableName for String {
    fn table_name(&self) -> &str {
        self
    }
}

impl TableName for super::ItemTable {
    fn table_name(&self) -> &str {
        self.name()
    }
}

/// `TransactWriteItems` parameters, and the version each write stores.
type PreparedWrites = (Map<String, Value>, Vec<Option<u64>>);

/// Builder of a DynamoDB `TransactWriteItems` call: up to 100 writes across tables that
/// happen together or not at all.
///
/// ```no_run
/// # use rboto_dynamodb::{TransactWrite, Item, KeySchema, Attr, Update};
/// use rboto_dynamodb::TransactionErrorExt;
/// # #[derive(serde::Serialize, serde::Deserialize)] struct Account { id: String, balance: i64 }
/// # impl Item for Account { type Key = String; const SCHEMA: KeySchema = KeySchema::new("id"); }
/// # async fn demo(client: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
/// let moved = TransactWrite::new(client)
///     .update::<Account>("accounts", "ada".into(), Update::new().add("balance", -10),
///         Some(Attr::new("balance").ge(10)))
///     .update::<Account>("accounts", "bob".into(), Update::new().add("balance", 10), None)
///     .client_request_token("transfer-42")
///     .send()
///     .await;
/// if let Err(e) = &moved {
///     for reason in e.cancellation_reasons() {
///         println!("{:?}: {:?}", reason.code, reason.message);
///     }
/// }
/// # Ok(()) }
/// ```
#[must_use = "a transaction does nothing until sent"]
pub struct TransactWrite {
    client: Client,
    writes: Vec<WriteSpec>,
    token: Option<String>,
    old_on_failure: bool,
    misuse: Vec<String>,
}

impl std::fmt::Debug for TransactWrite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransactWrite")
            .field("writes", &self.writes.len())
            .finish_non_exhaustive()
    }
}

impl TransactWrite {
    /// An empty transaction on `client` (a DynamoDB client).
    pub fn new(client: Client) -> Self {
        TransactWrite {
            client,
            writes: Vec::new(),
            token: None,
            old_on_failure: false,
            misuse: Vec::new(),
        }
    }

    fn push(mut self, spec: WriteSpec, condition: Option<Condition>) -> Self {
        let mut spec = spec;
        spec.condition = condition;
        self.writes.push(spec);
        self
    }

    /// Puts `item` into `table`, if `condition` (when given) holds; versioned item types
    /// are checked and incremented as by a single put.
    pub fn put<T: Item>(
        self,
        table: &(impl TableName + ?Sized),
        item: &T,
        condition: Option<Condition>,
    ) -> Self {
        let spec = WriteSpec::new(
            table.table_name().to_owned(),
            T::SCHEMA,
            WriteKind::Put,
            to_item(item),
        );
        self.push(spec, condition)
    }

    /// Updates the item with `key` in `table` by `update`, if `condition` holds; a
    /// versioned item type's version is incremented.
    pub fn update<T: Item>(
        self,
        table: &(impl TableName + ?Sized),
        key: T::Key,
        update: Update,
        condition: Option<Condition>,
    ) -> Self {
        let mut spec = WriteSpec::new(
            table.table_name().to_owned(),
            T::SCHEMA,
            WriteKind::Update,
            key_attributes::<T>(&key),
        );
        spec.update = Some(update);
        self.push(spec, condition)
    }

    /// Deletes the item with `key` from `table`, if `condition` holds.
    pub fn delete<T: Item>(
        self,
        table: &(impl TableName + ?Sized),
        key: T::Key,
        condition: Option<Condition>,
    ) -> Self {
        let spec = WriteSpec::new(
            table.table_name().to_owned(),
            T::SCHEMA,
            WriteKind::Delete,
            key_attributes::<T>(&key),
        );
        self.push(spec, condition)
    }

    /// Requires `condition` of the item with `key` in `table`, without writing it.
    pub fn condition_check<T: Item>(
        self,
        table: &(impl TableName + ?Sized),
        key: T::Key,
        condition: Condition,
    ) -> Self {
        let spec = WriteSpec::new(
            table.table_name().to_owned(),
            T::SCHEMA,
            WriteKind::ConditionCheck,
            key_attributes::<T>(&key),
        );
        self.push(spec, Some(condition))
    }

    /// Makes the last write added check the stored version `version` (update, delete or
    /// condition check of a versioned item type).
    pub fn expected_version(mut self, version: u64) -> Self {
        match self.writes.last_mut() {
            Some(spec) => spec.expected_version = Some(version),
            None => self
                .misuse
                .push("TransactWriteItems: expected_version before any write".to_owned()),
        }
        self
    }

    /// Makes the call idempotent for ten minutes (`ClientRequestToken`); without it, one
    /// is generated (and reused by the client's retries).
    pub fn client_request_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// On cancellation, each failed condition's reason carries the stored item
    /// (`ReturnValuesOnConditionCheckFailure=ALL_OLD` on every write).
    pub fn old_items_on_condition_failure(mut self) -> Self {
        self.old_on_failure = true;
        self
    }

    /// Sends `TransactWriteItems`. On success, the versions the writes stored, in order
    /// (`None` for writes that store none or whose new version is not known).
    pub async fn send(self) -> Result<Vec<Option<u64>>, Error> {
        let client = self.client.clone();
        let (params, versions) = self.params()?;
        client
            .call("TransactWriteItems", Value::Object(params))
            .await?;
        Ok(versions)
    }

    fn params(self) -> Result<PreparedWrites, Error> {
        let mut problems = self.misuse;
        let mut items = Vec::new();
        let mut versions = Vec::new();
        if self.writes.is_empty() {
            problems.push("TransactWriteItems: no writes".to_owned());
        }
        for (i, spec) in self.writes.into_iter().enumerate() {
            let kind = spec.kind;
            match spec.params() {
                Ok((mut params, version)) => {
                    if self.old_on_failure && params.contains_key("ConditionExpression") {
                        params.insert(
                            "ReturnValuesOnConditionCheckFailure".into(),
                            "ALL_OLD".into(),
                        );
                    }
                    let member = match kind {
                        WriteKind::Put => "Put",
                        WriteKind::Update => "Update",
                        WriteKind::Delete => "Delete",
                        WriteKind::ConditionCheck => "ConditionCheck",
                    };
                    let mut item = Map::new();
                    item.insert(member.into(), Value::Object(params));
                    items.push(Value::Object(item));
                    versions.push(version);
                }
                Err(e) => problems.push(format!("TransactItems[{i}]: {e}")),
            }
        }
        if !problems.is_empty() {
            return Err(Error::validation(problems));
        }
        let mut params = Map::new();
        params.insert("TransactItems".into(), Value::Array(items));
        if let Some(token) = self.token {
            params.insert("ClientRequestToken".into(), Value::String(token));
        }
        Ok((params, versions))
    }
}

/// Builder of a DynamoDB `TransactGetItems` call: up to 100 items of type `T`, read as one
/// consistent snapshot.
///
/// ```no_run
/// # use rboto_dynamodb::{TransactGet, Item, KeySchema};
/// # #[derive(serde::Serialize, serde::Deserialize)] struct Account { id: String, balance: i64 }
/// # impl Item for Account { type Key = String; const SCHEMA: KeySchema = KeySchema::new("id"); }
/// # async fn demo(client: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
/// let accounts = TransactGet::<Account>::new(client)
///     .get("accounts", "ada".into())
///     .get("accounts", "bob".into())
///     .send()
///     .await?;
/// let total: i64 = accounts.iter().flatten().map(|a| a.balance).sum();
/// # Ok(()) }
/// ```
#[must_use = "a transaction does nothing until sent"]
pub struct TransactGet<T> {
    client: Client,
    gets: Vec<Result<Value, Error>>,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for TransactGet<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransactGet")
            .field("gets", &self.gets.len())
            .finish_non_exhaustive()
    }
}

impl<T: Item> TransactGet<T> {
    /// An empty read on `client` (a DynamoDB client).
    pub fn new(client: Client) -> Self {
        TransactGet {
            client,
            gets: Vec::new(),
            _item: PhantomData,
        }
    }

    /// Reads the item with `key` from `table`.
    pub fn get(self, table: &(impl TableName + ?Sized), key: T::Key) -> Self {
        self.get_projected(table, key, None)
    }

    /// Reads only `projection`'s attributes of the item with `key` from `table`.
    pub fn get_projected(
        mut self,
        table: &(impl TableName + ?Sized),
        key: T::Key,
        projection: Option<Projection>,
    ) -> Self {
        let table = table.table_name().to_owned();
        let get = key_attributes::<T>(&key).and_then(|key| {
            let mut params = Map::new();
            params.insert("TableName".into(), Value::String(table));
            params.insert("Key".into(), Value::Object(key));
            if let Some(projection) = projection {
                Expressions::new()
                    .projection(projection)
                    .build()?
                    .apply_to(&mut params)?;
            }
            let mut get = Map::new();
            get.insert("Get".into(), Value::Object(params));
            Ok(Value::Object(get))
        });
        self.gets.push(get);
        self
    }

    /// Sends `TransactGetItems`; one entry per `get`, in order, `None` where no item exists.
    pub async fn send(self) -> Result<Vec<Option<T>>, Error> {
        let items = transact_get(&self.client, self.gets).await?;
        items
            .iter()
            .map(|item| item.as_ref().map(from_item).transpose())
            .collect()
    }
}

async fn transact_get(
    client: &Client,
    gets: Vec<Result<Value, Error>>,
) -> Result<Vec<Option<AttributeMap>>, Error> {
    let mut problems = Vec::new();
    let mut items = Vec::new();
    if gets.is_empty() {
        problems.push("TransactGetItems: no gets".to_owned());
    }
    for (i, get) in gets.into_iter().enumerate() {
        match get {
            Ok(get) => items.push(get),
            Err(e) => problems.push(format!("TransactItems[{i}]: {e}")),
        }
    }
    if !problems.is_empty() {
        return Err(Error::validation(problems));
    }
    let wanted = items.len();
    let output = client
        .call(
            "TransactGetItems",
            super::params_with("TransactItems", Value::Array(items)),
        )
        .await?;
    let responses = output
        .get("Responses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if responses.len() != wanted {
        return Err(Error::response(format!(
            "TransactGetItems: {} responses for {wanted} gets",
            responses.len()
        )));
    }
    Ok(responses
        .into_iter()
        .map(|response| match response.get("Item") {
            Some(Value::Object(item)) if !item.is_empty() => Some(item.clone()),
            _ => None,
        })
        .collect())
}
