//! Request checksums: the `x-amz-checksum-*` header (CRC32 by default) for operations whose
//! model asks for one (`httpChecksumRequired`, `httpChecksum.requestChecksumRequired`) or
//! supports one (`httpChecksum.requestAlgorithmMember`), as botocore sends them.

use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use crate::checksum::{base64_digest, Algorithm, Hasher};
use crate::error::Error;
use crate::model::{Operation, ServiceDefinition};
use crate::session::ChecksumCalculation;

/// Header prefix of flexible checksums.
const CHECKSUM_HEADER_PREFIX: &str = "x-amz-checksum-";

/// Algorithm used when the model asks for a checksum and the caller chose none.
const DEFAULT_ALGORITHM: &str = "CRC32";

/// The algorithms a caller can choose for a request checksum.
fn chosen_algorithm(name: &str) -> Result<Algorithm, Error> {
    match name.to_ascii_lowercase().as_str() {
        "crc32" => Ok(Algorithm::Crc32),
        "sha256" => Ok(Algorithm::Sha256),
        "md5" => Ok(Algorithm::Md5),
        other => Err(Error::serialization(format!(
            "unsupported checksum algorithm: {other} (supported: CRC32, SHA256)"
        ))),
    }
}

/// The header carrying a request checksum of `algorithm`.
fn header(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::Crc32 => "x-amz-checksum-crc32",
        Algorithm::Crc32c => "x-amz-checksum-crc32c",
        Algorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
        Algorithm::Sha1 => "x-amz-checksum-sha1",
        Algorithm::Sha256 => "x-amz-checksum-sha256",
        Algorithm::Md5 => "content-md5",
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
            algorithm: chosen_algorithm(chosen)?,
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
        algorithm: chosen_algorithm(DEFAULT_ALGORITHM)?,
        algorithm_header,
    }))
}

impl ChecksumPlan {
    /// The header (or trailer) carrying the checksum.
    pub(super) fn header_name(&self) -> &'static str {
        header(self.algorithm)
    }

    /// A fresh hasher for this algorithm.
    pub(super) fn hasher(&self) -> Hasher {
        Hasher::new(self.algorithm)
    }

    /// Whether the checksum can travel in a trailer (flexible checksums can; MD5 cannot).
    pub(super) fn can_trail(&self) -> bool {
        self.algorithm != Algorithm::Md5
    }

    /// The header naming the algorithm, with its value, when the model has one.
    pub(super) fn algorithm_header(&self) -> Option<(&str, &'static str)> {
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
    let digest = base64_digest(plan.algorithm, body);
    insert(headers, header(plan.algorithm), &digest)?;
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
