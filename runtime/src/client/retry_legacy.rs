//! Legacy retry mode, as botocore's `data/_retry.json` defines it: 5 attempts (services may
//! say otherwise; see `Config::attempts_for`), a delay of `base * 2^(attempt - 1)` with a
//! random base in `[0, 1)` unless the service fixes it, no retry quota, and a fixed list of
//! retryable responses: connection errors and timeouts, HTTP 429/500/502/503/504/509, and
//! error codes that only count with the status they are listed with (the general ones and the
//! service's, from its [`RetryRules`]).

use std::time::Duration;

use super::retry::random_unit;
use crate::customizations::RetryRules;
use crate::error::Error;

/// `(error code, HTTP status)` pairs every service retries.
const GENERAL_CODES: [(&str, u16); 5] = [
    ("Throttling", 400),
    ("ThrottlingException", 400),
    ("ThrottledException", 400),
    ("RequestThrottledException", 400),
    ("ProvisionedThroughputExceededException", 400),
];

/// Statuses every service retries.
const GENERAL_STATUSES: [u16; 6] = [429, 500, 502, 503, 504, 509];

/// Whether legacy mode retries this error under a service's `rules`.
pub(crate) fn is_retryable(rules: &RetryRules, error: &Error) -> bool {
    if error.is_connect() || error.is_timeout() {
        return true;
    }
    let Some(err) = error.service_error() else {
        return false;
    };
    GENERAL_STATUSES.contains(&err.status)
        || GENERAL_CODES
            .iter()
            .chain(rules.legacy_codes)
            .any(|(code, status)| err.code == *code && err.status == *status)
}

/// The wait after failed attempt `attempt` (1 for the first).
pub(crate) fn delay(rules: &RetryRules, attempt: u32) -> Duration {
    let base = match rules.legacy_base {
        Some(base) => base.as_secs_f64(),
        None => random_unit(),
    };
    let growth = 2f64.powi(attempt.saturating_sub(1).min(30) as i32);
    Duration::from_secs_f64(base * growth)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customizations::retry_rules as rules;
    use crate::error::ServiceError;

    fn service_error(code: &str, status: u16) -> Error {
        Error::service(ServiceError {
            operation: "Op".into(),
            code: code.into(),
            status,
            ..Default::default()
        })
    }

    #[test]
    fn retries_what_retry_json_lists() {
        assert!(is_retryable(
            rules("s3"),
            &service_error("InternalError", 500)
        ));
        assert!(is_retryable(rules("s3"), &service_error("X", 509)));
        assert!(is_retryable(rules("s3"), &service_error("Whatever", 429)));
        assert!(is_retryable(
            rules("s3"),
            &service_error("RequestTimeout", 400)
        ));
        assert!(!is_retryable(
            rules("iam"),
            &service_error("RequestTimeout", 400)
        ));
        assert!(is_retryable(
            rules("iam"),
            &service_error("Throttling", 400)
        ));
        assert!(
            !is_retryable(rules("iam"), &service_error("Throttling", 403)),
            "a code counts only with its listed status"
        );
        assert!(is_retryable(
            rules("sqs"),
            &service_error("RequestThrottled", 403)
        ));
        assert!(!is_retryable(rules("s3"), &service_error("SlowDown", 400)));
        assert!(is_retryable(rules("s3"), &service_error("SlowDown", 503)));
        assert!(is_retryable(
            rules("dynamodb"),
            &service_error("TransactionInProgressException", 400)
        ));
        assert!(is_retryable(rules("sts"), &Error::connect("reset")));
        assert!(is_retryable(rules("sts"), &Error::timeout("read")));
        assert!(!is_retryable(
            rules("sts"),
            &service_error("AccessDenied", 403)
        ));
    }

    #[test]
    fn delays_grow_by_two() {
        assert_eq!(delay(rules("dynamodb"), 1), Duration::from_millis(50));
        assert_eq!(delay(rules("dynamodb"), 4), Duration::from_millis(400));
        for attempt in 1..6 {
            assert!(delay(rules("s3"), attempt) < Duration::from_secs(1 << (attempt - 1)));
        }
    }
}
