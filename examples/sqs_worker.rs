//! A work queue through SQS resources: a producer sends jobs in batches, three workers
//! long-poll the queue concurrently, delete what they finish and hand a failing job back at
//! once; after two failed receives SQS moves it to a dead-letter queue (a redrive policy).
//!
//! Run against the local emulator: `eval "$(scripts/emulator start)"`, then
//! `AWS_ENDPOINT_URL=$RBOTO_TEST_ENDPOINT cargo run --example sqs_worker`.

use std::collections::HashMap;

use rboto::sqs::types::SendMessageBatchRequestEntry;
use rboto::sqs::{Queue, ServiceResource};
use rboto::{json, Error, Session};

const JOBS: usize = 20;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let session = Session::from_env().await?;
    let sqs = ServiceResource::new(&session)?;
    let run = std::process::id();

    let dead = sqs
        .create_queue()
        .queue_name(format!("jobs-dead-{run}"))
        .await?;
    let dead_arn = dead
        .attributes()
        .await?
        .and_then(|a| a.get("QueueArn").cloned())
        .unwrap_or_default();
    let redrive = json!({ "deadLetterTargetArn": dead_arn, "maxReceiveCount": "2" });
    let jobs = sqs
        .create_queue()
        .queue_name(format!("jobs-{run}"))
        .attributes(HashMap::from([
            ("RedrivePolicy".to_owned(), redrive.to_string()),
            ("VisibilityTimeout".to_owned(), "30".to_owned()),
        ]))
        .await?;

    // SendMessageBatch takes up to ten entries a request.
    let bodies: Vec<String> = (1..=JOBS)
        .map(|n| {
            if n == 7 {
                "poison".to_owned()
            } else {
                n.to_string()
            }
        })
        .collect();
    for chunk in bodies.chunks(10) {
        let entries = chunk
            .iter()
            .enumerate()
            .map(|(i, body)| SendMessageBatchRequestEntry::new(i.to_string(), body));
        jobs.send_messages().entries(entries).await?;
    }
    println!("queued {JOBS} jobs, one of them poison");

    let workers: Vec<_> = (1..=3)
        .map(|id| tokio::spawn(worker(id, jobs.clone())))
        .collect();
    let mut total = 0;
    for worker in workers {
        let (id, done) = worker.await.expect("a worker task panicked")?;
        println!("worker {id} finished {done} jobs");
        total += done;
    }
    let mut dead_letters = Vec::new();
    for message in dead.receive_messages().max_number_of_messages(10).await? {
        dead_letters.extend(message.body().await?);
    }
    println!("{total} jobs done; in the dead-letter queue: {dead_letters:?}");

    jobs.delete().await?;
    dead.delete().await?;
    Ok(())
}

/// Receives until the queue stays empty for two long polls; returns how many jobs it did.
async fn worker(id: u32, queue: Queue) -> Result<(u32, usize), Error> {
    let mut done = 0;
    let mut idle = 0;
    while idle < 2 {
        let messages = queue
            .receive_messages()
            .max_number_of_messages(4)
            .wait_time_seconds(1)
            .await?;
        idle = if messages.is_empty() { idle + 1 } else { 0 };
        for message in messages {
            let body = message.body().await?.unwrap_or_default();
            match body.parse::<u64>() {
                Ok(n) => {
                    let _square = n * n;
                    message.delete().await?;
                    done += 1;
                }
                Err(_) => {
                    // Not deleted, and visible again at once: SQS counts the receive.
                    message.change_visibility().visibility_timeout(0).await?;
                }
            }
        }
    }
    Ok((id, done))
}
