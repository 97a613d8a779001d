//! IAM Identity Center (SSO) role credentials (botocore's `sso`).
//!
//! A profile with `sso_account_id` / `sso_role_name` and either an `sso_session` (naming an
//! `[sso-session x]` section with `sso_start_url` and `sso_region`) or the legacy
//! `sso_start_url` / `sso_region` keys. The access token is read from the cache the AWS CLI
//! writes on `aws sso login`: `~/.aws/sso/cache/<sha1 of the session name, or of the start
//! URL for legacy profiles>.json`, keys `accessToken` and `expiresAt`. The token is then
//! traded for role credentials through the portal's `GetRoleCredentials`, reached through the
//! [`SsoPortal`] trait. For `sso-session` profiles a token near expiry is first refreshed
//! through the OIDC service when an [`SsoOidc`](super::SsoOidc) client is configured.

use super::sso_token_refresh::{cache_path, read_cached_token, Renewal};
use super::{ChainContext, CredentialProvider, Credentials};
use crate::Error;
use futures::future::BoxFuture;
use indexmap::IndexMap;
use std::fmt;

/// Parameters of the SSO portal's `GetRoleCredentials`. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RoleCredentialsRequest {
    /// The portal's region (`sso_region`), where the call must go.
    pub region: String,
    /// `accountId` (`sso_account_id`).
    pub account_id: String,
    /// `roleName` (`sso_role_name`).
    pub role_name: String,
    /// `accessToken` from the token cache.
    pub access_token: String,
}

impl fmt::Debug for RoleCredentialsRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RoleCredentialsRequest")
            .field("region", &self.region)
            .field("account_id", &self.account_id)
            .field("role_name", &self.role_name)
            .field("access_token", &"** redacted **")
            .finish()
    }
}

/// A client for the SSO portal API (`portal.sso.<region>.amazonaws.com`), unsigned.
pub trait SsoPortal: Send + Sync + 'static {
    /// `GetRoleCredentials`: the role's temporary credentials with their expiry.
    fn get_role_credentials(
        &self,
        request: RoleCredentialsRequest,
    ) -> BoxFuture<'_, Result<Credentials, Error>>;
}

/// Role credentials for an SSO profile.
#[derive(Clone)]
pub struct SsoProvider {
    ctx: ChainContext,
    profile: String,
}

impl fmt::Debug for SsoProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoProvider")
            .field("profile", &self.profile)
            .finish()
    }
}

struct SsoSettings {
    start_url: String,
    region: String,
    account_id: String,
    role_name: String,
    session: Option<String>,
}

const EXPIRED: &str = "the SSO session associated with this profile has expired or is otherwise \
                       invalid; to refresh it run `aws sso login` with the corresponding profile";

impl SsoProvider {
    /// A provider for `profile`.
    pub fn new(ctx: ChainContext, profile: impl Into<String>) -> Self {
        SsoProvider {
            ctx,
            profile: profile.into(),
        }
    }

    fn settings(&self) -> Result<Option<SsoSettings>, Error> {
        let config = self.ctx.config();
        let Some(profile) = config.profile(&self.profile) else {
            return Ok(None);
        };
        if !profile.contains("sso_role_name") && !profile.contains("sso_account_id") {
            return Ok(None);
        }
        let mut resolved: IndexMap<String, String> = profile
            .keys()
            .filter_map(|k| Some((k.to_string(), profile.get(k)?.to_string())))
            .collect();
        let mut required = vec![
            "sso_role_name",
            "sso_account_id",
            "sso_start_url",
            "sso_region",
        ];
        if let Some(session_name) = profile.get("sso_session") {
            let session = config.sso_session(session_name).ok_or_else(|| {
                Error::credentials(format!(
                    "the specified sso-session does not exist: {session_name:?}"
                ))
            })?;
            for key in session.keys() {
                let Some(value) = session.get(key) else {
                    continue;
                };
                if let Some(mine) = resolved.get(key) {
                    if mine != value {
                        return Err(Error::credentials(format!(
                            "the value for {key} is inconsistent between profile ({mine}) and \
                             sso-session ({value})"
                        )));
                    }
                }
                resolved.insert(key.to_string(), value.to_string());
            }
            required.push("sso_session");
        }
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|k| !resolved.contains_key(*k))
            .collect();
        if !missing.is_empty() {
            return Err(Error::credentials(format!(
                "the profile {:?} is configured to use SSO but is missing required configuration: {}",
                self.profile,
                missing.join(", ")
            )));
        }
        let mut take = |k: &str| resolved.shift_remove(k).unwrap_or_default();
        Ok(Some(SsoSettings {
            start_url: take("sso_start_url"),
            region: take("sso_region"),
            account_id: take("sso_account_id"),
            role_name: take("sso_role_name"),
            session: resolved.shift_remove("sso_session"),
        }))
    }

    async fn access_token(&self, settings: &SsoSettings) -> Result<String, Error> {
        let name = settings.session.as_deref().unwrap_or(&settings.start_url);
        let path = cache_path(self.ctx.env(), name)?;
        let renewal = match (&settings.session, self.ctx.sso_oidc()) {
            (Some(_), Some(oidc)) => Some(Renewal {
                oidc: oidc.as_ref(),
                start_url: &settings.start_url,
                region: &settings.region,
            }),
            _ => None,
        };
        let now = self.ctx.clock().now();
        let (token, expires) = read_cached_token(
            &path,
            renewal,
            now,
            || {
                Error::credentials(format!(
                    "token for {name} does not exist; run `aws sso login` for profile {:?}",
                    self.profile
                ))
            },
            || Error::credentials(format!("token for {name} is invalid")),
        )
        .await?;
        if expires <= now {
            return Err(Error::credentials(EXPIRED));
        }
        Ok(token)
    }

    /// Role credentials, `None` when the profile is not an SSO profile.
    pub async fn load(&self) -> Result<Option<Credentials>, Error> {
        let Some(settings) = self.settings()? else {
            return Ok(None);
        };
        let access_token = self.access_token(&settings).await?;
        let portal = self.ctx.sso().ok_or_else(|| {
            Error::credentials(format!(
                "profile {:?} uses SSO, which needs an SSO portal client, and none is configured",
                self.profile
            ))
        })?;
        let request = RoleCredentialsRequest {
            region: settings.region,
            account_id: settings.account_id.clone(),
            role_name: settings.role_name,
            access_token,
        };
        let creds = portal.get_role_credentials(request).await?;
        Ok(Some(match creds.account_id() {
            Some(_) => creds,
            None => creds.with_account_id(settings.account_id),
        }))
    }
}

impl CredentialProvider for SsoProvider {
    fn name(&self) -> &'static str {
        "sso"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config_file::{Env, SharedConfig};
    use std::path::PathBuf;

    fn provider(config: &str, profile: &str) -> SsoProvider {
        let config = SharedConfig::from_texts(Some(config), None).unwrap();
        SsoProvider::new(
            ChainContext::new(Env::new().with("HOME", "/nonexistent-home"), config),
            profile,
        )
    }

    #[test]
    fn settings_table() {
        let session =
            "[sso-session corp]\nsso_start_url = https://corp/start\nsso_region = eu-west-1\n";
        // (profile text, Ok(Some(start url, region, session)) / Ok(None) / Err(substring))
        type Expected<'a> = Result<Option<(&'a str, &'a str, Option<&'a str>)>, &'a str>;
        let cases: Vec<(String, Expected)> = vec![
            ("[profile p]\nregion = x\n".into(), Ok(None)),
            (
                format!("[profile p]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n{session}"),
                Ok(Some(("https://corp/start", "eu-west-1", Some("corp")))),
            ),
            (
                "[profile p]\nsso_start_url = https://legacy\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n".into(),
                Ok(Some(("https://legacy", "us-east-1", None))),
            ),
            (
                "[profile p]\nsso_account_id = 1\nsso_role_name = R\n".into(),
                Err("missing required configuration: sso_start_url, sso_region"),
            ),
            (
                "[profile p]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n".into(),
                Err("sso-session does not exist"),
            ),
            (
                format!("[profile p]\nsso_session = corp\nsso_region = us-west-2\nsso_account_id = 1\nsso_role_name = R\n{session}"),
                Err("inconsistent"),
            ),
            (
                format!("[profile p]\nsso_session = corp\nsso_account_id = 1\n{session}"),
                Err("missing required configuration: sso_role_name"),
            ),
        ];
        for (text, expected) in cases {
            let got = provider(&text, "p").settings();
            match (got, expected) {
                (Ok(None), Ok(None)) => {}
                (Ok(Some(s)), Ok(Some((url, region, session)))) => {
                    assert_eq!(
                        (
                            s.start_url.as_str(),
                            s.region.as_str(),
                            s.session.as_deref()
                        ),
                        (url, region, session)
                    );
                }
                (Err(e), Err(sub)) => assert!(e.to_string().contains(sub), "{text}: {e}"),
                (got, expected) => panic!(
                    "{text}: got {:?}, expected {expected:?}",
                    got.map(|s| s.map(|s| s.start_url))
                ),
            }
        }
    }

    #[test]
    fn token_path_is_the_sha1_of_the_name() {
        let p = provider("[default]\n", "default");
        assert_eq!(
            cache_path(p.ctx.env(), "my-sso").unwrap(),
            PathBuf::from(
                "/nonexistent-home/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json"
            )
        );
    }

    #[test]
    fn request_debug_hides_token() {
        let req = RoleCredentialsRequest {
            region: "r".into(),
            account_id: "1".into(),
            role_name: "R".into(),
            access_token: "ACCESS-TOKEN-VALUE".into(),
        };
        assert!(!format!("{req:?}").contains("ACCESS-TOKEN-VALUE"));
    }
}
