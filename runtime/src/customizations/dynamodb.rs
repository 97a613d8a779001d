//! DynamoDB's customizations: responses carry the CRC32 of their body in `x-amz-crc32`, and a
//! body that does not match was damaged on the way, so the attempt is retried; retries wait
//! less and try more often than other services' (botocore's retry tables).

use std::sync::Arc;
use std::time::Duration;

use http::HeaderMap;

use super::RetryRules;
use crate::hooks::{CorruptResponse, Hook, HookResult, ResponseStage};

/// DynamoDB's retry rules: 4 attempts in standard mode with a 25 ms base for transient
/// errors; in legacy mode 10 attempts, 50 ms doubling, and two more retryable codes.
pub(super) const RETRY: RetryRules = RetryRules {
    legacy_codes: &[
        ("ReplicatedWriteConflictException", 409),
        ("TransactionInProgressException", 400),
    ],
    legacy_attempts: 10,
    legacy_base: Some(Duration::from_millis(50)),
    ..STREAMS_RETRY
};

/// DynamoDB Streams shares DynamoDB's standard-mode rules, not its legacy table.
pub(super) const STREAMS_RETRY: RetryRules = RetryRules {
    standard_attempts: 4,
    transient_base: Duration::from_millis(25),
    ..RetryRules::DEFAULT
};

/// DynamoDB's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(ResponseCrc32)]
}

/// Checks each response body against its `x-amz-crc32`.
#[derive(Debug)]
struct ResponseCrc32;

impl Hook for ResponseCrc32 {
    fn before_parsing(&self, response: &ResponseStage<'_>) -> HookResult {
        match response
            .body()
            .and_then(|body| crc32_mismatch(response.headers(), body))
        {
            Some(mismatch) => Err(Box::new(CorruptResponse(mismatch))),
            None => Ok(()),
        }
    }
}

/// What is wrong when `body` does not match the `x-amz-crc32` header, if it has one.
fn crc32_mismatch(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    let expected: u32 = headers
        .get("x-amz-crc32")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let actual = crate::checksum::crc32(body);
    (actual != expected)
        .then(|| format!("DynamoDB response CRC32 {actual} does not match x-amz-crc32 {expected}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn the_crc32_header_is_checked() {
        let mut headers = HeaderMap::new();
        headers.insert("x-amz-crc32", HeaderValue::from_static("907060870"));
        assert_eq!(crc32_mismatch(&headers, b"hello"), None);
        assert!(crc32_mismatch(&headers, b"hellO").is_some());
        assert_eq!(crc32_mismatch(&HeaderMap::new(), b"x"), None);
    }
}
