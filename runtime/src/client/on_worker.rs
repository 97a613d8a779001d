//! Running an HTTP exchange on a runtime worker when the caller is not on one.
//!
//! On tokio's multi-thread runtime the future handed to `block_on` (the body of
//! `#[tokio::main]`) runs on the thread that called it, not on a worker, while reqwest's
//! connection tasks and the I/O driver live on the workers. An exchange polled from there
//! wakes a thread on the other side at every step: the connect, the hand-over of the
//! request to its connection task, each readiness event, the response head and each part of
//! the body. Spawned as a task, the exchange runs on a worker next to its connection, and
//! the caller wakes once, when it is over. Anywhere else (a worker, a current-thread
//! runtime, a `LocalSet`) the exchange is polled where it is.
//!
//! Most of those steps come with opening a connection. An exchange on a pooled connection
//! wakes the other side about as often either way, and a task of its own costs more than
//! it saves, so only exchanges that will probably connect are moved: the first, and every
//! one after a server closed its connection (moto answers `Connection: close`) or one
//! failed ([`ConnectionReuse`]).

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};

use http::{HeaderMap, Version};
use tokio::runtime::{Handle, RuntimeFlavor};
use tracing::Instrument;

use crate::error::Error;
use crate::joined::joined;

/// Whether the server kept its last connection open, so that the next exchange most
/// likely finds one in the pool. Starts false: the first exchange connects.
#[derive(Debug, Default)]
pub(crate) struct ConnectionReuse(AtomicBool);

impl ConnectionReuse {
    /// Whether the next exchange will probably find an open connection.
    pub(crate) fn expected(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Records whether the last exchange left its connection open.
    pub(crate) fn record(&self, kept: bool) {
        self.0.store(kept, Ordering::Relaxed);
    }
}

/// Whether a response with this version and these headers leaves its connection open:
/// HTTP/1.1 and later unless `Connection: close`, HTTP/1.0 only with `keep-alive`.
pub(crate) fn keeps_connection(version: Version, headers: &HeaderMap) -> bool {
    let connection = |token: &str| {
        headers
            .get_all(http::header::CONNECTION)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    match version {
        Version::HTTP_09 | Version::HTTP_10 => connection("keep-alive"),
        _ => !connection("close"),
    }
}

/// Runs `exchange` to completion, as a task of the current multi-thread runtime when the
/// caller is not one of its workers. Dropping the returned future cancels the exchange
/// either way; a panic inside it resumes in the caller, and what it logs stays in the
/// caller's tracing span.
pub(crate) async fn on_worker<T, F>(exchange: F) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: Send + 'static,
{
    let Some(runtime) = off_worker_runtime() else {
        return exchange.await;
    };
    let exchange = exchange.instrument(tracing::Span::current());
    joined(runtime.spawn(exchange), |e| {
        Error::connect(format!(
            "the request was cancelled by the runtime before it finished: {e}"
        ))
    })
    .await
}

/// The current runtime, when it is a multi-thread one and this thread is not its worker.
fn off_worker_runtime() -> Option<Handle> {
    let runtime = Handle::try_current().ok()?;
    let off_worker = runtime.runtime_flavor() == RuntimeFlavor::MultiThread
        && tokio::runtime::worker_index().is_none();
    off_worker.then_some(runtime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_stays_open_unless_the_response_says_close() {
        let headers = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(http::header::CONNECTION, value.parse().unwrap());
            headers
        };
        assert!(keeps_connection(Version::HTTP_11, &HeaderMap::new()));
        assert!(keeps_connection(Version::HTTP_2, &HeaderMap::new()));
        assert!(!keeps_connection(Version::HTTP_11, &headers("close")));
        assert!(!keeps_connection(
            Version::HTTP_11,
            &headers("Upgrade, Close")
        ));
        assert!(keeps_connection(Version::HTTP_11, &headers("keep-alive")));
        assert!(!keeps_connection(Version::HTTP_10, &HeaderMap::new()));
        assert!(keeps_connection(Version::HTTP_10, &headers("Keep-Alive")));
    }

    /// The worker an exchange ran on, if any.
    async fn where_it_ran() -> Result<Option<usize>, Error> {
        Ok(tokio::runtime::worker_index())
    }

    #[test]
    fn from_block_on_of_a_multi_thread_runtime_the_exchange_runs_on_a_worker() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        assert_eq!(
            runtime.block_on(async { tokio::runtime::worker_index() }),
            None
        );
        let ran_on = runtime.block_on(on_worker(where_it_ran())).unwrap();
        assert!(ran_on.is_some(), "ran on {ran_on:?}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_a_worker_the_exchange_stays_on_its_task() {
        let caller = tokio::spawn(async {
            let id = tokio::task::id();
            let inner = on_worker(async { Ok(tokio::task::try_id()) })
                .await
                .unwrap();
            (id, inner)
        });
        let (id, inner) = caller.await.unwrap();
        assert_eq!(inner, Some(id));
    }

    #[tokio::test]
    async fn on_a_current_thread_runtime_the_exchange_is_polled_in_place() {
        let inner = on_worker(async { Ok(tokio::task::try_id()) })
            .await
            .unwrap();
        assert_eq!(
            inner, None,
            "block_on has no task id; a spawned exchange would"
        );
    }

    #[test]
    fn dropping_the_call_cancels_a_spawned_exchange() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_time()
            .build()
            .unwrap();
        let (dropped_tx, dropped_rx) = std::sync::mpsc::channel::<()>();
        runtime.block_on(async {
            struct SignalOnDrop(std::sync::mpsc::Sender<()>);
            impl Drop for SignalOnDrop {
                fn drop(&mut self) {
                    let _ = self.0.send(());
                }
            }
            let guard = SignalOnDrop(dropped_tx);
            let exchange = async move {
                let _guard = guard;
                futures::future::pending::<()>().await;
                Ok(())
            };
            let timed_out =
                tokio::time::timeout(std::time::Duration::from_millis(50), on_worker(exchange))
                    .await;
            assert!(timed_out.is_err());
        });
        dropped_rx
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("the spawned exchange was dropped with the call");
    }

    #[test]
    fn a_panic_in_a_spawned_exchange_reaches_the_caller() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .build()
            .unwrap();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            runtime.block_on(on_worker(async {
                if tokio::runtime::worker_index().is_some() {
                    panic!("boom on a worker");
                }
                Ok(())
            }))
        }));
        let payload = caught.expect_err("the panic resumed in the caller");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom on a worker"));
    }
}
