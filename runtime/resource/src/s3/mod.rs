//! S3's resource loads, which boto3 injects and S3's resource model lacks.

pub mod resource_load;
