//! The credential chain end to end: real files and environments in temporary directories, a
//! real `credential_process` script, SSO token cache files, assume-role chains against a
//! recording STS double, and a loopback HTTP server playing the instance metadata service and
//! the container credentials endpoint (there is no real peer for those off AWS).
//!
//! Environments are passed as maps, never set on the process, so the tests run in parallel.

use rboto_test_support::captured_log::CapturedLog;
use rboto_test_support::loopback::{RecordingPeer, Request, Response};

use futures::future::BoxFuture;
use rboto_runtime::config_file::Env;
use rboto_runtime::credentials::{
    AssumeRoleRequest, AssumeRoleWithWebIdentityRequest, AssumedRole, ChainContext, Clock,
    ContainerProvider, CreateTokenRequest, CreatedToken, CredentialProvider, Credentials,
    CredentialsCache, CredentialsChain, RoleCredentialsRequest, SsoOidc, SsoPortal, StsClient,
};
use rboto_runtime::Error;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;

// ---------------------------------------------------------------------------------------------
// Fixtures

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("rboto-creds-{}", uuid_like()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn uuid_like() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// A home directory with `.aws/config` and `.aws/credentials`, and an environment pointing at
/// it. Instance metadata is disabled unless a test points it at its own server.
struct Fixture {
    dir: TempDir,
    env: Env,
}

impl Fixture {
    fn new() -> Self {
        let dir = TempDir::new();
        let home = dir.0.clone();
        std::fs::create_dir_all(home.join(".aws")).unwrap();
        let env = Env::new()
            .with("HOME", home.to_str().unwrap())
            .with("AWS_EC2_METADATA_DISABLED", "true");
        Fixture { dir, env }
    }

    fn home(&self) -> &Path {
        &self.dir.0
    }

    fn config(&self, text: &str) {
        std::fs::write(self.home().join(".aws/config"), text).unwrap();
    }

    fn credentials(&self, text: &str) {
        std::fs::write(self.home().join(".aws/credentials"), text).unwrap();
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.home().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }

    fn set(&mut self, name: &str, value: &str) {
        self.env.set(name, value);
    }

    async fn context(&self) -> ChainContext {
        ChainContext::load(self.env.clone())
            .await
            .expect("shared files load")
    }

    async fn chain(&self, ctx: ChainContext, explicit: Option<&str>) -> Result<Resolved, Error> {
        let chain = Arc::new(CredentialsChain::default_chain(&ctx, explicit)?);
        let cache = CredentialsCache::new(chain.clone()).with_clock(ctx.clock().clone());
        Ok(Resolved { chain, cache })
    }

    /// Resolves once and returns the winning provider's name with the credentials.
    async fn resolve(&self, explicit: Option<&str>) -> Result<(&'static str, Credentials), Error> {
        let resolved = self.chain(self.context().await, explicit).await?;
        resolved.get().await
    }
}

struct Resolved {
    chain: Arc<CredentialsChain>,
    cache: CredentialsCache,
}

impl Resolved {
    async fn get(&self) -> Result<(&'static str, Credentials), Error> {
        let creds = self.cache.credentials().await?;
        Ok((
            self.chain.resolved_provider().expect("a provider won"),
            creds,
        ))
    }
}

/// A clock the test moves by hand.
#[derive(Clone)]
struct ManualClock(Arc<AtomicU64>);

impl ManualClock {
    fn at(epoch_secs: u64) -> Self {
        ManualClock(Arc::new(AtomicU64::new(epoch_secs)))
    }

    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst))
    }

    fn advance(&self, by: Duration) {
        self.0.fetch_add(by.as_secs(), Ordering::SeqCst);
    }

    fn clock(&self) -> Clock {
        let me = self.clone();
        Clock::from_fn(move || me.now())
    }
}

/// 2030-01-01T00:00:00Z.
const T0: u64 = 1_893_456_000;

fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let dt = time::OffsetDateTime::from_unix_timestamp(secs).unwrap();
    dt.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// STS and SSO doubles

#[derive(Debug, Clone, PartialEq)]
enum StsCall {
    AssumeRole {
        signed_with: String,
        request: AssumeRoleRequest,
    },
    WebIdentity(AssumeRoleWithWebIdentityRequest),
}

/// Records every call and issues credentials named after the role and the call number.
struct RecordingSts {
    calls: Mutex<Vec<StsCall>>,
    clock: ManualClock,
}

impl RecordingSts {
    fn new(clock: ManualClock) -> Arc<Self> {
        Arc::new(RecordingSts {
            calls: Mutex::new(Vec::new()),
            clock,
        })
    }

    fn calls(&self) -> Vec<StsCall> {
        self.calls.lock().unwrap().clone()
    }

    fn issue(&self, role_arn: &str, session: &str) -> AssumedRole {
        let n = self.calls.lock().unwrap().len();
        let role = role_arn.rsplit('/').next().unwrap();
        let account = role_arn.split(':').nth(4).unwrap();
        AssumedRole {
            credentials: Credentials::new(
                format!("ASIA{role}{n}"),
                format!("secret-{role}"),
                Some(format!("token-{role}")),
            )
            .with_expiry(self.clock.now() + Duration::from_secs(3600)),
            assumed_role_arn: Some(format!(
                "arn:aws:sts::{account}:assumed-role/{role}/{session}"
            )),
        }
    }
}

impl StsClient for RecordingSts {
    fn assume_role(
        &self,
        source: Credentials,
        request: AssumeRoleRequest,
    ) -> BoxFuture<'_, Result<AssumedRole, Error>> {
        Box::pin(async move {
            self.calls.lock().unwrap().push(StsCall::AssumeRole {
                signed_with: source.access_key_id().to_string(),
                request: request.clone(),
            });
            Ok(self.issue(&request.role_arn, &request.role_session_name))
        })
    }

    fn assume_role_with_web_identity(
        &self,
        request: AssumeRoleWithWebIdentityRequest,
    ) -> BoxFuture<'_, Result<AssumedRole, Error>> {
        Box::pin(async move {
            self.calls
                .lock()
                .unwrap()
                .push(StsCall::WebIdentity(request.clone()));
            Ok(self.issue(&request.role_arn, &request.role_session_name))
        })
    }
}

struct RecordingPortal {
    calls: Mutex<Vec<RoleCredentialsRequest>>,
}

impl SsoPortal for RecordingPortal {
    fn get_role_credentials(
        &self,
        request: RoleCredentialsRequest,
    ) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async move {
            let key = format!("ASIASSO{}", request.role_name);
            self.calls.lock().unwrap().push(request);
            Ok(
                Credentials::new(key, "sso-secret", Some("sso-token".into()))
                    .with_expiry(SystemTime::now() + Duration::from_secs(3600)),
            )
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Loopback HTTP server (instance metadata service, container endpoint)

/// A loopback HTTP server answering each request with `handler`'s status and body, one request
/// a connection, and keeping the requests.
struct Server(RecordingPeer);

impl Server {
    async fn start(handler: impl Fn(&Request) -> (u16, String) + Send + Sync + 'static) -> Server {
        let peer = RecordingPeer::start(move |request| {
            let (status, body) = handler(request);
            Response::new(status, body).header("connection", "close")
        })
        .await;
        Server(peer)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0.url())
    }

    fn requests(&self) -> Vec<Request> {
        self.0.requests()
    }
}

fn credentials_document(key: &str, expiry: SystemTime) -> String {
    format!(
        r#"{{"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "{key}", "SecretAccessKey": "imds-secret", "Token": "imds-token", "Expiration": "{}"}}"#,
        rfc3339(expiry)
    )
}

/// An IMDSv2 double: hands out token `TOKEN-1`, role `app-role` and credentials `IMDS<n>`
/// valid for an hour from `clock`.
async fn imds_server(clock: ManualClock, v2: bool) -> Server {
    let served = Arc::new(AtomicUsize::new(0));
    Server::start(move |req| {
        let has_token = req.header("x-aws-ec2-metadata-token") == Some("TOKEN-1");
        match (req.method.as_str(), req.target.as_str()) {
            ("PUT", "/latest/api/token") if v2 => {
                if req.header("x-aws-ec2-metadata-token-ttl-seconds") == Some("21600") {
                    (200, "TOKEN-1".into())
                } else {
                    (400, String::new())
                }
            }
            ("PUT", "/latest/api/token") => (403, String::new()),
            ("GET", _) if v2 && !has_token => (401, String::new()),
            ("GET", "/latest/meta-data/iam/security-credentials/") => (200, "app-role".into()),
            ("GET", "/latest/meta-data/placement/availability-zone/") => (200, "eu-west-3b".into()),
            ("GET", "/latest/meta-data/iam/security-credentials/app-role") => {
                let n = served.fetch_add(1, Ordering::SeqCst) + 1;
                (
                    200,
                    credentials_document(
                        &format!("IMDS{n}"),
                        clock.now() + Duration::from_secs(3600),
                    ),
                )
            }
            _ => (404, String::new()),
        }
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Order

#[tokio::test]
async fn default_chain_is_in_botocores_order() {
    let fx = Fixture::new();
    let ctx = fx.context().await;
    let chain = CredentialsChain::default_chain(&ctx, None).unwrap();
    assert_eq!(
        chain.provider_names(),
        [
            "env",
            "assume-role",
            "assume-role-with-web-identity",
            "sso",
            "shared-credentials-file",
            "login",
            "custom-process",
            "config-file",
            "ec2-credentials-file",
            "boto-config",
            "container-role",
            "iam-role"
        ]
    );
    fx.config("[profile dev]\nregion = eu-west-1\n");
    let explicit = CredentialsChain::default_chain(&fx.context().await, Some("dev")).unwrap();
    assert_eq!(
        explicit.provider_names()[0],
        "assume-role",
        "explicit profile drops env"
    );
}

#[tokio::test]
async fn environment_wins_unless_a_profile_is_chosen_explicitly() {
    let mut fx = Fixture::new();
    fx.credentials("[default]\naws_access_key_id = FILE_DEFAULT\naws_secret_access_key = s\n[dev]\naws_access_key_id = FILE_DEV\naws_secret_access_key = s\n");
    fx.set("AWS_ACCESS_KEY_ID", "ENV_KEY");
    fx.set("AWS_SECRET_ACCESS_KEY", "env-secret");
    fx.set("AWS_SESSION_TOKEN", "env-token");

    let (provider, creds) = fx.resolve(None).await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id(), creds.session_token()),
        ("env", "ENV_KEY", Some("env-token"))
    );

    // A profile from AWS_PROFILE does not remove the environment provider.
    fx.set("AWS_PROFILE", "dev");
    let (provider, creds) = fx.resolve(None).await.unwrap();
    assert_eq!((provider, creds.access_key_id()), ("env", "ENV_KEY"));

    // A profile chosen by the program does.
    let (provider, creds) = fx.resolve(Some("dev")).await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id()),
        ("shared-credentials-file", "FILE_DEV")
    );
}

#[tokio::test]
async fn named_profile_must_exist() {
    let mut fx = Fixture::new();
    fx.credentials("[default]\naws_access_key_id = A\naws_secret_access_key = s\n");
    let err = fx.resolve(Some("missing")).await.unwrap_err();
    assert!(
        err.to_string().contains("(missing) could not be found"),
        "{err}"
    );
    fx.set("AWS_PROFILE", "also-missing");
    let err = fx.resolve(None).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("(also-missing) could not be found"),
        "{err}"
    );
}

#[tokio::test]
async fn partial_environment_credentials_stop_the_chain() {
    let mut fx = Fixture::new();
    fx.credentials("[default]\naws_access_key_id = A\naws_secret_access_key = s\n");
    fx.set("AWS_ACCESS_KEY_ID", "ENV_KEY");
    let err = fx.resolve(None).await.unwrap_err();
    assert!(err.is_credentials());
    assert!(err.to_string().contains("AWS_SECRET_ACCESS_KEY"), "{err}");
}

#[tokio::test]
async fn files_follow_shared_credentials_then_process_then_config() {
    let mut fx = Fixture::new();
    fx.set("AWS_CONFIG_FILE", &fx.file("my-config", "[profile dev]\naws_access_key_id = FROM_CONFIG\naws_secret_access_key = s\ncredential_process = /bin/echo '{\"Version\": 1, \"AccessKeyId\": \"FROM_PROCESS\", \"SecretAccessKey\": \"p\"}'\n"));
    let creds_path = fx.file("my-credentials", "[dev]\naws_access_key_id = FROM_CREDS\naws_secret_access_key = s\naws_account_id = 111122223333\n");
    fx.set("AWS_SHARED_CREDENTIALS_FILE", &creds_path);

    let (provider, creds) = fx.resolve(Some("dev")).await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id(), creds.account_id()),
        (
            "shared-credentials-file",
            "FROM_CREDS",
            Some("111122223333")
        )
    );

    std::fs::write(&creds_path, "").unwrap();
    let (provider, creds) = fx.resolve(Some("dev")).await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id()),
        ("custom-process", "FROM_PROCESS")
    );

    fx.set(
        "AWS_CONFIG_FILE",
        &fx.file(
            "my-config",
            "[profile dev]\naws_access_key_id = FROM_CONFIG\naws_secret_access_key = s\n",
        ),
    );
    let (provider, creds) = fx.resolve(Some("dev")).await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id()),
        ("config-file", "FROM_CONFIG")
    );
}

#[tokio::test]
async fn legacy_files_come_after_the_config_file_and_before_the_container() {
    let mut fx = Fixture::new();
    let ec2 = fx.file(
        "ec2-creds",
        "AWSAccessKeyId=FROM_EC2_FILE\nAWSSecretKey=s\n",
    );
    let boto = fx.file(
        "boto.cfg",
        "[Credentials]\naws_access_key_id = FROM_BOTO\naws_secret_access_key = s\n",
    );
    fx.set(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://127.0.0.1:9/never-called",
    );
    fx.set("BOTO_CONFIG", &boto);
    let (provider, creds) = fx.resolve(None).await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id()),
        ("boto-config", "FROM_BOTO")
    );
    fx.set("AWS_CREDENTIAL_FILE", &ec2);
    let (provider, creds) = fx.resolve(None).await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id()),
        ("ec2-credentials-file", "FROM_EC2_FILE")
    );
    fx.config("[default]\naws_access_key_id = FROM_CONFIG\naws_secret_access_key = s\n");
    let (provider, creds) = fx.resolve(None).await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id()),
        ("config-file", "FROM_CONFIG")
    );
}

#[tokio::test]
async fn login_profiles_are_reported_before_credential_process_runs() {
    let fx = Fixture::new();
    fx.config("[profile web]\nlogin_session = arn:aws:iam::1:user/me\ncredential_process = /bin/echo unused\n");
    let err = fx.resolve(Some("web")).await.unwrap_err();
    assert!(err.to_string().contains("login_session"), "{err}");
}

#[tokio::test]
async fn nothing_configured_is_a_clear_error() {
    let fx = Fixture::new();
    let err = fx.resolve(None).await.unwrap_err();
    assert!(err.is_credentials());
    assert!(
        err.to_string().contains("unable to locate credentials"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// credential_process

#[cfg(unix)]
#[tokio::test]
async fn credential_process_runs_a_real_script_and_refreshes_on_expiry() {
    use std::os::unix::fs::PermissionsExt;
    let fx = Fixture::new();
    let counter = fx.home().join("count");
    let script = fx.file(
        "creds.sh",
        &format!(
            "#!/bin/sh\nn=$(cat '{c}' 2>/dev/null || echo 0)\nn=$((n+1))\necho $n > '{c}'\nif [ $n = 1 ]; then exp={e1}; else exp={e2}; fi\nprintf '{{\"Version\": 1, \"AccessKeyId\": \"PROC%s\", \"SecretAccessKey\": \"proc-secret\", \"SessionToken\": \"proc-token\", \"Expiration\": \"%s\"}}' \"$n\" \"$exp\"\n",
            c = counter.display(),
            e1 = rfc3339(UNIX_EPOCH + Duration::from_secs(T0 + 3600)),
            e2 = rfc3339(UNIX_EPOCH + Duration::from_secs(T0 + 7200)),
        ),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    fx.config(&format!(
        "[default]\ncredential_process = \"{script}\" --profile default\n"
    ));

    let clock = ManualClock::at(T0);
    let ctx = fx.context().await.with_clock(clock.clock());
    let resolved = fx.chain(ctx, None).await.unwrap();
    let (provider, creds) = resolved.get().await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id(), creds.session_token()),
        ("custom-process", "PROC1", Some("proc-token"))
    );

    clock.advance(Duration::from_secs(40 * 60));
    assert_eq!(
        resolved.get().await.unwrap().1.access_key_id(),
        "PROC1",
        "20 minutes left: still fresh"
    );
    clock.advance(Duration::from_secs(12 * 60));
    let (_, refreshed) = resolved.get().await.unwrap();
    assert_eq!(
        refreshed.access_key_id(),
        "PROC2",
        "8 minutes left: refreshed"
    );
    assert_eq!(
        refreshed.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(T0 + 7200))
    );
    assert_eq!(std::fs::read_to_string(&counter).unwrap().trim(), "2");
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_failure_names_the_profile() {
    let fx = Fixture::new();
    fx.config("[profile ci]\ncredential_process = /bin/sh -c 'echo denied >&2; exit 1'\n");
    let err = fx.resolve(Some("ci")).await.unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("profile \"ci\"") && msg.contains("denied"),
        "{msg}"
    );
}

// ---------------------------------------------------------------------------------------------
// SSO

#[tokio::test]
async fn sso_reads_the_cli_token_cache() {
    let fx = Fixture::new();
    fx.config(
        "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Developer\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n\
         [profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 210987654321\nsso_role_name = ReadOnly\n",
    );
    let cache = fx.home().join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).unwrap();
    let in_an_hour = rfc3339(SystemTime::now() + Duration::from_secs(3600));
    std::fs::write(
        cache.join("ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        format!(r#"{{"accessToken": "corp-access-token", "expiresAt": "{in_an_hour}", "region": "eu-central-1", "startUrl": "https://corp.awsapps.com/start"}}"#),
    )
    .unwrap();
    let portal = Arc::new(RecordingPortal {
        calls: Mutex::new(Vec::new()),
    });
    let ctx = fx.context().await.with_sso(portal.clone());
    let (provider, creds) = fx
        .chain(ctx.clone(), Some("dev"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(
        (provider, creds.access_key_id(), creds.account_id()),
        ("sso", "ASIASSODeveloper", Some("123456789012"))
    );
    {
        let calls = portal.calls.lock().unwrap();
        assert_eq!(calls.len(), 1);
        assert_eq!(
            (
                calls[0].region.as_str(),
                calls[0].account_id.as_str(),
                calls[0].role_name.as_str(),
                calls[0].access_token.as_str()
            ),
            (
                "eu-central-1",
                "123456789012",
                "Developer",
                "corp-access-token"
            )
        );
    }

    // Legacy profile: the cache file is named after the start URL; an expired token is refused.
    let an_hour_ago = rfc3339(SystemTime::now() - Duration::from_secs(3600));
    std::fs::write(
        cache.join("79e435d7a515078e81c9dffc35f38d5687ebd3a7.json"),
        format!(r#"{{"accessToken": "legacy-token", "expiresAt": "{an_hour_ago}"}}"#),
    )
    .unwrap();
    let err = fx
        .chain(ctx.clone(), Some("legacy"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("aws sso login"), "{err}");
    std::fs::remove_file(cache.join("79e435d7a515078e81c9dffc35f38d5687ebd3a7.json")).unwrap();
    let err = fx
        .chain(ctx, Some("legacy"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert_eq!(
        portal.calls.lock().unwrap().len(),
        1,
        "no portal call without a valid token"
    );
}

struct RecordingOidc {
    calls: Mutex<Vec<CreateTokenRequest>>,
    fail: bool,
}

impl SsoOidc for RecordingOidc {
    fn create_token(
        &self,
        request: CreateTokenRequest,
    ) -> BoxFuture<'_, Result<CreatedToken, Error>> {
        Box::pin(async move {
            self.calls.lock().unwrap().push(request);
            if self.fail {
                return Err(Error::credentials("oidc is down"));
            }
            Ok(CreatedToken {
                access_token: "refreshed-access".into(),
                expires_in: 8 * 3600,
                refresh_token: Some("rotated-refresh".into()),
            })
        })
    }
}

#[tokio::test]
async fn sso_session_token_near_expiry_is_refreshed_and_saved() {
    let fx = Fixture::new();
    fx.config(
        "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Developer\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n",
    );
    let cache_dir = fx.home().join(".aws/sso/cache");
    std::fs::create_dir_all(&cache_dir).unwrap();
    let cache_file = cache_dir.join("ee0bfd2552fbd840c02cc48b6e823320543c450f.json");
    let write_entry = |with_refresh: bool| {
        let soon = rfc3339(SystemTime::now() + Duration::from_secs(5 * 60));
        let registration = rfc3339(SystemTime::now() + Duration::from_secs(30 * 86400));
        let extra = if with_refresh {
            format!(
                r#", "refreshToken": "old-refresh", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "{registration}""#
            )
        } else {
            String::new()
        };
        std::fs::write(
            &cache_file,
            format!(r#"{{"accessToken": "old-access", "expiresAt": "{soon}"{extra}}}"#),
        )
        .unwrap();
    };
    let run = |oidc: Arc<RecordingOidc>| {
        let portal = Arc::new(RecordingPortal {
            calls: Mutex::new(Vec::new()),
        });
        let fx = &fx;
        async move {
            let ctx = fx
                .context()
                .await
                .with_sso(portal.clone())
                .with_sso_oidc(oidc);
            fx.chain(ctx, Some("dev"))
                .await
                .unwrap()
                .get()
                .await
                .unwrap();
            let token = portal.calls.lock().unwrap()[0].access_token.clone();
            token
        }
    };

    write_entry(true);
    let oidc = Arc::new(RecordingOidc {
        calls: Mutex::new(Vec::new()),
        fail: false,
    });
    assert_eq!(run(oidc.clone()).await, "refreshed-access");
    {
        let calls = oidc.calls.lock().unwrap();
        assert_eq!(calls.len(), 1);
        assert_eq!(
            (
                calls[0].region.as_str(),
                calls[0].client_id.as_str(),
                calls[0].client_secret.as_str(),
                calls[0].refresh_token.as_str()
            ),
            ("eu-central-1", "cid", "csecret", "old-refresh")
        );
    }
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cache_file).unwrap()).unwrap();
    assert_eq!(saved["accessToken"], "refreshed-access");
    assert_eq!(saved["refreshToken"], "rotated-refresh");
    assert_eq!(saved["clientSecret"], "csecret");
    assert_eq!(saved["startUrl"], "https://corp.awsapps.com/start");
    let expires =
        rboto_runtime::protocol::timestamp::parse(saved["expiresAt"].as_str().unwrap()).unwrap();
    assert!(SystemTime::from(expires) > SystemTime::now() + Duration::from_secs(7 * 3600));

    // A failed refresh keeps the still-valid old token.
    write_entry(true);
    let failing = Arc::new(RecordingOidc {
        calls: Mutex::new(Vec::new()),
        fail: true,
    });
    assert_eq!(run(failing.clone()).await, "old-access");
    assert_eq!(failing.calls.lock().unwrap().len(), 1);

    // Without a refresh token nothing is attempted.
    write_entry(false);
    let unused = Arc::new(RecordingOidc {
        calls: Mutex::new(Vec::new()),
        fail: false,
    });
    assert_eq!(run(unused.clone()).await, "old-access");
    assert!(unused.calls.lock().unwrap().is_empty());
}

#[tokio::test]
async fn sso_over_http_with_token_refresh() {
    use rboto_runtime::credentials::HttpSso;
    let server = Server::start(|req| match (req.method.as_str(), req.target.as_str()) {
        ("POST", "/token") => {
            let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            if body["grantType"] == "refresh_token" && body["refreshToken"] == "old-refresh" && body["clientSecret"] == "csecret" {
                (200, r#"{"accessToken": "new-access", "expiresIn": 28800, "refreshToken": "new-refresh", "tokenType": "Bearer"}"#.into())
            } else {
                (400, r#"{"error": "invalid_request"}"#.into())
            }
        }
        ("GET", path) if path.starts_with("/federation/credentials?") => {
            let expected = "/federation/credentials?role_name=Developer&account_id=123456789012";
            match req.header("x-amz-sso_bearer_token") {
                Some("new-access") if path == expected => (
                    200,
                    r#"{"roleCredentials": {"accessKeyId": "ASIAPORTAL", "secretAccessKey": "portal-secret", "sessionToken": "portal-token", "expiration": 4102444800000}}"#.into(),
                ),
                _ => (401, r#"{"message": "Session token not found or invalid"}"#.into()),
            }
        }
        _ => (404, String::new()),
    })
    .await;
    let fx = Fixture::new();
    fx.config(
        "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Developer\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n",
    );
    let cache_dir = fx.home().join(".aws/sso/cache");
    std::fs::create_dir_all(&cache_dir).unwrap();
    let soon = rfc3339(SystemTime::now() + Duration::from_secs(60));
    let registration = rfc3339(SystemTime::now() + Duration::from_secs(86400));
    std::fs::write(
        cache_dir.join("ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        format!(r#"{{"accessToken": "old-access", "expiresAt": "{soon}", "refreshToken": "old-refresh", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "{registration}"}}"#),
    )
    .unwrap();
    let log = CapturedLog::default();
    let sso = Arc::new(
        HttpSso::new(default_transport())
            .with_endpoint_url(&server.url("/"))
            .unwrap()
            .with_wire_log(rboto_runtime::hooks::WireLog::to_writer(log.clone())),
    );
    let ctx = fx.context().await.with_sso(sso.clone()).with_sso_oidc(sso);
    let (provider, creds) = fx
        .chain(ctx, Some("dev"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(
        (provider, creds.access_key_id(), creds.account_id()),
        ("sso", "ASIAPORTAL", Some("123456789012"))
    );
    assert_eq!(
        creds.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(4_102_444_800))
    );
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    assert_eq!(
        paths,
        [
            "POST /token",
            "GET /federation/credentials?role_name=Developer&account_id=123456789012"
        ]
    );
    // The wire log shows both calls and neither the tokens, the client secret nor the keys.
    let log = log.text();
    for secret in [
        "old-access",
        "old-refresh",
        "csecret",
        "new-access",
        "new-refresh",
        "portal-secret",
        "portal-token",
    ] {
        assert!(!log.contains(secret), "{secret} is in the wire log:\n{log}");
    }
    for line in [
        "rboto wire >> sso-oidc.CreateToken attempt 1\nPOST ",
        "rboto wire << sso-oidc.CreateToken status 200\n",
        "\"refreshToken\":\"<redacted>\"",
        "rboto wire >> sso.GetRoleCredentials attempt 1\nGET ",
        "x-amz-sso_bearer_token: <redacted>\n",
        "rboto wire << sso.GetRoleCredentials status 200\n",
        "\"secretAccessKey\": \"<redacted>\"",
        "\"accessKeyId\": \"ASIAPORTAL\"",
    ] {
        assert!(
            log.contains(line),
            "{line:?} is not in the wire log:\n{log}"
        );
    }

    // A token the portal refuses is reported as an expired session.
    let fx2 = Fixture::new();
    fx2.config("[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n");
    let dir = fx2.home().join(".aws/sso/cache");
    std::fs::create_dir_all(&dir).unwrap();
    let later = rfc3339(SystemTime::now() + Duration::from_secs(3600));
    std::fs::write(
        dir.join("79e435d7a515078e81c9dffc35f38d5687ebd3a7.json"),
        format!(r#"{{"accessToken": "revoked", "expiresAt": "{later}"}}"#),
    )
    .unwrap();
    let sso = Arc::new(
        HttpSso::new(default_transport())
            .with_endpoint_url(&server.url("/"))
            .unwrap(),
    );
    let err = fx2
        .chain(fx2.context().await.with_sso(sso), Some("legacy"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("aws sso login"), "{err}");
    assert!(!err.to_string().contains("revoked"), "{err}");
}

fn default_transport() -> std::sync::Arc<dyn rboto_runtime::transport::Transport> {
    rboto_runtime::transport::default_transport(&rboto_runtime::Config::default()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Assume role

#[tokio::test]
async fn assume_role_chain_calls_sts_hop_by_hop() {
    let fx = Fixture::new();
    fx.config(
        "[profile admin]\nrole_arn = arn:aws:iam::111111111111:role/Admin\nsource_profile = ops\nexternal_id = ext-1\nrole_session_name = me\nduration_seconds = 1800\n\
         [profile ops]\nrole_arn = arn:aws:iam::222222222222:role/Ops\nsource_profile = base\n",
    );
    fx.credentials("[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = base-secret\n");
    let clock = ManualClock::at(T0);
    let sts = RecordingSts::new(clock.clone());
    let ctx = fx
        .context()
        .await
        .with_sts(sts.clone())
        .with_clock(clock.clock());
    let resolved = fx.chain(ctx, Some("admin")).await.unwrap();
    let (provider, creds) = resolved.get().await.unwrap();
    assert_eq!(provider, "assume-role");
    assert_eq!(creds.access_key_id(), "ASIAAdmin2");
    assert_eq!(creds.account_id(), Some("111111111111"));

    let calls = sts.calls();
    assert_eq!(calls.len(), 2);
    let StsCall::AssumeRole {
        signed_with,
        request,
    } = &calls[0]
    else {
        panic!("{calls:?}")
    };
    assert_eq!(signed_with, "BASEKEY");
    assert_eq!(request.role_arn, "arn:aws:iam::222222222222:role/Ops");
    assert_eq!(request.role_session_name, format!("botocore-session-{T0}"));
    assert_eq!(
        (request.external_id.as_deref(), request.duration_seconds),
        (None, None)
    );
    let StsCall::AssumeRole {
        signed_with,
        request,
    } = &calls[1]
    else {
        panic!("{calls:?}")
    };
    assert_eq!(signed_with, "ASIAOps1");
    assert_eq!(request.role_arn, "arn:aws:iam::111111111111:role/Admin");
    assert_eq!(request.role_session_name, "me");
    assert_eq!(
        (request.external_id.as_deref(), request.duration_seconds),
        (Some("ext-1"), Some(1800))
    );

    // Fresh credentials are served from the cache; near expiry only what expired is renewed.
    resolved.get().await.unwrap();
    assert_eq!(sts.calls().len(), 2);
    clock.advance(Duration::from_secs(55 * 60));
    let (_, renewed) = resolved.get().await.unwrap();
    assert_eq!(
        sts.calls().len(),
        4,
        "both hops expired together, both renewed"
    );
    assert_eq!(renewed.access_key_id(), "ASIAAdmin4");
}

#[tokio::test]
async fn assume_role_configuration_errors() {
    let cases = [
        ("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n", "infinite loop"),
        ("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = a\n", "infinite loop"),
        ("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = nowhere\n", "\"nowhere\" referenced in the profile \"a\" does not exist"),
        ("[profile a]\nrole_arn = arn:aws:iam::1:role/A\n", "source_profile or credential_source"),
        ("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\ncredential_source = Environment\n[profile b]\n", "both source_profile and credential_source"),
        ("[profile a]\nrole_arn = arn:aws:iam::1:role/A\ncredential_source = Lambda\n", "\"Lambda\" referenced in profile \"a\" is not valid"),
        ("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\nmfa_serial = arn:aws:iam::1:mfa/me\n[profile b]\naws_access_key_id = K\naws_secret_access_key = s\n", "mfa_serial"),
        ("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\nregion = us-east-1\n", "source profile \"b\" must have credentials"),
        ("[profile a]\nrole_arn = arn:aws:iam::1:role/A\ncredential_source = Environment\n", "no credentials found in credential_source \"Environment\""),
    ];
    for (config, expected) in cases {
        let fx = Fixture::new();
        fx.config(config);
        let sts = RecordingSts::new(ManualClock::at(T0));
        let ctx = fx.context().await.with_sts(sts.clone());
        let err = fx
            .chain(ctx, Some("a"))
            .await
            .unwrap()
            .get()
            .await
            .unwrap_err();
        assert!(err.is_credentials());
        assert!(err.to_string().contains(expected), "{config}\n=> {err}");
        assert!(sts.calls().is_empty(), "{config}");
    }
}

#[tokio::test]
async fn assume_role_from_a_profile_that_sources_itself_and_from_named_sources() {
    let mut fx = Fixture::new();
    fx.config("[profile self]\nrole_arn = arn:aws:iam::333333333333:role/Self\nsource_profile = self\naws_access_key_id = SELFKEY\naws_secret_access_key = s\n[profile fromenv]\nrole_arn = arn:aws:iam::444444444444:role/FromEnv\ncredential_source = Environment\n");
    fx.set("AWS_ACCESS_KEY_ID", "ENVKEY");
    fx.set("AWS_SECRET_ACCESS_KEY", "env-secret");
    let sts = RecordingSts::new(ManualClock::at(T0));
    let ctx = fx.context().await.with_sts(sts.clone());

    let (_, creds) = fx
        .chain(ctx.clone(), Some("self"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIASelf1");
    // Environment keys are the named source even though an explicit profile drops the env provider.
    let (_, creds) = fx
        .chain(ctx, Some("fromenv"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAFromEnv2");
    let signers: Vec<String> = sts
        .calls()
        .into_iter()
        .map(|c| match c {
            StsCall::AssumeRole { signed_with, .. } => signed_with,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(signers, ["SELFKEY", "ENVKEY"]);
}

#[tokio::test]
async fn assume_role_from_instance_metadata_and_container_sources() {
    let clock = ManualClock::at(T0);
    let imds = imds_server(clock.clone(), true).await;
    let container = Server::start(|_| {
        (200, r#"{"AccessKeyId": "CONTAINERKEY", "SecretAccessKey": "s", "Token": "t", "Expiration": "2099-01-01T00:00:00Z"}"#.into())
    })
    .await;
    let mut fx = imds_fixture(&imds);
    fx.set(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        &container.url("/creds"),
    );
    fx.config(
        "[profile ec2]\nrole_arn = arn:aws:iam::111111111111:role/FromEc2\ncredential_source = Ec2InstanceMetadata\n\
         [profile ecs]\nrole_arn = arn:aws:iam::222222222222:role/FromEcs\ncredential_source = EcsContainer\n",
    );
    let sts = RecordingSts::new(clock.clone());
    let ctx = fx
        .context()
        .await
        .with_sts(sts.clone())
        .with_clock(clock.clock());
    let (provider, creds) = fx
        .chain(ctx.clone(), Some("ec2"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(
        (provider, creds.access_key_id()),
        ("assume-role", "ASIAFromEc21")
    );
    let (_, creds) = fx
        .chain(ctx, Some("ecs"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "ASIAFromEcs2");
    let signers: Vec<String> = sts
        .calls()
        .into_iter()
        .map(|c| match c {
            StsCall::AssumeRole { signed_with, .. } => signed_with,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(signers, ["IMDS1", "CONTAINERKEY"]);
}

#[tokio::test]
async fn assume_role_without_an_sts_client_says_so() {
    let fx = Fixture::new();
    fx.config("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\naws_access_key_id = K\naws_secret_access_key = s\n");
    let err = fx.resolve(Some("a")).await.unwrap_err();
    assert!(err.to_string().contains("needs an STS client"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Web identity

#[tokio::test]
async fn web_identity_from_environment_and_from_profile() {
    let mut fx = Fixture::new();
    let token_file = fx.file("token.jwt", "eyJ.env-token.sig");
    let profile_token = fx.file("profile.jwt", "eyJ.profile-token.sig");
    fx.config(&format!(
        "[default]\nregion = us-east-1\n[profile wi]\nweb_identity_token_file = {profile_token}\nrole_arn = arn:aws:iam::555555555555:role/Profile\nrole_session_name = from-profile\n"
    ));
    fx.set("AWS_WEB_IDENTITY_TOKEN_FILE", &token_file);
    fx.set("AWS_ROLE_ARN", "arn:aws:iam::666666666666:role/Pod");
    fx.set("AWS_ROLE_SESSION_NAME", "pod-session");
    let sts = RecordingSts::new(ManualClock::at(T0));
    let ctx = fx.context().await.with_sts(sts.clone());

    let (provider, creds) = fx
        .chain(ctx.clone(), None)
        .await
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(
        (provider, creds.access_key_id(), creds.account_id()),
        (
            "assume-role-with-web-identity",
            "ASIAPod1",
            Some("666666666666")
        )
    );

    // With the profile chosen explicitly, the variables are ignored and the profile's keys used.
    let (provider, creds) = fx
        .chain(ctx, Some("wi"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap();
    assert_eq!(
        (provider, creds.access_key_id()),
        ("assume-role-with-web-identity", "ASIAProfile2")
    );

    let calls = sts.calls();
    let requests: Vec<(String, String, String)> = calls
        .into_iter()
        .map(|c| match c {
            StsCall::WebIdentity(r) => (r.role_arn, r.role_session_name, r.web_identity_token),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        requests,
        [
            (
                "arn:aws:iam::666666666666:role/Pod".into(),
                "pod-session".into(),
                "eyJ.env-token.sig".into()
            ),
            (
                "arn:aws:iam::555555555555:role/Profile".into(),
                "from-profile".into(),
                "eyJ.profile-token.sig".into()
            ),
        ]
    );
}

#[tokio::test]
async fn web_identity_without_role_arn_is_an_error() {
    let mut fx = Fixture::new();
    fx.set("AWS_WEB_IDENTITY_TOKEN_FILE", &fx.file("t", "x"));
    let ctx = fx
        .context()
        .await
        .with_sts(RecordingSts::new(ManualClock::at(T0)));
    let err = fx.chain(ctx, None).await.unwrap().get().await.unwrap_err();
    assert!(err.to_string().contains("AWS_ROLE_ARN"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Container endpoint

#[tokio::test]
async fn container_full_uri_with_rotating_token_file() {
    let server = Server::start(|req| {
        if req.target == "/v1/credentials" && req.header("authorization").is_some() {
            (200, r#"{"AccessKeyId": "CONTAINER", "SecretAccessKey": "c-secret", "Token": "c-token", "Expiration": "2099-01-01T00:00:00Z", "AccountId": "777777777777"}"#.into())
        } else {
            (403, String::new())
        }
    })
    .await;
    let mut fx = Fixture::new();
    fx.credentials("[other]\naws_access_key_id = NOT_USED\naws_secret_access_key = s\n");
    let token_file = fx.file("pod-identity-token", "first-token");
    fx.set(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        &server.url("/v1/credentials"),
    );
    fx.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &token_file);
    fx.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-file-set");

    let (provider, creds) = fx.resolve(None).await.unwrap();
    assert_eq!(
        (
            provider,
            creds.access_key_id(),
            creds.session_token(),
            creds.account_id()
        ),
        (
            "container-role",
            "CONTAINER",
            Some("c-token"),
            Some("777777777777")
        )
    );
    std::fs::write(&token_file, "second-token").unwrap();
    fx.resolve(None).await.unwrap();
    let auth: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap().to_string())
        .collect();
    assert_eq!(auth, ["first-token", "second-token"]);
    assert!(server
        .requests()
        .iter()
        .all(|r| r.header("accept") == Some("application/json")));
}

#[tokio::test]
async fn container_endpoint_is_retried_then_reported() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = Server::start(move |_| {
        if counter.fetch_add(1, Ordering::SeqCst) < 2 {
            (500, "busy".into())
        } else {
            (200, r#"{"AccessKeyId": "THIRD", "SecretAccessKey": "s", "Token": "t", "Expiration": "2099-01-01T00:00:00Z"}"#.into())
        }
    })
    .await;
    let env = Env::new().with("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url("/creds"));
    let provider =
        ContainerProvider::new(Arc::new(env.clone())).with_retry_delay(Duration::from_millis(10));
    assert_eq!(
        provider.load().await.unwrap().unwrap().access_key_id(),
        "THIRD"
    );

    let failing = Server::start(|_| (500, "SECRET-LOOKING-BODY".into())).await;
    let env = Env::new().with("AWS_CONTAINER_CREDENTIALS_FULL_URI", failing.url("/creds"));
    let err = ContainerProvider::new(Arc::new(env))
        .with_retry_delay(Duration::from_millis(10))
        .load()
        .await
        .unwrap_err();
    assert_eq!(failing.requests().len(), 3);
    assert!(
        err.to_string().contains("500") && err.to_string().contains("3 attempts"),
        "{err}"
    );
    assert!(!err.to_string().contains("SECRET-LOOKING-BODY"));
}

#[tokio::test]
async fn container_full_uri_outside_the_allowed_hosts_is_refused() {
    let mut fx = Fixture::new();
    fx.set(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://192.0.2.10/creds",
    );
    let err = fx.resolve(None).await.unwrap_err();
    assert!(err.to_string().contains("unsupported host"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Instance metadata

fn imds_fixture(server: &Server) -> Fixture {
    let mut fx = Fixture::new();
    fx.env.remove("AWS_EC2_METADATA_DISABLED");
    fx.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.url("/"));
    fx
}

#[tokio::test]
async fn imds_v2_token_flow_and_refresh() {
    let clock = ManualClock::at(T0);
    let server = imds_server(clock.clone(), true).await;
    let fx = imds_fixture(&server);
    let ctx = fx.context().await.with_clock(clock.clock());
    let resolved = fx.chain(ctx, None).await.unwrap();
    let (provider, creds) = resolved.get().await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id(), creds.session_token()),
        ("iam-role", "IMDS1", Some("imds-token"))
    );
    assert_eq!(
        creds.expiry(),
        Some(clock.now() + Duration::from_secs(3600))
    );
    let paths: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|r| (r.method.clone(), r.target.clone()))
        .collect();
    assert_eq!(
        paths,
        [
            ("PUT".to_string(), "/latest/api/token".to_string()),
            (
                "GET".into(),
                "/latest/meta-data/iam/security-credentials/".into()
            ),
            (
                "GET".into(),
                "/latest/meta-data/iam/security-credentials/app-role".into()
            ),
        ]
    );

    clock.advance(Duration::from_secs(30 * 60));
    assert_eq!(resolved.get().await.unwrap().1.access_key_id(), "IMDS1");
    assert_eq!(server.requests().len(), 3);
    clock.advance(Duration::from_secs(20 * 60));
    assert_eq!(resolved.get().await.unwrap().1.access_key_id(), "IMDS2");
    assert_eq!(
        server.requests().len(),
        6,
        "refresh runs the token flow again"
    );
}

#[tokio::test]
async fn imds_falls_back_to_v1_unless_disabled() {
    let clock = ManualClock::at(T0);
    let server = imds_server(clock.clone(), false).await;
    let fx = imds_fixture(&server);
    let ctx = fx.context().await.with_clock(clock.clock());
    let (provider, creds) = fx.chain(ctx, None).await.unwrap().get().await.unwrap();
    assert_eq!((provider, creds.access_key_id()), ("iam-role", "IMDS1"));
    assert!(server
        .requests()
        .iter()
        .all(|r| r.header("x-aws-ec2-metadata-token").is_none()));

    let mut fx = imds_fixture(&server);
    fx.set("AWS_EC2_METADATA_V1_DISABLED", "true");
    let err = fx.resolve(None).await.unwrap_err();
    assert!(
        err.to_string().contains("IMDSv1 has been disabled"),
        "{err}"
    );
}

#[tokio::test]
async fn imds_attempts_and_unreachable_service() {
    let clock = ManualClock::at(T0);
    let failures = Arc::new(AtomicUsize::new(0));
    let f = failures.clone();
    let c = clock.clone();
    let server = Server::start(
        move |req| match (req.method.as_str(), req.target.as_str()) {
            ("PUT", _) => (200, "TOKEN-1".into()),
            ("GET", "/latest/meta-data/iam/security-credentials/")
                if f.fetch_add(1, Ordering::SeqCst) == 0 =>
            {
                (500, String::new())
            }
            ("GET", "/latest/meta-data/iam/security-credentials/") => (200, "app-role".into()),
            ("GET", _) => (
                200,
                credentials_document("RETRIED", c.now() + Duration::from_secs(3600)),
            ),
            _ => (404, String::new()),
        },
    )
    .await;

    // One attempt (the default): the 500 means "no instance credentials".
    let fx = imds_fixture(&server);
    let err = fx.resolve(None).await.unwrap_err();
    assert!(
        err.to_string().contains("unable to locate credentials"),
        "{err}"
    );

    // Two attempts from the profile setting: the retry succeeds.
    failures.store(0, Ordering::SeqCst);
    let fx = imds_fixture(&server);
    fx.config("[default]\nmetadata_service_num_attempts = 2\n");
    let (provider, creds) = fx.resolve(None).await.unwrap();
    assert_eq!((provider, creds.access_key_id()), ("iam-role", "RETRIED"));

    // A closed port: nothing found, quickly.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let mut fx = Fixture::new();
    fx.env.remove("AWS_EC2_METADATA_DISABLED");
    fx.set(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        &format!("http://{addr}/"),
    );
    fx.set("AWS_METADATA_SERVICE_TIMEOUT", "1");
    let started = std::time::Instant::now();
    assert!(fx
        .resolve(None)
        .await
        .unwrap_err()
        .to_string()
        .contains("unable to locate credentials"));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn imds_timeout_setting_bounds_a_stalled_service() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accept connections and never answer.
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let mut fx = Fixture::new();
    fx.env.remove("AWS_EC2_METADATA_DISABLED");
    fx.set(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        &format!("http://{addr}/"),
    );
    fx.set("AWS_METADATA_SERVICE_TIMEOUT", "0.3");
    let started = std::time::Instant::now();
    let err = fx.resolve(None).await.unwrap_err();
    assert!(
        err.to_string().contains("unable to locate credentials"),
        "{err}"
    );
    // Token PUT times out (→ v1), role GET times out: two timeouts of 0.3 s.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn container_comes_before_instance_metadata() {
    let clock = ManualClock::at(T0);
    let imds = imds_server(clock.clone(), true).await;
    let container = Server::start(|_| {
        (200, r#"{"AccessKeyId": "CONTAINER", "SecretAccessKey": "s", "Token": "t", "Expiration": "2099-01-01T00:00:00Z"}"#.into())
    })
    .await;
    let mut fx = imds_fixture(&imds);
    fx.set(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        &container.url("/creds"),
    );
    let (provider, creds) = fx.resolve(None).await.unwrap();
    assert_eq!(
        (provider, creds.access_key_id()),
        ("container-role", "CONTAINER")
    );
    assert!(imds.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Secrets

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let mut fx = Fixture::new();
    fx.set("AWS_ACCESS_KEY_ID", "AKIDPUBLIC");
    fx.set("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-SECRET");
    fx.set("AWS_SESSION_TOKEN", "FwoGZXIvYXdz-TOKEN");
    fx.credentials(
        "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = file-SECRET-value\n",
    );
    let ctx = fx.context().await;
    let resolved = fx.chain(ctx.clone(), None).await.unwrap();
    let (_, creds) = resolved.get().await.unwrap();
    for shown in [
        format!("{creds:?}"),
        format!("{:?}", resolved.cache),
        format!("{:?}", resolved.chain),
        format!("{ctx:?}"),
    ] {
        for secret in [
            "wJalrXUtnFEMI-SECRET",
            "FwoGZXIvYXdz-TOKEN",
            "file-SECRET-value",
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
    assert!(format!("{creds:?}").contains("AKIDPUBLIC"));
}

#[tokio::test]
async fn the_cache_plugs_into_a_session() {
    use rboto_runtime::ProvideCredentials;
    let mut fx = Fixture::new();
    fx.set("AWS_ACCESS_KEY_ID", "AKIDSESSION");
    fx.set("AWS_SECRET_ACCESS_KEY", "s");
    let resolved = fx.chain(fx.context().await, None).await.unwrap();
    let provider: Arc<dyn ProvideCredentials> = Arc::new(resolved.cache);
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "AKIDSESSION"
    );
    let session = rboto_runtime::Session::builder()
        .credentials_provider(CredentialsCache::new(resolved.chain.clone()))
        .region("us-east-1")
        .build();
    let from_session = session
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(from_session.access_key_id(), "AKIDSESSION");
    let _: &dyn CredentialProvider = resolved.chain.as_ref();
}

// ---------------------------------------------------------------------------------------------
// Region

#[tokio::test]
async fn region_falls_back_to_instance_metadata() {
    use rboto_runtime::credentials::{ImdsProvider, ImdsSettings};
    use rboto_runtime::region::{resolve_region, RegionSource};
    let server = imds_server(ManualClock::at(T0), true).await;
    let fx = imds_fixture(&server);
    fx.config("[profile dev]\nregion = ap-south-1\n[profile bare]\noutput = json\n");
    let ctx = fx.context().await;
    let imds = ImdsProvider::new(ImdsSettings::resolve(ctx.env(), None).unwrap());

    let dev = ctx.config().profile("dev");
    let region = resolve_region(None, ctx.env(), dev, Some(&imds))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (region.name.as_str(), region.source),
        ("ap-south-1", RegionSource::Profile)
    );
    assert!(server.requests().is_empty());

    let bare = ctx.config().profile("bare");
    assert!(resolve_region(None, ctx.env(), bare, None)
        .await
        .unwrap()
        .is_none());
    let region = resolve_region(None, ctx.env(), bare, Some(&imds))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (region.name.as_str(), region.source),
        ("eu-west-3", RegionSource::InstanceMetadata)
    );
    let last = server.requests().pop().unwrap();
    assert_eq!(last.header("x-aws-ec2-metadata-token"), Some("TOKEN-1"));
}

// ---------------------------------------------------------------------------------------------
// Logs

/// A tracing subscriber that keeps every event and span field as a line of text.
#[derive(Clone, Default)]
struct CapturedLogs(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write;
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl tracing::Subscriber for CapturedLogs {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = span.metadata().name().to_string();
        span.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = String::new();
        values.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = format!("{} {}", event.metadata().level(), event.metadata().target());
        event.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let logs = CapturedLogs::default();
    let _guard = tracing::subscriber::set_default(logs.clone());
    let secrets = [
        "ENV-SECRET-1",
        "ENV-TOKEN-2",
        "CONTAINER-AUTH-3",
        "CONTAINER-SECRET-4",
        "imds-secret",
        "imds-token",
        "TOKEN-1",
        "secret-Admin",
        "token-Admin",
        "base-secret",
    ];

    // Environment credentials, resolved with everything at trace level.
    let mut fx = Fixture::new();
    fx.set("AWS_ACCESS_KEY_ID", "AKIDENV");
    fx.set("AWS_SECRET_ACCESS_KEY", "ENV-SECRET-1");
    fx.set("AWS_SESSION_TOKEN", "ENV-TOKEN-2");
    fx.resolve(None).await.unwrap();

    // The container endpoint with an authorization token, failing then succeeding.
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let container = Server::start(move |_| {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            (500, "CONTAINER-SECRET-4".into())
        } else {
            (200, r#"{"AccessKeyId": "AKIDC", "SecretAccessKey": "CONTAINER-SECRET-4", "Token": "t", "Expiration": "2099-01-01T00:00:00Z"}"#.into())
        }
    })
    .await;
    let env = Env::new()
        .with(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            container.url("/creds"),
        )
        .with("AWS_CONTAINER_AUTHORIZATION_TOKEN", "CONTAINER-AUTH-3");
    ContainerProvider::new(Arc::new(env))
        .with_retry_delay(Duration::from_millis(5))
        .load()
        .await
        .unwrap()
        .unwrap();

    // Instance metadata, including an advisory refresh that fails.
    let clock = ManualClock::at(T0);
    let down = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (c, d) = (clock.clone(), down.clone());
    let imds = Server::start(
        move |req| match (req.method.as_str(), req.target.as_str()) {
            _ if d.load(Ordering::SeqCst) => (503, "imds-secret".into()),
            ("PUT", _) => (200, "TOKEN-1".into()),
            ("GET", "/latest/meta-data/iam/security-credentials/") => (200, "app-role".into()),
            ("GET", _) => (
                200,
                credentials_document("AKIDIMDS", c.now() + Duration::from_secs(3600)),
            ),
            _ => (404, String::new()),
        },
    )
    .await;
    let fx = imds_fixture(&imds);
    let resolved = fx
        .chain(fx.context().await.with_clock(clock.clock()), None)
        .await
        .unwrap();
    resolved.get().await.unwrap();
    down.store(true, Ordering::SeqCst);
    clock.advance(Duration::from_secs(47 * 60));
    let (_, kept) = resolved.get().await.unwrap();
    assert_eq!(
        kept.access_key_id(),
        "AKIDIMDS",
        "advisory failure keeps the old credentials"
    );

    // An assume-role chain through the STS double.
    let fx = Fixture::new();
    fx.config(
        "[profile admin]\nrole_arn = arn:aws:iam::111111111111:role/Admin\nsource_profile = base\n",
    );
    fx.credentials("[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = base-secret\n");
    let sts = RecordingSts::new(ManualClock::at(T0));
    let ctx = fx.context().await.with_sts(sts);
    fx.chain(ctx, Some("admin"))
        .await
        .unwrap()
        .get()
        .await
        .unwrap();

    let lines = logs.0.lock().unwrap().clone();
    assert!(
        lines.iter().any(|l| l.contains("looking for credentials")),
        "the capture works: {lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("advisory refresh period")),
        "the failed refresh was logged: {lines:#?}"
    );
    for line in &lines {
        for secret in secrets {
            assert!(!line.contains(secret), "secret {secret:?} logged: {line}");
        }
    }
}
