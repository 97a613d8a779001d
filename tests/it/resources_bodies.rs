//! Every resource action whose operation has a streaming output returns the payload as an
//! unread `ByteStream` next to the rest of the typed output, against moto: `Object.get`,
//! `ObjectSummary.get`, `ObjectVersion.get` and Glacier's `Job.get_output`.

use crate::common;

use std::time::Duration;

use common::{must, session, unique};
use futures::StreamExt;
use rboto::glacier::types::JobParameters;
use rboto::runtime::resource::typed::Blob;
use rboto::s3::{Bucket, ServiceResource};

fn s3() -> ServiceResource {
    must("s3 service resource", ServiceResource::new(&session()))
}

async fn bucket_with(key: &str, text: &str) -> Bucket {
    let bucket = must(
        "CreateBucket",
        s3().create_bucket().bucket(unique("rbodies")).send().await,
    );
    must(
        "Object.put",
        bucket
            .object(key)
            .put()
            .body(Blob::from(text.as_bytes().to_vec()))
            .send()
            .await,
    );
    bucket
}

async fn text(body: rboto::ByteStream) -> String {
    let bytes = must("read the body", body.collect().await);
    String::from_utf8(bytes.to_vec()).expect("UTF-8 body")
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn object_get_returns_the_body_and_the_typed_output() {
    let bucket = bucket_with("greeting.txt", "hello, body").await;
    let got = must("Object.get", bucket.object("greeting.txt").get().await);
    assert_eq!(got.content_length, Some(11));
    assert!(got.e_tag.is_some(), "{got:?}");
    assert_eq!(got.body.content_length(), Some(11));
    assert_eq!(text(got.body).await, "hello, body");

    let ranged = must(
        "Object.get with a range",
        bucket
            .object("greeting.txt")
            .get()
            .range("bytes=7-10")
            .await,
    );
    assert_eq!(ranged.content_length, Some(4));
    assert_eq!(text(ranged.body).await, "body");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn object_summary_get_returns_the_body() {
    let bucket = bucket_with("summary.txt", "from a listing").await;
    let summaries: Vec<_> = bucket
        .objects()
        .stream()
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(|s| must("ListObjects", s))
        .collect();
    assert_eq!(summaries.len(), 1);
    let got = must("ObjectSummary.get", summaries[0].get().await);
    assert_eq!(got.content_length, Some(14));
    assert_eq!(text(got.body).await, "from a listing");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn object_version_get_returns_that_versions_body() {
    let bucket = bucket_with("unrelated.txt", "-").await;
    must(
        "BucketVersioning.enable",
        bucket.versioning().enable().send().await,
    );
    let object = bucket.object("v.txt");
    let mut ids = Vec::new();
    for text in ["first", "second"] {
        let put = must(
            "Object.put",
            object
                .put()
                .body(Blob::from(text.as_bytes().to_vec()))
                .await,
        );
        ids.push(put.version_id.expect("a versioned put names its version"));
    }
    let first = object.version(&ids[0]);
    let got = must("ObjectVersion.get", first.get().await);
    assert_eq!(got.version_id.as_deref(), Some(ids[0].as_str()));
    assert_eq!(text(got.body).await, "first");
    let second = must("ObjectVersion.get", object.version(&ids[1]).get().await);
    assert_eq!(text(second.body).await, "second");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn glacier_job_get_output_returns_the_archive() {
    let glacier = must(
        "glacier service resource",
        rboto::glacier::ServiceResource::new(&session()),
    );
    let vault = must(
        "CreateVault",
        glacier.create_vault().vault_name(unique("rbodies")).await,
    );
    let archive = must(
        "UploadArchive",
        vault
            .upload_archive()
            .body(Blob::from(b"frozen bytes".to_vec()))
            .await,
    );
    let mut parameters = JobParameters::default();
    parameters.tier = Some("Expedited".into());
    let job = must(
        "InitiateJob",
        archive
            .initiate_archive_retrieval()
            .job_parameters(parameters)
            .await,
    );
    // moto finishes a retrieval job a few seconds after it starts.
    let mut status = None;
    for _ in 0..40 {
        must("Job.reload", job.reload().await);
        status = must("status_code", job.status_code().await);
        if status.as_deref() == Some("Succeeded") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(status.as_deref(), Some("Succeeded"));
    let output = must("Job.get_output", job.get_output().await);
    assert_eq!(output.status, Some(200));
    assert_eq!(text(output.body).await, "frozen bytes");
}
