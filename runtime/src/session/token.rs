//! Bearer tokens (`smithy.api#httpBearerAuth`) and the trait that supplies them to clients.

use std::fmt;
use std::time::SystemTime;

use futures::future::BoxFuture;

use crate::error::Error;

/// A bearer token, sent as `Authorization: Bearer <token>` to services that authenticate
/// with one (CodeCatalyst). `Debug` hides the token and there is no `Display`, so it never
/// reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    token: String,
    expiry: Option<SystemTime>,
}

impl Token {
    /// A token that does not expire (or whose expiry the service checks).
    pub fn new(token: impl Into<String>) -> Self {
        Token {
            token: token.into(),
            expiry: None,
        }
    }

    /// The same token, refused by clients from `expiry` on.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The token's text, for the `Authorization` header.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When the token stops being valid, if known.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("token", &"** redacted **")
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// A source of bearer tokens, asked before each request a token authenticates (an SSO
/// session's cached token, refreshed when due, or a fixed [`Token`]).
pub trait ProvideToken: fmt::Debug + Send + Sync + 'static {
    /// The token for the next request, or an error saying why there is none.
    fn provide_token(&self) -> BoxFuture<'_, Result<Token, Error>>;
}

impl ProvideToken for Token {
    fn provide_token(&self) -> BoxFuture<'_, Result<Token, Error>> {
        let token = self.clone();
        Box::pin(async move { Ok(token) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_token() {
        let token = Token::new("sekrit-bearer");
        assert!(!format!("{token:?}").contains("sekrit"));
        assert_eq!(token.token(), "sekrit-bearer");
    }
}
