//! Unit tests on the real imported definitions (`resources-1.json` with its
//! `service-2.json`): identifiers, parameters, response handling and equality, without I/O.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use super::model::ResourcesFile;
use super::params::build_request_params;
use super::response::{build_resources, empty_shape, Built, EmptyShape, IdentifierInputs};
use super::{ResourceCore, ServiceResources};
use rboto_runtime::model::ServiceModel;
use rboto_runtime::session::{Credentials, Session};

const S3: &str = include_str!("../../../resource-models/models/s3/2006-03-01/resources-1.json");
const EC2: &str = include_str!("../../../resource-models/models/ec2/2016-11-15/resources-1.json");
const SQS: &str = include_str!("../../../resource-models/models/sqs/2012-11-05/resources-1.json");

fn service(name: &str, version: &str, resources: &'static str) -> ServiceResources {
    let dir = format!(
        "{}/../../resource-models/models/{name}/{version}",
        env!("CARGO_MANIFEST_DIR")
    );
    let session = Session::builder()
        .credentials(Credentials::new("testing", "testing", None))
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:9")
        .build();
    let client = session
        .client(ServiceModel::from_dir(name, dir).unwrap())
        .unwrap();
    ServiceResources::new(client, resources).unwrap()
}

fn s3() -> ServiceResources {
    service("s3", "2006-03-01", S3)
}

fn ec2() -> ServiceResources {
    service("ec2", "2016-11-15", EC2)
}

fn sqs() -> ServiceResources {
    service("sqs", "2012-11-05", SQS)
}

fn map(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap()
}

fn many(built: Built) -> Vec<ResourceCore> {
    match built {
        Built::Many(v) => v,
        Built::One(_) => panic!("expected many resources, got one"),
        Built::Nothing { empty } => panic!("expected many resources, got nothing ({empty:?})"),
    }
}

#[test]
fn the_service_resource_constructs_every_type_and_honours_renames() {
    let s3 = s3();
    let service = ResourceCore::new(&s3, "", vec![]);
    assert_eq!(format!("{service:?}"), "s3.ServiceResource()");
    let bucket = service.subresource("Bucket", vec![json!("logs")]);
    assert_eq!(format!("{bucket:?}"), r#"s3.Bucket(name="logs")"#);
    let object = service.subresource("Object", vec![json!("logs"), json!("a/b")]);
    assert_eq!(
        format!("{object:?}"),
        r#"s3.Object(bucket_name="logs", key="a/b")"#
    );
    let part = service.subresource(
        "MultipartUploadPart",
        vec![json!("b"), json!("k"), json!("u"), json!(3)],
    );
    assert_eq!(
        format!("{part:?}"),
        r#"s3.MultipartUploadPart(bucket_name="b", object_key="k", multipart_upload_id="u", part_number=3)"#
    );

    let file: ResourcesFile = serde_json::from_str(EC2).unwrap();
    let has = file.service_has();
    assert_eq!(has["KeyPair"].definition.resource.type_name, "KeyPairInfo");
    assert!(!has.contains_key("KeyPairInfo"));
    assert_eq!(has.len(), file.resources.len() - 1);
    assert_eq!(has["Tag"].definition.resource.identifiers.len(), 3);
    let ec2 = ec2();
    let key = ResourceCore::new(&ec2, "", vec![]).subresource("KeyPair", vec![json!("k")]);
    assert_eq!(key.type_name(), "KeyPairInfo");
}

#[test]
fn a_subresource_takes_parent_identifiers_and_inputs_without_data() {
    let s3 = s3();
    let bucket = ResourceCore::new(&s3, "Bucket", vec![json!("logs")]);
    let object = bucket.subresource("Object", vec![json!("k")]);
    assert_eq!(object.type_name(), "Object");
    assert_eq!(object.identifiers(), &[json!("logs"), json!("k")]);
    assert!(object.data().is_none());
    let upload = object.subresource("MultipartUpload", vec![json!("u-1")]);
    assert_eq!(
        upload.identifiers(),
        &[json!("logs"), json!("k"), json!("u-1")]
    );
}

#[tokio::test]
async fn collection_params_come_from_sources_and_filters_append_top_level_lists() {
    let ec2 = ec2();
    let vpc = ResourceCore::new(&ec2, "Vpc", vec![json!("vpc-1")]);
    let instances = vpc.collection("Instances");
    assert_eq!(
        Value::Object(instances.request_params().await.unwrap()),
        json!({"Filters": [{"Name": "vpc-id", "Values": ["vpc-1"]}]})
    );
    let filtered = instances
        .filter(map(
            json!({"Filters": [{"Name": "tag:a", "Values": ["1"]}]}),
        ))
        .filter(map(
            json!({"Filters": [{"Name": "tag:b", "Values": ["2"]}], "MaxResults": 5}),
        ));
    assert_eq!(
        Value::Object(filtered.request_params().await.unwrap()),
        json!({
            "Filters": [
                {"Name": "vpc-id", "Values": ["vpc-1"]},
                {"Name": "tag:a", "Values": ["1"]},
                {"Name": "tag:b", "Values": ["2"]}
            ],
            "MaxResults": 5
        })
    );
    // Immutable: the original collection is unchanged.
    assert!(instances.filters().is_empty());
    assert_eq!(filtered.filters()["Filters"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn request_params_read_string_identifier_and_data_sources() {
    let s3 = s3();
    let versioning = ResourceCore::new(&s3, "BucketVersioning", vec![json!("b")]);
    let enable = &versioning.definition().actions["Enable"];
    let mut params = Map::new();
    build_request_params(&versioning, &enable.request.params, &mut params, None, true)
        .await
        .unwrap();
    assert_eq!(
        Value::Object(params),
        json!({"Bucket": "b", "VersioningConfiguration": {"Status": "Enabled"}})
    );

    let ec2 = ec2();
    let address = ResourceCore::new(&ec2, "ClassicAddress", vec![json!("1.2.3.4")])
        .with_data(json!({"PublicIp": "1.2.3.4", "Domain": "standard"}));
    let release = &address.definition().actions["Release"];
    let mut params = Map::new();
    build_request_params(&address, &release.request.params, &mut params, None, true)
        .await
        .unwrap();
    assert_eq!(Value::Object(params), json!({"PublicIp": "1.2.3.4"}));
}

#[tokio::test]
async fn batch_params_index_star_targets_by_position() {
    let sqs = sqs();
    let messages: Vec<ResourceCore> = ["r1", "r2"]
        .iter()
        .enumerate()
        .map(|(i, handle)| {
            ResourceCore::new(&sqs, "Message", vec![json!("https://q"), json!(handle)])
                .with_data(json!({"MessageId": format!("m{i}")}))
        })
        .collect();
    let delete = &sqs.definition("Message").unwrap().batch_actions["Delete"];
    let mut params = Map::new();
    for (i, message) in messages.iter().enumerate() {
        build_request_params(message, &delete.request.params, &mut params, Some(i), true)
            .await
            .unwrap();
    }
    assert_eq!(
        Value::Object(params),
        json!({
            "QueueUrl": "https://q",
            "Entries": [
                {"Id": "m0", "ReceiptHandle": "r1"},
                {"Id": "m1", "ReceiptHandle": "r2"}
            ]
        })
    );
}

#[tokio::test]
async fn a_plural_response_fans_out_and_hydrates_each_resource() {
    let ec2 = ec2();
    let service = ResourceCore::new(&ec2, "", vec![]);
    let create = &service.definition().actions["CreateInstances"];
    let response = json!({"Instances": [
        {"InstanceId": "i-1", "State": {"Name": "pending"}},
        {"InstanceId": "i-2", "State": {"Name": "pending"}}
    ]});
    let built = build_resources(
        &service,
        create.resource.as_ref().unwrap(),
        IdentifierInputs {
            params: Some(&json!({"ImageId": "ami-1", "MinCount": 2, "MaxCount": 2})),
            response: Some(&response),
            operation: Some("RunInstances"),
        },
    )
    .await
    .unwrap();
    let instances = many(built);
    assert_eq!(instances.len(), 2);
    assert_eq!(format!("{:?}", instances[1]), r#"ec2.Instance(id="i-2")"#);
    assert_eq!(instances[0].data().unwrap()["InstanceId"], "i-1");
    assert_eq!(
        instances[1].attribute("State").await.unwrap(),
        Some(json!({"Name": "pending"}))
    );
    // `InstanceId` is the identifier's memberName: answered without data.
    let bare = ResourceCore::new(&ec2, "Instance", vec![json!("i-9")]);
    assert_eq!(
        bare.attribute("InstanceId").await.unwrap(),
        Some(json!("i-9"))
    );
}

#[tokio::test]
async fn request_parameters_fan_out_with_shared_scalar_identifiers() {
    let ec2 = ec2();
    let instance = ResourceCore::new(&ec2, "Instance", vec![json!("i-1")]);
    let create_tags = &instance.definition().actions["CreateTags"];
    let params = json!({"Resources": ["i-1"], "Tags": [
        {"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}
    ]});
    let tags = many(
        build_resources(
            &instance,
            create_tags.resource.as_ref().unwrap(),
            IdentifierInputs {
                params: Some(&params),
                response: Some(&json!({})),
                operation: Some("CreateTags"),
            },
        )
        .await
        .unwrap(),
    );
    let shown: Vec<String> = tags.iter().map(|t| format!("{t:?}")).collect();
    assert_eq!(
        shown,
        [
            r#"ec2.Tag(resource_id="i-1", key="a", value="1")"#,
            r#"ec2.Tag(resource_id="i-1", key="b", value="2")"#
        ]
    );
    assert!(tags[0].data().is_none());
}

#[tokio::test]
async fn identifier_and_response_sources_combine_and_messages_carry_their_data() {
    let sqs = sqs();
    let queue = ResourceCore::new(&sqs, "Queue", vec![json!("https://q")]);
    let receive = &queue.definition().actions["ReceiveMessages"];
    let response = json!({"Messages": [
        {"MessageId": "m1", "ReceiptHandle": "r1", "Body": "hello"}
    ]});
    let messages = many(
        build_resources(
            &queue,
            receive.resource.as_ref().unwrap(),
            IdentifierInputs {
                params: Some(&json!({"QueueUrl": "https://q"})),
                response: Some(&response),
                operation: Some("ReceiveMessage"),
            },
        )
        .await
        .unwrap(),
    );
    assert_eq!(messages.len(), 1);
    assert_eq!(
        messages[0].identifiers(),
        &[json!("https://q"), json!("r1")]
    );
    assert_eq!(
        messages[0].attribute("Body").await.unwrap(),
        Some(json!("hello"))
    );
}

#[tokio::test]
async fn a_multiselect_path_builds_versions_and_delete_markers() {
    let s3 = s3();
    let bucket = ResourceCore::new(&s3, "Bucket", vec![json!("b")]);
    let versions = &bucket.definition().has_many["ObjectVersions"];
    let page = json!({
        "Versions": [{"Key": "a", "VersionId": "1", "Size": 3}],
        "DeleteMarkers": [{"Key": "b", "VersionId": "2"}]
    });
    let items = many(
        build_resources(
            &bucket,
            &versions.resource,
            IdentifierInputs {
                params: Some(&json!({"Bucket": "b"})),
                response: Some(&page),
                operation: Some("ListObjectVersions"),
            },
        )
        .await
        .unwrap(),
    );
    let shown: Vec<String> = items.iter().map(|t| format!("{t:?}")).collect();
    assert_eq!(
        shown,
        [
            r#"s3.ObjectVersion(bucket_name="b", object_key="a", id="1")"#,
            r#"s3.ObjectVersion(bucket_name="b", object_key="b", id="2")"#
        ]
    );
    assert_eq!(items[0].data().unwrap()["Size"], 3);
    assert_eq!(items[1].data().unwrap()["Key"], "b");
}

#[tokio::test]
async fn a_response_naming_no_resource_is_shaped_by_the_output() {
    let sqs = sqs();
    let service = ResourceCore::new(&sqs, "", vec![]);
    let by_name = &service.definition().actions["GetQueueByName"];
    let built = build_resources(
        &service,
        by_name.resource.as_ref().unwrap(),
        IdentifierInputs {
            params: Some(&json!({"QueueName": "q"})),
            response: Some(&json!({})),
            operation: Some("GetQueueUrl"),
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        built,
        Built::Nothing {
            empty: EmptyShape::Object
        }
    ));

    let ec2 = ec2();
    let definition = ec2.client().model().definition();
    assert_eq!(
        empty_shape(definition, "RunInstances", Some("Instances[]")),
        EmptyShape::List
    );
    assert_eq!(
        empty_shape(definition, "RunInstances", None),
        EmptyShape::Object
    );
    assert_eq!(
        empty_shape(
            definition,
            "DescribeInstances",
            Some("Reservations[0].Instances[0]")
        ),
        EmptyShape::Object
    );
    assert_eq!(
        empty_shape(definition, "CreateVpc", Some("Vpc.VpcId")),
        EmptyShape::Nothing
    );
}

#[tokio::test]
async fn references_read_data_may_be_empty_and_may_be_plural_with_data() {
    let ec2 = ec2();
    let instance = ResourceCore::new(&ec2, "Instance", vec![json!("i-1")]).with_data(json!({
        "InstanceId": "i-1",
        "VpcId": "vpc-1",
        "NetworkInterfaces": [
            {"NetworkInterfaceId": "eni-1", "Status": "in-use"},
            {"NetworkInterfaceId": "eni-2", "Status": "in-use"}
        ]
    }));
    let vpc = instance.reference("Vpc").await.unwrap();
    assert_eq!(vpc.len(), 1);
    assert_eq!(format!("{:?}", vpc[0]), r#"ec2.Vpc(id="vpc-1")"#);
    assert!(vpc[0].data().is_none());
    assert!(instance.reference("Subnet").await.unwrap().is_empty());
    let enis = instance.reference("NetworkInterfaces").await.unwrap();
    assert_eq!(enis.len(), 2);
    assert_eq!(enis[1].identifiers(), &[json!("eni-2")]);
    assert_eq!(enis[1].data().unwrap()["Status"], "in-use");
}

#[tokio::test]
async fn without_a_load_attributes_need_data() {
    let s3 = s3();
    let upload = ResourceCore::new(
        &s3,
        "MultipartUpload",
        vec![json!("b"), json!("k"), json!("u")],
    );
    assert!(!upload.has_load());
    let err = upload.attribute("Initiated").await.unwrap_err();
    assert!(err.is_resource_load(), "{err}");
    assert!(
        err.to_string()
            .contains("s3.MultipartUpload(bucket_name=\"b\""),
        "{err}"
    );
    let hydrated = upload.with_data(json!({"UploadId": "u", "StorageClass": "STANDARD"}));
    assert_eq!(
        hydrated.attribute("StorageClass").await.unwrap(),
        Some(json!("STANDARD"))
    );
    assert_eq!(hydrated.attribute("Owner").await.unwrap(), None);
    // S3's injected loads make Bucket and ObjectSummary loadable.
    assert!(ResourceCore::new(&s3, "Bucket", vec![json!("b")]).has_load());
    assert!(ResourceCore::new(&s3, "ObjectSummary", vec![json!("b"), json!("k")]).has_load());
}

#[test]
fn equality_and_hash_use_service_type_and_identifiers_only() {
    let ec2 = ec2();
    let a = ResourceCore::new(&ec2, "Instance", vec![json!("i-1")]).with_data(json!({"x": 1}));
    let b = ResourceCore::new(&ec2, "Instance", vec![json!("i-1")]);
    let c = ResourceCore::new(&ec2, "Image", vec![json!("i-1")]);
    let other_client = service("ec2", "2016-11-15", EC2);
    let d = ResourceCore::new(&other_client, "Instance", vec![json!("i-1")]);
    assert_eq!(a, b);
    assert_eq!(a, d);
    assert_ne!(a, c);
    // The hash reads only immutable parts; the cached data behind the mutex is ignored.
    #[allow(clippy::mutable_key_type)]
    let set: HashSet<ResourceCore> = [a, b, c, d].into_iter().collect();
    assert_eq!(set.len(), 2);
}

#[test]
fn definitions_are_parsed_once_per_text() {
    let one = s3();
    let two = s3();
    assert!(std::ptr::eq(one.definitions(), two.definitions()));
}

/// Every definition of every imported service names only operations, waiters, shapes and
/// resource types that exist, so the runtime's lookups by name cannot fail on them.
#[test]
fn every_imported_definition_refers_to_things_that_exist() {
    let root = format!(
        "{}/../../resource-models/models",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut checked = 0;
    for service_dir in std::fs::read_dir(&root).unwrap() {
        let service_dir = service_dir.unwrap().path();
        if !service_dir.is_dir() {
            continue;
        }
        for version in std::fs::read_dir(&service_dir).unwrap() {
            let dir = version.unwrap().path();
            let Ok(text) = std::fs::read_to_string(dir.join("resources-1.json")) else {
                continue;
            };
            let name = service_dir.file_name().unwrap().to_str().unwrap();
            let model = ServiceModel::from_dir(name, &dir).unwrap();
            let file: ResourcesFile = serde_json::from_str(&text).unwrap();
            let service = model.definition();
            let defs = std::iter::once(("", &file.service))
                .chain(file.resources.iter().map(|(n, d)| (n.as_str(), d)));
            for (type_name, def) in defs {
                let mut requests = Vec::new();
                let mut targets = Vec::new();
                if let Some(load) = &def.load {
                    requests.push(&load.request);
                }
                for action in def.actions.values().chain(def.batch_actions.values()) {
                    requests.push(&action.request);
                    targets.extend(action.resource.iter().map(|r| &r.type_name));
                }
                for many in def.has_many.values() {
                    requests.push(&many.request);
                    targets.push(&many.resource.type_name);
                }
                targets.extend(def.has.values().map(|h| &h.resource.type_name));
                for request in requests {
                    assert!(
                        service.operation(&request.operation).is_some(),
                        "{name}.{type_name}: unknown operation {}",
                        request.operation
                    );
                }
                for target in targets {
                    assert!(
                        file.resources.contains_key(target),
                        "{name}.{type_name}: unknown resource type {target}"
                    );
                }
                for waiter in def.waiters.values() {
                    assert!(
                        model.waiter(&waiter.waiter_name).is_some(),
                        "{name}.{type_name}: unknown waiter {}",
                        waiter.waiter_name
                    );
                }
                if let Some(shape) = &def.shape {
                    assert!(
                        service.shape(shape).is_some(),
                        "{name}.{type_name}: shape {shape}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 89, "checked only {checked} definitions");
}

/// Generated code wraps these futures and streams in `IntoFuture` types that users spawn,
/// so they must be `Send`; and resources must be shareable across tasks.
#[test]
fn resources_and_their_futures_are_send_and_sync() {
    fn send<T: Send>(_: &T) {}
    fn send_sync<T: Send + Sync + Clone + 'static>() {}
    send_sync::<ResourceCore>();
    send_sync::<ServiceResources>();
    send_sync::<super::CollectionCore>();
    send_sync::<super::ActionOutput>();

    let ec2 = ec2();
    let instance = ResourceCore::new(&ec2, "Instance", vec![json!("i-1")]);
    send(&instance.load());
    send(&instance.reload());
    send(&instance.attribute("State"));
    send(&instance.reference("Vpc"));
    send(&instance.action("Terminate", Map::new()));
    send(&instance.wait("Running", Map::new(), None, None));
    let collection = ResourceCore::new(&ec2, "", vec![]).collection("Instances");
    send(&collection.pages());
    send(&collection.batch_action("Terminate", Map::new()));
}

#[test]
fn try_new_reports_unknown_types_and_wrong_identifier_counts() {
    let s3 = s3();
    let name = String::from("Object");
    let object = ResourceCore::try_new(&s3, &name, vec![json!("b"), json!("k")]).unwrap();
    assert_eq!(object.type_name(), "Object");
    assert!(ResourceCore::try_new(&s3, "", vec![]).is_ok());
    let err = ResourceCore::try_new(&s3, "Nope", vec![]).unwrap_err();
    assert!(err.is_model() && err.to_string().contains("Nope"), "{err}");
    let err = ResourceCore::try_new(&s3, "Bucket", vec![]).unwrap_err();
    assert!(
        err.to_string().contains("takes 1 identifier(s), not 0"),
        "{err}"
    );
}

#[test]
fn a_collection_shows_its_parent_and_item_type() {
    let s3 = s3();
    let bucket = ResourceCore::new(&s3, "Bucket", vec![json!("b")]);
    let objects = bucket.collection("Objects").limit(3);
    assert_eq!(
        format!("{objects:?}"),
        r#"s3.Bucket.objectsCollection(s3.Bucket(name="b"), s3.ObjectSummary)"#
    );
    assert_eq!(objects.operation(), "ListObjects");
    assert_eq!(objects.item_type(), "ObjectSummary");
    assert_eq!(objects.name(), "Objects");
    assert_eq!(objects.parent(), &bucket);
}

const IAM: &str = include_str!("../../../resource-models/models/iam/2010-05-08/resources-1.json");

fn iam() -> ServiceResources {
    service("iam", "2010-05-08", IAM)
}

fn create_signing_certificate(service: &ServiceResources) -> &super::model::ResponseResourceDef {
    service.definitions().service.actions["CreateSigningCertificate"]
        .resource
        .as_ref()
        .unwrap()
}

#[tokio::test]
async fn an_identifier_the_definition_leaves_out_comes_from_the_hydrated_data() {
    let iam = iam();
    let root = ResourceCore::new(&iam, "", vec![]);
    let response = json!({"Certificate": {
        "UserName": "alice", "CertificateId": "C1", "Status": "Active"
    }});
    let built = build_resources(
        &root,
        create_signing_certificate(&iam),
        IdentifierInputs {
            params: Some(&json!({"CertificateBody": "pem"})),
            response: Some(&response),
            operation: Some("UploadSigningCertificate"),
        },
    )
    .await
    .unwrap();
    let Built::One(certificate) = built else {
        panic!("expected one resource");
    };
    assert_eq!(certificate.type_name(), "SigningCertificate");
    assert_eq!(certificate.identifiers(), &[json!("alice"), json!("C1")]);
}

#[tokio::test]
async fn a_required_identifier_nowhere_in_the_response_is_an_error() {
    let iam = iam();
    let root = ResourceCore::new(&iam, "", vec![]);
    let response = json!({"Certificate": {"CertificateId": "C1", "Status": "Active"}});
    let result = build_resources(
        &root,
        create_signing_certificate(&iam),
        IdentifierInputs {
            params: Some(&json!({"CertificateBody": "pem"})),
            response: Some(&response),
            operation: Some("UploadSigningCertificate"),
        },
    )
    .await;
    let Err(error) = result else {
        panic!("a SigningCertificate without a UserName was built");
    };
    let message = error.to_string();
    assert!(
        message.contains("SigningCertificate") && message.contains("UserName"),
        "{message}"
    );
}

#[test]
fn a_has_target_naming_no_identifier_fills_the_identifier_by_position() {
    // IAM's service `has.Policy` targets `PolicyArn`; the Policy type's identifier is `Arn`.
    let iam = iam();
    let root = ResourceCore::new(&iam, "", vec![]);
    let policy = root.subresource("Policy", vec![json!("arn:aws:iam::123:policy/p")]);
    assert_eq!(policy.type_name(), "Policy");
    assert_eq!(policy.identifiers(), &[json!("arn:aws:iam::123:policy/p")]);
}
