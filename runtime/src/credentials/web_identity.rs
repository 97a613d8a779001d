//! `sts:AssumeRoleWithWebIdentity` with a token file (botocore's
//! `assume-role-with-web-identity`): `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`,
//! `AWS_ROLE_SESSION_NAME`, or the profile's `web_identity_token_file`, `role_arn`,
//! `role_session_name`. Each variable wins over its profile key, unless the program chose the
//! profile explicitly, in which case the variables are ignored.

use super::sts::default_session_name;
use super::{AssumeRoleWithWebIdentityRequest, ChainContext, CredentialProvider, Credentials};
use crate::Error;
use futures::future::BoxFuture;

/// Assumes a role with a web identity token read from a file (EKS service accounts, …).
#[derive(Clone)]
pub struct WebIdentityProvider {
    ctx: ChainContext,
    profile: String,
    ignore_env: bool,
}

impl std::fmt::Debug for WebIdentityProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebIdentityProvider")
            .field("profile", &self.profile)
            .field("ignore_env", &self.ignore_env)
            .finish()
    }
}

impl WebIdentityProvider {
    /// A provider for `profile`; `ignore_env` drops the `AWS_*` variables from the lookup.
    pub fn new(ctx: ChainContext, profile: impl Into<String>, ignore_env: bool) -> Self {
        WebIdentityProvider {
            ctx,
            profile: profile.into(),
            ignore_env,
        }
    }

    fn setting(&self, key: &str, env_name: &str) -> Option<String> {
        if !self.ignore_env {
            if let Some(value) = self.ctx.env().get(env_name) {
                return Some(value.to_string());
            }
        }
        self.ctx
            .config()
            .profile(&self.profile)
            .and_then(|p| p.get(key))
            .map(str::to_string)
    }

    /// Reads the token and calls STS; `None` when no token file is configured.
    pub async fn load(&self) -> Result<Option<Credentials>, Error> {
        let Some(token_file) = self
            .setting("web_identity_token_file", "AWS_WEB_IDENTITY_TOKEN_FILE")
            .filter(|p| !p.is_empty())
        else {
            return Ok(None);
        };
        let Some(role_arn) = self
            .setting("role_arn", "AWS_ROLE_ARN")
            .filter(|r| !r.is_empty())
        else {
            return Err(Error::credentials(format!(
                "profile {:?} or the environment is configured to assume a role with web identity \
                 but has no role ARN: set role_arn in the profile or AWS_ROLE_ARN",
                self.profile
            )));
        };
        let role_session_name = self
            .setting("role_session_name", "AWS_ROLE_SESSION_NAME")
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| default_session_name(self.ctx.clock().now()));
        let sts = self.ctx.sts().ok_or_else(|| {
            Error::credentials(
                "web identity credentials need an STS client, and none is configured",
            )
        })?;
        let web_identity_token = tokio::fs::read_to_string(&token_file).await.map_err(|e| {
            Error::credentials(format!(
                "cannot read web identity token file {token_file}: {e}"
            ))
        })?;
        let request = AssumeRoleWithWebIdentityRequest {
            role_arn,
            role_session_name,
            web_identity_token,
        };
        let assumed = sts.assume_role_with_web_identity(request).await?;
        Ok(Some(assumed.into_credentials()))
    }
}

impl CredentialProvider for WebIdentityProvider {
    fn name(&self) -> &'static str {
        "assume-role-with-web-identity"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(self.load())
    }
}
