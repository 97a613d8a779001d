//! The low-level [`Client`]: any operation of a service, from its model, as JSON values.
//!
//! A call goes through one pipeline for every service and protocol, in the order botocore
//! runs it:
//!
//! 1. idempotency tokens filled in, service customizations applied (`customize`);
//! 2. parameters validated against the model, then serialized by the protocol;
//! 3. the endpoint resolved by the service's rule set (`endpoint`), the path joined to it
//!    (`url`);
//! 4. request checksums added: a header for bodies in memory, an `aws-chunked` trailer for
//!    streamed uploads over HTTPS (`checksum`, `chunked`);
//! 5. SigV4 signing with aws-sigv4 (`sign`), sending with reqwest (`transport`); an
//!    exchange that will open a connection runs as a task on a runtime worker when the
//!    caller is not on one (`on_worker`);
//! 6. retries in standard, adaptive or legacy mode (`retry`, with the client's quota in
//!    `retry_quota` and rate limiter in `retry_adaptive`, legacy rules in `retry_legacy`),
//!    S3 region redirects (`redirect`);
//! 7. the response parsed, its checksum checked (`validate_response`), botocore's
//!    `ResponseMetadata` attached (`response`).
//!
//! `call` drives steps 5 to 7; `request` does steps 1 to 4 (and gzip-compresses the body
//! of operations that ask for it, `compression`, before the checksum);
//! [`Client::prepare`] runs steps 1 to 4 alone, as a dry run.

mod call;
mod checksum;
mod chunked;
mod compression;
mod customize;
mod endpoint;
mod endpoint_cache;
mod idempotency;
mod on_worker;
mod paginate_wait;
mod payload;
mod prepared;
mod redirect;
mod request;
mod response;
pub(crate) mod retry;
mod retry_adaptive;
mod retry_legacy;
mod retry_quota;
mod sign;
mod transport;
mod url;
mod validate_response;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine;
use serde_json::Value;

use crate::body::ByteStream;
use crate::error::Error;
use crate::model::{Operation, ServiceModel};
use crate::protocol::Protocol;
use crate::session::{Config, Credentials, ProvideCredentials};
use call::{Reply, Want};
pub use prepared::PreparedRequest;
use request::{prepare, CallerBody, Purpose};

/// Shapes whose string values the client parses into JSON values in every output, as
/// `(service, shape)`: IAM's policy documents arrive URL-encoded JSON text and become JSON
/// objects (as botocore does for its users). A value that does not parse stays a string.
///
/// The resource generator (`rboto-resources-codegen`) keeps a copy to type these members as
/// `serde_json::Value`; a test there checks that the two lists agree.
pub const DECODED_JSON_SHAPES: &[(&str, &str)] = &[("iam", "policyDocumentType")];

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
    /// The protocol asked for instead of botocore's choice, if any.
    pub protocol: Option<Protocol>,
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
    /// S3 buckets found in other regions by redirects.
    bucket_regions: redirect::BucketRegions,
    /// Retry mode, quota and rate limiter, shared by this client's calls.
    retrier: retry::Retrier,
    /// The `User-Agent` header sent with every request.
    user_agent: http::HeaderValue,
    /// Whether the server keeps connections open, for where exchanges run.
    connection_reuse: on_worker::ConnectionReuse,
}

impl Client {
    pub(crate) fn from_parts(parts: ClientParts) -> Result<Client, Error> {
        let protocol = match parts.protocol {
            Some(preferred) => Protocol::resolve_preferring(parts.model.metadata(), preferred)?,
            None => Protocol::resolve(parts.model.metadata())?,
        };
        let endpoints = endpoint::EndpointSetup::new(
            &parts.model,
            parts.region.as_deref(),
            parts.endpoint_url.as_deref(),
            &parts.config,
        )?;
        let retrier = retry::Retrier::new(parts.model.name(), &parts.config);
        let user_agent = http::HeaderValue::from_str(&parts.config.user_agent()).map_err(|_| {
            Error::validation(vec![
                "user_agent_extra and user_agent_appid must be visible ASCII".to_string(),
            ])
        })?;
        Ok(Client {
            inner: Arc::new(ClientInner {
                retrier,
                user_agent,
                endpoints,
                bucket_regions: redirect::BucketRegions::default(),
                connection_reuse: on_worker::ConnectionReuse::default(),
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

    /// The wire protocol this client speaks.
    pub fn protocol(&self) -> Protocol {
        self.inner.protocol
    }

    /// What calling `operation` with `params` would send, without sending it: a dry run
    /// through the same preparation as [`call`](Client::call) (idempotency tokens,
    /// validation, serialization, endpoint, host prefix, compression, checksums), useful
    /// for debugging a request. Needs no credentials: the request is not signed.
    ///
    /// ```no_run
    /// # fn demo(client: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
    /// let request = client.prepare("ListBuckets", serde_json::json!({}))?;
    /// println!("{} {}", request.method(), request.url());
    /// # Ok(()) }
    /// ```
    pub fn prepare(&self, operation: &str, params: Value) -> Result<PreparedRequest, Error> {
        let inner = &*self.inner;
        let op = inner.operation(operation)?;
        let (request, body) = prepare(
            inner,
            &op,
            Cow::Owned(params),
            CallerBody::None,
            Purpose::Call,
            None,
        )?;
        let body = match body.as_bytes() {
            Some(bytes) => bytes.clone(),
            None => return Err(Error::io("a dry run cannot show a streamed body")),
        };
        Ok(PreparedRequest {
            method: request.method,
            url: request.url,
            headers: request.headers,
            body,
        })
    }

    /// Calls an operation and returns its output, with `ResponseMetadata`.
    ///
    /// A streaming output payload (S3 `GetObject`'s `Body`) is read whole and returned as a
    /// base64 string; use [`call_streaming`](Client::call_streaming) to stream it instead.
    pub async fn call(&self, operation: &str, params: Value) -> Result<Value, Error> {
        self.call_with(operation, Cow::Owned(params)).await
    }

    /// [`call`](Client::call) with borrowed parameters, for a caller that keeps them: a batch
    /// that may have to be sent again, say. They are copied only when the call adds to them
    /// (idempotency tokens, S3, EC2 and Glacier customizations, response checksum requests).
    ///
    /// ```no_run
    /// # async fn demo(client: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
    /// let params = serde_json::json!({"TableName": "orders"});
    /// let first = client.call_ref("DescribeTable", &params).await?;
    /// let again = client.call_ref("DescribeTable", &params).await?;
    /// # Ok(()) }
    /// ```
    pub async fn call_ref(&self, operation: &str, params: &Value) -> Result<Value, Error> {
        self.call_with(operation, Cow::Borrowed(params)).await
    }

    /// [`call`](Client::call) with owned or borrowed parameters.
    async fn call_with(&self, operation: &str, params: Cow<'_, Value>) -> Result<Value, Error> {
        match self
            .execute(operation, params, CallerBody::None, Want::Output)
            .await?
        {
            Reply::Parsed(output) => Ok(output),
            Reply::Streamed(mut output, member, body) => {
                let bytes = body.collect().await?;
                let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
                if let Value::Object(map) = &mut output {
                    map.insert(member, Value::String(encoded));
                }
                Ok(output)
            }
            Reply::Body(_) => Err(Error::model("a parsed call returned a raw body")),
        }
    }

    /// Calls an operation and returns its response body unparsed, once it has passed the
    /// same retries and integrity checks as [`call`](Client::call): for a caller that
    /// decodes the body straight into its own types (DynamoDB pages into items).
    pub(crate) async fn call_for_body(
        &self,
        operation: &str,
        params: Value,
    ) -> Result<bytes::Bytes, Error> {
        match self
            .execute(operation, Cow::Owned(params), CallerBody::None, Want::Body)
            .await?
        {
            Reply::Body(body) => Ok(body),
            Reply::Parsed(_) | Reply::Streamed(..) => {
                Err(Error::model("a call for the body returned a parsed output"))
            }
        }
    }

    /// Calls a JSON-protocol operation with a body its caller wrote itself, straight from its
    /// own types (the DynamoDB batch writer's requests), and returns the parsed output. The
    /// parameters only feed the endpoint rules and the headers: `body` is sent as it is,
    /// unvalidated, with the same signing, retries and response checks as
    /// [`call`](Client::call).
    pub(crate) async fn call_with_json(
        &self,
        operation: &str,
        params: &Value,
        body: bytes::Bytes,
    ) -> Result<Value, Error> {
        self.execute(
            operation,
            Cow::Borrowed(params),
            CallerBody::Json(body),
            Want::Output,
        )
        .await?
        .into_output()
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
        self.execute(
            operation,
            Cow::Owned(params),
            CallerBody::Stream(body),
            Want::Output,
        )
        .await?
        .into_output()
    }

    /// Calls an operation whose output has a streaming payload (S3 `GetObject`) and returns
    /// the other output members with the payload as an unread [`ByteStream`].
    pub async fn call_streaming(
        &self,
        operation: &str,
        params: Value,
    ) -> Result<(Value, ByteStream), Error> {
        match self
            .execute(
                operation,
                Cow::Owned(params),
                CallerBody::None,
                Want::Stream,
            )
            .await?
        {
            Reply::Streamed(output, _, body) => Ok((output, body)),
            Reply::Parsed(_) | Reply::Body(_) => Err(Error::model(format!(
                "{operation} has no streaming output; use call()"
            ))),
        }
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
        let region = params
            .get("Bucket")
            .and_then(Value::as_str)
            .and_then(|b| inner.bucket_regions.get(b));
        let (prepared, _) = prepare(
            inner,
            &op,
            Cow::Owned(params),
            CallerBody::None,
            Purpose::Presign,
            region.as_deref(),
        )?;
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
