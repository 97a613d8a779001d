//! The two small SSO calls made over HTTPS directly, so SSO profiles work without importing
//! the `sso` and `sso-oidc` models: the portal's `GetRoleCredentials`
//! (`GET https://portal.sso.<region>.<suffix>/federation/credentials`, bearer token in
//! `x-amz-sso_bearer_token`) and the OIDC service's `CreateToken`
//! (`POST https://oidc.<region>.<suffix>/token`). Both are unsigned REST-JSON calls.

use super::{
    CreateTokenRequest, CreatedToken, Credentials, RoleCredentialsRequest, SsoOidc, SsoPortal,
};
use crate::Error;
use futures::future::BoxFuture;
use reqwest::{StatusCode, Url};
use serde_json::{json, Value};
use std::fmt;
use std::time::{Duration, SystemTime};

/// Serves [`SsoPortal`] and [`SsoOidc`] with plain HTTPS requests.
#[derive(Clone)]
pub struct HttpSso {
    http: reqwest::Client,
    endpoint_override: Option<Url>,
}

impl fmt::Debug for HttpSso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSso")
            .field(
                "endpoint_override",
                &self.endpoint_override.as_ref().map(Url::as_str),
            )
            .finish()
    }
}

impl HttpSso {
    /// Calls the regional AWS endpoints with `http`.
    pub fn new(http: reqwest::Client) -> Self {
        HttpSso {
            http,
            endpoint_override: None,
        }
    }

    /// Sends both calls to `url` instead (a proxy or a test double).
    pub fn with_endpoint_url(mut self, url: Url) -> Self {
        self.endpoint_override = Some(url);
        self
    }

    fn url(&self, service: &str, region: &str, path: &str) -> Result<Url, Error> {
        let base = match &self.endpoint_override {
            Some(url) => url.clone(),
            None => {
                if region.is_empty()
                    || !region
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    return Err(Error::credentials(format!("invalid SSO region {region:?}")));
                }
                let suffix = if region.starts_with("cn-") {
                    "amazonaws.com.cn"
                } else {
                    "amazonaws.com"
                };
                Url::parse(&format!("https://{service}.{region}.{suffix}/")).map_err(|e| {
                    Error::credentials(format!("invalid SSO endpoint for region {region:?}: {e}"))
                })?
            }
        };
        base.join(path)
            .map_err(|e| Error::credentials(format!("invalid SSO endpoint: {e}")))
    }
}

async fn send(request: reqwest::RequestBuilder, operation: &str) -> Result<Value, Error> {
    let response = request.send().await.map_err(|e| {
        Error::connect(format!(
            "SSO {operation} request failed: {}",
            without_url(&e)
        ))
    })?;
    let status = response.status();
    let error_type = response
        .headers()
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(':').next().unwrap_or(v).to_string());
    let body = response.bytes().await.map_err(|e| {
        Error::connect(format!(
            "SSO {operation} response failed: {}",
            without_url(&e)
        ))
    })?;
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if status.is_success() {
        return Ok(parsed);
    }
    let code = error_type
        .or_else(|| {
            parsed
                .get("error")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .or_else(|| {
            parsed
                .get("__type")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_default();
    if status == StatusCode::UNAUTHORIZED
        || code.contains("Unauthorized")
        || code == "invalid_grant"
    {
        return Err(Error::credentials(format!(
            "SSO {operation} was refused ({code}): the SSO session has expired or is otherwise \
             invalid; to refresh it run `aws sso login` with the corresponding profile"
        )));
    }
    Err(Error::credentials(format!(
        "SSO {operation} failed with HTTP {} {code}",
        status.as_u16()
    )))
}

fn without_url(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        "transport error".into()
    }
}

impl SsoPortal for HttpSso {
    fn get_role_credentials(
        &self,
        request: RoleCredentialsRequest,
    ) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async move {
            let mut url = self.url("portal.sso", &request.region, "federation/credentials")?;
            url.query_pairs_mut()
                .append_pair("role_name", &request.role_name)
                .append_pair("account_id", &request.account_id);
            let output = send(
                self.http
                    .get(url)
                    .header("x-amz-sso_bearer_token", &request.access_token),
                "GetRoleCredentials",
            )
            .await?;
            let creds = &output["roleCredentials"];
            let field = |key: &str| {
                creds[key].as_str().ok_or_else(|| {
                    Error::credentials(format!(
                        "SSO GetRoleCredentials response has no roleCredentials.{key}"
                    ))
                })
            };
            let expiration_ms = creds["expiration"].as_u64().ok_or_else(|| {
                Error::credentials(
                    "SSO GetRoleCredentials response has no roleCredentials.expiration",
                )
            })?;
            Ok(Credentials::new(
                field("accessKeyId")?,
                field("secretAccessKey")?,
                Some(field("sessionToken")?.to_string()),
            )
            .with_expiry(SystemTime::UNIX_EPOCH + Duration::from_millis(expiration_ms))
            .with_account_id(request.account_id))
        })
    }
}

impl SsoOidc for HttpSso {
    fn create_token(
        &self,
        request: CreateTokenRequest,
    ) -> BoxFuture<'_, Result<CreatedToken, Error>> {
        Box::pin(async move {
            let url = self.url("oidc", &request.region, "token")?;
            let body = json!({
                "clientId": request.client_id,
                "clientSecret": request.client_secret,
                "grantType": "refresh_token",
                "refreshToken": request.refresh_token,
            });
            let output = send(
                self.http
                    .post(url)
                    .header("content-type", "application/json")
                    .body(body.to_string()),
                "CreateToken",
            )
            .await?;
            let access_token = output["accessToken"]
                .as_str()
                .ok_or_else(|| Error::credentials("SSO CreateToken response has no accessToken"))?;
            let expires_in = output["expiresIn"]
                .as_u64()
                .ok_or_else(|| Error::credentials("SSO CreateToken response has no expiresIn"))?;
            Ok(CreatedToken {
                access_token: access_token.to_string(),
                expires_in,
                refresh_token: output["refreshToken"].as_str().map(str::to_string),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_endpoints() {
        let sso = HttpSso::new(crate::tls::http_client_builder().build().unwrap());
        assert_eq!(
            sso.url("portal.sso", "eu-west-1", "federation/credentials")
                .unwrap()
                .as_str(),
            "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials"
        );
        assert_eq!(
            sso.url("oidc", "cn-north-1", "token").unwrap().as_str(),
            "https://oidc.cn-north-1.amazonaws.com.cn/token"
        );
        assert!(sso.url("oidc", "evil.com/x", "token").is_err());
        assert!(sso.url("oidc", "", "token").is_err());
    }
}
