//! Checksums of transfer parts and whole objects, in every algorithm S3 offers, and the
//! combination of part CRCs into the CRC of the whole object (S3's `FULL_OBJECT` checksums).

use base64::Engine;
use crc_fast::CrcAlgorithm;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::config::ChecksumAlgorithm;

/// A checksum being computed over bytes fed in order.
#[derive(Clone)]
pub enum ChecksumHasher {
    /// A CRC of the given kind, with the CRC so far and the bytes it covers.
    Crc {
        /// Which CRC.
        algorithm: ChecksumAlgorithm,
        /// The CRC of the bytes fed so far.
        crc: u64,
    },
    /// SHA-1.
    Sha1(Sha1),
    /// SHA-256.
    Sha256(Sha256),
}

impl std::fmt::Debug for ChecksumHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChecksumHasher")
    }
}

fn crc_kind(algorithm: ChecksumAlgorithm) -> CrcAlgorithm {
    match algorithm {
        ChecksumAlgorithm::Crc32c => CrcAlgorithm::Crc32Iscsi,
        ChecksumAlgorithm::Crc64Nvme => CrcAlgorithm::Crc64Nvme,
        _ => CrcAlgorithm::Crc32IsoHdlc,
    }
}

impl ChecksumHasher {
    /// A fresh hasher for `algorithm`.
    pub fn new(algorithm: ChecksumAlgorithm) -> ChecksumHasher {
        match algorithm {
            ChecksumAlgorithm::Sha1 => ChecksumHasher::Sha1(Sha1::new()),
            ChecksumAlgorithm::Sha256 => ChecksumHasher::Sha256(Sha256::new()),
            crc => ChecksumHasher::Crc {
                algorithm: crc,
                crc: 0,
            },
        }
    }

    /// Feeds more bytes.
    pub fn update(&mut self, data: &[u8]) {
        match self {
            ChecksumHasher::Crc { algorithm, crc } => {
                let kind = crc_kind(*algorithm);
                let next = crc_fast::checksum(kind, data);
                *crc = crc_fast::checksum_combine(kind, *crc, next, data.len() as u64);
            }
            ChecksumHasher::Sha1(h) => h.update(data),
            ChecksumHasher::Sha256(h) => h.update(data),
        }
    }

    /// The digest, base64-encoded as S3 sends and expects it.
    pub fn finish(self) -> String {
        let engine = base64::engine::general_purpose::STANDARD;
        match self {
            ChecksumHasher::Crc { algorithm, crc } => engine.encode(crc_bytes(algorithm, crc)),
            ChecksumHasher::Sha1(h) => engine.encode(h.finalize()),
            ChecksumHasher::Sha256(h) => engine.encode(h.finalize()),
        }
    }
}

/// The big-endian bytes S3 shows for a CRC value: 4 for the 32-bit CRCs, 8 for CRC64NVME.
fn crc_bytes(algorithm: ChecksumAlgorithm, crc: u64) -> Vec<u8> {
    if algorithm == ChecksumAlgorithm::Crc64Nvme {
        crc.to_be_bytes().to_vec()
    } else {
        (crc as u32).to_be_bytes().to_vec()
    }
}

/// The base64 checksum of `data`.
pub fn checksum_of(algorithm: ChecksumAlgorithm, data: &[u8]) -> String {
    let mut hasher = ChecksumHasher::new(algorithm);
    hasher.update(data);
    hasher.finish()
}

/// The CRC of a whole object from the CRCs of its parts, in order, each with its length:
/// what S3 stores as a `FULL_OBJECT` checksum. `None` for SHA algorithms (S3 keeps only a
/// checksum of the part checksums for those) or a part value that is not a CRC of its kind.
pub fn combine_crcs(algorithm: ChecksumAlgorithm, parts: &[(String, u64)]) -> Option<String> {
    if !algorithm.is_crc() {
        return None;
    }
    let kind = crc_kind(algorithm);
    let engine = base64::engine::general_purpose::STANDARD;
    let mut whole = 0u64;
    for (value, len) in parts {
        let bytes = engine.decode(value).ok()?;
        let crc = match bytes.len() {
            4 => u32::from_be_bytes(bytes.try_into().ok()?) as u64,
            8 => u64::from_be_bytes(bytes.try_into().ok()?),
            _ => return None,
        };
        whole = crc_fast::checksum_combine(kind, whole, crc, *len);
    }
    Some(engine.encode(crc_bytes(algorithm, whole)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Check values of the catalogue ("123456789") and of S3 ("hello" as CRC32 NhCmhg==).
        assert_eq!(checksum_of(ChecksumAlgorithm::Crc32, b"hello"), "NhCmhg==");
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        assert_eq!(
            checksum_of(ChecksumAlgorithm::Crc32, b"123456789"),
            b64(&0xcbf43926u32.to_be_bytes())
        );
        assert_eq!(
            checksum_of(ChecksumAlgorithm::Crc32c, b"123456789"),
            b64(&0xe3069283u32.to_be_bytes())
        );
        assert_eq!(
            checksum_of(ChecksumAlgorithm::Crc64Nvme, b"123456789"),
            b64(&0xae8b14860a799888u64.to_be_bytes())
        );
        assert_eq!(
            checksum_of(ChecksumAlgorithm::Sha1, b""),
            "2jmj7l5rSw0yVb/vlWAYkK/YBwk="
        );
        assert_eq!(
            checksum_of(ChecksumAlgorithm::Sha256, b""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn part_crcs_combine_into_the_whole_objects() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for algorithm in ChecksumAlgorithm::ALL {
            let mut fed = ChecksumHasher::new(algorithm);
            for chunk in data.chunks(333) {
                fed.update(chunk);
            }
            assert_eq!(fed.finish(), checksum_of(algorithm, &data), "{algorithm:?}");
            let parts: Vec<(String, u64)> = data
                .chunks(4096)
                .map(|p| (checksum_of(algorithm, p), p.len() as u64))
                .collect();
            let combined = combine_crcs(algorithm, &parts);
            if algorithm.is_crc() {
                assert_eq!(combined.unwrap(), checksum_of(algorithm, &data));
            } else {
                assert!(combined.is_none());
            }
        }
    }
}
