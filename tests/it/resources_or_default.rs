//! `AttributeExt::or_default`: an attribute AWS sent reads as its value, one it did not send as
//! the type's default, against moto's S3.

use crate::common;

use common::{must, session, unique};
use rboto::s3::ServiceResource;
use rboto::AttributeExt;

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn attributes_read_as_their_value_or_the_default() {
    let s3 = must("s3 service resource", ServiceResource::new(&session()));
    let bucket = must(
        "CreateBucket",
        s3.create_bucket().bucket(unique("rdefault")).await,
    );
    let object = bucket.object("note.txt");
    must(
        "Object.put",
        object.put().body(b"hello").content_type("text/plain").await,
    );
    let length: i64 = must("content_length", object.content_length().or_default().await);
    assert_eq!(length, 5);
    let kind: String = must("content_type", object.content_type().or_default().await);
    assert_eq!(kind, "text/plain");
    assert_eq!(
        must(
            "website_redirect_location",
            object.website_redirect_location().await
        ),
        None,
        "moto sends no redirect location for a plain object"
    );
    let redirect: String = must(
        "website_redirect_location",
        object.website_redirect_location().or_default().await,
    );
    assert_eq!(redirect, "");
    must("Object.delete", object.delete().await);
    must("Bucket.delete", bucket.delete().await);
}
