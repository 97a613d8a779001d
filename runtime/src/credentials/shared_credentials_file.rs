//! Static keys from the shared credentials file, `~/.aws/credentials` (botocore's
//! `shared-credentials-file`).

use super::{CredentialProvider, Credentials};
use crate::config_file::{Profile, SharedConfig};
use crate::Error;
use futures::future::BoxFuture;
use std::sync::Arc;

/// Reads `aws_access_key_id`, `aws_secret_access_key`, `aws_security_token` or
/// `aws_session_token` and `aws_account_id` from the profile's `[name]` section of the
/// credentials file.
#[derive(Debug, Clone)]
pub struct SharedCredentialsFileProvider {
    config: Arc<SharedConfig>,
    profile: String,
}

impl SharedCredentialsFileProvider {
    /// A provider for `profile`.
    pub fn new(config: Arc<SharedConfig>, profile: impl Into<String>) -> Self {
        SharedCredentialsFileProvider {
            config,
            profile: profile.into(),
        }
    }

    /// The profile's keys, `None` when the section or its access key id is missing.
    pub fn load(&self) -> Result<Option<Credentials>, Error> {
        match self.config.credentials_file_profile(&self.profile) {
            Some(profile) => static_keys(profile, "shared-credentials-file"),
            None => Ok(None),
        }
    }
}

impl CredentialProvider for SharedCredentialsFileProvider {
    fn name(&self) -> &'static str {
        "shared-credentials-file"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(async move { self.load() })
    }
}

/// Static keys in one profile: `None` without `aws_access_key_id`, an error naming the
/// provider and profile when the secret is missing.
pub(crate) fn static_keys(profile: &Profile, provider: &str) -> Result<Option<Credentials>, Error> {
    let Some(access_key) = profile.get("aws_access_key_id") else {
        return Ok(None);
    };
    let Some(secret) = profile.get("aws_secret_access_key") else {
        return Err(Error::credentials(format!(
            "partial credentials found in {provider} (profile {:?}), missing: aws_secret_access_key",
            profile.name()
        )));
    };
    let token = ["aws_security_token", "aws_session_token"]
        .iter()
        .find_map(|key| profile.get(key))
        .filter(|t| !t.is_empty());
    let mut creds = Credentials::new(access_key, secret, token.map(str::to_string));
    if let Some(account) = profile.get("aws_account_id").filter(|a| !a.is_empty()) {
        creds = creds.with_account_id(account);
    }
    Ok(Some(creds))
}

/// Whether a profile holds static keys (either half), as botocore's assume-role checks.
pub(crate) fn has_static_keys(profile: &Profile) -> bool {
    profile.contains("aws_access_key_id") || profile.contains("aws_secret_access_key")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(credentials: &str, profile: &str) -> SharedCredentialsFileProvider {
        let config = SharedConfig::from_texts(
            Some("[profile cfg]\naws_access_key_id = CONFIG\naws_secret_access_key = S\n"),
            Some(credentials),
        )
        .unwrap();
        SharedCredentialsFileProvider::new(Arc::new(config), profile)
    }

    #[test]
    fn table() {
        // (credentials file, profile, access key, token, account)
        type Found<'a> = Option<&'a str>;
        let cases: &[(&str, &str, Found, Found, Found)] = &[
            ("[default]\naws_access_key_id = A\naws_secret_access_key = S\n", "default", Some("A"), None, None),
            (
                "[dev]\naws_access_key_id = A\naws_secret_access_key = S\naws_session_token = T\naws_account_id = 1\n",
                "dev",
                Some("A"),
                Some("T"),
                Some("1"),
            ),
            (
                "[dev]\naws_access_key_id = A\naws_secret_access_key = S\naws_session_token = T\naws_security_token = OLD\n",
                "dev",
                Some("A"),
                Some("OLD"),
                None,
            ),
            ("[dev]\nregion = us-east-1\n", "dev", None, None, None),
            ("[default]\naws_access_key_id = A\naws_secret_access_key = S\n", "dev", None, None, None),
            ("[profile dev]\naws_access_key_id = A\naws_secret_access_key = S\n", "dev", None, None, None),
            ("", "cfg", None, None, None),
        ];
        for (file, profile, ak, token, account) in cases {
            let creds = provider(file, profile).load().unwrap();
            assert_eq!(creds.as_ref().map(|c| c.access_key_id()), *ak, "{file:?}");
            assert_eq!(
                creds.as_ref().and_then(|c| c.session_token()),
                *token,
                "{file:?}"
            );
            assert_eq!(
                creds.as_ref().and_then(|c| c.account_id()),
                *account,
                "{file:?}"
            );
        }
    }

    #[test]
    fn missing_secret_names_profile() {
        let err = provider("[dev]\naws_access_key_id = A\n", "dev")
            .load()
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("\"dev\"") && msg.contains("aws_secret_access_key"),
            "{msg}"
        );
    }
}
