//! CloudWatch end to end against moto, through the low-level client. Its model lists the
//! smithy-rpc-v2-cbor protocol first, then json and query; botocore's order of preference picks
//! json, and so does the client (moto 5.2.5 serves CloudWatch over json and query, not CBOR).
//! Moto ignores the page size of DescribeAlarms and pages ListMetrics at 500, so the pagination
//! test puts 520 metrics.

use crate::common;

use common::*;
use serde_json::json;

async fn put_alarm(cw: &rboto::Client, name: &str) {
    ok(
        "PutMetricAlarm",
        cw.call(
            "PutMetricAlarm",
            json!({
                "AlarmName": name,
                "Namespace": "rboto/e2e",
                "MetricName": "Latency",
                "Statistic": "Average",
                "Period": 60,
                "EvaluationPeriods": 2,
                "Threshold": 1.5,
                "ComparisonOperator": "GreaterThanThreshold",
                "Dimensions": [{ "Name": "Service", "Value": "api" }]
            }),
        )
        .await,
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn put_alarm_wait_and_describe_it() {
    let cw = client("cloudwatch");
    let name = unique("alarm");
    put_alarm(&cw, &name).await;
    wait(&cw, "AlarmExists", json!({ "AlarmNames": [name] })).await;

    let described = ok(
        "DescribeAlarms",
        cw.call("DescribeAlarms", json!({ "AlarmNames": [name] }))
            .await,
    );
    let alarm = &described["MetricAlarms"][0];
    assert_eq!(alarm["AlarmName"], json!(name), "{described}");
    assert_eq!(alarm["Threshold"], json!(1.5), "{alarm}");
    assert_eq!(alarm["EvaluationPeriods"], json!(2), "{alarm}");
    assert_eq!(alarm["Dimensions"][0]["Value"], json!("api"), "{alarm}");
    assert!(
        alarm["AlarmConfigurationUpdatedTimestamp"].is_string(),
        "{alarm}"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn list_metrics_pages_through_every_metric() {
    let cw = client("cloudwatch");
    let namespace = unique("ns");
    let mut names: Vec<String> = (0..520).map(|i| format!("m{i:03}")).collect();
    for chunk in names.chunks(260) {
        let data: Vec<_> = chunk
            .iter()
            .map(|n| json!({ "MetricName": n, "Value": 1.0, "Unit": "Count" }))
            .collect();
        ok(
            "PutMetricData",
            cw.call(
                "PutMetricData",
                json!({ "Namespace": namespace, "MetricData": data }),
            )
            .await,
        );
    }

    let pages = pages(&cw, "ListMetrics", json!({ "Namespace": namespace })).await;
    assert_eq!(pages.len(), 2, "520 metrics at 500 a page: {}", pages.len());
    let mut listed = strings_in(&pages, "Metrics", "MetricName");
    listed.sort();
    names.sort();
    assert_eq!(listed, names);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn missing_dashboard_is_not_found() {
    let cw = client("cloudwatch");
    let e = err(
        "GetDashboard",
        cw.call("GetDashboard", json!({ "DashboardName": unique("absent") }))
            .await,
    );
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.code(), Some("ResourceNotFound"), "{e:?}");
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (cw, listener) = unserved_client("cloudwatch");
    assert_rejected_unsent(
        &cw,
        &listener,
        "PutMetricAlarm",
        json!({ "EvaluationPeriods": 0, "ComparisonOperator": "GreaterThanThreshold" }),
        &["AlarmName", "EvaluationPeriods"],
    )
    .await;
}
