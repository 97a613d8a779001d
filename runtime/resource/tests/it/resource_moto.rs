//! The resource runtime against moto's server, driving `ResourceCore` directly with the
//! real S3, SQS, EC2, IAM and DynamoDB definitions. The endpoint comes from
//! `RBOTO_TEST_ENDPOINT` (e.g. `http://127.0.0.1:5000`); without it these tests fail.
//!
//! Requests are counted from the client's `sending` trace events, with a subscriber local
//! to each test's thread.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::TryStreamExt;
use rboto_resource::{ActionOutput, ResourceCore, ServiceResources};
use rboto_runtime::session::{Credentials, Session};
use rboto_test_support::models::model_at;
use rboto_test_support::moto::endpoint;
use serde_json::{json, Map, Value};

const S3: &str = include_str!("../../../../resource-models/models/s3/2006-03-01/resources-1.json");
const SQS: &str =
    include_str!("../../../../resource-models/models/sqs/2012-11-05/resources-1.json");
const EC2: &str =
    include_str!("../../../../resource-models/models/ec2/2016-11-15/resources-1.json");
const IAM: &str =
    include_str!("../../../../resource-models/models/iam/2010-05-08/resources-1.json");
const DYNAMODB: &str =
    include_str!("../../../../resource-models/models/dynamodb/2012-08-10/resources-1.json");

fn resources(service: &str, version: &str, json: &'static str) -> ServiceResources {
    let session = Session::builder()
        .credentials(Credentials::new("testing", "testing", None))
        .region("us-east-1")
        .endpoint_url(endpoint())
        .build();
    let client = session.client(model_at(service, version)).unwrap();
    ServiceResources::new(client, json).unwrap()
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

fn map(value: Value) -> Map<String, Value> {
    value.as_object().cloned().expect("an object")
}

/// Counts the requests the client sends, per operation, in the test that installed it.
///
/// One global subscriber sees every `sending` event and adds it to the counter of the
/// thread it happened on; each `#[tokio::test]` runs on its own thread.
#[derive(Clone, Default)]
struct Requests(Arc<Mutex<HashMap<String, usize>>>);

thread_local! {
    static CURRENT: std::cell::RefCell<Option<Requests>> = const { std::cell::RefCell::new(None) };
}

impl Requests {
    /// Starts counting the requests sent from the current thread.
    fn install(&self) {
        static GLOBAL: std::sync::Once = std::sync::Once::new();
        GLOBAL.call_once(|| {
            tracing::subscriber::set_global_default(Counter)
                .expect("no other global subscriber in this test binary");
        });
        CURRENT.with(|c| *c.borrow_mut() = Some(self.clone()));
    }

    fn count(&self, operation: &str) -> usize {
        self.0.lock().unwrap().get(operation).copied().unwrap_or(0)
    }
}

struct Counter;

#[derive(Default)]
struct Fields {
    message: String,
    operation: String,
}

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            "operation" => self.operation = format!("{value:?}"),
            _ => {}
        }
    }
}

impl tracing::Subscriber for Counter {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.message != "sending" {
            return;
        }
        CURRENT.with(|c| {
            if let Some(requests) = &*c.borrow() {
                *requests
                    .0
                    .lock()
                    .unwrap()
                    .entry(fields.operation)
                    .or_default() += 1;
            }
        });
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

async fn new_bucket(s3: &ServiceResources) -> ResourceCore {
    let service = ResourceCore::new(s3, "", vec![]);
    let name = unique("rboto-res");
    service
        .action("CreateBucket", map(json!({"Bucket": name})))
        .await
        .unwrap()
        .into_one()
        .unwrap()
}

async fn put(bucket: &ResourceCore, key: &str, body: &str) -> ResourceCore {
    let body = base64_of(body);
    bucket
        .action("PutObject", map(json!({"Key": key, "Body": body})))
        .await
        .unwrap()
        .into_one()
        .unwrap()
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn s3_first_loads_are_shared_and_reload_always_calls() {
    let requests = Requests::default();
    requests.install();
    let s3 = resources("s3", "2006-03-01", S3);
    let bucket = new_bucket(&s3).await;
    assert_eq!(bucket.type_name(), "Bucket");
    assert!(bucket.data().is_none());
    assert!(format!("{bucket:?}").starts_with("s3.Bucket(name=\"rboto-res-"));

    let reads = (0..5).map(|_| bucket.attribute("CreationDate"));
    let dates = futures::future::try_join_all(reads).await.unwrap();
    assert!(
        dates
            .iter()
            .all(|d| d.as_ref().is_some_and(Value::is_string)),
        "{dates:?}"
    );
    assert_eq!(
        requests.count("ListBuckets"),
        1,
        "five readers, one request"
    );
    assert_eq!(bucket.data().unwrap()["Name"], bucket.identifier(0).clone());

    bucket.attribute("BucketRegion").await.unwrap();
    assert_eq!(requests.count("ListBuckets"), 1, "cached");
    bucket.reload().await.unwrap();
    assert_eq!(requests.count("ListBuckets"), 2, "reload always calls");

    // boto3's Bucket load: a bucket missing from the list has empty data, not an error.
    let missing = ResourceCore::new(&s3, "Bucket", vec![json!(unique("rboto-none"))]);
    assert_eq!(missing.attribute("CreationDate").await.unwrap(), None);

    // Object has a modelled load (HeadObject); a missing key is a not-found error.
    let object = put(&bucket, "hello.txt", "hello").await;
    assert_eq!(
        format!("{object:?}").split(", ").nth(1),
        Some("key=\"hello.txt\")")
    );
    assert_eq!(
        object.attribute("ContentLength").await.unwrap(),
        Some(json!(5))
    );
    let ghost = bucket.subresource("Object", vec![json!("nope")]);
    let heads = requests.count("HeadObject");
    let reads = (0..4).map(|_| ghost.attribute("ContentLength"));
    for result in futures::future::join_all(reads).await {
        let err = result.unwrap_err();
        assert!(err.is_not_found(), "{err}");
    }
    assert_eq!(
        requests.count("HeadObject") - heads,
        1,
        "concurrent readers share one failed load"
    );
    assert!(ghost
        .attribute("ContentLength")
        .await
        .unwrap_err()
        .is_not_found());
    assert_eq!(
        requests.count("HeadObject") - heads,
        2,
        "a later read tries again"
    );

    // ObjectSummary's injected load: HeadObject with ContentLength renamed Size.
    let summary = ResourceCore::new(&s3, "", vec![]).subresource(
        "ObjectSummary",
        vec![bucket.identifier(0).clone(), json!("hello.txt")],
    );
    assert_eq!(summary.attribute("Size").await.unwrap(), Some(json!(5)));
    assert_eq!(requests.count("HeadObject"), 4);

    // An action clears the data of a resource that can load.
    assert!(object.data().is_some());
    object.action("Delete", Map::new()).await.unwrap();
    assert!(object.data().is_none());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn s3_objects_page_with_page_size_stop_at_limit_and_arrive_hydrated() {
    let requests = Requests::default();
    requests.install();
    let s3 = resources("s3", "2006-03-01", S3);
    let bucket = new_bucket(&s3).await;
    for i in 0..7 {
        put(&bucket, &format!("a/{i}"), &"x".repeat(i + 1)).await;
    }
    put(&bucket, "b/only", "b").await;

    let objects = bucket.collection("Objects");
    let before = requests.count("ListObjects");
    let sizes: Vec<usize> = objects
        .page_size(3)
        .pages()
        .map_ok(|page| page.len())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sizes, [3, 3, 2]);
    assert_eq!(requests.count("ListObjects") - before, 3);

    let items: Vec<ResourceCore> = objects.page_size(3).items().try_collect().await.unwrap();
    assert_eq!(items.len(), 8);
    assert_eq!(items[0].type_name(), "ObjectSummary");
    assert_eq!(
        items[0].identifiers(),
        &[bucket.identifier(0).clone(), json!("a/0")]
    );
    let heads = requests.count("HeadObject");
    assert_eq!(items[6].attribute("Size").await.unwrap(), Some(json!(7)));
    assert_eq!(
        requests.count("HeadObject"),
        heads,
        "hydrated from the page"
    );

    let before = requests.count("ListObjects");
    let limited: Vec<ResourceCore> = objects
        .page_size(3)
        .limit(4)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(limited.len(), 4);
    assert_eq!(
        requests.count("ListObjects") - before,
        2,
        "stops at the limit"
    );

    let filtered: Vec<ResourceCore> = objects
        .filter(map(json!({"Prefix": "b/"})))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(filtered.len(), 1);
    assert_eq!(filtered[0].identifier(1), &json!("b/only"));

    // Lazy and not cached: making a stream sends nothing; reading it twice sends twice.
    let before = requests.count("ListObjects");
    let lazy = objects.items();
    assert_eq!(requests.count("ListObjects"), before);
    drop(lazy);
    for _ in 0..2 {
        let n = objects.items().try_collect::<Vec<_>>().await.unwrap().len();
        assert_eq!(n, 8);
    }
    assert_eq!(requests.count("ListObjects") - before, 2);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn s3_batch_delete_sends_one_request_per_page_of_the_filtered_collection() {
    let requests = Requests::default();
    requests.install();
    let s3 = resources("s3", "2006-03-01", S3);
    let bucket = new_bucket(&s3).await;
    for i in 0..5 {
        put(&bucket, &format!("tmp/{i}"), "t").await;
    }
    put(&bucket, "keep/1", "k").await;

    let responses = bucket
        .collection("Objects")
        .filter(map(json!({"Prefix": "tmp/"})))
        .page_size(2)
        .batch_action("Delete", Map::new())
        .await
        .unwrap();
    assert_eq!(responses.len(), 3);
    assert_eq!(requests.count("DeleteObjects"), 3);
    let deleted: usize = responses
        .iter()
        .map(|r| r["Deleted"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(deleted, 5);

    let left: Vec<Value> = bucket
        .collection("Objects")
        .items()
        .map_ok(|o| o.identifier(1).clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(left, [json!("keep/1")]);

    // An empty collection sends no delete.
    let none = bucket
        .collection("Objects")
        .filter(map(json!({"Prefix": "tmp/"})))
        .batch_action("Delete", Map::new())
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(requests.count("DeleteObjects"), 3);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn s3_waiters_refresh_loaded_data() {
    let requests = Requests::default();
    requests.install();
    let s3 = resources("s3", "2006-03-01", S3);
    let bucket = new_bucket(&s3).await;

    bucket
        .wait(
            "Exists",
            Map::new(),
            Some(Duration::from_millis(200)),
            Some(5),
        )
        .await
        .unwrap();
    assert!(
        bucket.data().is_none(),
        "nothing was loaded, nothing to refresh"
    );
    assert_eq!(requests.count("ListBuckets"), 0);

    bucket.load().await.unwrap();
    bucket.wait("Exists", Map::new(), None, None).await.unwrap();
    assert_eq!(
        requests.count("ListBuckets"),
        2,
        "loaded data is refreshed after the wait"
    );
    assert!(bucket.data().unwrap()["CreationDate"].is_string());

    bucket.action("Delete", Map::new()).await.unwrap();
    bucket
        .wait(
            "NotExists",
            Map::new(),
            Some(Duration::from_millis(200)),
            Some(5),
        )
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn sqs_actions_return_resources_and_raw_responses() {
    let sqs = resources("sqs", "2012-11-05", SQS);
    let service = ResourceCore::new(&sqs, "", vec![]);
    let name = unique("rboto-q");
    let queue = service
        .action("CreateQueue", map(json!({"QueueName": name})))
        .await
        .unwrap()
        .into_one()
        .unwrap();
    assert_eq!(queue.type_name(), "Queue");
    let url = queue.identifier(0).as_str().unwrap().to_string();
    assert!(url.ends_with(&name), "{url}");

    let attributes = queue.attribute("Attributes").await.unwrap().unwrap();
    assert!(attributes["QueueArn"].as_str().unwrap().ends_with(&name));

    let by_name = service
        .action("GetQueueByName", map(json!({"QueueName": name})))
        .await
        .unwrap()
        .into_one()
        .unwrap();
    assert_eq!(by_name, queue);

    let sent = queue
        .action("SendMessage", map(json!({"MessageBody": "hello"})))
        .await
        .unwrap();
    let ActionOutput::Raw(raw) = sent else {
        panic!("SendMessage returns the raw response")
    };
    assert!(raw["MessageId"].is_string());
    assert!(
        queue.data().is_none(),
        "the action cleared the queue's data"
    );

    let messages = queue
        .action("ReceiveMessages", map(json!({"MaxNumberOfMessages": 10})))
        .await
        .unwrap()
        .into_many();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].type_name(), "Message");
    assert_eq!(messages[0].identifier(0), &json!(url));
    assert_eq!(
        messages[0].attribute("Body").await.unwrap(),
        Some(json!("hello"))
    );
    messages[0].action("Delete", Map::new()).await.unwrap();

    let queues: Vec<ResourceCore> = service
        .collection("Queues")
        .filter(map(json!({"QueueNamePrefix": name})))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(queues, std::slice::from_ref(&queue));
    queue.action("Delete", Map::new()).await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn ec2_instances_fan_out_reference_their_vpc_wait_and_batch() {
    let requests = Requests::default();
    requests.install();
    let ec2 = resources("ec2", "2016-11-15", EC2);
    let service = ResourceCore::new(&ec2, "", vec![]);
    let instances = service
        .action(
            "CreateInstances",
            map(json!({"ImageId": "ami-12c6146b", "MinCount": 2, "MaxCount": 2})),
        )
        .await
        .unwrap()
        .into_many();
    assert_eq!(instances.len(), 2);
    let first = &instances[0];
    assert!(format!("{first:?}").starts_with("ec2.Instance(id=\"i-"));
    assert_eq!(
        first.data().unwrap()["InstanceId"],
        first.identifier(0).clone()
    );
    assert_eq!(
        first.attribute("InstanceId").await.unwrap().as_ref(),
        Some(first.identifier(0))
    );

    // References come from the data, with no request while it is cached.
    let described = requests.count("DescribeInstances");
    let vpc = first.reference("Vpc").await.unwrap();
    let subnet = first.reference("Subnet").await.unwrap();
    assert_eq!(vpc.len(), 1);
    assert_eq!(vpc[0].type_name(), "Vpc");
    assert_eq!(subnet.len(), 1);
    assert_eq!(
        &vpc[0].identifier(0).clone(),
        &first.data().unwrap()["VpcId"]
    );
    assert_eq!(requests.count("DescribeInstances"), described);
    assert_eq!(
        vpc[0].attribute("State").await.unwrap(),
        Some(json!("available"))
    );

    // The wait refreshes data that was cached (pending at creation).
    assert_eq!(first.data().unwrap()["State"]["Name"], "pending");
    first
        .wait(
            "Running",
            Map::new(),
            Some(Duration::from_millis(200)),
            Some(20),
        )
        .await
        .unwrap();
    assert_eq!(first.data().unwrap()["State"]["Name"], "running");

    // A VPC's instances, the definition's vpc-id filter merged with the caller's.
    let ids: Vec<Value> = instances.iter().map(|i| i.identifier(0).clone()).collect();
    let in_vpc: Vec<ResourceCore> = vpc[0]
        .collection("Instances")
        .filter(map(
            json!({"Filters": [{"Name": "instance-id", "Values": [ids[1].clone()]}]}),
        ))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(in_vpc, [instances[1].clone()]);
    assert!(in_vpc[0].data().is_some());

    // EC2's hand-written create_tags: the cross product as Tag resources.
    let tags = rboto_resource::ec2::tags::create_tags(
        &service,
        map(json!({"Resources": ids.clone(), "Tags": [
            {"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}
        ]})),
    )
    .await
    .unwrap();
    assert_eq!(tags.len(), 4);
    assert_eq!(
        tags[3].identifiers(),
        &[ids[1].clone(), json!("b"), json!("2")]
    );
    rboto_resource::ec2::tags::delete_tags(first, map(json!({"Tags": [{"Key": "a"}]})))
        .await
        .unwrap();
    first.load().await.unwrap();
    let keys: Vec<Value> = first.data().unwrap()["Tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["Key"].clone())
        .collect();
    assert_eq!(keys, [json!("b")]);

    // A batch action over a filtered collection: one TerminateInstances for the page.
    let responses = service
        .collection("Instances")
        .filter(map(json!({"InstanceIds": ids.clone()})))
        .batch_action("Terminate", Map::new())
        .await
        .unwrap();
    assert_eq!(responses.len(), 1);
    assert_eq!(
        requests.count("TerminateInstances"),
        1,
        "{:?}",
        requests.0.lock().unwrap()
    );
    assert_eq!(
        responses[0]["TerminatingInstances"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    first
        .wait(
            "Terminated",
            Map::new(),
            Some(Duration::from_millis(200)),
            Some(20),
        )
        .await
        .unwrap();

    // A load whose path finds nothing is a typed not-found error.
    let ghost = ResourceCore::new(&ec2, "Instance", vec![json!("i-0123456789abcdef0")]);
    let err = ghost.attribute("State").await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn iam_roles_page_across_several_requests_and_users_load() {
    let requests = Requests::default();
    requests.install();
    let iam = resources("iam", "2010-05-08", IAM);
    let service = ResourceCore::new(&iam, "", vec![]);
    let path = format!("/{}/", unique("rboto"));
    let mut made = Vec::new();
    for i in 0..5 {
        let user = service
            .action(
                "CreateUser",
                map(json!({"UserName": unique(&format!("u{i}")), "Path": path})),
            )
            .await
            .unwrap()
            .into_one()
            .unwrap();
        made.push(user);
    }
    assert_eq!(made[0].type_name(), "User");

    // moto answers ListUsers in one page whatever MaxItems says; the limit still holds.
    let users = service
        .collection("Users")
        .filter(map(json!({"PathPrefix": path})));
    let mut listed: Vec<ResourceCore> = users.items().try_collect().await.unwrap();
    listed.sort_by_key(|u| u.identifier(0).to_string());
    made.sort_by_key(|u| u.identifier(0).to_string());
    assert_eq!(listed, made);
    assert!(listed[0].data().unwrap()["Arn"].is_string());
    let three: Vec<ResourceCore> = users
        .page_size(2)
        .limit(3)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(three.len(), 3);

    // Roles do page in moto: 5 roles, 2 a page.
    let policy = json!({"Version": "2012-10-17", "Statement": []}).to_string();
    let mut roles = Vec::new();
    for i in 0..5 {
        let role = service
            .action(
                "CreateRole",
                map(json!({
                    "RoleName": unique(&format!("r{i}")),
                    "Path": path,
                    "AssumeRolePolicyDocument": policy
                })),
            )
            .await
            .unwrap()
            .into_one()
            .unwrap();
        assert_eq!(role.type_name(), "Role");
        roles.push(role);
    }
    let before = requests.count("ListRoles");
    let pages: Vec<Vec<ResourceCore>> = service
        .collection("Roles")
        .filter(map(json!({"PathPrefix": path})))
        .page_size(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(requests.count("ListRoles") - before, 3);
    let mut listed: Vec<ResourceCore> = pages.into_iter().flatten().collect();
    listed.sort_by_key(|r| r.identifier(0).to_string());
    roles.sort_by_key(|r| r.identifier(0).to_string());
    assert_eq!(listed, roles);
    for role in &roles {
        role.action("Delete", Map::new()).await.unwrap();
    }

    // CreateUser's resource path hydrates the new user; a fresh handle loads with GetUser.
    assert!(made[0].data().is_some());
    let fresh = service.subresource("User", vec![made[0].identifier(0).clone()]);
    let arn = fresh.attribute("Arn").await.unwrap().unwrap();
    assert!(arn
        .as_str()
        .unwrap()
        .contains(made[0].identifier(0).as_str().unwrap()));
    assert_eq!(requests.count("GetUser"), 1);

    for user in &made {
        user.action("Delete", Map::new()).await.unwrap();
    }
    let err = made[0].reload().await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn dynamodb_table_is_created_waited_for_and_listed() {
    let dynamodb = resources("dynamodb", "2012-08-10", DYNAMODB);
    let service = ResourceCore::new(&dynamodb, "", vec![]);
    let mut tables = Vec::new();
    for _ in 0..2 {
        let name = unique("rboto-t");
        let table = service
            .action(
                "CreateTable",
                map(json!({
                    "TableName": name,
                    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                    "BillingMode": "PAY_PER_REQUEST"
                })),
            )
            .await
            .unwrap()
            .into_one()
            .unwrap();
        tables.push(table);
    }
    let table = &tables[0];
    table
        .wait(
            "Exists",
            Map::new(),
            Some(Duration::from_millis(200)),
            Some(10),
        )
        .await
        .unwrap();
    assert_eq!(
        table.attribute("TableStatus").await.unwrap(),
        Some(json!("ACTIVE"))
    );

    table
        .action("PutItem", map(json!({"Item": {"id": {"S": "1"}}})))
        .await
        .unwrap();
    let item = table
        .action("GetItem", map(json!({"Key": {"id": {"S": "1"}}})))
        .await
        .unwrap()
        .into_raw();
    assert_eq!(item["Item"]["id"]["S"], "1");

    let listed: Vec<ResourceCore> = service
        .collection("Tables")
        .page_size(1)
        .items()
        .try_collect()
        .await
        .unwrap();
    for t in &tables {
        assert!(listed.contains(t), "{t:?} listed");
    }
    for t in &tables {
        t.action("Delete", Map::new()).await.unwrap();
    }
    tables[1]
        .wait(
            "NotExists",
            Map::new(),
            Some(Duration::from_millis(200)),
            Some(10),
        )
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn ec2_a_collection_without_a_paginator_is_one_call_with_the_limit_applied() {
    let requests = Requests::default();
    requests.install();
    let ec2 = resources("ec2", "2016-11-15", EC2);
    let service = ResourceCore::new(&ec2, "", vec![]);
    let mut names = Vec::new();
    for _ in 0..2 {
        let name = unique("rboto-key");
        let key = service
            .action("CreateKeyPair", map(json!({"KeyName": name})))
            .await
            .unwrap()
            .into_one()
            .unwrap();
        assert_eq!(key.type_name(), "KeyPair");
        assert!(
            key.data().unwrap()["KeyMaterial"].is_string(),
            "hydrated from the response"
        );
        names.push(json!(name));
    }
    let keys = service
        .collection("KeyPairs")
        .filter(map(json!({"KeyNames": names})));
    assert_eq!(
        format!("{keys:?}"),
        "ec2.ServiceResource.key_pairsCollection(ec2.ServiceResource(), ec2.KeyPairInfo)"
    );

    let before = requests.count("DescribeKeyPairs");
    let pages: Vec<Vec<ResourceCore>> = keys.page_size(1).pages().try_collect().await.unwrap();
    assert_eq!(
        pages.len(),
        1,
        "one call; page size is ignored without a paginator"
    );
    assert_eq!(pages[0].len(), 2);
    assert_eq!(pages[0][0].type_name(), "KeyPairInfo");
    assert_eq!(requests.count("DescribeKeyPairs") - before, 1);

    let one: Vec<ResourceCore> = keys.limit(1).items().try_collect().await.unwrap();
    assert_eq!(one.len(), 1);
    assert!(one[0].data().unwrap()["KeyFingerprint"].is_string());

    for key in pages.into_iter().flatten() {
        key.action("Delete", Map::new()).await.unwrap();
    }
}
