//! botocore's `_set_auth_scheme_preference_signer`, its bearer part: for the services whose
//! signing name is listed here, a bearer token in `AWS_BEARER_TOKEN_<SIGNING NAME>` makes
//! bearer auth the preferred scheme (where the service offers it), unless the program chose
//! a preference or anonymous access in code.

/// The signing names of the services that prefer a bearer token from the environment.
const PREFER_ENVIRONMENT_TOKEN: &[&str] = &["bedrock"];

/// Whether a service with `signing_name` prefers a bearer token found in the environment.
pub(crate) fn prefers_environment_token(signing_name: &str) -> bool {
    PREFER_ENVIRONMENT_TOKEN.contains(&signing_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_signing_names_prefer_the_environment_token() {
        assert!(prefers_environment_token("bedrock"));
        assert!(!prefers_environment_token("codecatalyst"));
    }
}
