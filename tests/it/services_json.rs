//! Services beyond the ten that speak `json` (awsJson 1.0 and 1.1), end to end against moto
//! through the low-level client: each test is one short chain a program would run (create,
//! read back, list through the paginator, delete), with a waiter where the model has one moto
//! serves, and one service error whose code is checked.
//!
//! moto speaks no smithy-rpc-v2-cbor (it answers such a request 404), so no chain here can
//! exercise CBOR; the client picks the first protocol of a model's list that rboto supports, in
//! botocore's order of preference, and CBOR's wire format is pinned by botocore's conformance
//! vectors instead (`runtime/tests/it/conformance`).

use crate::common;

use base64::Engine as _;
use common::services::{moto_client, service_error};
use common::*;
use serde_json::{json, Value};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {value}"))
}

/// A bucket on moto, for the services that deliver into S3.
async fn bucket() -> String {
    let name = unique("svc");
    ok(
        "CreateBucket",
        client("s3")
            .call("CreateBucket", json!({ "Bucket": name }))
            .await,
    );
    name
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn kms_key_encrypts_aliases_and_is_scheduled_for_deletion() {
    let kms = moto_client(rboto::models::kms::model());
    let created = ok(
        "CreateKey",
        kms.call(
            "CreateKey",
            json!({ "Description": "rboto e2e", "Tags": [{ "TagKey": "app", "TagValue": "rboto" }] }),
        )
        .await,
    );
    let key_id = str_at(&created, "/KeyMetadata/KeyId").to_owned();
    let described = ok(
        "DescribeKey",
        kms.call("DescribeKey", json!({ "KeyId": key_id })).await,
    );
    assert_eq!(described["KeyMetadata"]["Description"], json!("rboto e2e"));
    assert_eq!(described["KeyMetadata"]["Enabled"], json!(true));

    let secret = b"attack at dawn";
    let sealed = ok(
        "Encrypt",
        kms.call(
            "Encrypt",
            json!({ "KeyId": key_id, "Plaintext": b64(secret) }),
        )
        .await,
    );
    let blob = str_at(&sealed, "/CiphertextBlob").to_owned();
    assert_ne!(blob, b64(secret));
    let opened = ok(
        "Decrypt",
        kms.call("Decrypt", json!({ "CiphertextBlob": blob })).await,
    );
    assert_eq!(opened["Plaintext"], json!(b64(secret)));

    let alias = format!("alias/{}", unique("key"));
    ok(
        "CreateAlias",
        kms.call(
            "CreateAlias",
            json!({ "AliasName": alias, "TargetKeyId": key_id }),
        )
        .await,
    );
    let aliases = pages(&kms, "ListAliases", json!({ "KeyId": key_id })).await;
    assert_eq!(strings_in(&aliases, "Aliases", "AliasName"), vec![alias]);
    let keys = pages(&kms, "ListKeys", json!({})).await;
    assert!(strings_in(&keys, "Keys", "KeyId").contains(&key_id));

    let scheduled = ok(
        "ScheduleKeyDeletion",
        kms.call(
            "ScheduleKeyDeletion",
            json!({ "KeyId": key_id, "PendingWindowInDays": 7 }),
        )
        .await,
    );
    assert_eq!(scheduled["KeyId"], json!(key_id));
    assert!(scheduled["DeletionDate"].is_string(), "{scheduled}");
    let pending = ok(
        "DescribeKey",
        kms.call("DescribeKey", json!({ "KeyId": key_id })).await,
    );
    assert_eq!(pending["KeyMetadata"]["KeyState"], json!("PendingDeletion"));
    let e = service_error(
        "DescribeKey",
        kms.call(
            "DescribeKey",
            json!({ "KeyId": "00000000-0000-0000-0000-000000000000" }),
        )
        .await,
        "NotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn secretsmanager_secret_versions_list_and_force_delete() {
    let sm = moto_client(rboto::models::secretsmanager::model());
    let name = unique("secret");
    let created = ok(
        "CreateSecret",
        sm.call(
            "CreateSecret",
            json!({ "Name": name, "SecretString": "v1" }),
        )
        .await,
    );
    assert_eq!(created["Name"], json!(name));
    let put = ok(
        "PutSecretValue",
        sm.call(
            "PutSecretValue",
            json!({ "SecretId": name, "SecretString": "v2" }),
        )
        .await,
    );
    assert_ne!(put["VersionId"], created["VersionId"]);
    let value = ok(
        "GetSecretValue",
        sm.call("GetSecretValue", json!({ "SecretId": name })).await,
    );
    assert_eq!(value["SecretString"], json!("v2"));
    assert_eq!(value["VersionStages"], json!(["AWSCURRENT"]));
    let described = ok(
        "DescribeSecret",
        sm.call("DescribeSecret", json!({ "SecretId": created["ARN"] }))
            .await,
    );
    assert_eq!(described["Name"], json!(name));
    let listed = pages(
        &sm,
        "ListSecrets",
        json!({ "Filters": [{ "Key": "name", "Values": [name] }] }),
    )
    .await;
    assert_eq!(
        strings_in(&listed, "SecretList", "Name"),
        vec![name.clone()]
    );
    ok(
        "DeleteSecret",
        sm.call(
            "DeleteSecret",
            json!({ "SecretId": name, "ForceDeleteWithoutRecovery": true }),
        )
        .await,
    );
    let e = service_error(
        "GetSecretValue",
        sm.call("GetSecretValue", json!({ "SecretId": name })).await,
        "ResourceNotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn ssm_parameters_by_path_across_pages() {
    let ssm = moto_client(rboto::models::ssm::model());
    let path = format!("/{}", unique("app"));
    for (name, kind) in [("a", "String"), ("b", "SecureString"), ("c", "StringList")] {
        ok(
            "PutParameter",
            ssm.call(
                "PutParameter",
                json!({ "Name": format!("{path}/{name}"), "Value": format!("{name}1,{name}2"), "Type": kind }),
            )
            .await,
        );
    }
    let got = ok(
        "GetParameter",
        ssm.call(
            "GetParameter",
            json!({ "Name": format!("{path}/b"), "WithDecryption": true }),
        )
        .await,
    );
    assert_eq!(got["Parameter"]["Value"], json!("b1,b2"));
    assert_eq!(got["Parameter"]["Type"], json!("SecureString"));
    let listed = pages_sized(
        &ssm,
        "GetParametersByPath",
        json!({ "Path": path, "Recursive": true }),
        2,
    )
    .await;
    assert_eq!(listed.len(), 2, "3 parameters at 2 a page: {listed:?}");
    let mut names = strings_in(&listed, "Parameters", "Name");
    names.sort();
    assert_eq!(
        names,
        ["a", "b", "c"].map(|n| format!("{path}/{n}")).to_vec()
    );
    ok(
        "DeleteParameters",
        ssm.call(
            "DeleteParameters",
            json!({ "Names": (["a", "b", "c"].map(|n| format!("{path}/{n}"))) }),
        )
        .await,
    );
    let e = service_error(
        "GetParameter",
        ssm.call("GetParameter", json!({ "Name": format!("{path}/a") }))
            .await,
        "ParameterNotFound",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn logs_group_stream_events_round_trip() {
    let logs = moto_client(rboto::models::logs::model());
    let group = format!("/rboto/{}", unique("group"));
    let stream = "web-1";
    ok(
        "CreateLogGroup",
        logs.call("CreateLogGroup", json!({ "logGroupName": group }))
            .await,
    );
    ok(
        "CreateLogStream",
        logs.call(
            "CreateLogStream",
            json!({ "logGroupName": group, "logStreamName": stream }),
        )
        .await,
    );
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as u64;
    ok(
        "PutLogEvents",
        logs.call(
            "PutLogEvents",
            json!({
                "logGroupName": group,
                "logStreamName": stream,
                "logEvents": [
                    { "timestamp": now_ms, "message": "started" },
                    { "timestamp": now_ms + 1, "message": "ready" }
                ]
            }),
        )
        .await,
    );
    let events = ok(
        "GetLogEvents",
        logs.call(
            "GetLogEvents",
            json!({ "logGroupName": group, "logStreamName": stream, "startFromHead": true }),
        )
        .await,
    );
    let messages: Vec<_> = events["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["message"].clone())
        .collect();
    assert_eq!(messages, vec![json!("started"), json!("ready")]);
    assert_eq!(events["events"][0]["timestamp"], json!(now_ms));
    let groups = pages(
        &logs,
        "DescribeLogGroups",
        json!({ "logGroupNamePrefix": group }),
    )
    .await;
    assert_eq!(
        strings_in(&groups, "logGroups", "logGroupName"),
        vec![group.clone()]
    );
    let streams = pages(
        &logs,
        "DescribeLogStreams",
        json!({ "logGroupName": group }),
    )
    .await;
    assert_eq!(
        strings_in(&streams, "logStreams", "logStreamName"),
        vec![stream]
    );
    service_error(
        "CreateLogGroup",
        logs.call("CreateLogGroup", json!({ "logGroupName": group }))
            .await,
        "ResourceAlreadyExistsException",
    );
    ok(
        "DeleteLogGroup",
        logs.call("DeleteLogGroup", json!({ "logGroupName": group }))
            .await,
    );
    let e = service_error(
        "DeleteLogGroup",
        logs.call("DeleteLogGroup", json!({ "logGroupName": group }))
            .await,
        "ResourceNotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn kinesis_stream_records_round_trip_with_waiters() {
    let kinesis = moto_client(rboto::models::kinesis::model());
    let name = unique("stream");
    ok(
        "CreateStream",
        kinesis
            .call(
                "CreateStream",
                json!({ "StreamName": name, "ShardCount": 1 }),
            )
            .await,
    );
    wait(&kinesis, "StreamExists", json!({ "StreamName": name })).await;
    let put = ok(
        "PutRecord",
        kinesis
            .call(
                "PutRecord",
                json!({ "StreamName": name, "Data": b64(b"{\"n\":1}"), "PartitionKey": "p" }),
            )
            .await,
    );
    let shard = str_at(&put, "/ShardId").to_owned();
    let iterator = ok(
        "GetShardIterator",
        kinesis
            .call(
                "GetShardIterator",
                json!({ "StreamName": name, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON" }),
            )
            .await,
    );
    let records = ok(
        "GetRecords",
        kinesis
            .call(
                "GetRecords",
                json!({ "ShardIterator": iterator["ShardIterator"] }),
            )
            .await,
    );
    assert_eq!(records["Records"][0]["Data"], json!(b64(b"{\"n\":1}")));
    assert_eq!(records["Records"][0]["PartitionKey"], json!("p"));
    assert!(
        records["Records"][0]["ApproximateArrivalTimestamp"].is_string(),
        "{records}"
    );
    let shards = pages(&kinesis, "ListShards", json!({ "StreamName": name })).await;
    assert_eq!(strings_in(&shards, "Shards", "ShardId"), vec![shard]);
    let streams = pages(&kinesis, "ListStreams", json!({})).await;
    assert!(strings_in(&streams, "StreamSummaries", "StreamName").contains(&name));
    ok(
        "DeleteStream",
        kinesis
            .call("DeleteStream", json!({ "StreamName": name }))
            .await,
    );
    wait(&kinesis, "StreamNotExists", json!({ "StreamName": name })).await;
    let e = service_error(
        "DescribeStream",
        kinesis
            .call("DescribeStream", json!({ "StreamName": name }))
            .await,
        "ResourceNotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn events_rule_with_a_target() {
    let events = moto_client(rboto::models::events::model());
    let sqs = client("sqs");
    let queue = ok(
        "CreateQueue",
        sqs.call("CreateQueue", json!({ "QueueName": unique("events") }))
            .await,
    );
    let queue_url = str_at(&queue, "/QueueUrl").to_owned();
    let attributes = ok(
        "GetQueueAttributes",
        sqs.call(
            "GetQueueAttributes",
            json!({ "QueueUrl": queue_url, "AttributeNames": ["QueueArn"] }),
        )
        .await,
    );
    let queue_arn = str_at(&attributes, "/Attributes/QueueArn").to_owned();
    let rule = unique("rule");
    let source = format!("rboto.{rule}");
    let put = ok(
        "PutRule",
        events
            .call(
                "PutRule",
                json!({
                    "Name": rule,
                    "EventPattern": json!({ "source": [source] }).to_string(),
                    "State": "ENABLED"
                }),
            )
            .await,
    );
    assert!(str_at(&put, "/RuleArn").ends_with(&format!("rule/{rule}")));
    let described = ok(
        "DescribeRule",
        events.call("DescribeRule", json!({ "Name": rule })).await,
    );
    assert_eq!(described["State"], json!("ENABLED"));
    let targets = ok(
        "PutTargets",
        events
            .call(
                "PutTargets",
                json!({
                    "Rule": rule,
                    "Targets": [
                        { "Id": "q", "Arn": queue_arn }
                    ]
                }),
            )
            .await,
    );
    assert_eq!(targets["FailedEntryCount"], json!(0));
    let listed = pages(&events, "ListTargetsByRule", json!({ "Rule": rule })).await;
    assert_eq!(strings_in(&listed, "Targets", "Id"), vec!["q"]);
    let rules = pages(&events, "ListRules", json!({ "NamePrefix": rule })).await;
    assert_eq!(strings_in(&rules, "Rules", "Name"), vec![rule.clone()]);
    let sent = ok(
        "PutEvents",
        events
            .call(
                "PutEvents",
                json!({ "Entries": [{ "Source": source, "DetailType": "ping", "Detail": "{\"n\":7}" }] }),
            )
            .await,
    );
    assert_eq!(sent["FailedEntryCount"], json!(0));
    let received = ok(
        "ReceiveMessage",
        sqs.call(
            "ReceiveMessage",
            json!({ "QueueUrl": queue_url, "WaitTimeSeconds": 1 }),
        )
        .await,
    );
    let body: Value = serde_json::from_str(str_at(&received, "/Messages/0/Body"))
        .unwrap_or_else(|e| panic!("the event is JSON: {e}: {received}"));
    assert_eq!(body["detail"], json!({ "n": 7 }), "{body}");
    assert_eq!(body["source"], json!(source));
    ok(
        "RemoveTargets",
        events
            .call("RemoveTargets", json!({ "Rule": rule, "Ids": ["q"] }))
            .await,
    );
    ok(
        "DeleteRule",
        events.call("DeleteRule", json!({ "Name": rule })).await,
    );
    ok(
        "DeleteQueue",
        sqs.call("DeleteQueue", json!({ "QueueUrl": queue_url }))
            .await,
    );
    let e = service_error(
        "DescribeRule",
        events.call("DescribeRule", json!({ "Name": rule })).await,
        "ResourceNotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn stepfunctions_state_machine_runs_an_execution() {
    let sfn = moto_client(rboto::models::stepfunctions::model());
    let name = unique("machine");
    let definition = json!({
        "StartAt": "Done",
        "States": { "Done": { "Type": "Pass", "End": true } }
    })
    .to_string();
    let created = ok(
        "CreateStateMachine",
        sfn.call(
            "CreateStateMachine",
            json!({
                "name": name,
                "definition": definition,
                "roleArn": "arn:aws:iam::123456789012:role/rboto-sfn"
            }),
        )
        .await,
    );
    let arn = str_at(&created, "/stateMachineArn").to_owned();
    assert!(created["creationDate"].is_string(), "{created}");
    let described = ok(
        "DescribeStateMachine",
        sfn.call("DescribeStateMachine", json!({ "stateMachineArn": arn }))
            .await,
    );
    assert_eq!(described["definition"], json!(definition));
    let started = ok(
        "StartExecution",
        sfn.call(
            "StartExecution",
            json!({ "stateMachineArn": arn, "name": "run-1", "input": "{\"x\":1}" }),
        )
        .await,
    );
    let execution = ok(
        "DescribeExecution",
        sfn.call(
            "DescribeExecution",
            json!({ "executionArn": started["executionArn"] }),
        )
        .await,
    );
    assert_eq!(execution["input"], json!("{\"x\":1}"));
    assert_eq!(execution["stateMachineArn"], json!(arn));
    let runs = pages(&sfn, "ListExecutions", json!({ "stateMachineArn": arn })).await;
    assert_eq!(strings_in(&runs, "executions", "name"), vec!["run-1"]);
    let machines = pages(&sfn, "ListStateMachines", json!({})).await;
    assert!(strings_in(&machines, "stateMachines", "stateMachineArn").contains(&arn));
    ok(
        "DeleteStateMachine",
        sfn.call("DeleteStateMachine", json!({ "stateMachineArn": arn }))
            .await,
    );
    service_error(
        "DescribeStateMachine",
        sfn.call("DescribeStateMachine", json!({ "stateMachineArn": arn }))
            .await,
        "StateMachineDoesNotExist",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn ecr_repository_with_an_image() {
    let ecr = moto_client(rboto::models::ecr::model());
    let name = unique("repo");
    let created = ok(
        "CreateRepository",
        ecr.call("CreateRepository", json!({ "repositoryName": name }))
            .await,
    );
    assert!(str_at(&created, "/repository/repositoryUri").ends_with(&name));
    let manifest = json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 7023,
            "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"
        },
        "layers": []
    })
    .to_string();
    let image = ok(
        "PutImage",
        ecr.call(
            "PutImage",
            json!({ "repositoryName": name, "imageManifest": manifest, "imageTag": "v1" }),
        )
        .await,
    );
    assert_eq!(image["image"]["imageId"]["imageTag"], json!("v1"));
    let images = pages(&ecr, "ListImages", json!({ "repositoryName": name })).await;
    assert_eq!(strings_in(&images, "imageIds", "imageTag"), vec!["v1"]);
    let repos = pages(
        &ecr,
        "DescribeRepositories",
        json!({ "repositoryNames": [name] }),
    )
    .await;
    assert_eq!(
        strings_in(&repos, "repositories", "repositoryName"),
        vec![name.clone()]
    );
    service_error(
        "CreateRepository",
        ecr.call("CreateRepository", json!({ "repositoryName": name }))
            .await,
        "RepositoryAlreadyExistsException",
    );
    ok(
        "DeleteRepository",
        ecr.call(
            "DeleteRepository",
            json!({ "repositoryName": name, "force": true }),
        )
        .await,
    );
    service_error(
        "DescribeRepositories",
        ecr.call("DescribeRepositories", json!({ "repositoryNames": [name] }))
            .await,
        "RepositoryNotFoundException",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn ecs_cluster_and_task_definitions() {
    let ecs = moto_client(rboto::models::ecs::model());
    let cluster = unique("cluster");
    let family = unique("family");
    ok(
        "CreateCluster",
        ecs.call("CreateCluster", json!({ "clusterName": cluster }))
            .await,
    );
    for revision in 1..=2 {
        let registered = ok(
            "RegisterTaskDefinition",
            ecs.call(
                "RegisterTaskDefinition",
                json!({
                    "family": family,
                    "containerDefinitions": [
                        { "name": "web", "image": "nginx", "memory": 128, "essential": true }
                    ]
                }),
            )
            .await,
        );
        assert_eq!(
            registered["taskDefinition"]["revision"],
            json!(revision),
            "{registered}"
        );
    }
    let described = ok(
        "DescribeClusters",
        ecs.call("DescribeClusters", json!({ "clusters": [cluster] }))
            .await,
    );
    assert_eq!(described["clusters"][0]["clusterName"], json!(cluster));
    assert_eq!(described["clusters"][0]["status"], json!("ACTIVE"));
    let definitions = pages_sized(
        &ecs,
        "ListTaskDefinitions",
        json!({ "familyPrefix": family }),
        1,
    )
    .await;
    let arns: Vec<String> = definitions
        .iter()
        .flat_map(|p| {
            p["taskDefinitionArns"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|a| a.as_str().expect("an ARN").to_owned())
        .collect();
    assert_eq!(arns.len(), 2, "{definitions:?}");
    let clusters = pages(&ecs, "ListClusters", json!({})).await;
    assert!(clusters
        .iter()
        .flat_map(|p| p["clusterArns"].as_array().cloned().unwrap_or_default())
        .any(|a| a.as_str().is_some_and(|a| a.ends_with(&cluster))));
    for arn in &arns {
        ok(
            "DeregisterTaskDefinition",
            ecs.call("DeregisterTaskDefinition", json!({ "taskDefinition": arn }))
                .await,
        );
    }
    ok(
        "DeleteCluster",
        ecs.call("DeleteCluster", json!({ "cluster": cluster }))
            .await,
    );
    service_error(
        "ListServices",
        ecs.call("ListServices", json!({ "cluster": unique("nowhere") }))
            .await,
        "ClusterNotFoundException",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn firehose_delivers_records_into_s3() {
    let firehose = moto_client(rboto::models::firehose::model());
    let bucket = bucket().await;
    let name = unique("delivery");
    ok(
        "CreateDeliveryStream",
        firehose
            .call(
                "CreateDeliveryStream",
                json!({
                    "DeliveryStreamName": name,
                    "DeliveryStreamType": "DirectPut",
                    "ExtendedS3DestinationConfiguration": {
                        "RoleARN": "arn:aws:iam::123456789012:role/rboto-firehose",
                        "BucketARN": format!("arn:aws:s3:::{bucket}"),
                        "Prefix": "in/"
                    }
                }),
            )
            .await,
    );
    let described = ok(
        "DescribeDeliveryStream",
        firehose
            .call(
                "DescribeDeliveryStream",
                json!({ "DeliveryStreamName": name }),
            )
            .await,
    );
    let description = &described["DeliveryStreamDescription"];
    assert_eq!(description["DeliveryStreamStatus"], json!("ACTIVE"));
    assert!(description["CreateTimestamp"].is_string(), "{described}");
    let batch = ok(
        "PutRecordBatch",
        firehose
            .call(
                "PutRecordBatch",
                json!({
                    "DeliveryStreamName": name,
                    "Records": [{ "Data": b64(b"one\n") }, { "Data": b64(b"two\n") }]
                }),
            )
            .await,
    );
    assert_eq!(batch["FailedPutCount"], json!(0));
    let objects = ok(
        "ListObjectsV2",
        client("s3")
            .call(
                "ListObjectsV2",
                json!({ "Bucket": bucket, "Prefix": "in/" }),
            )
            .await,
    );
    assert_eq!(objects["KeyCount"], json!(1), "{objects}");
    let streams = ok(
        "ListDeliveryStreams",
        firehose.call("ListDeliveryStreams", json!({})).await,
    );
    assert!(streams["DeliveryStreamNames"]
        .as_array()
        .expect("names")
        .contains(&json!(name)));
    ok(
        "DeleteDeliveryStream",
        firehose
            .call(
                "DeleteDeliveryStream",
                json!({ "DeliveryStreamName": name }),
            )
            .await,
    );
    let e = service_error(
        "DescribeDeliveryStream",
        firehose
            .call(
                "DescribeDeliveryStream",
                json!({ "DeliveryStreamName": name }),
            )
            .await,
        "ResourceNotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn athena_workgroup_runs_a_query() {
    let athena = moto_client(rboto::models::athena::model());
    let group = unique("wg");
    ok(
        "CreateWorkGroup",
        athena
            .call(
                "CreateWorkGroup",
                json!({
                    "Name": group,
                    "Configuration": {
                        "ResultConfiguration": { "OutputLocation": "s3://rboto-athena/out/" }
                    }
                }),
            )
            .await,
    );
    let got = ok(
        "GetWorkGroup",
        athena
            .call("GetWorkGroup", json!({ "WorkGroup": group }))
            .await,
    );
    assert_eq!(got["WorkGroup"]["State"], json!("ENABLED"));
    let started = ok(
        "StartQueryExecution",
        athena
            .call(
                "StartQueryExecution",
                json!({ "QueryString": "SELECT 1", "WorkGroup": group }),
            )
            .await,
    );
    let id = str_at(&started, "/QueryExecutionId").to_owned();
    let execution = ok(
        "GetQueryExecution",
        athena
            .call("GetQueryExecution", json!({ "QueryExecutionId": id }))
            .await,
    );
    assert_eq!(execution["QueryExecution"]["Query"], json!("SELECT 1"));
    assert_eq!(
        execution["QueryExecution"]["Status"]["State"],
        json!("SUCCEEDED")
    );
    let runs = pages(
        &athena,
        "ListQueryExecutions",
        json!({ "WorkGroup": group }),
    )
    .await;
    let ids: Vec<_> = runs
        .iter()
        .flat_map(|p| {
            p["QueryExecutionIds"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(ids, vec![json!(id)]);
    let groups = ok(
        "ListWorkGroups",
        athena.call("ListWorkGroups", json!({})).await,
    );
    assert!(strings_in(&[groups], "WorkGroups", "Name").contains(&group));
    ok(
        "DeleteWorkGroup",
        athena
            .call("DeleteWorkGroup", json!({ "WorkGroup": group }))
            .await,
    );
    service_error(
        "GetDatabase",
        athena
            .call(
                "GetDatabase",
                json!({ "CatalogName": "AwsDataCatalog", "DatabaseName": unique("nodb") }),
            )
            .await,
        "MetadataException",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn glue_database_and_tables() {
    let glue = moto_client(rboto::models::glue::model());
    let database = unique("db").replace('-', "_");
    ok(
        "CreateDatabase",
        glue.call(
            "CreateDatabase",
            json!({ "DatabaseInput": { "Name": database, "Description": "e2e" } }),
        )
        .await,
    );
    for table in ["events", "users", "orders"] {
        ok(
            "CreateTable",
            glue.call(
                "CreateTable",
                json!({
                    "DatabaseName": database,
                    "TableInput": {
                        "Name": table,
                        "StorageDescriptor": {
                            "Columns": [{ "Name": "id", "Type": "string" }],
                            "Location": format!("s3://rboto-glue/{table}/")
                        },
                        "PartitionKeys": [{ "Name": "day", "Type": "string" }]
                    }
                }),
            )
            .await,
        );
    }
    let got = ok(
        "GetTable",
        glue.call(
            "GetTable",
            json!({ "DatabaseName": database, "Name": "users" }),
        )
        .await,
    );
    assert_eq!(
        got["Table"]["StorageDescriptor"]["Columns"][0]["Name"],
        json!("id")
    );
    assert!(got["Table"]["CreateTime"].is_string(), "{got}");
    let tables = pages_sized(&glue, "GetTables", json!({ "DatabaseName": database }), 2).await;
    let mut names = strings_in(&tables, "TableList", "Name");
    names.sort();
    assert_eq!(names, vec!["events", "orders", "users"]);
    let databases = pages(&glue, "GetDatabases", json!({})).await;
    assert!(strings_in(&databases, "DatabaseList", "Name").contains(&database));
    ok(
        "DeleteTable",
        glue.call(
            "DeleteTable",
            json!({ "DatabaseName": database, "Name": "users" }),
        )
        .await,
    );
    let e = service_error(
        "GetTable",
        glue.call(
            "GetTable",
            json!({ "DatabaseName": database, "Name": "users" }),
        )
        .await,
        "EntityNotFoundException",
    );
    assert!(e.message().is_some_and(|m| m.contains("users")), "{e:?}");
    ok(
        "DeleteDatabase",
        glue.call("DeleteDatabase", json!({ "Name": database }))
            .await,
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn codecommit_repository_lifecycle() {
    // moto 5.2.5 serves CreateRepository, GetRepository and DeleteRepository, not the listing.
    let cc = moto_client(rboto::models::codecommit::model());
    let name = unique("code");
    let created = ok(
        "CreateRepository",
        cc.call(
            "CreateRepository",
            json!({ "repositoryName": name, "repositoryDescription": "rboto e2e" }),
        )
        .await,
    );
    let id = str_at(&created, "/repositoryMetadata/repositoryId").to_owned();
    let got = ok(
        "GetRepository",
        cc.call("GetRepository", json!({ "repositoryName": name }))
            .await,
    );
    assert_eq!(
        got["repositoryMetadata"]["repositoryDescription"],
        json!("rboto e2e")
    );
    assert!(
        got["repositoryMetadata"]["creationDate"].is_string(),
        "{got}"
    );
    service_error(
        "CreateRepository",
        cc.call("CreateRepository", json!({ "repositoryName": name }))
            .await,
        "RepositoryNameExistsException",
    );
    let deleted = ok(
        "DeleteRepository",
        cc.call("DeleteRepository", json!({ "repositoryName": name }))
            .await,
    );
    assert_eq!(deleted["repositoryId"], json!(id));
    service_error(
        "GetRepository",
        cc.call("GetRepository", json!({ "repositoryName": name }))
            .await,
        "RepositoryDoesNotExistException",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn cognito_idp_pool_client_and_users() {
    let idp = moto_client(rboto::models::cognito_idp::model());
    let pool = ok(
        "CreateUserPool",
        idp.call("CreateUserPool", json!({ "PoolName": unique("pool") }))
            .await,
    );
    let pool_id = str_at(&pool, "/UserPool/Id").to_owned();
    let app = ok(
        "CreateUserPoolClient",
        idp.call(
            "CreateUserPoolClient",
            json!({ "UserPoolId": pool_id, "ClientName": "web" }),
        )
        .await,
    );
    assert_eq!(app["UserPoolClient"]["UserPoolId"], json!(pool_id));
    for user in ["ada", "grace", "edsger"] {
        ok(
            "AdminCreateUser",
            idp.call(
                "AdminCreateUser",
                json!({
                    "UserPoolId": pool_id,
                    "Username": user,
                    "UserAttributes": [{ "Name": "email", "Value": format!("{user}@example.com") }],
                    "MessageAction": "SUPPRESS"
                }),
            )
            .await,
        );
    }
    let ada = ok(
        "AdminGetUser",
        idp.call(
            "AdminGetUser",
            json!({ "UserPoolId": pool_id, "Username": "ada" }),
        )
        .await,
    );
    assert_eq!(ada["UserStatus"], json!("FORCE_CHANGE_PASSWORD"));
    assert!(ada["UserAttributes"]
        .as_array()
        .expect("attributes")
        .contains(&json!({ "Name": "email", "Value": "ada@example.com" })));
    let users = pages_sized(&idp, "ListUsers", json!({ "UserPoolId": pool_id }), 2).await;
    let mut names = strings_in(&users, "Users", "Username");
    names.sort();
    assert_eq!(names, vec!["ada", "edsger", "grace"]);
    let e = service_error(
        "AdminGetUser",
        idp.call(
            "AdminGetUser",
            json!({ "UserPoolId": pool_id, "Username": "nobody" }),
        )
        .await,
        "UserNotFoundException",
    );
    assert!(e.message().is_some(), "{e:?}");
    ok(
        "DeleteUserPool",
        idp.call("DeleteUserPool", json!({ "UserPoolId": pool_id }))
            .await,
    );
    service_error(
        "DescribeUserPool",
        idp.call("DescribeUserPool", json!({ "UserPoolId": pool_id }))
            .await,
        "ResourceNotFoundException",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn acm_certificate_request_tags_and_delete() {
    let acm = moto_client(rboto::models::acm::model());
    let domain = format!("{}.example.com", unique("site"));
    let requested = ok(
        "RequestCertificate",
        acm.call(
            "RequestCertificate",
            json!({ "DomainName": domain, "ValidationMethod": "DNS" }),
        )
        .await,
    );
    let arn = str_at(&requested, "/CertificateArn").to_owned();
    let described = ok(
        "DescribeCertificate",
        acm.call("DescribeCertificate", json!({ "CertificateArn": arn }))
            .await,
    );
    assert_eq!(described["Certificate"]["DomainName"], json!(domain));
    ok(
        "AddTagsToCertificate",
        acm.call(
            "AddTagsToCertificate",
            json!({ "CertificateArn": arn, "Tags": [{ "Key": "env", "Value": "e2e" }] }),
        )
        .await,
    );
    let tags = ok(
        "ListTagsForCertificate",
        acm.call("ListTagsForCertificate", json!({ "CertificateArn": arn }))
            .await,
    );
    assert_eq!(tags["Tags"], json!([{ "Key": "env", "Value": "e2e" }]));
    let listed = pages(&acm, "ListCertificates", json!({})).await;
    assert!(strings_in(&listed, "CertificateSummaryList", "CertificateArn").contains(&arn));
    ok(
        "DeleteCertificate",
        acm.call("DeleteCertificate", json!({ "CertificateArn": arn }))
            .await,
    );
    let e = service_error(
        "DescribeCertificate",
        acm.call("DescribeCertificate", json!({ "CertificateArn": arn }))
            .await,
        "ResourceNotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn cloudtrail_trail_logs_into_a_bucket() {
    let trail_client = moto_client(rboto::models::cloudtrail::model());
    let bucket = bucket().await;
    let name = unique("trail");
    let created = ok(
        "CreateTrail",
        trail_client
            .call(
                "CreateTrail",
                json!({ "Name": name, "S3BucketName": bucket }),
            )
            .await,
    );
    let arn = str_at(&created, "/TrailARN").to_owned();
    ok(
        "StartLogging",
        trail_client
            .call("StartLogging", json!({ "Name": name }))
            .await,
    );
    let status = ok(
        "GetTrailStatus",
        trail_client
            .call("GetTrailStatus", json!({ "Name": name }))
            .await,
    );
    assert_eq!(status["IsLogging"], json!(true));
    let described = ok(
        "DescribeTrails",
        trail_client
            .call("DescribeTrails", json!({ "trailNameList": [name] }))
            .await,
    );
    assert_eq!(described["trailList"][0]["S3BucketName"], json!(bucket));
    let trails = pages(&trail_client, "ListTrails", json!({})).await;
    assert!(strings_in(&trails, "Trails", "TrailARN").contains(&arn));
    ok(
        "DeleteTrail",
        trail_client
            .call("DeleteTrail", json!({ "Name": name }))
            .await,
    );
    service_error(
        "GetTrailStatus",
        trail_client
            .call("GetTrailStatus", json!({ "Name": name }))
            .await,
        "TrailNotFoundException",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn organizations_units_and_accounts() {
    let org = moto_client(rboto::models::organizations::model());
    // One organization per account: an earlier run against the same moto may have made it.
    match org.call("DescribeOrganization", json!({})).await {
        Ok(_) => {}
        Err(e) if e.code() == Some("AWSOrganizationsNotInUseException") => {
            ok(
                "CreateOrganization",
                org.call("CreateOrganization", json!({ "FeatureSet": "ALL" }))
                    .await,
            );
        }
        Err(e) => panic!("DescribeOrganization: {e:?}"),
    }
    let roots = pages(&org, "ListRoots", json!({})).await;
    let root = str_at(&roots[0], "/Roots/0/Id").to_owned();
    let unit_name = unique("ou");
    let unit = ok(
        "CreateOrganizationalUnit",
        org.call(
            "CreateOrganizationalUnit",
            json!({ "ParentId": root, "Name": unit_name }),
        )
        .await,
    );
    let unit_id = str_at(&unit, "/OrganizationalUnit/Id").to_owned();
    let units = pages(
        &org,
        "ListOrganizationalUnitsForParent",
        json!({ "ParentId": root }),
    )
    .await;
    assert!(strings_in(&units, "OrganizationalUnits", "Name").contains(&unit_name));
    let account = ok(
        "CreateAccount",
        org.call(
            "CreateAccount",
            json!({ "Email": format!("{unit_name}@example.com"), "AccountName": unit_name }),
        )
        .await,
    );
    assert_eq!(
        account["CreateAccountStatus"]["State"],
        json!("SUCCEEDED"),
        "{account}"
    );
    let account_id = str_at(&account, "/CreateAccountStatus/AccountId").to_owned();
    ok(
        "MoveAccount",
        org.call(
            "MoveAccount",
            json!({ "AccountId": account_id, "SourceParentId": root, "DestinationParentId": unit_id }),
        )
        .await,
    );
    let in_unit = pages(
        &org,
        "ListAccountsForParent",
        json!({ "ParentId": unit_id }),
    )
    .await;
    assert_eq!(
        strings_in(&in_unit, "Accounts", "Id"),
        vec![account_id.clone()]
    );
    service_error(
        "DescribeAccount",
        org.call("DescribeAccount", json!({ "AccountId": "000000000000" }))
            .await,
        "AccountNotFoundException",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn emr_cluster_runs_and_terminates() {
    let emr = moto_client(rboto::models::emr::model());
    let name = unique("cluster");
    let started = ok(
        "RunJobFlow",
        emr.call(
            "RunJobFlow",
            json!({
                "Name": name,
                "ReleaseLabel": "emr-6.15.0",
                "Instances": {
                    "MasterInstanceType": "m5.xlarge",
                    "SlaveInstanceType": "m5.xlarge",
                    "InstanceCount": 1,
                    "KeepJobFlowAliveWhenNoSteps": true
                },
                "JobFlowRole": "EMR_EC2_DefaultRole",
                "ServiceRole": "EMR_DefaultRole"
            }),
        )
        .await,
    );
    let id = str_at(&started, "/JobFlowId").to_owned();
    wait(&emr, "ClusterRunning", json!({ "ClusterId": id })).await;
    let described = ok(
        "DescribeCluster",
        emr.call("DescribeCluster", json!({ "ClusterId": id }))
            .await,
    );
    assert_eq!(described["Cluster"]["Name"], json!(name));
    assert!(
        described["Cluster"]["Status"]["Timeline"]["CreationDateTime"].is_string(),
        "{described}"
    );
    let clusters = pages(&emr, "ListClusters", json!({})).await;
    assert!(strings_in(&clusters, "Clusters", "Id").contains(&id));
    ok(
        "TerminateJobFlows",
        emr.call("TerminateJobFlows", json!({ "JobFlowIds": [id] }))
            .await,
    );
    wait(&emr, "ClusterTerminated", json!({ "ClusterId": id })).await;
    service_error(
        "DescribeCluster",
        emr.call("DescribeCluster", json!({ "ClusterId": "j-NOSUCHCLUSTER" }))
            .await,
        "InvalidRequestException",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn swf_domain_workflow_type_and_execution() {
    let swf = moto_client(rboto::models::swf::model());
    let domain = unique("domain");
    ok(
        "RegisterDomain",
        swf.call(
            "RegisterDomain",
            json!({ "name": domain, "workflowExecutionRetentionPeriodInDays": "1" }),
        )
        .await,
    );
    // moto writes SWF's fault codes in full (`com.amazonaws.swf.base.model#…`); the code is
    // the part after the `#`, as botocore reads it.
    service_error(
        "RegisterDomain",
        swf.call(
            "RegisterDomain",
            json!({ "name": domain, "workflowExecutionRetentionPeriodInDays": "1" }),
        )
        .await,
        "DomainAlreadyExistsFault",
    );
    let described = ok(
        "DescribeDomain",
        swf.call("DescribeDomain", json!({ "name": domain })).await,
    );
    assert_eq!(described["domainInfo"]["status"], json!("REGISTERED"));
    let kind = json!({ "name": "order", "version": "1" });
    ok(
        "RegisterWorkflowType",
        swf.call(
            "RegisterWorkflowType",
            json!({
                "domain": domain,
                "name": "order",
                "version": "1",
                "defaultTaskList": { "name": "orders" },
                "defaultChildPolicy": "TERMINATE",
                "defaultExecutionStartToCloseTimeout": "600",
                "defaultTaskStartToCloseTimeout": "60"
            }),
        )
        .await,
    );
    let types = pages(
        &swf,
        "ListWorkflowTypes",
        json!({ "domain": domain, "registrationStatus": "REGISTERED" }),
    )
    .await;
    assert_eq!(types[0]["typeInfos"][0]["workflowType"], kind);
    assert!(
        types[0]["typeInfos"][0]["creationDate"].is_string(),
        "{types:?}"
    );
    let started = ok(
        "StartWorkflowExecution",
        swf.call(
            "StartWorkflowExecution",
            json!({ "domain": domain, "workflowId": "order-42", "workflowType": kind, "input": "42" }),
        )
        .await,
    );
    let execution = json!({ "workflowId": "order-42", "runId": started["runId"] });
    let described = ok(
        "DescribeWorkflowExecution",
        swf.call(
            "DescribeWorkflowExecution",
            json!({ "domain": domain, "execution": execution }),
        )
        .await,
    );
    assert_eq!(described["executionInfo"]["executionStatus"], json!("OPEN"));
    ok(
        "TerminateWorkflowExecution",
        swf.call(
            "TerminateWorkflowExecution",
            json!({ "domain": domain, "workflowId": "order-42", "reason": "e2e" }),
        )
        .await,
    );
    let domains = pages(
        &swf,
        "ListDomains",
        json!({ "registrationStatus": "REGISTERED" }),
    )
    .await;
    assert!(strings_in(&domains, "domainInfos", "name").contains(&domain));
    ok(
        "DeprecateDomain",
        swf.call("DeprecateDomain", json!({ "name": domain })).await,
    );
    service_error(
        "DescribeDomain",
        swf.call("DescribeDomain", json!({ "name": unique("nodomain") }))
            .await,
        "UnknownResourceFault",
    );
}
