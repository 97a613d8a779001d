//! One multipart upload in progress, shared by managed uploads and copies: created, filled
//! part by part, then completed, or aborted on failure, cancellation or drop, so no
//! unfinished upload is left behind to be billed.

use serde_json::{json, Map, Value};

use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

use super::extra_args::{only, COMPLETE_ARGS};

/// A part that has been uploaded, as CompleteMultipartUpload wants it.
#[derive(Debug, Clone)]
pub(crate) struct CompletedPart {
    /// Part number, from 1.
    pub number: u32,
    /// The part's ETag.
    pub etag: String,
    /// The part's checksum member and base64 value, when it has one.
    pub checksum: Option<(&'static str, String)>,
    /// The part's length.
    pub len: u64,
}

/// A created multipart upload. Dropping it while armed aborts it in the background (on the
/// tokio runtime it was created on); [`abort`](MultipartUpload::abort) aborts it and waits.
pub(crate) struct MultipartUpload {
    client: Client,
    bucket: String,
    key: String,
    upload_id: String,
    /// Arguments CompleteMultipartUpload and AbortMultipartUpload repeat (SSE-C, payer, owner).
    follow_args: Map<String, Value>,
    armed: bool,
}

impl MultipartUpload {
    /// Sends CreateMultipartUpload with `args` (already filtered for it).
    ///
    /// The request runs in its own task: if the caller's future is dropped while S3 is still
    /// answering, the task finishes anyway and drops the created upload, which aborts it,
    /// instead of leaving an upload nobody knows the id of.
    pub(crate) async fn create(
        client: &Client,
        bucket: &str,
        key: &str,
        args: Map<String, Value>,
    ) -> Result<MultipartUpload, Error> {
        let task = tokio::spawn(Self::create_now(
            client.clone(),
            bucket.to_string(),
            key.to_string(),
            args,
        ));
        match task.await {
            Ok(created) => created,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => Err(Error::io(format!(
                "the CreateMultipartUpload task was stopped: {e}"
            ))),
        }
    }

    async fn create_now(
        client: Client,
        bucket: String,
        key: String,
        args: Map<String, Value>,
    ) -> Result<MultipartUpload, Error> {
        let (client, bucket, key) = (&client, bucket.as_str(), key.as_str());
        let follow_args = only(&args, COMPLETE_ARGS);
        let mut params = args;
        params.insert("Bucket".into(), bucket.into());
        params.insert("Key".into(), key.into());
        let out = client
            .call("CreateMultipartUpload", Value::Object(params))
            .await?;
        let upload_id = out
            .get("UploadId")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::response("CreateMultipartUpload returned no UploadId"))?
            .to_string();
        Ok(MultipartUpload {
            client: client.clone(),
            bucket: bucket.to_string(),
            key: key.to_string(),
            upload_id,
            follow_args,
            armed: true,
        })
    }

    /// The upload id S3 assigned.
    pub(crate) fn upload_id(&self) -> &str {
        &self.upload_id
    }

    /// Parameters naming this upload (Bucket, Key, UploadId), for a part request.
    pub(crate) fn part_params(
        &self,
        number: u32,
        extra: &Map<String, Value>,
    ) -> Map<String, Value> {
        let mut params = extra.clone();
        params.insert("Bucket".into(), self.bucket.clone().into());
        params.insert("Key".into(), self.key.clone().into());
        params.insert("UploadId".into(), self.upload_id.clone().into());
        params.insert("PartNumber".into(), number.into());
        params
    }

    /// Sends CompleteMultipartUpload with `parts` (in any order) and `extra` (a full-object
    /// checksum, its type and size) and disarms the abort.
    pub(crate) async fn complete(
        &mut self,
        mut parts: Vec<CompletedPart>,
        extra: Map<String, Value>,
    ) -> Result<Value, Error> {
        parts.sort_by_key(|p| p.number);
        let parts: Vec<Value> = parts
            .into_iter()
            .map(|p| {
                let mut part = json!({"PartNumber": p.number, "ETag": p.etag});
                if let (Some((member, value)), Value::Object(map)) = (p.checksum, &mut part) {
                    map.insert(member.into(), value.into());
                }
                part
            })
            .collect();
        let mut params = self.follow_args.clone();
        params.extend(extra);
        params.insert("Bucket".into(), self.bucket.clone().into());
        params.insert("Key".into(), self.key.clone().into());
        params.insert("UploadId".into(), self.upload_id.clone().into());
        params.insert("MultipartUpload".into(), json!({ "Parts": parts }));
        let out = self
            .client
            .call("CompleteMultipartUpload", Value::Object(params))
            .await?;
        self.armed = false;
        Ok(out)
    }

    /// Sends AbortMultipartUpload and waits for it. A failure to abort is logged and
    /// returned, so the caller can name both errors.
    pub(crate) async fn abort(mut self) -> Result<(), Error> {
        self.armed = false;
        abort(
            self.client.clone(),
            self.abort_params(),
            self.upload_id.clone(),
        )
        .await
    }

    fn abort_params(&self) -> Value {
        let mut params = self.follow_args.clone();
        params.insert("Bucket".into(), self.bucket.clone().into());
        params.insert("Key".into(), self.key.clone().into());
        params.insert("UploadId".into(), self.upload_id.clone().into());
        Value::Object(params)
    }
}

async fn abort(client: Client, params: Value, upload_id: String) -> Result<(), Error> {
    match client.call("AbortMultipartUpload", params).await {
        Ok(_) => {
            tracing::debug!(upload_id, "aborted multipart upload");
            Ok(())
        }
        Err(e) => {
            tracing::warn!(upload_id, error = %e, "could not abort multipart upload");
            Err(e)
        }
    }
}

impl Drop for MultipartUpload {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let (client, params) = (self.client.clone(), self.abort_params());
                let upload_id = self.upload_id.clone();
                runtime.spawn(async move {
                    let _ = abort(client, params, upload_id).await;
                });
            }
            Err(_) => tracing::warn!(
                upload_id = self.upload_id,
                "multipart upload dropped outside a tokio runtime; it was not aborted"
            ),
        }
    }
}

/// Aborts `upload` after `error` stopped it, and returns `error`, saying also when the
/// abort failed (then the upload id is named, so it can be aborted by hand).
pub(crate) async fn abort_after(upload: MultipartUpload, error: Error) -> Error {
    let upload_id = upload.upload_id().to_string();
    match upload.abort().await {
        Ok(()) => error,
        Err(abort_error) => error.with_context(format!(
            "multipart upload {upload_id} could not be aborted either ({abort_error}); \
             abort it with AbortMultipartUpload. The upload failed because"
        )),
    }
}
