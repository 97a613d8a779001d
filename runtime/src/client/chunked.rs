//! `aws-chunked` bodies with a checksum trailer: how a streamed upload carries its checksum
//! without being read twice. The body is cut into fixed-size chunks, each framed as
//! `<hex length>\r\n<bytes>\r\n`, and ends with `0\r\n<trailer>:<checksum>\r\n\r\n`. Fixed
//! chunks make the encoded length known in advance, so the request keeps a
//! `Content-Length` and the payload is signed as `STREAMING-UNSIGNED-PAYLOAD-TRAILER`.

use bytes::{Bytes, BytesMut};
use futures::stream::{self, BoxStream, StreamExt};

use super::checksum::ChecksumPlan;
use crate::body::ByteStream;
use crate::checksum::Hasher;
use crate::error::Error;

/// Size of every chunk but the last.
pub(crate) const CHUNK_SIZE: usize = 64 * 1024;

/// The encoded length of a `decoded`-byte body whose trailer is `name:<digest_len chars>`.
pub(crate) fn encoded_length(decoded: u64, name: &str, digest_len: usize) -> u64 {
    let frame = |len: u64| format!("{len:x}").len() as u64 + 2 + len + 2;
    let chunk = CHUNK_SIZE as u64;
    let full = decoded / chunk;
    let rest = decoded % chunk;
    let mut total = full * frame(chunk);
    if rest > 0 {
        total += frame(rest);
    }
    total + 3 + name.len() as u64 + 1 + digest_len as u64 + 2 + 2
}

/// Encodes `body` (of known length) with the plan's checksum as a trailer.
pub(crate) fn encode(body: ByteStream, plan: &ChecksumPlan) -> Result<ByteStream, Error> {
    let decoded = body
        .content_length()
        .ok_or_else(|| Error::serialization("a chunked upload needs a body of known length"))?;
    let hasher = plan.hasher();
    let length = encoded_length(decoded, plan.header_name(), hasher.algorithm().base64_len());
    let state = State {
        body,
        buffer: BytesMut::new(),
        hasher: Some(hasher),
        trailer: plan.header_name(),
        source_done: false,
        declared: decoded,
        read: 0,
    };
    let frames: BoxStream<'static, Result<Bytes, Error>> =
        stream::try_unfold(state, next_frame).boxed();
    Ok(ByteStream::from_frames(frames, length))
}

struct State {
    body: ByteStream,
    buffer: BytesMut,
    hasher: Option<Hasher>,
    trailer: &'static str,
    source_done: bool,
    /// The body's announced length, and how much of it has been read.
    declared: u64,
    read: u64,
}

/// The next frame: a full chunk, the last partial chunk, the trailer, then the end.
async fn next_frame(mut state: State) -> Result<Option<(Bytes, State)>, Error> {
    while !state.source_done && state.buffer.len() < CHUNK_SIZE {
        match state.body.next().await {
            Some(chunk) => {
                let chunk = chunk?;
                state.read += chunk.len() as u64;
                if state.read > state.declared {
                    return Err(length_mismatch(state.declared, "more"));
                }
                state.buffer.extend_from_slice(&chunk);
            }
            None if state.read < state.declared => {
                return Err(length_mismatch(state.declared, "fewer"));
            }
            None => state.source_done = true,
        }
    }
    if !state.buffer.is_empty() {
        let take = state.buffer.len().min(CHUNK_SIZE);
        let data = state.buffer.split_to(take);
        if let Some(hasher) = state.hasher.as_mut() {
            hasher.update(&data);
        }
        let mut frame = BytesMut::with_capacity(take + 16);
        frame.extend_from_slice(format!("{take:x}\r\n").as_bytes());
        frame.extend_from_slice(&data);
        frame.extend_from_slice(b"\r\n");
        return Ok(Some((frame.freeze(), state)));
    }
    let Some(hasher) = state.hasher.take() else {
        return Ok(None);
    };
    let trailer = format!("0\r\n{}:{}\r\n\r\n", state.trailer, hasher.finish_base64());
    Ok(Some((Bytes::from(trailer), state)))
}

/// A body that does not hold the bytes it announced: its encoding would not match the
/// length the request declares.
fn length_mismatch(declared: u64, which: &str) -> Error {
    Error::io(format!(
        "the upload body announced {declared} bytes but yielded {which}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ServiceDefinition;
    use crate::session::ChecksumCalculation;
    use serde_json::json;

    fn crc32_plan() -> ChecksumPlan {
        let service: ServiceDefinition = serde_json::from_value(json!({
            "metadata": {"protocol": "rest-xml"},
            "operations": {"Put": {"name": "Put", "httpChecksum": {"requestChecksumRequired": true}}},
            "shapes": {}
        }))
        .unwrap();
        super::super::checksum::plan(
            &service,
            service.operation("Put").unwrap(),
            &json!({}),
            &http::HeaderMap::new(),
            ChecksumCalculation::WhenRequired,
        )
        .unwrap()
        .unwrap()
    }

    #[tokio::test]
    async fn small_bodies_are_one_chunk_and_a_trailer() {
        let plan = crc32_plan();
        let encoded = encode(ByteStream::from("hello"), &plan).unwrap();
        let length = encoded.content_length().unwrap();
        let bytes = encoded.collect().await.unwrap();
        assert_eq!(
            &bytes[..],
            b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n"
        );
        assert_eq!(length, bytes.len() as u64);
    }

    #[tokio::test]
    async fn uneven_source_chunks_become_fixed_frames() {
        let plan = crc32_plan();
        let data: Vec<u8> = (0..(2 * CHUNK_SIZE + 123))
            .map(|i| (i % 241) as u8)
            .collect();
        let pieces: Vec<Result<Bytes, std::io::Error>> = data
            .chunks(10_007)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let body = ByteStream::from_stream(futures::stream::iter(pieces), data.len() as u64);
        let encoded = encode(body, &plan).unwrap();
        let length = encoded.content_length().unwrap();
        let bytes = encoded.collect().await.unwrap();
        assert_eq!(length, bytes.len() as u64);

        let mut expected = Vec::new();
        for chunk in data.chunks(CHUNK_SIZE) {
            expected.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            expected.extend_from_slice(chunk);
            expected.extend_from_slice(b"\r\n");
        }
        let crc = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            crate::checksum::crc32(&data).to_be_bytes(),
        );
        expected.extend_from_slice(format!("0\r\nx-amz-checksum-crc32:{crc}\r\n\r\n").as_bytes());
        assert_eq!(bytes, expected);
    }

    /// Decodes an aws-chunked body: its data and its trailer line.
    fn decode(mut encoded: &[u8]) -> (Vec<u8>, String) {
        let mut data = Vec::new();
        loop {
            let line_end = encoded.windows(2).position(|w| w == b"\r\n").unwrap();
            let size =
                usize::from_str_radix(std::str::from_utf8(&encoded[..line_end]).unwrap(), 16)
                    .unwrap();
            encoded = &encoded[line_end + 2..];
            if size == 0 {
                let trailer = std::str::from_utf8(encoded).unwrap();
                return (data, trailer.trim_end().to_string());
            }
            assert!(size <= CHUNK_SIZE);
            data.extend_from_slice(&encoded[..size]);
            assert_eq!(&encoded[size..size + 2], b"\r\n");
            encoded = &encoded[size + 2..];
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any body, cut into any pieces, encodes to exactly the announced length and decodes
        /// back to itself; a body yielding more or fewer bytes than it announced is an error,
        /// never a request whose length lies.
        #[test]
        fn any_body_round_trips_and_a_lying_length_is_refused(
            len in 0usize..(3 * CHUNK_SIZE),
            piece in 1usize..(CHUNK_SIZE + 7),
            lie in -3i64..=3,
        ) {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let pieces: Vec<Result<Bytes, std::io::Error>> = data
                .chunks(piece)
                .map(|c| Ok(Bytes::copy_from_slice(c)))
                .collect();
            let declared = (len as i64 + lie).max(0) as u64;
            let body = ByteStream::from_stream(futures::stream::iter(pieces), declared);
            let encoded = encode(body, &crc32_plan()).unwrap();
            let length = encoded.content_length().unwrap();
            let collected = futures::executor::block_on(encoded.collect());
            if declared == len as u64 {
                let bytes = collected.unwrap();
                proptest::prop_assert_eq!(length, bytes.len() as u64);
                let (decoded, trailer) = decode(&bytes);
                proptest::prop_assert_eq!(decoded, data);
                proptest::prop_assert!(trailer.starts_with("x-amz-checksum-crc32:"));
            } else {
                let err = collected.unwrap_err();
                proptest::prop_assert!(err.to_string().contains("announced"), "{}", err);
            }
        }
    }

    #[tokio::test]
    async fn empty_bodies_are_just_the_trailer() {
        let encoded = encode(ByteStream::empty(), &crc32_plan()).unwrap();
        assert_eq!(encoded.content_length(), Some(36));
        let bytes = encoded.collect().await.unwrap();
        assert_eq!(&bytes[..], b"0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
        assert_eq!(bytes.len(), 36);
    }
}
