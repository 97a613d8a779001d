//! The AWS Query protocol (IAM, STS, SNS, CloudFormation, …), and the form encoding and XML
//! reading that EC2's variant shares.
//!
//! A request is a `POST /` whose body is a form: `Action=<operation>&Version=<api version>`
//! followed by the input flattened into dotted keys (`Tags.member.1.Key=k`). A response is
//! XML: the output sits in `<OperationResponse><OperationResult>` (the output's
//! `resultWrapper`), and an error is `<ErrorResponse><Error><Code/><Message/><Type/></Error>`
//! with a `<RequestId>` beside it.

use http::header::{HeaderValue, CONTENT_TYPE};
use serde_json::{Map, Value};

use super::host_prefix;
use super::member::Member;
use super::percent::percent_encode;
use super::service_error::{from_response, modeled_error, status_only};
use super::timestamp::{self, TimestampFormat};
use super::xml::{self, Element};
use super::{blob, xml_parse, HttpResponse, SerializedRequest};
use crate::error::{Error, ServiceError};
use crate::model::{Operation, ServiceDefinition, ShapeType};

/// The form media type both query protocols send.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// How member names and lists are written: the query protocol's rules or EC2's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// `locationName` as written; lists wrapped in `.member.N` unless flattened; empty lists
    /// sent as an empty value.
    Query,
    /// `queryName`, else `locationName` (or the member name) capitalized; every list
    /// flattened as `.N`; empty lists left out.
    Ec2,
}

pub(super) fn serialize(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
) -> Result<SerializedRequest, Error> {
    serialize_form(service, operation, params, Dialect::Query)
}

pub(super) fn parse_output(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> Result<Value, Error> {
    parse_xml_output(service, operation, response)
}

pub(super) fn parse_error(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> ServiceError {
    parse_xml_error(service, operation, response, Dialect::Query)
}

/// Builds the form request of either query dialect.
pub(super) fn serialize_form(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
    dialect: Dialect,
) -> Result<SerializedRequest, Error> {
    let mut request = SerializedRequest::rpc(operation)?;
    request
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static(FORM_CONTENT_TYPE));

    let empty = Map::new();
    let params_map = match params {
        Value::Object(map) => map,
        Value::Null => &empty,
        other => {
            return Err(Error::serialization(format!(
                "{}: parameters must be an object, got {}",
                operation.name,
                timestamp::describe(other)
            )))
        }
    };
    let mut form = Form {
        dialect,
        pairs: vec![
            ("Action".to_string(), operation.name.clone()),
            ("Version".to_string(), service.metadata.api_version.clone()),
        ],
    };
    match &operation.input {
        Some(input) => {
            let input = Member::resolve(service, input)?;
            form.structure(service, "", params_map, input)?;
            request.host_prefix = host_prefix::expand(operation, input, params_map)?;
        }
        None => {
            request.host_prefix = operation.endpoint.as_ref().map(|e| e.host_prefix.clone());
        }
    }
    request.body = form.encode().into();
    Ok(request)
}

/// The dotted key/value pairs of a form body, in the order the parameters gave them.
struct Form {
    dialect: Dialect,
    pairs: Vec<(String, String)>,
}

impl Form {
    fn encode(&self) -> String {
        self.pairs
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The key segment of a member: its wire name under this dialect, else `default`.
    fn name(&self, member: Member<'_>, default: &str) -> String {
        match self.dialect {
            Dialect::Query => member.location_name().unwrap_or(default).to_string(),
            Dialect::Ec2 => {
                if let Some(name) = member.reference.query_name.as_deref() {
                    name.to_string()
                } else if let Some(name) = member.location_name() {
                    capitalize(name)
                } else {
                    default.to_string()
                }
            }
        }
    }

    fn value(
        &mut self,
        service: &ServiceDefinition,
        prefix: &str,
        value: &Value,
        member: Member<'_>,
    ) -> Result<(), Error> {
        if value.is_null() {
            return Ok(());
        }
        let wrong = |expected: &str| {
            Error::serialization(format!(
                "{prefix}: expected {expected}, got {}",
                timestamp::describe(value)
            ))
        };
        match member.kind() {
            ShapeType::Structure => {
                let map = value.as_object().ok_or_else(|| wrong("an object"))?;
                self.structure(service, prefix, map, member)
            }
            ShapeType::List => {
                let items = value.as_array().ok_or_else(|| wrong("a list"))?;
                self.list(service, prefix, items, member)
            }
            ShapeType::Map => {
                let entries = value.as_object().ok_or_else(|| wrong("a map"))?;
                self.map(service, prefix, entries, member)
            }
            ShapeType::Boolean => {
                let b = value.as_bool().ok_or_else(|| wrong("a boolean"))?;
                self.push(prefix, if b { "true" } else { "false" });
                Ok(())
            }
            ShapeType::Timestamp => {
                let t = timestamp::from_param(value)
                    .map_err(|e| Error::serialization(format!("{prefix}: {e}")))?;
                let format = member
                    .timestamp_format()
                    .unwrap_or(TimestampFormat::Iso8601);
                self.push(prefix, &timestamp::format(t, format));
                Ok(())
            }
            ShapeType::Blob => {
                let bytes = blob::from_param(value)
                    .map_err(|e| Error::serialization(format!("{prefix}: {e}")))?;
                self.push(prefix, &blob::encode(&bytes));
                Ok(())
            }
            _ => match value {
                Value::String(s) => {
                    self.push(prefix, s);
                    Ok(())
                }
                Value::Number(n) => {
                    self.push(prefix, &n.to_string());
                    Ok(())
                }
                Value::Bool(b) => {
                    self.push(prefix, if *b { "true" } else { "false" });
                    Ok(())
                }
                _ => Err(wrong("a scalar")),
            },
        }
    }

    fn push(&mut self, key: &str, value: &str) {
        self.pairs.push((key.to_string(), value.to_string()));
    }

    fn structure(
        &mut self,
        service: &ServiceDefinition,
        prefix: &str,
        values: &Map<String, Value>,
        structure: Member<'_>,
    ) -> Result<(), Error> {
        let entries = values.iter().map(|(name, value)| (name.as_str(), value));
        for (name, value) in structure.in_model_order(entries) {
            let member = structure.member(service, name)?.ok_or_else(|| {
                Error::serialization(format!(
                    "{}: {} has no member {name:?}",
                    if prefix.is_empty() { "input" } else { prefix },
                    structure.shape_name()
                ))
            })?;
            let segment = match self.dialect {
                Dialect::Query => self.name(member, name),
                Dialect::Ec2 => self.name(member, &capitalize(name)),
            };
            let key = if prefix.is_empty() {
                segment
            } else {
                format!("{prefix}.{segment}")
            };
            self.value(service, &key, value, member)?;
        }
        Ok(())
    }

    fn list(
        &mut self,
        service: &ServiceDefinition,
        prefix: &str,
        items: &[Value],
        list: Member<'_>,
    ) -> Result<(), Error> {
        let item = list.list_member(service)?;
        let items_prefix = match self.dialect {
            Dialect::Ec2 => prefix.to_string(),
            Dialect::Query if items.is_empty() => {
                self.push(prefix, "");
                return Ok(());
            }
            // A flattened list repeats the item's name in place of the list's own, unless
            // the member referencing the list names itself.
            Dialect::Query if list.flattened() => {
                match item
                    .location_name()
                    .filter(|_| list.reference.location_name.is_none())
                {
                    Some(name) => match prefix.rsplit_once('.') {
                        Some((parent, _)) => format!("{parent}.{name}"),
                        None => name.to_string(),
                    },
                    None => prefix.to_string(),
                }
            }
            Dialect::Query => format!("{prefix}.{}", item.location_name().unwrap_or("member")),
        };
        for (i, value) in items.iter().enumerate() {
            self.value(service, &format!("{items_prefix}.{}", i + 1), value, item)?;
        }
        Ok(())
    }

    fn map(
        &mut self,
        service: &ServiceDefinition,
        prefix: &str,
        entries: &Map<String, Value>,
        map: Member<'_>,
    ) -> Result<(), Error> {
        let (key_member, value_member) = map.map_entry(service)?;
        let entries_prefix = if map.flattened() {
            prefix.to_string()
        } else {
            format!("{prefix}.entry")
        };
        let key_name = self.name(key_member, "key");
        let value_name = self.name(value_member, "value");
        for (i, (key, value)) in entries.iter().enumerate() {
            let entry = format!("{entries_prefix}.{}", i + 1);
            self.push(&format!("{entry}.{key_name}"), key);
            self.value(
                service,
                &format!("{entry}.{value_name}"),
                value,
                value_member,
            )?;
        }
        Ok(())
    }
}

fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Reads a successful XML response of either query dialect: the output structure sits in the
/// element named by the output's `resultWrapper`, else directly in the root element.
pub(super) fn parse_xml_output(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> Result<Value, Error> {
    let Some(output) = &operation.output else {
        return Ok(Value::Object(Map::new()));
    };
    let output = Member::resolve(service, output)?;
    let root = match xml::parse(response.body) {
        Ok(Some(root)) => root,
        Ok(None) => return Ok(Value::Object(Map::new())),
        Err(e) => return Err(Error::response(format!("{}: {e}", operation.name))),
    };
    let start = match output.reference.result_wrapper.as_deref() {
        Some(wrapper) => match root.child(wrapper) {
            Some(element) => element,
            None => return Ok(Value::Object(Map::new())),
        },
        None => &root,
    };
    xml_parse::parse_structure(service, start, output)
}

/// Reads an XML error of either query dialect: `<ErrorResponse><Error>` for query,
/// `<Response><Errors><Error>` for EC2.
pub(super) fn parse_xml_error(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
    dialect: Dialect,
) -> ServiceError {
    let mut error = from_response(operation, response);
    let body = trim_ascii(response.body);
    if body.is_empty() || (response.status >= 500 && body.starts_with(b"<html>")) {
        return status_only(error);
    }
    let root = match xml::parse(response.body) {
        Ok(Some(root)) => root,
        Ok(None) | Err(_) => {
            error.code = response.status.to_string();
            error.message = Some(String::from_utf8_lossy(body).into_owned());
            return error;
        }
    };
    if error.request_id.is_none() {
        error.request_id = ["RequestId", "RequestID", "requestId"]
            .iter()
            .find_map(|name| root.child(name))
            .map(|el| el.text.trim().to_string());
    }
    let details = error_element(&root, dialect);
    let text = |name: &str| details.child(name).map(|el| el.text.to_string());
    error.code = text("Code").unwrap_or_else(|| response.status.to_string());
    error.message = text("Message");
    error.error_type = text("Type");
    if let Some((name, Ok(data))) = modeled_error(service, operation, &error.code, |r| {
        xml_parse::parse_structure(service, details, Member::resolve(service, r)?)
    }) {
        error.shape = Some(name);
        error.data = data;
    }
    error
}

/// The element holding an error's code, message and modeled members.
fn error_element<'e, 'a>(root: &'e Element<'a>, dialect: Dialect) -> &'e Element<'a> {
    let nested = match dialect {
        Dialect::Query => root
            .child("Error")
            .or_else(|| root.find(&["Errors", "Error"])),
        Dialect::Ec2 => root
            .find(&["Errors", "Error"])
            .or_else(|| root.child("Error")),
    };
    nested.unwrap_or(root)
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::super::{self as protocol, Protocol};
    use super::*;
    use http::HeaderMap;
    use serde_json::json;

    fn service(protocol: &str) -> ServiceDefinition {
        // Text, not `json!`, so the members keep the order written here.
        serde_json::from_str(
            &r#"{
            "metadata": {"protocol": "PROTOCOL", "apiVersion": "2020-01-01"},
            "operations": {
                "Op": {
                    "name": "Op",
                    "http": {"method": "POST", "requestUri": "/"},
                    "input": {"shape": "OpInput"},
                    "output": {"shape": "OpOutput", "resultWrapper": "OpResult"},
                    "errors": [{"shape": "Limited"}]
                }
            },
            "shapes": {
                "OpInput": {"type": "structure", "members": {
                    "names": {"shape": "Names"},
                    "Tags": {"shape": "TagMap"},
                    "When": {"shape": "Time"}
                }},
                "OpOutput": {"type": "structure", "members": {"Count": {"shape": "Int"}}},
                "Names": {"type": "list", "member": {"shape": "Str"}},
                "TagMap": {"type": "map",
                    "key": {"shape": "Str", "locationName": "name"},
                    "value": {"shape": "Str"}},
                "Limited": {"type": "structure", "exception": true,
                    "error": {"code": "LimitExceeded", "httpStatusCode": 400},
                    "members": {"Limit": {"shape": "Int"}}},
                "Str": {"type": "string"},
                "Int": {"type": "integer"},
                "Time": {"type": "timestamp"}
            }
        }"#
            .replace("PROTOCOL", protocol),
        )
        .unwrap()
    }

    fn body(protocol: Protocol, service: &ServiceDefinition, params: Value) -> String {
        let op = service.operation("Op").unwrap();
        let request = protocol::serialize(protocol, service, op, &params).unwrap();
        String::from_utf8(request.body.to_vec()).unwrap()
    }

    #[test]
    fn query_sends_empty_lists_and_ec2_leaves_them_out() {
        let params = json!({"names": []});
        assert_eq!(
            body(Protocol::Query, &service("query"), params.clone()),
            "Action=Op&Version=2020-01-01&names="
        );
        assert_eq!(
            body(Protocol::Ec2, &service("ec2"), params),
            "Action=Op&Version=2020-01-01"
        );
    }

    #[test]
    fn ec2_capitalizes_names_and_flattens_lists() {
        let params = json!({"names": ["a", "b"], "Tags": {"k": "v"}});
        assert_eq!(
            body(Protocol::Ec2, &service("ec2"), params.clone()),
            "Action=Op&Version=2020-01-01&Names.1=a&Names.2=b&Tags.entry.1.Name=k&Tags.entry.1.value=v"
        );
        assert_eq!(
            body(Protocol::Query, &service("query"), params),
            "Action=Op&Version=2020-01-01&names.member.1=a&names.member.2=b&Tags.entry.1.name=k&Tags.entry.1.value=v"
        );
    }

    #[test]
    fn timestamps_default_to_iso8601_and_values_are_percent_encoded() {
        let params = json!({"When": 1398796238, "names": ["a b&c=d/é"]});
        assert_eq!(
            body(Protocol::Query, &service("query"), params),
            "Action=Op&Version=2020-01-01&names.member.1=a%20b%26c%3Dd%2F%C3%A9\
             &When=2014-04-29T18%3A30%3A38Z"
        );
    }

    #[test]
    fn unknown_members_and_wrong_types_are_refused() {
        let service = service("query");
        let op = service.operation("Op").unwrap();
        let unknown = protocol::serialize(Protocol::Query, &service, op, &json!({"Nope": 1}));
        assert!(unknown.unwrap_err().to_string().contains("Nope"));
        let wrong = protocol::serialize(Protocol::Query, &service, op, &json!({"names": "a"}));
        assert!(wrong.unwrap_err().to_string().contains("expected a list"));
    }

    fn response<'a>(status: u16, headers: &'a HeaderMap, body: &'a str) -> HttpResponse<'a> {
        HttpResponse {
            status,
            headers,
            body: body.as_bytes(),
        }
    }

    #[test]
    fn output_is_read_from_the_result_wrapper_or_empty_without_it() {
        let service = service("query");
        let op = service.operation("Op").unwrap();
        let headers = HeaderMap::new();
        let xml = "<OpResponse><OpResult><Count>3</Count></OpResult>\
                   <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></OpResponse>";
        let parsed =
            protocol::parse_output(Protocol::Query, &service, op, &response(200, &headers, xml));
        assert_eq!(parsed.unwrap(), json!({"Count": 3}));
        let bare = "<OpResponse><ResponseMetadata/></OpResponse>";
        let parsed = protocol::parse_output(
            Protocol::Query,
            &service,
            op,
            &response(200, &headers, bare),
        );
        assert_eq!(parsed.unwrap(), json!({}));
    }

    #[test]
    fn query_errors_carry_code_type_request_id_and_modeled_members() {
        let service = service("query");
        let op = service.operation("Op").unwrap();
        let headers = HeaderMap::new();
        let xml = "<ErrorResponse><Error><Type>Sender</Type><Code>LimitExceeded</Code>\
                   <Message>too many</Message><Limit>5</Limit></Error>\
                   <RequestId>req-1</RequestId></ErrorResponse>";
        let err =
            protocol::parse_error(Protocol::Query, &service, op, &response(400, &headers, xml));
        assert_eq!(err.code, "LimitExceeded");
        assert_eq!(err.message.as_deref(), Some("too many"));
        assert_eq!(err.error_type.as_deref(), Some("Sender"));
        assert_eq!(err.request_id.as_deref(), Some("req-1"));
        assert_eq!(err.shape.as_deref(), Some("Limited"));
        assert_eq!(err.data, json!({"Limit": 5}));
        assert_eq!(err.operation, "Op");
        assert_eq!(err.status, 400);
    }

    #[test]
    fn ec2_errors_read_errors_error_and_request_id() {
        let service = service("ec2");
        let op = service.operation("Op").unwrap();
        let headers = HeaderMap::new();
        let xml = "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>\
                   <Message>gone</Message></Error></Errors><RequestID>req-2</RequestID></Response>";
        let err = protocol::parse_error(Protocol::Ec2, &service, op, &response(400, &headers, xml));
        assert_eq!(err.code, "InvalidInstanceID.NotFound");
        assert_eq!(err.message.as_deref(), Some("gone"));
        assert_eq!(err.request_id.as_deref(), Some("req-2"));
        assert_eq!(err.shape, None);
        assert!(err.is_not_found());
    }

    #[test]
    fn bodiless_html_and_unparseable_errors_keep_the_status() {
        let service = service("query");
        let op = service.operation("Op").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-amzn-requestid", "hdr-id".parse().unwrap());
        let html = "<html><body>Service Unavailable</body></html>";
        let err = protocol::parse_error(
            Protocol::Query,
            &service,
            op,
            &response(503, &headers, html),
        );
        assert_eq!(err.code, "503");
        assert_eq!(err.message.as_deref(), Some("Service Unavailable"));
        assert_eq!(err.request_id.as_deref(), Some("hdr-id"));
        let err =
            protocol::parse_error(Protocol::Query, &service, op, &response(404, &headers, ""));
        assert_eq!(err.code, "404");
        let err = protocol::parse_error(
            Protocol::Query,
            &service,
            op,
            &response(400, &headers, "oops <"),
        );
        assert_eq!(err.code, "400");
        assert_eq!(err.message.as_deref(), Some("oops <"));
    }
}
