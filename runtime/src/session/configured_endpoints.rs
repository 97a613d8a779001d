//! Endpoints configured outside the program, in botocore's order (its
//! `ConfiguredEndpointProvider`), consulted only when the client has no explicit
//! `endpoint_url`:
//!
//! 1. `AWS_ENDPOINT_URL_<SERVICE_ID>`: the service id upper-cased, spaces and dashes as `_`;
//! 2. `AWS_ENDPOINT_URL`;
//! 3. the `[services <name>]` section the profile names with `services = <name>`, its
//!    `<service_id_snake> =` sub-section's `endpoint_url`;
//! 4. the profile's own `endpoint_url`.
//!
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`, the profile's
//! `ignore_configured_endpoint_urls = true` or [`Config::ignore_configured_endpoint_urls`]
//! turn all four off.
//!
//! [`Config::ignore_configured_endpoint_urls`]: super::Config::ignore_configured_endpoint_urls

use std::sync::Arc;

use crate::config_file::{Env, Profile, SharedConfig};

/// The endpoint sources of a session.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConfiguredEndpoints {
    env: Arc<Env>,
    services: Option<Profile>,
    profile_endpoint: Option<String>,
}

/// Where a configured endpoint came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndpointSource {
    ServiceVariable,
    GlobalVariable,
    ServicesSection,
    Profile,
}

impl ConfiguredEndpoints {
    /// The sources in `env` and in the profile (with its `services` section from `files`).
    pub(super) fn new(env: Arc<Env>, files: &SharedConfig, profile: Option<&Profile>) -> Self {
        let services = profile
            .and_then(|p| p.get("services"))
            .map(str::trim)
            .and_then(|name| files.services(name))
            .cloned();
        let profile_endpoint = profile
            .and_then(|p| p.get("endpoint_url"))
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string);
        ConfiguredEndpoints {
            env,
            services,
            profile_endpoint,
        }
    }

    /// The configured endpoint for a service id (`S3`, `DynamoDB`, `CloudFormation`), and
    /// where it came from.
    pub(super) fn lookup(&self, service_id: &str) -> Option<(String, EndpointSource)> {
        let suffix = env_suffix(service_id);
        let found = |url: &str, source| {
            let url = url.trim();
            (!url.is_empty()).then(|| (url.to_string(), source))
        };
        self.env
            .get(&format!("AWS_ENDPOINT_URL_{suffix}"))
            .and_then(|u| found(u, EndpointSource::ServiceVariable))
            .or_else(|| {
                self.env
                    .get("AWS_ENDPOINT_URL")
                    .and_then(|u| found(u, EndpointSource::GlobalVariable))
            })
            .or_else(|| {
                let section = self.services.as_ref()?;
                let url = section.nested_get(&suffix.to_ascii_lowercase(), "endpoint_url")?;
                found(url, EndpointSource::ServicesSection)
            })
            .or_else(|| {
                self.profile_endpoint
                    .as_deref()
                    .and_then(|u| found(u, EndpointSource::Profile))
            })
    }
}

/// A service id as botocore spells it in variable names: upper-cased, spaces and dashes
/// become `_`.
pub(crate) fn env_suffix(service_id: &str) -> String {
    service_id
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "[default]\nservices = local\nendpoint_url = http://profile:1\n\
        [services local]\ndynamodb =\n  endpoint_url = http://section-ddb:2\n\
        elastic_load_balancing_v2 =\n  endpoint_url = http://section-elb:3\n\
        [profile bare]\nregion = eu-west-1\n";

    fn endpoints(env: Env, profile: &str) -> ConfiguredEndpoints {
        let files = SharedConfig::from_texts(Some(FILE), None).unwrap();
        ConfiguredEndpoints::new(Arc::new(env), &files, files.profile(profile))
    }

    #[test]
    fn service_variable_comes_first() {
        let e = endpoints(
            Env::new()
                .with("AWS_ENDPOINT_URL_DYNAMODB", "http://svc-var:9")
                .with("AWS_ENDPOINT_URL", "http://global:8"),
            "default",
        );
        assert_eq!(
            e.lookup("DynamoDB"),
            Some(("http://svc-var:9".into(), EndpointSource::ServiceVariable))
        );
    }

    #[test]
    fn global_variable_beats_the_files() {
        let e = endpoints(
            Env::new().with("AWS_ENDPOINT_URL", "http://global:8"),
            "default",
        );
        assert_eq!(
            e.lookup("DynamoDB"),
            Some(("http://global:8".into(), EndpointSource::GlobalVariable))
        );
    }

    #[test]
    fn services_section_beats_the_profile_endpoint() {
        let e = endpoints(Env::new(), "default");
        assert_eq!(
            e.lookup("DynamoDB"),
            Some((
                "http://section-ddb:2".into(),
                EndpointSource::ServicesSection
            ))
        );
        assert_eq!(
            e.lookup("Elastic Load Balancing v2"),
            Some((
                "http://section-elb:3".into(),
                EndpointSource::ServicesSection
            ))
        );
    }

    #[test]
    fn profile_endpoint_is_last() {
        let e = endpoints(Env::new().with("AWS_ENDPOINT_URL_SQS", ""), "default");
        assert_eq!(
            e.lookup("SQS"),
            Some(("http://profile:1".into(), EndpointSource::Profile))
        );
        assert_eq!(endpoints(Env::new(), "bare").lookup("SQS"), None);
    }

    #[test]
    fn service_ids_become_variable_suffixes() {
        assert_eq!(env_suffix("CloudFormation"), "CLOUDFORMATION");
        assert_eq!(
            env_suffix("Elastic Load Balancing v2"),
            "ELASTIC_LOAD_BALANCING_V2"
        );
        assert_eq!(env_suffix("S3"), "S3");
    }
}
