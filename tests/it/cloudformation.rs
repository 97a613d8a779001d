//! CloudFormation (query) end to end against moto, through the low-level client. Its list
//! operations take no page size; moto pages DescribeStacks at 50 stacks, so the pagination test
//! makes more than 50.

use crate::common;

use common::*;
use serde_json::json;

fn template(resource_type: &str) -> String {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": { "Suffix": { "Type": "String" } },
        "Resources": { "Thing": { "Type": resource_type } },
        "Outputs": { "Echo": { "Value": { "Ref": "Suffix" } } }
    })
    .to_string()
}

async fn new_stack(cfn: &rboto::Client, prefix: &str, resource_type: &str) -> (String, String) {
    let name = unique(prefix);
    let out = ok(
        "CreateStack",
        cfn.call(
            "CreateStack",
            json!({
                "StackName": name,
                "TemplateBody": template(resource_type),
                "Parameters": [{ "ParameterKey": "Suffix", "ParameterValue": "tail" }],
                "Tags": [{ "Key": "team", "Value": "rboto" }]
            }),
        )
        .await,
    );
    let id = out["StackId"].as_str().expect("StackId").to_owned();
    (name, id)
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn create_stack_wait_until_complete_and_describe() {
    let cfn = client("cloudformation");
    let (name, id) = new_stack(&cfn, "stack", "AWS::SQS::Queue").await;
    wait(&cfn, "StackCreateComplete", json!({ "StackName": name })).await;

    let described = ok(
        "DescribeStacks",
        cfn.call("DescribeStacks", json!({ "StackName": name }))
            .await,
    );
    let stack = &described["Stacks"][0];
    assert_eq!(stack["StackId"], json!(id), "{stack}");
    assert_eq!(stack["StackStatus"], json!("CREATE_COMPLETE"), "{stack}");
    assert_eq!(stack["Outputs"][0]["OutputKey"], json!("Echo"), "{stack}");
    assert_eq!(stack["Outputs"][0]["OutputValue"], json!("tail"), "{stack}");
    assert_eq!(stack["Tags"], json!([{ "Key": "team", "Value": "rboto" }]));

    let resources = ok(
        "ListStackResources",
        cfn.call("ListStackResources", json!({ "StackName": name }))
            .await,
    );
    let summary = &resources["StackResourceSummaries"][0];
    assert_eq!(summary["LogicalResourceId"], json!("Thing"), "{resources}");
    assert_eq!(
        summary["ResourceType"],
        json!("AWS::SQS::Queue"),
        "{resources}"
    );
    assert_eq!(
        summary["ResourceStatus"],
        json!("CREATE_COMPLETE"),
        "{resources}"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn describe_stacks_pages_through_every_stack() {
    let cfn = client("cloudformation");
    let prefix = unique("many");
    let mut ids = Vec::new();
    for i in 0..55 {
        ids.push(
            new_stack(
                &cfn,
                &format!("{prefix}-{i}"),
                "AWS::CloudFormation::WaitConditionHandle",
            )
            .await
            .1,
        );
    }

    let pages = pages(&cfn, "DescribeStacks", json!({})).await;
    assert!(
        pages.len() >= 2,
        "at least 55 stacks at 50 a page: {pages:?}"
    );
    let listed = strings_in(&pages, "Stacks", "StackId");
    let mut unique_listed = listed.clone();
    unique_listed.sort();
    unique_listed.dedup();
    assert_eq!(unique_listed.len(), listed.len(), "a stack came twice");
    for id in &ids {
        assert!(listed.contains(id), "{id} missing from the pages");
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn missing_stack_is_a_validation_error_from_the_service() {
    let cfn = client("cloudformation");
    let name = unique("absent");
    let e = err(
        "DescribeStacks",
        cfn.call("DescribeStacks", json!({ "StackName": name }))
            .await,
    );
    assert!(e.is_service(), "{e:?}");
    assert!(
        !e.is_validation(),
        "the service rejected it, not rboto: {e:?}"
    );
    assert_eq!(e.code(), Some("ValidationError"), "{e:?}");
    assert_eq!(e.status(), Some(400));
    assert!(
        e.message().is_some_and(|m| m.contains("does not exist")),
        "{e:?}"
    );
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (cfn, listener) = unserved_client("cloudformation");
    assert_rejected_unsent(
        &cfn,
        &listener,
        "CreateStack",
        json!({ "TemplateBody": "{}", "TimeoutInMinutes": 0, "Capabilities": "CAPABILITY_IAM" }),
        &["StackName", "TimeoutInMinutes", "Capabilities"],
    )
    .await;
}
