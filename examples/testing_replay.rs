//! A recorded exchange replayed offline (`rboto = { features = ["testing"] }`): the S3 calls
//! of `tests/recordings/s3_rest_xml.json`, recorded from moto, served again through the whole
//! pipeline by a `ReplayingTransport`. A request that differs from the recording fails with
//! the differences; the recording itself holds no key, token or signature.
//!
//! `cargo run --example testing_replay`

use rboto::testing::ReplayingTransport;
use rboto::{json, ByteStream, Credentials, Error, Session};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let recording = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/recordings/s3_rest_xml.json"
    );
    let replay = ReplayingTransport::from_file(recording)?;
    let session = Session::builder()
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:9")
        .credentials(Credentials::new("AKIDTEST", "test-secret", None))
        .transport(replay.clone())
        .build();
    let s3 = session.client(rboto::models::s3::model())?;

    let bucket = "rboto-replay-bucket";
    s3.call("CreateBucket", json!({"Bucket": bucket})).await?;
    s3.call_with_body(
        "PutObject",
        json!({"Bucket": bucket, "Key": "notes/a b.txt", "ContentType": "text/plain"}),
        ByteStream::from_bytes("hello, replay"),
    )
    .await?;
    let listed = s3
        .call(
            "ListObjectsV2",
            json!({"Bucket": bucket, "Prefix": "notes/"}),
        )
        .await?;
    assert_eq!(listed["Contents"][0]["Key"], "notes/a b.txt");

    // Asking for another key than the recording holds fails, naming the difference.
    let err = s3
        .call(
            "HeadObject",
            json!({"Bucket": bucket, "Key": "notes/other.txt"}),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("recorded vs sent"), "{err}");

    let (head, body) = s3
        .call_streaming(
            "GetObject",
            json!({"Bucket": bucket, "Key": "notes/a b.txt"}),
        )
        .await?;
    assert_eq!(head["ContentType"], "text/plain");
    assert_eq!(&body.collect().await?[..], b"hello, replay");
    s3.call(
        "DeleteObject",
        json!({"Bucket": bucket, "Key": "notes/a b.txt"}),
    )
    .await?;
    s3.call("DeleteBucket", json!({"Bucket": bucket})).await?;
    replay.assert_all_served();
    println!("testing_replay: six recorded S3 exchanges replayed offline");
    Ok(())
}
