//! Glacier's customizations: `accountId` defaults to `-` (the caller's account), every
//! request names the API version, and uploads carry their SHA-256 and tree hash.

use std::sync::Arc;

use http::{HeaderMap, HeaderValue};
use serde_json::Value;

use crate::checksum::{hex, sha256, sha256_pair};
use crate::error::Error;
use crate::hooks::{Hook, HookResult, ParametersStage, RequestStage};

/// Glacier hashes uploads in 1 MiB chunks.
const TREE_CHUNK: usize = 1024 * 1024;

/// Glacier's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(GlacierRequests)]
}

/// The account id default, the version header and the upload hashes.
#[derive(Debug)]
struct GlacierRequests;

impl Hook for GlacierRequests {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        if call.params().get("accountId").is_none_or(Value::is_null) {
            default_account(call.params_mut());
        }
        Ok(())
    }

    fn after_serialization(&self, request: &mut RequestStage<'_>) -> HookResult {
        let api_version = &request.call.model.metadata().api_version;
        let operation = &request.call.operation.name;
        add_headers(api_version, operation, request.headers, request.body)?;
        Ok(())
    }
}

/// `accountId` defaults to `-`: the caller's own account.
fn default_account(params: &mut Value) {
    if let Value::Object(map) = params {
        if map.get("accountId").is_none_or(Value::is_null) {
            map.insert("accountId".into(), Value::String("-".into()));
        }
    }
}

/// The API version header, and an upload's SHA-256 and tree hash unless the caller gave
/// them.
fn add_headers(
    api_version: &str,
    operation: &str,
    headers: &mut HeaderMap,
    body: Option<&[u8]>,
) -> Result<(), Error> {
    let version = HeaderValue::from_str(api_version)
        .map_err(|e| Error::model(format!("bad Glacier API version {api_version:?}: {e}")))?;
    headers.insert("x-amz-glacier-version", version);
    if !matches!(operation, "UploadArchive" | "UploadMultipartPart") {
        return Ok(());
    }
    let Some(body) = body else {
        return Ok(());
    };
    if !headers.contains_key("x-amz-content-sha256") {
        let digest = hex(&sha256(body));
        headers.insert(
            "x-amz-content-sha256",
            HeaderValue::from_str(&digest).expect("hex"),
        );
    }
    if !headers.contains_key("x-amz-sha256-tree-hash") {
        let tree = hex(&tree_hash(body));
        headers.insert(
            "x-amz-sha256-tree-hash",
            HeaderValue::from_str(&tree).expect("hex"),
        );
    }
    Ok(())
}

/// Glacier's tree hash: SHA-256 of each 1 MiB chunk, then of adjacent pairs, level by
/// level, until one remains.
pub(crate) fn tree_hash(data: &[u8]) -> [u8; 32] {
    let mut level: Vec<[u8; 32]> = data.chunks(TREE_CHUNK).map(sha256).collect();
    if level.is_empty() {
        return sha256(&[]);
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => sha256_pair(a, b),
                [a] => *a,
                _ => unreachable!("chunks(2) yields one or two"),
            })
            .collect();
    }
    level[0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn account_defaults_to_the_callers() {
        let mut params = json!({"vaultName": "v"});
        default_account(&mut params);
        assert_eq!(params["accountId"], "-");
        let mut given = json!({"accountId": "123"});
        default_account(&mut given);
        assert_eq!(given["accountId"], "123");
    }

    #[test]
    fn tree_hash_of_small_and_multi_chunk_bodies() {
        assert_eq!(tree_hash(b"hello"), sha256(b"hello"));
        let data = vec![7u8; 3 * TREE_CHUNK + 10];
        let leaves: Vec<[u8; 32]> = data.chunks(TREE_CHUNK).map(sha256).collect();
        let pair = |a: &[u8; 32], b: &[u8; 32]| sha256_pair(a, b);
        let expected = pair(&pair(&leaves[0], &leaves[1]), &pair(&leaves[2], &leaves[3]));
        assert_eq!(tree_hash(&data), expected);
        let odd = vec![1u8; 3 * TREE_CHUNK];
        let leaves: Vec<[u8; 32]> = odd.chunks(TREE_CHUNK).map(sha256).collect();
        assert_eq!(
            tree_hash(&odd),
            pair(&pair(&leaves[0], &leaves[1]), &leaves[2])
        );
    }

    #[test]
    fn uploads_carry_their_hashes_and_every_request_the_version() {
        let mut headers = HeaderMap::new();
        add_headers("2012-06-01", "UploadArchive", &mut headers, Some(b"hello")).unwrap();
        assert_eq!(headers["x-amz-glacier-version"], "2012-06-01");
        let sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        assert_eq!(headers["x-amz-content-sha256"], sha);
        assert_eq!(headers["x-amz-sha256-tree-hash"], sha);
        let mut other = HeaderMap::new();
        add_headers("2012-06-01", "ListVaults", &mut other, Some(b"")).unwrap();
        assert_eq!(other.len(), 1);
    }
}
