// boto3 iterates a collection with `for`; here a collection is an async stream, and the error
// says to call `.stream()`.
fn list(bucket: rboto_models::s3::Bucket) {
    for object in bucket.objects() {
        let _ = object;
    }
}

fn main() {}
