//! Parameter validation never rejects what botocore's protocol input vectors send: every
//! vector's `params` must pass `validate_input` against its own model.
//!
//! The vectors are not committed: `scripts/fetch-conformance` extracts them into
//! `.conformance/protocols` (or point `RBOTO_CONFORMANCE_DIR` at a copy).

use rboto_runtime::model::ServiceDefinition;
use rboto_runtime::validate::validate_input;
use serde_json::{json, Value};

use crate::conformance::convert::params_to_ours;
use crate::conformance::vectors_dir;

/// The protocols rboto speaks; their input vectors are checked.
const PROTOCOLS: &[&str] = &["ec2", "query", "json", "json_1_0", "rest-json", "rest-xml"];

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
                        Some(input) => params_to_ours(&service, &input.shape, &case["params"]),
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
