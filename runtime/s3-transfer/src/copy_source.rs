//! What S3 accepts as the source of a copy, wherever boto3 takes its `CopySource` dict or
//! string: `Object.copy_from`'s `copy_source` setter and the managed `copy`. A
//! [`CopySource`] (bucket, key, optional version) or a `"bucket/key"` string
//! (`"bucket/key?versionId=id"` for a version) both work; anything else is a compile error
//! that says which two forms to use.

use serde_json::Value;

use super::transfer::CopySource;
use rboto_runtime::error::Error;

/// A source of an S3 copy: a [`CopySource`] (boto3's `{'Bucket': .., 'Key': .., 'VersionId':
/// ..}`) or a `"bucket/key[?versionId=id]"` string.
///
/// ```
/// use rboto_s3_transfer::{transfer::CopySource, IntoCopySource};
/// let typed = CopySource::new("src", "a/b.txt").with_version_id("3");
/// assert_eq!(typed.into_copy_source().unwrap().version_id.as_deref(), Some("3"));
/// let parsed = "src/a/b.txt?versionId=3".into_copy_source().unwrap();
/// assert_eq!(parsed, CopySource::new("src", "a/b.txt").with_version_id("3"));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an S3 copy source",
    label = "expected a `CopySource` or a \"bucket/key\" string",
    note = "boto3's {{'Bucket': b, 'Key': k, 'VersionId': v}} is `CopySource::new(b, k).with_version_id(v)` (rboto::s3::transfer::CopySource)",
    note = "a string names the source as \"bucket/key\", or \"bucket/key?versionId=v\" for a version"
)]
pub trait IntoCopySource {
    /// As the `CopySource` request parameter: a string as it is, a [`CopySource`] as
    /// `{Bucket, Key, VersionId}`; the client quotes either when it sends the request.
    fn into_copy_source_param(self) -> Value;

    /// As a [`CopySource`]: a string is split into bucket, key and version; an error names a
    /// string that has no bucket or no key.
    fn into_copy_source(self) -> Result<CopySource, Error>;
}

impl IntoCopySource for CopySource {
    fn into_copy_source_param(self) -> Value {
        self.to_param()
    }

    fn into_copy_source(self) -> Result<CopySource, Error> {
        Ok(self)
    }
}

impl IntoCopySource for &CopySource {
    fn into_copy_source_param(self) -> Value {
        self.to_param()
    }

    fn into_copy_source(self) -> Result<CopySource, Error> {
        Ok(self.clone())
    }
}

impl IntoCopySource for &str {
    fn into_copy_source_param(self) -> Value {
        Value::String(self.to_owned())
    }

    fn into_copy_source(self) -> Result<CopySource, Error> {
        parse(self)
    }
}

impl IntoCopySource for String {
    fn into_copy_source_param(self) -> Value {
        Value::String(self)
    }

    fn into_copy_source(self) -> Result<CopySource, Error> {
        parse(&self)
    }
}

impl IntoCopySource for &String {
    fn into_copy_source_param(self) -> Value {
        Value::String(self.clone())
    }

    fn into_copy_source(self) -> Result<CopySource, Error> {
        parse(self)
    }
}

/// Splits `"bucket/key[?versionId=id]"`; an access point ARN's bucket part ends before
/// `/object/`.
fn parse(text: &str) -> Result<CopySource, Error> {
    let (path, version) = match text.split_once("?versionId=") {
        Some((path, version)) => (path, Some(version)),
        None => (text, None),
    };
    let split = if path.starts_with("arn:") {
        path.split_once("/object/")
    } else {
        path.split_once('/')
    };
    match split {
        Some((bucket, key)) if !bucket.is_empty() && !key.is_empty() => {
            let source = CopySource::new(bucket, key);
            Ok(match version {
                Some(version) if !version.is_empty() => source.with_version_id(version),
                _ => source,
            })
        }
        _ => Err(Error::validation(vec![format!(
            "CopySource {text:?}: expected \"bucket/key\" (or \"bucket/key?versionId=id\"), \
             or a CopySource"
        )])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_split_into_bucket_key_and_version() {
        assert_eq!(
            parse("b/dir/k.txt").unwrap(),
            CopySource::new("b", "dir/k.txt")
        );
        assert_eq!(
            parse("b/k?versionId=v1").unwrap(),
            CopySource::new("b", "k").with_version_id("v1")
        );
        assert_eq!(
            parse("arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/k/x").unwrap(),
            CopySource::new("arn:aws:s3:us-east-1:123456789012:accesspoint/ap", "k/x")
        );
    }

    #[test]
    fn a_string_without_bucket_or_key_is_refused_by_name() {
        for bad in ["", "bucket-only", "/k", "b/", "b/?versionId=1"] {
            let error = parse(bad).unwrap_err().to_string();
            assert!(
                error.contains(&format!("{bad:?}")) && error.contains("bucket/key"),
                "{bad:?}: {error}"
            );
        }
    }

    #[test]
    fn the_request_parameter_keeps_strings_and_types_the_parts() {
        assert_eq!("b/k".into_copy_source_param(), Value::from("b/k"));
        assert_eq!(
            CopySource::new("b", "k")
                .with_version_id("2")
                .into_copy_source_param(),
            serde_json::json!({"Bucket": "b", "Key": "k", "VersionId": "2"})
        );
    }
}
