//! `Client::paginate` and `Client::waiter` end to end: a real client, JSON protocol, SigV4,
//! against a scripted HTTP server on loopback.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::TryStreamExt;
use rboto_runtime::model::{ModelSource, ServiceModel};
use rboto_runtime::session::{Credentials, Session};
use rboto_runtime::Client;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

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

/// What the fake service saw: the `X-Amz-Target` operation and the JSON body of each request.
type Seen = Arc<Mutex<Vec<(String, Value)>>>;

/// Serves HTTP/1.1 on loopback, answering each request with `respond(operation, body)` as
/// `(status, JSON body)`. Returns the endpoint URL and the log of requests.
async fn serve(
    respond: impl Fn(&str, &Value) -> (u16, Value) + Send + Sync + 'static,
) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let respond = respond.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = socket.read(&mut chunk).await.unwrap();
                    assert!(n > 0, "connection closed mid-request");
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
                let header = |name: &str| {
                    head.lines()
                        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
                        .map(str::trim)
                        .map(str::to_string)
                };
                let length: usize = header("content-length").map_or(0, |v| v.parse().unwrap());
                while buf.len() < head_end + length {
                    let n = socket.read(&mut chunk).await.unwrap();
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body: Value = serde_json::from_slice(&buf[head_end..head_end + length])
                    .unwrap_or(Value::Null);
                let target = header("x-amz-target").unwrap_or_default();
                let operation = target.rsplit('.').next().unwrap_or_default().to_string();
                assert!(header("authorization").is_some_and(|a| a.starts_with("aws4-hmac-sha256")));
                let operation = match operation.as_str() {
                    "listthings" => "ListThings",
                    "listboxes" => "ListBoxes",
                    "describething" => "DescribeThing",
                    other => panic!("unexpected operation {other}"),
                };
                log.lock()
                    .unwrap()
                    .push((operation.to_string(), body.clone()));
                let (status, reply) = respond(operation, &body);
                let reply = reply.to_string();
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.0\r\n\
                     x-amzn-requestid: req-{n}\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n{reply}",
                    n = log.lock().unwrap().len(),
                    len = reply.len()
                );
                socket.write_all(response.as_bytes()).await.unwrap();
                socket.shutdown().await.ok();
            });
        }
    });
    (url, seen)
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
    let bodies: Vec<Value> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|(_, b)| b.clone())
        .collect();
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
    assert_eq!(seen.lock().unwrap()[3].1, json!({"Limit": 4}));

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
    assert_eq!(seen.lock().unwrap().len(), 2);

    // A clone starts over.
    let again: Vec<Value> = pages.clone().try_collect().await.unwrap();
    assert_eq!(again.len(), 2);
    assert_eq!(seen.lock().unwrap().len(), 4);
}

#[tokio::test]
async fn bad_parameters_stop_the_first_page_before_anything_is_sent() {
    let (url, seen) = serve(list_things).await;
    let mut pages = client(&url).paginate("ListThings", json!({"Limt": 3}));
    let err = pages.try_next().await.unwrap_err();
    assert!(err.is_validation(), "{err}");
    assert!(err.validation_problems()[0].starts_with("Limt: unknown parameter"));
    assert!(pages.try_next().await.unwrap().is_none());
    assert!(seen.lock().unwrap().is_empty());
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
        seen.lock().unwrap()[0],
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
    let seen = seen.lock().unwrap();
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
