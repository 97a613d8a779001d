//! Resources for a service boto3 has none for: Secrets Manager, from a resource definition we
//! wrote ourselves in boto3's format (`examples/custom_resources/secretsmanager/resources-1.json`),
//! expanded by the same `rboto_resources!` macro as the nine built-in services.
//!
//! Run it against moto: `AWS_ENDPOINT_URL=http://127.0.0.1:5000 AWS_ACCESS_KEY_ID=testing
//! AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 cargo run --example custom_resources`.

#[path = "custom_resources/secrets.rs"]
mod secrets;

use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), rboto::Error> {
    let session = rboto::Session::from_env().await?;
    let sm = secrets::ServiceResource::new(&session)?;

    let name = format!("rboto-example-{}", std::process::id());
    let secret = sm
        .create_secret()
        .name(&name)
        .secret_string("first value")
        .send()
        .await?;
    println!("created {secret:?}");
    println!(
        "its name, loaded with DescribeSecret: {:?}",
        secret.name().await?
    );

    let version = secret
        .put_value()
        .secret_string("second value")
        .send()
        .await?;
    println!("new version {}", version.id());
    let current = secret.get_value().send().await?;
    println!("current value: {:?}", current.secret_string);

    let mut versions = secret.versions().stream();
    while let Some(version) = versions.try_next().await? {
        println!(
            "version {} staged as {:?}",
            version.id(),
            version.version_stages().await?
        );
    }

    let mut all = sm.secrets().page_size(10).stream();
    while let Some(secret) = all.try_next().await? {
        println!("secret {}", secret.arn());
    }

    secret
        .delete()
        .force_delete_without_recovery(true)
        .send()
        .await?;
    println!("deleted {name}");
    Ok(())
}
