//! Session loading: the chain, the region, configuration and endpoints from real files in a
//! temporary directory and an explicit environment.

use super::*;
use std::path::PathBuf;

struct TempHome(PathBuf);

impl TempHome {
    fn new(config: &str, credentials: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("rboto-session-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(dir.join(".aws")).unwrap();
        std::fs::write(dir.join(".aws/config"), config).unwrap();
        std::fs::write(dir.join(".aws/credentials"), credentials).unwrap();
        TempHome(dir)
    }

    fn env(&self) -> Env {
        Env::new()
            .with("HOME", self.0.to_string_lossy())
            .with("AWS_EC2_METADATA_DISABLED", "true")
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const CONFIG: &str = "[default]\nregion = eu-west-1\nretry_mode = adaptive\n\
    [profile dev]\nregion = ap-south-1\nmax_attempts = 7\nservices = local\n\
    s3 =\n  addressing_style = path\n\
    [services local]\nsqs =\n  endpoint_url = http://127.0.0.1:4566\n";
const CREDENTIALS: &str =
    "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\
    [dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n";

async fn access_key(session: &Session) -> String {
    session
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap()
        .access_key_id()
        .to_string()
}

#[tokio::test]
async fn environment_keys_come_first_without_an_explicit_profile() {
    let home = TempHome::new(CONFIG, CREDENTIALS);
    let env = home
        .env()
        .with("AWS_ACCESS_KEY_ID", "AKIDENV")
        .with("AWS_SECRET_ACCESS_KEY", "env-secret");
    let session = Session::builder().process_env(env).load().await.unwrap();
    assert_eq!(access_key(&session).await, "AKIDENV");
    assert_eq!(session.region(), Some("eu-west-1"));
    assert_eq!(session.config().retry_mode(), RetryMode::Adaptive);
}

#[tokio::test]
async fn an_explicit_profile_takes_environment_keys_out() {
    let home = TempHome::new(CONFIG, CREDENTIALS);
    let env = home
        .env()
        .with("AWS_ACCESS_KEY_ID", "AKIDENV")
        .with("AWS_SECRET_ACCESS_KEY", "env-secret");
    let session = Session::builder()
        .process_env(env)
        .profile_name("dev")
        .load()
        .await
        .unwrap();
    assert_eq!(access_key(&session).await, "AKIDDEV");
    assert_eq!(session.region(), Some("ap-south-1"));
    assert_eq!(session.profile_name(), Some("dev"));
    assert_eq!(session.config().max_attempts, Some(7));
    assert_eq!(session.config().addressing_style, AddressingStyle::Path);
}

#[tokio::test]
async fn aws_profile_selects_without_removing_environment_keys() {
    let home = TempHome::new(CONFIG, CREDENTIALS);
    let session = Session::builder()
        .process_env(home.env().with("AWS_PROFILE", "dev"))
        .load()
        .await
        .unwrap();
    assert_eq!(access_key(&session).await, "AKIDDEV");
    let missing = Session::builder()
        .process_env(home.env().with("AWS_PROFILE", "nope"))
        .load()
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("nope"), "{missing}");
}

#[tokio::test]
async fn explicit_credentials_and_region_bypass_the_chain() {
    let home = TempHome::new(CONFIG, CREDENTIALS);
    let session = Session::builder()
        .process_env(home.env().with("AWS_DEFAULT_REGION", "us-west-2"))
        .credentials(Credentials::new("AKIDEXPLICIT", "explicit-secret", None))
        .region("ca-central-1")
        .load()
        .await
        .unwrap();
    assert_eq!(access_key(&session).await, "AKIDEXPLICIT");
    assert_eq!(session.region(), Some("ca-central-1"));
    let from_env = Session::builder()
        .process_env(home.env().with("AWS_DEFAULT_REGION", "us-west-2"))
        .load()
        .await
        .unwrap();
    assert_eq!(from_env.region(), Some("us-west-2"));
}

fn sqs_like_model() -> ServiceModel {
    let json = serde_json::json!({
        "version": "2.0",
        "metadata": {"protocol": "json", "serviceId": "SQS", "endpointPrefix": "sqs",
            "jsonVersion": "1.0", "targetPrefix": "AmazonSQS", "signatureVersion": "v4"},
        "operations": {},
        "shapes": {}
    });
    ServiceModel::from_definition("sqs", serde_json::from_value(json).unwrap())
}

#[tokio::test]
async fn endpoint_order_is_botocores() {
    let home = TempHome::new(CONFIG, CREDENTIALS);
    let model = sqs_like_model();
    let load = |env: Env, endpoint: Option<&str>| {
        let mut builder = Session::builder().process_env(env).profile_name("dev");
        if let Some(url) = endpoint {
            builder = builder.endpoint_url(url);
        }
        builder.load()
    };
    let all = home
        .env()
        .with("AWS_ENDPOINT_URL_SQS", "http://svc:1")
        .with("AWS_ENDPOINT_URL", "http://global:2");
    let s = load(all.clone(), Some("http://explicit:0")).await.unwrap();
    assert_eq!(
        s.endpoint_url_for(&model).as_deref(),
        Some("http://explicit:0")
    );
    let s = load(all.clone(), None).await.unwrap();
    assert_eq!(s.endpoint_url_for(&model).as_deref(), Some("http://svc:1"));
    let s = load(home.env().with("AWS_ENDPOINT_URL", "http://global:2"), None)
        .await
        .unwrap();
    assert_eq!(
        s.endpoint_url_for(&model).as_deref(),
        Some("http://global:2")
    );
    let s = load(home.env(), None).await.unwrap();
    assert_eq!(
        s.endpoint_url_for(&model).as_deref(),
        Some("http://127.0.0.1:4566"),
        "the [services local] section"
    );
    let ignoring = all.with("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    let s = load(ignoring.clone(), None).await.unwrap();
    assert_eq!(s.endpoint_url_for(&model), None);
    let s = load(ignoring, Some("http://explicit:0")).await.unwrap();
    assert_eq!(
        s.endpoint_url_for(&model).as_deref(),
        Some("http://explicit:0"),
        "an explicit endpoint is never ignored"
    );
}

#[test]
fn build_uses_only_explicit_settings_and_hides_secrets() {
    let session = Session::builder()
        .region("us-east-1")
        .credentials(Credentials::new("KEY", "SECRET", Some("TOKEN".into())))
        .config(Config::builder().max_attempts(7).build())
        .build();
    assert_eq!(session.region(), Some("us-east-1"));
    assert_eq!(session.config().max_attempts, Some(7));
    let shown = format!("{session:?}");
    assert!(shown.contains("KEY") && !shown.contains("SECRET") && !shown.contains("TOKEN"));
}

#[tokio::test]
async fn the_profile_or_the_config_can_ignore_configured_endpoints() {
    let config =
        "[default]\nendpoint_url = http://profile:1\nignore_configured_endpoint_urls = true\n\
        [profile plain]\nendpoint_url = http://profile:1\n";
    let home = TempHome::new(config, CREDENTIALS);
    let model = sqs_like_model();
    let s = Session::builder()
        .process_env(home.env())
        .load()
        .await
        .unwrap();
    assert_eq!(
        s.endpoint_url_for(&model),
        None,
        "the profile says to ignore them"
    );
    let env = home
        .env()
        .with("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
    let s = Session::builder().process_env(env).load().await.unwrap();
    assert_eq!(
        s.endpoint_url_for(&model).as_deref(),
        Some("http://profile:1"),
        "the variable comes before the profile key"
    );
    let s = Session::builder()
        .process_env(home.env().with("AWS_PROFILE", "plain"))
        .config(
            Config::builder()
                .ignore_configured_endpoint_urls(true)
                .build(),
        )
        .load()
        .await
        .unwrap();
    assert_eq!(
        s.endpoint_url_for(&model),
        None,
        "the program's config says so"
    );
    let s = Session::builder()
        .process_env(home.env().with("AWS_PROFILE", "plain"))
        .load()
        .await
        .unwrap();
    let client_config = Config::builder()
        .ignore_configured_endpoint_urls(true)
        .build();
    let client = s.client_with_config(model.clone(), client_config).unwrap();
    assert_eq!(client.endpoint_url(), None, "a client's own config says so");
    let client = s.client(model.clone()).unwrap();
    assert_eq!(client.endpoint_url(), Some("http://profile:1"));
}
