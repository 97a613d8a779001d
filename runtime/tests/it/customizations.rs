//! botocore's per-service customizations, as rboto's hooks port them: each test prepares or
//! makes a call through the real pipeline and checks what goes on the wire or comes back.
//! Responses come from a hook that answers a request without sending it, so no peer runs;
//! `docs/customizations.md` names these tests.

use std::sync::{Arc, Mutex};

use http::HeaderMap;
use rboto_runtime::hooks::{BoxError, Hook, Scope, SendStage};
use rboto_runtime::transport::HttpResponse;
use rboto_runtime::{ByteStream, Client, Credentials, Session};
use rboto_test_support::models::model;
use rboto_test_support::sigv4_check::{self, sha256_hex};
use serde_json::{json, Value};

fn session() -> Session {
    Session::builder()
        .credentials(Credentials::new("AKIDTEST", "SECRETTEST", None))
        .region("us-west-2")
        .build()
}

fn client(service: &str) -> Client {
    session().client(model(service)).unwrap()
}

/// What a canned exchange saw of the request.
#[derive(Debug, Clone)]
struct Sent {
    method: String,
    url: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// Answers every request with one status, headers and body, and keeps the last request.
#[derive(Debug)]
struct Canned {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: &'static str,
    sent: Arc<Mutex<Option<Sent>>>,
}

impl Hook for Canned {
    fn before_send(&self, request: &SendStage<'_>) -> Result<Option<HttpResponse>, BoxError> {
        *self.sent.lock().unwrap() = Some(Sent {
            method: request.method().to_string(),
            url: request.url().to_string(),
            headers: request.headers().clone(),
            body: request.body().unwrap_or_default().to_vec(),
        });
        let mut response = http::Response::new(ByteStream::from(self.body.to_string()));
        *response.status_mut() = http::StatusCode::from_u16(self.status)?;
        for (name, value) in &self.headers {
            response
                .headers_mut()
                .insert(*name, http::HeaderValue::from_static(value));
        }
        Ok(Some(response))
    }
}

/// A client of `service` whose requests `Canned` answers, and what it saw.
fn canned(
    service: &str,
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: &'static str,
) -> (Client, Arc<Mutex<Option<Sent>>>) {
    let sent = Arc::new(Mutex::new(None));
    let hook = Canned {
        status,
        headers,
        body,
        sent: sent.clone(),
    };
    let client = session()
        .client_builder(model(service))
        .hook(Scope::all(), hook)
        .build()
        .unwrap();
    (client, sent)
}

fn last(sent: &Arc<Mutex<Option<Sent>>>) -> Sent {
    sent.lock().unwrap().clone().expect("a request was sent")
}

#[test]
fn route53_ids_lose_their_path() {
    let route53 = client("route53");
    let prepared = route53
        .prepare("GetHostedZone", json!({"Id": "/hostedzone/Z1D633PJN98FT9"}))
        .unwrap();
    assert!(
        prepared
            .url()
            .ends_with("/2013-04-01/hostedzone/Z1D633PJN98FT9"),
        "{}",
        prepared.url()
    );
    let change = route53
        .prepare("GetChange", json!({"Id": "/change/C2682N5HXP0BZ4"}))
        .unwrap();
    assert!(change.url().ends_with("/2013-04-01/change/C2682N5HXP0BZ4"));
}

#[test]
fn apigateway_asks_for_json_unless_told_otherwise() {
    let apigateway = client("apigateway");
    let prepared = apigateway.prepare("GetRestApis", json!({})).unwrap();
    assert_eq!(prepared.headers()["accept"], "application/json");
}

#[test]
fn machinelearning_predict_goes_to_its_endpoint() {
    let ml = client("machinelearning");
    let prepared = ml
        .prepare(
            "Predict",
            json!({
                "MLModelId": "ml-1",
                "Record": {"a": "1"},
                "PredictEndpoint": "https://realtime.machinelearning.us-west-2.amazonaws.com"
            }),
        )
        .unwrap();
    assert_eq!(
        prepared.url(),
        "https://realtime.machinelearning.us-west-2.amazonaws.com/"
    );
    let other = ml
        .prepare("GetMLModel", json!({"MLModelId": "ml-1"}))
        .unwrap();
    assert!(other
        .url()
        .starts_with("https://machinelearning.us-west-2."));
}

#[test]
fn autoscaling_user_data_is_sent_base64() {
    let autoscaling = client("autoscaling");
    let prepared = autoscaling
        .prepare(
            "CreateLaunchConfiguration",
            json!({"LaunchConfigurationName": "lc", "UserData": "#!/bin/sh\necho hi"}),
        )
        .unwrap();
    let body = String::from_utf8(prepared.body().to_vec()).unwrap();
    assert!(
        body.contains("UserData=IyEvYmluL3NoCmVjaG8gaGk%3D"),
        "{body}"
    );
}

#[test]
fn ec2_filters_alias_reaches_the_wire_as_filter() {
    let ec2 = client("ec2");
    let filters = json!([{"Name": "group-name", "Values": ["web"]}]);
    let aliased = ec2
        .prepare("DescribeSecurityGroups", json!({"Filters": filters}))
        .unwrap();
    let body = String::from_utf8(aliased.body().to_vec()).unwrap();
    assert!(body.contains("Filter.1.Name=group-name"), "{body}");
    let both = ec2
        .prepare(
            "DescribeSecurityGroups",
            json!({"Filters": filters, "Filter": filters}),
        )
        .unwrap_err();
    assert!(both.is_validation(), "{both}");
}

#[test]
fn logs_from_time_alias_is_the_from_member() {
    let logs = client("logs");
    let prepared = logs
        .prepare(
            "CreateExportTask",
            json!({"logGroupName": "g", "fromTime": 1, "to": 2, "destination": "b"}),
        )
        .unwrap();
    let body: Value = serde_json::from_slice(prepared.body()).unwrap();
    assert_eq!(body["from"], 1);
    assert!(body.get("fromTime").is_none());
}

#[test]
fn cloudsearchdomain_search_is_a_form_post() {
    let domain = session()
        .client_builder(model("cloudsearchdomain"))
        .endpoint_url("https://search-demo.us-west-2.cloudsearch.amazonaws.com")
        .build()
        .unwrap();
    let prepared = domain
        .prepare(
            "Search",
            json!({"query": "star wars", "returnFields": "title"}),
        )
        .unwrap();
    assert_eq!(prepared.method(), http::Method::POST);
    assert!(!prepared.url().contains('?'), "{}", prepared.url());
    assert_eq!(
        prepared.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    let body = String::from_utf8(prepared.body().to_vec()).unwrap();
    assert!(body.contains("q=star%20wars"), "{body}");
    assert!(body.contains("return=title"), "{body}");
}

#[tokio::test]
async fn polly_presigned_speech_urls_do_not_sign_a_content_type() {
    let polly = client("polly");
    let url = polly
        .presign(
            "SynthesizeSpeech",
            json!({"OutputFormat": "mp3", "Text": "hi", "VoiceId": "Joanna"}),
            std::time::Duration::from_secs(60),
        )
        .await
        .unwrap();
    let signed = url
        .split('&')
        .find_map(|p| p.strip_prefix("X-Amz-SignedHeaders="))
        .unwrap();
    assert_eq!(signed, "host", "{url}");
    let prepared = polly
        .prepare(
            "SynthesizeSpeech",
            json!({"OutputFormat": "mp3", "Text": "hi", "VoiceId": "Joanna"}),
        )
        .unwrap();
    assert!(prepared.headers().contains_key("content-type"));
}

#[test]
fn bidirectional_stream_operations_are_refused_before_sending() {
    for (service, operation) in [
        ("bedrock-runtime", "InvokeModelWithBidirectionalStream"),
        ("connecthealth", "StartMedicalScribeListeningSession"),
        ("lexv2-runtime", "StartConversation"),
        ("polly", "StartSpeechSynthesisStream"),
        ("qbusiness", "Chat"),
    ] {
        let err = client(service).prepare(operation, json!({})).unwrap_err();
        assert!(err.is_validation(), "{service} {operation}: {err}");
        assert!(err.to_string().contains("HTTP/2"), "{err}");
    }
}

#[test]
fn endpoint_discovery_operations_name_the_api_version() {
    let timestream = client("timestream-write");
    let prepared = timestream.prepare("DescribeEndpoints", json!({})).unwrap();
    assert_eq!(prepared.headers()["x-amz-api-version"], "2018-11-01");
    let other = timestream.prepare("ListDatabases", json!({})).unwrap();
    assert!(!other.headers().contains_key("x-amz-api-version"));
}

#[tokio::test]
async fn s3_get_bucket_location_reads_the_root_element() {
    let (s3, _) = canned(
        "s3",
        200,
        vec![],
        r#"<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>"#,
    );
    let out = s3
        .call("GetBucketLocation", json!({"Bucket": "b"}))
        .await
        .unwrap();
    assert_eq!(out["LocationConstraint"], "eu-west-1");
}

#[tokio::test]
async fn s3_expires_keeps_its_raw_text_and_a_bad_one_does_not_fail() {
    let (s3, _) = canned(
        "s3",
        200,
        vec![("expires", "Thu, 01 Dec 1994 16:00:00 GMT")],
        "",
    );
    let out = s3
        .call("HeadObject", json!({"Bucket": "b", "Key": "k"}))
        .await
        .unwrap();
    assert_eq!(out["ExpiresString"], "Thu, 01 Dec 1994 16:00:00 GMT");
    assert_eq!(out["Expires"], "1994-12-01T16:00:00Z");

    let (s3, _) = canned("s3", 200, vec![("expires", "never")], "");
    let out = s3
        .call("HeadObject", json!({"Bucket": "b", "Key": "k"}))
        .await
        .unwrap();
    assert_eq!(out["ExpiresString"], "never");
    assert!(out.get("Expires").is_none());
}

#[tokio::test]
async fn api_gateway_accept_reaches_the_wire() {
    let (apigateway, sent) = canned("apigateway", 200, vec![], r#"{"items": []}"#);
    apigateway.call("GetRestApis", json!({})).await.unwrap();
    let sent = last(&sent);
    assert_eq!(sent.method, "GET");
    assert!(sent.url.contains("/restapis"));
    assert_eq!(sent.headers["accept"], "application/json");
    assert!(sent.body.is_empty());
}

/// The form fields of a query-protocol body, decoded.
fn form(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn rds_cross_region_copies_carry_a_url_presigned_for_the_source() {
    let (rds, sent) = canned(
        "rds",
        200,
        vec![],
        "<CopyDBSnapshotResponse><CopyDBSnapshotResult><DBSnapshot><DBSnapshotIdentifier>t</DBSnapshotIdentifier></DBSnapshot></CopyDBSnapshotResult></CopyDBSnapshotResponse>",
    );
    let source = "arn:aws:rds:us-east-1:123456789012:snapshot:s";
    rds.call(
        "CopyDBSnapshot",
        json!({"SourceDBSnapshotIdentifier": source, "TargetDBSnapshotIdentifier": "t",
               "SourceRegion": "us-east-1"}),
    )
    .await
    .unwrap();
    let sent = last(&sent);
    assert!(
        sent.url.starts_with("https://rds.us-west-2."),
        "{}",
        sent.url
    );
    let fields = form(&sent.body);
    assert_eq!(field(&fields, "SourceRegion"), None, "never on the wire");
    let presigned = url::Url::parse(field(&fields, "PreSignedUrl").expect("a URL")).unwrap();
    assert_eq!(presigned.host_str(), Some("rds.us-east-1.amazonaws.com"));
    let query: Vec<(String, String)> = presigned.query_pairs().into_owned().collect();
    assert_eq!(field(&query, "Action"), Some("CopyDBSnapshot"));
    assert_eq!(field(&query, "SourceDBSnapshotIdentifier"), Some(source));
    assert_eq!(field(&query, "DestinationRegion"), Some("us-west-2"));
    assert_eq!(field(&query, "SourceRegion"), None);
    assert_eq!(field(&query, "X-Amz-Expires"), Some("3600"));
    assert_eq!(field(&query, "X-Amz-SignedHeaders"), Some("host"));
    let credential = field(&query, "X-Amz-Credential").unwrap();
    assert!(
        credential.starts_with("AKIDTEST/") && credential.ends_with("/us-east-1/rds/aws4_request")
    );
    assert_eq!(
        field(&query, "X-Amz-Signature"),
        Some(sigv4_query_signature(&presigned, "SECRETTEST").as_str()),
        "the signature covers the query and an empty body: {presigned}"
    );

    let (rds, sent) = canned(
        "rds",
        200,
        vec![],
        "<CopyDBSnapshotResponse><CopyDBSnapshotResult/></CopyDBSnapshotResponse>",
    );
    rds.call(
        "CopyDBSnapshot",
        json!({"SourceDBSnapshotIdentifier": source, "TargetDBSnapshotIdentifier": "t",
               "SourceRegion": "us-east-1", "PreSignedUrl": "https://mine"}),
    )
    .await
    .unwrap();
    let fields = form(&last(&sent).body);
    assert_eq!(field(&fields, "PreSignedUrl"), Some("https://mine"));
    assert_eq!(field(&fields, "SourceRegion"), None);
}

#[tokio::test]
async fn docdb_and_neptune_presign_cluster_copies_too() {
    for service in ["docdb", "neptune"] {
        let (client, sent) = canned(
            service,
            200,
            vec![],
            "<CopyDBClusterSnapshotResponse><CopyDBClusterSnapshotResult/></CopyDBClusterSnapshotResponse>",
        );
        client
            .call(
                "CopyDBClusterSnapshot",
                json!({"SourceDBClusterSnapshotIdentifier": "s",
                       "TargetDBClusterSnapshotIdentifier": "t", "SourceRegion": "eu-west-1"}),
            )
            .await
            .unwrap();
        let fields = form(&last(&sent).body);
        let presigned = field(&fields, "PreSignedUrl").unwrap();
        assert!(presigned.contains("eu-west-1"), "{service}: {presigned}");
        assert_eq!(field(&fields, "SourceRegion"), None, "{service}");
    }
}

#[tokio::test]
async fn ec2_copy_snapshot_names_both_regions_and_a_presigned_url() {
    let (ec2, sent) = canned(
        "ec2",
        200,
        vec![],
        "<CopySnapshotResponse><snapshotId>snap-2</snapshotId></CopySnapshotResponse>",
    );
    let out = ec2
        .call(
            "CopySnapshot",
            json!({"SourceRegion": "us-east-1", "SourceSnapshotId": "snap-1"}),
        )
        .await
        .unwrap();
    assert_eq!(out["SnapshotId"], "snap-2");
    let fields = form(&last(&sent).body);
    assert_eq!(field(&fields, "SourceRegion"), Some("us-east-1"));
    assert_eq!(field(&fields, "DestinationRegion"), Some("us-west-2"));
    let presigned = url::Url::parse(field(&fields, "PresignedUrl").unwrap()).unwrap();
    assert_eq!(presigned.host_str(), Some("ec2.us-east-1.amazonaws.com"));
    let query: Vec<(String, String)> = presigned.query_pairs().into_owned().collect();
    assert_eq!(field(&query, "Action"), Some("CopySnapshot"));
    assert_eq!(field(&query, "DestinationRegion"), Some("us-west-2"));
    assert_eq!(field(&query, "SourceSnapshotId"), Some("snap-1"));
}

/// The SigV4 signature a presigned `GET` with only `host` signed and an empty body must
/// carry, computed from the URL's own parameters apart from the signer.
fn sigv4_query_signature(url: &url::Url, secret: &str) -> String {
    let encode = |text: &str| {
        percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
            .to_string()
            .replace("%2D", "-")
            .replace("%2E", ".")
            .replace("%5F", "_")
            .replace("%7E", "~")
    };
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .filter(|(k, _)| k != "X-Amz-Signature")
        .map(|(k, v)| (encode(&k), encode(&v)))
        .collect();
    pairs.sort();
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    let (date, credential) = (param("X-Amz-Date"), param("X-Amz-Credential"));
    let scope = credential.split_once('/').unwrap().1;
    let canonical = format!(
        "GET\n{}\n{query}\nhost:{}{}\n\nhost\n{}",
        url.path(),
        url.host_str().unwrap(),
        url.port().map(|p| format!(":{p}")).unwrap_or_default(),
        sha256_hex(b"")
    );
    sigv4_check::signature(secret, &date, scope, &canonical)
}

#[tokio::test]
async fn cognito_identity_and_sts_web_identity_calls_go_unsigned() {
    let (cognito, sent) = canned("cognito-identity", 200, vec![], r#"{"IdentityId": "i"}"#);
    cognito
        .call("GetId", json!({"IdentityPoolId": "us-west-2:p"}))
        .await
        .unwrap();
    assert!(!last(&sent).headers.contains_key("authorization"));
    let (cognito, sent) = canned("cognito-identity", 200, vec![], r#"{"IdentityPools": []}"#);
    cognito
        .call("ListIdentityPools", json!({"MaxResults": 1}))
        .await
        .unwrap();
    assert!(last(&sent).headers.contains_key("authorization"));
}

#[test]
fn s3control_puts_the_account_in_the_host_once() {
    let s3control = client("s3control");
    let prepared = s3control
        .prepare("GetPublicAccessBlock", json!({"AccountId": "123456789012"}))
        .unwrap();
    assert_eq!(
        prepared.url(),
        "https://123456789012.s3-control.us-west-2.amazonaws.com/v20180820/configuration/publicAccessBlock"
    );
}

#[tokio::test]
async fn sso_oidc_oauth2_errors_keep_their_description_as_the_message() {
    let (oidc, _) = canned(
        "sso-oidc",
        400,
        vec![("x-amzn-errortype", "InvalidGrantException")],
        r#"{"error": "invalid_grant", "error_description": "the device code expired"}"#,
    );
    let err = oidc
        .call(
            "CreateToken",
            json!({"clientId": "c", "clientSecret": "s", "grantType": "refresh_token"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidGrantException"));
    assert_eq!(err.message(), Some("the device code expired"), "{err}");
}

#[tokio::test]
async fn unsigned_s3_uploads_with_a_trailer_announce_it() {
    let sent = Arc::new(Mutex::new(None));
    let hook = Canned {
        status: 200,
        headers: vec![],
        body: "",
        sent: sent.clone(),
    };
    let s3 = session()
        .client_builder(model("s3"))
        .config(rboto_runtime::Config::builder().unsigned(true).build())
        .hook(Scope::all(), hook)
        .build()
        .unwrap();
    let data =
        futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"hello"))]);
    s3.call_with_body(
        "PutObject",
        json!({"Bucket": "b", "Key": "k"}),
        ByteStream::from_stream(data, 5),
    )
    .await
    .unwrap();
    let sent = last(&sent);
    assert!(!sent.headers.contains_key("authorization"));
    assert!(
        sent.headers.contains_key("x-amz-trailer"),
        "{:?}",
        sent.headers.keys()
    );
    assert_eq!(
        sent.headers["x-amz-content-sha256"],
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    );
}

#[test]
fn s3_paths_leave_the_bucket_to_the_endpoint_rules() {
    let s3 = client("s3");
    let virtual_host = s3
        .prepare(
            "GetObject",
            json!({"Bucket": "my-bucket", "Key": "a/b.txt"}),
        )
        .unwrap();
    assert_eq!(
        virtual_host.url(),
        "https://my-bucket.s3.us-west-2.amazonaws.com/a/b.txt"
    );
    let access_point = s3
        .prepare(
            "GetObject",
            json!({"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/myap", "Key": "k"}),
        )
        .unwrap();
    assert_eq!(
        access_point.url(),
        "https://myap-123456789012.s3-accesspoint.us-west-2.amazonaws.com/k"
    );
}

#[test]
fn s3_xml_bodies_keep_line_breaks_in_keys() {
    let s3 = client("s3");
    let prepared = s3
        .prepare(
            "DeleteObjects",
            json!({"Bucket": "b", "Delete": {"Objects": [{"Key": "a\r\nb"}]}}),
        )
        .unwrap();
    let body = String::from_utf8(prepared.body().to_vec()).unwrap();
    assert!(body.contains("<Key>a&#xD;&#xA;b</Key>"), "{body}");
}

#[test]
fn s3_copy_source_customer_keys_get_their_md5() {
    let s3 = client("s3");
    let prepared = s3
        .prepare(
            "UploadPartCopy",
            json!({"Bucket": "b", "Key": "k", "PartNumber": 1, "UploadId": "u",
                   "CopySource": {"Bucket": "src", "Key": "x y"},
                   "CopySourceSSECustomerAlgorithm": "AES256",
                   "CopySourceSSECustomerKey": "0123456789abcdef0123456789abcdef"}),
        )
        .unwrap();
    let headers = prepared.headers();
    assert_eq!(headers["x-amz-copy-source"], "src/x%20y");
    assert_eq!(
        headers["x-amz-copy-source-server-side-encryption-customer-key"],
        "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
    );
    assert_eq!(
        headers["x-amz-copy-source-server-side-encryption-customer-key-md5"].len(),
        24
    );
}

#[tokio::test]
async fn s3_errors_sent_with_200_are_retried_as_server_errors() {
    let (s3, _) = canned(
        "s3",
        200,
        vec![],
        "<Error><Code>InternalError</Code><Message>try again</Message></Error>",
    );
    let err = s3
        .call(
            "CompleteMultipartUpload",
            json!({"Bucket": "b", "Key": "k", "UploadId": "u"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InternalError"));
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.attempts(), 3, "{err}");
}

#[test]
fn s3control_outpost_arns_supply_the_account() {
    let s3control = client("s3control");
    let bucket = "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/bucket/b";
    let prepared = s3control
        .prepare("GetBucket", json!({"Bucket": bucket}))
        .unwrap();
    assert_eq!(prepared.headers()["x-amz-account-id"], "123456789012");
    let mismatch = s3control
        .prepare(
            "GetBucket",
            json!({"Bucket": bucket, "AccountId": "999999999999"}),
        )
        .unwrap_err();
    assert!(mismatch.is_validation(), "{mismatch}");
}

#[tokio::test]
async fn rds_and_dsql_auth_tokens_are_presigned_connects() {
    let rds = client("rds");
    let token = rboto_runtime::db_auth::generate_db_auth_token(
        &rds,
        "db.example.us-west-2.rds.amazonaws.com",
        5432,
        "app user",
        None,
    )
    .await
    .unwrap();
    assert!(
        token.starts_with(
            "db.example.us-west-2.rds.amazonaws.com:5432/?Action=connect&DBUser=app%20user&"
        ),
        "{token}"
    );
    let url = url::Url::parse(&format!("https://{token}")).unwrap();
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(field(&query, "X-Amz-Expires"), Some("900"));
    assert!(field(&query, "X-Amz-Credential")
        .unwrap()
        .ends_with("/us-west-2/rds-db/aws4_request"));
    assert_eq!(
        field(&query, "X-Amz-Signature"),
        Some(sigv4_query_signature(&url, "SECRETTEST").as_str())
    );

    let dsql = client("dsql");
    let admin = rboto_runtime::db_auth::dsql_db_connect_admin_auth_token(
        &dsql,
        "abc.dsql.us-east-1.on.aws",
        Some("us-east-1"),
        Some(std::time::Duration::from_secs(60)),
    )
    .await
    .unwrap();
    assert!(
        admin.starts_with("abc.dsql.us-east-1.on.aws/?Action=DbConnectAdmin&"),
        "{admin}"
    );
    let url = url::Url::parse(&format!("https://{admin}")).unwrap();
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(field(&query, "X-Amz-Expires"), Some("60"));
    assert!(field(&query, "X-Amz-Credential")
        .unwrap()
        .ends_with("/us-east-1/dsql/aws4_request"));
    assert_eq!(
        field(&query, "X-Amz-Signature"),
        Some(sigv4_query_signature(&url, "SECRETTEST").as_str())
    );
}

#[tokio::test]
async fn import_export_is_signed_with_sigv4_despite_its_model() {
    let (importexport, sent) = canned(
        "importexport",
        200,
        vec![],
        "<ListJobsResponse><ListJobsResult><IsTruncated>false</IsTruncated></ListJobsResult></ListJobsResponse>",
    );
    importexport.call("ListJobs", json!({})).await.unwrap();
    let sent = last(&sent);
    let authorization = sent.headers["authorization"].to_str().unwrap();
    assert!(
        authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"),
        "{authorization}"
    );
}
