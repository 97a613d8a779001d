//! The [`Stubber`]: queued answers for a client's calls, checked against the model.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Map, Value};

use crate::error::{BoxError, Error};
use crate::hooks::{Hook, HookResult, OutputStage, Scope, SendStage};
use crate::model::ServiceModel;
use crate::session::{ClientBuilder, SessionBuilder};
use crate::transport::HttpResponse;
use crate::validate::validate_shape_with_wildcard;

use super::matcher::{any, differences};
use super::wire;

/// Queued answers for the calls of one service, in order, each with the parameters the call
/// must send: botocore's `Stubber`, on rboto's hooks.
///
/// Every answer is checked against the operation's model when it is added: an output that
/// does not fit the output shape, or expected parameters that do not fit the input shape,
/// are refused with the path of each problem. Each call then takes the next answer; a call of
/// another operation, with other parameters, or with nothing left to answer fails with the
/// difference, expected against sent, by path.
///
/// Attach it to a session ([`attach_to_session`](Self::attach_to_session)) and everything
/// built on the session's clients uses it: resources, collections, waiters, DynamoDB tables,
/// the batch writer, transfers. A stubber is cheap to clone; clones share one queue.
#[derive(Clone)]
pub struct Stubber {
    inner: Arc<Inner>,
}

struct Inner {
    model: ServiceModel,
    queue: Mutex<VecDeque<Expectation>>,
    /// Outputs of answered calls, by the id their response carries, until they are parsed.
    answered: Mutex<HashMap<u64, Value>>,
    next_id: AtomicU64,
}

struct Expectation {
    operation: String,
    expected_params: Option<Value>,
    answer: Answer,
}

enum Answer {
    Output { output: Value, body: Option<Bytes> },
    Error(StubbedError),
}

/// A service error for a [`Stubber`] to answer with ([`Stubber::add_error`]): the code and
/// message every protocol carries, and optionally the HTTP status (400 unless set), the
/// error shape's modeled members and extra response headers.
#[derive(Debug, Clone)]
pub struct StubbedError {
    pub(super) code: String,
    pub(super) message: String,
    pub(super) http_status: u16,
    pub(super) modeled_fields: Value,
    pub(super) headers: HeaderMap,
}

impl StubbedError {
    /// An error with this code and message, sent with HTTP status 400.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        StubbedError {
            code: code.into(),
            message: message.into(),
            http_status: 400,
            modeled_fields: Value::Object(Map::new()),
            headers: HeaderMap::new(),
        }
    }

    /// The HTTP status of the error response (a throttling 400, a 503, a 404 …).
    pub fn http_status(mut self, status: u16) -> Self {
        self.http_status = status;
        self
    }

    /// Members of the error's modeled shape (`CancellationReasons` of a cancelled DynamoDB
    /// transaction), as an object; the caller reads them from the error's data.
    pub fn modeled_fields(mut self, fields: Value) -> Self {
        self.modeled_fields = fields;
        self
    }

    /// A header on the error response (`retry-after`, `x-amz-bucket-region`).
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }
}

/// Why a stubbed call failed: the call was not the one expected, or nothing was left to
/// answer it. Its message says what was expected and what was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubMismatch(String);

impl fmt::Display for StubMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StubMismatch {}

impl Stubber {
    /// A stubber for the calls of clients of `model`'s service, with nothing queued.
    pub fn new(model: ServiceModel) -> Self {
        Stubber {
            inner: Arc::new(Inner {
                model,
                queue: Mutex::new(VecDeque::new()),
                answered: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
            }),
        }
    }

    /// The calls this stubber answers: its service's.
    pub fn scope(&self) -> Scope {
        Scope::service(self.inner.model.name())
    }

    /// Registers this stubber on every client of the session that talks to its service.
    pub fn attach_to_session(&self, builder: SessionBuilder) -> SessionBuilder {
        builder.hook(self.scope(), self.clone())
    }

    /// Registers this stubber on one client.
    pub fn attach_to_client(&self, builder: ClientBuilder) -> ClientBuilder {
        builder.hook(self.scope(), self.clone())
    }

    /// Queues `response` as the output of the next call, which must be of `operation` and,
    /// when `expected_params` is given, send exactly those parameters ([`ANY`] matches any
    /// value). Refused, with every problem and its path, when the response does not fit the
    /// operation's output shape or the parameters its input shape. A `ResponseMetadata`
    /// member is allowed and ignored; the pipeline writes its own.
    ///
    /// [`ANY`]: super::ANY
    pub fn add_response(
        &self,
        operation: &str,
        response: Value,
        expected_params: Option<Value>,
    ) -> Result<(), Error> {
        self.queue_output(operation, response, None, expected_params)
    }

    /// Like [`add_response`](Self::add_response), for an operation whose output streams
    /// (S3's `GetObject`): `body` is what the caller reads from the returned stream, and
    /// `response` the other members (`ContentType`, `ETag`, …).
    pub fn add_streaming_response(
        &self,
        operation: &str,
        response: Value,
        body: impl Into<Bytes>,
        expected_params: Option<Value>,
    ) -> Result<(), Error> {
        let op = self.inner.model.operation(operation)?;
        let streams = op
            .output
            .as_ref()
            .and_then(|o| self.inner.model.definition().shape_of(o))
            .and_then(|shape| shape.payload.as_ref())
            .is_some();
        if !streams {
            return Err(Error::validation(vec![format!(
                "{operation}: its output has no payload to stream; use add_response"
            )])
            .with_context("a stubbed streaming response"));
        }
        self.queue_output(operation, response, Some(body.into()), expected_params)
    }

    /// Queues a service error as the answer to the next call, which must be of `operation`
    /// (and send `expected_params`, when given): botocore's `add_client_error`. The error
    /// goes to the client in its protocol's wire format, so the error parser, the error's
    /// predicates (`is_throttling()`, `is_not_found()`) and the retry rules see it as they
    /// would a real one: a throttling error followed by a response is a retried call.
    pub fn add_client_error(
        &self,
        operation: &str,
        code: &str,
        message: &str,
        http_status: u16,
        expected_params: Option<Value>,
    ) -> Result<(), Error> {
        let error = StubbedError::new(code, message).http_status(http_status);
        self.add_error(operation, error, expected_params)
    }

    /// [`add_client_error`](Self::add_client_error) with modeled fields or headers.
    pub fn add_error(
        &self,
        operation: &str,
        error: StubbedError,
        expected_params: Option<Value>,
    ) -> Result<(), Error> {
        self.inner.model.operation(operation)?;
        if !(300..600).contains(&error.http_status) {
            return Err(Error::validation(vec![format!(
                "http_status: {} is not an error status (300 to 599)",
                error.http_status
            )])
            .with_context(format!("a stubbed {operation} error")));
        }
        self.check_params(operation, expected_params.as_ref())?;
        self.push(Expectation {
            operation: operation.to_string(),
            expected_params,
            answer: Answer::Error(error),
        });
        Ok(())
    }

    /// Panics, naming what is left, unless every queued answer was used: the end of a test
    /// that should have made every call it stubbed.
    #[track_caller]
    pub fn assert_no_pending_responses(&self) {
        let queue = lock(&self.inner.queue);
        if !queue.is_empty() {
            let left: Vec<_> = queue.iter().map(|e| e.operation.as_str()).collect();
            panic!(
                "{} stubbed response(s) of {} not used: {}",
                left.len(),
                self.inner.model.name(),
                left.join(", ")
            );
        }
    }

    /// How many queued answers are left.
    pub fn pending(&self) -> usize {
        lock(&self.inner.queue).len()
    }

    fn queue_output(
        &self,
        operation: &str,
        mut response: Value,
        body: Option<Bytes>,
        expected_params: Option<Value>,
    ) -> Result<(), Error> {
        let model = &self.inner.model;
        let op = model.operation(operation)?;
        if let Value::Object(map) = &mut response {
            crate::protocol::remove_in_order(map, "ResponseMetadata");
        }
        let checked = match &op.output {
            Some(output) => {
                validate_shape_with_wildcard(model.definition(), output, &response, None)
            }
            None if response.as_object().is_some_and(Map::is_empty) => Ok(()),
            None => Err(Error::validation(vec![format!(
                "output: operation {operation} has no output; the response must be {{}}"
            )])),
        };
        checked.map_err(|e| {
            e.with_context(format!(
                "the stubbed {operation} response does not fit its output shape"
            ))
        })?;
        self.check_params(operation, expected_params.as_ref())?;
        self.push(Expectation {
            operation: operation.to_string(),
            expected_params,
            answer: Answer::Output {
                output: response,
                body,
            },
        });
        Ok(())
    }

    fn check_params(&self, operation: &str, expected: Option<&Value>) -> Result<(), Error> {
        let Some(expected) = expected else {
            return Ok(());
        };
        let model = &self.inner.model;
        let op = model.operation(operation)?;
        let checked = match &op.input {
            Some(input) => {
                validate_shape_with_wildcard(model.definition(), input, expected, Some(&any()))
            }
            None => crate::validate::validate_input(model.definition(), op, expected),
        };
        checked.map_err(|e| {
            e.with_context(format!(
                "the expected {operation} parameters do not fit its input shape"
            ))
        })
    }

    fn push(&self, expectation: Expectation) {
        lock(&self.inner.queue).push_back(expectation);
    }

    /// Takes the next answer when this call is the one it expects.
    fn take_for(&self, stage: &SendStage<'_>) -> Result<Answer, StubMismatch> {
        let service = self.inner.model.name();
        let operation = stage.operation_name();
        let mut queue = lock(&self.inner.queue);
        let Some(next) = queue.front() else {
            return Err(StubMismatch(format!(
                "unexpected call: no stubbed response is left for {service} {operation} \
                 (sent {})",
                stage.params()
            )));
        };
        if next.operation != operation {
            return Err(StubMismatch(format!(
                "unexpected call: the next stubbed response is for {service} {}, \
                 but {operation} was called",
                next.operation
            )));
        }
        if let Some(expected) = &next.expected_params {
            let found = sent_differences(expected, stage);
            if !found.is_empty() {
                return Err(StubMismatch(format!(
                    "{service} {operation} was called with other parameters than expected \
                     (expected vs sent, by path):\n  {}",
                    found.join("\n  ")
                )));
            }
        }
        Ok(queue.pop_front().expect("the front was just read").answer)
    }
}

/// How the parameters a call sent differ from `expected`. The sent parameters are those the
/// request was built from; for the JSON protocol the body is those parameters too, and is
/// what counts when a caller wrote part of it itself (the DynamoDB batch writer writes its
/// items straight into the body), so a match with either is a match, and otherwise the
/// shorter list of differences is reported.
fn sent_differences(expected: &Value, stage: &SendStage<'_>) -> Vec<String> {
    let by_params = differences(expected, stage.params());
    if by_params.is_empty() {
        return by_params;
    }
    let body = match wire::protocol_of(stage) {
        Ok(crate::protocol::Protocol::Json) => stage
            .body()
            .and_then(|b| serde_json::from_slice::<Value>(b).ok()),
        _ => None,
    };
    match body.map(|body| differences(expected, &body)) {
        Some(by_body) if by_body.len() < by_params.len() => by_body,
        _ => by_params,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Hook for Stubber {
    /// Answers the call with the next queued answer, in the protocol's wire format, or fails
    /// it with a [`StubMismatch`].
    fn before_send(&self, request: &SendStage<'_>) -> Result<Option<HttpResponse>, BoxError> {
        if request.model().name() != self.inner.model.name() {
            return Ok(None);
        }
        let response = match self.take_for(request)? {
            Answer::Error(error) => wire::error(request, &error)?,
            Answer::Output { output, body } => {
                let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
                let response = wire::success(request, &output, body, 200, id)?;
                lock(&self.inner.answered).insert(id, output);
                response
            }
        };
        Ok(Some(response))
    }

    /// Puts the stubbed output in place of what the parser read, so the caller gets exactly
    /// what was queued.
    fn after_parsing(&self, output: &mut OutputStage<'_>) -> HookResult {
        let id = output
            .headers()
            .get(wire::STUB_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(stubbed) = id.and_then(|id| lock(&self.inner.answered).remove(&id)) {
            *output.output_mut() = stubbed;
        }
        Ok(())
    }
}

impl fmt::Debug for Stubber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stubber")
            .field("service", &self.inner.model.name())
            .field("pending", &self.pending())
            .finish()
    }
}
