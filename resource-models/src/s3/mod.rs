//! Amazon S3: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point), with boto3's managed
//! transfers on `Bucket` and `Object`: uploads and copies ([`transfer_ext`]), downloads and
//! directory transfers ([`download_ext`]); the machinery is [`transfer`].

pub mod download_ext;
pub mod transfer_ext;

pub use rboto_s3_transfer::transfer;

service_model!(rboto_models_n_z, s3, "2006-03-01", resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "s3",
    crate = "crate",
    models = "models/s3/2006-03-01",
    loaders = ["Bucket", "ObjectSummary"]
);
