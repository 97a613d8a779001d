//! Refreshing the cached SSO access token of an `sso-session` profile, as botocore's
//! `SSOTokenProvider` does: within 15 minutes of `expiresAt`, if the cache entry holds a
//! `refreshToken` and an unexpired client registration (`clientId`, `clientSecret`,
//! `registrationExpiresAt`), the OIDC service's `CreateToken` (grant type `refresh_token`)
//! issues a new access token, which is written back to the cache file. A failed refresh keeps
//! the old token. The OIDC call goes through the [`SsoOidc`] trait.

use super::parse_expiry;
use crate::checksum::{hex, Algorithm};
use crate::config_file::Env;
use crate::Error;
use futures::future::BoxFuture;
use serde_json::{json, Value};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Refresh the token when less than this is left.
pub(crate) const TOKEN_REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Parameters of the OIDC `CreateToken` call. `Debug` hides the secret and the refresh token.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateTokenRequest {
    /// The `sso_region` of the session, where the call must go.
    pub region: String,
    /// `clientId` of the cached registration.
    pub client_id: String,
    /// `clientSecret` of the cached registration.
    pub client_secret: String,
    /// `refreshToken` from the cache.
    pub refresh_token: String,
}

impl fmt::Debug for CreateTokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateTokenRequest")
            .field("region", &self.region)
            .field("client_id", &self.client_id)
            .field("client_secret", &"** redacted **")
            .field("refresh_token", &"** redacted **")
            .finish()
    }
}

/// What `CreateToken` answered. `Debug` hides the tokens.
#[derive(Clone, PartialEq, Eq)]
pub struct CreatedToken {
    /// `accessToken`.
    pub access_token: String,
    /// `expiresIn`, seconds from now.
    pub expires_in: u64,
    /// `refreshToken`, when the service rotated it.
    pub refresh_token: Option<String>,
}

impl fmt::Debug for CreatedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedToken")
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// A client for the SSO OIDC service (`oidc.<region>.amazonaws.com`), unsigned.
pub trait SsoOidc: Send + Sync + 'static {
    /// `CreateToken` with grant type `refresh_token`.
    fn create_token(
        &self,
        request: CreateTokenRequest,
    ) -> BoxFuture<'_, Result<CreatedToken, Error>>;
}

/// The refreshed cache entry, or `None` when no refresh is due or possible (or it failed).
pub(crate) async fn refresh_if_due(
    oidc: &dyn SsoOidc,
    cached: &Value,
    start_url: &str,
    region: &str,
    now: SystemTime,
) -> Option<Value> {
    let expires = parse_expiry(cached.get("expiresAt")?.as_str()?, "sso token cache").ok()?;
    if expires.duration_since(now).unwrap_or(Duration::ZERO) >= TOKEN_REFRESH_WINDOW {
        return None;
    }
    let text = |key: &str| cached.get(key).and_then(Value::as_str);
    let (Some(refresh_token), Some(client_id), Some(client_secret), Some(registration)) = (
        text("refreshToken"),
        text("clientId"),
        text("clientSecret"),
        text("registrationExpiresAt"),
    ) else {
        tracing::info!("unable to refresh the SSO token: the cache entry lacks a refresh token or registration");
        return None;
    };
    if parse_expiry(registration, "sso token cache").ok()? <= now {
        tracing::info!("the SSO client registration has expired; cannot refresh the token");
        return None;
    }
    let request = CreateTokenRequest {
        region: region.to_string(),
        client_id: client_id.to_string(),
        client_secret: client_secret.to_string(),
        refresh_token: refresh_token.to_string(),
    };
    let created = match oidc.create_token(request).await {
        Ok(created) => created,
        Err(e) => {
            tracing::warn!(error = %e, "SSO token refresh attempt failed");
            return None;
        }
    };
    let mut entry = json!({
        "startUrl": start_url,
        "region": region,
        "accessToken": created.access_token,
        "expiresAt": utc_timestamp(now + Duration::from_secs(created.expires_in)),
        "clientId": client_id,
        "clientSecret": client_secret,
        "registrationExpiresAt": registration,
    });
    entry["refreshToken"] = json!(created.refresh_token.as_deref().unwrap_or(refresh_token));
    tracing::info!("SSO token refresh succeeded");
    Some(entry)
}

/// The SSO token cache file of `key` (an sso-session name, or a legacy profile's start URL):
/// `~/.aws/sso/cache/<sha1 of key>.json`, as `aws sso login` writes it.
pub(crate) fn cache_path(env: &Env, key: &str) -> Result<PathBuf, Error> {
    let home = env.home_dir().ok_or_else(|| {
        Error::credentials("cannot find the SSO token cache: no home directory (HOME) is set")
    })?;
    Ok(home.join(".aws").join("sso").join("cache").join(format!(
        "{}.json",
        hex(&Algorithm::Sha1.digest(key.as_bytes()))
    )))
}

/// Where a cached token may be renewed: the OIDC client and the sso-session's start URL and
/// region.
pub(crate) struct Renewal<'a> {
    pub oidc: &'a dyn SsoOidc,
    pub start_url: &'a str,
    pub region: &'a str,
}

/// The access token cached at `path` and when it expires, renewed first (and written back)
/// when it is due and `renewal` allows. `missing` is the error for a cache file that does
/// not exist, `invalid` the one for an entry without a token or expiry. Whether the token
/// has expired is the caller's to judge.
pub(crate) async fn read_cached_token(
    path: &Path,
    renewal: Option<Renewal<'_>>,
    now: SystemTime,
    missing: impl FnOnce() -> Error,
    invalid: impl Fn() -> Error,
) -> Result<(String, SystemTime), Error> {
    let text = match tokio::fs::read_to_string(path).await {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing()),
        Err(e) => {
            return Err(Error::credentials(format!(
                "cannot read SSO token cache {}: {e}",
                path.display()
            )))
        }
    };
    let mut cached: Value = serde_json::from_str(&text).map_err(|_| invalid())?;
    if let Some(renewal) = renewal {
        let renewed = refresh_if_due(
            renewal.oidc,
            &cached,
            renewal.start_url,
            renewal.region,
            now,
        )
        .await;
        if let Some(renewed) = renewed {
            if let Err(e) = write_cache(path, &renewed).await {
                tracing::warn!(error = %e, "could not save the refreshed SSO token");
            }
            cached = renewed;
        }
    }
    let field = |key: &str| cached.get(key).and_then(Value::as_str).ok_or_else(&invalid);
    let token = field("accessToken")?.to_string();
    let expires = parse_expiry(field("expiresAt")?, "sso token cache")?;
    Ok((token, expires))
}

/// Replaces the cache file's contents (write to a sibling, then rename).
pub(crate) async fn write_cache(path: &Path, entry: &Value) -> Result<(), Error> {
    let tmp = path.with_extension(format!("json.{}.tmp", uuid::Uuid::new_v4()));
    let body = serde_json::to_vec(entry).expect("JSON value serializes");
    let io = |e: std::io::Error| {
        Error::credentials(format!(
            "cannot update SSO token cache {}: {e}",
            path.display()
        ))
    };
    tokio::fs::write(&tmp, body).await.map_err(io)?;
    tokio::fs::rename(&tmp, path).await.map_err(io)
}

fn utc_timestamp(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let dt =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    dt.format(&time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .expect("formats")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let req = CreateTokenRequest {
            region: "r".into(),
            client_id: "id".into(),
            client_secret: "CLIENT-SECRET".into(),
            refresh_token: "REFRESH-TOKEN".into(),
        };
        let shown = format!("{req:?}");
        assert!(!shown.contains("CLIENT-SECRET") && !shown.contains("REFRESH-TOKEN"));
        let created = CreatedToken {
            access_token: "ACCESS".into(),
            expires_in: 1,
            refresh_token: Some("REFRESH".into()),
        };
        assert!(!format!("{created:?}").contains("ACCESS"));
    }

    #[test]
    fn timestamps_are_whole_seconds_utc() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000);
        assert_eq!(utc_timestamp(t), "2030-01-01T00:00:00Z");
    }
}
