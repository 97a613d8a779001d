//! The rboto tour: one short story across the nine services with resources, in resource code.
//!
//! A bucket gets objects, lists a prefix as a stream and batch-deletes another; a DynamoDB
//! table stores typed notes and answers a query page by page; EC2 instances are launched into
//! a VPC, waited on, tagged and listed through the VPC; an SNS topic delivers into an SQS
//! queue; IAM users join a group; a CloudFormation stack is created and its resources
//! listed; CloudWatch gets metric data, statistics and an alarm; a Glacier vault is made.
//! Every chapter deletes what it created, also when it fails half way (CloudWatch keeps the
//! four metric data points: AWS has no way to delete them; they expire).
//!
//! `scripts/demo` starts moto, runs this against it and stops it; `scripts/demo --real` runs
//! it against your AWS account (normal credential chain; it creates and deletes small,
//! short-lived resources, including two EC2 micro instances for a minute or so). By hand:
//! `eval "$(scripts/emulator start)"; AWS_ENDPOINT_URL=$RBOTO_TEST_ENDPOINT cargo run
//! --example tour`.

use std::collections::HashMap;
use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use rboto::dynamodb::Item;
use rboto::{json, Error, Session};
use serde::{Deserialize, Serialize};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let session = Session::from_env().await?;
    let tour = Tour::new(&session);
    println!(
        "rboto tour: region {}, {}",
        session.region().unwrap_or("(none)"),
        match tour.endpoint() {
            Some(url) => format!("endpoint {url}"),
            None => "AWS itself".to_owned(),
        }
    );
    let started = Instant::now();
    chapter(
        "S3: a bucket, objects, a filtered stream, a batch delete",
        s3(&tour),
    )
    .await?;
    chapter(
        "DynamoDB: typed items and a paginated query",
        dynamodb(&tour),
    )
    .await?;
    chapter("EC2: instances in a VPC", ec2(&tour)).await?;
    chapter(
        "SNS and SQS: a topic delivering into a queue",
        sns_sqs(&tour),
    )
    .await?;
    chapter("IAM: users and a group", iam(&tour)).await?;
    chapter("CloudFormation: a stack", cloudformation(&tour)).await?;
    chapter(
        "CloudWatch: metric data, statistics, an alarm",
        cloudwatch(&tour),
    )
    .await?;
    chapter("Glacier: a vault", glacier(&tour)).await?;
    println!(
        "\nThe tour is over ({:.1} s); everything it made is deleted.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What every chapter needs: the session, a name unique to this run, and the endpoint when
/// it talks to an emulator rather than AWS.
struct Tour {
    session: Session,
    run: String,
    endpoint: Option<String>,
}

impl Tour {
    fn new(session: &Session) -> Tour {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Tour {
            session: session.clone(),
            run: format!("rboto-tour-{stamp:x}"),
            endpoint: session.endpoint_url_for(&rboto::s3::model()),
        }
    }

    /// A name for something this run creates: `rboto-tour-<stamp>-<what>`.
    fn name(&self, what: &str) -> String {
        format!("{}-{what}", self.run)
    }

    fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// How often waiters poll: every 5 s against AWS (botocore's delays are 5 to 30 s), and
    /// every 200 ms against an emulator, which answers at once.
    fn poll(&self) -> Duration {
        if self.endpoint().is_some() {
            Duration::from_millis(200)
        } else {
            Duration::from_secs(5)
        }
    }
}

async fn chapter(title: &str, body: impl Future<Output = Result<(), Error>>) -> Result<(), Error> {
    println!("\n== {title}");
    let started = Instant::now();
    body.await?;
    println!("   ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// One aligned line of output: `   label        text`.
fn say(label: &str, text: impl Display) {
    println!("   {label:<16} {text}");
}

async fn s3(tour: &Tour) -> Result<(), Error> {
    use rboto::s3::{types::CreateBucketConfiguration, ServiceResource};

    let s3 = ServiceResource::new(&tour.session)?;
    let mut create = s3.create_bucket().bucket(tour.name("bucket"));
    if let Some(region) = tour.session.region().filter(|r| *r != "us-east-1") {
        let mut location = CreateBucketConfiguration::default();
        location.location_constraint = Some(region.to_owned());
        create = create.create_bucket_configuration(location);
    }
    let bucket = create.await?;
    bucket.wait_until_exists().delay(tour.poll()).await?;
    say("bucket", bucket.name());

    let worked: Result<(), Error> = async {
        for day in 1..=6 {
            let key = format!("logs/2026-03-{day:02}.txt");
            let line = format!("day {day}: all quiet\n");
            let object = bucket.put_object().key(&key).body(line).await?;
            say("put", object.key());
        }
        for scratch in ["tmp/a", "tmp/b", "tmp/c"] {
            bucket.object(scratch).put().body(b"scratch").await?;
        }
        say("put", "tmp/a, tmp/b, tmp/c");

        // A collection is a Stream: pages are fetched as it is polled, two keys a page here.
        let mut logs = bucket
            .objects()
            .filter()
            .prefix("logs/")
            .page_size(2)
            .stream();
        while let Some(summary) = logs.try_next().await? {
            let size = summary.size().await?.unwrap_or_default();
            say("listed", format!("{:<24} {size:>3} bytes", summary.key()));
        }

        // A batch action: one DeleteObjects request per page of the filtered collection.
        bucket.objects().filter().prefix("tmp/").delete().await?;
        let left: Vec<_> = bucket.objects().stream().try_collect().await?;
        say(
            "batch delete",
            format!("tmp/ is gone, {} objects left", left.len()),
        );
        Ok(())
    }
    .await;
    let cleaned: Result<(), Error> = async {
        bucket.objects().delete().await?;
        bucket.delete().await?;
        say("deleted", bucket.name());
        Ok(())
    }
    .await;
    worked.and(cleaned)
}

/// A note as the program sees it: serde maps it onto a DynamoDB item, and `Item` names its
/// key (the table's hash and range keys).
#[derive(Debug, Serialize, Deserialize, Item)]
#[item(hash_key = "author", range_key = "id")]
struct Note {
    author: String,
    id: u32,
    text: String,
    stars: u32,
}

async fn dynamodb(tour: &Tour) -> Result<(), Error> {
    use rboto::dynamodb::types::{AttributeDefinition, KeySchemaElement};
    use rboto::dynamodb::{Attr, Key, ServiceResource};

    let key = |name: &str, kind: &str| {
        let mut element = KeySchemaElement::default();
        element.attribute_name = Some(name.to_owned());
        element.key_type = Some(kind.to_owned());
        element
    };
    let attribute = |name: &str, kind: &str| {
        let mut definition = AttributeDefinition::default();
        definition.attribute_name = Some(name.to_owned());
        definition.attribute_type = Some(kind.to_owned());
        definition
    };
    let ddb = ServiceResource::new(&tour.session)?;
    let table = ddb
        .create_table()
        .table_name(tour.name("notes"))
        .key_schema(vec![key("author", "HASH"), key("id", "RANGE")])
        .attribute_definitions(vec![attribute("author", "S"), attribute("id", "N")])
        .billing_mode("PAY_PER_REQUEST")
        .await?;
    table.wait_until_exists().delay(tour.poll()).await?;
    say(
        "table",
        format!(
            "{} is {}",
            table.name(),
            table.table_status().await?.unwrap_or_default()
        ),
    );

    let worked: Result<(), Error> = async {
        for id in 1..=12 {
            let author = if id % 3 == 0 { "grace" } else { "ada" };
            let note = Note {
                author: author.to_owned(),
                id,
                text: format!("note number {id}"),
                stars: id % 5,
            };
            table.put(&note).await?;
        }
        say("put", "12 notes, 8 by ada and 4 by grace");

        // A query streams every page; here three items a page, shown page by page.
        let mut pages = table
            .query::<Note>()
            .key(Key::new("author").eq("ada"))
            .page_size(3)
            .pages();
        let mut number = 0;
        while let Some(page) = pages.try_next().await? {
            number += 1;
            let shown: Vec<String> = page
                .items
                .iter()
                .map(|n| format!("#{} ({}★)", n.id, n.stars))
                .collect();
            say(&format!("query page {number}"), shown.join(", "));
        }
        let starred: Vec<Note> = table
            .query::<Note>()
            .key(
                Key::new("author")
                    .eq("ada")
                    .and(Key::new("id").between(1, 8)),
            )
            .filter(Attr::new("stars").ge(3))
            .stream()
            .try_collect()
            .await?;
        let ids: Vec<String> = starred.iter().map(|n| format!("#{}", n.id)).collect();
        say(
            "filtered",
            format!("ada's notes 1..8 with 3★ or more: {}", ids.join(", ")),
        );
        if let Some(note) = table.get::<Note>(("ada".into(), 1)).await? {
            say(
                "get",
                format!("{}'s note #{}: {:?}", note.author, note.id, note.text),
            );
        }
        Ok(())
    }
    .await;
    let cleaned: Result<(), Error> = async {
        table.delete().await?;
        say("deleted", table.name());
        Ok(())
    }
    .await;
    worked.and(cleaned)
}

async fn ec2(tour: &Tour) -> Result<(), Error> {
    use rboto::ec2::types::{Filter, Tag};
    use rboto::ec2::ServiceResource;

    let ec2 = ServiceResource::new(&tour.session)?;
    let Some(image) = latest_amazon_linux(&ec2).await? else {
        say("ec2", "no Amazon Linux 2023 image to launch: skipped");
        return Ok(());
    };
    let vpc = ec2.create_vpc().cidr_block("10.42.0.0/16").await?;
    vpc.wait_until_available().delay(tour.poll()).await?;
    say(
        "vpc",
        format!(
            "{} {}",
            vpc.id(),
            vpc.cidr_block().await?.unwrap_or_default()
        ),
    );
    let subnet = vpc.create_subnet().cidr_block("10.42.1.0/24").await?;
    say("subnet", subnet.id());

    let mut launched = Vec::new();
    let worked: Result<(), Error> = async {
        let instances = subnet
            .create_instances()
            .image_id(&image)
            .instance_type("t3.micro")
            .min_count(2)
            .max_count(2)
            .await?;
        launched.extend(instances.iter().map(|i| i.id().to_owned()));
        say(
            "launched",
            format!("{} instances of {image}", instances.len()),
        );
        for instance in &instances {
            instance.wait_until_running().delay(tour.poll()).await?;
        }
        say("running", launched.join(", "));

        let mut tag = Tag::default();
        tag.key = Some("tour".into());
        tag.value = Some(tour.run.clone());
        let tags = ec2
            .create_tags()
            .resources(launched.clone())
            .tags(vec![tag])
            .await?;
        say("tagged", format!("{} tags: tour={}", tags.len(), tour.run));

        let mut by_tag = Filter::default();
        by_tag.name = Some("tag:tour".into());
        by_tag.values = Some(vec![tour.run.clone()]);
        let mut in_vpc = vpc.instances().filter().filters(vec![by_tag]).stream();
        while let Some(instance) = in_vpc.try_next().await? {
            let state = instance
                .state()
                .await?
                .and_then(|s| s.name)
                .unwrap_or_default();
            let kind = instance.instance_type().await?.unwrap_or_default();
            let ip = instance.private_ip_address().await?.unwrap_or_default();
            say(
                "in the vpc",
                format!("{} {kind:<9} {state:<8} {ip}", instance.id()),
            );
        }
        Ok(())
    }
    .await;
    let cleaned: Result<(), Error> = async {
        for id in &launched {
            let instance = ec2.instance(id);
            instance.terminate().await?;
            instance.wait_until_terminated().delay(tour.poll()).await?;
        }
        if !launched.is_empty() {
            say("terminated", launched.join(", "));
        }
        subnet.delete().await?;
        vpc.delete().await?;
        say("deleted", format!("{} and {}", subnet.id(), vpc.id()));
        Ok(())
    }
    .await;
    worked.and(cleaned)
}

/// The newest Amazon Linux 2023 image for x86-64 (moto knows a few as well).
async fn latest_amazon_linux(ec2: &rboto::ec2::ServiceResource) -> Result<Option<String>, Error> {
    use rboto::ec2::types::Filter;

    let mut name = Filter::default();
    name.name = Some("name".into());
    name.values = Some(vec!["al2023-ami-2023.*-kernel-*-x86_64".into()]);
    let images: Vec<_> = ec2
        .images()
        .filter()
        .owners(["amazon"])
        .filters(vec![name])
        .stream()
        .try_collect()
        .await?;
    let mut newest = None;
    for image in images {
        let created = image.creation_date().await?.unwrap_or_default();
        if newest.as_ref().is_none_or(|(date, _)| created > *date) {
            newest = Some((created, image.id().to_owned()));
        }
    }
    Ok(newest.map(|(_, id)| id))
}

async fn sns_sqs(tour: &Tour) -> Result<(), Error> {
    let sns = rboto::sns::ServiceResource::new(&tour.session)?;
    let sqs = rboto::sqs::ServiceResource::new(&tour.session)?;
    let queue = sqs.create_queue().queue_name(tour.name("inbox")).await?;
    say("queue", queue.url());
    let topic = sns.create_topic().name(tour.name("news")).await?;
    say("topic", topic.arn());

    let worked: Result<(), Error> = async {
        let queue_arn = queue
            .attributes()
            .await?
            .and_then(|a| a.get("QueueArn").cloned())
            .unwrap_or_default();
        let policy = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": "sns.amazonaws.com" },
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": { "ArnEquals": { "aws:SourceArn": topic.arn() } }
            }]
        });
        queue
            .set_attributes()
            .attributes(HashMap::from([("Policy".to_owned(), policy.to_string())]))
            .await?;
        let subscription = topic
            .subscribe()
            .protocol("sqs")
            .endpoint(&queue_arn)
            .attributes(HashMap::from([(
                "RawMessageDelivery".to_owned(),
                "true".to_owned(),
            )]))
            .return_subscription_arn(true)
            .await?;
        say("subscribed", subscription.arn());

        for headline in ["rboto speaks nine services", "collections are streams"] {
            let sent = topic.publish().message(headline).await?;
            say(
                "published",
                format!("{headline:?} ({})", sent.message_id.unwrap_or_default()),
            );
        }
        let mut received = 0;
        let deadline = Instant::now() + Duration::from_secs(60);
        while received < 2 && Instant::now() < deadline {
            let messages = queue
                .receive_messages()
                .max_number_of_messages(10)
                .wait_time_seconds(5)
                .await?;
            for message in messages {
                say(
                    "received",
                    format!("{:?}", message.body().await?.unwrap_or_default()),
                );
                message.delete().await?;
                received += 1;
            }
        }
        subscription.delete().await?;
        Ok(())
    }
    .await;
    let cleaned: Result<(), Error> = async {
        topic.delete().await?;
        queue.delete().await?;
        say("deleted", "the topic and the queue");
        Ok(())
    }
    .await;
    worked.and(cleaned)
}

async fn iam(tour: &Tour) -> Result<(), Error> {
    let iam = rboto::iam::ServiceResource::new(&tour.session)?;
    let path = format!("/{}/", tour.run);
    let group = iam
        .create_group()
        .group_name(tour.name("readers"))
        .path(&path)
        .await?;
    say(
        "group",
        format!(
            "{} ({})",
            group.name(),
            group.arn().await?.unwrap_or_default()
        ),
    );

    let mut users = Vec::new();
    let worked: Result<(), Error> = async {
        for who in ["ada", "grace", "edsger"] {
            let user = iam
                .create_user()
                .user_name(tour.name(who))
                .path(&path)
                .await?;
            group.add_user().user_name(user.name()).await?;
            say("user", format!("{} joined {}", user.name(), group.name()));
            users.push(user);
        }
        let mut members = group.users().stream();
        while let Some(user) = members.try_next().await? {
            let created = user
                .create_date()
                .await?
                .map(|d| d.to_string())
                .unwrap_or_default();
            say("member", format!("{:<36} created {created}", user.name()));
        }
        let listed: Vec<_> = iam
            .users()
            .filter()
            .path_prefix(&path)
            .stream()
            .try_collect()
            .await?;
        say("users()", format!("{} users under {path}", listed.len()));
        Ok(())
    }
    .await;
    let cleaned: Result<(), Error> = async {
        for user in &users {
            group.remove_user().user_name(user.name()).await?;
            user.delete().await?;
        }
        group.delete().await?;
        say("deleted", format!("{} users and the group", users.len()));
        Ok(())
    }
    .await;
    worked.and(cleaned)
}

/// A stack of two resources: a queue and a topic.
const TEMPLATE: &str = r#"{
  "Resources": {
    "Jobs": { "Type": "AWS::SQS::Queue" },
    "Alerts": { "Type": "AWS::SNS::Topic" }
  }
}"#;

async fn cloudformation(tour: &Tour) -> Result<(), Error> {
    let cfn = rboto::cloudformation::ServiceResource::new(&tour.session)?;
    let stack = cfn
        .create_stack()
        .stack_name(tour.name("stack"))
        .template_body(TEMPLATE)
        .await?;
    say("create_stack", stack.name());

    let worked: Result<(), Error> = async {
        // Stacks have no resource waiter; the low-level client under the resource has botocore's.
        let client = cfn.meta().service().client().clone();
        client
            .waiter("StackCreateComplete")?
            .delay(tour.poll())
            .wait(json!({ "StackName": stack.name() }))
            .await?;
        stack.reload().await?;
        say("status", stack.stack_status().await?.unwrap_or_default());
        let mut resources = stack.resource_summaries().stream();
        while let Some(resource) = resources.try_next().await? {
            let kind = resource.resource_type().await?.unwrap_or_default();
            let physical = resource.physical_resource_id().await?.unwrap_or_default();
            say(
                "resource",
                format!("{:<8} {kind:<18} {physical}", resource.logical_id()),
            );
        }
        Ok(())
    }
    .await;
    let cleaned: Result<(), Error> = async {
        stack.delete().await?;
        say("deleted", stack.name());
        Ok(())
    }
    .await;
    worked.and(cleaned)
}

async fn cloudwatch(tour: &Tour) -> Result<(), Error> {
    use rboto::cloudwatch::types::MetricDatum;
    use std::time::SystemTime;

    let cw = rboto::cloudwatch::ServiceResource::new(&tour.session)?;
    let metric = cw.metric(tour.name("shop"), "CheckoutLatency");
    let mut data = Vec::new();
    for millis in [120.0, 95.0, 180.0, 140.0] {
        let mut datum = MetricDatum::default();
        datum.metric_name = Some(metric.name().to_owned());
        datum.value = Some(millis);
        datum.unit = Some("Milliseconds".into());
        data.push(datum);
    }
    metric.put_data().metric_data(data).await?;
    say(
        "put_data",
        format!(
            "{} {}: 120, 95, 180, 140 ms",
            metric.namespace(),
            metric.name()
        ),
    );

    let now = SystemTime::now();
    let stats = metric
        .get_statistics()
        .start_time(now - Duration::from_secs(3600))
        .end_time(now + Duration::from_secs(60))
        .period(3600)
        .statistics(["Average", "Maximum", "SampleCount"])
        .await?;
    for point in stats.datapoints.unwrap_or_default() {
        say(
            "statistics",
            format!(
                "{} samples, average {:.1} ms, maximum {:.0} ms",
                point.sample_count.unwrap_or_default(),
                point.average.unwrap_or_default(),
                point.maximum.unwrap_or_default()
            ),
        );
    }

    let alarm = metric
        .put_alarm()
        .alarm_name(tour.name("slow-checkout"))
        .statistic("Average")
        .period(60)
        .evaluation_periods(1)
        .threshold(150.0)
        .comparison_operator("GreaterThanThreshold")
        .await?;
    let worked: Result<(), Error> = async {
        let mut alarms = metric.alarms().stream();
        while let Some(alarm) = alarms.try_next().await? {
            let state = alarm.state_value().await?.unwrap_or_default();
            let threshold = alarm.threshold().await?.unwrap_or_default();
            say(
                "alarm",
                format!("{} > {threshold} ms, state {state}", alarm.name()),
            );
        }
        Ok(())
    }
    .await;
    let cleaned: Result<(), Error> = async {
        alarm.delete().await?;
        say("deleted", alarm.name());
        Ok(())
    }
    .await;
    worked.and(cleaned)
}

async fn glacier(tour: &Tour) -> Result<(), Error> {
    let glacier = rboto::glacier::ServiceResource::new(&tour.session)?;
    let vault = glacier
        .create_vault()
        .vault_name(tour.name("archive"))
        .await?;
    let worked: Result<(), Error> = async {
        vault.reload().await?;
        say("vault", vault.name());
        say("arn", vault.vault_arn().await?.unwrap_or_default());
        say("created", vault.creation_date().await?.unwrap_or_default());
        let vaults: Vec<_> = glacier.vaults().stream().try_collect().await?;
        let mine = vaults
            .iter()
            .filter(|v| v.name().starts_with(&tour.run))
            .count();
        say(
            "vaults()",
            format!("{mine} from this tour of {} listed", vaults.len()),
        );
        Ok(())
    }
    .await;
    let cleaned: Result<(), Error> = async {
        vault.delete().await?;
        say("deleted", vault.name());
        Ok(())
    }
    .await;
    worked.and(cleaned)
}
