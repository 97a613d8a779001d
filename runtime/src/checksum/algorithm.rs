//! The checksum algorithms AWS uses, with the names and header forms it gives them.

use crc_fast::CrcAlgorithm;

use super::Hasher;

/// A checksum algorithm: the five of S3's flexible checksums and `Content-MD5`'s MD5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// CRC-32 (ISO-HDLC).
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// MD5, for `Content-MD5` and SSE-C key digests.
    Md5,
}

impl Algorithm {
    /// Every algorithm.
    pub const ALL: [Algorithm; 6] = [
        Algorithm::Crc32,
        Algorithm::Crc32c,
        Algorithm::Crc64Nvme,
        Algorithm::Sha1,
        Algorithm::Sha256,
        Algorithm::Md5,
    ];

    /// The name AWS models use: `CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`, `SHA256`, `MD5`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "CRC32",
            Algorithm::Crc32c => "CRC32C",
            Algorithm::Crc64Nvme => "CRC64NVME",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Md5 => "MD5",
        }
    }

    /// The algorithm named `name` in any case, if it is one of these.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Self::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// Whether values can be combined across pieces (see [`super::combine_crcs`]).
    pub fn is_crc(self) -> bool {
        self.crc_kind().is_some()
    }

    /// How many bytes a digest has.
    pub fn digest_len(self) -> usize {
        match self {
            Algorithm::Crc32 | Algorithm::Crc32c => 4,
            Algorithm::Crc64Nvme => 8,
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Md5 => 16,
        }
    }

    /// How many characters a digest has in padded base64.
    pub fn base64_len(self) -> usize {
        self.digest_len().div_ceil(3) * 4
    }

    /// The digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        let mut hasher = Hasher::new(self);
        hasher.update(data);
        hasher.finish()
    }

    pub(super) fn crc_kind(self) -> Option<CrcAlgorithm> {
        match self {
            Algorithm::Crc32 => Some(CrcAlgorithm::Crc32IsoHdlc),
            Algorithm::Crc32c => Some(CrcAlgorithm::Crc32Iscsi),
            Algorithm::Crc64Nvme => Some(CrcAlgorithm::Crc64Nvme),
            Algorithm::Sha1 | Algorithm::Sha256 | Algorithm::Md5 => None,
        }
    }
}
