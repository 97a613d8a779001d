//! CloudFormation resources end to end against moto: a stack created, loaded, updated and
//! deleted, its events and resource summaries, its resources, and the stacks collection.
//! Every item exercised is recorded for `docs/resource-coverage.md`.

use crate::common;

use common::coverage::Coverage;
use common::{must, session, unique};
use rboto::cloudformation::ServiceResource;

const TEMPLATE: &str = r#"{"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}"#;
const TEMPLATE_V2: &str = r#"{"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}, "Topic": {"Type": "AWS::SNS::Topic"}}}"#;

fn cloudformation() -> ServiceResource {
    must(
        "cloudformation service resource",
        ServiceResource::new(&session()),
    )
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn stack_lifecycle_events_and_resources() {
    let cov = Coverage::new("cloudformation");
    let cfn = cloudformation();
    let name = unique("resstack");
    let stack = must(
        "CreateStack",
        cfn.create_stack()
            .stack_name(&name)
            .template_body(TEMPLATE)
            .send()
            .await,
    );
    cov.action(cfn.meta(), "CreateStack");
    cov.constructed(stack.meta());
    must("Stack.load", stack.reload().await);
    cov.load(stack.meta());
    assert_eq!(
        must("stack_status", stack.stack_status().await).as_deref(),
        Some("CREATE_COMPLETE")
    );

    let updated = must(
        "UpdateStack",
        stack.update().template_body(TEMPLATE_V2).send().await,
    );
    cov.action(stack.meta(), "Update");
    assert!(updated.stack_id.is_some());
    cov.moto_fails(
        "Stack",
        "action",
        "CancelUpdate",
        stack.cancel_update().send().await,
    );

    let (pages, _) = iterate!(cov, stack.resource_summaries());
    let summaries: Vec<_> = pages.into_iter().flatten().collect();
    assert_eq!(summaries.len(), 2, "{summaries:?}");
    let summary = summaries
        .iter()
        .find(|s| s.logical_id() == "Topic")
        .expect("the topic");
    cov.constructed(summary.meta());
    assert_eq!(
        must("resource_type", summary.resource_type().await).as_deref(),
        Some("AWS::SNS::Topic")
    );
    let resource = summary.resource();
    cov.constructed(resource.meta());
    must("StackResource.load", resource.reload().await);
    cov.load(resource.meta());
    assert!(must("physical id", resource.physical_resource_id().await).is_some());
    assert_eq!(resource.stack(), stack);
    assert_eq!(stack.resource("Queue").logical_id(), "Queue");

    let (pages, _) = iterate!(cov, stack.events());
    let events: Vec<_> = pages.into_iter().flatten().collect();
    assert!(!events.is_empty());
    cov.constructed(events[0].meta());
    assert_eq!(
        must("stack_name", events[0].stack_name().await).as_deref(),
        Some(name.as_str())
    );

    let (pages, _) = iterate!(cov, cfn.stacks().filter().stack_name(&name));
    assert_eq!(pages.concat(), vec![stack.clone()]);

    must("DeleteStack", stack.delete().send().await);
    cov.action(stack.meta(), "Delete");
}

/// DescribeStacks, DescribeStackEvents and ListStackResources take no page size; the tests
/// iterate them whole and say so.
#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn stacks_collection() {
    let cov = Coverage::new("cloudformation");
    let cfn = cloudformation();
    let mut stacks = Vec::new();
    for _ in 0..2 {
        stacks.push(must(
            "CreateStack",
            cfn.create_stack()
                .stack_name(unique("resstacks"))
                .template_body(TEMPLATE)
                .send()
                .await,
        ));
        cov.action(cfn.meta(), "CreateStack");
    }
    let (pages, _) = iterate!(cov, cfn.stacks());
    let all: Vec<_> = pages.into_iter().flatten().collect();
    assert!(stacks.iter().all(|s| all.contains(s)));
    let note =
        "the operation has no page-size parameter (AWS pages at 100); the test iterates it whole";
    cov.note(cfn.stacks().meta(), note);
    cov.note(stacks[0].events().meta(), note);
    cov.note(stacks[0].resource_summaries().meta(), note);
    for stack in &stacks {
        must("DeleteStack", stack.delete().send().await);
        cov.action(stack.meta(), "Delete");
    }
}
