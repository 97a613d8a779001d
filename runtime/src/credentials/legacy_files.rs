//! The two legacy sources botocore still asks after the profile providers: the original EC2
//! tools' key file named by `AWS_CREDENTIAL_FILE` (`ec2-credentials-file`), and boto 2's
//! `[Credentials]` section in `BOTO_CONFIG`, else `/etc/boto.cfg` or `~/.boto`
//! (`boto-config`).

use super::{CredentialProvider, Credentials};
use crate::config_file::{expand_path, ini, Env};
use crate::Error;
use futures::future::BoxFuture;
use std::io;
use std::sync::Arc;

/// Reads `AWSAccessKeyId=` / `AWSSecretKey=` lines from the file `AWS_CREDENTIAL_FILE` names.
#[derive(Debug, Clone)]
pub struct Ec2CredentialsFileProvider {
    env: Arc<Env>,
}

impl Ec2CredentialsFileProvider {
    /// A provider reading `env`.
    pub fn new(env: Arc<Env>) -> Self {
        Ec2CredentialsFileProvider { env }
    }

    /// The keys, `None` when the variable is unset or the file has no access key; an error
    /// when the named file cannot be read or lacks the secret.
    pub async fn load(&self) -> Result<Option<Credentials>, Error> {
        let Some(path) = self.env.get("AWS_CREDENTIAL_FILE") else {
            return Ok(None);
        };
        let path = expand_path(path, &self.env);
        let text = tokio::fs::read_to_string(&path).await.map_err(|e| {
            Error::credentials(format!("cannot read AWS_CREDENTIAL_FILE {path}: {e}"))
        })?;
        let mut access_key = None;
        let mut secret = None;
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            match key.trim() {
                "AWSAccessKeyId" => access_key = Some(value.trim().to_string()),
                "AWSSecretKey" => secret = Some(value.trim().to_string()),
                _ => {}
            }
        }
        match (access_key, secret) {
            (None, _) => Ok(None),
            (Some(_), None) => Err(Error::credentials(format!(
                "partial credentials found in ec2-credentials-file ({path}), missing: AWSSecretKey"
            ))),
            (Some(access_key), Some(secret)) => {
                Ok(Some(Credentials::new(access_key, secret, None)))
            }
        }
    }
}

impl CredentialProvider for Ec2CredentialsFileProvider {
    fn name(&self) -> &'static str {
        "ec2-credentials-file"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(self.load())
    }
}

/// Reads boto 2's `[Credentials]` section.
#[derive(Debug, Clone)]
pub struct BotoConfigProvider {
    env: Arc<Env>,
}

impl BotoConfigProvider {
    /// A provider reading `env`.
    pub fn new(env: Arc<Env>) -> Self {
        BotoConfigProvider { env }
    }

    /// The keys from the first boto config file that exists and has them.
    pub async fn load(&self) -> Result<Option<Credentials>, Error> {
        let candidates: Vec<&str> = match self.env.get("BOTO_CONFIG") {
            Some(path) => vec![path],
            None => vec!["/etc/boto.cfg", "~/.boto"],
        };
        for candidate in candidates {
            let path = expand_path(candidate, &self.env);
            let text = match tokio::fs::read_to_string(&path).await {
                Ok(text) => text,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::NotFound | io::ErrorKind::IsADirectory
                    ) =>
                {
                    continue
                }
                Err(e) => {
                    return Err(Error::credentials(format!(
                        "cannot read boto config {path}: {e}"
                    )))
                }
            };
            let parsed = ini::parse(&text)
                .map_err(|e| Error::credentials(format!("cannot parse boto config {path}: {e}")))?;
            let Some(section) = parsed.get("Credentials") else {
                continue;
            };
            let value = |key: &str| section.get(key).and_then(|v| v.as_text());
            let Some(access_key) = value("aws_access_key_id") else {
                continue;
            };
            let secret = value("aws_secret_access_key").ok_or_else(|| {
                Error::credentials(format!(
                    "partial credentials found in boto-config ({path}), missing: aws_secret_access_key"
                ))
            })?;
            return Ok(Some(Credentials::new(access_key, secret, None)));
        }
        Ok(None)
    }
}

impl CredentialProvider for BotoConfigProvider {
    fn name(&self) -> &'static str {
        "boto-config"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, text: &str) -> (std::path::PathBuf, String) {
        let dir = std::env::temp_dir().join(format!("rboto-legacy-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        (dir, path.to_str().unwrap().to_string())
    }

    #[tokio::test]
    async fn ec2_credentials_file() {
        let (dir, path) = temp(
            "ec2",
            "# comment\nAWSAccessKeyId = AKEC2\nAWSSecretKey=sec=ret\n",
        );
        let env = Env::new().with("AWS_CREDENTIAL_FILE", path.as_str());
        let creds = Ec2CredentialsFileProvider::new(Arc::new(env))
            .load()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (creds.access_key_id(), creds.secret_access_key()),
            ("AKEC2", "sec=ret")
        );
        assert!(Ec2CredentialsFileProvider::new(Arc::new(Env::new()))
            .load()
            .await
            .unwrap()
            .is_none());
        let env = Env::new().with("AWS_CREDENTIAL_FILE", dir.join("missing").to_str().unwrap());
        assert!(Ec2CredentialsFileProvider::new(Arc::new(env))
            .load()
            .await
            .is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn boto_config() {
        let (dir, path) = temp(
            "boto",
            "[Credentials]\naws_access_key_id = AKBOTO\naws_secret_access_key = s\n",
        );
        let env = Env::new().with("BOTO_CONFIG", path.as_str());
        let creds = BotoConfigProvider::new(Arc::new(env))
            .load()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(creds.access_key_id(), "AKBOTO");
        std::fs::write(&path, "[Credentials]\naws_access_key_id = AKBOTO\n").unwrap();
        let env = Env::new().with("BOTO_CONFIG", path.as_str());
        assert!(BotoConfigProvider::new(Arc::new(env)).load().await.is_err());
        let env = Env::new().with("BOTO_CONFIG", dir.join("missing").to_str().unwrap());
        assert!(BotoConfigProvider::new(Arc::new(env))
            .load()
            .await
            .unwrap()
            .is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
