//! STS (query) end to end against moto, through the low-level client. STS has neither
//! paginators nor waiters; its secrets must stay out of Debug output.

use crate::common;

use common::*;
use serde_json::json;

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn get_caller_identity() {
    let sts = client("sts");
    let me = ok(
        "GetCallerIdentity",
        sts.call("GetCallerIdentity", json!({})).await,
    );
    assert_eq!(me["Account"], json!("123456789012"), "{me}");
    assert!(
        me["Arn"]
            .as_str()
            .is_some_and(|a| a.starts_with("arn:aws:")),
        "{me}"
    );
    assert!(me["UserId"].is_string(), "{me}");
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn assume_role_returns_temporary_credentials() {
    let sts = client("sts");
    let session_name = unique("sess");
    let out = ok(
        "AssumeRole",
        sts.call(
            "AssumeRole",
            json!({
                "RoleArn": "arn:aws:iam::123456789012:role/rboto-e2e",
                "RoleSessionName": session_name,
                "DurationSeconds": 900
            }),
        )
        .await,
    );
    let creds = &out["Credentials"];
    for field in [
        "AccessKeyId",
        "SecretAccessKey",
        "SessionToken",
        "Expiration",
    ] {
        assert!(creds[field].is_string(), "{field} missing");
    }
    assert_eq!(
        out["AssumedRoleUser"]["Arn"],
        json!(format!(
            "arn:aws:sts::123456789012:assumed-role/rboto-e2e/{session_name}"
        ))
    );
}

/// botocore checks only minimum lengths before sending; the service enforces the maximum.
#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn overlong_session_name_is_a_validation_error_from_the_service() {
    let sts = client("sts");
    let e = err(
        "AssumeRole",
        sts.call(
            "AssumeRole",
            json!({
                "RoleArn": "arn:aws:iam::123456789012:role/rboto-e2e",
                "RoleSessionName": "s".repeat(65)
            }),
        )
        .await,
    );
    assert!(e.is_service(), "{e:?}");
    assert!(
        !e.is_validation(),
        "the service rejected it, not rboto: {e:?}"
    );
    assert_eq!(e.code(), Some("ValidationError"), "{e:?}");
    assert_eq!(e.status(), Some(400), "{e:?}");
    assert!(
        e.message().is_some_and(|m| m.contains("roleSessionName")),
        "{e:?}"
    );
}

#[tokio::test]
async fn invalid_parameters_are_rejected_before_sending() {
    let (sts, listener) = unserved_client("sts");
    assert_rejected_unsent(
        &sts,
        &listener,
        "AssumeRole",
        json!({ "RoleArn": "arn:aws:iam::123456789012:role/x", "RoleSessionName": "a" }),
        &["RoleSessionName"],
    )
    .await;
}
