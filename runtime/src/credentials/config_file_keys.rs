//! Static keys written in the config file, `~/.aws/config` (botocore's `config-file`).

use super::shared_credentials_file::static_keys;
use super::{CredentialProvider, Credentials};
use crate::config_file::SharedConfig;
use crate::Error;
use futures::future::BoxFuture;
use std::sync::Arc;

/// Reads the same keys as the shared credentials file, from the profile's `[default]` or
/// `[profile name]` section of the config file.
#[derive(Debug, Clone)]
pub struct ConfigFileProvider {
    config: Arc<SharedConfig>,
    profile: String,
}

impl ConfigFileProvider {
    /// A provider for `profile`.
    pub fn new(config: Arc<SharedConfig>, profile: impl Into<String>) -> Self {
        ConfigFileProvider {
            config,
            profile: profile.into(),
        }
    }

    /// The profile's keys, `None` when the profile or its access key id is missing.
    pub fn load(&self) -> Result<Option<Credentials>, Error> {
        match self.config.config_file_profile(&self.profile) {
            Some(profile) => static_keys(profile, "config-file"),
            None => Ok(None),
        }
    }
}

impl CredentialProvider for ConfigFileProvider {
    fn name(&self) -> &'static str {
        "config-file"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(async move { self.load() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_config_file() {
        let config = SharedConfig::from_texts(
            Some("[default]\naws_access_key_id = D\naws_secret_access_key = S\n[profile dev]\naws_access_key_id = C\naws_secret_access_key = S\naws_session_token = T\n"),
            Some("[only-creds]\naws_access_key_id = X\naws_secret_access_key = S\n"),
        )
        .unwrap();
        let config = Arc::new(config);
        let get = |p: &str| ConfigFileProvider::new(config.clone(), p).load().unwrap();
        assert_eq!(get("default").unwrap().access_key_id(), "D");
        let dev = get("dev").unwrap();
        assert_eq!((dev.access_key_id(), dev.session_token()), ("C", Some("T")));
        assert!(get("only-creds").is_none());
        assert!(get("missing").is_none());
    }
}
