//! S3's customizations: its parameters (copy sources, SSE-C keys, URL-encoded listings,
//! bucket-name and metadata checks), region redirects, errors sent with status 200, the
//! endpoint built-ins botocore sets for S3, request paths without the bucket, and the rules'
//! default region.

mod error_in_200;
mod expires;
mod express;
mod location;
mod params;
mod redirect;

use std::sync::Arc;

use serde_json::Value;

pub(super) use express::sessions as session_credentials;

use super::EndpointInputs;
use crate::config_file::Profile;
use crate::endpoint::BuiltIns;
use crate::error::Error;
use crate::hooks::{Hook, HookResult, OutputStage, ParametersStage, ResponseStage, SigningStage};
use crate::model::Operation;
use crate::session::{AddressingStyle, Config};

/// S3's hooks: a new region-redirect cache for each client.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![
        Arc::new(S3Parameters),
        Arc::new(redirect::RegionRedirect::default()),
        Arc::new(ErrorIn200),
        Arc::new(UnsignedTrailer),
    ]
}

/// Announces an `aws-chunked` upload with a checksum trailer as
/// `STREAMING-UNSIGNED-PAYLOAD-TRAILER` even when the client does not sign (S3 refuses the
/// upload otherwise); a signed request gets the same value from the signer.
#[derive(Debug)]
struct UnsignedTrailer;

impl Hook for UnsignedTrailer {
    fn before_signing(&self, request: &mut SigningStage<'_>) -> HookResult {
        let headers = request.headers_mut();
        if headers.contains_key("x-amz-trailer") && !headers.contains_key("x-amz-content-sha256") {
            headers.insert(
                "x-amz-content-sha256",
                http::HeaderValue::from_static("STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
            );
        }
        Ok(())
    }
}

/// The endpoint built-ins botocore sets for S3: path style with a custom endpoint unless
/// virtual hosting was asked for, no acceleration, ARN regions honoured, and the global
/// endpoint in `us-east-1` (botocore's `legacy` default).
pub(super) fn endpoint_builtins(builtins: &mut BuiltIns, inputs: &EndpointInputs<'_>) {
    let style = inputs.config.addressing_style;
    builtins.force_path_style = Some(if inputs.custom_endpoint {
        style != AddressingStyle::Virtual
    } else {
        style == AddressingStyle::Path
    });
    builtins.accelerate = Some(false);
    builtins.use_arn_region = Some(true);
    builtins.use_global_endpoint = Some(inputs.region.is_none_or(|r| r == "us-east-1"));
}

/// The profile's `s3` section: `addressing_style`, unless the program chose one.
pub(super) fn apply_profile_section(config: &mut Config, profile: &Profile) -> Result<(), Error> {
    if config.explicit.addressing_style {
        return Ok(());
    }
    if let Some(value) = profile.nested_get("s3", "addressing_style") {
        config.addressing_style = value
            .parse()
            .map_err(|e| Error::model(format!("profile s3 addressing_style: {e}")))?;
    }
    Ok(())
}

/// Rewrites the parameters before validation and decodes listings after parsing.
#[derive(Debug)]
struct S3Parameters;

/// Noted for a listing whose keys the client asked S3 to URL-encode.
#[derive(Debug, Clone, Copy)]
struct DecodeListing;

impl Hook for S3Parameters {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        let mut notes = params::CallNotes::default();
        let operation = call.call.operation;
        params::before_params(&operation.name, call.params_mut(), &mut notes)?;
        if notes.decode_listing {
            call.notes_mut().insert(DecodeListing);
        }
        Ok(())
    }

    fn after_parsing(&self, output: &mut OutputStage<'_>) -> HookResult {
        let (model, operation) = (output.call.model, output.call.operation);
        expires::keep_raw(model, operation, output.headers, output.output);
        if operation.name == "GetBucketLocation" {
            if let Some(body) = output.body {
                location::read_location(body, output.output);
            }
        }
        if output.notes().get::<DecodeListing>().is_some() {
            let operation = output.call.operation;
            params::decode_listing(&operation.name, output.output_mut());
        }
        Ok(())
    }
}

/// Turns an error S3 sent with status 200 into the error it is, as a 500.
#[derive(Debug)]
struct ErrorIn200;

impl Hook for ErrorIn200 {
    fn before_parsing(&self, response: &ResponseStage<'_>) -> HookResult {
        match response.body() {
            Some(body)
                if error_in_200::is_error_in_200(
                    response.operation_name(),
                    response.status(),
                    body,
                ) =>
            {
                Err(Box::new(response.service_error(500)))
            }
            _ => Ok(()),
        }
    }
}

/// An S3 operation with the leading `/{Bucket}` taken off its request URI, when it has one:
/// the endpoint rules put the bucket in the host or the path, so the path must not repeat it.
pub(super) fn without_bucket(op: &Operation) -> Option<Operation> {
    const BUCKET: &str = "/{Bucket}";
    let rest = op.http.as_ref()?.request_uri.strip_prefix(BUCKET)?;
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '+' || c == '}') {
        return None;
    }
    let mut op = op.clone();
    if let Some(http) = op.http.as_mut() {
        http.request_uri = if rest.is_empty() || rest.starts_with('?') {
            format!("/{rest}")
        } else {
            rest.to_string()
        };
    }
    Some(op)
}

/// The bucket a call names, when it names one by value.
fn bucket_of(params: &Value) -> Option<&str> {
    params.get("Bucket").and_then(Value::as_str)
}
