//! The providers that read a profile, in botocore's order (its `ProfileProviderBuilder`):
//! web identity, SSO, shared credentials file, `aws login`, `credential_process`, config file. The default
//! chain uses them for the selected profile, assume-role for a `source_profile`.

use super::{
    ChainContext, ConfigFileProvider, CredentialProvider, LoginProvider, ProcessProvider,
    SharedCredentialsFileProvider, SsoProvider, WebIdentityProvider,
};
use std::sync::Arc;

/// The profile providers for `profile`; `ignore_env` keeps web identity from reading `AWS_*`.
pub(crate) fn profile_providers(
    ctx: &ChainContext,
    profile: &str,
    ignore_env: bool,
) -> Vec<Arc<dyn CredentialProvider>> {
    vec![
        Arc::new(WebIdentityProvider::new(ctx.clone(), profile, ignore_env)),
        Arc::new(SsoProvider::new(ctx.clone(), profile)),
        Arc::new(SharedCredentialsFileProvider::new(
            ctx.config_arc(),
            profile,
        )),
        Arc::new(LoginProvider::new(ctx.config_arc(), profile)),
        Arc::new(ProcessProvider::new(ctx.config_arc(), profile)),
        Arc::new(ConfigFileProvider::new(ctx.config_arc(), profile)),
    ]
}
