//! The REST protocols on the real S3 and Glacier models imported under `resource-models/`:
//! requests S3 and Glacier accept, and responses as they send them.

use http::HeaderMap;
use serde_json::json;

use rboto_runtime::model::ServiceModel;
use rboto_runtime::protocol::{self, HttpResponse, Protocol};
use rboto_test_support::models::model_at;

fn s3() -> ServiceModel {
    model_at("s3", "2006-03-01")
}

#[test]
fn delete_objects_writes_a_flattened_list_in_s3s_namespace() {
    let s3 = s3();
    let protocol = Protocol::resolve(s3.metadata()).unwrap();
    assert_eq!(protocol, Protocol::RestXml);
    let op = s3.operation("DeleteObjects").unwrap();
    let params = json!({
        "Bucket": "b",
        "Delete": {"Objects": [{"Key": "a&b"}, {"Key": "c", "VersionId": "v1"}], "Quiet": true}
    });
    let request = protocol::serialize(protocol, s3.definition(), op, &params).unwrap();
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.path_and_query, "/b?delete");
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
         <Object><Key>a&amp;b</Key></Object>\
         <Object><Key>c</Key><VersionId>v1</VersionId></Object>\
         <Quiet>true</Quiet></Delete>"
    );
}

#[test]
fn a_grantee_carries_its_xsi_type_attribute_both_ways() {
    let s3 = s3();
    let op = s3.operation("PutBucketAcl").unwrap();
    let params = json!({
        "Bucket": "b",
        "AccessControlPolicy": {
            "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "abc"}, "Permission": "READ"}],
            "Owner": {"ID": "abc"}
        }
    });
    let request = protocol::serialize(Protocol::RestXml, s3.definition(), op, &params).unwrap();
    let body = std::str::from_utf8(&request.body).unwrap();
    assert!(
        body.contains(
            "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>abc</ID></Grantee>"
        ),
        "{body}"
    );

    let op = s3.operation("GetBucketAcl").unwrap();
    let response = br#"<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner><ID>abc</ID></Owner>
  <AccessControlList>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>abc</ID></Grantee>
      <Permission>FULL_CONTROL</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>"#;
    let headers = HeaderMap::new();
    let http = HttpResponse {
        status: 200,
        headers: &headers,
        body: response,
    };
    let out = protocol::parse_output(Protocol::RestXml, s3.definition(), op, &http).unwrap();
    assert_eq!(
        out["Grants"],
        json!([{"Grantee": {"Type": "CanonicalUser", "ID": "abc"}, "Permission": "FULL_CONTROL"}])
    );
    assert_eq!(out["Owner"], json!({"ID": "abc"}));
}

#[test]
fn get_object_leaves_the_streamed_body_to_the_caller_and_reads_its_headers() {
    let s3 = s3();
    let op = s3.operation("GetObject").unwrap();
    let params = json!({"Bucket": "b", "Key": "photos/2026/a b.jpg", "Range": "bytes=0-9"});
    let request = protocol::serialize(Protocol::RestXml, s3.definition(), op, &params).unwrap();
    assert_eq!(request.path_and_query, "/b/photos/2026/a%20b.jpg");
    assert_eq!(request.headers["range"], "bytes=0-9");
    assert!(request.body.is_empty());

    let mut headers = HeaderMap::new();
    headers.insert("content-length", "10".parse().unwrap());
    headers.insert("etag", "\"abc\"".parse().unwrap());
    headers.insert("x-amz-meta-owner", "ada".parse().unwrap());
    headers.insert(
        "last-modified",
        "Wed, 01 Jan 2026 00:00:00 GMT".parse().unwrap(),
    );
    let http = HttpResponse {
        status: 206,
        headers: &headers,
        body: b"",
    };
    let out = protocol::parse_output(Protocol::RestXml, s3.definition(), op, &http).unwrap();
    assert_eq!(out["ContentLength"], 10);
    assert_eq!(out["ETag"], "\"abc\"");
    assert_eq!(out["Metadata"], json!({"owner": "ada"}));
    assert_eq!(out["LastModified"], "2026-01-01T00:00:00Z");
    assert!(out.get("Body").is_none());
}

#[test]
fn a_missing_key_is_a_modeled_error_and_a_head_404_is_not_found() {
    let s3 = s3();
    let op = s3.operation("GetObject").unwrap();
    let body = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>\
        <Message>The specified key does not exist.</Message><Key>k</Key>\
        <RequestId>R</RequestId><HostId>H</HostId></Error>";
    let mut headers = HeaderMap::new();
    headers.insert("x-amz-request-id", "R".parse().unwrap());
    let http = HttpResponse {
        status: 404,
        headers: &headers,
        body,
    };
    let err = protocol::parse_error(Protocol::RestXml, s3.definition(), op, &http);
    assert_eq!(err.code, "NoSuchKey");
    assert_eq!(err.shape.as_deref(), Some("NoSuchKey"));
    assert_eq!(err.request_id.as_deref(), Some("R"));
    assert!(err.is_not_found());

    let head = s3.operation("HeadObject").unwrap();
    let http = HttpResponse {
        status: 404,
        headers: &headers,
        body: b"",
    };
    let err = protocol::parse_error(Protocol::RestXml, s3.definition(), head, &http);
    assert_eq!((err.code.as_str(), err.status), ("404", 404));
    assert!(err.is_not_found());
}

#[test]
fn glacier_sends_json_with_its_account_label() {
    let glacier = model_at("glacier", "2012-06-01");
    let protocol = Protocol::resolve(glacier.metadata()).unwrap();
    assert_eq!(protocol, Protocol::RestJson);
    let op = glacier.operation("SetVaultNotifications").unwrap();
    let params = json!({
        "accountId": "-",
        "vaultName": "my vault",
        "vaultNotificationConfig": {"SNSTopic": "arn:aws:sns:x", "Events": ["ArchiveRetrievalCompleted"]}
    });
    let request = protocol::serialize(protocol, glacier.definition(), op, &params).unwrap();
    assert_eq!(
        request.path_and_query,
        "/-/vaults/my%20vault/notification-configuration"
    );
    assert_eq!(request.headers["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({"SNSTopic": "arn:aws:sns:x", "Events": ["ArchiveRetrievalCompleted"]})
    );
}
