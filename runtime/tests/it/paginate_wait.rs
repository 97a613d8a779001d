//! `Client::paginate` and `Client::waiter` end to end: a real client, JSON protocol, SigV4,
//! against a scripted HTTP server on loopback.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::TryStreamExt;
use rboto_runtime::model::{ModelSource, ServiceModel};
use rboto_runtime::session::{Credentials, Session};
use rboto_runtime::Client;
use rboto_test_support::loopback::{RecordingPeer, Request, Response};
use serde_json::{json, Value};

const SERVICE: &str = r#"{
  "metadata": {"apiVersion": "2020-01-01", "protocol": "json", "jsonVersion": "1.0",
               "targetPrefix": "Things_20200101", "signatureVersion": "v4",
               "endpointPrefix": "things", "serviceId": "Things"},
  "operations": {
    "ListThings": {"name": "ListThings", "http": {"method": "POST", "requestUri": "/"},
                   "input": {"shape": "ListThingsInput"}, "output": {"shape": "ListThingsOutput"}},
    "ListBoxes": {"name": "ListBoxes", "http": {"method": "POST", "requestUri": "/"},
                  "input": {"shape": "ListBoxesInput"}, "output": {"shape": "ListThingsOutput"}},
    "DescribeThing": {"name": "DescribeThing", "http": {"method": "POST", "requestUri": "/"},
                      "input": {"shape": "DescribeThingInput"},
                      "output": {"shape": "DescribeThingOutput"},
                      "errors": [{"shape": "NotFound"}]}
  },
  "shapes": {
    "ListThingsInput": {"type": "structure", "members": {
      "NextToken": {"shape": "String"}, "Limit": {"shape": "Integer"}}},
    "ListBoxesInput": {"type": "structure", "members": {
      "marker": {"shape": "String"}, "limit": {"shape": "String"}}},
    "ListThingsOutput": {"type": "structure", "members": {
      "Things": {"shape": "Names"}, "NextToken": {"shape": "String"}}},
    "DescribeThingInput": {"type": "structure", "required": ["Name"], "members": {
      "Name": {"shape": "String"}}},
    "DescribeThingOutput": {"type": "structure", "members": {
      "Status": {"shape": "String"}}},
    "NotFound": {"type": "structure", "exception": true, "members": {
      "message": {"shape": "String"}}},
    "Names": {"type": "list", "member": {"shape": "String"}},
    "String": {"type": "string"},
    "Integer": {"type": "integer"}
  }
}"#;

const PAGINATORS: &str = r#"{"pagination": {
  "ListThings": {"input_token": "NextToken", "output_token": "NextToken",
                 "limit_key": "Limit", "result_key": "Things"},
  "ListBoxes": {"input_token": "marker", "output_token": "NextToken",
                "limit_key": "limit", "result_key": "Things"}
}}"#;

const WAITERS: &str = r#"{"version": 2, "waiters": {
  "ThingReady": {"delay": 5, "operation": "DescribeThing", "maxAttempts": 5, "acceptors": [
    {"state": "success", "matcher": "path", "argument": "Status", "expected": "READY"},
    {"state": "failure", "matcher": "path", "argument": "Status", "expected": "BROKEN"},
    {"state": "retry", "matcher": "error", "expected": "NotFound"}
  ]},
  "ThingAnswers": {"delay": 5, "operation": "DescribeThing", "maxAttempts": 2, "acceptors": [
    {"state": "success", "matcher": "status", "expected": 200}
  ]}
}}"#;

/// The operation (from `X-Amz-Target`) and the JSON body of a request to the fake service,
/// which must be one of its operations and signed.
fn call_of(request: &Request) -> (String, Value) {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let target = request.header("x-amz-target").unwrap_or_default();
    let operation = target.rsplit('.').next().unwrap_or_default();
    assert!(request
        .header("authorization")
        .is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256")));
    match operation {
        "ListThings" | "ListBoxes" | "DescribeThing" => (operation.to_string(), body),
        other => panic!("unexpected operation {other}"),
    }
}

/// What the fake service saw: the operation and the JSON body of each request.
fn seen_calls(seen: &RecordingPeer) -> Vec<(String, Value)> {
    seen.requests().iter().map(call_of).collect()
}

/// Serves HTTP/1.1 on loopback, answering each request with `respond(operation, body)` as
/// `(status, JSON body)`, one request a connection. Returns the endpoint URL and the peer,
/// which keeps the requests.
async fn serve(
    respond: impl Fn(&str, &Value) -> (u16, Value) + Send + Sync + 'static,
) -> (String, RecordingPeer) {
    let peer = RecordingPeer::start(move |request| {
        let (operation, body) = call_of(request);
        let (status, reply) = respond(&operation, &body);
        Response::new(status, reply.to_string())
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amzn-requestid", &format!("req-{}", request.index + 1))
            .header("connection", "close")
    })
    .await;
    (peer.url().to_string(), peer)
}

fn client(url: &str) -> Client {
    let source = ModelSource::new("things", SERVICE, Some(PAGINATORS), Some(WAITERS), None);
    let model = ServiceModel::from_source(&source).unwrap();
    Session::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "not-a-real-secret", None))
        .region("us-east-1")
        .endpoint_url(url)
        .build()
        .client(model)
        .unwrap()
}

/// Seven things, `Limit` (default 3) a page, `NextToken` the next index.
fn list_things(_: &str, body: &Value) -> (u16, Value) {
    let start: usize = body["NextToken"].as_str().map_or(0, |t| t.parse().unwrap());
    let limit = body["Limit"].as_u64().unwrap_or(3) as usize;
    let end = (start + limit).min(7);
    let things: Vec<String> = (start..end).map(|i| format!("t{i}")).collect();
    let mut page = json!({ "Things": things });
    if end < 7 {
        page["NextToken"] = json!(end.to_string());
    }
    (200, page)
}

#[tokio::test]
async fn paginate_fetches_every_page_through_the_client() {
    let (url, seen) = serve(list_things).await;
    let client = client(&url);
    assert!(client.can_paginate("ListThings"));
    assert!(!client.can_paginate("DescribeThing"));

    let names: Vec<Value> = client
        .paginate("ListThings", json!({}))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        names,
        (0..7).map(|i| json!(format!("t{i}"))).collect::<Vec<_>>()
    );
    let bodies: Vec<Value> = seen_calls(&seen).into_iter().map(|(_, b)| b).collect();
    assert_eq!(
        bodies,
        vec![
            json!({}),
            json!({"NextToken": "3"}),
            json!({"NextToken": "6"})
        ]
    );

    let pages: Vec<Value> = client
        .paginate("ListThings", Value::Null)
        .page_size(4)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0]["ResponseMetadata"]["HTTPStatusCode"], 200);
    assert_eq!(seen_calls(&seen)[3].1, json!({"Limit": 4}));

    let full = client
        .paginate("ListThings", json!({}))
        .max_items(5)
        .build_full_result()
        .await
        .unwrap();
    assert_eq!(full["Things"], json!(["t0", "t1", "t2", "t3", "t4"]));
    assert!(full["NextToken"].is_string());
}

#[tokio::test]
async fn the_paginator_is_itself_a_stream_of_pages() {
    let (url, seen) = serve(list_things).await;
    let mut pages = client(&url).paginate("ListThings", json!({})).max_items(4);
    let mut sizes = Vec::new();
    while let Some(page) = pages.try_next().await.unwrap() {
        sizes.push(page["Things"].as_array().unwrap().len());
    }
    assert_eq!(sizes, vec![3, 1]);
    assert!(pages.resume_token().is_some());
    assert_eq!(seen.count(), 2);

    // A clone starts over.
    let again: Vec<Value> = pages.clone().try_collect().await.unwrap();
    assert_eq!(again.len(), 2);
    assert_eq!(seen.count(), 4);
}

#[tokio::test]
async fn bad_parameters_stop_the_first_page_before_anything_is_sent() {
    let (url, seen) = serve(list_things).await;
    let mut pages = client(&url).paginate("ListThings", json!({"Limt": 3}));
    let err = pages.try_next().await.unwrap_err();
    assert!(err.is_validation(), "{err}");
    assert!(err.validation_problems()[0].starts_with("Limt: unknown parameter"));
    assert!(pages.try_next().await.unwrap().is_none());
    assert!(seen.requests().is_empty());
}

#[tokio::test]
async fn a_string_limit_member_gets_the_page_size_as_a_string() {
    let (url, seen) = serve(|_, _| (200, json!({"Things": ["a"]}))).await;
    let pages: Vec<Value> = client(&url)
        .paginate("ListBoxes", json!({}))
        .page_size(10)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(
        seen_calls(&seen)[0],
        ("ListBoxes".into(), json!({"limit": "10"}))
    );
}

#[tokio::test]
async fn waiter_polls_through_errors_until_success() {
    let calls = Arc::new(Mutex::new(0));
    let count = calls.clone();
    let (url, seen) = serve(move |_, _| {
        let mut n = count.lock().unwrap();
        *n += 1;
        match *n {
            1 => (
                400,
                json!({"__type": "NotFound", "message": "no such thing"}),
            ),
            2 => (200, json!({"Status": "CREATING"})),
            _ => (200, json!({"Status": "READY"})),
        }
    })
    .await;
    let client = client(&url);
    assert_eq!(client.waiter_names(), vec!["ThingReady", "ThingAnswers"]);
    let out = client
        .waiter("ThingReady")
        .unwrap()
        .delay(Duration::from_millis(1))
        .wait(json!({"Name": "x"}))
        .await
        .unwrap();
    assert_eq!(out["Status"], "READY");
    let seen = seen_calls(&seen);
    assert_eq!(seen.len(), 3);
    assert!(seen
        .iter()
        .all(|(op, body)| op == "DescribeThing" && body == &json!({"Name": "x"})));
}

#[tokio::test]
async fn waiter_failure_and_status_matchers_through_the_client() {
    let (url, _) = serve(|_, _| (200, json!({"Status": "BROKEN"}))).await;
    let client = client(&url);
    let err = client
        .waiter("ThingReady")
        .unwrap()
        .wait(json!({"Name": "x"}))
        .await
        .unwrap_err();
    assert!(err.is_waiter());
    assert_eq!(
        err.waiter_failure().unwrap().last_response["Status"],
        "BROKEN"
    );

    // The status matcher reads the ResponseMetadata the client adds.
    let out = client
        .waiter("ThingAnswers")
        .unwrap()
        .wait(json!({"Name": "x"}))
        .await
        .unwrap();
    assert_eq!(out["ResponseMetadata"]["HTTPStatusCode"], 200);
}

#[tokio::test]
async fn unknown_paginators_and_waiters_are_model_errors() {
    let client = client("http://127.0.0.1:9");
    let mut paginator = client.paginate("DescribeThing", json!({}));
    let err = paginator.try_next().await.unwrap_err();
    assert!(err.is_model());
    assert!(
        err.to_string()
            .contains("things cannot paginate \"DescribeThing\""),
        "{err}"
    );
    assert!(paginator.try_next().await.unwrap().is_none());
    let err = client
        .paginate("DescribeThing", json!({}))
        .items()
        .try_next()
        .await
        .unwrap_err();
    assert!(err.is_model());
    let err = client
        .paginate("DescribeThing", json!({}))
        .build_full_result()
        .await
        .unwrap_err();
    assert!(err.is_model());
    let err = client.waiter("ThingGone").unwrap_err();
    assert!(err.is_model());
    assert!(
        err.to_string().contains("ThingReady, ThingAnswers"),
        "{err}"
    );
}
