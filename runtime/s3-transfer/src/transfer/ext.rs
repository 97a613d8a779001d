//! [`S3TransferExt`]: the managed transfer methods boto3 injects into every S3 client, here as
//! an extension trait on the low-level [`Client`].

use std::path::{Path, PathBuf};

use tokio::io::{AsyncRead, AsyncWrite};

use rboto_runtime::client::Client;

use super::{Copy, Download, DownloadFile, TransferManager, Upload, UploadFile};
use crate::IntoCopySource;

/// Managed transfers straight from an S3 [`Client`], like boto3's `client.upload_file(...)`.
/// Each method runs on a [`TransferManager`] with the default configuration; pass another
/// with the builders' `config(...)`.
///
/// ```no_run
/// # async fn demo(s3: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
/// use rboto_s3_transfer::transfer::{CopySource, S3TransferExt};
/// s3.upload_file("report.pdf", "my-bucket", "reports/report.pdf").await?;
/// s3.copy(CopySource::new("my-bucket", "reports/report.pdf"), "archive", "report.pdf").await?;
/// # Ok(()) }
/// ```
pub trait S3TransferExt {
    /// A transfer manager over this client, with boto3's default configuration.
    fn transfer_manager(&self) -> TransferManager;

    /// [`TransferManager::upload_file`] (boto3's `client.upload_file`).
    fn upload_file(
        &self,
        path: impl AsRef<Path>,
        bucket: impl Into<String>,
        key: impl Into<String>,
    ) -> UploadFile {
        self.transfer_manager().upload_file(path, bucket, key)
    }

    /// [`TransferManager::upload`] (boto3's `client.upload_fileobj`).
    fn upload_fileobj(
        &self,
        reader: impl AsyncRead + Send + Unpin + 'static,
        bucket: impl Into<String>,
        key: impl Into<String>,
    ) -> Upload {
        self.transfer_manager().upload(reader, bucket, key)
    }

    /// [`TransferManager::download_file`] (boto3's `client.download_file`).
    ///
    /// ```no_run
    /// # async fn demo(s3: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
    /// use rboto_s3_transfer::transfer::S3TransferExt;
    /// s3.download_file("my-bucket", "reports/report.pdf", "report.pdf").await?;
    /// # Ok(()) }
    /// ```
    fn download_file(
        &self,
        bucket: impl Into<String>,
        key: impl Into<String>,
        path: impl Into<PathBuf>,
    ) -> DownloadFile {
        self.transfer_manager().download_file(bucket, key, path)
    }

    /// [`TransferManager::download`] (boto3's `client.download_fileobj`).
    fn download_fileobj<'w>(
        &self,
        bucket: impl Into<String>,
        key: impl Into<String>,
        writer: impl AsyncWrite + Unpin + Send + 'w,
    ) -> Download<'w> {
        self.transfer_manager().download(bucket, key, writer)
    }

    /// [`TransferManager::copy`] (boto3's `client.copy`).
    fn copy(
        &self,
        source: impl IntoCopySource,
        bucket: impl Into<String>,
        key: impl Into<String>,
    ) -> Copy {
        self.transfer_manager().copy(source, bucket, key)
    }
}

impl S3TransferExt for Client {
    fn transfer_manager(&self) -> TransferManager {
        TransferManager::new(self.clone())
    }
}
