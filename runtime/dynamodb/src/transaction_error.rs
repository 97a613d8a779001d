//! What a cancelled DynamoDB transaction says about each of its items, read from an
//! [`Error`]: a DynamoDB view of the core error type.

use super::CancellationReason;
use rboto_runtime::Error;

/// DynamoDB's reading of a failed transaction. Bring it into scope (`use
/// rboto::dynamodb::TransactionErrorExt;`) to call it on any [`Error`].
pub trait TransactionErrorExt {
    /// Why a DynamoDB transaction was cancelled: one reason per item of the request, in
    /// request order (code `None` for the items that were fine). Empty for other errors.
    fn cancellation_reasons(&self) -> Vec<CancellationReason>;
}

impl TransactionErrorExt for Error {
    fn cancellation_reasons(&self) -> Vec<CancellationReason> {
        if !self.is_transaction_canceled() {
            return Vec::new();
        }
        let reasons = self
            .service_error()
            .and_then(|e| e.data.get("CancellationReasons"))
            .and_then(serde_json::Value::as_array);
        reasons
            .into_iter()
            .flatten()
            .map(CancellationReason::from_value)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rboto_runtime::ServiceError;
    use serde_json::json;

    #[test]
    fn reasons_come_in_request_order_and_only_from_cancelled_transactions() {
        // `ServiceError` is non-exhaustive outside the core: fill a default one.
        let mut cancelled = ServiceError::default();
        cancelled.operation = "TransactWriteItems".into();
        cancelled.code = "TransactionCanceledException".into();
        cancelled.status = 400;
        cancelled.data = json!({"CancellationReasons": [
            {"Code": "None"},
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
        ]});
        let reasons = Error::service(cancelled).cancellation_reasons();
        assert_eq!(reasons.len(), 2);
        assert_eq!(reasons[0].code, None);
        assert_eq!(reasons[1].code.as_deref(), Some("ConditionalCheckFailed"));
        let mut other = ServiceError::default();
        other.code = "ValidationException".into();
        other.data = json!({"CancellationReasons": [{"Code": "x"}]});
        let other = Error::service(other);
        assert!(other.cancellation_reasons().is_empty());
    }
}
