//! botocore's endpoint rule-set test vectors (`endpoint-tests-1.json`) for every imported
//! service, run against our rules engine.
//!
//! Each case resolves its `params` directly; a case with `operationInputs` is also run the
//! way a client runs it: endpoint parameters are computed from the operation's model, its
//! input, the given built-ins and client context, and must give the same result.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use rboto_runtime::endpoint::{
    endpoint_params, BuiltIns, Endpoint, EndpointParams, EndpointResolver, ParamValue,
};
use rboto_runtime::model::ServiceModel;
use serde_json::{json, Value};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn conformance_dir() -> PathBuf {
    std::env::var_os("RBOTO_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".conformance"))
}

/// Every imported service's folder in the model data crates (`resource-models/services-*/
/// models/<service>`, compressed as botocore installs them), by service name.
fn service_dirs() -> Vec<(String, PathBuf)> {
    let root = workspace().join("resource-models");
    let mut services = Vec::new();
    for crate_dir in std::fs::read_dir(&root).expect("resource-models lists") {
        let models = crate_dir.expect("a directory entry").path().join("models");
        if !crate_dir_is_data(&models) {
            continue;
        }
        for service in std::fs::read_dir(&models).expect("a data crate's models list") {
            let path = service.expect("a directory entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            services.push((name, path));
        }
    }
    services.sort();
    services
}

fn crate_dir_is_data(models: &Path) -> bool {
    models.is_dir()
        && models
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|name| name.to_string_lossy().starts_with("services-"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compares a resolution result with a case's `expect`; `Err` says how they differ.
fn check(expect: &Value, result: Result<Endpoint, rboto_runtime::Error>) -> Result<(), String> {
    match (expect.get("endpoint"), expect.get("error"), result) {
        (Some(want), _, Ok(got)) => {
            let got_json = json!({
                "url": got.url,
                "headers": got.headers,
                "properties": got.properties,
            });
            let want_json = json!({
                "url": want["url"],
                "headers": want.get("headers").cloned().unwrap_or_else(|| json!({})),
                "properties": want.get("properties").cloned().unwrap_or_else(|| json!({})),
            });
            if got_json == want_json {
                Ok(())
            } else {
                Err(format!("expected {want_json}\n      got {got_json}"))
            }
        }
        (Some(want), _, Err(e)) => {
            Err(format!("expected endpoint {}, got error: {e}", want["url"]))
        }
        (None, Some(want), Err(e)) => {
            let want = want.as_str().unwrap_or_default();
            if e.is_endpoint() && e.to_string() == format!("endpoint error: {want}") {
                Ok(())
            } else {
                Err(format!("expected error {want:?}\n      got error {e}"))
            }
        }
        (None, Some(want), Ok(got)) => {
            Err(format!("expected error {want}, got endpoint {}", got.url))
        }
        (None, None, _) => Err("case expects neither an endpoint nor an error".into()),
    }
}

/// Runs one `operationInputs` entry through the operation-parameter mapping.
fn run_operation(
    resolver: &EndpointResolver,
    model: &ServiceModel,
    inputs: &Value,
) -> Result<Result<Endpoint, rboto_runtime::Error>, String> {
    let op_name = inputs["operationName"]
        .as_str()
        .ok_or("operationInputs without operationName")?;
    let operation = model
        .operation(op_name)
        .map_err(|e| format!("operation {op_name}: {e}"))?;
    let mut builtins = BuiltIns::default();
    if let Some(given) = inputs.get("builtInParams").and_then(Value::as_object) {
        for (name, value) in given {
            let value = ParamValue::from_json(value)
                .ok_or_else(|| format!("built-in {name} has an unusable value {value}"))?;
            builtins
                .set(name, value)
                .map_err(|e| format!("built-in {name}: {e}"))?;
        }
    }
    let mut client_context = IndexMap::new();
    if let Some(given) = inputs.get("clientParams").and_then(Value::as_object) {
        for (name, value) in given {
            let value = ParamValue::from_json(value)
                .ok_or_else(|| format!("client param {name} has an unusable value {value}"))?;
            client_context.insert(name.clone(), value);
        }
    }
    let input = inputs
        .get("operationParams")
        .cloned()
        .unwrap_or_else(|| json!({}));
    Ok(endpoint_params(
        resolver,
        &builtins,
        &client_context,
        model.definition(),
        operation,
        &input,
    )
    .and_then(|params| resolver.resolve(&params)))
}

#[test]
#[ignore = "needs conformance vectors: scripts/test runs it"]
fn endpoint_conformance() {
    let dir = conformance_dir().join("endpoint-rules");
    assert!(
        dir.is_dir(),
        "endpoint test vectors not found at {}: run scripts/fetch-conformance \
         (or set RBOTO_CONFORMANCE_DIR)",
        dir.display()
    );
    let (mut passed, mut failed, mut operation_inputs) = (0usize, 0usize, 0usize);
    // Every case runs, including those botocore's own suite skips (sigv4a without CRT,
    // bucket names botocore rejects before resolving), so nothing is skipped.
    let skipped = 0usize;
    let mut failures = Vec::new();
    let services = service_dirs();
    assert!(
        services.len() > 400,
        "only {} services found in the model data crates",
        services.len()
    );
    let mut without_vectors = Vec::new();
    for (service, models) in &services {
        let service = service.as_str();
        // Loaded at run time from the compressed files, as from an installed botocore.
        let model = ServiceModel::from_dir(service, models)
            .unwrap_or_else(|e| panic!("{service}: model does not load: {e}"));
        let resolver = match model.endpoint_resolver() {
            Some(Ok(resolver)) => resolver,
            Some(Err(e)) => panic!("{service}: rule set does not load: {e}"),
            None => panic!("{service}: no endpoint rule set"),
        };
        if !dir.join(service).is_dir() {
            without_vectors.push(service);
            continue;
        }
        let cases_path = dir.join(service).join("endpoint-tests-1.json");
        let cases = read_json(&cases_path);
        let cases = cases["testCases"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no testCases", cases_path.display()));
        let (mut s_pass, mut s_fail) = (0usize, 0usize);
        let mut e2e = 0usize;
        for (index, case) in cases.iter().enumerate() {
            let doc = case["documentation"].as_str().unwrap_or("");
            let mut problems = Vec::new();
            let params = case.get("params").cloned().unwrap_or_else(|| json!({}));
            match EndpointParams::from_json(&params) {
                Ok(params) => {
                    if let Err(why) = check(&case["expect"], resolver.resolve(&params)) {
                        problems.push(format!("params: {why}"));
                    }
                }
                Err(e) => problems.push(format!("params unusable: {e}")),
            }
            for inputs in case
                .get("operationInputs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                e2e += 1;
                let op = inputs["operationName"].as_str().unwrap_or("?");
                match run_operation(&resolver, &model, inputs) {
                    Ok(result) => {
                        if let Err(why) = check(&case["expect"], result) {
                            problems.push(format!("operation {op}: {why}"));
                        }
                    }
                    Err(why) => problems.push(format!("operation {op}: {why}")),
                }
            }
            if problems.is_empty() {
                s_pass += 1;
            } else {
                s_fail += 1;
                failures.push(format!(
                    "{service} case {index} ({doc}):\n    {}",
                    problems.join("\n    ")
                ));
            }
        }
        if s_fail > 0 {
            println!(
                "{service}: {s_pass} passed, {s_fail} failed \
                 ({} cases, {e2e} operation inputs)",
                cases.len()
            );
        }
        operation_inputs += e2e;
        passed += s_pass;
        failed += s_fail;
    }
    for failure in &failures {
        println!("FAIL {failure}");
    }
    println!(
        "endpoint conformance: {passed} passed, {failed} failed, {skipped} skipped \
         ({} services, {operation_inputs} operation inputs)",
        services.len()
    );
    assert!(
        without_vectors.is_empty(),
        "services with no endpoint-tests-1.json under {}: {without_vectors:?}",
        dir.display()
    );
    assert_eq!(
        failed, 0,
        "{failed} endpoint test case(s) failed (listed above)"
    );
    assert!(passed > 0, "no endpoint test case ran");
}
