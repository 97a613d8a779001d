//! SSO OIDC's customization: its errors follow OAuth2 and carry their message in
//! `error_description`, where no AWS protocol looks; as botocore does, it becomes the
//! error's message when the body has no `message` of its own.

use std::sync::Arc;

use serde_json::Value;

use crate::hooks::{Hook, HookResult, ResponseStage};

/// SSO OIDC's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(OAuth2Errors)]
}

/// Reads OAuth2's `error_description` as the error message.
#[derive(Debug)]
struct OAuth2Errors;

impl Hook for OAuth2Errors {
    fn before_parsing(&self, response: &ResponseStage<'_>) -> HookResult {
        if response.status() < 400 {
            return Ok(());
        }
        match response.body().and_then(description) {
            Some(message) => Err(Box::new(
                response
                    .service_error(response.status())
                    .with_service_message(message),
            )),
            None => Ok(()),
        }
    }
}

/// `error_description` of an error body that has no `message` or `Message`.
fn description(body: &[u8]) -> Option<String> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    let has_message = ["message", "Message"].iter().any(|key| {
        map.get(*key)
            .and_then(Value::as_str)
            .is_some_and(|m| !m.is_empty())
    });
    if has_message {
        return None;
    }
    map.get("error_description")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_is_used_only_without_a_message() {
        let oauth = br#"{"error": "invalid_grant", "error_description": "expired"}"#;
        assert_eq!(description(oauth).as_deref(), Some("expired"));
        let both = br#"{"message": "m", "error_description": "d"}"#;
        assert_eq!(description(both), None);
        assert_eq!(description(b"not json"), None);
    }
}
