//! The STS client a session hands the credential chain when the program gave it no STS
//! model: the runtime cannot embed models (they live in `rboto-models`), so an assume-role
//! or web-identity profile fails with instructions instead of a bare "no STS client".

use futures::future::BoxFuture;

use crate::credentials::{
    AssumeRoleRequest, AssumeRoleWithWebIdentityRequest, AssumedRole, Credentials, StsClient,
};
use crate::error::Error;

/// Answers every STS request with how to give the session the STS model.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StsWithoutModel;

const HINT: &str = "this profile's credentials come from STS, and the session has no STS \
    model: build it with Session::builder().sts_model(rboto::models::sts::model()).load()";

impl StsClient for StsWithoutModel {
    fn assume_role(
        &self,
        _source: Credentials,
        request: AssumeRoleRequest,
    ) -> BoxFuture<'_, Result<AssumedRole, Error>> {
        let message = format!("cannot assume {}: {HINT}", request.role_arn);
        Box::pin(async move { Err(Error::credentials(message)) })
    }

    fn assume_role_with_web_identity(
        &self,
        request: AssumeRoleWithWebIdentityRequest,
    ) -> BoxFuture<'_, Result<AssumedRole, Error>> {
        let message = format!(
            "cannot assume {} with a web identity: {HINT}",
            request.role_arn
        );
        Box::pin(async move { Err(Error::credentials(message)) })
    }
}
