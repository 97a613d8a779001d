//! Every checksum and digest rboto computes, in one place: the CRCs and hashes of request
//! and response checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256, MD5), DynamoDB's and event
//! streams' CRC32, Glacier's SHA-256 tree hash and the SHA-1 that names SSO cache files.
//!
//! Values come out as the big-endian bytes AWS shows (4 for the 32-bit CRCs, 8 for
//! CRC64NVME), which callers encode as base64 for headers or hex for names.

mod algorithm;
mod hasher;

pub use algorithm::Algorithm;
pub use hasher::Hasher;

use base64::Engine;
use sha2::Digest;

/// The CRC-32 (ISO-HDLC) of `data`, the checksum of DynamoDB responses and event-stream frames.
pub fn crc32(data: &[u8]) -> u32 {
    crc_fast::crc32_iso_hdlc(data)
}

/// The SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(data).into()
}

/// The SHA-256 of `left` followed by `right`, without copying them together.
pub fn sha256_pair(left: &[u8], right: &[u8]) -> [u8; 32] {
    let mut hasher = sha2::Sha256::new();
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// The base64 (standard alphabet, padded) digest of `data` in `algorithm`, as checksum
/// headers carry it.
pub fn base64_digest(algorithm: Algorithm, data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(algorithm.digest(data))
}

/// Lower-case hex of `bytes`, as SigV4, Glacier and file names show digests.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// The CRC of the concatenation of pieces from each piece's CRC and length, in order: how a
/// multipart object's full-object checksum follows from its parts'. `None` when `algorithm` is
/// not a CRC.
///
/// Takes a slice rather than any iterator so the CRC code is compiled here only, not in each
/// caller's crate.
pub fn combine_crcs(algorithm: Algorithm, parts: &[(u64, u64)]) -> Option<u64> {
    let kind = algorithm.crc_kind()?;
    Some(parts.iter().fold(0, |whole, &(crc, len)| {
        crc_fast::checksum_combine(kind, whole, crc, len)
    }))
}

#[cfg(test)]
mod tests;
