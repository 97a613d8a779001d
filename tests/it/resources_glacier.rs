//! Glacier resources end to end against moto: vaults created through the service and an
//! account, loaded and deleted; archives uploaded, retrieved through jobs and deleted; job
//! output; the job and vault collections. Every item exercised is recorded for
//! `docs/resource-coverage.md`.

use crate::common;

use std::time::Duration;

use common::coverage::Coverage;
use common::{must, session, unique};
use rboto::glacier::types::{JobParameters, VaultNotificationConfig};
use rboto::glacier::ServiceResource;
use rboto::runtime::resource::typed::Blob;

fn glacier() -> ServiceResource {
    must("glacier service resource", ServiceResource::new(&session()))
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn vaults_archives_and_jobs() {
    let cov = Coverage::new("glacier");
    let glacier = glacier();
    let vault = must(
        "CreateVault",
        glacier
            .create_vault()
            .vault_name(unique("resvault"))
            .send()
            .await,
    );
    cov.action(glacier.meta(), "CreateVault");
    cov.constructed(vault.meta());
    assert_eq!(vault.account_id(), "-");
    must("Vault.load", vault.reload().await);
    cov.load(vault.meta());
    assert!(must("vault_arn", vault.vault_arn().await).is_some());

    let account = glacier.account("-");
    cov.constructed(account.meta());
    assert_eq!(vault.account(), account);
    let second = must(
        "Account.CreateVault",
        account
            .create_vault()
            .vault_name(unique("resvault"))
            .send()
            .await,
    );
    cov.action(account.meta(), "CreateVault");
    let third = account.vault(unique("resvault"));
    must("Vault.Create", third.create().send().await);
    cov.action(third.meta(), "Create");

    let archive = must(
        "UploadArchive",
        vault
            .upload_archive()
            .body(Blob::from(b"frozen bytes".to_vec()))
            .archive_description("test archive")
            .send()
            .await,
    );
    cov.action(vault.meta(), "UploadArchive");
    cov.constructed(archive.meta());
    assert_eq!(archive.vault(), vault);

    // The caller's jobParameters merge with the Type and ArchiveId the definition fills.
    let retrieval = must(
        "InitiateJob (archive)",
        archive
            .initiate_archive_retrieval()
            .job_parameters(build!(JobParameters {
                tier: "Standard",
                description: "rboto retrieval",
            }))
            .send()
            .await,
    );
    cov.action(archive.meta(), "InitiateArchiveRetrieval");
    cov.constructed(retrieval.meta());
    assert_eq!(retrieval.vault(), vault);
    let inventory = must(
        "InitiateJob (inventory)",
        vault
            .initiate_inventory_retrieval()
            .job_parameters(build!(JobParameters {
                r#type: "inventory-retrieval",
                tier: "Expedited",
            }))
            .send()
            .await,
    );
    cov.action(vault.meta(), "InitiateInventoryRetrieval");
    assert_eq!(vault.job(inventory.id()), inventory);

    // The definition fills jobParameters (Type, ArchiveId); moto finishes a Standard-tier job
    // after five seconds.
    let mut status = None;
    for _ in 0..30 {
        must("Job.load", retrieval.reload().await);
        cov.load(retrieval.meta());
        status = must("status_code", retrieval.status_code().await);
        if status.as_deref() == Some("Succeeded") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(status.as_deref(), Some("Succeeded"));
    assert_eq!(
        must("Job.action", retrieval.action().await).as_deref(),
        Some("ArchiveRetrieval")
    );
    assert_eq!(
        must("Job.archive_id", retrieval.archive_id().await).as_deref(),
        Some(archive.id())
    );
    let output = must("GetJobOutput", retrieval.get_output().send().await);
    cov.action(retrieval.meta(), "GetOutput");
    assert_eq!(output.status, Some(200));

    for (name, collection) in [
        ("Jobs", vault.jobs().meta().clone()),
        ("CompletedJobs", vault.completed_jobs().meta().clone()),
        ("SucceededJobs", vault.succeeded_jobs().meta().clone()),
        ("JobsInProgress", vault.jobs_in_progress().meta().clone()),
        ("FailedJobs", vault.failed_jobs().meta().clone()),
    ] {
        let collection = collection.page_size(1);
        let pages = common::all_pages(collection.pages()).await;
        let requests = cov.collection(&collection, pages.len());
        let items = pages.concat();
        assert!(items.len() <= 2, "{name}: {items:?}");
        cov.paged(&collection, 1, items.len(), requests);
    }
    let jobs = iterate_paged!(cov, vault.jobs(), 1);
    assert_eq!(jobs.len(), 2);

    cov.moto_fails(
        "Vault",
        "action",
        "InitiateMultipartUpload",
        vault
            .initiate_multipart_upload()
            .part_size("1048576")
            .send()
            .await,
    );
    for (name, collection) in [
        ("MultipartUploads", vault.multipart_uploads().meta().clone()),
        ("MultipartUplaods", vault.multipart_uplaods().meta().clone()),
    ] {
        let pages: Result<Vec<_>, _> = futures::TryStreamExt::try_collect(collection.pages()).await;
        cov.moto_fails("Vault", "collection", name, pages);
    }
    let upload = vault.multipart_upload("no-such-upload");
    cov.constructed(upload.meta());
    assert_eq!(upload.vault(), vault);
    cov.moto_fails(
        "MultipartUpload",
        "action",
        "Abort",
        upload.abort().send().await,
    );
    cov.moto_fails(
        "MultipartUpload",
        "action",
        "Complete",
        upload
            .complete()
            .archive_size("1")
            .checksum("00")
            .send()
            .await,
    );
    cov.moto_fails(
        "MultipartUpload",
        "action",
        "Parts",
        upload.parts().send().await,
    );
    cov.moto_fails(
        "MultipartUpload",
        "action",
        "UploadPart",
        upload
            .upload_part()
            .range("bytes 0-0/*")
            .body(Blob::from(vec![1u8]))
            .send()
            .await,
    );
    let notification = vault.notification();
    cov.constructed(notification.meta());
    assert_eq!(notification.vault(), vault);
    cov.moto_fails(
        "Notification",
        "action",
        "Set",
        notification
            .set()
            .vault_notification_config(build!(VaultNotificationConfig {
                sns_topic: "arn:aws:sns:us-east-1:123456789012:glacier",
                events: vec!["ArchiveRetrievalCompleted".to_owned()],
            }))
            .send()
            .await,
    );
    cov.moto_fails("Notification", "load", "load", notification.reload().await);
    cov.moto_fails(
        "Notification",
        "action",
        "Delete",
        notification.delete().send().await,
    );

    must("DeleteArchive", archive.delete().send().await);
    cov.action(archive.meta(), "Delete");

    let vaults = iterate_paged!(cov, glacier.vaults(), 1);
    assert!([&vault, &second, &third].iter().all(|v| vaults.contains(v)));
    let vaults = iterate_paged!(cov, account.vaults(), 1);
    assert!(vaults.contains(&second));
    for v in [&vault, &second, &third] {
        must("DeleteVault", v.delete().send().await);
        cov.action(v.meta(), "Delete");
    }
}
