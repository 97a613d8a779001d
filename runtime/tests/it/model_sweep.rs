//! The model sweep: every operation of every service model in a directory, through the
//! client's whole preparation, without a network.
//!
//! For each operation it builds the smallest valid input the model allows (required members
//! only, each of its type's simplest value within the shape's `min`, `max` and `enum`),
//! prepares the request (validation, customizations, serialization, endpoint rules) and signs
//! it with fixed fake credentials; parses a minimal response of the operation's protocol
//! for its output shape; then checks that the input with one required member removed, and
//! with one member of the wrong type, is refused before anything is sent, with the member's
//! path in the error. It prints `model sweep: N operations prepared, M failed` and fails when
//! M is not 0. A model that lists `smithy-rpc-v2-cbor` beside the protocol botocore picks
//! (CloudWatch) is swept a second time over CBOR, as a client that asks for it speaks, on a
//! line of its own.
//!
//! The directory is botocore's data layout, `<service>/<api-version>/service-2.json` (or
//! `.json.gz`) with `endpoint-rule-set-1.json` beside it; the newest API version of each
//! service is swept, as botocore loads it. It defaults to `resource-models/models`;
//! `RBOTO_SWEEP_MODELS` points it elsewhere (an installed botocore's `data` folder), and
//! `RBOTO_SWEEP_ONLY=s3,kms` narrows it to some services.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use http::HeaderMap;
use serde_json::{json, Map, Value};

use rboto_runtime::hooks::{BoxError, Hook, Scope, SendStage};
use rboto_runtime::model::{
    ModelSource, ServiceDefinition, ServiceModel, Shape, ShapeRef, ShapeType,
};
use rboto_runtime::protocol::{self, HttpResponse, Protocol};
use rboto_runtime::{Client, Credentials, Session, Token};

/// Required members a customization fills when the caller leaves them out, as botocore's
/// handlers do, so leaving them out is no error: (service, member, the handler).
const FILLED_BY_CUSTOMIZATIONS: &[(&str, &str, &str)] = &[(
    "glacier",
    "accountId",
    "botocore's inject_account_id sends \"-\", the caller's account",
)];

/// Deepest structure nesting the minimal input follows; a model needing more has a cycle of
/// required members, which no valid input can satisfy.
const MAX_DEPTH: usize = 32;

/// Where the models are: `RBOTO_SWEEP_MODELS`, else every service's, as the model crates
/// under `resource-models/services-*/models` hold them (botocore's layout, gzip-compressed).
fn model_roots() -> Vec<PathBuf> {
    if let Some(dir) = std::env::var_os("RBOTO_SWEEP_MODELS") {
        return vec![PathBuf::from(dir)];
    }
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resource-models");
    let mut roots: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", base.display()))
        .flatten()
        .map(|entry| entry.path().join("models"))
        .filter(|models| {
            models.is_dir()
                && models
                    .parent()
                    .and_then(Path::file_name)
                    .is_some_and(|n| n.to_string_lossy().starts_with("services-"))
        })
        .collect();
    roots.sort();
    roots
}

/// Reads `file` from `dir`, or its gzip-compressed `file.gz`.
fn read_model_file(dir: &Path, file: &str) -> Result<Option<String>, String> {
    let plain = dir.join(file);
    if plain.is_file() {
        return std::fs::read_to_string(&plain)
            .map(Some)
            .map_err(|e| format!("cannot read {}: {e}", plain.display()));
    }
    let gz = dir.join(format!("{file}.gz"));
    if gz.is_file() {
        let bytes = std::fs::read(&gz).map_err(|e| format!("cannot read {}: {e}", gz.display()))?;
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot gunzip {}: {e}", gz.display()))?;
        return Ok(Some(text));
    }
    Ok(None)
}

/// Every service folder with the folder of its newest API version that holds a service model.
fn service_dirs(roots: &[PathBuf]) -> Vec<(String, PathBuf)> {
    let only: Option<Vec<String>> = std::env::var("RBOTO_SWEEP_ONLY")
        .ok()
        .map(|s| s.split(',').map(|t| t.trim().to_string()).collect());
    let mut services = Vec::new();
    let entries = roots.iter().flat_map(|root| {
        std::fs::read_dir(root)
            .unwrap_or_else(|e| panic!("cannot list the models folder {}: {e}", root.display()))
            .flatten()
    });
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if only.as_ref().is_some_and(|only| !only.contains(&name)) {
            continue;
        }
        let Ok(versions) = std::fs::read_dir(entry.path()) else {
            continue;
        };
        let newest = versions
            .flatten()
            .map(|v| v.path())
            .filter(|v| v.join("service-2.json").is_file() || v.join("service-2.json.gz").is_file())
            .max();
        if let Some(dir) = newest {
            services.push((name, dir));
        }
    }
    services.sort();
    services
}

/// A service's model from its folder. The texts are leaked: a model source holds static
/// text, and this process reads each model once.
fn load(name: &str, dir: &Path) -> Result<ServiceModel, String> {
    let leak = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
    let service = read_model_file(dir, "service-2.json")?.ok_or("no service-2.json")?;
    let rules = read_model_file(dir, "endpoint-rule-set-1.json")?;
    let source = ModelSource::new(
        leak(name.to_string()),
        leak(service),
        None,
        None,
        rules.map(leak),
    );
    ServiceModel::from_source(&source).map_err(|e| e.to_string())
}

/// Values of the ARN parameters of a service's endpoint rule set (`KvsARN`, `StreamARN`, …)
/// from the successful cases of its endpoint tests
/// (`.conformance/endpoint-rules/<service>/endpoint-tests-1.json`, from
/// `scripts/fetch-conformance`; `RBOTO_CONFORMANCE_DIR` moves it): the rules take such an
/// ARN apart and refuse any other text, so a member bound to one gets a value they accept.
/// Empty when the tests are not there; the sweep then reports the members the rules refuse.
fn endpoint_samples(service: &str) -> BTreeMap<String, String> {
    let root = std::env::var_os("RBOTO_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.conformance"));
    let path = root
        .join("endpoint-rules")
        .join(service)
        .join("endpoint-tests-1.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    let doc: Value = serde_json::from_str(&text).unwrap_or_default();
    let mut samples = BTreeMap::new();
    let cases = doc["testCases"].as_array().cloned().unwrap_or_default();
    for case in cases
        .iter()
        .filter(|c| c["expect"].get("endpoint").is_some())
    {
        let region = case["params"]["Region"].as_str();
        if region.is_some_and(|r| r != "us-east-1") {
            continue;
        }
        for (name, value) in case["params"].as_object().into_iter().flatten() {
            if !name.to_ascii_lowercase().ends_with("arn") {
                continue;
            }
            if let Value::String(text) = value {
                samples.entry(name.clone()).or_insert_with(|| text.clone());
            }
        }
    }
    samples
}

/// Builds the smallest valid value of shapes.
struct Minimal<'a> {
    service: &'a ServiceDefinition,
    endpoint_samples: &'a BTreeMap<String, String>,
}

impl Minimal<'_> {
    fn value(&self, reference: &ShapeRef, depth: usize) -> Value {
        let Some(shape) = self.service.shape_of(reference) else {
            return Value::Null;
        };
        if shape.document || shape.kind == ShapeType::Document {
            return json!({});
        }
        let host_label = reference.host_label;
        let sample = reference
            .context_param
            .as_ref()
            .and_then(|p| self.endpoint_samples.get(&p.name));
        if let (Some(sample), ShapeType::String) = (sample, shape.kind) {
            return Value::String(sample.clone());
        }
        match shape.kind {
            ShapeType::Structure => self.structure(shape, depth),
            ShapeType::List => {
                let count = shape.min.unwrap_or(0.0).max(0.0) as usize;
                let item = shape.member.as_deref();
                Value::Array(
                    (0..count)
                        .map(|_| item.map_or(Value::Null, |m| self.value(m, depth + 1)))
                        .collect(),
                )
            }
            ShapeType::Map => {
                let count = shape.min.unwrap_or(0.0).max(0.0) as usize;
                let mut map = Map::new();
                for i in 0..count {
                    let key_shape = shape.key.as_deref().and_then(|k| self.service.shape_of(k));
                    let key = match key_shape {
                        Some(key) => match &key.enum_values {
                            Some(values) if i < values.len() => values[i].clone(),
                            _ => {
                                let min = key.min.unwrap_or(0.0).max(1.0) as usize;
                                format!("{i:a>min$}")
                            }
                        },
                        None => format!("k{i}"),
                    };
                    let value = shape
                        .value
                        .as_deref()
                        .map_or(Value::Null, |v| self.value(v, depth + 1));
                    map.insert(key, value);
                }
                Value::Object(map)
            }
            ShapeType::String | ShapeType::Character => {
                if let Some(first) = shape.enum_values.as_ref().and_then(|v| v.first()) {
                    return Value::String(first.clone());
                }
                let min = shape
                    .min
                    .unwrap_or(0.0)
                    .max(if host_label { 1.0 } else { 0.0 });
                let len = (min as usize).max(1);
                let len = shape
                    .max
                    .map_or(len, |max| len.min(max as usize))
                    .max(min as usize);
                Value::String("a".repeat(len))
            }
            ShapeType::Blob => {
                let len = (shape.min.unwrap_or(0.0).max(1.0)) as usize;
                let len = shape.max.map_or(len, |max| len.min(max.max(1.0) as usize));
                Value::String(protocol::blob::encode(&vec![b'a'; len]))
            }
            ShapeType::Boolean => Value::Bool(false),
            ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte => {
                let n = shape.min.unwrap_or(0.0).max(0.0);
                let n = shape.max.map_or(n, |max| n.min(max));
                Value::from(n.ceil() as i64)
            }
            ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal => {
                let n = shape.min.unwrap_or(0.0).max(0.0);
                Value::from(shape.max.map_or(n, |max| n.min(max)))
            }
            ShapeType::Timestamp => Value::from(1_577_836_800),
            _ => Value::String("a".into()),
        }
    }

    fn structure(&self, shape: &Shape, depth: usize) -> Value {
        let mut map = Map::new();
        if depth > MAX_DEPTH {
            return Value::Object(map);
        }
        if shape.union {
            if let Some((name, member)) = shape
                .members
                .iter()
                .find(|(_, m)| !is_stream(self.service, m))
            {
                map.insert(name.clone(), self.value(member, depth + 1));
            }
            return Value::Object(map);
        }
        for name in &shape.required {
            if let Some(member) = shape.members.get(name) {
                if is_stream(self.service, member) {
                    continue;
                }
                map.insert(name.clone(), self.value(member, depth + 1));
            }
        }
        Value::Object(map)
    }
}

/// Whether a member is an event stream, which no parameter value carries.
fn is_stream(service: &ServiceDefinition, member: &ShapeRef) -> bool {
    service.shape_of(member).is_some_and(|s| s.eventstream)
}

/// A value of another type than the member's.
fn wrong_type(service: &ServiceDefinition, member: &ShapeRef) -> Option<Value> {
    let shape = service.shape_of(member)?;
    if shape.document || shape.kind == ShapeType::Document {
        return None;
    }
    Some(match shape.kind {
        ShapeType::String | ShapeType::Character | ShapeType::Blob => json!(["a"]),
        ShapeType::Timestamp => json!([1]),
        ShapeType::Boolean
        | ShapeType::Integer
        | ShapeType::Long
        | ShapeType::Short
        | ShapeType::Byte
        | ShapeType::Float
        | ShapeType::Double
        | ShapeType::BigDecimal
        | ShapeType::List
        | ShapeType::Map
        | ShapeType::Structure => json!("not of this type"),
        _ => return None,
    })
}

/// The smallest successful response each protocol sends. An output with an event stream
/// is a stream: with no events for the REST protocols, whose other members travel in
/// headers; with only its `initial-response` event for the RPC ones.
fn minimal_body(protocol: Protocol, operation: &str, event_stream: bool) -> Vec<u8> {
    match (protocol, event_stream) {
        (Protocol::RestJson | Protocol::RestXml, true) => return Vec::new(),
        (Protocol::Json, true) => return initial_response(b"{}", "application/json"),
        (Protocol::RpcV2Cbor, true) => return initial_response(&[0xa0], "application/cbor"),
        _ => {}
    }
    match protocol {
        Protocol::Query => {
            format!("<{operation}Response><{operation}Result/></{operation}Response>").into_bytes()
        }
        Protocol::Ec2 => format!("<{operation}Response/>").into_bytes(),
        Protocol::RestXml => Vec::new(),
        Protocol::RpcV2Cbor => vec![0xa0],
        _ => b"{}".to_vec(),
    }
}

/// One event-stream message: the `initial-response` event carrying `payload`.
fn initial_response(payload: &[u8], content_type: &str) -> Vec<u8> {
    let mut headers = Vec::new();
    for (name, value) in [
        (":message-type", "event"),
        (":event-type", "initial-response"),
        (":content-type", content_type),
    ] {
        headers.push(name.len() as u8);
        headers.extend_from_slice(name.as_bytes());
        headers.push(7);
        headers.extend_from_slice(&(value.len() as u16).to_be_bytes());
        headers.extend_from_slice(value.as_bytes());
    }
    let total = 12 + headers.len() + payload.len() + 4;
    let mut message = Vec::with_capacity(total);
    message.extend_from_slice(&(total as u32).to_be_bytes());
    message.extend_from_slice(&(headers.len() as u32).to_be_bytes());
    message.extend_from_slice(&crc32fast::hash(&message).to_be_bytes());
    message.extend_from_slice(&headers);
    message.extend_from_slice(payload);
    message.extend_from_slice(&crc32fast::hash(&message).to_be_bytes());
    message
}

#[derive(Default)]
struct Tally {
    prepared: usize,
    failed: usize,
    /// Bidirectional-stream operations refused before sending, as botocore leaves them off
    /// its clients (they need HTTP/2).
    refused: usize,
    failures: BTreeMap<String, Vec<String>>,
}

impl Tally {
    /// Notes a failed check; [`sweep_operation`] counts the operation once.
    fn fail(&mut self, service: &str, message: String) {
        self.failures
            .entry(service.to_string())
            .or_default()
            .push(message);
    }
}

/// Refused before sending, as a validation error whose one problem is at `path`
/// (`path: what is wrong`).
fn refused_naming(
    result: Result<rboto_runtime::client::PreparedRequest, rboto_runtime::Error>,
    path: &str,
) -> Result<(), String> {
    let expected = format!("invalid parameters: {path}: ");
    match result {
        Ok(_) => Err("was prepared".to_string()),
        Err(e)
            if e.is_validation()
                && e.to_string().starts_with(&expected)
                && !e.to_string().contains("; ") =>
        {
            Ok(())
        }
        Err(e) => Err(format!(
            "refused, but not as the one problem of {path}: {e}"
        )),
    }
}

/// The `Authorization` header of the last request [`StopBeforeSending`] stopped.
static LAST_AUTHORIZATION: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Keeps the signed request's `Authorization` header and stops it before it is sent: how the
/// sweep signs operations that cannot be presigned (bearer tokens, as in botocore).
#[derive(Debug)]
struct StopBeforeSending;

impl Hook for StopBeforeSending {
    fn before_send(
        &self,
        request: &SendStage<'_>,
    ) -> Result<Option<rboto_runtime::transport::HttpResponse>, BoxError> {
        let authorization = request
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        *LAST_AUTHORIZATION.lock().unwrap() = authorization;
        Err("stopped before sending".into())
    }
}

/// Signs `name` with `input` as a call would, stopped before sending; the `Authorization`
/// header it carried.
fn signed_authorization(client: &Client, name: &str, input: &Value) -> Option<String> {
    *LAST_AUTHORIZATION.lock().unwrap() = None;
    let _ = futures::executor::block_on(client.call(name, input.clone()));
    LAST_AUTHORIZATION.lock().unwrap().take()
}

fn sweep_operation(
    client: &Client,
    samples: &BTreeMap<String, String>,
    name: &str,
    tally: &mut Tally,
) {
    let model = client.model();
    let service = model.definition();
    let service_name = model.name();
    let operation = model.operation(name).expect("listed operation");
    let minimal = Minimal {
        service,
        endpoint_samples: samples,
    };
    let input = match &operation.input {
        Some(input) => minimal.value(input, 0),
        None => json!({}),
    };
    let streams = |shape: Option<&ShapeRef>| {
        shape
            .and_then(|r| service.shape_of(r))
            .is_some_and(|s| s.members.values().any(|m| is_stream(service, m)))
    };
    let bidirectional = streams(operation.input.as_ref()) && streams(operation.output.as_ref());
    let mut ok = true;
    let prepared = client.prepare(name, input.clone());
    if bidirectional && prepared.as_ref().is_err_and(|e| e.is_validation()) {
        tally.refused += 1;
        return;
    }
    if let Err(e) = prepared {
        tally.fail(
            service_name,
            format!("{name}: prepare: {e} (input {input})"),
        );
        ok = false;
    }
    let signed =
        futures::executor::block_on(client.presign(name, input.clone(), Duration::from_secs(900)));
    match signed {
        Ok(url) if url.contains("X-Amz-Signature=") || !url.contains("X-Amz-") => {}
        // A bearer token cannot be presigned (botocore has no `bearer-query` signer either):
        // the call itself is signed and stopped before sending.
        Err(e) if e.to_string().contains("bearer token cannot be presigned") => {
            match signed_authorization(client, name, &input) {
                Some(value) if value == "Bearer sweep-token" => {}
                other => {
                    tally.fail(
                        service_name,
                        format!("{name}: sign: bearer call carried {other:?} (input {input})"),
                    );
                    ok = false;
                }
            }
        }
        Ok(url) => {
            tally.fail(service_name, format!("{name}: sign: no signature in {url}"));
            ok = false;
        }
        Err(e) => {
            tally.fail(service_name, format!("{name}: sign: {e} (input {input})"));
            ok = false;
        }
    }
    let headers = HeaderMap::new();
    let event_stream = operation
        .output
        .as_ref()
        .and_then(|o| service.shape_of(o))
        .is_some_and(|o| o.members.values().any(|m| is_stream(service, m)));
    let body = minimal_body(client.protocol(), name, event_stream);
    let response = HttpResponse {
        status: 200,
        headers: &headers,
        body: &body,
    };
    match protocol::parse_output(client.protocol(), service, operation, &response) {
        Ok(Value::Object(_)) => {}
        Ok(other) => {
            tally.fail(
                service_name,
                format!("{name}: parse: not an object: {other}"),
            );
            ok = false;
        }
        Err(e) => {
            tally.fail(service_name, format!("{name}: parse: {e}"));
            ok = false;
        }
    }

    if let (Some(input_ref), Value::Object(params)) = (&operation.input, &input) {
        let shape = service.shape_of(input_ref).expect("input shape");
        let removable = shape.required.iter().find(|member| {
            let filled = FILLED_BY_CUSTOMIZATIONS
                .iter()
                .any(|(s, m, _)| *s == service_name && m == member);
            !filled
                && shape.members.get(*member).is_some_and(|m| {
                    !m.idempotency_token
                        && !m.streaming
                        && !service
                            .shape_of(m)
                            .is_some_and(|s| s.streaming || s.eventstream)
                })
                && params.contains_key(*member)
        });
        if let Some(member) = removable {
            let mut without = params.clone();
            without.remove(member);
            if let Err(why) = refused_naming(client.prepare(name, Value::Object(without)), member) {
                tally.fail(
                    service_name,
                    format!("{name}: without required {member}: {why}"),
                );
                ok = false;
            }
        }
        let retyped = shape
            .members
            .iter()
            .filter(|(_, m)| !is_stream(service, m))
            .find_map(|(member, m)| Some((member, wrong_type(service, m)?)));
        if let Some((member, value)) = retyped {
            let mut wrong = params.clone();
            wrong.insert(member.clone(), value.clone());
            if let Err(why) = refused_naming(client.prepare(name, Value::Object(wrong)), member) {
                tally.fail(service_name, format!("{name}: {member} = {value}: {why}"));
                ok = false;
            }
        }
    }
    if ok {
        tally.prepared += 1;
    } else {
        tally.failed += 1;
    }
}

#[test]
#[ignore = "needs conformance vectors (endpoint ARN samples): scripts/test runs it"]
fn model_sweep() {
    let roots = model_roots();
    let started = Instant::now();
    let session = Session::builder().region("us-east-1").build();
    let credentials = Credentials::new("AKIDSWEEPEXAMPLE", "sweep-secret-example", None);
    let mut tally = Tally::default();
    let mut cbor = Tally::default();
    let services = service_dirs(&roots);
    assert!(!services.is_empty(), "no service models under {roots:?}");
    for (name, dir) in &services {
        let model = match load(name, dir) {
            Ok(model) => model,
            Err(e) => {
                tally.fail(name, format!("model: {e}"));
                tally.failed += 1;
                continue;
            }
        };
        let build = |protocol: Option<Protocol>| {
            let mut builder = session
                .client_builder(model.clone())
                .credentials(credentials.clone())
                .auth_token(Token::new("sweep-token"))
                .hook(Scope::all(), StopBeforeSending);
            if let Some(protocol) = protocol {
                builder = builder.protocol(protocol);
            }
            builder.build()
        };
        let client = match build(None) {
            Ok(client) => client,
            Err(e) => {
                tally.fail(name, format!("client: {e}"));
                tally.failed += 1;
                continue;
            }
        };
        let operations: Vec<String> = model.definition().operations.keys().cloned().collect();
        let samples = endpoint_samples(name);
        for operation in &operations {
            sweep_operation(&client, &samples, operation, &mut tally);
        }
        // A model that lists CBOR beside the protocol botocore picks (CloudWatch) is swept
        // over CBOR too, for the clients that ask for it.
        let lists_cbor = model
            .metadata()
            .protocols
            .iter()
            .any(|p| p == Protocol::RpcV2Cbor.name());
        if lists_cbor && client.protocol() != Protocol::RpcV2Cbor {
            match build(Some(Protocol::RpcV2Cbor)) {
                Ok(client) => {
                    for operation in &operations {
                        sweep_operation(&client, &samples, operation, &mut cbor);
                    }
                }
                Err(e) => {
                    cbor.fail(name, format!("client over CBOR: {e}"));
                    cbor.failed += 1;
                }
            }
        }
    }
    for (service, failures) in tally.failures.iter().chain(&cbor.failures) {
        for failure in failures.iter().take(5) {
            println!("FAIL {service} {failure}");
        }
        if failures.len() > 5 {
            println!("FAIL {service}: and {} more", failures.len() - 5);
        }
    }
    println!(
        "model sweep: {} operations prepared, {} failed ({} services, {:.1} s)",
        tally.prepared,
        tally.failed,
        services.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "model sweep over smithy-rpc-v2-cbor where a model also lists it: {} operations \
         prepared, {} failed",
        cbor.prepared, cbor.failed
    );
    println!(
        "model sweep: {} bidirectional-stream operations refused before sending, as botocore \
         leaves them off its clients",
        tally.refused + cbor.refused
    );
    assert_eq!(
        tally.failed + cbor.failed,
        0,
        "the model sweep found failures; see FAIL lines"
    );
}
