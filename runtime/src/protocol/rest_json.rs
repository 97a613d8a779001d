//! PLACEHOLDER: replaced by the protocol implementation before anything lands.

use serde_json::Value;

use super::{HttpResponse, SerializedRequest};
use crate::error::{Error, ServiceError};
use crate::model::{Operation, ServiceDefinition};

pub(super) fn serialize(_: &ServiceDefinition, _: &Operation, _: &Value) -> Result<SerializedRequest, Error> {
    Err(Error::serialization("rest_json: not written yet"))
}

pub(super) fn parse_output(_: &ServiceDefinition, _: &Operation, _: &HttpResponse<'_>) -> Result<Value, Error> {
    Err(Error::response("rest_json: not written yet"))
}

pub(super) fn parse_error(_: &ServiceDefinition, op: &Operation, r: &HttpResponse<'_>) -> ServiceError {
    ServiceError { operation: op.name.clone(), status: r.status, ..Default::default() }
}
