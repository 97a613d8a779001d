//! Presigned POST forms (boto3's `generate_presigned_post`), posted to moto as a browser
//! would and the object read back.

use rboto::{ByteStream, Credentials, Session};
use rboto_test_support::emulator::unique;
use serde_json::json;

/// A multipart/form-data body: the fields, then the file.
fn form_upload(fields: &[(String, String)], file_name: &str, data: &str) -> (String, String) {
    let boundary = unique("rboto-boundary");
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: text/plain\r\n\r\n{data}\r\n--{boundary}--\r\n"
    ));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn s3_presigned_post_forms_upload_to_moto() {
    use rboto::runtime::s3::presigned_post::PresignedPostBuilder;
    let endpoint = std::env::var("RBOTO_TEST_ENDPOINT")
        .ok()
        .filter(|u| !u.is_empty())
        .expect("RBOTO_TEST_ENDPOINT is not set: run scripts/test, which starts moto and sets it");
    let s3 = Session::builder()
        .credentials(Credentials::new("testing", "testing", None))
        .region("us-east-1")
        .endpoint_url(&endpoint)
        .build()
        .client(rboto::s3::model())
        .unwrap();
    let bucket = unique("rboto-post");
    s3.call("CreateBucket", json!({"Bucket": bucket}))
        .await
        .unwrap();
    let post = PresignedPostBuilder::new(&bucket, "uploads/${filename}")
        .condition(json!(["content-length-range", 1, 1024]))
        .presign(&s3)
        .await
        .unwrap();
    assert_eq!(post.url, format!("{endpoint}/{bucket}"));
    let (content_type, body) = form_upload(&post.fields, "note.txt", "posted by a form");
    let transport = rboto::transport::default_transport(&rboto::Config::default()).unwrap();
    let mut request = http::Request::new(ByteStream::from(body));
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = post.url.parse().unwrap();
    request
        .headers_mut()
        .insert("content-type", content_type.parse().unwrap());
    let response = transport.send(request).await.unwrap();
    let status = response.status();
    let text = response.into_body().collect().await.unwrap();
    assert!(
        status.is_success(),
        "{status}: {}",
        String::from_utf8_lossy(&text)
    );
    let object = s3
        .call(
            "GetObject",
            json!({"Bucket": bucket, "Key": "uploads/note.txt"}),
        )
        .await
        .unwrap();
    let data = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        object["Body"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(data, b"posted by a form");
}
