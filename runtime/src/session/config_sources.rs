//! Filling a [`Config`] from the environment and the profile, for what the program did not
//! set, in botocore's order: the program's value, then the `AWS_*` variable, then the
//! profile key (and the profile's nested `s3 =` section for S3 settings).
//!
//! | setting | variable | profile key |
//! |---|---|---|
//! | `max_attempts` | `AWS_MAX_ATTEMPTS` | `max_attempts` |
//! | `retry_mode` | `AWS_RETRY_MODE` | `retry_mode` |
//! | `request_checksum_calculation` | `AWS_REQUEST_CHECKSUM_CALCULATION` | `request_checksum_calculation` |
//! | `response_checksum_validation` | `AWS_RESPONSE_CHECKSUM_VALIDATION` | `response_checksum_validation` |
//! | `use_fips_endpoint` | `AWS_USE_FIPS_ENDPOINT` | `use_fips_endpoint` |
//! | `use_dualstack_endpoint` | `AWS_USE_DUALSTACK_ENDPOINT` | `use_dualstack_endpoint` |
//! | `user_agent_appid` | `AWS_SDK_UA_APP_ID` | `sdk_ua_app_id` |
//! | `ignore_configured_endpoint_urls` | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` | `ignore_configured_endpoint_urls` |
//! | `request_min_compression_size_bytes` | `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` | `request_min_compression_size_bytes` |
//! | `disable_request_compression` | `AWS_DISABLE_REQUEST_COMPRESSION` | `disable_request_compression` |
//! | `endpoint_discovery_enabled` | `AWS_ENDPOINT_DISCOVERY_ENABLED` | `endpoint_discovery_enabled` |
//! | `auth_scheme_preference` | `AWS_AUTH_SCHEME_PREFERENCE` | `auth_scheme_preference` |
//! | `sigv4a_signing_region_set` | `AWS_SIGV4A_SIGNING_REGION_SET` | `sigv4a_signing_region_set` |
//! | `addressing_style` | — | `s3 =` → `addressing_style` |
//! | `tcp_keepalive` | — | `tcp_keepalive` |

use super::Config;
use crate::config_file::{Env, Profile};
use crate::error::Error;

/// The largest `request_min_compression_size_bytes` botocore accepts (10 MiB).
const MAX_MIN_COMPRESSION_SIZE: u32 = 10 * 1024 * 1024;

/// One setting's value from the variable, else from the profile key; empty means unset.
fn lookup<'a>(
    env: &'a Env,
    profile: Option<&'a Profile>,
    var: &str,
    key: &str,
) -> Option<(&'a str, String)> {
    if let Some(v) = env.get_non_empty(var) {
        return Some((v.trim(), var.to_string()));
    }
    from_profile(profile, key)
}

/// A setting only the profile holds (no variable names it); empty means unset.
fn from_profile<'a>(profile: Option<&'a Profile>, key: &str) -> Option<(&'a str, String)> {
    let value = profile?.get(key)?.trim();
    (!value.is_empty()).then(|| (value, format!("profile key {key}")))
}

/// A parse result, its error prefixed with where the value came from.
fn named<T>(result: Result<T, Error>, source: &str) -> Result<T, Error> {
    result.map_err(|e| Error::model(format!("{source}: {e}")))
}

fn parse_bool(value: &str, source: &str) -> Result<bool, Error> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Error::model(format!(
            "{source} must be true or false, not {value:?}"
        ))),
    }
}

/// Fills the fields of `config` that the program left unset.
pub(crate) fn apply(
    config: &mut Config,
    env: &Env,
    profile: Option<&Profile>,
) -> Result<(), Error> {
    let get = |var: &str, key: &str| lookup(env, profile, var, key);
    if config.max_attempts.is_none() {
        if let Some((v, source)) = get("AWS_MAX_ATTEMPTS", "max_attempts") {
            let n = v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                Error::model(format!("{source} must be a positive integer, not {v:?}"))
            })?;
            config.max_attempts = Some(n);
        }
    }
    if config.retry_mode.is_none() {
        if let Some((v, source)) = get("AWS_RETRY_MODE", "retry_mode") {
            config.retry_mode = Some(named(v.parse(), &source)?);
        }
    }
    if !config.explicit.request_checksum_calculation {
        if let Some((v, source)) = get(
            "AWS_REQUEST_CHECKSUM_CALCULATION",
            "request_checksum_calculation",
        ) {
            config.request_checksum_calculation = named(v.parse(), &source)?;
        }
    }
    if !config.explicit.response_checksum_validation {
        if let Some((v, source)) = get(
            "AWS_RESPONSE_CHECKSUM_VALIDATION",
            "response_checksum_validation",
        ) {
            config.response_checksum_validation = named(v.parse(), &source)?;
        }
    }
    if !config.explicit.use_fips_endpoint {
        if let Some((v, source)) = get("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint") {
            config.use_fips_endpoint = parse_bool(v, &source)?;
        }
    }
    if !config.explicit.use_dualstack_endpoint {
        if let Some((v, source)) = get("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint") {
            config.use_dualstack_endpoint = parse_bool(v, &source)?;
        }
    }
    if !config.explicit.request_min_compression_size_bytes {
        if let Some((v, source)) = get(
            "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
            "request_min_compression_size_bytes",
        ) {
            config.request_min_compression_size_bytes = v
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= MAX_MIN_COMPRESSION_SIZE)
                .ok_or_else(|| {
                    Error::model(format!(
                        "{source} must be a whole number of bytes from 0 to \
                         {MAX_MIN_COMPRESSION_SIZE}, not {v:?}"
                    ))
                })?;
        }
    }
    if !config.explicit.disable_request_compression {
        if let Some((v, source)) = get(
            "AWS_DISABLE_REQUEST_COMPRESSION",
            "disable_request_compression",
        ) {
            config.disable_request_compression = parse_bool(v, &source)?;
        }
    }
    if config.user_agent_appid.is_none() {
        if let Some((v, _)) = get("AWS_SDK_UA_APP_ID", "sdk_ua_app_id") {
            config.user_agent_appid = Some(v.to_string());
        }
    }
    if config.ignore_configured_endpoint_urls.is_none() {
        if let Some((v, source)) = get(
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        ) {
            config.ignore_configured_endpoint_urls = Some(parse_bool(v, &source)?);
        }
    }
    if config.endpoint_discovery_enabled.is_none() {
        if let Some((v, source)) = get(
            "AWS_ENDPOINT_DISCOVERY_ENABLED",
            "endpoint_discovery_enabled",
        ) {
            config.endpoint_discovery_enabled = Some(named(v.parse(), &source)?);
        }
    }
    if config.auth_scheme_preference.is_none() {
        if let Some((v, _)) = get("AWS_AUTH_SCHEME_PREFERENCE", "auth_scheme_preference") {
            config.auth_scheme_preference = Some(super::config::normalized_list(v));
        }
    }
    if config.sigv4a_signing_region_set.is_none() {
        if let Some((v, _)) = get("AWS_SIGV4A_SIGNING_REGION_SET", "sigv4a_signing_region_set") {
            config.sigv4a_signing_region_set = Some(super::config::normalized_list(v));
        }
    }
    if config.tcp_keepalive.is_none() {
        if let Some((v, source)) = from_profile(profile, "tcp_keepalive") {
            config.tcp_keepalive = Some(parse_bool(v, &source)?);
        }
    }
    if let Some(profile) = profile {
        crate::customizations::apply_profile_sections(config, profile)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config_file::SharedConfig;
    use crate::session::{AddressingStyle, ChecksumCalculation, RetryMode};

    fn profile(text: &str) -> SharedConfig {
        SharedConfig::from_texts(Some(text), None).unwrap()
    }

    #[test]
    fn auth_scheme_settings_come_from_the_variable_then_the_profile() {
        let files = profile(
            "[default]\nauth_scheme_preference = sigv4, httpBearerAuth\n\
             sigv4a_signing_region_set = us-east-1\n",
        );
        let env = Env::new().with("AWS_SIGV4A_SIGNING_REGION_SET", "us-west-2, eu-west-1");
        let mut config = Config::default();
        apply(&mut config, &env, files.profile("default")).unwrap();
        assert_eq!(
            config.auth_scheme_preference.as_deref(),
            Some("sigv4,httpBearerAuth")
        );
        assert_eq!(
            config.sigv4a_signing_region_set.as_deref(),
            Some("us-west-2,eu-west-1")
        );
        let mut explicit = Config::builder().auth_scheme_preference("sigv4a").build();
        apply(&mut explicit, &env, files.profile("default")).unwrap();
        assert_eq!(explicit.auth_scheme_preference.as_deref(), Some("sigv4a"));
    }

    #[test]
    fn environment_then_profile_fill_unset_fields() {
        let files = profile(
            "[default]\nretry_mode = adaptive\nmax_attempts = 9\n\
             response_checksum_validation = when_required\nsdk_ua_app_id = shop\n\
             s3 =\n  addressing_style = path\n",
        );
        let env = Env::new()
            .with("AWS_MAX_ATTEMPTS", "6")
            .with("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED")
            .with("AWS_USE_FIPS_ENDPOINT", "true");
        let mut config = Config::default();
        apply(&mut config, &env, files.profile("default")).unwrap();
        assert_eq!(
            config.max_attempts,
            Some(6),
            "the variable wins over the profile"
        );
        assert_eq!(config.retry_mode(), RetryMode::Adaptive);
        assert_eq!(
            config.request_checksum_calculation,
            ChecksumCalculation::WhenRequired
        );
        assert_eq!(
            config.response_checksum_validation,
            ChecksumCalculation::WhenRequired
        );
        assert_eq!(config.addressing_style, AddressingStyle::Path);
        assert!(config.use_fips_endpoint);
        assert_eq!(config.user_agent_appid.as_deref(), Some("shop"));
        assert!(config.user_agent().contains(" app/shop"));
        assert!(config.user_agent().contains("cfg/retry-mode#adaptive"));
    }

    #[test]
    fn program_settings_are_kept() {
        let files = profile("[default]\nretry_mode = legacy\ns3 =\n  addressing_style = path\n");
        let env = Env::new()
            .with("AWS_RETRY_MODE", "adaptive")
            .with("AWS_MAX_ATTEMPTS", "6")
            .with("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
        let mut config = Config::builder()
            .retry_mode(RetryMode::Standard)
            .max_attempts(2)
            .addressing_style(AddressingStyle::Virtual)
            .response_checksum_validation(ChecksumCalculation::WhenSupported)
            .build();
        apply(&mut config, &env, files.profile("default")).unwrap();
        assert_eq!(config.retry_mode(), RetryMode::Standard);
        assert_eq!(config.max_attempts, Some(2));
        assert_eq!(config.addressing_style, AddressingStyle::Virtual);
        assert_eq!(
            config.response_checksum_validation,
            ChecksumCalculation::WhenSupported
        );
    }

    #[test]
    fn endpoint_discovery_comes_from_the_program_the_variable_then_the_profile() {
        use crate::session::EndpointDiscoveryMode;
        let files = profile("[default]\nendpoint_discovery_enabled = false\n");
        let from_profile = |env: &Env, config: Config| {
            let mut config = config;
            apply(&mut config, env, files.profile("default")).map(|()| config)
        };
        let unset = Config::default();
        let profile_only = from_profile(&Env::new(), unset.clone()).unwrap();
        assert_eq!(
            profile_only.endpoint_discovery_enabled,
            Some(EndpointDiscoveryMode::Disabled)
        );
        let env = Env::new().with("AWS_ENDPOINT_DISCOVERY_ENABLED", " TRUE ");
        let variable = from_profile(&env, unset.clone()).unwrap();
        assert_eq!(
            variable.endpoint_discovery_enabled,
            Some(EndpointDiscoveryMode::Enabled)
        );
        let program = Config::builder()
            .endpoint_discovery_enabled(EndpointDiscoveryMode::Auto)
            .build();
        let kept = from_profile(&env, program).unwrap();
        assert_eq!(
            kept.endpoint_discovery_enabled,
            Some(EndpointDiscoveryMode::Auto)
        );
        let env = Env::new().with("AWS_ENDPOINT_DISCOVERY_ENABLED", "sometimes");
        let err = from_profile(&env, unset).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("AWS_ENDPOINT_DISCOVERY_ENABLED"), "{text}");
        assert!(text.contains("true, false or auto"), "{text}");
    }

    #[test]
    fn bad_values_name_their_source() {
        let env = Env::new().with("AWS_RETRY_MODE", "turbo");
        let err = apply(&mut Config::default(), &env, None).unwrap_err();
        assert!(err.to_string().contains("AWS_RETRY_MODE"), "{err}");
        let files = profile("[default]\nmax_attempts = 0\n");
        let err = apply(
            &mut Config::default(),
            &Env::new(),
            files.profile("default"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("max_attempts"), "{err}");
    }

    #[test]
    fn tcp_keepalive_comes_from_the_profile_unless_the_program_set_it() {
        let files = profile("[default]\ntcp_keepalive = true\n");
        let mut config = Config::default();
        apply(&mut config, &Env::new(), files.profile("default")).unwrap();
        assert_eq!(config.tcp_keepalive, Some(true));

        let mut kept = Config::builder().tcp_keepalive(false).build();
        apply(&mut kept, &Env::new(), files.profile("default")).unwrap();
        assert_eq!(kept.tcp_keepalive, Some(false));

        let mut unset = Config::default();
        apply(&mut unset, &Env::new(), None).unwrap();
        assert_eq!(unset.tcp_keepalive, None);

        let bad = profile("[default]\ntcp_keepalive = often\n");
        let err = apply(&mut Config::default(), &Env::new(), bad.profile("default")).unwrap_err();
        assert!(err.to_string().contains("tcp_keepalive"), "{err}");
    }

    #[test]
    fn compression_settings_come_from_the_environment_and_profile() {
        let files = profile("[default]\nrequest_min_compression_size_bytes = 100\n");
        let env = Env::new().with("AWS_DISABLE_REQUEST_COMPRESSION", "true");
        let mut config = Config::default();
        apply(&mut config, &env, files.profile("default")).unwrap();
        assert_eq!(config.request_min_compression_size_bytes, 100);
        assert!(config.disable_request_compression);

        let mut kept = Config::builder()
            .request_min_compression_size_bytes(5)
            .disable_request_compression(false)
            .build();
        apply(&mut kept, &env, files.profile("default")).unwrap();
        assert_eq!(kept.request_min_compression_size_bytes, 5);
        assert!(!kept.disable_request_compression);

        let too_big = Env::new().with("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485761");
        let err = apply(&mut Config::default(), &too_big, None).unwrap_err();
        assert!(
            err.to_string()
                .contains("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES"),
            "{err}"
        );
    }
}
