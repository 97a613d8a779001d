//! S3 additions that need no generated types: the resource loads boto3 injects and managed
//! transfers.

pub mod copy_source;
pub mod resource_load;
pub mod transfer;

pub use copy_source::IntoCopySource;
