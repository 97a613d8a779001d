//! Driving one call: send an attempt, retry what is worth retrying, follow a hook's
//! redirect to another region, and parse what comes back.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;
use http::HeaderMap;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use super::auth::Scheme;
use super::bearer;
use super::exchange::{exchange, Outgoing, Received, ReceivedBody};
use super::payload::streaming_payload;
use super::request::{prepare, CallerBody, Purpose, UnsignedRequest};
use super::retry::{self, CallRetries, Decision, FailedAttempt};
use super::sign::{self, Payload};
use super::{chunked, response, validate_response, Client};
use crate::body::ByteStream;
use crate::error::Error;
use crate::hooks::{
    hook_error, Call, CorruptResponse, FailureAdvice, FailureStage, OutputStage, PresignedCopy,
    ResponseStage, SendStage, SigningStage,
};
use crate::model::Operation;
use crate::protocol::{self, HttpResponse};

/// Characters a form value keeps unescaped: RFC 3986's unreserved set.
const FORM_KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How long a presigned copy a hook asked for stays valid (botocore's default).
const PRESIGNED_COPY_EXPIRY: Duration = Duration::from_secs(3600);

impl Client {
    /// Runs the pipeline and reads the response as `want` asks. When the operation's
    /// output has a streaming payload, the payload is returned unread with its member name.
    ///
    /// The future is boxed so that its state machine, the whole pipeline, is compiled once in
    /// this crate: an `async fn`'s body is otherwise compiled again in every crate that awaits
    /// it (the resource runtime, DynamoDB, transfers, each generated model crate).
    pub(super) fn execute<'a>(
        &'a self,
        operation: &'a str,
        params: Cow<'a, Value>,
        body: CallerBody,
        want: Want,
    ) -> BoxFuture<'a, Result<Reply, Error>> {
        Box::pin(self.run_pipeline(operation, params, body, want))
    }

    /// The body of [`execute`](Client::execute).
    async fn run_pipeline(
        &self,
        operation: &str,
        params: Cow<'_, Value>,
        body: CallerBody,
        want: Want,
    ) -> Result<Reply, Error> {
        let inner = &*self.inner;
        let service = inner.model.definition();
        let op = inner.operation(operation)?;
        let op = &*op;
        let output_payload = streaming_payload(service, op.output.as_ref());
        if want == Want::Stream && output_payload.is_none() {
            return Err(Error::model(format!(
                "{operation} has no streaming output; use call()"
            )));
        }
        let streamed_member = output_payload
            .map(|p| p.member)
            .filter(|_| want != Want::Body);
        let caller_body = matches!(body, CallerBody::Stream(_));
        inner.discovery.check(&inner.model, op)?;
        let (mut prepared, mut body) = prepare(
            inner,
            op,
            Cow::Borrowed(&*params),
            body,
            Purpose::Call,
            None,
        )?;
        let mut params = params;
        if let Some(copy) = prepared.notes.remove::<PresignedCopy>() {
            let url = self.presign_copy(op, &copy).await?;
            let mut call_params = copy.call_params;
            if let Value::Object(map) = &mut call_params {
                map.insert(copy.member.to_string(), Value::String(url));
            }
            (prepared, body) = prepare(
                inner,
                op,
                Cow::Borrowed(&call_params),
                CallerBody::None,
                Purpose::Call,
                None,
            )?;
            params = Cow::Owned(call_params);
        }
        let resolved_url = prepared.url.clone();
        self.discover(op, &params, &resolved_url, &mut prepared)
            .await?;
        let retrier = &inner.retrier;
        let mut call_retries = CallRetries::default();

        let invocation = uuid::Uuid::new_v4().to_string();
        let mut pending = Some(body);
        let mut redirected = false;
        let mut attempt = 1;
        loop {
            let body = match pending.as_ref().and_then(ByteStream::try_clone) {
                Some(copy) => copy,
                None => pending
                    .take()
                    .ok_or_else(|| Error::io("the request body was already sent"))?,
            };
            let replayable = pending.is_some();
            let tries = Tries {
                invocation: &invocation,
                attempt,
                max: retrier.max_attempts(),
            };
            retrier.before_send().await;
            let outcome = self
                .attempt(op, &params, &prepared, body, tries, streamed_member)
                .await;
            let err = match outcome {
                Ok(received) => match self.read_success(op, &prepared, received, want, attempt) {
                    Ok(done) => {
                        retrier.after_attempt(service, None);
                        retrier.on_success(&call_retries);
                        return Ok(done);
                    }
                    Err(e) => e,
                },
                Err(failure) => failure,
            };
            let advice = self.advice(op, &params, &err, attempt);
            if let FailureAdvice::Redirect { region } = &advice {
                let again = match redirected {
                    true => None,
                    false => self.redirect(op, &params, region, caller_body, pending.as_ref())?,
                };
                if let Some((request, body)) = again {
                    prepared = request;
                    pending = Some(body);
                    redirected = true;
                    continue;
                }
            }
            let rediscover = replayable
                && attempt < retrier.max_attempts()
                && inner
                    .discovery
                    .forget_if_invalid(&inner.model, op, &params, &err.error);
            if rediscover {
                tracing::debug!(operation, "discovered endpoint refused; discovering again");
                self.discover(op, &params, &resolved_url, &mut prepared)
                    .await?;
                attempt += 1;
                continue;
            }
            retrier.after_attempt(service, Some(&err.error));
            let failed = FailedAttempt {
                error: &err.error,
                attempt,
                corrupted: err.transient || advice == FailureAdvice::Retry,
                retry_after: err.retry_after,
            };
            let decision = match replayable {
                true => retrier.decide(service, operation, &mut call_retries, failed),
                false => {
                    if attempt < retrier.max_attempts()
                        && retry::classify(retrier.rules(), service, &err.error).is_some()
                    {
                        tracing::debug!(
                            operation,
                            "not retrying: the request body cannot be sent again"
                        );
                    }
                    None
                }
            };
            let wait = match decision {
                Some(Decision::Retry(wait)) => wait,
                Some(Decision::GiveUp(wait)) => {
                    tokio::time::sleep(wait).await;
                    return Err(err.error.with_attempts(attempt));
                }
                None => return Err(err.error.with_attempts(attempt)),
            };
            attempt += 1;
            tracing::debug!(operation, attempt, ?wait, error = %err.error, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// Points the request at the endpoint discovery names for it when the call takes part
    /// in endpoint discovery, else at `resolved`, the URL its endpoint rules gave. Boxed,
    /// because discovering calls the client again.
    fn discover<'a>(
        &'a self,
        op: &'a Operation,
        params: &'a Value,
        resolved: &'a ::url::Url,
        prepared: &'a mut UnsignedRequest,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let discovered = self.inner.discovery.endpoint(self, op, params).await?;
            prepared.url.clone_from(resolved);
            if let Some(endpoint) = discovered {
                super::discovery::point(&mut prepared.url, &endpoint)?;
            }
            Ok(())
        })
    }

    /// The session credentials the endpoint asked for, made from the client's own by the
    /// service's customization.
    async fn session_credentials(
        &self,
        params: &Value,
        base: crate::session::Credentials,
    ) -> Result<crate::session::Credentials, Error> {
        match &self.inner.session_credentials {
            Some(sessions) => sessions.credentials(self, params, base).await,
            None => Err(Error::credentials(format!(
                "the endpoint of this {} request asks for session credentials, which rboto \
                 cannot make for the service",
                self.inner.model.name()
            ))),
        }
    }

    /// What the hooks advise after a failed attempt: the first advice that is not the
    /// default.
    fn advice(
        &self,
        op: &Operation,
        params: &Value,
        failure: &Failure,
        attempt: u32,
    ) -> FailureAdvice {
        let inner = &*self.inner;
        let stage = FailureStage {
            call: Call {
                model: &inner.model,
                operation: op,
            },
            params,
            error: &failure.error,
            headers: failure.headers.as_ref(),
            attempt,
            retry_mode: inner.config.retry_mode(),
        };
        inner
            .hooks
            .for_operation(&op.name)
            .map(|hook| hook.on_failure(&stage))
            .find(|advice| *advice != FailureAdvice::Default)
            .unwrap_or(FailureAdvice::Default)
    }

    /// The presigned URL a hook asked for: the copy's request prepared for its region, its
    /// body moved into the query of a `GET`, signed for an hour.
    async fn presign_copy(&self, op: &Operation, copy: &PresignedCopy) -> Result<String, Error> {
        let inner = &*self.inner;
        let (request, body) = prepare(
            inner,
            op,
            Cow::Borrowed(&copy.copy_params),
            CallerBody::None,
            Purpose::Presign,
            Some(&copy.region),
        )?;
        let mut url = request.url;
        let mut form = body
            .as_bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        for (name, value) in &copy.extra_query {
            if !form.is_empty() {
                form.push('&');
            }
            form.push_str(&utf8_percent_encode(name, FORM_KEPT).to_string());
            form.push('=');
            form.push_str(&utf8_percent_encode(value, FORM_KEPT).to_string());
        }
        if !form.is_empty() {
            let query = match url.query() {
                Some(existing) if !existing.is_empty() => format!("{existing}&{form}"),
                _ => form,
            };
            url.set_query(Some(&query));
        }
        if !request.signed {
            return Ok(url.to_string());
        }
        let credentials = inner.credentials().await?;
        let presigned = sign::presign_url(
            &request.scope,
            &credentials,
            &http::Method::GET,
            &url,
            &HeaderMap::new(),
            PRESIGNED_COPY_EXPIRY,
            SystemTime::now(),
        )?;
        Ok(presigned.to_string())
    }

    /// The request again, prepared for `region`, when the caller's body (if any) can be sent
    /// again.
    fn redirect(
        &self,
        op: &Operation,
        params: &Value,
        region: &str,
        caller_body: bool,
        pending: Option<&ByteStream>,
    ) -> Result<Option<(UnsignedRequest, ByteStream)>, Error> {
        let body = match (caller_body, pending.and_then(ByteStream::try_clone)) {
            (false, _) => CallerBody::None,
            (true, Some(copy)) => CallerBody::Stream(copy),
            (true, None) => return Ok(None),
        };
        prepare(
            &self.inner,
            op,
            Cow::Borrowed(params),
            body,
            Purpose::Call,
            Some(region),
        )
        .map(Some)
    }

    /// One attempt: the hooks before signing, signing, the hooks before sending (which may
    /// answer instead), and the exchange; an error status becomes a service error.
    async fn attempt(
        &self,
        op: &Operation,
        params: &Value,
        prepared: &UnsignedRequest,
        body: ByteStream,
        tries: Tries<'_>,
        streamed_member: Option<&str>,
    ) -> Result<Received<String>, Failure> {
        let inner = &*self.inner;
        let (method, url) = (&prepared.method, &prepared.url);
        let attempt = tries.attempt;
        let call = Call {
            model: &inner.model,
            operation: op,
        };
        let mut headers = prepared.headers.clone();
        tries.add_headers(&mut headers);
        for hook in inner.hooks.for_operation(&op.name) {
            let mut stage = SigningStage {
                call,
                method,
                url,
                headers: &mut headers,
                attempt,
            };
            hook.before_signing(&mut stage).map_err(hook_error)?;
        }
        let body = match &prepared.trailer {
            Some(plan) => chunked::encode(body, plan)?,
            None => body,
        };
        if prepared.signed && prepared.scope.scheme == Scheme::Bearer {
            let token = inner.token().await?;
            bearer::authorize(&mut headers, &token, SystemTime::now())?;
        } else if prepared.signed {
            let mut credentials = inner.credentials().await?;
            if prepared.scope.scheme == Scheme::SigV4S3Express {
                credentials = self.session_credentials(params, credentials).await?;
            }
            let payload = match body.as_bytes() {
                _ if prepared.trailer.is_some() => Payload::StreamingTrailer,
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
        headers.insert(http::header::USER_AGENT, inner.user_agent.clone());
        let mut answered = None;
        for hook in inner.hooks.for_operation(&op.name) {
            let stage = SendStage {
                call,
                params,
                method,
                url,
                headers: &headers,
                body: body.as_bytes().map(|b| &b[..]),
                attempt,
            };
            answered = hook.before_send(&stage).map_err(hook_error)?;
            if answered.is_some() {
                break;
            }
        }
        let received = match answered {
            Some(response) => {
                tracing::debug!(operation = %op.name, attempt, "answered by a hook");
                received_from(
                    response,
                    streamed_member,
                    inner.config.max_response_body_bytes,
                )
                .await?
            }
            None => {
                tracing::debug!(operation = %op.name, attempt, %method, %url, "sending");
                let request = Outgoing {
                    method: method.clone(),
                    url: url.clone(),
                    headers,
                    body,
                    response_body_limit: inner.config.max_response_body_bytes,
                };
                exchange(
                    &inner.transport,
                    request,
                    inner.config.read_timeout,
                    streamed_member.map(str::to_string),
                )
                .await?
            }
        };
        let status = received.status;
        tracing::debug!(operation = %op.name, attempt, status, "received");
        let body = match &received.body {
            ReceivedBody::Read(body) => Some(&body[..]),
            ReceivedBody::Unread(..) => None,
        };
        self.before_parsing(op, status, &received.headers, body)?;
        if let (true, ReceivedBody::Read(body)) =
            (protocol::is_error_status(status), &received.body)
        {
            return Err(Failure {
                error: Error::service(response::service_error(
                    inner.protocol,
                    inner.model.definition(),
                    op,
                    status,
                    &received.headers,
                    body,
                )),
                retry_after: retry::retry_after(&received.headers),
                headers: Some(received.headers),
                transient: false,
            });
        }
        Ok(received)
    }

    /// Runs the hooks that may reject a response before it is parsed.
    // A `Failure` is the outcome of a failed attempt throughout this file, and the error
    // path is the cold one, so its size is no cost worth boxing for.
    #[allow(clippy::result_large_err)]
    fn before_parsing(
        &self,
        op: &Operation,
        status: u16,
        headers: &HeaderMap,
        body: Option<&[u8]>,
    ) -> Result<(), Failure> {
        let inner = &*self.inner;
        let service_error = |status| {
            Error::service(response::service_error(
                inner.protocol,
                inner.model.definition(),
                op,
                status,
                headers,
                body.unwrap_or_default(),
            ))
        };
        let stage = ResponseStage {
            call: Call {
                model: &inner.model,
                operation: op,
            },
            status,
            headers,
            body,
            service_error: &service_error,
        };
        for hook in inner.hooks.for_operation(&op.name) {
            if let Err(rejected) = hook.before_parsing(&stage) {
                return Err(match rejected.downcast::<CorruptResponse>() {
                    Ok(corrupt) => Failure {
                        error: Error::response(corrupt.0),
                        headers: None,
                        transient: true,
                        retry_after: None,
                    },
                    Err(other) => Failure::from(hook_error(other)),
                });
            }
        }
        Ok(())
    }

    /// Parses a successful response; a streaming payload is handed back unread under its
    /// member name, and with [`Want::Body`] the whole body is handed back once it has passed
    /// the integrity checks.
    #[allow(clippy::result_large_err)]
    fn read_success(
        &self,
        op: &Operation,
        prepared: &UnsignedRequest,
        received: Received<String>,
        want: Want,
        attempt: u32,
    ) -> Result<Reply, Failure> {
        let inner = &*self.inner;
        let service = inner.model.definition();
        let Received {
            status,
            headers,
            body,
        } = received;
        let body = match body {
            ReceivedBody::Read(body) => body,
            ReceivedBody::Unread(member, body) => {
                let head = HttpResponse {
                    status,
                    headers: &headers,
                    body: &[],
                };
                let mut output = protocol::parse_output(inner.protocol, service, op, &head)?;
                self.after_parsing(op, prepared, (status, &headers, None), &mut output)?;
                response::attach_metadata(&mut output, status, &headers, attempt - 1);
                let body = match validate_response::expected(
                    &prepared.response_checksums,
                    status,
                    &headers,
                ) {
                    Some((hasher, expected)) => validate_response::checking(body, hasher, expected),
                    None => body,
                };
                return Ok(Reply::Streamed(output, member, body));
            }
        };
        if let Some((hasher, expected)) =
            validate_response::expected(&prepared.response_checksums, status, &headers)
        {
            validate_response::check(hasher, &expected, &body)?;
        }
        if want == Want::Body {
            return Ok(Reply::Body(body));
        }
        let full = HttpResponse {
            status,
            headers: &headers,
            body: &body,
        };
        let mut output = protocol::parse_output(inner.protocol, service, op, &full)?;
        self.after_parsing(op, prepared, (status, &headers, Some(&body)), &mut output)?;
        response::attach_metadata(&mut output, status, &headers, attempt - 1);
        Ok(Reply::Parsed(output))
    }

    /// Runs the hooks that change a parsed output; `response` is the status, the headers
    /// and the body when it was read whole.
    fn after_parsing(
        &self,
        op: &Operation,
        prepared: &UnsignedRequest,
        (status, headers, body): (u16, &HeaderMap, Option<&[u8]>),
        output: &mut Value,
    ) -> Result<(), Error> {
        let inner = &*self.inner;
        for hook in inner.hooks.for_operation(&op.name) {
            let mut stage = OutputStage {
                call: Call {
                    model: &inner.model,
                    operation: op,
                },
                status,
                headers,
                body,
                output,
                notes: &prepared.notes,
            };
            hook.after_parsing(&mut stage).map_err(hook_error)?;
        }
        Ok(())
    }
}

/// A response a hook gave instead of sending the request, read as the exchange reads one:
/// the body of a success left unread when it is to be streamed, read whole otherwise.
async fn received_from(
    response: crate::transport::HttpResponse,
    streamed_member: Option<&str>,
    body_limit: u64,
) -> Result<Received<String>, Error> {
    let status = response.status().as_u16();
    let (head, body) = response.into_parts();
    let body = match streamed_member {
        Some(member) if !protocol::is_error_status(status) => {
            ReceivedBody::Unread(member.to_string(), body)
        }
        _ => ReceivedBody::Read(body.collect_limited(body_limit).await?),
    };
    Ok(Received {
        status,
        headers: head.headers,
        body,
    })
}

/// How a call wants its successful response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    /// Parsed by the protocol; a streaming payload is read into the output.
    Output,
    /// Parsed by the protocol, except a streaming payload, which is handed back unread.
    Stream,
    /// The body's bytes, unparsed, after the same integrity checks.
    Body,
}

/// A successful response, as [`Want`] asked.
pub(super) enum Reply {
    /// The output (an operation without a streaming payload).
    Parsed(Value),
    /// The output without its streaming payload, the payload's member name, and the
    /// payload unread.
    Streamed(Value, String, ByteStream),
    /// The response body.
    Body(bytes::Bytes),
}

impl Reply {
    /// The output of a call that sent a body of its own: a streamed payload's unread
    /// remainder cannot occur there, so only the parsed members are kept.
    pub(super) fn into_output(self) -> Result<Value, Error> {
        match self {
            Reply::Parsed(output) | Reply::Streamed(output, ..) => Ok(output),
            Reply::Body(_) => Err(Error::model("a parsed call returned a raw body")),
        }
    }
}

/// A failed attempt, with its response's headers when there was a response, and whether it
/// is worth retrying whatever the error says (a corrupted response).
struct Failure {
    error: Error,
    headers: Option<HeaderMap>,
    transient: bool,
    /// The response's `x-amz-retry-after` header.
    retry_after: Option<Duration>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            error,
            headers: None,
            transient: false,
            retry_after: None,
        }
    }
}

/// Which attempt of which call this is, for botocore's `amz-sdk-invocation-id` and
/// `amz-sdk-request` headers (the service sees retries of one call as such).
#[derive(Debug, Clone, Copy)]
struct Tries<'a> {
    invocation: &'a str,
    attempt: u32,
    max: u32,
}

impl Tries<'_> {
    fn add_headers(&self, headers: &mut http::HeaderMap) {
        if let Ok(id) = http::HeaderValue::from_str(self.invocation) {
            headers.insert("amz-sdk-invocation-id", id);
        }
        let request = format!("attempt={}; max={}", self.attempt, self.max);
        if let Ok(value) = http::HeaderValue::from_str(&request) {
            headers.insert("amz-sdk-request", value);
        }
    }
}
