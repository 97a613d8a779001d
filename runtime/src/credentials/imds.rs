//! Instance role credentials from the EC2 instance metadata service (botocore's `iam-role`).
//!
//! IMDSv2: `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds: 21600`, then
//! `GET /latest/meta-data/iam/security-credentials/` for the role name and
//! `GET …/<role>` for the credentials, each with the token. When no token can be had (403,
//! 404, 405, a read timeout) the GETs go without one (IMDSv1) unless
//! `ec2_metadata_v1_disabled` is set. Settings, each from its environment variable, else the
//! profile key, else botocore's default: `AWS_METADATA_SERVICE_TIMEOUT` (1 s),
//! `AWS_METADATA_SERVICE_NUM_ATTEMPTS` (1), `AWS_EC2_METADATA_SERVICE_ENDPOINT`,
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` (`ipv4`/`ipv6`), `AWS_IMDS_USE_IPV6`,
//! `AWS_EC2_METADATA_V1_DISABLED`, and `AWS_EC2_METADATA_DISABLED` (environment only).
//! Unreachable or unhelpful metadata means "no credentials here", not an error.

use super::{parse_expiry, Clock, CredentialProvider, Credentials};
use crate::config_file::{Env, Profile};
use crate::Error;
use futures::future::BoxFuture;
use reqwest::{Method, StatusCode, Url};
use serde_json::Value;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

/// The IPv4 metadata endpoint.
pub(super) const IPV4_ENDPOINT: &str = "http://169.254.169.254/";
/// The IPv6 metadata endpoint.
pub(super) const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]/";
const TOKEN_PATH: &str = "latest/api/token";
const TOKEN_TTL: &str = "21600";
const ROLE_PATH: &str = "latest/meta-data/iam/security-credentials/";
const AZ_PATH: &str = "latest/meta-data/placement/availability-zone/";
/// botocore's refresh window for instance credentials, to which 2–10 minutes of jitter is
/// added when stale credentials get their expiry extended.
const REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// How to reach the instance metadata service.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImdsSettings {
    /// Base URL (ends with `/`).
    pub endpoint: Url,
    /// Connect and read timeout per request.
    pub timeout: Duration,
    /// Attempts per request (at least 1).
    pub attempts: u32,
    /// Refuse to fall back to IMDSv1.
    pub v1_disabled: bool,
    /// `AWS_EC2_METADATA_DISABLED=true`: never call the service.
    pub disabled: bool,
}

impl ImdsSettings {
    /// The settings botocore would use under `env` and the selected `profile`.
    pub fn resolve(env: &Env, profile: Option<&Profile>) -> Result<Self, Error> {
        let setting = |var: &str, key: &str| -> Option<String> {
            env.get(var)
                .or_else(|| profile.and_then(|p| p.get(key)))
                .map(str::to_string)
        };
        let flag = |var: &str, key: &str| {
            setting(var, key).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        };
        let timeout = match setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout") {
            Some(t) => t
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s > 0.0)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| {
                    Error::credentials(format!(
                        "metadata_service_timeout {t:?} is not a number of seconds"
                    ))
                })?,
            None => Duration::from_secs(1),
        };
        let attempts = match setting(
            "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
            "metadata_service_num_attempts",
        ) {
            Some(n) => n
                .trim()
                .parse::<u32>()
                .map_err(|_| {
                    Error::credentials(format!(
                        "metadata_service_num_attempts {n:?} is not a whole number"
                    ))
                })?
                .max(1),
            None => 1,
        };
        let mode = match setting(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
            "ec2_metadata_service_endpoint_mode",
        ) {
            Some(mode) => match mode.to_ascii_lowercase().as_str() {
                "ipv4" => false,
                "ipv6" => true,
                _ => {
                    return Err(Error::credentials(format!(
                        "invalid IMDS endpoint mode {mode:?}: valid modes are ipv4, ipv6"
                    )))
                }
            },
            None => flag("AWS_IMDS_USE_IPV6", "imds_use_ipv6"),
        };
        let endpoint = setting(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            "ec2_metadata_service_endpoint",
        )
        .unwrap_or_else(|| if mode { IPV6_ENDPOINT } else { IPV4_ENDPOINT }.to_string());
        let with_slash = if endpoint.ends_with('/') {
            endpoint.clone()
        } else {
            format!("{endpoint}/")
        };
        let endpoint = Url::parse(&with_slash)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| Error::credentials(format!("invalid IMDS endpoint {endpoint:?}")))?;
        Ok(ImdsSettings {
            endpoint,
            timeout,
            attempts,
            v1_disabled: flag("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled"),
            disabled: env
                .get("AWS_EC2_METADATA_DISABLED")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        })
    }
}

/// Fetches instance role credentials.
#[derive(Debug)]
pub struct ImdsProvider {
    settings: ImdsSettings,
    clock: Clock,
    http: OnceLock<reqwest::Client>,
}

enum Fetch {
    Body(String),
    Exhausted,
}

impl ImdsProvider {
    /// A provider with these settings.
    pub fn new(settings: ImdsSettings) -> Self {
        ImdsProvider {
            settings,
            clock: Clock::system(),
            http: OnceLock::new(),
        }
    }

    /// Uses `clock` to decide whether returned credentials are stale.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The settings in use.
    pub fn settings(&self) -> &ImdsSettings {
        &self.settings
    }

    fn http(&self) -> Result<&reqwest::Client, Error> {
        if let Some(client) = self.http.get() {
            return Ok(client);
        }
        let client = crate::tls::http_client_builder()
            .no_proxy()
            .connect_timeout(self.settings.timeout)
            .timeout(self.settings.timeout)
            .build()
            .map_err(|e| Error::credentials(format!("cannot build the HTTP client: {e}")))?;
        Ok(self.http.get_or_init(|| client))
    }

    fn url(&self, path: &str) -> Result<Url, Error> {
        self.settings
            .endpoint
            .join(path)
            .map_err(|e| Error::credentials(format!("invalid IMDS path {path:?}: {e}")))
    }

    /// The IMDSv2 session token; `None` means "fall back to IMDSv1" (or give up when the
    /// service said 400).
    async fn token(&self) -> Result<Result<Option<String>, ()>, Error> {
        let url = self.url(TOKEN_PATH)?;
        for _ in 0..self.settings.attempts {
            let sent = self
                .http()?
                .request(Method::PUT, url.clone())
                .header("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL)
                .send()
                .await;
            match sent {
                Ok(response) => match response.status() {
                    StatusCode::OK => match response.text().await {
                        Ok(token) => return Ok(Ok(Some(token))),
                        Err(e) if e.is_timeout() => return Ok(Ok(None)),
                        Err(_) => continue,
                    },
                    StatusCode::FORBIDDEN
                    | StatusCode::NOT_FOUND
                    | StatusCode::METHOD_NOT_ALLOWED => return Ok(Ok(None)),
                    StatusCode::BAD_REQUEST => return Ok(Err(())),
                    _ => continue,
                },
                Err(e) if e.is_timeout() && !e.is_connect() => return Ok(Ok(None)),
                Err(e) => tracing::debug!(error = %e, "IMDS token request failed"),
            }
        }
        Ok(Ok(None))
    }

    /// The token every lookup calls with: `None` when the service is disabled or refused a
    /// token (400), so the lookup gives up; `Some(None)` to call without one (IMDSv1).
    async fn session_token(&self) -> Result<Option<Option<String>>, Error> {
        if self.settings.disabled {
            return Ok(None);
        }
        Ok(self.token().await?.ok())
    }

    async fn get(&self, path: &str, token: Option<&str>, want_json: bool) -> Result<Fetch, Error> {
        let url = self.url(path)?;
        for _ in 0..self.settings.attempts {
            let mut request = self.http()?.get(url.clone());
            if let Some(token) = token {
                request = request.header("x-aws-ec2-metadata-token", token);
            }
            let response = match request.send().await {
                Ok(r) => r,
                Err(e) => {
                    tracing::debug!(error = %e, "IMDS request failed");
                    continue;
                }
            };
            let status = response.status();
            let Ok(body) = response.text().await else {
                continue;
            };
            if status != StatusCode::OK || body.is_empty() {
                tracing::debug!(status = status.as_u16(), "IMDS returned no usable response");
                continue;
            }
            if want_json && serde_json::from_str::<Value>(&body).is_err() {
                tracing::debug!("IMDS returned invalid JSON");
                continue;
            }
            return Ok(Fetch::Body(body));
        }
        Ok(Fetch::Exhausted)
    }

    /// The instance's region (its availability zone without the zone letter), `None` when the
    /// service is disabled or unreachable.
    pub async fn region(&self) -> Result<Option<String>, Error> {
        let Some(token) = self.session_token().await? else {
            return Ok(None);
        };
        if token.is_none() && self.settings.v1_disabled {
            return Ok(None);
        }
        match self.get(AZ_PATH, token.as_deref(), false).await? {
            Fetch::Body(zone) => {
                let zone = zone.trim();
                let mut chars = zone.chars();
                chars.next_back();
                Ok(Some(chars.as_str().to_string()).filter(|r| !r.is_empty()))
            }
            Fetch::Exhausted => Ok(None),
        }
    }

    /// The instance role's credentials, `None` when the service is disabled, unreachable or
    /// has no role for this instance.
    pub async fn load(&self) -> Result<Option<Credentials>, Error> {
        let Some(token) = self.session_token().await? else {
            return Ok(None);
        };
        if token.is_none() && self.settings.v1_disabled {
            return Err(Error::credentials(
                "unable to retrieve a token for use in IMDSv2 calls, and IMDSv1 has been disabled",
            ));
        }
        let Fetch::Body(role) = self.get(ROLE_PATH, token.as_deref(), false).await? else {
            return Ok(None);
        };
        let role = role.trim();
        let path = format!("{ROLE_PATH}{role}");
        let Fetch::Body(document) = self.get(&path, token.as_deref(), true).await? else {
            return Ok(None);
        };
        let document: Value = serde_json::from_str(&document).unwrap_or(Value::Null);
        let field = |key: &str| document.get(key).and_then(Value::as_str);
        let (Some(access_key), Some(secret), Some(session_token), Some(expiration)) = (
            field("AccessKeyId"),
            field("SecretAccessKey"),
            field("Token"),
            field("Expiration"),
        ) else {
            tracing::debug!(code = ?field("Code"), "IMDS credentials response lacks required fields");
            return Ok(None);
        };
        let expiry = extend_if_stale(
            parse_expiry(expiration, "iam-role")?,
            self.clock.now(),
            jitter(),
        );
        tracing::info!(role, "found credentials from the instance's IAM role");
        Ok(Some(
            Credentials::new(access_key, secret, Some(session_token.to_string()))
                .with_expiry(expiry),
        ))
    }
}

/// 2 to 10 minutes.
fn jitter() -> Duration {
    let r = uuid::Uuid::new_v4().as_u128();
    Duration::from_secs(120 + (r % 481) as u64)
}

/// botocore's static stability: credentials that expire within the refresh window plus
/// `jitter` (stale ones a degraded service keeps serving) are treated as valid for that long
/// from now, so the instance keeps working and retries the service later.
fn extend_if_stale(expiry: SystemTime, now: SystemTime, jitter: Duration) -> SystemTime {
    let interval = REFRESH_WINDOW + jitter;
    match expiry.checked_sub(interval) {
        Some(extension) if now < extension => expiry,
        _ => {
            tracing::info!(
                "attempting credential expiration extension due to a credential service \
                 availability issue"
            );
            now + interval
        }
    }
}

impl CredentialProvider for ImdsProvider {
    fn name(&self) -> &'static str {
        "iam-role"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(vars: &[(&str, &str)], profile: &[(&str, &str)]) -> Result<ImdsSettings, Error> {
        let env: Env = vars.iter().copied().collect();
        let profile = Profile::from_pairs("p", profile.iter().copied());
        ImdsSettings::resolve(&env, Some(&profile))
    }

    #[test]
    fn settings_table() {
        let s = resolve(&[], &[]).unwrap();
        assert_eq!(s.endpoint.as_str(), IPV4_ENDPOINT);
        assert_eq!(
            (s.timeout, s.attempts, s.v1_disabled, s.disabled),
            (Duration::from_secs(1), 1, false, false)
        );

        let s = resolve(
            &[
                ("AWS_METADATA_SERVICE_TIMEOUT", "3"),
                ("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "4"),
            ],
            &[
                ("metadata_service_timeout", "9"),
                ("metadata_service_num_attempts", "9"),
            ],
        )
        .unwrap();
        assert_eq!((s.timeout, s.attempts), (Duration::from_secs(3), 4));

        let s = resolve(
            &[],
            &[
                ("metadata_service_timeout", "2"),
                ("ec2_metadata_v1_disabled", "True"),
            ],
        )
        .unwrap();
        assert_eq!((s.timeout, s.v1_disabled), (Duration::from_secs(2), true));

        let s = resolve(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")], &[]).unwrap();
        assert_eq!(s.endpoint.as_str(), IPV6_ENDPOINT);
        let s = resolve(&[("AWS_IMDS_USE_IPV6", "true")], &[]).unwrap();
        assert_eq!(s.endpoint.as_str(), IPV6_ENDPOINT);
        let s = resolve(
            &[
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338"),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv6"),
            ],
            &[],
        )
        .unwrap();
        assert_eq!(s.endpoint.as_str(), "http://127.0.0.1:1338/");
        let s = resolve(
            &[],
            &[("ec2_metadata_service_endpoint", "http://[::1]:1338/")],
        )
        .unwrap();
        assert_eq!(s.endpoint.as_str(), "http://[::1]:1338/");
        assert!(
            resolve(&[("AWS_EC2_METADATA_DISABLED", "TRUE")], &[])
                .unwrap()
                .disabled
        );

        for bad in [
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5")][..],
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "not a url")][..],
            &[("AWS_METADATA_SERVICE_TIMEOUT", "soon")][..],
            &[("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "-1")][..],
        ] {
            assert!(resolve(bad, &[]).unwrap_err().is_credentials(), "{bad:?}");
        }
    }

    #[test]
    fn stale_credentials_get_extended() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let jitter = Duration::from_secs(300);
        let fresh = now + Duration::from_secs(6 * 3600);
        assert_eq!(extend_if_stale(fresh, now, jitter), fresh);
        let stale = now - Duration::from_secs(60);
        assert_eq!(
            extend_if_stale(stale, now, jitter),
            now + REFRESH_WINDOW + jitter
        );
        let soon = now + Duration::from_secs(10 * 60);
        assert_eq!(
            extend_if_stale(soon, now, jitter),
            now + REFRESH_WINDOW + jitter
        );
    }

    #[test]
    fn jitter_is_two_to_ten_minutes() {
        for _ in 0..200 {
            let j = jitter().as_secs();
            assert!((120..=600).contains(&j), "{j}");
        }
    }
}
