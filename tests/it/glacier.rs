//! Glacier (rest-json) end to end against moto, through the low-level client. Moto answers
//! ListVaults in one page whatever the limit, so the pagination test checks that the paginator
//! collects every vault and stops when no marker comes back. Moto reports a missing vault as
//! `VaultNotFound` with status 400 (AWS says `ResourceNotFoundException`, 404).

use crate::common;

use common::*;
use serde_json::json;

async fn new_vault(glacier: &rboto::Client, prefix: &str) -> String {
    let name = unique(prefix);
    ok(
        "CreateVault",
        glacier
            .call(
                "CreateVault",
                json!({ "accountId": "-", "vaultName": name }),
            )
            .await,
    );
    name
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn create_vault_wait_and_describe() {
    let glacier = client("glacier");
    let name = new_vault(&glacier, "vault").await;
    wait(
        &glacier,
        "VaultExists",
        json!({ "accountId": "-", "vaultName": name }),
    )
    .await;

    let described = ok(
        "DescribeVault",
        glacier
            .call(
                "DescribeVault",
                json!({ "accountId": "-", "vaultName": name }),
            )
            .await,
    );
    assert_eq!(described["VaultName"], json!(name), "{described}");
    assert!(
        described["VaultARN"]
            .as_str()
            .is_some_and(|a| a.ends_with(&format!("vaults/{name}"))),
        "{described}"
    );
    assert!(described["CreationDate"].is_string(), "{described}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn list_vaults_collects_every_vault() {
    let glacier = client("glacier");
    let prefix = unique("lv");
    let mut names = Vec::new();
    for i in 0..5 {
        names.push(new_vault(&glacier, &format!("{prefix}-{i}")).await);
    }

    let pages = pages_sized(&glacier, "ListVaults", json!({ "accountId": "-" }), 2).await;
    assert!(!pages.is_empty());
    let mut listed: Vec<String> = strings_in(&pages, "VaultList", "VaultName")
        .into_iter()
        .filter(|n| n.starts_with(&prefix))
        .collect();
    listed.sort();
    names.sort();
    assert_eq!(listed, names);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn missing_vault_is_not_found() {
    let glacier = client("glacier");
    let e = err(
        "DescribeVault",
        glacier
            .call(
                "DescribeVault",
                json!({ "accountId": "-", "vaultName": unique("absent") }),
            )
            .await,
    );
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.code(), Some("VaultNotFound"), "{e:?}");
    assert!(
        e.message().is_some_and(|m| m.contains("not found")),
        "{e:?}"
    );
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (glacier, listener) = unserved_client("glacier");
    assert_rejected_unsent(
        &glacier,
        &listener,
        "CreateVault",
        json!({ "accountId": 12 }),
        &["vaultName", "accountId"],
    )
    .await;
}
