//! Legacy retry mode, as botocore's `data/_retry.json` defines it: 5 attempts (10 for
//! DynamoDB; see `Config::attempts_for`), a delay of `base * 2^(attempt - 1)` with a random base in `[0, 1)` (0.05 s for
//! DynamoDB), no retry quota, and a fixed list of retryable responses: connection errors and
//! timeouts, HTTP 429/500/502/503/504/509, and error codes that only count with the status
//! they are listed with.

use std::time::Duration;

use super::retry::random_unit;
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

/// `(error code, HTTP status)` pairs one service adds to the general list.
fn service_codes(service: &str) -> &'static [(&'static str, u16)] {
    match service {
        "dynamodb" => &[
            ("ReplicatedWriteConflictException", 409),
            ("TransactionInProgressException", 400),
        ],
        "ec2" => &[
            ("RequestLimitExceeded", 503),
            ("EC2ThrottledException", 503),
        ],
        "sqs" => &[("RequestThrottled", 403)],
        "s3" => &[("RequestTimeout", 400), ("BadDigest", 400)],
        "glacier" => &[("RequestTimeoutException", 408)],
        "sts" => &[("IDPCommunicationError", 400)],
        _ => &[],
    }
}

/// Whether legacy mode retries this error for `service` (its botocore name).
pub(crate) fn is_retryable(service: &str, error: &Error) -> bool {
    if error.is_connect() || error.is_timeout() {
        return true;
    }
    let Some(err) = error.service_error() else {
        return false;
    };
    GENERAL_STATUSES.contains(&err.status)
        || GENERAL_CODES
            .iter()
            .chain(service_codes(service))
            .any(|(code, status)| err.code == *code && err.status == *status)
}

/// The wait after failed attempt `attempt` (1 for the first).
pub(crate) fn delay(service: &str, attempt: u32) -> Duration {
    let base = if service == "dynamodb" {
        0.05
    } else {
        random_unit()
    };
    let growth = 2f64.powi(attempt.saturating_sub(1).min(30) as i32);
    Duration::from_secs_f64(base * growth)
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert!(is_retryable("s3", &service_error("InternalError", 500)));
        assert!(is_retryable("s3", &service_error("X", 509)));
        assert!(is_retryable("s3", &service_error("Whatever", 429)));
        assert!(is_retryable("s3", &service_error("RequestTimeout", 400)));
        assert!(!is_retryable("iam", &service_error("RequestTimeout", 400)));
        assert!(is_retryable("iam", &service_error("Throttling", 400)));
        assert!(
            !is_retryable("iam", &service_error("Throttling", 403)),
            "a code counts only with its listed status"
        );
        assert!(is_retryable("sqs", &service_error("RequestThrottled", 403)));
        assert!(!is_retryable("s3", &service_error("SlowDown", 400)));
        assert!(is_retryable("s3", &service_error("SlowDown", 503)));
        assert!(is_retryable(
            "dynamodb",
            &service_error("TransactionInProgressException", 400)
        ));
        assert!(is_retryable("sts", &Error::connect("reset")));
        assert!(is_retryable("sts", &Error::timeout("read")));
        assert!(!is_retryable("sts", &service_error("AccessDenied", 403)));
    }

    #[test]
    fn delays_grow_by_two() {
        assert_eq!(delay("dynamodb", 1), Duration::from_millis(50));
        assert_eq!(delay("dynamodb", 4), Duration::from_millis(400));
        for attempt in 1..6 {
            assert!(delay("s3", attempt) < Duration::from_secs(1 << (attempt - 1)));
        }
    }
}
