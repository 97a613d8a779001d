//! What the end-to-end chains of the services beyond the ten share: a low-level client built
//! from a service's embedded model (its feature enabled in this crate's dev-dependencies) and
//! aimed at moto, and the check every chain makes of one service error.

use rboto::{Client, Error, ServiceModel};
use serde_json::Value;

/// A low-level client of `model`'s service talking to moto, as a user builds one:
/// `session.client(rboto::models::<service>::model())`.
pub fn moto_client(model: ServiceModel) -> Client {
    let name = model.name().to_owned();
    rboto_test_support::emulator::session()
        .client(model)
        .unwrap_or_else(|e| panic!("client for {name}: {e}"))
}

/// Unwraps the service error `operation` must fail with, checking it is a service error (not a
/// transport or parse failure) whose code is `code`, with an HTTP status and a message.
pub fn service_error(operation: &str, result: Result<Value, Error>, code: &str) -> Error {
    let e = match result {
        Ok(out) => panic!("{operation} succeeded, expected {code}: {out}"),
        Err(e) => e,
    };
    assert!(
        e.is_service(),
        "{operation}: expected a service error, got {e:?}"
    );
    assert_eq!(e.code(), Some(code), "{operation}: {e:?}");
    assert!(
        e.status().is_some_and(|s| (400..600).contains(&s)),
        "{operation}: {e:?}"
    );
    e
}
