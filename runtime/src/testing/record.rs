//! [`RecordingTransport`]: real exchanges written to a readable file, secrets left out.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use http::HeaderMap;
use regex_lite::Regex;

use crate::body::ByteStream;
use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};

use super::recording::{Body, Exchange, RecordedRequest, RecordedResponse, Recording};

/// Request headers kept in a recording: those that say what the request is. Everything else
/// (`Authorization`, `X-Amz-Security-Token`, `X-Amz-Date`, the user agent, invocation ids,
/// payload hashes) is left out, so a recording holds no secret and replays at any time.
pub(super) const REQUEST_HEADERS: [&str; 9] = [
    "content-type",
    "x-amz-target",
    "smithy-protocol",
    "range",
    "if-match",
    "if-none-match",
    "x-amz-copy-source",
    "x-amz-copy-source-range",
    "x-amz-storage-class",
];

/// Headers of metadata a program sets on an object are kept too.
pub(super) const REQUEST_HEADER_PREFIX: &str = "x-amz-meta-";

/// Response headers that belong to the connection or the moment, not to the answer.
const DROPPED_RESPONSE_HEADERS: [&str; 6] = [
    "date",
    "server",
    "connection",
    "keep-alive",
    "set-cookie",
    "transfer-encoding",
];

/// Query parameters of a presigned URL that carry a credential or a signature.
const SECRET_QUERY_PARAMETERS: [&str; 3] = [
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
];

/// What stands in a recording where a secret was.
pub const REDACTED: &str = "REDACTED";

/// A [`Transport`] that sends every request through another and writes each exchange to a
/// recording file (see [`Recording`]) as it completes, for a
/// [`ReplayingTransport`](super::ReplayingTransport) to serve offline later.
///
/// Never written: the `Authorization` header and every request header not in a short list of
/// those that identify a request (content type, `X-Amz-Target`, ranges, conditions, copy
/// sources, object metadata); the signature, credential and token parameters of a presigned
/// URL; the values of `SecretAccessKey` and `SessionToken` members in bodies (STS answers);
/// `chunk-signature`s of signed streaming uploads; and any text given to
/// [`redact`](Self::redact). Bodies are read whole, so record small exchanges. Clones share
/// one recording.
#[derive(Clone)]
pub struct RecordingTransport {
    inner: Arc<dyn Transport>,
    path: PathBuf,
    recording: Arc<Mutex<Recording>>,
    secrets: Vec<String>,
    scrubbers: Vec<(Regex, &'static str)>,
}

impl RecordingTransport {
    /// Records the exchanges `inner` makes into the file at `path` (written after each one,
    /// replacing what was there).
    pub fn new(inner: Arc<dyn Transport>, path: impl Into<PathBuf>) -> Self {
        let scrubbers = vec![
            (
                Regex::new(r"(<(?:SecretAccessKey|SessionToken)>)[^<]*(</)").expect("valid"),
                "${1}REDACTED${2}",
            ),
            (
                Regex::new(r#"("(?i:secretAccessKey|sessionToken)"\s*:\s*")[^"]*(")"#)
                    .expect("valid"),
                "${1}REDACTED${2}",
            ),
            (
                Regex::new(r"(chunk-signature=)[0-9a-fA-F]+").expect("valid"),
                "${1}REDACTED",
            ),
        ];
        RecordingTransport {
            inner,
            path: path.into(),
            recording: Arc::new(Mutex::new(Recording::new())),
            secrets: Vec::new(),
            scrubbers,
        }
    }

    /// Also replaces `secret` wherever it appears in what is recorded (an account id, a
    /// password the program sends).
    pub fn redact(mut self, secret: impl Into<String>) -> Self {
        let secret = secret.into();
        if !secret.is_empty() {
            self.secrets.push(secret);
        }
        self
    }

    /// Where the recording is written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The exchanges recorded so far.
    pub fn recording(&self) -> Recording {
        self.recording
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn scrub(&self, text: &str) -> String {
        let mut text = text.to_string();
        for (pattern, replacement) in &self.scrubbers {
            text = pattern.replace_all(&text, *replacement).into_owned();
        }
        for secret in &self.secrets {
            text = text.replace(secret.as_str(), REDACTED);
        }
        text
    }

    fn scrub_body(&self, bytes: &[u8]) -> Body {
        match Body::of(bytes) {
            Body::Text(text) => Body::Text(self.scrub(&text)),
            other => other,
        }
    }

    fn scrub_query(&self, query: &str) -> String {
        let kept: Vec<String> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let name = pair.split('=').next().unwrap_or(pair);
                if SECRET_QUERY_PARAMETERS.contains(&name.to_ascii_lowercase().as_str()) {
                    format!("{name}={REDACTED}")
                } else {
                    self.scrub(pair)
                }
            })
            .collect();
        kept.join("&")
    }

    fn request_headers(&self, headers: &HeaderMap) -> BTreeMap<String, String> {
        headers
            .iter()
            .filter(|(name, _)| is_recorded_request_header(name.as_str()))
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                (name.as_str().to_string(), self.scrub(&value))
            })
            .collect()
    }

    fn response_headers(&self, headers: &HeaderMap) -> BTreeMap<String, String> {
        headers
            .iter()
            .filter(|(name, _)| !DROPPED_RESPONSE_HEADERS.contains(&name.as_str()))
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                (name.as_str().to_string(), self.scrub(&value))
            })
            .collect()
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (parts, body) = request.into_parts();
        let sent = body.collect().await.map_err(TransportError::io)?;
        let recorded_request = RecordedRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query: self.scrub_query(parts.uri.query().unwrap_or("")),
            headers: self.request_headers(&parts.headers),
            body: self.scrub_body(&sent),
        };
        let request = http::Request::from_parts(parts, ByteStream::from_bytes(sent));
        let response = self.inner.send(request).await?;
        let (parts, body) = response.into_parts();
        let received = body.collect().await.map_err(TransportError::io)?;
        let recorded_response = RecordedResponse {
            status: parts.status.as_u16(),
            headers: self.response_headers(&parts.headers),
            body: self.scrub_body(&received),
        };
        let snapshot = {
            let mut recording = self.recording.lock().unwrap_or_else(|p| p.into_inner());
            recording.exchanges.push(Exchange {
                request: recorded_request,
                response: recorded_response,
            });
            recording.clone()
        };
        snapshot.save(&self.path).map_err(TransportError::io)?;
        Ok(http::Response::from_parts(
            parts,
            ByteStream::from_bytes(received),
        ))
    }
}

/// Whether a request header goes into a recording (and is compared on replay).
pub(super) fn is_recorded_request_header(name: &str) -> bool {
    REQUEST_HEADERS.contains(&name) || name.starts_with(REQUEST_HEADER_PREFIX)
}

impl Transport for RecordingTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(self.exchange(request))
    }
}

impl fmt::Debug for RecordingTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordingTransport")
            .field("path", &self.path)
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}
