//! SigV4 and SigV4a signing with aws-sigv4, in headers for calls and in the query for
//! presigned URLs.

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
    SignatureLocation, SigningInstructions, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use http::{HeaderMap, HeaderName, HeaderValue, Method};

use super::auth::Scheme;
use crate::error::Error;
use crate::session::Credentials;

/// The payload as the signature covers it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Payload<'a> {
    /// A body in memory, hashed into the signature.
    Bytes(&'a [u8]),
    /// A streamed body: `UNSIGNED-PAYLOAD`, announced in `x-amz-content-sha256`.
    Unsigned,
    /// An `aws-chunked` body with a checksum trailer: `STREAMING-UNSIGNED-PAYLOAD-TRAILER`.
    StreamingTrailer,
}

/// How to sign for one service.
#[derive(Debug, Clone)]
pub(crate) struct SigningScope {
    /// The scheme that authenticates the request.
    pub scheme: Scheme,
    /// SigV4 service name.
    pub name: String,
    /// Region to sign for; for SigV4a, the region set (`us-east-1,us-west-2`, `*`).
    pub region: String,
    /// S3's rules: the path is signed as sent (no second encoding, no normalization) and
    /// the payload hash travels in `x-amz-content-sha256`.
    pub s3: bool,
}

impl SigningScope {
    fn settings(&self) -> SigningSettings {
        let mut settings = SigningSettings::default();
        if self.s3 {
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        if self.scheme == Scheme::SigV4S3Express {
            settings.session_token_name_override = Some("x-amz-s3session-token");
        }
        settings
    }
}

/// Signs a request in place: adds `x-amz-date`, `authorization`, the security token and,
/// for S3, `x-amz-content-sha256` to `headers`.
pub(crate) fn sign_headers(
    scope: &SigningScope,
    credentials: &Credentials,
    method: &Method,
    url: &::url::Url,
    headers: &mut HeaderMap,
    payload: Payload<'_>,
    time: SystemTime,
) -> Result<(), Error> {
    let mut settings = scope.settings();
    if matches!(payload, Payload::Unsigned | Payload::StreamingTrailer) {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let covered = Covered {
        method,
        url,
        headers,
        body: signable_body(payload),
    };
    let instructions = instructions(scope, credentials, settings, time, covered, "sign")?;
    let (signing_headers, _) = instructions.into_parts();
    for header in signing_headers {
        let mut value = HeaderValue::from_str(header.value()).map_err(|e| {
            Error::serialization(format!("bad signing header {}: {e}", header.name()))
        })?;
        value.set_sensitive(header.sensitive() || header.name() == "authorization");
        headers.insert(HeaderName::from_static(header.name()), value);
    }
    Ok(())
}

/// Signs a request in its query string, valid for `expires_in`; returns the presigned URL.
/// S3's payload is `UNSIGNED-PAYLOAD`; other services sign the empty body a `GET` carries,
/// as botocore does.
pub(crate) fn presign_url(
    scope: &SigningScope,
    credentials: &Credentials,
    method: &Method,
    url: &::url::Url,
    headers: &HeaderMap,
    expires_in: Duration,
    time: SystemTime,
) -> Result<::url::Url, Error> {
    if scope.scheme == Scheme::Bearer {
        return Err(Error::validation(vec![format!(
            "{} authenticates with a bearer token, and a bearer token cannot be presigned",
            scope.name
        )]));
    }
    let mut settings = scope.settings();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(expires_in);
    settings.payload_checksum_kind = PayloadChecksumKind::NoHeader;
    let covered = Covered {
        method,
        url,
        headers,
        body: if scope.s3 {
            SignableBody::UnsignedPayload
        } else {
            SignableBody::Bytes(&[])
        },
    };
    let instructions = instructions(scope, credentials, settings, time, covered, "presign")?;
    let (_, query) = instructions.into_parts();
    let mut presigned = url.as_str().to_string();
    let mut separator = if url.query().is_some() { '&' } else { '?' };
    for (name, value) in query {
        presigned.push(separator);
        presigned.push_str(name);
        presigned.push('=');
        presigned.push_str(&percent_encoding::utf8_percent_encode(&value, QUERY_VALUE).to_string());
        separator = '&';
    }
    ::url::Url::parse(&presigned)
        .map_err(|e| Error::serialization(format!("cannot build presigned URL: {e}")))
}

/// What a signature covers: the request line, the headers and the payload.
struct Covered<'a> {
    method: &'a Method,
    url: &'a ::url::Url,
    headers: &'a HeaderMap,
    body: SignableBody<'a>,
}

/// Computes the signature of `covered` with `settings` at `time`: the headers or query
/// parameters to add. `action` ("sign", "presign") names the step in errors.
fn instructions(
    scope: &SigningScope,
    credentials: &Credentials,
    settings: SigningSettings,
    time: SystemTime,
    covered: Covered<'_>,
    action: &str,
) -> Result<SigningInstructions, Error> {
    let identity = to_sdk_credentials(credentials).into();
    let params = match scope.scheme {
        #[cfg(feature = "sigv4a")]
        Scheme::SigV4a => aws_sigv4::sign::v4a::SigningParams::builder()
            .identity(&identity)
            .region_set(&scope.region)
            .name(&scope.name)
            .time(time)
            .settings(settings)
            .build()
            .map_err(|e| Error::credentials(format!("cannot sign: {e}")))?
            .into(),
        #[cfg(not(feature = "sigv4a"))]
        Scheme::SigV4a => {
            return Err(Error::validation(vec![format!(
                "cannot {action} the request: it must be signed with SigV4a, which this build \
                 of rboto leaves out; enable the `sigv4a` feature of rboto"
            )]))
        }
        _ => v4::SigningParams::builder()
            .identity(&identity)
            .region(&scope.region)
            .name(&scope.name)
            .time(time)
            .settings(settings)
            .build()
            .map_err(|e| Error::credentials(format!("cannot sign: {e}")))?
            .into(),
    };
    let header_pairs = header_strs(covered.headers)?;
    let signable = SignableRequest::new(
        covered.method.as_str(),
        covered.url.as_str(),
        header_pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        covered.body,
    )
    .map_err(|e| Error::serialization(format!("cannot {action} request: {e}")))?;
    let (instructions, _) = sign(signable, &params)
        .map_err(|e| Error::serialization(format!("cannot {action} request: {e}")))?
        .into_parts();
    Ok(instructions)
}

/// Characters percent-encoded in a query value: all but RFC 3986's unreserved ones.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn to_sdk_credentials(credentials: &Credentials) -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_string),
        credentials.expiry(),
        "rboto",
    )
}

fn signable_body(payload: Payload<'_>) -> SignableBody<'_> {
    match payload {
        Payload::Bytes(bytes) => SignableBody::Bytes(bytes),
        Payload::Unsigned => SignableBody::UnsignedPayload,
        Payload::StreamingTrailer => SignableBody::StreamingUnsignedPayloadTrailer,
    }
}

fn header_strs(headers: &HeaderMap) -> Result<Vec<(String, String)>, Error> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().map_err(|_| {
                Error::serialization(format!(
                    "header {name} is not printable ASCII and cannot be signed"
                ))
            })?;
            Ok((name.as_str().to_string(), value.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(s3: bool) -> SigningScope {
        SigningScope {
            scheme: Scheme::SigV4,
            name: if s3 { "s3" } else { "sqs" }.into(),
            region: "us-east-1".into(),
            s3,
        }
    }

    fn creds(token: Option<&str>) -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token.map(str::to_string),
        )
    }

    fn time() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160) // 2015-08-30T12:36:00Z
    }

    #[test]
    fn signs_in_headers_with_s3_payload_hash() {
        let url = ::url::Url::parse("http://127.0.0.1:5000/bucket/a%20key").unwrap();
        let mut headers = HeaderMap::new();
        sign_headers(
            &scope(true),
            &creds(Some("TOKEN")),
            &Method::PUT,
            &url,
            &mut headers,
            Payload::Bytes(b"hello"),
            time(),
        )
        .unwrap();
        assert_eq!(headers["x-amz-date"], "20150830T123600Z");
        assert_eq!(
            headers["x-amz-content-sha256"],
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(headers["x-amz-security-token"], "TOKEN");
        let auth = headers["authorization"].to_str().unwrap();
        assert!(auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="
        ));
        assert!(headers["authorization"].is_sensitive());
        assert!(!format!("{headers:?}").contains("wJalrXUtnFEMI"));
    }

    #[test]
    fn other_services_sign_without_the_payload_header_unless_streamed() {
        let url = ::url::Url::parse("https://sqs.us-east-1.amazonaws.com/").unwrap();
        let mut headers = HeaderMap::new();
        sign_headers(
            &scope(false),
            &creds(None),
            &Method::POST,
            &url,
            &mut headers,
            Payload::Bytes(b"{}"),
            time(),
        )
        .unwrap();
        assert!(!headers.contains_key("x-amz-content-sha256"));
        assert!(!headers.contains_key("x-amz-security-token"));

        let mut streamed = HeaderMap::new();
        sign_headers(
            &scope(true),
            &creds(None),
            &Method::PUT,
            &url,
            &mut streamed,
            Payload::Unsigned,
            time(),
        )
        .unwrap();
        assert_eq!(streamed["x-amz-content-sha256"], "UNSIGNED-PAYLOAD");
    }

    #[test]
    fn presigned_urls_carry_the_signature_in_the_query() {
        let url = ::url::Url::parse("https://examplebucket.s3.amazonaws.com/test.txt").unwrap();
        let presigned = presign_url(
            &scope(true),
            &creds(None),
            &Method::GET,
            &url,
            &HeaderMap::new(),
            Duration::from_secs(86400),
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600), // 2013-05-24T00:00:00Z
        )
        .unwrap();
        let text = presigned.as_str();
        assert!(text.starts_with(
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        ));
        assert!(text
            .contains("X-Amz-Credential=AKIDEXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"));
        assert!(text.contains("X-Amz-Expires=86400"));
        assert!(text.contains("X-Amz-SignedHeaders=host"));
        let signature = presigned
            .query_pairs()
            .find(|(k, _)| k == "X-Amz-Signature")
            .map(|(_, v)| v.into_owned())
            .unwrap();
        assert_eq!(signature.len(), 64);
    }
}
