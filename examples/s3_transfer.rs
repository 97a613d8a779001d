//! Managed S3 transfers, boto3's `upload_file`, `copy` and `download_file`: a 20 MiB file
//! uploaded in parts with a progress line, copied server-side, downloaded back in parallel
//! ranges and verified, on the resource layer and on the client; then a directory mirrored.
//!
//! Run against s3s-fs or moto on loopback, e.g.:
//! `eval "$(scripts/s3s start)"`, then
//! `AWS_ENDPOINT_URL=$RBOTO_S3S_ENDPOINT AWS_ACCESS_KEY_ID=$RBOTO_S3S_ACCESS_KEY
//! AWS_SECRET_ACCESS_KEY=$RBOTO_S3S_SECRET_KEY AWS_DEFAULT_REGION=us-east-1
//! cargo run --example s3_transfer`.

use std::io::Write;

use rboto::s3::transfer::{CopySource, Progress, ProgressEvent, S3TransferExt, TransferConfig};
use rboto::{s3, Session};

#[tokio::main]
async fn main() -> Result<(), rboto::Error> {
    let session = Session::from_env().await?;
    let s3 = s3::ServiceResource::new(&session)?;
    let bucket = s3
        .create_bucket()
        .bucket(format!("transfers-{}", std::process::id()))
        .await?;

    let path = std::env::temp_dir().join("rboto-transfer-example.bin");
    let data: Vec<u8> = (0..20 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data)?;

    let progress = Progress::callback(|event: &ProgressEvent| {
        if let ProgressEvent::BytesTransferred {
            done,
            total: Some(total),
        } = event
        {
            print!("\ruploaded {done} of {total} bytes");
            let _ = std::io::stdout().flush();
        }
    });
    let out = bucket
        .upload_file(&path, "big.bin")
        .config(TransferConfig::default().with_max_concurrency(4))
        .extra_args(serde_json::json!({"ContentType": "application/octet-stream"}))
        .progress(progress)
        .await?;
    println!(
        "\nstored {} bytes in {} parts, ETag {:?}",
        out.size, out.parts, out.e_tag
    );

    let copied = bucket
        .object("copy-of-big.bin")
        .copy(CopySource::new(bucket.name(), "big.bin"))
        .await?;
    println!("copied in {} parts", copied.parts);

    let client = s3.meta().service().client();
    client
        .copy(
            CopySource::new(bucket.name(), "big.bin"),
            bucket.name(),
            "second-copy.bin",
        )
        .await?;
    println!("copied again through the client");

    let back = std::env::temp_dir().join("rboto-transfer-example.back");
    let got = bucket
        .object("big.bin")
        .download_file(&back)
        .progress(Progress::callback(|event: &ProgressEvent| {
            if let ProgressEvent::PartDone { part, .. } = event {
                print!("\rdownloaded part {part}");
                let _ = std::io::stdout().flush();
            }
        }))
        .await?;
    println!(
        "\ndownloaded {} bytes in {} ranged GETs, checksum checked: {:?}",
        got.bytes, got.parts, got.verified
    );
    let same = std::fs::read(&back)? == data;
    println!("the object reads back identical: {same}");

    let mut head = Vec::new();
    client
        .download_fileobj(bucket.name(), "second-copy.bin", &mut head)
        .await?;
    println!(
        "{} bytes streamed into memory through the client",
        head.len()
    );

    let mirror = std::env::temp_dir().join(format!("rboto-transfer-mirror-{}", std::process::id()));
    let out = bucket.download_dir("", &mirror).exclude("second-*").await?;
    println!(
        "mirrored {} objects ({} bytes, {} left out) into {}",
        out.files,
        out.bytes,
        out.filtered_out,
        mirror.display()
    );

    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&back);
    let _ = std::fs::remove_dir_all(&mirror);
    Ok(())
}
