//! The two small SSO calls made over HTTPS directly, so SSO profiles work without importing
//! the `sso` and `sso-oidc` models: the portal's `GetRoleCredentials`
//! (`GET https://portal.sso.<region>.<suffix>/federation/credentials`, bearer token in
//! `x-amz-sso_bearer_token`) and the OIDC service's `CreateToken`
//! (`POST https://oidc.<region>.<suffix>/token`). Both are unsigned REST-JSON calls.

use super::{
    CreateTokenRequest, CreatedToken, Credentials, RoleCredentialsRequest, SsoOidc, SsoPortal,
};
use crate::body::ByteStream;
use crate::hooks::WireLog;
use crate::transport::{HttpRequest, Transport};
use crate::Error;
use futures::future::BoxFuture;
use http::{Method, StatusCode};
use serde_json::{json, Value};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use url::Url;

/// Serves [`SsoPortal`] and [`SsoOidc`] with plain HTTPS requests.
#[derive(Clone)]
pub struct HttpSso {
    transport: Arc<dyn Transport>,
    endpoint_override: Option<Url>,
    wire_log: Option<WireLog>,
}

impl fmt::Debug for HttpSso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSso")
            .field(
                "endpoint_override",
                &self.endpoint_override.as_ref().map(Url::as_str),
            )
            .field("wire_log", &self.wire_log.is_some())
            .finish()
    }
}

impl HttpSso {
    /// Calls the regional AWS endpoints through `transport` (a session's, for one).
    pub fn new(transport: Arc<dyn Transport>) -> Self {
        HttpSso {
            transport,
            endpoint_override: None,
            wire_log: None,
        }
    }

    /// Prints both calls and their answers to `log` (secrets redacted), as the session whose
    /// credential chain it serves prints its own calls.
    pub fn with_wire_log(mut self, log: WireLog) -> Self {
        self.wire_log = Some(log);
        self
    }

    /// Sends both calls to `url` instead (a proxy or a test double). Fails when `url` is not
    /// an absolute URL.
    pub fn with_endpoint_url(mut self, url: &str) -> Result<Self, Error> {
        let url = Url::parse(url)
            .map_err(|e| Error::credentials(format!("invalid SSO endpoint URL {url:?}: {e}")))?;
        self.endpoint_override = Some(url);
        Ok(self)
    }

    /// Sends one request of `operation` and returns its JSON answer, or the error it
    /// stands for.
    async fn send(
        &self,
        method: Method,
        url: Url,
        headers: &[(&str, &str)],
        body: String,
        operation: &str,
    ) -> Result<Value, Error> {
        let uri = url
            .as_str()
            .parse()
            .map_err(|e| Error::credentials(format!("invalid SSO endpoint: {e}")))?;
        let logged_body = self.wire_log.as_ref().map(|_| body.clone().into_bytes());
        let mut request = HttpRequest::new(ByteStream::from(body));
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        for (name, value) in headers {
            let value = http::HeaderValue::from_str(value).map_err(|_| {
                Error::credentials(format!(
                    "SSO {operation}: {name} is not a valid header value"
                ))
            })?;
            let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::credentials(format!(
                    "SSO {operation}: {name} is not a valid header name"
                ))
            })?;
            request.headers_mut().insert(name, value);
        }
        let service = if operation == "CreateToken" {
            "sso-oidc"
        } else {
            "sso"
        };
        if let Some(log) = &self.wire_log {
            let body = logged_body.as_deref().unwrap_or_default();
            let url = url.as_str();
            log.log_request(
                service,
                operation,
                request.method(),
                url,
                request.headers(),
                body,
            );
        }
        let response = self.transport.send(request).await.map_err(|e| {
            Error::connect(format!(
                "SSO {operation} request failed: {}",
                without_url(&e)
            ))
        })?;
        let (head, body) = response.into_parts();
        let body = body.collect().await.map_err(|e| {
            Error::connect(format!(
                "SSO {operation} response failed: {}",
                if e.is_timeout() {
                    "timed out"
                } else {
                    "transport error"
                }
            ))
        })?;
        if let Some(log) = &self.wire_log {
            log.log_response(
                service,
                operation,
                head.status.as_u16(),
                &head.headers,
                &body,
            );
        }
        read_answer(head.status, &head.headers, &body, operation)
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

/// The JSON of a successful answer, or the credentials error a failed one stands for.
fn read_answer(
    status: StatusCode,
    headers: &http::HeaderMap,
    body: &[u8],
    operation: &str,
) -> Result<Value, Error> {
    let error_type = headers
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(':').next().unwrap_or(v).to_string());
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
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

/// What failed, without the URL (it carries the account and role).
fn without_url(e: &crate::transport::TransportError) -> &'static str {
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "transport error"
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
            let output = self
                .send(
                    Method::GET,
                    url,
                    &[("x-amz-sso_bearer_token", &request.access_token)],
                    String::new(),
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
            let output = self
                .send(
                    Method::POST,
                    url,
                    &[("content-type", "application/json")],
                    body.to_string(),
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
        let sso = HttpSso::new(crate::session::Config::default().transport().unwrap());
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
