//! S3 Express One Zone session auth against a server on 127.0.0.1 (moto has no directory
//! buckets and no `CreateSession`): it answers `CreateSession` with session credentials and
//! records every request, and each signature is checked by a SigV4 computation written out
//! here, independent of the signer.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rboto_runtime::model::ServiceModel;
use rboto_runtime::session::{Credentials, Session};
use rboto_runtime::{ByteStream, Client};
use rboto_test_support::http_head;
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const BUCKET: &str = "rboto--use1-az4--x-s3";
const SESSION_KEY: &str = "ASIASESSION";
const SESSION_SECRET: &str = "session-secret";
const SESSION_TOKEN: &str = "session-token-value";

/// One request as the server received it.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    fn is_create_session(&self) -> bool {
        self.method == "GET" && self.target.ends_with("?session")
    }
}

/// Answers `CreateSession` with the session credentials, `PUT`s with an ETag and `GET`s with
/// a small body; keeps every request.
async fn serve() -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Arc<Mutex<Vec<Received>>> = Arc::default();
    let record = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let record = record.clone();
            tokio::spawn(async move {
                while let Some((buf, head_end)) = http_head::read_head(&mut socket).await {
                    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                    let mut lines = head.split("\r\n");
                    let mut start = lines.next().unwrap().split(' ');
                    let (method, target) = (start.next().unwrap(), start.next().unwrap());
                    let headers: BTreeMap<String, String> = lines
                        .filter_map(|l| l.split_once(':'))
                        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                        .collect();
                    let length: usize = headers
                        .get("content-length")
                        .map_or(0, |v| v.parse().unwrap());
                    let mut body = buf[head_end..].to_vec();
                    while body.len() < length {
                        let mut chunk = vec![0u8; length - body.len()];
                        let n = socket.read(&mut chunk).await.unwrap();
                        body.extend_from_slice(&chunk[..n]);
                    }
                    let received = Received {
                        method: method.to_string(),
                        target: target.to_string(),
                        headers,
                        body,
                    };
                    let (extra, reply) = if received.is_create_session() {
                        let xml = format!(
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                             <CreateSessionResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
                             <Credentials><SessionToken>{SESSION_TOKEN}</SessionToken>\
                             <SecretAccessKey>{SESSION_SECRET}</SecretAccessKey>\
                             <AccessKeyId>{SESSION_KEY}</AccessKeyId>\
                             <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>\
                             </CreateSessionResult>"
                        );
                        ("content-type: application/xml\r\n", xml)
                    } else if received.method == "PUT" {
                        ("etag: \"e1\"\r\n", String::new())
                    } else {
                        ("content-type: text/plain\r\n", "hello express".to_string())
                    };
                    record.lock().unwrap().push(received);
                    let response = format!(
                        "HTTP/1.1 200 OK\r\n{extra}x-amz-request-id: r1\r\ncontent-length: {}\r\n\r\n{reply}",
                        reply.len()
                    );
                    if socket.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, seen)
}

fn client(endpoint: &str, key: &str, secret: &str) -> Client {
    let dir = format!(
        "{}/../resource-models/models/s3/2006-03-01",
        env!("CARGO_MANIFEST_DIR")
    );
    Session::builder()
        .credentials(Credentials::new(key, secret, Some("base-token".into())))
        .region("us-east-1")
        .endpoint_url(endpoint)
        .build()
        .client(ServiceModel::from_dir("s3", dir).unwrap())
        .unwrap()
}

/// HMAC-SHA256, written out so the check does not share code with the signer.
fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(data)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a request's `Authorization` header is the SigV4 signature `secret` makes of it:
/// S3's canonical request (the path as sent, the query sorted, the signed headers' values,
/// the payload hash from `x-amz-content-sha256`).
fn signed_with(request: &Received, secret: &str) -> bool {
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
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{}\n{scope}\n{}",
        request.header("x-amz-date").unwrap(),
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = format!("AWS4{secret}").into_bytes();
    for part in scope.split('/') {
        key = hmac_sha256(&key, part.as_bytes());
    }
    hex(&hmac_sha256(&key, to_sign.as_bytes())) == signature
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

    let requests = seen.lock().unwrap().clone();
    let (sessions, data): (Vec<_>, Vec<_>) = requests.iter().partition(|r| r.is_create_session());
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
                hex(&Sha256::digest(&request.body)),
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
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.is_create_session())
        .count();
    assert_eq!(sessions, 2, "other credentials get a session of their own");
}
