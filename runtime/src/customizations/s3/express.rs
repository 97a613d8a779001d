//! S3 Express One Zone session auth, as botocore's `S3ExpressIdentityResolver` does it: where
//! the endpoint rules choose `sigv4-s3express` (requests to a directory bucket's data plane),
//! the client calls `CreateSession` for the bucket (itself signed with the client's own
//! credentials, plain SigV4) and signs the request with the session's credentials instead,
//! the session token in `x-amz-s3session-token`. Sessions are kept per bucket and per
//! credentials they were made with, until shortly before they expire; calls that need a
//! session at once wait for one `CreateSession`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;
use serde_json::{json, Value};

use crate::client::Client;
use crate::customizations::SessionCredentials;
use crate::error::Error;
use crate::session::Credentials;

/// How long before a session expires a new one is made (botocore's advisory refresh time
/// for session credentials).
const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(45);

/// The sessions of one client, by bucket and the access key they were made with.
#[derive(Default)]
pub(crate) struct ExpressSessions {
    sessions: Mutex<HashMap<(String, String), Credentials>>,
    /// Held while a session is made, so concurrent calls share one `CreateSession`.
    creating: tokio::sync::Mutex<()>,
}

/// A new, empty session cache for a client.
pub(crate) fn sessions() -> Option<Arc<dyn SessionCredentials>> {
    Some(Arc::new(ExpressSessions::default()))
}

impl SessionCredentials for ExpressSessions {
    fn credentials<'a>(
        &'a self,
        client: &'a Client,
        params: &'a Value,
        base: Credentials,
    ) -> BoxFuture<'a, Result<Credentials, Error>> {
        Box::pin(async move {
            let bucket = params
                .get("Bucket")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    Error::credentials(
                        "S3 Express session auth needs the directory bucket's name in Bucket",
                    )
                })?
                .to_string();
            let key = (bucket, base.access_key_id().to_string());
            if let Some(session) = self.fresh(&key) {
                return Ok(session);
            }
            let _creating = self.creating.lock().await;
            if let Some(session) = self.fresh(&key) {
                return Ok(session);
            }
            tracing::debug!(bucket = %key.0, "creating an S3 Express session");
            let output = client
                .call("CreateSession", json!({ "Bucket": key.0 }))
                .await?;
            let session = session_credentials(&output)?;
            self.lock().insert(key, session.clone());
            Ok(session)
        })
    }
}

impl ExpressSessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), Credentials>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The session kept for `key`, unless it expires within [`REFRESH_BEFORE_EXPIRY`].
    fn fresh(&self, key: &(String, String)) -> Option<Credentials> {
        let sessions = self.lock();
        let session = sessions.get(key)?;
        let expiry = session.expiry()?;
        (SystemTime::now() + REFRESH_BEFORE_EXPIRY < expiry).then(|| session.clone())
    }
}

impl std::fmt::Debug for ExpressSessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let buckets: Vec<String> = self.lock().keys().map(|(b, _)| b.clone()).collect();
        f.debug_struct("ExpressSessions")
            .field("buckets", &buckets)
            .finish()
    }
}

/// The credentials of a `CreateSession` output.
fn session_credentials(output: &Value) -> Result<Credentials, Error> {
    let creds = &output["Credentials"];
    let field = |name: &str| {
        creds.get(name).and_then(Value::as_str).ok_or_else(|| {
            Error::credentials(format!("CreateSession answered without Credentials.{name}"))
        })
    };
    let expiry = match creds.get("Expiration") {
        Some(Value::String(text)) => crate::credentials::parse_expiry(text, "CreateSession")?,
        Some(Value::Number(seconds)) => {
            let seconds = seconds.as_f64().unwrap_or_default().max(0.0);
            SystemTime::UNIX_EPOCH + Duration::from_secs_f64(seconds)
        }
        _ => {
            return Err(Error::credentials(
                "CreateSession answered without Credentials.Expiration",
            ))
        }
    };
    Ok(Credentials::new(
        field("AccessKeyId")?,
        field("SecretAccessKey")?,
        Some(field("SessionToken")?.to_string()),
    )
    .with_expiry(expiry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_reused_until_shortly_before_it_expires() {
        let sessions = ExpressSessions::default();
        let key = ("b--use1-az4--x-s3".to_string(), "AKID".to_string());
        let soon = SystemTime::now() + Duration::from_secs(30);
        let later = SystemTime::now() + Duration::from_secs(300);
        let session =
            |expiry| Credentials::new("S", "secret", Some("t".into())).with_expiry(expiry);
        sessions.lock().insert(key.clone(), session(soon));
        assert!(sessions.fresh(&key).is_none(), "expires within 45 s");
        sessions.lock().insert(key.clone(), session(later));
        assert_eq!(sessions.fresh(&key).unwrap().access_key_id(), "S");
        let other_identity = (key.0.clone(), "OTHER".to_string());
        assert!(sessions.fresh(&other_identity).is_none());
        let printed = format!("{sessions:?}");
        assert!(!printed.contains("secret"), "{printed}");
    }

    #[test]
    fn create_session_outputs_become_expiring_credentials() {
        let output = json!({"Credentials": {
            "AccessKeyId": "ASIA", "SecretAccessKey": "s", "SessionToken": "t",
            "Expiration": "2030-01-01T00:00:00Z"
        }});
        let creds = session_credentials(&output).unwrap();
        assert_eq!(creds.session_token(), Some("t"));
        assert!(creds.expiry().is_some());
        let err = session_credentials(&json!({"Credentials": {}})).unwrap_err();
        assert!(err.to_string().contains("AccessKeyId") || err.to_string().contains("Expiration"));
    }
}
