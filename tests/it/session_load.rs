//! `SessionBuilder::load` end to end against moto: an assume-role profile resolved through
//! moto's STS (reached through `AWS_ENDPOINT_URL`), web identity from the environment, and
//! clients of one session sharing its credentials cache.
//!
//! Needs moto's server in `RBOTO_TEST_ENDPOINT` (started by `scripts/test`); fails without.

use crate::common;

use std::path::PathBuf;
use std::sync::Arc;

use rboto::runtime::config_file::Env;
use rboto::Session;
use serde_json::json;

struct Home(PathBuf);

impl Home {
    fn new(config: &str, credentials: &str) -> Home {
        let dir = std::env::temp_dir().join(common::unique("rboto-home"));
        std::fs::create_dir_all(dir.join(".aws")).unwrap();
        std::fs::write(dir.join(".aws/config"), config).unwrap();
        std::fs::write(dir.join(".aws/credentials"), credentials).unwrap();
        Home(dir)
    }

    fn env(&self) -> Env {
        Env::new()
            .with("HOME", self.0.to_string_lossy())
            .with("AWS_ENDPOINT_URL", common::endpoint())
            .with("AWS_EC2_METADATA_DISABLED", "true")
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn assume_role_profile_through_motos_sts() {
    let home = Home::new(
        "[profile base]\nregion = eu-west-1\n\
         [profile role]\nrole_arn = arn:aws:iam::123456789012:role/deployer\n\
         source_profile = base\nrole_session_name = rboto-load\nregion = eu-west-1\n",
        "[base]\naws_access_key_id = AKIABASEKEY\naws_secret_access_key = base-secret\n",
    );
    let session = Session::builder()
        .process_env(home.env())
        .profile_name("role")
        .load()
        .await
        .unwrap();
    assert_eq!(session.region(), Some("eu-west-1"));
    let sts = session.client(common::model("sts")).unwrap();
    let me = sts.call("GetCallerIdentity", json!({})).await.unwrap();
    let arn = me["Arn"].as_str().unwrap();
    assert!(arn.contains("assumed-role/deployer/rboto-load"), "{arn}");
    let creds = session
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    assert_ne!(creds.access_key_id(), "AKIABASEKEY");
    assert!(creds.session_token().is_some() && creds.expiry().is_some());
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn clients_of_a_session_share_its_credentials_cache() {
    let home = Home::new("[default]\nregion = us-east-1\n", "");
    let env = home
        .env()
        .with("AWS_ACCESS_KEY_ID", "AKIAENVKEY")
        .with("AWS_SECRET_ACCESS_KEY", "env-secret");
    let session = Session::builder().process_env(env).load().await.unwrap();
    let provider = session.credentials_provider().unwrap().clone();
    let sqs = session.client(common::model("sqs")).unwrap();
    let s3 = session.client(common::model("s3")).unwrap();
    sqs.call("ListQueues", json!({})).await.unwrap();
    s3.call("ListBuckets", json!({})).await.unwrap();
    assert!(
        Arc::strong_count(&provider) >= 4,
        "the session, both clients and this handle"
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn web_identity_from_the_environment_through_motos_sts() {
    let home = Home::new("", "");
    let token_file = home.0.join("token.jwt");
    std::fs::write(&token_file, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJyYm90byJ9.").unwrap();
    let env = home
        .env()
        .with("AWS_DEFAULT_REGION", "us-east-1")
        .with("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_string_lossy())
        .with("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web")
        .with("AWS_ROLE_SESSION_NAME", "rboto-web");
    let session = Session::builder()
        .process_env(env)
        .sts_model(common::model("sts"))
        .load()
        .await
        .unwrap();
    let sts = session.client(common::model("sts")).unwrap();
    let me = sts.call("GetCallerIdentity", json!({})).await.unwrap();
    let arn = me["Arn"].as_str().unwrap();
    assert!(arn.contains("assumed-role/web/rboto-web"), "{arn}");
}
