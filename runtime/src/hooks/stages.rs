//! What a hook sees and may change at each point of a call.

use std::borrow::Cow;
use std::fmt;

use http::{Extensions, HeaderMap, Method};
use serde_json::Value;

use crate::error::Error;
use crate::model::{Operation, ServiceModel};
use crate::session::RetryMode;

/// The call a stage belongs to: the service's model and the operation.
#[derive(Clone, Copy)]
pub(crate) struct Call<'a> {
    pub model: &'a ServiceModel,
    pub operation: &'a Operation,
}

macro_rules! call_accessors {
    () => {
        /// The model of the service called.
        pub fn model(&self) -> &ServiceModel {
            self.call.model
        }

        /// The operation called, as the model defines it.
        pub fn operation(&self) -> &Operation {
            self.call.operation
        }

        /// The operation's name (`PutObject`).
        pub fn operation_name(&self) -> &str {
            &self.call.operation.name
        }
    };
}

/// A stage's `Debug`: the operation and what the stage is about, never headers or bodies
/// (they carry signatures, tokens and data).
macro_rules! stage_debug {
    ($stage:ident $(<$($lt:lifetime),+>)?) => {
        impl fmt::Debug for $stage $(<$($lt),+>)? {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($stage))
                    .field("service", &self.call.model.name())
                    .field("operation", &self.call.operation.name)
                    .finish_non_exhaustive()
            }
        }
    };
}

stage_debug!(ParametersStage<'_, '_>);
stage_debug!(RequestStage<'_>);
stage_debug!(SigningStage<'_>);
stage_debug!(SendStage<'_>);
stage_debug!(ResponseStage<'_>);
stage_debug!(OutputStage<'_>);
stage_debug!(FailureStage<'_>);

/// The parameters of a call, before they are validated ([`Hook::before_parameters`]).
///
/// [`Hook::before_parameters`]: super::Hook::before_parameters
pub struct ParametersStage<'a, 'p> {
    pub(crate) call: Call<'a>,
    pub(crate) params: &'a mut Cow<'p, Value>,
    pub(crate) region: &'a mut Option<String>,
    pub(crate) notes: &'a mut Extensions,
    pub(crate) presigning: bool,
    pub(crate) client_region: Option<&'a str>,
}

impl ParametersStage<'_, '_> {
    call_accessors!();

    /// The client's region, when it has one.
    pub fn client_region(&self) -> Option<&str> {
        self.client_region
    }

    /// The parameters as the caller gave them (an object).
    pub fn params(&self) -> &Value {
        self.params
    }

    /// The parameters, to change them. The caller's own copy is left alone: the first
    /// change copies them for this call.
    pub fn params_mut(&mut self) -> &mut Value {
        self.params.to_mut()
    }

    /// The region this call goes to, when a hook chose one other than the client's.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// Sends this call to another region than the client's (an S3 bucket known to live
    /// there).
    pub fn set_region(&mut self, region: impl Into<String>) {
        *self.region = Some(region.into());
    }

    /// Notes for the later points of this call (read them in
    /// [`OutputStage::notes`]), by type, as in `http::Extensions`.
    pub fn notes_mut(&mut self) -> &mut Extensions {
        self.notes
    }

    /// Whether the request is being presigned rather than sent.
    pub fn is_presigning(&self) -> bool {
        self.presigning
    }
}

/// The serialized request, with its endpoint, before compression, checksums and signing
/// ([`Hook::after_serialization`]).
///
/// [`Hook::after_serialization`]: super::Hook::after_serialization
pub struct RequestStage<'a> {
    pub(crate) call: Call<'a>,
    pub(crate) method: &'a mut Method,
    pub(crate) url: &'a mut url::Url,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) body: Option<&'a [u8]>,
    pub(crate) new_body: &'a mut Option<bytes::Bytes>,
    pub(crate) presigning: bool,
}

impl RequestStage<'_> {
    call_accessors!();

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL the request goes to.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// Sends the request to another URL. Fails when `url` is not an absolute URL.
    pub fn set_url(&mut self, url: &str) -> Result<(), Error> {
        *self.url = url::Url::parse(url)
            .map_err(|e| Error::endpoint(format!("a hook set a bad URL {url:?}: {e}")))?;
        Ok(())
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The headers, to change them.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }

    /// The body, when it is in memory (`None` for a streamed upload).
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }

    /// Sends the request with another method (a long query sent as a form `POST`).
    pub fn set_method(&mut self, method: Method) {
        *self.method = method;
    }

    /// Sends `body` instead of the serialized one (or the caller's stream); the hooks after
    /// this one see it.
    pub fn set_body(&mut self, body: impl Into<bytes::Bytes>) {
        self.headers.remove(http::header::CONTENT_LENGTH);
        *self.new_body = Some(body.into());
    }

    /// Whether the request is being presigned rather than sent.
    pub fn is_presigning(&self) -> bool {
        self.presigning
    }
}

/// One attempt of a request, before it is signed ([`Hook::before_signing`]).
///
/// [`Hook::before_signing`]: super::Hook::before_signing
pub struct SigningStage<'a> {
    pub(crate) call: Call<'a>,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a url::Url,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) attempt: u32,
}

impl SigningStage<'_> {
    call_accessors!();

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL the request goes to.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The headers, to change them before they are signed.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }

    /// Which attempt this is, 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

/// One attempt of a request, signed, about to be sent ([`Hook::before_send`]).
///
/// [`Hook::before_send`]: super::Hook::before_send
pub struct SendStage<'a> {
    pub(crate) call: Call<'a>,
    pub(crate) params: &'a Value,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a url::Url,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: Option<&'a [u8]>,
    pub(crate) attempt: u32,
}

impl SendStage<'_> {
    call_accessors!();

    /// The parameters the request was built from, after the hooks that ran before
    /// validation.
    pub fn params(&self) -> &Value {
        self.params
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL the request goes to.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The headers, signature included (never log them unredacted).
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The body, when it is in memory (`None` for a streamed upload).
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }

    /// Which attempt this is, 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

/// A response as it arrived, before it is parsed ([`Hook::before_parsing`]).
///
/// [`Hook::before_parsing`]: super::Hook::before_parsing
pub struct ResponseStage<'a> {
    pub(crate) call: Call<'a>,
    pub(crate) status: u16,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: Option<&'a [u8]>,
    pub(crate) service_error: &'a dyn Fn(u16) -> Error,
}

impl ResponseStage<'_> {
    call_accessors!();

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The body, when it was read whole (`None` for a streamed payload, still unread).
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }

    /// The service error this response's body describes, parsed as the protocol parses
    /// error responses, reported with `status` (an S3 error sent with 200).
    pub fn service_error(&self, status: u16) -> Error {
        (self.service_error)(status)
    }
}

/// The parsed output of a successful call ([`Hook::after_parsing`]).
///
/// [`Hook::after_parsing`]: super::Hook::after_parsing
pub struct OutputStage<'a> {
    pub(crate) call: Call<'a>,
    pub(crate) status: u16,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: Option<&'a [u8]>,
    pub(crate) output: &'a mut Value,
    pub(crate) notes: &'a Extensions,
}

impl OutputStage<'_> {
    call_accessors!();

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The body the output was parsed from, when it was read whole (`None` for a streamed
    /// payload, handed to the caller unread).
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }

    /// The output, to change it.
    pub fn output_mut(&mut self) -> &mut Value {
        self.output
    }

    /// What hooks noted before the call (see [`ParametersStage::notes_mut`]).
    pub fn notes(&self) -> &Extensions {
        self.notes
    }
}

/// A failed attempt, before the retry rules decide ([`Hook::on_failure`]).
///
/// [`Hook::on_failure`]: super::Hook::on_failure
pub struct FailureStage<'a> {
    pub(crate) call: Call<'a>,
    pub(crate) params: &'a Value,
    pub(crate) error: &'a Error,
    pub(crate) headers: Option<&'a HeaderMap>,
    pub(crate) attempt: u32,
    pub(crate) retry_mode: RetryMode,
}

impl FailureStage<'_> {
    call_accessors!();

    /// The parameters of the call.
    pub fn params(&self) -> &Value {
        self.params
    }

    /// What went wrong.
    pub fn error(&self) -> &Error {
        self.error
    }

    /// The error response's headers, when there was a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.headers
    }

    /// Which attempt failed, 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The client's retry mode.
    pub fn retry_mode(&self) -> RetryMode {
        self.retry_mode
    }
}

/// Asks the pipeline, through a call's notes, to presign a copy of the call for another
/// region and send the call with that URL in one of its members: how RDS, DocumentDB,
/// Neptune and EC2 authorize a cross-region copy. The URL is a `GET` with the copy's
/// parameters in its query, valid for an hour, signed with the client's credentials.
#[derive(Debug, Clone)]
pub(crate) struct PresignedCopy {
    /// The region the copy is presigned for (the source region).
    pub region: String,
    /// The member of the call that gets the URL.
    pub member: &'static str,
    /// The parameters of the presigned copy.
    pub copy_params: Value,
    /// Query parameters the presigned copy carries besides its own (members the model does
    /// not have), as `(name, value)`.
    pub extra_query: Vec<(&'static str, String)>,
    /// The parameters of the call itself, without the URL.
    pub call_params: Value,
}

/// What a hook advises after a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureAdvice {
    /// Nothing: the retry rules decide.
    Default,
    /// Retry as a transient failure (if attempts and the body allow), whatever the rules say.
    Retry,
    /// Prepare the call again for this region and send it at once (S3's region redirect);
    /// once per call, and only when the body can be sent again.
    Redirect {
        /// The region to send the call to.
        region: String,
    },
}

/// A response whose body was damaged on the way (a checksum that does not match): returned
/// from [`Hook::before_parsing`], the attempt is retried like a broken connection.
///
/// [`Hook::before_parsing`]: super::Hook::before_parsing
#[derive(Debug, Clone)]
pub struct CorruptResponse(pub String);

impl fmt::Display for CorruptResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CorruptResponse {}
