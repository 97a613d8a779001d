//! CloudSearch Domain's customization: `Search` is modeled as a `GET` with the query in the
//! URL, which a long query overflows; botocore sends it as a form `POST` with the query
//! string as the body, and so does rboto.

use std::sync::Arc;

use http::{header::CONTENT_TYPE, HeaderValue, Method};

use crate::hooks::{Hook, HookResult, RequestStage};

/// CloudSearch Domain's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(SearchAsPost)]
}

/// Moves `Search`'s query string into a form body.
#[derive(Debug)]
struct SearchAsPost;

impl Hook for SearchAsPost {
    fn after_serialization(&self, request: &mut RequestStage<'_>) -> HookResult {
        if request.operation_name() != "Search" || request.method() != Method::GET {
            return Ok(());
        }
        let Some((base, query)) = request.url().split_once('?') else {
            return Ok(());
        };
        let (base, query) = (base.to_string(), query.to_string());
        request.set_url(&base)?;
        request.set_method(Method::POST);
        request.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        request.set_body(query.into_bytes());
        Ok(())
    }
}
