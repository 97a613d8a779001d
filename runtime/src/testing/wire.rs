//! The HTTP responses a [`Stubber`](super::Stubber) answers with, in the wire format of the
//! client's protocol, so that the real response parsers, error parsers and retry rules run.

use bytes::Bytes;
use http::{HeaderValue, StatusCode};
use minicbor::Encoder;
use serde_json::{Map, Value};

use crate::body::ByteStream;
use crate::error::Error;
use crate::hooks::SendStage;
use crate::protocol::{self, Protocol};
use crate::transport::HttpResponse;

use super::stubber::StubbedError;

/// The header that ties a stubbed response to the output it stands for.
pub(super) const STUB_ID_HEADER: &str = "x-rboto-stub-id";

/// The protocol the client of this request speaks: RPC v2 CBOR when the request says so
/// (a client that prefers it), else the one botocore picks for the model.
pub(super) fn protocol_of(stage: &SendStage<'_>) -> Result<Protocol, Error> {
    if stage.headers().contains_key("smithy-protocol") {
        return Ok(Protocol::RpcV2Cbor);
    }
    Protocol::resolve(stage.model().metadata())
}

fn content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Json => "application/x-amz-json-1.0",
        Protocol::RestJson => "application/json",
        Protocol::RpcV2Cbor => "application/cbor",
        Protocol::Query | Protocol::Ec2 | Protocol::RestXml => "text/xml",
    }
}

fn response(
    protocol: Protocol,
    status: u16,
    body: ByteStream,
    id: Option<u64>,
) -> Result<HttpResponse, Error> {
    let mut response = http::Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status)
        .map_err(|_| Error::hook(format!("{status} is not an HTTP status")))?;
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(protocol)),
    );
    headers.insert("x-amzn-requestid", HeaderValue::from_static("stubbed"));
    if protocol == Protocol::RpcV2Cbor {
        headers.insert("smithy-protocol", HeaderValue::from_static("rpc-v2-cbor"));
    }
    if let Some(id) = id {
        headers.insert(STUB_ID_HEADER, HeaderValue::from(id));
    }
    Ok(response)
}

/// A successful response for `output`. The RPC protocols (JSON, CBOR) carry the whole output
/// in their body, written by the runtime's own serializers, so a caller that reads the body
/// itself (DynamoDB's typed queries) gets it from the wire. The other protocols get a body
/// their parser accepts, and the output is put in place after parsing; a streaming payload
/// is the body itself.
pub(super) fn success(
    stage: &SendStage<'_>,
    output: &Value,
    streamed: Option<Bytes>,
    status: u16,
    id: u64,
) -> Result<HttpResponse, Error> {
    let protocol = protocol_of(stage)?;
    let service = stage.model().definition();
    let output_ref = stage.operation().output.as_ref();
    let name = stage.operation_name();
    let body = match (streamed, protocol, output_ref) {
        (Some(bytes), ..) => bytes,
        (None, Protocol::Json, Some(reference)) => {
            protocol::json_text(service, reference, output)?.into()
        }
        (None, Protocol::RpcV2Cbor, Some(reference)) => {
            protocol::cbor_item(service, reference, output)?.into()
        }
        (None, Protocol::Json | Protocol::RestJson, _) => Bytes::from_static(b"{}"),
        (None, Protocol::RpcV2Cbor, None) => Bytes::new(),
        (None, Protocol::Query, _) => format!(
            "<{name}Response><{name}Result></{name}Result>\
             <ResponseMetadata><RequestId>stubbed</RequestId></ResponseMetadata></{name}Response>"
        )
        .into(),
        (None, Protocol::Ec2, _) => {
            format!("<{name}Response><requestId>stubbed</requestId></{name}Response>").into()
        }
        (None, _, _) => Bytes::new(),
    };
    response(protocol, status, ByteStream::from_bytes(body), Some(id))
}

/// An error response for `error`, as the protocol's services send one.
pub(super) fn error(stage: &SendStage<'_>, error: &StubbedError) -> Result<HttpResponse, Error> {
    let protocol = protocol_of(stage)?;
    let fields = error
        .modeled_fields
        .as_object()
        .cloned()
        .unwrap_or_default();
    let body: Bytes = match protocol {
        Protocol::Json | Protocol::RpcV2Cbor => {
            let mut map = Map::new();
            map.insert("__type".into(), Value::String(error.code.clone()));
            map.insert("message".into(), Value::String(error.message.clone()));
            map.extend(fields);
            if protocol == Protocol::Json {
                serde_json::to_vec(&Value::Object(map))
                    .expect("a JSON value always writes")
                    .into()
            } else {
                cbor_of(&Value::Object(map)).into()
            }
        }
        Protocol::RestJson => {
            let mut map = Map::new();
            map.insert("message".into(), Value::String(error.message.clone()));
            map.extend(fields);
            serde_json::to_vec(&Value::Object(map))
                .expect("a JSON value always writes")
                .into()
        }
        Protocol::RestXml | Protocol::Query | Protocol::Ec2 => {
            let mut inner = String::new();
            if protocol == Protocol::Query {
                inner.push_str("<Type>Sender</Type>");
            }
            xml_element(&mut inner, "Code", &Value::String(error.code.clone()));
            xml_element(&mut inner, "Message", &Value::String(error.message.clone()));
            for (name, value) in &fields {
                xml_element(&mut inner, name, value);
            }
            match protocol {
                Protocol::Query => format!(
                    "<ErrorResponse><Error>{inner}</Error><RequestId>stubbed</RequestId></ErrorResponse>"
                ),
                Protocol::Ec2 => format!(
                    "<Response><Errors><Error>{inner}</Error></Errors><RequestID>stubbed</RequestID></Response>"
                ),
                _ => format!("<Error>{inner}<RequestId>stubbed</RequestId></Error>"),
            }
            .into()
        }
    };
    let mut answer = response(
        protocol,
        error.http_status,
        ByteStream::from_bytes(body),
        None,
    )?;
    if protocol == Protocol::RestJson {
        let code = HeaderValue::from_str(&error.code)
            .map_err(|_| Error::hook(format!("{:?} cannot be a header", error.code)))?;
        answer.headers_mut().insert("x-amzn-errortype", code);
    }
    for (name, value) in &error.headers {
        answer.headers_mut().insert(name.clone(), value.clone());
    }
    Ok(answer)
}

/// Writes `value` as XML under the element `name`: objects as nested elements, lists as
/// `member` elements, scalars as text.
fn xml_element(out: &mut String, name: &str, value: &Value) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    match value {
        Value::Null => {}
        Value::String(s) => escape_into(out, s),
        Value::Bool(_) | Value::Number(_) => out.push_str(&value.to_string()),
        Value::Array(items) => {
            for item in items {
                xml_element(out, "member", item);
            }
        }
        Value::Object(map) => {
            for (child, value) in map {
                xml_element(out, child, value);
            }
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// `value` as a CBOR item, without a shape: an error body's code, message and fields.
fn cbor_of(value: &Value) -> Vec<u8> {
    let mut out = Encoder::new(Vec::new());
    write_cbor(value, &mut out);
    out.into_writer()
}

fn write_cbor(value: &Value, out: &mut Encoder<Vec<u8>>) {
    let written = match value {
        Value::Null => out.null().map(drop),
        Value::Bool(b) => out.bool(*b).map(drop),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => out.u64(u).map(drop),
            (None, Some(i)) => out.i64(i).map(drop),
            _ => out.f64(n.as_f64().unwrap_or(f64::NAN)).map(drop),
        },
        Value::String(s) => out.str(s).map(drop),
        Value::Array(items) => {
            let started = out.array(items.len() as u64).map(drop);
            for item in items {
                write_cbor(item, out);
            }
            started
        }
        Value::Object(map) => {
            let started = out.map(map.len() as u64).map(drop);
            for (key, item) in map {
                out.str(key).expect("CBOR encoding into memory cannot fail");
                write_cbor(item, out);
            }
            started
        }
    };
    written.expect("CBOR encoding into memory cannot fail");
}
