//! Directory transfers: a local tree uploaded under a key prefix, and a prefix downloaded into
//! a directory, several files at once, with include/exclude filters.
//!
//! Keys map to paths as in the AWS CLI's `s3 cp --recursive`: the prefix is treated as a
//! folder (a `/` is appended when it is missing), the rest of the key is the path relative
//! to the directory with `/` as the separator, and "folder" marker objects (keys ending in
//! `/`) are skipped. A download first lists the whole prefix and refuses, before writing
//! anything, every key that could land outside the target directory: `..` or `.`
//! components, empty components (`a//b`, a leading `/`), backslashes, drive letters and,
//! on Windows, `:` and names ending in `.` or a space (which Windows would rewrite).
//!
//! Up to `max_concurrency` files move at once. A file large enough to go in parts takes the
//! whole budget while it runs, so requests in flight (and part buffers in memory) stay within
//! `max_concurrency` however the tree is made.

use std::future::IntoFuture;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::{json, Value};
use tokio::sync::Semaphore;

use super::download::{request_params, Source};
use super::filter::{self, Filters};
use super::progress::Progress;
use super::{
    extra_args_object, unless_cancelled, CancellationToken, TransferConfig, TransferManager,
    TransferOptions,
};
use rboto_runtime::error::Error;

/// What a directory transfer moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DirectoryOutput {
    /// Files (objects) transferred.
    pub files: u64,
    /// Bytes transferred.
    pub bytes: u64,
    /// Files or objects the filters left out.
    pub filtered_out: u64,
}

impl TransferManager {
    /// Downloads every object of `bucket` under `prefix` into `dir` (created if missing):
    /// `prefix/a/b.txt` becomes `dir/a/b.txt`. Each file is written as
    /// [`download_file`](TransferManager::download_file) writes it: whole and verified, or not
    /// at all.
    ///
    /// ```no_run
    /// # async fn demo(s3: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
    /// use rboto_s3_transfer::transfer::S3TransferExt;
    /// let out = s3
    ///     .transfer_manager()
    ///     .download_dir("my-bucket", "www/", "./mirror")
    ///     .exclude("*")
    ///     .include("*.html")
    ///     .await?;
    /// println!("{} files", out.files);
    /// # Ok(()) }
    /// ```
    pub fn download_dir(
        &self,
        bucket: impl Into<String>,
        prefix: impl Into<String>,
        dir: impl Into<PathBuf>,
    ) -> DownloadDir {
        DownloadDir {
            manager: self.clone(),
            dir: dir.into(),
            bucket: bucket.into(),
            prefix: prefix.into(),
            common: Common::default(),
        }
    }
}

/// Settings both directions share.
#[derive(Clone, Default)]
pub(crate) struct Common {
    pub filters: Filters,
    pub extra_args: Value,
    pub progress: Progress,
    pub cancel: Option<CancellationToken>,
    pub config: Option<TransferConfig>,
}

impl std::fmt::Debug for Common {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = self.extra_args.as_object().cloned().unwrap_or_default();
        f.debug_struct("Common")
            .field("filters", &self.filters)
            .field("extra_args", &super::ArgNames(&names))
            .field("progress", &self.progress)
            .field("cancel", &self.cancel)
            .field("config", &self.config)
            .finish()
    }
}

macro_rules! common_setters {
    () => {
        /// Transfers only what matches `pattern` among what an earlier `exclude` left out
        /// (the AWS CLI's `--include`; see the module docs for the wildcards).
        pub fn include(mut self, pattern: &str) -> Self {
            self.common.filters.push(true, pattern);
            self
        }

        /// Leaves out what matches `pattern` (the AWS CLI's `--exclude`). Later filters
        /// override earlier ones.
        pub fn exclude(mut self, pattern: &str) -> Self {
            self.common.filters.push(false, pattern);
            self
        }

        /// Extra request parameters for every file (boto3's `ExtraArgs`), checked as the
        /// single-file transfers check them.
        pub fn extra_args(mut self, args: serde_json::Value) -> Self {
            self.common.extra_args = args;
            self
        }

        /// Where each file's progress events go.
        pub fn progress(mut self, progress: $crate::transfer::Progress) -> Self {
            self.common.progress = progress;
            self
        }

        /// Stops the transfer when `token` is cancelled; files already finished stay.
        pub fn cancellation_token(mut self, token: $crate::transfer::CancellationToken) -> Self {
            self.common.cancel = Some(token);
            self
        }

        /// Uses `config` instead of the manager's.
        pub fn config(mut self, config: $crate::transfer::TransferConfig) -> Self {
            self.common.config = Some(config);
            self
        }
    };
}
pub(crate) use common_setters;

/// A download of a prefix into a directory; `.await` it. Built by
/// [`TransferManager::download_dir`].
#[must_use = "a transfer does nothing until awaited"]
#[derive(Debug)]
pub struct DownloadDir {
    manager: TransferManager,
    dir: PathBuf,
    bucket: String,
    prefix: String,
    common: Common,
}

impl DownloadDir {
    common_setters!();
}

impl IntoFuture for DownloadDir {
    type Output = Result<DirectoryOutput, Error>;
    type IntoFuture = BoxFuture<'static, Result<DirectoryOutput, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let what = format!(
                "failed to download s3://{}/{} to {}",
                self.bucket,
                self.prefix,
                self.dir.display()
            );
            download_dir(self).await.map_err(|e| e.with_context(what))
        })
    }
}

/// The prefix as a folder: `""` stays empty, anything else ends in `/`.
pub(crate) fn folder_prefix(prefix: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        prefix.to_string()
    } else {
        format!("{prefix}/")
    }
}

/// The local path for the part of a key after the prefix, or why the key is refused.
pub(crate) fn local_path(dir: &Path, relative: &str) -> Result<PathBuf, String> {
    if relative.starts_with('/') || relative.starts_with('\\') {
        return Err("it is an absolute path".into());
    }
    let mut path = dir.to_path_buf();
    for (i, part) in relative.split('/').enumerate() {
        let reason = match part {
            "" => Some("it has an empty path component"),
            "." | ".." => Some("it has a '.' or '..' component"),
            _ if part.contains('\\') => Some("it contains a backslash"),
            _ if part.contains('\0') => Some("it contains a NUL character"),
            _ if i == 0 && is_drive(part) => Some("it starts with a drive letter"),
            _ if cfg!(windows) && part.contains(':') => Some("it contains ':'"),
            _ if cfg!(windows) && (part.ends_with('.') || part.ends_with(' ')) => Some(
                "it has a component ending in '.' or ' ', which Windows strips (`.. ` is `..`)",
            ),
            _ => None,
        };
        if let Some(reason) = reason {
            return Err(reason.into());
        }
        path.push(part);
    }
    let inside = path
        .strip_prefix(dir)
        .is_ok_and(|rest| rest.components().all(|c| matches!(c, Component::Normal(_))));
    if inside {
        Ok(path)
    } else {
        Err("it would leave the target directory".into())
    }
}

fn is_drive(part: &str) -> bool {
    let bytes = part.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// One object to download.
struct Planned {
    key: String,
    path: PathBuf,
    size: u64,
}

async fn download_dir(job: DownloadDir) -> Result<DirectoryOutput, Error> {
    let config = job
        .common
        .config
        .clone()
        .unwrap_or_else(|| job.manager.config().clone());
    filter::check(&job.common.filters)?;
    if job.bucket.is_empty() {
        return Err(Error::validation(vec!["bucket must not be empty".into()]));
    }
    let token = job
        .common
        .cancel
        .as_ref()
        .map_or_else(CancellationToken::new, CancellationToken::child_token);
    let client = job.manager.s3_client()?.clone();
    let prefix = folder_prefix(&job.prefix);
    let options = TransferOptions {
        extra_args: extra_args_object(job.common.extra_args.clone())?,
        progress: job.common.progress.clone(),
        cancel: Some(token.clone()),
        config: Some(config.clone()),
        ..TransferOptions::default()
    };
    // Bad extra arguments are refused before the listing, as each file would refuse them.
    request_params(
        &Source::new(job.bucket.clone(), "-".into()),
        &options,
        &config,
    )?;
    unless_cancelled(&token, "directory download", async {
        let mut listed = Vec::new();
        let mut pages = client
            .paginate(
                "ListObjectsV2",
                json!({"Bucket": job.bucket, "Prefix": prefix}),
            )
            .pages();
        while let Some(page) = pages.try_next().await? {
            for object in page["Contents"].as_array().into_iter().flatten() {
                let key = object["Key"].as_str().unwrap_or_default().to_string();
                let size = object["Size"].as_u64().unwrap_or(0);
                listed.push((key, size));
            }
        }
        let mut planned = Vec::new();
        let mut refused = Vec::new();
        let mut filtered_out = 0;
        for (key, size) in listed {
            let Some(relative) = key.strip_prefix(prefix.as_str()) else {
                continue;
            };
            if relative.is_empty() || key.ends_with('/') {
                continue;
            }
            if !job.common.filters.allows(relative) {
                filtered_out += 1;
                continue;
            }
            match local_path(&job.dir, relative) {
                Ok(path) => planned.push(Planned { key, path, size }),
                Err(reason) => refused.push(format!(
                    "key {key:?} cannot be downloaded into {}: {reason}",
                    job.dir.display()
                )),
            }
        }
        if !refused.is_empty() {
            return Err(Error::validation(refused));
        }
        let budget = Arc::new(Semaphore::new(config.max_concurrency()));
        let manager = job.manager.clone();
        let bucket = job.bucket.clone();
        let results: Vec<u64> = stream::iter(planned)
            .map(|file| {
                let budget = budget.clone();
                let options = options.clone();
                let manager = manager.clone();
                let source = Source::new(bucket.clone(), file.key.clone());
                let weight = permits(&config, file.size);
                async move {
                    let _permit = budget
                        .acquire_many_owned(weight)
                        .await
                        .map_err(|_| Error::io("the transfer budget closed"))?;
                    if let Some(parent) = file.path.parent() {
                        tokio::fs::create_dir_all(parent).await.map_err(|e| {
                            Error::io(format!("cannot create {}: {e}", parent.display()))
                                .with_source(e)
                        })?;
                    }
                    let out = manager
                        .download_file(source.bucket, source.key, &file.path)
                        .with_options(options)
                        .await?;
                    Ok::<_, Error>(out.bytes)
                }
            })
            .buffer_unordered(config.max_concurrency())
            .try_collect()
            .await?;
        Ok(DirectoryOutput {
            files: results.len() as u64,
            bytes: results.iter().sum(),
            filtered_out,
        })
    })
    .await
}

/// How much of the concurrency budget a file of `size` bytes takes: one request, or all of
/// them when it moves in parts.
pub(crate) fn permits(config: &TransferConfig, size: u64) -> u32 {
    if config.is_multipart(size) {
        config.max_concurrency() as u32
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_extra_arg_values() {
        let common = Common {
            extra_args: serde_json::json!({"SSECustomerKey": "c2VjcmV0LWtleQ=="}),
            ..Common::default()
        };
        let shown = format!("{common:?}");
        assert!(shown.contains("SSECustomerKey"), "{shown}");
        assert!(!shown.contains("c2VjcmV0LWtleQ=="), "{shown}");
    }

    #[test]
    fn keys_map_below_the_directory_or_are_refused() {
        let dir = Path::new("/data/mirror");
        assert_eq!(
            local_path(dir, "a/b.txt").unwrap(),
            Path::new("/data/mirror/a/b.txt")
        );
        assert_eq!(
            local_path(dir, "..hidden/x..y").unwrap(),
            Path::new("/data/mirror/..hidden/x..y")
        );
        for bad in [
            "../etc/passwd",
            "a/../../x",
            "a/..",
            "/etc/passwd",
            "\\windows\\x",
            "a//b",
            "./a",
            "..\\..\\x",
            "C:/x",
            "c:x",
            "a/b\0c",
        ] {
            assert!(local_path(dir, bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[cfg(windows)]
    #[test]
    fn names_windows_would_rewrite_are_refused() {
        let dir = Path::new("C:\\mirror");
        for bad in [".. /x", "a/.../b", "a/b. ", "a:b"] {
            assert!(local_path(dir, bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn prefixes_are_folders() {
        assert_eq!(folder_prefix(""), "");
        assert_eq!(folder_prefix("photos"), "photos/");
        assert_eq!(folder_prefix("photos/"), "photos/");
    }
}
