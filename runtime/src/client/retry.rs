//! Retries in botocore's standard mode: a few attempts, exponential backoff with full jitter,
//! for transient failures and throttling only.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use crate::error::{Error, ServiceError};
use crate::model::ServiceDefinition;

/// Longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Error codes that mean "try again" without meaning "slow down".
const TRANSIENT_CODES: [&str; 3] = [
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// Statuses of transient server failures.
const TRANSIENT_STATUSES: [u16; 4] = [500, 502, 503, 504];

/// Why a failed attempt may be retried; throttling waits longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryKind {
    /// A connection failure, timeout or transient server error.
    Transient,
    /// The service asked the caller to slow down.
    Throttling,
}

/// How many attempts to make and how long to wait between them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    /// Attempts including the first.
    pub max_attempts: u32,
    /// Backoff base for transient failures (50 ms, 25 ms for DynamoDB).
    pub base: Duration,
    /// Backoff base for throttling (1 s).
    pub throttling_base: Duration,
    /// STS: its identity-provider communication errors are worth another try.
    pub sts: bool,
}

impl RetryPolicy {
    /// The standard policy for a service (its botocore name).
    pub fn standard(service: &str, max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            base: if service.starts_with("dynamodb") {
                Duration::from_millis(25)
            } else {
                Duration::from_millis(50)
            },
            throttling_base: Duration::from_secs(1),
            sts: service == "sts",
        }
    }

    /// Whether an error is worth another attempt, and of which kind.
    pub fn classify(&self, service: &ServiceDefinition, error: &Error) -> Option<RetryKind> {
        if error.is_connect() || error.is_timeout() {
            return Some(RetryKind::Transient);
        }
        let err = error.service_error()?;
        if self.sts && err.code == "IDPCommunicationError" {
            return Some(RetryKind::Transient);
        }
        classify_service_error(service, err)
    }

    /// The wait before attempt `next_attempt` (2 for the first retry): a random share of
    /// `base * 2^(next_attempt - 2)`, capped at 20 s.
    pub fn backoff(&self, kind: RetryKind, next_attempt: u32) -> Duration {
        let base = match kind {
            RetryKind::Transient => self.base,
            RetryKind::Throttling => self.throttling_base,
        };
        let exponent = next_attempt.saturating_sub(2).min(16);
        let ceiling = base.saturating_mul(1 << exponent).min(MAX_BACKOFF);
        ceiling.mul_f64(random_unit())
    }
}

fn classify_service_error(service: &ServiceDefinition, err: &ServiceError) -> Option<RetryKind> {
    let shape = err.shape.as_deref().and_then(|s| service.shape(s));
    if let Some(retryable) = shape.and_then(|s| s.retryable.as_ref()) {
        return Some(if retryable.throttling {
            RetryKind::Throttling
        } else {
            RetryKind::Transient
        });
    }
    let throttling_code = ServiceError {
        status: 0,
        ..err.clone()
    }
    .is_throttling();
    if throttling_code || (err.status == 429 && shape.is_none()) {
        return Some(RetryKind::Throttling);
    }
    if TRANSIENT_CODES.contains(&err.code.as_str()) || TRANSIENT_STATUSES.contains(&err.status) {
        return Some(RetryKind::Transient);
    }
    None
}

/// A random number in `[0, 1)`, from the standard library's randomly keyed hasher.
fn random_unit() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn service() -> ServiceDefinition {
        serde_json::from_value(json!({
            "metadata": {"protocol": "json"},
            "shapes": {
                "Busy": {"type": "structure", "exception": true, "retryable": {"throttling": false}},
                "Gone": {"type": "structure", "exception": true, "error": {"httpStatusCode": 429}}
            }
        }))
        .unwrap()
    }

    fn service_error(code: &str, status: u16, shape: Option<&str>) -> Error {
        Error::service(ServiceError {
            operation: "Op".into(),
            code: code.into(),
            status,
            shape: shape.map(str::to_string),
            ..Default::default()
        })
    }

    #[test]
    fn classifies_like_standard_mode() {
        let policy = RetryPolicy::standard("s3", 3);
        let svc = service();
        let kind = |e: Error| policy.classify(&svc, &e);
        assert_eq!(
            kind(service_error("InternalError", 500, None)),
            Some(RetryKind::Transient)
        );
        assert_eq!(
            kind(service_error("X", 503, None)),
            Some(RetryKind::Transient)
        );
        assert_eq!(
            kind(service_error("RequestTimeout", 400, None)),
            Some(RetryKind::Transient)
        );
        assert_eq!(
            kind(service_error("SlowDown", 503, None)),
            Some(RetryKind::Throttling)
        );
        assert_eq!(
            kind(service_error("ThrottlingException", 400, None)),
            Some(RetryKind::Throttling)
        );
        assert_eq!(
            kind(service_error("Whatever", 429, None)),
            Some(RetryKind::Throttling)
        );
        assert_eq!(kind(service_error("Gone", 429, Some("Gone"))), None);
        assert_eq!(
            kind(service_error("ThrottlingException", 429, Some("Gone"))),
            Some(RetryKind::Throttling)
        );
        assert_eq!(
            kind(service_error("Busy", 400, Some("Busy"))),
            Some(RetryKind::Transient)
        );
        assert_eq!(kind(service_error("NoSuchKey", 404, None)), None);
        assert_eq!(kind(service_error("AccessDenied", 403, None)), None);
        assert_eq!(kind(Error::connect("refused")), Some(RetryKind::Transient));
        assert_eq!(kind(Error::timeout("read")), Some(RetryKind::Transient));
        assert_eq!(kind(Error::validation(vec!["x".into()])), None);
        assert_eq!(
            kind(service_error("IDPCommunicationError", 400, None)),
            None
        );
        let sts = RetryPolicy::standard("sts", 3);
        assert_eq!(
            sts.classify(&svc, &service_error("IDPCommunicationError", 400, None)),
            Some(RetryKind::Transient)
        );
    }

    #[test]
    fn backoff_is_jittered_exponential_and_capped() {
        let policy = RetryPolicy::standard("s3", 3);
        for attempt in 2..10 {
            let wait = policy.backoff(RetryKind::Transient, attempt);
            assert!(wait <= Duration::from_millis(50) * (1 << (attempt - 2)));
        }
        assert!(policy.backoff(RetryKind::Throttling, 40) <= MAX_BACKOFF);
        let waits: Vec<_> = (0..20)
            .map(|_| policy.backoff(RetryKind::Throttling, 2))
            .collect();
        assert!(
            waits.iter().any(|w| *w != waits[0]),
            "jitter varies the wait"
        );
        assert_eq!(
            RetryPolicy::standard("dynamodb", 4).base,
            Duration::from_millis(25)
        );
    }
}
