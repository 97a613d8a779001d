//! Hooks: code that runs at fixed points of every call, the way botocore's event handlers
//! and smithy's interceptors do.
//!
//! The call pipeline runs the same steps for every service; what one service does
//! differently (S3's copy sources and region redirects, Glacier's tree hashes, DynamoDB's
//! response CRC32, …) is a [`Hook`] registered for that service, and a program registers its
//! own through the same interface, on a [`SessionBuilder`](crate::session::SessionBuilder)
//! (every client of the session) or a [`ClientBuilder`](crate::session::ClientBuilder)
//! (one client), scoped by [`Scope`] to a service or one operation:
//!
//! | point | boto3's event | what a hook may do |
//! | --- | --- | --- |
//! | [`before_parameters`](Hook::before_parameters) | `before-parameter-build` | rewrite the parameters before validation |
//! | [`after_serialization`](Hook::after_serialization) | `before-call` | change headers, the URL, the method or the body |
//! | [`before_signing`](Hook::before_signing) | `before-sign` | change headers of each attempt |
//! | [`before_send`](Hook::before_send) | `before-send` | look at the signed request, or answer it without sending |
//! | [`before_parsing`](Hook::before_parsing) | `before-parse` | reject a response (an error in a 200, a damaged body) |
//! | [`after_parsing`](Hook::after_parsing) | `after-call` | change the parsed output, read the body it came from |
//! | [`on_failure`](Hook::on_failure) | `needs-retry` | ask for a retry, or a retry in another region |
//!
//! Hooks run in the order they were registered: the service's own customizations first,
//! then the session's, then the client's. A hook's error ends the call with that error.
//!
//! ```
//! use rboto_runtime::hooks::{Hook, HookResult, Scope, SigningStage};
//! use rboto_runtime::Session;
//!
//! /// Tags every request of a program with its team, as a header.
//! #[derive(Debug)]
//! struct TeamHeader;
//!
//! impl Hook for TeamHeader {
//!     fn before_signing(&self, request: &mut SigningStage<'_>) -> HookResult {
//!         request.headers_mut().insert("x-team", "storage".parse()?);
//!         Ok(())
//!     }
//! }
//!
//! let session = Session::builder()
//!     .hook(Scope::service("s3"), TeamHeader)
//!     .build();
//! ```

mod registry;
mod sensitive_members;
mod stages;
pub mod wire_log;

use std::fmt;

pub use registry::Scope;
pub(crate) use registry::{ClientHooks, Registered};
pub(crate) use stages::{Call, PresignedCopy};
pub use stages::{
    CorruptResponse, FailureAdvice, FailureStage, OutputStage, ParametersStage, RequestStage,
    ResponseStage, SendStage, SigningStage,
};
pub use wire_log::WireLog;

pub use crate::error::BoxError;
use crate::transport::HttpResponse;

/// What a hook returns: `Ok(())` to go on, or the error that ends the call. Any error type
/// converts (`?` works); an rboto [`Error`](crate::Error) passes through unchanged, any other
/// becomes an error whose `is_hook()` is true, with the original as its source.
pub type HookResult = Result<(), BoxError>;

/// Code that runs at the points of a call (see the [module docs](self)). Every method has a
/// default that does nothing, so a hook implements only the points it needs.
pub trait Hook: Send + Sync + fmt::Debug {
    /// Before the parameters are validated: fill in defaults, rewrite values, or choose
    /// the region of this call.
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        let _ = call;
        Ok(())
    }

    /// After the parameters are serialized and the endpoint resolved: headers, the URL and
    /// the body as they will be sent, before compression, checksums and signing.
    fn after_serialization(&self, request: &mut RequestStage<'_>) -> HookResult {
        let _ = request;
        Ok(())
    }

    /// Before each attempt is signed: the last moment to change headers.
    fn before_signing(&self, request: &mut SigningStage<'_>) -> HookResult {
        let _ = request;
        Ok(())
    }

    /// Before each attempt is sent, signed. Returning a response answers the attempt with it
    /// instead of sending the request: the pipeline reads it as it would a real one.
    fn before_send(&self, request: &SendStage<'_>) -> Result<Option<HttpResponse>, BoxError> {
        let _ = request;
        Ok(None)
    }

    /// After a response arrives, before it is parsed. An error rejects the response: a
    /// [`CorruptResponse`] is retried like a broken connection, any other ends the attempt
    /// as that error (which the retry rules may still retry).
    fn before_parsing(&self, response: &ResponseStage<'_>) -> HookResult {
        let _ = response;
        Ok(())
    }

    /// After a successful response is parsed: change the output the caller gets.
    fn after_parsing(&self, output: &mut OutputStage<'_>) -> HookResult {
        let _ = output;
        Ok(())
    }

    /// After an attempt failed, before the retry rules decide: advise a retry, or a retry in
    /// another region. The first advice other than [`FailureAdvice::Default`] wins.
    fn on_failure(&self, failure: &FailureStage<'_>) -> FailureAdvice {
        let _ = failure;
        FailureAdvice::Default
    }
}

/// An error a hook returned, as the pipeline reports it.
pub(crate) fn hook_error(error: BoxError) -> crate::Error {
    match error.downcast::<crate::Error>() {
        Ok(error) => *error,
        Err(other) => crate::Error::hook(other.to_string()).with_source(other),
    }
}
