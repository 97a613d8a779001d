//! S3 Control's customization: operations that need an account id carry the model's host
//! prefix `{AccountId}.` and the endpoint rules, told `RequiresAccountId`, put the account in
//! the host as well. As botocore does, the model's prefix is dropped so the host names the
//! account once.

use crate::model::Operation;

/// The operation without its `{AccountId}.` host prefix when the endpoint rules add the
/// account themselves.
pub(super) fn without_account_prefix(op: &Operation) -> Option<Operation> {
    let rules_add_it = op
        .static_context_params
        .get("RequiresAccountId")
        .is_some_and(|p| p.value == serde_json::Value::Bool(true));
    let prefixed = op
        .endpoint
        .as_ref()
        .is_some_and(|e| e.host_prefix == "{AccountId}.");
    if !(rules_add_it && prefixed) {
        return None;
    }
    let mut op = op.clone();
    op.endpoint = None;
    Some(op)
}
