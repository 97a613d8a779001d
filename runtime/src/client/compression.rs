//! Request compression: operations with the `requestcompression` trait get their body
//! gzip-compressed before it is checksummed and signed, as botocore does.
//!
//! A body is compressed when compression is not disabled in the [`Config`], the operation
//! names an encoding we support, and either the operation streams its input without
//! requiring a length, or the body is at least
//! [`Config::request_min_compression_size_bytes`] long. The encoding is appended to any
//! `Content-Encoding` the caller's parameters already set. Bodies that are streams rather
//! than bytes in memory are sent as they are.

use std::io::Write as _;

use bytes::Bytes;
use flate2::write::GzEncoder;
use http::header::CONTENT_ENCODING;
use http::{HeaderMap, HeaderValue};

use super::payload::streaming_payload;
use crate::body::ByteStream;
use crate::error::Error;
use crate::model::{Operation, ServiceDefinition};
use crate::session::Config;

/// The one encoding supported, as the trait and `Content-Encoding` name it.
const GZIP: &str = "gzip";

/// Compresses `body` when the operation asks for it and the configuration allows it,
/// updating `Content-Encoding`; returns the body to send.
pub(crate) fn maybe_compress(
    config: &Config,
    service: &ServiceDefinition,
    operation: &Operation,
    headers: &mut HeaderMap,
    body: ByteStream,
) -> Result<ByteStream, Error> {
    if config.disable_request_compression {
        return Ok(body);
    }
    let Some(trait_) = &operation.request_compression else {
        return Ok(body);
    };
    if !trait_.encodings.iter().any(|e| e == GZIP) {
        return Ok(body);
    }
    let Some(bytes) = body.as_bytes() else {
        return Ok(body);
    };
    let wanted = match streaming_payload(service, operation.input.as_ref()) {
        Some(payload) => !payload.shape.requires_length,
        None => bytes.len() as u64 >= u64::from(config.request_min_compression_size_bytes),
    };
    if !wanted {
        return Ok(body);
    }
    let compressed = gzip(bytes)?;
    append_encoding(headers, GZIP)?;
    Ok(ByteStream::from_bytes(compressed))
}

/// The gzip member holding `data`.
fn gzip(data: &[u8]) -> Result<Bytes, Error> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(data.len() / 2),
        flate2::Compression::default(),
    );
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map(Bytes::from)
        .map_err(|e| Error::serialization(format!("cannot gzip the request body: {e}")))
}

/// Adds `encoding` as the last `Content-Encoding` applied.
fn append_encoding(headers: &mut HeaderMap, encoding: &str) -> Result<(), Error> {
    let value = match headers.get(CONTENT_ENCODING).map(HeaderValue::to_str) {
        Some(Ok(existing)) if !existing.trim().is_empty() => format!("{existing}, {encoding}"),
        _ => encoding.to_string(),
    };
    let value = HeaderValue::from_str(&value)
        .map_err(|e| Error::serialization(format!("bad Content-Encoding {value:?}: {e}")))?;
    headers.insert(CONTENT_ENCODING, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;
    use serde_json::json;

    fn service() -> ServiceDefinition {
        serde_json::from_value(json!({
            "metadata": {"protocol": "json"},
            "operations": {
                "Put": {"name": "Put", "input": {"shape": "In"},
                        "requestcompression": {"encodings": ["gzip"]}},
                "Plain": {"name": "Plain", "input": {"shape": "In"}}
            },
            "shapes": {
                "In": {"type": "structure", "members": {"Data": {"shape": "S"}}},
                "S": {"type": "string"}
            }
        }))
        .unwrap()
    }

    fn run(config: &Config, op: &str, body: &[u8], headers: &mut HeaderMap) -> Bytes {
        let service = service();
        let op = service.operation(op).unwrap();
        let body = ByteStream::from_bytes(Bytes::copy_from_slice(body));
        let out = maybe_compress(config, &service, op, headers, body).unwrap();
        out.as_bytes().unwrap().clone()
    }

    fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn large_bodies_are_gzipped_and_the_encoding_appended() {
        let config = Config::default();
        let body = vec![b'a'; 10_240];
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("custom"));
        let sent = run(&config, "Put", &body, &mut headers);
        assert_eq!(gunzip(&sent), body);
        assert!(sent.len() < body.len());
        assert_eq!(headers[CONTENT_ENCODING], "custom, gzip");
    }

    #[test]
    fn small_disabled_or_untraited_bodies_are_left_alone() {
        let body = vec![b'a'; 10_239];
        let mut headers = HeaderMap::new();
        let sent = run(&Config::default(), "Put", &body, &mut headers);
        assert_eq!(&sent[..], &body[..]);
        assert!(headers.is_empty());

        let low = Config::builder()
            .request_min_compression_size_bytes(1)
            .build();
        assert_eq!(gunzip(&run(&low, "Put", b"x", &mut headers)), b"x");
        assert_eq!(headers[CONTENT_ENCODING], "gzip");

        let mut headers = HeaderMap::new();
        let off = Config::builder()
            .request_min_compression_size_bytes(1)
            .disable_request_compression(true)
            .build();
        assert_eq!(&run(&off, "Put", b"x", &mut headers)[..], b"x");
        assert_eq!(&run(&low, "Plain", b"x", &mut headers)[..], b"x");
        assert!(headers.is_empty());
    }
}
