//! S3 Express One Zone session auth against a server on 127.0.0.1 (moto has no directory
//! buckets and no `CreateSession`): it answers `CreateSession` with session credentials and
//! records every request, and each signature is checked by a SigV4 computation independent of
//! the signer (`rboto_test_support::sigv4_check`).

use rboto_runtime::session::{Credentials, Session};
use rboto_runtime::{ByteStream, Client};
use rboto_test_support::loopback::{RecordingPeer, Request, Response};
use rboto_test_support::models::model_at;
use rboto_test_support::sigv4_check::{self, sha256_hex};
use serde_json::json;

const BUCKET: &str = "rboto--use1-az4--x-s3";
const SESSION_KEY: &str = "ASIASESSION";
const SESSION_SECRET: &str = "session-secret";
const SESSION_TOKEN: &str = "session-token-value";

fn is_create_session(request: &Request) -> bool {
    request.method == "GET" && request.target.ends_with("?session")
}

/// Answers `CreateSession` with the session credentials, `PUT`s with an ETag and `GET`s with
/// a small body; keeps every request.
async fn serve() -> (String, RecordingPeer) {
    let peer = RecordingPeer::start(|request| {
        let response = if is_create_session(request) {
            let xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                 <CreateSessionResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
                 <Credentials><SessionToken>{SESSION_TOKEN}</SessionToken>\
                 <SecretAccessKey>{SESSION_SECRET}</SecretAccessKey>\
                 <AccessKeyId>{SESSION_KEY}</AccessKeyId>\
                 <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>\
                 </CreateSessionResult>"
            );
            Response::new(200, xml).header("content-type", "application/xml")
        } else if request.method == "PUT" {
            Response::new(200, "").header("etag", "\"e1\"")
        } else {
            Response::new(200, "hello express").header("content-type", "text/plain")
        };
        response.header("x-amz-request-id", "r1")
    })
    .await;
    (peer.url().to_string(), peer)
}

fn client(endpoint: &str, key: &str, secret: &str) -> Client {
    Session::builder()
        .credentials(Credentials::new(key, secret, Some("base-token".into())))
        .region("us-east-1")
        .endpoint_url(endpoint)
        .build()
        .client(model_at("s3", "2006-03-01"))
        .unwrap()
}

/// Whether a request's `Authorization` header is the SigV4 signature `secret` makes of it:
/// S3's canonical request (the path as sent, the query sorted, the signed headers' values,
/// the payload hash from `x-amz-content-sha256`).
fn signed_with(request: &Request, secret: &str) -> bool {
    let authorization = request.header("authorization").unwrap();
    let field = |name: &str| {
        authorization
            .split([' ', ','])
            .find_map(|part| part.strip_prefix(name))
            .unwrap()
            .to_string()
    };
    let (credential, signed, signature) = (
        field("Credential="),
        field("SignedHeaders="),
        field("Signature="),
    );
    let scope = credential.split_once('/').unwrap().1;
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => format!("{k}={v}"),
            None => format!("{p}="),
        })
        .collect();
    pairs.sort();
    let headers: String = signed
        .split(';')
        .map(|name| format!("{name}:{}\n", request.header(name).unwrap()))
        .collect();
    let canonical = format!(
        "{}\n{path}\n{}\n{headers}\n{signed}\n{}",
        request.method,
        pairs.join("&"),
        request.header("x-amz-content-sha256").unwrap()
    );
    let date = request.header("x-amz-date").unwrap();
    sigv4_check::signature(secret, date, scope, &canonical) == signature
}

#[tokio::test]
async fn directory_bucket_requests_are_signed_with_one_session_per_bucket_and_identity() {
    let (endpoint, seen) = serve().await;
    let s3 = client(&endpoint, "AKIDBASE", "base-secret");
    let puts = (0..3).map(|i| {
        s3.call_with_body(
            "PutObject",
            json!({ "Bucket": BUCKET, "Key": format!("b{i}.txt") }),
            ByteStream::from("concurrent"),
        )
    });
    for put in futures::future::join_all(puts).await {
        put.unwrap();
    }
    s3.call_with_body(
        "PutObject",
        json!({ "Bucket": BUCKET, "Key": "a.txt" }),
        ByteStream::from("later"),
    )
    .await
    .unwrap();
    let (_, body) = s3
        .call_streaming("GetObject", json!({ "Bucket": BUCKET, "Key": "a.txt" }))
        .await
        .unwrap();
    assert_eq!(&body.collect().await.unwrap()[..], b"hello express");

    let requests = seen.requests();
    let (sessions, data): (Vec<_>, Vec<_>) = requests.iter().partition(|r| is_create_session(r));
    assert_eq!(sessions.len(), 1, "{requests:#?}");
    assert_eq!(data.len(), 5);

    let create = sessions[0];
    assert_eq!(create.target, format!("/{BUCKET}?session"));
    let authorization = create.header("authorization").unwrap();
    assert!(
        authorization.contains("Credential=AKIDBASE/") && authorization.contains("/s3express/"),
        "{authorization}"
    );
    assert_eq!(create.header("x-amz-security-token"), Some("base-token"));
    assert_eq!(create.header("x-amz-s3session-token"), None);
    assert!(
        signed_with(create, "base-secret"),
        "CreateSession: plain SigV4"
    );

    for request in &data {
        let authorization = request.header("authorization").unwrap();
        assert!(
            authorization.contains(&format!("Credential={SESSION_KEY}/"))
                && authorization.contains("/us-east-1/s3express/aws4_request"),
            "{authorization}"
        );
        assert!(
            authorization.contains("x-amz-s3session-token"),
            "{authorization}"
        );
        assert_eq!(request.header("x-amz-s3session-token"), Some(SESSION_TOKEN));
        assert_eq!(request.header("x-amz-security-token"), None, "{request:?}");
        assert!(signed_with(request, SESSION_SECRET), "{request:?}");
        assert!(!signed_with(request, "base-secret"));
        if request.method == "PUT" {
            assert_eq!(
                request.header("x-amz-content-sha256").unwrap(),
                sha256_hex(&request.body),
                "the payload is signed"
            );
        }
    }

    let presigned = s3
        .presign(
            "GetObject",
            json!({ "Bucket": BUCKET, "Key": "a.txt" }),
            std::time::Duration::from_secs(60),
        )
        .await
        .unwrap_err();
    assert!(presigned.is_validation(), "{presigned:?}");
    assert!(presigned.to_string().contains("S3 Express"), "{presigned}");

    let other = client(&endpoint, "AKIDOTHER", "other-secret");
    other
        .call_streaming("GetObject", json!({ "Bucket": BUCKET, "Key": "a.txt" }))
        .await
        .unwrap();
    let sessions = seen
        .requests()
        .iter()
        .filter(|r| is_create_session(r))
        .count();
    assert_eq!(sessions, 2, "other credentials get a session of their own");
}
