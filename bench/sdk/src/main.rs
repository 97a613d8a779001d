//! The benchmark workloads written against the official AWS SDK for Rust (aws-sdk-s3,
//! aws-sdk-dynamodb, aws-config, serde_dynamo), the same subcommands as `bench/rboto`.
//!
//! Every workload prints one JSON line per measured phase on stdout
//! (`{"phase":..,"wall_s":..,"cpu_s":..,"ops":..,"bytes":..}`), timed inside the process;
//! `bench/run.py` adds the whole-process figures around it. Endpoint, keys and region come from
//! the standard `AWS_*` environment variables, read by aws-config.

use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args).await {
        eprintln!("sdk-bench {}: {e:?}", args.join(" "));
        std::process::exit(1);
    }
}

struct Clients {
    s3: aws_sdk_s3::Client,
    dynamodb: aws_sdk_dynamodb::Client,
}

async fn run(args: &[String]) -> Result<()> {
    let arg = |i: usize| -> Result<&str> {
        args.get(i)
            .map(String::as_str)
            .ok_or_else(|| format!("missing argument {i}: see bench/README.md").into())
    };
    let number = |i: usize| -> Result<usize> { Ok(arg(i)?.parse()?) };
    let shared = aws_config::defaults(BehaviorVersion::latest()).load().await;
    let s3_config = aws_sdk_s3::config::Builder::from(&shared)
        .force_path_style(true)
        .build();
    let clients = Clients {
        s3: aws_sdk_s3::Client::from_conf(s3_config),
        dynamodb: aws_sdk_dynamodb::Client::new(&shared),
    };
    match arg(0)? {
        "cold-start" => cold_start(&clients).await,
        "ddb-putget" => ddb_put_get(&clients, arg(1)?, number(2)?).await,
        "ddb-batch" => ddb_batch(&clients, arg(1)?, number(2)?).await,
        "s3-put" => s3_put(&clients, arg(1)?, number(2)?).await,
        "s3-list" => s3_list(&clients, arg(1)?, number(2)?).await,
        "s3-upload" => s3_upload(&clients, arg(1)?, arg(2)?, arg(3)?).await,
        "s3-download" => s3_download(&clients, arg(1)?, arg(2)?, arg(3)?).await,
        other => Err(format!("unknown workload {other:?}: see bench/README.md").into()),
    }
}

/// User plus system CPU time this process has used so far, in seconds.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Wall clock and CPU time of one measured phase.
struct Phase {
    name: &'static str,
    wall: Instant,
    cpu: f64,
}

impl Phase {
    fn start(name: &'static str) -> Self {
        Phase {
            name,
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    fn end(self, ops: usize, bytes: u64) {
        println!(
            "{{\"phase\": \"{}\", \"wall_s\": {}, \"cpu_s\": {}, \"ops\": {ops}, \"bytes\": {bytes}}}",
            self.name,
            self.wall.elapsed().as_secs_f64(),
            cpu_seconds() - self.cpu
        );
    }
}

/// Process start to first response (DynamoDB ListTables), then S3 ListBuckets: the two
/// services this program carries.
async fn cold_start(clients: &Clients) -> Result<()> {
    let tables = clients.dynamodb.list_tables().send().await?;
    println!("first-response tables={}", tables.table_names().len());
    std::io::stdout().flush()?;
    let buckets = clients.s3.list_buckets().send().await?;
    println!("services buckets={}", buckets.buckets().len());
    Ok(())
}

/// PutItem ×n then GetItem ×n, one at a time.
async fn ddb_put_get(clients: &Clients, table: &str, n: usize) -> Result<()> {
    let payload = "x".repeat(100);
    let phase = Phase::start("put");
    for i in 0..n {
        clients
            .dynamodb
            .put_item()
            .table_name(table)
            .item("pk", AttributeValue::S(format!("item-{i}")))
            .item("n", AttributeValue::N(i.to_string()))
            .item("payload", AttributeValue::S(payload.clone()))
            .send()
            .await?;
    }
    phase.end(n, 0);

    let phase = Phase::start("get");
    for i in 0..n {
        let got = clients
            .dynamodb
            .get_item()
            .table_name(table)
            .key("pk", AttributeValue::S(format!("item-{i}")))
            .send()
            .await?;
        let item = got.item.ok_or_else(|| format!("item-{i} not found"))?;
        let stored = item.get("n").and_then(|v| v.as_n().ok()).cloned();
        if stored != Some(i.to_string()) {
            return Err(format!("item-{i}: read back n = {stored:?}").into());
        }
    }
    phase.end(n, 0);
    Ok(())
}

/// The typed item of the batch workload; the same shape in every client.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Reading {
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

/// `n` typed puts with BatchWriteItem (25 a request, unprocessed items resent), then a query
/// paginator reading them back as typed items through serde_dynamo.
async fn ddb_batch(clients: &Clients, table: &str, n: usize) -> Result<()> {
    let phase = Phase::start("batch-write");
    let mut pending: Vec<WriteRequest> = Vec::with_capacity(25);
    let mut next = 0;
    while next < n || !pending.is_empty() {
        while pending.len() < 25 && next < n {
            let item: HashMap<String, AttributeValue> = serde_dynamo::to_item(reading(next))?;
            pending.push(
                WriteRequest::builder()
                    .put_request(PutRequest::builder().set_item(Some(item)).build()?)
                    .build(),
            );
            next += 1;
        }
        let output = clients
            .dynamodb
            .batch_write_item()
            .request_items(table, std::mem::take(&mut pending))
            .send()
            .await?;
        if let Some(mut unprocessed) = output.unprocessed_items {
            pending = unprocessed.remove(table).unwrap_or_default();
        }
    }
    phase.end(n, 0);

    let phase = Phase::start("query");
    let mut items = clients
        .dynamodb
        .query()
        .table_name(table)
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(":pk", AttributeValue::S("bench".to_owned()))
        .limit(2000)
        .into_paginator()
        .items()
        .send();
    let mut count = 0;
    while let Some(item) = items.next().await {
        let read: Reading = serde_dynamo::from_item(item?)?;
        if read.sk as usize != count || read != reading(count) {
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

/// PutObject ×n of 1 KiB each, one at a time.
async fn s3_put(clients: &Clients, bucket: &str, n: usize) -> Result<()> {
    let body = vec![b's'; 1024];
    let phase = Phase::start("put");
    for i in 0..n {
        clients
            .s3
            .put_object()
            .bucket(bucket)
            .key(format!("small/{i:05}"))
            .body(body.clone().into())
            .send()
            .await?;
    }
    phase.end(n, (n * body.len()) as u64);
    Ok(())
}

/// Every object of the bucket through the ListObjectsV2 paginator; checks the count.
async fn s3_list(clients: &Clients, bucket: &str, expected: usize) -> Result<()> {
    let phase = Phase::start("list");
    let mut pages = clients
        .s3
        .list_objects_v2()
        .bucket(bucket)
        .into_paginator()
        .send();
    let mut count = 0;
    let mut bytes = 0;
    while let Some(page) = pages.next().await {
        for object in page?.contents() {
            count += 1;
            bytes += object.size().unwrap_or_default() as u64;
        }
    }
    phase.end(count, bytes);
    if count != expected {
        return Err(format!("listed {count} objects, expected {expected}").into());
    }
    Ok(())
}

/// Uploads a file with one streamed PutObject.
async fn s3_upload(clients: &Clients, path: &str, bucket: &str, key: &str) -> Result<()> {
    let phase = Phase::start("upload");
    let body = aws_sdk_s3::primitives::ByteStream::from_path(path).await?;
    let length = body.size_hint().0;
    clients
        .s3
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(body)
        .send()
        .await?;
    phase.end(1, length);
    Ok(())
}

/// Downloads an object with one streamed GetObject into a file.
async fn s3_download(clients: &Clients, bucket: &str, key: &str, path: &str) -> Result<()> {
    let phase = Phase::start("download");
    let mut output = clients
        .s3
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await?;
    let mut file = tokio::fs::File::create(path).await?;
    let mut length = 0u64;
    while let Some(chunk) = output.body.try_next().await? {
        length += chunk.len() as u64;
        file.write_all(&chunk).await?;
    }
    file.flush().await?;
    phase.end(1, length);
    Ok(())
}
