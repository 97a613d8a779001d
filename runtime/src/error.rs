//! rboto's one error type.
//!
//! [`Error`] is opaque: ask it what happened through predicates (`is_not_found()`,
//! `is_throttling()`, …) and accessors (`code()`, `request_id()`, …). A service error keeps
//! everything the response said in a [`ServiceError`].

use std::fmt;

/// Any error, boxed: what hooks and transports may return, and an [`Error`]'s source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything a service said about a failed call.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ServiceError {
    /// Operation that failed.
    pub operation: String,
    /// Error code (`NoSuchBucket`, `ThrottlingException`, `404` for bodiless HEAD responses).
    pub code: String,
    /// Human-readable message, when the service sent one.
    pub message: Option<String>,
    /// HTTP status.
    pub status: u16,
    /// Request id from the response.
    pub request_id: Option<String>,
    /// Name of the modeled error shape this code matched, if any.
    pub shape: Option<String>,
    /// The error's modeled members as parsed from the response.
    pub data: serde_json::Value,
    /// The error type (`Sender`/`Receiver`) when the response names one: an XML error body's
    /// `<Type>`, or the `x-amzn-query-error` header of a query-compatible service.
    pub error_type: Option<String>,
}

impl ServiceError {
    /// Whether this error says the thing asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status == 404
            || matches!(
                self.code.as_str(),
                "NotFound"
                    | "NoSuchKey"
                    | "NoSuchBucket"
                    | "NoSuchEntity"
                    | "ResourceNotFoundException"
                    | "ResourceNotFound"
                    | "NoSuchUpload"
                    | "NotFoundException"
                    | "AWS.SimpleQueueService.NonExistentQueue"
                    | "QueueDoesNotExist"
            )
            || self.code.starts_with("InvalidInstanceID.NotFound")
            || self.code.ends_with(".NotFound")
            || self.code.ends_with("NotFound")
    }

    /// Whether this error asks the caller to slow down.
    pub fn is_throttling(&self) -> bool {
        self.status == 429
            || matches!(
                self.code.as_str(),
                "Throttling"
                    | "ThrottlingException"
                    | "ThrottledException"
                    | "RequestThrottledException"
                    | "TooManyRequestsException"
                    | "ProvisionedThroughputExceededException"
                    | "TransactionInProgressException"
                    | "RequestLimitExceeded"
                    | "BandwidthLimitExceeded"
                    | "LimitExceededException"
                    | "RequestThrottled"
                    | "SlowDown"
                    | "PriorRequestNotComplete"
                    | "EC2ThrottledException"
            )
    }
}

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// Parameters failed validation against the model; nothing was sent.
    Validation(Vec<String>),
    /// The service answered with an error.
    Service(Box<ServiceError>),
    /// A model could not be read, or names something it lacks.
    Model(String),
    /// A request could not be built from valid-looking parameters.
    Serialization(String),
    /// A response did not parse.
    Response(String),
    /// No credentials could be found or loaded.
    Credentials(String),
    /// No endpoint could be resolved.
    Endpoint(String),
    /// The connection failed or broke.
    Connect(String),
    /// The request or a read timed out.
    Timeout(String),
    /// A paginator stopped (e.g. a repeated token).
    Pagination(String),
    /// A waiter ended in failure or ran out of attempts.
    Waiter(Box<WaiterFailure>),
    /// Reading or writing a body or file failed.
    Io(String),
    /// A resource's load found nothing at its path (a deleted instance).
    ResourceNotFound(String),
    /// A resource has no data and no way to load it.
    ResourceLoad(String),
    /// The caller cancelled the work (a cancellation token, or a dropped future).
    Cancelled(String),
    /// A hook registered on the session or client failed the call.
    Hook(String),
}

/// Why a waiter gave up.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WaiterFailure {
    /// Waiter name.
    pub waiter: String,
    /// What ended it.
    pub reason: String,
    /// The last response (output, or the error's code and message).
    pub last_response: serde_json::Value,
}

/// The error of every rboto call.
///
/// One pointer wide, so a `Result<T, Error>` costs little more than a `T` on the happy path;
/// the details live behind the box.
pub struct Error(Box<Inner>);

struct Inner {
    kind: Kind,
    source: Option<BoxError>,
    attempts: u32,
    /// What the caller was doing, shown before the message (`failed to upload a to b/c`).
    context: Option<String>,
}

impl Error {
    pub(crate) fn new(kind: Kind) -> Self {
        Error(Box::new(Inner {
            kind,
            source: None,
            attempts: 0,
            context: None,
        }))
    }

    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.0.source = Some(source.into());
        self
    }

    /// The same error for another caller (one failed request reported to everyone who
    /// waited on it). The source chain is kept as text.
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn duplicate(&self) -> Self {
        Error(Box::new(Inner {
            kind: self.0.kind.clone(),
            source: self
                .0
                .source
                .as_ref()
                .map(|s| BoxError::from(s.to_string())),
            attempts: self.0.attempts,
            context: self.0.context.clone(),
        }))
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.0.attempts = attempts;
        self
    }

    /// Parameters failed validation; `problems` names each one with its path.
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn validation(problems: Vec<String>) -> Self {
        Self::new(Kind::Validation(problems))
    }

    /// A service error.
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn service(err: ServiceError) -> Self {
        Self::new(Kind::Service(Box::new(err)))
    }

    /// A model that cannot be read or lacks what was asked of it.
    /// A service error with `message` as its message, when the response carried it where
    /// the protocol does not look (OAuth2's `error_description`).
    pub(crate) fn with_service_message(mut self, message: String) -> Self {
        if let Kind::Service(e) = &mut self.0.kind {
            e.message = Some(message);
        }
        self
    }

    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn model(msg: impl Into<String>) -> Self {
        Self::new(Kind::Model(msg.into()))
    }

    /// Parameters that cannot be put on the wire.
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn serialization(msg: impl Into<String>) -> Self {
        Self::new(Kind::Serialization(msg.into()))
    }

    /// A response that does not parse.
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn response(msg: impl Into<String>) -> Self {
        Self::new(Kind::Response(msg.into()))
    }

    /// Missing or unusable credentials. Public for implementors of
    /// [`ProvideCredentials`](crate::session::ProvideCredentials) and the token providers,
    /// whose failures are rboto errors.
    pub fn credentials(msg: impl Into<String>) -> Self {
        Self::new(Kind::Credentials(msg.into()))
    }

    /// An endpoint that cannot be resolved.
    pub(crate) fn endpoint(msg: impl Into<String>) -> Self {
        Self::new(Kind::Endpoint(msg.into()))
    }

    /// A connection failure.
    pub(crate) fn connect(msg: impl Into<String>) -> Self {
        Self::new(Kind::Connect(msg.into()))
    }

    /// A timeout.
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn timeout(msg: impl Into<String>) -> Self {
        Self::new(Kind::Timeout(msg.into()))
    }

    /// A paginator failure.
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn pagination(msg: impl Into<String>) -> Self {
        Self::new(Kind::Pagination(msg.into()))
    }

    /// A waiter that ended in failure.
    pub(crate) fn waiter(failure: WaiterFailure) -> Self {
        Self::new(Kind::Waiter(Box::new(failure)))
    }

    /// A body or file that could not be read or written.
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn io(msg: impl Into<String>) -> Self {
        Self::new(Kind::Io(msg.into()))
    }

    /// A resource's load found nothing: the resource does not exist (any more).
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn resource_not_found(msg: impl Into<String>) -> Self {
        Self::new(Kind::ResourceNotFound(msg.into()))
    }

    /// A resource's attributes were read, but it has no data and its type has no load
    /// (boto3's `ResourceLoadException`).
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn resource_load(msg: impl Into<String>) -> Self {
        Self::new(Kind::ResourceLoad(msg.into()))
    }

    /// Work stopped because the caller cancelled it.
    #[doc(hidden)] // for rboto's extension crates; not part of the API
    pub fn cancelled(msg: impl Into<String>) -> Self {
        Self::new(Kind::Cancelled(msg.into()))
    }

    /// A hook failed the call with an error of its own (kept as the source).
    pub(crate) fn hook(msg: impl Into<String>) -> Self {
        Self::new(Kind::Hook(msg.into()))
    }

    /// Whether a hook registered on the session or client failed the call.
    pub fn is_hook(&self) -> bool {
        matches!(self.0.kind, Kind::Hook(_))
    }

    /// The caller cancelled the work (a cancellation token fired).
    pub fn is_cancelled(&self) -> bool {
        matches!(self.0.kind, Kind::Cancelled(_))
    }

    /// The same error, saying first what the caller was doing (`failed to upload big.bin to
    /// bucket/key`); predicates and details are unchanged. A second context goes before the
    /// first.
    pub fn with_context(mut self, context: impl Into<String>) -> Self {
        let context = context.into();
        self.0.context = Some(match self.0.context.take() {
            Some(inner) => format!("{context}: {inner}"),
            None => context,
        });
        self
    }

    /// A resource has no data and no load to get it.
    pub fn is_resource_load(&self) -> bool {
        matches!(self.0.kind, Kind::ResourceLoad(_))
    }

    /// Parameters were rejected before anything was sent.
    pub fn is_validation(&self) -> bool {
        matches!(self.0.kind, Kind::Validation(_))
    }

    /// The service answered with an error.
    pub fn is_service(&self) -> bool {
        matches!(self.0.kind, Kind::Service(_))
    }

    /// The thing asked for does not exist (a service's not-found code or a 404, or a
    /// resource load that found nothing).
    pub fn is_not_found(&self) -> bool {
        matches!(self.0.kind, Kind::ResourceNotFound(_))
            || self.service_error().is_some_and(ServiceError::is_not_found)
    }

    /// The service asked the caller to slow down.
    pub fn is_throttling(&self) -> bool {
        self.service_error()
            .is_some_and(ServiceError::is_throttling)
    }

    /// A connect, request or read timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self.0.kind, Kind::Timeout(_))
    }

    /// The connection could not be made or broke.
    pub fn is_connect(&self) -> bool {
        matches!(self.0.kind, Kind::Connect(_))
    }

    /// No usable credentials.
    pub fn is_credentials(&self) -> bool {
        matches!(self.0.kind, Kind::Credentials(_))
    }

    /// No endpoint could be resolved.
    pub fn is_endpoint(&self) -> bool {
        matches!(self.0.kind, Kind::Endpoint(_))
    }

    /// A model problem (unknown operation, unreadable file).
    pub fn is_model(&self) -> bool {
        matches!(self.0.kind, Kind::Model(_))
    }

    /// A waiter failed or ran out of attempts.
    pub fn is_waiter(&self) -> bool {
        matches!(self.0.kind, Kind::Waiter(_))
    }

    /// A paginator stopped with an error.
    pub fn is_pagination(&self) -> bool {
        matches!(self.0.kind, Kind::Pagination(_))
    }

    /// A response did not parse.
    pub fn is_response(&self) -> bool {
        matches!(self.0.kind, Kind::Response(_))
    }

    /// A body or file could not be read or written.
    pub fn is_io(&self) -> bool {
        matches!(self.0.kind, Kind::Io(_))
    }

    /// The service error, when the service answered with one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match &self.0.kind {
            Kind::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The waiter failure, when a waiter gave up.
    pub fn waiter_failure(&self) -> Option<&WaiterFailure> {
        match &self.0.kind {
            Kind::Waiter(w) => Some(w),
            _ => None,
        }
    }

    /// The service's error code.
    pub fn code(&self) -> Option<&str> {
        self.service_error().map(|e| e.code.as_str())
    }

    /// The service's error message.
    pub fn message(&self) -> Option<&str> {
        self.service_error().and_then(|e| e.message.as_deref())
    }

    /// The HTTP status of a service error.
    pub fn status(&self) -> Option<u16> {
        self.service_error().map(|e| e.status)
    }

    /// The request id of a service error.
    pub fn request_id(&self) -> Option<&str> {
        self.service_error().and_then(|e| e.request_id.as_deref())
    }

    /// The validation problems, each with its parameter path.
    pub fn validation_problems(&self) -> &[String] {
        match &self.0.kind {
            Kind::Validation(p) => p,
            _ => &[],
        }
    }

    /// How many attempts were made before this error (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// A DynamoDB condition (`ConditionExpression`, or an optimistic-lock version check)
    /// was not met: `ConditionalCheckFailedException`. Nothing was written.
    pub fn is_conditional_check_failed(&self) -> bool {
        self.code() == Some("ConditionalCheckFailedException")
    }

    /// The item as it was when a DynamoDB condition failed, in attribute-value form
    /// (`{"pk": {"S": ..}}`), when the request asked for it
    /// (`ReturnValuesOnConditionCheckFailure=ALL_OLD`) and the item existed. Decode it with
    /// `rboto::dynamodb::from_item`.
    pub fn condition_failed_item(&self) -> Option<&serde_json::Map<String, serde_json::Value>> {
        if !self.is_conditional_check_failed() {
            return None;
        }
        self.service_error()?.data.get("Item")?.as_object()
    }

    /// A DynamoDB transaction was cancelled (`TransactionCanceledException`): nothing of it
    /// was written; `cancellation_reasons()` (`rboto::dynamodb::TransactionErrorExt`, in the
    /// `rboto-dynamodb` crate) says why, item by item.
    pub fn is_transaction_canceled(&self) -> bool {
        self.code() == Some("TransactionCanceledException")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Inner {
            kind,
            attempts,
            context,
            ..
        } = &*self.0;
        if let Some(context) = context {
            write!(f, "{context}: ")?;
        }
        match kind {
            Kind::Validation(problems) => {
                write!(f, "invalid parameters: {}", problems.join("; "))?;
            }
            Kind::Service(e) => {
                write!(
                    f,
                    "an error occurred ({}) when calling the {} operation",
                    e.code, e.operation
                )?;
                if *attempts > 1 {
                    write!(f, " (after {attempts} attempts)")?;
                }
                write!(f, ": {}", e.message.as_deref().unwrap_or(""))?;
                return Ok(());
            }
            Kind::Model(m) => write!(f, "model error: {m}")?,
            Kind::Serialization(m) => write!(f, "cannot serialize request: {m}")?,
            Kind::Response(m) => write!(f, "cannot parse response: {m}")?,
            Kind::Credentials(m) => write!(f, "credentials error: {m}")?,
            Kind::Endpoint(m) => write!(f, "endpoint error: {m}")?,
            Kind::Connect(m) => write!(f, "connection error: {m}")?,
            Kind::Timeout(m) => write!(f, "timed out: {m}")?,
            Kind::Pagination(m) => write!(f, "pagination error: {m}")?,
            Kind::Waiter(w) => write!(f, "waiter {} failed: {}", w.waiter, w.reason)?,
            Kind::Io(m) => write!(f, "I/O error: {m}")?,
            Kind::ResourceNotFound(m) => write!(f, "not found: {m}")?,
            Kind::ResourceLoad(m) => write!(f, "cannot load resource: {m}")?,
            Kind::Cancelled(m) => write!(f, "cancelled: {m}")?,
            Kind::Hook(m) => write!(f, "a hook failed the call: {m}")?,
        }
        if *attempts > 1 {
            write!(f, " (after {attempts} attempts)")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.0;
        let mut d = f.debug_struct("Error");
        if let Some(context) = &inner.context {
            d.field("context", context);
        }
        d.field("kind", &inner.kind);
        if inner.attempts > 0 {
            d.field("attempts", &inner.attempts);
        }
        if let Some(source) = &inner.source {
            d.field("source", &source.to_string());
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// A failed read or write of a file or stream, keeping the I/O error as its `source()`.
impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::io(e.to_string()).with_source(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn an_error_is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Result<(), Error>>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn io_and_connect_errors_keep_their_source() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let err = Error::from(io);
        assert!(err.is_io());
        assert_eq!(err.to_string(), "I/O error: no such file");
        let source = err.source().expect("the io::Error");
        let io = source
            .downcast_ref::<std::io::Error>()
            .expect("an io::Error");
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);

        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let err = Error::connect("cannot connect to 127.0.0.1:1").with_source(refused);
        assert!(err.is_connect());
        assert_eq!(
            err.source()
                .and_then(|s| s.downcast_ref::<std::io::Error>())
                .map(std::io::Error::kind),
            Some(std::io::ErrorKind::ConnectionRefused)
        );
        assert!(err.duplicate().source().is_some());
    }

    #[test]
    fn service_error_display_names_code_operation_and_message() {
        let err = Error::service(ServiceError {
            operation: "GetObject".into(),
            code: "NoSuchKey".into(),
            message: Some("The specified key does not exist.".into()),
            status: 404,
            ..Default::default()
        });
        assert_eq!(
            err.to_string(),
            "an error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist."
        );
        assert!(err.is_not_found());
        assert!(!err.is_throttling());
        assert_eq!(err.code(), Some("NoSuchKey"));
    }

    #[test]
    fn validation_lists_every_problem() {
        let err = Error::validation(vec![
            "Item.id.S: expected string, got 42".into(),
            "TableName: missing required member".into(),
        ]);
        assert!(err.is_validation());
        assert_eq!(err.validation_problems().len(), 2);
        assert!(err
            .to_string()
            .contains("Item.id.S: expected string, got 42"));
    }
}
