//! Sending one attempt through the client's [`Transport`], with botocore's read timeout: a
//! limit on how long the exchange may stay idle, not on how long a transfer may take.
//!
//! The transport is given the request and hands back the response head; the pipeline keeps
//! time itself, the same for every transport: while a request is in flight, every chunk of
//! the body handed to the transport counts as progress; once the response arrives, each read
//! of its body is timed from the moment the reader asks for it.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{self, StreamExt};
use http::{HeaderMap, Method};
use tokio::time::Instant;

use crate::body::ByteStream;
use crate::error::Error;
use crate::transport::{HttpRequest, HttpResponse, Transport};

/// In-memory bodies larger than this are handed over in chunks, so an upload shows progress.
const PROGRESS_CHUNK: usize = 64 * 1024;

/// One request, ready to go out.
pub(crate) struct Outgoing {
    pub method: Method,
    pub url: ::url::Url,
    pub headers: HeaderMap,
    pub body: ByteStream,
    /// The most bytes of a response body read into memory (see
    /// [`ByteStream::collect_limited`]); a streamed success body is not limited.
    pub response_body_limit: u64,
}

/// What came back for a request: the head, and the body read whole unless it is to be
/// streamed.
pub(crate) struct Received<M> {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: ReceivedBody<M>,
}

/// A response body, read or still on the connection.
pub(crate) enum ReceivedBody<M> {
    /// The whole body.
    Read(Bytes),
    /// The body unread, each read of it timed (see [`timed_body`]), with the tag the
    /// caller asked to stream it under.
    Unread(M, ByteStream),
}

/// Sends `request` through `transport` and reads the response. The body of a success is
/// left unread, under its tag, when `stream_success` gives one; an error response's body is
/// always read. Fails with a timeout error when nothing moves for `read_timeout`.
pub(crate) async fn exchange<M>(
    transport: &Arc<dyn Transport>,
    request: Outgoing,
    read_timeout: Duration,
    stream_success: Option<M>,
) -> Result<Received<M>, Error> {
    let body_limit = request.response_body_limit;
    let response = send(&**transport, request, read_timeout).await?;
    let status = response.status().as_u16();
    let (head, body) = response.into_parts();
    let body = timed_body(body, read_timeout);
    let body = match stream_success {
        Some(tag) if !crate::protocol::is_error_status(status) => ReceivedBody::Unread(tag, body),
        _ => ReceivedBody::Read(body.collect_limited(body_limit).await?),
    };
    Ok(Received {
        status,
        headers: head.headers,
        body,
    })
}

/// Sends a request and returns the response once its head has arrived. Fails with
/// a timeout error when nothing moves for `read_timeout`.
async fn send(
    transport: &dyn Transport,
    request: Outgoing,
    read_timeout: Duration,
) -> Result<HttpResponse, Error> {
    let Outgoing {
        method,
        url,
        headers,
        body,
        ..
    } = request;
    let progress = Progress::new();
    let body = match body.as_bytes() {
        Some(bytes) if bytes.len() <= PROGRESS_CHUNK => body,
        _ => {
            let length = body.content_length();
            let seen = progress.clone();
            let chunks = in_chunks(body).inspect(move |_| seen.touch()).boxed();
            ByteStream::from_response_frames(chunks, length)
        }
    };
    let uri: http::Uri = url.as_str().parse().map_err(|e| {
        Error::serialization(format!("the request URL {url} is not a valid URI: {e}"))
    })?;
    let mut request = HttpRequest::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    watch(transport.send(request), &progress, read_timeout).await
}

/// The body as chunks of at most [`PROGRESS_CHUNK`] bytes when it is in memory; as it
/// comes otherwise.
fn in_chunks(body: ByteStream) -> stream::BoxStream<'static, Result<Bytes, Error>> {
    match body.as_bytes().cloned() {
        Some(bytes) => {
            let len = bytes.len();
            stream::iter(
                (0..len)
                    .step_by(PROGRESS_CHUNK)
                    .map(move |start| Ok(bytes.slice(start..(start + PROGRESS_CHUNK).min(len)))),
            )
            .boxed()
        }
        None => body.boxed(),
    }
}

/// Awaits the response, failing when the request makes no progress for `limit`.
async fn watch<E: Into<Error>>(
    response: impl Future<Output = Result<HttpResponse, E>>,
    progress: &Progress,
    limit: Duration,
) -> Result<HttpResponse, Error> {
    tokio::pin!(response);
    loop {
        let deadline = progress.last() + limit;
        tokio::select! {
            result = &mut response => return result.map_err(Into::into),
            _ = tokio::time::sleep_until(deadline) => {
                if progress.last() + limit <= Instant::now() {
                    return Err(Error::timeout(format!(
                        "read timeout: no progress for {limit:?} while sending the request or awaiting the response"
                    )));
                }
            }
        }
    }
}

/// A response body whose every read may wait at most `limit`, timed from when the reader
/// asks.
fn timed_body(body: ByteStream, limit: Duration) -> ByteStream {
    let length = body.content_length();
    let frames = stream::try_unfold(body, move |mut body| async move {
        match tokio::time::timeout(limit, body.next()).await {
            Ok(Some(Ok(chunk))) => Ok(Some((chunk, body))),
            Ok(Some(Err(e))) => Err(e),
            Ok(None) => Ok(None),
            Err(_) => Err(Error::timeout(format!(
                "read timeout: no response data for {limit:?}"
            ))),
        }
    })
    .boxed();
    ByteStream::from_response_frames(frames, length)
}

/// When the request last made progress, shared with the body stream that reports it.
#[derive(Clone)]
struct Progress {
    start: Instant,
    millis: Arc<AtomicU64>,
}

impl Progress {
    fn new() -> Self {
        Progress {
            start: Instant::now(),
            millis: Arc::new(AtomicU64::new(0)),
        }
    }

    fn touch(&self) {
        let elapsed = self.start.elapsed().as_millis() as u64;
        self.millis.fetch_max(elapsed, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.millis.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn large_bodies_in_memory_are_handed_over_in_chunks() {
        let data = Bytes::from(vec![1u8; 3 * PROGRESS_CHUNK + 5]);
        let chunks: Vec<Bytes> = in_chunks(ByteStream::from_bytes(data.clone()))
            .map(|c| c.unwrap())
            .collect()
            .await;
        assert_eq!(chunks.len(), 4);
        assert_eq!(chunks[3].len(), 5);
        assert_eq!(chunks.concat(), data.to_vec());
    }

    #[tokio::test(start_paused = true)]
    async fn progress_keeps_a_slow_request_alive_and_silence_ends_it() {
        let progress = Progress::new();
        let ticking = progress.clone();
        let slow = async move {
            for _ in 0..5 {
                tokio::time::sleep(Duration::from_secs(40)).await;
                ticking.touch();
            }
            Ok::<_, Error>(HttpResponse::new(ByteStream::from_bytes("done")))
        };
        let response = watch(slow, &progress, Duration::from_secs(60)).await;
        assert!(response.is_ok(), "200 s of steady progress is no timeout");

        let silent = futures::future::pending::<Result<HttpResponse, Error>>();
        let err = watch(silent, &Progress::new(), Duration::from_secs(60))
            .await
            .unwrap_err();
        assert!(err.is_timeout());
    }
}
