//! Waiter definitions (`waiters-2.json`).

use indexmap::IndexMap;
use serde::Deserialize;

/// What an acceptor does when it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum AcceptorState {
    /// The wait is over and succeeded.
    Success,
    /// The wait is over and failed.
    Failure,
    /// Keep polling.
    Retry,
}

/// How an acceptor inspects a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub enum MatcherKind {
    /// A JMESPath result equals `expected`.
    #[serde(rename = "path")]
    Path,
    /// Every element of a JMESPath list equals `expected`.
    #[serde(rename = "pathAll")]
    PathAll,
    /// Some element of a JMESPath list equals `expected`.
    #[serde(rename = "pathAny")]
    PathAny,
    /// The HTTP status equals `expected`.
    #[serde(rename = "status")]
    Status,
    /// The error code equals `expected` (or, with a boolean, any/no error).
    #[serde(rename = "error")]
    Error,
}

/// One acceptor of a waiter.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Acceptor {
    /// Outcome when it matches.
    pub state: AcceptorState,
    /// Kind of test.
    pub matcher: MatcherKind,
    /// JMESPath expression for path matchers.
    pub argument: Option<String>,
    /// Expected value.
    pub expected: serde_json::Value,
}

/// One waiter.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WaiterDefinition {
    /// Seconds between attempts.
    pub delay: u64,
    /// Operation polled.
    pub operation: String,
    /// Attempts before giving up.
    pub max_attempts: u32,
    /// Acceptors, checked in order.
    pub acceptors: Vec<Acceptor>,
}

/// A whole `waiters-2.json`.
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct WaitersFile {
    /// Waiters by name.
    #[serde(default)]
    pub waiters: IndexMap<String, WaiterDefinition>,
}
