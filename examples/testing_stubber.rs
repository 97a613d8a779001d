//! Unit-testing your own code with rboto's Stubber (`rboto = { features = ["testing"] }`):
//! the three examples of docs/testing.md, run as a program. No network and no emulator: every
//! call is answered by a stubber, and a call that was not expected fails.
//!
//! `cargo run --example testing_stubber`

use std::time::Duration;

use futures::TryStreamExt;
use rboto::dynamodb::{Item, Key, Table};
use rboto::testing::{Stubber, ANY};
use rboto::{json, Config, Credentials, Error, RetryMode, Session};
use serde::{Deserialize, Serialize};

// ---- The code under test -------------------------------------------------------------

/// The total size of the objects of `bucket` under `prefix`, every page of the listing.
async fn total_size(session: &Session, bucket: &str, prefix: &str) -> Result<i64, Error> {
    let s3 = rboto::s3::ServiceResource::new(session)?;
    let mut objects = s3.bucket(bucket).objects().filter().prefix(prefix).stream();
    let mut total = 0;
    while let Some(object) = objects.try_next().await? {
        total += object.size().await?.unwrap_or(0);
    }
    Ok(total)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Item)]
#[item(hash_key = "team", range_key = "name")]
struct Member {
    team: String,
    name: String,
    role: String,
}

/// A repository over a DynamoDB table: what an application's own code looks like.
struct Members {
    table: Table,
}

impl Members {
    fn new(session: &Session) -> Result<Self, Error> {
        let table = rboto::dynamodb::ServiceResource::new(session)?.table("members");
        Ok(Members { table })
    }

    async fn add(&self, member: &Member) -> Result<(), Error> {
        self.table.put(member).await?;
        Ok(())
    }

    async fn team(&self, team: &str) -> Result<Vec<Member>, Error> {
        self.table
            .query::<Member>()
            .key(Key::new("team").eq(team))
            .stream()
            .try_collect()
            .await
    }
}

// ---- The tests -------------------------------------------------------------------------

/// A session for tests: fixed credentials and region, and the stubbers attached. Its
/// endpoint is a port nothing listens on, so nothing reaches a network.
fn test_session(stubbers: &[&Stubber]) -> Session {
    let mut builder = Session::builder()
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:9")
        .credentials(Credentials::new("AKIDTEST", "test-secret", None))
        .config(
            Config::builder()
                .retry_mode(RetryMode::Standard)
                .max_attempts(3)
                .build(),
        );
    for stubber in stubbers {
        builder = stubber.attach_to_session(builder);
    }
    builder.build()
}

async fn sums_a_listing_of_three_pages() -> Result<(), Error> {
    let s3 = Stubber::new(rboto::models::s3::model());
    let page = |keys: &[(&str, i64)], truncated: bool| {
        let contents: Vec<_> = keys
            .iter()
            .map(|(key, size)| json!({"Key": key, "Size": size}))
            .collect();
        json!({"Contents": contents, "IsTruncated": truncated})
    };
    let listing = |marker: Option<&str>| {
        let mut params = json!({"Bucket": "logs", "Prefix": "2026/"});
        if let Some(marker) = marker {
            params["Marker"] = json!(marker);
        }
        Some(params)
    };
    s3.add_response(
        "ListObjects",
        page(&[("2026/a", 100), ("2026/b", 20)], true),
        listing(None),
    )?;
    s3.add_response(
        "ListObjects",
        page(&[("2026/c", 3)], true),
        listing(Some("2026/b")),
    )?;
    s3.add_response(
        "ListObjects",
        page(&[("2026/d", 4000)], false),
        listing(Some("2026/c")),
    )?;

    let total = total_size(&test_session(&[&s3]), "logs", "2026/").await?;
    assert_eq!(total, 4123);
    s3.assert_no_pending_responses();
    Ok(())
}

async fn a_repository_over_a_table() -> Result<(), Error> {
    let dynamodb = Stubber::new(rboto::models::dynamodb::model());
    let item = |name: &str, role: &str| json!({"team": {"S": "storage"}, "name": {"S": name}, "role": {"S": role}});
    dynamodb.add_response(
        "PutItem",
        json!({}),
        Some(json!({"TableName": "members", "Item": item("ada", "lead")})),
    )?;
    dynamodb.add_response(
        "Query",
        json!({"Items": [item("ada", "lead"), item("bob", "dev")], "Count": 2}),
        Some(json!({
            "TableName": "members",
            "KeyConditionExpression": ANY,
            "ExpressionAttributeNames": ANY,
            "ExpressionAttributeValues": {":v0": {"S": "storage"}}
        })),
    )?;

    let members = Members::new(&test_session(&[&dynamodb]))?;
    members
        .add(&Member {
            team: "storage".into(),
            name: "ada".into(),
            role: "lead".into(),
        })
        .await?;
    let team = members.team("storage").await?;
    assert_eq!(
        team.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["ada", "bob"]
    );
    dynamodb.assert_no_pending_responses();
    Ok(())
}

async fn throttled_then_answered() -> Result<(), Error> {
    let dynamodb = Stubber::new(rboto::models::dynamodb::model());
    let key = json!({"team": {"S": "storage"}, "name": {"S": "ada"}});
    let expected = Some(json!({"TableName": "members", "Key": key}));
    // The first attempt is throttled; the client's retry rules try again, and the second
    // attempt gets the item.
    dynamodb.add_client_error(
        "GetItem",
        "ThrottlingException",
        "Rate of requests exceeds the allowed throughput.",
        400,
        expected.clone(),
    )?;
    dynamodb.add_response(
        "GetItem",
        json!({"Item": {"team": {"S": "storage"}, "name": {"S": "ada"}, "role": {"S": "lead"}}}),
        expected.clone(),
    )?;
    let session = test_session(&[&dynamodb]);
    let table = rboto::dynamodb::ServiceResource::new(&session)?.table("members");
    let ada = table
        .get::<Member>(("storage".to_string(), "ada".to_string()))
        .await?;
    assert_eq!(ada.map(|m| m.role), Some("lead".to_string()));

    // Throttled on every attempt: the error the caller sees says so.
    for _ in 0..3 {
        dynamodb.add_client_error(
            "GetItem",
            "ThrottlingException",
            "slow down",
            400,
            expected.clone(),
        )?;
    }
    let err = table
        .get::<Member>(("storage".to_string(), "ada".to_string()))
        .await
        .unwrap_err();
    assert!(err.is_throttling(), "{err}");
    assert_eq!(err.attempts(), 3);
    dynamodb.assert_no_pending_responses();
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let started = std::time::Instant::now();
    sums_a_listing_of_three_pages().await?;
    a_repository_over_a_table().await?;
    throttled_then_answered().await?;
    assert!(started.elapsed() < Duration::from_secs(30));
    println!("testing_stubber: three stubbed tests passed, no request sent");
    Ok(())
}
