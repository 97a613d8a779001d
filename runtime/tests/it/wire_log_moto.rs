//! The wire log against moto: every request and response of real calls printed with method,
//! URL, status and bodies, and no secret of the caller's or of STS's answer in the text.

use rboto_runtime::hooks::WireLog;
use rboto_runtime::session::{Credentials, Session};
use rboto_runtime::ByteStream;
use rboto_test_support::captured_log::CapturedLog;
use rboto_test_support::models::model_at;
use rboto_test_support::moto;
use serde_json::json;

const SECRET_KEY: &str = "wire-log-secret-key-0123456789abcdef";
const SESSION_TOKEN: &str = "wire-log-session-token-fedcba9876543210";

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn the_wire_log_prints_requests_and_responses_without_any_secret() {
    let endpoint = moto::endpoint();
    let captured = CapturedLog::default();
    let session = Session::builder()
        .credentials(Credentials::new(
            "AKIDWIRELOG",
            SECRET_KEY,
            Some(SESSION_TOKEN.to_string()),
        ))
        .region("us-east-1")
        .endpoint_url(&endpoint)
        .wire_log(WireLog::to_writer(captured.clone()).body_limit(100_000))
        .build();

    let sts = session.client(model_at("sts", "2011-06-15")).unwrap();
    let assumed = sts
        .call(
            "AssumeRole",
            json!({
                "RoleArn": "arn:aws:iam::123456789012:role/wire-log",
                "RoleSessionName": "wire-log",
            }),
        )
        .await
        .unwrap();
    let issued_secret = assumed["Credentials"]["SecretAccessKey"].as_str().unwrap();
    let issued_token = assumed["Credentials"]["SessionToken"].as_str().unwrap();
    assert!(issued_secret.len() >= 20 && issued_token.len() >= 20);

    let s3 = session.client(model_at("s3", "2006-03-01")).unwrap();
    let bucket = format!(
        "wire-log-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    s3.call("CreateBucket", json!({ "Bucket": bucket }))
        .await
        .unwrap();
    s3.call_with_body(
        "PutObject",
        json!({ "Bucket": bucket, "Key": "note.txt" }),
        ByteStream::from_bytes("hello through the wire log"),
    )
    .await
    .unwrap();
    let missing = s3
        .call("HeadObject", json!({ "Bucket": bucket, "Key": "missing" }))
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing}");

    let log = captured.text();
    for secret in [SECRET_KEY, SESSION_TOKEN, issued_secret, issued_token] {
        assert!(!log.contains(secret), "{secret} is in the wire log:\n{log}");
    }
    assert!(
        !log.contains("Signature="),
        "a signature is in the wire log:\n{log}"
    );
    let expected = [
        "rboto wire >> sts.AssumeRole attempt 1\nPOST ".to_string(),
        "authorization: <redacted>\n".to_string(),
        "x-amz-security-token: <redacted>\n".to_string(),
        "Action=AssumeRole&".to_string(),
        "rboto wire << sts.AssumeRole status 200\n".to_string(),
        "<SecretAccessKey><redacted></SecretAccessKey>".to_string(),
        "<SessionToken><redacted></SessionToken>".to_string(),
        format!("rboto wire >> s3.PutObject attempt 1\nPUT {endpoint}/{bucket}/note.txt\n"),
        "hello through the wire log\n".to_string(),
        "rboto wire << s3.PutObject status 200\n".to_string(),
        format!("HEAD {endpoint}/{bucket}/missing\n"),
        "rboto wire << s3.HeadObject status 404\n".to_string(),
    ];
    for line in expected {
        assert!(
            log.contains(&line),
            "{line:?} is not in the wire log:\n{log}"
        );
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn members_the_model_marks_sensitive_are_redacted_whatever_their_name() {
    let endpoint = moto::endpoint();
    let captured = CapturedLog::default();
    let session = Session::builder()
        .credentials(Credentials::new("testing", "testing", None))
        .region("us-east-1")
        .endpoint_url(&endpoint)
        .wire_log(WireLog::to_writer(captured.clone()).body_limit(100_000))
        .build();
    let secrets = session
        .client(model_at("secretsmanager", "2017-10-17"))
        .unwrap();
    // `RandomPassword` is on no fixed list: its shape, RandomPasswordType, is `sensitive`.
    let answer = secrets
        .call("GetRandomPassword", json!({ "PasswordLength": 40 }))
        .await
        .unwrap();
    let password = answer["RandomPassword"].as_str().unwrap();
    assert_eq!(password.chars().count(), 40);

    let log = captured.text();
    assert!(
        !log.contains(password),
        "the random password is in the wire log:\n{log}"
    );
    for line in [
        "rboto wire >> secretsmanager.GetRandomPassword attempt 1\n",
        r#"{"PasswordLength":40}"#,
        "rboto wire << secretsmanager.GetRandomPassword status 200\n",
        r#""RandomPassword": "<redacted>""#,
    ] {
        assert!(
            log.contains(line),
            "{line:?} is not in the wire log:\n{log}"
        );
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn the_credential_chains_assume_role_is_logged_without_the_credentials_it_issues() {
    let endpoint = moto::endpoint();
    let home = std::env::temp_dir().join(format!(
        "rboto-wire-log-home-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(
        home.join(".aws/config"),
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/wire-log-chain\n\
         source_profile = base\nrole_session_name = wire-log-chain\n",
    )
    .unwrap();
    std::fs::write(
        home.join(".aws/credentials"),
        format!(
            "[base]\naws_access_key_id = AKIDWIRELOGBASE\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    )
    .unwrap();
    let env = rboto_runtime::config_file::Env::new()
        .with("HOME", home.to_str().unwrap())
        .with("AWS_EC2_METADATA_DISABLED", "true");
    let captured = CapturedLog::default();
    let session = Session::builder()
        .process_env(env)
        .profile_name("admin")
        .region("us-east-1")
        .endpoint_url(&endpoint)
        .wire_log(WireLog::to_writer(captured.clone()).body_limit(100_000))
        .load()
        .await
        .unwrap();
    let me = session
        .client(model_at("sts", "2011-06-15"))
        .unwrap()
        .call("GetCallerIdentity", json!({}))
        .await
        .unwrap();
    assert!(
        me["Arn"].as_str().unwrap().contains("wire-log-chain"),
        "the call did not use the assumed role: {me}"
    );
    // The provider caches what AssumeRole issued: these are the credentials the call signed with.
    let issued = session
        .credentials_provider()
        .expect("a loaded session has a credential chain")
        .provide_credentials()
        .await
        .unwrap();
    std::fs::remove_dir_all(&home).ok();
    let issued_secret = issued.secret_access_key().to_string();
    let issued_token = issued.session_token().unwrap().to_string();
    assert!(issued_secret.len() >= 20 && issued_token.len() >= 20);

    let log = captured.text();
    for secret in [SECRET_KEY, issued_secret.as_str(), issued_token.as_str()] {
        assert!(!log.contains(secret), "{secret} is in the wire log:\n{log}");
    }
    for line in [
        "rboto wire >> sts.AssumeRole attempt 1\nPOST ",
        "RoleSessionName=wire-log-chain",
        "rboto wire << sts.AssumeRole status 200\n",
        "<SecretAccessKey><redacted></SecretAccessKey>",
        "<SessionToken><redacted></SessionToken>",
        "rboto wire >> sts.GetCallerIdentity attempt 1\n",
        "x-amz-security-token: <redacted>\n",
    ] {
        assert!(
            log.contains(line),
            "{line:?} is not in the wire log:\n{log}"
        );
    }
}
