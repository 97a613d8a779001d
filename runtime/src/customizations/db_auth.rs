//! Database authentication tokens, as botocore's RDS and Aurora DSQL clients make them: a
//! presigned `GET` (without its scheme) that the database takes as the password of an IAM
//! user, valid for 15 minutes unless asked otherwise. Nothing is sent: the token is signed
//! with the client's credentials.
//!
//! ```no_run
//! # async fn demo(rds: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
//! use rboto_runtime::db_auth::generate_db_auth_token;
//!
//! let password = generate_db_auth_token(&rds, "db.example.eu-west-1.rds.amazonaws.com", 5432, "app", None).await?;
//! # Ok(()) }
//! ```

use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::client::Client;
use crate::error::Error;

/// How long a token stays valid unless asked otherwise (botocore's default).
const DEFAULT_EXPIRY: Duration = Duration::from_secs(900);

/// Characters a query value keeps unescaped: RFC 3986's unreserved set.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// An RDS IAM authentication token for `username` on the database at `hostname:port`,
/// signed for `region` (the client's when `None`): boto3's `generate_db_auth_token`.
pub async fn generate_db_auth_token(
    rds: &Client,
    hostname: &str,
    port: u16,
    username: &str,
    region: Option<&str>,
) -> Result<String, Error> {
    let user = utf8_percent_encode(username, UNRESERVED);
    let url = format!("https://{hostname}:{port}/?Action=connect&DBUser={user}");
    token(rds, &url, "rds-db", region, DEFAULT_EXPIRY).await
}

/// An Aurora DSQL token for the `DbConnect` action on the cluster at `hostname`: boto3's
/// `generate_db_connect_auth_token`.
pub async fn dsql_db_connect_auth_token(
    dsql: &Client,
    hostname: &str,
    region: Option<&str>,
    expires_in: Option<Duration>,
) -> Result<String, Error> {
    let url = format!("https://{hostname}/?Action=DbConnect");
    token(
        dsql,
        &url,
        "dsql",
        region,
        expires_in.unwrap_or(DEFAULT_EXPIRY),
    )
    .await
}

/// An Aurora DSQL token for the `DbConnectAdmin` action: boto3's
/// `generate_db_connect_admin_auth_token`.
pub async fn dsql_db_connect_admin_auth_token(
    dsql: &Client,
    hostname: &str,
    region: Option<&str>,
    expires_in: Option<Duration>,
) -> Result<String, Error> {
    let url = format!("https://{hostname}/?Action=DbConnectAdmin");
    token(
        dsql,
        &url,
        "dsql",
        region,
        expires_in.unwrap_or(DEFAULT_EXPIRY),
    )
    .await
}

/// `url` presigned for `signing_name`, without its `https://`.
async fn token(
    client: &Client,
    url: &str,
    signing_name: &str,
    region: Option<&str>,
    expires_in: Duration,
) -> Result<String, Error> {
    let region = region.or(client.region()).ok_or_else(|| {
        Error::validation(vec![
            "region: the token is signed for a region; give one or use a client that has one"
                .to_string(),
        ])
    })?;
    let presigned = client
        .presign_get(url, signing_name, region, expires_in)
        .await?;
    Ok(presigned
        .strip_prefix("https://")
        .unwrap_or(&presigned)
        .to_string())
}
