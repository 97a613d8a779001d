//! A chaos soak: DynamoDB batch writes, S3 managed uploads and downloads, and SQS messages go
//! through the fault proxy (`fault_proxy`) in front of moto, which answers a random share of
//! requests with a reset, a 5xx, a throttle, a stall or (where a repeat is harmless) a
//! truncated body. At the end every DynamoDB item is there exactly once, every S3 object is
//! byte-identical, no multipart upload is left open, no SQS message is lost, and the process
//! has as many open file descriptors and live tasks as before. Prints
//! `soak: N operations, F faults injected, 0 lost`.
//!
//! `RBOTO_SOAK_SCALE` multiplies the workload (1, the light form `scripts/test` runs; see
//! `scripts/soak` for the full one). Needs moto's server in `RBOTO_TEST_ENDPOINT`.

use rboto_test_support::emulator as common;
use rboto_test_support::fault_proxy;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use fault_proxy::{FaultProxy, Step};
use futures::StreamExt;
use rboto::dynamodb::{Backoff, ServiceResource};
use rboto::runtime::s3::transfer::{S3TransferExt, TransferConfig};
use rboto::{Client, Config, Credentials, Session};
use serde_json::json;
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;

/// A xorshift generator: the soak's faults and data, reproducible from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

/// The stall a `Stall` fault holds a connection for: longer than the clients' read timeout.
const STALL: Duration = Duration::from_millis(1500);

fn config() -> Config {
    Config::builder()
        .max_attempts(12)
        .read_timeout(Duration::from_secs(1))
        .connect_timeout(Duration::from_secs(2))
        .build()
}

fn session(url: &str) -> Session {
    Session::builder()
        .region("us-east-1")
        .credentials(Credentials::new("testing", "testing", None))
        .endpoint_url(url)
        .config(config())
        .build()
}

fn client_via(proxy: &FaultProxy, service: &str) -> Client {
    session(&proxy.url())
        .client(common::model(service))
        .unwrap()
}

/// A script of `len` steps, one in `one_in` a fault drawn from `faults`, the rest forwarded.
fn chaos(rng: &mut Rng, len: usize, one_in: u64, faults: &[Step]) -> Vec<Step> {
    (0..len)
        .map(|_| match rng.below(one_in) {
            0 => faults[rng.below(faults.len() as u64) as usize].clone(),
            _ => Step::Forward,
        })
        .collect()
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |dir| dir.count())
}

/// Waits up to five seconds for the open descriptors and live tasks to fall back to
/// `baseline`; returns what they were last.
async fn settle(baseline: (usize, usize)) -> (usize, usize) {
    let metrics = tokio::runtime::Handle::current().metrics();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = (open_fds(), metrics.num_alive_tasks());
        if (now.0 <= baseline.0 && now.1 <= baseline.1) || Instant::now() > deadline {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

struct Tally {
    operations: usize,
    faults: usize,
    lost: Vec<String>,
}

impl Tally {
    fn count(&mut self, proxy: &FaultProxy) {
        let seen = proxy.seen();
        self.operations += seen.len();
        self.faults += seen.iter().filter(|s| s.step != "Forward").count();
    }
}

async fn dynamodb_batch_writes(rng: &mut Rng, scale: usize, tally: &mut Tally) {
    let name = common::unique("soak");
    let ddb = common::client("dynamodb");
    common::ok(
        "CreateTable",
        ddb.call(
            "CreateTable",
            json!({
                "TableName": name,
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "BillingMode": "PAY_PER_REQUEST"
            }),
        )
        .await,
    );
    let proxy = FaultProxy::start(&common::endpoint()).await;
    proxy.script(chaos(
        rng,
        40 * scale,
        5,
        &[
            Step::Reset,
            Step::Stall(STALL),
            Step::Truncate,
            Step::json_error(500, "InternalServerError"),
            Step::json_error(503, "ServiceUnavailable"),
            Step::dynamodb_throttling(),
            Step::dynamodb_throughput_exceeded(),
            Step::PartialBatch { forward: 7 },
        ],
    ));
    let items = 250 * scale;
    {
        let table = ServiceResource::new(&session(&proxy.url()))
            .unwrap()
            .table(&name);
        let mut writer = table.batch_writer().backoff(
            Backoff::default()
                .base_delay(Duration::from_millis(2))
                .max_delay(Duration::from_millis(50))
                .max_attempts(30),
        );
        for i in 0..items {
            writer
                .put_item(
                    serde_json::from_value(json!({
                        "pk": {"S": format!("item-{i}")},
                        "n": {"N": i.to_string()}
                    }))
                    .unwrap(),
                )
                .await
                .unwrap();
        }
        writer.close().await.unwrap();
    }
    let mut found = BTreeMap::new();
    for page in common::pages(&ddb, "Scan", json!({"TableName": name})).await {
        for item in page["Items"].as_array().cloned().unwrap_or_default() {
            let pk = item["pk"]["S"].as_str().unwrap().to_string();
            *found.entry(pk).or_insert(0) += 1;
            assert_eq!(
                item["n"]["N"].as_str(),
                item["pk"]["S"].as_str().unwrap().strip_prefix("item-")
            );
        }
    }
    for i in 0..items {
        match found.get(&format!("item-{i}")) {
            Some(1) => {}
            Some(n) => tally
                .lost
                .push(format!("DynamoDB item-{i} stored {n} times")),
            None => tally.lost.push(format!("DynamoDB item-{i} missing")),
        }
    }
    assert_eq!(found.len(), items, "no item beyond those written");
    tally.count(&proxy);
}

async fn s3_transfers(rng: &mut Rng, scale: usize, tally: &mut Tally) {
    let moto = common::client("s3");
    let bucket = common::unique("soak");
    common::ok(
        "CreateBucket",
        moto.call("CreateBucket", json!({"Bucket": bucket})).await,
    );
    let proxy = FaultProxy::start(&common::endpoint()).await;
    // No truncation here: a truncated answer to CompleteMultipartUpload, retried, meets an
    // upload that is already complete (as it would on AWS); resets, stalls and errors before
    // forwarding reach no upstream state.
    proxy.script(chaos(
        rng,
        60 * scale,
        5,
        &[
            Step::Reset,
            Step::Stall(STALL),
            Step::s3_error(500, "InternalError"),
            Step::s3_error(503, "ServiceUnavailable"),
            Step::s3_slow_down(),
        ],
    ));
    let s3 = client_via(&proxy, "s3");
    let transfer = TransferConfig::default()
        .with_multipart_threshold(5 * MIB as u64)
        .with_multipart_chunksize(5 * MIB as u64)
        .with_max_concurrency(3);
    let dir = std::env::temp_dir().join(common::unique("rboto-soak"));
    std::fs::create_dir_all(&dir).unwrap();
    let sizes = [0, 1, 64 * 1024, 5 * MIB + 1, 11 * MIB];
    let mut expected = BTreeMap::new();
    for i in 0..sizes.len() * scale {
        let size = sizes[i % sizes.len()];
        let data = rng.bytes(size);
        let key = format!("object-{i}");
        let source = dir.join(&key);
        std::fs::write(&source, &data).unwrap();
        s3.upload_file(&source, &bucket, &key)
            .config(transfer.clone())
            .await
            .unwrap_or_else(|e| panic!("upload of {key} ({size} bytes): {e}"));
        expected.insert(key, Sha256::digest(&data).to_vec());
    }
    for (key, digest) in &expected {
        let target = dir.join(format!("{key}.down"));
        s3.download_file(&bucket, key, &target)
            .config(transfer.clone())
            .await
            .unwrap_or_else(|e| panic!("download of {key}: {e}"));
        let got = Sha256::digest(std::fs::read(&target).unwrap()).to_vec();
        if &got != digest {
            tally
                .lost
                .push(format!("S3 {key} differs after a round trip"));
        }
    }
    let open = common::ok(
        "ListMultipartUploads",
        moto.call("ListMultipartUploads", json!({"Bucket": bucket}))
            .await,
    );
    let orphans = open["Uploads"].as_array().map_or(0, Vec::len);
    if orphans > 0 {
        tally
            .lost
            .push(format!("{orphans} multipart uploads left open"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    tally.count(&proxy);
}

async fn sqs_messages(rng: &mut Rng, scale: usize, tally: &mut Tally) {
    let moto = common::client("sqs");
    let queue = common::ok(
        "CreateQueue",
        moto.call("CreateQueue", json!({"QueueName": common::unique("soak")}))
            .await,
    )["QueueUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let proxy = FaultProxy::start(&common::endpoint()).await;
    let json_error = |status, code: &str| {
        let mut step = Step::json_error(status, code);
        if let Step::Respond { headers, .. } = &mut step {
            headers.push(("x-amzn-query-error".into(), format!("{code};Receiver")));
        }
        step
    };
    proxy.script(chaos(
        rng,
        300 * scale,
        5,
        &[
            Step::Reset,
            Step::Stall(STALL),
            // A truncated answer to SendMessage is sent again: SQS is at-least-once.
            Step::Truncate,
            json_error(500, "InternalError"),
            json_error(503, "ServiceUnavailable"),
            json_error(400, "ThrottlingException"),
        ],
    ));
    let sqs = client_via(&proxy, "sqs");
    let messages = 100 * scale;
    let sent: BTreeSet<String> = (0..messages).map(|i| format!("message-{i}")).collect();
    // Eight sends in flight at once, as a producer would have them.
    let sends = futures::stream::iter(&sent)
        .map(|body| {
            let sqs = sqs.clone();
            let queue = queue.clone();
            async move {
                sqs.call(
                    "SendMessage",
                    json!({"QueueUrl": queue, "MessageBody": body}),
                )
                .await
                .unwrap_or_else(|e| panic!("SendMessage {body}: {e}"))
            }
        })
        .buffer_unordered(8);
    sends.collect::<Vec<_>>().await;
    let mut received = BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(60 * scale as u64);
    while received.len() < sent.len() && Instant::now() < deadline {
        let Ok(page) = sqs
            .call(
                "ReceiveMessage",
                json!({"QueueUrl": queue, "MaxNumberOfMessages": 10, "VisibilityTimeout": 2}),
            )
            .await
        else {
            continue;
        };
        let messages = page["Messages"].as_array().cloned().unwrap_or_default();
        let deletes = messages.iter().map(|message| {
            received.insert(message["Body"].as_str().unwrap().to_string());
            sqs.call(
                "DeleteMessage",
                json!({"QueueUrl": queue, "ReceiptHandle": message["ReceiptHandle"]}),
            )
        });
        futures::future::join_all(deletes.collect::<Vec<_>>()).await;
    }
    for body in sent.difference(&received) {
        tally.lost.push(format!("SQS {body} never received"));
    }
    tally.count(&proxy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto: scripts/test runs it"]
async fn chaos_soak_loses_nothing() {
    let scale: usize = std::env::var("RBOTO_SOAK_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let metrics = tokio::runtime::Handle::current().metrics();
    let baseline = (open_fds(), metrics.num_alive_tasks());
    let started = Instant::now();
    let mut rng = Rng(0x5eed_c4a0_5eed_c4a0);
    let mut tally = Tally {
        operations: 0,
        faults: 0,
        lost: Vec::new(),
    };
    dynamodb_batch_writes(&mut rng, scale, &mut tally).await;
    println!(
        "soak: DynamoDB done at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    s3_transfers(&mut rng, scale, &mut tally).await;
    println!("soak: S3 done at {:.1} s", started.elapsed().as_secs_f64());
    sqs_messages(&mut rng, scale, &mut tally).await;
    let (fds, tasks) = settle(baseline).await;
    println!(
        "soak: {} operations, {} faults injected, {} lost ({:.1} s, scale {scale}; \
         {fds} descriptors and {tasks} tasks open, {} and {} before)",
        tally.operations,
        tally.faults,
        tally.lost.len(),
        started.elapsed().as_secs_f64(),
        baseline.0,
        baseline.1,
    );
    assert!(tally.lost.is_empty(), "lost: {:#?}", tally.lost);
    assert!(tally.faults > 0, "the proxy injected no fault");
    assert!(
        fds <= baseline.0,
        "{fds} descriptors open, {} before",
        baseline.0
    );
    assert!(
        tasks <= baseline.1,
        "{tasks} tasks alive, {} before",
        baseline.1
    );
}
