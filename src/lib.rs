//! rboto: AWS from Rust, the way boto3 does it, typed and async.
//!
//! This crate gathers the runtime ([`Session`], [`Client`], [`Error`], [`ByteStream`], …),
//! the embedded AWS models ([`models`]) and the typed resources generated from boto3's
//! resource definitions (`rboto::s3`, `rboto::ec2`, …), one cargo feature per service. A
//! service with resources has one path, `rboto::<service>` (its resources, `types` and
//! `model()`); any other service's model is at `rboto::models::<service>::model()`.
//!
//! # Resources
//!
//! Each service module has a `ServiceResource` and one type per resource. Identifiers are
//! fields, attributes are async getters that load once, actions are builders you `.await`,
//! collections are streams over every page, and waiters are `wait_until_*`:
//!
//! ```no_run
//! use futures::TryStreamExt;
//!
//! # async fn demo() -> Result<(), rboto::Error> {
//! let session = rboto::Session::from_env().await?;
//! let s3 = rboto::s3::ServiceResource::new(&session)?;
//! let bucket = s3.bucket("logs");
//! bucket.wait_until_exists().await?;
//! let mut objects = bucket.objects().filter().prefix("2026/").page_size(500).stream();
//! while let Some(object) = objects.try_next().await? {
//!     println!("{} {:?}", object.key(), object.size().await?);
//! }
//! # Ok(()) }
//! ```
//!
//! # Calling any operation
//!
//! The low-level [`Client`] calls any operation of a service from its model, with
//! parameters and output as `serde_json::Value`, like a botocore client:
//!
//! ```no_run
//! use serde_json::json;
//!
//! # async fn demo() -> Result<(), rboto::Error> {
//! let session = rboto::Session::from_env().await?;
//! let s3 = session.client(rboto::s3::model())?;
//! let buckets = s3.call("ListBuckets", json!({})).await?;
//! for bucket in buckets["Buckets"].as_array().into_iter().flatten() {
//!     println!("{}", bucket["Name"]);
//! }
//!
//! // Uploads and downloads stream; bodies never pass through the JSON value.
//! let body = rboto::ByteStream::from_path("report.csv").await?;
//! s3.call_with_body("PutObject", json!({"Bucket": "logs", "Key": "report.csv"}), body)
//!     .await?;
//! let (head, body) = s3
//!     .call_streaming("GetObject", json!({"Bucket": "logs", "Key": "report.csv"}))
//!     .await?;
//! println!("{} bytes", head["ContentLength"]);
//! body.write_to_path("copy.csv").await?;
//!
//! // Errors carry the service's code, message, status and request id.
//! match s3.call("HeadObject", json!({"Bucket": "logs", "Key": "missing"})).await {
//!     Err(e) if e.is_not_found() => println!("no such object"),
//!     other => println!("{other:?}"),
//! }
//! # Ok(()) }
//! ```
//!
//! Credentials, region and endpoint come from the [`Session`]: explicit settings via
//! [`Session::builder`], or the `AWS_*` environment variables via [`Session::from_env`]
//! (`AWS_ENDPOINT_URL` points every client at a local emulator).
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs, unreachable_pub)]

pub use rboto_runtime::body::ByteStream;
pub use rboto_runtime::client::Client;
pub use rboto_runtime::error::{Error, ServiceError};
pub use rboto_runtime::model::{ModelSource, ServiceModel};
pub use rboto_runtime::session::{
    AddressingStyle, ChecksumCalculation, ClientBuilder, Config, ConfigBuilder, Credentials,
    EndpointDiscoveryMode, ProvideCredentials, ProvideToken, RetryMode, Session, SessionBuilder,
    Token,
};
pub use rboto_runtime::AttributeExt;

/// JSON values, the currency of [`Client`] calls.
pub use serde_json::{json, Value};

/// The runtime crates, for what the facade does not re-export: the core's protocols and
/// model types, the resource runtime, and the DynamoDB and S3 extensions (each behind its
/// cargo feature).
pub mod runtime {
    #[doc(inline)]
    pub use rboto_runtime::*;

    /// DynamoDB typed items (`rboto-dynamodb`).
    #[cfg(feature = "dynamodb-orm")]
    pub use rboto_dynamodb as dynamodb;
    #[cfg(feature = "dynamodb-orm")]
    pub use rboto_dynamodb::document;
    /// The resource runtime generated resource code calls (`rboto-resource`).
    #[cfg(feature = "resources")]
    pub use rboto_resource as resource;
    /// EC2's tag actions over the resource runtime.
    #[cfg(feature = "resources")]
    pub use rboto_resource::ec2;

    /// S3: managed transfers and copy sources (`rboto-s3-transfer`), and the resource loads
    /// boto3 injects.
    #[cfg(feature = "s3-transfer")]
    pub mod s3 {
        pub use rboto_resource::s3::resource_load;
        #[doc(inline)]
        pub use rboto_s3_transfer::*;
    }
}
pub use rboto_runtime::{hooks, transport};

/// Test doubles: a Stubber with botocore's semantics, and recorded exchanges replayed
/// offline (the `testing` feature; see `docs/testing.md`).
#[cfg(feature = "testing")]
pub use rboto_runtime::testing;

/// Typed resources from a boto3-style resource definition of your own
/// (`rboto_resources!(service = "..", models = "dir")`): the macro behind `rboto::s3` and the
/// other service modules; `examples/custom_resources.rs` in the repository uses it.
#[cfg(feature = "resources")]
pub use rboto_resources_derive::rboto_resources;

/// What generated resource code calls; not part of the API.
#[cfg(feature = "resources")]
#[doc(hidden)]
pub use rboto_models::__private;

/// The embedded AWS models of services without resources, one module per enabled service:
/// `rboto::models::lambda::model()`. A service with resources is reached at its own path
/// (`rboto::s3`, with `rboto::s3::model()`); `rboto::models::s3` is the same module, and the
/// docs always use the shorter path.
pub use rboto_models as models;

/// AWS CloudFormation resources: [`cloudformation::ServiceResource`] is the entry point.
#[cfg(feature = "cloudformation")]
pub use rboto_models::cloudformation;
/// Amazon CloudWatch resources: [`cloudwatch::ServiceResource`] is the entry point.
#[cfg(feature = "cloudwatch")]
pub use rboto_models::cloudwatch;
/// Amazon DynamoDB resources: [`dynamodb::ServiceResource`] is the entry point.
#[cfg(feature = "dynamodb")]
pub use rboto_models::dynamodb;
/// Amazon EC2 resources: [`ec2::ServiceResource`] is the entry point.
#[cfg(feature = "ec2")]
pub use rboto_models::ec2;
/// Amazon S3 Glacier resources: [`glacier::ServiceResource`] is the entry point.
#[cfg(feature = "glacier")]
pub use rboto_models::glacier;
/// AWS IAM resources: [`iam::ServiceResource`] is the entry point.
#[cfg(feature = "iam")]
pub use rboto_models::iam;
/// Amazon S3 resources: [`s3::ServiceResource`] is the entry point.
#[cfg(feature = "s3")]
pub use rboto_models::s3;
/// Amazon SNS resources: [`sns::ServiceResource`] is the entry point.
#[cfg(feature = "sns")]
pub use rboto_models::sns;
/// Amazon SQS resources: [`sqs::ServiceResource`] is the entry point.
#[cfg(feature = "sqs")]
pub use rboto_models::sqs;

/// `docs/from-boto3.md`, the guide for boto3 users, compiled by `cargo test --doc` so that
/// every Rust line in it stays real API.
#[cfg(doctest)]
#[doc = include_str!("../docs/from-boto3.md")]
pub struct FromBoto3Guide;
