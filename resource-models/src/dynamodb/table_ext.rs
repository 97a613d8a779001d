//! Typed items on the generated [`Table`]: `put`, `get`, `delete_item`, `update_item`,
//! `query` and `scan` take and return your serde types, and queries and scans stream every
//! page; transactions on the [`ServiceResource`].
//!
//! The item verbs `put` and `get` are new names; `delete_item`, `update_item`, `query`
//! and `scan` keep boto3's names and replace its untyped actions of the same names, since
//! `delete()` and `update()` are the table's own `DeleteTable` and `UpdateTable`. boto3's
//! untyped `put_item()`/`get_item()` builders stay, and the low-level client takes any
//! operation with attribute values as JSON.

use serde::de::DeserializeOwned;

use super::{ServiceResource, Table};
use rboto_dynamodb::{
    DeleteItem, Get, Item, ItemTable, Put, Query, Scan, TableName, TransactGet, TransactWrite,
    UpdateItem,
};

impl Table {
    /// This table as an [`ItemTable`]: the same typed calls, without the resource. Each
    /// call that succeeds clears the table's cached DescribeTable data, as the generated
    /// actions do (boto3 clears it after every action).
    pub fn items(&self) -> ItemTable {
        let core = self.core.clone();
        ItemTable::new(self.core.service().client().clone(), self.name())
            .after_each_call(move || core.clear_data())
    }

    /// Writes `item` whole with DynamoDB `PutItem`; see [`ItemTable::put`].
    ///
    /// ```no_run
    /// # use serde::{Deserialize, Serialize};
    /// # use rboto_resources_derive::Item;
    /// #[derive(Serialize, Deserialize, Item)]
    /// #[item(hash_key = "id", version = "version", crate = "rboto_models")]
    /// struct User { id: String, name: String, version: u64 }
    ///
    /// # async fn demo(users: rboto_models::dynamodb::Table) -> Result<(), rboto_runtime::Error> {
    /// let mut ada = User { id: "u1".into(), name: "Ada".into(), version: 0 };
    /// let saved = users.put(&ada).await?;           // new: attribute_not_exists(version)
    /// ada.version = saved.version.unwrap();         // 1
    /// ada.name = "Ada L.".into();
    /// users.put(&ada).await?;                       // only if still at version 1
    /// # Ok(()) }
    /// ```
    pub fn put<T: Item>(&self, item: &T) -> Put<T> {
        self.items().put(item)
    }

    /// Reads the item with `key` with DynamoDB `GetItem`; see [`ItemTable::get`].
    ///
    /// ```no_run
    /// # use serde::{Deserialize, Serialize};
    /// # use rboto_resources_derive::Item;
    /// #[derive(Serialize, Deserialize, Item)]
    /// #[item(hash_key = "user", range_key = "order", crate = "rboto_models")]
    /// struct Order { user: String, order: u32, total: u64 }
    ///
    /// # async fn demo(orders: rboto_models::dynamodb::Table) -> Result<(), rboto_runtime::Error> {
    /// let order: Option<Order> = orders.get::<Order>(("ada".into(), 7)).consistent_read(true).await?;
    /// # Ok(()) }
    /// ```
    pub fn get<T: Item>(&self, key: T::Key) -> Get<T> {
        self.items().get(key)
    }

    /// Deletes the item with `key` with DynamoDB `DeleteItem`; see
    /// [`ItemTable::delete_item`].
    ///
    /// ```no_run
    /// # use serde::{Deserialize, Serialize};
    /// # use rboto_resources_derive::Item;
    /// # use rboto_dynamodb::Attr;
    /// # #[derive(Serialize, Deserialize, Item)]
    /// # #[item(hash_key = "user", range_key = "order", crate = "rboto_models")]
    /// # struct Order { user: String, order: u32, total: u64 }
    /// # async fn demo(orders: rboto_models::dynamodb::Table) -> Result<(), rboto_runtime::Error> {
    /// let gone: Option<Order> = orders
    ///     .delete_item::<Order>(("ada".into(), 7))
    ///     .condition(Attr::new("total").eq(0))
    ///     .return_old()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn delete_item<T: Item>(&self, key: T::Key) -> DeleteItem<T> {
        self.items().delete_item(key)
    }

    /// Changes the item with `key` with DynamoDB `UpdateItem`; see
    /// [`ItemTable::update_item`].
    ///
    /// ```no_run
    /// # use serde::{Deserialize, Serialize};
    /// # use rboto_resources_derive::Item;
    /// # use rboto_dynamodb::{Attr, Update};
    /// # #[derive(Serialize, Deserialize, Item)]
    /// # #[item(hash_key = "user", range_key = "order", crate = "rboto_models")]
    /// # struct Order { user: String, order: u32, total: u64 }
    /// # async fn demo(orders: rboto_models::dynamodb::Table) -> Result<(), rboto_runtime::Error> {
    /// let now: Option<Order> = orders
    ///     .update_item::<Order>(("ada".into(), 7))
    ///     .update(Update::new().add("total", 5))
    ///     .condition(Attr::new("total").lt(1000))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn update_item<T: Item>(&self, key: T::Key) -> UpdateItem<T> {
        self.items().update_item(key)
    }

    /// Every page of a DynamoDB `Query`, lazily, as `T`s; see [`Query`].
    ///
    /// ```no_run
    /// # #[derive(serde::Deserialize)] struct Order { user: String, total: u64 }
    /// # async fn demo(orders: rboto_models::dynamodb::Table) -> Result<(), rboto_runtime::Error> {
    /// use futures::TryStreamExt;
    /// use rboto_dynamodb::{Attr, Key};
    /// let mut orders = orders
    ///     .query::<Order>()
    ///     .key(Key::new("user").eq("ada").and(Key::new("order").between(1, 99)))
    ///     .filter(Attr::new("total").gt(100))
    ///     .page_size(100)
    ///     .stream();
    /// while let Some(order) = orders.try_next().await? {
    ///     println!("{} {}", order.user, order.total);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn query<T: DeserializeOwned + Send + 'static>(&self) -> Query<T> {
        self.items().query()
    }

    /// Every page of a DynamoDB `Scan` (optionally a parallel scan), lazily, as `T`s; see
    /// [`Scan`].
    ///
    /// ```no_run
    /// # #[derive(serde::Deserialize)] struct Order { user: String, total: u64 }
    /// # async fn demo(orders: rboto_models::dynamodb::Table) -> Result<(), rboto_runtime::Error> {
    /// use futures::TryStreamExt;
    /// let all: Vec<Order> = orders.scan::<Order>().segments(4).stream().try_collect().await?;
    /// let how_many = orders.count_scan().count().await?;
    /// # Ok(()) }
    /// ```
    pub fn scan<T: DeserializeOwned + Send + 'static>(&self) -> Scan<T> {
        self.items().scan()
    }

    /// A `Query` for counting, with no item type to name: set the key condition, then
    /// `.count()`; see [`ItemTable::count_query`](rboto_dynamodb::ItemTable::count_query).
    ///
    /// ```no_run
    /// # async fn demo(orders: rboto_models::dynamodb::Table) -> Result<(), rboto_runtime::Error> {
    /// use rboto_dynamodb::Key;
    /// let ada = orders.count_query().key(Key::new("user").eq("ada")).count().await?;
    /// # Ok(()) }
    /// ```
    #[doc(alias = "Select")]
    pub fn count_query(&self) -> Query<serde::de::IgnoredAny> {
        self.items().count_query()
    }

    /// A `Scan` for counting, with no item type to name: optionally a filter, then
    /// `.count()`; see [`ItemTable::count_scan`](rboto_dynamodb::ItemTable::count_scan).
    #[doc(alias = "Select")]
    pub fn count_scan(&self) -> Scan<serde::de::IgnoredAny> {
        self.items().count_scan()
    }
}

impl TableName for Table {
    fn table_name(&self) -> &str {
        self.name()
    }
}

impl ServiceResource {
    /// A DynamoDB `TransactWriteItems` call: writes across tables, all or none; see
    /// [`TransactWrite`].
    ///
    /// ```no_run
    /// # use serde::{Deserialize, Serialize};
    /// # use rboto_resources_derive::Item;
    /// # use rboto_dynamodb::{Attr, Update};
    /// # #[derive(Serialize, Deserialize, Item)]
    /// # #[item(hash_key = "id", crate = "rboto_models")]
    /// # struct Account { id: String, balance: i64 }
    /// # async fn demo(ddb: rboto_models::dynamodb::ServiceResource) -> Result<(), rboto_runtime::Error> {
    /// use rboto_dynamodb::TransactionErrorExt;
    ///
    /// let accounts = ddb.table("accounts");
    /// let result = ddb
    ///     .transact_write()
    ///     .update::<Account>(&accounts, "ada".into(), Update::new().add("balance", -10),
    ///         Some(Attr::new("balance").ge(10)))
    ///     .update::<Account>(&accounts, "bob".into(), Update::new().add("balance", 10), None)
    ///     .send()
    ///     .await;
    /// if let Err(e) = result {
    ///     if e.is_transaction_canceled() {
    ///         println!("{:?}", e.cancellation_reasons());
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn transact_write(&self) -> TransactWrite {
        TransactWrite::new(self.core.service().client().clone())
    }

    /// A DynamoDB `TransactGetItems` call: items of type `T` read as one snapshot; see
    /// [`TransactGet`].
    pub fn transact_get<T: Item>(&self) -> TransactGet<T> {
        TransactGet::new(self.core.service().client().clone())
    }
}
