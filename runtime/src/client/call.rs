//! Driving one call: send an attempt, retry what is worth retrying, follow an S3 bucket
//! to its region, and parse what comes back.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::payload::streaming_payload;
use super::request::{prepare, CallerBody, Purpose, UnsignedRequest};
use super::retry::{self, CallRetries, Decision, FailedAttempt};
use super::sign::{self, Payload};
use super::transport::{self, Outgoing, Received, ReceivedBody};
use super::{chunked, customize, redirect, response, validate_response, Client};
use crate::body::ByteStream;
use crate::error::Error;
use crate::model::Operation;
use crate::protocol::{self, HttpResponse};

impl Client {
    /// Runs the pipeline and reads the response as `want` asks. When the operation's
    /// output has a streaming payload, the payload is returned unread with its member name.
    pub(super) async fn execute(
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
        let s3_bucket = (inner.model.name() == "s3" && !matches!(body, CallerBody::Json(_)))
            .then(|| params.get("Bucket").and_then(Value::as_str))
            .flatten()
            .filter(|b| redirect::is_redirectable_bucket(b))
            .map(str::to_string);
        let redirect_params = s3_bucket.as_ref().map(|_| params.clone().into_owned());
        let caller_body = matches!(body, CallerBody::Stream(_));
        let known_region = s3_bucket
            .as_deref()
            .and_then(|b| inner.bucket_regions.get(b));
        let (mut prepared, body) = prepare(
            inner,
            op,
            params,
            body,
            Purpose::Call,
            known_region.as_deref(),
        )?;
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
                .attempt(op, &prepared, body, tries, streamed_member)
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
                Err(failure) => {
                    let redirect = match (&s3_bucket, &redirect_params, redirected) {
                        (Some(bucket), Some(params), false) => Some((bucket.as_str(), params)),
                        _ => None,
                    };
                    let again = match redirect {
                        Some((bucket, params)) => self.redirect(
                            op,
                            bucket,
                            params,
                            &failure,
                            caller_body,
                            pending.as_ref(),
                        )?,
                        None => None,
                    };
                    match again {
                        Some((request, body)) => {
                            prepared = request;
                            pending = Some(body);
                            redirected = true;
                            continue;
                        }
                        None => failure,
                    }
                }
            };
            retrier.after_attempt(service, Some(&err.error));
            let failed = FailedAttempt {
                error: &err.error,
                attempt,
                corrupted: err.transient,
                retry_after: err.retry_after,
            };
            let decision = match replayable {
                true => retrier.decide(service, operation, &mut call_retries, failed),
                false => {
                    if attempt < retrier.max_attempts()
                        && retry::classify(inner.model.name(), service, &err.error).is_some()
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

    /// The request again, prepared for the region an S3 error names, when the error is a
    /// region redirect and the caller's body (if any) can be sent again.
    fn redirect(
        &self,
        op: &Operation,
        bucket: &str,
        params: &Value,
        failure: &Failure,
        caller_body: bool,
        pending: Option<&ByteStream>,
    ) -> Result<Option<(UnsignedRequest, ByteStream)>, Error> {
        let inner = &*self.inner;
        let Some(region) =
            redirect::redirect_region(&op.name, &failure.error, failure.bucket_region.as_deref())
        else {
            return Ok(None);
        };
        let body = match (caller_body, pending.and_then(ByteStream::try_clone)) {
            (false, _) => CallerBody::None,
            (true, Some(copy)) => CallerBody::Stream(copy),
            (true, None) => return Ok(None),
        };
        tracing::debug!(operation = %op.name, bucket, region, "bucket is in another region; redirecting");
        inner.bucket_regions.insert(bucket, &region);
        prepare(
            inner,
            op,
            Cow::Borrowed(params),
            body,
            Purpose::Call,
            Some(&region),
        )
        .map(Some)
    }

    /// One attempt: sign and send; an error status becomes a service error.
    async fn attempt(
        &self,
        op: &Operation,
        prepared: &UnsignedRequest,
        body: ByteStream,
        tries: Tries<'_>,
        streamed_member: Option<&str>,
    ) -> Result<Received<String>, Failure> {
        let inner = &*self.inner;
        let (method, url) = (&prepared.method, &prepared.url);
        let attempt = tries.attempt;
        let mut headers = prepared.headers.clone();
        tries.add_headers(&mut headers);
        let body = match &prepared.trailer {
            Some(plan) => chunked::encode(body, plan)?,
            None => body,
        };
        if prepared.signed {
            let credentials = inner.credentials().await?;
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
        tracing::debug!(operation = %op.name, attempt, %method, %url, "sending");
        let request = Outgoing {
            method: method.clone(),
            url: url.clone(),
            headers,
            body,
            response_body_limit: inner.config.max_response_body_bytes,
        };
        let received = transport::exchange(
            &inner.http,
            &inner.connection_reuse,
            request,
            inner.config.read_timeout,
            streamed_member.map(str::to_string),
        )
        .await?;
        let Received {
            status,
            ref headers,
            ..
        } = received;
        tracing::debug!(operation = %op.name, attempt, status, "received");
        if let (true, ReceivedBody::Read(body)) =
            (protocol::is_error_status(status), &received.body)
        {
            return Err(Failure {
                error: Error::service(response::service_error(
                    inner.protocol,
                    inner.model.definition(),
                    op,
                    status,
                    headers,
                    body,
                )),
                bucket_region: redirect::bucket_region_header(headers),
                transient: false,
                retry_after: retry::retry_after(headers),
            });
        }
        Ok(received)
    }

    /// Parses a successful response; a streaming payload is handed back unread under its
    /// member name, and with [`Want::Body`] the whole body is handed back once it has passed
    /// the integrity checks.
    // A `Failure` is the outcome of a failed attempt throughout this file, and the error
    // path is the cold one, so its size is no cost worth boxing for.
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
                customize::after_output(&inner.model, op, prepared.notes, &mut output);
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
        if let Some(mismatch) =
            response::dynamodb_crc32_mismatch(inner.model.name(), &headers, &body)
        {
            return Err(Failure {
                error: Error::response(mismatch),
                bucket_region: None,
                transient: true,
                retry_after: None,
            });
        }
        if let Some((hasher, expected)) =
            validate_response::expected(&prepared.response_checksums, status, &headers)
        {
            validate_response::check(hasher, &expected, &body)?;
        }
        if response::is_s3_error_in_200(inner.model.name(), &op.name, status, &body) {
            return Err(Error::service(response::service_error(
                inner.protocol,
                service,
                op,
                500,
                &headers,
                &body,
            ))
            .into());
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
        customize::after_output(&inner.model, op, prepared.notes, &mut output);
        response::attach_metadata(&mut output, status, &headers, attempt - 1);
        Ok(Reply::Parsed(output))
    }
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

/// A failed attempt, with the bucket region its response named (S3 redirects), and whether
/// it is worth retrying whatever the error says (a corrupted response).
struct Failure {
    error: Error,
    bucket_region: Option<String>,
    transient: bool,
    /// The response's `x-amz-retry-after` header.
    retry_after: Option<Duration>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            error,
            bucket_region: None,
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
