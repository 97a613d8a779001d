//! An EC2 fleet through resources: launch tagged instances, wait for all of them at once,
//! list the fleet through a filtered collection, and stop and terminate it with batch actions
//! (one request per page of the collection, as boto3's `instances.filter(...).stop()`).
//!
//! Run against the local emulator: `eval "$(scripts/emulator start)"`, then
//! `AWS_ENDPOINT_URL=$RBOTO_TEST_ENDPOINT cargo run --example ec2_fleet`.

use std::time::Duration;

use futures::future::try_join_all;
use futures::TryStreamExt;
use rboto::ec2::service_resource::InstancesCollection;
use rboto::ec2::types::{Filter, Tag, TagSpecification};
use rboto::ec2::ServiceResource;
use rboto::{Error, Session};

const FLEET_SIZE: i32 = 3;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let session = Session::from_env().await?;
    let ec2 = ServiceResource::new(&session)?;
    let fleet = format!("fleet-{}", std::process::id());
    let poll = Duration::from_millis(200);

    let mut tag = Tag::default();
    tag.key = Some("fleet".into());
    tag.value = Some(fleet.clone());
    let mut on_launch = TagSpecification::default();
    on_launch.resource_type = Some("instance".into());
    on_launch.tags = Some(vec![tag]);
    let instances = ec2
        .create_instances()
        .image_id("ami-12c6146b")
        .instance_type("t3.nano")
        .min_count(FLEET_SIZE)
        .max_count(FLEET_SIZE)
        .tag_specifications(vec![on_launch])
        .await?;
    println!(
        "launched {} instances tagged fleet={fleet}",
        instances.len()
    );

    // Waiters are futures: wait for the whole fleet concurrently.
    try_join_all(
        instances
            .iter()
            .map(|i| i.wait_until_running().delay(poll).send()),
    )
    .await?;
    println!("all running");

    let members = || -> InstancesCollection {
        let mut by_tag = Filter::default();
        by_tag.name = Some("tag:fleet".into());
        by_tag.values = Some(vec![fleet.clone()]);
        ec2.instances().filter().filters(vec![by_tag])
    };
    let mut listed = members().stream();
    while let Some(instance) = listed.try_next().await? {
        let zone = instance
            .placement()
            .await?
            .and_then(|p| p.availability_zone)
            .unwrap_or_default();
        let state = instance
            .state()
            .await?
            .and_then(|s| s.name)
            .unwrap_or_default();
        println!("  {} {zone} {state}", instance.id());
    }

    members().stop().await?;
    try_join_all(
        instances
            .iter()
            .map(|i| i.wait_until_stopped().delay(poll).send()),
    )
    .await?;
    println!("stopped the fleet with one batch action");

    members().terminate().await?;
    try_join_all(
        instances
            .iter()
            .map(|i| i.wait_until_terminated().delay(poll).send()),
    )
    .await?;
    println!("terminated the fleet");
    Ok(())
}
