//! The moto server the tests that need one talk to: `scripts/test` (or `scripts/emulator
//! start`) starts it on loopback and puts its URL in `RBOTO_TEST_ENDPOINT`.

/// The emulator's URL. Panics (failing the test) when the tests were not started by
/// `scripts/test`: an end-to-end test that silently passes without a peer proves nothing. Such
/// a test carries `#[ignore = "needs moto: scripts/test runs it"]`, so a plain `cargo test`
/// lists it as ignored instead of running it here.
pub fn endpoint() -> String {
    match std::env::var("RBOTO_TEST_ENDPOINT") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "RBOTO_TEST_ENDPOINT is not set: run the end-to-end tests with `scripts/test`, which \
             starts moto on loopback and points the tests at it (or eval \"$(scripts/emulator \
             start)\" and pass --include-ignored); a test that needs moto carries \
             #[ignore = \"needs moto: scripts/test runs it\"]"
        ),
    }
}
