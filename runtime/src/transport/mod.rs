//! The transport seam: what the call pipeline sends each signed request through.
//!
//! A [`Transport`] takes one HTTP request and returns the response head with its body
//! unread. Everything around that exchange stays in the pipeline and applies to every
//! transport alike: signing, retries, the read timeout (measured on the bodies as they move),
//! response checks and parsing. reqwest (rustls on *ring*) is the default; a session or a
//! client can be given any other implementation, such as one that records or replays
//! exchanges, or answers from memory in tests.
//!
//! ```
//! use rboto_runtime::transport::{HttpRequest, HttpResponse, Transport, TransportError};
//! use rboto_runtime::ByteStream;
//! use futures::future::BoxFuture;
//!
//! /// Answers every request with an empty JSON object.
//! #[derive(Debug)]
//! struct Canned;
//!
//! impl Transport for Canned {
//!     fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
//!         Box::pin(async { Ok(http::Response::new(ByteStream::from_bytes("{}"))) })
//!     }
//! }
//! ```

mod error;
mod reqwest_transport;

use std::fmt;

use std::sync::Arc;

use futures::future::BoxFuture;

use crate::body::ByteStream;
use crate::error::Error;
use crate::session::Config;

pub use error::TransportError;
pub(crate) use reqwest_transport::{PoolSettings, ReqwestTransport};

/// One request as it goes on the wire: signed, with its body as a stream.
pub type HttpRequest = http::Request<ByteStream>;

/// One response: its head, and its body not yet read.
pub type HttpResponse = http::Response<ByteStream>;

/// Sends HTTP requests for the call pipeline.
///
/// Implementations must be cheap to share (clients hold them in an `Arc`) and must not follow
/// redirects: a redirected request would need signing again, and S3 names a region rather
/// than a URL to follow, so redirects reach the pipeline as responses.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` and resolves once the response head has arrived; the body is read
    /// later through the returned [`ByteStream`]. A failure to connect, send or receive is a
    /// [`TransportError`]; an HTTP error status is a response, not an error.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// The transport sessions use unless given another: a reqwest connection pool with rboto's
/// TLS, built with `config`'s connect timeout, pool size and TCP keepalive. Wrap it to record
/// or observe real exchanges.
pub fn default_transport(config: &Config) -> Result<Arc<dyn Transport>, Error> {
    config.transport()
}
