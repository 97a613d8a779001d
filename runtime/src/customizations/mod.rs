//! What botocore does differently for some services, registered for them: the only place in
//! the core that knows services by name.
//!
//! Each service's behaviour is a [`Customization`]: hooks its clients run at the points of a
//! call (see [`crate::hooks`]), its retry rules, and how it sets up endpoint resolution. The
//! pipeline asks for a service's customization when it makes a client and never names a
//! service itself.

mod apigateway;
mod autoscaling;
mod bearer_env;
mod cloudformation;
mod cloudsearchdomain;
mod common;
pub mod db_auth;
mod dynamodb;
mod ec2;
mod glacier;
mod iam;
mod machinelearning;
mod polly;
mod rds;
mod route53;
mod s3;
mod s3control;
mod sso_oidc;

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::Value;

use crate::client::Client;
use crate::config_file::Profile;
use crate::endpoint::BuiltIns;
use crate::error::Error;
use crate::hooks::Hook;
use crate::model::Operation;
use crate::session::{Config, Credentials};

pub(crate) use bearer_env::prefers_environment_token;
pub use iam::DECODED_JSON_SHAPES;

/// How one service differs from the generic pipeline.
pub(crate) struct Customization {
    /// The hooks a new client runs, first of all; fresh for each client, so they may keep
    /// state (S3's bucket regions).
    pub hooks: fn() -> Vec<Arc<dyn Hook>>,
    /// The retry rules.
    pub retry: RetryRules,
    /// Sets the service's endpoint built-ins.
    pub endpoint_builtins: fn(&mut BuiltIns, &EndpointInputs<'_>),
    /// The region the endpoint rules get when the client has none.
    pub default_region: Option<&'static str>,
    /// The operation as the client sends it, when it differs from the model's.
    pub adjust_operation: fn(&Operation) -> Option<Operation>,
    /// Makes the credentials of requests whose endpoint asks for a session's (S3 Express
    /// directory buckets); fresh for each client, so it may keep the sessions.
    pub session_credentials: fn() -> Option<Arc<dyn SessionCredentials>>,
}

/// Credentials made for one call from the client's own, with the client's help: S3
/// Express's session credentials, which `CreateSession` gives for a bucket.
pub(crate) trait SessionCredentials: Send + Sync {
    /// The credentials to sign a call with `params` with, made from `base`, the client's.
    fn credentials<'a>(
        &'a self,
        client: &'a Client,
        params: &'a Value,
        base: Credentials,
    ) -> BoxFuture<'a, Result<Credentials, Error>>;
}

/// What endpoint built-ins are set from.
pub(crate) struct EndpointInputs<'a> {
    /// The client's region.
    pub region: Option<&'a str>,
    /// Whether the client was given an endpoint URL.
    pub custom_endpoint: bool,
    /// The client's configuration.
    pub config: &'a Config,
}

/// A service's retry rules, as botocore's retry tables and retry handlers give them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryRules {
    /// Legacy mode: `(error code, HTTP status)` pairs retried besides the general ones.
    pub legacy_codes: &'static [(&'static str, u16)],
    /// Legacy mode: attempts per call.
    pub legacy_attempts: u32,
    /// Legacy mode: the first delay, doubled at each retry; random in `[0, 1)` s if `None`.
    pub legacy_base: Option<Duration>,
    /// Standard and adaptive modes: attempts per call.
    pub standard_attempts: u32,
    /// Standard and adaptive modes: the backoff base of transient errors.
    pub transient_base: Duration,
    /// Standard and adaptive modes: error codes retried as transient besides the general
    /// ones.
    pub transient_codes: &'static [&'static str],
    /// Operations that wait on the server for data: when the retry quota is spent they still
    /// pause for one backoff before giving up, so a polling loop does not spin.
    pub long_polling: &'static [&'static str],
}

impl RetryRules {
    /// botocore's rules for a service without retry customizations.
    pub(crate) const DEFAULT: RetryRules = RetryRules {
        legacy_codes: &[],
        legacy_attempts: 5,
        legacy_base: None,
        standard_attempts: 3,
        transient_base: Duration::from_millis(50),
        transient_codes: &[],
        long_polling: &[],
    };
}

/// The generic pipeline: no hooks, default rules.
const GENERIC: Customization = Customization {
    hooks: Vec::new,
    retry: RetryRules::DEFAULT,
    endpoint_builtins: |_, _| {},
    default_region: None,
    adjust_operation: |_| None,
    session_credentials: || None,
};

/// Every customized service, by its botocore name.
static SERVICES: &[(&str, Customization)] = &[
    (
        "apigateway",
        Customization {
            hooks: apigateway::hooks,
            ..GENERIC
        },
    ),
    (
        "autoscaling",
        Customization {
            hooks: autoscaling::hooks,
            ..GENERIC
        },
    ),
    (
        "cloudformation",
        Customization {
            hooks: cloudformation::hooks,
            ..GENERIC
        },
    ),
    (
        "cloudsearch",
        Customization {
            retry: RetryRules {
                legacy_codes: &[("BandwidthLimitExceeded", 509)],
                ..RetryRules::DEFAULT
            },
            ..GENERIC
        },
    ),
    (
        "cloudsearchdomain",
        Customization {
            hooks: cloudsearchdomain::hooks,
            ..GENERIC
        },
    ),
    (
        "docdb",
        Customization {
            hooks: rds::cluster_hooks,
            ..GENERIC
        },
    ),
    (
        "dynamodb",
        Customization {
            hooks: dynamodb::hooks,
            retry: dynamodb::RETRY,
            ..GENERIC
        },
    ),
    (
        "dynamodbstreams",
        Customization {
            retry: dynamodb::STREAMS_RETRY,
            ..GENERIC
        },
    ),
    (
        "ec2",
        Customization {
            hooks: ec2::hooks,
            retry: RetryRules {
                legacy_codes: &[
                    ("RequestLimitExceeded", 503),
                    ("EC2ThrottledException", 503),
                ],
                ..RetryRules::DEFAULT
            },
            ..GENERIC
        },
    ),
    (
        "glacier",
        Customization {
            hooks: glacier::hooks,
            retry: RetryRules {
                legacy_codes: &[("RequestTimeoutException", 408)],
                ..RetryRules::DEFAULT
            },
            ..GENERIC
        },
    ),
    (
        "iam",
        Customization {
            hooks: iam::hooks,
            ..GENERIC
        },
    ),
    (
        "kinesis",
        Customization {
            retry: RetryRules {
                legacy_codes: &[("LimitExceededException", 400)],
                ..RetryRules::DEFAULT
            },
            ..GENERIC
        },
    ),
    (
        "machinelearning",
        Customization {
            hooks: machinelearning::hooks,
            ..GENERIC
        },
    ),
    (
        "neptune",
        Customization {
            hooks: rds::cluster_hooks,
            ..GENERIC
        },
    ),
    (
        "organizations",
        Customization {
            retry: RetryRules {
                legacy_codes: &[("TooManyRequestsException", 400)],
                ..RetryRules::DEFAULT
            },
            ..GENERIC
        },
    ),
    (
        "polly",
        Customization {
            hooks: polly::hooks,
            ..GENERIC
        },
    ),
    (
        "rds",
        Customization {
            hooks: rds::rds_hooks,
            ..GENERIC
        },
    ),
    (
        "route53",
        Customization {
            hooks: route53::hooks,
            retry: RetryRules {
                legacy_codes: &[("Throttling", 400), ("PriorRequestNotComplete", 400)],
                ..RetryRules::DEFAULT
            },
            ..GENERIC
        },
    ),
    (
        "s3",
        Customization {
            hooks: s3::hooks,
            retry: RetryRules {
                legacy_codes: &[("RequestTimeout", 400), ("BadDigest", 400)],
                ..RetryRules::DEFAULT
            },
            endpoint_builtins: s3::endpoint_builtins,
            default_region: Some("us-east-1"),
            adjust_operation: s3::without_bucket,
            session_credentials: s3::session_credentials,
        },
    ),
    (
        "s3control",
        Customization {
            hooks: s3control::hooks,
            adjust_operation: s3control::without_account_prefix,
            ..GENERIC
        },
    ),
    (
        "sqs",
        Customization {
            retry: RetryRules {
                legacy_codes: &[("RequestThrottled", 403)],
                long_polling: &["ReceiveMessage"],
                ..RetryRules::DEFAULT
            },
            ..GENERIC
        },
    ),
    (
        "sso-oidc",
        Customization {
            hooks: sso_oidc::hooks,
            ..GENERIC
        },
    ),
    (
        "sts",
        Customization {
            retry: RetryRules {
                legacy_codes: &[("IDPCommunicationError", 400)],
                transient_codes: &["IDPCommunicationError"],
                ..RetryRules::DEFAULT
            },
            endpoint_builtins: |builtins, _| builtins.use_global_endpoint = Some(false),
            ..GENERIC
        },
    ),
];

/// The hooks a new client of `service` runs before the program's: those botocore runs for
/// every service, then the service's own.
pub(crate) fn client_hooks(service: &str, customization: &Customization) -> Vec<Arc<dyn Hook>> {
    let mut hooks = common::hooks(service);
    hooks.extend((customization.hooks)());
    hooks
}

/// The customization of `service` (its botocore name); the generic pipeline's for a service
/// botocore does not customize.
pub(crate) fn of(service: &str) -> &'static Customization {
    SERVICES
        .iter()
        .find(|(name, _)| *name == service)
        .map_or(&GENERIC, |(_, customization)| customization)
}

/// Reads the settings of services' own sections of a config-file profile (`s3 =` with its
/// nested `addressing_style`) into `config`, unless the program set them.
pub(crate) fn apply_profile_sections(config: &mut Config, profile: &Profile) -> Result<(), Error> {
    s3::apply_profile_section(config, profile)
}

/// The retry rules of `service`.
pub(crate) fn retry_rules(service: &str) -> &'static RetryRules {
    &of(service).retry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_are_listed_once_in_order() {
        let names: Vec<&str> = SERVICES.iter().map(|(name, _)| *name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    /// The installed botocore of the pin, which `scripts/emulator start` puts in `.venv`.
    fn botocore_data(file: &str) -> std::path::PathBuf {
        let lib = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/lib");
        let python = std::fs::read_dir(&lib)
            .unwrap_or_else(|e| panic!("no {}: {e}", lib.display()))
            .flatten()
            .find(|entry| entry.file_name().to_string_lossy().starts_with("python"))
            .expect("a python folder in .venv/lib");
        python.path().join("site-packages/botocore/data").join(file)
    }

    #[test]
    #[ignore = "needs the pinned botocore in .venv: scripts/test runs it"]
    fn legacy_retry_rules_are_botocores() {
        let text = std::fs::read_to_string(botocore_data("_retry.json")).unwrap();
        let retry: serde_json::Value = serde_json::from_str(&text).unwrap();
        let services = retry["retry"].as_object().unwrap();
        for (service, table) in services.iter().filter(|(name, _)| *name != "__default__") {
            let default = &table["__default__"];
            let mut codes: Vec<(String, u16)> = default["policies"]
                .as_object()
                .unwrap()
                .values()
                .filter_map(|policy| {
                    let response = &policy["applies_when"]["response"];
                    Some((
                        response["service_error_code"].as_str()?.to_string(),
                        u16::try_from(response["http_status_code"].as_u64()?).ok()?,
                    ))
                })
                .collect();
            codes.sort();
            let rules = retry_rules(service);
            let mut ours: Vec<(String, u16)> = rules
                .legacy_codes
                .iter()
                .map(|(code, status)| (code.to_string(), *status))
                .collect();
            ours.sort();
            assert_eq!(ours, codes, "{service}: legacy retry codes");
            let attempts = default["max_attempts"].as_u64().unwrap_or(5);
            assert_eq!(u64::from(rules.legacy_attempts), attempts, "{service}");
            let base = default["delay"]["base"].as_f64();
            assert_eq!(
                rules.legacy_base.map(|b| b.as_secs_f64()),
                base,
                "{service}"
            );
        }
    }

    #[test]
    fn an_unknown_service_gets_the_generic_pipeline() {
        let generic = of("no-such-service");
        assert!((generic.hooks)().is_empty());
        assert_eq!(generic.retry.standard_attempts, 3);
        assert_eq!(of("dynamodb").retry.standard_attempts, 4);
        assert_eq!(of("dynamodbstreams").retry.legacy_attempts, 5);
    }
}
