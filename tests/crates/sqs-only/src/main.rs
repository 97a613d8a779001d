//! A program that uses rboto for SQS alone (`default-features = false, features = ["sqs"]`):
//! it sends a message to a new queue, reads it back and deletes the queue. Its build has the
//! core and the resource runtime but neither the DynamoDB crate nor the transfer crate;
//! `scripts/check-crate-graph` checks that.
//!
//! Run it against moto: `AWS_ENDPOINT_URL=$RBOTO_TEST_ENDPOINT cargo run -p rboto-sqs-only`.

#[tokio::main]
async fn main() -> Result<(), rboto::Error> {
    let session = rboto::Session::from_env().await?;
    let sqs = rboto::sqs::ServiceResource::new(&session)?;
    let name = format!("rboto-sqs-only-{}", std::process::id());
    let queue = sqs.create_queue().queue_name(&name).send().await?;
    queue.send_message().message_body("hello").send().await?;
    let received = queue.receive_messages().wait_time_seconds(1).send().await?;
    for message in &received {
        println!("received {:?}", message.body().await?);
    }
    queue.delete().send().await?;
    println!("sent and received {} message(s) on {name}", received.len());
    Ok(())
}
