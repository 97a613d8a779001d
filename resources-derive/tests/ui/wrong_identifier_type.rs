// Identifiers are typed: a part number is an integer, not a string.
fn build(s3: rboto_models::s3::ServiceResource) {
    let _ = s3.multipart_upload_part("bucket", "key", "upload", "7");
}

fn main() {}
