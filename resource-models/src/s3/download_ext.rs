//! The managed download methods boto3 injects into `Bucket` and `Object` (reference §4.1),
//! `download_file` and `download_fileobj`, and directory transfers (`upload_dir`,
//! `download_dir`) on `Bucket`, filling in the
//! bucket and key the resource already knows and running on the runtime's
//! [`TransferManager`](rboto_s3_transfer::transfer::TransferManager) that
//! `transfer_manager()` (in [`transfer_ext`](super::transfer_ext)) gives.

use std::path::PathBuf;

use rboto_s3_transfer::transfer::{Download, DownloadDir, DownloadFile, UploadDir};
use tokio::io::AsyncWrite;

use super::{Bucket, Object};

impl Bucket {
    /// Downloads `key` of this bucket to the file at `path` (boto3's `Bucket.download_file`):
    /// parallel ranged GETs above the threshold, into a temporary file that replaces `path`
    /// only once it is complete and verified.
    ///
    /// ```no_run
    /// # async fn demo(bucket: rboto_models::s3::Bucket) -> Result<(), rboto_runtime::Error> {
    /// let out = bucket.download_file("photos/photo.jpg", "photo.jpg").await?;
    /// println!("{} bytes, checked with {:?}", out.bytes, out.verified);
    /// # Ok(()) }
    /// ```
    pub fn download_file(&self, key: impl Into<String>, path: impl Into<PathBuf>) -> DownloadFile {
        self.transfer_manager()
            .download_file(self.name().to_string(), key, path)
    }

    /// Downloads `key` of this bucket into `writer`, in order, with at most `max_concurrency`
    /// parts in memory (boto3's `Bucket.download_fileobj`).
    ///
    /// ```no_run
    /// # async fn demo(bucket: rboto_models::s3::Bucket) -> Result<(), rboto_runtime::Error> {
    /// let mut text = Vec::new();
    /// bucket.download_fileobj("notes.txt", &mut text).await?;
    /// # Ok(()) }
    /// ```
    pub fn download_fileobj<'w>(
        &self,
        key: impl Into<String>,
        writer: impl AsyncWrite + Unpin + Send + 'w,
    ) -> Download<'w> {
        self.transfer_manager()
            .download(self.name().to_string(), key, writer)
    }

    /// Downloads every object under `prefix` into the directory `dir`, several at once; keys
    /// that would land outside `dir` are refused before anything is written.
    ///
    /// ```no_run
    /// # async fn demo(bucket: rboto_models::s3::Bucket) -> Result<(), rboto_runtime::Error> {
    /// let out = bucket.download_dir("site/", "./mirror").exclude("*.tmp").await?;
    /// println!("{} files", out.files);
    /// # Ok(()) }
    /// ```
    pub fn download_dir(&self, prefix: impl Into<String>, dir: impl Into<PathBuf>) -> DownloadDir {
        self.transfer_manager()
            .download_dir(self.name().to_string(), prefix, dir)
    }

    /// Uploads every file under the directory `dir` to this bucket under `prefix`, several at
    /// once (`dir/a/b.txt` becomes `prefix/a/b.txt`).
    ///
    /// ```no_run
    /// # async fn demo(bucket: rboto_models::s3::Bucket) -> Result<(), rboto_runtime::Error> {
    /// let out = bucket.upload_dir("./public", "site").include("*.html").await?;
    /// println!("{} files, {} bytes", out.files, out.bytes);
    /// # Ok(()) }
    /// ```
    pub fn upload_dir(&self, dir: impl Into<PathBuf>, prefix: impl Into<String>) -> UploadDir {
        self.transfer_manager()
            .upload_dir(dir, self.name().to_string(), prefix)
    }
}

impl Object {
    /// Downloads this object to the file at `path` (boto3's `Object.download_file`).
    ///
    /// ```no_run
    /// # async fn demo(object: rboto_models::s3::Object) -> Result<(), rboto_runtime::Error> {
    /// object.download_file("/var/tmp/backup.tar").await?;
    /// # Ok(()) }
    /// ```
    pub fn download_file(&self, path: impl Into<PathBuf>) -> DownloadFile {
        self.transfer_manager().download_file(
            self.bucket_name().to_string(),
            self.key().to_string(),
            path,
        )
    }

    /// Downloads this object into `writer`, in order (boto3's `Object.download_fileobj`).
    ///
    /// ```no_run
    /// # async fn demo(object: rboto_models::s3::Object) -> Result<(), rboto_runtime::Error> {
    /// let mut bytes = Vec::new();
    /// object.download_fileobj(&mut bytes).await?;
    /// println!("{} bytes", bytes.len());
    /// # Ok(()) }
    /// ```
    pub fn download_fileobj<'w>(
        &self,
        writer: impl AsyncWrite + Unpin + Send + 'w,
    ) -> Download<'w> {
        self.transfer_manager().download(
            self.bucket_name().to_string(),
            self.key().to_string(),
            writer,
        )
    }
}
