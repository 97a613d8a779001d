//! Presigned POST uploads: a URL and form fields that let a browser (or anyone holding them)
//! upload one object with an HTML form, within the conditions of a signed policy, as boto3's
//! `generate_presigned_post` makes them.
//!
//! ```no_run
//! # async fn demo(s3: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
//! use rboto_s3_transfer::presigned_post::PresignedPostBuilder;
//! use serde_json::json;
//!
//! let post = PresignedPostBuilder::new("uploads", "photos/${filename}")
//!     .field("acl", "private")
//!     .condition(json!({"acl": "private"}))
//!     .condition(json!(["content-length-range", 1, 10_485_760]))
//!     .expires_in(std::time::Duration::from_secs(600))
//!     .presign(&s3)
//!     .await?;
//! println!("<form action={:?} method=post enctype=multipart/form-data>", post.url);
//! for (name, value) in &post.fields {
//!     println!("<input type=hidden name={name:?} value={value:?}>");
//! }
//! # Ok(()) }
//! ```

use std::time::{Duration, SystemTime};

use base64::Engine;
use serde_json::{json, Value};
use time::OffsetDateTime;

use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// What a presigned POST form needs: the URL to post to and the fields to send before the
/// file (in this order; the file goes last).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresignedPost {
    /// Where the form is posted: the bucket's endpoint.
    pub url: String,
    /// The form fields: the caller's, `key`, the algorithm, credential scope, date, session
    /// token when there is one, the base64 policy and its signature.
    pub fields: Vec<(String, String)>,
}

impl std::fmt::Debug for PresignedPost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.fields.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("PresignedPost")
            .field("url", &self.url)
            .field("fields", &names)
            .finish()
    }
}

/// Builds a [`PresignedPost`] for one key of one bucket.
#[derive(Debug, Clone)]
pub struct PresignedPostBuilder {
    bucket: String,
    key: String,
    fields: Vec<(String, String)>,
    conditions: Vec<Value>,
    expires_in: Duration,
}

impl PresignedPostBuilder {
    /// A POST of `key` into `bucket`. A key ending in `${filename}` lets the uploader's file
    /// name complete it (the policy then only fixes the key's prefix).
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        PresignedPostBuilder {
            bucket: bucket.into(),
            key: key.into(),
            fields: Vec::new(),
            conditions: Vec::new(),
            expires_in: Duration::from_secs(3600),
        }
    }

    /// A form field sent as it is (`acl`, `Content-Type`, `x-amz-meta-…`,
    /// `success_action_status`, …). A field is not a condition: add the condition too.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.push((name.into(), value.into()));
        self
    }

    /// A policy condition: `{"acl": "public-read"}`, `["starts-with", "$key", "photos/"]`,
    /// `["content-length-range", 1, 1048576]`. The bucket and key conditions are added for
    /// you.
    pub fn condition(mut self, condition: Value) -> Self {
        self.conditions.push(condition);
        self
    }

    /// How long the form stays usable; an hour unless set (boto3's default).
    pub fn expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_in = expires_in;
        self
    }

    /// Signs the policy with `s3`'s credentials for its region and returns the URL and
    /// fields. An unsigned client gets the fields without a policy or signature.
    pub async fn presign(self, s3: &Client) -> Result<PresignedPost, Error> {
        let url = s3
            .prepare("CreateBucket", json!({ "Bucket": self.bucket }))?
            .url()
            .to_string();
        let credentials = s3.signing_credentials().await?;
        let region = s3.region().unwrap_or("us-east-1").to_string();
        let signer = credentials.map(|c| Signer {
            access_key_id: c.access_key_id().to_string(),
            secret_access_key: c.secret_access_key().to_string(),
            session_token: c.session_token().map(str::to_string),
            region,
        });
        self.sign(url, signer.as_ref(), SystemTime::now())
    }

    /// The form for `url`, signed by `signer` at `now`.
    fn sign(
        self,
        url: String,
        signer: Option<&Signer>,
        now: SystemTime,
    ) -> Result<PresignedPost, Error> {
        if self.expires_in.is_zero() {
            return Err(Error::validation(vec![
                "expires_in must be at least one second".to_string(),
            ]));
        }
        let mut fields = self.fields;
        fields.retain(|(name, _)| name != "key");
        fields.push(("key".to_string(), self.key.clone()));
        let Some(signer) = signer else {
            return Ok(PresignedPost { url, fields });
        };
        let mut conditions = self.conditions;
        conditions.push(json!({ "bucket": self.bucket }));
        conditions.push(match self.key.strip_suffix("${filename}") {
            Some(prefix) => json!(["starts-with", "$key", prefix]),
            None => json!({ "key": self.key }),
        });
        let at = OffsetDateTime::from(now);
        let expiry = time::Duration::try_from(self.expires_in)
            .ok()
            .and_then(|after| at.checked_add(after))
            .filter(|expiry| expiry.year() <= 9999)
            .ok_or_else(|| {
                Error::validation(vec![format!(
                    "expires_in {:?} reaches past the year 9999",
                    self.expires_in
                )])
            })?;
        let date = stamp(at, false);
        let scope = format!(
            "{}/{}/{}/s3/aws4_request",
            signer.access_key_id,
            &date[..8],
            signer.region
        );
        let mut signed_fields = vec![
            ("x-amz-algorithm", "AWS4-HMAC-SHA256".to_string()),
            ("x-amz-credential", scope),
            ("x-amz-date", date),
        ];
        if let Some(token) = &signer.session_token {
            signed_fields.push(("x-amz-security-token", token.clone()));
        }
        for (name, value) in &signed_fields {
            conditions.push(json!({ *name: value }));
            fields.push((name.to_string(), value.clone()));
        }
        let expiration = stamp(expiry, true);
        let policy = json!({ "expiration": expiration, "conditions": conditions });
        let policy = base64::engine::general_purpose::STANDARD.encode(policy.to_string());
        let key = aws_sigv4::sign::v4::generate_signing_key(
            &signer.secret_access_key,
            now,
            &signer.region,
            "s3",
        );
        let signature = aws_sigv4::sign::v4::calculate_signature(key, policy.as_bytes());
        fields.push(("policy".to_string(), policy));
        fields.push(("x-amz-signature".to_string(), signature));
        Ok(PresignedPost { url, fields })
    }
}

/// What the policy is signed with.
struct Signer {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    region: String,
}

/// `t` in UTC as ISO 8601, basic (`20261207T010203Z`, the signing date) or extended
/// (`2026-12-07T01:02:03Z`, the policy's expiration).
fn stamp(t: OffsetDateTime, extended: bool) -> String {
    let (date, clock) = if extended { ("-", ":") } else { ("", "") };
    format!(
        "{:04}{date}{:02}{date}{:02}T{:02}{clock}{:02}{clock}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(post: &'a PresignedPost, name: &str) -> &'a str {
        post.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no field {name}"))
    }

    #[test]
    fn an_expiry_past_the_year_9999_is_refused_before_signing() {
        let signer = Signer {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: None,
            region: "eu-west-1".into(),
        };
        for expires_in in [Duration::MAX, Duration::from_secs(300_000 * 365 * 86_400)] {
            let err = PresignedPostBuilder::new("b", "k")
                .expires_in(expires_in)
                .sign(
                    "https://b.s3.amazonaws.com/".into(),
                    Some(&signer),
                    SystemTime::now(),
                )
                .unwrap_err();
            assert!(err.is_validation(), "{err:?}");
            assert!(err.to_string().contains("year 9999"), "{err}");
        }
    }

    #[test]
    fn the_policy_names_bucket_key_and_credentials_and_is_signed() {
        let signer = Signer {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: Some("token".into()),
            region: "eu-west-1".into(),
        };
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let post = PresignedPostBuilder::new("b", "up/${filename}")
            .field("acl", "private")
            .condition(json!({"acl": "private"}))
            .expires_in(Duration::from_secs(60))
            .sign(
                "https://b.s3.eu-west-1.amazonaws.com/".into(),
                Some(&signer),
                now,
            )
            .unwrap();
        assert_eq!(field(&post, "key"), "up/${filename}");
        assert_eq!(field(&post, "x-amz-date"), "20231114T221320Z");
        assert_eq!(
            field(&post, "x-amz-credential"),
            "AKIDEXAMPLE/20231114/eu-west-1/s3/aws4_request"
        );
        let policy = base64::engine::general_purpose::STANDARD
            .decode(field(&post, "policy"))
            .unwrap();
        let policy: Value = serde_json::from_slice(&policy).unwrap();
        assert_eq!(policy["expiration"], "2023-11-14T22:14:20Z");
        let conditions = policy["conditions"].as_array().unwrap();
        assert_eq!(conditions[0], json!({"acl": "private"}));
        assert_eq!(conditions[1], json!({"bucket": "b"}));
        assert_eq!(conditions[2], json!(["starts-with", "$key", "up/"]));
        assert!(conditions.contains(&json!({"x-amz-security-token": "token"})));
        let key = aws_sigv4::sign::v4::generate_signing_key("secret", now, "eu-west-1", "s3");
        let expected =
            aws_sigv4::sign::v4::calculate_signature(key, field(&post, "policy").as_bytes());
        assert_eq!(field(&post, "x-amz-signature"), expected);
        let printed = format!("{post:?}");
        assert!(
            !printed.contains(field(&post, "x-amz-signature")),
            "{printed}"
        );
    }
}
