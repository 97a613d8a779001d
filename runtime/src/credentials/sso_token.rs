//! The bearer token of an `sso-session` profile (botocore's `SSOTokenProvider`), for services
//! that authenticate with one (`smithy.api#httpBearerAuth`).
//!
//! The profile names an `[sso-session x]` section with `sso_start_url` and `sso_region`; the
//! token is the one `aws sso login` cached in `~/.aws/sso/cache/<sha1 of x>.json`. A token
//! within the refresh window is first renewed through the OIDC service when an
//! [`SsoOidc`](super::SsoOidc) client is configured, and the renewed entry written back, as
//! the SSO role credentials do. A missing, unreadable or expired token is an error naming the
//! session and the fix, before any request is sent.

use std::fmt;
use std::path::PathBuf;

use futures::future::BoxFuture;
use serde_json::Value;

use super::sso_token_refresh::{refresh_if_due, write_cache};
use super::{parse_expiry, ChainContext};
use crate::checksum::{hex, Algorithm};
use crate::session::{ProvideToken, Token};
use crate::Error;

/// The cached SSO token of one `sso-session`.
#[derive(Clone)]
pub struct SsoTokenProvider {
    ctx: ChainContext,
    session: String,
}

impl fmt::Debug for SsoTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoTokenProvider")
            .field("session", &self.session)
            .finish()
    }
}

impl SsoTokenProvider {
    /// The provider of `profile`'s `sso_session`, `None` when the profile names none.
    pub fn for_profile(ctx: &ChainContext, profile: &str) -> Option<Self> {
        let session = ctx.config().profile(profile)?.get("sso_session")?;
        Some(SsoTokenProvider {
            session: session.to_string(),
            ctx: ctx.clone(),
        })
    }

    /// The provider of the `[sso-session name]` section.
    pub fn for_session(ctx: ChainContext, name: impl Into<String>) -> Self {
        SsoTokenProvider {
            ctx,
            session: name.into(),
        }
    }

    fn cache_path(&self) -> Result<PathBuf, Error> {
        let home = self.ctx.env().home_dir().ok_or_else(|| {
            Error::credentials("cannot find the SSO token cache: no home directory (HOME) is set")
        })?;
        let name = hex(&Algorithm::Sha1.digest(self.session.as_bytes()));
        Ok(home
            .join(".aws")
            .join("sso")
            .join("cache")
            .join(format!("{name}.json")))
    }

    /// The session's token, refreshed first when due and possible.
    pub async fn load(&self) -> Result<Token, Error> {
        let name = &self.session;
        let section = self.ctx.config().sso_session(name).ok_or_else(|| {
            Error::credentials(format!(
                "the specified sso-session does not exist: {name:?}"
            ))
        })?;
        let setting = |key: &str| {
            section
                .get(key)
                .map(str::to_string)
                .ok_or_else(|| Error::credentials(format!("the sso-session {name:?} has no {key}")))
        };
        let (start_url, region) = (setting("sso_start_url")?, setting("sso_region")?);
        let path = self.cache_path()?;
        let text = match tokio::fs::read_to_string(&path).await {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::credentials(format!(
                    "no SSO token for sso-session {name:?}; run `aws sso login --sso-session {name}`"
                )))
            }
            Err(e) => {
                return Err(Error::credentials(format!(
                    "cannot read SSO token cache {}: {e}",
                    path.display()
                )))
            }
        };
        let invalid = || {
            Error::credentials(format!(
                "the cached SSO token of sso-session {name:?} is invalid"
            ))
        };
        let mut cached: Value = serde_json::from_str(&text).map_err(|_| invalid())?;
        let now = self.ctx.clock().now();
        if let Some(oidc) = self.ctx.sso_oidc() {
            if let Some(renewed) =
                refresh_if_due(oidc.as_ref(), &cached, &start_url, &region, now).await
            {
                if let Err(e) = write_cache(&path, &renewed).await {
                    tracing::warn!(error = %e, "could not save the refreshed SSO token");
                }
                cached = renewed;
            }
        }
        let token = cached
            .get("accessToken")
            .and_then(Value::as_str)
            .ok_or_else(invalid)?;
        let expires = cached
            .get("expiresAt")
            .and_then(Value::as_str)
            .ok_or_else(invalid)?;
        let expires = parse_expiry(expires, "sso token cache")?;
        if expires <= now {
            return Err(Error::credentials(format!(
                "the SSO token of sso-session {name:?} has expired; run `aws sso login --sso-session {name}`"
            )));
        }
        Ok(Token::new(token).with_expiry(expires))
    }
}

impl ProvideToken for SsoTokenProvider {
    fn provide_token(&self) -> BoxFuture<'_, Result<Token, Error>> {
        Box::pin(self.load())
    }
}
