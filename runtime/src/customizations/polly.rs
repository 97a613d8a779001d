//! Polly's customization: whoever uses a presigned `SynthesizeSpeech` URL sends no
//! `Content-Type`, so the header is left out of what is presigned (a signed header the
//! request lacks would void the signature), as botocore does.

use std::sync::Arc;

use http::header::CONTENT_TYPE;

use crate::hooks::{Hook, HookResult, RequestStage};

/// Polly's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(PresignWithoutContentType)]
}

/// Drops `Content-Type` from presigned `SynthesizeSpeech` requests.
#[derive(Debug)]
struct PresignWithoutContentType;

impl Hook for PresignWithoutContentType {
    fn after_serialization(&self, request: &mut RequestStage<'_>) -> HookResult {
        if request.is_presigning() && request.operation_name() == "SynthesizeSpeech" {
            request.headers_mut().remove(CONTENT_TYPE);
        }
        Ok(())
    }
}
