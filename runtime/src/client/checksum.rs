//! Request checksums: the `x-amz-checksum-*` header (CRC32 by default) for operations whose
//! model asks for one (`httpChecksumRequired`, `httpChecksum.requestChecksumRequired`) or
//! supports one (`httpChecksum.requestAlgorithmMember`), as botocore sends them.

use base64::Engine;
use http::{HeaderMap, HeaderName, HeaderValue};
use md5::Md5;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::model::{Operation, ServiceDefinition};
use crate::session::ChecksumCalculation;

/// Header prefix of flexible checksums.
const CHECKSUM_HEADER_PREFIX: &str = "x-amz-checksum-";

/// Algorithm used when the model asks for a checksum and the caller chose none.
const DEFAULT_ALGORITHM: &str = "CRC32";

/// A checksum algorithm this client can compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    Crc32,
    Sha256,
    Md5,
}

impl Algorithm {
    fn from_name(name: &str) -> Result<Self, Error> {
        match name.to_ascii_lowercase().as_str() {
            "crc32" => Ok(Algorithm::Crc32),
            "sha256" => Ok(Algorithm::Sha256),
            "md5" => Ok(Algorithm::Md5),
            other => Err(Error::serialization(format!(
                "unsupported checksum algorithm: {other} (supported: CRC32, SHA256)"
            ))),
        }
    }

    fn header(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "x-amz-checksum-crc32",
            Algorithm::Sha256 => "x-amz-checksum-sha256",
            Algorithm::Md5 => "content-md5",
        }
    }

    /// The base64 digest of `data`.
    fn digest(self, data: &[u8]) -> String {
        let engine = base64::engine::general_purpose::STANDARD;
        match self {
            Algorithm::Crc32 => engine.encode(crc32fast::hash(data).to_be_bytes()),
            Algorithm::Sha256 => engine.encode(Sha256::digest(data)),
            Algorithm::Md5 => engine.encode(Md5::digest(data)),
        }
    }
}

/// A checksum computed chunk by chunk.
pub(crate) enum Hasher {
    Crc32(crc32fast::Hasher),
    Sha256(Sha256),
    Md5(Md5),
}

impl Hasher {
    /// Feeds more bytes.
    pub fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Crc32(h) => h.update(data),
            Hasher::Sha256(h) => h.update(data),
            Hasher::Md5(h) => h.update(data),
        }
    }

    /// The base64 digest.
    pub fn finish(self) -> String {
        let engine = base64::engine::general_purpose::STANDARD;
        match self {
            Hasher::Crc32(h) => engine.encode(h.finalize().to_be_bytes()),
            Hasher::Sha256(h) => engine.encode(h.finalize()),
            Hasher::Md5(h) => engine.encode(h.finalize()),
        }
    }

    /// Length of the base64 digest.
    pub fn digest_len(&self) -> usize {
        match self {
            Hasher::Crc32(_) => 8,
            Hasher::Sha256(_) => 44,
            Hasher::Md5(_) => 24,
        }
    }
}

/// What a request needs: the algorithm and the header naming it, if the model has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChecksumPlan {
    algorithm: Algorithm,
    algorithm_header: Option<(String, &'static str)>,
}

/// Decides whether and how to checksum a request, before its body is known.
pub(crate) fn plan(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
    headers: &HeaderMap,
    when: ChecksumCalculation,
) -> Result<Option<ChecksumPlan>, Error> {
    if has_checksum_header(headers) {
        return Ok(None);
    }
    let trait_ = operation.http_checksum.clone().unwrap_or_default();
    let required = operation.http_checksum_required || trait_.request_checksum_required;
    let member = trait_.request_algorithm_member.as_deref();
    if let Some(chosen) = member.and_then(|m| params.get(m)).and_then(Value::as_str) {
        return Ok(Some(ChecksumPlan {
            algorithm: Algorithm::from_name(chosen)?,
            algorithm_header: None,
        }));
    }
    let supported = member.is_some() && when == ChecksumCalculation::WhenSupported;
    if !required && !supported {
        return Ok(None);
    }
    let algorithm_header = member
        .and_then(|m| member_header(service, operation, m))
        .map(|h| (h, DEFAULT_ALGORITHM));
    Ok(Some(ChecksumPlan {
        algorithm: Algorithm::from_name(DEFAULT_ALGORITHM)?,
        algorithm_header,
    }))
}

impl ChecksumPlan {
    /// The header (or trailer) carrying the checksum.
    pub fn header_name(&self) -> &'static str {
        self.algorithm.header()
    }

    /// A fresh hasher for this algorithm.
    pub fn hasher(&self) -> Hasher {
        match self.algorithm {
            Algorithm::Crc32 => Hasher::Crc32(crc32fast::Hasher::new()),
            Algorithm::Sha256 => Hasher::Sha256(Sha256::new()),
            Algorithm::Md5 => Hasher::Md5(Md5::new()),
        }
    }

    /// Whether the checksum can travel in a trailer (flexible checksums can; MD5 cannot).
    pub fn can_trail(&self) -> bool {
        self.algorithm != Algorithm::Md5
    }

    /// The header naming the algorithm, with its value, when the model has one.
    pub fn algorithm_header(&self) -> Option<(&str, &'static str)> {
        self.algorithm_header
            .as_ref()
            .map(|(name, value)| (name.as_str(), *value))
    }
}

/// Adds the checksum headers for a body held in memory.
pub(crate) fn apply(
    plan: &ChecksumPlan,
    body: &[u8],
    headers: &mut HeaderMap,
) -> Result<(), Error> {
    let digest = plan.algorithm.digest(body);
    insert(headers, plan.algorithm.header(), &digest)?;
    if let Some((name, value)) = &plan.algorithm_header {
        if !headers.contains_key(name.as_str()) {
            insert(headers, name, value)?;
        }
    }
    Ok(())
}

fn insert(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), Error> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|e| Error::serialization(format!("bad header name {name:?}: {e}")))?;
    let value = HeaderValue::from_str(value)
        .map_err(|e| Error::serialization(format!("bad header value for {name}: {e}")))?;
    headers.insert(name, value);
    Ok(())
}

fn has_checksum_header(headers: &HeaderMap) -> bool {
    headers
        .keys()
        .any(|k| k.as_str().starts_with(CHECKSUM_HEADER_PREFIX) || k == "content-md5")
}

/// The header an input member is bound to, e.g. `x-amz-sdk-checksum-algorithm`.
fn member_header(
    service: &ServiceDefinition,
    operation: &Operation,
    member: &str,
) -> Option<String> {
    let input = service.shape(&operation.input.as_ref()?.shape)?;
    let member = input.members.get(member)?;
    (member.location.as_deref() == Some("header"))
        .then(|| member.location_name.clone())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn service() -> ServiceDefinition {
        serde_json::from_value(json!({
            "metadata": {"protocol": "rest-xml"},
            "operations": {
                "Put": {"name": "Put", "input": {"shape": "PutInput"},
                        "httpChecksum": {"requestAlgorithmMember": "ChecksumAlgorithm"}},
                "Delete": {"name": "Delete", "httpChecksumRequired": true},
                "Plain": {"name": "Plain"}
            },
            "shapes": {
                "PutInput": {"type": "structure", "members": {
                    "ChecksumAlgorithm": {"shape": "S", "location": "header",
                                          "locationName": "x-amz-sdk-checksum-algorithm"}
                }},
                "S": {"type": "string"}
            }
        }))
        .unwrap()
    }

    fn headers_for(op: &str, params: Value, when: ChecksumCalculation, body: &[u8]) -> HeaderMap {
        let service = service();
        let mut headers = HeaderMap::new();
        let operation = service.operation(op).unwrap();
        if let Some(plan) = plan(&service, operation, &params, &headers, when).unwrap() {
            apply(&plan, body, &mut headers).unwrap();
        }
        headers
    }

    #[test]
    fn crc32_by_default_where_supported() {
        let h = headers_for(
            "Put",
            json!({}),
            ChecksumCalculation::WhenSupported,
            b"hello",
        );
        // CRC32("hello") = 0x3610a686
        assert_eq!(h["x-amz-checksum-crc32"], "NhCmhg==");
        assert_eq!(h["x-amz-sdk-checksum-algorithm"], "CRC32");
        let h = headers_for(
            "Put",
            json!({}),
            ChecksumCalculation::WhenRequired,
            b"hello",
        );
        assert!(h.is_empty());
    }

    #[test]
    fn required_checksums_and_chosen_algorithms() {
        let h = headers_for("Delete", json!({}), ChecksumCalculation::WhenRequired, b"");
        assert_eq!(h["x-amz-checksum-crc32"], "AAAAAA==");
        let h = headers_for(
            "Put",
            json!({"ChecksumAlgorithm": "SHA256"}),
            ChecksumCalculation::WhenRequired,
            b"",
        );
        assert_eq!(
            h["x-amz-checksum-sha256"],
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert!(
            headers_for("Plain", json!({}), ChecksumCalculation::WhenSupported, b"x").is_empty()
        );
        let service = service();
        let err = plan(
            &service,
            service.operation("Put").unwrap(),
            &json!({"ChecksumAlgorithm": "CRC64NVME"}),
            &HeaderMap::new(),
            ChecksumCalculation::WhenSupported,
        )
        .unwrap_err();
        assert!(err.to_string().contains("crc64nvme"));
    }

    #[test]
    fn a_checksum_given_by_the_caller_is_kept() {
        let service = service();
        let mut headers = HeaderMap::new();
        headers.insert("x-amz-checksum-crc32", HeaderValue::from_static("given"));
        let plan = plan(
            &service,
            service.operation("Put").unwrap(),
            &json!({}),
            &headers,
            ChecksumCalculation::WhenSupported,
        )
        .unwrap();
        assert!(plan.is_none());
    }
}
