use std::sync::{Arc, Mutex};

use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

use super::{Invoke, Paginator};
use crate::error::{Error, ServiceError};
use crate::model::PaginatorDefinition;

type Log = Arc<Mutex<Vec<Value>>>;

/// An invoke closure answering with `respond` and logging every request it gets.
fn fake(respond: impl Fn(&Value) -> Result<Value, Error> + Send + Sync + 'static) -> (Invoke, Log) {
    let log: Log = Arc::default();
    let seen = log.clone();
    let respond = Arc::new(respond);
    let invoke: Invoke = Arc::new(move |params: Value| {
        seen.lock().unwrap().push(params.clone());
        let respond = respond.clone();
        Box::pin(async move { respond(&params) })
    });
    (invoke, log)
}

fn definition(v: Value) -> PaginatorDefinition {
    serde_json::from_value(v).expect("paginator definition parses")
}

/// A listing of `total` numbered things, `Limit` (default 3) a page, continued by
/// `NextToken` holding the next index as a string.
fn things(total: usize) -> (Invoke, Log) {
    fake(move |params| {
        let start: usize = params["NextToken"]
            .as_str()
            .map_or(0, |t| t.parse().unwrap());
        let limit = params["Limit"].as_u64().unwrap_or(3) as usize;
        let end = (start + limit).min(total);
        let mut page = json!({"Things": (start..end).collect::<Vec<_>>(), "Owner": "me"});
        if end < total {
            page["NextToken"] = json!(end.to_string());
        }
        Ok(page)
    })
}

fn things_paginator(invoke: Invoke, params: Value) -> Paginator {
    Paginator::new(
        "ListThings",
        &definition(json!({
            "input_token": "NextToken",
            "output_token": "NextToken",
            "limit_key": "Limit",
            "result_key": "Things",
            "non_aggregate_keys": ["Owner"]
        })),
        invoke,
        params,
    )
    .unwrap()
}

fn requests(log: &Log) -> Vec<Value> {
    log.lock().unwrap().clone()
}

async fn all_items(paginator: &Paginator) -> Vec<Value> {
    paginator.items().try_collect().await.unwrap()
}

#[tokio::test]
async fn follows_next_tokens_until_the_service_stops() {
    let (invoke, log) = things(7);
    let paginator = things_paginator(invoke, json!({"Filter": "x"}));
    let pages: Vec<Value> = paginator.pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2]["Things"], json!([6]));
    assert_eq!(
        requests(&log),
        vec![
            json!({"Filter": "x"}),
            json!({"Filter": "x", "NextToken": "3"}),
            json!({"Filter": "x", "NextToken": "6"}),
        ]
    );
}

#[tokio::test]
async fn pages_are_requested_only_when_polled() {
    let (invoke, log) = things(7);
    let paginator = things_paginator(invoke, Value::Null);
    let mut pages = paginator.pages();
    assert!(requests(&log).is_empty());
    pages.next().await.unwrap().unwrap();
    assert_eq!(requests(&log).len(), 1);
    pages.next().await.unwrap().unwrap();
    assert_eq!(requests(&log).len(), 2);
}

#[tokio::test]
async fn items_flatten_the_first_result_key_and_search_any_expression() {
    let (invoke, _) = things(5);
    let paginator = things_paginator(invoke, Value::Null);
    assert_eq!(
        all_items(&paginator).await,
        (0..5).map(Value::from).collect::<Vec<_>>()
    );
    let owners: Vec<Value> = paginator.search("Owner").try_collect().await.unwrap();
    assert_eq!(owners, vec![json!("me"), json!("me")]);
    let missing: Vec<Value> = paginator.search("Nothing").try_collect().await.unwrap();
    assert_eq!(missing, vec![Value::Null, Value::Null]);
    let err = paginator
        .search("Things[")
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert!(err.is_model());
}

#[tokio::test]
async fn page_size_sets_the_limit_member() {
    let (invoke, log) = things(5);
    let paginator = things_paginator(invoke, Value::Null).page_size(2);
    assert_eq!(all_items(&paginator).await.len(), 5);
    let sent: Vec<Value> = requests(&log).iter().map(|r| r["Limit"].clone()).collect();
    assert_eq!(sent, vec![json!(2), json!(2), json!(2)]);

    let (invoke, log) = fake(|_| Ok(json!({"VaultList": []})));
    let glacier = Paginator::new(
        "ListVaults",
        &definition(json!({"input_token": "marker", "output_token": "Marker",
                           "limit_key": "limit", "result_key": "VaultList"})),
        invoke,
        json!({"accountId": "-"}),
    )
    .unwrap()
    .string_limit_key(true)
    .page_size(10);
    glacier.pages().try_collect::<Vec<_>>().await.unwrap();
    assert_eq!(
        requests(&log),
        vec![json!({"accountId": "-", "limit": "10"})]
    );
}

#[tokio::test]
async fn page_size_without_a_limit_member_is_an_error() {
    let (invoke, log) = fake(|_| Ok(json!({})));
    let paginator = Paginator::new(
        "DescribeChangeSet",
        &definition(
            json!({"input_token": "NextToken", "output_token": "NextToken",
                           "result_key": "Changes"}),
        ),
        invoke,
        Value::Null,
    )
    .unwrap()
    .page_size(5);
    let first = paginator.pages().next().await.unwrap();
    assert!(first.unwrap_err().is_pagination());
    assert!(requests(&log).is_empty());
}

#[tokio::test]
async fn max_items_cuts_a_page_and_resumes_inside_it() {
    let (invoke, log) = things(8);
    let paginator = things_paginator(invoke.clone(), Value::Null).max_items(4);
    let mut items = paginator.items();
    let mut first_run = Vec::new();
    while let Some(item) = items.next().await {
        first_run.push(item.unwrap());
    }
    assert_eq!(first_run, (0..4).map(Value::from).collect::<Vec<_>>());
    assert_eq!(requests(&log).len(), 2);
    let token = items.resume_token().expect("a resume token").to_string();
    assert_eq!(
        token,
        super::token::encode(
            json!({"NextToken": "3"}).as_object().unwrap(),
            Some(1),
            Vec::new()
        )
    );

    let resumed = things_paginator(invoke, Value::Null).starting_token(&token);
    let rest = all_items(&resumed).await;
    assert_eq!(rest, (4..8).map(Value::from).collect::<Vec<_>>());
    assert_eq!(requests(&log)[2], json!({"NextToken": "3"}));
}

#[tokio::test]
async fn resuming_and_cutting_the_same_page_counts_from_the_page_start() {
    // Page [3, 4, 5]: resume at item 4, take one item, so the next run starts at item 5.
    let (invoke, _) = things(9);
    let token = super::token::encode(
        json!({"NextToken": "3"}).as_object().unwrap(),
        Some(1),
        Vec::new(),
    );
    let paginator = things_paginator(invoke.clone(), Value::Null)
        .starting_token(&token)
        .max_items(1);
    let mut items = paginator.items();
    assert_eq!(items.next().await.unwrap().unwrap(), json!(4));
    assert!(items.next().await.is_none());
    let next = items.resume_token().unwrap().to_string();
    assert_eq!(
        next,
        super::token::encode(
            json!({"NextToken": "3"}).as_object().unwrap(),
            Some(2),
            Vec::new()
        )
    );
    let rest = all_items(&things_paginator(invoke, Value::Null).starting_token(next)).await;
    assert_eq!(rest, (5..9).map(Value::from).collect::<Vec<_>>());
}

#[tokio::test]
async fn max_items_on_a_page_boundary_resumes_with_the_next_token() {
    let (invoke, log) = things(8);
    let paginator = things_paginator(invoke, Value::Null).max_items(6);
    let full = paginator.build_full_result().await.unwrap();
    assert_eq!(full["Things"], json!([0, 1, 2, 3, 4, 5]));
    assert_eq!(
        full["NextToken"],
        json!(super::token::encode(
            json!({"NextToken": "6"}).as_object().unwrap(),
            None,
            Vec::new()
        ))
    );
    assert_eq!(requests(&log).len(), 2);
}

#[tokio::test]
async fn no_resume_token_when_the_listing_ends_first() {
    let (invoke, _) = things(5);
    let paginator = things_paginator(invoke, Value::Null).max_items(100);
    let full = paginator.build_full_result().await.unwrap();
    assert_eq!(full, json!({"Things": [0, 1, 2, 3, 4], "Owner": "me"}));
}

#[tokio::test]
async fn a_bare_service_token_starts_the_listing_there() {
    let (invoke, log) = things(7);
    let paginator = things_paginator(invoke, Value::Null).starting_token("6");
    assert_eq!(all_items(&paginator).await, vec![json!(6)]);
    assert_eq!(requests(&log), vec![json!({"NextToken": "6"})]);
}

#[tokio::test]
async fn s3_list_objects_falls_back_to_the_last_key() {
    let (invoke, log) = fake(|params| {
        Ok(match params.get("Marker").and_then(Value::as_str) {
            None => json!({"IsTruncated": true, "Contents": [{"Key": "a"}, {"Key": "b"}],
                           "Name": "bkt"}),
            Some("b") => json!({"IsTruncated": true, "NextMarker": "d",
                                "Contents": [{"Key": "c"}], "CommonPrefixes": [{"Prefix": "p/"}]}),
            Some("d") => json!({"IsTruncated": false, "Contents": [{"Key": "e"}],
                                "CommonPrefixes": [{"Prefix": "q/"}]}),
            Some(other) => panic!("unexpected marker {other}"),
        })
    });
    let paginator = Paginator::new(
        "ListObjects",
        &definition(json!({
            "more_results": "IsTruncated",
            "limit_key": "MaxKeys",
            "output_token": "NextMarker || Contents[-1].Key",
            "input_token": "Marker",
            "result_key": ["Contents", "CommonPrefixes"]
        })),
        invoke,
        json!({"Bucket": "bkt"}),
    )
    .unwrap();
    let full = paginator.build_full_result().await.unwrap();
    assert_eq!(
        full,
        json!({
            "Contents": [{"Key": "a"}, {"Key": "b"}, {"Key": "c"}, {"Key": "e"}],
            "CommonPrefixes": [{"Prefix": "p/"}, {"Prefix": "q/"}]
        })
    );
    let markers: Vec<Value> = requests(&log).iter().map(|r| r["Marker"].clone()).collect();
    assert_eq!(markers, vec![Value::Null, json!("b"), json!("d")]);
    let keys: Vec<Value> = paginator
        .items()
        .map_ok(|o| o["Key"].clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(keys, vec![json!("a"), json!("b"), json!("c"), json!("e")]);
}

#[tokio::test]
async fn more_results_false_stops_even_with_a_token() {
    let (invoke, log) = fake(|_| Ok(json!({"IsTruncated": false, "Marker": "m", "Users": [1]})));
    let paginator = Paginator::new(
        "ListUsers",
        &definition(json!({"input_token": "Marker", "output_token": "Marker",
                           "more_results": "IsTruncated", "result_key": "Users"})),
        invoke,
        Value::Null,
    )
    .unwrap();
    assert_eq!(all_items(&paginator).await, vec![json!(1)]);
    assert_eq!(requests(&log).len(), 1);
}

#[tokio::test]
async fn an_empty_token_ends_the_listing() {
    let (invoke, log) = fake(|_| Ok(json!({"NextToken": "", "Items": [1]})));
    let paginator = Paginator::new(
        "List",
        &definition(
            json!({"input_token": "NextToken", "output_token": "NextToken",
                           "result_key": "Items"}),
        ),
        invoke,
        Value::Null,
    )
    .unwrap();
    assert_eq!(all_items(&paginator).await, vec![json!(1)]);
    assert_eq!(requests(&log).len(), 1);
}

#[tokio::test]
async fn multiple_tokens_travel_together_and_a_missing_one_is_dropped() {
    let (invoke, log) = fake(|params| {
        Ok(
            match (
                params.get("KeyMarker").and_then(Value::as_str),
                params.get("VersionIdMarker").and_then(Value::as_str),
            ) {
                (None, None) => json!({"IsTruncated": true, "NextKeyMarker": "k1",
                                       "NextVersionIdMarker": "v1", "Versions": [1],
                                       "DeleteMarkers": [10]}),
                (Some("k1"), Some("v1")) => json!({"IsTruncated": true, "NextKeyMarker": "k2",
                                                   "Versions": [2]}),
                (Some("k2"), None) => json!({"IsTruncated": false, "Versions": [3],
                                             "DeleteMarkers": [11]}),
                other => panic!("unexpected tokens {other:?}"),
            },
        )
    });
    let paginator = Paginator::new(
        "ListObjectVersions",
        &definition(json!({
            "more_results": "IsTruncated",
            "limit_key": "MaxKeys",
            "output_token": ["NextKeyMarker", "NextVersionIdMarker"],
            "input_token": ["KeyMarker", "VersionIdMarker"],
            "result_key": ["Versions", "DeleteMarkers", "CommonPrefixes"]
        })),
        invoke,
        json!({"Bucket": "b"}),
    )
    .unwrap();
    let full = paginator.build_full_result().await.unwrap();
    assert_eq!(
        full,
        json!({"Versions": [1, 2, 3], "DeleteMarkers": [10, 11]})
    );
    assert_eq!(
        requests(&log),
        vec![
            json!({"Bucket": "b"}),
            json!({"Bucket": "b", "KeyMarker": "k1", "VersionIdMarker": "v1"}),
            json!({"Bucket": "b", "KeyMarker": "k2"}),
        ]
    );
}

#[tokio::test]
async fn multiple_tokens_resume_from_a_cut_page() {
    let (invoke, log) = fake(|params| {
        Ok(match params.get("KeyMarker").and_then(Value::as_str) {
            None => json!({"IsTruncated": true, "NextKeyMarker": "k", "NextVersionIdMarker": "v",
                           "Versions": [1, 2]}),
            Some("k") => json!({"IsTruncated": false, "Versions": [3, 4, 5]}),
            other => panic!("unexpected {other:?}"),
        })
    });
    let def = definition(json!({
        "more_results": "IsTruncated",
        "output_token": ["NextKeyMarker", "NextVersionIdMarker"],
        "input_token": ["KeyMarker", "VersionIdMarker"],
        "result_key": "Versions"
    }));
    let first = Paginator::new("ListObjectVersions", &def, invoke.clone(), Value::Null)
        .unwrap()
        .max_items(3);
    let full = first.build_full_result().await.unwrap();
    assert_eq!(full["Versions"], json!([1, 2, 3]));
    let token = full["NextToken"].as_str().unwrap();
    let rest = Paginator::new("ListObjectVersions", &def, invoke, Value::Null)
        .unwrap()
        .starting_token(token);
    assert_eq!(all_items(&rest).await, vec![json!(4), json!(5)]);
    assert_eq!(
        requests(&log)[2],
        json!({"KeyMarker": "k", "VersionIdMarker": "v"})
    );
}

#[tokio::test]
async fn a_repeated_token_ends_with_a_pagination_error() {
    let (invoke, log) = fake(|_| Ok(json!({"NextToken": "same", "Items": [1]})));
    let paginator = Paginator::new(
        "List",
        &definition(
            json!({"input_token": "NextToken", "output_token": "NextToken",
                           "result_key": "Items"}),
        ),
        invoke,
        Value::Null,
    )
    .unwrap();
    let results: Vec<Result<Value, Error>> = paginator.pages().collect().await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let err = results[2].as_ref().unwrap_err();
    assert!(err.is_pagination());
    assert!(
        err.to_string()
            .contains(r#"the same next token was received twice: {"NextToken":"same"}"#),
        "{err}"
    );
    assert_eq!(requests(&log).len(), 2);
}

#[tokio::test]
async fn a_service_error_ends_the_stream() {
    let (invoke, log) = fake(|params| {
        if params.get("NextToken").is_some() {
            Err(Error::service(ServiceError {
                code: "Throttling".into(),
                status: 400,
                ..Default::default()
            }))
        } else {
            Ok(json!({"NextToken": "t", "Items": [1]}))
        }
    });
    let paginator = Paginator::new(
        "List",
        &definition(
            json!({"input_token": "NextToken", "output_token": "NextToken",
                           "result_key": "Items"}),
        ),
        invoke,
        Value::Null,
    )
    .unwrap();
    let results: Vec<Result<Value, Error>> = paginator.pages().collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[1].as_ref().unwrap_err().code(), Some("Throttling"));
    assert_eq!(requests(&log).len(), 2);
}

#[tokio::test]
async fn dynamodb_query_keys_tokens_and_counts() {
    let (invoke, log) = fake(|params| {
        Ok(match params.get("ExclusiveStartKey") {
            None => json!({"Items": [{"id": {"S": "a"}}], "Count": 1, "ScannedCount": 4,
                           "LastEvaluatedKey": {"id": {"S": "a"}},
                           "ConsumedCapacity": {"CapacityUnits": 0.5}}),
            Some(_) => json!({"Items": [{"id": {"S": "b"}}, {"id": {"S": "c"}}], "Count": 2,
                              "ScannedCount": 2, "ConsumedCapacity": {"CapacityUnits": 1.0}}),
        })
    });
    let def = definition(json!({
        "input_token": "ExclusiveStartKey",
        "output_token": "LastEvaluatedKey",
        "limit_key": "Limit",
        "result_key": ["Items", "Count", "ScannedCount"],
        "non_aggregate_keys": ["ConsumedCapacity"]
    }));
    let paginator =
        Paginator::new("Query", &def, invoke.clone(), json!({"TableName": "t"})).unwrap();
    let full = paginator.build_full_result().await.unwrap();
    assert_eq!(
        full,
        json!({
            "Items": [{"id": {"S": "a"}}, {"id": {"S": "b"}}, {"id": {"S": "c"}}],
            "Count": 3,
            "ScannedCount": 6,
            "ConsumedCapacity": {"CapacityUnits": 0.5}
        })
    );
    assert_eq!(
        requests(&log)[1],
        json!({"TableName": "t", "ExclusiveStartKey": {"id": {"S": "a"}}})
    );

    // Cut inside the second page, then resume: the key map travels in the token, and the
    // count of the resumed page is kept as the service reported it.
    let cut = Paginator::new("Query", &def, invoke.clone(), json!({"TableName": "t"}))
        .unwrap()
        .max_items(2)
        .build_full_result()
        .await
        .unwrap();
    assert_eq!(
        cut["Items"],
        json!([{"id": {"S": "a"}}, {"id": {"S": "b"}}])
    );
    let resumed = Paginator::new("Query", &def, invoke, json!({"TableName": "t"}))
        .unwrap()
        .starting_token(cut["NextToken"].as_str().unwrap())
        .build_full_result()
        .await
        .unwrap();
    assert_eq!(resumed["Items"], json!([{"id": {"S": "c"}}]));
    assert_eq!(resumed["Count"], json!(2));
    assert_eq!(
        requests(&log).last().unwrap(),
        &json!({"TableName": "t", "ExclusiveStartKey": {"id": {"S": "a"}}})
    );
}

#[test]
fn a_bad_expression_is_a_model_error() {
    let (invoke, _) = fake(|_| Ok(json!({})));
    let err = Paginator::new(
        "List",
        &definition(json!({"input_token": "A", "output_token": "B[", "result_key": "C"})),
        invoke,
        Value::Null,
    )
    .unwrap_err();
    assert!(err.is_model());
}

#[test]
fn every_real_paginator_compiles() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../resource-models/models");
    let (invoke, _) = fake(|_| Ok(json!({})));
    let mut count = 0;
    for service in std::fs::read_dir(root).unwrap() {
        let service = service.unwrap().path();
        if !service.is_dir() {
            continue;
        }
        for version in std::fs::read_dir(service).unwrap() {
            let path = version.unwrap().path().join("paginators-1.json");
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let file: crate::model::PaginatorsFile = serde_json::from_str(&text).unwrap();
            for (operation, def) in &file.pagination {
                Paginator::new(operation.as_str(), def, invoke.clone(), Value::Null)
                    .unwrap_or_else(|e| panic!("{}: {operation}: {e}", path.display()));
                count += 1;
            }
        }
    }
    assert!(count > 200, "only {count} paginators found");
}

#[tokio::test]
async fn a_deferred_paginator_reports_its_problem_on_every_stream() {
    let (invoke, log) = fake(|_| Ok(json!({})));
    let bad = definition(json!({"input_token": "A", "output_token": "B[", "result_key": "C"}));
    let mut paginator = Paginator::deferred("List", Ok(&bad), invoke.clone(), Value::Null);
    let err = paginator.next().await.unwrap().unwrap_err();
    assert!(err.is_model());
    assert!(
        err.to_string().contains("bad JMESPath expression \"B[\""),
        "{err}"
    );
    assert!(paginator.next().await.is_none());
    assert!(paginator
        .items()
        .next()
        .await
        .unwrap()
        .unwrap_err()
        .is_model());

    let missing = Paginator::deferred("List", Err("no paginator here".into()), invoke, Value::Null);
    let err = missing.build_full_result().await.unwrap_err();
    assert_eq!(err.to_string(), "model error: no paginator here");
    assert!(log.lock().unwrap().is_empty());
}

#[test]
fn streams_and_futures_can_move_between_tasks() {
    fn send<T: Send + 'static>(_: &T) {}
    fn sync<T: Sync>(_: &T) {}
    let (invoke, _) = things(1);
    let paginator = things_paginator(invoke, Value::Null);
    send(&paginator);
    sync(
        &paginator
            .clone()
            .max_items(1)
            .page_size(1)
            .string_limit_key(false),
    );
    sync(&paginator.pages());
    send(&paginator.pages());
    send(&paginator.items());
    let owned = paginator.clone();
    send(&async move { owned.build_full_result().await });
}

/// Three pages of `Foo` objects, continued while `IsTruncated`.
fn foo_pages() -> (Invoke, Log) {
    fake(|params| {
        Ok(match params.get("NextToken").and_then(Value::as_str) {
            None => json!({"Foo": [{"a": 1}, {"b": 2}], "IsTruncated": true, "NextToken": "1"}),
            Some("1") => {
                json!({"Foo": [{"a": 3}, {"b": 4}], "IsTruncated": true, "NextToken": "2"})
            }
            Some(_) => json!({"Foo": [{"a": 5}], "IsTruncated": false, "NextToken": "3"}),
        })
    })
}

#[tokio::test]
async fn search_flattens_lists_and_passes_other_results_through() {
    let (invoke, _) = foo_pages();
    let paginator = Paginator::new(
        "ListFoo",
        &definition(
            json!({"more_results": "IsTruncated", "input_token": "NextToken",
                           "output_token": "NextToken", "result_key": "Foo"}),
        ),
        invoke,
        Value::Null,
    )
    .unwrap();
    let collect = |expression: &'static str| {
        let paginator = paginator.clone();
        async move {
            paginator
                .search(expression)
                .try_collect::<Vec<Value>>()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        collect("Foo[0].a").await,
        vec![json!(1), json!(3), json!(5)]
    );
    assert_eq!(
        collect("Foo[].*[]").await,
        (1..=5).map(Value::from).collect::<Vec<_>>()
    );
    assert_eq!(collect("Foo[].qux").await, Vec::<Value>::new());
    assert_eq!(collect("Foo[].b").await, vec![json!(2), json!(4)]);
}

#[tokio::test]
async fn nested_result_keys_aggregate_in_place() {
    let (invoke, _) = fake(|params| {
        Ok(match params.get("Marker").and_then(Value::as_str) {
            None => json!({"EngineDefaults": {"Parameters": ["One", "Two"]}, "Marker": "m1"}),
            Some("m1") => json!({"EngineDefaults": {"Parameters": ["Three"]}}),
            Some(other) => panic!("unexpected marker {other}"),
        })
    });
    let paginator = Paginator::new(
        "DescribeEngineDefaultParameters",
        &definition(json!({"input_token": "Marker", "output_token": "Marker",
                           "result_key": "EngineDefaults.Parameters"})),
        invoke,
        Value::Null,
    )
    .unwrap();
    assert_eq!(
        paginator.build_full_result().await.unwrap(),
        json!({"EngineDefaults": {"Parameters": ["One", "Two", "Three"]}})
    );
    assert_eq!(
        paginator.items().try_collect::<Vec<_>>().await.unwrap(),
        vec![json!("One"), json!("Two"), json!("Three")]
    );
}

#[tokio::test]
async fn resuming_onto_a_page_without_results_gives_nothing() {
    let (invoke, _) = fake(|_| Ok(json!({"not_a_result_key": "x"})));
    let token = super::token::encode(
        json!({"Marker": null}).as_object().unwrap(),
        Some(1),
        Vec::new(),
    );
    let paginator = Paginator::new(
        "List",
        &definition(json!({"input_token": "Marker", "output_token": "Marker",
                           "result_key": ["Users", "Count"]})),
        invoke,
        Value::Null,
    )
    .unwrap()
    .starting_token(token);
    assert_eq!(paginator.build_full_result().await.unwrap(), json!({}));
}

#[tokio::test]
async fn parameters_must_be_an_object() {
    let (invoke, log) = things(3);
    let mut pages = things_paginator(invoke, json!([1])).pages();
    let err = pages.next().await.unwrap().unwrap_err();
    assert_eq!(
        err.validation_problems(),
        ["input: expected object, got [1]"]
    );
    assert!(pages.next().await.is_none());
    assert!(requests(&log).is_empty());
}
