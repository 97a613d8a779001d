//! The credential chain: providers asked in order until one has credentials, and the default
//! chain in botocore's order.

use super::profile_chain::profile_providers;
use super::{
    AssumeRoleProvider, BotoConfigProvider, Clock, ContainerProvider, CredentialProvider,
    Credentials, Ec2CredentialsFileProvider, EnvironmentProvider, ImdsProvider, ImdsSettings,
    SsoOidc, SsoPortal, StsClient,
};
use crate::config_file::{ConfigPaths, Env, ProfileSelection, SharedConfig};
use crate::Error;
use futures::future::BoxFuture;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Everything the providers read: the environment, both shared files, the STS and SSO
/// clients, and the clock.
#[derive(Clone)]
pub struct ChainContext {
    env: Arc<Env>,
    config: Arc<SharedConfig>,
    sts: Option<Arc<dyn StsClient>>,
    sso: Option<Arc<dyn SsoPortal>>,
    sso_oidc: Option<Arc<dyn SsoOidc>>,
    clock: Clock,
}

impl ChainContext {
    /// A context over an environment and already-parsed shared files.
    pub fn new(env: Env, config: SharedConfig) -> Self {
        ChainContext {
            env: Arc::new(env),
            config: Arc::new(config),
            sts: None,
            sso: None,
            sso_oidc: None,
            clock: Clock::system(),
        }
    }

    /// A context over `env`, reading the shared files it points to.
    pub async fn load(env: Env) -> Result<Self, Error> {
        let config = SharedConfig::load(&ConfigPaths::from_env(&env)).await?;
        Ok(Self::new(env, config))
    }

    /// The STS client the assume-role and web identity providers call.
    pub fn with_sts(mut self, sts: Arc<dyn StsClient>) -> Self {
        self.sts = Some(sts);
        self
    }

    /// The SSO portal client the SSO provider calls.
    pub fn with_sso(mut self, sso: Arc<dyn SsoPortal>) -> Self {
        self.sso = Some(sso);
        self
    }

    /// The SSO OIDC client used to refresh `sso-session` tokens near expiry.
    pub fn with_sso_oidc(mut self, oidc: Arc<dyn SsoOidc>) -> Self {
        self.sso_oidc = Some(oidc);
        self
    }

    /// The clock used for expiry decisions.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The environment.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The shared files.
    pub fn config(&self) -> &SharedConfig {
        &self.config
    }

    pub(crate) fn env_arc(&self) -> Arc<Env> {
        self.env.clone()
    }

    pub(crate) fn config_arc(&self) -> Arc<SharedConfig> {
        self.config.clone()
    }

    pub(crate) fn sts(&self) -> Option<&Arc<dyn StsClient>> {
        self.sts.as_ref()
    }

    pub(crate) fn sso(&self) -> Option<&Arc<dyn SsoPortal>> {
        self.sso.as_ref()
    }

    pub(crate) fn sso_oidc(&self) -> Option<&Arc<dyn SsoOidc>> {
        self.sso_oidc.as_ref()
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub(crate) fn imds_provider(&self, profile: &str) -> Result<ImdsProvider, Error> {
        let settings = ImdsSettings::resolve(&self.env, self.config.profile(profile))?;
        Ok(ImdsProvider::new(settings).with_clock(self.clock.clone()))
    }

    pub(crate) fn container_provider(&self) -> ContainerProvider {
        ContainerProvider::new(self.env.clone())
    }
}

impl fmt::Debug for ChainContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainContext")
            .field("env", &self.env)
            .field("config", &self.config)
            .field("sts", &self.sts.is_some())
            .field("sso", &self.sso.is_some())
            .field("sso_oidc", &self.sso_oidc.is_some())
            .finish()
    }
}

/// Providers asked in order; the first with credentials wins, and later calls (refreshes)
/// go straight to the winner, as botocore's resolved credentials refresh through the
/// provider that produced them.
pub struct CredentialsChain {
    providers: Vec<Arc<dyn CredentialProvider>>,
    winner: OnceLock<usize>,
}

impl CredentialsChain {
    /// A chain of `providers`, asked in this order.
    pub fn new(providers: Vec<Arc<dyn CredentialProvider>>) -> Self {
        CredentialsChain {
            providers,
            winner: OnceLock::new(),
        }
    }

    /// botocore's default chain for the profile the program chose (`explicit_profile`) or the
    /// environment names: environment (left out for an explicit profile), assume-role, web
    /// identity, SSO, shared credentials file, `aws login`, `credential_process`, config file,
    /// EC2 key file, boto config, container, instance metadata. A profile named by the program or by `AWS_PROFILE` must exist.
    pub fn default_chain(
        ctx: &ChainContext,
        explicit_profile: Option<&str>,
    ) -> Result<Self, Error> {
        let selection = ProfileSelection::resolve(explicit_profile, ctx.env());
        if selection.named && ctx.config().profile(&selection.name).is_none() {
            return Err(Error::credentials(format!(
                "the config profile ({}) could not be found",
                selection.name
            )));
        }
        let profile = selection.name.as_str();
        let mut providers: Vec<Arc<dyn CredentialProvider>> = Vec::new();
        if !selection.explicit {
            providers.push(Arc::new(EnvironmentProvider::new(ctx.env_arc())));
        }
        providers.push(Arc::new(AssumeRoleProvider::new(ctx.clone(), profile)));
        providers.extend(profile_providers(ctx, profile, selection.explicit));
        providers.push(Arc::new(Ec2CredentialsFileProvider::new(ctx.env_arc())));
        providers.push(Arc::new(BotoConfigProvider::new(ctx.env_arc())));
        providers.push(Arc::new(ctx.container_provider()));
        providers.push(Arc::new(ctx.imds_provider(profile)?));
        Ok(CredentialsChain::new(providers))
    }

    /// The providers' names, in the order they are asked.
    pub fn provider_names(&self) -> Vec<&'static str> {
        self.providers.iter().map(|p| p.name()).collect()
    }

    /// The name of the provider that supplied credentials, once one has.
    pub fn resolved_provider(&self) -> Option<&'static str> {
        self.winner.get().map(|&i| self.providers[i].name())
    }

    async fn resolve(&self) -> Result<Option<Credentials>, Error> {
        if let Some(&i) = self.winner.get() {
            return self.providers[i].provide().await;
        }
        for (i, provider) in self.providers.iter().enumerate() {
            tracing::debug!(provider = provider.name(), "looking for credentials");
            if let Some(creds) = provider.provide().await? {
                let _ = self.winner.set(i);
                tracing::debug!(provider = provider.name(), "found credentials");
                return Ok(Some(creds));
            }
        }
        Ok(None)
    }
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsChain")
            .field("providers", &self.provider_names())
            .field("resolved", &self.resolved_provider())
            .finish()
    }
}

impl CredentialProvider for CredentialsChain {
    fn name(&self) -> &'static str {
        self.resolved_provider().unwrap_or("chain")
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(self.resolve())
    }
}
