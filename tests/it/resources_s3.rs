//! S3 resources end to end against moto: buckets and their waiters, every bucket
//! sub-resource (ACL, CORS, lifecycle, logging, notification, policy, request payment,
//! tagging, versioning, website), objects and object summaries (put, get, copy, restore,
//! delete, waiters, ACL), versions, multipart uploads and parts, the batch deletes and every
//! collection across pages. Every item exercised is recorded for `docs/resource-coverage.md`.

use crate::common;

use std::time::Duration;

use common::coverage::Coverage;
use common::{must, session, unique};
use rboto::runtime::resource::typed::Blob;
use rboto::s3::types::{
    BucketLifecycleConfiguration, BucketLoggingStatus, CORSConfiguration, CORSRule,
    CompletedMultipartUpload, CompletedPart, Delete, IndexDocument, LifecycleConfiguration,
    LifecycleExpiration, LifecycleRule, LifecycleRuleFilter, LoggingEnabled,
    NotificationConfiguration, ObjectIdentifier, RequestPaymentConfiguration, RestoreRequest, Rule,
    Tag, Tagging, TopicConfiguration, VersioningConfiguration, WebsiteConfiguration,
};
use rboto::s3::{Bucket, ServiceResource};
use serde_json::json;

fn s3() -> ServiceResource {
    must("s3 service resource", ServiceResource::new(&session()))
}

fn body(text: &str) -> Blob {
    Blob::from(text.as_bytes().to_vec())
}

async fn new_bucket(cov: &Coverage, s3: &ServiceResource) -> Bucket {
    let bucket = must(
        "CreateBucket",
        s3.create_bucket().bucket(unique("resb")).send().await,
    );
    cov.action(s3.meta(), "CreateBucket");
    bucket
}

const FAST: Duration = Duration::from_millis(100);

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn bucket_and_its_configuration() {
    let cov = Coverage::new("s3");
    let s3 = s3();
    let bucket = s3.bucket(unique("resbc"));
    cov.constructed(bucket.meta());
    must("Bucket.Create", bucket.create().send().await);
    cov.action(bucket.meta(), "Create");
    must(
        "wait_until_exists",
        bucket.wait_until_exists().delay(FAST).await,
    );
    cov.waiter(bucket.meta(), "Exists");
    must("Bucket.load", bucket.reload().await);
    cov.load(bucket.meta());
    assert!(must("creation_date", bucket.creation_date().await).is_some());

    let acl = bucket.acl();
    cov.constructed(acl.meta());
    must("BucketAcl.load", acl.reload().await);
    cov.load(acl.meta());
    assert!(must("owner", acl.owner().await).is_some());
    must("PutBucketAcl", acl.put().acl("public-read").send().await);
    cov.action(acl.meta(), "Put");
    assert_eq!(acl.bucket(), bucket);

    let cors = bucket.cors();
    cov.constructed(cors.meta());
    must(
        "PutBucketCors",
        cors.put()
            .cors_configuration(build!(CORSConfiguration {
                cors_rules: vec![build!(CORSRule {
                    allowed_methods: vec!["GET".to_owned()],
                    allowed_origins: vec!["*".to_owned()],
                })],
            }))
            .send()
            .await,
    );
    cov.action(cors.meta(), "Put");
    must("BucketCors.load", cors.reload().await);
    cov.load(cors.meta());
    assert_eq!(
        must("cors_rules", cors.cors_rules().await).unwrap().len(),
        1
    );
    must("DeleteBucketCors", cors.delete().send().await);
    cov.action(cors.meta(), "Delete");

    let rule = build!(BucketLifecycleConfiguration {
        rules: vec![build!(LifecycleRule {
            id: "expire",
            status: "Enabled",
            filter: build!(LifecycleRuleFilter { prefix: "tmp/" }),
            expiration: build!(LifecycleExpiration { days: 3 }),
        })],
    });
    let lifecycle_configuration = bucket.lifecycle_configuration();
    cov.constructed(lifecycle_configuration.meta());
    must(
        "PutBucketLifecycleConfiguration",
        lifecycle_configuration
            .put()
            .lifecycle_configuration(rule.clone())
            .send()
            .await,
    );
    cov.action(lifecycle_configuration.meta(), "Put");
    must(
        "BucketLifecycleConfiguration.load",
        lifecycle_configuration.reload().await,
    );
    cov.load(lifecycle_configuration.meta());
    assert_eq!(
        must("rules", lifecycle_configuration.rules().await)
            .unwrap()
            .len(),
        1
    );
    must(
        "DeleteBucketLifecycle",
        lifecycle_configuration.delete().send().await,
    );
    cov.action(lifecycle_configuration.meta(), "Delete");

    let lifecycle = bucket.lifecycle();
    cov.constructed(lifecycle.meta());
    must(
        "PutBucketLifecycle",
        lifecycle
            .put()
            .lifecycle_configuration(build!(LifecycleConfiguration {
                rules: vec![build!(Rule {
                    id: "old",
                    status: "Enabled",
                    prefix: "old/",
                    expiration: build!(LifecycleExpiration { days: 5 }),
                })],
            }))
            .send()
            .await,
    );
    cov.action(lifecycle.meta(), "Put");
    must("BucketLifecycle.load", lifecycle.reload().await);
    cov.load(lifecycle.meta());
    assert_eq!(must("rules", lifecycle.rules().await).unwrap().len(), 1);
    must("DeleteBucketLifecycle", lifecycle.delete().send().await);
    cov.action(lifecycle.meta(), "Delete");

    let target = new_bucket(&cov, &s3).await;
    must(
        "PutBucketAcl",
        target.acl().put().acl("log-delivery-write").send().await,
    );
    cov.action(target.acl().meta(), "Put");
    let logging = bucket.logging();
    cov.constructed(logging.meta());
    must(
        "PutBucketLogging",
        logging
            .put()
            .bucket_logging_status(build!(BucketLoggingStatus {
                logging_enabled: build!(LoggingEnabled {
                    target_bucket: target.name(),
                    target_prefix: "logs/",
                }),
            }))
            .send()
            .await,
    );
    cov.action(logging.meta(), "Put");
    must("BucketLogging.load", logging.reload().await);
    cov.load(logging.meta());
    assert!(must("logging_enabled", logging.logging_enabled().await).is_some());

    let notification = bucket.notification();
    cov.constructed(notification.meta());
    must(
        "PutBucketNotificationConfiguration",
        notification
            .put()
            .notification_configuration(build!(NotificationConfiguration {
                topic_configurations: vec![build!(TopicConfiguration {
                    topic_arn: "arn:aws:sns:us-east-1:123456789012:events",
                    events: vec!["s3:ObjectCreated:*".to_owned()],
                })],
            }))
            .send()
            .await,
    );
    cov.action(notification.meta(), "Put");
    must("BucketNotification.load", notification.reload().await);
    cov.load(notification.meta());
    assert_eq!(
        must("topics", notification.topic_configurations().await)
            .unwrap_or_default()
            .len(),
        1
    );

    let policy = bucket.policy();
    cov.constructed(policy.meta());
    let document = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": format!("arn:aws:s3:::{}/*", bucket.name())
    }]})
    .to_string();
    must(
        "PutBucketPolicy",
        policy.put().policy(&document).send().await,
    );
    cov.action(policy.meta(), "Put");
    must("BucketPolicy.load", policy.reload().await);
    cov.load(policy.meta());
    assert!(must("policy", policy.policy().await)
        .unwrap()
        .contains("s3:GetObject"));
    must("DeleteBucketPolicy", policy.delete().send().await);
    cov.action(policy.meta(), "Delete");

    let payment = bucket.request_payment();
    cov.constructed(payment.meta());
    must(
        "PutBucketRequestPayment",
        payment
            .put()
            .request_payment_configuration(build!(RequestPaymentConfiguration {
                payer: "Requester"
            }))
            .send()
            .await,
    );
    must("BucketRequestPayment.load", payment.reload().await);
    assert_eq!(
        must("payer", payment.payer().await),
        None,
        "moto now answers GetBucketRequestPayment: mark the load and Put instead"
    );
    let reason = "moto has no request-payment support: it answers GET ?requestPayment with a ListObjects result (no Payer), so what PutBucketRequestPayment sent cannot be read back";
    cov.skip("BucketRequestPayment", "load", "load", reason);
    cov.skip("BucketRequestPayment", "action", "Put", reason);

    let tagging = bucket.tagging();
    cov.constructed(tagging.meta());
    must(
        "PutBucketTagging",
        tagging
            .put()
            .tagging(build!(Tagging {
                tag_set: vec![build!(Tag {
                    key: "team",
                    value: "rboto"
                })],
            }))
            .send()
            .await,
    );
    cov.action(tagging.meta(), "Put");
    must("BucketTagging.load", tagging.reload().await);
    cov.load(tagging.meta());
    assert_eq!(must("tag_set", tagging.tag_set().await).unwrap().len(), 1);
    must("DeleteBucketTagging", tagging.delete().send().await);
    cov.action(tagging.meta(), "Delete");

    let website = bucket.website();
    cov.constructed(website.meta());
    must(
        "PutBucketWebsite",
        website
            .put()
            .website_configuration(build!(WebsiteConfiguration {
                index_document: build!(IndexDocument {
                    suffix: "index.html"
                }),
            }))
            .send()
            .await,
    );
    cov.action(website.meta(), "Put");
    must("BucketWebsite.load", website.reload().await);
    cov.load(website.meta());
    assert!(must("index_document", website.index_document().await).is_some());
    must("DeleteBucketWebsite", website.delete().send().await);
    cov.action(website.meta(), "Delete");

    let versioning = bucket.versioning();
    cov.constructed(versioning.meta());
    must("BucketVersioning.Enable", versioning.enable().send().await);
    cov.action(versioning.meta(), "Enable");
    must("BucketVersioning.load", versioning.reload().await);
    cov.load(versioning.meta());
    assert_eq!(
        must("status", versioning.status().await).as_deref(),
        Some("Enabled")
    );
    must(
        "BucketVersioning.Suspend",
        versioning.suspend().send().await,
    );
    cov.action(versioning.meta(), "Suspend");
    must(
        "BucketVersioning.Put",
        versioning
            .put()
            .versioning_configuration(build!(VersioningConfiguration { status: "Enabled" }))
            .send()
            .await,
    );
    cov.action(versioning.meta(), "Put");
    assert_eq!(versioning.bucket(), bucket);
    for sub in [
        cors.bucket(),
        lifecycle.bucket(),
        lifecycle_configuration.bucket(),
        logging.bucket(),
        notification.bucket(),
        policy.bucket(),
        payment.bucket(),
        tagging.bucket(),
        website.bucket(),
    ] {
        assert_eq!(sub, bucket);
    }

    for b in [&bucket, &target] {
        // moto writes access logs into the target bucket.
        must(
            "empty the bucket",
            b.object_versions().delete().send().await,
        );
        must("DeleteBucket", b.delete().send().await);
        cov.action(b.meta(), "Delete");
        must(
            "wait_until_not_exists",
            b.wait_until_not_exists().delay(FAST).await,
        );
        cov.waiter(b.meta(), "NotExists");
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn objects_summaries_and_versions() {
    let cov = Coverage::new("s3");
    let s3 = s3();
    let bucket = new_bucket(&cov, &s3).await;

    let object = must(
        "Bucket.PutObject",
        bucket
            .put_object()
            .key("a.txt")
            .body(body("hello"))
            .content_type("text/plain")
            .send()
            .await,
    );
    cov.action(bucket.meta(), "PutObject");
    cov.constructed(object.meta());
    must(
        "wait_until_exists",
        object.wait_until_exists().delay(FAST).await,
    );
    cov.waiter(object.meta(), "Exists");
    must("Object.load", object.reload().await);
    cov.load(object.meta());
    assert_eq!(
        must("content_length", object.content_length().await),
        Some(5)
    );
    assert_eq!(object.bucket(), bucket);

    let got = must("GetObject", object.get().send().await);
    cov.action(object.meta(), "Get");
    assert_eq!(got.content_length, Some(5));
    must(
        "Object.Put",
        object.put().body(body("hello again")).send().await,
    );
    cov.action(object.meta(), "Put");

    let copy = bucket.object("b.txt");
    must(
        "CopyObject",
        copy.copy_from()
            .copy_source(format!("{}/a.txt", bucket.name()))
            .send()
            .await,
    );
    cov.action(copy.meta(), "CopyFrom");
    assert_eq!(
        must("content_length", copy.content_length().await),
        Some(11)
    );

    let acl = object.acl();
    cov.constructed(acl.meta());
    must("ObjectAcl.load", acl.reload().await);
    cov.load(acl.meta());
    assert!(must("owner", acl.owner().await).is_some());
    must("PutObjectAcl", acl.put().acl("public-read").send().await);
    cov.action(acl.meta(), "Put");
    assert_eq!(acl.object(), object);

    let cold = bucket.object("cold.txt");
    must(
        "PutObject",
        cold.put()
            .body(body("frozen"))
            .storage_class("GLACIER")
            .send()
            .await,
    );
    cov.action(cold.meta(), "Put");
    must(
        "RestoreObject",
        cold.restore_object()
            .restore_request(build!(RestoreRequest { days: 1 }))
            .send()
            .await,
    );
    cov.action(cold.meta(), "RestoreObject");

    let summary = s3.object_summary(bucket.name(), "summary.txt");
    cov.constructed(summary.meta());
    must(
        "ObjectSummary.Put",
        summary.put().body(body("sum")).send().await,
    );
    cov.action(summary.meta(), "Put");
    must(
        "ObjectSummary.wait_until_exists",
        summary.wait_until_exists().delay(FAST).await,
    );
    cov.waiter(summary.meta(), "Exists");
    must("ObjectSummary.load", summary.reload().await);
    cov.load(summary.meta());
    assert_eq!(must("size", summary.size().await), Some(3));
    let got = must("ObjectSummary.Get", summary.get().send().await);
    cov.action(summary.meta(), "Get");
    assert_eq!(got.content_length, Some(3));
    let summary_copy = s3.object_summary(bucket.name(), "summary-copy.txt");
    must(
        "ObjectSummary.CopyFrom",
        summary_copy
            .copy_from()
            .copy_source(format!("{}/summary.txt", bucket.name()))
            .send()
            .await,
    );
    cov.action(summary_copy.meta(), "CopyFrom");
    let cold_summary = s3.object_summary(bucket.name(), "cold-summary.txt");
    must(
        "ObjectSummary.Put",
        cold_summary
            .put()
            .body(body("ice"))
            .storage_class("GLACIER")
            .send()
            .await,
    );
    cov.action(cold_summary.meta(), "Put");
    must(
        "ObjectSummary.RestoreObject",
        cold_summary
            .restore_object()
            .restore_request(build!(RestoreRequest { days: 1 }))
            .send()
            .await,
    );
    cov.action(cold_summary.meta(), "RestoreObject");
    assert_eq!(summary.object(), s3.object(bucket.name(), "summary.txt"));
    assert_eq!(summary.bucket(), bucket);
    cov.constructed(summary.acl().meta());
    must("ObjectSummary.Delete", summary_copy.delete().send().await);
    cov.action(summary_copy.meta(), "Delete");
    must(
        "ObjectSummary.wait_until_not_exists",
        summary_copy.wait_until_not_exists().delay(FAST).await,
    );
    cov.waiter(summary_copy.meta(), "NotExists");

    must("DeleteObject", copy.delete().send().await);
    cov.action(copy.meta(), "Delete");
    must(
        "wait_until_not_exists",
        copy.wait_until_not_exists().delay(FAST).await,
    );
    cov.waiter(copy.meta(), "NotExists");

    let deleted = must(
        "DeleteObjects",
        bucket
            .delete_objects()
            .delete(build!(Delete {
                objects: vec![
                    build!(ObjectIdentifier { key: "cold.txt" }),
                    build!(ObjectIdentifier {
                        key: "cold-summary.txt"
                    }),
                ],
            }))
            .send()
            .await,
    );
    cov.action(bucket.meta(), "DeleteObjects");
    assert_eq!(deleted.deleted.map(|d| d.len()), Some(2));

    for i in 0..5 {
        must(
            "PutObject",
            bucket
                .object(format!("many/{i}"))
                .put()
                .body(body("x"))
                .send()
                .await,
        );
    }
    let (pages, requests) = iterate!(cov, bucket.objects().filter().prefix("many/").page_size(2));
    let keys: Vec<_> = pages.iter().flatten().map(|o| o.key().to_owned()).collect();
    assert_eq!(keys.len(), 5);
    assert!(requests >= 3, "ListObjects at 2 a page: {requests}");
    let first = &pages[0][0];
    cov.constructed(first.meta());
    assert_eq!(
        must("size", first.size().await),
        Some(1),
        "hydrated from the listing"
    );

    let batch = bucket.objects().filter().prefix("many/").page_size(2);
    let responses = must("batch DeleteObjects", batch.delete().send().await);
    cov.batch_action(batch.meta(), "Delete");
    assert!(
        responses.len() >= 2,
        "one DeleteObjects a page: {}",
        responses.len()
    );
    let (pages, _) = iterate!(cov, bucket.objects().filter().prefix("many/"));
    assert!(pages.concat().is_empty());

    must(
        "BucketVersioning.Enable",
        bucket.versioning().enable().send().await,
    );
    let versioned = bucket.object("v.txt");
    for text in ["one", "two", "three"] {
        must("PutObject", versioned.put().body(body(text)).send().await);
        cov.action(versioned.meta(), "Put");
    }
    let (pages, requests) = iterate!(
        cov,
        bucket
            .object_versions()
            .filter()
            .prefix("v.txt")
            .page_size(1)
    );
    let versions: Vec<_> = pages.into_iter().flatten().collect();
    assert_eq!(versions.len(), 3);
    assert!(requests >= 2, "ListObjectVersions: {requests}");
    let version = &versions[2];
    cov.constructed(version.meta());
    assert_eq!(version.object(), versioned);
    assert_eq!(versioned.version(version.id()), version.clone());
    let head = must("ObjectVersion.Head", version.head().send().await);
    cov.action(version.meta(), "Head");
    assert_eq!(head.version_id.as_deref(), Some(version.id()));
    let got = must("ObjectVersion.Get", version.get().send().await);
    cov.action(version.meta(), "Get");
    assert_eq!(got.version_id.as_deref(), Some(version.id()));
    must("ObjectVersion.Delete", version.delete().send().await);
    cov.action(version.meta(), "Delete");

    let everything = bucket.object_versions().page_size(2);
    let responses = must("batch DeleteObjects", everything.delete().send().await);
    cov.batch_action(everything.meta(), "Delete");
    assert!(!responses.is_empty());

    let (pages, _) = iterate!(cov, bucket.objects());
    for object in pages.concat() {
        must("DeleteObject", object.delete().send().await);
        cov.action(object.meta(), "Delete");
    }
    let (pages, _) = iterate!(cov, bucket.object_versions());
    for version in pages.concat() {
        must("DeleteObject version", version.delete().send().await);
        cov.action(version.meta(), "Delete");
    }
    must("DeleteBucket", bucket.delete().send().await);
    cov.action(bucket.meta(), "Delete");
    cov.skip(
        "Object",
        "batch_action",
        "Delete",
        "no collection yields Object resources (collections yield ObjectSummary and ObjectVersion; boto3's definition is the same), so the batch action cannot be reached",
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn multipart_uploads_and_parts() {
    let cov = Coverage::new("s3");
    let s3 = s3();
    let bucket = new_bucket(&cov, &s3).await;
    let source = bucket.object("source.bin");
    must(
        "PutObject",
        source
            .put()
            .body(Blob::from(vec![7u8; 5 * 1024 * 1024]))
            .send()
            .await,
    );
    cov.action(source.meta(), "Put");

    let object = bucket.object("big.bin");
    let upload = must(
        "CreateMultipartUpload",
        object.initiate_multipart_upload().send().await,
    );
    cov.action(object.meta(), "InitiateMultipartUpload");
    cov.constructed(upload.meta());
    assert_eq!(upload.object(), object);
    let part1 = upload.part(1);
    cov.constructed(part1.meta());
    let uploaded = must(
        "UploadPart",
        part1
            .upload()
            .body(Blob::from(vec![1u8; 5 * 1024 * 1024]))
            .send()
            .await,
    );
    cov.action(part1.meta(), "Upload");
    let part2 = upload.part(2);
    let copied = must(
        "UploadPartCopy",
        part2
            .copy_from()
            .copy_source(format!("{}/source.bin", bucket.name()))
            .send()
            .await,
    );
    cov.action(part2.meta(), "CopyFrom");
    assert_eq!(part2.multipart_upload(), upload);
    let part3 = upload.part(3);
    must("UploadPart", part3.upload().body(body("tail")).send().await);
    cov.action(part3.meta(), "Upload");

    let (pages, requests) = iterate!(cov, upload.parts().page_size(1));
    let parts: Vec<_> = pages.into_iter().flatten().collect();
    assert_eq!(parts.len(), 3);
    assert!(requests >= 2, "ListParts: {requests}");
    assert_eq!(must("size", parts[2].size().await), Some(4));

    let second = must(
        "CreateMultipartUpload",
        bucket
            .object("abandoned.bin")
            .initiate_multipart_upload()
            .send()
            .await,
    );
    cov.action(
        bucket.object("abandoned.bin").meta(),
        "InitiateMultipartUpload",
    );
    let summary = s3.object_summary(bucket.name(), "abandoned-2.bin");
    let third = must(
        "ObjectSummary.InitiateMultipartUpload",
        summary.initiate_multipart_upload().send().await,
    );
    cov.action(summary.meta(), "InitiateMultipartUpload");
    let uploads = iterate_paged!(cov, bucket.multipart_uploads(), 1);
    assert_eq!(uploads.len(), 3);
    must("AbortMultipartUpload", second.abort().send().await);
    cov.action(second.meta(), "Abort");
    must("AbortMultipartUpload", third.abort().send().await);
    cov.action(third.meta(), "Abort");

    let completed = must(
        "CompleteMultipartUpload",
        upload
            .complete()
            .multipart_upload(build!(CompletedMultipartUpload {
                parts: vec![
                    build!(CompletedPart {
                        part_number: 1,
                        e_tag: uploaded.e_tag.expect("an ETag"),
                    }),
                    build!(CompletedPart {
                        part_number: 2,
                        e_tag: copied
                            .copy_part_result
                            .and_then(|r| r.e_tag)
                            .expect("an ETag"),
                    }),
                    build!(CompletedPart {
                        part_number: 3,
                        e_tag: must("e_tag", parts[2].e_tag().await).expect("an ETag"),
                    }),
                ],
            }))
            .send()
            .await,
    );
    cov.action(upload.meta(), "Complete");
    assert_eq!(completed, object);
    assert_eq!(
        must("content_length", object.content_length().await),
        Some(10 * 1024 * 1024 + 4)
    );

    for key in ["source.bin", "big.bin"] {
        let o = bucket.object(key);
        must("DeleteObject", o.delete().send().await);
        cov.action(o.meta(), "Delete");
    }
    must("DeleteBucket", bucket.delete().send().await);
    cov.action(bucket.meta(), "Delete");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn buckets_across_pages() {
    let cov = Coverage::new("s3");
    let s3 = s3();
    let mut buckets = Vec::new();
    for _ in 0..3 {
        buckets.push(new_bucket(&cov, &s3).await);
    }
    let (pages, requests) = iterate!(cov, s3.buckets().page_size(2));
    assert_eq!(pages.concat().len(), 2);
    assert_eq!(requests, 1);
    cov.note(
        s3.buckets().meta(),
        "moto honours MaxBuckets but sends no ContinuationToken, so a listing at a page size stops after its first page; iterated whole instead",
    );
    let (pages, _) = iterate!(cov, s3.buckets());
    let all: Vec<_> = pages.into_iter().flatten().collect();
    assert!(buckets.iter().all(|b| all.contains(b)));
    for bucket in &buckets {
        must("DeleteBucket", bucket.delete().send().await);
        cov.action(bucket.meta(), "Delete");
    }
}
