//! Sending one attempt over HTTP with reqwest, and naming transport failures.

use http::{HeaderMap, Method};

use crate::body::ByteStream;
use crate::error::Error;

/// Sends a request and returns the response once its head has arrived; the body is read
/// by the caller.
pub(crate) async fn send(
    http: &reqwest::Client,
    method: Method,
    url: reqwest::Url,
    headers: HeaderMap,
    body: ByteStream,
) -> Result<reqwest::Response, Error> {
    http.request(method, url)
        .headers(headers)
        .body(body.into_request_body())
        .send()
        .await
        .map_err(transport_error)
}

/// Maps a reqwest failure onto [`Error::timeout`] or [`Error::connect`].
pub(crate) fn transport_error(e: reqwest::Error) -> Error {
    let detail = describe(&e);
    if e.is_timeout() {
        Error::timeout(detail).with_source(e)
    } else {
        Error::connect(detail).with_source(e)
    }
}

/// The error and its causes on one line (reqwest's own message is often just "error
/// sending request").
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
