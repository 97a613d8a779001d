//! The auth schemes botocore chooses among, on the wire: SigV4a where the endpoint asks for
//! it (EventBridge global endpoints, S3 multi-region access points), checked by verifying the
//! ECDSA signature with a key derived from the credentials here, as the SigV4a specification
//! derives it; and bearer tokens (CodeCatalyst), from the session or an SSO session's cache.
//! The requests go to a peer on 127.0.0.1 that records them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use hmac::{Hmac, KeyInit, Mac};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, SigningKey};
use rboto_runtime::config_file::{Env, SharedConfig};
use rboto_runtime::credentials::{ChainContext, HttpSso, SsoTokenProvider};
use rboto_runtime::hooks::WireLog;
use rboto_runtime::session::{Config, Credentials, Session, Token};
use rboto_test_support::captured_log::CapturedLog;
use rboto_test_support::loopback::{RecordingPeer, Request, Response};
use rboto_test_support::models::model;
use rboto_test_support::sigv4_check::sha256_hex;
use serde_json::json;
use sha2::Sha256;

const ACCESS_KEY: &str = "AKIDSIGV4A";
const SECRET_KEY: &str = "secret/for+sigv4a";

/// A loopback HTTP/1.1 peer that records each request and answers `200 {}` in JSON.
async fn peer() -> RecordingPeer {
    peer_answering("{}").await
}

/// A loopback HTTP/1.1 peer that records each request and answers `200` with `reply`.
async fn peer_answering(reply: &'static str) -> RecordingPeer {
    RecordingPeer::start(move |_| {
        Response::new(200, reply)
            .header("content-type", "application/json")
            .header("x-amzn-requestid", "req-1")
    })
    .await
}

/// The SigV4a private key of a key pair, derived as the specification says: HMAC-SHA256 in
/// counter mode keyed with `AWS4A` + the secret, over the algorithm label and the access key
/// id with a counter byte, taken as a candidate scalar until one falls below the group order
/// minus one; the key is that candidate plus one.
fn sigv4a_key(access_key: &str, secret_key: &str) -> SigningKey {
    // The order of P-256, minus 2, big-endian.
    let n_minus_2: [u8; 32] = {
        let mut n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        n[31] -= 2;
        n.try_into().unwrap()
    };
    for counter in 1u8..=254 {
        let mut fixed = Vec::new();
        fixed.extend_from_slice(&1u32.to_be_bytes());
        fixed.extend_from_slice(b"AWS4-ECDSA-P256-SHA256");
        fixed.push(0);
        fixed.extend_from_slice(access_key.as_bytes());
        fixed.push(counter);
        fixed.extend_from_slice(&256u32.to_be_bytes());
        let mut mac =
            Hmac::<Sha256>::new_from_slice(format!("AWS4A{secret_key}").as_bytes()).unwrap();
        mac.update(&fixed);
        let k0: [u8; 32] = mac.finalize().into_bytes().into();
        if k0 <= n_minus_2 {
            let mut d = k0;
            for byte in d.iter_mut().rev() {
                let (sum, carry) = byte.overflowing_add(1);
                *byte = sum;
                if !carry {
                    break;
                }
            }
            return SigningKey::from_slice(&d).unwrap();
        }
    }
    panic!("no key within 254 rounds");
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// What a SigV4a signature covers, rebuilt from what was sent.
struct Signed<'a> {
    method: &'a str,
    path: &'a str,
    /// The query's `name=value` pairs as sent (already encoded), the signature left out.
    query: Vec<&'a str>,
    /// Signed header names, lowercase, and their values as sent.
    headers: Vec<(String, String)>,
    payload_hash: String,
    time: &'a str,
    service: &'a str,
}

/// Checks `signature_hex` (DER, hex) over `signed` with the credentials' derived key.
fn verify(signed: &Signed<'_>, signature_hex: &str) -> Result<(), String> {
    let mut query = signed.query.clone();
    query.sort();
    let names: Vec<&str> = signed.headers.iter().map(|(k, _)| k.as_str()).collect();
    let canonical_headers: String = signed
        .headers
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}:{}\n",
                v.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        })
        .collect();
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        signed.method,
        signed.path,
        query.join("&"),
        canonical_headers,
        names.join(";"),
        signed.payload_hash
    );
    let string_to_sign = format!(
        "AWS4-ECDSA-P256-SHA256\n{}\n{}/{}/aws4_request\n{}",
        signed.time,
        &signed.time[..8],
        signed.service,
        sha256_hex(canonical.as_bytes())
    );
    let key = sigv4a_key(ACCESS_KEY, SECRET_KEY);
    let signature = Signature::from_der(&hex(signature_hex)).map_err(|e| e.to_string())?;
    key.verifying_key()
        .verify(string_to_sign.as_bytes(), &signature)
        .map_err(|e| format!("signature does not verify: {e}"))
}

/// The `Authorization` header's parts: credential scope, signed headers, signature.
fn authorization_parts(value: &str) -> (String, Vec<String>, String) {
    let rest = value
        .strip_prefix("AWS4-ECDSA-P256-SHA256 ")
        .unwrap_or_else(|| panic!("not a SigV4a authorization: {value}"));
    let mut credential = String::new();
    let mut signed = Vec::new();
    let mut signature = String::new();
    for part in rest.split(", ") {
        let (name, v) = part.split_once('=').unwrap();
        match name {
            "Credential" => credential = v.to_string(),
            "SignedHeaders" => signed = v.split(';').map(str::to_string).collect(),
            "Signature" => signature = v.to_string(),
            other => panic!("unexpected part {other}"),
        }
    }
    (credential, signed, signature)
}

fn sigv4a_session(endpoint: &str) -> Session {
    Session::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .region("us-east-1")
        .endpoint_url(endpoint)
        .build()
}

#[tokio::test]
async fn eventbridge_global_endpoints_are_signed_with_sigv4a_that_verifies() {
    let seen = peer().await;
    let url = seen.url().to_string();
    let events = sigv4a_session(&url).client(model("events")).unwrap();
    let entry = json!({"Source": "app", "DetailType": "t", "Detail": "{}"});
    events
        .call(
            "PutEvents",
            json!({"EndpointId": "abcde.veo", "Entries": [entry]}),
        )
        .await
        .unwrap();
    let sent = seen.request(0);
    assert_eq!(sent.header("x-amz-region-set"), Some("*"));
    let (credential, signed_headers, signature) =
        authorization_parts(sent.header("authorization").unwrap());
    let time = sent.header("x-amz-date").unwrap().to_string();
    assert_eq!(
        credential,
        format!("{ACCESS_KEY}/{}/events/aws4_request", &time[..8])
    );
    assert!(signed_headers.contains(&"x-amz-region-set".to_string()));
    let headers: Vec<(String, String)> = signed_headers
        .iter()
        .map(|name| (name.clone(), sent.header(name).unwrap().to_string()))
        .collect();
    let signed = Signed {
        method: "POST",
        path: "/",
        query: Vec::new(),
        headers,
        payload_hash: sha256_hex(&sent.body),
        time: &time,
        service: "events",
    };
    verify(&signed, &signature).unwrap();

    // The same check fails for a body the signature does not cover.
    let tampered = Signed {
        payload_hash: sha256_hex(b"{}"),
        ..signed
    };
    assert!(verify(&tampered, &signature).is_err());
    assert!(sent.request_line().starts_with("POST / "));
}

#[tokio::test]
async fn the_configured_region_set_replaces_the_endpoints() {
    let seen = peer().await;
    let url = seen.url().to_string();
    let config = Config::builder()
        .sigv4a_signing_region_set("us-east-1, us-west-2")
        .build();
    let events = sigv4a_session(&url)
        .client_with_config(model("events"), config)
        .unwrap();
    let entry = json!({"Source": "app", "DetailType": "t", "Detail": "{}"});
    events
        .call(
            "PutEvents",
            json!({"EndpointId": "abcde.veo", "Entries": [entry]}),
        )
        .await
        .unwrap();
    let sent = seen.request(0);
    assert_eq!(sent.header("x-amz-region-set"), Some("us-east-1,us-west-2"));
}

#[tokio::test]
async fn the_preference_cannot_pick_a_scheme_the_endpoint_does_not_offer() {
    // EventBridge's global endpoint offers only SigV4a: preferring SigV4 changes nothing,
    // as botocore passes over preferred schemes an endpoint lacks.
    let seen = peer().await;
    let url = seen.url().to_string();
    let config = Config::builder().auth_scheme_preference("sigv4").build();
    let events = sigv4a_session(&url)
        .client_with_config(model("events"), config)
        .unwrap();
    let entry = json!({"Source": "app", "DetailType": "t", "Detail": "{}"});
    events
        .call(
            "PutEvents",
            json!({"EndpointId": "abcde.veo", "Entries": [entry]}),
        )
        .await
        .unwrap();
    events
        .call("PutEvents", json!({"Entries": [entry]}))
        .await
        .unwrap();
    let sent = seen.requests();
    assert!(sent[0]
        .header("authorization")
        .unwrap()
        .starts_with("AWS4-ECDSA-P256-SHA256 "));
    assert!(sent[1]
        .header("authorization")
        .unwrap()
        .starts_with("AWS4-HMAC-SHA256 "));
    assert_eq!(sent[1].header("x-amz-region-set"), None);
}

#[tokio::test]
async fn multi_region_access_points_presign_with_sigv4a() {
    let s3 = Session::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .region("us-east-1")
        .build()
        .client(model("s3"))
        .unwrap();
    let arn = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap";
    let presigned = s3
        .presign(
            "GetObject",
            json!({"Bucket": arn, "Key": "photos/cat.jpg"}),
            Duration::from_secs(900),
        )
        .await
        .unwrap();
    let url = url::Url::parse(&presigned).unwrap();
    assert_eq!(
        url.host_str(),
        Some("mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com")
    );
    let query = url.query().unwrap();
    assert!(
        query.contains("X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256"),
        "{query}"
    );
    assert!(query.contains("X-Amz-Region-Set=%2A"), "{query}");
    let pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.starts_with("X-Amz-Signature="))
        .collect();
    let signature = query
        .split('&')
        .find_map(|p| p.strip_prefix("X-Amz-Signature="))
        .unwrap();
    let time = query
        .split('&')
        .find_map(|p| p.strip_prefix("X-Amz-Date="))
        .unwrap();
    let signed = Signed {
        method: "GET",
        path: url.path(),
        query: pairs,
        headers: vec![("host".into(), url.host_str().unwrap().to_string())],
        payload_hash: "UNSIGNED-PAYLOAD".into(),
        time,
        service: "s3",
    };
    verify(&signed, signature).unwrap();
}

/// A home folder with an SSO session `corp` for profile `dev`, and its cached token
/// expiring at `expires_at` (none cached when `None`).
fn sso_home(test: &str, expires_at: Option<&str>) -> PathBuf {
    let entry =
        expires_at.map(|at| json!({"accessToken": "sso-bearer-from-cache", "expiresAt": at}));
    sso_home_with(test, entry)
}

/// [`sso_home`] with `entry` as the token cache's content.
fn sso_home_with(test: &str, entry: Option<serde_json::Value>) -> PathBuf {
    let home = std::env::temp_dir().join(format!("rboto-auth-{test}-{}", std::process::id()));
    let aws = home.join(".aws");
    std::fs::create_dir_all(aws.join("sso").join("cache")).unwrap();
    std::fs::write(
        aws.join("config"),
        "[profile dev]\nsso_session = corp\n\n[sso-session corp]\n\
         sso_start_url = https://corp.example/start\nsso_region = us-east-1\n",
    )
    .unwrap();
    // The cache file is named by the SHA-1 of the session name.
    let cache = aws
        .join("sso")
        .join("cache")
        .join(format!("{}.json", sha1_hex(b"corp")));
    let _ = std::fs::remove_file(&cache);
    if let Some(entry) = entry {
        std::fs::write(cache, entry.to_string()).unwrap();
    }
    home
}

fn cache_file(home: &Path) -> PathBuf {
    home.join(".aws/sso/cache")
        .join(format!("{}.json", sha1_hex(b"corp")))
}

#[tokio::test]
async fn an_sso_token_near_expiry_is_refreshed_through_oidc_and_saved() {
    let oidc_seen = peer_answering(r#"{"accessToken":"renewed-token","expiresIn":3600}"#).await;
    let seen = peer().await;
    let url = seen.url().to_string();
    let soon = time::OffsetDateTime::now_utc() + time::Duration::minutes(5);
    let soon = soon
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let home = sso_home_with(
        "refresh",
        Some(json!({
            "accessToken": "about-to-expire", "expiresAt": soon,
            "refreshToken": "refresh-me", "clientId": "client",
            "clientSecret": "client-secret", "registrationExpiresAt": "2999-01-01T00:00:00Z"
        })),
    );
    let files = std::fs::read_to_string(home.join(".aws/config")).unwrap();
    let shared = SharedConfig::from_texts(Some(&files), None).unwrap();
    let transport = Session::builder().build().transport().unwrap();
    let oidc = HttpSso::new(transport)
        .with_endpoint_url(oidc_seen.url())
        .unwrap();
    let ctx = ChainContext::new(Env::new().with("HOME", home.to_string_lossy()), shared)
        .with_sso_oidc(Arc::new(oidc));
    let session = Session::builder()
        .token_provider(SsoTokenProvider::for_session(ctx, "corp"))
        .region("us-west-2")
        .endpoint_url(&url)
        .build();
    session
        .client(model("codecatalyst"))
        .unwrap()
        .call("ListSpaces", json!({}))
        .await
        .unwrap();
    assert_bearer_only(&seen.request(0), "renewed-token");
    let oidc_request = oidc_seen.request(0);
    assert!(
        oidc_request.request_line().contains("/token"),
        "{oidc_request:?}"
    );
    assert!(String::from_utf8_lossy(&oidc_request.body).contains("refresh-me"));
    let saved = std::fs::read_to_string(cache_file(&home)).unwrap();
    assert!(
        saved.contains("renewed-token"),
        "the renewed token is cached"
    );
    std::fs::remove_dir_all(home).unwrap();
}

fn sha1_hex(bytes: &[u8]) -> String {
    use sha1::Digest as _;
    sha1::Sha1::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn sso_session(home: &Path, endpoint: &str) -> Session {
    let env = Env::new()
        .with("HOME", home.to_string_lossy())
        .with("AWS_PROFILE", "dev")
        .with(
            "AWS_CONFIG_FILE",
            home.join(".aws/config").to_string_lossy(),
        )
        .with("AWS_DEFAULT_REGION", "us-east-1");
    Session::builder()
        .process_env(env)
        .endpoint_url(endpoint)
        .load()
        .await
        .unwrap()
}

fn assert_bearer_only(sent: &Request, token: &str) {
    assert_eq!(
        sent.header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    for sigv4 in ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
        assert_eq!(sent.header(sigv4), None, "{sigv4} sent with a bearer token");
    }
}

#[tokio::test]
async fn codecatalyst_sends_the_sessions_bearer_token_and_nothing_of_sigv4() {
    let seen = peer().await;
    let url = seen.url().to_string();
    let log = CapturedLog::default();
    let session = Session::builder()
        .auth_token(Token::new("explicit-bearer-token"))
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .region("us-west-2")
        .endpoint_url(&url)
        .wire_log(WireLog::to_writer(log.clone()))
        .build();
    assert!(!format!("{session:?}").contains("explicit-bearer-token"));
    let codecatalyst = session.client(model("codecatalyst")).unwrap();
    codecatalyst.call("ListSpaces", json!({})).await.unwrap();
    let sent = seen.request(0);
    assert_bearer_only(&sent, "explicit-bearer-token");
    let printed = log.text();
    assert!(
        printed.contains("ListSpaces") || printed.contains("/v1/spaces"),
        "{printed}"
    );
    assert!(!printed.contains("explicit-bearer-token"), "{printed}");

    // A client's own token wins over the session's.
    let own = session
        .client_builder(model("codecatalyst"))
        .auth_token(Token::new("client-token"))
        .build()
        .unwrap();
    own.call("ListSpaces", json!({})).await.unwrap();
    assert_bearer_only(&seen.request(1), "client-token");
}

async fn environment_session(endpoint: &str, env: Env) -> Session {
    let env = env
        .with("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .with("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .with("AWS_DEFAULT_REGION", "us-east-1")
        .with("AWS_CONFIG_FILE", "/nonexistent/config")
        .with("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
    Session::builder()
        .process_env(env)
        .endpoint_url(endpoint)
        .load()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_bedrock_token_in_the_environment_is_preferred_unless_code_says_otherwise() {
    let seen = peer().await;
    let url = seen.url().to_string();
    let with_token = Env::new().with("AWS_BEARER_TOKEN_BEDROCK", "bedrock-env-token");
    let session = environment_session(&url, with_token).await;
    let runtime = session.client(model("bedrock-runtime")).unwrap();
    runtime.call("ListAsyncInvokes", json!({})).await.unwrap();
    assert_bearer_only(&seen.request(0), "bedrock-env-token");

    // A preference set in code wins over the token's presence.
    let config = Config::builder().auth_scheme_preference("sigv4").build();
    let sigv4 = session
        .client_with_config(model("bedrock-runtime"), config)
        .unwrap();
    sigv4.call("ListAsyncInvokes", json!({})).await.unwrap();
    // Without the variable, SigV4 as the model lists it first.
    let plain = environment_session(&url, Env::new()).await;
    plain
        .client(model("bedrock-runtime"))
        .unwrap()
        .call("ListAsyncInvokes", json!({}))
        .await
        .unwrap();
    let sent = seen.requests();
    for signed in &sent[1..] {
        let auth = signed.header("authorization").unwrap();
        assert!(auth.starts_with("AWS4-HMAC-SHA256 "), "{auth}");
    }

    // A token scoped to a bearer-only service is that service's token, before the SSO one.
    let codecatalyst_env = Env::new().with("AWS_BEARER_TOKEN_CODECATALYST", "scoped-token");
    let session = environment_session(&url, codecatalyst_env).await;
    session
        .client(model("codecatalyst"))
        .unwrap()
        .call("ListSpaces", json!({}))
        .await
        .unwrap();
    assert_bearer_only(&seen.request(3), "scoped-token");
}

#[tokio::test]
async fn an_sso_session_profile_supplies_the_cached_token() {
    let seen = peer().await;
    let url = seen.url().to_string();
    let home = sso_home("cached", Some("2999-01-01T00:00:00Z"));
    let session = sso_session(&home, &url).await;
    let codecatalyst = session.client(model("codecatalyst")).unwrap();
    codecatalyst.call("ListSpaces", json!({})).await.unwrap();
    assert_bearer_only(&seen.request(0), "sso-bearer-from-cache");
    std::fs::remove_dir_all(home).unwrap();
}

#[tokio::test]
async fn missing_or_expired_tokens_fail_before_sending() {
    let seen = peer().await;
    let url = seen.url().to_string();
    let expired = sso_home("expired", Some("2020-01-01T00:00:00Z"));
    let session = sso_session(&expired, &url).await;
    let err = session
        .client(model("codecatalyst"))
        .unwrap()
        .call("ListSpaces", json!({}))
        .await
        .unwrap_err();
    assert!(err.is_credentials(), "{err}");
    assert!(err.to_string().contains("expired"), "{err}");
    assert!(!err.to_string().contains("sso-bearer-from-cache"), "{err}");

    let missing = sso_home("missing", None);
    let session = sso_session(&missing, &url).await;
    let err = session
        .client(model("codecatalyst"))
        .unwrap()
        .call("ListSpaces", json!({}))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("aws sso login"), "{err}");

    let none = Session::builder()
        .region("us-west-2")
        .endpoint_url(&url)
        .build();
    let err = none
        .client(model("codecatalyst"))
        .unwrap()
        .call("ListSpaces", json!({}))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("bearer token"), "{err}");

    let old = Token::new("old-token").with_expiry(SystemTime::now() - Duration::from_secs(60));
    let stale = Session::builder()
        .auth_token(old)
        .region("us-west-2")
        .endpoint_url(&url)
        .build();
    let err = stale
        .client(model("codecatalyst"))
        .unwrap()
        .call("ListSpaces", json!({}))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("expired"), "{err}");
    assert!(!err.to_string().contains("old-token"), "{err}");

    assert!(
        seen.requests().is_empty(),
        "nothing is sent without a token"
    );
    std::fs::remove_dir_all(expired).unwrap();
    std::fs::remove_dir_all(missing).unwrap();
}
