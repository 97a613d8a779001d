//! The benchmark workloads written with rboto, one subcommand each (see `bench/README.md`).
//!
//! Every workload prints one JSON line per measured phase on stdout
//! (`{"phase":..,"wall_s":..,"cpu_s":..,"ops":..,"bytes":..}`), timed inside the process;
//! `bench/run.py` adds the whole-process figures (wall, user+sys CPU, max RSS) around it.
//! Endpoint, keys and region come from `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY` and `AWS_DEFAULT_REGION`, set by the harness.

use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

use futures::{StreamExt, TryStreamExt};
use rboto::dynamodb::types::AttributeValue;
use rboto::runtime::s3::transfer::S3TransferExt;
use rboto::{AddressingStyle, ByteStream, Config, Credentials, Session};

mod batch;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args).await {
        eprintln!("rboto-bench {}: {e}", args.join(" "));
        std::process::exit(1);
    }
}

async fn run(args: &[String]) -> Result<()> {
    let arg = |i: usize| -> Result<&str> {
        args.get(i)
            .map(String::as_str)
            .ok_or_else(|| format!("missing argument {i}: see bench/README.md").into())
    };
    let number = |i: usize| -> Result<usize> { Ok(arg(i)?.parse()?) };
    let session = session();
    match arg(0)? {
        "cold-start" => cold_start(&session).await,
        "ddb-putget" => ddb_put_get(&session, arg(1)?, number(2)?).await,
        "ddb-batch" => batch::write_then_query(&session, arg(1)?, number(2)?).await,
        "s3-put" => s3_put(&session, arg(1)?, number(2)?).await,
        "s3-list" => s3_list(&session, arg(1)?, number(2)?).await,
        "s3-upload" => s3_upload(&session, arg(1)?, arg(2)?, arg(3)?).await,
        "s3-download" => s3_download(&session, arg(1)?, arg(2)?, arg(3)?).await,
        "s3-seed" => s3_seed(&session, arg(1)?, number(2)?).await,
        other => Err(format!("unknown workload {other:?}: see bench/README.md").into()),
    }
}

/// A session at the harness's endpoint, path-style addressing (s3s-fs serves no virtual hosts).
fn session() -> Session {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    Session::builder()
        .region(var("AWS_DEFAULT_REGION"))
        .credentials(Credentials::new(
            var("AWS_ACCESS_KEY_ID"),
            var("AWS_SECRET_ACCESS_KEY"),
            None,
        ))
        .endpoint_url(var("AWS_ENDPOINT_URL"))
        .config(
            Config::builder()
                .addressing_style(AddressingStyle::Path)
                .build(),
        )
        .build()
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
            "{}",
            serde_json::json!({
                "phase": self.name,
                "wall_s": self.wall.elapsed().as_secs_f64(),
                "cpu_s": cpu_seconds() - self.cpu,
                "ops": ops,
                "bytes": bytes,
            })
        );
    }
}

/// Process start to first response: DynamoDB ListTables through the `tables()` collection,
/// announced with a `first-response` line the harness timestamps; then one listing on each of
/// the other eight services, so the binary carries all nine services' models and resources.
async fn cold_start(session: &Session) -> Result<()> {
    let dynamodb = rboto::dynamodb::ServiceResource::new(session)?;
    let tables: Vec<_> = dynamodb.tables().stream().try_collect().await?;
    println!("first-response tables={}", tables.len());
    std::io::stdout().flush()?;

    let s3 = rboto::s3::ServiceResource::new(session)?;
    let buckets: Vec<_> = s3.buckets().stream().try_collect().await?;
    let sqs = rboto::sqs::ServiceResource::new(session)?;
    let queues: Vec<_> = sqs.queues().stream().try_collect().await?;
    let sns = rboto::sns::ServiceResource::new(session)?;
    let topics: Vec<_> = sns.topics().stream().try_collect().await?;
    let iam = rboto::iam::ServiceResource::new(session)?;
    let users: Vec<_> = iam.users().stream().try_collect().await?;
    let ec2 = rboto::ec2::ServiceResource::new(session)?;
    let vpcs: Vec<_> = ec2.vpcs().stream().try_collect().await?;
    let cloudwatch = rboto::cloudwatch::ServiceResource::new(session)?;
    let alarms: Vec<_> = cloudwatch.alarms().stream().try_collect().await?;
    let cloudformation = rboto::cloudformation::ServiceResource::new(session)?;
    let stacks: Vec<_> = cloudformation.stacks().stream().try_collect().await?;
    let glacier = rboto::glacier::ServiceResource::new(session)?;
    let vaults: Vec<_> = glacier.vaults().stream().try_collect().await?;
    println!(
        "nine-services buckets={} queues={} topics={} users={} vpcs={} alarms={} stacks={} vaults={}",
        buckets.len(),
        queues.len(),
        topics.len(),
        users.len(),
        vpcs.len(),
        alarms.len(),
        stacks.len(),
        vaults.len()
    );
    Ok(())
}

fn string(value: impl Into<String>) -> AttributeValue {
    let mut attribute = AttributeValue::default();
    attribute.s = Some(value.into());
    attribute
}

fn number_value(value: usize) -> AttributeValue {
    let mut attribute = AttributeValue::default();
    attribute.n = Some(value.to_string());
    attribute
}

/// PutItem ×n then GetItem ×n, one at a time, through the `Table` resource's actions.
async fn ddb_put_get(session: &Session, table_name: &str, n: usize) -> Result<()> {
    let dynamodb = rboto::dynamodb::ServiceResource::new(session)?;
    let table = dynamodb.table(table_name);
    let payload = "x".repeat(100);

    let phase = Phase::start("put");
    for i in 0..n {
        let item: HashMap<String, AttributeValue> = [
            ("pk".to_owned(), string(format!("item-{i}"))),
            ("n".to_owned(), number_value(i)),
            ("payload".to_owned(), string(payload.clone())),
        ]
        .into_iter()
        .collect();
        table.put_item().item(item.into_iter().collect()).await?;
    }
    phase.end(n, 0);

    let phase = Phase::start("get");
    for i in 0..n {
        let key: HashMap<String, AttributeValue> = [("pk".to_owned(), string(format!("item-{i}")))]
            .into_iter()
            .collect();
        let got = table.get_item().key(key.into_iter().collect()).await?;
        let item = got.item.ok_or_else(|| format!("item-{i} not found"))?;
        let stored = item.get("n").and_then(|v| v.n.clone());
        if stored != Some(i.to_string()) {
            return Err(format!("item-{i}: read back n = {stored:?}").into());
        }
    }
    phase.end(n, 0);
    Ok(())
}

/// PutObject ×n of 1 KiB each, one at a time, through `bucket.object(key).put()`.
async fn s3_put(session: &Session, bucket_name: &str, n: usize) -> Result<()> {
    let s3 = rboto::s3::ServiceResource::new(session)?;
    let bucket = s3.bucket(bucket_name);
    let body = vec![b'r'; 1024];
    let phase = Phase::start("put");
    for i in 0..n {
        bucket
            .object(format!("small/{i:05}"))
            .put()
            .body(body.clone())
            .await?;
    }
    phase.end(n, (n * body.len()) as u64);
    Ok(())
}

/// Every object of the bucket through the `bucket.objects()` stream; checks the count.
async fn s3_list(session: &Session, bucket_name: &str, expected: usize) -> Result<()> {
    let s3 = rboto::s3::ServiceResource::new(session)?;
    let bucket = s3.bucket(bucket_name);
    let phase = Phase::start("list");
    let mut objects = bucket.objects().stream();
    let mut count = 0;
    let mut bytes = 0;
    while let Some(object) = objects.try_next().await? {
        count += 1;
        bytes += object.size().await?.unwrap_or_default() as u64;
    }
    phase.end(count, bytes);
    if count != expected {
        return Err(format!("listed {count} objects, expected {expected}").into());
    }
    Ok(())
}

/// Uploads a file with the managed transfer (`upload_file`, boto3's default configuration:
/// multipart above 8 MiB, 8 MiB parts, 10 at once).
async fn s3_upload(session: &Session, path: &str, bucket: &str, key: &str) -> Result<()> {
    let client = session.client(rboto::models::s3::model())?;
    let phase = Phase::start("upload");
    let output = client
        .transfer_manager()
        .upload_file(path, bucket, key)
        .await?;
    phase.end(output.parts.max(1) as usize, output.size);
    Ok(())
}

/// Downloads an object into a file with the managed transfer (`download_file`, ranged parts
/// in parallel).
async fn s3_download(session: &Session, bucket: &str, key: &str, path: &str) -> Result<()> {
    let client = session.client(rboto::models::s3::model())?;
    let phase = Phase::start("download");
    let output = client
        .transfer_manager()
        .download_file(bucket, key, path)
        .await?;
    phase.end(output.parts.max(1) as usize, output.bytes);
    Ok(())
}

/// Harness setup, not measured: creates the bucket if needed and puts `n` empty-ish objects
/// under `seed/`, 32 at a time.
async fn s3_seed(session: &Session, bucket_name: &str, n: usize) -> Result<()> {
    let client = session.client(rboto::models::s3::model())?;
    match client
        .call("CreateBucket", serde_json::json!({ "Bucket": bucket_name }))
        .await
    {
        Ok(_) => {}
        Err(e) if e.code() == Some("BucketAlreadyOwnedByYou") => {}
        Err(e) => return Err(e.into()),
    }
    let puts = futures::stream::iter(0..n).map(|i| {
        let client = client.clone();
        async move {
            client
                .call_with_body(
                    "PutObject",
                    serde_json::json!({ "Bucket": bucket_name, "Key": format!("seed/{i:05}") }),
                    ByteStream::from(format!("object {i}")),
                )
                .await
                .map(|_| ())
        }
    });
    puts.buffer_unordered(32).try_collect::<Vec<()>>().await?;
    println!("seeded {n}");
    Ok(())
}
