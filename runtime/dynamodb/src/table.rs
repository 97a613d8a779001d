//! [`ItemTable`]: typed item calls on one table — put, get, delete, update, query and scan —
//! over a DynamoDB [`Client`]. The generated `rboto::dynamodb::Table` offers the same
//! methods; this is the layer under it, usable with a bare client.
//!
//! The builders are thin generic shells: they convert the typed item or key to attribute
//! values once, and the requests are built and sent by non-generic code.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::{Map, Value};

use super::after_call::AfterCall;
use super::expression::{Condition, Expressions, Projection, Update};
use super::item::{key_attributes, Item};
use super::query::{Query, Scan};
use super::write::{WriteKind, WriteSpec};
use super::{from_item, to_item, AttributeMap};
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// A future of a builder's result.
type BoxFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// One DynamoDB table, for typed item calls: a client and the table's name.
///
/// ```no_run
/// # use rboto_dynamodb::{ItemTable, Item, KeySchema};
/// # #[derive(serde::Serialize, serde::Deserialize)] struct User { id: String, name: String }
/// # impl Item for User { type Key = String; const SCHEMA: KeySchema = KeySchema::new("id"); }
/// # async fn demo(client: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
/// let users = ItemTable::new(client, "users");
/// users.put(&User { id: "u1".into(), name: "Ada".into() }).await?;
/// let ada: Option<User> = users.get::<User>("u1".into()).consistent_read(true).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ItemTable {
    client: Client,
    name: String,
    after_call: AfterCall,
}

impl std::fmt::Debug for ItemTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemTable")
            .field("name", &self.name)
            .finish()
    }
}

impl ItemTable {
    /// The table `name`, reached through `client` (a DynamoDB client).
    pub fn new(client: Client, name: impl Into<String>) -> Self {
        ItemTable {
            client,
            name: name.into(),
            after_call: AfterCall::default(),
        }
    }

    /// Runs `hook` after each call this table's builders send succeeds (every page of a
    /// query or scan); the generated `Table` clears its cached DescribeTable data this way,
    /// as boto3 does after every action.
    pub fn after_each_call(mut self, hook: impl Fn() + Send + Sync + 'static) -> Self {
        self.after_call = AfterCall::new(hook);
        self
    }

    fn write_call(&self, spec: WriteSpec) -> WriteCall {
        let mut call = WriteCall::new(self.client.clone(), spec);
        call.after_call = self.after_call.clone();
        call
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The client calls go through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Writes `item` whole (DynamoDB `PutItem`), replacing any item with its key. For an
    /// item type with a version attribute, the put succeeds only if the stored version is
    /// the item's (or, for a version of 0 or none, if no such item exists), and stores the
    /// next version ([`PutOutput::version`]).
    pub fn put<T: Item>(&self, item: &T) -> Put<T> {
        let spec = WriteSpec::new(self.name.clone(), T::SCHEMA, WriteKind::Put, to_item(item));
        Put {
            call: self.write_call(spec),
            _item: PhantomData,
        }
    }

    /// Reads the item with `key` (DynamoDB `GetItem`); `None` when there is none.
    pub fn get<T: Item>(&self, key: T::Key) -> Get<T> {
        Get {
            client: self.client.clone(),
            table: self.name.clone(),
            key: key_attributes::<T>(&key),
            consistent_read: None,
            projection: None,
            after_call: self.after_call.clone(),
            _item: PhantomData,
        }
    }

    /// Deletes the item with `key` (DynamoDB `DeleteItem`), optionally under a condition or
    /// a version check; returns the deleted item when asked ([`DeleteItem::return_old`]).
    pub fn delete_item<T: Item>(&self, key: T::Key) -> DeleteItem<T> {
        let spec = WriteSpec::new(
            self.name.clone(),
            T::SCHEMA,
            WriteKind::Delete,
            key_attributes::<T>(&key),
        );
        DeleteItem {
            call: self.write_call(spec),
            _item: PhantomData,
        }
    }

    /// Changes the item with `key` by an [`Update`] (DynamoDB `UpdateItem`), creating it if
    /// needed; returns the item as it is after the update (or as it was, with
    /// [`UpdateItem::return_old`]). Versioned item types get their version incremented.
    pub fn update_item<T: Item>(&self, key: T::Key) -> UpdateItem<T> {
        let spec = WriteSpec::new(
            self.name.clone(),
            T::SCHEMA,
            WriteKind::Update,
            key_attributes::<T>(&key),
        );
        let mut call = self.write_call(spec);
        call.return_values = "ALL_NEW";
        UpdateItem {
            call,
            _item: PhantomData,
        }
    }

    /// Reads items by key condition (DynamoDB `Query`), across every page, as a stream of
    /// `T`; on the table or on an index. `T` can be any deserializable type (a projection).
    pub fn query<T: DeserializeOwned + Send + 'static>(&self) -> Query<T> {
        Query::new(self.client.clone(), self.name.clone()).after_call(self.after_call.clone())
    }

    /// Reads every item (DynamoDB `Scan`), across every page and optionally in parallel
    /// segments, as a stream of `T`.
    pub fn scan<T: DeserializeOwned + Send + 'static>(&self) -> Scan<T> {
        Scan::new(self.client.clone(), self.name.clone()).after_call(self.after_call.clone())
    }

    /// A `Query` for counting, with no item type to name: set the key condition (and a
    /// filter), then [`count`](Query::count) (`Select=COUNT`, as boto3's
    /// `table.query(Select='COUNT')`).
    #[doc(alias = "Select")]
    pub fn count_query(&self) -> Query<IgnoredAny> {
        self.query()
    }

    /// A `Scan` for counting, with no item type to name: optionally a filter, then
    /// [`count`](Scan::count) (`Select=COUNT`, as boto3's `table.scan(Select='COUNT')`).
    #[doc(alias = "Select")]
    pub fn count_scan(&self) -> Scan<IgnoredAny> {
        self.scan()
    }
}

/// A single-item write with its options, untyped.
struct WriteCall {
    client: Client,
    spec: WriteSpec,
    return_values: &'static str,
    old_on_failure: bool,
    after_call: AfterCall,
}

/// What a single-item write said back.
struct WriteOutcome {
    attributes: Option<AttributeMap>,
    version: Option<u64>,
}

impl WriteCall {
    fn new(client: Client, spec: WriteSpec) -> Self {
        WriteCall {
            client,
            spec,
            return_values: "NONE",
            old_on_failure: false,
            after_call: AfterCall::default(),
        }
    }

    fn condition(&mut self, condition: Condition) {
        self.spec.condition = Some(match self.spec.condition.take() {
            Some(existing) => existing.and(condition),
            None => condition,
        });
    }

    async fn send(self) -> Result<WriteOutcome, Error> {
        let operation = self.spec.kind.operation();
        let (mut params, version) = self.spec.params()?;
        if self.return_values != "NONE" {
            params.insert("ReturnValues".into(), self.return_values.into());
        }
        if self.old_on_failure {
            params.insert(
                "ReturnValuesOnConditionCheckFailure".into(),
                "ALL_OLD".into(),
            );
        }
        let output = self.client.call(operation, Value::Object(params)).await?;
        self.after_call.run();
        let attributes = match output.get("Attributes") {
            Some(Value::Object(map)) if !map.is_empty() => Some(map.clone()),
            _ => None,
        };
        Ok(WriteOutcome {
            attributes,
            version,
        })
    }
}

fn decode<T: DeserializeOwned>(attributes: Option<AttributeMap>) -> Result<Option<T>, Error> {
    attributes.as_ref().map(from_item).transpose()
}

/// What a put returns.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PutOutput<T> {
    /// The item the put replaced, when asked for with [`Put::return_old`] and one existed.
    pub old: Option<T>,
    /// The version now stored, for an item type with a version attribute.
    pub version: Option<u64>,
}

/// Builder of [`ItemTable::put`] (`PutItem`); `.await` it or call [`send`](Put::send).
#[must_use = "a put does nothing until awaited"]
pub struct Put<T> {
    call: WriteCall,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Put<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Put").finish_non_exhaustive()
    }
}

impl<T: Item> Put<T> {
    /// Writes only if `condition` holds for the stored item (`ConditionExpression`); a
    /// failed condition is an error with [`Error::is_conditional_check_failed`].
    pub fn condition(mut self, condition: Condition) -> Self {
        self.call.condition(condition);
        self
    }

    /// Returns the item the put replaced (`ReturnValues=ALL_OLD`).
    pub fn return_old(mut self) -> Self {
        self.call.return_values = "ALL_OLD";
        self
    }

    /// On a failed condition, carries the stored item in the error
    /// (`ReturnValuesOnConditionCheckFailure=ALL_OLD`, [`Error::condition_failed_item`]).
    pub fn old_item_on_condition_failure(mut self) -> Self {
        self.call.old_on_failure = true;
        self
    }
}

/// Sending needs only to read the old item back, so a `Put` of a type that is not an
/// [`Item`] (which cannot be built) is refused once, by [`ItemTable::put`]'s bound, and not
/// again at `.await`.
impl<T: DeserializeOwned> Put<T> {
    /// Sends `PutItem`.
    pub async fn send(self) -> Result<PutOutput<T>, Error> {
        let outcome = self.call.send().await?;
        Ok(PutOutput {
            old: decode(outcome.attributes)?,
            version: outcome.version,
        })
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Put<T> {
    type Output = Result<PutOutput<T>, Error>;
    type IntoFuture = BoxFuture<PutOutput<T>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Builder of [`ItemTable::get`] (`GetItem`); `.await` it or call [`send`](Get::send).
#[must_use = "a get does nothing until awaited"]
pub struct Get<T> {
    client: Client,
    table: String,
    key: Result<AttributeMap, Error>,
    consistent_read: Option<bool>,
    projection: Option<Projection>,
    after_call: AfterCall,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Get<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Get")
            .field("table", &self.table)
            .finish_non_exhaustive()
    }
}

impl<T: Item> Get<T> {
    /// Reads the latest write (`ConsistentRead`), at twice the read cost.
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.consistent_read = Some(consistent);
        self
    }

    /// Reads only these attributes (`ProjectionExpression`); decode into a type whose other
    /// fields are optional, or use [`send_as`](Get::send_as).
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = Some(projection);
        self
    }

    /// Sends `GetItem`; the item as `T`, or `None`.
    pub async fn send(self) -> Result<Option<T>, Error> {
        self.send_as::<T>().await
    }

    /// Sends `GetItem` and decodes the item as `P` (a projection's own type).
    pub async fn send_as<P: DeserializeOwned>(self) -> Result<Option<P>, Error> {
        let item = get_item(
            &self.client,
            self.table,
            self.key?,
            self.consistent_read,
            self.projection,
        )
        .await?;
        self.after_call.run();
        decode(item.map(|mut item| {
            super::composed::fill_sources(&T::SCHEMA, &mut item);
            item
        }))
    }
}

async fn get_item(
    client: &Client,
    table: String,
    key: AttributeMap,
    consistent_read: Option<bool>,
    projection: Option<Projection>,
) -> Result<Option<AttributeMap>, Error> {
    let mut params = Map::new();
    params.insert("TableName".into(), Value::String(table));
    params.insert("Key".into(), Value::Object(key));
    if let Some(consistent) = consistent_read {
        params.insert("ConsistentRead".into(), Value::Bool(consistent));
    }
    if let Some(projection) = projection {
        Expressions::new()
            .projection(projection)
            .build()?
            .apply_to(&mut params)?;
    }
    let output = client.call("GetItem", Value::Object(params)).await?;
    Ok(match output.get("Item") {
        Some(Value::Object(item)) => Some(item.clone()),
        _ => None,
    })
}

impl<T: Item + 'static> IntoFuture for Get<T> {
    type Output = Result<Option<T>, Error>;
    type IntoFuture = BoxFuture<Option<T>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Builder of [`ItemTable::delete_item`] (`DeleteItem`); `.await` it or call
/// [`send`](DeleteItem::send).
#[must_use = "a delete does nothing until awaited"]
pub struct DeleteItem<T> {
    call: WriteCall,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for DeleteItem<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeleteItem").finish_non_exhaustive()
    }
}

impl<T: Item> DeleteItem<T> {
    /// Deletes only if `condition` holds (`ConditionExpression`).
    pub fn condition(mut self, condition: Condition) -> Self {
        self.call.condition(condition);
        self
    }

    /// Deletes only if the stored version is `version` (an item type with a version
    /// attribute; `0` means "only if it does not exist").
    pub fn expected_version(mut self, version: u64) -> Self {
        self.call.spec.expected_version = Some(version);
        self
    }

    /// Returns the deleted item (`ReturnValues=ALL_OLD`).
    pub fn return_old(mut self) -> Self {
        self.call.return_values = "ALL_OLD";
        self
    }

    /// On a failed condition, carries the stored item in the error
    /// (`ReturnValuesOnConditionCheckFailure=ALL_OLD`).
    pub fn old_item_on_condition_failure(mut self) -> Self {
        self.call.old_on_failure = true;
        self
    }

    /// Sends `DeleteItem`; the deleted item when [`return_old`](Self::return_old) was set
    /// and one existed.
    pub async fn send(self) -> Result<Option<T>, Error> {
        decode(self.call.send().await?.attributes)
    }
}

impl<T: Item + 'static> IntoFuture for DeleteItem<T> {
    type Output = Result<Option<T>, Error>;
    type IntoFuture = BoxFuture<Option<T>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Builder of [`ItemTable::update_item`] (`UpdateItem`); `.await` it or call
/// [`send`](UpdateItem::send).
#[must_use = "an update does nothing until awaited"]
pub struct UpdateItem<T> {
    call: WriteCall,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for UpdateItem<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateItem").finish_non_exhaustive()
    }
}

impl<T: Item> UpdateItem<T> {
    /// What to change (`UpdateExpression`); required.
    pub fn update(mut self, update: Update) -> Self {
        self.call.spec.update = Some(update);
        self
    }

    /// Updates only if `condition` holds (`ConditionExpression`).
    pub fn condition(mut self, condition: Condition) -> Self {
        self.call.condition(condition);
        self
    }

    /// Updates only if the stored version is `version`, and stores `version + 1` (an item
    /// type with a version attribute). Without it, a versioned item's version is still
    /// incremented, unconditionally.
    pub fn expected_version(mut self, version: u64) -> Self {
        self.call.spec.expected_version = Some(version);
        self
    }

    /// Returns the item as it was before the update (`ReturnValues=ALL_OLD`) instead of
    /// after it (`ALL_NEW`, the default).
    pub fn return_old(mut self) -> Self {
        self.call.return_values = "ALL_OLD";
        self
    }

    /// Returns nothing (`ReturnValues=NONE`).
    pub fn return_nothing(mut self) -> Self {
        self.call.return_values = "NONE";
        self
    }

    /// On a failed condition, carries the stored item in the error
    /// (`ReturnValuesOnConditionCheckFailure=ALL_OLD`).
    pub fn old_item_on_condition_failure(mut self) -> Self {
        self.call.old_on_failure = true;
        self
    }

    /// Sends `UpdateItem`; the item after (or before) the update.
    pub async fn send(self) -> Result<Option<T>, Error> {
        decode(self.call.send().await?.attributes)
    }
}

impl<T: Item + 'static> IntoFuture for UpdateItem<T> {
    type Output = Result<Option<T>, Error>;
    type IntoFuture = BoxFuture<Option<T>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
