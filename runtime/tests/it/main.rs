//! The runtime's integration tests, one binary: each file here is a module. A new test file
//! becomes a `mod` line below (alphabetical); it gets its own binary under `tests/` only when it
//! needs its own process: `tls` sets `SSL_CERT_FILE`, the 1 GiB `transfer_large*` tests register
//! a counting global allocator and run in release mode. Shared helpers come from
//! `rboto-test-support`.
//!
//! A test that needs a peer says so: `#[ignore = "needs moto: scripts/test runs it"]` (or
//! `needs s3s-fs`, `needs conformance vectors`), so a plain `cargo test` lists it as ignored with
//! the reason, and `scripts/test` runs it with `--include-ignored`; run without its peer, it
//! fails.

mod conformance;

mod auth_schemes;
mod cbor_cloudwatch;
mod client_moto;
mod client_prepare;
mod client_scripted;
mod credential_chain;
mod customizations;
mod endpoint_conformance;
mod endpoint_discovery;
mod hostile_peer;
mod hostile_server;
mod model_sweep;
mod paginate_wait;
mod protocol_conformance;
mod rest_real_models;
mod resume_tokens_boto3;
mod s3_express;
mod tcp_keepalive;
mod validate_vectors;
mod wire_log_moto;
