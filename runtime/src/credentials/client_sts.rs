//! [`StsClient`] served by rboto's own low-level [`Client`](crate::Client), the way botocore's
//! credential providers create an STS client from the session.
//!
//! `AssumeRole` is signed with the source credentials; `AssumeRoleWithWebIdentity` is a
//! `noAuth` operation in the model and goes unsigned.

use super::{
    parse_expiry, AssumeRoleRequest, AssumeRoleWithWebIdentityRequest, AssumedRole, Credentials,
    StsClient,
};
use crate::hooks::WireLog;
use crate::session::Session;
use crate::{Client, Error, ServiceModel};
use futures::future::BoxFuture;
use serde_json::{json, Map, Value};
use std::fmt;

/// Calls STS through a [`Client`] built from the STS model.
#[derive(Clone)]
pub struct ClientSts {
    model: ServiceModel,
    region: String,
    endpoint_url: Option<String>,
    wire_log: Option<WireLog>,
}

impl fmt::Debug for ClientSts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientSts")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("wire_log", &self.wire_log.is_some())
            .finish()
    }
}

impl ClientSts {
    /// STS in `region`, from its service model (`rboto::models::sts::model()`).
    pub fn new(model: ServiceModel, region: impl Into<String>) -> Self {
        ClientSts {
            model,
            region: region.into(),
            endpoint_url: None,
            wire_log: None,
        }
    }

    /// Sends to this endpoint instead of the resolved one (an emulator, a VPC endpoint).
    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Prints its STS calls to `log` (secrets redacted), as the session whose credential
    /// chain it serves prints its own.
    pub fn with_wire_log(mut self, log: WireLog) -> Self {
        self.wire_log = Some(log);
        self
    }

    fn client(&self, credentials: Option<Credentials>) -> Result<Client, Error> {
        let mut builder = Session::builder().region(self.region.clone());
        if let Some(log) = &self.wire_log {
            builder = builder.wire_log(log.clone());
        }
        if let Some(credentials) = credentials {
            builder = builder.credentials(credentials);
        }
        if let Some(url) = &self.endpoint_url {
            builder = builder.endpoint_url(url.clone());
        }
        builder.build().client(self.model.clone())
    }
}

impl StsClient for ClientSts {
    fn assume_role(
        &self,
        source: Credentials,
        request: AssumeRoleRequest,
    ) -> BoxFuture<'_, Result<AssumedRole, Error>> {
        Box::pin(async move {
            let mut params = Map::new();
            params.insert("RoleArn".into(), json!(request.role_arn));
            params.insert("RoleSessionName".into(), json!(request.role_session_name));
            if let Some(external_id) = &request.external_id {
                params.insert("ExternalId".into(), json!(external_id));
            }
            if let Some(duration) = request.duration_seconds {
                params.insert("DurationSeconds".into(), json!(duration));
            }
            let output = self
                .client(Some(source))?
                .call("AssumeRole", Value::Object(params))
                .await?;
            assumed_role(&output, "AssumeRole")
        })
    }

    fn assume_role_with_web_identity(
        &self,
        request: AssumeRoleWithWebIdentityRequest,
    ) -> BoxFuture<'_, Result<AssumedRole, Error>> {
        Box::pin(async move {
            let params = json!({
                "RoleArn": request.role_arn,
                "RoleSessionName": request.role_session_name,
                "WebIdentityToken": request.web_identity_token,
            });
            let output = self
                .client(None)?
                .call("AssumeRoleWithWebIdentity", params)
                .await?;
            assumed_role(&output, "AssumeRoleWithWebIdentity")
        })
    }
}

/// Reads `Credentials` and `AssumedRoleUser.Arn` from an STS response.
fn assumed_role(output: &Value, operation: &str) -> Result<AssumedRole, Error> {
    let creds = &output["Credentials"];
    let field = |key: &str| {
        creds[key].as_str().ok_or_else(|| {
            Error::credentials(format!("STS {operation} response has no Credentials.{key}"))
        })
    };
    let credentials = Credentials::new(
        field("AccessKeyId")?,
        field("SecretAccessKey")?,
        Some(field("SessionToken")?.to_string()),
    )
    .with_expiry(parse_expiry(field("Expiration")?, operation)?);
    Ok(AssumedRole {
        credentials,
        assumed_role_arn: output["AssumedRoleUser"]["Arn"]
            .as_str()
            .map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_sts_response() {
        let output = json!({
            "Credentials": {
                "AccessKeyId": "ASIAX", "SecretAccessKey": "s", "SessionToken": "t",
                "Expiration": "2030-01-01T00:00:00Z"
            },
            "AssumedRoleUser": {"Arn": "arn:aws:sts::123456789012:assumed-role/r/s", "AssumedRoleId": "AROA:s"}
        });
        let role = assumed_role(&output, "AssumeRole").unwrap();
        assert_eq!(role.credentials.session_token(), Some("t"));
        assert!(role.credentials.expiry().is_some());
        assert_eq!(role.into_credentials().account_id(), Some("123456789012"));
        let err = assumed_role(&json!({"Credentials": {}}), "AssumeRole").unwrap_err();
        assert!(err.to_string().contains("Credentials.AccessKeyId"));
    }
}
