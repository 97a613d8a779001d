//! S3 additions that need no generated types: the resource loads boto3 injects, managed
//! transfers and presigned POST forms.

pub mod copy_source;
pub mod presigned_post;
pub mod resource_load;
pub mod transfer;

pub use copy_source::IntoCopySource;
