// boto3 would raise AttributeError at run time; here a typo is a compile error.
async fn size(bucket: rboto_models::s3::Bucket) {
    let _ = bucket.creation_datee().await;
}

fn main() {}
