use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::time::Instant;

use super::Waiter;
use crate::error::{Error, ServiceError};
use crate::model::{WaiterDefinition, WaitersFile};
use crate::paginate::Invoke;

/// An invoke closure answering with `responses` in turn (the last one repeats) and counting
/// calls.
fn scripted(responses: Vec<Result<Value, Error>>) -> (Invoke, Arc<Mutex<Vec<Value>>>) {
    let queue = Arc::new(Mutex::new(VecDeque::from(responses)));
    let calls: Arc<Mutex<Vec<Value>>> = Arc::default();
    let log = calls.clone();
    let invoke: Invoke = Arc::new(move |params: Value| {
        log.lock().unwrap().push(params);
        let mut queue = queue.lock().unwrap();
        let next = if queue.len() > 1 {
            queue.pop_front().unwrap()
        } else {
            clone_result(queue.front().expect("a scripted response"))
        };
        Box::pin(async move { next })
    });
    (invoke, calls)
}

fn clone_result(r: &Result<Value, Error>) -> Result<Value, Error> {
    match r {
        Ok(v) => Ok(v.clone()),
        Err(e) => Err(match e.service_error() {
            Some(se) => Error::service(se.clone()),
            None => Error::connect(e.to_string()),
        }),
    }
}

fn service_error(code: &str, status: u16) -> Result<Value, Error> {
    Err(Error::service(ServiceError {
        operation: "Op".into(),
        code: code.into(),
        message: Some(format!("{code} happened")),
        status,
        request_id: Some("req-1".into()),
        ..Default::default()
    }))
}

fn ok_status(status: u16) -> Result<Value, Error> {
    Ok(json!({"ResponseMetadata": {"HTTPStatusCode": status}}))
}

fn models_root() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../resource-models/models"
    ))
}

/// Every `waiters-2.json` of the imported models, with its service name.
fn waiter_files() -> Vec<(String, WaitersFile)> {
    let mut files = Vec::new();
    for service in std::fs::read_dir(models_root()).unwrap() {
        let service = service.unwrap().path();
        if !service.is_dir() {
            continue;
        }
        for version in std::fs::read_dir(&service).unwrap() {
            let path = version.unwrap().path().join("waiters-2.json");
            if let Ok(text) = std::fs::read_to_string(&path) {
                let file = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let name = service.file_name().unwrap().to_string_lossy().into_owned();
                files.push((name, file));
            }
        }
    }
    files
}

fn real_waiter(service: &str, name: &str) -> WaiterDefinition {
    waiter_files()
        .into_iter()
        .find(|(s, _)| s == service)
        .and_then(|(_, f)| f.waiters.get(name).cloned())
        .unwrap_or_else(|| panic!("{service} has no waiter {name}"))
}

#[tokio::test(start_paused = true)]
async fn table_exists_retries_through_not_found_and_creating() {
    let (invoke, calls) = scripted(vec![
        service_error("ResourceNotFoundException", 400),
        Ok(json!({"Table": {"TableStatus": "CREATING"}})),
        Ok(json!({"Table": {"TableStatus": "ACTIVE", "TableName": "users"}})),
    ]);
    let waiter = Waiter::new(
        "TableExists",
        &real_waiter("dynamodb", "TableExists"),
        invoke,
    )
    .unwrap();
    assert_eq!(waiter.operation(), "DescribeTable");
    let started = Instant::now();
    let out = waiter.wait(json!({"TableName": "users"})).await.unwrap();
    assert_eq!(out["Table"]["TableName"], "users");
    assert_eq!(calls.lock().unwrap().len(), 3);
    assert!(calls
        .lock()
        .unwrap()
        .iter()
        .all(|p| p == &json!({"TableName": "users"})));
    // Two sleeps of the model's 20 seconds, in paused time.
    assert_eq!(started.elapsed(), Duration::from_secs(40));
}

#[tokio::test(start_paused = true)]
async fn a_failure_acceptor_ends_the_wait_and_says_which() {
    let pending = json!({"Reservations": [{"Instances": [{"State": {"Name": "pending"}}]}]});
    let terminated = json!({"Reservations": [{"Instances": [
        {"State": {"Name": "running"}}, {"State": {"Name": "terminated"}}]}]});
    let (invoke, calls) = scripted(vec![Ok(pending), Ok(terminated.clone())]);
    let waiter = Waiter::new(
        "InstanceRunning",
        &real_waiter("ec2", "InstanceRunning"),
        invoke,
    )
    .unwrap();
    let err = waiter
        .wait(json!({"InstanceIds": ["i-1"]}))
        .await
        .unwrap_err();
    assert!(err.is_waiter());
    let failure = err.waiter_failure().unwrap();
    assert_eq!(failure.waiter, "InstanceRunning");
    assert_eq!(
        failure.reason,
        r#"terminal failure state: some element of "Reservations[].Instances[].State.Name" is "terminated""#
    );
    assert_eq!(failure.last_response, terminated);
    assert_eq!(calls.lock().unwrap().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn path_all_needs_every_element() {
    let mixed = json!({"Reservations": [{"Instances": [
        {"State": {"Name": "running"}}, {"State": {"Name": "pending"}}]}]});
    let running = json!({"Reservations": [{"Instances": [
        {"State": {"Name": "running"}}, {"State": {"Name": "running"}}]}]});
    let (invoke, calls) = scripted(vec![Ok(mixed), Ok(running)]);
    let waiter = Waiter::new(
        "InstanceRunning",
        &real_waiter("ec2", "InstanceRunning"),
        invoke,
    )
    .unwrap();
    waiter.wait(json!({})).await.unwrap();
    assert_eq!(calls.lock().unwrap().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn an_empty_list_matches_neither_path_all_nor_path_any() {
    let (invoke, calls) = scripted(vec![Ok(json!({"Reservations": []}))]);
    let waiter = Waiter::new(
        "InstanceRunning",
        &real_waiter("ec2", "InstanceRunning"),
        invoke,
    )
    .unwrap()
    .max_attempts(3)
    .delay(Duration::from_secs(1));
    let started = Instant::now();
    let err = waiter.wait(json!({})).await.unwrap_err();
    assert_eq!(
        err.waiter_failure().unwrap().reason,
        "Max attempts exceeded"
    );
    assert_eq!(calls.lock().unwrap().len(), 3);
    assert_eq!(started.elapsed(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn running_out_of_attempts_names_the_last_matched_acceptor() {
    let definition: WaiterDefinition = serde_json::from_value(json!({
        "delay": 2, "operation": "DescribeStacks", "maxAttempts": 4,
        "acceptors": [
            {"state": "success", "matcher": "path", "argument": "Status", "expected": "DONE"},
            {"state": "retry", "matcher": "path", "argument": "Status", "expected": "BUSY"}
        ]
    }))
    .unwrap();
    let (invoke, calls) = scripted(vec![Ok(json!({"Status": "BUSY"}))]);
    let err = Waiter::new("Done", &definition, invoke)
        .unwrap()
        .wait(json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"waiter Done failed: Max attempts exceeded; previously matched: "Status" is "BUSY""#
    );
    assert_eq!(calls.lock().unwrap().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn status_matchers_read_the_output_metadata_and_the_error_status() {
    let definition = real_waiter("s3", "BucketExists");
    let (invoke, calls) = scripted(vec![service_error("404", 404), ok_status(200)]);
    let out = Waiter::new("BucketExists", &definition, invoke)
        .unwrap()
        .wait(json!({"Bucket": "b"}))
        .await
        .unwrap();
    assert_eq!(out["ResponseMetadata"]["HTTPStatusCode"], 200);
    assert_eq!(calls.lock().unwrap().len(), 2);

    let (invoke, _) = scripted(vec![service_error("403", 403)]);
    let out = Waiter::new("BucketExists", &definition, invoke)
        .unwrap()
        .wait(json!({"Bucket": "b"}))
        .await
        .unwrap();
    assert_eq!(
        out,
        json!({"Error": {"Code": "403", "Message": "403 happened"},
               "ResponseMetadata": {"HTTPStatusCode": 403, "RequestId": "req-1"}})
    );
}

#[tokio::test(start_paused = true)]
async fn an_error_can_be_the_success_state() {
    let (invoke, _) = scripted(vec![
        Ok(json!({"Table": {"TableStatus": "DELETING"}})),
        service_error("ResourceNotFoundException", 400),
    ]);
    let out = Waiter::new(
        "TableNotExists",
        &real_waiter("dynamodb", "TableNotExists"),
        invoke,
    )
    .unwrap()
    .wait(json!({"TableName": "t"}))
    .await
    .unwrap();
    assert_eq!(out["Error"]["Code"], "ResourceNotFoundException");
}

#[tokio::test(start_paused = true)]
async fn error_matchers_with_true_and_false() {
    let definition: WaiterDefinition = serde_json::from_value(json!({
        "delay": 1, "operation": "Op", "maxAttempts": 5,
        "acceptors": [
            {"state": "failure", "matcher": "error", "expected": true},
            {"state": "success", "matcher": "error", "expected": false}
        ]
    }))
    .unwrap();
    let (invoke, _) = scripted(vec![Ok(json!({"Anything": 1}))]);
    let waiter = Waiter::new("Any", &definition, invoke).unwrap();
    assert_eq!(
        waiter.wait(json!({})).await.unwrap(),
        json!({"Anything": 1})
    );

    let (invoke, _) = scripted(vec![service_error("Boom", 500)]);
    let err = Waiter::new("Any", &definition, invoke)
        .unwrap()
        .wait(json!({}))
        .await
        .unwrap_err();
    let failure = err.waiter_failure().unwrap();
    assert_eq!(
        failure.reason,
        "terminal failure state: the service returned an error"
    );
    assert_eq!(failure.last_response["Error"]["Code"], "Boom");
}

#[tokio::test(start_paused = true)]
async fn an_unmatched_service_error_ends_the_wait_with_that_error() {
    let (invoke, calls) = scripted(vec![
        Ok(json!({"Table": {"TableStatus": "CREATING"}})),
        service_error("AccessDeniedException", 400),
    ]);
    let err = Waiter::new(
        "TableExists",
        &real_waiter("dynamodb", "TableExists"),
        invoke,
    )
    .unwrap()
    .wait(json!({"TableName": "t"}))
    .await
    .unwrap_err();
    assert!(err.is_service());
    assert_eq!(err.code(), Some("AccessDeniedException"));
    assert_eq!(calls.lock().unwrap().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_connection_error_ends_the_wait_even_when_any_error_is_accepted() {
    let definition: WaiterDefinition = serde_json::from_value(json!({
        "delay": 1, "operation": "Op", "maxAttempts": 5,
        "acceptors": [{"state": "success", "matcher": "error", "expected": true}]
    }))
    .unwrap();
    let (invoke, calls) = scripted(vec![Err(Error::connect("refused"))]);
    let err = Waiter::new("Any", &definition, invoke)
        .unwrap()
        .wait(json!({}))
        .await
        .unwrap_err();
    assert!(err.is_connect());
    assert_eq!(calls.lock().unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn path_expected_values_compare_as_json() {
    let definition: WaiterDefinition = serde_json::from_value(json!({
        "delay": 1, "operation": "Op", "maxAttempts": 3,
        "acceptors": [
            {"state": "success", "matcher": "path",
             "argument": "length(Items[?Ready]) == `2`", "expected": true},
            {"state": "success", "matcher": "path", "argument": "Count", "expected": 3}
        ]
    }))
    .unwrap();
    let (invoke, calls) = scripted(vec![
        Ok(json!({"Items": [{"Ready": true}, {"Ready": false}]})),
        Ok(json!({"Count": 3.0})),
    ]);
    Waiter::new("Ready", &definition, invoke)
        .unwrap()
        .wait(json!({}))
        .await
        .unwrap();
    assert_eq!(calls.lock().unwrap().len(), 2);
}

#[test]
fn a_path_acceptor_without_an_argument_is_a_model_error() {
    let definition: WaiterDefinition = serde_json::from_value(json!({
        "delay": 1, "operation": "Op", "maxAttempts": 3,
        "acceptors": [{"state": "success", "matcher": "path", "expected": true}]
    }))
    .unwrap();
    let (invoke, _) = scripted(vec![Ok(json!({}))]);
    assert!(Waiter::new("Bad", &definition, invoke)
        .unwrap_err()
        .is_model());
}

#[test]
fn every_real_waiter_parses_and_evaluates() {
    let (invoke, _) = scripted(vec![Ok(json!({}))]);
    let files = waiter_files();
    let services: Vec<&str> = files.iter().map(|(s, _)| s.as_str()).collect();
    for expected in [
        "cloudformation",
        "cloudwatch",
        "dynamodb",
        "ec2",
        "glacier",
        "iam",
        "s3",
    ] {
        assert!(services.contains(&expected), "no waiters for {expected}");
    }
    let mut count = 0;
    for (service, file) in &files {
        for (name, definition) in &file.waiters {
            let waiter = Waiter::new(name.as_str(), definition, invoke.clone())
                .unwrap_or_else(|e| panic!("{service}.{name}: {e}"));
            for acceptor in &waiter.acceptors {
                // Evaluating against an output that lacks everything must not panic; an
                // expression that cannot apply (`length(null)`) simply does not match.
                acceptor.matches(&Ok(json!({})));
            }
            count += 1;
        }
    }
    assert!(count >= 70, "only {count} waiters");
}

#[tokio::test(start_paused = true)]
async fn image_exists_uses_a_function_expression() {
    let (invoke, calls) = scripted(vec![
        Ok(json!({"Images": []})),
        Ok(json!({"Images": [{"ImageId": "ami-1"}]})),
    ]);
    let out = Waiter::new("ImageExists", &real_waiter("ec2", "ImageExists"), invoke)
        .unwrap()
        .wait(json!({"ImageIds": ["ami-1"]}))
        .await
        .unwrap();
    assert_eq!(out["Images"][0]["ImageId"], "ami-1");
    assert_eq!(calls.lock().unwrap().len(), 2);
}

#[test]
fn a_wait_can_move_between_tasks() {
    fn send<T: Send + 'static>(_: &T) {}
    let (invoke, _) = scripted(vec![Ok(json!({}))]);
    let waiter = Waiter::new(
        "TableExists",
        &real_waiter("dynamodb", "TableExists"),
        invoke,
    )
    .unwrap();
    send(&waiter);
    send(&async move { waiter.wait(json!({})).await });
}
