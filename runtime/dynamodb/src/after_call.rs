//! [`AfterCall`]: what a table's builders run after each call they send succeeds.

use std::fmt;
use std::sync::Arc;

/// A hook run after each successful call of a table's typed builders; the generated
/// `Table` clears its cached DescribeTable data with it, as boto3 does after every action.
#[derive(Clone, Default)]
pub(crate) struct AfterCall(Option<Arc<dyn Fn() + Send + Sync>>);

impl AfterCall {
    pub(crate) fn new(hook: impl Fn() + Send + Sync + 'static) -> Self {
        AfterCall(Some(Arc::new(hook)))
    }

    /// Runs the hook, when there is one.
    pub(crate) fn run(&self) {
        if let Some(hook) = &self.0 {
            hook();
        }
    }
}

impl fmt::Debug for AfterCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "AfterCall(set)"
        } else {
            "AfterCall(none)"
        })
    }
}
