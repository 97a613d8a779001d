//! Client configuration: timeouts, connection pool, retries, S3 addressing, checksums,
//! user agent. Defaults are botocore's; [`Session::builder`](super::Session::builder)
//! fills what the program left unset from `AWS_*` variables and the profile
//! ([`ConfigSources`](super::config_sources)).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// How failed attempts are retried (botocore's `retries={'mode': ...}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RetryMode {
    /// Exponential backoff with jitter and a retry quota; 3 attempts (4 for DynamoDB).
    #[default]
    Standard,
    /// Standard, plus a client-side rate limiter that slows down after throttling.
    Adaptive,
    /// botocore's older rules (`_retry.json`): 5 attempts (10 for DynamoDB), no quota.
    Legacy,
}

impl RetryMode {
    /// The name used in configuration (`standard`, `adaptive`, `legacy`).
    pub fn as_str(self) -> &'static str {
        match self {
            RetryMode::Standard => "standard",
            RetryMode::Adaptive => "adaptive",
            RetryMode::Legacy => "legacy",
        }
    }
}

impl fmt::Display for RetryMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RetryMode {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(RetryMode::Standard),
            "adaptive" => Ok(RetryMode::Adaptive),
            "legacy" => Ok(RetryMode::Legacy),
            other => Err(crate::Error::model(format!(
                "retry mode must be standard, adaptive or legacy, not {other:?}"
            ))),
        }
    }
}

/// Whether clients send operations to endpoints the service names through its discovery
/// operation (`DescribeEndpoints`), as botocore's `endpoint_discovery_enabled` says. A client
/// given an explicit `endpoint_url` never discovers, whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum EndpointDiscoveryMode {
    /// Only for operations that require a discovered endpoint (botocore's `auto`, the
    /// default): Timestream's, not DynamoDB's.
    #[default]
    Auto,
    /// For every operation that supports discovery (`true`).
    Enabled,
    /// Never; a call of an operation that requires discovery fails before sending
    /// (`false`).
    Disabled,
}

impl FromStr for EndpointDiscoveryMode {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(EndpointDiscoveryMode::Auto),
            "true" => Ok(EndpointDiscoveryMode::Enabled),
            "false" => Ok(EndpointDiscoveryMode::Disabled),
            other => Err(crate::Error::model(format!(
                "endpoint discovery must be true, false or auto, not {other:?}"
            ))),
        }
    }
}

impl FromStr for AddressingStyle {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(AddressingStyle::Auto),
            "path" => Ok(AddressingStyle::Path),
            "virtual" => Ok(AddressingStyle::Virtual),
            other => Err(crate::Error::model(format!(
                "S3 addressing style must be auto, path or virtual, not {other:?}"
            ))),
        }
    }
}

impl FromStr for ChecksumCalculation {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "when_supported" => Ok(ChecksumCalculation::WhenSupported),
            "when_required" => Ok(ChecksumCalculation::WhenRequired),
            other => Err(crate::Error::model(format!(
                "checksum setting must be when_supported or when_required, not {other:?}"
            ))),
        }
    }
}

/// How S3 buckets appear in request URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AddressingStyle {
    /// Virtual-hosted style where the bucket name allows it, path style otherwise.
    #[default]
    Auto,
    /// Always `https://host/bucket/key` (the `AWS::S3::ForcePathStyle` built-in).
    Path,
    /// Always `https://bucket.host/key`.
    Virtual,
}

/// When a checksum is computed (requests) or asked for and checked (responses): for every
/// operation that supports one, or only where the model requires it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ChecksumCalculation {
    /// For every operation that supports a checksum (botocore's default).
    #[default]
    WhenSupported,
    /// Only for operations that require one.
    WhenRequired,
}

/// How long a connection with [`Config::tcp_keepalive`] on may go without traffic before
/// the first probe, and the time between probes.
pub const TCP_KEEPALIVE_IDLE: Duration = Duration::from_secs(15);

/// The default of [`Config::max_response_body_bytes`]: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Unanswered keepalive probes after which a connection is dropped.
const TCP_KEEPALIVE_PROBES: u32 = 3;

/// Settings shared by the clients built from a session, like botocore's `Config`.
///
/// Build one with [`Config::builder`]; unset fields keep botocore's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// The most bytes of a response body read into memory (64 MiB): the whole body of a
    /// call whose output is not streamed, and the error body of one that is. A larger body
    /// fails the call with a response error, before more than this is held. Real responses
    /// stay far below it: from moto, a 1,000-key `ListObjectsV2` page (keys of 70 bytes) is
    /// 286,261 bytes and a 1,000-instance `DescribeInstances` page 3,123,177 bytes; the
    /// largest non-streamed payloads AWS documents (Kinesis `GetRecords`' 10 MiB, as base64
    /// in JSON about 14 MiB) fit with room to spare. A streamed success body (S3
    /// `GetObject`) is not limited: the caller reads it chunk by chunk.
    pub max_response_body_bytes: u64,
    /// Time allowed to open a connection (60 s).
    pub connect_timeout: Duration,
    /// Time a request may go without progress: nothing sent or received (60 s). Like
    /// botocore's, it bounds idleness, not the length of a transfer; the wait for the
    /// connection counts toward the first interval.
    pub read_timeout: Duration,
    /// Idle connections kept per host (10). Busy connections are not capped.
    pub max_pool_connections: usize,
    /// Send TCP keepalive probes on open connections (botocore's `tcp_keepalive`); `None`
    /// means off unless the profile's `tcp_keepalive` says true. When on, probes start after
    /// [`TCP_KEEPALIVE_IDLE`] without traffic and repeat at that interval; three unanswered
    /// ones drop the connection. (botocore leaves the timings to the operating system,
    /// whose default of two hours outlasts most NAT gateways' idle timeouts.)
    pub tcp_keepalive: Option<bool>,
    /// S3 bucket addressing.
    pub addressing_style: AddressingStyle,
    /// Attempts per call including the first; `None` means the mode's default for the
    /// service (standard and adaptive: 3, 4 for DynamoDB; legacy: 5, 10 for DynamoDB).
    /// Also read from `AWS_MAX_ATTEMPTS` and the profile's `max_attempts`.
    pub max_attempts: Option<u32>,
    /// How failures are retried; `None` means [`RetryMode::Standard`]. Also read from
    /// `AWS_RETRY_MODE` and the profile's `retry_mode`.
    pub retry_mode: Option<RetryMode>,
    /// Appended to the `User-Agent` header (botocore's `user_agent_extra`).
    pub user_agent_extra: Option<String>,
    /// An application id for the `User-Agent` header (`app/<id>`); also read from
    /// `AWS_SDK_UA_APP_ID` and the profile's `sdk_ua_app_id`.
    pub user_agent_appid: Option<String>,
    /// Use only an explicit `endpoint_url`, not the configured ones (`AWS_ENDPOINT_URL*`,
    /// `[services]`, the profile's `endpoint_url`); `None` means false unless
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's
    /// `ignore_configured_endpoint_urls` says true.
    pub ignore_configured_endpoint_urls: Option<bool>,
    /// When endpoints are discovered; `None` means [`EndpointDiscoveryMode::Auto`]. Also
    /// read from `AWS_ENDPOINT_DISCOVERY_ENABLED` and the profile's
    /// `endpoint_discovery_enabled`.
    pub endpoint_discovery_enabled: Option<EndpointDiscoveryMode>,
    /// Check parameters against the model before sending (true).
    pub parameter_validation: bool,
    /// Prepend modeled host prefixes to the endpoint host (true).
    pub inject_host_prefix: bool,
    /// Use FIPS endpoints.
    pub use_fips_endpoint: bool,
    /// Use dual-stack (IPv6) endpoints.
    pub use_dualstack_endpoint: bool,
    /// When to compute request checksums.
    pub request_checksum_calculation: ChecksumCalculation,
    /// When to ask for and check response checksums (S3 `GetObject`).
    pub response_checksum_validation: ChecksumCalculation,
    /// Send requests anonymously, unsigned and without credentials (botocore's
    /// `signature_version=UNSIGNED`), for public data such as open S3 buckets.
    pub unsigned: bool,
    /// The auth schemes to prefer where an operation or endpoint offers several, best
    /// first, comma-separated as botocore's `auth_scheme_preference`: `sigv4`, `sigv4a`,
    /// `httpBearerAuth`, `noAuth` (unknown names are ignored). Also read from
    /// `AWS_AUTH_SCHEME_PREFERENCE` and the profile's `auth_scheme_preference`.
    pub auth_scheme_preference: Option<String>,
    /// The regions a SigV4a signature covers, comma-separated (`us-east-1,us-west-2`, or
    /// `*`); `None` takes the endpoint's set, else `*`. Also read from
    /// `AWS_SIGV4A_SIGNING_REGION_SET` and the profile's `sigv4a_signing_region_set`.
    pub sigv4a_signing_region_set: Option<String>,
    /// Smallest request body, in bytes, that operations with the `requestcompression`
    /// trait send gzip-compressed (10240; botocore accepts 0 to 10485760).
    pub request_min_compression_size_bytes: u32,
    /// Never compress request bodies (false).
    pub disable_request_compression: bool,
    /// Makes the idempotency tokens filled in for parameters the caller leaves out
    /// (random v4 UUIDs by default). Set it only to get reproducible requests in tests.
    pub idempotency_token_generator: IdempotencyTokenGenerator,
    /// Which of the plain fields the program set, so the environment and profile only
    /// fill the others.
    pub(crate) explicit: ExplicitFields,
}

/// The fields without an `Option` that a [`ConfigBuilder`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ExplicitFields {
    pub addressing_style: bool,
    pub use_fips_endpoint: bool,
    pub use_dualstack_endpoint: bool,
    pub request_checksum_calculation: bool,
    pub response_checksum_validation: bool,
    pub request_min_compression_size_bytes: bool,
    pub disable_request_compression: bool,
    pub idempotency_token_generator: bool,
    pub auth_scheme_preference: bool,
}

/// Where filled-in idempotency tokens come from: a plain function, so a [`Config`] stays
/// comparable and cheap to clone.
#[derive(Clone, Copy)]
pub struct IdempotencyTokenGenerator(pub fn() -> String);

impl IdempotencyTokenGenerator {
    /// A new token.
    pub fn token(&self) -> String {
        (self.0)()
    }
}

impl Default for IdempotencyTokenGenerator {
    fn default() -> Self {
        IdempotencyTokenGenerator(|| uuid::Uuid::new_v4().to_string())
    }
}

impl PartialEq for IdempotencyTokenGenerator {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
}

impl Eq for IdempotencyTokenGenerator {}

impl std::fmt::Debug for IdempotencyTokenGenerator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdempotencyTokenGenerator")
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_response_body_bytes: DEFAULT_MAX_RESPONSE_BODY_BYTES,
            connect_timeout: Duration::from_secs(60),
            read_timeout: Duration::from_secs(60),
            max_pool_connections: 10,
            tcp_keepalive: None,
            addressing_style: AddressingStyle::Auto,
            max_attempts: None,
            retry_mode: None,
            user_agent_extra: None,
            user_agent_appid: None,
            ignore_configured_endpoint_urls: None,
            endpoint_discovery_enabled: None,
            parameter_validation: true,
            inject_host_prefix: true,
            use_fips_endpoint: false,
            use_dualstack_endpoint: false,
            request_checksum_calculation: ChecksumCalculation::WhenSupported,
            response_checksum_validation: ChecksumCalculation::WhenSupported,
            unsigned: false,
            auth_scheme_preference: None,
            sigv4a_signing_region_set: None,
            explicit: ExplicitFields::default(),
            request_min_compression_size_bytes: 10_240,
            disable_request_compression: false,
            idempotency_token_generator: IdempotencyTokenGenerator::default(),
        }
    }
}

impl Config {
    /// A builder starting from the defaults.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            config: Config::default(),
        }
    }

    /// The retry mode in effect.
    pub fn retry_mode(&self) -> RetryMode {
        self.retry_mode.unwrap_or_default()
    }

    /// Attempts per call for a service (its botocore name), applying the mode's default
    /// (the service's own, where botocore's retry rules give it one).
    pub fn attempts_for(&self, service: &str) -> u32 {
        let rules = crate::customizations::retry_rules(service);
        let default = match self.retry_mode() {
            RetryMode::Legacy => rules.legacy_attempts,
            _ => rules.standard_attempts,
        };
        self.max_attempts.unwrap_or(default).max(1)
    }

    /// The `User-Agent` header: `rboto/<version>`, then metadata in the format the AWS SDKs
    /// share (`ua/2.1 os/<os> md/arch#<arch> lang/rust cfg/retry-mode#<mode>`), the
    /// application id and `user_agent_extra`.
    pub fn user_agent(&self) -> String {
        let mut agent = format!(
            "rboto/{} ua/2.1 os/{} md/arch#{} lang/rust cfg/retry-mode#{}",
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            std::env::consts::ARCH,
            self.retry_mode()
        );
        if let Some(app) = self.user_agent_appid.as_deref().filter(|a| !a.is_empty()) {
            agent.push_str(" app/");
            agent.push_str(&app.replace(' ', "_"));
        }
        if let Some(extra) = self.user_agent_extra.as_deref().filter(|e| !e.is_empty()) {
            agent.push(' ');
            agent.push_str(extra);
        }
        agent
    }

    /// Fills the fields this configuration left unset from `base` (the session's), as
    /// botocore merges a client's `Config` over the session's settings. Timeouts and the
    /// pool size always have values and are kept.
    pub(crate) fn fill_unset_from(&mut self, base: &Config) {
        fn fill<T: Clone>(field: &mut Option<T>, base: &Option<T>) {
            if field.is_none() {
                field.clone_from(base);
            }
        }
        fill(&mut self.max_attempts, &base.max_attempts);
        fill(&mut self.retry_mode, &base.retry_mode);
        fill(&mut self.user_agent_extra, &base.user_agent_extra);
        fill(&mut self.user_agent_appid, &base.user_agent_appid);
        fill(&mut self.tcp_keepalive, &base.tcp_keepalive);
        if self.auth_scheme_preference.is_none() {
            self.auth_scheme_preference
                .clone_from(&base.auth_scheme_preference);
            self.explicit.auth_scheme_preference = base.explicit.auth_scheme_preference;
        }
        fill(
            &mut self.sigv4a_signing_region_set,
            &base.sigv4a_signing_region_set,
        );
        fill(
            &mut self.ignore_configured_endpoint_urls,
            &base.ignore_configured_endpoint_urls,
        );
        fill(
            &mut self.endpoint_discovery_enabled,
            &base.endpoint_discovery_enabled,
        );
        let explicit = self.explicit;
        if !explicit.addressing_style {
            self.addressing_style = base.addressing_style;
        }
        if !explicit.use_fips_endpoint {
            self.use_fips_endpoint = base.use_fips_endpoint;
        }
        if !explicit.use_dualstack_endpoint {
            self.use_dualstack_endpoint = base.use_dualstack_endpoint;
        }
        if !explicit.request_checksum_calculation {
            self.request_checksum_calculation = base.request_checksum_calculation;
        }
        if !explicit.response_checksum_validation {
            self.response_checksum_validation = base.response_checksum_validation;
        }
        if !explicit.request_min_compression_size_bytes {
            self.request_min_compression_size_bytes = base.request_min_compression_size_bytes;
        }
        if !explicit.disable_request_compression {
            self.disable_request_compression = base.disable_request_compression;
        }
        if !explicit.idempotency_token_generator {
            self.idempotency_token_generator = base.idempotency_token_generator;
        }
    }

    /// Whether two configurations can share one HTTP connection pool.
    pub(crate) fn same_transport(&self, other: &Config) -> bool {
        self.connect_timeout == other.connect_timeout
            && self.read_timeout == other.read_timeout
            && self.max_pool_connections == other.max_pool_connections
            && self.tcp_keepalive.unwrap_or(false) == other.tcp_keepalive.unwrap_or(false)
    }

    /// The default transport (a connection pool) for these settings.
    pub(crate) fn transport(
        &self,
    ) -> Result<std::sync::Arc<dyn crate::transport::Transport>, crate::Error> {
        let settings = crate::transport::PoolSettings {
            connect_timeout: self.connect_timeout,
            max_idle_per_host: self.max_pool_connections,
            tcp_keepalive: self
                .tcp_keepalive
                .unwrap_or(false)
                .then_some(TCP_KEEPALIVE_IDLE),
            tcp_keepalive_probes: TCP_KEEPALIVE_PROBES,
        };
        Ok(std::sync::Arc::new(
            crate::transport::ReqwestTransport::new(settings)?,
        ))
    }
}

/// Builds a [`Config`].
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// Time allowed to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Time allowed between reads of a response.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.config.read_timeout = timeout;
        self
    }

    /// The most bytes of a response body read into memory (see
    /// [`Config::max_response_body_bytes`]).
    pub fn max_response_body_bytes(mut self, limit: u64) -> Self {
        self.config.max_response_body_bytes = limit;
        self
    }

    /// Idle connections kept per host.
    pub fn max_pool_connections(mut self, max: usize) -> Self {
        self.config.max_pool_connections = max;
        self
    }

    /// S3 bucket addressing.
    pub fn addressing_style(mut self, style: AddressingStyle) -> Self {
        self.config.addressing_style = style;
        self.config.explicit.addressing_style = true;
        self
    }

    /// Attempts per call, including the first (1 disables retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.config.max_attempts = Some(attempts);
        self
    }

    /// How failures are retried.
    pub fn retry_mode(mut self, mode: RetryMode) -> Self {
        self.config.retry_mode = Some(mode);
        self
    }

    /// When endpoints are discovered (botocore's `endpoint_discovery_enabled`).
    pub fn endpoint_discovery_enabled(mut self, mode: EndpointDiscoveryMode) -> Self {
        self.config.endpoint_discovery_enabled = Some(mode);
        self
    }

    /// Text appended to the `User-Agent` header.
    pub fn user_agent_extra(mut self, extra: impl Into<String>) -> Self {
        self.config.user_agent_extra = Some(extra.into());
        self
    }

    /// An application id for the `User-Agent` header.
    pub fn user_agent_appid(mut self, app: impl Into<String>) -> Self {
        self.config.user_agent_appid = Some(app.into());
        self
    }

    /// Use only an explicit `endpoint_url`, ignoring the configured ones.
    pub fn ignore_configured_endpoint_urls(mut self, on: bool) -> Self {
        self.config.ignore_configured_endpoint_urls = Some(on);
        self
    }

    /// Send TCP keepalive probes on open connections (off unless the profile says so).
    pub fn tcp_keepalive(mut self, on: bool) -> Self {
        self.config.tcp_keepalive = Some(on);
        self
    }

    /// Check parameters against the model before sending.
    pub fn parameter_validation(mut self, on: bool) -> Self {
        self.config.parameter_validation = on;
        self
    }

    /// Prepend modeled host prefixes to the endpoint host.
    pub fn inject_host_prefix(mut self, on: bool) -> Self {
        self.config.inject_host_prefix = on;
        self
    }

    /// Use FIPS endpoints.
    pub fn use_fips_endpoint(mut self, on: bool) -> Self {
        self.config.use_fips_endpoint = on;
        self.config.explicit.use_fips_endpoint = true;
        self
    }

    /// Use dual-stack endpoints.
    pub fn use_dualstack_endpoint(mut self, on: bool) -> Self {
        self.config.use_dualstack_endpoint = on;
        self.config.explicit.use_dualstack_endpoint = true;
        self
    }

    /// When to compute request checksums.
    pub fn request_checksum_calculation(mut self, when: ChecksumCalculation) -> Self {
        self.config.request_checksum_calculation = when;
        self.config.explicit.request_checksum_calculation = true;
        self
    }

    /// When to ask for and check response checksums.
    pub fn response_checksum_validation(mut self, when: ChecksumCalculation) -> Self {
        self.config.response_checksum_validation = when;
        self.config.explicit.response_checksum_validation = true;
        self
    }

    /// Send requests anonymously, unsigned and without credentials.
    pub fn unsigned(mut self, on: bool) -> Self {
        self.config.unsigned = on;
        self
    }

    /// The auth schemes to prefer, best first, comma-separated as botocore's
    /// `auth_scheme_preference` (`"sigv4a,sigv4"`); whitespace around names is ignored.
    pub fn auth_scheme_preference(mut self, schemes: impl Into<String>) -> Self {
        self.config.auth_scheme_preference = Some(normalized_list(&schemes.into()));
        self.config.explicit.auth_scheme_preference = true;
        self
    }

    /// The regions SigV4a signatures cover, comma-separated (`"us-east-1,us-west-2"`, `"*"`).
    pub fn sigv4a_signing_region_set(mut self, regions: impl Into<String>) -> Self {
        self.config.sigv4a_signing_region_set = Some(normalized_list(&regions.into()));
        self
    }

    /// Smallest request body sent compressed by operations that support compression.
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.config.request_min_compression_size_bytes = bytes;
        self.config.explicit.request_min_compression_size_bytes = true;
        self
    }

    /// Never compress request bodies.
    pub fn disable_request_compression(mut self, on: bool) -> Self {
        self.config.disable_request_compression = on;
        self.config.explicit.disable_request_compression = true;
        self
    }

    /// Where filled-in idempotency tokens come from, for reproducible requests in tests.
    pub fn idempotency_token_generator(mut self, generate: fn() -> String) -> Self {
        self.config.idempotency_token_generator = IdempotencyTokenGenerator(generate);
        self.config.explicit.idempotency_token_generator = true;
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }
}

/// A comma-separated list as botocore keeps it: blanks inside names removed, empty items
/// dropped.
pub(crate) fn normalized_list(text: &str) -> String {
    text.split(',')
        .map(|item| item.replace([' ', '\t'], ""))
        .filter(|item| !item.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_botocore() {
        let config = Config::default();
        assert_eq!(config.connect_timeout, Duration::from_secs(60));
        assert_eq!(config.read_timeout, Duration::from_secs(60));
        assert_eq!(config.max_pool_connections, 10);
        assert_eq!(config.attempts_for("s3"), 3);
        assert_eq!(config.attempts_for("dynamodb"), 4);
        let one = Config::builder().max_attempts(1).build();
        assert_eq!(one.attempts_for("dynamodb"), 1);
        assert!(config.same_transport(&one));
        let slow = Config::builder()
            .read_timeout(Duration::from_secs(5))
            .build();
        assert!(!config.same_transport(&slow));
        let probing = Config::builder().tcp_keepalive(true).build();
        assert!(!config.same_transport(&probing));
    }

    #[test]
    fn a_client_config_fills_its_gaps_from_the_session() {
        let session = Config::builder()
            .retry_mode(RetryMode::Adaptive)
            .max_attempts(6)
            .addressing_style(AddressingStyle::Path)
            .use_fips_endpoint(true)
            .user_agent_extra("session")
            .build();
        let mut client = Config::builder()
            .max_attempts(2)
            .use_fips_endpoint(false)
            .read_timeout(Duration::from_secs(5))
            .build();
        client.fill_unset_from(&session);
        assert_eq!(client.max_attempts, Some(2));
        assert_eq!(client.retry_mode(), RetryMode::Adaptive);
        assert_eq!(client.addressing_style, AddressingStyle::Path);
        assert!(!client.use_fips_endpoint, "set explicitly to false");
        assert_eq!(client.user_agent_extra.as_deref(), Some("session"));
        assert_eq!(client.read_timeout, Duration::from_secs(5));
    }
}
