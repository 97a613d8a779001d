//! S3's region redirects: a bucket in another region answers with its region (header
//! `x-amz-bucket-region` or the error's `Region`); the client then sends the request again,
//! once, to that region, and remembers the bucket's region for later calls.

use std::collections::HashMap;
use std::sync::Mutex;

use http::HeaderMap;
use serde_json::Value;

use super::bucket_of;
use crate::error::Error;
use crate::hooks::{FailureAdvice, FailureStage, Hook, HookResult, ParametersStage};

/// Sends calls on buckets found in other regions there, and follows redirects to them.
#[derive(Debug, Default)]
pub(super) struct RegionRedirect {
    regions: BucketRegions,
}

impl Hook for RegionRedirect {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        if call.region().is_some() {
            return Ok(());
        }
        let known = bucket_of(call.params())
            .filter(|b| is_redirectable_bucket(b))
            .and_then(|b| self.regions.get(b));
        if let Some(region) = known {
            call.set_region(region);
        }
        Ok(())
    }

    fn on_failure(&self, failure: &FailureStage<'_>) -> FailureAdvice {
        let Some(bucket) = bucket_of(failure.params()).filter(|b| is_redirectable_bucket(b)) else {
            return FailureAdvice::Default;
        };
        let header = failure.headers().and_then(bucket_region_header);
        match redirect_region(failure.operation_name(), failure.error(), header.as_deref()) {
            Some(region) => {
                tracing::debug!(
                    operation = failure.operation_name(),
                    bucket,
                    region,
                    "bucket is in another region; redirecting"
                );
                self.regions.insert(bucket, &region);
                FailureAdvice::Redirect { region }
            }
            None => FailureAdvice::Default,
        }
    }
}

/// Buckets known to live outside the client's region.
#[derive(Debug, Default)]
struct BucketRegions {
    known: Mutex<HashMap<String, String>>,
}

impl BucketRegions {
    /// The region a bucket was found in, if a redirect said so.
    pub(crate) fn get(&self, bucket: &str) -> Option<String> {
        self.known.lock().ok()?.get(bucket).cloned()
    }

    /// Remembers a bucket's region.
    pub(crate) fn insert(&self, bucket: &str, region: &str) {
        if let Ok(mut known) = self.known.lock() {
            known.insert(bucket.to_string(), region.to_string());
        }
    }
}

/// The region header of an error response.
fn bucket_region_header(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-amz-bucket-region")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The region to send an S3 request to instead, when `error` says the bucket lives there.
fn redirect_region(operation: &str, error: &Error, header_region: Option<&str>) -> Option<String> {
    let err = error.service_error()?;
    let code = err.code.as_str();
    let body_region = err.data.get("Region").and_then(Value::as_str);
    let bodiless_head = matches!(code, "301" | "400");
    let redirected = bodiless_head && operation == "HeadObject"
        || bodiless_head && operation == "HeadBucket" && header_region.is_some()
        || code == "AuthorizationHeaderMalformed" && body_region.is_some()
        || matches!(err.status, 301 | 302 | 307)
        || code == "PermanentRedirect"
        || code == "IllegalLocationConstraintException" && operation != "CreateBucket";
    if !redirected {
        return None;
    }
    header_region
        .or(body_region)
        .filter(|r| is_region_name(r))
        .map(str::to_string)
}

/// Whether a bucket can be redirected by name (access point ARNs cannot).
fn is_redirectable_bucket(bucket: &str) -> bool {
    !bucket.starts_with("arn:")
}

/// A plausible region name: lower-case letters, digits and dashes.
fn is_region_name(region: &str) -> bool {
    !region.is_empty()
        && region.len() <= 64
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ServiceError;
    use serde_json::json;

    fn err(code: &str, status: u16, data: Value) -> Error {
        Error::service(ServiceError {
            operation: "Op".into(),
            code: code.into(),
            status,
            data,
            ..Default::default()
        })
    }

    #[test]
    fn redirects_follow_botocore() {
        let none = Value::Null;
        let moved = err("PermanentRedirect", 301, none.clone());
        assert_eq!(
            redirect_region("GetObject", &moved, Some("eu-west-2")).as_deref(),
            Some("eu-west-2")
        );
        assert_eq!(
            redirect_region("GetObject", &moved, None),
            None,
            "no region to go to"
        );
        let head = err("400", 400, none.clone());
        assert_eq!(
            redirect_region("HeadObject", &head, Some("ap-south-1")).as_deref(),
            Some("ap-south-1")
        );
        assert_eq!(redirect_region("HeadBucket", &head, None), None);
        let malformed = err(
            "AuthorizationHeaderMalformed",
            400,
            json!({"Region": "us-west-2"}),
        );
        assert_eq!(
            redirect_region("PutObject", &malformed, None).as_deref(),
            Some("us-west-2")
        );
        let opt_in = err("IllegalLocationConstraintException", 400, none.clone());
        assert_eq!(
            redirect_region("GetObject", &opt_in, Some("me-south-1")).as_deref(),
            Some("me-south-1")
        );
        assert_eq!(
            redirect_region("CreateBucket", &opt_in, Some("me-south-1")),
            None
        );
        let missing = err("NoSuchKey", 404, none);
        assert_eq!(
            redirect_region("GetObject", &missing, Some("eu-west-2")),
            None
        );
        assert_eq!(
            redirect_region("GetObject", &moved, Some("evil.example/x")),
            None
        );
    }

    #[test]
    fn bucket_regions_are_remembered() {
        let regions = BucketRegions::default();
        assert_eq!(regions.get("b"), None);
        regions.insert("b", "eu-west-2");
        assert_eq!(regions.get("b").as_deref(), Some("eu-west-2"));
        assert!(!is_redirectable_bucket(
            "arn:aws:s3:us-west-2:123456789012:accesspoint/ap"
        ));
    }
}
