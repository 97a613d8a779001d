//! The low-level [`Client`]: any operation of a service, from its model, as JSON values.
//!
//! A call goes through one pipeline for every service and protocol, in the order botocore
//! runs it:
//!
//! 1. idempotency tokens filled in, then the `before_parameters` hooks;
//! 2. parameters validated against the model, then serialized by the protocol;
//! 3. the endpoint resolved by the service's rule set (`endpoint`), the path joined to it
//!    (`url`), then the `after_serialization` hooks; when the call is sent, an operation
//!    the model marks for endpoint discovery is pointed at the endpoint its service's
//!    discovery operation names (`discovery`);
//! 4. request checksums added: a header for bodies in memory, an `aws-chunked` trailer for
//!    streamed uploads over HTTPS (`checksum`, `chunked`);
//! 5. the `before_signing` hooks, signing with the scheme `auth` chose (SigV4 or SigV4a with
//!    aws-sigv4 in `sign`, a bearer token in `bearer`), the `before_send`
//!    hooks, sending through the client's [`Transport`] (`exchange`);
//! 6. the `on_failure` hooks (a redirect to another region), then retries in standard,
//!    adaptive or legacy mode (`retry`, with the client's quota in `retry_quota` and rate
//!    limiter in `retry_adaptive`, legacy rules in `retry_legacy`);
//! 7. the `before_parsing` hooks, the response parsed, its checksum checked
//!    (`validate_response`), the `after_parsing` hooks, botocore's `ResponseMetadata`
//!    attached (`response`).
//!
//! The hooks (see [`crate::hooks`]) are the service's customizations, then the ones the
//! program registered; the pipeline itself names no service.
//!
//! `call` drives steps 5 to 7; `request` does steps 1 to 4 (and gzip-compresses the body
//! of operations that ask for it, `compression`, before the checksum);
//! [`Client::prepare`] runs steps 1 to 4 alone, as a dry run.

mod auth;
mod bearer;
mod call;
mod checksum;
mod chunked;
mod compression;
mod discovery;
mod endpoint;
mod endpoint_cache;
mod exchange;
mod idempotency;
mod paginate_wait;
mod payload;
mod prepared;
mod request;
mod response;
pub(crate) mod retry;
#[doc(hidden)] // for rboto's extension crates; not part of the API
pub use retry::random_unit;
mod retry_adaptive;
mod retry_legacy;
mod retry_quota;
mod sign;
mod url;
mod validate_response;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine;
use serde_json::Value;

use crate::body::ByteStream;
use crate::customizations::{self, Customization};
use crate::error::Error;
use crate::hooks::{ClientHooks, Registered};
use crate::model::{Operation, ServiceModel};
use crate::protocol::Protocol;
use crate::session::{Config, Credentials, ProvideCredentials, ProvideToken};
use crate::transport::Transport;
use call::{Reply, Want};
pub use prepared::PreparedRequest;
use request::{prepare, CallerBody, Purpose};

pub use crate::customizations::DECODED_JSON_SHAPES;

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
    pub transport: Arc<dyn Transport>,
    pub credentials: Option<Arc<dyn ProvideCredentials>>,
    /// Where bearer tokens come from, for services that authenticate with one.
    pub token: Option<Arc<dyn ProvideToken>>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Whether `endpoint_url` was given by the program rather than configured (which
    /// turns endpoint discovery off, as in botocore).
    pub explicit_endpoint: bool,
    pub config: Config,
    /// Hooks registered on the session and the client builder, in order.
    pub hooks: Vec<Registered>,
    /// The protocol asked for instead of botocore's choice, if any.
    pub protocol: Option<Protocol>,
}

pub(crate) struct ClientInner {
    model: ServiceModel,
    protocol: Protocol,
    transport: Arc<dyn Transport>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    token: Option<Arc<dyn ProvideToken>>,
    region: Option<String>,
    endpoint_url: Option<String>,
    config: Config,
    endpoints: endpoint::EndpointSetup,
    /// Whether and how this client discovers endpoints.
    discovery: discovery::Discovery,
    /// How the service differs from the generic pipeline.
    customization: &'static Customization,
    /// Makes session credentials where the endpoint asks for them (S3 Express).
    session_credentials: Option<Arc<dyn customizations::SessionCredentials>>,
    /// The service's customization hooks, then the registered ones.
    hooks: ClientHooks,
    /// Retry mode, quota and rate limiter, shared by this client's calls.
    retrier: retry::Retrier,
    /// The `User-Agent` header sent with every request.
    user_agent: http::HeaderValue,
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
        let discovery =
            discovery::Discovery::new(&parts.model, parts.explicit_endpoint, &parts.config);
        let retrier = retry::Retrier::new(parts.model.name(), &parts.config);
        let customization = customizations::of(parts.model.name());
        let hooks = ClientHooks::new(
            parts.model.name(),
            customizations::client_hooks(parts.model.name(), customization),
            &parts.hooks,
        );
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
                discovery,
                session_credentials: (customization.session_credentials)(),
                customization,
                hooks,
                model: parts.model,
                protocol,
                transport: parts.transport,
                credentials: parts.credentials,
                token: parts.token,
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
    /// for debugging a request. The endpoint is the one the rules give: endpoint discovery
    /// runs only for calls that are sent. Needs no credentials: the request is not signed, and a URL
    /// a customization presigns with them (RDS's `PreSignedUrl` for a cross-region copy) is
    /// left out.
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
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub async fn call_for_body(
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
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub async fn call_with_json(
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
        let (prepared, _) = prepare(
            inner,
            &op,
            Cow::Owned(params),
            CallerBody::None,
            Purpose::Presign,
            None,
        )?;
        if !prepared.signed {
            return Ok(prepared.url.to_string());
        }
        if prepared.scope.scheme == auth::Scheme::SigV4S3Express {
            return Err(Error::validation(vec![format!(
                "{operation}: rboto cannot presign requests its endpoint signs with a session \
                 (S3 Express directory buckets)"
            )]));
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

impl Client {
    /// The credentials this client signs with, or `None` for an unsigned client: for code
    /// that signs something other than a request (a presigned POST policy).
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub async fn signing_credentials(&self) -> Result<Option<Credentials>, Error> {
        if self.inner.config.unsigned {
            return Ok(None);
        }
        self.inner.credentials().await.map(Some)
    }

    /// A `GET` of `url` presigned with this client's credentials for `signing_name` in
    /// `region`, valid for `expires_in`, its empty payload hashed: for tokens that are
    /// presigned URLs of no model operation (database authentication tokens).
    pub(crate) async fn presign_get(
        &self,
        url: &str,
        signing_name: &str,
        region: &str,
        expires_in: Duration,
    ) -> Result<String, Error> {
        if expires_in.is_zero() || expires_in > MAX_PRESIGN_EXPIRY {
            return Err(Error::validation(vec![format!(
                "expires_in must be between 1 second and 7 days, not {expires_in:?}"
            )]));
        }
        let url = ::url::Url::parse(url)
            .map_err(|e| Error::validation(vec![format!("cannot presign {url:?}: {e}")]))?;
        let credentials = self.inner.credentials().await?;
        let scope = sign::SigningScope {
            scheme: auth::Scheme::SigV4,
            name: signing_name.to_string(),
            region: region.to_string(),
            s3: false,
        };
        let presigned = sign::presign_url(
            &scope,
            &credentials,
            &http::Method::GET,
            &url,
            &http::HeaderMap::new(),
            expires_in,
            SystemTime::now(),
        )?;
        Ok(presigned.to_string())
    }
}

impl ClientInner {
    /// The operation, as the client sends it.
    fn operation(&self, name: &str) -> Result<Cow<'_, Operation>, Error> {
        let op = self.model.operation(name)?;
        match (self.customization.adjust_operation)(op) {
            Some(adjusted) => Ok(Cow::Owned(adjusted)),
            None => Ok(Cow::Borrowed(op)),
        }
    }

    /// The bearer token for the next request.
    async fn token(&self) -> Result<crate::session::Token, Error> {
        match &self.token {
            Some(provider) => provider.provide_token().await,
            None => Err(Error::credentials(format!(
                "{} authenticates with a bearer token and none is configured: use a profile \
                 with an sso_session (after `aws sso login`) or set one on the session or \
                 client builder (auth_token)",
                self.model.name()
            ))),
        }
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

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.model.name())
            .field("protocol", &self.inner.protocol)
            .field("region", &self.inner.region)
            .field("endpoint_url", &self.inner.endpoint_url)
            .field("hooks", &self.inner.hooks)
            .finish()
    }
}
