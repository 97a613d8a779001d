//! Managed uploads, boto3's `upload_file` and `upload_fileobj`: one PutObject below the
//! multipart threshold; above it a multipart upload whose parts are checksummed and sent
//! `max_concurrency` at a time. A file's parts are hashed, then streamed from the file as they
//! are sent, so none is held in memory; a reader's parts are read in order and held until
//! sent, so at most `max_concurrency` of them are in memory whatever the object's size.
//!
//! Each part is retried on its own (as many attempts as the client's retry policy allows). When anything
//! fails, or the transfer is cancelled or its future dropped, the multipart upload is
//! aborted, and the error says what was being uploaded where.

use std::future::{Future, IntoFuture};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::{stream, StreamExt, TryStreamExt};
use serde_json::{Map, Value};
use tokio::io::{AsyncRead, AsyncReadExt};

use rboto_runtime::body::ByteStream;
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

use super::checksum::{checksum_of, combine_crcs, ChecksumHasher};
use super::config::{ChecksumAlgorithm, TransferConfig, MAX_PARTS, MAX_SINGLE_REQUEST_SIZE};
use super::extra_args::{
    self, only, without, TransferKind, FULL_OBJECT_CHECKSUM_ARGS, UPLOAD_PART_ARGS,
};
use super::parts::{abort_after, CompletedPart, MultipartUpload};
use super::progress::ProgressTracker;
use super::{unless_cancelled, TransferManager, TransferOptions};

/// What a finished upload or copy produced.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TransferOutput {
    /// The object's ETag, as S3 returned it (quoted).
    pub e_tag: Option<String>,
    /// The version S3 created, when the bucket is versioned.
    pub version_id: Option<String>,
    /// Bytes transferred.
    pub size: u64,
    /// Number of parts, or 0 when one request did it all.
    pub parts: u32,
    /// The checksum S3 stored (algorithm name and base64 value), when there is one.
    pub checksum: Option<(String, String)>,
    /// The last response (PutObject, CopyObject or CompleteMultipartUpload).
    pub response: Value,
}

impl TransferOutput {
    pub(crate) fn from_response(response: Value, size: u64, parts: u32) -> TransferOutput {
        let text = |name: &str| response.get(name).and_then(Value::as_str).map(String::from);
        let checksum = ChecksumAlgorithm::ALL.into_iter().find_map(|a| {
            let value = text(a.member()).or_else(|| {
                response
                    .get("CopyObjectResult")
                    .and_then(|r| r.get(a.member()))
                    .and_then(Value::as_str)
                    .map(String::from)
            })?;
            Some((a.name().to_string(), value))
        });
        TransferOutput {
            e_tag: text("ETag").or_else(|| {
                response
                    .get("CopyObjectResult")
                    .and_then(|r| r.get("ETag"))
                    .and_then(Value::as_str)
                    .map(String::from)
            }),
            version_id: text("VersionId"),
            size,
            parts,
            checksum,
            response,
        }
    }
}

/// A pending `upload_file`: set options, then `.await` it. Built by
/// [`TransferManager::upload_file`].
#[must_use = "an upload does nothing until awaited"]
pub struct UploadFile {
    manager: TransferManager,
    path: PathBuf,
    bucket: String,
    key: String,
    options: TransferOptions,
}

impl std::fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadFile")
            .field("path", &self.path)
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// A pending upload from a reader: set options, then `.await` it. Built by
/// [`TransferManager::upload`].
#[must_use = "an upload does nothing until awaited"]
pub struct Upload {
    manager: TransferManager,
    reader: Box<dyn AsyncRead + Send + Unpin>,
    bucket: String,
    key: String,
    options: TransferOptions,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

super::transfer_options!(UploadFile);
super::transfer_options!(Upload);

impl TransferManager {
    /// Uploads the file at `path` to `bucket`/`key` (boto3's `upload_file`): one PutObject
    /// below the multipart threshold, a multipart upload with parts read in parallel above it.
    ///
    /// ```no_run
    /// # async fn demo(manager: rboto_s3_transfer::transfer::TransferManager) -> Result<(), rboto_runtime::Error> {
    /// use rboto_s3_transfer::transfer::Progress;
    /// let out = manager
    ///     .upload_file("backup.tar", "my-bucket", "backups/backup.tar")
    ///     .extra_args(serde_json::json!({"ContentType": "application/x-tar"}))
    ///     .progress(Progress::callback(|e| println!("{e:?}")))
    ///     .await?;
    /// println!("stored {} bytes in {} parts", out.size, out.parts);
    /// # Ok(()) }
    /// ```
    pub fn upload_file(
        &self,
        path: impl AsRef<Path>,
        bucket: impl Into<String>,
        key: impl Into<String>,
    ) -> UploadFile {
        UploadFile {
            manager: self.clone(),
            path: path.as_ref().to_path_buf(),
            bucket: bucket.into(),
            key: key.into(),
            options: TransferOptions::default(),
        }
    }

    /// Uploads everything `reader` yields to `bucket`/`key` (boto3's `upload_fileobj`). The
    /// length need not be known: up to the multipart threshold is read first; a reader that
    /// ends before it becomes one PutObject, a longer one a multipart upload of parts read
    /// in order.
    ///
    /// ```no_run
    /// # async fn demo(manager: rboto_s3_transfer::transfer::TransferManager) -> Result<(), rboto_runtime::Error> {
    /// let file = tokio::fs::File::open("log.txt").await?;
    /// manager.upload(file, "my-bucket", "logs/log.txt").await?;
    /// # Ok(()) }
    /// ```
    pub fn upload(
        &self,
        reader: impl AsyncRead + Send + Unpin + 'static,
        bucket: impl Into<String>,
        key: impl Into<String>,
    ) -> Upload {
        Upload {
            manager: self.clone(),
            reader: Box::new(reader),
            bucket: bucket.into(),
            key: key.into(),
            options: TransferOptions::default(),
        }
    }
}

impl IntoFuture for UploadFile {
    type Output = Result<TransferOutput, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let what = format!(
                "failed to upload {} to {}/{}",
                self.path.display(),
                self.bucket,
                self.key
            );
            upload_file(self).await.map_err(|e| e.with_context(what))
        })
    }
}

impl IntoFuture for Upload {
    type Output = Result<TransferOutput, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let what = format!("failed to upload a stream to {}/{}", self.bucket, self.key);
            upload_reader(self).await.map_err(|e| e.with_context(what))
        })
    }
}

/// What an upload needs once its arguments are checked.
struct Plan {
    client: Client,
    config: TransferConfig,
    bucket: String,
    key: String,
    args: Map<String, Value>,
    /// The checksum every request carries, if any.
    algorithm: Option<ChecksumAlgorithm>,
    /// Whether the caller gave the whole object's checksum.
    caller_full_checksum: bool,
    tracker: ProgressTracker,
}

impl Plan {
    fn new(
        manager: &TransferManager,
        bucket: String,
        key: String,
        options: &TransferOptions,
        total: Option<u64>,
    ) -> Result<Plan, Error> {
        let client = manager.s3_client()?.clone();
        let config = options.config(manager).clone();
        let args = options.extra_args.clone();
        let mut base = Map::new();
        base.insert("Bucket".into(), bucket.clone().into());
        base.insert("Key".into(), key.clone().into());
        options.check_extra_args_shape()?;
        extra_args::check(&client, TransferKind::Upload, &args, &base)?;
        let given = FULL_OBJECT_CHECKSUM_ARGS
            .iter()
            .find(|member| args.contains_key(**member))
            .and_then(|member| ChecksumAlgorithm::from_name(&member["Checksum".len()..]));
        let named = match args.get("ChecksumAlgorithm").and_then(Value::as_str) {
            Some(name) => Some(ChecksumAlgorithm::from_name(name).ok_or_else(|| {
                Error::validation(vec![format!(
                    "extra_args: ChecksumAlgorithm {name} is not one of CRC32, CRC32C, \
                     CRC64NVME, SHA1, SHA256"
                )])
            })?),
            None => None,
        };
        if let (Some(named), Some(given)) = (named, given) {
            if named != given {
                return Err(Error::validation(vec![format!(
                    "extra_args: ChecksumAlgorithm {} disagrees with the {} given",
                    named.name(),
                    given.member()
                )]));
            }
        }
        Ok(Plan {
            algorithm: named.or(given).or(config.checksum().algorithm()),
            caller_full_checksum: given.is_some(),
            tracker: options.progress.tracker(total),
            client,
            config,
            bucket,
            key,
            args,
        })
    }

    /// Whether S3 is asked for a checksum of the whole object rather than of the parts'.
    fn full_object(&self) -> bool {
        match self.args.get("ChecksumType").and_then(Value::as_str) {
            Some(kind) => kind.eq_ignore_ascii_case("FULL_OBJECT"),
            None => self.caller_full_checksum || self.algorithm.is_some_and(|a| a.is_crc()),
        }
    }

    /// One PutObject of `data`.
    async fn put_object(&self, data: Bytes) -> Result<TransferOutput, Error> {
        let len = data.len() as u64;
        let mut params = without(&self.args, &["ChecksumType", "MpuObjectSize"]);
        params.insert("Bucket".into(), self.bucket.clone().into());
        params.insert("Key".into(), self.key.clone().into());
        if let Some(algorithm) = self.algorithm {
            params.insert("ChecksumAlgorithm".into(), algorithm.name().into());
            if !params.contains_key(algorithm.member()) {
                let data = data.clone();
                let sum = hash(algorithm, data).await?;
                params.insert(algorithm.member().into(), sum.into());
            }
        }
        self.tracker.part_started(1, 0, len);
        let out = self
            .client
            .call_with_body(
                "PutObject",
                Value::Object(params),
                ByteStream::from_bytes(data),
            )
            .await?;
        self.tracker.part_done(1, len);
        self.tracker.add(len);
        Ok(TransferOutput::from_response(out, len, 0))
    }

    /// Creates the multipart upload. Callers do not cut this short on cancellation (an
    /// upload S3 created for a dropped request would be left behind); the parts notice the
    /// cancellation at once and abort it.
    async fn create(&self) -> Result<MultipartUpload, Error> {
        let mut args = without(&self.args, &["MpuObjectSize"]);
        for member in FULL_OBJECT_CHECKSUM_ARGS {
            args.remove(*member);
        }
        if let Some(algorithm) = self.algorithm {
            args.insert("ChecksumAlgorithm".into(), algorithm.name().into());
            if self.full_object() {
                args.insert("ChecksumType".into(), "FULL_OBJECT".into());
            }
        }
        MultipartUpload::create(&self.client, &self.bucket, &self.key, args).await
    }

    /// Uploads one part and reports it.
    async fn upload_part(
        &self,
        upload: &MultipartUpload,
        number: u32,
        offset: u64,
        source: PartSource,
    ) -> Result<CompletedPart, Error> {
        let len = source.len();
        self.tracker.part_started(number, offset, len);
        let mut params = upload.part_params(number, &only(&self.args, UPLOAD_PART_ARGS));
        let checksum = match self.algorithm {
            Some(algorithm) => {
                let sum = source.checksum(algorithm).await?;
                params.insert("ChecksumAlgorithm".into(), algorithm.name().into());
                params.insert(algorithm.member().into(), sum.clone().into());
                Some((algorithm.member(), sum))
            }
            None => None,
        };
        let sent = match source {
            PartSource::Memory(data) => send_part(&self.client, params, data).await,
            PartSource::File { range, .. } => {
                let body = range.body().await?;
                self.client
                    .call_with_body("UploadPart", Value::Object(params), body)
                    .await
            }
        };
        let out = sent.map_err(|e| e.with_context(format!("part {number}")))?;
        let etag = out
            .get("ETag")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::response(format!("UploadPart {number} returned no ETag")))?
            .to_string();
        self.tracker.part_done(number, len);
        self.tracker.add(len);
        Ok(CompletedPart {
            number,
            etag,
            checksum,
            len,
        })
    }

    /// Completes the upload of `size` bytes from `parts`.
    async fn complete(
        &self,
        upload: &mut MultipartUpload,
        parts: Vec<CompletedPart>,
        size: u64,
    ) -> Result<TransferOutput, Error> {
        let mut extra = Map::new();
        if let Some(algorithm) = self.algorithm.filter(|_| self.full_object()) {
            extra.insert("ChecksumType".into(), "FULL_OBJECT".into());
            extra.insert("MpuObjectSize".into(), size.into());
            let whole = match self.args.get(algorithm.member()) {
                Some(given) => Some(given.clone()),
                None => {
                    let mut sorted: Vec<&CompletedPart> = parts.iter().collect();
                    sorted.sort_by_key(|p| p.number);
                    let sums: Vec<(String, u64)> = sorted
                        .iter()
                        .filter_map(|p| p.checksum.as_ref().map(|(_, v)| (v.clone(), p.len)))
                        .collect();
                    combine_crcs(algorithm, &sums).map(Value::from)
                }
            };
            if let Some(whole) = whole {
                extra.insert(algorithm.member().into(), whole);
            }
        }
        let count = parts.len() as u32;
        let out = upload.complete(parts, extra).await?;
        Ok(TransferOutput::from_response(out, size, count))
    }
}

/// Where a part's bytes come from.
enum PartSource {
    /// Bytes read from a reader, held until the part is sent.
    Memory(Bytes),
    /// A range of a file: hashed in a first pass, then streamed from the file as it is sent
    /// (and again if the client retries it), so no part is ever held in memory. When a
    /// checksum is sent, a file that changes in between no longer matches it, and S3 refuses
    /// the part.
    File {
        /// The open file the checksum is read from.
        file: Arc<std::fs::File>,
        /// The range the body streams.
        range: FileRange,
    },
}

/// `len` bytes of the file at `path` from `offset`.
struct FileRange {
    path: PathBuf,
    offset: u64,
    len: u64,
}

impl FileRange {
    /// A replayable body streaming the range, signed `UNSIGNED-PAYLOAD` by the client.
    async fn body(&self) -> Result<ByteStream, Error> {
        ByteStream::from_path_range(&self.path, self.offset, self.len).await
    }
}

impl PartSource {
    fn len(&self) -> u64 {
        match self {
            PartSource::Memory(data) => data.len() as u64,
            PartSource::File { range, .. } => range.len,
        }
    }

    /// The part's base64 checksum, computed off the async threads.
    async fn checksum(&self, algorithm: ChecksumAlgorithm) -> Result<String, Error> {
        match self {
            PartSource::Memory(data) => hash(algorithm, data.clone()).await,
            PartSource::File { file, range } => {
                let (file, offset, len) = (file.clone(), range.offset, range.len);
                tokio::task::spawn_blocking(move || hash_file_range(&file, algorithm, offset, len))
                    .await
                    .map_err(|e| Error::io(format!("checksum task failed: {e}")))?
                    .map_err(|e| {
                        Error::io(format!(
                            "cannot read {len} bytes at offset {offset} (did the file change \
                             during the upload?): {e}"
                        ))
                    })
            }
        }
    }
}

/// How much of a file range is read at a time to hash it.
const HASH_CHUNK: u64 = 256 * 1024;

/// The base64 checksum of `len` bytes of `file` at `offset`, read a chunk at a time.
fn hash_file_range(
    file: &std::fs::File,
    algorithm: ChecksumAlgorithm,
    offset: u64,
    len: u64,
) -> std::io::Result<String> {
    let mut hasher = ChecksumHasher::new(algorithm);
    let mut buf = vec![0u8; HASH_CHUNK.min(len) as usize];
    let mut done = 0;
    while done < len {
        let n = HASH_CHUNK.min(len - done) as usize;
        read_exact_at(file, &mut buf[..n], offset + done)?;
        hasher.update(&buf[..n]);
        done += n as u64;
    }
    Ok(hasher.finish())
}

/// Sends one UploadPart, trying it as often as the client's retry policy allows
/// (`max_attempts`) with exponential backoff, on its own: a failed part costs one part.
///
/// The part travels as a stream, so it is signed `UNSIGNED-PAYLOAD` instead of with a SHA-256
/// of its bytes (which would cost more CPU than the transfer, on both ends); its integrity is
/// carried by the part checksum header, as the AWS SDKs do for streamed uploads. The client
/// does not replay streams, so the retries happen here.
async fn send_part(
    client: &Client,
    params: Map<String, Value>,
    data: Bytes,
) -> Result<Value, Error> {
    let attempts = client.config().attempts_for("s3");
    let mut attempt = 1;
    loop {
        let len = data.len() as u64;
        let chunk = data.clone();
        let body = ByteStream::from_stream(
            stream::once(async move { Ok::<_, std::convert::Infallible>(chunk) }),
            len,
        );
        match client
            .call_with_body("UploadPart", Value::Object(params.clone()), body)
            .await
        {
            Ok(out) => return Ok(out),
            Err(e) if attempt < attempts && is_transient(&e) => {
                let backoff = Duration::from_millis(100 << attempt.min(6));
                tracing::debug!(attempt, error = %e, "retrying part");
                tokio::time::sleep(backoff).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Whether sending again may succeed: a broken connection, a timeout, throttling or a
/// server error.
fn is_transient(e: &Error) -> bool {
    e.is_connect() || e.is_timeout() || e.is_throttling() || e.status().is_some_and(|s| s >= 500)
}

/// The base64 checksum of `data`, computed off the async threads.
async fn hash(algorithm: ChecksumAlgorithm, data: Bytes) -> Result<String, Error> {
    tokio::task::spawn_blocking(move || checksum_of(algorithm, &data))
        .await
        .map_err(|e| Error::io(format!("checksum task failed: {e}")))
}

async fn upload_file(request: UploadFile) -> Result<TransferOutput, Error> {
    let UploadFile {
        manager,
        path,
        bucket,
        key,
        options,
    } = request;
    let opened = path.clone();
    let file = tokio::task::spawn_blocking(move || {
        let file = std::fs::File::open(&opened)?;
        let meta = file.metadata()?;
        Ok::<_, std::io::Error>((file, meta))
    })
    .await
    .map_err(|e| Error::io(format!("open task failed: {e}")))?
    .map_err(|e| Error::io(format!("cannot open {}: {e}", path.display())))?;
    let (file, meta) = file;
    if !meta.is_file() {
        return Err(Error::validation(vec![format!(
            "{} is not a regular file",
            path.display()
        )]));
    }
    let len = meta.len();
    let plan = Plan::new(&manager, bucket, key, &options, Some(len))?;
    let file = Arc::new(file);
    let token = options.token();
    plan.tracker.started();
    let output = if !plan.config.is_multipart(len) {
        check_single_size(len)?;
        let work = async {
            let data = read_at(file.clone(), 0, len as usize).await?;
            plan.put_object(data).await
        };
        unless_cancelled(&token, "the upload", work).await?
    } else {
        let part_size = plan.config.part_size_for(len)?;
        let count = TransferConfig::part_count(len, part_size);
        let upload = plan.create().await?;
        let parts = stream::iter(0..count)
            .map(|index| {
                let (plan, upload, file, path) = (&plan, &upload, file.clone(), &path);
                async move {
                    let offset = index * part_size;
                    let range = FileRange {
                        path: path.clone(),
                        offset,
                        len: part_size.min(len - offset),
                    };
                    let source = PartSource::File { file, range };
                    plan.upload_part(upload, index as u32 + 1, offset, source)
                        .await
                }
            })
            .buffer_unordered(plan.config.max_concurrency())
            .try_collect::<Vec<_>>();
        match unless_cancelled(&token, "the upload", parts).await {
            Ok(parts) => plan.complete_checked(upload, parts, len, &token).await?,
            Err(e) => return Err(abort_after(upload, e).await),
        }
    };
    plan.tracker.finished();
    Ok(output)
}

impl Plan {
    /// Completes the upload unless cancelled first; aborts it if completion fails.
    async fn complete_checked(
        &self,
        upload: MultipartUpload,
        parts: Vec<CompletedPart>,
        size: u64,
        token: &tokio_util::sync::CancellationToken,
    ) -> Result<TransferOutput, Error> {
        if token.is_cancelled() {
            return Err(abort_after(upload, Error::cancelled("the upload was cancelled")).await);
        }
        let mut upload = upload;
        match self.complete(&mut upload, parts, size).await {
            Ok(out) => Ok(out),
            Err(e) => Err(abort_after(upload, e).await),
        }
    }
}

fn check_single_size(len: u64) -> Result<(), Error> {
    if len > MAX_SINGLE_REQUEST_SIZE {
        return Err(Error::validation(vec![format!(
            "{len} bytes is more than one PutObject may carry (5 GiB); lower multipart_threshold"
        )]));
    }
    Ok(())
}

/// Reads `len` bytes of `file` at `offset` without moving a shared cursor, off the async
/// threads. A file that got shorter is an error.
async fn read_at(file: Arc<std::fs::File>, offset: u64, len: usize) -> Result<Bytes, Error> {
    tokio::task::spawn_blocking(move || {
        let mut buf = vec![0u8; len];
        read_exact_at(&file, &mut buf, offset)?;
        Ok::<_, std::io::Error>(Bytes::from(buf))
    })
    .await
    .map_err(|e| Error::io(format!("read task failed: {e}")))?
    .map_err(|e| {
        Error::io(format!(
            "cannot read {len} bytes at offset {offset} (did the file change during the upload?): {e}"
        ))
    })
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// How much of a reader of unknown length is read before choosing between one PutObject and
/// a multipart upload: the multipart threshold, but never more than one PutObject may carry,
/// so a long stream under a high threshold goes in parts instead of failing after being
/// buffered whole.
fn reader_threshold(config: &TransferConfig) -> usize {
    let threshold = config.multipart_threshold().min(MAX_SINGLE_REQUEST_SIZE);
    usize::try_from(threshold).unwrap_or(usize::MAX)
}

/// Reads from `reader` until `buf` holds `want` bytes or the reader ends.
async fn fill(
    reader: &mut (dyn AsyncRead + Send + Unpin),
    buf: &mut BytesMut,
    want: usize,
) -> Result<(), Error> {
    while buf.len() < want {
        buf.reserve(want - buf.len());
        let n = reader
            .read_buf(buf)
            .await
            .map_err(|e| Error::io(format!("cannot read the source: {e}")))?;
        if n == 0 {
            break;
        }
    }
    Ok(())
}

async fn upload_reader(request: Upload) -> Result<TransferOutput, Error> {
    let Upload {
        manager,
        mut reader,
        bucket,
        key,
        options,
    } = request;
    let plan = Plan::new(&manager, bucket, key, &options, None)?;
    let token = options.token();
    let threshold = reader_threshold(&plan.config);
    plan.tracker.started();
    let mut first = BytesMut::new();
    unless_cancelled(
        &token,
        "the upload",
        fill(&mut *reader, &mut first, threshold),
    )
    .await?;
    if first.len() < threshold {
        let out = unless_cancelled(&token, "the upload", plan.put_object(first.freeze())).await?;
        plan.tracker.finished();
        return Ok(out);
    }
    // The length is unknown: parts of the preferred size, up to 10,000 of them.
    let part_size = plan.config.part_size_for(0)? as usize;
    let upload = plan.create().await?;
    struct Source {
        reader: Box<dyn AsyncRead + Send + Unpin>,
        pending: BytesMut,
        offset: u64,
        number: u32,
        done: bool,
    }
    let source = Source {
        reader,
        pending: first,
        offset: 0,
        number: 0,
        done: false,
    };
    let parts = stream::try_unfold(source, move |mut s| async move {
        if s.done {
            return Ok(None);
        }
        if s.pending.len() < part_size {
            fill(&mut *s.reader, &mut s.pending, part_size).await?;
        }
        let take = part_size.min(s.pending.len());
        if take == 0 && s.number > 0 {
            return Ok(None);
        }
        let data = s.pending.split_to(take).freeze();
        if take < part_size {
            s.done = true;
        }
        s.number += 1;
        if u64::from(s.number) > MAX_PARTS {
            return Err(Error::validation(vec![format!(
                "the stream is longer than 10,000 parts of {part_size} bytes; raise \
                 multipart_chunksize"
            )]));
        }
        let item = (s.number, s.offset, data);
        s.offset += take as u64;
        Ok(Some((item, s)))
    })
    .map_ok(|(number, offset, data)| {
        let (plan, upload) = (&plan, &upload);
        async move {
            plan.upload_part(upload, number, offset, PartSource::Memory(data))
                .await
        }
    })
    .try_buffer_unordered(plan.config.max_concurrency())
    .try_collect::<Vec<_>>();
    match unless_cancelled(&token, "the upload", parts).await {
        Ok(parts) => {
            let size = parts.iter().map(|p| p.len).sum();
            let out = plan.complete_checked(upload, parts, size, &token).await?;
            plan.tracker.finished();
            Ok(out)
        }
        Err(e) => Err(abort_after(upload, e).await),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_never_becomes_a_put_object_larger_than_s3_takes() {
        let high = TransferConfig::default().with_multipart_threshold(10 * MAX_SINGLE_REQUEST_SIZE);
        assert_eq!(reader_threshold(&high) as u64, MAX_SINGLE_REQUEST_SIZE);
        let usual = TransferConfig::default();
        assert_eq!(reader_threshold(&usual) as u64, usual.multipart_threshold());
    }
}
