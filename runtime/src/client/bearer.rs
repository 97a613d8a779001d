//! Bearer authentication (`smithy.api#httpBearerAuth`): `Authorization: Bearer <token>`,
//! and nothing of SigV4.

use std::time::SystemTime;

use http::{HeaderMap, HeaderValue};

use crate::error::Error;
use crate::session::Token;

/// Sets `Authorization: Bearer <token>` on `headers`, marked sensitive, replacing any other
/// `Authorization`. An expired token is refused here, before the request is sent.
pub(crate) fn authorize(
    headers: &mut HeaderMap,
    token: &Token,
    now: SystemTime,
) -> Result<(), Error> {
    if token.expiry().is_some_and(|expiry| expiry <= now) {
        return Err(Error::credentials(
            "the bearer token has expired; refresh it (for an SSO session, `aws sso login`)",
        ));
    }
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.token()))
        .map_err(|_| Error::credentials("the bearer token is not printable ASCII"))?;
    value.set_sensitive(true);
    headers.insert(http::header::AUTHORIZATION, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_header_is_set_and_expired_or_bad_tokens_are_refused() {
        let now = SystemTime::now();
        let mut headers = HeaderMap::new();
        authorize(&mut headers, &Token::new("abc"), now).unwrap();
        assert_eq!(headers["authorization"], "Bearer abc");
        assert!(headers["authorization"].is_sensitive());

        let old = Token::new("abc").with_expiry(now - Duration::from_secs(1));
        let err = authorize(&mut HeaderMap::new(), &old, now).unwrap_err();
        assert!(err.to_string().contains("expired"), "{err}");
        assert!(!err.to_string().contains("abc"));

        let err = authorize(&mut HeaderMap::new(), &Token::new("a\nb"), now).unwrap_err();
        assert!(!err.to_string().contains("a\nb"));
    }
}
