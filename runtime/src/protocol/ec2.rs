//! The EC2 protocol: the query protocol's form requests with EC2's naming (`queryName`, else
//! `locationName` capitalized) and lists always flattened as `Name.N`; XML responses without
//! a result wrapper, and errors as `<Response><Errors><Error>` with a `<RequestID>`.

use serde_json::Value;

use super::query::{self, Dialect};
use super::{HttpResponse, SerializedRequest};
use crate::error::{Error, ServiceError};
use crate::model::{Operation, ServiceDefinition};

pub(super) fn serialize(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
) -> Result<SerializedRequest, Error> {
    query::serialize_form(service, operation, params, Dialect::Ec2)
}

pub(super) fn parse_output(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> Result<Value, Error> {
    query::parse_xml_output(service, operation, response)
}

pub(super) fn parse_error(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> ServiceError {
    query::parse_xml_error(service, operation, response, Dialect::Ec2)
}
