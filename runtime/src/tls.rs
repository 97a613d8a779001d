//! TLS for every HTTPS connection rboto opens: rustls with the *ring* crypto provider, and the
//! platform's trust store read on a client's first handshake rather than when it is built.
//!
//! *ring* rather than rustls' default (aws-lc-rs) because it builds in a fraction of the time
//! and serves a TLS client as well. Loading the system's root certificates takes a few
//! milliseconds, which a program that only talks to a plain-HTTP endpoint (a local emulator)
//! or never makes a request should not pay, so the verifier loads them on first use, once per
//! HTTP client, the way reqwest's own verifier would at build time.

use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use rustls_platform_verifier::Verifier;

/// A reqwest client builder with rboto's TLS: rustls on *ring*, the platform's roots read
/// on the first handshake. Every reqwest client of the runtime (the default transport, the
/// credential providers' metadata clients) is built with it: this crate gives reqwest no
/// default crypto provider, so `reqwest::Client::new()` would panic.
pub(crate) fn http_client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder().tls_backend_preconfigured(client_config(Arc::new(
        PlatformRoots::new(crypto_provider()),
    )))
}

/// The crypto provider for every connection: *ring*'s, built once.
///
/// rustls 0.23.48 deprecates *ring*'s provider because it has no post-quantum key exchange;
/// rboto keeps it (see the module doc: aws-lc-rs costs far more build time), and allows the
/// deprecation here so programs built on rboto see no warning from it.
#[allow(deprecated)]
fn crypto_provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

/// A rustls client configuration trusting what `roots` trusts, for TLS 1.2 and 1.3, offering
/// HTTP/1.1 by ALPN: what AWS's endpoints for these services speak, and all botocore uses.
fn client_config(roots: Arc<PlatformRoots>) -> rustls::ClientConfig {
    let mut config = rustls::ClientConfig::builder_with_provider(roots.provider.clone())
        .with_safe_default_protocol_versions()
        .expect("ring supports TLS 1.2 and 1.3")
        .dangerous()
        .with_custom_certificate_verifier(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}

/// Verifies server certificates against the platform's roots (plus `SSL_CERT_FILE` or
/// `SSL_CERT_DIR` where set), loading them on the first certificate it is asked about.
#[derive(Debug)]
struct PlatformRoots {
    provider: Arc<CryptoProvider>,
    verifier: OnceLock<Result<Verifier, rustls::Error>>,
}

impl PlatformRoots {
    fn new(provider: Arc<CryptoProvider>) -> PlatformRoots {
        PlatformRoots {
            provider,
            verifier: OnceLock::new(),
        }
    }

    /// The platform verifier, built (and the roots read) on the first call.
    fn verifier(&self) -> Result<&Verifier, rustls::Error> {
        self.verifier
            .get_or_init(|| Verifier::new(self.provider.clone()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether the roots have been read.
    #[cfg(test)]
    fn loaded(&self) -> bool {
        self.verifier.get().is_some()
    }
}

impl ServerCertVerifier for PlatformRoots {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.verifier()?.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_a_client_reads_no_certificates() {
        let roots = Arc::new(PlatformRoots::new(crypto_provider()));
        let config = client_config(roots.clone());
        reqwest::Client::builder()
            .tls_backend_preconfigured(config)
            .build()
            .unwrap();
        assert!(!roots.loaded());
    }

    #[test]
    fn a_certificate_question_reads_the_roots_once() {
        let roots = PlatformRoots::new(crypto_provider());
        let name = ServerName::try_from("example.com").unwrap();
        let junk = CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x00]);
        let first = roots.verify_server_cert(&junk, &[], &name, &[], UnixTime::now());
        assert!(first.is_err(), "a malformed certificate must be refused");
        let loaded = |roots: &PlatformRoots| roots.verifier.get().map(|v| v as *const _);
        let first_load = loaded(&roots).expect("the question read the roots");
        let _ = roots.verify_server_cert(&junk, &[], &name, &[], UnixTime::now());
        assert_eq!(loaded(&roots), Some(first_load), "the roots are read once");
    }
}
