//! Services beyond the ten that speak `rest-xml`, end to end against moto through the
//! low-level client: XML bodies named after the model's shapes, members in the URI, headers
//! such as `If-Match`, and the services' own error documents. Each test is one short chain
//! with a waiter where moto serves one and one service error whose code is checked.
//!
//! S3 Control is not here: its endpoint rules put the account id in front of the host
//! (`123456789012.127.0.0.1`), which boto3 does too and which no loopback name resolves.

use crate::common;

use common::services::{moto_client, service_error};
use common::*;
use serde_json::{json, Value};

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {value}"))
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn route53_zone_records_and_change_waiter() {
    let route53 = moto_client(rboto::models::route53::model());
    let zone_name = format!("{}.example.com.", unique("zone"));
    let created = ok(
        "CreateHostedZone",
        route53
            .call(
                "CreateHostedZone",
                json!({
                    "Name": zone_name,
                    "CallerReference": unique("ref"),
                    "HostedZoneConfig": { "Comment": "rboto e2e", "PrivateZone": false }
                }),
            )
            .await,
    );
    let zone_path = str_at(&created, "/HostedZone/Id").to_owned();
    assert!(zone_path.starts_with("/hostedzone/"), "{zone_path}");
    // The ids go back as the responses give them (`/hostedzone/Z…`, `/change/C…`): the
    // Route 53 customization strips the prefix, as botocore's `fix_route53_ids` does.
    let zone_id = zone_path.clone();
    assert_eq!(created["HostedZone"]["Name"], json!(zone_name));
    let change = ok(
        "ChangeResourceRecordSets",
        route53
            .call(
                "ChangeResourceRecordSets",
                json!({
                    "HostedZoneId": zone_id,
                    "ChangeBatch": {
                        "Comment": "add www",
                        "Changes": [{
                            "Action": "CREATE",
                            "ResourceRecordSet": {
                                "Name": format!("www.{zone_name}"),
                                "Type": "A",
                                "TTL": 60,
                                "ResourceRecords": [{ "Value": "192.0.2.1" }, { "Value": "192.0.2.2" }]
                            }
                        }]
                    }
                }),
            )
            .await,
    );
    let change_id = str_at(&change, "/ChangeInfo/Id").to_owned();
    assert!(change_id.starts_with("/change/"), "{change_id}");
    wait(
        &route53,
        "ResourceRecordSetsChanged",
        json!({ "Id": change_id }),
    )
    .await;
    let records = pages(
        &route53,
        "ListResourceRecordSets",
        json!({ "HostedZoneId": zone_id }),
    )
    .await;
    let www = records
        .iter()
        .flat_map(|p| {
            p["ResourceRecordSets"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .find(|r| r["Type"] == json!("A"))
        .unwrap_or_else(|| panic!("no A record in {records:?}"));
    assert_eq!(www["Name"], json!(format!("www.{zone_name}")));
    assert_eq!(www["TTL"], json!(60));
    assert_eq!(www["ResourceRecords"].as_array().map(Vec::len), Some(2));
    let zones = pages(&route53, "ListHostedZones", json!({})).await;
    assert!(strings_in(&zones, "HostedZones", "Id").contains(&zone_path));
    let got = ok(
        "GetHostedZone",
        route53
            .call("GetHostedZone", json!({ "Id": zone_id }))
            .await,
    );
    assert_eq!(got["HostedZone"]["Config"]["Comment"], json!("rboto e2e"));
    ok(
        "ChangeResourceRecordSets",
        route53
            .call(
                "ChangeResourceRecordSets",
                json!({
                    "HostedZoneId": zone_id,
                    "ChangeBatch": { "Changes": [{ "Action": "DELETE", "ResourceRecordSet": www }] }
                }),
            )
            .await,
    );
    ok(
        "DeleteHostedZone",
        route53
            .call("DeleteHostedZone", json!({ "Id": zone_id }))
            .await,
    );
    let e = service_error(
        "GetHostedZone",
        route53
            .call("GetHostedZone", json!({ "Id": zone_id }))
            .await,
        "NoSuchHostedZone",
    );
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn cloudfront_distribution_lifecycle() {
    let cloudfront = moto_client(rboto::models::cloudfront::model());
    let reference = unique("dist");
    let config = json!({
        "CallerReference": reference,
        "Comment": "rboto e2e",
        "Enabled": false,
        "Origins": {
            "Quantity": 1,
            "Items": [{
                "Id": "site",
                "DomainName": "rboto-site.s3.amazonaws.com",
                "S3OriginConfig": { "OriginAccessIdentity": "" }
            }]
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "MinTTL": 0,
            "ForwardedValues": { "QueryString": false, "Cookies": { "Forward": "none" } },
            "TrustedSigners": { "Enabled": false, "Quantity": 0 }
        }
    });
    let created = ok(
        "CreateDistribution",
        cloudfront
            .call(
                "CreateDistribution",
                json!({ "DistributionConfig": config }),
            )
            .await,
    );
    let id = str_at(&created, "/Distribution/Id").to_owned();
    assert!(created["ETag"].is_string(), "{created}");
    assert!(str_at(&created, "/Location").ends_with(&id));
    wait(&cloudfront, "DistributionDeployed", json!({ "Id": id })).await;
    let got = ok(
        "GetDistributionConfig",
        cloudfront
            .call("GetDistributionConfig", json!({ "Id": id }))
            .await,
    );
    let etag = str_at(&got, "/ETag").to_owned();
    assert_eq!(
        got["DistributionConfig"]["CallerReference"],
        json!(reference)
    );
    assert_eq!(
        got["DistributionConfig"]["Origins"]["Items"][0]["DomainName"],
        json!("rboto-site.s3.amazonaws.com")
    );
    let listed = pages(&cloudfront, "ListDistributions", json!({})).await;
    let ids: Vec<_> = listed
        .iter()
        .flat_map(|p| {
            p["DistributionList"]["Items"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|d| d["Id"].clone())
        .collect();
    assert!(ids.contains(&json!(id)), "{listed:?}");
    ok(
        "DeleteDistribution",
        cloudfront
            .call("DeleteDistribution", json!({ "Id": id, "IfMatch": etag }))
            .await,
    );
    let e = service_error(
        "GetDistribution",
        cloudfront
            .call("GetDistribution", json!({ "Id": id }))
            .await,
        "NoSuchDistribution",
    );
    assert_eq!(e.status(), Some(404));
}
