//! The hasher of the model's name-keyed maps: FNV-1a, several times cheaper than the standard
//! SipHash on the short shape names looked up for every member of every request and response.
//! Model names come from the packaged models, not from callers, so flooding is no concern.

use std::hash::{BuildHasherDefault, Hasher};

/// Builds [`NameHasher`]s; the hasher parameter of the model's shape map.
pub type NameHash = BuildHasherDefault<NameHasher>;

/// FNV-1a (64 bit) over the bytes written.
#[derive(Debug, Clone, Copy)]
pub struct NameHasher(u64);

impl Default for NameHasher {
    fn default() -> Self {
        NameHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_names_hash_equal_and_different_names_differ() {
        let hash = NameHash::default();
        assert_eq!(
            hash.hash_one("AttributeValue"),
            hash.hash_one("AttributeValue")
        );
        assert_ne!(
            hash.hash_one("AttributeValue"),
            hash.hash_one("AttributeName")
        );
    }
}
