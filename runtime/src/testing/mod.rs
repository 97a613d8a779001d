//! Test doubles for programs that use rboto (the `testing` feature): a [`Stubber`] with
//! botocore's semantics, and real exchanges recorded ([`RecordingTransport`]) and replayed
//! offline ([`ReplayingTransport`]). A build without the feature compiles none of this.
//!
//! # The Stubber
//!
//! Queue what each call should get, and what it should send; then run the code under test
//! against a session the stubber is attached to. No network is used: a call with nothing
//! queued fails instead of being sent.
//!
//! ```
//! use rboto_runtime::testing::{Stubber, ANY};
//! use rboto_runtime::{Credentials, ServiceModel, Session};
//! use serde_json::json;
//! # let model = ServiceModel::from_source(&rboto_runtime::ModelSource::owned(
//! #     "queue", QUEUE_MODEL.to_string(), None, None, None)).unwrap();
//! # const QUEUE_MODEL: &str = r#"{"version":"2.0","metadata":{"protocol":"json",
//! #   "jsonVersion":"1.0","targetPrefix":"Queue","serviceId":"Queue","endpointPrefix":"queue",
//! #   "signatureVersion":"v4","apiVersion":"2026-01-01"},
//! #   "operations":{"Count":{"name":"Count","http":{"method":"POST","requestUri":"/"},
//! #     "input":{"shape":"CountInput"},"output":{"shape":"CountOutput"}}},
//! #   "shapes":{"CountInput":{"type":"structure","required":["Name"],
//! #       "members":{"Name":{"shape":"S"},"Token":{"shape":"S"}}},
//! #     "CountOutput":{"type":"structure","members":{"Count":{"shape":"N"}}},
//! #     "S":{"type":"string"},"N":{"type":"integer"}}}"#;
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let stubber = Stubber::new(model.clone());
//! stubber.add_response("Count", json!({"Count": 3}), Some(json!({"Name": "jobs", "Token": ANY})))?;
//!
//! let session = stubber
//!     .attach_to_session(Session::builder())
//!     .region("us-east-1")
//!     .endpoint_url("http://127.0.0.1:9")
//!     .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
//!     .build();
//! let client = session.client(model)?;
//! let out = client.call("Count", json!({"Name": "jobs", "Token": "t-1"})).await?;
//! assert_eq!(out["Count"], 3);
//! stubber.assert_no_pending_responses();
//! # Ok::<_, rboto_runtime::Error>(()) }).unwrap();
//! ```
//!
//! ## Where it answers, and why there
//!
//! botocore's Stubber answers at `before-call`, before a request is even built, and hands
//! the queued dictionary back as the parsed response. This one answers later, at the
//! [`before_send`](crate::hooks::Hook::before_send) hook, with an HTTP response in the wire
//! format of the client's protocol. So everything up to the network runs for a stubbed call
//! as for a real one (validation, the service's customizations, serialization, endpoint
//! rules, checksums, signing), and so does everything after it that decides what a response
//! means:
//!
//! - a stubbed error ([`Stubber::add_client_error`]) is written as the protocol's services
//!   write errors (a JSON `__type`, an `x-amzn-errortype` header, an XML `<Error>` or
//!   `<Errors>` document, a CBOR map) and read by the real error parser: `is_throttling()`,
//!   `is_not_found()`, the retry rules (a throttling error, then a response, is one retried
//!   call), waiters' error acceptors and modeled error fields all see what they would see;
//! - a stubbed output travels in the body for the RPC protocols (JSON, CBOR), written by the
//!   runtime's own serializers and read by its parsers, so code that reads response bodies
//!   itself (DynamoDB's typed `query::<T>()` and `scan::<T>()`) reads the stubbed items;
//!   for the REST and query protocols the response carries a minimal body its parser accepts;
//! - a streaming output ([`Stubber::add_streaming_response`]) is the response body, read by
//!   the caller as a [`ByteStream`](crate::ByteStream).
//!
//! After parsing, the queued output is put in place of what the parser read (the
//! [`after_parsing`](crate::hooks::Hook::after_parsing) hook), so the caller gets exactly
//! what was queued, as with botocore, plus the `ResponseMetadata` the pipeline adds.
//!
//! Parameters are compared as the call sends them, after the hooks that run before
//! validation (idempotency tokens are filled in by then: match them with [`ANY`]). Calls
//! take answers in the order they reach the stubber; for concurrent calls (transfer parts)
//! queue answers whose expected parameters do not depend on that order.
//!
//! # Record and replay
//!
//! A [`RecordingTransport`] wraps the default transport and writes each exchange to a
//! readable JSON file ([`Recording`]) with no credential, token or signature in it; a
//! [`ReplayingTransport`] serves that file back through the same pipeline, offline, failing
//! any request that differs from the recorded one with the differences:
//!
//! ```no_run
//! use std::sync::Arc;
//! use rboto_runtime::testing::{RecordingTransport, ReplayingTransport};
//! use rboto_runtime::transport::default_transport;
//! use rboto_runtime::{Config, Session};
//! # async fn run() -> Result<(), rboto_runtime::Error> {
//! let real = default_transport(&Config::default())?;
//! let recorded = Session::builder()
//!     .transport(RecordingTransport::new(real, "tests/recordings/queue.json"))
//!     .load()
//!     .await?;
//! // … calls through `recorded` …
//! let replayed = Session::builder()
//!     .transport(ReplayingTransport::from_file("tests/recordings/queue.json")?)
//!     .build();
//! # Ok(()) }
//! ```

mod matcher;
mod record;
mod recording;
mod replay;
mod stubber;
mod wire;

pub use matcher::ANY;
pub use record::{RecordingTransport, REDACTED};
pub use recording::{
    Body, Exchange, RecordedRequest, RecordedResponse, Recording, RECORDING_FORMAT,
};
pub use replay::{ReplayMismatch, ReplayingTransport};
pub use stubber::{StubMismatch, StubbedError, Stubber};
