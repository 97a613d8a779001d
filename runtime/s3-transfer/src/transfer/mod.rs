//! Managed transfers, boto3's `upload_file` / `download_file` / `copy` (s3transfer): objects
//! of any size moved in parts, several at once, with bounded memory, per-part retries,
//! checksums, progress events and cancellation, and nothing left behind on failure (an
//! unfinished multipart upload is aborted).
//!
//! Start from a [`TransferManager`] over an S3 [`Client`], or call the same methods on the
//! client through [`S3TransferExt`]:
//!
//! ```no_run
//! # async fn demo(s3: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
//! use rboto_s3_transfer::transfer::{Progress, S3TransferExt, TransferConfig, TransferManager};
//! let manager = TransferManager::new(s3).with_config(TransferConfig::default().with_max_concurrency(4));
//! # drop(manager);
//! # Ok(()) }
//! ```
//!
//! What a transfer reports goes to a [`Progress`] sink; a [`CancellationToken`] stops it.

mod checksum;
mod config;
mod copy;
mod directory;
mod directory_upload;
mod download;
mod ext;
mod extra_args;
mod filter;
mod parts;
mod progress;
mod temp_file;
mod upload;
mod verify;

use std::future::Future;

use serde_json::{Map, Value};
/// The reader and writer traits transfers stream through, re-exported so callers and
/// extensions need no direct tokio dependency.
pub use tokio::io::{AsyncRead, AsyncWrite};
pub use tokio_util::sync::CancellationToken;

use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

pub use checksum::{checksum_of, combine_crcs, ChecksumHasher};
pub use config::{
    ChecksumAlgorithm, ChecksumPolicy, PartSizeMode, TransferConfig, MAX_MULTIPART_OBJECT_SIZE,
    MAX_PARTS, MAX_PART_SIZE, MAX_SINGLE_REQUEST_SIZE, MIN_PART_SIZE,
};
pub use copy::{Copy, CopySource};
pub use directory::{DirectoryOutput, DownloadDir};
pub use directory_upload::UploadDir;
pub use download::{Download, DownloadFile, DownloadOutput, ALLOWED_DOWNLOAD_ARGS};
pub use ext::S3TransferExt;
pub use progress::{Progress, ProgressCallback, ProgressEvent, ProgressStream, ProgressTracker};
pub use upload::{TransferOutput, Upload, UploadFile};

/// Runs managed transfers with one S3 client and one [`TransferConfig`]. Cheap to clone.
///
/// ```no_run
/// # fn demo(s3: rboto_runtime::Client) {
/// use rboto_s3_transfer::transfer::{TransferConfig, TransferManager};
/// let manager = TransferManager::new(s3).with_config(TransferConfig::default());
/// assert_eq!(manager.config().max_concurrency(), 10);
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct TransferManager {
    client: Client,
    config: TransferConfig,
}

impl TransferManager {
    /// A manager over `client` (an S3 client) with boto3's default configuration.
    pub fn new(client: Client) -> TransferManager {
        TransferManager {
            client,
            config: TransferConfig::default(),
        }
    }

    /// The same manager with another configuration.
    pub fn with_config(mut self, config: TransferConfig) -> TransferManager {
        self.config = config;
        self
    }

    /// The S3 client requests go through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The configuration transfers use unless a call overrides it.
    pub fn config(&self) -> &TransferConfig {
        &self.config
    }

    /// The client, checked to be an S3 client.
    pub(crate) fn s3_client(&self) -> Result<&Client, Error> {
        if self.client.model().name() == "s3" {
            Ok(&self.client)
        } else {
            Err(Error::validation(vec![format!(
                "managed transfers need an S3 client, not a {} client",
                self.client.model().name()
            )]))
        }
    }
}

/// What every transfer call may carry besides its source and target: boto3's `ExtraArgs`,
/// `Callback` (here a [`Progress`] sink) and `Config`, plus a cancellation token.
#[derive(Clone, Default)]
pub(crate) struct TransferOptions {
    /// Extra request parameters, checked against the operation's allowed list.
    pub extra_args: Map<String, Value>,
    /// Where progress goes.
    pub progress: Progress,
    /// Stops the transfer when cancelled.
    pub cancel: Option<CancellationToken>,
    /// Overrides the manager's configuration.
    pub config: Option<TransferConfig>,
    /// `extra_args` was given something other than a JSON object.
    pub extra_args_invalid: bool,
}

/// Names the extra arguments without their values, which may be secrets (an SSE-C key).
pub(crate) struct ArgNames<'a>(pub &'a Map<String, Value>);

impl std::fmt::Debug for ArgNames<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl std::fmt::Debug for TransferOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransferOptions")
            .field("extra_args", &ArgNames(&self.extra_args))
            .field("progress", &self.progress)
            .field("cancel", &self.cancel)
            .field("config", &self.config)
            .field("extra_args_invalid", &self.extra_args_invalid)
            .finish()
    }
}

impl TransferOptions {
    /// The configuration in effect.
    pub(crate) fn config<'a>(&'a self, manager: &'a TransferManager) -> &'a TransferConfig {
        self.config.as_ref().unwrap_or(&manager.config)
    }

    /// A validation error if `extra_args` was not a JSON object.
    pub(crate) fn check_extra_args_shape(&self) -> Result<(), Error> {
        if self.extra_args_invalid {
            return Err(Error::validation(vec![
                "extra_args must be a JSON object of request parameters".to_string(),
            ]));
        }
        Ok(())
    }

    /// A token that fires when the caller's does, or never; children can be cancelled
    /// without touching the caller's.
    pub(crate) fn token(&self) -> CancellationToken {
        match &self.cancel {
            Some(token) => token.child_token(),
            None => CancellationToken::new(),
        }
    }
}

/// Runs `work` unless `token` fires first; then the result is a cancellation error saying
/// `what` was stopped.
pub(crate) async fn unless_cancelled<T>(
    token: &CancellationToken,
    what: &str,
    work: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    if token.is_cancelled() {
        return Err(Error::cancelled(format!("{what} was cancelled")));
    }
    tokio::select! {
        biased;
        _ = token.cancelled() => Err(Error::cancelled(format!("{what} was cancelled"))),
        result = work => result,
    }
}

/// `extra_args` as an object, or a validation error naming what it was instead.
pub(crate) fn extra_args_object(value: Value) -> Result<Map<String, Value>, Error> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(Error::validation(vec![format!(
            "extra_args must be a JSON object of request parameters, not {other}"
        )])),
    }
}

/// Adds the option setters every transfer builder shares (`extra_args`, `progress`,
/// `cancellation_token`, `config`) to a type with an `options: TransferOptions` field.
macro_rules! transfer_options {
    ($builder:ty) => {
        impl $builder {
            /// boto3's `ExtraArgs`: request parameters such as `ContentType`, `Metadata`,
            /// `ACL`, `ServerSideEncryption`, `StorageClass`, as a JSON object. Each is
            /// checked against the arguments this transfer accepts and the S3 model before
            /// any request; a bad one is a validation error naming it.
            pub fn extra_args(mut self, args: serde_json::Value) -> Self {
                match $crate::transfer::extra_args_object(args) {
                    Ok(map) => self.options.extra_args = map,
                    Err(_) => {
                        self.options.extra_args = serde_json::Map::new();
                        self.options.extra_args_invalid = true;
                    }
                }
                self
            }

            /// Reports progress to `progress` (a callback, a stream, or both).
            pub fn progress(mut self, progress: $crate::transfer::Progress) -> Self {
                self.options.progress = progress;
                self
            }

            /// Stops the transfer when `token` is cancelled; it then fails with a
            /// cancellation error and leaves nothing half-done (an unfinished multipart
            /// upload is aborted, a partial download removed).
            pub fn cancellation_token(
                mut self,
                token: $crate::transfer::CancellationToken,
            ) -> Self {
                self.options.cancel = Some(token);
                self
            }

            /// Uses `config` instead of the manager's configuration.
            pub fn config(mut self, config: $crate::transfer::TransferConfig) -> Self {
                self.options.config = Some(config);
                self
            }
        }
    };
}
pub(crate) use transfer_options;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_names_extra_args_but_never_shows_their_values() {
        let options = TransferOptions {
            extra_args: serde_json::json!({"SSECustomerKey": "c2VjcmV0LWtleQ==", "ACL": "private"})
                .as_object()
                .unwrap()
                .clone(),
            ..TransferOptions::default()
        };
        let shown = format!("{options:?}");
        assert!(
            shown.contains("SSECustomerKey") && shown.contains("ACL"),
            "{shown}"
        );
        assert!(!shown.contains("c2VjcmV0LWtleQ=="), "{shown}");
    }
}
