//! S3 through resources: create a bucket, wait for it, put an object, stream a prefix of
//! `bucket.objects()` page by page, and batch-delete another prefix. The README's taste.
//!
//! Run against the local emulator: `eval "$(scripts/emulator start)"` then
//! `cargo run --example s3_stream` (it reads `AWS_ENDPOINT_URL` and the other `AWS_*`
//! variables the emulator script prints).

use futures::TryStreamExt;
use rboto::{s3, Session};

#[tokio::main]
async fn main() -> Result<(), rboto::Error> {
    let session = Session::from_env().await?;
    let s3 = s3::ServiceResource::new(&session)?;

    let bucket = s3.create_bucket().bucket("logs").await?; // Calls S3 CreateBucket
    bucket.wait_until_exists().await?; // the BucketExists waiter
    bucket
        .object("2026/a.txt")
        .put()
        .body(b"hello".to_vec().into())
        .await?;

    let mut objects = bucket
        .objects()
        .filter()
        .prefix("2026/")
        .page_size(500)
        .stream();
    while let Some(obj) = objects.try_next().await? {
        println!("{} {:?} bytes", obj.key(), obj.size().await?);
    }
    bucket.objects().filter().prefix("tmp/").delete().await?;
    Ok(())
}
