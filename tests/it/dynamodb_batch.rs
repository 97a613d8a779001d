//! The DynamoDB batch writer and batch getter end to end against moto, most of them through
//! the fault proxy, which answers some BatchWriteItem/BatchGetItem calls with part of the
//! request handed back as unprocessed and some with throttling errors, and forwards the
//! rest. Afterwards the table is scanned straight from moto and compared with what was
//! written; the proxy's record of what it injected is compared with the writer's counts.
//!
//! Needs moto's server in `RBOTO_TEST_ENDPOINT` (started by `scripts/test`); fails without.

use crate::common;
use rboto_test_support::fault_proxy;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fault_proxy::{FaultProxy, Seen, Step};
use rboto::dynamodb::{AttributeMap, Backoff, BatchWriteError, WriteRequest};
use rboto::dynamodb::{ServiceResource, Table};
use rboto::{Config, Credentials, Session};
use serde_json::{json, Value};

/// A table `pk` (S) + `sk` (N), created straight on moto.
async fn create_table() -> String {
    let name = common::unique("batch");
    let ddb = common::client("dynamodb");
    common::ok(
        "CreateTable",
        ddb.call(
            "CreateTable",
            json!({
                "TableName": name,
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"}
                ],
                "AttributeDefinitions": [
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "sk", "AttributeType": "N"}
                ],
                "BillingMode": "PAY_PER_REQUEST"
            }),
        )
        .await,
    );
    name
}

/// The table through `url` (the proxy or moto), its client making one attempt a call
/// when `single_attempt`, so every retry seen is the batch writer's own.
fn table_via(url: &str, name: &str, single_attempt: bool) -> Table {
    let mut config = Config::builder();
    if single_attempt {
        config = config.max_attempts(1);
    }
    let session = Session::builder()
        .region("us-east-1")
        .credentials(Credentials::new("testing", "testing", None))
        .endpoint_url(url)
        .config(config.build())
        .build();
    ServiceResource::new(&session).unwrap().table(name)
}

fn fast_backoff(attempts: u32) -> Backoff {
    Backoff::default()
        .base_delay(Duration::from_millis(2))
        .max_delay(Duration::from_millis(20))
        .max_attempts(attempts)
}

fn map(value: Value) -> AttributeMap {
    match value {
        Value::Object(m) => m,
        other => panic!("not a map: {other}"),
    }
}

fn item(pk: &str, sk: u32, payload: &str) -> AttributeMap {
    map(json!({
        "pk": {"S": pk},
        "sk": {"N": sk.to_string()},
        "payload": {"S": payload},
        "tags": {"SS": ["a", format!("t{sk}")]},
        "nested": {"M": {"n": {"N": (sk * 3).to_string()}, "l": {"L": [{"BOOL": true}, {"NULL": true}]}}}
    }))
}

fn key(pk: &str, sk: u32) -> AttributeMap {
    map(json!({"pk": {"S": pk}, "sk": {"N": sk.to_string()}}))
}

/// Every item of `table`, scanned straight from moto, by (pk, sk); panics on a repeated key.
async fn scan(table: &str) -> BTreeMap<(String, String), AttributeMap> {
    let ddb = common::client("dynamodb");
    let pages = common::pages(&ddb, "Scan", json!({"TableName": table})).await;
    let mut items = BTreeMap::new();
    for page in pages {
        for item in page["Items"].as_array().cloned().unwrap_or_default() {
            let item = map(item);
            let id = (
                item["pk"]["S"].as_str().unwrap().to_string(),
                item["sk"]["N"].as_str().unwrap().to_string(),
            );
            assert!(
                items.insert(id.clone(), item).is_none(),
                "{id:?} scanned twice"
            );
        }
    }
    items
}

/// An item as DynamoDB gives it back: string sets have no order, so they are sorted.
fn normalized(mut item: AttributeMap) -> AttributeMap {
    for value in item.values_mut() {
        if let Some(Value::Array(set)) = value.get_mut("SS") {
            set.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        }
    }
    item
}

/// The operation a request the proxy saw was for.
fn operation(seen: &Seen) -> String {
    seen.header("x-amz-target")
        .and_then(|t| t.rsplit('.').next())
        .unwrap_or_default()
        .to_string()
}

/// How many write requests or keys a batch request the proxy saw carried.
fn batch_size(seen: &Seen) -> usize {
    let body: Value = serde_json::from_slice(&seen.body).unwrap();
    body["RequestItems"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| match v {
            Value::Array(requests) => requests.len(),
            other => other["Keys"].as_array().unwrap().len(),
        })
        .sum()
}

/// What the proxy injected: (responses with something withheld, requests or keys
/// withheld, error answers).
fn injected(proxy: &FaultProxy) -> (u64, u64, u64) {
    let (mut partial, mut withheld, mut errors) = (0, 0, 0);
    for seen in proxy.seen() {
        if let Some(forward) = seen
            .step
            .strip_prefix("PartialBatch { forward: ")
            .and_then(|s| s.strip_suffix(" }"))
        {
            let held = batch_size(&seen).saturating_sub(forward.parse().unwrap());
            if held > 0 {
                partial += 1;
                withheld += held as u64;
            }
        } else if seen.step.starts_with("Respond") {
            errors += 1;
        }
    }
    (partial, withheld, errors)
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_thousand_writes_through_unprocessed_items_and_throttling_land_exactly_once() {
    let name = create_table().await;
    let proxy = FaultProxy::start(&common::endpoint()).await;
    let pattern = [
        Step::PartialBatch { forward: 10 },
        Step::Forward,
        Step::dynamodb_throughput_exceeded(),
        Step::PartialBatch { forward: 0 },
        Step::Forward,
        Step::dynamodb_throttling(),
        Step::PartialBatch { forward: 3 },
        Step::PartialBatch { forward: 24 },
        Step::Forward,
    ];
    // Each round of the pattern takes four batches of 25 through: 40 batches, 10 rounds.
    for _ in 0..10 {
        proxy.script(pattern.clone());
    }
    let table = table_via(&proxy.url(), &name, true);
    let mut writer = table
        .batch_writer()
        .key_names(["pk", "sk"])
        .backoff(fast_backoff(8));
    let mut expected = BTreeMap::new();
    for i in 0..1000u32 {
        let pk = format!("user-{}", i % 7);
        let written = item(
            &pk,
            i,
            &format!("payload {i} {}", "x".repeat(i as usize % 50)),
        );
        expected.insert((pk, i.to_string()), normalized(written.clone()));
        writer.put_item(written).await.unwrap();
    }
    let stats = writer.close().await.unwrap();

    let scanned: BTreeMap<_, _> = scan(&name)
        .await
        .into_iter()
        .map(|(id, item)| (id, normalized(item)))
        .collect();
    assert_eq!(scanned.len(), 1000);
    assert!(
        scanned == expected,
        "the table differs from what was written"
    );

    let seen = proxy.seen();
    assert!(seen.iter().all(|s| operation(s) == "BatchWriteItem"));
    let largest = seen.iter().map(batch_size).max().unwrap();
    assert!(largest <= 25, "a request carried {largest} write requests");
    let (partial, withheld, errors) = injected(&proxy);
    println!(
        "1000 puts: {} BatchWriteItem requests ({} seen by the proxy), {} answered with \
         UnprocessedItems ({} write requests handed back), {} throttled; writer: {stats:?}",
        stats.requests,
        seen.len(),
        partial,
        withheld,
        errors
    );
    assert_eq!(proxy.remaining(), 0, "the whole fault script was used");
    assert_eq!((partial, withheld, errors), (30, 10 * (15 + 25 + 22), 20));
    let reached_moto: usize = seen
        .iter()
        .map(|s| match s.step.strip_prefix("PartialBatch { forward: ") {
            Some(rest) => batch_size(s).min(rest.trim_end_matches(" }").parse().unwrap()),
            None if s.step.starts_with("Respond") => 0,
            None => batch_size(s),
        })
        .sum();
    assert_eq!(reached_moto, 1000, "each write request reached moto once");
    assert_eq!(stats.requests, seen.len() as u64);
    assert_eq!(stats.written, 1000);
    assert_eq!(stats.unprocessed_responses, partial);
    assert_eq!(stats.unprocessed_requests, withheld);
    assert_eq!(stats.error_retries, errors);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn throttling_is_retried_by_the_client_first_then_by_the_writer() {
    let name = create_table().await;
    let proxy = FaultProxy::start(&common::endpoint()).await;
    // The client makes 4 attempts a call for DynamoDB: five throttles in a row outlast
    // them, so the writer's own retry must finish the job.
    proxy.script((0..5).map(|_| Step::dynamodb_throughput_exceeded()));
    let table = table_via(&proxy.url(), &name, false);
    let mut writer = table.batch_writer().backoff(fast_backoff(3));
    for i in 0..10 {
        writer.put_item(item("p", i, "v")).await.unwrap();
    }
    let stats = writer.close().await.unwrap();
    assert_eq!(proxy.count(), 6);
    assert_eq!(stats.requests, 2);
    assert_eq!(stats.error_retries, 1);
    assert_eq!(scan(&name).await.len(), 10);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn overwrite_by_pkeys_keeps_the_last_request_for_each_key() {
    let name = create_table().await;
    let moto = table_via(&common::endpoint(), &name, false);
    let mut setup = moto.batch_writer();
    setup.put_item(item("old", 1, "before")).await.unwrap();
    setup.put_item(item("gone", 1, "before")).await.unwrap();
    setup.close().await.unwrap();

    let proxy = FaultProxy::start(&common::endpoint()).await;
    let table = table_via(&proxy.url(), &name, false);
    let mut writer = table.batch_writer().overwrite_by_pkeys(["pk", "sk"]);
    writer.put_item(item("a", 1, "first")).await.unwrap();
    writer.put_item(item("b", 1, "kept")).await.unwrap();
    writer.put_item(item("a", 1, "second")).await.unwrap();
    writer.delete_key(key("b", 1)).await.unwrap();
    writer.delete_key(key("old", 1)).await.unwrap();
    writer.put_item(item("old", 1, "after")).await.unwrap();
    writer.put_item(item("gone", 1, "replaced")).await.unwrap();
    writer
        .delete_key(map(json!({"pk": {"S": "gone"}, "sk": {"N": "1.0"}})))
        .await
        .unwrap();
    writer.put_item(item("a", 1, "third")).await.unwrap();
    assert_eq!(writer.pending(), 4);
    let stats = writer.close().await.unwrap();

    assert_eq!(
        proxy.count(),
        1,
        "one request for the four surviving writes"
    );
    assert_eq!(batch_size(&proxy.seen()[0]), 4);
    assert_eq!(stats.overwritten, 5);
    assert_eq!(stats.written, 4);
    let items = scan(&name).await;
    let payloads: Vec<(&str, &str)> = items
        .iter()
        .map(|((pk, _), item)| (pk.as_str(), item["payload"]["S"].as_str().unwrap()))
        .collect();
    assert_eq!(payloads, [("a", "third"), ("old", "after")]);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_repeated_key_without_overwrite_starts_a_new_batch_so_both_land_in_order() {
    let name = create_table().await;
    let proxy = FaultProxy::start(&common::endpoint()).await;
    let table = table_via(&proxy.url(), &name, false);
    let mut writer = table.batch_writer().key_names(["pk", "sk"]);
    writer.put_item(item("a", 1, "first")).await.unwrap();
    writer.put_item(item("b", 1, "b")).await.unwrap();
    writer.put_item(item("a", 1, "second")).await.unwrap();
    assert_eq!(writer.pending(), 3);
    writer.close().await.unwrap();
    let sizes: Vec<usize> = proxy.seen().iter().map(batch_size).collect();
    assert_eq!(sizes, [2, 1], "the repeat went into a second batch");
    let items = scan(&name).await;
    assert_eq!(items[&("a".into(), "1".into())]["payload"]["S"], "second");
    assert_eq!(items.len(), 2);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_loaded_table_knows_its_key_and_rejects_items_without_it_before_sending() {
    let name = create_table().await;
    let proxy = FaultProxy::start(&common::endpoint()).await;
    let table = table_via(&proxy.url(), &name, false);
    table.load().await.unwrap();
    proxy.clear_seen();
    let mut writer = table.batch_writer();
    let keyless = map(json!({"pk": {"S": "a"}, "payload": {"S": "no sk"}}));
    let err = writer.put_item(keyless.clone()).await.unwrap_err();
    let cause = err.cause().unwrap();
    assert!(cause.is_validation(), "{err}");
    assert!(
        err.to_string().contains("key attribute \"sk\" is missing"),
        "{err}"
    );
    assert_eq!(err.unwritten(), [WriteRequest::Put(keyless)]);
    assert_eq!(err.attempts(), 0);
    assert!(!err.is_exhausted());
    assert_eq!(writer.pending(), 0);
    assert_eq!(proxy.count(), 0);
}

#[tokio::test]
async fn bad_requests_and_settings_are_rejected_before_anything_is_sent() {
    let (client, listener) = common::unserved_client("dynamodb");
    let table = ServiceResource::from_client(client).unwrap().table("t");
    let check = |err: BatchWriteError, expected: &str| {
        assert!(err.cause().is_some_and(|c| c.is_validation()), "{err}");
        assert!(
            err.to_string().contains(expected),
            "{expected:?} not in: {err}"
        );
        assert_eq!(err.unwritten().len(), 1);
    };

    let mut writer = table.batch_writer().overwrite_by_pkeys(["pk", "sk"]);
    let delete = map(json!({"pk": {"S": "a"}, "sk": {"N": "1"}, "extra": {"S": "x"}}));
    check(
        writer.delete_key(delete).await.unwrap_err(),
        "\"extra\" is not a key attribute",
    );
    let raw = map(json!({"pk": {"S": "a"}, "sk": 1}));
    check(
        writer.put_item(raw).await.unwrap_err(),
        "attribute \"sk\" is 1, not an attribute value",
    );
    let huge = map(json!({"pk": {"S": "a"}, "sk": {"N": "1"}, "blob": {"S": "x".repeat(410_000)}}));
    check(
        writer.put_item(huge).await.unwrap_err(),
        "over DynamoDB's limit of 409600 bytes",
    );
    let bool_key = map(json!({"pk": {"BOOL": true}, "sk": {"N": "1"}}));
    check(
        writer.put_item(bool_key).await.unwrap_err(),
        "\"pk\" must be a string, number or binary",
    );
    let nested = map(json!({"pk": {"S": "a"}, "sk": {"N": "1"}, "l": {"L": [{"S": 5}]}}));
    check(
        writer.put_item(nested).await.unwrap_err(),
        "put_item.PutRequest.Item.l.L[0].S: expected string, got 5",
    );

    #[derive(serde::Serialize)]
    struct Row {
        pk: &'static str,
        sk: Option<u32>,
        blob: String,
    }
    let keyless = Row {
        pk: "a",
        sk: None,
        blob: String::new(),
    };
    let err = writer.put_value(&keyless).await.unwrap_err();
    check(err, "\"sk\" must be a string, number or binary");
    let huge = Row {
        pk: "a",
        sk: Some(1),
        blob: "x".repeat(410_000),
    };
    let err = writer.put_value(&huge).await.unwrap_err();
    assert_eq!(
        err.unwritten()[0].attributes()["blob"]["S"]
            .as_str()
            .map(str::len),
        Some(410_000),
        "the refused item is handed back whole"
    );
    check(err, "over DynamoDB's limit of 409600 bytes");
    let err = writer.put_value(&"not an item").await.unwrap_err();
    assert!(
        err.to_string().contains("an item must be a struct or map"),
        "{err}"
    );
    assert!(err.unwritten().is_empty());
    assert_eq!(writer.pending(), 0);

    let mut writer = table.batch_writer().flush_amount(26);
    check(
        writer.put_item(item("a", 1, "x")).await.unwrap_err(),
        "flush_amount must be 1 to 25",
    );
    let mut writer = table
        .batch_writer()
        .backoff(Backoff::default().max_attempts(0));
    check(
        writer.put_item(item("a", 1, "x")).await.unwrap_err(),
        "max_attempts must be at least 1",
    );
    let getter = table.batch_get();
    let err = getter
        .get(vec![key("a", 1), map(json!({"pk": {"S": "b"}}))])
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("keys[1]: key attribute \"sk\" is missing"),
        "{err}"
    );
    assert_eq!(err.unread_keys().len(), 2);
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("something reached the server: {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn giving_up_hands_back_exactly_the_requests_not_written() {
    let name = create_table().await;
    let proxy = FaultProxy::start(&common::endpoint()).await;
    proxy.fallback(Some(Step::PartialBatch { forward: 0 }));
    let table = table_via(&proxy.url(), &name, true);
    let mut writer = table
        .batch_writer()
        .overwrite_by_pkeys(["pk", "sk"])
        .backoff(fast_backoff(3));
    let input: Vec<WriteRequest> = (0..60u32)
        .map(|i| match i % 4 {
            3 => WriteRequest::Delete(key("p", i)),
            _ => WriteRequest::Put(item("p", i, &format!("v{i}"))),
        })
        .collect();
    let mut handed_back = Vec::new();
    let mut failures = Vec::new();
    for request in input.clone() {
        if let Err(failure) = writer.write(request).await {
            failures.push(failure.to_string());
            assert!(failure.cause().is_none() && failure.is_exhausted());
            assert_eq!(failure.attempts(), 3);
            handed_back.extend(failure.into_unwritten());
        }
    }
    match writer.close().await {
        Ok(stats) => panic!("close succeeded: {stats:?}"),
        Err(failure) => handed_back.extend(failure.into_unwritten()),
    }
    assert_eq!(
        handed_back, input,
        "the unwritten requests are the input, in order"
    );
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(
        failures[0].contains("stopped with 25 write request(s) not written after 3 attempt(s)"),
        "{}",
        failures[0]
    );
    assert_eq!(proxy.count(), 9, "three batches of three attempts");
    assert!(scan(&name).await.is_empty());

    let proxy = FaultProxy::start(&common::endpoint()).await;
    proxy.fallback(Some(Step::dynamodb_throughput_exceeded()));
    let table = table_via(&proxy.url(), &name, true);
    let mut writer = table.batch_writer().backoff(fast_backoff(2));
    writer.put_item(item("p", 1, "v")).await.unwrap();
    let failure = writer.flush().await.unwrap_err();
    assert!(failure.cause().unwrap().is_throttling(), "{failure}");
    assert!(failure.is_exhausted());
    assert_eq!(failure.unwritten(), [WriteRequest::Put(item("p", 1, "v"))]);
    assert_eq!(writer.pending(), 0);
    assert_eq!(proxy.count(), 2);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_service_error_is_not_retried_and_hands_everything_back() {
    let proxy = FaultProxy::start(&common::endpoint()).await;
    let table = table_via(&proxy.url(), &common::unique("missing"), false);
    let mut writer = table.batch_writer();
    for i in 0..3 {
        writer.put_item(item("p", i, "v")).await.unwrap();
    }
    let failure = writer.close().await.unwrap_err();
    assert!(failure.cause().unwrap().is_not_found(), "{failure:?}");
    assert!(!failure.is_exhausted());
    assert_eq!(failure.unwritten().len(), 3);
    assert_eq!(proxy.count(), 1);
}

/// Records the messages of `tracing` events.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Fields<'a>(&'a mut String);
        impl tracing::field::Visit for Fields<'_> {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                self.0.push_str(&format!("{}={:?} ", field.name(), value));
            }
        }
        let mut text = format!("{} ", event.metadata().level());
        event.record(&mut Fields(&mut text));
        self.0.lock().unwrap().push(text);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn dropping_a_writer_with_buffered_requests_warns_how_many_were_lost() {
    let (client, _listener) = common::unserved_client("dynamodb");
    let table = ServiceResource::from_client(client)
        .unwrap()
        .table("orders");
    let mut writer = table.batch_writer();
    for i in 0..3 {
        writer.put_item(item("p", i, "v")).await.unwrap();
    }
    let recorder = Recorder::default();
    tracing::subscriber::with_default(recorder.clone(), || drop(writer));
    let events = recorder.0.lock().unwrap().clone();
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].starts_with("WARN"), "{events:?}");
    assert!(events[0].contains("lost=3"), "{events:?}");
    assert!(
        events[0].contains(
            "3 write request(s) not confirmed as written (3 never sent, 0 in an interrupted batch)"
        ),
        "{events:?}"
    );

    let recorder = Recorder::default();
    let empty = table.batch_writer();
    tracing::subscriber::with_default(recorder.clone(), || drop(empty));
    assert!(recorder.0.lock().unwrap().is_empty());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn batch_get_reads_250_keys_through_unprocessed_keys_in_key_order() {
    let name = create_table().await;
    let moto = table_via(&common::endpoint(), &name, false);
    let mut writer = moto.batch_writer();
    for i in 0..250u32 {
        writer
            .put_item(item(&format!("k{}", i % 3), i, &format!("v{i}")))
            .await
            .unwrap();
    }
    writer.close().await.unwrap();

    let proxy = FaultProxy::start(&common::endpoint()).await;
    proxy.script([
        Step::PartialBatch { forward: 40 },
        Step::PartialBatch { forward: 0 },
        Step::Forward,
        Step::dynamodb_throughput_exceeded(),
        Step::PartialBatch { forward: 70 },
        Step::PartialBatch { forward: 10 },
    ]);
    let table = table_via(&proxy.url(), &name, true);
    let getter = table
        .batch_get()
        .consistent_read(true)
        .backoff(fast_backoff(6));
    // Reverse order, with two repeats and two keys that have no item.
    let mut keys: Vec<AttributeMap> = (0..250u32)
        .rev()
        .map(|i| key(&format!("k{}", i % 3), i))
        .collect();
    keys.insert(10, key("k0", 249));
    keys.insert(20, map(json!({"sk": {"N": "246.0"}, "pk": {"S": "k0"}})));
    keys.push(key("k1", 9999));
    keys.insert(0, key("nobody", 1));
    let items = getter.get(keys).await.unwrap();

    let order: Vec<u32> = items
        .iter()
        .map(|i| i["sk"]["N"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(order, (0..250).rev().collect::<Vec<u32>>());
    assert_eq!(
        normalized(items[0].clone()),
        normalized(item("k0", 249, "v249"))
    );
    let seen = proxy.seen();
    assert!(seen.iter().all(|s| operation(s) == "BatchGetItem"));
    assert!(seen.iter().all(|s| batch_size(s) <= 100));
    assert!(seen.iter().all(|s| {
        let body: Value = serde_json::from_slice(&s.body).unwrap();
        body["RequestItems"][&name]["ConsistentRead"] == json!(true)
    }));
    let stats = getter.stats();
    let (partial, withheld, errors) = injected(&proxy);
    println!(
        "250 keys (+2 repeats, 2 missing): {} BatchGetItem requests, {} answered with \
         UnprocessedKeys ({} keys handed back), {} throttled; getter: {stats:?}",
        seen.len(),
        partial,
        withheld,
        errors
    );
    assert_eq!(stats.requests, seen.len() as u64);
    assert_eq!(stats.items, 250);
    assert_eq!(stats.duplicate_keys, 2);
    assert_eq!(stats.unprocessed_responses, partial);
    assert_eq!(stats.unprocessed_keys, withheld);
    assert_eq!(stats.error_retries, errors);
    assert_eq!((partial, withheld, errors), (4, 60 + 60 + 30 + 20, 1));
    assert_eq!(proxy.remaining(), 0);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn batch_get_projects_and_hands_back_unread_keys_when_it_gives_up() {
    let name = create_table().await;
    let moto = table_via(&common::endpoint(), &name, false);
    let mut writer = moto.batch_writer();
    for i in 0..150u32 {
        writer.put_item(item("p", i, "v")).await.unwrap();
    }
    writer.close().await.unwrap();

    let projected = moto
        .batch_get()
        .projection(["pk", "sk", "payload"])
        .get((0..150).map(|i| key("p", i)).collect())
        .await
        .unwrap();
    assert_eq!(projected.len(), 150);
    assert!(projected
        .iter()
        .all(|i| i.len() == 3 && i["payload"]["S"] == "v"));

    let proxy = FaultProxy::start(&common::endpoint()).await;
    proxy.script([Step::Forward]);
    proxy.fallback(Some(Step::PartialBatch { forward: 0 }));
    let table = table_via(&proxy.url(), &name, true);
    let keys: Vec<AttributeMap> = (0..150).map(|i| key("p", i)).collect();
    let failure = table
        .batch_get()
        .backoff(fast_backoff(2))
        .get(keys.clone())
        .await
        .unwrap_err();
    assert!(failure.cause().is_none(), "{failure}");
    assert_eq!(failure.attempts(), 2);
    let (items, unread) = failure.into_parts();
    assert_eq!(items.len(), 100);
    assert_eq!(unread, keys[100..]);
    assert_eq!(proxy.count(), 3);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_second_projection_replaces_the_first_and_its_placeholders() {
    let name = create_table().await;
    let moto = table_via(&common::endpoint(), &name, false);
    let mut writer = moto.batch_writer();
    writer.put_item(item("p", 1, "v")).await.unwrap();
    writer.close().await.unwrap();

    let proxy = FaultProxy::start(&common::endpoint()).await;
    let table = table_via(&proxy.url(), &name, false);
    let items = table
        .batch_get()
        .projection(["pk", "sk", "payload"])
        .projection(["payload"])
        .get(vec![key("p", 1)])
        .await
        .unwrap();
    assert_eq!(items, [map(json!({"payload": {"S": "v"}}))]);
    let body: Value = serde_json::from_slice(&proxy.seen()[0].body).unwrap();
    let request = &body["RequestItems"][name.as_str()];
    assert_eq!(request["ProjectionExpression"], "#p0");
    assert_eq!(
        request["ExpressionAttributeNames"],
        json!({"#p0": "payload"})
    );
}

#[tokio::test]
async fn nothing_to_get_sends_nothing() {
    let (client, listener) = common::unserved_client("dynamodb");
    let table = ServiceResource::from_client(client).unwrap().table("t");
    assert!(table.batch_get().get(Vec::new()).await.unwrap().is_empty());
    let writer = table.batch_writer();
    assert_eq!(writer.close().await.unwrap().requests, 0);
    assert!(listener.accept().is_err());
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
struct Reading {
    pk: String,
    sk: u32,
    celsius: f64,
    note: Option<String>,
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn typed_puts_and_typed_gets_round_trip() {
    let name = create_table().await;
    let table = table_via(&common::endpoint(), &name, false);
    let readings: Vec<Reading> = (0..60u32)
        .map(|i| Reading {
            pk: "sensor-1".into(),
            sk: i,
            celsius: f64::from(i) / 4.0 - 3.5,
            note: (i % 2 == 0).then(|| format!("even {i}")),
        })
        .collect();
    let mut writer = table.batch_writer().overwrite_by_pkeys(["pk", "sk"]);
    for reading in &readings {
        writer.put_value(reading).await.unwrap();
    }
    let stats = writer.close().await.unwrap();
    assert_eq!((stats.requests, stats.written), (3, 60));

    let keys = readings
        .iter()
        .rev()
        .map(|r| rboto::dynamodb::to_item(&json!({"pk": r.pk, "sk": r.sk})).unwrap())
        .collect();
    let got: Vec<Reading> = table.batch_get().get_typed(keys).await.unwrap();
    let expected: Vec<Reading> = readings.into_iter().rev().collect();
    assert_eq!(got, expected);

    let failure = table
        .batch_get()
        .get_typed::<u32>(vec![key("sensor-1", 0)])
        .await
        .unwrap_err();
    assert!(failure.to_string().contains("item 0"), "{failure}");
    assert_eq!(failure.items().len(), 1);
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
struct Order {
    pk: String,
    sk: u32,
    total: u64,
}

impl rboto::dynamodb::Item for Order {
    type Key = (String, u32);
    const SCHEMA: rboto::dynamodb::KeySchema =
        rboto::dynamodb::KeySchema::new("pk").with_range_key("sk");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn item_types_give_the_writer_its_key_and_the_getter_typed_keys() {
    use rboto::dynamodb::Item;
    let name = create_table().await;
    let proxy = FaultProxy::start(&common::endpoint()).await;
    let table = table_via(&proxy.url(), &name, false);
    let mut writer = table.batch_writer().overwrite_by_key_schema(Order::SCHEMA);
    for sk in 0..30u32 {
        let order = Order {
            pk: "ada".into(),
            sk: sk % 20,
            total: u64::from(sk) * 10,
        };
        writer.put(&order).await.unwrap();
    }
    writer.delete::<Order>(&("ada".into(), 3)).await.unwrap();
    let stats = writer.close().await.unwrap();
    assert_eq!(
        stats.overwritten, 11,
        "10 repeated keys, and the put deleted after"
    );
    assert_eq!(stats.written, 20, "19 puts and one delete");

    let got: Vec<Order> = table
        .batch_get()
        .get_items::<Order>((0..20u32).rev().map(|sk| ("ada".to_string(), sk)))
        .await
        .unwrap();
    let totals: Vec<(u32, u64)> = got.iter().map(|o| (o.sk, o.total)).collect();
    let expected: Vec<(u32, u64)> = (0..20u32)
        .rev()
        .filter(|sk| *sk != 3)
        .map(|sk| (sk, u64::from(if sk < 10 { sk + 20 } else { sk }) * 10))
        .collect();
    assert_eq!(totals, expected);

    let mut keyless = table.batch_writer().key_schema(Order::SCHEMA);
    let err = keyless
        .put_value(&json!({"pk": "ada", "total": 1}))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("key attribute \"sk\" is missing"),
        "{err}"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn an_interrupted_flush_keeps_its_batch_and_the_next_flush_sends_it() {
    let name = create_table().await;
    let proxy = FaultProxy::start(&common::endpoint()).await;
    proxy.script([Step::Stall(Duration::from_secs(5))]);
    let table = table_via(&proxy.url(), &name, false);
    let mut writer = table.batch_writer();
    for i in 0..7 {
        writer.put_item(item("p", i, "v")).await.unwrap();
    }
    let interrupted = tokio::time::timeout(Duration::from_millis(300), writer.flush()).await;
    assert!(interrupted.is_err(), "the stalled flush should time out");
    assert_eq!(
        writer.pending(),
        7,
        "the batch in flight is still the writer's"
    );
    writer.flush().await.unwrap();
    assert_eq!(writer.pending(), 0);
    assert_eq!(writer.close().await.unwrap().written, 7);
    assert_eq!(scan(&name).await.len(), 7);
    assert_eq!(proxy.count(), 2);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn a_put_whose_future_is_dropped_is_still_buffered() {
    let name = create_table().await;
    let proxy = FaultProxy::start(&common::endpoint()).await;
    proxy.script([Step::Stall(Duration::from_secs(5))]);
    let table = table_via(&proxy.url(), &name, false);
    let mut writer = table.batch_writer().key_names(["pk", "sk"]).flush_amount(3);
    writer.put_item(item("a", 1, "first")).await.unwrap();
    writer.put_item(item("b", 1, "b")).await.unwrap();
    let interrupted = tokio::time::timeout(
        Duration::from_millis(300),
        writer.put_item(item("a", 1, "second")),
    )
    .await;
    assert!(interrupted.is_err(), "the stalled send should time out");
    assert_eq!(writer.pending(), 3, "the interrupted put kept its request");
    assert_eq!(writer.close().await.unwrap().written, 3);
    let items = scan(&name).await;
    assert_eq!(items[&("a".into(), "1".into())]["payload"]["S"], "second");
    assert_eq!(items.len(), 2);
}

#[tokio::test]
async fn writers_getters_and_their_futures_can_move_to_other_tasks() {
    fn send<T: Send>(value: T) -> T {
        value
    }
    let (client, _listener) = common::unserved_client("dynamodb");
    let table = ServiceResource::from_client(client).unwrap().table("t");
    let mut writer = send(table.batch_writer());
    drop(send(writer.put_item(item("p", 1, "v"))));
    drop(send(writer.flush()));
    let getter = send(table.batch_get());
    drop(send(getter.get(vec![key("p", 1)])));
    let spawned = tokio::spawn(async move { writer.pending() });
    assert_eq!(spawned.await.unwrap(), 0);
}
