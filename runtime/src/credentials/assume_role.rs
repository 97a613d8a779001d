//! `sts:AssumeRole` from a profile's `role_arn` (botocore's `assume-role`).
//!
//! The source credentials come from `source_profile` (which may itself assume a role, so
//! chains of any length work and cycles are reported) or from `credential_source`
//! (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`). `external_id`,
//! `role_session_name` and `duration_seconds` go into the request. `mfa_serial` needs an
//! interactive code, which a library cannot ask for, so it is reported as unsupported.
//! Each hop's source credentials are cached and refreshed on their own.

use super::profile_chain::profile_providers;
use super::shared_credentials_file::has_static_keys;
use super::sts::default_session_name;
use super::{
    AssumeRoleRequest, ChainContext, CredentialProvider, Credentials, CredentialsCache,
    CredentialsChain, EnvironmentProvider, StsClient,
};
use crate::config_file::Profile;
use crate::Error;
use futures::future::BoxFuture;
use std::fmt;
use std::sync::{Arc, Mutex};

/// Assumes the role a profile names, from its source credentials.
pub struct AssumeRoleProvider {
    ctx: ChainContext,
    profile: String,
    plan: Mutex<Option<Arc<RoleHop>>>,
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("profile", &self.profile)
            .finish()
    }
}

impl AssumeRoleProvider {
    /// A provider for `profile`.
    pub fn new(ctx: ChainContext, profile: impl Into<String>) -> Self {
        AssumeRoleProvider {
            ctx,
            profile: profile.into(),
            plan: Mutex::new(None),
        }
    }

    /// Assumes the role; `None` when the profile has no `role_arn` (or is a web identity
    /// profile).
    pub async fn load(&self) -> Result<Option<Credentials>, Error> {
        let Some(profile) = self.ctx.config().profile(&self.profile) else {
            return Ok(None);
        };
        if !has_role_config(profile) {
            return Ok(None);
        }
        let hop = {
            let mut plan = self.plan.lock().expect("plan lock");
            match plan.as_ref() {
                Some(hop) => hop.clone(),
                None => {
                    let mut visited = vec![self.profile.clone()];
                    let hop = Arc::new(build_hop(&self.ctx, &self.profile, &mut visited)?);
                    *plan = Some(hop.clone());
                    hop
                }
            }
        };
        hop.assume().await.map(Some)
    }
}

impl CredentialProvider for AssumeRoleProvider {
    fn name(&self) -> &'static str {
        "assume-role"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(self.load())
    }
}

fn has_role_config(profile: &Profile) -> bool {
    profile.contains("role_arn") && !profile.contains("web_identity_token_file")
}

/// One `AssumeRole` call and where its source credentials come from.
struct RoleHop {
    request: AssumeRoleRequest,
    generated_session_name: bool,
    source: CredentialsCache,
    sts: Arc<dyn StsClient>,
    ctx: ChainContext,
}

impl RoleHop {
    async fn assume(&self) -> Result<Credentials, Error> {
        let source = self.source.credentials().await?;
        let mut request = self.request.clone();
        if self.generated_session_name {
            request.role_session_name = default_session_name(self.ctx.clock().now());
        }
        let assumed = self.sts.assume_role(source, request).await?;
        Ok(assumed.into_credentials())
    }
}

impl CredentialProvider for RoleHop {
    fn name(&self) -> &'static str {
        "assume-role"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(async move { self.assume().await.map(Some) })
    }
}

/// Fails with `message` when the inner provider finds nothing.
struct Required {
    inner: Arc<dyn CredentialProvider>,
    message: String,
}

impl CredentialProvider for Required {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(async move {
            match self.inner.provide().await? {
                Some(creds) => Ok(Some(creds)),
                None => Err(Error::credentials(self.message.clone())),
            }
        })
    }
}

fn build_hop(ctx: &ChainContext, name: &str, visited: &mut Vec<String>) -> Result<RoleHop, Error> {
    let config = ctx.config();
    let profile = config.profile(name).ok_or_else(|| {
        Error::credentials(format!("the config profile ({name}) could not be found"))
    })?;
    let role_arn = profile.get("role_arn").unwrap_or_default().to_string();
    let source_profile = profile.get("source_profile");
    let credential_source = profile.get("credential_source");
    if profile.get("mfa_serial").is_some() {
        return Err(Error::credentials(format!(
            "profile {name:?} sets mfa_serial: assuming a role with an MFA code needs an \
             interactive prompt, which rboto does not support; use credentials obtained with \
             the MFA code instead"
        )));
    }
    let source: Arc<dyn CredentialProvider> = match (source_profile, credential_source) {
        (Some(_), Some(_)) => {
            return Err(Error::credentials(format!(
                "the profile {name:?} contains both source_profile and credential_source"
            )))
        }
        (None, None) => {
            return Err(Error::credentials(format!(
                "partial credentials found in assume-role (profile {name:?}), missing: \
                 source_profile or credential_source"
            )))
        }
        (None, Some(source)) => named_source(ctx, name, source, &visited[0])?,
        (Some(source), None) => {
            let source_profile = config.profile(source).ok_or_else(|| {
                Error::credentials(format!(
                    "the source_profile {source:?} referenced in the profile {name:?} does not exist"
                ))
            })?;
            if visited.iter().any(|v| v == source)
                && (source != name || !has_static_keys(source_profile))
            {
                return Err(Error::credentials(format!(
                    "infinite loop in credential configuration detected: attempting to load \
                     from profile {source:?} which has already been visited (visited profiles: {})",
                    visited.join(", ")
                )));
            }
            visited.push(source.to_string());
            if has_static_keys(source_profile) || !has_role_config(source_profile) {
                Arc::new(Required {
                    inner: Arc::new(CredentialsChain::new(profile_providers(ctx, source, true))),
                    message: format!("the source profile {source:?} must have credentials"),
                })
            } else {
                Arc::new(build_hop(ctx, source, visited)?)
            }
        }
    };
    let sts = ctx.sts().cloned().ok_or_else(|| {
        Error::credentials(format!(
            "profile {name:?} assumes a role, which needs an STS client, and none is configured"
        ))
    })?;
    let session_name = profile
        .get("role_session_name")
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let request = AssumeRoleRequest {
        role_arn,
        role_session_name: session_name.clone().unwrap_or_default(),
        external_id: profile.get("external_id").map(str::to_string),
        duration_seconds: profile
            .get("duration_seconds")
            .and_then(|d| d.trim().parse().ok()),
        profile: name.to_string(),
    };
    Ok(RoleHop {
        request,
        generated_session_name: session_name.is_none(),
        source: CredentialsCache::new(source).with_clock(ctx.clock().clone()),
        sts,
        ctx: ctx.clone(),
    })
}

/// The provider a `credential_source` names; instance metadata settings come from the
/// profile the chain started from (`session_profile`), as botocore's session-wide provider does.
fn named_source(
    ctx: &ChainContext,
    profile: &str,
    source: &str,
    session_profile: &str,
) -> Result<Arc<dyn CredentialProvider>, Error> {
    let inner: Arc<dyn CredentialProvider> = match source {
        "Environment" => Arc::new(EnvironmentProvider::new(ctx.env_arc())),
        "Ec2InstanceMetadata" => Arc::new(ctx.imds_provider(session_profile)?),
        "EcsContainer" => Arc::new(ctx.container_provider()),
        other => {
            return Err(Error::credentials(format!(
                "the credential_source {other:?} referenced in profile {profile:?} is not valid \
                 (expected Environment, Ec2InstanceMetadata or EcsContainer)"
            )))
        }
    };
    Ok(Arc::new(Required {
        inner,
        message: format!(
            "no credentials found in credential_source {source:?} referenced in profile {profile:?}"
        ),
    }))
}
