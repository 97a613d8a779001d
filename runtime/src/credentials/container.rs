//! Credentials from the container credentials endpoint (botocore's `container-role`): ECS
//! task roles (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, fetched from `169.254.170.2`) and
//! EKS Pod Identity or other agents (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, which must use
//! HTTPS or point at a loopback address or one of the documented container endpoints), with
//! an `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every
//! fetch, as the agent rotates it) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.

use super::{parse_expiry, CredentialProvider, Credentials};
use crate::config_file::Env;
use crate::Error;
use futures::future::BoxFuture;
use reqwest::Url;
use serde_json::Value;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

const RELATIVE_URI: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const FULL_URI: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
const TOKEN: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
const TOKEN_FILE: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
/// The ECS credentials endpoint that relative URIs are resolved against.
pub(super) const ECS_ENDPOINT: &str = "http://169.254.170.2";
const ALLOWED_HOSTS: [&str; 3] = ["169.254.170.2", "169.254.170.23", "localhost"];
const EKS_IPV6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23);

/// Fetches credentials from the container credentials endpoint.
#[derive(Debug)]
pub struct ContainerProvider {
    env: Arc<Env>,
    timeout: Duration,
    attempts: u32,
    retry_delay: Duration,
    http: OnceLock<reqwest::Client>,
}

impl ContainerProvider {
    /// A provider reading its settings from `env`, with botocore's 2 s timeout and 3 attempts
    /// a second apart.
    pub fn new(env: Arc<Env>) -> Self {
        ContainerProvider {
            env,
            timeout: Duration::from_secs(2),
            attempts: 3,
            retry_delay: Duration::from_secs(1),
            http: OnceLock::new(),
        }
    }

    /// Waits `delay` between attempts instead of a second.
    pub fn with_retry_delay(mut self, delay: Duration) -> Self {
        self.retry_delay = delay;
        self
    }

    /// The URL credentials are fetched from; `None` when neither variable is set.
    pub fn endpoint(&self) -> Result<Option<Url>, Error> {
        endpoint(&self.env)
    }

    async fn authorization(&self) -> Result<Option<String>, Error> {
        let token = if let Some(path) = self.env.get(TOKEN_FILE) {
            Some(tokio::fs::read_to_string(path).await.map_err(|e| {
                Error::credentials(format!("cannot read {TOKEN_FILE} ({path}): {e}"))
            })?)
        } else {
            self.env.get(TOKEN).map(str::to_string)
        };
        if let Some(token) = &token {
            if token.contains(['\r', '\n']) {
                return Err(Error::credentials(
                    "the container authorization token is not a legal header value (it contains a line break)",
                ));
            }
        }
        Ok(token)
    }

    fn http(&self) -> Result<&reqwest::Client, Error> {
        if let Some(client) = self.http.get() {
            return Ok(client);
        }
        let client = crate::tls::http_client_builder()
            .no_proxy()
            .connect_timeout(self.timeout)
            .timeout(self.timeout)
            .build()
            .map_err(|e| Error::credentials(format!("cannot build the HTTP client: {e}")))?;
        Ok(self.http.get_or_init(|| client))
    }

    /// Fetches credentials, `None` when no container endpoint is configured.
    pub async fn load(&self) -> Result<Option<Credentials>, Error> {
        let Some(url) = self.endpoint()? else {
            return Ok(None);
        };
        let mut last_error = String::new();
        for attempt in 0..self.attempts {
            if attempt > 0 {
                tokio::time::sleep(self.retry_delay).await;
            }
            let authorization = self.authorization().await?;
            match self.fetch_once(&url, authorization.as_deref()).await {
                Ok(document) => return parse_document(&document).map(Some),
                Err(reason) => {
                    tracing::debug!(%reason, "container credentials attempt failed");
                    last_error = reason;
                }
            }
        }
        Err(Error::credentials(format!(
            "error retrieving container credentials from {url} after {} attempts: {last_error}",
            self.attempts
        )))
    }

    async fn fetch_once(&self, url: &Url, authorization: Option<&str>) -> Result<Value, String> {
        let mut request = self
            .http()
            .map_err(|e| e.to_string())?
            .get(url.clone())
            .header("Accept", "application/json");
        if let Some(token) = authorization {
            request = request.header("Authorization", token);
        }
        let response = request.send().await.map_err(|e| describe(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| describe(&e))?;
        if status != reqwest::StatusCode::OK {
            return Err(format!("received non-200 response {}", status.as_u16()));
        }
        serde_json::from_slice(&body)
            .map_err(|_| "unable to parse the JSON returned by the container endpoint".to_string())
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        "request failed".into()
    }
}

/// See [`ContainerProvider::endpoint`].
pub(crate) fn endpoint(env: &Env) -> Result<Option<Url>, Error> {
    let text = if let Some(relative) = env.get(RELATIVE_URI) {
        format!("{ECS_ENDPOINT}{relative}")
    } else if let Some(full) = env.get(FULL_URI) {
        full.to_string()
    } else {
        return Ok(None);
    };
    let url = Url::parse(&text).map_err(|e| {
        Error::credentials(format!("invalid container credentials URL {text:?}: {e}"))
    })?;
    if env.get(RELATIVE_URI).is_none() && !allowed(&url) {
        return Err(Error::credentials(format!(
            "unsupported host {:?} in {FULL_URI}: credentials can only be retrieved over HTTPS, \
             from a loopback address, or from one of: 169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost",
            url.host_str().unwrap_or_default()
        )));
    }
    Ok(Some(url))
}

fn allowed(url: &Url) -> bool {
    if url.scheme() == "https" {
        return true;
    }
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback() || ALLOWED_HOSTS.contains(&bare),
        Ok(IpAddr::V6(ip)) => ip.is_loopback() || ip == EKS_IPV6,
        Err(_) => ALLOWED_HOSTS.contains(&host),
    }
}

fn parse_document(document: &Value) -> Result<Credentials, Error> {
    let field = |key: &str| {
        document.get(key).and_then(Value::as_str).ok_or_else(|| {
            Error::credentials(format!("container credentials response has no {key}"))
        })
    };
    let creds = Credentials::new(
        field("AccessKeyId")?,
        field("SecretAccessKey")?,
        Some(field("Token")?.to_string()),
    )
    .with_expiry(parse_expiry(field("Expiration")?, "container-role")?);
    Ok(match document.get("AccountId").and_then(Value::as_str) {
        Some(account) => creds.with_account_id(account),
        None => creds,
    })
}

impl CredentialProvider for ContainerProvider {
    fn name(&self) -> &'static str {
        "container-role"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_table() {
        // (variables, Ok(url) / Err)
        type Vars<'a> = &'a [(&'a str, &'a str)];
        let cases: &[(Vars, Result<Option<&str>, ()>)] = &[
            (&[], Ok(None)),
            (
                &[(RELATIVE_URI, "/v2/credentials/abc")],
                Ok(Some("http://169.254.170.2/v2/credentials/abc")),
            ),
            (
                &[(RELATIVE_URI, "/rel"), (FULL_URI, "http://evil.example/")],
                Ok(Some("http://169.254.170.2/rel")),
            ),
            (
                &[(FULL_URI, "http://127.0.0.1:8080/creds")],
                Ok(Some("http://127.0.0.1:8080/creds")),
            ),
            (
                &[(FULL_URI, "http://127.9.9.9/creds")],
                Ok(Some("http://127.9.9.9/creds")),
            ),
            (
                &[(FULL_URI, "http://[::1]:80/creds")],
                Ok(Some("http://[::1]/creds")),
            ),
            (
                &[(FULL_URI, "http://localhost/creds")],
                Ok(Some("http://localhost/creds")),
            ),
            (
                &[(FULL_URI, "http://169.254.170.23/v1/credentials")],
                Ok(Some("http://169.254.170.23/v1/credentials")),
            ),
            (
                &[(FULL_URI, "http://[fd00:ec2::23]/v1/credentials")],
                Ok(Some("http://[fd00:ec2::23]/v1/credentials")),
            ),
            (
                &[(FULL_URI, "https://creds.example.com/x")],
                Ok(Some("https://creds.example.com/x")),
            ),
            (&[(FULL_URI, "http://creds.example.com/x")], Err(())),
            (&[(FULL_URI, "http://10.0.0.1/x")], Err(())),
            (&[(FULL_URI, "http://169.254.169.254/x")], Err(())),
            (&[(FULL_URI, "not a url")], Err(())),
        ];
        for (vars, expected) in cases {
            let env: Env = vars.iter().copied().collect();
            let got = endpoint(&env).map(|u| u.map(|u| u.to_string()));
            match (got, expected) {
                (Ok(got), Ok(expected)) => assert_eq!(got.as_deref(), *expected, "{vars:?}"),
                (Err(e), Err(())) => assert!(e.is_credentials()),
                (got, _) => panic!("{vars:?}: unexpected {got:?}"),
            }
        }
    }

    #[tokio::test]
    async fn token_with_line_break_is_rejected() {
        let env = Env::new()
            .with(FULL_URI, "http://127.0.0.1/")
            .with(TOKEN, "abc\r\nX-Evil: 1");
        let err = ContainerProvider::new(Arc::new(env))
            .authorization()
            .await
            .unwrap_err();
        assert!(err.to_string().contains("line break"));
        assert!(!err.to_string().contains("X-Evil"));
    }
}
