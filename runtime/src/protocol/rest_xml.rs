//! The rest-xml protocol (S3, Route 53, CloudFront): REST bindings ([`super::rest`]) with XML
//! bodies.
//!
//! A request body is an XML document named after the operation input's `locationName` (or
//! the payload member's), with namespaces, attributes and flattened lists and maps as the
//! model declares them; timestamps are ISO 8601 unless the model says otherwise. Errors come
//! as S3's `<Error><Code>…` or as `<ErrorResponse><Error>…`; a response without a body (HEAD)
//! takes its code from the status, as botocore does.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::member::Member;
use super::rest::{self, Body};
use super::timestamp::{self, TimestampFormat};
use super::xml::{self, escape, Element};
use super::{eventstream, xml_parse, HttpResponse, SerializedRequest};
use crate::error::{Error, ServiceError};
use crate::model::{Operation, ServiceDefinition, ShapeRef, ShapeType};

pub(super) fn serialize(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
) -> Result<SerializedRequest, Error> {
    let (mut request, body) = rest::serialize(service, operation, params)?;
    let mut writer = XmlWriter {
        service,
        out: String::new(),
        path: Vec::new(),
    };
    match body {
        Body::Nothing | Body::Raw | Body::NoMembersGiven | Body::Payload { value: None, .. } => {}
        Body::Payload {
            member,
            value: Some(value),
        } => {
            let name = member.location_name().unwrap_or(member.shape_name());
            writer.value(name, value, member)?;
        }
        Body::Members { input, values } => {
            let name = input.location_name().unwrap_or(input.shape_name());
            writer.structure(name, values.into_iter(), input)?;
        }
    }
    if !writer.out.is_empty() {
        request.body = writer.out.into_bytes().into();
    }
    Ok(request)
}

/// Writes parameter values as XML elements by shape.
struct XmlWriter<'a> {
    service: &'a ServiceDefinition,
    out: String,
    path: Vec<String>,
}

impl XmlWriter<'_> {
    fn fail(&self, message: impl std::fmt::Display) -> Error {
        Error::serialization(format!("{}: {message}", self.path.join(".")))
    }

    fn open(&mut self, name: &str, member: Member<'_>, attributes: &[(String, String)]) {
        self.out.push('<');
        self.out.push_str(name);
        if let Some(ns) = member.xml_namespace() {
            match ns.prefix.as_deref() {
                Some(prefix) if !prefix.is_empty() => {
                    let _ = write!(self.out, " xmlns:{prefix}=\"{}\"", escape(&ns.uri));
                }
                _ => {
                    let _ = write!(self.out, " xmlns=\"{}\"", escape(&ns.uri));
                }
            }
        }
        for (key, value) in attributes {
            let _ = write!(self.out, " {key}=\"{}\"", escape(value));
        }
        self.out.push('>');
    }

    fn close(&mut self, name: &str) {
        let _ = write!(self.out, "</{name}>");
    }

    fn value(&mut self, name: &str, value: &Value, member: Member<'_>) -> Result<(), Error> {
        match member.kind() {
            ShapeType::Structure => {
                let Value::Object(map) = value else {
                    return Err(self.fail(format!(
                        "expected an object, got {}",
                        timestamp::describe(value)
                    )));
                };
                self.structure(name, map.iter().map(|(k, v)| (k.as_str(), v)), member)
            }
            ShapeType::List => self.list(name, value, member),
            ShapeType::Map => self.map(name, value, member),
            _ => {
                let text = self.scalar(value, member)?;
                self.open(name, member, &[]);
                self.out.push_str(&escape(&text));
                self.close(name);
                Ok(())
            }
        }
    }

    fn structure<'v>(
        &mut self,
        name: &str,
        values: impl Iterator<Item = (&'v str, &'v Value)>,
        structure: Member<'_>,
    ) -> Result<(), Error> {
        let mut attributes = Vec::new();
        let mut children = Vec::new();
        for (key, value) in values {
            if value.is_null() {
                continue;
            }
            let member = structure.member(self.service, key)?.ok_or_else(|| {
                self.fail(format!("{} has no member {key:?}", structure.shape_name()))
            })?;
            if member.xml_attribute() {
                let attr_name = member.location_name().unwrap_or(key).to_string();
                self.path.push(key.to_string());
                let text = self.scalar(value, member)?;
                self.path.pop();
                attributes.push((attr_name, text));
            } else {
                children.push((key, value, member));
            }
        }
        self.open(name, structure, &attributes);
        for (key, value, member) in children {
            self.path.push(key.to_string());
            self.value(member.location_name().unwrap_or(key), value, member)?;
            self.path.pop();
        }
        self.close(name);
        Ok(())
    }

    fn list(&mut self, name: &str, value: &Value, list: Member<'_>) -> Result<(), Error> {
        let Value::Array(items) = value else {
            return Err(self.fail(format!(
                "expected a list, got {}",
                timestamp::describe(value)
            )));
        };
        let item_member = list.list_member(self.service)?;
        let flattened = list.flattened();
        let item_name = if flattened {
            name.to_string()
        } else {
            self.open(name, list, &[]);
            item_member.location_name().unwrap_or("member").to_string()
        };
        for (i, item) in items.iter().enumerate() {
            if item.is_null() {
                continue;
            }
            self.path.push(i.to_string());
            self.value(&item_name, item, item_member)?;
            self.path.pop();
        }
        if !flattened {
            self.close(name);
        }
        Ok(())
    }

    fn map(&mut self, name: &str, value: &Value, map: Member<'_>) -> Result<(), Error> {
        let Value::Object(entries) = value else {
            return Err(self.fail(format!(
                "expected a map, got {}",
                timestamp::describe(value)
            )));
        };
        let (key_member, value_member) = map.map_entry(self.service)?;
        let key_name = key_member.location_name().unwrap_or("key");
        let value_name = value_member.location_name().unwrap_or("value");
        let flattened = map.flattened();
        if !flattened {
            self.open(name, map, &[]);
        }
        for (key, entry) in entries {
            if entry.is_null() {
                continue;
            }
            self.path.push(key.clone());
            if flattened {
                self.open(name, map, &[]);
            } else {
                self.out.push_str("<entry>");
            }
            self.value(key_name, &Value::String(key.clone()), key_member)?;
            self.value(value_name, entry, value_member)?;
            if flattened {
                self.close(name);
            } else {
                self.out.push_str("</entry>");
            }
            self.path.pop();
        }
        if !flattened {
            self.close(name);
        }
        Ok(())
    }

    /// The text of a scalar: booleans as `true`/`false`, timestamps in ISO 8601 unless the
    /// model says otherwise, blobs as the base64 text they already are.
    fn scalar(&self, value: &Value, member: Member<'_>) -> Result<String, Error> {
        match (member.kind(), value) {
            (ShapeType::Timestamp, _) => {
                let t = timestamp::from_param(value).map_err(|e| self.fail(e))?;
                let format = member
                    .timestamp_format()
                    .unwrap_or(TimestampFormat::Iso8601);
                Ok(timestamp::format(t, format))
            }
            (ShapeType::Boolean, Value::Bool(b)) => Ok(b.to_string()),
            (_, Value::String(s)) => Ok(s.clone()),
            (_, Value::Number(n)) => Ok(n.to_string()),
            (_, Value::Bool(b)) => Ok(b.to_string()),
            (_, other) => Err(self.fail(format!(
                "expected a scalar, got {}",
                timestamp::describe(other)
            ))),
        }
    }
}

pub(super) fn parse_output(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> Result<Value, Error> {
    match &operation.output {
        Some(output) => parse_shape(service, &operation.name, output, response, false),
        None => Ok(Value::Object(Map::new())),
    }
}

/// Reads a response into a shape: located members, then the payload or the body members.
/// For an error shape the members sit inside `<ErrorResponse><Error>` when the body has one.
fn parse_shape(
    service: &ServiceDefinition,
    operation: &str,
    reference: &ShapeRef,
    response: &HttpResponse<'_>,
    is_error: bool,
) -> Result<Value, Error> {
    let shape = Member::resolve(service, reference)?;
    let mut out = rest::parse_located(service, shape, response.status, response.headers)?;
    let payload = match shape.payload() {
        Some(name) => Some((
            name,
            shape.member(service, name)?.ok_or_else(|| {
                Error::model(format!(
                    "{} names payload {name:?}, which it does not have",
                    shape.shape_name()
                ))
            })?,
        )),
        None => None,
    };
    match payload {
        Some((name, member)) if member.eventstream() => {
            let events = eventstream::parse(
                service,
                member,
                response.body,
                operation,
                &|payload, event| match parse_document(payload)? {
                    Some(root) => xml_parse::parse_structure(service, &root, event),
                    None => Ok(Value::Object(Map::new())),
                },
            )?;
            out.insert(name.to_string(), events);
        }
        Some((name, member)) if matches!(member.kind(), ShapeType::Blob | ShapeType::String) => {
            if !response.body.is_empty() {
                let value = if member.kind() == ShapeType::Blob {
                    super::blob::to_value(response.body)
                } else {
                    Value::String(String::from_utf8_lossy(response.body).into_owned())
                };
                out.insert(name.to_string(), value);
            }
        }
        Some((name, member)) => {
            if let Some(root) = parse_document(response.body)? {
                out.insert(
                    name.to_string(),
                    xml_parse::parse_structure(service, &root, member)?,
                );
            }
        }
        None => {
            if let Some(root) = parse_document(response.body)? {
                let holder = if is_error {
                    error_element(&root)
                } else {
                    &root
                };
                if let Value::Object(members) = xml_parse::parse_structure(service, holder, shape)?
                {
                    out.extend(members);
                }
            }
        }
    }
    Ok(Value::Object(out))
}

fn parse_document(body: &[u8]) -> Result<Option<Element>, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    xml::parse(body).map_err(|e| Error::response(format!("invalid XML body: {e}")))
}

/// The element that holds an error's code, message and members: the root for S3's
/// `<Error>`, the `<Error>` child of `<ErrorResponse>` (and similar wrappers) otherwise.
fn error_element(root: &Element) -> &Element {
    if root.name == "Error" {
        root
    } else {
        root.child("Error").unwrap_or(root)
    }
}

pub(super) fn parse_error(
    service: &ServiceDefinition,
    operation: &Operation,
    response: &HttpResponse<'_>,
) -> ServiceError {
    let mut error = ServiceError {
        operation: operation.name.clone(),
        status: response.status,
        request_id: rest::request_id(response.headers),
        ..ServiceError::default()
    };
    let root = match parse_document(response.body) {
        Ok(Some(root)) if !(response.status >= 500 && root.name == "html") => Some(root),
        _ => None,
    };
    let Some(root) = root else {
        error.code = response.status.to_string();
        error.message = rest::reason_phrase(response.status);
        return error;
    };
    let holder = error_element(&root);
    let text = |el: &Element, name: &str| el.child(name).map(|c| c.text.clone());
    error.code = text(holder, "Code").unwrap_or_default();
    error.message = text(holder, "Message");
    if error.request_id.is_none() {
        error.request_id = text(&root, "RequestId").or_else(|| text(holder, "RequestId"));
    }
    if let Some((name, _)) = rest::error_shape(service, operation, &error.code) {
        let reference = rest::plain_ref(name);
        error.shape = Some(name.to_string());
        error.data = parse_shape(service, &operation.name, &reference, response, true)
            .unwrap_or_else(|_| Value::Object(Map::new()));
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_members_sit_in_the_error_element() {
        let wrapped = xml::parse(
            b"<ErrorResponse><Error><Code>X</Code></Error><RequestId>r</RequestId></ErrorResponse>",
        )
        .unwrap()
        .unwrap();
        assert_eq!(error_element(&wrapped).name, "Error");
        let s3 = xml::parse(b"<Error><Code>NoSuchKey</Code></Error>")
            .unwrap()
            .unwrap();
        assert_eq!(error_element(&s3).child("Code").unwrap().text, "NoSuchKey");
    }
}
