//! Idempotency tokens: top-level input members marked `idempotencyToken` get a fresh token
//! (a random UUID unless the configuration says otherwise) when the caller leaves them out,
//! so a retried call is not applied twice.

use serde_json::Value;

use crate::model::{Operation, ServiceDefinition};
use crate::session::IdempotencyTokenGenerator;

/// The idempotency-token members of the operation's input that `params` leaves out.
fn missing_tokens<'a>(
    service: &'a ServiceDefinition,
    operation: &'a Operation,
    params: &'a Value,
) -> impl Iterator<Item = &'a String> + 'a {
    operation
        .input
        .as_ref()
        .and_then(|r| service.shape_of(r))
        .into_iter()
        .flat_map(|input| &input.members)
        .filter(|(name, member)| {
            member.idempotency_token && params.get(name.as_str()).is_none_or(Value::is_null)
        })
        .map(|(name, _)| name)
}

/// Whether `params` lacks an idempotency token the operation's input takes, so
/// [`fill_tokens`] would add one.
pub(crate) fn tokens_missing(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
) -> bool {
    missing_tokens(service, operation, params).next().is_some()
}

/// Fills every absent idempotency-token member of the operation's input with a new token.
pub(crate) fn fill_tokens(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &mut Value,
    tokens: IdempotencyTokenGenerator,
) {
    let missing: Vec<String> = missing_tokens(service, operation, params)
        .cloned()
        .collect();
    if let Value::Object(map) = params {
        for name in missing {
            map.insert(name, Value::String(tokens.token()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn service() -> ServiceDefinition {
        serde_json::from_value(json!({
            "metadata": {"protocol": "json"},
            "operations": {"Run": {"name": "Run", "input": {"shape": "RunInput"}}},
            "shapes": {
                "RunInput": {"type": "structure", "members": {
                    "ClientToken": {"shape": "S", "idempotencyToken": true},
                    "Name": {"shape": "S"}
                }},
                "S": {"type": "string"}
            }
        }))
        .unwrap()
    }

    #[test]
    fn absent_tokens_are_filled_and_given_ones_kept() {
        let service = service();
        let op = service.operation("Run").unwrap();
        let mut params = json!({"Name": "x"});
        fill_tokens(&service, op, &mut params, Default::default());
        let token = params["ClientToken"].as_str().unwrap();
        assert!(uuid::Uuid::parse_str(token).is_ok());
        assert!(params.get("Name").is_some());

        let mut given = json!({"ClientToken": "mine"});
        fill_tokens(&service, op, &mut given, Default::default());
        assert_eq!(given["ClientToken"], "mine");
    }
}
