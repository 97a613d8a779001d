//! The two STS calls the assume-role and web identity providers make, behind a trait so any
//! client (ours, once wired, or a test double) can serve them.

use super::{account_from_arn, Credentials};
use crate::Error;
use futures::future::BoxFuture;
use std::fmt;

/// Parameters of `sts:AssumeRole` as botocore builds them from a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssumeRoleRequest {
    /// `RoleArn`: the profile's `role_arn`.
    pub role_arn: String,
    /// `RoleSessionName`: the profile's `role_session_name`, else `botocore-session-<epoch>`.
    pub role_session_name: String,
    /// `ExternalId`: the profile's `external_id`.
    pub external_id: Option<String>,
    /// `DurationSeconds`: the profile's `duration_seconds`.
    pub duration_seconds: Option<u32>,
    /// The profile whose `role_arn` this is (for error messages and regional settings).
    pub profile: String,
}

/// Parameters of `sts:AssumeRoleWithWebIdentity`. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssumeRoleWithWebIdentityRequest {
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`: configured, else `botocore-session-<epoch>`.
    pub role_session_name: String,
    /// `WebIdentityToken`: the token file's contents, read fresh for every call.
    pub web_identity_token: String,
}

impl fmt::Debug for AssumeRoleWithWebIdentityRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleWithWebIdentityRequest")
            .field("role_arn", &self.role_arn)
            .field("role_session_name", &self.role_session_name)
            .field("web_identity_token", &"** redacted **")
            .finish()
    }
}

/// What STS answered: the temporary credentials (with their expiry) and the assumed role's
/// ARN (`AssumedRoleUser.Arn`), from which the account id is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumedRole {
    /// The temporary credentials.
    pub credentials: Credentials,
    /// `AssumedRoleUser.Arn`, when STS sent it.
    pub assumed_role_arn: Option<String>,
}

impl AssumedRole {
    /// The credentials, tagged with the account of the assumed role when they lack one.
    pub(crate) fn into_credentials(self) -> Credentials {
        match (
            self.credentials.account_id(),
            self.assumed_role_arn.as_deref().and_then(account_from_arn),
        ) {
            (None, Some(account)) => {
                let account = account.to_string();
                self.credentials.with_account_id(account)
            }
            _ => self.credentials,
        }
    }
}

/// An STS client able to make the calls the providers need.
pub trait StsClient: Send + Sync + 'static {
    /// `AssumeRole`, signed with `source` credentials.
    fn assume_role(
        &self,
        source: Credentials,
        request: AssumeRoleRequest,
    ) -> BoxFuture<'_, Result<AssumedRole, Error>>;

    /// `AssumeRoleWithWebIdentity`, sent unsigned.
    fn assume_role_with_web_identity(
        &self,
        request: AssumeRoleWithWebIdentityRequest,
    ) -> BoxFuture<'_, Result<AssumedRole, Error>>;
}

/// The session name botocore generates when none is configured.
pub(crate) fn default_session_name(now: std::time::SystemTime) -> String {
    let secs = now
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("botocore-session-{secs}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_comes_from_the_assumed_role_arn() {
        let role = AssumedRole {
            credentials: Credentials::new("A", "S", Some("T".into())),
            assumed_role_arn: Some("arn:aws:sts::123456789012:assumed-role/r/s".into()),
        };
        assert_eq!(role.into_credentials().account_id(), Some("123456789012"));
        let tagged = AssumedRole {
            credentials: Credentials::new("A", "S", None).with_account_id("1"),
            assumed_role_arn: Some("arn:aws:sts::123456789012:assumed-role/r/s".into()),
        };
        assert_eq!(tagged.into_credentials().account_id(), Some("1"));
    }

    #[test]
    fn web_identity_request_debug_hides_token() {
        let req = AssumeRoleWithWebIdentityRequest {
            role_arn: "arn".into(),
            role_session_name: "s".into(),
            web_identity_token: "eyJhbGciOi-SECRET".into(),
        };
        assert!(!format!("{req:?}").contains("SECRET"));
    }

    #[test]
    fn default_session_name_is_botocores() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1700000000);
        assert_eq!(default_session_name(t), "botocore-session-1700000000");
    }
}
