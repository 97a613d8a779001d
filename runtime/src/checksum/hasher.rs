//! A checksum computed over bytes fed in order, in any [`Algorithm`].

use base64::Engine;
use sha2::Digest;

use super::Algorithm;

/// A checksum being computed chunk by chunk: feed it with [`Hasher::update`], read it with
/// [`Hasher::finish`] or [`Hasher::finish_base64`].
#[derive(Clone)]
pub struct Hasher {
    algorithm: Algorithm,
    state: State,
}

#[derive(Clone)]
enum State {
    Crc(crc_fast::Digest),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Md5(md5::Md5),
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl Hasher {
    /// A fresh hasher for `algorithm`.
    pub fn new(algorithm: Algorithm) -> Hasher {
        let state = match algorithm.crc_kind() {
            Some(kind) => State::Crc(crc_fast::Digest::new(kind)),
            None => match algorithm {
                Algorithm::Sha1 => State::Sha1(sha1::Sha1::new()),
                Algorithm::Sha256 => State::Sha256(sha2::Sha256::new()),
                _ => State::Md5(md5::Md5::new()),
            },
        };
        Hasher { algorithm, state }
    }

    /// The algorithm this hasher computes.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// Feeds more bytes.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Crc(h) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Md5(h) => h.update(data),
        }
    }

    /// The digest of everything fed: big-endian bytes for a CRC.
    pub fn finish(self) -> Vec<u8> {
        match self.state {
            State::Crc(h) if self.algorithm == Algorithm::Crc64Nvme => {
                h.finalize().to_be_bytes().to_vec()
            }
            State::Crc(h) => (h.finalize() as u32).to_be_bytes().to_vec(),
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
            State::Md5(h) => h.finalize().to_vec(),
        }
    }

    /// The digest in padded base64, as checksum headers carry it.
    pub fn finish_base64(self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.finish())
    }
}
