//! The generated resources behave as documented without any network: constructors,
//! identifiers, aliases, equality, Debug, subresources and builders. Requests are covered
//! by the end-to-end tests against moto.

#![cfg(all(feature = "s3", feature = "ec2", feature = "iam"))]

use std::collections::HashSet;

use rboto_runtime::{Credentials, Session};

fn session() -> Session {
    Session::builder()
        .credentials(Credentials::new("AKID", "SECRET", None))
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:9")
        .build()
}

#[test]
// Resources cache data behind a lock, which clippy sees as a mutable key; hashing and
// equality use the identifiers only, which never change.
#[allow(clippy::mutable_key_type)]
fn s3_resources_are_built_from_identifiers_without_requests() {
    let s3 = rboto_models::s3::ServiceResource::new(&session()).unwrap();
    let bucket = s3.bucket("logs");
    assert_eq!(bucket.name(), "logs");
    assert_eq!(format!("{bucket:?}"), r#"s3.Bucket(name="logs")"#);

    let object = bucket.object("2026/a.txt");
    assert_eq!(object.bucket_name(), "logs");
    assert_eq!(object.key(), "2026/a.txt");
    assert_eq!(object, s3.object("logs", "2026/a.txt"));
    assert_ne!(object, s3.object("logs", "other"));
    assert_eq!(
        format!("{object:?}"),
        r#"s3.Object(bucket_name="logs", key="2026/a.txt")"#
    );

    let part = s3.multipart_upload_part("logs", "k", "upload-1", 7);
    assert_eq!(part.part_number(), 7);
    let set: HashSet<_> = [s3.bucket("a"), s3.bucket("a"), s3.bucket("b")]
        .into_iter()
        .collect();
    assert_eq!(set.len(), 2);
}

#[test]
fn aliases_answer_from_identifiers() {
    let ec2 = rboto_models::ec2::ServiceResource::new(&session()).unwrap();
    let instance = ec2.instance("i-123");
    assert_eq!(instance.id(), "i-123");
    assert_eq!(instance.instance_id(), "i-123");
    assert_eq!(format!("{instance:?}"), r#"ec2.Instance(id="i-123")"#);
    let vpc = ec2.vpc("vpc-1");
    assert_eq!(vpc.vpc_id(), "vpc-1");
}

#[test]
fn builders_and_collections_are_lazy_values() {
    let s3 = rboto_models::s3::ServiceResource::new(&session()).unwrap();
    let bucket = s3.bucket("logs");
    // Building requests sends nothing: no server listens on the endpoint.
    let _delete = bucket.delete().expected_bucket_owner("123456789012");
    let objects = bucket
        .objects()
        .filter()
        .prefix("tmp/")
        .page_size(500)
        .limit(10);
    let _batch = objects.delete();
    let _waiter = bucket
        .wait_until_exists()
        .delay(std::time::Duration::from_millis(10))
        .max_attempts(2);
    let iam = rboto_models::iam::ServiceResource::new(&session()).unwrap();
    assert_eq!(
        format!("{:?}", iam.account_summary()),
        "iam.AccountSummary()"
    );
}
