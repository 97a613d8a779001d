//! S3 additions that need no generated types.

pub mod resource_load;
