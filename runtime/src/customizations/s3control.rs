//! S3 Control's customizations, as botocore makes them: operations that need an account id
//! carry the model's host prefix `{AccountId}.` and the endpoint rules, told
//! `RequiresAccountId`, put the account in the host as well, so the model's prefix is dropped
//! and the host names the account once; and an Outposts ARN given as `Bucket` or `Name`
//! supplies `AccountId` (which must agree with one given), while other ARNs are refused there.

use std::sync::Arc;

use serde_json::Value;

use crate::error::Error;
use crate::hooks::{Hook, HookResult, ParametersStage};
use crate::model::Operation;

/// S3 Control's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(OutpostArns)]
}

/// Fills `AccountId` from an Outposts ARN in `Bucket` or `Name`.
#[derive(Debug)]
struct OutpostArns;

impl Hook for OutpostArns {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        let operation = call.operation_name().to_string();
        let Value::Object(params) = call.params_mut() else {
            return Ok(());
        };
        let members: &[(&str, &str)] = match operation.as_str() {
            "CreateAccessPoint" => &[("Bucket", "bucket")],
            _ => &[("Name", "accesspoint"), ("Bucket", "bucket")],
        };
        for (member, kind) in members {
            let Some(arn) = params.get(*member).and_then(Value::as_str) else {
                continue;
            };
            let Some(account) = outpost_account(member, arn, kind)? else {
                continue;
            };
            match params.get("AccountId").and_then(Value::as_str) {
                Some(given) if given != account => {
                    return Err(Box::new(Error::validation(vec![format!(
                        "AccountId: {given:?} does not match the account of the ARN in {member} ({account})"
                    )])));
                }
                _ => {
                    params.insert("AccountId".into(), Value::String(account));
                }
            }
        }
        Ok(())
    }
}

/// The account of an Outposts ARN of `kind` (`bucket` or `accesspoint`) given in `member`;
/// `None` when the value is not an ARN; an error for an ARN S3 Control cannot take there.
fn outpost_account(member: &str, value: &str, kind: &str) -> Result<Option<String>, Error> {
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let [_, _, _, region, account, resource] = parts[..] else {
        return Ok(None);
    };
    if parts[0] != "arn" {
        return Ok(None);
    }
    let refuse = |why: &str| Error::validation(vec![format!("{member}: {why}: {value}")]);
    if region.starts_with("fips-") || region.ends_with("-fips") {
        return Err(refuse("a FIPS region is not allowed in an ARN"));
    }
    let segments: Vec<&str> = resource.split(['/', ':']).collect();
    let outpost = segments.first() == Some(&"outpost") && segments.get(2) == Some(&kind);
    if !outpost {
        return Err(refuse("S3 Control takes only an Outposts ARN here"));
    }
    Ok(Some(account.to_string()))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outpost_arns_give_their_account_and_others_are_refused() {
        let bucket =
            "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/bucket/b";
        assert_eq!(
            outpost_account("Bucket", bucket, "bucket")
                .unwrap()
                .as_deref(),
            Some("123456789012")
        );
        assert_eq!(
            outpost_account("Bucket", "plain-name", "bucket").unwrap(),
            None
        );
        let access_point = "arn:aws:s3:us-west-2:123456789012:accesspoint/ap";
        assert!(outpost_account("Name", access_point, "accesspoint")
            .unwrap_err()
            .is_validation());
        let fips = "arn:aws:s3-outposts:fips-us-west-2:123456789012:outpost/op-1/bucket/b";
        assert!(outpost_account("Bucket", fips, "bucket").is_err());
    }
}
