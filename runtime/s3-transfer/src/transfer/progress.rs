//! Progress of a transfer, as events delivered to a callback and/or a stream, and the
//! [`Progress`] sink a transfer reports through.
//!
//! Events come from many parts at once, so a callback may be called from several tasks
//! concurrently; `BytesTransferred::done` only grows.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::Stream;
use tokio::sync::mpsc;

/// Something that happened during a transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProgressEvent {
    /// The transfer began; `total` is its size in bytes when known.
    Started {
        /// Size of the whole transfer, if known.
        total: Option<u64>,
    },
    /// A part began moving.
    PartStarted {
        /// Part number, from 1.
        part: u32,
        /// Offset of the part in the object.
        offset: u64,
        /// Length of the part.
        len: u64,
    },
    /// A part finished moving.
    PartDone {
        /// Part number, from 1.
        part: u32,
        /// Length of the part.
        len: u64,
    },
    /// More bytes were transferred; `done` counts all so far.
    BytesTransferred {
        /// Bytes transferred so far.
        done: u64,
        /// Size of the whole transfer, if known.
        total: Option<u64>,
    },
    /// The transfer completed.
    Finished {
        /// Bytes transferred.
        total: u64,
    },
}

/// A progress callback: called for every event, possibly from several tasks at once.
pub type ProgressCallback = Arc<dyn Fn(&ProgressEvent) + Send + Sync>;

/// Where a transfer reports its progress: nowhere (the default), a callback, a stream, or
/// both. Cheap to clone.
///
/// ```
/// use rboto_s3_transfer::transfer::{Progress, ProgressEvent};
/// let progress = Progress::callback(|event: &ProgressEvent| {
///     if let ProgressEvent::BytesTransferred { done, total } = event {
///         println!("{done} of {total:?} bytes");
///     }
/// });
/// let (progress, mut events) = progress.with_stream();
/// # drop((progress, events));
/// ```
#[derive(Clone, Default)]
pub struct Progress {
    callback: Option<ProgressCallback>,
    sender: Option<mpsc::UnboundedSender<ProgressEvent>>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("callback", &self.callback.is_some())
            .field("stream", &self.sender.is_some())
            .finish()
    }
}

impl Progress {
    /// Reports nothing.
    pub fn none() -> Progress {
        Progress::default()
    }

    /// Calls `f` with every event.
    pub fn callback(f: impl Fn(&ProgressEvent) + Send + Sync + 'static) -> Progress {
        Progress {
            callback: Some(Arc::new(f)),
            sender: None,
        }
    }

    /// A sink that sends every event to the returned stream (which ends when the transfer
    /// and every clone of the sink are dropped).
    pub fn stream() -> (Progress, ProgressStream) {
        Progress::default().with_stream()
    }

    /// This sink, also sending every event to the returned stream. Events queue up until
    /// read, so read the stream while the transfer runs (or drop it).
    pub fn with_stream(mut self) -> (Progress, ProgressStream) {
        let (sender, receiver) = mpsc::unbounded_channel();
        self.sender = Some(sender);
        (self, ProgressStream { receiver })
    }

    /// Whether anyone listens.
    pub fn is_enabled(&self) -> bool {
        self.callback.is_some() || self.sender.is_some()
    }

    /// Delivers one event.
    pub fn emit(&self, event: ProgressEvent) {
        if let Some(callback) = &self.callback {
            callback(&event);
        }
        if let Some(sender) = &self.sender {
            // A dropped receiver means nobody wants the events any more.
            let _ = sender.send(event);
        }
    }

    /// A tracker for a transfer of `total` bytes (when known) that counts bytes done and
    /// reports through this sink.
    pub fn tracker(&self, total: Option<u64>) -> ProgressTracker {
        ProgressTracker {
            sink: self.clone(),
            total,
            done: Arc::new(AtomicU64::new(0)),
        }
    }
}

/// The events of one transfer, as a [`Stream`].
#[derive(Debug)]
pub struct ProgressStream {
    receiver: mpsc::UnboundedReceiver<ProgressEvent>,
}

impl ProgressStream {
    /// The next event, or `None` once the transfer is over.
    pub async fn recv(&mut self) -> Option<ProgressEvent> {
        self.receiver.recv().await
    }
}

impl Stream for ProgressStream {
    type Item = ProgressEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ProgressEvent>> {
        self.receiver.poll_recv(cx)
    }
}

/// Counts the bytes of one transfer and reports events through a [`Progress`] sink. Cheap to
/// clone; clones share the count.
#[derive(Clone, Debug)]
pub struct ProgressTracker {
    sink: Progress,
    total: Option<u64>,
    done: Arc<AtomicU64>,
}

impl ProgressTracker {
    /// Reports [`ProgressEvent::Started`].
    pub fn started(&self) {
        self.sink.emit(ProgressEvent::Started { total: self.total });
    }

    /// Reports [`ProgressEvent::PartStarted`].
    pub fn part_started(&self, part: u32, offset: u64, len: u64) {
        self.sink
            .emit(ProgressEvent::PartStarted { part, offset, len });
    }

    /// Reports [`ProgressEvent::PartDone`].
    pub fn part_done(&self, part: u32, len: u64) {
        self.sink.emit(ProgressEvent::PartDone { part, len });
    }

    /// Adds `bytes` to the count and reports [`ProgressEvent::BytesTransferred`].
    pub fn add(&self, bytes: u64) {
        let done = self.done.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if self.sink.is_enabled() {
            self.sink.emit(ProgressEvent::BytesTransferred {
                done,
                total: self.total,
            });
        }
    }

    /// Bytes counted so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Reports [`ProgressEvent::Finished`] with the bytes counted.
    pub fn finished(&self) {
        self.sink
            .emit(ProgressEvent::Finished { total: self.done() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[tokio::test]
    async fn events_reach_callback_and_stream() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let (progress, mut stream) =
            Progress::callback(move |e: &ProgressEvent| log.lock().unwrap().push(e.clone()))
                .with_stream();
        let tracker = progress.tracker(Some(10));
        tracker.started();
        tracker.part_started(1, 0, 6);
        tracker.add(6);
        tracker.part_done(1, 6);
        tracker.add(4);
        tracker.finished();
        drop((progress, tracker));
        let mut streamed = Vec::new();
        while let Some(e) = stream.recv().await {
            streamed.push(e);
        }
        let expected = vec![
            ProgressEvent::Started { total: Some(10) },
            ProgressEvent::PartStarted {
                part: 1,
                offset: 0,
                len: 6,
            },
            ProgressEvent::BytesTransferred {
                done: 6,
                total: Some(10),
            },
            ProgressEvent::PartDone { part: 1, len: 6 },
            ProgressEvent::BytesTransferred {
                done: 10,
                total: Some(10),
            },
            ProgressEvent::Finished { total: 10 },
        ];
        assert_eq!(streamed, expected);
        assert_eq!(*seen.lock().unwrap(), expected);
    }
}
