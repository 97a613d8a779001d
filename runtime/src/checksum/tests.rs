//! Each algorithm against published check values: the CRC catalogue's "123456789", FIPS 180
//! and RFC 1321 test vectors, and the values S3 shows for "hello".

use super::*;

fn hex_of(algorithm: Algorithm, data: &[u8]) -> String {
    hex(&algorithm.digest(data))
}

#[test]
fn crcs_match_the_catalogue_check_values() {
    assert_eq!(hex_of(Algorithm::Crc32, b"123456789"), "cbf43926");
    assert_eq!(hex_of(Algorithm::Crc32c, b"123456789"), "e3069283");
    assert_eq!(
        hex_of(Algorithm::Crc64Nvme, b"123456789"),
        "ae8b14860a799888"
    );
    assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    assert_eq!(hex_of(Algorithm::Crc32, b""), "00000000");
    assert_eq!(base64_digest(Algorithm::Crc32, b"hello"), "NhCmhg==");
}

#[test]
fn sha1_matches_fips_180_vectors() {
    let cases: [(&[u8], &str); 5] = [
        (b"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        (b"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
        ),
        (
            b"The quick brown fox jumps over the lazy dog",
            "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
        ),
        (&[b'a'; 1000], "291e9a6c66994949b57ba5e650361e98fc36b1ba"),
    ];
    for (input, expected) in cases {
        assert_eq!(hex_of(Algorithm::Sha1, input), expected);
    }
}

#[test]
fn sha256_matches_fips_180_vectors() {
    assert_eq!(
        hex_of(Algorithm::Sha256, b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        hex(&sha256(b"abc")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        hex(&sha256_pair(b"ab", b"c")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        base64_digest(Algorithm::Sha256, b""),
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    );
}

#[test]
fn md5_matches_rfc_1321_vectors() {
    assert_eq!(
        hex_of(Algorithm::Md5, b""),
        "d41d8cd98f00b204e9800998ecf8427e"
    );
    assert_eq!(
        hex_of(Algorithm::Md5, b"abc"),
        "900150983cd24fb0d6963f7d28e17f72"
    );
    assert_eq!(
        hex_of(Algorithm::Md5, b"message digest"),
        "f96b697d7cb7938d525a2f31aaf161d0"
    );
}

#[test]
fn fed_in_pieces_equals_fed_whole_and_lengths_hold() {
    let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
    for algorithm in Algorithm::ALL {
        let mut hasher = Hasher::new(algorithm);
        for chunk in data.chunks(333) {
            hasher.update(chunk);
        }
        assert_eq!(hasher.algorithm(), algorithm);
        let digest = hasher.clone().finish();
        assert_eq!(digest, algorithm.digest(&data), "{algorithm:?}");
        assert_eq!(digest.len(), algorithm.digest_len(), "{algorithm:?}");
        assert_eq!(
            hasher.finish_base64().len(),
            algorithm.base64_len(),
            "{algorithm:?}"
        );
        assert_eq!(
            Algorithm::from_name(&algorithm.name().to_lowercase()),
            Some(algorithm)
        );
    }
    assert_eq!(Algorithm::from_name("crc16"), None);
}

#[test]
fn part_crcs_combine_into_the_whole() {
    let data: Vec<u8> = (0..10_000u32).map(|i| (i * 13 % 253) as u8).collect();
    for algorithm in Algorithm::ALL {
        let parts = data.chunks(4096).map(|part| {
            let bytes = algorithm.digest(part);
            let mut value = [0u8; 8];
            value[8 - bytes.len().min(8)..]
                .copy_from_slice(&bytes[bytes.len().saturating_sub(8)..]);
            (u64::from_be_bytes(value), part.len() as u64)
        });
        let combined = combine_crcs(algorithm, &parts.collect::<Vec<_>>());
        if algorithm.is_crc() {
            let whole = algorithm.digest(&data);
            let combined = combined.unwrap().to_be_bytes();
            assert_eq!(&combined[8 - whole.len()..], &whole[..], "{algorithm:?}");
        } else {
            assert_eq!(combined, None, "{algorithm:?}");
        }
    }
}

#[test]
fn hex_is_lower_case_and_two_digits_a_byte() {
    assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    assert_eq!(hex(&[]), "");
}
