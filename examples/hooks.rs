//! Hooks: code of your own at the points of every call, as boto3 users register handlers with
//! `client.meta.events.register('before-send.s3.PutObject', handler)`.
//!
//! This program registers four hooks on its session: one logs every request (all services),
//! one adds a header to every S3 request before it is signed, one fills in a parameter of
//! S3 `PutObject` before validation, and one answers SQS `ListQueues` from memory without
//! sending anything. A fifth, on one client, refuses to delete a protected bucket.
//!
//! Run against the local emulator: `eval "$(scripts/emulator start)"` then
//! `AWS_ENDPOINT_URL=$RBOTO_TEST_ENDPOINT cargo run --example hooks`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rboto::hooks::{Hook, HookResult, ParametersStage, Scope, SendStage, SigningStage};
use rboto::transport::HttpResponse;
use rboto::{json, ByteStream, Session};

/// Counts and prints every request as it goes out (method, operation, URL: never headers,
/// which carry the signature).
#[derive(Debug, Default)]
struct RequestLog {
    sent: AtomicUsize,
}

impl Hook for RequestLog {
    fn before_send(
        &self,
        request: &SendStage<'_>,
    ) -> Result<Option<HttpResponse>, rboto::hooks::BoxError> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        println!(
            "-> {} {} {}",
            request.method(),
            request.operation_name(),
            request.url()
        );
        Ok(None)
    }
}

/// Adds a header to each attempt, before it is signed (so the signature covers it).
#[derive(Debug)]
struct TeamHeader;

impl Hook for TeamHeader {
    fn before_signing(&self, request: &mut SigningStage<'_>) -> HookResult {
        request.headers_mut().insert("x-team", "storage".parse()?);
        Ok(())
    }
}

/// Gives objects a content type when the caller did not.
#[derive(Debug)]
struct DefaultContentType;

impl Hook for DefaultContentType {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        if call.params().get("ContentType").is_none() {
            call.params_mut()["ContentType"] = json!("text/plain; charset=utf-8");
        }
        Ok(())
    }
}

/// Answers `ListQueues` itself: the request is never sent.
#[derive(Debug)]
struct CannedQueues;

impl Hook for CannedQueues {
    fn before_send(
        &self,
        _request: &SendStage<'_>,
    ) -> Result<Option<HttpResponse>, rboto::hooks::BoxError> {
        let body = json!({"QueueUrls": ["https://queue.example/123456789012/from-a-hook"]});
        Ok(Some(http::Response::new(ByteStream::from(
            body.to_string(),
        ))))
    }
}

/// Refuses to delete one bucket.
#[derive(Debug)]
struct Protect(String);

impl Hook for Protect {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        match call.params().get("Bucket").and_then(|b| b.as_str()) {
            Some(bucket) if bucket == self.0 => Err(format!("{bucket} is protected").into()),
            _ => Ok(()),
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), rboto::Error> {
    let log = Arc::new(RequestLog::default());
    // Hooks run in the order they were registered; the first response a `before_send` hook
    // gives ends the round, so the canned answer comes before the log.
    let session = Session::builder()
        .hook(Scope::operation("sqs", "ListQueues"), CannedQueues)
        .hook(Scope::all(), SharedLog(log.clone()))
        .hook(Scope::service("s3"), TeamHeader)
        .hook(Scope::operation("s3", "PutObject"), DefaultContentType)
        .load()
        .await?;

    let s3 = session.client(rboto::s3::model())?;
    let bucket = format!("hooks-{}", std::process::id());
    s3.call("CreateBucket", json!({"Bucket": bucket})).await?;
    s3.call(
        "PutObject",
        json!({"Bucket": bucket, "Key": "note.txt", "Body": "aGVsbG8="}),
    )
    .await?;
    let head = s3
        .call("HeadObject", json!({"Bucket": bucket, "Key": "note.txt"}))
        .await?;
    println!("content type filled in by a hook: {}", head["ContentType"]);

    let sqs = session.client(rboto::sqs::model())?;
    let queues = sqs.call("ListQueues", json!({})).await?;
    println!("queues, answered by a hook: {}", queues["QueueUrls"]);

    let guarded = session
        .client_builder(rboto::s3::model())
        .hook(
            Scope::operation("s3", "DeleteBucket"),
            Protect(bucket.clone()),
        )
        .build()?;
    let refused = guarded
        .call("DeleteBucket", json!({"Bucket": bucket}))
        .await
        .expect_err("the hook refuses");
    println!("refused by a hook ({}): {refused}", refused.is_hook());

    s3.call("DeleteObject", json!({"Bucket": bucket, "Key": "note.txt"}))
        .await?;
    s3.call("DeleteBucket", json!({"Bucket": bucket})).await?;
    println!(
        "hooks: {} requests sent, ListQueues answered without sending",
        log.sent.load(Ordering::Relaxed)
    );
    Ok(())
}

/// The request log, shared with `main` so it can print the count at the end.
#[derive(Debug)]
struct SharedLog(Arc<RequestLog>);

impl Hook for SharedLog {
    fn before_send(
        &self,
        request: &SendStage<'_>,
    ) -> Result<Option<HttpResponse>, rboto::hooks::BoxError> {
        self.0.before_send(request)
    }
}
