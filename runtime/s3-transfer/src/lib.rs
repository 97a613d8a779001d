//! S3 managed transfers for rboto: boto3's `upload_file`, `download_file`, `copy` and
//! directory transfers ([`transfer`]), and the typed copy source S3's copy operations take
//! ([`copy_source`]), and presigned POST forms ([`presigned_post`]).
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs, unreachable_pub)]

pub mod copy_source;
pub mod presigned_post;
pub mod transfer;

pub use copy_source::IntoCopySource;
