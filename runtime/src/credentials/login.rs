//! Profiles written by `aws login` (`login_session`, botocore's `login`). Their credentials
//! come from a token signed with a DPoP proof, which needs botocore's CRT extra and is not
//! implemented here; such a profile is reported clearly instead of falling through to
//! providers further down the chain.

use super::{CredentialProvider, Credentials};
use crate::config_file::SharedConfig;
use crate::Error;
use futures::future::BoxFuture;
use std::sync::Arc;

/// Recognises `login_session` profiles.
#[derive(Debug, Clone)]
pub struct LoginProvider {
    config: Arc<SharedConfig>,
    profile: String,
}

impl LoginProvider {
    /// A provider for `profile`.
    pub fn new(config: Arc<SharedConfig>, profile: impl Into<String>) -> Self {
        LoginProvider {
            config,
            profile: profile.into(),
        }
    }

    /// `None` for other profiles; an error naming the profile for a `login_session` one.
    pub fn load(&self) -> Result<Option<Credentials>, Error> {
        let Some(session) = self
            .config
            .profile(&self.profile)
            .and_then(|p| p.get("login_session"))
        else {
            return Ok(None);
        };
        Err(Error::credentials(format!(
            "profile {:?} uses login_session {session:?} (`aws login`), which rboto does not \
             support; use SSO, a credential_process or static keys for this profile",
            self.profile
        )))
    }
}

impl CredentialProvider for LoginProvider {
    fn name(&self) -> &'static str {
        "login"
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(async move { self.load() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_profiles_are_reported() {
        let config = SharedConfig::from_texts(
            Some("[profile web]\nlogin_session = arn:aws:iam::1:user/me\n[profile other]\nregion = x\n"),
            None,
        )
        .unwrap();
        let config = Arc::new(config);
        let err = LoginProvider::new(config.clone(), "web")
            .load()
            .unwrap_err();
        assert!(err.to_string().contains("\"web\""), "{err}");
        assert!(LoginProvider::new(config, "other")
            .load()
            .unwrap()
            .is_none());
    }
}
