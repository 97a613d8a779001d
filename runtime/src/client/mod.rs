//! The low-level [`Client`]: any operation of a service, from its model, as JSON values.
//!
//! A call goes through one pipeline for every service and protocol: idempotency tokens →
//! validation → serialization → endpoint → checksums → SigV4 signing → sending (with
//! retries) → parsing. Output values carry botocore's `ResponseMetadata`.

mod checksum;
mod customize;
mod endpoint;
mod idempotency;
mod paginate_wait;
mod payload;
mod request;
mod response;
mod retry;
mod sign;
mod transport;
mod url;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine;
use serde_json::Value;

use crate::body::ByteStream;
use crate::error::Error;
use crate::model::{Operation, ServiceModel};
use crate::protocol::{self, HttpResponse, Protocol};
use crate::session::{Config, Credentials, ProvideCredentials};
use payload::streaming_payload;
use request::{prepare, PreparedRequest, Purpose};
use retry::RetryPolicy;
use sign::Payload;
pub(crate) use transport::transport_error;

/// Longest validity of a presigned URL: seven days, as SigV4 allows.
const MAX_PRESIGN_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

/// A client for one service, driven by its model: call any operation with JSON parameters.
///
/// Get one from [`Session::client`](crate::session::Session::client). Cheap to clone and
/// safe to share between tasks; clones share the connection pool.
///
/// ```no_run
/// # async fn demo(session: rboto_runtime::session::Session, model: rboto_runtime::model::ServiceModel)
/// # -> Result<(), rboto_runtime::Error> {
/// use serde_json::json;
/// let s3 = session.client(model)?;
/// let buckets = s3.call("ListBuckets", json!({})).await?;
/// println!("{}", buckets["ResponseMetadata"]["RequestId"]);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

/// What a client is made of; built by the session.
pub(crate) struct ClientParts {
    pub model: ServiceModel,
    pub http: reqwest::Client,
    pub credentials: Option<Arc<dyn ProvideCredentials>>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub config: Config,
}

pub(crate) struct ClientInner {
    model: ServiceModel,
    protocol: Protocol,
    http: reqwest::Client,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    region: Option<String>,
    endpoint_url: Option<String>,
    config: Config,
    endpoints: endpoint::EndpointSetup,
}

impl Client {
    pub(crate) fn from_parts(parts: ClientParts) -> Result<Client, Error> {
        let protocol = Protocol::resolve(parts.model.metadata())?;
        let endpoints = endpoint::EndpointSetup::new(
            &parts.model,
            parts.region.as_deref(),
            parts.endpoint_url.as_deref(),
            &parts.config,
        )?;
        Ok(Client {
            inner: Arc::new(ClientInner {
                endpoints,
                model: parts.model,
                protocol,
                http: parts.http,
                credentials: parts.credentials,
                region: parts.region,
                endpoint_url: parts.endpoint_url,
                config: parts.config,
            }),
        })
    }

    /// The service model this client speaks.
    pub fn model(&self) -> &ServiceModel {
        &self.inner.model
    }

    /// The region requests are sent to, if one is set.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The endpoint override in effect, if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.inner.endpoint_url.as_deref()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Calls an operation and returns its output, with `ResponseMetadata`.
    ///
    /// A streaming output payload (S3 `GetObject`'s `Body`) is read whole and returned as a
    /// base64 string; use [`call_streaming`](Client::call_streaming) to stream it instead.
    pub async fn call(&self, operation: &str, params: Value) -> Result<Value, Error> {
        let (mut output, body) = self.execute(operation, params, None, false).await?;
        if let Some((member, body)) = body {
            let bytes = body.collect().await?;
            let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
            if let Value::Object(map) = &mut output {
                map.insert(member, Value::String(encoded));
            }
        }
        Ok(output)
    }

    /// Calls an operation whose input has a streaming payload (S3 `PutObject`,
    /// `UploadPart`), sending `body` as that payload without buffering it.
    ///
    /// A body that cannot be read twice (a stream or reader) is never retried.
    pub async fn call_with_body(
        &self,
        operation: &str,
        params: Value,
        body: ByteStream,
    ) -> Result<Value, Error> {
        let (output, _) = self.execute(operation, params, Some(body), false).await?;
        Ok(output)
    }

    /// Calls an operation whose output has a streaming payload (S3 `GetObject`) and returns
    /// the other output members with the payload as an unread [`ByteStream`].
    pub async fn call_streaming(
        &self,
        operation: &str,
        params: Value,
    ) -> Result<(Value, ByteStream), Error> {
        let (output, body) = self.execute(operation, params, None, true).await?;
        let (_, body) = body.ok_or_else(|| {
            Error::model(format!("{} has no streaming output; use call()", operation))
        })?;
        Ok((output, body))
    }

    /// A presigned URL for an operation (S3 `GetObject`, `PutObject`, …): anyone holding
    /// it may make that one request until it expires. The payload is not signed
    /// (`UNSIGNED-PAYLOAD`).
    pub async fn presign(
        &self,
        operation: &str,
        params: Value,
        expires_in: Duration,
    ) -> Result<String, Error> {
        if expires_in.is_zero() || expires_in > MAX_PRESIGN_EXPIRY {
            return Err(Error::validation(vec![format!(
                "expires_in must be between 1 second and 7 days, not {expires_in:?}"
            )]));
        }
        let inner = &*self.inner;
        let op = inner.operation(operation)?;
        let (prepared, _) = prepare(inner, &op, params, None, Purpose::Presign)?;
        if !prepared.signed {
            return Ok(prepared.url.to_string());
        }
        let credentials = inner.credentials().await?;
        let url = sign::presign_url(
            &prepared.scope,
            &credentials,
            &prepared.method,
            &prepared.url,
            &prepared.headers,
            expires_in,
            SystemTime::now(),
        )?;
        Ok(url.to_string())
    }

    /// Runs the pipeline. With `stream_output`, or when the operation's output has a
    /// streaming payload, the payload is returned unread with its member name.
    async fn execute(
        &self,
        operation: &str,
        params: Value,
        body: Option<ByteStream>,
        stream_output: bool,
    ) -> Result<(Value, Option<(String, ByteStream)>), Error> {
        let inner = &*self.inner;
        let service = inner.model.definition();
        let op = inner.operation(operation)?;
        let op = &*op;
        let output_payload = streaming_payload(service, op.output.as_ref());
        if stream_output && output_payload.is_none() {
            return Err(Error::model(format!(
                "{operation} has no streaming output; use call()"
            )));
        }
        let (prepared, body) = prepare(inner, op, params, body, Purpose::Call)?;
        let policy = RetryPolicy::standard(
            inner.model.name(),
            inner.config.attempts_for(inner.model.name()),
        );

        let mut pending = Some(body);
        let mut attempt = 1;
        loop {
            let body = match pending.as_ref().and_then(ByteStream::try_clone) {
                Some(copy) => copy,
                None => pending
                    .take()
                    .ok_or_else(|| Error::io("the request body was already sent"))?,
            };
            let can_retry = attempt < policy.max_attempts && pending.is_some();
            let outcome = self.attempt(op, &prepared, body, attempt).await;
            let err = match outcome {
                Ok((status, headers, response)) => {
                    match self
                        .read_success(
                            op,
                            prepared.notes,
                            status,
                            headers,
                            response,
                            output_payload.map(|p| p.member),
                            attempt,
                        )
                        .await
                    {
                        Ok(done) => return Ok(done),
                        Err(e) => e,
                    }
                }
                Err(e) => e,
            };
            let kind = if can_retry {
                policy.classify(service, &err)
            } else {
                None
            };
            let Some(kind) = kind else {
                return Err(err.with_attempts(attempt));
            };
            attempt += 1;
            let wait = policy.backoff(kind, attempt);
            tracing::debug!(operation, attempt, ?wait, error = %err, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: sign and send; an error status becomes a service error.
    async fn attempt(
        &self,
        op: &Operation,
        prepared: &PreparedRequest,
        body: ByteStream,
        attempt: u32,
    ) -> Result<(u16, http::HeaderMap, reqwest::Response), Error> {
        let inner = &*self.inner;
        let (method, url) = (&prepared.method, &prepared.url);
        let mut headers = prepared.headers.clone();
        if prepared.signed {
            let credentials = inner.credentials().await?;
            let payload = match body.as_bytes() {
                Some(bytes) if !prepared.unsigned_payload => Payload::Bytes(bytes),
                _ => Payload::Unsigned,
            };
            sign::sign_headers(
                &prepared.scope,
                &credentials,
                method,
                url,
                &mut headers,
                payload,
                SystemTime::now(),
            )?;
        }
        tracing::debug!(operation = %op.name, attempt, %method, %url, "sending");
        let response =
            transport::send(&inner.http, method.clone(), url.clone(), headers, body).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        tracing::debug!(operation = %op.name, attempt, status, "received");
        if protocol::is_error_status(status) {
            let body = response.bytes().await.map_err(transport_error)?;
            return Err(Error::service(response::service_error(
                inner.protocol,
                inner.model.definition(),
                op,
                status,
                &headers,
                &body,
            )));
        }
        Ok((status, headers, response))
    }

    /// Parses a successful response; a streaming payload is handed back unread.
    #[allow(clippy::too_many_arguments)]
    async fn read_success(
        &self,
        op: &Operation,
        notes: customize::CallNotes,
        status: u16,
        headers: http::HeaderMap,
        response: reqwest::Response,
        streaming_member: Option<&str>,
        attempt: u32,
    ) -> Result<(Value, Option<(String, ByteStream)>), Error> {
        let inner = &*self.inner;
        let service = inner.model.definition();
        if let Some(member) = streaming_member {
            let head = HttpResponse {
                status,
                headers: &headers,
                body: &[],
            };
            let mut output = protocol::parse_output(inner.protocol, service, op, &head)?;
            customize::after_output(&inner.model, op, notes, &mut output);
            response::attach_metadata(&mut output, status, &headers, attempt - 1);
            let body = ByteStream::from_response(response);
            return Ok((output, Some((member.to_string(), body))));
        }
        let body = response.bytes().await.map_err(transport_error)?;
        if response::is_s3_error_in_200(inner.model.name(), &op.name, status, &body) {
            return Err(Error::service(response::service_error(
                inner.protocol,
                service,
                op,
                500,
                &headers,
                &body,
            )));
        }
        let full = HttpResponse {
            status,
            headers: &headers,
            body: &body,
        };
        let mut output = protocol::parse_output(inner.protocol, service, op, &full)?;
        customize::after_output(&inner.model, op, notes, &mut output);
        response::attach_metadata(&mut output, status, &headers, attempt - 1);
        Ok((output, None))
    }
}

impl ClientInner {
    /// The operation, as the client sends it.
    fn operation(&self, name: &str) -> Result<Cow<'_, Operation>, Error> {
        let op = self.model.operation(name)?;
        if self.model.name() == "s3" {
            if let Some(adjusted) = without_bucket(op) {
                return Ok(Cow::Owned(adjusted));
            }
        }
        Ok(Cow::Borrowed(op))
    }

    /// Credentials for the next request.
    async fn credentials(&self) -> Result<Credentials, Error> {
        match &self.credentials {
            Some(provider) => provider.provide_credentials().await,
            None => Err(Error::credentials(
                "no credentials: set them on the session or in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            )),
        }
    }
}

/// An S3 operation with the leading `/{Bucket}` taken off its request URI, when it has one:
/// the endpoint rules put the bucket in the host or the path, so the path must not repeat it.
fn without_bucket(op: &Operation) -> Option<Operation> {
    const BUCKET: &str = "/{Bucket}";
    let rest = op.http.as_ref()?.request_uri.strip_prefix(BUCKET)?;
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '+' || c == '}') {
        return None;
    }
    let mut op = op.clone();
    if let Some(http) = op.http.as_mut() {
        http.request_uri = if rest.is_empty() || rest.starts_with('?') {
            format!("/{rest}")
        } else {
            rest.to_string()
        };
    }
    Some(op)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.model.name())
            .field("protocol", &self.inner.protocol)
            .field("region", &self.inner.region)
            .field("endpoint_url", &self.inner.endpoint_url)
            .finish()
    }
}
