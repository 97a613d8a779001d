//! Settings read from `AWS_*` environment variables.

use std::collections::HashMap;

use super::credentials::Credentials;
use crate::error::Error;

const SERVICE_ENDPOINT_PREFIX: &str = "AWS_ENDPOINT_URL_";

/// What the environment says about credentials, region and endpoints.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct EnvSettings {
    pub credentials: Option<Credentials>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// `AWS_ENDPOINT_URL_<SERVICE_ID>` values, keyed by the variable's suffix.
    pub service_endpoints: HashMap<String, String>,
    pub max_attempts: Option<u32>,
}

impl EnvSettings {
    /// Reads the settings from `(name, value)` pairs, normally `std::env::vars()`.
    ///
    /// Empty values count as unset. The region comes from `AWS_DEFAULT_REGION` (botocore's
    /// variable) and then `AWS_REGION` (the other SDKs'). Configured endpoints are skipped
    /// when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`.
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, Error> {
        let vars: HashMap<String, String> = vars
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        let get = |name: &str| vars.get(name).map(|v| v.trim().to_string());

        let credentials = match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            (Some(key), Some(secret)) => {
                let token = get("AWS_SESSION_TOKEN").or_else(|| get("AWS_SECURITY_TOKEN"));
                Some(Credentials::new(key, secret, token))
            }
            (Some(_), None) => {
                return Err(Error::credentials(
                    "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
                ))
            }
            (None, Some(_)) => {
                return Err(Error::credentials(
                    "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
                ))
            }
            (None, None) => None,
        };

        let ignore_endpoints = get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let (endpoint_url, service_endpoints) = if ignore_endpoints {
            (None, HashMap::new())
        } else {
            let services = vars
                .iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix(SERVICE_ENDPOINT_PREFIX)
                        .map(|id| (id.to_string(), v.trim().to_string()))
                })
                .collect();
            (get("AWS_ENDPOINT_URL"), services)
        };

        let max_attempts = match get("AWS_MAX_ATTEMPTS") {
            Some(v) => Some(v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                Error::model(format!(
                    "AWS_MAX_ATTEMPTS must be a positive integer, not {v:?}"
                ))
            })?),
            None => None,
        };

        Ok(EnvSettings {
            credentials,
            region: get("AWS_DEFAULT_REGION").or_else(|| get("AWS_REGION")),
            endpoint_url,
            service_endpoints,
            max_attempts,
        })
    }

    /// The configured endpoint for a service: `AWS_ENDPOINT_URL_<SERVICE_ID>` first, then
    /// `AWS_ENDPOINT_URL`.
    pub fn endpoint_for(&self, service_id: &str) -> Option<&str> {
        self.service_endpoints
            .get(&service_env_suffix(service_id))
            .or(self.endpoint_url.as_ref())
            .map(String::as_str)
    }
}

/// The variable suffix of a service id: upper-cased, spaces and dashes become `_`.
pub(crate) fn service_env_suffix(service_id: &str) -> String {
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

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_credentials_region_and_endpoints() {
        let env = EnvSettings::from_vars(vars(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
            ("AWS_ENDPOINT_URL", "http://localhost:5000"),
            ("AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000"),
            ("AWS_MAX_ATTEMPTS", "5"),
        ]))
        .unwrap();
        let creds = env.credentials.as_ref().unwrap();
        assert_eq!(creds.access_key_id(), "AKID");
        assert_eq!(creds.secret_access_key(), "SECRET");
        assert_eq!(creds.session_token(), Some("TOKEN"));
        assert_eq!(env.region.as_deref(), Some("us-west-2"));
        assert_eq!(env.endpoint_for("DynamoDB"), Some("http://localhost:8000"));
        assert_eq!(env.endpoint_for("S3"), Some("http://localhost:5000"));
        assert_eq!(env.max_attempts, Some(5));
    }

    #[test]
    fn aws_region_is_the_fallback_and_empty_values_are_unset() {
        let env = EnvSettings::from_vars(vars(&[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", ""),
        ]))
        .unwrap();
        assert_eq!(env.region.as_deref(), Some("eu-west-1"));
        assert!(env.credentials.is_none());
        assert_eq!(env.endpoint_for("S3"), None);
    }

    #[test]
    fn partial_credentials_are_an_error_without_the_secret() {
        let err = EnvSettings::from_vars(vars(&[("AWS_ACCESS_KEY_ID", "AKID")])).unwrap_err();
        assert!(err.is_credentials());
        let err =
            EnvSettings::from_vars(vars(&[("AWS_SECRET_ACCESS_KEY", "s3cr3t-value")])).unwrap_err();
        assert!(!err.to_string().contains("s3cr3t-value"));
    }

    #[test]
    fn configured_endpoints_can_be_ignored() {
        let env = EnvSettings::from_vars(vars(&[
            ("AWS_ENDPOINT_URL", "http://localhost:5000"),
            ("AWS_ENDPOINT_URL_S3", "http://localhost:9000"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ]))
        .unwrap();
        assert_eq!(env.endpoint_for("S3"), None);
    }

    #[test]
    fn service_ids_become_variable_suffixes() {
        assert_eq!(service_env_suffix("CloudFormation"), "CLOUDFORMATION");
        assert_eq!(
            service_env_suffix("Elastic Load Balancing v2"),
            "ELASTIC_LOAD_BALANCING_V2"
        );
        assert_eq!(service_env_suffix("S3"), "S3");
    }
}
