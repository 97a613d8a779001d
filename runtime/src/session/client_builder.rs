//! [`ClientBuilder`]: a client of a session with some settings of its own, like the keyword
//! arguments of botocore's `session.client(...)`.

use std::fmt;
use std::sync::Arc;

use super::{Config, Credentials, ProvideCredentials, ProvideToken, Session, Token};
use crate::client::{Client, ClientParts};
use crate::error::Error;
use crate::hooks::{Hook, Registered, Scope};
use crate::model::ServiceModel;
use crate::protocol::Protocol;
use crate::transport::Transport;

/// Builds a [`Client`] from a [`Session`], overriding its region, endpoint, credentials or
/// configuration for this client only.
///
/// ```no_run
/// # fn demo(session: rboto_runtime::Session, model: rboto_runtime::ServiceModel) -> Result<(), rboto_runtime::Error> {
/// let s3_in_frankfurt = session.client_builder(model).region("eu-central-1").build()?;
/// # Ok(()) }
/// ```
pub struct ClientBuilder {
    session: Session,
    model: ServiceModel,
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    token: Option<Arc<dyn ProvideToken>>,
    config: Option<Config>,
    transport: Option<Arc<dyn Transport>>,
    hooks: Vec<Registered>,
    protocol: Option<Protocol>,
}

impl ClientBuilder {
    pub(super) fn new(session: Session, model: ServiceModel) -> Self {
        ClientBuilder {
            session,
            model,
            region: None,
            endpoint_url: None,
            credentials: None,
            token: None,
            config: None,
            transport: None,
            hooks: Vec::new(),
            protocol: None,
        }
    }

    /// The region of this client.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The endpoint of this client (the `SDK::Endpoint` built-in).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Static credentials for this client.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// A fixed bearer token for this client (services that authenticate with one).
    pub fn auth_token(mut self, token: Token) -> Self {
        self.token = Some(Arc::new(token));
        self
    }

    /// A bearer token provider for this client.
    pub fn token_provider(mut self, provider: impl ProvideToken) -> Self {
        self.token = Some(Arc::new(provider));
        self
    }

    /// A credentials provider for this client.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// The configuration of this client; what it leaves unset (retry mode, attempts, S3
    /// addressing, checksums, user agent, …) comes from the session's. It shares the
    /// session's connection pool when the timeouts and pool size match the session's, and
    /// gets its own pool otherwise.
    pub fn config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// The transport this client sends through, instead of the session's.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Registers a hook this client runs for the calls `scope` covers, after the service's
    /// customizations and the session's hooks (see [`crate::hooks`]).
    pub fn hook(mut self, scope: Scope, hook: impl Hook + 'static) -> Self {
        self.hooks.push(Registered {
            scope,
            hook: Arc::new(hook),
        });
        self
    }

    /// The wire protocol of this client, when the model offers several (`metadata.protocols`)
    /// and another than botocore's choice is wanted: CloudWatch lists `smithy-rpc-v2-cbor`,
    /// `json` and `query`, and botocore speaks JSON to it. [`build`](Self::build) fails when
    /// the model does not list the protocol.
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = Some(protocol);
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client, Error> {
        let session = &self.session;
        let config = match self.config {
            Some(mut own) => {
                own.fill_unset_from(session.config());
                own
            }
            None => session.config().clone(),
        };
        let transport = match self.transport {
            Some(own) => own,
            None if session.has_own_transport() || config.same_transport(session.config()) => {
                session.transport()?
            }
            None => config.transport()?,
        };
        let explicit_endpoint = self.endpoint_url.is_some() || session.endpoint_url().is_some();
        let signing_name = {
            let metadata = self.model.metadata();
            metadata
                .signing_name
                .clone()
                .or_else(|| metadata.endpoint_prefix.clone())
                .unwrap_or_else(|| self.model.name().to_string())
        };
        let environment_token = session.environment_token(&signing_name);
        let mut config = config;
        if environment_token.is_some()
            && !config.unsigned
            && !config.explicit.auth_scheme_preference
            && crate::customizations::prefers_environment_token(&signing_name)
        {
            let rest = config.auth_scheme_preference.take().unwrap_or_default();
            config.auth_scheme_preference = Some(format!("httpBearerAuth,{rest}"));
        }
        let endpoint_url = self
            .endpoint_url
            .or_else(|| session.endpoint_url_with(&self.model, &config));
        Client::from_parts(ClientParts {
            model: self.model,
            transport,
            credentials: self
                .credentials
                .or_else(|| session.credentials_provider().cloned()),
            token: self
                .token
                .or_else(|| environment_token.map(|t| Arc::new(t) as Arc<dyn ProvideToken>))
                .or_else(|| session.token_provider().cloned()),
            region: self.region.or_else(|| session.region().map(str::to_string)),
            endpoint_url,
            explicit_endpoint,
            config,
            hooks: session.hooks().iter().chain(&self.hooks).cloned().collect(),
            protocol: self.protocol,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.model.name())
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("credentials", &self.credentials)
            .field("config", &self.config)
            .field("protocol", &self.protocol)
            .finish()
    }
}
