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
//! The model files are botocore's and boto3's (version 1.44.5), Apache-2.0; see `NOTICE`.
#![warn(missing_docs)]

/// `models/partitions.json`: the AWS partitions (regions, DNS suffixes) the endpoint rules
/// refer to.
pub const PARTITIONS: &str = include_str!("../models/partitions.json");

macro_rules! model_file {
    ($module:ident, $version:literal, $file:literal) => {
        include_str!(concat!(
            "../models/",
            stringify!($module),
            "/",
            $version,
            "/",
            $file
        ))
    };
}

macro_rules! optional_file {
    (yes, $module:ident, $version:literal, $file:literal) => {
        Some(model_file!($module, $version, $file))
    };
    (no, $module:ident, $version:literal, $file:literal) => {
        None
    };
}

macro_rules! service {
    (
        $(#[$doc:meta])*
        $module:ident, $feature:literal, $version:literal,
        waiters: $waiters:ident, resources: $resources:ident
    ) => {
        $(#[$doc])*
        #[cfg(feature = $feature)]
        pub mod $module {
            use std::sync::LazyLock;

            use rboto_runtime::model::{ModelSource, ServiceModel};

            /// The API version of the embedded model.
            pub const API_VERSION: &str = $version;

            /// The embedded model files: service definition, paginators, waiters and
            /// endpoint rule set.
            pub const MODEL: ModelSource = ModelSource::new(
                stringify!($module),
                model_file!($module, $version, "service-2.json"),
                Some(model_file!($module, $version, "paginators-1.json")),
                optional_file!($waiters, $module, $version, "waiters-2.json"),
                Some(model_file!($module, $version, "endpoint-rule-set-1.json")),
            );

            /// boto3's resource definition (`resources-1.json`), when the service has one.
            pub const RESOURCES: Option<&str> =
                optional_file!($resources, $module, $version, "resources-1.json");

            static PARSED: LazyLock<ServiceModel> = LazyLock::new(|| {
                ServiceModel::from_source(&MODEL)
                    .unwrap_or_else(|e| panic!("the embedded model does not parse: {e}"))
            });

            /// The parsed model: parsed on the first call, shared (cheaply cloned) after.
            pub fn model() -> ServiceModel {
                PARSED.clone()
            }
        }
    };
}

service!(
    /// AWS CloudFormation.
    cloudformation, "cloudformation", "2010-05-15", waiters: yes, resources: yes
);
service!(
    /// Amazon CloudWatch.
    cloudwatch, "cloudwatch", "2010-08-01", waiters: yes, resources: yes
);
service!(
    /// Amazon DynamoDB.
    dynamodb, "dynamodb", "2012-08-10", waiters: yes, resources: yes
);
service!(
    /// Amazon EC2.
    ec2, "ec2", "2016-11-15", waiters: yes, resources: yes
);
service!(
    /// Amazon S3 Glacier.
    glacier, "glacier", "2012-06-01", waiters: yes, resources: yes
);
service!(
    /// AWS Identity and Access Management.
    iam, "iam", "2010-05-08", waiters: yes, resources: yes
);
service!(
    /// Amazon S3.
    s3, "s3", "2006-03-01", waiters: yes, resources: yes
);
service!(
    /// Amazon SNS.
    sns, "sns", "2010-03-31", waiters: no, resources: yes
);
service!(
    /// Amazon SQS.
    sqs, "sqs", "2012-11-05", waiters: no, resources: yes
);
service!(
    /// AWS STS.
    sts, "sts", "2011-06-15", waiters: no, resources: no
);

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
