//! A writer that keeps what is written to it, for tests that read back a wire log or another
//! text a library writes.

use std::sync::{Arc, Mutex};

/// Keeps every byte written to it; its clones share the bytes, so one clone goes to the code
/// under test and the test reads the text back from another.
#[derive(Clone, Default)]
pub struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl CapturedLog {
    /// Everything written so far, as UTF-8 text; panics when it is not UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).expect("the captured text is UTF-8")
    }
}

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
