//! Service customizations botocore applies around the generic pipeline, for the services
//! rboto ships: S3 (copy sources, SSE-C keys, listing key encoding, bucket names),
//! Glacier (account id, API version header, tree hashes), EC2 (user data, console output),
//! IAM policy documents and CloudFormation templates.

mod decode;
mod glacier;
mod s3;

use http::HeaderMap;
use serde_json::Value;

use crate::error::Error;
use crate::model::{Operation, ServiceModel};

/// What a customization noted before the call that matters after it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CallNotes {
    /// S3 listing: the client asked for URL-encoded keys, so it decodes them.
    pub decode_listing: bool,
}

/// Whether [`before_params`] may change the parameters of this service's calls.
pub(crate) fn changes_params(model: &ServiceModel) -> bool {
    matches!(model.name(), "s3" | "glacier" | "ec2")
}

/// Adjusts the parameters of a call before validation.
pub(crate) fn before_params(
    model: &ServiceModel,
    operation: &Operation,
    params: &mut Value,
) -> Result<CallNotes, Error> {
    let mut notes = CallNotes::default();
    match model.name() {
        "s3" => s3::before_params(&operation.name, params, &mut notes)?,
        "glacier" => glacier::before_params(params),
        "ec2" => decode::ec2_before_params(&operation.name, params),
        _ => {}
    }
    Ok(notes)
}

/// Adds headers to a serialized request; `body` is the payload when it is in memory.
pub(crate) fn before_send(
    model: &ServiceModel,
    operation: &Operation,
    headers: &mut HeaderMap,
    body: Option<&[u8]>,
) -> Result<(), Error> {
    if model.name() == "glacier" {
        glacier::before_send(
            &model.metadata().api_version,
            &operation.name,
            headers,
            body,
        )?;
    }
    Ok(())
}

/// Adjusts a parsed output.
pub(crate) fn after_output(
    model: &ServiceModel,
    operation: &Operation,
    notes: CallNotes,
    output: &mut Value,
) {
    match model.name() {
        "s3" if notes.decode_listing => s3::decode_listing(&operation.name, output),
        "iam" => decode::iam_policies(model, operation, output),
        "ec2" if operation.name == "GetConsoleOutput" => decode::ec2_console_output(output),
        "cloudformation" if operation.name == "GetTemplate" => {
            decode::cloudformation_template(output)
        }
        _ => {}
    }
}
