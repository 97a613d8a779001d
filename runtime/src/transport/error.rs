//! [`TransportError`]: how a transport says an exchange failed.

use std::fmt;

use crate::error::{BoxError, Error};

/// Why a [`Transport`](super::Transport) could not complete an exchange. The pipeline turns
/// it into an [`Error`] whose predicates (`is_connect()`, `is_timeout()`, `is_io()`) follow
/// the kind chosen here, so the retry rules treat every transport alike.
pub struct TransportError {
    kind: TransportErrorKind,
    source: BoxError,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TransportErrorKind {
    Connect,
    Timeout,
    Io,
}

impl TransportError {
    /// The connection could not be opened, or broke while the request was sent or the
    /// response awaited (retried like any connection error).
    pub fn connect(source: impl Into<BoxError>) -> Self {
        Self::of(TransportErrorKind::Connect, source)
    }

    /// The exchange took longer than the transport allows.
    pub fn timeout(source: impl Into<BoxError>) -> Self {
        Self::of(TransportErrorKind::Timeout, source)
    }

    /// Reading or writing a body failed for a reason of the caller's side (a file, a
    /// recording that has no answer for the request).
    pub fn io(source: impl Into<BoxError>) -> Self {
        Self::of(TransportErrorKind::Io, source)
    }

    fn of(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        TransportError {
            kind,
            source: source.into(),
        }
    }

    /// Whether the connection failed.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// Whether the exchange timed out.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&describe(&*self.source))
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        let detail = describe(&*e.source);
        let error = match e.kind {
            TransportErrorKind::Connect => Error::connect(detail),
            TransportErrorKind::Timeout => Error::timeout(detail),
            TransportErrorKind::Io => Error::io(detail),
        };
        error.with_source(e.source)
    }
}

/// The error and its causes on one line (an HTTP library's own message is often just "error
/// sending request").
fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_carries_over_to_the_pipeline_error_with_its_source() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer");
        let error = Error::from(TransportError::connect(io));
        assert!(error.is_connect());
        assert!(std::error::Error::source(&error).is_some());
        assert!(error.to_string().contains("reset by peer"), "{error}");
        assert!(Error::from(TransportError::timeout("slow")).is_timeout());
        assert!(Error::from(TransportError::io("no answer")).is_io());
    }
}
