//! Awaiting a spawned task as if its work ran in place.

use std::future::Future;

use tokio::task::{JoinError, JoinHandle};
use tokio_util::task::AbortOnDropHandle;

use crate::error::Error;

/// The outcome of `task`, as if its work ran in the caller: dropping the returned future
/// aborts the task, a panic inside it resumes in the caller, and a task the runtime
/// cancelled (it shut down) ends in the error `cancelled` makes of that.
pub fn joined<T: Send + 'static>(
    task: JoinHandle<Result<T, Error>>,
    cancelled: impl FnOnce(JoinError) -> Error,
) -> impl Future<Output = Result<T, Error>> {
    let task = AbortOnDropHandle::new(task);
    async move {
        match task.await {
            Ok(result) => result,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => Err(cancelled(e)),
        }
    }
}
