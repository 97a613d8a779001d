//! Managed copies, boto3's `copy`: the source's size is read with HeadObject; below the
//! multipart threshold (and at most 5 GiB) one CopyObject copies it server-side, above it a
//! multipart upload is filled with UploadPartCopy ranges, `max_concurrency` at a time, each
//! guarded by the source's ETag so a source changed mid-copy is an error. Content and
//! metadata the caller does not replace are carried over, and tags as `TaggingDirective` says, as
//! s3transfer does. On failure,
//! cancellation or drop the multipart upload is aborted.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use futures::{stream, StreamExt, TryStreamExt};
use serde_json::{json, Map, Value};

use crate::IntoCopySource;
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

use super::config::{ChecksumAlgorithm, TransferConfig, MAX_SINGLE_REQUEST_SIZE};
use super::extra_args::{
    self, only, without, TransferKind, COPY_CREATE_BLOCKLIST, UPLOAD_PART_COPY_ARGS,
};
use super::parts::{abort_after, CompletedPart, MultipartUpload};
use super::upload::TransferOutput;
use super::{unless_cancelled, TransferManager, TransferOptions};

/// The object a copy reads: bucket, key and, optionally, version (boto3's `CopySource`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopySource {
    /// Source bucket.
    pub bucket: String,
    /// Source key.
    pub key: String,
    /// Source version, if not the latest.
    pub version_id: Option<String>,
}

impl CopySource {
    /// The latest version of `bucket`/`key`.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> CopySource {
        CopySource {
            bucket: bucket.into(),
            key: key.into(),
            version_id: None,
        }
    }

    /// A given version of the source.
    pub fn with_version_id(mut self, version_id: impl Into<String>) -> CopySource {
        self.version_id = Some(version_id.into());
        self
    }

    /// As the `CopySource` parameter: `{Bucket, Key, VersionId}`.
    pub(crate) fn to_param(&self) -> Value {
        let mut source = json!({"Bucket": self.bucket, "Key": self.key});
        if let (Some(version), Value::Object(map)) = (&self.version_id, &mut source) {
            map.insert("VersionId".into(), version.clone().into());
        }
        source
    }
}

/// Copy arguments that become HeadObject arguments when the source is read.
const HEAD_ARGS: &[(&str, &str)] = &[
    ("CopySourceIfMatch", "IfMatch"),
    ("CopySourceIfModifiedSince", "IfModifiedSince"),
    ("CopySourceIfNoneMatch", "IfNoneMatch"),
    ("CopySourceIfUnmodifiedSince", "IfUnmodifiedSince"),
    ("CopySourceSSECustomerKey", "SSECustomerKey"),
    ("CopySourceSSECustomerAlgorithm", "SSECustomerAlgorithm"),
    ("CopySourceSSECustomerKeyMD5", "SSECustomerKeyMD5"),
    ("RequestPayer", "RequestPayer"),
    ("ExpectedBucketOwner", "ExpectedBucketOwner"),
];

/// Source attributes a multipart copy carries over (CreateMultipartUpload has no
/// `MetadataDirective`).
const PRESERVED_METADATA: &[&str] = &[
    "CacheControl",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "Expires",
    "Metadata",
];

/// A pending managed copy: set options, then `.await` it. Built by
/// [`TransferManager::copy`].
#[must_use = "a copy does nothing until awaited"]
pub struct Copy {
    manager: TransferManager,
    /// The source, or why the string given for it names none.
    source: Result<CopySource, Error>,
    bucket: String,
    key: String,
    source_client: Option<Client>,
    options: TransferOptions,
}

impl std::fmt::Debug for Copy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Copy")
            .field("source", &self.source)
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

super::transfer_options!(Copy);

impl Copy {
    /// Reads the source's size with this client (boto3's `SourceClient`), e.g. one for the
    /// source bucket's region.
    pub fn source_client(mut self, client: Client) -> Copy {
        self.source_client = Some(client);
        self
    }
}

impl TransferManager {
    /// Copies `source` to `bucket`/`key` inside S3 (boto3's `copy`): one CopyObject below
    /// the multipart threshold, UploadPartCopy ranges above it, so objects over 5 GiB copy
    /// too.
    ///
    /// The source is a [`CopySource`] or a `"bucket/key[?versionId=id]"` string
    /// ([`IntoCopySource`]).
    ///
    /// ```no_run
    /// # async fn demo(manager: rboto_s3_transfer::transfer::TransferManager) -> Result<(), rboto_runtime::Error> {
    /// use rboto_s3_transfer::transfer::CopySource;
    /// manager
    ///     .copy(CopySource::new("src-bucket", "big.bin"), "dst-bucket", "copy-of-big.bin")
    ///     .extra_args(serde_json::json!({"StorageClass": "STANDARD_IA"}))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn copy(
        &self,
        source: impl IntoCopySource,
        bucket: impl Into<String>,
        key: impl Into<String>,
    ) -> Copy {
        Copy {
            manager: self.clone(),
            source: source.into_copy_source(),
            bucket: bucket.into(),
            key: key.into(),
            source_client: None,
            options: TransferOptions::default(),
        }
    }
}

impl IntoFuture for Copy {
    type Output = Result<TransferOutput, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let source = match &self.source {
                Ok(source) => source,
                Err(_) => return copy(self).await,
            };
            let what = format!(
                "failed to copy {}/{} to {}/{}",
                source.bucket, source.key, self.bucket, self.key
            );
            copy(self).await.map_err(|e| e.with_context(what))
        })
    }
}

async fn copy(request: Copy) -> Result<TransferOutput, Error> {
    let Copy {
        manager,
        source,
        bucket,
        key,
        source_client,
        options,
    } = request;
    let source = source?;
    let client = manager.s3_client()?.clone();
    let config = options.config(&manager).clone();
    let args = options.extra_args.clone();
    options.check_extra_args_shape()?;
    let mut base = Map::new();
    base.insert("Bucket".into(), bucket.clone().into());
    base.insert("Key".into(), key.clone().into());
    base.insert(
        "CopySource".into(),
        format!("{}/{}", source.bucket, source.key).into(),
    );
    extra_args::check(&client, TransferKind::Copy, &args, &base)?;
    let algorithm = match args.get("ChecksumAlgorithm").and_then(Value::as_str) {
        Some(name) => Some(ChecksumAlgorithm::from_name(name).ok_or_else(|| {
            Error::validation(vec![format!(
                "extra_args: ChecksumAlgorithm {name} is not one of CRC32, CRC32C, CRC64NVME, \
                 SHA1, SHA256"
            )])
        })?),
        None => None,
    };
    let token = options.token();

    let mut head = Map::new();
    head.insert("Bucket".into(), source.bucket.clone().into());
    head.insert("Key".into(), source.key.clone().into());
    if let Some(version) = &source.version_id {
        head.insert("VersionId".into(), version.clone().into());
    }
    for (arg, head_arg) in HEAD_ARGS {
        if let Some(value) = args.get(*arg) {
            head.insert((*head_arg).into(), value.clone());
        }
    }
    let head_client = source_client.as_ref().unwrap_or(&client);
    let head = unless_cancelled(
        &token,
        "the copy",
        head_client.call("HeadObject", Value::Object(head)),
    )
    .await?;
    let size = head
        .get("ContentLength")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            Error::response("HeadObject of the copy source returned no ContentLength")
        })?;
    let etag = head.get("ETag").and_then(Value::as_str).map(String::from);
    let tracker = options.progress.tracker(Some(size));
    tracker.started();

    if !config.is_multipart(size) && size <= MAX_SINGLE_REQUEST_SIZE {
        let mut params = args.clone();
        params.insert("Bucket".into(), bucket.clone().into());
        params.insert("Key".into(), key.clone().into());
        params.insert("CopySource".into(), source.to_param());
        tracker.part_started(1, 0, size);
        let out = unless_cancelled(
            &token,
            "the copy",
            client.call("CopyObject", Value::Object(params)),
        )
        .await?;
        tracker.part_done(1, size);
        tracker.add(size);
        tracker.finished();
        return Ok(TransferOutput::from_response(out, size, 0));
    }

    let mut create_args =
        if args.get("MetadataDirective").and_then(Value::as_str) == Some("REPLACE") {
            args.clone()
        } else {
            let mut kept = without(&args, PRESERVED_METADATA);
            for field in PRESERVED_METADATA {
                if let Some(value) = head.get(*field) {
                    kept.insert((*field).into(), value.clone());
                }
            }
            kept
        };
    create_args = without(&create_args, COPY_CREATE_BLOCKLIST);
    let mut part_args = only(&args, UPLOAD_PART_COPY_ARGS);
    if let (Some(etag), false) = (&etag, part_args.contains_key("CopySourceIfMatch")) {
        part_args.insert("CopySourceIfMatch".into(), etag.clone().into());
    }
    let part_size = config.part_size_for(size)?;
    let count = TransferConfig::part_count(size, part_size);
    // Not cut short by the token: an upload created after a cancelled request would be left
    // behind. The parts below notice the cancellation at once and abort it.
    let mut upload = MultipartUpload::create(&client, &bucket, &key, create_args).await?;
    let parts = stream::iter(0..count)
        .map(|index| {
            let (client, upload, part_args, source, tracker) =
                (&client, &upload, &part_args, &source, &tracker);
            async move {
                let number = index as u32 + 1;
                let offset = index * part_size;
                let len = part_size.min(size - offset);
                tracker.part_started(number, offset, len);
                let mut params = upload.part_params(number, part_args);
                params.insert("CopySource".into(), source.to_param());
                params.insert(
                    "CopySourceRange".into(),
                    format!("bytes={}-{}", offset, offset + len - 1).into(),
                );
                let out = client
                    .call("UploadPartCopy", Value::Object(params))
                    .await
                    .map_err(|e| e.with_context(format!("part {number}")))?;
                let result = out.get("CopyPartResult").unwrap_or(&Value::Null);
                let etag = result
                    .get("ETag")
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        Error::response(format!("UploadPartCopy {number} returned no ETag"))
                    })?
                    .to_string();
                let checksum = algorithm.and_then(|a| {
                    result
                        .get(a.member())
                        .and_then(Value::as_str)
                        .map(|v| (a.member(), v.to_string()))
                });
                tracker.part_done(number, len);
                tracker.add(len);
                Ok::<_, Error>(CompletedPart {
                    number,
                    etag,
                    checksum,
                    len,
                })
            }
        })
        .buffer_unordered(config.max_concurrency())
        .try_collect::<Vec<_>>();
    let parts = match unless_cancelled(&token, "the copy", parts).await {
        Ok(parts) => parts,
        Err(e) => return Err(abort_after(upload, e).await),
    };
    if token.is_cancelled() {
        return Err(abort_after(upload, Error::cancelled("the copy was cancelled")).await);
    }
    let count = parts.len() as u32;
    let out = match upload.complete(parts, Map::new()).await {
        Ok(out) => out,
        Err(e) => return Err(abort_after(upload, e).await),
    };
    apply_tags(&client, head_client, &source, &bucket, &key, &args, &out)
        .await
        .map_err(|e| e.with_context("the object was copied, but its tags were not"))?;
    tracker.finished();
    Ok(TransferOutput::from_response(out, size, count))
}

/// Tags a multipart copy as `TaggingDirective` asks (CreateMultipartUpload cannot): `COPY`
/// reads the source's tags and puts them on the copy, `REPLACE` puts the `Tagging` given.
/// Without a directive the copy is left untagged, as s3transfer does.
async fn apply_tags(
    client: &Client,
    source_client: &Client,
    source: &CopySource,
    bucket: &str,
    key: &str,
    args: &Map<String, Value>,
    completed: &Value,
) -> Result<(), Error> {
    const TAGGING_ARGS: &[&str] = &["RequestPayer", "ExpectedBucketOwner"];
    let tag_set = match args.get("TaggingDirective").and_then(Value::as_str) {
        Some("COPY") => {
            let mut params = only(args, TAGGING_ARGS);
            params.insert("Bucket".into(), source.bucket.clone().into());
            params.insert("Key".into(), source.key.clone().into());
            if let Some(version) = &source.version_id {
                params.insert("VersionId".into(), version.clone().into());
            }
            let out = source_client
                .call("GetObjectTagging", Value::Object(params))
                .await?;
            out.get("TagSet").cloned().unwrap_or_else(|| json!([]))
        }
        Some("REPLACE") => {
            let tagging = args.get("Tagging").and_then(Value::as_str).unwrap_or("");
            Value::Array(parse_tagging(tagging))
        }
        _ => return Ok(()),
    };
    if tag_set.as_array().is_none_or(Vec::is_empty) {
        return Ok(());
    }
    let mut params = only(args, TAGGING_ARGS);
    params.insert("Bucket".into(), bucket.into());
    params.insert("Key".into(), key.into());
    params.insert("Tagging".into(), json!({ "TagSet": tag_set }));
    if let Some(version) = completed.get("VersionId") {
        params.insert("VersionId".into(), version.clone());
    }
    client
        .call("PutObjectTagging", Value::Object(params))
        .await
        .map(|_| ())
}

/// The tags of a `Tagging` argument (`k1=v1&k2=v2`, URL-encoded) as a `TagSet`.
fn parse_tagging(tagging: &str) -> Vec<Value> {
    let decode = |text: &str| {
        let spaced = text.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8_lossy()
            .into_owned()
    };
    tagging
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            json!({"Key": decode(k), "Value": decode(v)})
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagging_strings_become_tag_sets() {
        assert_eq!(
            parse_tagging("team=data%20eng&empty=&a+b=c%26d"),
            vec![
                json!({"Key": "team", "Value": "data eng"}),
                json!({"Key": "empty", "Value": ""}),
                json!({"Key": "a b", "Value": "c&d"}),
            ]
        );
        assert!(parse_tagging("").is_empty());
    }
}
