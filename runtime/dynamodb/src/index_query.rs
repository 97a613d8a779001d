//! Typed queries on a secondary index the item type declares
//! (`#[item(gsi(name = "by_email", hash_key = "email"))]`): [`ItemTable::query_index`]
//! checks the index exists on the type and names its key attributes, so a query gives
//! only the values.

use serde::Serialize;

use super::description::SecondaryIndex;
use super::expression::{Key, KeyCondition};
use super::item::Item;
use super::query::Query;
use super::table::ItemTable;

impl ItemTable {
    /// A DynamoDB `Query` on the index `index` that `T` declares, decoding `T`s. An index
    /// `T` does not declare fails the query with a validation error naming the ones it
    /// does, before any request.
    ///
    /// ```no_run
    /// # use rboto_dynamodb::*;
    /// # #[derive(serde::Serialize, serde::Deserialize)] struct User { id: String, email: String }
    /// # impl Item for User { type Key = String; const SCHEMA: KeySchema = KeySchema::new("id")
    /// #     .with_description(&ItemDescription::new(&[("id", ScalarType::String), ("email", ScalarType::String)])
    /// #     .with_indexes(&[SecondaryIndex { name: "by_email", kind: IndexKind::Global,
    /// #         hash_key: "email", range_key: None, projection: IndexProjection::All }])); }
    /// # async fn demo(users: ItemTable) -> Result<(), rboto_runtime::Error> {
    /// use futures::TryStreamExt;
    /// let ada: Vec<User> = users
    ///     .query_index::<User>("by_email")
    ///     .hash("ada@example.com")
    ///     .stream()
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn query_index<T: Item + Send + 'static>(&self, index: &str) -> IndexQuery<T> {
        let declared = T::SCHEMA
            .description()
            .map(|d| d.indexes())
            .unwrap_or_default();
        let found = declared.iter().find(|i| i.name == index);
        let mut query = self.query::<T>().index_name(index).key_schema(T::SCHEMA);
        if found.is_none() {
            let names: Vec<&str> = declared.iter().map(|i| i.name).collect();
            query = query.refuse(format!(
                "Query: `{}` declares no index `{index}` (it declares: {}); add \
                 #[item(gsi(name = \"{index}\", hash_key = \"..\"))] or use \
                 .query().index_name(..)",
                std::any::type_name::<T>(),
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ));
        }
        IndexQuery {
            query,
            index: found,
        }
    }
}

/// A query on a declared secondary index, before its key: give the index's partition key
/// value ([`hash`](IndexQuery::hash)), and optionally a condition on its sort key
/// ([`hash_and_range`](IndexQuery::hash_and_range)); the result is a [`Query`].
#[must_use = "an index query does nothing until given a key and streamed"]
pub struct IndexQuery<T> {
    query: Query<T>,
    index: Option<&'static SecondaryIndex>,
}

impl<T> std::fmt::Debug for IndexQuery<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexQuery")
            .field("index", &self.index.map(|i| i.name))
            .finish_non_exhaustive()
    }
}

impl<T: Item + Send + 'static> IndexQuery<T> {
    /// The items whose index partition key is `value`.
    pub fn hash<V: Serialize>(self, value: V) -> Query<T> {
        match self.index {
            Some(index) => self.query.key(Key::new(index.hash_key).eq(value)),
            None => self.query,
        }
    }

    /// The items whose index partition key is `value` and whose index sort key satisfies
    /// `range` (given the sort key: `|total| total.ge(100)`).
    pub fn hash_and_range<V: Serialize>(
        self,
        value: V,
        range: impl FnOnce(Key) -> KeyCondition,
    ) -> Query<T> {
        let Some(index) = self.index else {
            return self.query;
        };
        let Some(range_key) = index.range_key else {
            return self.query.refuse(format!(
                "Query: index `{}` has no sort key; query it with .hash(..)",
                index.name
            ));
        };
        let hash = Key::new(index.hash_key).eq(value);
        self.query.key(hash.and(range(Key::new(range_key))))
    }

    /// Any key condition on the index (its attribute names written out).
    pub fn key(self, key: KeyCondition) -> Query<T> {
        self.query.key(key)
    }
}
