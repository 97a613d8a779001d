//! Credentials printed by an external program named in the profile's `credential_process`
//! (botocore's `custom-process`).
//!
//! The command line is split shell-style but run without a shell. The program must print
//! a JSON document with `"Version": 1`, `AccessKeyId`, `SecretAccessKey` and optionally
//! `SessionToken`, `Expiration` (which makes the credentials refreshable) and `AccountId`.
//! Its output is never logged or put into an error; errors name the profile.

use super::{parse_expiry, CredentialProvider, Credentials};
use crate::config_file::{shlex, SharedConfig};
use crate::Error;
use futures::future::BoxFuture;
use serde_json::Value;
use std::process::{Command, Stdio};
use std::sync::Arc;

const STDERR_LIMIT: usize = 2000;

/// Runs the profile's `credential_process`.
#[derive(Debug, Clone)]
pub struct ProcessProvider {
    config: Arc<SharedConfig>,
    profile: String,
}

impl ProcessProvider {
    /// A provider for `profile` (read from both shared files merged).
    pub fn new(config: Arc<SharedConfig>, profile: impl Into<String>) -> Self {
        ProcessProvider {
            config,
            profile: profile.into(),
        }
    }

    /// Runs the command, `None` when the profile has no `credential_process`.
    pub async fn load(&self) -> Result<Option<Credentials>, Error> {
        let Some(profile) = self.config.profile(&self.profile) else {
            return Ok(None);
        };
        let Some(command) = profile.get("credential_process") else {
            return Ok(None);
        };
        let fail = |what: String| {
            Error::credentials(format!(
                "credential_process of profile {:?} {what}",
                self.profile
            ))
        };
        let argv = shlex::split(command)
            .ok_or_else(|| fail("has an unclosed quote or a trailing backslash".into()))?;
        let Some((program, args)) = argv.split_first() else {
            return Err(fail("is empty".into()));
        };
        let mut cmd = Command::new(program);
        cmd.args(args)
            .stdin(Stdio::inherit())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let output = tokio::task::spawn_blocking(move || cmd.output())
            .await
            .map_err(|e| fail(format!("could not be waited for: {e}")))?
            .map_err(|e| fail(format!("could not be started ({program}): {e}")))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stderr: String = stderr.trim().chars().take(STDERR_LIMIT).collect();
            return Err(fail(format!("failed ({}): {stderr}", output.status)));
        }
        credentials_from_output(&output.stdout, &self.profile, profile.get("aws_account_id"))
            .map(Some)
    }
}

/// The credentials a `credential_process` printed (`stdout`): a version 1 JSON document with
/// `AccessKeyId` and `SecretAccessKey`, and optionally `SessionToken`, `Expiration` and
/// `AccountId` (else the profile's `aws_account_id`). Errors name the profile, never the
/// output, which holds secrets.
pub(crate) fn credentials_from_output(
    stdout: &[u8],
    profile: &str,
    profile_account_id: Option<&str>,
) -> Result<Credentials, Error> {
    let fail = |what: String| {
        Error::credentials(format!("credential_process of profile {profile:?} {what}"))
    };
    let parsed: Value =
        serde_json::from_slice(stdout).map_err(|_| fail("did not print a JSON document".into()))?;
    let version = parsed.get("Version");
    if version.and_then(Value::as_i64) != Some(1) {
        let shown = version.map_or("<Version key not provided>".to_string(), Value::to_string);
        let shown: String = shown.chars().take(40).collect();
        return Err(fail(format!(
            "printed unsupported Version {shown}; supported versions: 1"
        )));
    }
    let field = |key: &str| {
        parsed
            .get(key)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
    };
    let access_key = field("AccessKeyId").ok_or_else(|| fail("printed no AccessKeyId".into()))?;
    let secret =
        field("SecretAccessKey").ok_or_else(|| fail("printed no SecretAccessKey".into()))?;
    let mut creds = Credentials::new(
        access_key,
        secret,
        field("SessionToken").map(str::to_string),
    );
    if let Some(expiration) = field("Expiration") {
        let what = format!("credential_process of profile {profile:?}");
        creds = creds.with_expiry(parse_expiry(expiration, &what)?);
    }
    if let Some(account) = field("AccountId").or(profile_account_id) {
        creds = creds.with_account_id(account);
    }
    Ok(creds)
}

impl CredentialProvider for ProcessProvider {
    fn name(&self) -> &'static str {
        "custom-process"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(self.load())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn provider(command: &str) -> ProcessProvider {
        let text = format!("[profile p]\ncredential_process = {command}\naws_account_id = 999\n");
        let config = SharedConfig::from_texts(Some(&text), None).unwrap();
        ProcessProvider::new(Arc::new(config), "p")
    }

    #[tokio::test]
    async fn parses_version_1_output() {
        let json = r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "2030-01-01T00:00:00Z"}"#;
        let creds = provider(&format!("/bin/echo '{json}'"))
            .load()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(creds.access_key_id(), "A");
        assert_eq!(creds.secret_access_key(), "S");
        assert_eq!(creds.session_token(), Some("T"));
        assert!(creds.expiry().is_some());
        assert_eq!(creds.account_id(), Some("999"));
    }

    #[tokio::test]
    async fn failures_name_the_profile_and_hide_stdout() {
        let cases = [
            ("/bin/sh -c 'echo oops >&2; exit 3'", "oops"),
            ("/bin/echo not-json-SECRETISH", "JSON"),
            (
                r#"/bin/echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "SECRETISH"}'"#,
                "Version 2",
            ),
            (
                r#"/bin/echo '{"AccessKeyId": "A", "SecretAccessKey": "SECRETISH"}'"#,
                "Version",
            ),
            (
                r#"/bin/echo '{"Version": 1, "AccessKeyId": "A"}'"#,
                "SecretAccessKey",
            ),
            ("/nonexistent/program", "could not be started"),
            ("'unclosed", "unclosed quote"),
        ];
        for (command, expected) in cases {
            let err = provider(command).load().await.unwrap_err();
            let msg = err.to_string();
            assert!(err.is_credentials());
            assert!(msg.contains("profile \"p\""), "{command}: {msg}");
            assert!(msg.contains(expected), "{command}: {msg}");
            assert!(!msg.contains("SECRETISH"), "{command}: {msg}");
        }
    }

    #[tokio::test]
    async fn no_command_means_not_configured() {
        let config = SharedConfig::from_texts(Some("[profile p]\nregion = x\n"), None).unwrap();
        let provider = ProcessProvider::new(Arc::new(config), "p");
        assert!(provider.load().await.unwrap().is_none());
    }
}
