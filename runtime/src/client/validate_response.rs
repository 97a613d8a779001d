//! Response checksums: for operations that offer them (S3 `GetObject` with `ChecksumMode`),
//! the client asks for a checksum and checks the body against it, as botocore does by
//! default. A streamed body is checked as its last chunk is read.

use base64::Engine;
use bytes::Bytes;
use futures::stream::{self, StreamExt};
use http::HeaderMap;
use serde_json::Value;

use crate::body::ByteStream;
use crate::checksum::{Algorithm, Hasher};
use crate::error::Error;
use crate::model::Operation;
use crate::session::ChecksumCalculation;

/// Algorithms this client checks, in botocore's order of preference.
const USABLE: [&str; 2] = ["crc32", "sha256"];

/// Whether [`request_validation`] adds the operation's validation-mode member.
pub(crate) fn adds_validation_member(operation: &Operation, when: ChecksumCalculation) -> bool {
    when == ChecksumCalculation::WhenSupported
        && operation
            .http_checksum
            .as_ref()
            .is_some_and(|c| c.request_validation_mode_member.is_some())
}

/// Asks for response checksums (`ChecksumMode: ENABLED`) when the operation supports them
/// and the caller did not say.
pub(crate) fn request_validation(
    operation: &Operation,
    params: &mut Value,
    when: ChecksumCalculation,
) {
    let Some(member) = operation
        .http_checksum
        .as_ref()
        .and_then(|c| c.request_validation_mode_member.as_deref())
    else {
        return;
    };
    if when == ChecksumCalculation::WhenSupported {
        if let Value::Object(map) = params {
            map.entry(member.to_string())
                .or_insert_with(|| Value::String("ENABLED".into()));
        }
    }
}

/// The algorithms to check a response with: those the operation may answer with and this
/// client computes, when the call asked for validation.
pub(crate) fn algorithms(operation: &Operation, params: &Value) -> Vec<&'static str> {
    let Some(checksum) = &operation.http_checksum else {
        return Vec::new();
    };
    let asked = checksum
        .request_validation_mode_member
        .as_deref()
        .is_some_and(|m| params.get(m).is_some_and(|v| !v.is_null()));
    if !asked {
        return Vec::new();
    }
    let offered: Vec<String> = checksum
        .response_algorithms
        .iter()
        .map(|a| a.to_ascii_lowercase())
        .collect();
    USABLE
        .into_iter()
        .filter(|a| offered.iter().any(|o| o == a))
        .collect()
}

/// The checksum to verify against: the first usable algorithm whose header the response
/// carries, skipping composite checksums of multipart objects (`…-3`) and partial content
/// (a range cannot match the whole object's checksum).
pub(crate) fn expected(
    algorithms: &[&'static str],
    status: u16,
    headers: &HeaderMap,
) -> Option<(Hasher, String)> {
    if status == 206 {
        return None;
    }
    algorithms.iter().find_map(|algorithm| {
        let value = headers
            .get(format!("x-amz-checksum-{algorithm}").as_str())?
            .to_str()
            .ok()?;
        if value.contains('-') {
            return None;
        }
        let hasher = match *algorithm {
            "crc32" => Hasher::new(Algorithm::Crc32),
            "sha256" => Hasher::new(Algorithm::Sha256),
            _ => return None,
        };
        Some((hasher, value.to_string()))
    })
}

/// Checks a whole body.
pub(crate) fn check(mut hasher: Hasher, expected: &str, body: &[u8]) -> Result<(), Error> {
    hasher.update(body);
    compare(hasher, expected)
}

/// A body that checks itself: its last read fails if the content does not match.
pub(crate) fn checking(body: ByteStream, hasher: Hasher, expected: String) -> ByteStream {
    let length = body.content_length();
    let state = (body, Some(hasher), expected);
    let frames = stream::try_unfold(state, |(mut body, mut hasher, expected)| async move {
        match body.next().await {
            Some(chunk) => {
                let chunk: Bytes = chunk?;
                if let Some(h) = hasher.as_mut() {
                    h.update(&chunk);
                }
                Ok(Some((chunk, (body, hasher, expected))))
            }
            None => {
                if let Some(h) = hasher.take() {
                    compare(h, &expected)?;
                }
                Ok(None)
            }
        }
    })
    .filter(|chunk| futures::future::ready(!matches!(chunk, Ok(c) if c.is_empty())))
    .boxed();
    ByteStream::from_response_frames(frames, length)
}

fn compare(hasher: Hasher, expected: &str) -> Result<(), Error> {
    let engine = base64::engine::general_purpose::STANDARD;
    let computed = hasher.finish_base64();
    let same = match (engine.decode(&computed), engine.decode(expected.trim())) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        Ok(())
    } else {
        Err(Error::response(format!(
            "expected checksum {expected} did not match calculated checksum {computed}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use serde_json::json;

    fn get_object() -> Operation {
        serde_json::from_value(json!({
            "name": "GetObject",
            "httpChecksum": {"requestValidationModeMember": "ChecksumMode",
                             "responseAlgorithms": ["CRC64NVME", "CRC32", "CRC32C", "SHA256", "SHA1"]}
        }))
        .unwrap()
    }

    #[test]
    fn validation_is_asked_for_by_default() {
        let op = get_object();
        let mut params = json!({"Bucket": "b"});
        request_validation(&op, &mut params, ChecksumCalculation::WhenSupported);
        assert_eq!(params["ChecksumMode"], "ENABLED");
        assert_eq!(algorithms(&op, &params), ["crc32", "sha256"]);
        let mut quiet = json!({});
        request_validation(&op, &mut quiet, ChecksumCalculation::WhenRequired);
        assert!(algorithms(&op, &quiet).is_empty());
    }

    #[tokio::test]
    async fn streamed_bodies_are_checked_at_their_end() {
        let mut headers = HeaderMap::new();
        headers.insert("x-amz-checksum-crc32", HeaderValue::from_static("NhCmhg=="));
        let (hasher, expected) = expected(&["crc32", "sha256"], 200, &headers).unwrap();
        let ok = checking(ByteStream::from("hello"), hasher, expected.clone());
        assert_eq!(&ok.collect().await.unwrap()[..], b"hello");

        let (hasher, _) = super::expected(&["crc32"], 200, &headers).unwrap();
        let bad = checking(ByteStream::from("hellO"), hasher, expected);
        let err = bad.collect().await.unwrap_err();
        assert!(err.is_response());
        assert!(err.to_string().contains("did not match"));
    }

    #[test]
    fn composite_checksums_are_skipped() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-amz-checksum-crc32",
            HeaderValue::from_static("AAAAAA==-3"),
        );
        assert!(expected(&["crc32"], 200, &headers).is_none());
        let (hasher, expected) = {
            headers.insert("x-amz-checksum-crc32", HeaderValue::from_static("NhCmhg=="));
            super::expected(&["crc32"], 200, &headers).unwrap()
        };
        assert!(check(hasher, &expected, b"hello").is_ok());
        assert!(super::expected(&["crc32"], 206, &headers).is_none());
    }
}
