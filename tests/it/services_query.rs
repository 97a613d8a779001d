//! Services beyond the ten that speak `query` (form-encoded requests, XML responses), end to
//! end against moto through the low-level client. Each test is one short chain (create, read
//! back, list through the paginator, delete), with the model's waiters where moto serves them,
//! and one service error whose code is checked.

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

/// A short lowercase name starting with a letter, for services that cap identifiers (load
/// balancers at 32 characters, cache clusters at 40).
fn short(prefix: &str) -> String {
    let name = unique(prefix);
    let tail = &name[name.len().saturating_sub(14)..];
    format!("{prefix}-{}", tail.trim_start_matches('-'))
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn ses_verified_identity_sends_mail() {
    let ses = moto_client(rboto::models::ses::model());
    let sender = format!("{}@example.com", unique("from"));
    service_error(
        "SendEmail",
        ses.call(
            "SendEmail",
            json!({
                "Source": sender,
                "Destination": { "ToAddresses": ["ada@example.com"] },
                "Message": { "Subject": { "Data": "hi" }, "Body": { "Text": { "Data": "unverified" } } }
            }),
        )
        .await,
        "MessageRejected",
    );
    ok(
        "VerifyEmailIdentity",
        ses.call("VerifyEmailIdentity", json!({ "EmailAddress": sender }))
            .await,
    );
    wait(&ses, "IdentityExists", json!({ "Identities": [sender] })).await;
    let identities = pages(
        &ses,
        "ListIdentities",
        json!({ "IdentityType": "EmailAddress" }),
    )
    .await;
    assert!(identities
        .iter()
        .flat_map(|p| p["Identities"].as_array().cloned().unwrap_or_default())
        .any(|i| i == json!(sender)));
    let sent = ok(
        "SendEmail",
        ses.call(
            "SendEmail",
            json!({
                "Source": sender,
                "Destination": { "ToAddresses": ["ada@example.com", "grace@example.com"] },
                "Message": { "Subject": { "Data": "hi" }, "Body": { "Text": { "Data": "from rboto" } } }
            }),
        )
        .await,
    );
    assert!(!str_at(&sent, "/MessageId").is_empty());
    let quota = ok("GetSendQuota", ses.call("GetSendQuota", json!({})).await);
    assert!(
        quota["SentLast24Hours"].as_f64().is_some_and(|n| n >= 2.0),
        "{quota}"
    );
    ok(
        "DeleteIdentity",
        ses.call("DeleteIdentity", json!({ "Identity": sender }))
            .await,
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn elb_classic_load_balancer_with_health_check_and_tags() {
    let elb = moto_client(rboto::models::elb::model());
    let name = short("clb");
    let created = ok(
        "CreateLoadBalancer",
        elb.call(
            "CreateLoadBalancer",
            json!({
                "LoadBalancerName": name,
                "Listeners": [{ "Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080 }],
                "AvailabilityZones": ["us-east-1a"]
            }),
        )
        .await,
    );
    assert!(str_at(&created, "/DNSName").contains(&name));
    let check = ok(
        "ConfigureHealthCheck",
        elb.call(
            "ConfigureHealthCheck",
            json!({
                "LoadBalancerName": name,
                "HealthCheck": { "Target": "HTTP:8080/health", "Interval": 30, "Timeout": 5,
                                 "UnhealthyThreshold": 2, "HealthyThreshold": 3 }
            }),
        )
        .await,
    );
    assert_eq!(check["HealthCheck"]["Interval"], json!(30));
    ok(
        "AddTags",
        elb.call(
            "AddTags",
            json!({ "LoadBalancerNames": [name], "Tags": [{ "Key": "env", "Value": "e2e" }] }),
        )
        .await,
    );
    let tags = ok(
        "DescribeTags",
        elb.call("DescribeTags", json!({ "LoadBalancerNames": [name] }))
            .await,
    );
    assert_eq!(
        tags["TagDescriptions"][0]["Tags"],
        json!([{ "Key": "env", "Value": "e2e" }])
    );
    let described = pages(
        &elb,
        "DescribeLoadBalancers",
        json!({ "LoadBalancerNames": [name] }),
    )
    .await;
    let description = &described[0]["LoadBalancerDescriptions"][0];
    assert_eq!(
        description["HealthCheck"]["Target"],
        json!("HTTP:8080/health")
    );
    assert_eq!(
        description["ListenerDescriptions"][0]["Listener"]["InstancePort"],
        json!(8080)
    );
    assert!(description["CreatedTime"].is_string(), "{description}");
    ok(
        "DeleteLoadBalancer",
        elb.call("DeleteLoadBalancer", json!({ "LoadBalancerName": name }))
            .await,
    );
    let e = service_error(
        "DescribeLoadBalancers",
        elb.call(
            "DescribeLoadBalancers",
            json!({ "LoadBalancerNames": [name] }),
        )
        .await,
        "LoadBalancerNotFound",
    );
    assert!(e.is_not_found() || e.status() == Some(400), "{e:?}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn elbv2_load_balancer_target_group_and_listener() {
    let ec2 = client("ec2");
    let vpc = ok(
        "CreateVpc",
        ec2.call("CreateVpc", json!({ "CidrBlock": "10.20.0.0/16" }))
            .await,
    );
    let vpc_id = str_at(&vpc, "/Vpc/VpcId").to_owned();
    let mut subnets = Vec::new();
    for (cidr, zone) in [
        ("10.20.1.0/24", "us-east-1a"),
        ("10.20.2.0/24", "us-east-1b"),
    ] {
        let subnet = ok(
            "CreateSubnet",
            ec2.call(
                "CreateSubnet",
                json!({ "VpcId": vpc_id, "CidrBlock": cidr, "AvailabilityZone": zone }),
            )
            .await,
        );
        subnets.push(str_at(&subnet, "/Subnet/SubnetId").to_owned());
    }

    let elbv2 = moto_client(rboto::models::elbv2::model());
    let name = short("alb");
    let created = ok(
        "CreateLoadBalancer",
        elbv2
            .call(
                "CreateLoadBalancer",
                json!({ "Name": name, "Subnets": subnets, "Type": "application" }),
            )
            .await,
    );
    let lb_arn = str_at(&created, "/LoadBalancers/0/LoadBalancerArn").to_owned();
    wait(
        &elbv2,
        "LoadBalancerAvailable",
        json!({ "LoadBalancerArns": [lb_arn] }),
    )
    .await;
    let group = ok(
        "CreateTargetGroup",
        elbv2
            .call(
                "CreateTargetGroup",
                json!({ "Name": short("tg"), "Protocol": "HTTP", "Port": 80, "VpcId": vpc_id }),
            )
            .await,
    );
    let group_arn = str_at(&group, "/TargetGroups/0/TargetGroupArn").to_owned();
    let listener = ok(
        "CreateListener",
        elbv2
            .call(
                "CreateListener",
                json!({
                    "LoadBalancerArn": lb_arn,
                    "Protocol": "HTTP",
                    "Port": 80,
                    "DefaultActions": [{ "Type": "forward", "TargetGroupArn": group_arn }]
                }),
            )
            .await,
    );
    let listener_arn = str_at(&listener, "/Listeners/0/ListenerArn").to_owned();
    let listeners = pages(
        &elbv2,
        "DescribeListeners",
        json!({ "LoadBalancerArn": lb_arn }),
    )
    .await;
    assert_eq!(
        listeners[0]["Listeners"][0]["DefaultActions"][0]["TargetGroupArn"],
        json!(group_arn)
    );
    let groups = pages(
        &elbv2,
        "DescribeTargetGroups",
        json!({ "LoadBalancerArn": lb_arn }),
    )
    .await;
    assert_eq!(
        strings_in(&groups, "TargetGroups", "TargetGroupArn"),
        vec![group_arn.clone()]
    );
    ok(
        "DeleteListener",
        elbv2
            .call("DeleteListener", json!({ "ListenerArn": listener_arn }))
            .await,
    );
    ok(
        "DeleteLoadBalancer",
        elbv2
            .call("DeleteLoadBalancer", json!({ "LoadBalancerArn": lb_arn }))
            .await,
    );
    wait(
        &elbv2,
        "LoadBalancersDeleted",
        json!({ "LoadBalancerArns": [lb_arn] }),
    )
    .await;
    ok(
        "DeleteTargetGroup",
        elbv2
            .call("DeleteTargetGroup", json!({ "TargetGroupArn": group_arn }))
            .await,
    );
    service_error(
        "DescribeLoadBalancers",
        elbv2
            .call("DescribeLoadBalancers", json!({ "Names": [name] }))
            .await,
        "LoadBalancerNotFound",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn autoscaling_group_from_a_launch_configuration() {
    let asg = moto_client(rboto::models::autoscaling::model());
    let config = unique("lc");
    ok(
        "CreateLaunchConfiguration",
        asg.call(
            "CreateLaunchConfiguration",
            json!({ "LaunchConfigurationName": config, "ImageId": "ami-12c6146b", "InstanceType": "t2.micro" }),
        )
        .await,
    );
    let group = unique("asg");
    let e = service_error(
        "CreateAutoScalingGroup",
        asg.call(
            "CreateAutoScalingGroup",
            json!({
                "AutoScalingGroupName": group,
                "LaunchConfigurationName": config,
                "MinSize": 0,
                "MaxSize": 3
            }),
        )
        .await,
        "ValidationError",
    );
    assert!(
        e.message().is_some_and(|m| m.contains("Availability Zone")),
        "{e:?}"
    );
    ok(
        "CreateAutoScalingGroup",
        asg.call(
            "CreateAutoScalingGroup",
            json!({
                "AutoScalingGroupName": group,
                "LaunchConfigurationName": config,
                "MinSize": 0,
                "MaxSize": 3,
                "DesiredCapacity": 1,
                "AvailabilityZones": ["us-east-1a"],
                "Tags": [{ "Key": "env", "Value": "e2e", "PropagateAtLaunch": true }]
            }),
        )
        .await,
    );
    ok(
        "SetDesiredCapacity",
        asg.call(
            "SetDesiredCapacity",
            json!({ "AutoScalingGroupName": group, "DesiredCapacity": 2 }),
        )
        .await,
    );
    let groups = pages(
        &asg,
        "DescribeAutoScalingGroups",
        json!({ "AutoScalingGroupNames": [group] }),
    )
    .await;
    let described = &groups[0]["AutoScalingGroups"][0];
    assert_eq!(described["DesiredCapacity"], json!(2));
    assert_eq!(described["Instances"].as_array().map(Vec::len), Some(2));
    assert_eq!(described["Tags"][0]["PropagateAtLaunch"], json!(true));
    let instances = pages(&asg, "DescribeAutoScalingInstances", json!({})).await;
    let ours = instances
        .iter()
        .flat_map(|p| {
            p["AutoScalingInstances"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter(|i| i["AutoScalingGroupName"] == json!(group))
        .count();
    assert_eq!(ours, 2);
    let configs = pages(
        &asg,
        "DescribeLaunchConfigurations",
        json!({ "LaunchConfigurationNames": [config] }),
    )
    .await;
    assert_eq!(
        strings_in(&configs, "LaunchConfigurations", "ImageId"),
        vec!["ami-12c6146b"]
    );
    ok(
        "DeleteAutoScalingGroup",
        asg.call(
            "DeleteAutoScalingGroup",
            json!({ "AutoScalingGroupName": group, "ForceDelete": true }),
        )
        .await,
    );
    ok(
        "DeleteLaunchConfiguration",
        asg.call(
            "DeleteLaunchConfiguration",
            json!({ "LaunchConfigurationName": config }),
        )
        .await,
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn rds_instance_and_snapshot_with_waiters() {
    let rds = moto_client(rboto::models::rds::model());
    let id = unique("db");
    let created = ok(
        "CreateDBInstance",
        rds.call(
            "CreateDBInstance",
            json!({
                "DBInstanceIdentifier": id,
                "DBInstanceClass": "db.t3.micro",
                "Engine": "postgres",
                "MasterUsername": "admin_user",
                "MasterUserPassword": "correct-horse-battery",
                "AllocatedStorage": 20,
                "Tags": [{ "Key": "env", "Value": "e2e" }]
            }),
        )
        .await,
    );
    assert_eq!(created["DBInstance"]["Engine"], json!("postgres"));
    wait(
        &rds,
        "DBInstanceAvailable",
        json!({ "DBInstanceIdentifier": id }),
    )
    .await;
    let instances = pages(
        &rds,
        "DescribeDBInstances",
        json!({ "DBInstanceIdentifier": id }),
    )
    .await;
    let instance = &instances[0]["DBInstances"][0];
    assert_eq!(instance["AllocatedStorage"], json!(20));
    assert!(instance["InstanceCreateTime"].is_string(), "{instance}");
    let snapshot = unique("snap");
    ok(
        "CreateDBSnapshot",
        rds.call(
            "CreateDBSnapshot",
            json!({ "DBInstanceIdentifier": id, "DBSnapshotIdentifier": snapshot }),
        )
        .await,
    );
    wait(
        &rds,
        "DBSnapshotAvailable",
        json!({ "DBSnapshotIdentifier": snapshot }),
    )
    .await;
    let snapshots = pages(
        &rds,
        "DescribeDBSnapshots",
        json!({ "DBInstanceIdentifier": id, "SnapshotType": "manual" }),
    )
    .await;
    assert_eq!(
        strings_in(&snapshots, "DBSnapshots", "DBSnapshotIdentifier"),
        vec![snapshot.clone()]
    );
    ok(
        "DeleteDBSnapshot",
        rds.call(
            "DeleteDBSnapshot",
            json!({ "DBSnapshotIdentifier": snapshot }),
        )
        .await,
    );
    ok(
        "DeleteDBInstance",
        rds.call(
            "DeleteDBInstance",
            json!({ "DBInstanceIdentifier": id, "SkipFinalSnapshot": true }),
        )
        .await,
    );
    wait(
        &rds,
        "DBInstanceDeleted",
        json!({ "DBInstanceIdentifier": id }),
    )
    .await;
    let e = service_error(
        "DescribeDBInstances",
        rds.call("DescribeDBInstances", json!({ "DBInstanceIdentifier": id }))
            .await,
        "DBInstanceNotFound",
    );
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn redshift_cluster_with_waiters() {
    let redshift = moto_client(rboto::models::redshift::model());
    let id = unique("rs");
    ok(
        "CreateCluster",
        redshift
            .call(
                "CreateCluster",
                json!({
                    "ClusterIdentifier": id,
                    "NodeType": "dc2.large",
                    "ClusterType": "single-node",
                    "MasterUsername": "admin",
                    "MasterUserPassword": "Correct-horse-1",
                    "DBName": "analytics"
                }),
            )
            .await,
    );
    wait(
        &redshift,
        "ClusterAvailable",
        json!({ "ClusterIdentifier": id }),
    )
    .await;
    let clusters = pages(
        &redshift,
        "DescribeClusters",
        json!({ "ClusterIdentifier": id }),
    )
    .await;
    let cluster = &clusters[0]["Clusters"][0];
    assert_eq!(cluster["DBName"], json!("analytics"));
    assert_eq!(cluster["NumberOfNodes"], json!(1));
    assert!(cluster["Endpoint"]["Port"].is_u64(), "{cluster}");
    ok(
        "DeleteCluster",
        redshift
            .call(
                "DeleteCluster",
                json!({ "ClusterIdentifier": id, "SkipFinalClusterSnapshot": true }),
            )
            .await,
    );
    wait(
        &redshift,
        "ClusterDeleted",
        json!({ "ClusterIdentifier": id }),
    )
    .await;
    let e = service_error(
        "DescribeClusters",
        redshift
            .call("DescribeClusters", json!({ "ClusterIdentifier": id }))
            .await,
        "ClusterNotFound",
    );
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn elasticache_cache_cluster_waits_until_available() {
    let cache = moto_client(rboto::models::elasticache::model());
    let id = short("cache");
    let created = ok(
        "CreateCacheCluster",
        cache
            .call(
                "CreateCacheCluster",
                json!({
                    "CacheClusterId": id,
                    "Engine": "redis",
                    "CacheNodeType": "cache.t3.micro",
                    "NumCacheNodes": 1
                }),
            )
            .await,
    );
    assert_eq!(created["CacheCluster"]["Engine"], json!("redis"));
    wait(
        &cache,
        "CacheClusterAvailable",
        json!({ "CacheClusterId": id }),
    )
    .await;
    let clusters = pages(
        &cache,
        "DescribeCacheClusters",
        json!({ "CacheClusterId": id }),
    )
    .await;
    assert_eq!(
        strings_in(&clusters, "CacheClusters", "CacheNodeType"),
        vec!["cache.t3.micro"]
    );
    // moto leaves a deleted cluster "deleting" for good, so the CacheClusterDeleted waiter
    // would never end here.
    let deleted = ok(
        "DeleteCacheCluster",
        cache
            .call("DeleteCacheCluster", json!({ "CacheClusterId": id }))
            .await,
    );
    assert_eq!(
        deleted["CacheCluster"]["CacheClusterStatus"],
        json!("deleting")
    );
    let e = service_error(
        "DescribeCacheClusters",
        cache
            .call(
                "DescribeCacheClusters",
                json!({ "CacheClusterId": short("absent") }),
            )
            .await,
        "CacheClusterNotFound",
    );
    assert_eq!(e.status(), Some(404));
}

/// SimpleDB's model asks for Signature Version 2, which rboto does not implement (it signs
/// with SigV4) and moto does not check: this chain proves SimpleDB's wire format, not its
/// signature.
#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn sdb_domain_items_and_attributes() {
    let sdb = moto_client(rboto::models::sdb::model());
    let domain = unique("domain");
    ok(
        "CreateDomain",
        sdb.call("CreateDomain", json!({ "DomainName": domain }))
            .await,
    );
    ok(
        "PutAttributes",
        sdb.call(
            "PutAttributes",
            json!({
                "DomainName": domain,
                "ItemName": "book-1",
                "Attributes": [
                    { "Name": "title", "Value": "Dune", "Replace": true },
                    { "Name": "year", "Value": "1965" }
                ]
            }),
        )
        .await,
    );
    let got = ok(
        "GetAttributes",
        sdb.call(
            "GetAttributes",
            json!({ "DomainName": domain, "ItemName": "book-1" }),
        )
        .await,
    );
    let mut attributes: Vec<(String, String)> = got["Attributes"]
        .as_array()
        .unwrap_or_else(|| panic!("no attributes in {got}"))
        .iter()
        .map(|a| {
            (
                str_at(a, "/Name").to_owned(),
                str_at(a, "/Value").to_owned(),
            )
        })
        .collect();
    attributes.sort();
    assert_eq!(
        attributes,
        vec![
            ("title".to_owned(), "Dune".to_owned()),
            ("year".to_owned(), "1965".to_owned())
        ]
    );
    let domains = pages(&sdb, "ListDomains", json!({})).await;
    assert!(domains
        .iter()
        .flat_map(|p| p["DomainNames"].as_array().cloned().unwrap_or_default())
        .any(|d| d == json!(domain)));
    ok(
        "DeleteDomain",
        sdb.call("DeleteDomain", json!({ "DomainName": domain }))
            .await,
    );
    service_error(
        "GetAttributes",
        sdb.call(
            "GetAttributes",
            json!({ "DomainName": domain, "ItemName": "book-1" }),
        )
        .await,
        "NoSuchDomain",
    );
}
