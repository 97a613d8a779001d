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
use sha1::Digest as _;

use crate::error::Error;

/// Size of the reads when a file is hashed after it is written.
const READ_CHUNK: usize = 1024 * 1024;

/// An algorithm S3 reports full-object checksums in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
}

impl Algorithm {
    /// In the order they are preferred: CRCs first, because they combine across parts.
    const PREFERENCE: [Algorithm; 5] = [
        Algorithm::Crc64Nvme,
        Algorithm::Crc32c,
        Algorithm::Crc32,
        Algorithm::Sha256,
        Algorithm::Sha1,
    ];

    /// The output member of `HeadObject`/`GetObject` carrying this checksum.
    fn member(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "ChecksumCRC32",
            Algorithm::Crc32c => "ChecksumCRC32C",
            Algorithm::Crc64Nvme => "ChecksumCRC64NVME",
            Algorithm::Sha1 => "ChecksumSHA1",
            Algorithm::Sha256 => "ChecksumSHA256",
        }
    }

    /// The algorithm's name as S3 spells it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "CRC32",
            Algorithm::Crc32c => "CRC32C",
            Algorithm::Crc64Nvme => "CRC64NVME",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
        }
    }

    fn crc(self) -> Option<crc_fast::CrcAlgorithm> {
        match self {
            Algorithm::Crc32 => Some(crc_fast::CrcAlgorithm::Crc32IsoHdlc),
            Algorithm::Crc32c => Some(crc_fast::CrcAlgorithm::Crc32Iscsi),
            Algorithm::Crc64Nvme => Some(crc_fast::CrcAlgorithm::Crc64Nvme),
            Algorithm::Sha1 | Algorithm::Sha256 => None,
        }
    }
}

/// The full-object checksum a download must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected {
    algorithm: Algorithm,
    value: String,
}

impl Expected {
    /// The object's full-object checksum from a `HeadObject` (or whole `GetObject`) output,
    /// `None` when it has none or only a composite one.
    pub(crate) fn from_output(output: &Value) -> Option<Expected> {
        if output.get("ChecksumType").and_then(Value::as_str) == Some("COMPOSITE") {
            return None;
        }
        Algorithm::PREFERENCE.into_iter().find_map(|algorithm| {
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
    pub(crate) fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// Whether per-part digests combine into the whole object's (true for the CRCs).
    pub(crate) fn combines(&self) -> bool {
        self.algorithm.crc().is_some()
    }

    /// A fresh digest of this algorithm.
    pub(crate) fn digest(&self) -> Digest {
        Digest::new(self.algorithm)
    }

    /// Compares a finished digest with the expected value; a mismatch is an error naming
    /// both, so the caller can discard the download.
    pub(crate) fn check(&self, digest: Digest, what: &str) -> Result<(), Error> {
        let computed = digest.finish_base64();
        let engine = base64::engine::general_purpose::STANDARD;
        let same = matches!(
            (engine.decode(&computed), engine.decode(&self.value)),
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
        let mut digest = self.digest();
        let owned = path.to_path_buf();
        digest = tokio::task::spawn_blocking(move || -> std::io::Result<Digest> {
            use std::io::Read;
            let mut file = std::fs::File::open(&owned)?;
            let mut buf = vec![0u8; READ_CHUNK];
            loop {
                let n = file.read(&mut buf)?;
                if n == 0 {
                    return Ok(digest);
                }
                digest.update(&buf[..n]);
            }
        })
        .await
        .map_err(|e| Error::io(format!("hashing {} failed: {e}", path.display())))?
        .map_err(|e| {
            Error::io(format!("cannot read {} to verify it: {e}", path.display())).with_source(e)
        })?;
        self.check(digest, what)
    }
}

/// A checksum being computed.
#[derive(Clone)]
pub(crate) enum Digest {
    Crc(crc_fast::Digest, Algorithm),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl Digest {
    fn new(algorithm: Algorithm) -> Digest {
        match algorithm.crc() {
            Some(crc) => Digest::Crc(crc_fast::Digest::new(crc), algorithm),
            None if algorithm == Algorithm::Sha1 => Digest::Sha1(sha1::Sha1::new()),
            None => Digest::Sha256(sha2::Sha256::new()),
        }
    }

    /// Feeds more bytes.
    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            Digest::Crc(d, _) => d.update(data),
            Digest::Sha1(d) => d.update(data),
            Digest::Sha256(d) => d.update(data),
        }
    }

    /// Appends the digest of the bytes that follow this one's (CRCs only; the caller checks
    /// [`Expected::combines`] first).
    pub(crate) fn combine(&mut self, next: &Digest) {
        if let (Digest::Crc(a, _), Digest::Crc(b, _)) = (self, next) {
            a.combine(b);
        }
    }

    fn finish_base64(self) -> String {
        let engine = base64::engine::general_purpose::STANDARD;
        match self {
            Digest::Crc(d, Algorithm::Crc64Nvme) => engine.encode(d.finalize().to_be_bytes()),
            Digest::Crc(d, _) => engine.encode((d.finalize() as u32).to_be_bytes()),
            Digest::Sha1(d) => engine.encode(d.finalize()),
            Digest::Sha256(d) => engine.encode(d.finalize()),
        }
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
            let mut digest = want.digest();
            digest.update(CHECK);
            want.check(digest, "test")
                .unwrap_or_else(|e| panic!("{member}: {e}"));
        }
    }

    #[test]
    fn crc_parts_combine_into_the_whole() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for member in ["ChecksumCRC32", "ChecksumCRC32C", "ChecksumCRC64NVME"] {
            let probe = expected(member, "AAAAAA==");
            let mut whole = probe.digest();
            whole.update(&data);
            let want = Expected {
                algorithm: probe.algorithm,
                value: whole.finish_base64(),
            };
            assert!(want.combines());
            let mut combined = want.digest();
            for part in data.chunks(30_001) {
                let mut d = want.digest();
                d.update(part);
                combined.combine(&d);
            }
            want.check(combined, "combined").unwrap();
        }
    }

    #[test]
    fn a_mismatch_names_both_values() {
        let want = expected("ChecksumCRC32", "y/Q5Jg==");
        let mut digest = want.digest();
        digest.update(b"123456780");
        let err = want.check(digest, "s3://b/k").unwrap_err();
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
            Algorithm::Crc32c
        );
    }
}
