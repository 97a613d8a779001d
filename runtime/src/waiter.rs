//! Waiters: polling an operation until a resource reaches a state, driven by `waiters-2.json`.
//!
//! A [`Waiter`] calls its operation, checks the response against the waiter's acceptors in
//! order, and acts on the first that matches: `success` ends the wait with the response,
//! `failure` ends it with a waiter error, `retry` polls again after the delay. The matchers
//! are botocore's:
//!
//! - `path`: a JMESPath expression over the output equals `expected`;
//! - `pathAll` / `pathAny`: the expression gives a non-empty list whose every / some element
//!   equals `expected`;
//! - `status`: the HTTP status equals `expected` (from the output's
//!   `ResponseMetadata.HTTPStatusCode`, or from the service error);
//! - `error`: the service error's code equals `expected`; `true` matches any service error and
//!   `false` a response without one.
//!
//! Path matchers never match an error response. A service error that no acceptor matches ends
//! the wait with that error, unchanged; an error that is not a service error (connection,
//! credentials, validation) ends it at once. Running out of attempts, or matching a `failure`
//! acceptor, gives an error whose `waiter_failure()` is a [`WaiterFailure`] that says why and
//! carries the last response (for an error, botocore's shape: `{"Error": {"Code", "Message"},
//! "ResponseMetadata": {...}}`).

use std::fmt;
use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{Error, WaiterFailure};
use crate::jmes::{json_eq, JmesPath};
use crate::model::{Acceptor, AcceptorState, MatcherKind, WaiterDefinition};
use crate::paginate::Invoke;

/// Polls an operation until one of its acceptors says the wait is over.
#[derive(Clone)]
pub struct Waiter {
    name: String,
    operation: String,
    acceptors: Vec<Matcher>,
    invoke: Invoke,
    delay: Duration,
    max_attempts: u32,
}

impl fmt::Debug for Waiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("name", &self.name)
            .field("operation", &self.operation)
            .field("delay", &self.delay)
            .field("max_attempts", &self.max_attempts)
            .finish_non_exhaustive()
    }
}

impl Waiter {
    /// A waiter named `name` (`TableExists`) as `definition` describes it, calling its
    /// operation through `invoke`. Fails with a model error when an acceptor's JMESPath does
    /// not parse or a path acceptor has none.
    pub fn new(
        name: impl Into<String>,
        definition: &WaiterDefinition,
        invoke: Invoke,
    ) -> Result<Self, Error> {
        let name = name.into();
        let acceptors = definition
            .acceptors
            .iter()
            .map(|a| Matcher::new(&name, a))
            .collect::<Result<_, _>>()?;
        Ok(Waiter {
            name,
            operation: definition.operation.clone(),
            acceptors,
            invoke,
            delay: Duration::from_secs(definition.delay),
            max_attempts: definition.max_attempts,
        })
    }

    /// Waits this long between attempts instead of the model's delay.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Gives up after this many attempts instead of the model's number (at least one
    /// attempt is always made).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The waiter's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The operation it polls.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// Polls until an acceptor ends the wait. Returns the response that matched a `success`
    /// acceptor (for an error matcher, the error in botocore's response form).
    pub async fn wait(&self, params: Value) -> Result<Value, Error> {
        let mut attempts = 0u32;
        let mut last_matched: Option<&Matcher> = None;
        loop {
            let response = match (self.invoke)(params.clone()).await {
                Err(e) if !e.is_service() => return Err(e),
                response => response,
            };
            attempts += 1;
            let matched = self.acceptors.iter().find(|a| a.matches(&response));
            let state = match (matched, response.as_ref()) {
                (Some(acceptor), _) => {
                    last_matched = Some(acceptor);
                    acceptor.state
                }
                (None, Err(_)) => return response,
                (None, Ok(_)) => AcceptorState::Retry,
            };
            tracing::debug!(waiter = %self.name, attempts, ?state, "waiter attempt");
            match state {
                AcceptorState::Success => return Ok(response_value(response)),
                AcceptorState::Failure => {
                    let acceptor = matched.expect("a failure state comes from an acceptor");
                    return Err(self.fail(format!("terminal failure state: {acceptor}"), response));
                }
                _ => {}
            }
            if attempts >= self.max_attempts {
                let reason = match last_matched {
                    Some(acceptor) => {
                        format!("Max attempts exceeded; previously matched: {acceptor}")
                    }
                    None => "Max attempts exceeded".to_string(),
                };
                return Err(self.fail(reason, response));
            }
            tokio::time::sleep(self.delay).await;
        }
    }

    fn fail(&self, reason: String, response: Result<Value, Error>) -> Error {
        Error::waiter(WaiterFailure {
            waiter: self.name.clone(),
            reason,
            last_response: response_value(response),
        })
    }
}

/// A response as a value: the output itself, or a service error in botocore's form.
fn response_value(response: Result<Value, Error>) -> Value {
    match response {
        Ok(output) => output,
        Err(e) => {
            let Some(err) = e.service_error() else {
                return Value::Null;
            };
            json!({
                "Error": {"Code": err.code, "Message": err.message.clone().unwrap_or_default()},
                "ResponseMetadata": {"HTTPStatusCode": err.status, "RequestId": err.request_id},
            })
        }
    }
}

/// One acceptor, ready to test responses.
#[derive(Debug, Clone)]
struct Matcher {
    state: AcceptorState,
    test: Test,
    expected: Value,
}

#[derive(Debug, Clone)]
enum Test {
    Path(JmesPath),
    PathAll(JmesPath),
    PathAny(JmesPath),
    Status,
    Error,
}

impl Matcher {
    fn new(waiter: &str, acceptor: &Acceptor) -> Result<Self, Error> {
        let path = || -> Result<JmesPath, Error> {
            let argument = acceptor.argument.as_deref().ok_or_else(|| {
                Error::model(format!(
                    "waiter {waiter}: a {:?} acceptor has no argument",
                    acceptor.matcher
                ))
            })?;
            JmesPath::new(argument)
        };
        let test = match acceptor.matcher {
            MatcherKind::Path => Test::Path(path()?),
            MatcherKind::PathAll => Test::PathAll(path()?),
            MatcherKind::PathAny => Test::PathAny(path()?),
            MatcherKind::Status => Test::Status,
            MatcherKind::Error => Test::Error,
        };
        Ok(Matcher {
            state: acceptor.state,
            test,
            expected: acceptor.expected.clone(),
        })
    }

    /// Whether this acceptor matches a response. An expression that cannot be evaluated
    /// against a response does not match it.
    fn matches(&self, response: &Result<Value, Error>) -> bool {
        let expected = &self.expected;
        match (&self.test, response) {
            (Test::Path(path), Ok(output)) => path
                .search(output)
                .is_ok_and(|found| json_eq(&found, expected)),
            (Test::PathAll(path), Ok(output)) => match path.search(output) {
                Ok(Value::Array(items)) => {
                    !items.is_empty() && items.iter().all(|i| json_eq(i, expected))
                }
                _ => false,
            },
            (Test::PathAny(path), Ok(output)) => match path.search(output) {
                Ok(Value::Array(items)) => items.iter().any(|i| json_eq(i, expected)),
                _ => false,
            },
            (Test::Path(_) | Test::PathAll(_) | Test::PathAny(_), Err(_)) => false,
            (Test::Status, Ok(output)) => {
                let status = &output["ResponseMetadata"]["HTTPStatusCode"];
                !status.is_null() && json_eq(status, expected)
            }
            (Test::Status, Err(e)) => e
                .status()
                .is_some_and(|status| json_eq(&Value::from(status), expected)),
            (Test::Error, result) => match (expected, result) {
                (Value::Bool(want_error), result) => *want_error == result.is_err(),
                (Value::String(code), Err(e)) => e.code() == Some(code.as_str()),
                _ => false,
            },
        }
    }
}

impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expected = &self.expected;
        match &self.test {
            Test::Path(p) => write!(f, "{:?} is {expected}", p.as_str()),
            Test::PathAll(p) => write!(f, "every element of {:?} is {expected}", p.as_str()),
            Test::PathAny(p) => write!(f, "some element of {:?} is {expected}", p.as_str()),
            Test::Status => write!(f, "HTTP status is {expected}"),
            Test::Error => match expected {
                Value::Bool(true) => write!(f, "the service returned an error"),
                Value::Bool(false) => write!(f, "the service returned no error"),
                code => write!(f, "the service returned error {code}"),
            },
        }
    }
}

#[cfg(test)]
mod tests;
