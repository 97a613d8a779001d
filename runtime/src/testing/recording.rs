//! The file a [`RecordingTransport`](super::RecordingTransport) writes and a
//! [`ReplayingTransport`](super::ReplayingTransport) reads: readable JSON, one exchange after
//! another, with no credentials, tokens or signatures in it.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine;
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The value of the `format` field of the files this version writes and reads.
pub const RECORDING_FORMAT: &str = "rboto-recording/1";

/// Exchanges recorded in order: what was sent, and what came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recording {
    /// [`RECORDING_FORMAT`].
    pub format: String,
    /// The exchanges, first to last.
    pub exchanges: Vec<Exchange>,
}

/// One request and its response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// What was sent.
    pub request: RecordedRequest,
    /// What came back.
    pub response: RecordedResponse,
}

/// A request as recorded: method, path and query (signature parameters redacted), the
/// headers that say what the request is (never `Authorization`, tokens or dates), and the
/// body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// `GET`, `PUT`, …
    pub method: String,
    /// The URL's path, percent-encoded as sent (`/bucket/key`).
    pub path: String,
    /// The URL's query, as sent, without the leading `?` (empty when there is none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub query: String,
    /// The headers that identify the request (see [`RecordingTransport`](super::RecordingTransport)).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The body.
    #[serde(default, skip_serializing_if = "Body::is_empty")]
    pub body: Body,
}

/// A response as recorded: status, headers (less the connection's own), and the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedResponse {
    /// The HTTP status.
    pub status: u16,
    /// The headers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The body.
    #[serde(default, skip_serializing_if = "Body::is_empty")]
    pub body: Body,
}

/// A body: text when it is UTF-8, base64 otherwise (a CBOR body, an object's bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A UTF-8 body, as text.
    Text(String),
    /// Any other body, base64-encoded.
    Base64(String),
}

impl Body {
    /// The body of these bytes: text when they are UTF-8.
    pub fn of(bytes: &[u8]) -> Body {
        if bytes.is_empty() {
            return Body::Empty;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Body::Text(text.to_string()),
            Err(_) => Body::Base64(base64::engine::general_purpose::STANDARD.encode(bytes)),
        }
    }

    /// Whether there is no body.
    pub fn is_empty(&self) -> bool {
        matches!(self, Body::Empty)
    }

    /// The bytes; a base64 body that does not decode is an error naming it.
    pub fn bytes(&self) -> Result<Bytes, Error> {
        match self {
            Body::Empty => Ok(Bytes::new()),
            Body::Text(text) => Ok(Bytes::from(text.clone())),
            Body::Base64(text) => base64::engine::general_purpose::STANDARD
                .decode(text)
                .map(Bytes::from)
                .map_err(|e| Error::io(format!("a recorded base64 body does not decode: {e}"))),
        }
    }
}

impl Recording {
    /// An empty recording.
    pub fn new() -> Self {
        Recording {
            format: RECORDING_FORMAT.to_string(),
            exchanges: Vec::new(),
        }
    }

    /// Reads a recording file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format!("cannot read the recording {}: {e}", path.display())))?;
        Self::parse(&text).map_err(|e| e.with_context(path.display().to_string()))
    }

    /// Reads a recording from its text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let recording: Recording =
            serde_json::from_str(text).map_err(|e| Error::io(format!("not a recording: {e}")))?;
        if recording.format != RECORDING_FORMAT {
            return Err(Error::io(format!(
                "a recording of format {:?}; this version reads {RECORDING_FORMAT:?}",
                recording.format
            )));
        }
        Ok(recording)
    }

    /// The recording as the readable text written to files.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a recording always writes");
        text.push('\n');
        text
    }

    /// Writes the recording to `path`, replacing the file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        std::fs::write(path, self.to_text()).map_err(|e| {
            Error::io(format!(
                "cannot write the recording {}: {e}",
                path.display()
            ))
        })
    }
}

impl Default for Recording {
    fn default() -> Self {
        Self::new()
    }
}
