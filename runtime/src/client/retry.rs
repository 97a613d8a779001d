//! Retries, in the three modes botocore offers (`Config::retry_mode`):
//!
//! - **standard** (the default): 3 attempts (4 for DynamoDB), backoff
//!   `rand(0,1) * min(base * 2^(attempt-1), 20 s)` with `base` 1 s after throttling and
//!   50 ms otherwise (25 ms for DynamoDB), raised toward an `x-amz-retry-after` header (at
//!   most 5 s more), and a retry quota shared by the client's calls ([`retry_quota`]).
//!   Retryable: connection errors and timeouts; `RequestTimeout`,
//!   `RequestTimeoutException`, `PriorRequestNotComplete` and HTTP 500/502/503/504;
//!   botocore's throttling codes; HTTP 429 when the code is not modeled; errors modeled
//!   `retryable`; STS `IDPCommunicationError`; a DynamoDB CRC32 mismatch.
//! - **adaptive**: standard plus a client-side rate limiter ([`retry_adaptive`]).
//! - **legacy**: botocore's `_retry.json` rules ([`retry_legacy`]).
//!
//! A request whose body cannot be sent twice is never retried (decided by the caller).
//!
//! [`retry_quota`]: super::retry_quota
//! [`retry_adaptive`]: super::retry_adaptive
//! [`retry_legacy`]: super::retry_legacy

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use super::retry_adaptive::ClientRateLimiter;
use super::retry_legacy;
use super::retry_quota::{RetryQuota, NO_RETRY_INCREMENT};
use crate::customizations::RetryRules;
use crate::error::{Error, ServiceError};
use crate::model::ServiceDefinition;
use crate::session::{Config, RetryMode};

/// Longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// How much longer than the computed backoff an `x-amz-retry-after` header may make a wait.
const RETRY_AFTER_MAX_ADDITIONAL: Duration = Duration::from_secs(5);

/// Error codes that mean "try again" without meaning "slow down".
const TRANSIENT_CODES: [&str; 3] = [
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// Statuses of transient server failures.
const TRANSIENT_STATUSES: [u16; 4] = [500, 502, 503, 504];

/// Error codes botocore treats as throttling, whatever their status.
const THROTTLING_CODES: [&str; 14] = [
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Why a failed attempt may be retried; throttling waits longer and costs less quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryKind {
    /// A connection failure, timeout or transient server error.
    Transient,
    /// The service asked the caller to slow down.
    Throttling,
}

/// A failed attempt as the retry logic sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FailedAttempt<'a> {
    /// The error.
    pub error: &'a Error,
    /// The attempt that failed (1 for the first).
    pub attempt: u32,
    /// The response was corrupted in a way botocore always retries (DynamoDB CRC32).
    pub corrupted: bool,
    /// The `x-amz-retry-after` header, in milliseconds.
    pub retry_after: Option<Duration>,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then send again.
    Retry(Duration),
    /// Return the error, after waiting this long (long polling with the quota spent).
    GiveUp(Duration),
}

/// A client's retry state: its mode, attempts, and the quota and rate limiter its calls
/// share.
#[derive(Debug)]
pub(crate) struct Retrier {
    rules: &'static RetryRules,
    mode: RetryMode,
    max_attempts: u32,
    quota: RetryQuota,
    limiter: Option<ClientRateLimiter>,
}

/// The retry bookkeeping of one call.
#[derive(Debug, Default)]
pub(crate) struct CallRetries {
    /// Quota taken by the latest retry, given back if the call then succeeds.
    last_acquired: Option<u32>,
}

impl Retrier {
    /// The retry state of a client for `service` (its botocore name).
    pub(crate) fn new(service: &str, config: &Config) -> Self {
        let mode = config.retry_mode();
        Retrier {
            rules: crate::customizations::retry_rules(service),
            mode,
            max_attempts: config.attempts_for(service),
            quota: RetryQuota::default(),
            limiter: (mode == RetryMode::Adaptive).then(ClientRateLimiter::new),
        }
    }

    /// The service's retry rules.
    pub(crate) fn rules(&self) -> &'static RetryRules {
        self.rules
    }

    /// Attempts per call, the first included.
    pub(crate) fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Tokens left in the retry quota.
    #[cfg(test)]
    pub(crate) fn quota_available(&self) -> u32 {
        self.quota.available()
    }

    /// Waits until the rate limiter (adaptive mode) allows another send.
    pub(crate) async fn before_send(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.before_send().await;
        }
    }

    /// Feeds the outcome of an attempt to the rate limiter (adaptive mode).
    pub(crate) fn after_attempt(&self, service: &ServiceDefinition, error: Option<&Error>) {
        if let Some(limiter) = &self.limiter {
            let throttled = error.is_some_and(|e| is_throttling_error(service, e));
            limiter.after_response(throttled);
        }
    }

    /// A call succeeded: give quota back (standard and adaptive modes).
    pub(crate) fn on_success(&self, call: &CallRetries) {
        if self.mode != RetryMode::Legacy {
            self.quota
                .release(call.last_acquired.unwrap_or(NO_RETRY_INCREMENT));
        }
    }

    /// Whether and when to retry after `failed`. The caller has already checked that the
    /// body can be sent again.
    pub(crate) fn decide(
        &self,
        service: &ServiceDefinition,
        operation: &str,
        call: &mut CallRetries,
        failed: FailedAttempt<'_>,
    ) -> Option<Decision> {
        if failed.attempt >= self.max_attempts {
            tracing::debug!(attempts = failed.attempt, "max attempts reached");
            return None;
        }
        if self.mode == RetryMode::Legacy {
            let retry = failed.corrupted || retry_legacy::is_retryable(self.rules, failed.error);
            return retry.then(|| Decision::Retry(retry_legacy::delay(self.rules, failed.attempt)));
        }
        let kind = if failed.corrupted {
            RetryKind::Transient
        } else {
            classify(self.rules, service, failed.error)?
        };
        let delay = backoff(self.rules, kind, failed.attempt, failed.retry_after);
        match self.quota.acquire(kind == RetryKind::Throttling) {
            Some(cost) => {
                call.last_acquired = Some(cost);
                Some(Decision::Retry(delay))
            }
            None => {
                tracing::debug!(
                    available = self.quota.available(),
                    "retry quota exhausted; not retrying"
                );
                let polling = self.rules.long_polling.contains(&operation);
                polling.then_some(Decision::GiveUp(delay))
            }
        }
    }
}

/// Whether an error is worth another attempt in standard mode, and of which kind.
pub(crate) fn classify(
    rules: &RetryRules,
    service: &ServiceDefinition,
    error: &Error,
) -> Option<RetryKind> {
    if error.is_connect() || error.is_timeout() {
        return Some(RetryKind::Transient);
    }
    let err = error.service_error()?;
    if let Some(kind) = throttling_or_modeled(service, err) {
        return Some(kind);
    }
    if TRANSIENT_CODES.contains(&err.code.as_str()) || TRANSIENT_STATUSES.contains(&err.status) {
        return Some(RetryKind::Transient);
    }
    if rules.transient_codes.contains(&err.code.as_str()) {
        return Some(RetryKind::Transient);
    }
    None
}

/// botocore's throttling detector: a throttling code, else what the model says, else HTTP
/// 429 for an error the model does not know.
fn is_throttling_error(service: &ServiceDefinition, error: &Error) -> bool {
    error
        .service_error()
        .and_then(|err| throttling_or_modeled(service, err))
        == Some(RetryKind::Throttling)
}

fn throttling_or_modeled(service: &ServiceDefinition, err: &ServiceError) -> Option<RetryKind> {
    if THROTTLING_CODES.contains(&err.code.as_str()) {
        return Some(RetryKind::Throttling);
    }
    let shape = err.shape.as_deref().and_then(|s| service.shape(s));
    if let Some(retryable) = shape.and_then(|s| s.retryable.as_ref()) {
        return Some(if retryable.throttling {
            RetryKind::Throttling
        } else {
            RetryKind::Transient
        });
    }
    (err.status == 429 && shape.is_none()).then_some(RetryKind::Throttling)
}

/// The wait after failed attempt `attempt` (1 for the first): a random share of
/// `base * 2^(attempt - 1)`, capped at 20 s, raised toward `retry_after` by at most 5 s.
pub(crate) fn backoff(
    rules: &RetryRules,
    kind: RetryKind,
    attempt: u32,
    retry_after: Option<Duration>,
) -> Duration {
    let base = match kind {
        RetryKind::Throttling => Duration::from_secs(1),
        RetryKind::Transient => rules.transient_base,
    };
    let exponent = attempt.saturating_sub(1).min(16);
    let ceiling = base.saturating_mul(1 << exponent).min(MAX_BACKOFF);
    let wait = ceiling.mul_f64(random_unit());
    match retry_after {
        Some(after) => wait.max(after.min(wait + RETRY_AFTER_MAX_ADDITIONAL)),
        None => wait,
    }
}

/// The `x-amz-retry-after` header (milliseconds), when it holds a non-negative integer.
pub(crate) fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let text = headers.get("x-amz-retry-after")?.to_str().ok()?;
    text.trim().parse::<u64>().ok().map(Duration::from_millis)
}

/// A random number in `[0, 1)`, from the standard library's randomly keyed hasher.
#[doc(hidden)] // for rboto's extension crates; not part of the API
pub fn random_unit() -> f64 {
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
                "Slow": {"type": "structure", "exception": true, "retryable": {"throttling": true}},
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
        let svc = service();
        let kind = |e: Error| classify(crate::customizations::retry_rules("s3"), &svc, &e);
        use RetryKind::*;
        assert_eq!(
            kind(service_error("InternalError", 500, None)),
            Some(Transient)
        );
        assert_eq!(kind(service_error("X", 503, None)), Some(Transient));
        assert_eq!(kind(service_error("X", 502, None)), Some(Transient));
        assert_eq!(kind(service_error("X", 504, None)), Some(Transient));
        assert_eq!(kind(service_error("X", 509, None)), None);
        assert_eq!(
            kind(service_error("RequestTimeout", 400, None)),
            Some(Transient)
        );
        assert_eq!(kind(service_error("SlowDown", 503, None)), Some(Throttling));
        assert_eq!(
            kind(service_error("ThrottlingException", 400, None)),
            Some(Throttling)
        );
        assert_eq!(
            kind(service_error("PriorRequestNotComplete", 400, None)),
            Some(Throttling)
        );
        assert_eq!(kind(service_error("Whatever", 429, None)), Some(Throttling));
        assert_eq!(kind(service_error("Gone", 429, Some("Gone"))), None);
        assert_eq!(
            kind(service_error("ThrottlingException", 429, Some("Gone"))),
            Some(Throttling)
        );
        assert_eq!(
            kind(service_error("Busy", 400, Some("Busy"))),
            Some(Transient)
        );
        assert_eq!(
            kind(service_error("Slow", 400, Some("Slow"))),
            Some(Throttling)
        );
        assert_eq!(kind(service_error("NoSuchKey", 404, None)), None);
        assert_eq!(kind(service_error("AccessDenied", 403, None)), None);
        assert_eq!(kind(Error::connect("refused")), Some(Transient));
        assert_eq!(kind(Error::timeout("read")), Some(Transient));
        assert_eq!(kind(Error::validation(vec!["x".into()])), None);
        assert_eq!(
            kind(service_error("IDPCommunicationError", 400, None)),
            None
        );
        assert_eq!(
            classify(
                crate::customizations::retry_rules("sts"),
                &svc,
                &service_error("IDPCommunicationError", 400, None)
            ),
            Some(Transient)
        );
    }

    #[test]
    fn backoff_is_jittered_exponential_capped_and_honours_retry_after() {
        for attempt in 1..10 {
            let wait = backoff(
                crate::customizations::retry_rules("s3"),
                RetryKind::Transient,
                attempt,
                None,
            );
            assert!(wait <= Duration::from_millis(50) * (1 << (attempt - 1)));
            let wait = backoff(
                crate::customizations::retry_rules("dynamodb"),
                RetryKind::Transient,
                attempt,
                None,
            );
            assert!(wait <= Duration::from_millis(25) * (1 << (attempt - 1)));
        }
        assert!(
            backoff(
                crate::customizations::retry_rules("s3"),
                RetryKind::Throttling,
                40,
                None
            ) <= MAX_BACKOFF
        );
        let waits: Vec<_> = (0..20)
            .map(|_| {
                backoff(
                    crate::customizations::retry_rules("s3"),
                    RetryKind::Throttling,
                    1,
                    None,
                )
            })
            .collect();
        assert!(
            waits.iter().any(|w| *w != waits[0]),
            "jitter varies the wait"
        );
        let asked = backoff(
            crate::customizations::retry_rules("s3"),
            RetryKind::Transient,
            1,
            Some(Duration::from_millis(3000)),
        );
        assert!(asked == Duration::from_millis(3000), "{asked:?}");
        let capped = backoff(
            crate::customizations::retry_rules("s3"),
            RetryKind::Transient,
            1,
            Some(Duration::from_secs(60)),
        );
        assert!(capped <= Duration::from_millis(5050), "{capped:?}");
        assert!(capped >= Duration::from_secs(5), "{capped:?}");
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amz-retry-after", "1500".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(1500)));
        headers.insert("x-amz-retry-after", "-3".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn quota_pays_for_retries_and_success_refunds() {
        let svc = service();
        let retrier = Retrier::new("s3", &Config::default());
        let throttled = service_error("SlowDown", 503, None);
        let broken = service_error("InternalError", 500, None);
        let failed = |error: &'static Error, attempt| FailedAttempt {
            error,
            attempt,
            corrupted: false,
            retry_after: None,
        };
        let throttled: &'static Error = Box::leak(Box::new(throttled));
        let broken: &'static Error = Box::leak(Box::new(broken));
        let mut call = CallRetries::default();
        assert!(matches!(
            retrier.decide(&svc, "GetObject", &mut call, failed(throttled, 1)),
            Some(Decision::Retry(_))
        ));
        assert_eq!(retrier.quota_available(), 495);
        assert!(matches!(
            retrier.decide(&svc, "GetObject", &mut call, failed(broken, 2)),
            Some(Decision::Retry(_))
        ));
        assert_eq!(retrier.quota_available(), 481);
        assert_eq!(
            retrier.decide(&svc, "GetObject", &mut call, failed(broken, 3)),
            None,
            "three attempts is the default"
        );
        assert_eq!(retrier.quota_available(), 481);
        retrier.on_success(&call);
        assert_eq!(
            retrier.quota_available(),
            495,
            "refunds the last retry's cost"
        );
        retrier.on_success(&CallRetries::default());
        assert_eq!(retrier.quota_available(), 496);
        let sqs = Retrier::new("sqs", &Config::default());
        let mut call = CallRetries::default();
        for _ in 0..35 {
            sqs.decide(&svc, "SendMessage", &mut call, failed(broken, 1));
        }
        assert_eq!(sqs.quota_available(), 500 - 35 * 14);
        assert_eq!(
            sqs.decide(&svc, "SendMessage", &mut call, failed(broken, 1)),
            None
        );
        assert!(matches!(
            sqs.decide(&svc, "ReceiveMessage", &mut call, failed(broken, 1)),
            Some(Decision::GiveUp(_))
        ));
    }

    #[test]
    fn legacy_mode_uses_its_own_attempts_and_no_quota() {
        let svc = service();
        let config = Config::builder().retry_mode(RetryMode::Legacy).build();
        let retrier = Retrier::new("dynamodb", &config);
        assert_eq!(retrier.max_attempts(), 10);
        let err = service_error("ThrottlingException", 400, None);
        let mut call = CallRetries::default();
        let decision = retrier.decide(
            &svc,
            "GetItem",
            &mut call,
            FailedAttempt {
                error: &err,
                attempt: 3,
                corrupted: false,
                retry_after: None,
            },
        );
        assert_eq!(decision, Some(Decision::Retry(Duration::from_millis(200))));
        assert_eq!(retrier.quota_available(), 500);
    }
}
