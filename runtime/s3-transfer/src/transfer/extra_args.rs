//! boto3's `ExtraArgs`: the request parameters a managed upload or copy accepts, checked
//! against s3transfer's allowed lists and the S3 model before anything is sent, and which of
//! them go to each request of a multipart transfer.

use serde_json::{Map, Value};

use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// Arguments every managed upload and copy accepts (s3transfer's shared list).
const SHARED_ARGS: &[&str] = &[
    "ACL",
    "CacheControl",
    "ChecksumAlgorithm",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "ExpectedBucketOwner",
    "Expires",
    "GrantFullControl",
    "GrantRead",
    "GrantReadACP",
    "GrantWriteACP",
    "Metadata",
    "ObjectLockLegalHoldStatus",
    "ObjectLockMode",
    "ObjectLockRetainUntilDate",
    "RequestPayer",
    "ServerSideEncryption",
    "StorageClass",
    "SSECustomerAlgorithm",
    "SSECustomerKey",
    "SSECustomerKeyMD5",
    "SSEKMSKeyId",
    "SSEKMSEncryptionContext",
    "Tagging",
    "WebsiteRedirectLocation",
];

/// Full-object checksums a caller may give for an upload.
pub(crate) const FULL_OBJECT_CHECKSUM_ARGS: &[&str] = &[
    "ChecksumCRC32",
    "ChecksumCRC32C",
    "ChecksumCRC64NVME",
    "ChecksumSHA1",
    "ChecksumSHA256",
];

/// Arguments only uploads accept, besides the shared ones and full-object checksums.
const UPLOAD_ONLY_ARGS: &[&str] = &["ChecksumType", "MpuObjectSize"];

/// Arguments only copies accept, besides the shared ones.
const COPY_ONLY_ARGS: &[&str] = &[
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerKeyMD5",
    "MetadataDirective",
    "TaggingDirective",
];

/// Arguments that follow an upload into each UploadPart.
pub(crate) const UPLOAD_PART_ARGS: &[&str] = &[
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];

/// Arguments that follow a copy into each UploadPartCopy.
pub(crate) const UPLOAD_PART_COPY_ARGS: &[&str] = &[
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKeyMD5",
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];

/// Arguments that follow a transfer into CompleteMultipartUpload and AbortMultipartUpload.
pub(crate) const COMPLETE_ARGS: &[&str] = &[
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];

/// Arguments of a copy that CreateMultipartUpload does not take.
pub(crate) const COPY_CREATE_BLOCKLIST: &[&str] = &[
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKeyMD5",
    "MetadataDirective",
    "TaggingDirective",
    "Tagging",
];

/// Which transfer the arguments are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransferKind {
    /// `upload_file` / `upload`: checked against PutObject.
    Upload,
    /// `copy`: checked against CopyObject.
    Copy,
}

impl TransferKind {
    fn allows(self, name: &str) -> bool {
        SHARED_ARGS.contains(&name)
            || match self {
                TransferKind::Upload => {
                    UPLOAD_ONLY_ARGS.contains(&name) || FULL_OBJECT_CHECKSUM_ARGS.contains(&name)
                }
                TransferKind::Copy => COPY_ONLY_ARGS.contains(&name),
            }
    }

    fn allowed(self) -> impl Iterator<Item = &'static str> {
        let own: &[&[&str]] = match self {
            TransferKind::Upload => &[SHARED_ARGS, UPLOAD_ONLY_ARGS, FULL_OBJECT_CHECKSUM_ARGS],
            TransferKind::Copy => &[SHARED_ARGS, COPY_ONLY_ARGS],
        };
        own.iter().flat_map(|list| list.iter().copied())
    }

    /// The single-request operation whose input the arguments are checked against.
    fn operation(self) -> &'static str {
        match self {
            TransferKind::Upload => "PutObject",
            TransferKind::Copy => "CopyObject",
        }
    }
}

/// Checks `args` for a `kind` transfer: every name must be allowed (a near miss is named),
/// and every value must fit the operation's model, so a bad argument fails before any
/// request. `base` holds the parameters the transfer itself sets (Bucket, Key, ...).
pub(crate) fn check(
    client: &Client,
    kind: TransferKind,
    args: &Map<String, Value>,
    base: &Map<String, Value>,
) -> Result<(), Error> {
    let mut problems = Vec::new();
    for name in args.keys() {
        if kind.allows(name) {
            continue;
        }
        let hint = kind
            .allowed()
            .find(|allowed| allowed.eq_ignore_ascii_case(name) || close(allowed, name))
            .map(|allowed| format!(" (did you mean {allowed}?)"))
            .unwrap_or_default();
        problems.push(format!(
            "extra_args: {name} is not an argument {} accepts{hint}; allowed: {}",
            match kind {
                TransferKind::Upload => "an upload",
                TransferKind::Copy => "a copy",
            },
            kind.allowed().collect::<Vec<_>>().join(", ")
        ));
    }
    if !problems.is_empty() {
        return Err(Error::validation(problems));
    }
    let mut params = base.clone();
    params.extend(args.iter().map(|(k, v)| (k.clone(), v.clone())));
    let service = client.model().definition();
    let operation = client.model().operation(kind.operation())?;
    rboto_runtime::validate::validate_input(service, operation, &Value::Object(params))
        .map_err(|e| e.with_context("extra_args"))
}

/// The arguments among `names`.
pub(crate) fn only(args: &Map<String, Value>, names: &[&str]) -> Map<String, Value> {
    args.iter()
        .filter(|(k, _)| names.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The arguments not among `names`.
pub(crate) fn without(args: &Map<String, Value>, names: &[&str]) -> Map<String, Value> {
    args.iter()
        .filter(|(k, _)| !names.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Whether two names differ by at most two single-character edits (a typo).
fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()] <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_close_and_strangers_are_not() {
        assert!(close("ContentType", "ContentTyp"));
        assert!(close("ContentType", "ContnetType"));
        assert!(!close("ContentType", "Metadata"));
    }

    #[test]
    fn lists_differ_by_kind() {
        assert!(TransferKind::Upload.allows("ChecksumCRC32"));
        assert!(!TransferKind::Copy.allows("ChecksumCRC32"));
        assert!(TransferKind::Copy.allows("MetadataDirective"));
        assert!(!TransferKind::Upload.allows("MetadataDirective"));
        assert!(!TransferKind::Upload.allows("Bucket"));
    }
}
