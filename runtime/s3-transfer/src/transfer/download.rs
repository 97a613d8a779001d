//! Managed downloads, boto3's `download_file` and `download_fileobj`.
//!
//! A download asks `HeadObject` for the object's size, ETag and checksum, then fetches it in
//! one streamed `GetObject` below the multipart threshold, or in parallel ranged `GetObject`s
//! of `multipart_chunksize` bytes above it (at most `max_concurrency` in flight). Every
//! request carries `If-Match` with the ETag, so an object replaced mid-download is an error,
//! not a file stitched from two versions. Each part is retried on its own when its connection
//! fails, resuming where it stopped.
//!
//! To a path ([`TransferManager::download_file`]): the parts are written at their offsets into
//! a temporary file in the target's directory, which is flushed to disk, verified against the
//! object's full-object checksum, and only then renamed over the target. On any error or
//! cancellation the temporary file is removed and an existing target is left as it was.
//!
//! To any [`AsyncWrite`] ([`TransferManager::download`]): parts are fetched concurrently but
//! written in order, so memory stays within `max_concurrency` parts. The writer has received
//! everything by the time a checksum mismatch is found at the end; the error says so.

use std::future::{Future, IntoFuture};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use futures::future::BoxFuture;
use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::{Map, Value};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::checksum::ChecksumHasher;
use super::config::{ChecksumAlgorithm, ChecksumPolicy};
use super::progress::ProgressTracker;
use super::temp_file::{write_all_at, TempFile};
use super::verify::Expected;
use super::{unless_cancelled, TransferConfig, TransferManager, TransferOptions};
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;
use rboto_runtime::joined::joined;

/// boto3's `ALLOWED_DOWNLOAD_ARGS`: the extra parameters a download passes to `HeadObject` and
/// `GetObject`.
pub const ALLOWED_DOWNLOAD_ARGS: [&str; 7] = [
    "ChecksumMode",
    "VersionId",
    "SSECustomerAlgorithm",
    "SSECustomerKey",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];

/// Bytes gathered from the network before one positional write to the file.
const WRITE_BUFFER: usize = 1024 * 1024;

/// What a finished download did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DownloadOutput {
    /// Bytes written.
    pub bytes: u64,
    /// Ranged requests used (1 for a single `GetObject`).
    pub parts: u32,
    /// The object's ETag, which every request required to match.
    pub e_tag: Option<String>,
    /// The version downloaded, when the bucket is versioned.
    pub version_id: Option<String>,
    /// The full-object checksum the content was verified against, if any.
    pub verified: Option<ChecksumAlgorithm>,
}

impl TransferManager {
    /// Downloads `bucket`/`key` to the file at `path`, replacing it only once the whole
    /// object has arrived and been verified (boto3's `download_file`).
    ///
    /// The content is checked against the object's full-object checksum (CRC32, CRC32C,
    /// CRC64NVME, SHA-1 or SHA-256) when it has one; [`DownloadOutput::verified`] says which.
    /// A multipart object with only a composite checksum (`…-N`) cannot be checked from byte
    /// ranges and is not; `If-Match` still ties every range to one version. Turn checks off
    /// with [`ChecksumPolicy::WhenRequired`] for stores that mishandle checksums.
    ///
    /// ```no_run
    /// # async fn demo(s3: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
    /// use rboto_s3_transfer::transfer::{Progress, ProgressEvent, S3TransferExt};
    /// let out = s3
    ///     .transfer_manager()
    ///     .download_file("my-bucket", "backups/db.tar", "/var/tmp/db.tar")
    ///     .progress(Progress::callback(|e: &ProgressEvent| println!("{e:?}")))
    ///     .await?;
    /// println!("{} bytes in {} parts", out.bytes, out.parts);
    /// # Ok(()) }
    /// ```
    pub fn download_file(
        &self,
        bucket: impl Into<String>,
        key: impl Into<String>,
        path: impl Into<PathBuf>,
    ) -> DownloadFile {
        DownloadFile {
            manager: self.clone(),
            source: Source::new(bucket.into(), key.into()),
            path: path.into(),
            options: TransferOptions::default(),
        }
    }

    /// Downloads `bucket`/`key` into any [`AsyncWrite`], in order, holding at most
    /// `max_concurrency` parts in memory (boto3's `download_fileobj`). The writer is flushed
    /// at the end, not shut down.
    ///
    /// ```no_run
    /// # async fn demo(s3: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
    /// use rboto_s3_transfer::transfer::S3TransferExt;
    /// let mut content = Vec::new();
    /// s3.transfer_manager().download("my-bucket", "notes.txt", &mut content).await?;
    /// # Ok(()) }
    /// ```
    pub fn download<'w, W>(
        &self,
        bucket: impl Into<String>,
        key: impl Into<String>,
        writer: W,
    ) -> Download<'w>
    where
        W: AsyncWrite + Unpin + Send + 'w,
    {
        Download {
            manager: self.clone(),
            source: Source::new(bucket.into(), key.into()),
            writer: Box::new(writer),
            options: TransferOptions::default(),
        }
    }
}

/// The object a download reads.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub bucket: String,
    pub key: String,
}

impl Source {
    pub(crate) fn new(bucket: String, key: String) -> Source {
        Source { bucket, key }
    }

    fn display(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.key)
    }
}

/// A download to a file; `.await` it. Built by [`TransferManager::download_file`].
#[must_use = "a download does nothing until awaited"]
#[derive(Debug)]
pub struct DownloadFile {
    manager: TransferManager,
    source: Source,
    path: PathBuf,
    options: TransferOptions,
}

super::transfer_options!(DownloadFile);
super::transfer_options!(Download<'_>);

impl DownloadFile {
    /// All of a directory download's per-file settings at once.
    pub(crate) fn with_options(mut self, options: TransferOptions) -> Self {
        self.options = options;
        self
    }
}

impl IntoFuture for DownloadFile {
    type Output = Result<DownloadOutput, Error>;
    type IntoFuture = BoxFuture<'static, Result<DownloadOutput, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let what = format!(
                "failed to download {} to {}",
                self.source.display(),
                self.path.display()
            );
            download_file(&self.manager, &self.source, &self.path, &self.options)
                .await
                .map_err(|e| e.with_context(what))
        })
    }
}

/// A download into an [`AsyncWrite`]; `.await` it. Built by [`TransferManager::download`].
#[must_use = "a download does nothing until awaited"]
pub struct Download<'w> {
    manager: TransferManager,
    source: Source,
    writer: Box<dyn AsyncWrite + Unpin + Send + 'w>,
    options: TransferOptions,
}

impl std::fmt::Debug for Download<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("source", &self.source)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<'w> IntoFuture for Download<'w> {
    type Output = Result<DownloadOutput, Error>;
    type IntoFuture = BoxFuture<'w, Result<DownloadOutput, Error>>;

    fn into_future(mut self) -> Self::IntoFuture {
        Box::pin(async move {
            let what = format!("failed to download {}", self.source.display());
            download_to_writer(
                &self.manager,
                &self.source,
                &mut *self.writer,
                &self.options,
            )
            .await
            .map_err(|e| e.with_context(what))
        })
    }
}

/// The object as `HeadObject` described it.
#[derive(Debug, Clone)]
struct ObjectInfo {
    size: u64,
    e_tag: Option<String>,
    version_id: Option<String>,
    expected: Option<Expected>,
}

/// Everything a part needs, shared by the part tasks.
struct Shared {
    client: Client,
    source: Source,
    params: Map<String, Value>,
    info: ObjectInfo,
    attempts: u32,
    tracker: ProgressTracker,
}

/// One range of the object.
#[derive(Debug, Clone, Copy)]
struct Part {
    number: u32,
    offset: u64,
    len: u64,
    /// Whether the first request sends a `Range` (a single whole-object GET does not).
    ranged: bool,
}

/// The request parameters every download request shares: bucket, key, the extra arguments
/// (checked against [`ALLOWED_DOWNLOAD_ARGS`]) and, unless the caller chose, `ChecksumMode`:
/// `ENABLED`, or null (left out) when checksums are off.
pub(crate) fn request_params(
    source: &Source,
    options: &TransferOptions,
    config: &TransferConfig,
) -> Result<Map<String, Value>, Error> {
    let mut problems = Vec::new();
    if options.extra_args_invalid {
        problems.push("extra_args must be a JSON object of request parameters".to_string());
    }
    if source.bucket.is_empty() {
        problems.push("bucket must not be empty".to_string());
    }
    if source.key.is_empty() {
        problems.push("key must not be empty".to_string());
    }
    for name in options.extra_args.keys() {
        if !ALLOWED_DOWNLOAD_ARGS.contains(&name.as_str()) {
            problems.push(format!(
                "extra_args: {name} is not allowed for downloads (allowed: {})",
                ALLOWED_DOWNLOAD_ARGS.join(", ")
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::validation(problems));
    }
    let mut params = Map::new();
    params.insert("Bucket".into(), Value::String(source.bucket.clone()));
    params.insert("Key".into(), Value::String(source.key.clone()));
    params.extend(options.extra_args.clone());
    // With checks off, an explicit null also keeps the client from asking for (and checking)
    // the checksum of a whole-object GET on its own.
    let mode = match config.checksum() {
        ChecksumPolicy::Always(_) => Value::String("ENABLED".into()),
        _ => Value::Null,
    };
    params.entry("ChecksumMode").or_insert(mode);
    Ok(params)
}

async fn head(
    client: &Client,
    params: &Map<String, Value>,
    verify: bool,
) -> Result<ObjectInfo, Error> {
    let output = client
        .call("HeadObject", Value::Object(params.clone()))
        .await?;
    let size = output
        .get("ContentLength")
        .and_then(Value::as_u64)
        .ok_or_else(|| Error::response("HeadObject returned no ContentLength"))?;
    let text = |name: &str| output.get(name).and_then(Value::as_str).map(str::to_string);
    Ok(ObjectInfo {
        size,
        e_tag: text("ETag"),
        version_id: text("VersionId"),
        expected: if verify {
            Expected::from_output(&output)
        } else {
            None
        },
    })
}

/// Heads the object and plans its parts.
async fn prepare(
    manager: &TransferManager,
    source: &Source,
    options: &TransferOptions,
) -> Result<(Arc<Shared>, Vec<Part>), Error> {
    let config = options.config(manager).clone();
    let client = manager.s3_client()?.clone();
    let params = request_params(source, options, &config)?;
    let verify = matches!(config.checksum(), ChecksumPolicy::Always(_));
    let info = head(&client, &params, verify).await?;
    let parts = plan_parts(info.size, &config);
    let tracker = options.progress.tracker(Some(info.size));
    let shared = Arc::new(Shared {
        client,
        source: source.clone(),
        params,
        info,
        attempts: config.num_download_attempts(),
        tracker,
    });
    Ok((shared, parts))
}

/// The ranges an object of `size` bytes is fetched in: one whole-object request below the
/// threshold, else `multipart_chunksize` ranges (ranged GETs have no part-count limit).
fn plan_parts(size: u64, config: &TransferConfig) -> Vec<Part> {
    if !config.is_multipart(size) {
        return vec![Part {
            number: 1,
            offset: 0,
            len: size,
            ranged: false,
        }];
    }
    let part_size = config.multipart_chunksize().max(1);
    (0..size.div_ceil(part_size))
        .map(|i| {
            let offset = i * part_size;
            Part {
                number: i as u32 + 1,
                offset,
                len: part_size.min(size - offset),
                ranged: true,
            }
        })
        .collect()
}

async fn download_file(
    manager: &TransferManager,
    source: &Source,
    path: &Path,
    options: &TransferOptions,
) -> Result<DownloadOutput, Error> {
    let token = options.token();
    let what = format!("download of {}", source.display());
    unless_cancelled(&token, &what, async {
        let (shared, parts) = prepare(manager, source, options).await?;
        let concurrency = options.config(manager).max_concurrency();
        let temp = TempFile::beside(path, shared.info.size).await?;
        shared.tracker.started();
        let count = parts.len() as u32;
        let file = temp.handle();
        let digests: Vec<(u32, Option<(String, u64)>)> = stream::iter(parts)
            .map(|part| {
                let shared = shared.clone();
                let file = file.clone();
                spawn_part(async move {
                    let digest = fetch_part(&shared, part, &mut FileSink { file }).await?;
                    Ok((part.number, digest))
                })
            })
            .buffer_unordered(concurrency)
            .try_collect()
            .await?;
        let verified = verify_file(&shared, &temp, digests).await?;
        temp.persist(path).await?;
        shared.tracker.finished();
        Ok(output(&shared, count, verified))
    })
    .await
}

async fn download_to_writer(
    manager: &TransferManager,
    source: &Source,
    writer: &mut (dyn AsyncWrite + Unpin + Send),
    options: &TransferOptions,
) -> Result<DownloadOutput, Error> {
    let token = options.token();
    let what = format!("download of {}", source.display());
    unless_cancelled(&token, &what, async {
        let (shared, parts) = prepare(manager, source, options).await?;
        let concurrency = options.config(manager).max_concurrency();
        shared.tracker.started();
        let count = parts.len() as u32;
        let mut digest = shared.info.expected.as_ref().map(Expected::hasher);
        if let [part] = parts[..] {
            if !part.ranged {
                let mut sink = WriterSink {
                    writer: &mut *writer,
                    digest: digest.as_mut(),
                };
                fetch_part(&shared, part, &mut sink).await?;
            }
        }
        let ranged = parts.into_iter().filter(|part| part.ranged);
        let mut ordered = stream::iter(ranged)
            .map(|part| {
                let shared = shared.clone();
                spawn_part(async move {
                    let mut sink = MemorySink(BytesMut::with_capacity(part.len as usize));
                    fetch_part(&shared, part, &mut sink).await?;
                    Ok(sink.0.freeze())
                })
            })
            .buffered(concurrency);
        while let Some(bytes) = ordered.try_next().await? {
            if let Some(d) = digest.as_mut() {
                d.update(&bytes);
            }
            writer
                .write_all(&bytes)
                .await
                .map_err(|e| Error::io(format!("cannot write the download: {e}")).with_source(e))?;
        }
        writer
            .flush()
            .await
            .map_err(|e| Error::io(format!("cannot flush the download: {e}")).with_source(e))?;
        let mut verified = None;
        if let (Some(expected), Some(digest)) = (&shared.info.expected, digest) {
            expected
                .check(digest, "the writer received corrupt content")
                .map_err(|e| e.with_context(shared.source.display()))?;
            verified = Some(expected.algorithm());
        }
        shared.tracker.finished();
        Ok(output(&shared, count, verified))
    })
    .await
}

fn output(shared: &Shared, parts: u32, verified: Option<ChecksumAlgorithm>) -> DownloadOutput {
    DownloadOutput {
        bytes: shared.info.size,
        parts,
        e_tag: shared.info.e_tag.clone(),
        version_id: shared.info.version_id.clone(),
        verified,
    }
}

/// Checks the written file against the object's full-object checksum: CRCs by combining the
/// parts' CRCs, SHA-1/SHA-256 by reading the file back.
async fn verify_file(
    shared: &Shared,
    temp: &TempFile,
    mut digests: Vec<(u32, Option<(String, u64)>)>,
) -> Result<Option<ChecksumAlgorithm>, Error> {
    let Some(expected) = &shared.info.expected else {
        return Ok(None);
    };
    let what = format!("{} is corrupt", shared.source.display());
    if expected.combines() {
        digests.sort_by_key(|(number, _)| *number);
        let parts: Vec<(String, u64)> = digests.into_iter().filter_map(|(_, crc)| crc).collect();
        expected.check_parts(&parts, &what)?;
    } else {
        expected.check_file(temp.path(), &what).await?;
    }
    Ok(Some(expected.algorithm()))
}

/// Where a part's bytes go.
trait PartSink: Send {
    /// Stores `data` at `offset` within the object (parts arrive in order within themselves).
    fn store(&mut self, offset: u64, data: Bytes)
        -> impl Future<Output = Result<(), Error>> + Send;
}

/// Positional writes into the temporary file.
struct FileSink {
    file: Arc<std::fs::File>,
}

impl PartSink for FileSink {
    async fn store(&mut self, offset: u64, data: Bytes) -> Result<(), Error> {
        let file = self.file.clone();
        tokio::task::spawn_blocking(move || write_all_at(&file, &data, offset))
            .await
            .map_err(|e| Error::io(format!("writing a part failed: {e}")))?
            .map_err(|e| Error::io(format!("cannot write the download: {e}")).with_source(e))
    }
}

/// Streams a one-request download straight into the caller's writer, hashing on the way, so
/// an object below the threshold is never held whole in memory.
struct WriterSink<'a> {
    writer: &'a mut (dyn AsyncWrite + Unpin + Send),
    digest: Option<&'a mut ChecksumHasher>,
}

impl PartSink for WriterSink<'_> {
    async fn store(&mut self, _offset: u64, data: Bytes) -> Result<(), Error> {
        if let Some(d) = self.digest.as_mut() {
            d.update(&data);
        }
        self.writer
            .write_all(&data)
            .await
            .map_err(|e| Error::io(format!("cannot write the download: {e}")).with_source(e))
    }
}

/// A part held in memory for an ordered writer.
struct MemorySink(BytesMut);

impl PartSink for MemorySink {
    async fn store(&mut self, _offset: u64, data: Bytes) -> Result<(), Error> {
        self.0.extend_from_slice(&data);
        Ok(())
    }
}

/// Runs a part on its own task (so parts use every core), aborted if the download is dropped.
fn spawn_part<T: Send + 'static>(
    work: impl Future<Output = Result<T, Error>> + Send + 'static,
) -> impl Future<Output = Result<T, Error>> {
    joined(tokio::spawn(work), |e| {
        Error::io(format!("a download part was stopped: {e}"))
    })
}

/// Fetches one part into `sink`, retrying a failed connection up to the configured attempts
/// and resuming after the bytes already stored. Returns the part's CRC and length when the object's
/// checksum combines across parts.
async fn fetch_part(
    shared: &Shared,
    part: Part,
    sink: &mut impl PartSink,
) -> Result<Option<(String, u64)>, Error> {
    shared
        .tracker
        .part_started(part.number, part.offset, part.len);
    let mut digest = shared
        .info
        .expected
        .as_ref()
        .filter(|e| e.combines())
        .map(Expected::hasher);
    let mut stored = 0u64;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = fetch_once(shared, part, &mut stored, &mut digest, sink).await;
        match result {
            Ok(()) => break,
            Err(Failure::Transfer(e)) if attempt < shared.attempts && is_retryable(&e) => {
                tracing::debug!(
                    part = part.number,
                    attempt,
                    stored,
                    error = %e,
                    "download part failed; resuming"
                );
            }
            Err(Failure::Transfer(e) | Failure::Storage(e)) => {
                return Err(e.with_context(format!(
                    "part {} (bytes {}-{}) of {} after {attempt} attempt(s)",
                    part.number,
                    part.offset,
                    part.offset + part.len.max(1) - 1,
                    shared.source.display()
                )))
            }
        }
    }
    shared.tracker.part_done(part.number, part.len);
    Ok(digest.map(|d| (d.finish(), part.len)))
}

/// Failures worth another try: a connection that broke or stalled, a body cut short, and
/// the service's throttling and 5xx errors. A changed object (412) is final.
fn is_retryable(e: &Error) -> bool {
    e.is_connect()
        || e.is_timeout()
        || e.is_io()
        || e.is_throttling()
        || e.status().is_some_and(|s| s >= 500)
}

/// Why an attempt at a part failed: the transfer (maybe worth retrying) or storing what
/// arrived (a full disk is not fixed by asking again).
enum Failure {
    Transfer(Error),
    Storage(Error),
}

/// One `GetObject` for what is left of `part`.
async fn fetch_once(
    shared: &Shared,
    part: Part,
    stored: &mut u64,
    digest: &mut Option<ChecksumHasher>,
    sink: &mut impl PartSink,
) -> Result<(), Failure> {
    let mut params = shared.params.clone();
    if let Some(e_tag) = &shared.info.e_tag {
        params.insert("IfMatch".into(), Value::String(e_tag.clone()));
    }
    let remaining = part.len - *stored;
    if part.ranged || *stored > 0 {
        if remaining == 0 {
            return Ok(());
        }
        let start = part.offset + *stored;
        params.insert(
            "Range".into(),
            Value::String(format!("bytes={start}-{}", start + remaining - 1)),
        );
    }
    let (_, mut body) = shared
        .client
        .call_streaming("GetObject", Value::Object(params))
        .await
        .map_err(Failure::Transfer)?;
    let mut buffer = BytesMut::new();
    let mut received = 0u64;
    let read = loop {
        match body.next().await {
            Some(Ok(chunk)) => {
                received += chunk.len() as u64;
                if received > remaining {
                    break Err(Error::response(format!(
                        "GetObject returned more than the {remaining} bytes asked for"
                    )));
                }
                if let Some(d) = digest.as_mut() {
                    d.update(&chunk);
                }
                shared.tracker.add(chunk.len() as u64);
                buffer.extend_from_slice(&chunk);
                if buffer.len() >= WRITE_BUFFER {
                    let data = buffer.split().freeze();
                    let len = data.len() as u64;
                    sink.store(part.offset + *stored, data)
                        .await
                        .map_err(Failure::Storage)?;
                    *stored += len;
                }
            }
            Some(Err(e)) => break Err(e),
            None if received < remaining => {
                break Err(Error::io(format!(
                    "GetObject body ended after {received} of {remaining} bytes"
                )))
            }
            None => break Ok(()),
        }
    };
    // Bytes that arrived before a failure are good: keep them, so a retry resumes after them.
    if !buffer.is_empty() {
        let data = buffer.split().freeze();
        let len = data.len() as u64;
        sink.store(part.offset + *stored, data)
            .await
            .map_err(Failure::Storage)?;
        *stored += len;
    }
    read.map_err(Failure::Transfer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parts_cover_the_object_exactly() {
        let config = TransferConfig::default()
            .with_multipart_threshold(10)
            .with_multipart_chunksize(4);
        let parts = plan_parts(10, &config);
        let ranges: Vec<(u64, u64)> = parts.iter().map(|p| (p.offset, p.len)).collect();
        assert_eq!(ranges, [(0, 4), (4, 4), (8, 2)]);
        assert!(parts.iter().all(|p| p.ranged));
        let single = plan_parts(9, &config);
        assert_eq!(single.len(), 1);
        assert!(!single[0].ranged && single[0].len == 9);
        assert_eq!(plan_parts(0, &config)[0].len, 0);
    }

    #[test]
    fn unknown_extra_args_are_named_before_anything_is_sent() {
        let options = TransferOptions {
            extra_args: json!({"VersionId": "v1", "ContentType": "x", "Rnage": "y"})
                .as_object()
                .unwrap()
                .clone(),
            ..TransferOptions::default()
        };
        let source = Source::new("b".into(), String::new());
        let err = request_params(&source, &options, &TransferConfig::default()).unwrap_err();
        let problems = err.validation_problems().join("\n");
        assert!(problems.contains("ContentType") && problems.contains("Rnage"));
        assert!(problems.contains("key must not be empty"));
        assert!(!problems.contains("VersionId is"));
    }

    #[test]
    fn checksum_mode_is_asked_for_unless_checksums_are_off() {
        let source = Source::new("b".into(), "k".into());
        let on = request_params(
            &source,
            &TransferOptions::default(),
            &TransferConfig::default(),
        )
        .unwrap();
        assert_eq!(on["ChecksumMode"], "ENABLED");
        let off_config = TransferConfig::default().with_checksum(ChecksumPolicy::WhenRequired);
        let off = request_params(&source, &TransferOptions::default(), &off_config).unwrap();
        assert_eq!(off["ChecksumMode"], Value::Null);
    }
}
