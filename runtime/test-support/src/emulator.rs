//! Shared helpers of the end-to-end tests: a session pointed at the moto server that
//! `scripts/test` starts (its URL in `RBOTO_TEST_ENDPOINT`), unique resource names so tests run in
//! parallel against one server, page collection, and proof that a rejected call sent nothing.
#![allow(dead_code)]

use std::net::TcpListener;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::TryStreamExt;
use rboto::{Client, Credentials, Error, Session};
use serde_json::Value;

/// Held by the tests of one binary that delete resources of a kind another of its tests lists
/// across pages. moto's cursors for some listings (DynamoDB's `ExclusiveStartTableName`, IAM's
/// numeric `Marker` for virtual MFA devices) point at a position or at a named item, so a
/// deletion in between ends the listing early or skips an item. AWS's cursors do not; this only
/// keeps the emulator's answer deterministic.
pub static LISTING_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub use crate::moto::endpoint;

/// The s3s-fs server's URL (an S3 server over a local directory, the throughput peer). Panics
/// when the tests were not started by `scripts/test` (or `scripts/s3s start`).
pub fn s3s_endpoint() -> String {
    match std::env::var("RBOTO_S3S_ENDPOINT") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "RBOTO_S3S_ENDPOINT is not set: run the tests with `scripts/test`, or eval \
             \"$(scripts/s3s start)\" first"
        ),
    }
}

/// A session with s3s-fs's credentials (from `scripts/s3s start`) in us-east-1, sending
/// everything to the s3s-fs server.
pub fn s3s_session() -> Session {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: see s3s_endpoint"))
    };
    Session::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            var("RBOTO_S3S_ACCESS_KEY"),
            var("RBOTO_S3S_SECRET_KEY"),
            None,
        ))
        .endpoint_url(s3s_endpoint())
        .build()
}

/// A low-level S3 client talking to s3s-fs.
pub fn s3s_client() -> Client {
    s3s_session()
        .client(model("s3"))
        .unwrap_or_else(|e| panic!("s3 client for s3s-fs: {e}"))
}

/// A session with moto's test credentials in us-east-1, sending everything to `url`.
pub fn session_at(url: &str) -> Session {
    Session::builder()
        .region("us-east-1")
        .credentials(Credentials::new("testing", "testing", None))
        .endpoint_url(url)
        .build()
}

/// The embedded model of `service`.
pub fn model(service: &str) -> rboto::ServiceModel {
    match service {
        "cloudformation" => rboto::models::cloudformation::model(),
        "cloudwatch" => rboto::models::cloudwatch::model(),
        "dynamodb" => rboto::models::dynamodb::model(),
        "ec2" => rboto::models::ec2::model(),
        "glacier" => rboto::models::glacier::model(),
        "iam" => rboto::models::iam::model(),
        "s3" => rboto::models::s3::model(),
        "sns" => rboto::models::sns::model(),
        "sqs" => rboto::models::sqs::model(),
        "sts" => rboto::models::sts::model(),
        other => panic!("no embedded model for {other}"),
    }
}

/// A low-level client of `service` talking to the emulator.
pub fn client(service: &str) -> Client {
    session_at(&endpoint())
        .client(model(service))
        .unwrap_or_else(|e| panic!("client for {service}: {e}"))
}

/// A client of `service` aimed at a loopback port that listens but is never served, with the
/// listener that owns the port: hand both to [`assert_rejected_unsent`].
pub fn unserved_client(service: &str) -> (Client, TcpListener) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let client = session_at(&url)
        .client(model(service))
        .unwrap_or_else(|e| panic!("client for {service}: {e}"));
    (client, listener)
}

/// Calls `operation` on a client from [`unserved_client`] and checks that the call failed
/// validation with a problem naming each of `paths`, that it made no attempt, and that no
/// connection ever reached the listener. Returns the error for further checks.
pub async fn assert_rejected_unsent(
    client: &Client,
    listener: &TcpListener,
    operation: &str,
    params: Value,
    paths: &[&str],
) -> Error {
    let result = tokio::time::timeout(Duration::from_secs(10), client.call(operation, params))
        .await
        .unwrap_or_else(|_| panic!("{operation} hung: it was sent instead of being rejected"));
    let err = match result {
        Ok(out) => panic!("{operation} succeeded with invalid parameters: {out}"),
        Err(err) => err,
    };
    assert!(
        err.is_validation(),
        "{operation}: expected a validation error, got {err:?}"
    );
    let problems = err.validation_problems();
    for path in paths {
        assert!(
            problems.iter().any(|p| p.contains(path)),
            "{operation}: no problem names {path:?}; problems: {problems:?}"
        );
    }
    assert_eq!(
        err.attempts(),
        0,
        "{operation}: a rejected call made attempts"
    );
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("{operation}: a connection from {peer} reached the server"),
        Err(e) => panic!("{operation}: listener failed: {e}"),
    }
    err
}

/// A name nobody else uses on this moto: `prefix`, the process, the clock and a counter, in
/// lowercase letters, digits and dashes, so it is valid for buckets, queues, tables and stacks.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{prefix}-{:x}-{:x}-{n}",
        std::process::id(),
        nanos & 0xffff_ffff_ffff
    )
}

/// Every page `operation`'s paginator returns for `params`, in order.
pub async fn pages(client: &Client, operation: &str, params: Value) -> Vec<Value> {
    collect_pages(operation, paginator(client, operation, params).pages()).await
}

/// Every page of `operation` for `params` at `page_size` items a page (boto3's `PageSize`).
pub async fn pages_sized(
    client: &Client,
    operation: &str,
    params: Value,
    page_size: u64,
) -> Vec<Value> {
    let pages = paginator(client, operation, params)
        .page_size(page_size)
        .pages();
    collect_pages(operation, pages).await
}

fn paginator(
    client: &Client,
    operation: &str,
    params: Value,
) -> rboto::runtime::paginate::Paginator {
    client.paginate(operation, params)
}

async fn collect_pages(operation: &str, pages: rboto::runtime::paginate::Pages) -> Vec<Value> {
    pages
        .try_collect::<Vec<Value>>()
        .await
        .unwrap_or_else(|e| panic!("paginating {operation}: {e:?}"))
}

/// The strings at `field` of every element of the array `list` across `pages`, in page order.
pub fn strings_in(pages: &[Value], list: &str, field: &str) -> Vec<String> {
    pages
        .iter()
        .flat_map(|page| page[list].as_array().cloned().unwrap_or_default())
        .map(|item| {
            item[field]
                .as_str()
                .unwrap_or_else(|| panic!("{list}[].{field} is not a string in {item}"))
                .to_owned()
        })
        .collect()
}

/// Runs waiter `name` with `params` until it succeeds; panics with the waiter's failure.
pub async fn wait(client: &Client, name: &str, params: Value) {
    client
        .waiter(name)
        .unwrap_or_else(|e| panic!("waiter {name}: {e:?}"))
        .wait(params)
        .await
        .unwrap_or_else(|e| panic!("waiting for {name}: {e:?}"));
}

/// Unwraps a call's result, naming the operation and the whole error when it failed.
pub fn ok(operation: &str, result: Result<Value, Error>) -> Value {
    result.unwrap_or_else(|e| panic!("{operation} failed: {e:?}"))
}

/// Unwraps a call's error; panics with the output when the call succeeded.
pub fn err(operation: &str, result: Result<Value, Error>) -> Error {
    match result {
        Ok(out) => panic!("{operation} succeeded, expected an error: {out}"),
        Err(e) => e,
    }
}

/// A session with moto's test credentials aimed at the emulator.
pub fn session() -> Session {
    session_at(&endpoint())
}

/// A value of a deserializable type (timestamps, blobs, structures the service returns) from
/// JSON in the service's own member names. Request-only structures are built with [`build!`].
pub fn typed<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("not a valid input value: {e}"))
}

/// Every page of a typed collection, in order; panics with the error of a failed page.
pub async fn all_pages<T>(
    pages: futures::stream::BoxStream<'static, Result<Vec<T>, Error>>,
) -> Vec<Vec<T>> {
    pages
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("collection failed: {e:?}"))
}

/// Unwraps a resource call, naming what failed.
pub fn must<T>(what: &str, result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| panic!("{what} failed: {e:?}"))
}

/// Iterates a typed collection page by page, records it with `$cov` and returns
/// `(pages, requests)`: the items of every page and how many pages (one request each) came.
#[macro_export]
macro_rules! iterate {
    ($cov:expr, $collection:expr) => {{
        let collection = $collection;
        let pages = $crate::emulator::all_pages(collection.pages()).await;
        let requests = $cov.collection(collection.meta(), pages.len());
        (pages, requests)
    }};
}

/// Iterates a typed collection at `$size` items a page, records it, and records moto ignoring
/// the page size when the items needed two pages but came in one. Returns every item.
#[macro_export]
macro_rules! iterate_paged {
    ($cov:expr, $collection:expr, $size:expr) => {{
        let collection = $collection.page_size($size);
        let pages = $crate::emulator::all_pages(collection.pages()).await;
        let requests = $cov.collection(collection.meta(), pages.len());
        let items: Vec<_> = pages.into_iter().flatten().collect();
        $cov.paged(collection.meta(), $size, items.len(), requests);
        items
    }};
}

/// A generated structure (they are `#[non_exhaustive]` with `Default`): `build!(Tag { key:
/// "run", value: run })` sets each named field to `Some(value.into())`.
#[macro_export]
macro_rules! build {
    ($t:ty { $($field:ident : $value:expr),* $(,)? }) => {{
        let mut value = <$t>::default();
        $( value.$field = Some(::core::convert::Into::into($value)); )*
        value
    }};
}
