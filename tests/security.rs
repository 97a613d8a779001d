//! No secret reaches output: a full run of calls (S3, SQS, STS with a session token,
//! successes, service errors, a presigned URL, a credential chain from the environment)
//! with every `tracing` event and span and every `log` record captured at TRACE, plus the
//! `Debug` and `Display` of the session, builders, clients, credentials, configuration and
//! errors. Neither the secret key, the session token, nor any `Signature=` value may appear.
//!
//! Needs moto's server in `RBOTO_TEST_ENDPOINT` (started by `scripts/test`); fails without.
//! In its own test binary: it installs the process's global `tracing` subscriber and `log` logger.

use rboto_test_support::emulator as common;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use rboto::runtime::config_file::Env;
use rboto::{ByteStream, Config, Credentials, Session};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata};

const ACCESS_KEY: &str = "AKIAVISIBLEKEYID0001";
const SECRET_KEY: &str = "sEcReT/kEy+ThatMustNeverBeShown0000000001";
const SESSION_TOKEN: &str = "SeSsIoNtOkEnThatMustStayHidden//0000000000000001==";

/// Every line captured from `tracing` and `log`.
fn captured() -> &'static Mutex<Vec<String>> {
    static LINES: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    LINES.get_or_init(|| Mutex::new(Vec::new()))
}

fn capture(line: String) {
    captured().lock().unwrap().push(line);
}

/// Formats every field of an event or span.
struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

/// A subscriber that keeps everything, at every level.
struct CaptureAll {
    next_id: AtomicU64,
}

impl tracing::Subscriber for CaptureAll {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!("span {}:", span.metadata().target()));
        span.record(&mut line);
        capture(line.0);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = Line("span record:".into());
        values.record(&mut line);
        capture(line.0);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut line = Line(format!("{} {}:", meta.level(), meta.target()));
        event.record(&mut line);
        capture(line.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// The `log` side, for dependencies that log through it.
struct LogAll;

impl log::Log for LogAll {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        capture(format!(
            "log {} {}: {}",
            record.level(),
            record.target(),
            record.args()
        ));
    }

    fn flush(&self) {}
}

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(SECRET_KEY),
        "{what} shows the secret key: {text}"
    );
    assert!(
        !text.contains(SESSION_TOKEN),
        "{what} shows the session token: {text}"
    );
    assert!(
        !text.contains("Signature="),
        "{what} shows a signature: {text}"
    );
    assert!(
        !text.contains("X-Amz-Signature"),
        "{what} shows a signature: {text}"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn no_secret_in_logs_debug_or_display() {
    tracing::subscriber::set_global_default(CaptureAll {
        next_id: AtomicU64::new(0),
    })
    .unwrap();
    log::set_logger(&LogAll).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let endpoint = common::endpoint();
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN.into()));
    let mut shown: Vec<(String, String)> = Vec::new();
    let mut show = |what: &str, debug: String| shown.push((what.to_string(), debug));

    let config = Config::builder()
        .read_timeout(Duration::from_secs(30))
        .user_agent_extra("security-test")
        .build();
    let builder = Session::builder()
        .region("us-east-1")
        .credentials(credentials.clone())
        .endpoint_url(&endpoint)
        .config(config.clone());
    show("SessionBuilder", format!("{builder:?}"));
    let session = builder.build();
    show("Credentials", format!("{credentials:?}"));
    show("Config", format!("{config:?}"));
    show("Session", format!("{session:?}"));

    // The same credentials found by the chain, from the environment.
    let home = std::env::temp_dir().join(format!("rboto-security-{}", common::unique("h")));
    let env = Env::new()
        .with("HOME", home.to_string_lossy())
        .with("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .with("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .with("AWS_SESSION_TOKEN", SESSION_TOKEN)
        .with("AWS_DEFAULT_REGION", "us-east-1")
        .with("AWS_ENDPOINT_URL", &endpoint)
        .with("AWS_EC2_METADATA_DISABLED", "true");
    let loaded = Session::builder().process_env(env).load().await.unwrap();
    show("loaded Session", format!("{loaded:?}"));
    let chained = loaded.credentials_provider().unwrap();
    let found = chained.provide_credentials().await.unwrap();
    assert_eq!(found.secret_access_key(), SECRET_KEY);
    show("credentials provider", format!("{chained:?}"));

    let s3 = session.client(common::model("s3")).unwrap();
    show(
        "ClientBuilder",
        format!("{:?}", session.client_builder(common::model("s3"))),
    );
    show("Client", format!("{s3:?}"));
    let bucket = common::unique("security");
    s3.call("CreateBucket", json!({"Bucket": bucket}))
        .await
        .unwrap();
    s3.call_with_body(
        "PutObject",
        json!({"Bucket": bucket, "Key": "k"}),
        ByteStream::from_bytes(&b"payload"[..]),
    )
    .await
    .unwrap();
    let got = s3
        .call("GetObject", json!({"Bucket": bucket, "Key": "k"}))
        .await
        .unwrap();
    show("GetObject output", got.to_string());
    let missing = s3
        .call("GetObject", json!({"Bucket": bucket, "Key": "missing"}))
        .await
        .unwrap_err();
    show("service error Debug", format!("{missing:?}"));
    show("service error Display", missing.to_string());
    let url = s3
        .presign(
            "GetObject",
            json!({"Bucket": bucket, "Key": "k"}),
            Duration::from_secs(60),
        )
        .await
        .unwrap();
    assert!(
        url.contains("X-Amz-Signature="),
        "a presigned URL is signed"
    );

    let sqs = loaded.client(common::model("sqs")).unwrap();
    let queue = sqs
        .call(
            "CreateQueue",
            json!({"QueueName": common::unique("security")}),
        )
        .await
        .unwrap();
    let queue_url = queue["QueueUrl"].as_str().unwrap().to_string();
    sqs.call(
        "SendMessage",
        json!({"QueueUrl": queue_url, "MessageBody": "hello"}),
    )
    .await
    .unwrap();
    sqs.call("ReceiveMessage", json!({"QueueUrl": queue_url}))
        .await
        .unwrap();
    let bad = sqs
        .call(
            "GetQueueUrl",
            json!({"QueueName": "no-such-queue-security"}),
        )
        .await
        .unwrap_err();
    show("SQS error", format!("{bad:?} / {bad}"));

    let sts = session.client(common::model("sts")).unwrap();
    let me = sts.call("GetCallerIdentity", json!({})).await.unwrap();
    show("GetCallerIdentity", me.to_string());

    let unreachable = Session::builder()
        .region("us-east-1")
        .credentials(credentials.clone())
        .endpoint_url("http://127.0.0.1:9")
        .config(Config::builder().max_attempts(1).build())
        .build()
        .client(common::model("sts"))
        .unwrap();
    let refused = unreachable
        .call("GetCallerIdentity", json!({}))
        .await
        .unwrap_err();
    show("connection error", format!("{refused:?} / {refused}"));

    for (what, text) in &shown {
        assert_clean(what, text);
    }
    let lines = captured().lock().unwrap().clone();
    assert!(
        lines.iter().any(|l| l.contains("GetCallerIdentity")),
        "the subscriber captured the client's events"
    );
    assert!(
        lines.iter().any(|l| l.contains("TRACE")),
        "TRACE events were captured too"
    );
    for line in &lines {
        assert_clean("a log line", line);
    }
    assert!(
        lines.iter().any(|l| l.starts_with("TRACE aws_sigv4")),
        "the signer's canonical-request trace was captured and checked"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("log ")),
        "records of the log crate were captured and checked"
    );
    assert!(lines.len() > 20, "only {} lines captured", lines.len());
}
