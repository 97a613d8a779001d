//! Checksums of transfer parts and whole objects in S3's notation (base64), and the
//! combination of part CRCs into the CRC of the whole object (S3's `FULL_OBJECT` checksums).
//! The algorithms themselves are in [`rboto_runtime::checksum`].

use base64::Engine;

use super::config::ChecksumAlgorithm;
use rboto_runtime::checksum::{self, Algorithm, Hasher};

impl From<ChecksumAlgorithm> for Algorithm {
    fn from(algorithm: ChecksumAlgorithm) -> Algorithm {
        match algorithm {
            ChecksumAlgorithm::Crc32 => Algorithm::Crc32,
            ChecksumAlgorithm::Crc32c => Algorithm::Crc32c,
            ChecksumAlgorithm::Crc64Nvme => Algorithm::Crc64Nvme,
            ChecksumAlgorithm::Sha1 => Algorithm::Sha1,
            ChecksumAlgorithm::Sha256 => Algorithm::Sha256,
        }
    }
}

/// A checksum being computed over bytes fed in order.
#[derive(Clone, Debug)]
pub struct ChecksumHasher(Hasher);

impl ChecksumHasher {
    /// A fresh hasher for `algorithm`.
    pub fn new(algorithm: ChecksumAlgorithm) -> ChecksumHasher {
        ChecksumHasher(Hasher::new(algorithm.into()))
    }

    /// Feeds more bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// The digest, base64-encoded as S3 sends and expects it.
    pub fn finish(self) -> String {
        self.0.finish_base64()
    }
}

/// The base64 checksum of `data`.
pub fn checksum_of(algorithm: ChecksumAlgorithm, data: &[u8]) -> String {
    checksum::base64_digest(algorithm.into(), data)
}

/// The CRC of a whole object from the CRCs of its parts, in order, each with its length:
/// what S3 stores as a `FULL_OBJECT` checksum. `None` for SHA algorithms (S3 keeps only a
/// checksum of the part checksums for those) or a part value that is not a CRC of its kind.
pub fn combine_crcs(algorithm: ChecksumAlgorithm, parts: &[(String, u64)]) -> Option<String> {
    let algorithm = Algorithm::from(algorithm);
    if !algorithm.is_crc() {
        return None;
    }
    let engine = base64::engine::general_purpose::STANDARD;
    let crcs = parts
        .iter()
        .map(|(value, len)| {
            let bytes = engine.decode(value).ok()?;
            let crc = match bytes.len() {
                4 => u64::from(u32::from_be_bytes(bytes.try_into().ok()?)),
                8 => u64::from_be_bytes(bytes.try_into().ok()?),
                _ => return None,
            };
            Some((crc, *len))
        })
        .collect::<Option<Vec<_>>>()?;
    let whole = checksum::combine_crcs(algorithm, &crcs)?;
    let bytes = whole.to_be_bytes();
    Some(engine.encode(&bytes[8 - algorithm.digest_len()..]))
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
