//! Turning an operation call into a request ready to sign: idempotency tokens, validation,
//! serialization, endpoint, URL, headers, compression and checksums.

use std::borrow::Cow;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::{Map, Value};

use super::auth::Scheme;
use super::checksum::ChecksumPlan;
use super::payload::streaming_payload;
use super::sign::SigningScope;
use super::{checksum, chunked, compression, idempotency, url, validate_response, ClientInner};
use crate::body::ByteStream;
use crate::error::Error;
use crate::hooks::{hook_error, Call, ParametersStage, RequestStage};
use crate::model::Operation;
use crate::protocol::{self, Protocol};
use crate::session::ChecksumCalculation;

/// Whether the request will be sent or turned into a presigned URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// Sent by the client.
    Call,
    /// Presigned for someone else to send; no checksums, no body.
    Presign,
}

/// A request with everything but the signature and the body, as the pipeline keeps it.
#[derive(Debug)]
pub(crate) struct UnsignedRequest {
    pub method: Method,
    pub url: ::url::Url,
    pub headers: HeaderMap,
    pub scope: SigningScope,
    /// The operation is signed (false for `smithy.api#noAuth` / `authtype: none`).
    pub signed: bool,
    /// The payload is left out of the signature even when it is in memory
    /// (`unsignedPayload`, `authtype: v4-unsigned-body`).
    pub unsigned_payload: bool,
    /// What hooks noted before the call, for the later points.
    pub notes: http::Extensions,
    /// A streamed body is sent `aws-chunked` with this checksum in a trailer (over HTTPS,
    /// as botocore does).
    pub trailer: Option<ChecksumPlan>,
    /// Algorithms to check the response body with, in order of preference.
    pub response_checksums: Vec<&'static str>,
}

/// What a call brings besides its parameters.
#[derive(Debug)]
pub(crate) enum CallerBody {
    /// Nothing: the body is the serialized parameters.
    None,
    /// The streaming input payload (S3 `PutObject`'s `Body`).
    Stream(ByteStream),
    /// The whole JSON body of a JSON-protocol call, already written by a caller that builds
    /// it straight from its own types (the DynamoDB batch writer) and answers for it being
    /// valid: the parameters then only feed the endpoint and the headers, and are neither
    /// validated nor serialized into the body.
    Json(Bytes),
}

/// Prepares a call of `operation` with `params` and, for operations with a streaming input
/// payload, the caller's `body`; returns the request and the body to send with it. `region`
/// replaces the client's region for this request. Borrowed parameters are copied only when
/// the call adds to them.
pub(crate) fn prepare(
    client: &ClientInner,
    operation: &Operation,
    params: Cow<'_, Value>,
    body: CallerBody,
    purpose: Purpose,
    region: Option<&str>,
) -> Result<(UnsignedRequest, ByteStream), Error> {
    let service = client.model.definition();
    let auth = client.endpoints.auth().for_operation(operation)?;
    let (body, json_body) = match body {
        CallerBody::Json(text) if client.protocol == Protocol::Json => (None, Some(text)),
        CallerBody::Json(_) => {
            return Err(Error::model(format!(
                "{} is not a JSON-protocol operation; its body cannot be given as JSON text",
                operation.name
            )))
        }
        CallerBody::Stream(stream) => (Some(stream), None),
        CallerBody::None => (None, None),
    };
    let mut params = match &*params {
        Value::Null => Cow::Owned(Value::Object(Map::new())),
        Value::Object(_) => params,
        other => {
            return Err(Error::validation(vec![format!(
                "parameters of {} must be an object, not {}",
                operation.name,
                kind_of(other)
            )]))
        }
    };
    let validation_mode = match purpose {
        Purpose::Call => client.config.response_checksum_validation,
        Purpose::Presign => ChecksumCalculation::WhenRequired,
    };
    if idempotency::tokens_missing(service, operation, &params) {
        idempotency::fill_tokens(
            service,
            operation,
            params.to_mut(),
            client.config.idempotency_token_generator,
        );
    }
    let call = Call {
        model: &client.model,
        operation,
    };
    let mut notes = http::Extensions::new();
    let mut hook_region = None;
    for hook in client.hooks.for_operation(&operation.name) {
        let mut stage = ParametersStage {
            call,
            params: &mut params,
            region: &mut hook_region,
            notes: &mut notes,
            presigning: purpose == Purpose::Presign,
            client_region: client.region.as_deref(),
        };
        hook.before_parameters(&mut stage).map_err(hook_error)?;
    }
    let region = region.or(hook_region.as_deref());
    if validate_response::adds_validation_member(operation, validation_mode) {
        validate_response::request_validation(operation, params.to_mut(), validation_mode);
    }
    let params = &*params;
    let response_checksums = validate_response::algorithms(operation, params);

    let payload = streaming_payload(service, operation.input.as_ref());
    if let Some(body) = &body {
        let payload = payload.ok_or_else(|| {
            Error::validation(vec![format!(
                "{} takes no streaming body; pass its parameters only",
                operation.name
            )])
        })?;
        if params.get(payload.member).is_some_and(|v| !v.is_null()) {
            return Err(Error::validation(vec![format!(
                "{}: the body was given both as a byte stream and as a parameter",
                payload.member
            )]));
        }
        if payload.shape.requires_length && body.content_length().is_none() {
            return Err(Error::validation(vec![format!(
                "{}: {} needs a body of known length",
                payload.member, operation.name
            )]));
        }
    }

    if client.config.parameter_validation && json_body.is_none() {
        crate::validate::validate_input(service, operation, params)?;
    }
    let mut serialized = protocol::serialize(client.protocol, service, operation, params)?;
    if let Some(text) = json_body {
        serialized.body = text;
    }

    let resolved = client
        .endpoints
        .resolve(&client.model, operation, params, region)?;
    let host_prefix = serialized
        .host_prefix
        .as_deref()
        .filter(|_| client.config.inject_host_prefix);
    let mut url = url::join(&resolved.url, &serialized.path_and_query, host_prefix)?;

    let mut headers = serialized.headers;
    for (name, value) in &resolved.headers {
        insert_header(&mut headers, name, value)?;
    }
    let mut body = match body {
        Some(body) => body,
        None => ByteStream::from_bytes(serialized.body),
    };
    if body.as_bytes().is_none() {
        if let Some(length) = body.content_length() {
            headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(length));
        }
    }

    for hook in client.hooks.for_operation(&operation.name) {
        let mut new_body = None;
        let mut stage = RequestStage {
            call,
            method: &mut serialized.method,
            url: &mut url,
            headers: &mut headers,
            body: body.as_bytes().map(|b| &b[..]),
            new_body: &mut new_body,
            presigning: purpose == Purpose::Presign,
        };
        hook.after_serialization(&mut stage).map_err(hook_error)?;
        if let Some(replaced) = new_body {
            body = ByteStream::from_bytes(replaced);
        }
    }

    let mut trailer = None;
    if purpose == Purpose::Call {
        body = compression::maybe_compress(&client.config, service, operation, &mut headers, body)?;
        let plan = checksum::plan(
            service,
            operation,
            params,
            &headers,
            client.config.request_checksum_calculation,
        )?;
        match (plan, body.as_bytes()) {
            (Some(plan), Some(bytes)) => checksum::apply(&plan, bytes, &mut headers)?,
            (Some(plan), None) if url.scheme() == "https" && plan.can_trail() => {
                announce_trailer(&plan, &body, &mut headers)?;
                trailer = Some(plan);
            }
            _ => {}
        }
    }

    let metadata = client.model.metadata();
    let s3 = matches!(metadata.signature_version.as_deref(), Some("s3" | "s3v4"));
    let scheme = match (auth.scheme, resolved.scheme) {
        (Scheme::NoAuth, _) => Scheme::NoAuth,
        (_, Some(from_endpoint)) => from_endpoint,
        (from_model, None) => from_model,
    };
    let region = match scheme {
        Scheme::SigV4a => Some(
            client
                .endpoints
                .auth()
                .region_set(resolved.signing_region.as_deref())
                .to_string(),
        ),
        _ => resolved
            .signing_region
            .or_else(|| region.map(str::to_string)),
    };
    let scope = SigningScope {
        scheme,
        name: resolved
            .signing_name
            .or_else(|| metadata.signing_name.clone())
            .or_else(|| metadata.endpoint_prefix.clone())
            .unwrap_or_else(|| client.model.name().to_string()),
        region: region
            .or_else(|| client.region.clone())
            .unwrap_or_else(|| "us-east-1".to_string()),
        s3: s3 || resolved.disable_double_encoding,
    };

    let request = UnsignedRequest {
        method: serialized.method,
        url,
        headers,
        scope,
        signed: scheme != Scheme::NoAuth && !client.config.unsigned,
        unsigned_payload: operation.unsigned_payload || auth.unsigned_payload,
        notes,
        trailer,
        response_checksums,
    };
    Ok((request, body))
}

/// Sets the headers of an `aws-chunked` body with a checksum trailer: the encoding, the
/// decoded and encoded lengths, the trailer's name and the algorithm.
fn announce_trailer(
    plan: &ChecksumPlan,
    body: &ByteStream,
    headers: &mut HeaderMap,
) -> Result<(), Error> {
    let decoded = body
        .content_length()
        .ok_or_else(|| Error::serialization("a streamed upload needs a known length"))?;
    let encoded = chunked::encoded_length(
        decoded,
        plan.header_name(),
        plan.hasher().algorithm().base64_len(),
    );
    let encoding = match headers
        .get(http::header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
    {
        Some(existing) => format!("{existing},aws-chunked"),
        None => "aws-chunked".to_string(),
    };
    insert_header(headers, "content-encoding", &encoding)?;
    headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(encoded));
    headers.insert("x-amz-decoded-content-length", HeaderValue::from(decoded));
    insert_header(headers, "x-amz-trailer", plan.header_name())?;
    if let Some((name, value)) = plan.algorithm_header() {
        if !headers.contains_key(name) {
            insert_header(headers, name, value)?;
        }
    }
    Ok(())
}

fn insert_header(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), Error> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|e| Error::endpoint(format!("bad endpoint header name {name:?}: {e}")))?;
    let value = HeaderValue::from_str(value)
        .map_err(|e| Error::endpoint(format!("bad endpoint header value for {name}: {e}")))?;
    headers.insert(name, value);
    Ok(())
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
