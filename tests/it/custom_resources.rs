//! The example's own Secrets Manager resource definition, expanded by `rboto_resources!`,
//! against moto: a secret created, loaded, given a new value, read back whole and by
//! version, listed across pages, updated and deleted.

use crate::common;

#[path = "../../examples/custom_resources/secrets.rs"]
mod secrets;

use common::{all_pages, must, session, unique};
use secrets::ServiceResource;

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn user_written_secrets_manager_resources() {
    let sm = must("service resource", ServiceResource::new(&session()));
    let prefix = unique("rescustom");
    let secret = must(
        "CreateSecret",
        sm.create_secret()
            .name(format!("{prefix}-a"))
            .secret_string("first")
            .send()
            .await,
    );
    assert!(
        secret.arn().starts_with("arn:aws:secretsmanager:"),
        "{secret:?}"
    );
    assert_eq!(
        format!("{secret:?}"),
        format!("secretsmanager.Secret(arn={:?})", secret.arn())
    );

    assert_eq!(
        must("Secret.name", secret.name().await).as_deref(),
        Some(format!("{prefix}-a").as_str()),
        "the first attribute read loads with DescribeSecret"
    );

    let version = must(
        "PutSecretValue",
        secret.put_value().secret_string("second").send().await,
    );
    assert_eq!(version.secret(), secret);
    let current = must("GetSecretValue", secret.get_value().send().await);
    assert_eq!(current.secret_string.as_deref(), Some("second"));
    let by_version = must("SecretVersion.GetValue", version.get_value().send().await);
    assert_eq!(by_version.version_id.as_deref(), Some(version.id()));
    assert_eq!(secret.version(version.id()), version);

    let versions: Vec<_> = all_pages(secret.versions().pages()).await.concat();
    assert!(versions.contains(&version), "{versions:?}");
    let stages = must(
        "version_stages",
        versions
            .iter()
            .find(|v| **v == version)
            .unwrap()
            .version_stages()
            .await,
    );
    assert_eq!(stages, Some(vec!["AWSCURRENT".to_owned()]));

    must(
        "UpdateSecret",
        secret.update().description("described").send().await,
    );
    assert_eq!(
        must("description", secret.description().await).as_deref(),
        Some("described"),
        "the action cleared the cached data, so this loads again"
    );

    let other = must(
        "CreateSecret",
        sm.create_secret()
            .name(format!("{prefix}-b"))
            .secret_string("other")
            .send()
            .await,
    );
    let pages = all_pages(sm.secrets().page_size(1).pages()).await;
    assert!(
        pages.len() >= 2,
        "ListSecrets at one a page: {} pages",
        pages.len()
    );
    let all = pages.concat();
    assert!(all.contains(&secret) && all.contains(&other));

    for s in [&secret, &other] {
        must(
            "DeleteSecret",
            s.delete().force_delete_without_recovery(true).send().await,
        );
    }
    assert!(sm.secret(secret.arn()).name().await.is_err(), "deleted");
}
