//! Blobs in parameter values: base64 text, as the AWS CLI takes them.
//!
//! `serde_json::Value` has no bytes type, so a blob member is written in parameters as a
//! base64 string and comes back from a parsed response the same way. Streaming blobs (S3
//! object bodies) never travel as values; see the client's streaming calls.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

/// Decodes a blob given in parameters.
pub fn from_param(value: &Value) -> Result<Vec<u8>, String> {
    match value {
        Value::String(s) => STANDARD
            .decode(s)
            .map_err(|e| format!("expected base64-encoded bytes: {e}")),
        other => Err(format!(
            "expected base64-encoded bytes, got {}",
            super::timestamp::describe(other)
        )),
    }
}

/// The parsed-output (and parameter) form of bytes.
pub fn to_value(bytes: &[u8]) -> Value {
    Value::String(encode(bytes))
}

/// Base64-encodes bytes (standard alphabet, padded).
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard base64 text.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    STANDARD.decode(text.trim()).map_err(|e| e.to_string())
}
