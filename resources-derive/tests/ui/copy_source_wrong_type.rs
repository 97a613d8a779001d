// boto3 takes CopySource as a dict or a "bucket/key" string; a tuple is neither, and the
// error says which two forms to use.
async fn copy(object: rboto_models::s3::Object) {
    let _ = object.copy_from().copy_source(("bucket", "key")).await;
}

fn main() {}
