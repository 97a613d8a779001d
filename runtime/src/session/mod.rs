//! [`Session`]: where credentials, region, endpoint and configuration come from, and the
//! factory of [`Client`]s that share one HTTP connection pool and one credentials cache.
//!
//! [`Session::from_env`] (or [`SessionBuilder::load`]) finds them as botocore does:
//! credentials from the program, else botocore's provider chain
//! ([`crate::credentials`]); the region from the program, `AWS_DEFAULT_REGION`,
//! `AWS_REGION`, then the profile ([`crate::region`]); the configuration from the program,
//! the `AWS_*` variables, then the profile ([`config_sources`]); endpoints from the
//! program, then the configured ones (`AWS_ENDPOINT_URL_<SERVICE_ID>`, `AWS_ENDPOINT_URL`,
//! the profile's `[services]` section, the profile's `endpoint_url`).
//! [`SessionBuilder::build`] uses only what the program set.

mod client_builder;
mod config;
pub mod config_sources;
mod configured_endpoints;
mod credentials;
mod sts_model;
mod token;

use std::fmt;
use std::sync::{Arc, OnceLock};

pub use client_builder::ClientBuilder;
pub use config::{
    AddressingStyle, ChecksumCalculation, Config, ConfigBuilder, EndpointDiscoveryMode,
    IdempotencyTokenGenerator, RetryMode, DEFAULT_MAX_RESPONSE_BODY_BYTES, TCP_KEEPALIVE_IDLE,
};
use configured_endpoints::ConfiguredEndpoints;
pub use credentials::{Credentials, ProvideCredentials};
pub use token::{ProvideToken, Token};

use crate::client::Client;
use crate::config_file::{Env, ProfileSelection};
use crate::credentials::{ChainContext, ClientSts, HttpSso, SsoTokenProvider};
use crate::error::Error;
use crate::hooks::{Hook, Registered, Scope, WireLog};
use crate::model::ServiceModel;
use crate::transport::Transport;

/// The region STS is called in when the session has none (botocore's global endpoint).
const STS_FALLBACK_REGION: &str = "us-east-1";

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
    token: Option<Arc<dyn ProvideToken>>,
    /// The environment a loaded session read, for the tokens scoped to a service
    /// (`AWS_BEARER_TOKEN_<SIGNING NAME>`); `None` for a session built from explicit settings.
    env: Option<Arc<Env>>,
    region: Option<String>,
    endpoint_url: Option<String>,
    profile_name: Option<String>,
    configured_endpoints: ConfiguredEndpoints,
    config: Config,
    /// The transport the program gave, or the default one once a client needs it.
    transport: OnceLock<Arc<dyn Transport>>,
    own_transport: bool,
    /// Hooks every client of the session runs, after its service's customizations.
    hooks: Vec<Registered>,
}

impl Session {
    /// A builder with nothing set.
    pub fn builder() -> SessionBuilder {
        SessionBuilder::default()
    }

    /// A session as boto3's `Session()` finds it: credentials from botocore's provider
    /// chain (environment, assume-role, web identity, SSO, shared files,
    /// `credential_process`, container, instance metadata), the region from
    /// `AWS_DEFAULT_REGION`, `AWS_REGION` or the profile (`AWS_PROFILE`), configuration
    /// from `AWS_*` variables and the profile, and configured endpoints.
    ///
    /// Assume-role and web-identity profiles call STS through rboto's own client, with the
    /// STS model the runtime embeds.
    pub async fn from_env() -> Result<Session, Error> {
        Self::builder().load().await
    }

    /// The region clients are created for, if any.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The endpoint override every client uses, if set explicitly.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.inner.endpoint_url.as_deref()
    }

    /// The profile the program chose, if it chose one.
    pub fn profile_name(&self) -> Option<&str> {
        self.inner.profile_name.as_deref()
    }

    /// The client configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The credentials provider, if any.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn ProvideCredentials>> {
        self.inner.credentials.as_ref()
    }

    /// The bearer token provider, if any: the program's, else the profile's `sso_session`.
    pub fn token_provider(&self) -> Option<&Arc<dyn ProvideToken>> {
        self.inner.token.as_ref()
    }

    /// The bearer token the environment holds for a service's `signing_name`
    /// (`AWS_BEARER_TOKEN_<SIGNING NAME>`, hyphens and spaces as underscores), as botocore's
    /// scoped token provider reads it; only for a loaded session.
    pub(crate) fn environment_token(&self, signing_name: &str) -> Option<Token> {
        let env = self.inner.env.as_ref()?;
        let name = signing_name.replace(['-', ' '], "_").to_ascii_uppercase();
        env.get(&format!("AWS_BEARER_TOKEN_{name}")).map(Token::new)
    }

    /// The endpoint a client for this service would use instead of the one its rules
    /// resolve: the session's explicit `endpoint_url`, then the configured endpoints in
    /// botocore's order, unless the configuration says to ignore them.
    pub fn endpoint_url_for(&self, model: &ServiceModel) -> Option<String> {
        self.endpoint_url_with(model, &self.inner.config)
    }

    pub(crate) fn endpoint_url_with(
        &self,
        model: &ServiceModel,
        config: &Config,
    ) -> Option<String> {
        if let Some(url) = &self.inner.endpoint_url {
            return Some(url.clone());
        }
        if config.ignore_configured_endpoint_urls == Some(true) {
            return None;
        }
        let service_id = model
            .metadata()
            .service_id
            .as_deref()
            .unwrap_or_else(|| model.name());
        let (url, source) = self.inner.configured_endpoints.lookup(service_id)?;
        tracing::debug!(service_id, ?source, %url, "using a configured endpoint");
        Some(url)
    }

    /// A client for a service, sharing this session's connection pool.
    pub fn client(&self, model: ServiceModel) -> Result<Client, Error> {
        self.client_builder(model).build()
    }

    /// A client with its own configuration; fields it leaves unset come from the session's
    /// (which includes what `AWS_*` variables and the profile said). It shares the session's
    /// connection pool when the timeouts and pool size match, and gets its own pool
    /// otherwise.
    pub fn client_with_config(&self, model: ServiceModel, config: Config) -> Result<Client, Error> {
        self.client_builder(model).config(config).build()
    }

    /// A builder for a client with its own region, endpoint, credentials or configuration.
    pub fn client_builder(&self, model: ServiceModel) -> ClientBuilder {
        ClientBuilder::new(self.clone(), model)
    }

    /// The transport this session's clients send through: the one given to the builder, else
    /// the default connection pool, made on first use and shared by every client whose
    /// connection settings match the session's.
    pub fn transport(&self) -> Result<Arc<dyn Transport>, Error> {
        if let Some(transport) = self.inner.transport.get() {
            return Ok(transport.clone());
        }
        let transport = self.inner.config.transport()?;
        Ok(self.inner.transport.get_or_init(|| transport).clone())
    }

    /// The hooks registered on the session, in order.
    pub(crate) fn hooks(&self) -> &[Registered] {
        &self.inner.hooks
    }

    /// Whether the program chose the transport (then every client uses it, whatever its
    /// connection settings).
    pub(crate) fn has_own_transport(&self) -> bool {
        self.inner.own_transport
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("credentials", &self.inner.credentials)
            .field("region", &self.inner.region)
            .field("endpoint_url", &self.inner.endpoint_url)
            .field("profile_name", &self.inner.profile_name)
            .field("config", &self.inner.config)
            .finish()
    }
}

/// Builds a [`Session`]: [`build`](SessionBuilder::build) from explicit settings only,
/// [`load`](SessionBuilder::load) with the environment and the shared files filling the
/// rest.
#[derive(Default)]
pub struct SessionBuilder {
    credentials: Option<Arc<dyn ProvideCredentials>>,
    token: Option<Arc<dyn ProvideToken>>,
    region: Option<String>,
    endpoint_url: Option<String>,
    profile_name: Option<String>,
    config: Option<Config>,
    process_env: Option<Env>,
    sts_model: Option<ServiceModel>,
    transport: Option<Arc<dyn Transport>>,
    hooks: Vec<Registered>,
    wire_log: Option<WireLog>,
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

    /// A fixed bearer token for services that authenticate with one (CodeCatalyst), instead
    /// of the profile's `sso_session` token.
    pub fn auth_token(mut self, token: Token) -> Self {
        self.token = Some(Arc::new(token));
        self
    }

    /// A bearer token provider, asked before each request a token authenticates.
    pub fn token_provider(mut self, provider: impl ProvideToken) -> Self {
        self.token = Some(Arc::new(provider));
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

    /// A profile of the shared files (boto3's `profile_name`). Chosen this way, it must
    /// exist, and environment-variable credentials no longer take precedence over it.
    pub fn profile_name(mut self, profile: impl Into<String>) -> Self {
        self.profile_name = Some(profile.into());
        self
    }

    /// Reads these variables instead of the process environment (for tests and for
    /// programs that manage their own settings).
    pub fn process_env(mut self, env: Env) -> Self {
        self.process_env = Some(env);
        self
    }

    /// The transport every client of the session sends through, instead of the default
    /// reqwest connection pool: one that records or replays exchanges, or answers in tests.
    /// The SSO credential calls use it too.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Registers a hook that every client of the session runs for the calls `scope` covers,
    /// after the service's own customizations, in the order hooks were registered (see
    /// [`crate::hooks`]), like boto3's `session.events.register`.
    pub fn hook(mut self, scope: Scope, hook: impl Hook + 'static) -> Self {
        self.hooks.push(Registered {
            scope,
            hook: Arc::new(hook),
        });
        self
    }

    /// Prints every request and response of every client of the session, secrets
    /// redacted (see [`crate::hooks::wire_log`]), before any other hook the program
    /// registers. Without it, the `RBOTO_WIRE_LOG` environment variable turns the same log on
    /// (to stderr) for [`load`](Self::load) and [`build`](Self::build) alike.
    pub fn wire_log(mut self, log: WireLog) -> Self {
        self.wire_log = Some(log);
        self
    }

    /// The program's hooks, behind the wire log when there is one.
    fn hooks_with_wire_log(&mut self, env: &Env) -> Result<Vec<Registered>, Error> {
        let log = match self.wire_log.take() {
            Some(log) => Some(log),
            None => WireLog::from_env(env)?,
        };
        let first = log.map(|log| Registered {
            scope: Scope::all(),
            hook: Arc::new(log),
        });
        Ok(first.into_iter().chain(self.hooks.drain(..)).collect())
    }

    /// A different STS model for the credentials of assume-role and web-identity profiles
    /// (the runtime embeds botocore's by default).
    pub fn sts_model(mut self, model: ServiceModel) -> Self {
        self.sts_model = Some(model);
        self
    }

    /// The session, with what the program left unset taken from the environment and the
    /// shared config and credentials files, as botocore does (see [`Session::from_env`]).
    ///
    /// Fails when a profile named by the program or `AWS_PROFILE` does not exist, when the
    /// files cannot be parsed, or when a configuration value is malformed. Missing
    /// credentials are reported by the first call that needs them.
    pub async fn load(mut self) -> Result<Session, Error> {
        let env = self.process_env.clone().unwrap_or_else(Env::from_process);
        let wire_log = match &self.wire_log {
            Some(log) => Some(log.clone()),
            None => WireLog::from_env(&env)?,
        };
        let hooks = self.hooks_with_wire_log(&env)?;
        let ctx = ChainContext::load(env).await?;
        let selection = ProfileSelection::resolve(self.profile_name.as_deref(), ctx.env());
        let profile = ctx.config().profile(&selection.name);
        if selection.named && profile.is_none() {
            return Err(Error::credentials(format!(
                "the config profile ({}) could not be found",
                selection.name
            )));
        }
        let mut config = self.config.clone().unwrap_or_default();
        config_sources::apply(&mut config, ctx.env(), profile)?;
        let region = crate::region::configured_region(self.region.as_deref(), ctx.env(), profile)
            .map(|r| r.name);
        let configured_endpoints = ConfiguredEndpoints::new(ctx.env_arc(), ctx.config(), profile);
        let own_transport = self.transport.is_some();
        let transport = match self.transport {
            Some(transport) => transport,
            None => config.transport()?,
        };
        let mut sso = HttpSso::new(transport.clone());
        if let Some(log) = &wire_log {
            sso = sso.with_wire_log(log.clone());
        }
        let sso = Arc::new(sso);
        let token = self.token.or_else(|| {
            let oidc_ctx = ctx.clone().with_sso_oidc(sso.clone());
            SsoTokenProvider::for_profile(&oidc_ctx, &selection.name)
                .map(|p| Arc::new(p) as Arc<dyn ProvideToken>)
        });
        let credentials = match self.credentials {
            Some(explicit) => explicit,
            None => {
                let mut chain_ctx = ctx.clone().with_sso(sso.clone()).with_sso_oidc(sso);
                let model = match &self.sts_model {
                    Some(model) => model.clone(),
                    None => sts_model::embedded()?,
                };
                let sts_region = region.as_deref().unwrap_or(STS_FALLBACK_REGION);
                let mut sts = ClientSts::new(model.clone(), sts_region);
                let explicit_url = self.endpoint_url.clone();
                let configured = || {
                    let ignore = config.ignore_configured_endpoint_urls == Some(true);
                    let id = model.metadata().service_id.as_deref().unwrap_or("STS");
                    (!ignore)
                        .then(|| configured_endpoints.lookup(id).map(|(url, _)| url))
                        .flatten()
                };
                if let Some(url) = explicit_url.or_else(configured) {
                    sts = sts.with_endpoint_url(url);
                }
                if let Some(log) = wire_log {
                    sts = sts.with_wire_log(log);
                }
                chain_ctx = chain_ctx.with_sts(Arc::new(sts));
                Arc::new(crate::credentials::default_provider(
                    &chain_ctx,
                    self.profile_name.as_deref(),
                )?)
            }
        };
        let session = Session {
            inner: Arc::new(SessionInner {
                credentials: Some(credentials),
                token,
                env: Some(ctx.env_arc()),
                region,
                endpoint_url: self.endpoint_url,
                profile_name: self.profile_name,
                configured_endpoints,
                config,
                transport: OnceLock::from(transport),
                own_transport,
                hooks,
            }),
        };
        Ok(session)
    }

    /// The session.
    ///
    /// The wire log's `RBOTO_WIRE_LOG` switch is read from the process environment (or the
    /// one given to [`process_env`](Self::process_env)); a malformed
    /// `RBOTO_WIRE_LOG_BODY_LIMIT` leaves bodies at the default limit here, where
    /// [`load`](Self::load) reports it.
    pub fn build(mut self) -> Session {
        let env = self
            .process_env
            .clone()
            .unwrap_or_else(crate::hooks::wire_log::switches_from_process);
        let hooks = self.hooks_with_wire_log(&env).unwrap_or_else(|_| {
            let log = Registered {
                scope: Scope::all(),
                hook: Arc::new(WireLog::stderr()),
            };
            std::iter::once(log)
                .chain(std::mem::take(&mut self.hooks))
                .collect()
        });
        Session {
            inner: Arc::new(SessionInner {
                credentials: self.credentials,
                token: self.token,
                env: None,
                region: self.region,
                endpoint_url: self.endpoint_url,
                profile_name: self.profile_name,
                configured_endpoints: ConfiguredEndpoints::default(),
                config: self.config.unwrap_or_default(),
                own_transport: self.transport.is_some(),
                transport: self.transport.map(OnceLock::from).unwrap_or_default(),
                hooks,
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
            .field("profile_name", &self.profile_name)
            .field("config", &self.config)
            .field("transport", &self.transport)
            .field("hooks", &self.hooks)
            .field("wire_log", &self.wire_log)
            .finish()
    }
}

#[cfg(test)]
mod tests;
