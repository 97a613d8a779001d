//! Where credentials come from: botocore's provider chain, one provider per file, and a cache
//! that refreshes temporary credentials before they expire.
//!
//! Every provider answers `Ok(Some(credentials))` when it found credentials, `Ok(None)` when
//! its source is not configured (so the chain moves on) and `Err` when its source is
//! configured but broken (so the chain stops, as botocore does). Providers read an explicit
//! [`Env`](crate::config_file::Env) and [`SharedConfig`](crate::config_file::SharedConfig),
//! never the process environment, so they are testable side by side.
//!
//! The chain, in botocore's order ([`CredentialsChain::default_chain`]):
//! environment → assume-role → web identity → SSO → shared credentials file → `aws login`
//! profiles (reported as unsupported) → `credential_process` → config file → legacy EC2 key
//! file → boto 2 config → container → instance metadata (IMDSv2).
//! The environment provider is left out when the program chose a profile explicitly.
//!
//! STS and the SSO portal are reached through the small [`StsClient`] and [`SsoPortal`]
//! traits, so the providers work with any client (and with recording fakes in tests);
//! [`ClientSts`] serves STS with rboto's own client.
//! [`CredentialsCache`] wraps a provider, hands out the current credentials and refreshes
//! them in the advisory (15 min) and mandatory (10 min) windows, one refresh at a time.

mod assume_role;
mod cache;
mod chain;
mod client_sts;
mod clock;
mod config_file_keys;
mod container;
mod environment;
mod imds;
mod legacy_files;
mod login;
pub(crate) mod process;
mod profile_chain;
mod shared_credentials_file;
mod sso;
mod sso_http;
mod sso_token;
mod sso_token_refresh;
mod sts;
mod web_identity;

pub use crate::session::Credentials;
pub use assume_role::AssumeRoleProvider;
pub use cache::{CredentialsCache, ADVISORY_REFRESH, MANDATORY_REFRESH};
pub use chain::{ChainContext, CredentialsChain};
pub use client_sts::ClientSts;
pub use clock::Clock;
pub use config_file_keys::ConfigFileProvider;
pub use container::ContainerProvider;
pub use environment::EnvironmentProvider;
pub use imds::{ImdsProvider, ImdsSettings};
pub use legacy_files::{BotoConfigProvider, Ec2CredentialsFileProvider};
pub use login::LoginProvider;
pub use process::ProcessProvider;
pub use shared_credentials_file::SharedCredentialsFileProvider;
pub use sso::{RoleCredentialsRequest, SsoPortal, SsoProvider};
pub use sso_http::HttpSso;
pub use sso_token::SsoTokenProvider;
pub use sso_token_refresh::{CreateTokenRequest, CreatedToken, SsoOidc};
pub use sts::{AssumeRoleRequest, AssumeRoleWithWebIdentityRequest, AssumedRole, StsClient};
pub use web_identity::WebIdentityProvider;

use crate::Error;
use futures::future::BoxFuture;
use std::sync::Arc;
use std::time::SystemTime;

/// botocore's default chain over `ctx` for the profile the program chose (if any), behind a
/// refreshing cache: what a session uses when it is given no credentials.
pub fn default_provider(
    ctx: &ChainContext,
    explicit_profile: Option<&str>,
) -> Result<CredentialsCache, Error> {
    let chain = CredentialsChain::default_chain(ctx, explicit_profile)?;
    Ok(CredentialsCache::new(Arc::new(chain)).with_clock(ctx.clock().clone()))
}

/// One link of a credential chain.
pub trait CredentialProvider: Send + Sync + 'static {
    /// botocore's short name for this provider (`env`, `assume-role`, `iam-role`, …).
    fn name(&self) -> &'static str;

    /// Credentials, `None` when this provider's source is not configured, or why the
    /// configured source failed.
    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>>;
}

/// Parses an expiration timestamp as the providers receive it (ISO 8601 / RFC 3339).
pub(crate) fn parse_expiry(text: &str, what: &str) -> Result<SystemTime, Error> {
    crate::protocol::timestamp::parse(text)
        .map(SystemTime::from)
        .map_err(|_| Error::credentials(format!("{what}: expiration {text:?} is not a timestamp")))
}

/// The account id in an ARN such as `arn:aws:sts::123456789012:assumed-role/r/s`.
pub(crate) fn account_from_arn(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (prefix, partition, _service, _region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    (prefix == "arn" && !partition.is_empty() && !account.is_empty() && !resource.is_empty())
        .then_some(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_from_arn_table() {
        let cases = [
            (
                "arn:aws:sts::123456789012:assumed-role/r/s",
                Some("123456789012"),
            ),
            ("arn:aws-cn:iam::000000000000:role/x", Some("000000000000")),
            ("arn:aws:s3:::bucket", None),
            ("not-an-arn", None),
            ("arn:aws:sts::123", None),
        ];
        for (arn, expected) in cases {
            assert_eq!(account_from_arn(arn), expected, "{arn}");
        }
    }

    #[test]
    fn expiry_parses_rfc3339_and_rejects_garbage() {
        let t = parse_expiry("2026-01-02T03:04:05Z", "test").unwrap();
        let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(secs, 1_767_323_045);
        assert!(parse_expiry("2026-01-02T03:04:05+01:00", "test").is_ok());
        let err = parse_expiry("soon", "custom-process").unwrap_err();
        assert!(err.to_string().contains("custom-process"), "{err}");
    }
}
