// boto3 iterates a collection with `for`; here a collection is an async stream, and the error
// says to call `.stream()`, in a `for` loop and wherever an iterator is expected.
fn list(bucket: rboto_models::s3::Bucket) {
    for object in bucket.objects() {
        let _ = object;
    }
}

fn collect(bucket: rboto_models::s3::Bucket) {
    let _all: Vec<_> = Vec::from_iter(bucket.objects());
}

fn main() {}
