//! Input cases: serialize the case's params and compare the request with `serialized`.

use std::io::Read as _;

use base64::Engine as _;

use http::HeaderMap;
use serde_json::Value;

use rboto_runtime::model::{ServiceDefinition, ShapeType};
use rboto_runtime::protocol::{self, Protocol, SerializedRequest};
use rboto_runtime::{Config, ServiceModel, Session};

use super::compare::{cbor_tree, json_diff, json_eq, show_bytes, xml_canonical};
use super::convert::params_to_ours;
use super::{Outcome, Suite, UNORDERED_MAPS};

/// Runs a case through the serializer alone, as botocore's runner does, and through the
/// whole client pipeline.
pub fn run(suite: &Suite<'_>, case: &Value) -> Outcome {
    let problems: Vec<String> = [
        ("serializer", check(suite, case)),
        ("client", check_through_client(suite, case)),
    ]
    .into_iter()
    .filter_map(|(path, result)| {
        result
            .err()
            .map(|why| format!("through the {path}:\n{why}"))
    })
    .collect();
    if problems.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Fail(problems.join("\n"))
    }
}

/// Runs a case through the whole client pipeline ([`Client::prepare`]) rather than the
/// serializer alone: for behaviour the client adds (idempotency tokens, endpoints with a
/// path, host prefixes, compression, checksums).
pub fn run_through_client(suite: &Suite<'_>, case: &Value) -> Outcome {
    outcome(check_through_client(suite, case))
}

fn outcome(result: Result<(), String>) -> Outcome {
    match result {
        Ok(()) => Outcome::Pass,
        Err(why) => Outcome::Fail(why),
    }
}

/// The token botocore's runner makes every generated idempotency token.
fn fixed_token() -> String {
    "00000000-0000-4000-8000-000000000000".to_string()
}

/// The endpoint a case's client uses when its suite names none.
pub const DEFAULT_ENDPOINT: &str = "https://example.com";

/// What a request looks like to the comparison, from the serializer or from the client.
struct Sent {
    method: String,
    path_and_query: String,
    headers: HeaderMap,
    body: Vec<u8>,
    host: String,
    /// The transport sets Content-Length for this request.
    has_length: bool,
}

fn check(suite: &Suite<'_>, case: &Value) -> Result<(), String> {
    let (service, name) = suite.service_for(&case["given"], None)?;
    let operation = service.operation(&name).expect("the case's operation");
    let protocol = Protocol::resolve(&service.metadata).map_err(|e| e.to_string())?;
    let params = match &operation.input {
        Some(input) => params_to_ours(&service, &input.shape, &case["params"]),
        None => case["params"].clone(),
    };
    let request = protocol::serialize(protocol, &service, operation, &params)
        .map_err(|e| format!("serialize failed: {e}"))?;
    let endpoint_host = suite.client_endpoint.map(netloc).unwrap_or("");
    let sent = Sent {
        method: request.method.to_string(),
        host: format!(
            "{}{endpoint_host}",
            request.host_prefix.as_deref().unwrap_or("")
        ),
        has_length: transport_sets_length(&request),
        path_and_query: request.path_and_query,
        headers: request.headers,
        body: request.body.to_vec(),
    };
    compare(&service, &name, suite, case, &sent)
}

/// The body the client sends for a case, as bytes on the wire.
pub fn body_through_client(suite: &Suite<'_>, case: &Value) -> Result<Vec<u8>, String> {
    let (_, _, _, request) = prepare_through_client(suite, case)?;
    Ok(request.body().to_vec())
}

fn prepare_through_client(
    suite: &Suite<'_>,
    case: &Value,
) -> Result<
    (
        ServiceDefinition,
        String,
        Value,
        rboto_runtime::client::PreparedRequest,
    ),
    String,
> {
    let (service, name) = suite.service_for(&case["given"], None)?;
    let params = match &service
        .operation(&name)
        .expect("the case's operation")
        .input
    {
        Some(input) => params_to_ours(&service, &input.shape, &case["params"]),
        None => case["params"].clone(),
    };
    let endpoint = suite.client_endpoint.unwrap_or(DEFAULT_ENDPOINT);
    let config = Config::builder()
        .idempotency_token_generator(fixed_token)
        .build();
    let session = Session::builder().region("us-east-1").build();
    let client = session
        .client_builder(ServiceModel::from_definition(
            "conformance",
            service.clone(),
        ))
        .endpoint_url(endpoint)
        .config(config)
        .build()
        .map_err(|e| format!("client failed: {e}"))?;
    let request = client
        .prepare(&name, params.clone())
        .map_err(|e| format!("prepare failed: {e}"))?;
    Ok((service, name, params, request))
}

/// The `host` a vector pins for a request to `url`: its host and port, then the path of the
/// client's `endpoint` when it has one (`example.com/custom`).
pub fn host_as_pinned(url: &url::Url, endpoint: &str) -> String {
    let endpoint_path = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest)
        .split_once('/')
        .map_or("", |(_, path)| path)
        .trim_end_matches('/');
    let mut host = url.host_str().unwrap_or_default().to_string();
    if let Some(port) = url.port() {
        host.push_str(&format!(":{port}"));
    }
    if !endpoint_path.is_empty() {
        host.push('/');
        host.push_str(endpoint_path);
    }
    host
}

fn check_through_client(suite: &Suite<'_>, case: &Value) -> Result<(), String> {
    let endpoint = suite.client_endpoint.unwrap_or(DEFAULT_ENDPOINT);
    let (service, name, params, request) = prepare_through_client(suite, case)?;
    check_compressed_body(&service, &name, &params, request.headers(), request.body())?;
    let url = url::Url::parse(request.url()).map_err(|e| format!("bad URL: {e}"))?;
    let host = host_as_pinned(&url, endpoint);
    let path_and_query = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    let sent = Sent {
        method: request.method().to_string(),
        path_and_query,
        headers: request.headers().clone(),
        body: request.body().to_vec(),
        host,
        has_length: true,
    };
    compare(&service, &name, suite, case, &sent)
}

/// A gzip-encoded body must be the serializer's body, compressed: the vectors name only the
/// encoding.
fn check_compressed_body(
    service: &ServiceDefinition,
    name: &str,
    params: &Value,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), String> {
    let gzipped = header_value(headers, "content-encoding")
        .is_some_and(|v| v.rsplit(',').next().map(str::trim) == Some("gzip"));
    if !gzipped {
        return Ok(());
    }
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut plain)
        .map_err(|e| format!("body: Content-Encoding says gzip, but it does not gunzip: {e}"))?;
    let operation = service.operation(name).expect("the case's operation");
    let protocol = Protocol::resolve(&service.metadata).map_err(|e| e.to_string())?;
    let serialized = protocol::serialize(protocol, service, operation, params)
        .map_err(|e| format!("serialize failed: {e}"))?;
    if plain == serialized.body {
        Ok(())
    } else {
        Err(format!(
            "body: gunzipped {}\n      serialized {}",
            show_bytes(&plain),
            show_bytes(&serialized.body)
        ))
    }
}

fn compare(
    service: &ServiceDefinition,
    name: &str,
    suite: &Suite<'_>,
    case: &Value,
    sent: &Sent,
) -> Result<(), String> {
    let expected = &case["serialized"];
    let wire_protocol = suite.metadata["protocol"].as_str().unwrap_or("");
    let mut problems = Vec::new();

    if let Some(body) = expected.get("body").and_then(Value::as_str) {
        let unordered = case[UNORDERED_MAPS] == true;
        if let Err(why) = compare_body(&sent.body, body.as_bytes(), wire_protocol, unordered) {
            problems.push(why);
        }
    }
    problems.extend(compare_headers(
        service,
        name,
        sent,
        expected,
        wire_protocol,
    ));
    let uri = expected.get("uri").and_then(Value::as_str).unwrap_or("");
    let same_uri = if case[UNORDERED_MAPS] == true {
        unordered_query(&sent.path_and_query) == unordered_query(uri)
    } else {
        sent.path_and_query == uri
    };
    if !same_uri {
        problems.push(format!(
            "uri: expected {uri:?}, got {:?}",
            sent.path_and_query
        ));
    }
    if let Some(method) = expected.get("method").and_then(Value::as_str) {
        if sent.method != method {
            problems.push(format!("method: expected {method}, got {}", sent.method));
        }
    }
    if let Some(host) = expected.get("host").and_then(Value::as_str) {
        if sent.host != host {
            problems.push(format!("host: expected {host:?}, got {:?}", sent.host));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn netloc(url: &str) -> &str {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

/// A URI's path and its query parameters as a sorted list, for comparing a query string that
/// carries a map's entries in no particular order.
fn unordered_query(uri: &str) -> (&str, Vec<&str>) {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut pairs: Vec<&str> = query.split('&').collect();
    pairs.sort_unstable();
    (path, pairs)
}

/// A query body's parameters with map entries regrouped: `….entry.N.key=k` and its value
/// are gathered per entry and the entries sorted, so two bodies holding the same map
/// entries in another order compare equal.
fn unordered_form(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let mut plain = Vec::new();
    let mut entries: std::collections::BTreeMap<(String, String), Vec<String>> = Default::default();
    for pair in text.split('&') {
        let grouped = pair.split_once(".entry.").and_then(|(prefix, rest)| {
            let (index, field) = rest.split_once('.')?;
            index.parse::<u32>().ok()?;
            Some(((prefix.to_string(), index.to_string()), field.to_string()))
        });
        match grouped {
            Some((entry, field)) => entries.entry(entry).or_default().push(field),
            None => plain.push(pair.to_string()),
        }
    }
    let mut groups: Vec<String> = entries
        .into_iter()
        .map(|((prefix, _), mut fields)| {
            fields.sort();
            format!("{prefix}.entry{{{}}}", fields.join(","))
        })
        .collect();
    plain.append(&mut groups);
    plain.sort();
    plain
}

fn compare_body(
    actual: &[u8],
    expected: &[u8],
    protocol: &str,
    unordered: bool,
) -> Result<(), String> {
    let as_strings = || {
        if actual == expected {
            Ok(())
        } else {
            Err(format!(
                "body: expected {}\n      got      {}",
                show_bytes(expected),
                show_bytes(actual)
            ))
        }
    };
    match protocol {
        "query" | "ec2" if unordered => {
            if unordered_form(actual) == unordered_form(expected) {
                Ok(())
            } else {
                as_strings()
            }
        }
        "json" | "rest-json" => {
            let parsed = (
                serde_json::from_slice::<Value>(actual),
                serde_json::from_slice::<Value>(expected),
            );
            match parsed {
                (Ok(a), Ok(e)) => {
                    if json_eq(&a, &e) {
                        Ok(())
                    } else {
                        Err(format!("body (as JSON):\n{}", json_diff(&a, &e)))
                    }
                }
                (a, e) if protocol == "json" => Err(format!(
                    "body is not JSON (actual: {}, expected: {}): expected {}, got {}",
                    a.err().map_or("ok".into(), |e| e.to_string()),
                    e.err().map_or("ok".into(), |e| e.to_string()),
                    show_bytes(expected),
                    show_bytes(actual)
                )),
                _ => as_strings(),
            }
        }
        "rest-xml" => match (xml_canonical(actual), xml_canonical(expected)) {
            (Ok(a), Ok(e)) => {
                let same = if unordered {
                    a.unordered() == e.unordered()
                } else {
                    a == e
                };
                if same {
                    Ok(())
                } else {
                    Err(format!(
                        "body (as XML): expected {}\n               got      {}",
                        show_bytes(expected),
                        show_bytes(actual)
                    ))
                }
            }
            _ => as_strings(),
        },
        "smithy-rpc-v2-cbor" => {
            let expected = base64::engine::general_purpose::STANDARD
                .decode(expected)
                .map_err(|e| format!("the vector's CBOR body is not base64: {e}"))?;
            if actual.is_empty() || expected.is_empty() {
                return if actual == expected.as_slice() {
                    Ok(())
                } else {
                    Err(format!(
                        "body: expected {} byte(s), got {}",
                        expected.len(),
                        actual.len()
                    ))
                };
            }
            match (cbor_tree(actual), cbor_tree(&expected)) {
                (Ok(a), Ok(e)) if json_eq(&a, &e) => Ok(()),
                (Ok(a), Ok(e)) => Err(format!("body (as CBOR):\n{}", json_diff(&a, &e))),
                (a, e) => Err(format!(
                    "body is not CBOR (actual: {}, expected: {})",
                    a.err().unwrap_or_else(|| "ok".into()),
                    e.err().unwrap_or_else(|| "ok".into())
                )),
            }
        }
        _ => as_strings(),
    }
}

fn compare_headers(
    service: &ServiceDefinition,
    operation: &str,
    request: &Sent,
    expected: &Value,
    protocol: &str,
) -> Vec<String> {
    let mut actual = request.headers.clone();
    let mut wanted: Vec<(String, String)> = expected
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    normalize_list_headers(service, operation, &mut actual, &mut wanted);
    let content_type = |w: &Vec<(String, String)>| {
        w.iter()
            .position(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    };
    match protocol {
        "query" | "ec2" => {
            if let Some(i) = content_type(&wanted) {
                let value = wanted.remove(i).1;
                let value = if value.contains("charset=utf-8") {
                    value
                } else {
                    format!("{value}; charset=utf-8")
                };
                wanted.push(("Content-Type".into(), value));
            }
        }
        "rest-xml" => {
            if let Some(i) = content_type(&wanted) {
                wanted.remove(i);
            }
        }
        "rest-json" => {
            if let Some(i) = content_type(&wanted) {
                if wanted[i].1 != "application/json" {
                    wanted.remove(i);
                }
            }
        }
        _ => {}
    }
    let mut problems = Vec::new();
    for (name, value) in &wanted {
        match header_value(&actual, name) {
            Some(got) if got == *value => {}
            Some(got) => problems.push(format!("header {name}: expected {value:?}, got {got:?}")),
            None => problems.push(format!("header {name}: missing, expected {value:?}")),
        }
    }
    for name in strings(expected.get("forbidHeaders")) {
        if let Some(got) = header_value(&actual, name) {
            problems.push(format!("header {name}: forbidden, but sent as {got:?}"));
        }
    }
    for name in strings(expected.get("requireHeaders")) {
        let sent = header_value(&actual, name).is_some()
            || (name.eq_ignore_ascii_case("content-length") && request.has_length);
        if !sent {
            problems.push(format!("header {name}: required, but not sent"));
        }
    }
    problems
}

/// The HTTP client sets Content-Length for every request whose body is in memory.
fn transport_sets_length(request: &SerializedRequest) -> bool {
    request.streaming_member.is_none() || !request.body.is_empty()
}

fn strings(v: Option<&Value>) -> impl Iterator<Item = &str> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

fn header_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    if values.is_empty() {
        None
    } else {
        Some(values.join(","))
    }
}

/// List-valued headers: the vectors join items with ", ", botocore with ","; the runner
/// compares them without the space (and strips it from our timestamp lists too).
fn normalize_list_headers(
    service: &ServiceDefinition,
    operation: &str,
    actual: &mut HeaderMap,
    wanted: &mut [(String, String)],
) {
    let Some(input) = service
        .operation(operation)
        .and_then(|op| op.input.as_ref())
        .and_then(|r| service.shape(&r.shape))
    else {
        return;
    };
    for member in input.members.values() {
        let Some(shape) = service.shape(&member.shape) else {
            continue;
        };
        if member.location.as_deref() != Some("header") || shape.kind != ShapeType::List {
            continue;
        }
        let Some(header) = member.location_name.as_deref() else {
            continue;
        };
        for (name, value) in wanted.iter_mut() {
            if name.eq_ignore_ascii_case(header) {
                *value = value.replace(", ", ",");
            }
        }
        let timestamps = shape
            .member
            .as_ref()
            .and_then(|m| service.shape(&m.shape))
            .is_some_and(|s| s.kind == ShapeType::Timestamp);
        if timestamps {
            if let Some(v) = header_value(actual, header) {
                if let (Ok(name), Ok(value)) = (
                    http::HeaderName::from_bytes(header.as_bytes()),
                    http::HeaderValue::from_str(&v.replace(", ", ",")),
                ) {
                    actual.insert(name, value);
                }
            }
        }
    }
}
