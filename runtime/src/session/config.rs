//! Client configuration: timeouts, connection pool, retries, S3 addressing, checksums.

use std::time::Duration;

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

/// Settings shared by the clients built from a session, like botocore's `Config`.
///
/// Build one with [`Config::builder`]; unset fields keep botocore's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Time allowed to open a connection (60 s).
    pub connect_timeout: Duration,
    /// Time a request may go without progress: nothing sent or received (60 s). Like
    /// botocore's, it bounds idleness, not the length of a transfer; the wait for the
    /// connection counts toward the first interval.
    pub read_timeout: Duration,
    /// Idle connections kept per host (10). Busy connections are not capped.
    pub max_pool_connections: usize,
    /// S3 bucket addressing.
    pub addressing_style: AddressingStyle,
    /// Attempts per call including the first; `None` means the service's default
    /// (3, or 4 for DynamoDB).
    pub max_attempts: Option<u32>,
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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            connect_timeout: Duration::from_secs(60),
            read_timeout: Duration::from_secs(60),
            max_pool_connections: 10,
            addressing_style: AddressingStyle::Auto,
            max_attempts: None,
            parameter_validation: true,
            inject_host_prefix: true,
            use_fips_endpoint: false,
            use_dualstack_endpoint: false,
            request_checksum_calculation: ChecksumCalculation::WhenSupported,
            response_checksum_validation: ChecksumCalculation::WhenSupported,
            unsigned: false,
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

    /// Attempts per call for a service (its botocore name), applying the default.
    pub fn attempts_for(&self, service: &str) -> u32 {
        self.max_attempts
            .unwrap_or(if service.starts_with("dynamodb") {
                4
            } else {
                3
            })
            .max(1)
    }

    /// Whether two configurations can share one HTTP connection pool.
    pub(crate) fn same_transport(&self, other: &Config) -> bool {
        self.connect_timeout == other.connect_timeout
            && self.read_timeout == other.read_timeout
            && self.max_pool_connections == other.max_pool_connections
    }

    /// A reqwest client (connection pool) for these settings. Redirects are not followed:
    /// a redirected request would need signing again, and S3's redirects name a region
    /// rather than a URL to follow, so they reach the caller as errors, as in botocore.
    pub(crate) fn http_client(&self) -> Result<reqwest::Client, crate::Error> {
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .pool_max_idle_per_host(self.max_pool_connections)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("rboto/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                crate::Error::connect(format!("cannot build HTTP client: {e}")).with_source(e)
            })
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

    /// Idle connections kept per host.
    pub fn max_pool_connections(mut self, max: usize) -> Self {
        self.config.max_pool_connections = max;
        self
    }

    /// S3 bucket addressing.
    pub fn addressing_style(mut self, style: AddressingStyle) -> Self {
        self.config.addressing_style = style;
        self
    }

    /// Attempts per call, including the first (1 disables retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.config.max_attempts = Some(attempts);
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
        self
    }

    /// Use dual-stack endpoints.
    pub fn use_dualstack_endpoint(mut self, on: bool) -> Self {
        self.config.use_dualstack_endpoint = on;
        self
    }

    /// When to compute request checksums.
    pub fn request_checksum_calculation(mut self, when: ChecksumCalculation) -> Self {
        self.config.request_checksum_calculation = when;
        self
    }

    /// When to ask for and check response checksums.
    pub fn response_checksum_validation(mut self, when: ChecksumCalculation) -> Self {
        self.config.response_checksum_validation = when;
        self
    }

    /// Send requests anonymously, unsigned and without credentials.
    pub fn unsigned(mut self, on: bool) -> Self {
        self.config.unsigned = on;
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }
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
    }
}
