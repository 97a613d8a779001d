//! API Gateway's customization: requests ask for JSON (`Accept: application/json`) unless
//! the caller chose another type, as botocore does; without it some operations answer in
//! HAL.

use std::sync::Arc;

use http::{header::ACCEPT, HeaderValue};

use crate::hooks::{Hook, HookResult, RequestStage};

/// API Gateway's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(AcceptJson)]
}

/// Adds `Accept: application/json` when the request has no `Accept`.
#[derive(Debug)]
struct AcceptJson;

impl Hook for AcceptJson {
    fn after_serialization(&self, request: &mut RequestStage<'_>) -> HookResult {
        if !request.headers().contains_key(ACCEPT) {
            request
                .headers_mut()
                .insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        Ok(())
    }
}
