//! What an item type declares, used on the generated [`Table`]: create the table from the
//! type ([`Table::create_for`]), query one of its secondary indexes ([`Table::query_index`])
//! and enable its time to live ([`Table::enable_ttl`]); and PartiQL statements with typed
//! parameters and results on the [`ServiceResource`](super::ServiceResource).

use rboto_dynamodb::{BatchExecute, CreateTable, Execute, IndexQuery, Item, Statement};
use rboto_runtime::Error;
use serde::de::DeserializeOwned;

use super::Table;

impl Table {
    /// Creates this table for item type `T` (DynamoDB `CreateTable` with `T`'s key schema,
    /// attribute definitions, secondary indexes and on-demand billing unless
    /// [`CreateTable::provisioned`]), waits until it is active, and enables TTL when `T`
    /// declares a TTL attribute; see [`ItemTable::create_table`](rboto_dynamodb::ItemTable::create_table).
    ///
    /// ```no_run
    /// # use serde::{Deserialize, Serialize};
    /// # use rboto_resources_derive::Item;
    /// #[derive(Serialize, Deserialize, Item)]
    /// #[item(hash_key = "id", gsi(name = "by_email", hash_key = "email"), crate = "rboto_models")]
    /// struct User { id: String, email: String }
    ///
    /// # async fn demo(ddb: rboto_models::dynamodb::ServiceResource) -> Result<(), rboto_runtime::Error> {
    /// let users = ddb.table("users");
    /// users.create_for::<User>().await?;
    /// # Ok(()) }
    /// ```
    pub fn create_for<T: Item>(&self) -> CreateTable {
        self.items().create_table::<T>()
    }

    /// A DynamoDB `Query` on the secondary index `index` that `T` declares; see
    /// [`IndexQuery`].
    ///
    /// ```no_run
    /// # use serde::{Deserialize, Serialize};
    /// # use rboto_resources_derive::Item;
    /// # #[derive(Serialize, Deserialize, Item)]
    /// # #[item(hash_key = "id", gsi(name = "by_email", hash_key = "email"), crate = "rboto_models")]
    /// # struct User { id: String, email: String }
    /// # async fn demo(users: rboto_models::dynamodb::Table) -> Result<(), rboto_runtime::Error> {
    /// use futures::TryStreamExt;
    /// let found: Vec<User> = users
    ///     .query_index::<User>("by_email")
    ///     .hash("ada@example.com")
    ///     .stream()
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn query_index<T: Item + Send + 'static>(&self, index: &str) -> IndexQuery<T> {
        self.items().query_index::<T>(index)
    }

    /// Turns on time to live for `T`'s TTL attribute (DynamoDB `UpdateTimeToLive`).
    pub async fn enable_ttl<T: Item>(&self) -> Result<(), Error> {
        self.items().enable_ttl::<T>().await
    }
}

impl super::ServiceResource {
    /// A PartiQL statement (DynamoDB `ExecuteStatement`) with typed parameters, its results
    /// decoded as `T`; see [`Execute`].
    ///
    /// ```no_run
    /// # #[derive(serde::Deserialize)] struct User { id: String, age: u32 }
    /// # async fn demo(ddb: rboto_models::dynamodb::ServiceResource) -> Result<(), rboto_runtime::Error> {
    /// use rboto_dynamodb::Statement;
    /// let adults: Vec<User> = ddb
    ///     .execute::<User>(Statement::new(r#"SELECT * FROM "users" WHERE id = ? AND age >= ?"#).param("u1").param(18))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn execute<T: DeserializeOwned + Send + 'static>(
        &self,
        statement: Statement,
    ) -> Execute<T> {
        Execute::new(self.core.service().client().clone(), statement)
    }

    /// Up to 25 PartiQL statements in one DynamoDB `BatchExecuteStatement`, each answered
    /// with its item or its own error; see [`BatchExecute`].
    pub fn batch_execute<T: DeserializeOwned + Send + 'static>(
        &self,
        statements: impl IntoIterator<Item = Statement>,
    ) -> BatchExecute<T> {
        BatchExecute::new(self.core.service().client().clone(), statements)
    }
}
