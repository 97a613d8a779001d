//! Uploading a directory tree under a key prefix; the mapping, filters and concurrency budget
//! are described in [`directory`](super::directory).

use std::collections::HashSet;
use std::future::IntoFuture;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::stream::{self, StreamExt, TryStreamExt};
use tokio::sync::Semaphore;

use super::directory::{folder_prefix, permits, Common, DirectoryOutput};
use super::filter;
use super::{unless_cancelled, CancellationToken, TransferManager};
use rboto_runtime::error::Error;

impl TransferManager {
    /// Uploads every file under `dir` (recursively, following symbolic links) to `bucket`
    /// under `prefix`: `dir/a/b.txt` becomes `prefix/a/b.txt`.
    ///
    /// ```no_run
    /// # async fn demo(s3: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
    /// use rboto_s3_transfer::transfer::S3TransferExt;
    /// let out = s3
    ///     .transfer_manager()
    ///     .upload_dir("./site", "my-bucket", "www")
    ///     .exclude("*.tmp")
    ///     .await?;
    /// println!("{} files, {} bytes", out.files, out.bytes);
    /// # Ok(()) }
    /// ```
    pub fn upload_dir(
        &self,
        dir: impl Into<PathBuf>,
        bucket: impl Into<String>,
        prefix: impl Into<String>,
    ) -> UploadDir {
        UploadDir {
            manager: self.clone(),
            dir: dir.into(),
            bucket: bucket.into(),
            prefix: prefix.into(),
            common: Common::default(),
        }
    }
}

/// An upload of a directory tree; `.await` it. Built by [`TransferManager::upload_dir`].
#[must_use = "a transfer does nothing until awaited"]
#[derive(Debug)]
pub struct UploadDir {
    manager: TransferManager,
    dir: PathBuf,
    bucket: String,
    prefix: String,
    common: Common,
}

impl UploadDir {
    super::directory::common_setters!();
}

impl IntoFuture for UploadDir {
    type Output = Result<DirectoryOutput, Error>;
    type IntoFuture = BoxFuture<'static, Result<DirectoryOutput, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let what = format!(
                "failed to upload {} to s3://{}/{}",
                self.dir.display(),
                self.bucket,
                self.prefix
            );
            upload_dir(self).await.map_err(|e| e.with_context(what))
        })
    }
}

/// One local file to upload.
struct LocalFile {
    path: PathBuf,
    key: String,
    size: u64,
}

async fn upload_dir(job: UploadDir) -> Result<DirectoryOutput, Error> {
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
    let prefix = folder_prefix(&job.prefix);
    let root = job.dir.clone();
    let found = tokio::task::spawn_blocking(move || walk(&root))
        .await
        .map_err(|e| Error::io(format!("listing the directory failed: {e}")))??;
    let mut files = Vec::new();
    let mut filtered_out = 0;
    for (relative, path, size) in found {
        if job.common.filters.allows(&relative) {
            files.push(LocalFile {
                path,
                key: format!("{prefix}{relative}"),
                size,
            });
        } else {
            filtered_out += 1;
        }
    }
    let budget = Arc::new(Semaphore::new(config.max_concurrency()));
    unless_cancelled(&token, "directory upload", async {
        let results: Vec<u64> = stream::iter(files)
            .map(|file| {
                let budget = budget.clone();
                let manager = job.manager.clone();
                let bucket = job.bucket.clone();
                let common = job.common.clone();
                let config = config.clone();
                let token = token.clone();
                let weight = permits(&config, file.size);
                async move {
                    let _permit = budget
                        .acquire_many_owned(weight)
                        .await
                        .map_err(|_| Error::io("the transfer budget closed"))?;
                    manager
                        .upload_file(&file.path, bucket, file.key)
                        .extra_args(common.extra_args)
                        .progress(common.progress)
                        .cancellation_token(token)
                        .config(config)
                        .await?;
                    Ok::<_, Error>(file.size)
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

/// Every file under `root`, as (relative `/`-separated path, path, size), in a stable order.
/// Symbolic links are followed; a directory reached twice (a link cycle) is walked once.
fn walk(root: &Path) -> Result<Vec<(String, PathBuf, u64)>, Error> {
    let io = |path: &Path, e: std::io::Error| {
        Error::io(format!("cannot read {}: {e}", path.display())).with_source(e)
    };
    let meta = std::fs::metadata(root).map_err(|e| io(root, e))?;
    if !meta.is_dir() {
        return Err(Error::validation(vec![format!(
            "{} is not a directory",
            root.display()
        )]));
    }
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    let mut pending = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, relative)) = pending.pop() {
        let canonical = std::fs::canonicalize(&dir).map_err(|e| io(&dir, e))?;
        if !seen.insert(canonical) {
            continue;
        }
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| io(&dir, e))?
            .collect::<Result<_, _>>()
            .map_err(|e| io(&dir, e))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().into_string().map_err(|name| {
                Error::validation(vec![format!(
                    "{} has a name that is not UTF-8 ({name:?}), so it has no S3 key",
                    path.display()
                )])
            })?;
            let rel = if relative.is_empty() {
                name
            } else {
                format!("{relative}/{name}")
            };
            let meta = std::fs::metadata(&path).map_err(|e| io(&path, e))?;
            if meta.is_dir() {
                pending.push((path, rel));
            } else if meta.is_file() {
                found.push((rel, path, meta.len()));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walking_lists_files_with_slash_paths() {
        let root = std::env::temp_dir().join(format!("rboto-walk-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        std::fs::write(root.join("a.txt"), b"1").unwrap();
        std::fs::write(root.join("b/c/d.bin"), b"22").unwrap();
        std::fs::create_dir_all(root.join("empty")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&root, root.join("b/loop")).unwrap();
        let found = walk(&root).unwrap();
        let names: Vec<(&str, u64)> = found.iter().map(|(r, _, s)| (r.as_str(), *s)).collect();
        assert_eq!(names, [("a.txt", 1), ("b/c/d.bin", 2)]);
        assert!(walk(&root.join("a.txt")).unwrap_err().is_validation());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
