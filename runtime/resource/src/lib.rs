//! The resource runtime: boto3's resource layer (`boto3/resources/*.py`) over the
//! low-level [`Client`](rboto_runtime::Client), driven by `resources-1.json` at run time.
//!
//! Generated resource types are thin typed facades over these pieces; all behaviour lives
//! here, in small non-generic functions working on the definitions and on
//! `serde_json::Value`:
//!
//! - [`ServiceResources`]: a client plus the parsed definitions (parsed once per process).
//!   The service resource is type `""`; every resource type is also a sub-resource of it,
//!   as in boto3, honouring explicit renames (EC2's `KeyPair` builds a `KeyPairInfo`).
//! - [`ResourceCore`]: one resource. Identifiers never load; attributes load once on first
//!   use, concurrent callers sharing the request; `reload` always calls; a type without a
//!   load gives a clear error unless data came with the resource; a load whose path finds
//!   nothing is a not-found error ([`Error::is_not_found`](rboto_runtime::Error::is_not_found)).
//!   Actions build parameters from sources (`identifier`, `data`, literals) with the
//!   reverse-JMESPath [`write_target`](params::write_target), lay the caller's input over
//!   them ([`overlay`](params::overlay)), and return the raw response or the resource(s) the definition
//!   names (plural fan-out, hydration from `path`, boto3's empty responses). An action clears
//!   cached data when the type can load. References may load and may be empty.
//! - [`CollectionCore`]: immutable, chainable, lazy, uncached; paginated through the
//!   client's paginator (`limit` → `MaxItems`, `page_size` → `PageSize`) or one call when
//!   the operation does not paginate; items arrive hydrated; batch actions send one request
//!   per page.
//! - Waiters run the client's waiter with parameters from the resource; unlike boto3, data
//!   that was cached before the wait is reloaded afterwards, so it is not stale.
//! - [`typed`]: serde helpers for generated types ([`DateTime`](typed::DateTime),
//!   [`Blob`](typed::Blob), [`from_value`](typed::from_value)).
//! - [`model`] and [`naming::xform_name`]: the typed definitions and botocore's
//!   snake-casing (used for `Debug`: `s3.Bucket(name="logs")`), from `rboto-resource-model`,
//!   the reader the generator uses too, so the names the generated code shows and the ones
//!   the runtime prints cannot differ.
//!
//! Where this deliberately differs from boto3:
//!
//! - `load()` only loads when nothing is cached, and concurrent first reads share one
//!   request and its outcome (boto3 resources are not thread-safe); `reload()` always calls.
//! - A load whose path finds nothing (a deleted EC2 instance) is a not-found error, not
//!   Python's `AttributeError` on `None`.
//! - After a waiter succeeds, data that was cached is reloaded (boto3 leaves it stale); if
//!   that fails because the resource is gone, the cache is cleared.
//! - S3's `Bucket` load reads every page of ListBuckets until the bucket shows up (boto3
//!   reads only the first).
//! - The caller's input to an action, batch action or waiter is merged into an object the
//!   definition filled in part, keeping the filled members ([`overlay`](params::overlay)):
//!   Glacier's `archive.initiate_archive_retrieval().job_parameters(..)` keeps the `Type`
//!   and `ArchiveId` the definition puts in `jobParameters`. boto3 replaces the whole
//!   top-level member, which drops them.
//! - A resource built from a response whose definition leaves out one of its identifiers
//!   takes it from its own data (IAM's `CreateSigningCertificate` names only the `Id`; the
//!   certificate carries the `UserName`); if it is nowhere, the action fails naming the
//!   type and the identifier (boto3 raises at construction) rather than giving a resource
//!   with a null identifier.
//! - Parameter sources and the target writer, collection filter merging, fan-out,
//!   hydration, empty responses and the collection limit follow boto3 exactly.
//!
//! Service customizations that replace a load plug in through
//! [`ServiceResources::with_custom_load`]; S3's two (`Bucket` through ListBuckets,
//! `ObjectSummary` through HeadObject) are installed automatically.
//!
//! ```no_run
//! # async fn demo(client: rboto_runtime::Client, resources_json: &'static str)
//! # -> Result<(), rboto_runtime::Error> {
//! use futures::TryStreamExt;
//! use rboto_resource::{ResourceCore, ServiceResources};
//! use serde_json::{json, Map};
//! let s3 = ServiceResources::new(client, resources_json)?;
//! let service = ResourceCore::new(&s3, "", vec![]);
//! let bucket = service.subresource("Bucket", vec![json!("logs")]);
//! let mut objects = bucket
//!     .collection("Objects")
//!     .filter(json!({"Prefix": "2026/"}).as_object().cloned().unwrap_or_default())
//!     .page_size(500)
//!     .items();
//! while let Some(object) = objects.try_next().await? {
//!     println!("{:?} {:?}", object, object.attribute("Size").await?);
//! }
//! bucket.collection("Objects").batch_action("Delete", Map::new()).await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs, unreachable_pub)]

mod action;
mod collection;
mod core;
mod customizations;
pub mod ec2;
pub mod params;
mod path;
mod response;
pub mod s3;
mod service;
mod stream_not_iterator;
pub mod typed;
mod typed_conversions;
pub use stream_not_iterator::{NotAnIterator, UseStreamToIterate};

/// The typed view of `resources-1.json`, shared with the generator (`rboto-resource-model`).
pub use rboto_resource_model::definitions as model;
/// botocore's `xform_name`, shared with the generator (`rboto-resource-model`).
pub use rboto_resource_model::naming;

pub use action::ActionOutput;
pub use collection::CollectionCore;
pub use core::ResourceCore;
pub use service::{CustomLoad, ServiceResources};

#[cfg(test)]
mod tests;
