//! Assume-role and web identity credentials end to end: profiles and token files in a temporary
//! home, the default credential chain, and STS served by moto through rboto's own client.

use crate::common;

use common::*;
use rboto_runtime::config_file::Env;
use rboto_runtime::credentials::{ChainContext, ClientSts, CredentialsCache, CredentialsChain};
use std::path::PathBuf;
use std::sync::Arc;

struct Home(PathBuf);

impl Home {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(unique("rboto-sts-home"));
        std::fs::create_dir_all(dir.join(".aws")).unwrap();
        Home(dir)
    }

    fn env(&self) -> Env {
        Env::new()
            .with("HOME", self.0.to_str().unwrap())
            .with("AWS_EC2_METADATA_DISABLED", "true")
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sts() -> Arc<ClientSts> {
    Arc::new(ClientSts::new(model("sts"), "us-east-1").with_endpoint_url(endpoint()))
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn assume_role_chain_through_moto() {
    let home = Home::new();
    std::fs::write(
        home.0.join(".aws/config"),
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/rboto-admin\nsource_profile = ops\nrole_session_name = admin-session\nduration_seconds = 900\n\
         [profile ops]\nrole_arn = arn:aws:iam::123456789012:role/rboto-ops\nsource_profile = base\n",
    )
    .unwrap();
    std::fs::write(
        home.0.join(".aws/credentials"),
        "[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .unwrap();
    let ctx = ChainContext::load(home.env())
        .await
        .unwrap()
        .with_sts(sts());
    let chain = Arc::new(CredentialsChain::default_chain(&ctx, Some("admin")).unwrap());
    let cache = CredentialsCache::new(chain.clone());
    let creds = cache.credentials().await.unwrap();
    assert_eq!(chain.resolved_provider(), Some("assume-role"));
    assert_ne!(creds.access_key_id(), "testing");
    assert!(creds.session_token().is_some());
    assert!(creds.expiry().is_some());
    assert_eq!(creds.account_id(), Some("123456789012"));
    assert!(!format!("{creds:?}").contains(creds.secret_access_key()));

    // The assumed credentials work: moto reports the assumed role as the caller.
    let session = rboto::Session::builder()
        .region("us-east-1")
        .credentials(creds)
        .endpoint_url(endpoint())
        .build();
    let me = session
        .client(model("sts"))
        .unwrap()
        .call("GetCallerIdentity", rboto::json!({}))
        .await
        .unwrap();
    assert_eq!(
        me["Arn"],
        rboto::json!("arn:aws:sts::123456789012:assumed-role/rboto-admin/admin-session")
    );
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn web_identity_through_moto() {
    let home = Home::new();
    let token = home.0.join("token.jwt");
    std::fs::write(&token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwb2QifQ.c2ln").unwrap();
    let env = home
        .env()
        .with("AWS_WEB_IDENTITY_TOKEN_FILE", token.to_str().unwrap())
        .with("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/rboto-pod")
        .with("AWS_ROLE_SESSION_NAME", "pod");
    let ctx = ChainContext::load(env).await.unwrap().with_sts(sts());
    let chain = Arc::new(CredentialsChain::default_chain(&ctx, None).unwrap());
    let creds = CredentialsCache::new(chain.clone())
        .credentials()
        .await
        .unwrap();
    assert_eq!(
        chain.resolved_provider(),
        Some("assume-role-with-web-identity")
    );
    assert!(creds.session_token().is_some());
    assert_eq!(creds.account_id(), Some("123456789012"));
}
