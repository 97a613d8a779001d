//! IAM (query, global service) end to end against moto, through the low-level client.

use crate::common;

use common::*;
use serde_json::json;

const TRUST_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn create_user_wait_and_get_it() {
    let iam = client("iam");
    let name = unique("user");
    let created = ok(
        "CreateUser",
        iam.call(
            "CreateUser",
            json!({ "UserName": name, "Tags": [{ "Key": "team", "Value": "rboto" }] }),
        )
        .await,
    );
    assert_eq!(created["User"]["UserName"], json!(name), "{created}");
    wait(&iam, "UserExists", json!({ "UserName": name })).await;

    let got = ok(
        "GetUser",
        iam.call("GetUser", json!({ "UserName": name })).await,
    );
    let user = &got["User"];
    assert_eq!(user["UserName"], json!(name));
    assert_eq!(user["Path"], json!("/"));
    assert!(
        user["Arn"].as_str().is_some_and(|a| a.ends_with(&name)),
        "{user}"
    );
    assert!(user["CreateDate"].is_string(), "{user}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn create_role_wait_and_get_it() {
    let iam = client("iam");
    let name = unique("role");
    ok(
        "CreateRole",
        iam.call(
            "CreateRole",
            json!({ "RoleName": name, "AssumeRolePolicyDocument": TRUST_POLICY }),
        )
        .await,
    );
    wait(&iam, "RoleExists", json!({ "RoleName": name })).await;
    let got = ok(
        "GetRole",
        iam.call("GetRole", json!({ "RoleName": name })).await,
    );
    assert_eq!(got["Role"]["RoleName"], json!(name), "{got}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn list_roles_pages_through_every_role() {
    let iam = client("iam");
    let path = format!("/{}/", unique("path"));
    let mut names = Vec::new();
    for i in 0..5 {
        let name = unique(&format!("r{i}"));
        ok(
            "CreateRole",
            iam.call(
                "CreateRole",
                json!({ "RoleName": name, "Path": path, "AssumeRolePolicyDocument": TRUST_POLICY }),
            )
            .await,
        );
        names.push(name);
    }

    let pages = pages_sized(&iam, "ListRoles", json!({ "PathPrefix": path }), 2).await;
    assert_eq!(pages.len(), 3, "5 roles at 2 a page: {pages:?}");
    assert_eq!(pages[0]["IsTruncated"], json!(true));
    let mut listed = strings_in(&pages, "Roles", "RoleName");
    listed.sort();
    names.sort();
    assert_eq!(listed, names);
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn missing_user_is_no_such_entity() {
    let iam = client("iam");
    let e = err(
        "GetUser",
        iam.call("GetUser", json!({ "UserName": unique("absent") }))
            .await,
    );
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.code(), Some("NoSuchEntity"), "{e:?}");
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (iam, listener) = unserved_client("iam");
    assert_rejected_unsent(
        &iam,
        &listener,
        "CreateRole",
        json!({ "RoleName": "r", "Tags": [{ "Key": "k" }] }),
        &["AssumeRolePolicyDocument", "Value"],
    )
    .await;
}
