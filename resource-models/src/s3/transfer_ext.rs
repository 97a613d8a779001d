//! The managed transfer methods boto3 injects into `Bucket` and `Object` (reference §4.1):
//! `upload_file`, `upload_fileobj` and `copy`, filling in the bucket and key the resource
//! already knows and running on the runtime's
//! [`TransferManager`].

use std::path::Path;

use rboto_s3_transfer::transfer::{AsyncRead, Copy, TransferManager, Upload, UploadFile};

use rboto_s3_transfer::IntoCopySource;

use super::{Bucket, Object};

impl Bucket {
    /// A transfer manager over this bucket's client, with boto3's default configuration.
    pub fn transfer_manager(&self) -> TransferManager {
        TransferManager::new(self.core.service().client().clone())
    }

    /// Uploads the file at `path` to `key` in this bucket (boto3's `Bucket.upload_file`):
    /// multipart, in parallel, above the threshold.
    ///
    /// ```no_run
    /// # async fn demo(bucket: rboto_models::s3::Bucket) -> Result<(), rboto_runtime::Error> {
    /// bucket.upload_file("photo.jpg", "photos/photo.jpg")
    ///     .extra_args(serde_json::json!({"ContentType": "image/jpeg"}))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn upload_file(&self, path: impl AsRef<Path>, key: impl Into<String>) -> UploadFile {
        self.transfer_manager()
            .upload_file(path, self.name().to_string(), key)
    }

    /// Uploads everything `reader` yields to `key` in this bucket (boto3's
    /// `Bucket.upload_fileobj`).
    pub fn upload_fileobj(
        &self,
        reader: impl AsyncRead + Send + Unpin + 'static,
        key: impl Into<String>,
    ) -> Upload {
        self.transfer_manager()
            .upload(reader, self.name().to_string(), key)
    }

    /// Copies `source` to `key` in this bucket, multipart above the threshold (boto3's
    /// `Bucket.copy`).
    ///
    /// ```no_run
    /// # async fn demo(bucket: rboto_models::s3::Bucket) -> Result<(), rboto_runtime::Error> {
    /// use rboto_s3_transfer::transfer::CopySource;
    /// bucket.copy(CopySource::new("other-bucket", "big.bin"), "big.bin").await?;
    /// # Ok(()) }
    /// ```
    pub fn copy(&self, source: impl IntoCopySource, key: impl Into<String>) -> Copy {
        self.transfer_manager()
            .copy(source, self.name().to_string(), key)
    }
}

impl Object {
    /// A transfer manager over this object's client, with boto3's default configuration.
    pub fn transfer_manager(&self) -> TransferManager {
        TransferManager::new(self.core.service().client().clone())
    }

    /// Uploads the file at `path` to this object (boto3's `Object.upload_file`).
    ///
    /// ```no_run
    /// # async fn demo(object: rboto_models::s3::Object) -> Result<(), rboto_runtime::Error> {
    /// let out = object.upload_file("data.csv").await?;
    /// println!("{:?}", out.e_tag);
    /// # Ok(()) }
    /// ```
    pub fn upload_file(&self, path: impl AsRef<Path>) -> UploadFile {
        self.transfer_manager().upload_file(
            path,
            self.bucket_name().to_string(),
            self.key().to_string(),
        )
    }

    /// Uploads everything `reader` yields to this object (boto3's `Object.upload_fileobj`).
    pub fn upload_fileobj(&self, reader: impl AsyncRead + Send + Unpin + 'static) -> Upload {
        self.transfer_manager().upload(
            reader,
            self.bucket_name().to_string(),
            self.key().to_string(),
        )
    }

    /// Copies `source` to this object, multipart above the threshold (boto3's managed
    /// `Object.copy`; `copy_from` is the single CopyObject action).
    pub fn copy(&self, source: impl IntoCopySource) -> Copy {
        self.transfer_manager().copy(
            source,
            self.bucket_name().to_string(),
            self.key().to_string(),
        )
    }
}
