//! The default transport: a reqwest connection pool with rboto's TLS (rustls on *ring*).

use std::time::Duration;

use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use http::{HeaderValue, Method};

use super::{HttpRequest, HttpResponse, Transport, TransportError};
use crate::body::ByteStream;
use crate::error::Error;

/// Connection settings of the default transport.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PoolSettings {
    pub connect_timeout: Duration,
    pub max_idle_per_host: usize,
    /// Idle time before the first TCP keepalive probe, and between probes; none when off.
    pub tcp_keepalive: Option<Duration>,
    /// Unanswered probes before the connection is dropped.
    pub tcp_keepalive_probes: u32,
}

/// Sends requests with reqwest. Redirects are not followed (see [`Transport`]).
#[derive(Debug, Clone)]
pub(crate) struct ReqwestTransport {
    http: reqwest::Client,
}

impl ReqwestTransport {
    /// A connection pool with these settings.
    pub(crate) fn new(settings: PoolSettings) -> Result<Self, Error> {
        let keepalive = settings.tcp_keepalive;
        let http = crate::tls::http_client_builder()
            .tcp_keepalive(keepalive)
            .tcp_keepalive_interval(keepalive)
            .tcp_keepalive_retries(keepalive.map(|_| settings.tcp_keepalive_probes))
            .connect_timeout(settings.connect_timeout)
            .pool_max_idle_per_host(settings.max_idle_per_host)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::connect(format!("cannot build HTTP client: {e}")).with_source(e))?;
        Ok(ReqwestTransport { http })
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let (mut head, body) = request.into_parts();
            let body = match body.as_bytes() {
                Some(bytes) => {
                    if bytes.is_empty()
                        && (head.method == Method::PUT || head.method == Method::POST)
                    {
                        // hyper leaves out the length of an empty body; S3 answers 411 Length
                        // Required to a PUT without one (PutBucketAcl with only a canned-ACL
                        // header).
                        head.headers
                            .entry(http::header::CONTENT_LENGTH)
                            .or_insert_with(|| HeaderValue::from(0u64));
                    }
                    reqwest::Body::from(bytes.clone())
                }
                None => {
                    if let Some(length) = body.content_length() {
                        head.headers
                            .entry(http::header::CONTENT_LENGTH)
                            .or_insert_with(|| HeaderValue::from(length));
                    }
                    reqwest::Body::wrap_stream(body)
                }
            };
            let url = reqwest::Url::parse(&head.uri.to_string()).map_err(TransportError::io)?;
            let response = self
                .http
                .request(head.method, url)
                .headers(head.headers)
                .body(body)
                .send()
                .await
                .map_err(classify)?;
            Ok(into_response(response))
        })
    }
}

/// The response head as `http` types, its body as a stream of chunks.
fn into_response(response: reqwest::Response) -> HttpResponse {
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version());
    if let Some(headers) = builder.headers_mut() {
        *headers = response.headers().clone();
    }
    let length = response.content_length();
    let frames = response
        .bytes_stream()
        .map_err(|e| Error::from(classify(e)))
        .boxed();
    let body = ByteStream::from_response_frames(frames, length);
    builder
        .body(body)
        .unwrap_or_else(|_| http::Response::new(ByteStream::empty()))
}

/// A reqwest failure as a timeout or a connection error.
fn classify(e: reqwest::Error) -> TransportError {
    if e.is_timeout() {
        TransportError::timeout(e)
    } else {
        TransportError::connect(e)
    }
}
