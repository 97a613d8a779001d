//! [`S3TransferExt`]: the managed transfer methods boto3 injects into every S3 client, here as
//! an extension trait on the low-level [`Client`].

use crate::client::Client;

use super::TransferManager;

/// Managed transfers straight from an S3 [`Client`], like boto3's `client.upload_file(...)`.
/// Each method runs on a [`TransferManager`] with the default configuration; pass another
/// with the builders' `config(...)`.
///
/// ```no_run
/// # fn demo(s3: rboto_runtime::Client) {
/// use rboto_runtime::s3::transfer::S3TransferExt;
/// let manager = s3.transfer_manager();
/// # drop(manager);
/// # }
/// ```
pub trait S3TransferExt {
    /// A transfer manager over this client, with boto3's default configuration.
    fn transfer_manager(&self) -> TransferManager;
}

impl S3TransferExt for Client {
    fn transfer_manager(&self) -> TransferManager {
        TransferManager::new(self.clone())
    }
}
