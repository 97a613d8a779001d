//! AWS's API models for rboto, embedded in the binary, one module per service behind a
//! cargo feature of the same name.
//!
//! Each module offers the raw text as [`MODEL`](s3::MODEL) (a
//! [`ModelSource`](rboto_runtime::model::ModelSource)) and the parsed model as
//! [`model()`](s3::model), parsed on first use and shared afterwards:
//!
//! ```
//! # #[cfg(feature = "sqs")] {
//! let sqs = rboto_models::sqs::model();
//! assert!(sqs.operation("SendMessage").is_ok());
//! # }
//! ```
//!
//! Every other service botocore knows has the same `MODEL` and `model()` in a module named
//! after it (`rboto_models::lambda`, `rboto_models::secretsmanager`), behind a cargo feature
//! of the model data crate that holds it: `rboto-models-a-c`, `rboto-models-d-m` or
//! `rboto-models-n-z`, by the service name's first letter (the `full` feature enables all).
//!
//! The model files are botocore's and boto3's (version 1.44.5), Apache-2.0; see `NOTICE`.
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs, unreachable_pub)]

/// `models/partitions.json`: the AWS partitions (regions, DNS suffixes) the endpoint rules
/// refer to.
pub const PARTITIONS: &str = include_str!("../models/partitions.json");

// Only the enabled services' modules use it; with `default-features = false` none are.
#[cfg_attr(
    not(any(
        feature = "cloudformation",
        feature = "cloudwatch",
        feature = "dynamodb",
        feature = "ec2",
        feature = "glacier",
        feature = "iam",
        feature = "s3",
        feature = "sns",
        feature = "sqs",
        feature = "sts"
    )),
    allow(unused_macros)
)]
macro_rules! optional_file {
    (yes, $module:ident, $version:literal, $file:literal) => {
        Some(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/",
            stringify!($module),
            "/",
            $version,
            "/",
            $file
        )))
    };
    (no, $module:ident, $version:literal, $file:literal) => {
        None
    };
}

/// The model part of a service module: `API_VERSION`, `MODEL` and `model()` from the model
/// data crate holding the service (compressed, parsed on first use), and `RESOURCES`.
// Only the enabled services' modules use it; with `default-features = false` none are.
#[cfg_attr(
    not(any(
        feature = "cloudformation",
        feature = "cloudwatch",
        feature = "dynamodb",
        feature = "ec2",
        feature = "glacier",
        feature = "iam",
        feature = "s3",
        feature = "sns",
        feature = "sqs",
        feature = "sts"
    )),
    allow(unused_macros)
)]
macro_rules! service_model {
    ($data:ident, $module:ident, $version:literal, resources: $resources:ident) => {
        pub use $data::$module::{model, API_VERSION, MODEL};

        /// boto3's resource definition (`resources-1.json`), when the service has one.
        pub const RESOURCES: Option<&str> =
            optional_file!($resources, $module, $version, "resources-1.json");
    };
}

// The models of every enabled service; a module above of the same name (a service with
// resources) re-exports its model and shadows the glob, so with only those enabled these
// imports bring nothing.
#[allow(unused_imports, unreachable_pub)]
pub use rboto_models_a_c::*;
#[allow(unused_imports, unreachable_pub)]
pub use rboto_models_d_m::*;
#[allow(unused_imports, unreachable_pub)]
pub use rboto_models_n_z::*;

/// What the code `rboto_resources!` generates calls, and nothing else: the runtime types and
/// the libraries its expansion names. Not part of the API; the facade re-exports it as
/// `rboto::__private` for crates with resource definitions of their own.
#[cfg(feature = "resources")]
#[doc(hidden)]
pub mod __private {
    pub use futures;
    pub use rboto_resource::{
        typed, CollectionCore, NotAnIterator, ResourceCore, ServiceResources, UseStreamToIterate,
    };
    pub use rboto_runtime::{ByteStream, Client, Error, Session};
    #[cfg(feature = "s3-transfer")]
    pub use rboto_s3_transfer::IntoCopySource;
    pub use serde;
    pub use serde_json;
}

#[cfg(feature = "cloudformation")]
pub mod cloudformation;
#[cfg(feature = "cloudwatch")]
pub mod cloudwatch;
#[cfg(feature = "dynamodb")]
pub mod dynamodb;
#[cfg(feature = "ec2")]
pub mod ec2;
#[cfg(feature = "glacier")]
pub mod glacier;
#[cfg(feature = "iam")]
pub mod iam;
#[cfg(feature = "s3")]
pub mod s3;
#[cfg(feature = "sns")]
pub mod sns;
#[cfg(feature = "sqs")]
pub mod sqs;

/// AWS STS (no resources: the low-level model only).
#[cfg(feature = "sts")]
pub mod sts {
    service_model!(rboto_models_n_z, sts, "2011-06-15", resources: no);
}

#[cfg(test)]
mod tests {
    /// Every embedded model parses, names itself, and resolves to a protocol.
    #[test]
    fn every_enabled_model_parses() {
        let models: Vec<rboto_runtime::model::ServiceModel> = vec![
            #[cfg(feature = "cloudformation")]
            super::cloudformation::model(),
            #[cfg(feature = "cloudwatch")]
            super::cloudwatch::model(),
            #[cfg(feature = "dynamodb")]
            super::dynamodb::model(),
            #[cfg(feature = "ec2")]
            super::ec2::model(),
            #[cfg(feature = "glacier")]
            super::glacier::model(),
            #[cfg(feature = "iam")]
            super::iam::model(),
            #[cfg(feature = "s3")]
            super::s3::model(),
            #[cfg(feature = "sns")]
            super::sns::model(),
            #[cfg(feature = "sqs")]
            super::sqs::model(),
            #[cfg(feature = "sts")]
            super::sts::model(),
        ];
        for model in models {
            assert!(
                !model.definition().operations.is_empty(),
                "{}",
                model.name()
            );
            assert!(model.endpoint_rule_set().is_some(), "{}", model.name());
            let resolver = model.endpoint_resolver().expect("every service has rules");
            assert!(resolver.is_ok(), "{}: {:?}", model.name(), resolver.err());
            rboto_runtime::protocol::Protocol::resolve(model.metadata()).unwrap();
        }
    }

    #[cfg(feature = "s3")]
    #[test]
    fn models_are_parsed_once_and_shared() {
        let a = super::s3::model();
        let b = super::s3::model();
        assert!(std::ptr::eq(a.definition(), b.definition()));
        assert!(super::s3::model().waiter("BucketExists").is_some());
        assert!(super::s3::RESOURCES.is_some());
    }
}
