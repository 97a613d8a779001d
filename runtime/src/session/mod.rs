//! [`Session`]: where credentials, region, endpoint and configuration come from, and the
//! factory of [`Client`]s that share one HTTP connection pool.
//!
//! This is the minimal session: explicit settings or the `AWS_*` environment variables.
//! Credential providers plug in through [`ProvideCredentials`].

mod client_builder;
mod config;
mod credentials;
mod env;

use std::fmt;
use std::sync::{Arc, OnceLock};

pub use client_builder::ClientBuilder;
pub use config::{AddressingStyle, ChecksumCalculation, Config, ConfigBuilder};
pub use credentials::{Credentials, ProvideCredentials};
use env::EnvSettings;

use crate::client::Client;
use crate::error::Error;
use crate::model::ServiceModel;

/// Shared settings for clients: credentials, region, endpoint override and [`Config`].
///
/// Cheap to clone; clones share the HTTP connection pool.
///
/// ```no_run
/// # async fn demo(model: rboto_runtime::model::ServiceModel) -> Result<(), rboto_runtime::Error> {
/// use rboto_runtime::session::{Credentials, Session};
/// let session = Session::builder()
///     .credentials(Credentials::new("AKID", "SECRET", None))
///     .region("us-east-1")
///     .endpoint_url("http://127.0.0.1:5000")
///     .build();
/// let client = session.client(model)?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Session {
    inner: Arc<SessionInner>,
}

struct SessionInner {
    credentials: Option<Arc<dyn ProvideCredentials>>,
    region: Option<String>,
    endpoint_url: Option<String>,
    env: EnvSettings,
    config: Config,
    http: OnceLock<reqwest::Client>,
}

impl Session {
    /// A builder with nothing set.
    pub fn builder() -> SessionBuilder {
        SessionBuilder::default()
    }

    /// A session from the environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`; region from `AWS_DEFAULT_REGION`, then `AWS_REGION`; endpoints
    /// from `AWS_ENDPOINT_URL_<SERVICE_ID>` and `AWS_ENDPOINT_URL`; `AWS_MAX_ATTEMPTS`.
    pub async fn from_env() -> Result<Session, Error> {
        Ok(Self::builder()
            .env(EnvSettings::from_vars(std::env::vars())?)
            .build())
    }

    /// The region clients are created for, if any.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The endpoint override every client uses, if set explicitly.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.inner.endpoint_url.as_deref()
    }

    /// The client configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The credentials provider, if any.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn ProvideCredentials>> {
        self.inner.credentials.as_ref()
    }

    /// The endpoint a client for this service would use instead of the resolved one: the
    /// explicit `endpoint_url`, then the service's and the global environment variable.
    pub fn endpoint_url_for(&self, model: &ServiceModel) -> Option<&str> {
        if let Some(url) = &self.inner.endpoint_url {
            return Some(url);
        }
        let service_id = model
            .metadata()
            .service_id
            .as_deref()
            .unwrap_or_else(|| model.name());
        self.inner.env.endpoint_for(service_id)
    }

    /// A client for a service, sharing this session's connection pool.
    pub fn client(&self, model: ServiceModel) -> Result<Client, Error> {
        self.client_builder(model).build()
    }

    /// A client with its own configuration. It shares the session's connection pool when
    /// the timeouts and pool size match, and gets its own pool otherwise.
    pub fn client_with_config(&self, model: ServiceModel, config: Config) -> Result<Client, Error> {
        self.client_builder(model).config(config).build()
    }

    /// A builder for a client with its own region, endpoint, credentials or configuration.
    pub fn client_builder(&self, model: ServiceModel) -> ClientBuilder {
        ClientBuilder::new(self.clone(), model)
    }

    pub(crate) fn http_client(&self) -> Result<reqwest::Client, Error> {
        if let Some(http) = self.inner.http.get() {
            return Ok(http.clone());
        }
        let http = self.inner.config.http_client()?;
        Ok(self.inner.http.get_or_init(|| http).clone())
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("credentials", &self.inner.credentials)
            .field("region", &self.inner.region)
            .field("endpoint_url", &self.inner.endpoint_url)
            .field("config", &self.inner.config)
            .finish()
    }
}

/// Builds a [`Session`].
#[derive(Default)]
pub struct SessionBuilder {
    credentials: Option<Arc<dyn ProvideCredentials>>,
    region: Option<String>,
    endpoint_url: Option<String>,
    env: EnvSettings,
    config: Option<Config>,
}

impl SessionBuilder {
    /// Static credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// A credentials provider, asked before each request is signed.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// The region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An endpoint for every client (a local emulator, a proxy); it takes the place of the
    /// `SDK::Endpoint` built-in of the endpoint rules, as botocore's `endpoint_url` does.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Client configuration.
    pub fn config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// Fills what was not set explicitly from environment settings.
    fn env(mut self, env: EnvSettings) -> Self {
        if self.credentials.is_none() {
            if let Some(creds) = env.credentials.clone() {
                self.credentials = Some(Arc::new(creds));
            }
        }
        if self.region.is_none() {
            self.region = env.region.clone();
        }
        if let Some(attempts) = env.max_attempts {
            let config = self.config.get_or_insert_with(Config::default);
            if config.max_attempts.is_none() {
                config.max_attempts = Some(attempts);
            }
        }
        self.env = env;
        self
    }

    /// The session.
    pub fn build(self) -> Session {
        Session {
            inner: Arc::new(SessionInner {
                credentials: self.credentials,
                region: self.region,
                endpoint_url: self.endpoint_url,
                env: self.env,
                config: self.config.unwrap_or_default(),
                http: OnceLock::new(),
            }),
        }
    }
}

impl fmt::Debug for SessionBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionBuilder")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .finish()
    }
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
    fn explicit_settings_win_over_the_environment() {
        let env = EnvSettings::from_vars(vars(&[
            ("AWS_ACCESS_KEY_ID", "ENVKEY"),
            ("AWS_SECRET_ACCESS_KEY", "ENVSECRET"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_MAX_ATTEMPTS", "7"),
        ]))
        .unwrap();
        let session = Session::builder()
            .region("us-east-1")
            .credentials(Credentials::new("KEY", "SECRET", None))
            .env(env)
            .build();
        assert_eq!(session.region(), Some("us-east-1"));
        assert_eq!(session.config().max_attempts, Some(7));
        let shown = format!("{session:?}");
        assert!(shown.contains("KEY") && !shown.contains("SECRET"));
    }
}
