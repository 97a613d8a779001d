//! Services beyond the ten that speak `rest-json`, end to end against moto through the
//! low-level client: members bound to the URI, the query string and headers as well as the
//! body. Each test is one short chain (create, read back, list through the paginator, delete),
//! with a waiter where moto serves one, and one service error whose code is checked.

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

/// An IAM role Lambda, EKS and Batch may assume (moto checks that the role exists).
async fn role(service: &str) -> String {
    let name = unique("role");
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": format!("{service}.amazonaws.com") },
            "Action": "sts:AssumeRole"
        }]
    });
    let created = ok(
        "CreateRole",
        client("iam")
            .call(
                "CreateRole",
                json!({ "RoleName": name, "AssumeRolePolicyDocument": policy.to_string() }),
            )
            .await,
    );
    str_at(&created, "/Role/Arn").to_owned()
}

/// The smallest valid zip archive: an end-of-central-directory record and nothing else.
const EMPTY_ZIP: &[u8] = &[
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn lambda_function_versions_and_aliases() {
    use base64::Engine as _;
    let lambda = moto_client(rboto::models::lambda::model());
    let name = unique("fn");
    let created = ok(
        "CreateFunction",
        lambda
            .call(
                "CreateFunction",
                json!({
                    "FunctionName": name,
                    "Runtime": "python3.12",
                    "Role": role("lambda").await,
                    "Handler": "app.handler",
                    "Code": { "ZipFile": base64::engine::general_purpose::STANDARD.encode(EMPTY_ZIP) },
                    "Environment": { "Variables": { "STAGE": "e2e" } },
                    "Tags": { "team": "rboto" }
                }),
            )
            .await,
    );
    let arn = str_at(&created, "/FunctionArn").to_owned();
    wait(&lambda, "FunctionActiveV2", json!({ "FunctionName": name })).await;
    let got = ok(
        "GetFunction",
        lambda
            .call("GetFunction", json!({ "FunctionName": name }))
            .await,
    );
    assert_eq!(
        got["Configuration"]["Environment"]["Variables"]["STAGE"],
        json!("e2e")
    );
    assert_eq!(got["Tags"]["team"], json!("rboto"));
    let published = ok(
        "PublishVersion",
        lambda
            .call("PublishVersion", json!({ "FunctionName": name }))
            .await,
    );
    let version = str_at(&published, "/Version").to_owned();
    ok(
        "CreateAlias",
        lambda
            .call(
                "CreateAlias",
                json!({ "FunctionName": name, "Name": "live", "FunctionVersion": version }),
            )
            .await,
    );
    let aliases = pages(&lambda, "ListAliases", json!({ "FunctionName": name })).await;
    assert_eq!(strings_in(&aliases, "Aliases", "Name"), vec!["live"]);
    let versions = pages(
        &lambda,
        "ListVersionsByFunction",
        json!({ "FunctionName": name }),
    )
    .await;
    let mut listed = strings_in(&versions, "Versions", "Version");
    listed.sort();
    assert_eq!(listed, vec!["$LATEST".to_owned(), version]);
    let functions = pages(&lambda, "ListFunctions", json!({})).await;
    assert!(strings_in(&functions, "Functions", "FunctionArn").contains(&arn));
    ok(
        "DeleteFunction",
        lambda
            .call("DeleteFunction", json!({ "FunctionName": name }))
            .await,
    );
    let e = service_error(
        "GetFunction",
        lambda
            .call("GetFunction", json!({ "FunctionName": name }))
            .await,
        "ResourceNotFoundException",
    );
    assert!(e.is_not_found());
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn apigateway_rest_api_resources_and_methods() {
    let apigw = moto_client(rboto::models::apigateway::model());
    let name = unique("api");
    let api = ok(
        "CreateRestApi",
        apigw
            .call(
                "CreateRestApi",
                json!({ "name": name, "description": "rboto e2e" }),
            )
            .await,
    );
    let api_id = str_at(&api, "/id").to_owned();
    let resources = pages(&apigw, "GetResources", json!({ "restApiId": api_id })).await;
    let root = resources[0]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["path"] == "/")
        .unwrap_or_else(|| panic!("no root resource in {resources:?}"))["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let users = ok(
        "CreateResource",
        apigw
            .call(
                "CreateResource",
                json!({ "restApiId": api_id, "parentId": root, "pathPart": "users" }),
            )
            .await,
    );
    assert_eq!(users["path"], json!("/users"));
    let users_id = str_at(&users, "/id").to_owned();
    ok(
        "PutMethod",
        apigw
            .call(
                "PutMethod",
                json!({
                    "restApiId": api_id,
                    "resourceId": users_id,
                    "httpMethod": "GET",
                    "authorizationType": "NONE",
                    "requestParameters": { "method.request.querystring.page": false }
                }),
            )
            .await,
    );
    let method = ok(
        "GetMethod",
        apigw
            .call(
                "GetMethod",
                json!({ "restApiId": api_id, "resourceId": users_id, "httpMethod": "GET" }),
            )
            .await,
    );
    assert_eq!(method["authorizationType"], json!("NONE"));
    assert_eq!(
        method["requestParameters"]["method.request.querystring.page"],
        json!(false)
    );
    let apis = pages(&apigw, "GetRestApis", json!({})).await;
    assert!(strings_in(&apis, "items", "id").contains(&api_id));
    ok(
        "DeleteRestApi",
        apigw
            .call("DeleteRestApi", json!({ "restApiId": api_id }))
            .await,
    );
    let e = service_error(
        "GetRestApi",
        apigw
            .call("GetRestApi", json!({ "restApiId": api_id }))
            .await,
        "NotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn apigatewayv2_http_api_with_routes() {
    let apigw = moto_client(rboto::models::apigatewayv2::model());
    let api = ok(
        "CreateApi",
        apigw
            .call(
                "CreateApi",
                json!({ "Name": unique("http"), "ProtocolType": "HTTP" }),
            )
            .await,
    );
    let api_id = str_at(&api, "/ApiId").to_owned();
    assert!(api["ApiEndpoint"].is_string(), "{api}");
    for key in ["GET /users", "POST /users"] {
        ok(
            "CreateRoute",
            apigw
                .call("CreateRoute", json!({ "ApiId": api_id, "RouteKey": key }))
                .await,
        );
    }
    let routes = pages(&apigw, "GetRoutes", json!({ "ApiId": api_id })).await;
    let mut keys = strings_in(&routes, "Items", "RouteKey");
    keys.sort();
    assert_eq!(keys, vec!["GET /users", "POST /users"]);
    let got = ok(
        "GetApi",
        apigw.call("GetApi", json!({ "ApiId": api_id })).await,
    );
    assert_eq!(got["ProtocolType"], json!("HTTP"));
    let apis = pages(&apigw, "GetApis", json!({})).await;
    assert!(strings_in(&apis, "Items", "ApiId").contains(&api_id));
    ok(
        "DeleteApi",
        apigw.call("DeleteApi", json!({ "ApiId": api_id })).await,
    );
    let e = service_error(
        "GetApi",
        apigw.call("GetApi", json!({ "ApiId": api_id })).await,
        "NotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn batch_compute_environment_queue_and_job_definition() {
    let batch = moto_client(rboto::models::batch::model());
    let environment = unique("env");
    let created = ok(
        "CreateComputeEnvironment",
        batch
            .call(
                "CreateComputeEnvironment",
                json!({
                    "computeEnvironmentName": environment,
                    "type": "UNMANAGED",
                    "state": "ENABLED",
                    "serviceRole": role("batch").await
                }),
            )
            .await,
    );
    let environment_arn = str_at(&created, "/computeEnvironmentArn").to_owned();
    let queue = unique("queue");
    ok(
        "CreateJobQueue",
        batch
            .call(
                "CreateJobQueue",
                json!({
                    "jobQueueName": queue,
                    "state": "ENABLED",
                    "priority": 1,
                    "computeEnvironmentOrder": [{ "order": 1, "computeEnvironment": environment_arn }]
                }),
            )
            .await,
    );
    let queues = pages(&batch, "DescribeJobQueues", json!({ "jobQueues": [queue] })).await;
    assert_eq!(
        strings_in(&queues, "jobQueues", "jobQueueName"),
        vec![queue.clone()]
    );
    let definition = unique("jobdef");
    ok(
        "RegisterJobDefinition",
        batch
            .call(
                "RegisterJobDefinition",
                json!({
                    "jobDefinitionName": definition,
                    "type": "container",
                    "containerProperties": { "image": "busybox", "vcpus": 1, "memory": 128,
                                             "command": ["echo", "hi"] }
                }),
            )
            .await,
    );
    let definitions = pages(
        &batch,
        "DescribeJobDefinitions",
        json!({ "jobDefinitionName": definition }),
    )
    .await;
    assert_eq!(
        strings_in(&definitions, "jobDefinitions", "status"),
        vec!["ACTIVE"]
    );
    let environments = pages(
        &batch,
        "DescribeComputeEnvironments",
        json!({ "computeEnvironments": [environment] }),
    )
    .await;
    assert_eq!(
        strings_in(&environments, "computeEnvironments", "type"),
        vec!["UNMANAGED"]
    );
    service_error(
        "CreateJobQueue",
        batch
            .call(
                "CreateJobQueue",
                json!({
                    "jobQueueName": unique("queue"),
                    "state": "ENABLED",
                    "priority": 1,
                    "computeEnvironmentOrder": [{
                        "order": 1,
                        "computeEnvironment": "arn:aws:batch:us-east-1:123456789012:compute-environment/none"
                    }]
                }),
            )
            .await,
        "ClientException",
    );
    ok(
        "UpdateJobQueue",
        batch
            .call(
                "UpdateJobQueue",
                json!({ "jobQueue": queue, "state": "DISABLED" }),
            )
            .await,
    );
    ok(
        "DeleteJobQueue",
        batch
            .call("DeleteJobQueue", json!({ "jobQueue": queue }))
            .await,
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn eks_cluster_with_a_nodegroup() {
    let eks = moto_client(rboto::models::eks::model());
    let name = unique("eks");
    let role = role("eks").await;
    let created = ok(
        "CreateCluster",
        eks.call(
            "CreateCluster",
            json!({
                "name": name,
                "roleArn": role,
                "resourcesVpcConfig": { "subnetIds": ["subnet-1234"] },
                "tags": { "env": "e2e" }
            }),
        )
        .await,
    );
    assert_eq!(created["cluster"]["name"], json!(name));
    wait(&eks, "ClusterActive", json!({ "name": name })).await;
    let described = ok(
        "DescribeCluster",
        eks.call("DescribeCluster", json!({ "name": name })).await,
    );
    assert_eq!(described["cluster"]["status"], json!("ACTIVE"));
    assert_eq!(described["cluster"]["tags"]["env"], json!("e2e"));
    assert!(described["cluster"]["createdAt"].is_string(), "{described}");
    ok(
        "CreateNodegroup",
        eks.call(
            "CreateNodegroup",
            json!({
                "clusterName": name,
                "nodegroupName": "workers",
                "subnets": ["subnet-1234"],
                "nodeRole": role
            }),
        )
        .await,
    );
    wait(
        &eks,
        "NodegroupActive",
        json!({ "clusterName": name, "nodegroupName": "workers" }),
    )
    .await;
    let groups = pages(&eks, "ListNodegroups", json!({ "clusterName": name })).await;
    let names: Vec<_> = groups
        .iter()
        .flat_map(|p| p["nodegroups"].as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(names, vec![json!("workers")]);
    let clusters = pages(&eks, "ListClusters", json!({})).await;
    assert!(clusters
        .iter()
        .flat_map(|p| p["clusters"].as_array().cloned().unwrap_or_default())
        .any(|c| c == json!(name)));
    ok(
        "DeleteNodegroup",
        eks.call(
            "DeleteNodegroup",
            json!({ "clusterName": name, "nodegroupName": "workers" }),
        )
        .await,
    );
    ok(
        "DeleteCluster",
        eks.call("DeleteCluster", json!({ "name": name })).await,
    );
    let e = service_error(
        "DescribeCluster",
        eks.call("DescribeCluster", json!({ "name": name })).await,
        "ResourceNotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn iot_thing_with_a_certificate() {
    let iot = moto_client(rboto::models::iot::model());
    let name = unique("thing");
    ok(
        "CreateThing",
        iot.call(
            "CreateThing",
            json!({ "thingName": name, "attributePayload": { "attributes": { "floor": "3" } } }),
        )
        .await,
    );
    let described = ok(
        "DescribeThing",
        iot.call("DescribeThing", json!({ "thingName": name }))
            .await,
    );
    assert_eq!(described["attributes"]["floor"], json!("3"));
    let cert = ok(
        "CreateKeysAndCertificate",
        iot.call("CreateKeysAndCertificate", json!({ "setAsActive": true }))
            .await,
    );
    let cert_arn = str_at(&cert, "/certificateArn").to_owned();
    assert!(str_at(&cert, "/certificatePem").starts_with("-----BEGIN CERTIFICATE-----"));
    ok(
        "AttachThingPrincipal",
        iot.call(
            "AttachThingPrincipal",
            json!({ "thingName": name, "principal": cert_arn }),
        )
        .await,
    );
    let principals = pages(&iot, "ListThingPrincipals", json!({ "thingName": name })).await;
    let listed: Vec<_> = principals
        .iter()
        .flat_map(|p| p["principals"].as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(listed, vec![json!(cert_arn)]);
    let things = pages(
        &iot,
        "ListThings",
        json!({ "attributeName": "floor", "attributeValue": "3" }),
    )
    .await;
    assert!(strings_in(&things, "things", "thingName").contains(&name));
    ok(
        "DetachThingPrincipal",
        iot.call(
            "DetachThingPrincipal",
            json!({ "thingName": name, "principal": cert_arn }),
        )
        .await,
    );
    ok(
        "DeleteThing",
        iot.call("DeleteThing", json!({ "thingName": name })).await,
    );
    let e = service_error(
        "DescribeThing",
        iot.call("DescribeThing", json!({ "thingName": name }))
            .await,
        "ResourceNotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn efs_file_system_and_access_point() {
    let efs = moto_client(rboto::models::efs::model());
    let token = unique("token");
    let created = ok(
        "CreateFileSystem",
        efs.call(
            "CreateFileSystem",
            json!({
                "CreationToken": token,
                "PerformanceMode": "generalPurpose",
                "Tags": [{ "Key": "Name", "Value": "rboto" }]
            }),
        )
        .await,
    );
    let id = str_at(&created, "/FileSystemId").to_owned();
    assert_eq!(created["Name"], json!("rboto"));
    let described = pages(&efs, "DescribeFileSystems", json!({ "FileSystemId": id })).await;
    assert_eq!(
        strings_in(&described, "FileSystems", "CreationToken"),
        vec![token.clone()]
    );
    let point = ok(
        "CreateAccessPoint",
        efs.call(
            "CreateAccessPoint",
            json!({ "ClientToken": unique("ap"), "FileSystemId": id, "RootDirectory": { "Path": "/data" } }),
        )
        .await,
    );
    let point_id = str_at(&point, "/AccessPointId").to_owned();
    let points = pages(&efs, "DescribeAccessPoints", json!({ "FileSystemId": id })).await;
    assert_eq!(
        strings_in(&points, "AccessPoints", "AccessPointId"),
        vec![point_id.clone()]
    );
    ok(
        "DeleteAccessPoint",
        efs.call("DeleteAccessPoint", json!({ "AccessPointId": point_id }))
            .await,
    );
    ok(
        "DeleteFileSystem",
        efs.call("DeleteFileSystem", json!({ "FileSystemId": id }))
            .await,
    );
    let e = service_error(
        "DescribeFileSystems",
        efs.call("DescribeFileSystems", json!({ "FileSystemId": id }))
            .await,
        "FileSystemNotFound",
    );
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn mq_broker_lifecycle() {
    let mq = moto_client(rboto::models::mq::model());
    let name = unique("broker");
    let created = ok(
        "CreateBroker",
        mq.call(
            "CreateBroker",
            json!({
                "BrokerName": name,
                "EngineType": "ACTIVEMQ",
                "EngineVersion": "5.17.6",
                "HostInstanceType": "mq.t3.micro",
                "DeploymentMode": "SINGLE_INSTANCE",
                "PubliclyAccessible": false,
                "AutoMinorVersionUpgrade": true,
                "Users": [{ "Username": "admin", "Password": "correct-horse-battery" }]
            }),
        )
        .await,
    );
    let id = str_at(&created, "/BrokerId").to_owned();
    let described = ok(
        "DescribeBroker",
        mq.call("DescribeBroker", json!({ "BrokerId": id })).await,
    );
    assert_eq!(described["BrokerName"], json!(name));
    assert_eq!(described["EngineType"], json!("ACTIVEMQ"));
    assert!(described["Created"].is_string(), "{described}");
    let users = ok(
        "ListUsers",
        mq.call("ListUsers", json!({ "BrokerId": id })).await,
    );
    assert_eq!(strings_in(&[users], "Users", "Username"), vec!["admin"]);
    let brokers = pages(&mq, "ListBrokers", json!({})).await;
    assert!(strings_in(&brokers, "BrokerSummaries", "BrokerId").contains(&id));
    ok(
        "DeleteBroker",
        mq.call("DeleteBroker", json!({ "BrokerId": id })).await,
    );
    let e = service_error(
        "DescribeBroker",
        mq.call("DescribeBroker", json!({ "BrokerId": id })).await,
        "NotFoundException",
    );
    assert!(e.is_not_found());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn sesv2_identity_and_contact_list() {
    let ses = moto_client(rboto::models::sesv2::model());
    let address = format!("{}@example.com", unique("sender"));
    let created = ok(
        "CreateEmailIdentity",
        ses.call("CreateEmailIdentity", json!({ "EmailIdentity": address }))
            .await,
    );
    assert_eq!(created["IdentityType"], json!("EMAIL_ADDRESS"));
    let got = ok(
        "GetEmailIdentity",
        ses.call("GetEmailIdentity", json!({ "EmailIdentity": address }))
            .await,
    );
    assert_eq!(got["IdentityType"], json!("EMAIL_ADDRESS"));
    // botocore has no paginator for SES v2's listings that moto serves.
    let identities = ok(
        "ListEmailIdentities",
        ses.call("ListEmailIdentities", json!({ "PageSize": 1000 }))
            .await,
    );
    assert!(strings_in(&[identities], "EmailIdentities", "IdentityName").contains(&address));
    let list = unique("list");
    ok(
        "CreateContactList",
        ses.call("CreateContactList", json!({ "ContactListName": list }))
            .await,
    );
    for who in ["ada@example.com", "grace@example.com"] {
        ok(
            "CreateContact",
            ses.call(
                "CreateContact",
                json!({ "ContactListName": list, "EmailAddress": who }),
            )
            .await,
        );
    }
    let contacts = ok(
        "ListContacts",
        ses.call("ListContacts", json!({ "ContactListName": list }))
            .await,
    );
    let mut emails = strings_in(&[contacts], "Contacts", "EmailAddress");
    emails.sort();
    assert_eq!(emails, vec!["ada@example.com", "grace@example.com"]);
    ok(
        "DeleteContactList",
        ses.call("DeleteContactList", json!({ "ContactListName": list }))
            .await,
    );
    ok(
        "DeleteEmailIdentity",
        ses.call("DeleteEmailIdentity", json!({ "EmailIdentity": address }))
            .await,
    );
    let e = service_error(
        "GetEmailIdentity",
        ses.call("GetEmailIdentity", json!({ "EmailIdentity": address }))
            .await,
        "NotFoundException",
    );
    assert!(e.is_not_found());
}
