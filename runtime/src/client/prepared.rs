//! [`PreparedRequest`]: what a call would send, for dry runs and debugging.

use bytes::Bytes;
use http::{HeaderMap, Method};

/// The request a call would send, before signing: built by
/// [`Client::prepare`](super::Client::prepare) through the same steps as a real call
/// (idempotency tokens, validation, serialization, endpoint and host prefix, compression,
/// checksums). It lacks only what each attempt adds: the signature and the
/// `amz-sdk-invocation-id` / `amz-sdk-request` headers.
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    pub(super) method: Method,
    pub(super) url: ::url::Url,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

impl PreparedRequest {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The full URL: scheme, host (with any host prefix), path and query string.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The headers, including checksums and `Content-Encoding`.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body bytes as they would be sent (compressed, when the operation compresses).
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}
