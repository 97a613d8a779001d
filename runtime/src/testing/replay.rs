//! [`ReplayingTransport`]: a recording served offline, in order, each request checked.

use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use http::{HeaderName, HeaderValue, StatusCode};
use serde_json::Value;

use crate::body::ByteStream;
use crate::error::Error;
use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};

use super::matcher::differences;
use super::record::is_recorded_request_header;
use super::recording::{Exchange, RecordedRequest, Recording};

/// A [`Transport`] that answers from a [`Recording`], offline and deterministically: the
/// n-th request gets the n-th recorded response, once it matches the n-th recorded request
/// (method, path, query parameters, the recorded kind of headers, and the body: JSON and
/// form bodies compared by value, others byte for byte). A request that does not match, or
/// one past the end, fails the call (not retried) with the differences, recorded against
/// sent.
///
/// Clones share the recording and the position in it: keep one to check
/// [`assert_all_served`](Self::assert_all_served) after giving the other to a session.
#[derive(Clone)]
pub struct ReplayingTransport {
    inner: Arc<Replay>,
}

struct Replay {
    exchanges: Vec<Exchange>,
    next: Mutex<usize>,
    name: String,
}

/// Why a request could not be answered from the recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayMismatch(String);

impl fmt::Display for ReplayMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReplayMismatch {}

impl ReplayingTransport {
    /// Serves the recording in the file at `path`.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        Ok(Self::named(
            Recording::load(path)?,
            path.display().to_string(),
        ))
    }

    /// Serves `recording`.
    pub fn new(recording: Recording) -> Self {
        Self::named(recording, "a recording".to_string())
    }

    fn named(recording: Recording, name: String) -> Self {
        ReplayingTransport {
            inner: Arc::new(Replay {
                exchanges: recording.exchanges,
                next: Mutex::new(0),
                name,
            }),
        }
    }

    /// How many recorded exchanges have not been served yet.
    pub fn remaining(&self) -> usize {
        self.inner.exchanges.len() - *self.inner.next.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Panics, naming the first exchange left, unless every recorded exchange was served.
    #[track_caller]
    pub fn assert_all_served(&self) {
        let next = *self.inner.next.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(left) = self.inner.exchanges.get(next) {
            panic!(
                "{} of {} recorded exchanges of {} not served; the next: {} {}",
                self.inner.exchanges.len() - next,
                self.inner.exchanges.len(),
                self.inner.name,
                left.request.method,
                left.request.path
            );
        }
    }

    fn answer(&self, request: &HttpRequest, body: &[u8]) -> Result<HttpResponse, ReplayMismatch> {
        let mut next = self.inner.next.lock().unwrap_or_else(|p| p.into_inner());
        let sent = describe(request);
        let Some(exchange) = self.inner.exchanges.get(*next) else {
            return Err(ReplayMismatch(format!(
                "{sent}: all {} exchanges of {} were already served",
                self.inner.exchanges.len(),
                self.inner.name
            )));
        };
        let found = mismatches(&exchange.request, request, body);
        if !found.is_empty() {
            return Err(ReplayMismatch(format!(
                "{sent} does not match exchange {} of {} (recorded vs sent):\n  {}",
                *next + 1,
                self.inner.name,
                found.join("\n  ")
            )));
        }
        *next += 1;
        let recorded = &exchange.response;
        let bytes = recorded
            .body
            .bytes()
            .map_err(|e| ReplayMismatch(e.to_string()))?;
        let mut response = http::Response::new(ByteStream::from_bytes(bytes));
        *response.status_mut() = StatusCode::from_u16(recorded.status).map_err(|_| {
            ReplayMismatch(format!("recorded status {} is not valid", recorded.status))
        })?;
        for (name, value) in &recorded.headers {
            let name = HeaderName::try_from(name.as_str());
            let value = HeaderValue::try_from(value.as_str());
            if let (Ok(name), Ok(value)) = (name, value) {
                response.headers_mut().append(name, value);
            }
        }
        Ok(response)
    }
}

fn describe(request: &HttpRequest) -> String {
    format!("{} {}", request.method(), request.uri().path())
}

/// Every way `request` differs from `recorded`, one line each.
fn mismatches(recorded: &RecordedRequest, request: &HttpRequest, body: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    if recorded.method != request.method().as_str() {
        found.push(format!(
            "method: {} vs {}",
            recorded.method,
            request.method()
        ));
    }
    if recorded.path != request.uri().path() {
        found.push(format!(
            "path: {} vs {}",
            recorded.path,
            request.uri().path()
        ));
    }
    let want = query_pairs(&recorded.query);
    let got = query_pairs(request.uri().query().unwrap_or(""));
    if want != got {
        found.push(format!(
            "query: {:?} vs {:?}",
            recorded.query,
            request.uri().query().unwrap_or("")
        ));
    }
    for name in request
        .headers()
        .keys()
        .map(HeaderName::as_str)
        .filter(|n| is_recorded_request_header(n))
        .chain(recorded.headers.keys().map(String::as_str))
    {
        let sent = request
            .headers()
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let want = recorded.headers.get(name);
        if want != sent.as_ref()
            && !found
                .iter()
                .any(|f| f.starts_with(&format!("header {name}:")))
        {
            found.push(format!("header {name}: {want:?} vs {sent:?}"));
        }
    }
    let recorded_body = recorded.body.bytes().unwrap_or_default();
    found.extend(body_differences(&recorded_body, body));
    found
}

fn query_pairs(query: &str) -> Vec<&str> {
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_unstable();
    pairs
}

/// How two bodies differ: JSON by value, by path; forms by parameter; anything else as bytes.
fn body_differences(recorded: &[u8], sent: &[u8]) -> Vec<String> {
    if recorded == sent {
        return Vec::new();
    }
    if let (Ok(want), Ok(got)) = (
        serde_json::from_slice::<Value>(recorded),
        serde_json::from_slice::<Value>(sent),
    ) {
        return differences(&want, &got)
            .into_iter()
            .map(|d| format!("body {d}"))
            .collect();
    }
    let (Ok(want), Ok(got)) = (std::str::from_utf8(recorded), std::str::from_utf8(sent)) else {
        return vec![format!(
            "body: {} bytes recorded, {} other bytes sent",
            recorded.len(),
            sent.len()
        )];
    };
    if want.contains('=') && !want.contains('<') && !want.contains(' ') {
        let (w, g) = (query_pairs(want), query_pairs(got));
        if w == g {
            return Vec::new();
        }
        let only_recorded: Vec<_> = w.iter().filter(|p| !g.contains(p)).collect();
        let only_sent: Vec<_> = g.iter().filter(|p| !w.contains(p)).collect();
        return vec![format!(
            "body form parameters: recorded only {only_recorded:?}, sent only {only_sent:?}"
        )];
    }
    let shown = |text: &str| {
        let cut: String = text.chars().take(200).collect();
        if cut.len() < text.len() {
            format!("{cut:?}…")
        } else {
            format!("{cut:?}")
        }
    };
    vec![format!("body: {} vs {}", shown(want), shown(got))]
}

impl Transport for ReplayingTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.map_err(TransportError::io)?;
            let request = http::Request::from_parts(parts, ByteStream::empty());
            self.answer(&request, &body).map_err(TransportError::io)
        })
    }
}

impl fmt::Debug for ReplayingTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplayingTransport")
            .field("recording", &self.inner.name)
            .field("exchanges", &self.inner.exchanges.len())
            .field("remaining", &self.remaining())
            .finish()
    }
}
