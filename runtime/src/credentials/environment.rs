//! Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SECURITY_TOKEN` or
//! `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION` and `AWS_ACCOUNT_ID` (botocore's `env`).

use super::{parse_expiry, CredentialProvider, Credentials};
use crate::config_file::Env;
use crate::Error;
use futures::future::BoxFuture;
use std::sync::Arc;

/// Reads credentials from environment variables.
#[derive(Debug, Clone)]
pub struct EnvironmentProvider {
    env: Arc<Env>,
}

impl EnvironmentProvider {
    /// A provider reading `env`.
    pub fn new(env: Arc<Env>) -> Self {
        EnvironmentProvider { env }
    }

    /// The credentials in the environment: `None` without an access key id, an error when the
    /// access key id is there but the secret is not.
    pub fn load(&self) -> Result<Option<Credentials>, Error> {
        load(&self.env)
    }
}

/// See [`EnvironmentProvider::load`].
pub(crate) fn load(env: &Env) -> Result<Option<Credentials>, Error> {
    let Some(access_key) = env.get_non_empty("AWS_ACCESS_KEY_ID") else {
        return Ok(None);
    };
    let Some(secret) = env.get_non_empty("AWS_SECRET_ACCESS_KEY") else {
        return Err(Error::credentials(
            "partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY",
        ));
    };
    let token = env
        .get_non_empty("AWS_SECURITY_TOKEN")
        .or_else(|| env.get_non_empty("AWS_SESSION_TOKEN"));
    let mut creds = Credentials::new(access_key, secret, token.map(str::to_string));
    if let Some(expiry) = env.get_non_empty("AWS_CREDENTIAL_EXPIRATION") {
        creds = creds.with_expiry(parse_expiry(expiry, "env")?);
    }
    if let Some(account) = env.get_non_empty("AWS_ACCOUNT_ID") {
        creds = creds.with_account_id(account);
    }
    Ok(Some(creds))
}

impl CredentialProvider for EnvironmentProvider {
    fn name(&self) -> &'static str {
        "env"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(async move { self.load() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn env(pairs: &[(&str, &str)]) -> Env {
        pairs.iter().copied().collect()
    }

    #[test]
    fn table() {
        // (variables, access key, secret, token, account, expiry epoch secs)
        type Row<'a> = (
            &'a [(&'a str, &'a str)],
            &'a str,
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Option<u64>,
        );
        let cases: &[Row] = &[
            (
                &[("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", "S")],
                "A",
                "S",
                None,
                None,
                None,
            ),
            (
                &[
                    ("AWS_ACCESS_KEY_ID", "A"),
                    ("AWS_SECRET_ACCESS_KEY", "S"),
                    ("AWS_SESSION_TOKEN", "T"),
                ],
                "A",
                "S",
                Some("T"),
                None,
                None,
            ),
            (
                &[
                    ("AWS_ACCESS_KEY_ID", "A"),
                    ("AWS_SECRET_ACCESS_KEY", "S"),
                    ("AWS_SESSION_TOKEN", "session"),
                    ("AWS_SECURITY_TOKEN", "security"),
                ],
                "A",
                "S",
                Some("security"),
                None,
                None,
            ),
            (
                &[
                    ("AWS_ACCESS_KEY_ID", "A"),
                    ("AWS_SECRET_ACCESS_KEY", "S"),
                    ("AWS_SECURITY_TOKEN", ""),
                    ("AWS_SESSION_TOKEN", "T"),
                    ("AWS_ACCOUNT_ID", "123456789012"),
                    ("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z"),
                ],
                "A",
                "S",
                Some("T"),
                Some("123456789012"),
                Some(1_893_456_000),
            ),
        ];
        for (vars, ak, sk, token, account, expiry) in cases {
            let creds = load(&env(vars)).unwrap().expect("credentials");
            assert_eq!(creds.access_key_id(), *ak);
            assert_eq!(creds.secret_access_key(), *sk);
            assert_eq!(creds.session_token(), *token);
            assert_eq!(creds.account_id(), *account);
            assert_eq!(
                creds.expiry(),
                expiry.map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s))
            );
        }
    }

    #[test]
    fn absent_or_partial() {
        assert!(load(&env(&[])).unwrap().is_none());
        assert!(load(&env(&[("AWS_SECRET_ACCESS_KEY", "S")]))
            .unwrap()
            .is_none());
        assert!(load(&env(&[("AWS_ACCESS_KEY_ID", "")])).unwrap().is_none());
        let err = load(&env(&[("AWS_ACCESS_KEY_ID", "A")])).unwrap_err();
        assert!(err.is_credentials());
        assert!(err.to_string().contains("AWS_SECRET_ACCESS_KEY"), "{err}");
        let err = load(&env(&[
            ("AWS_ACCESS_KEY_ID", "A"),
            ("AWS_SECRET_ACCESS_KEY", "S"),
            ("AWS_CREDENTIAL_EXPIRATION", "tomorrow"),
        ]))
        .unwrap_err();
        assert!(err.to_string().contains("expiration"), "{err}");
    }
}
