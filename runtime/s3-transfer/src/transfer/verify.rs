//! Full-object checksum validation of downloads.
//!
//! S3 reports an object's checksum on `HeadObject` with `ChecksumMode: ENABLED`. A checksum of
//! type `FULL_OBJECT` (every single-request upload, and multipart uploads made with a full-object
//! CRC) covers the whole content, so a download can be checked against it whatever ranges it
//! was fetched in: the CRCs (CRC32, CRC32C, CRC64NVME) are computed per part while the parts
//! arrive and combined at the end; SHA-1 and SHA-256 cannot be combined and are computed over
//! the finished file (or, for an ordered stream, as the bytes go by).
//!
//! A `COMPOSITE` checksum of a multipart upload (`…-N`) is a checksum of the parts' checksums:
//! byte ranges that do not fall on the uploader's part boundaries cannot reproduce it, so such
//! objects are not checked here (the `If-Match` on the ETag still guarantees every range came
//! from the same object version).

use std::path::Path;

use base64::Engine;
use serde_json::Value;

use super::checksum::{combine_crcs, ChecksumHasher};
use super::config::ChecksumAlgorithm;
use rboto_runtime::error::Error;

/// Size of the reads when a file is hashed after it is written.
const READ_CHUNK: usize = 1024 * 1024;

/// The algorithms looked for, in order of preference: CRCs first, because they combine
/// across parts.
const PREFERENCE: [ChecksumAlgorithm; 5] = [
    ChecksumAlgorithm::Crc64Nvme,
    ChecksumAlgorithm::Crc32c,
    ChecksumAlgorithm::Crc32,
    ChecksumAlgorithm::Sha256,
    ChecksumAlgorithm::Sha1,
];

/// The full-object checksum a download must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected {
    algorithm: ChecksumAlgorithm,
    value: String,
}

impl Expected {
    /// The object's full-object checksum from a `HeadObject` (or whole `GetObject`) output,
    /// `None` when it has none or only a composite one.
    pub(crate) fn from_output(output: &Value) -> Option<Expected> {
        if output.get("ChecksumType").and_then(Value::as_str) == Some("COMPOSITE") {
            return None;
        }
        PREFERENCE.into_iter().find_map(|algorithm| {
            let value = output.get(algorithm.member())?.as_str()?;
            if value.contains('-') {
                return None;
            }
            Some(Expected {
                algorithm,
                value: value.trim().to_string(),
            })
        })
    }

    /// The algorithm.
    pub(crate) fn algorithm(&self) -> ChecksumAlgorithm {
        self.algorithm
    }

    /// Whether per-part checksums combine into the whole object's (true for the CRCs).
    pub(crate) fn combines(&self) -> bool {
        self.algorithm.is_crc()
    }

    /// A fresh hasher of this algorithm.
    pub(crate) fn hasher(&self) -> ChecksumHasher {
        ChecksumHasher::new(self.algorithm)
    }

    /// Compares a finished hasher with the expected value; a mismatch is an error naming
    /// both, so the caller can discard the download.
    pub(crate) fn check(&self, hasher: ChecksumHasher, what: &str) -> Result<(), Error> {
        self.compare(&hasher.finish(), what)
    }

    /// Compares the CRCs of consecutive parts, each `(base64 CRC, length)`, combined.
    pub(crate) fn check_parts(&self, parts: &[(String, u64)], what: &str) -> Result<(), Error> {
        let combined = combine_crcs(self.algorithm, parts).ok_or_else(|| {
            Error::response(format!(
                "{what}: the part checksums do not combine into a {} checksum",
                self.algorithm.name()
            ))
        })?;
        self.compare(&combined, what)
    }

    fn compare(&self, computed: &str, what: &str) -> Result<(), Error> {
        let engine = base64::engine::general_purpose::STANDARD;
        let same = matches!(
            (engine.decode(computed), engine.decode(&self.value)),
            (Ok(a), Ok(b)) if a == b
        );
        if same {
            Ok(())
        } else {
            Err(Error::response(format!(
                "{what}: {} checksum mismatch: S3 reported {}, the downloaded content has {computed}",
                self.algorithm.name(),
                self.value
            )))
        }
    }

    /// Hashes a whole file (read in chunks on a blocking thread) and compares.
    pub(crate) async fn check_file(&self, path: &Path, what: &str) -> Result<(), Error> {
        let mut hasher = self.hasher();
        let owned = path.to_path_buf();
        hasher = tokio::task::spawn_blocking(move || -> std::io::Result<ChecksumHasher> {
            use std::io::Read;
            let mut file = std::fs::File::open(&owned)?;
            let mut buf = vec![0u8; READ_CHUNK];
            loop {
                let n = file.read(&mut buf)?;
                if n == 0 {
                    return Ok(hasher);
                }
                hasher.update(&buf[..n]);
            }
        })
        .await
        .map_err(|e| Error::io(format!("hashing {} failed: {e}", path.display())))?
        .map_err(|e| {
            Error::io(format!("cannot read {} to verify it: {e}", path.display())).with_source(e)
        })?;
        self.check(hasher, what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn expected(member: &str, value: &str) -> Expected {
        Expected::from_output(&json!({ member: value })).unwrap()
    }

    // Reference values: the checksums S3 reports for the 9 bytes "123456789".
    const CHECK: &[u8] = b"123456789";

    #[test]
    fn every_algorithm_matches_its_reference_value() {
        let cases = [
            ("ChecksumCRC32", "y/Q5Jg=="),         // 0xcbf43926
            ("ChecksumCRC32C", "4waSgw=="),        // 0xe3069283
            ("ChecksumCRC64NVME", "rosUhgp5mIg="), // 0xae8b14860a799888
            ("ChecksumSHA1", "98O8HYCOBHMq32eZZczDTKeuNEE="),
            (
                "ChecksumSHA256",
                "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=",
            ),
        ];
        for (member, value) in cases {
            let want = expected(member, value);
            let mut hasher = want.hasher();
            hasher.update(CHECK);
            want.check(hasher, "test")
                .unwrap_or_else(|e| panic!("{member}: {e}"));
        }
    }

    #[test]
    fn crc_parts_combine_into_the_whole() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for algorithm in [
            ChecksumAlgorithm::Crc32,
            ChecksumAlgorithm::Crc32c,
            ChecksumAlgorithm::Crc64Nvme,
        ] {
            let mut whole = ChecksumHasher::new(algorithm);
            whole.update(&data);
            let want = Expected {
                algorithm,
                value: whole.finish(),
            };
            assert!(want.combines());
            let parts: Vec<(String, u64)> = data
                .chunks(30_001)
                .map(|part| {
                    let mut h = want.hasher();
                    h.update(part);
                    (h.finish(), part.len() as u64)
                })
                .collect();
            want.check_parts(&parts, "combined").unwrap();
            let mut swapped = parts.clone();
            swapped.swap(0, 1);
            assert!(want.check_parts(&swapped, "swapped").is_err());
        }
    }

    #[test]
    fn a_mismatch_names_both_values() {
        let want = expected("ChecksumCRC32", "y/Q5Jg==");
        let mut hasher = want.hasher();
        hasher.update(b"123456780");
        let err = want.check(hasher, "s3://b/k").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("s3://b/k") && text.contains("CRC32") && text.contains("y/Q5Jg=="));
    }

    #[test]
    fn composite_and_missing_checksums_are_not_expected() {
        assert!(Expected::from_output(&json!({"ChecksumCRC32": "AAAAAA==-3"})).is_none());
        assert!(Expected::from_output(
            &json!({"ChecksumCRC32": "AAAAAA==", "ChecksumType": "COMPOSITE"})
        )
        .is_none());
        assert!(Expected::from_output(&json!({"ETag": "\"x\""})).is_none());
        let both = json!({"ChecksumSHA256": "x", "ChecksumCRC32C": "4waSgw==",
                          "ChecksumType": "FULL_OBJECT"});
        assert_eq!(
            Expected::from_output(&both).unwrap().algorithm(),
            ChecksumAlgorithm::Crc32c
        );
    }
}
