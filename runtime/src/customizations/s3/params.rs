//! S3's customizations: `CopySource` given as `{Bucket, Key, VersionId}`, SSE-C keys
//! encoded with their MD5, URL-encoded keys in listings, and bucket-name and metadata checks.

use base64::Engine;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use crate::checksum::Algorithm;
use crate::error::Error;

/// What checking the parameters noted for reading the output.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct CallNotes {
    /// The client asked for URL-encoded keys in a listing, so it decodes them.
    pub decode_listing: bool,
}

/// Characters kept in a copy source: unreserved ones and `/`.
const COPY_SOURCE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Operations whose listings the client asks S3 to URL-encode.
const LISTINGS: [&str; 3] = ["ListObjects", "ListObjectsV2", "ListObjectVersions"];

pub(super) fn before_params(
    operation: &str,
    params: &mut Value,
    notes: &mut CallNotes,
) -> Result<(), Error> {
    let Value::Object(map) = params else {
        return Ok(());
    };
    if let Some(bucket) = map.get("Bucket").and_then(Value::as_str) {
        check_bucket_name(bucket)?;
    }
    if matches!(operation, "CopyObject" | "UploadPartCopy") {
        if let Some(source) = map.get("CopySource") {
            let quoted = copy_source(source)?;
            map.insert("CopySource".into(), Value::String(quoted));
        }
    }
    for prefix in ["SSECustomer", "CopySourceSSECustomer"] {
        let key_member = format!("{prefix}Key");
        let md5_member = format!("{prefix}KeyMD5");
        if map.contains_key(&md5_member) {
            continue;
        }
        if let Some(key) = map.get(&key_member).and_then(Value::as_str) {
            let engine = base64::engine::general_purpose::STANDARD;
            let md5 = crate::checksum::base64_digest(Algorithm::Md5, key.as_bytes());
            let encoded = engine.encode(key.as_bytes());
            map.insert(key_member, Value::String(encoded));
            map.insert(md5_member, Value::String(md5));
        }
    }
    if matches!(
        operation,
        "PutObject" | "CopyObject" | "CreateMultipartUpload"
    ) {
        if let Some(Value::Object(metadata)) = map.get("Metadata") {
            let bad: Vec<String> = metadata
                .iter()
                .filter(|(k, v)| !k.is_ascii() || !v.as_str().is_none_or(str::is_ascii))
                .map(|(k, _)| format!("Metadata.{k}: S3 metadata must be ASCII"))
                .collect();
            if !bad.is_empty() {
                return Err(Error::validation(bad));
            }
        }
    }
    if LISTINGS.contains(&operation) && !map.contains_key("EncodingType") {
        map.insert("EncodingType".into(), Value::String("url".into()));
        notes.decode_listing = true;
    }
    Ok(())
}

/// A bucket name S3 could accept: letters, digits, `.`, `-`, `_` (1 to 255), or an ARN.
fn check_bucket_name(bucket: &str) -> Result<(), Error> {
    let plain = (1..=255).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if plain || bucket.starts_with("arn:") {
        Ok(())
    } else {
        Err(Error::validation(vec![format!(
            "Bucket: invalid bucket name {bucket:?}: use letters, digits, '.', '-' and '_', or an ARN"
        )]))
    }
}

/// The `x-amz-copy-source` value: `bucket/key` percent-encoded, `?versionId=` kept as is.
fn copy_source(source: &Value) -> Result<String, Error> {
    match source {
        Value::String(text) => Ok(match text.find("?versionId=") {
            Some(at) => format!(
                "{}{}",
                utf8_percent_encode(&text[..at], COPY_SOURCE),
                &text[at..]
            ),
            None => utf8_percent_encode(text, COPY_SOURCE).to_string(),
        }),
        Value::Object(parts) => {
            let field = |name: &str| parts.get(name).and_then(Value::as_str);
            let (Some(bucket), Some(key)) = (field("Bucket"), field("Key")) else {
                return Err(Error::validation(vec![
                    "CopySource: needs Bucket and Key".to_string()
                ]));
            };
            let path = if bucket.starts_with("arn:") {
                format!("{bucket}/object/{key}")
            } else {
                format!("{bucket}/{key}")
            };
            let mut quoted = utf8_percent_encode(&path, COPY_SOURCE).to_string();
            if let Some(version) = field("VersionId") {
                quoted.push_str("?versionId=");
                quoted.push_str(version);
            }
            Ok(quoted)
        }
        _ => Err(Error::validation(vec![
            "CopySource: expected a string or {Bucket, Key, VersionId}".to_string(),
        ])),
    }
}

/// Decodes the keys S3 URL-encoded in a listing the client asked to encode.
pub(super) fn decode_listing(operation: &str, output: &mut Value) {
    if output.get("EncodingType").and_then(Value::as_str) != Some("url") {
        return;
    }
    let (top, nested): (&[&str], &[(&str, &str)]) = match operation {
        "ListObjects" => (
            &["Delimiter", "Marker", "NextMarker", "Prefix"],
            &[("Contents", "Key"), ("CommonPrefixes", "Prefix")],
        ),
        "ListObjectsV2" => (
            &["Delimiter", "Prefix", "StartAfter"],
            &[("Contents", "Key"), ("CommonPrefixes", "Prefix")],
        ),
        "ListObjectVersions" => (
            &["KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"],
            &[
                ("Versions", "Key"),
                ("DeleteMarkers", "Key"),
                ("CommonPrefixes", "Prefix"),
            ],
        ),
        _ => return,
    };
    for key in top {
        decode_in_place(output.get_mut(*key));
    }
    for (list, key) in nested {
        if let Some(Value::Array(items)) = output.get_mut(*list) {
            for item in items {
                decode_in_place(item.get_mut(*key));
            }
        }
    }
}

fn decode_in_place(value: Option<&mut Value>) {
    if let Some(Value::String(text)) = value {
        if !text.contains(['%', '+']) {
            return;
        }
        let plus_as_space = text.replace('+', " ");
        *text = percent_decode_str(&plus_as_space)
            .decode_utf8_lossy()
            .into_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn copy_sources_are_quoted() {
        assert_eq!(
            copy_source(&json!("b/a key/ü.txt")).unwrap(),
            "b/a%20key/%C3%BC.txt"
        );
        assert_eq!(
            copy_source(&json!("b/k k?versionId=v 1")).unwrap(),
            "b/k%20k?versionId=v 1"
        );
        assert_eq!(
            copy_source(&json!({"Bucket": "b", "Key": "x+y", "VersionId": "3"})).unwrap(),
            "b/x%2By?versionId=3"
        );
        assert!(copy_source(&json!({"Bucket": "b"}))
            .unwrap_err()
            .is_validation());
    }

    #[test]
    fn sse_customer_keys_get_their_md5() {
        let mut params = json!({"Bucket": "b", "Key": "k", "SSECustomerKey": "0123456789abcdef0123456789abcdef"});
        before_params("GetObject", &mut params, &mut CallNotes::default()).unwrap();
        assert_eq!(
            params["SSECustomerKey"],
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
        );
        assert_eq!(params["SSECustomerKeyMD5"].as_str().unwrap().len(), 24);
    }

    #[test]
    fn listings_are_encoded_and_decoded() {
        let mut params = json!({"Bucket": "b"});
        let mut notes = CallNotes::default();
        before_params("ListObjectsV2", &mut params, &mut notes).unwrap();
        assert_eq!(params["EncodingType"], "url");
        assert!(notes.decode_listing);
        let mut output = json!({
            "EncodingType": "url", "Prefix": "a%20b/",
            "Contents": [{"Key": "a%20b/c+d%0A"}], "CommonPrefixes": [{"Prefix": "a%20b/x/"}]
        });
        decode_listing("ListObjectsV2", &mut output);
        assert_eq!(output["Prefix"], "a b/");
        assert_eq!(output["Contents"][0]["Key"], "a b/c d\n");
        assert_eq!(output["CommonPrefixes"][0]["Prefix"], "a b/x/");

        let mut chosen = json!({"Bucket": "b", "EncodingType": "url"});
        let mut notes = CallNotes::default();
        before_params("ListObjectsV2", &mut chosen, &mut notes).unwrap();
        assert!(
            !notes.decode_listing,
            "a caller who asked for encoding decodes"
        );
    }

    #[test]
    fn bad_bucket_names_and_metadata_are_rejected() {
        let mut params = json!({"Bucket": "a/b"});
        assert!(
            before_params("GetObject", &mut params, &mut CallNotes::default())
                .unwrap_err()
                .is_validation()
        );
        let mut params = json!({"Bucket": "b", "Key": "k", "Metadata": {"note": "café"}});
        assert!(
            before_params("PutObject", &mut params, &mut CallNotes::default())
                .unwrap_err()
                .is_validation()
        );
    }
}
