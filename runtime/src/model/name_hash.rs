//! The hasher of the model's name-keyed maps: FNV-1a, several times cheaper than the standard
//! SipHash on the short shape names looked up for every member of every request and response.
//! Model names come from the packaged models, not from callers, so flooding is no concern.

/// Builds FNV-1a hashers; the hasher parameter of the model's shape map.
pub type NameHash = fnv::FnvBuildHasher;

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
