//! CloudWatch resources end to end against moto: metrics (data, statistics, alarms), alarms
//! (state, history, actions, delete), the batch actions on filtered alarm collections and the
//! collections across pages. Every item exercised is recorded for `docs/resource-coverage.md`.

use crate::common;

use common::coverage::Coverage;
use common::{must, session, typed, unique};
use rboto::cloudwatch::types::MetricDatum;
use rboto::cloudwatch::{Metric, ServiceResource};
use rboto::runtime::resource::typed::DateTime;
use serde_json::json;

fn cloudwatch() -> ServiceResource {
    must(
        "cloudwatch service resource",
        ServiceResource::new(&session()),
    )
}

fn now_offset(seconds: i64) -> DateTime {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    typed(json!(now + seconds))
}

async fn put_alarm(cov: &Coverage, metric: &Metric, name: &str) -> rboto::cloudwatch::Alarm {
    let alarm = must(
        "PutMetricAlarm",
        metric
            .put_alarm()
            .alarm_name(name)
            .comparison_operator("GreaterThanThreshold")
            .evaluation_periods(1)
            .period(60)
            .statistic("Average")
            .threshold(10.0)
            .alarm_actions(["arn:aws:sns:us-east-1:123456789012:alarms"])
            .send()
            .await,
    );
    cov.action(metric.meta(), "PutAlarm");
    alarm
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn metric_data_alarms_and_batch_actions() {
    let cov = Coverage::new("cloudwatch");
    let cw = cloudwatch();
    let namespace = unique("resns");
    let metric = cw.metric(&namespace, "Latency");
    cov.constructed(metric.meta());
    must(
        "PutMetricData",
        metric
            .put_data()
            .metric_data(vec![
                build!(MetricDatum {
                    metric_name: "Latency",
                    value: 12.0,
                    unit: "Milliseconds"
                }),
                build!(MetricDatum {
                    metric_name: "Latency",
                    value: 18.0,
                    unit: "Milliseconds"
                }),
            ])
            .send()
            .await,
    );
    cov.action(metric.meta(), "PutData");
    must("Metric.load", metric.load().await);
    cov.load(metric.meta());
    assert_eq!(metric.metric_name(), "Latency");
    assert_eq!(
        must("dimensions", metric.dimensions().await).unwrap_or_default(),
        vec![]
    );
    assert!(metric.meta().data().is_some(), "the load found the metric");

    let stats = must(
        "GetMetricStatistics",
        metric
            .get_statistics()
            .start_time(now_offset(-3600))
            .end_time(now_offset(3600))
            .period(3600)
            .statistics(["Sum", "SampleCount"])
            .send()
            .await,
    );
    cov.action(metric.meta(), "GetStatistics");
    let points = stats.datapoints.unwrap_or_default();
    assert_eq!(points.iter().filter_map(|p| p.sum).sum::<f64>(), 30.0);

    let prefix = unique("resalarm");
    let mut alarms = Vec::new();
    for i in 0..3 {
        alarms.push(put_alarm(&cov, &metric, &format!("{prefix}-{i}")).await);
    }
    let alarm = &alarms[0];
    cov.constructed(alarm.meta());
    must("Alarm.load", alarm.load().await);
    cov.load(alarm.meta());
    let state = must("state_value", alarm.state_value().await);
    assert!(
        matches!(state.as_deref(), Some("OK" | "INSUFFICIENT_DATA")),
        "a fresh alarm over data below its threshold: {state:?}"
    );

    must(
        "SetAlarmState",
        alarm
            .set_state()
            .state_value("ALARM")
            .state_reason("testing")
            .send()
            .await,
    );
    cov.action(alarm.meta(), "SetState");
    assert_eq!(
        must("state_value", alarm.state_value().await).as_deref(),
        Some("ALARM"),
        "the action cleared the cached data, so this reads afresh"
    );
    cov.load(alarm.meta());
    cov.moto_fails(
        "Alarm",
        "action",
        "DescribeHistory",
        alarm.describe_history().send().await,
    );

    must("DisableAlarmActions", alarm.disable_actions().send().await);
    cov.action(alarm.meta(), "DisableActions");
    assert_eq!(
        must("actions_enabled", alarm.actions_enabled().await),
        Some(false)
    );
    cov.load(alarm.meta());
    must("EnableAlarmActions", alarm.enable_actions().send().await);
    cov.action(alarm.meta(), "EnableActions");

    let (pages, _) = iterate!(cov, metric.alarms().statistic("Average").period(60));
    let for_metric: Vec<_> = pages.into_iter().flatten().collect();
    assert_eq!(for_metric.len(), 3, "{for_metric:?}");
    let reference = must("Alarm.metric", alarms[1].metric().await).expect("a metric");
    assert_eq!(reference, metric);

    let mine = cw.alarms().filter().alarm_name_prefix(&prefix).page_size(2);
    must(
        "batch DisableAlarmActions",
        mine.disable_actions().send().await,
    );
    cov.batch_action(mine.meta(), "DisableActions");
    let listed = iterate_paged!(cov, cw.alarms().filter().alarm_name_prefix(&prefix), 2);
    assert_eq!(listed.len(), 3);
    for alarm in &listed {
        assert_eq!(
            must("actions_enabled", alarm.actions_enabled().await),
            Some(false)
        );
    }
    must(
        "batch EnableAlarmActions",
        mine.enable_actions().send().await,
    );
    cov.batch_action(mine.meta(), "EnableActions");
    let (pages, _) = iterate!(cov, mine.clone());
    for alarm in pages.iter().flatten() {
        assert_eq!(
            must("actions_enabled", alarm.actions_enabled().await),
            Some(true)
        );
    }

    must("DeleteAlarms", alarms[2].delete().send().await);
    cov.action(alarms[2].meta(), "Delete");
    must("batch DeleteAlarms", mine.delete().send().await);
    cov.batch_action(mine.meta(), "Delete");
    let (pages, _) = iterate!(cov, mine);
    assert!(pages.iter().all(Vec::is_empty), "{pages:?}");
}

/// ListMetrics takes no page size; moto returns 500 metrics a page, so 501 metrics in a
/// namespace of our own make two pages.
#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn metrics_across_pages() {
    let cov = Coverage::new("cloudwatch");
    let cw = cloudwatch();
    let namespace = unique("resnsp");
    let data: Vec<_> = (0..501)
        .map(|i| {
            build!(MetricDatum {
                metric_name: format!("m{i}"),
                value: 1.0
            })
        })
        .collect();
    for chunk in data.chunks(500) {
        let metric = cw.metric(&namespace, "m0");
        must(
            "PutMetricData",
            metric.put_data().metric_data(chunk.to_vec()).send().await,
        );
        cov.action(metric.meta(), "PutData");
    }
    let (pages, requests) = iterate!(cov, cw.metrics().filter().namespace(&namespace));
    assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), 501);
    assert!(requests >= 2, "{requests} requests");
}
