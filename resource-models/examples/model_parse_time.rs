//! Cold start: how long the first `model()` call of a service takes (parsing its embedded
//! JSON), how cheap the second one is, and how long creating the first and a second client
//! takes (endpoint rule set parsing, and the connection pool for the first).
//!
//! `cargo run --release -p rboto-models --example model_parse_time [service]` (default ec2).

use std::time::Instant;

use rboto_runtime::model::ServiceModel;
use rboto_runtime::session::{Credentials, Session};

fn loader(service: &str) -> Option<fn() -> ServiceModel> {
    Some(match service {
        #[cfg(feature = "cloudformation")]
        "cloudformation" => rboto_models::cloudformation::model,
        #[cfg(feature = "cloudwatch")]
        "cloudwatch" => rboto_models::cloudwatch::model,
        #[cfg(feature = "dynamodb")]
        "dynamodb" => rboto_models::dynamodb::model,
        #[cfg(feature = "ec2")]
        "ec2" => rboto_models::ec2::model,
        #[cfg(feature = "glacier")]
        "glacier" => rboto_models::glacier::model,
        #[cfg(feature = "iam")]
        "iam" => rboto_models::iam::model,
        #[cfg(feature = "s3")]
        "s3" => rboto_models::s3::model,
        #[cfg(feature = "sns")]
        "sns" => rboto_models::sns::model,
        #[cfg(feature = "sqs")]
        "sqs" => rboto_models::sqs::model,
        #[cfg(feature = "sts")]
        "sts" => rboto_models::sts::model,
        _ => return None,
    })
}

fn main() {
    let service = std::env::args().nth(1).unwrap_or_else(|| "ec2".to_string());
    let Some(load) = loader(&service) else {
        eprintln!("unknown or disabled service: {service}");
        std::process::exit(2);
    };
    let start = Instant::now();
    let model = load();
    let first = start.elapsed();
    let start = Instant::now();
    let again = load();
    let second = start.elapsed();
    println!(
        "{service}: first model() {:.1} ms ({} operations, {} shapes); second {:.3} ms",
        first.as_secs_f64() * 1000.0,
        model.definition().operations.len(),
        model.definition().shapes.len(),
        second.as_secs_f64() * 1000.0,
    );
    assert!(std::ptr::eq(model.definition(), again.definition()));

    let session = Session::builder()
        .credentials(Credentials::new("AKID", "SECRET", None))
        .region("us-east-1")
        .build();
    let start = Instant::now();
    session.client(model.clone()).expect("first client");
    let first_client = start.elapsed();
    let start = Instant::now();
    session.client(model).expect("second client");
    let second_client = start.elapsed();
    println!(
        "{service}: first client {:.2} ms (with the connection pool); second client {:.2} ms",
        first_client.as_secs_f64() * 1000.0,
        second_client.as_secs_f64() * 1000.0,
    );
}
