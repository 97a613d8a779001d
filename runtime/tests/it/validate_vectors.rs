//! Parameter validation never rejects what botocore's protocol input vectors send: every
//! vector's `params` must pass `validate_input` against its own model.
//!
//! The vectors are not committed: `scripts/fetch-conformance` extracts them into
//! `.conformance/protocols` (or point `RBOTO_CONFORMANCE_DIR` at a copy).

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rboto_runtime::model::{ServiceDefinition, ShapeType};
use rboto_runtime::validate::validate_input;
use serde_json::{json, Value};

/// The protocols rboto speaks; their input vectors are checked.
const PROTOCOLS: &[&str] = &["ec2", "query", "json", "json_1_0", "rest-json", "rest-xml"];

fn vectors_dir() -> PathBuf {
    let dir = match std::env::var_os("RBOTO_CONFORMANCE_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.join("protocols").is_dir() {
                dir.join("protocols")
            } else {
                dir
            }
        }
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../.conformance/protocols"),
    };
    assert!(
        dir.join("input").is_dir(),
        "no protocol vectors at {}: run scripts/fetch-conformance",
        dir.display()
    );
    dir
}

/// The vectors write blobs as raw text; rboto's parameters carry them as base64.
fn blobs_to_base64(service: &ServiceDefinition, shape: &str, value: &Value) -> Value {
    let Some(shape) = service.shape(shape) else {
        return value.clone();
    };
    match (shape.kind, value) {
        (ShapeType::Blob, Value::String(raw)) => Value::String(STANDARD.encode(raw.as_bytes())),
        (ShapeType::Structure, Value::Object(members)) => Value::Object(
            members
                .iter()
                .map(|(name, v)| {
                    let converted = match shape.members.get(name) {
                        Some(member) => blobs_to_base64(service, &member.shape, v),
                        None => v.clone(),
                    };
                    (name.clone(), converted)
                })
                .collect(),
        ),
        (ShapeType::List, Value::Array(items)) => match &shape.member {
            Some(member) => Value::Array(
                items
                    .iter()
                    .map(|v| blobs_to_base64(service, &member.shape, v))
                    .collect(),
            ),
            None => value.clone(),
        },
        (ShapeType::Map, Value::Object(entries)) => match &shape.value {
            Some(member) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), blobs_to_base64(service, &member.shape, v)))
                    .collect(),
            ),
            None => value.clone(),
        },
        _ => value.clone(),
    }
}

#[test]
#[ignore = "needs conformance vectors: scripts/test runs it"]
fn every_protocol_input_vector_passes_validation() {
    let root = vectors_dir();
    let mut checked = 0;
    let mut rejected = Vec::new();
    for tree in [root.clone(), root.join("legacy")] {
        for protocol in PROTOCOLS {
            let path = tree.join("input").join(format!("{protocol}.json"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let suites: Vec<Value> = serde_json::from_str(&text).unwrap();
            for suite in &suites {
                for case in suite["cases"].as_array().unwrap() {
                    let name = case["given"]["name"].as_str().unwrap();
                    let service: ServiceDefinition = serde_json::from_value(json!({
                        "metadata": suite["metadata"],
                        "shapes": suite["shapes"],
                        "operations": { name: case["given"] }
                    }))
                    .unwrap_or_else(|e| panic!("{}: {}: {e}", path.display(), case["id"]));
                    let operation = service.operation(name).unwrap();
                    let params = match &operation.input {
                        Some(input) => blobs_to_base64(&service, &input.shape, &case["params"]),
                        None => case["params"].clone(),
                    };
                    checked += 1;
                    if let Err(e) = validate_input(&service, operation, &params) {
                        rejected.push(format!("{} {}: {e}", path.display(), case["id"]));
                    }
                }
            }
        }
    }
    assert!(rejected.is_empty(), "rejected:\n{}", rejected.join("\n"));
    assert!(checked >= 500, "only {checked} vectors checked");
}
