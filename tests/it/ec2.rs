//! EC2 (the ec2 query dialect) end to end against moto, through the low-level client.

use crate::common;

use common::*;
use serde_json::{json, Value};

const IMAGE: &str = "ami-12c6146b";

async fn run_tagged(ec2: &rboto::Client, tag: &str, count: u32) -> Vec<String> {
    let out = ok(
        "RunInstances",
        ec2.call(
            "RunInstances",
            json!({
                "ImageId": IMAGE,
                "InstanceType": "t3.micro",
                "MinCount": count,
                "MaxCount": count,
                "TagSpecifications": [{
                    "ResourceType": "instance",
                    "Tags": [{ "Key": "rboto-test", "Value": tag }]
                }]
            }),
        )
        .await,
    );
    out["Instances"]
        .as_array()
        .expect("Instances")
        .iter()
        .map(|i| i["InstanceId"].as_str().expect("InstanceId").to_owned())
        .collect()
}

fn instance_ids(pages: &[Value]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p["Reservations"].as_array().cloned().unwrap_or_default())
        .flat_map(|r| r["Instances"].as_array().cloned().unwrap_or_default())
        .map(|i| i["InstanceId"].as_str().expect("InstanceId").to_owned())
        .collect()
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn run_instances_wait_until_running_and_describe() {
    let ec2 = client("ec2");
    let tag = unique("run");
    let ids = run_tagged(&ec2, &tag, 2).await;
    assert_eq!(ids.len(), 2);
    wait(&ec2, "InstanceRunning", json!({ "InstanceIds": ids })).await;

    let described = ok(
        "DescribeInstances",
        ec2.call("DescribeInstances", json!({ "InstanceIds": ids }))
            .await,
    );
    let instances = &described["Reservations"][0]["Instances"];
    for instance in instances.as_array().expect("Instances") {
        assert_eq!(instance["State"]["Name"], json!("running"), "{instance}");
        assert_eq!(instance["ImageId"], json!(IMAGE));
        assert_eq!(instance["InstanceType"], json!("t3.micro"));
        assert_eq!(instance["Tags"][0]["Value"], json!(tag));
        assert!(instance["LaunchTime"].is_string(), "{instance}");
    }
    let mut described_ids = instance_ids(std::slice::from_ref(&described));
    described_ids.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(described_ids, expected);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn describe_instances_pages_through_every_reservation() {
    let ec2 = client("ec2");
    let tag = unique("page");
    let mut ids = Vec::new();
    for _ in 0..7 {
        ids.extend(run_tagged(&ec2, &tag, 1).await);
    }

    let pages = pages(
        &ec2,
        "DescribeInstances",
        json!({
            "Filters": [{ "Name": "tag:rboto-test", "Values": [tag] }],
            "MaxResults": 5
        }),
    )
    .await;
    assert_eq!(pages.len(), 2, "7 reservations at 5 a page: {pages:?}");
    let mut listed = instance_ids(&pages);
    listed.sort();
    ids.sort();
    assert_eq!(listed, ids);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn security_group_with_nested_ingress_rules() {
    let ec2 = client("ec2");
    let name = unique("sg");
    let created = ok(
        "CreateSecurityGroup",
        ec2.call(
            "CreateSecurityGroup",
            json!({ "GroupName": name, "Description": "rboto e2e & friends" }),
        )
        .await,
    );
    let group_id = created["GroupId"].as_str().expect("GroupId").to_owned();
    wait(
        &ec2,
        "SecurityGroupExists",
        json!({ "GroupIds": [group_id] }),
    )
    .await;

    ok(
        "AuthorizeSecurityGroupIngress",
        ec2.call(
            "AuthorizeSecurityGroupIngress",
            json!({
                "GroupId": group_id,
                "IpPermissions": [{
                    "IpProtocol": "tcp",
                    "FromPort": 443,
                    "ToPort": 443,
                    "IpRanges": [
                        { "CidrIp": "10.0.0.0/8", "Description": "inside" },
                        { "CidrIp": "192.168.0.0/16" }
                    ]
                }]
            }),
        )
        .await,
    );
    let described = ok(
        "DescribeSecurityGroups",
        ec2.call("DescribeSecurityGroups", json!({ "GroupIds": [group_id] }))
            .await,
    );
    let group = &described["SecurityGroups"][0];
    assert_eq!(group["GroupName"], json!(name), "{group}");
    assert_eq!(
        group["Description"],
        json!("rboto e2e & friends"),
        "{group}"
    );
    let rule = &group["IpPermissions"][0];
    assert_eq!(rule["FromPort"], json!(443), "{group}");
    let mut cidrs = strings_in(std::slice::from_ref(rule), "IpRanges", "CidrIp");
    cidrs.sort();
    assert_eq!(cidrs, ["10.0.0.0/8", "192.168.0.0/16"], "{group}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn missing_instance_is_not_found() {
    let ec2 = client("ec2");
    let e = err(
        "DescribeInstances",
        ec2.call(
            "DescribeInstances",
            json!({ "InstanceIds": ["i-0123456789abcdef0"] }),
        )
        .await,
    );
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.code(), Some("InvalidInstanceID.NotFound"), "{e:?}");
    assert_eq!(e.status(), Some(400));
    assert!(e.request_id().is_some(), "{e:?}");
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (ec2, listener) = unserved_client("ec2");
    assert_rejected_unsent(
        &ec2,
        &listener,
        "RunInstances",
        json!({ "ImageId": IMAGE, "MinCount": 1, "InstanceType": "t3.micro", "DryRun": "yes" }),
        &["MaxCount", "DryRun"],
    )
    .await;
}
