//! S3 through resources: create a bucket, wait for it, put objects, stream a prefix of
//! `bucket.objects()` page by page, batch-delete another prefix, then remove everything.
//! The README's taste.
//!
//! Run against the local emulator: `eval "$(scripts/emulator start)"` then
//! `AWS_ENDPOINT_URL=$RBOTO_TEST_ENDPOINT cargo run --example s3_stream`.

use futures::TryStreamExt;
use rboto::{s3, AttributeExt, Session};

#[tokio::main]
async fn main() -> Result<(), rboto::Error> {
    let session = Session::from_env().await?;
    let s3 = s3::ServiceResource::new(&session)?;

    let name = format!("logs-{}", std::process::id());
    let bucket = s3.create_bucket().bucket(&name).await?; // Calls S3 CreateBucket
    bucket.wait_until_exists().await?; // the BucketExists waiter
    for key in ["2026/a.txt", "2026/b.txt", "tmp/scratch"] {
        bucket.object(key).put().body(b"hello").await?;
    }

    let mut objects = bucket
        .objects()
        .filter()
        .prefix("2026/")
        .page_size(500)
        .stream();
    while let Some(obj) = objects.try_next().await? {
        // hydrated from the listing: no extra request
        println!("{} {} bytes", obj.key(), obj.size().or_default().await?);
    }
    bucket.objects().filter().prefix("tmp/").delete().await?; // one DeleteObjects per page

    bucket.objects().delete().await?;
    bucket.delete().await?;
    Ok(())
}
