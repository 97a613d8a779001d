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

use futures::future::BoxFuture;

use super::sso_token_refresh::{cache_path, read_cached_token, Renewal};
use super::ChainContext;
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
        let path = cache_path(self.ctx.env(), &self.session)?;
        let now = self.ctx.clock().now();
        let renewal = self.ctx.sso_oidc().map(|oidc| Renewal {
            oidc: oidc.as_ref(),
            start_url: &start_url,
            region: &region,
        });
        let (token, expires) = read_cached_token(
            &path,
            renewal,
            now,
            || {
                Error::credentials(format!(
                    "no SSO token for sso-session {name:?}; run `aws sso login --sso-session {name}`"
                ))
            },
            || {
                Error::credentials(format!(
                    "the cached SSO token of sso-session {name:?} is invalid"
                ))
            },
        )
        .await?;
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
