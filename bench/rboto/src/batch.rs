//! The batch workload: typed puts through `Table::batch_writer()`, then `query::<T>().stream()`
//! reading every item back.

use futures::TryStreamExt;
use rboto::dynamodb::{Item, Key};
use rboto::Session;
use serde::{Deserialize, Serialize};

use crate::{Phase, Result};

/// The typed item of the batch workload; the same shape in every client.
#[derive(Item, Serialize, Deserialize, Debug, PartialEq)]
#[item(hash_key = "pk", range_key = "sk")]
pub struct Reading {
    pk: String,
    sk: u64,
    device: String,
    celsius_milli: i64,
    tags: Vec<String>,
}

fn reading(i: usize) -> Reading {
    Reading {
        pk: "bench".to_owned(),
        sk: i as u64,
        device: format!("device-{}", i % 97),
        celsius_milli: (i as i64 * 37) % 40_000 - 10_000,
        tags: vec!["bench".to_owned(), format!("shard-{}", i % 8)],
    }
}

/// `n` typed puts through the batch writer (25 a request, unprocessed items retried), then a
/// query stream over pages of 2,000 reading them back as `Reading`s.
pub async fn write_then_query(session: &Session, table_name: &str, n: usize) -> Result<()> {
    let dynamodb = rboto::dynamodb::ServiceResource::new(session)?;
    let table = dynamodb.table(table_name);

    let phase = Phase::start("batch-write");
    let mut writer = table.batch_writer();
    for i in 0..n {
        writer.put(&reading(i)).await?;
    }
    writer.close().await?;
    phase.end(n, 0);

    let phase = Phase::start("query");
    let mut items = table
        .query::<Reading>()
        .key(Key::new("pk").eq("bench"))
        .page_size(2000)
        .stream();
    let mut count = 0;
    while let Some(read) = items.try_next().await? {
        if read != reading(count) {
            return Err(format!("item {count} read back as {read:?}").into());
        }
        count += 1;
    }
    phase.end(count, 0);
    if count != n {
        return Err(format!("query returned {count} items, expected {n}").into());
    }
    Ok(())
}
