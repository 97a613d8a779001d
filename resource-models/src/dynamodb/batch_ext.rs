//! Batch reads and writes on the generated [`Table`]: [`Table::batch_writer`] (boto3's
//! `batch_writer`, with backoff and nothing lost) and [`Table::batch_get`] (BatchGetItem
//! in chunks of 100 keys, which boto3's `Table` lacks).

use rboto_dynamodb::{BatchGetter, BatchWriter};
use rboto_resource::ResourceCore;

use super::Table;

impl Table {
    /// A [`BatchWriter`] for this table: buffers puts and deletes and sends them with
    /// BatchWriteItem, 25 a request, retrying `UnprocessedItems` and throttling with
    /// exponential backoff, and handing back whatever it could not write. Call
    /// `close().await` when done.
    ///
    /// When the table's data is loaded (after `load()`, or on a table from a collection or
    /// from CreateTable), its key schema is known, so an item without its key attributes
    /// is rejected before anything is sent; otherwise name them with
    /// [`BatchWriter::key_names`] or [`BatchWriter::overwrite_by_pkeys`].
    ///
    /// ```no_run
    /// # async fn demo(table: rboto_models::dynamodb::Table) -> Result<(), Box<dyn std::error::Error>> {
    /// #[derive(serde::Serialize)]
    /// struct Reading { sensor: String, at: u64, celsius: f64 }
    ///
    /// let mut writer = table.batch_writer().overwrite_by_pkeys(["sensor", "at"]);
    /// for at in 0..1_000 {
    ///     writer.put_value(&Reading { sensor: "s1".into(), at, celsius: 21.5 }).await?;
    /// }
    /// let stats = writer.close().await?;
    /// assert_eq!(stats.written, 1_000);
    /// # Ok(()) }
    /// ```
    pub fn batch_writer(&self) -> BatchWriter {
        let writer = BatchWriter::new(self.core.service().client().clone(), self.name());
        match loaded_key_names(&self.core) {
            Some(names) => writer.key_names(names),
            None => writer,
        }
    }

    /// A [`BatchGetter`] for this table: every item for a list of keys with BatchGetItem,
    /// 100 keys a request, `UnprocessedKeys` retried with backoff, items in key order.
    ///
    /// ```no_run
    /// # async fn demo(table: rboto_models::dynamodb::Table) -> Result<(), Box<dyn std::error::Error>> {
    /// use serde_json::json;
    ///
    /// let keys = (0..250u32)
    ///     .map(|at| json!({ "sensor": { "S": "s1" }, "at": { "N": at.to_string() } }))
    ///     .map(|key| key.as_object().cloned().unwrap())
    ///     .collect();
    /// let items = table.batch_get().consistent_read(true).get(keys).await?;
    /// println!("{} readings", items.len());
    /// # Ok(()) }
    /// ```
    pub fn batch_get(&self) -> BatchGetter {
        BatchGetter::new(self.core.service().client().clone(), self.name())
    }
}

/// The key attribute names of a table whose data is loaded, hash key first.
fn loaded_key_names(core: &ResourceCore) -> Option<Vec<String>> {
    let data = core.data()?;
    let schema = data.get("KeySchema")?.as_array()?;
    let mut names: Vec<(bool, String)> = schema
        .iter()
        .map(|element| {
            let name = element.get("AttributeName")?.as_str()?.to_string();
            let hash = element.get("KeyType")?.as_str()? == "HASH";
            Some((!hash, name))
        })
        .collect::<Option<_>>()?;
    names.sort_by_key(|(range, _)| *range);
    (!names.is_empty()).then(|| names.into_iter().map(|(_, name)| name).collect())
}
