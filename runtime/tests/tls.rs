//! HTTPS against a TLS peer on loopback with a certificate issued by a throwaway CA: the
//! server's certificate is checked against the roots the platform names (`SSL_CERT_FILE`
//! here), read when the first connection needs them, and the client offers HTTP/1.1 by ALPN.
//!
//! One test function, because it sets `SSL_CERT_FILE` for the whole process.

use rboto_test_support::http_head;
use rboto_test_support::models::model_at;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rboto_runtime::session::{Credentials, Session};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio_rustls::LazyConfigAcceptor;

/// A certificate authority made for this test.
struct Authority {
    params: CertificateParams,
    key: KeyPair,
    pem: String,
}

impl Authority {
    fn new(name: &str) -> Authority {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let key = KeyPair::generate().unwrap();
        let pem = params.self_signed(&key).unwrap().pem();
        Authority { params, key, pem }
    }

    /// A server certificate for `localhost`, signed by this authority.
    fn issue_localhost(&self) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
        let key = KeyPair::generate().unwrap();
        let params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        let cert = params
            .signed_by(&key, &Issuer::from_params(&self.params, &self.key))
            .unwrap();
        (cert.der().clone(), PrivateKeyDer::from(key))
    }

    /// Writes the authority's certificate to a file of its own.
    fn write(&self, name: &str) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("rboto-tls-{}-{name}.pem", std::process::id()));
        std::fs::write(&path, &self.pem).unwrap();
        path
    }
}

/// A TLS peer on loopback answering every HTTP/1.1 request with a DynamoDB `ListTables`
/// result; records the ALPN protocols each client offered.
async fn peer(
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
) -> (u16, Arc<Mutex<Vec<Vec<Vec<u8>>>>>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let offered = Arc::new(Mutex::new(Vec::new()));
    let log = offered.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let config = config.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let acceptor = rustls::server::Acceptor::default();
                let Ok(start) = LazyConfigAcceptor::new(acceptor, socket).await else {
                    return;
                };
                let alpn = start
                    .client_hello()
                    .alpn()
                    .map(|protocols| protocols.map(<[u8]>::to_vec).collect())
                    .unwrap_or_default();
                log.lock().unwrap().push(alpn);
                let Ok(mut stream) = start.into_stream(config).await else {
                    return;
                };
                if http_head::read_head(&mut stream).await.is_none() {
                    return;
                }
                let body = r#"{"TableNames":["over-tls"]}"#;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (port, offered)
}

fn dynamodb(port: u16) -> rboto_runtime::Client {
    Session::builder()
        .credentials(Credentials::new("AKIDTEST", "SECRETTEST", None))
        .region("us-east-1")
        .endpoint_url(format!("https://localhost:{port}"))
        .build()
        .client(model_at("dynamodb", "2012-08-10"))
        .unwrap()
}

#[tokio::test]
async fn server_certificates_are_checked_against_the_platform_roots() {
    let trusted = Authority::new("rboto test CA");
    let stranger = Authority::new("some other CA");
    let (cert, key) = trusted.issue_localhost();
    let (port, offered) = peer(cert, key).await;
    let trusted_file = trusted.write("trusted");
    let stranger_file = stranger.write("stranger");
    std::env::remove_var("SSL_CERT_DIR");

    std::env::set_var("SSL_CERT_FILE", &stranger_file);
    let err = dynamodb(port)
        .call("ListTables", json!({}))
        .await
        .expect_err("a certificate from an untrusted issuer is refused");
    let message = err.to_string();
    assert!(
        message.contains("invalid peer certificate: UnknownIssuer"),
        "the error names the certificate problem: {message}"
    );
    assert!(
        !message.contains("SECRETTEST"),
        "no secret in the error: {message}"
    );

    std::env::set_var("SSL_CERT_FILE", &trusted_file);
    let out = dynamodb(port)
        .call("ListTables", json!({}))
        .await
        .expect("a certificate from a trusted issuer is accepted");
    assert_eq!(out["TableNames"], json!(["over-tls"]));

    let offered = offered.lock().unwrap();
    assert!(!offered.is_empty());
    for alpn in offered.iter() {
        assert_eq!(alpn, &[b"http/1.1".to_vec()]);
    }
    std::fs::remove_file(trusted_file).unwrap();
    std::fs::remove_file(stranger_file).unwrap();
}
