//! [`TransferConfig`]: how managed transfers split objects into parts, how many parts move at
//! once, and which checksums they carry. The defaults are boto3's.

use rboto_runtime::error::Error;

/// One mebibyte.
const MIB: u64 = 1024 * 1024;

/// Smallest part S3 accepts (except the last).
pub const MIN_PART_SIZE: u64 = 5 * MIB;
/// Largest part S3 accepts.
pub const MAX_PART_SIZE: u64 = 5 * 1024 * MIB;
/// Most parts one multipart upload may have.
pub const MAX_PARTS: u64 = 10_000;
/// Largest object a multipart upload can build from [`MAX_PARTS`] parts of [`MAX_PART_SIZE`].
pub const MAX_MULTIPART_OBJECT_SIZE: u64 = MAX_PARTS * MAX_PART_SIZE;
/// Largest object a single PutObject or CopyObject may write.
pub const MAX_SINGLE_REQUEST_SIZE: u64 = MAX_PART_SIZE;

/// How the part size of a multipart transfer is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PartSizeMode {
    /// boto3's rule: `multipart_chunksize`, raised to 5 MiB or lowered to 5 GiB, then doubled
    /// until the object fits in 10,000 parts.
    Fixed,
    /// The smallest whole number of MiB, at least `multipart_chunksize`, that fits the object
    /// in 10,000 parts: large objects get no larger parts than they need, so memory stays
    /// close to `max_concurrency × multipart_chunksize`.
    Auto,
}

/// A checksum algorithm S3 accepts on uploads and returns on downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChecksumAlgorithm {
    /// CRC-32 (ISO-HDLC), the AWS SDKs' default since 2025.
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME; S3 stores it as a full-object checksum.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// The name S3 uses in `ChecksumAlgorithm` parameters: `CRC32`, `CRC32C`, `CRC64NVME`,
    /// `SHA1`, `SHA256`.
    pub fn name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The request/response member carrying a value of this algorithm, e.g. `ChecksumCRC32`.
    pub fn member(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "ChecksumCRC32",
            ChecksumAlgorithm::Crc32c => "ChecksumCRC32C",
            ChecksumAlgorithm::Crc64Nvme => "ChecksumCRC64NVME",
            ChecksumAlgorithm::Sha1 => "ChecksumSHA1",
            ChecksumAlgorithm::Sha256 => "ChecksumSHA256",
        }
    }

    /// Every algorithm, in the order S3 documents them.
    pub const ALL: [ChecksumAlgorithm; 5] = [
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ];

    /// The algorithm S3 calls `name` (any case), if it is one of these.
    pub fn from_name(name: &str) -> Option<ChecksumAlgorithm> {
        Self::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// Whether the value is a CRC, which S3 can combine into a full-object checksum across
    /// the parts of a multipart upload.
    pub fn is_crc(self) -> bool {
        matches!(
            self,
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c | ChecksumAlgorithm::Crc64Nvme
        )
    }
}

/// Whether transfers compute and send checksums (uploads) and check them (downloads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChecksumPolicy {
    /// Every upload request carries this algorithm's checksum, and downloads check any
    /// full-object checksum the object carries. The default, with CRC32.
    Always(ChecksumAlgorithm),
    /// No checksums unless the caller asks for one in the extra arguments: for S3-compatible
    /// stores that reject or mishandle them. Downloads are not checked.
    WhenRequired,
}

impl ChecksumPolicy {
    /// The algorithm uploads use, if any.
    pub fn algorithm(self) -> Option<ChecksumAlgorithm> {
        match self {
            ChecksumPolicy::Always(a) => Some(a),
            ChecksumPolicy::WhenRequired => None,
        }
    }
}

/// How managed transfers behave: boto3's `TransferConfig`, with its defaults.
///
/// ```
/// use rboto_s3_transfer::transfer::{ChecksumAlgorithm, PartSizeMode, TransferConfig};
/// let config = TransferConfig::default()
///     .with_multipart_threshold(16 * 1024 * 1024)
///     .with_max_concurrency(4)
///     .with_part_size_mode(PartSizeMode::Auto)
///     .with_checksum_algorithm(ChecksumAlgorithm::Crc32c);
/// assert_eq!(config.part_size_for(100 * 1024 * 1024).unwrap(), 8 * 1024 * 1024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferConfig {
    multipart_threshold: u64,
    multipart_chunksize: u64,
    max_concurrency: usize,
    part_size_mode: PartSizeMode,
    checksum: ChecksumPolicy,
    num_download_attempts: u32,
}

impl Default for TransferConfig {
    /// boto3's defaults: 8 MiB threshold and parts, 10 parts at once, 5 download attempts,
    /// CRC32 checksums.
    fn default() -> Self {
        TransferConfig {
            multipart_threshold: 8 * MIB,
            multipart_chunksize: 8 * MIB,
            max_concurrency: 10,
            part_size_mode: PartSizeMode::Fixed,
            checksum: ChecksumPolicy::Always(ChecksumAlgorithm::Crc32),
            num_download_attempts: 5,
        }
    }
}

impl TransferConfig {
    /// Size from which a transfer uses several parts (multipart upload, ranged GETs,
    /// UploadPartCopy); smaller ones take one request. Default 8 MiB.
    pub fn multipart_threshold(&self) -> u64 {
        self.multipart_threshold
    }

    /// Sets [`multipart_threshold`](Self::multipart_threshold); at least 1 byte.
    pub fn with_multipart_threshold(mut self, bytes: u64) -> Self {
        self.multipart_threshold = bytes.max(1);
        self
    }

    /// Preferred part size. Default 8 MiB. See [`part_size_for`](Self::part_size_for) for
    /// the size actually used.
    pub fn multipart_chunksize(&self) -> u64 {
        self.multipart_chunksize
    }

    /// Sets [`multipart_chunksize`](Self::multipart_chunksize).
    pub fn with_multipart_chunksize(mut self, bytes: u64) -> Self {
        self.multipart_chunksize = bytes.max(1);
        self
    }

    /// Most parts in flight at once (and in memory, for uploads from a reader and downloads
    /// to a writer). Default 10.
    pub fn max_concurrency(&self) -> usize {
        self.max_concurrency
    }

    /// Sets [`max_concurrency`](Self::max_concurrency); at least 1.
    pub fn with_max_concurrency(mut self, parts: usize) -> Self {
        self.max_concurrency = parts.max(1);
        self
    }

    /// How the part size is chosen. Default [`PartSizeMode::Fixed`] (boto3's rule).
    pub fn part_size_mode(&self) -> PartSizeMode {
        self.part_size_mode
    }

    /// Sets [`part_size_mode`](Self::part_size_mode).
    pub fn with_part_size_mode(mut self, mode: PartSizeMode) -> Self {
        self.part_size_mode = mode;
        self
    }

    /// Checksums sent and checked. Default CRC32 on every upload.
    pub fn checksum(&self) -> ChecksumPolicy {
        self.checksum
    }

    /// Sets [`checksum`](Self::checksum).
    pub fn with_checksum(mut self, policy: ChecksumPolicy) -> Self {
        self.checksum = policy;
        self
    }

    /// Uploads carry `algorithm`'s checksum.
    pub fn with_checksum_algorithm(self, algorithm: ChecksumAlgorithm) -> Self {
        self.with_checksum(ChecksumPolicy::Always(algorithm))
    }

    /// Times one download part is tried before the transfer fails. Default 5.
    pub fn num_download_attempts(&self) -> u32 {
        self.num_download_attempts
    }

    /// Sets [`num_download_attempts`](Self::num_download_attempts); at least 1.
    pub fn with_num_download_attempts(mut self, attempts: u32) -> Self {
        self.num_download_attempts = attempts.max(1);
        self
    }

    /// Whether an object of `len` bytes is transferred in parts.
    pub fn is_multipart(&self, len: u64) -> bool {
        len >= self.multipart_threshold
    }

    /// The part size for an object of `len` bytes: within S3's 5 MiB..5 GiB and at most
    /// 10,000 parts, chosen by [`part_size_mode`](Self::part_size_mode). An object too large
    /// for any multipart upload is a validation error.
    pub fn part_size_for(&self, len: u64) -> Result<u64, Error> {
        if len > MAX_MULTIPART_OBJECT_SIZE {
            return Err(Error::validation(vec![format!(
                "an object of {len} bytes is larger than S3's limit of {MAX_MULTIPART_OBJECT_SIZE} \
                 bytes (10,000 parts of 5 GiB)"
            )]));
        }
        let preferred = self.multipart_chunksize.clamp(MIN_PART_SIZE, MAX_PART_SIZE);
        let size = match self.part_size_mode {
            PartSizeMode::Fixed => {
                let mut size = preferred;
                while len.div_ceil(size) > MAX_PARTS {
                    size = (size * 2).min(MAX_PART_SIZE);
                }
                size
            }
            PartSizeMode::Auto => {
                let needed = len.div_ceil(MAX_PARTS).div_ceil(MIB) * MIB;
                needed.max(preferred).min(MAX_PART_SIZE)
            }
        };
        Ok(size)
    }

    /// The number of parts of `part_size` an object of `len` bytes splits into (at least 1).
    pub fn part_count(len: u64, part_size: u64) -> u64 {
        len.div_ceil(part_size).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_boto3s() {
        let c = TransferConfig::default();
        assert_eq!(c.multipart_threshold(), 8 * MIB);
        assert_eq!(c.multipart_chunksize(), 8 * MIB);
        assert_eq!(c.max_concurrency(), 10);
        assert_eq!(c.num_download_attempts(), 5);
        assert_eq!(
            c.checksum(),
            ChecksumPolicy::Always(ChecksumAlgorithm::Crc32)
        );
        assert!(!c.is_multipart(8 * MIB - 1));
        assert!(c.is_multipart(8 * MIB));
    }

    #[test]
    fn part_sizes_respect_s3_limits() {
        let fixed = TransferConfig::default();
        assert_eq!(fixed.part_size_for(0).unwrap(), 8 * MIB);
        assert_eq!(fixed.part_size_for(80_000 * MIB).unwrap(), 8 * MIB);
        // One byte more than 10,000 parts of 8 MiB: boto3 doubles.
        assert_eq!(fixed.part_size_for(80_000 * MIB + 1).unwrap(), 16 * MIB);
        let auto = fixed.clone().with_part_size_mode(PartSizeMode::Auto);
        assert_eq!(auto.part_size_for(80_000 * MIB + 1).unwrap(), 9 * MIB);
        for config in [fixed, auto] {
            for len in [1, 5 * MIB, 100_000 * MIB, 10 * 1024 * 1024 * MIB] {
                let size = config.part_size_for(len).unwrap();
                assert!((MIN_PART_SIZE..=MAX_PART_SIZE).contains(&size));
                assert!(TransferConfig::part_count(len, size) <= MAX_PARTS, "{len}");
            }
            let err = config
                .part_size_for(MAX_MULTIPART_OBJECT_SIZE + 1)
                .unwrap_err();
            assert!(err.is_validation() && err.to_string().contains("10,000 parts"));
        }
        let tiny = TransferConfig::default().with_multipart_chunksize(1);
        assert_eq!(tiny.part_size_for(20 * MIB).unwrap(), MIN_PART_SIZE);
    }

    #[test]
    fn algorithm_names_round_trip() {
        for a in ChecksumAlgorithm::ALL {
            assert_eq!(ChecksumAlgorithm::from_name(a.name()), Some(a));
            assert_eq!(a.member(), format!("Checksum{}", a.name()));
        }
        assert_eq!(
            ChecksumAlgorithm::from_name("crc32c"),
            Some(ChecksumAlgorithm::Crc32c)
        );
        assert_eq!(ChecksumAlgorithm::from_name("md5"), None);
    }
}
