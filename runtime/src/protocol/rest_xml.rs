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
use super::{eventstream, service_error, xml_parse, HttpResponse, SerializedRequest};
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
        for (key, value) in structure.in_model_order(values) {
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
    match shape.payload_member(service)? {
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

fn parse_document(body: &[u8]) -> Result<Option<Element<'_>>, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    xml::parse(body).map_err(|e| Error::response(format!("invalid XML body: {e}")))
}

/// The element that holds an error's code, message and members: the root for S3's
/// `<Error>`, the `<Error>` child of `<ErrorResponse>` (and similar wrappers) otherwise.
fn error_element<'e, 'a>(root: &'e Element<'a>) -> &'e Element<'a> {
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
    let mut error = service_error::from_response(operation, response);
    let root = match parse_document(response.body) {
        Ok(Some(root)) if !(response.status >= 500 && root.name == "html") => Some(root),
        _ => None,
    };
    let Some(root) = root else {
        return service_error::status_only(error);
    };
    let holder = error_element(&root);
    let text = |el: &Element, name: &str| el.child(name).map(|c| c.text.to_string());
    error.code = text(holder, "Code").unwrap_or_default();
    error.message = text(holder, "Message");
    error.error_type = text(holder, "Type");
    if error.request_id.is_none() {
        error.request_id = text(&root, "RequestId").or_else(|| text(holder, "RequestId"));
    }
    if let Some((name, data)) = service_error::modeled_error(service, operation, &error.code, |r| {
        parse_shape(service, &operation.name, r, response, true)
    }) {
        error.shape = Some(name);
        error.data = data.unwrap_or_else(|_| Value::Object(Map::new()));
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

    /// A slice of S3's model: enough for puts, heads, listings and errors.
    fn s3() -> ServiceDefinition {
        serde_json::from_value(serde_json::json!({
            "metadata": {"protocol": "rest-xml", "apiVersion": "2006-03-01"},
            "operations": {
                "PutObject": {
                    "name": "PutObject",
                    "http": {"method": "PUT", "requestUri": "/{Bucket}/{Key+}"},
                    "input": {"shape": "PutObjectRequest"}
                },
                "HeadObject": {
                    "name": "HeadObject",
                    "http": {"method": "HEAD", "requestUri": "/{Bucket}/{Key+}"},
                    "input": {"shape": "PutObjectRequest"},
                    "output": {"shape": "HeadObjectOutput"},
                    "errors": [{"shape": "NoSuchKey"}]
                },
                "ListObjectsV2": {
                    "name": "ListObjectsV2",
                    "http": {"method": "GET", "requestUri": "/{Bucket}?list-type=2"},
                    "input": {"shape": "ListRequest"},
                    "output": {"shape": "ListOutput"},
                    "errors": [{"shape": "NoSuchBucket"}]
                },
                "PutBucketTagging": {
                    "name": "PutBucketTagging",
                    "http": {"method": "PUT", "requestUri": "/{Bucket}?tagging"},
                    "input": {"shape": "PutBucketTaggingRequest"}
                }
            },
            "shapes": {
                "PutObjectRequest": {"type": "structure", "required": ["Bucket", "Key"], "members": {
                    "Bucket": {"shape": "String", "location": "uri", "locationName": "Bucket"},
                    "Key": {"shape": "String", "location": "uri", "locationName": "Key"},
                    "Body": {"shape": "Body", "streaming": true},
                    "Metadata": {"shape": "Metadata", "location": "headers", "locationName": "x-amz-meta-"},
                    "Expires": {"shape": "Timestamp", "location": "header", "locationName": "Expires"}
                }, "payload": "Body"},
                "HeadObjectOutput": {"type": "structure", "members": {
                    "ContentLength": {"shape": "Long", "location": "header", "locationName": "Content-Length"},
                    "LastModified": {"shape": "Timestamp", "location": "header", "locationName": "Last-Modified"},
                    "Expires": {"shape": "Timestamp", "location": "header", "locationName": "Expires"},
                    "Metadata": {"shape": "Metadata", "location": "headers", "locationName": "x-amz-meta-"}
                }},
                "ListRequest": {"type": "structure", "members": {
                    "Bucket": {"shape": "String", "location": "uri", "locationName": "Bucket"},
                    "Prefix": {"shape": "String", "location": "querystring", "locationName": "prefix"},
                    "MaxKeys": {"shape": "Integer", "location": "querystring", "locationName": "max-keys"}
                }},
                "ListOutput": {"type": "structure", "members": {
                    "IsTruncated": {"shape": "Boolean"},
                    "Contents": {"shape": "ObjectList"},
                    "KeyCount": {"shape": "Integer"}
                }},
                "ObjectList": {"type": "list", "member": {"shape": "Object"}, "flattened": true},
                "Object": {"type": "structure", "members": {
                    "Key": {"shape": "String"},
                    "LastModified": {"shape": "Timestamp"},
                    "Size": {"shape": "Long"}
                }},
                "PutBucketTaggingRequest": {"type": "structure", "members": {
                    "Bucket": {"shape": "String", "location": "uri", "locationName": "Bucket"},
                    "Tagging": {"shape": "Tagging", "locationName": "Tagging",
                                "xmlNamespace": {"uri": "http://s3.amazonaws.com/doc/2006-03-01/"}}
                }, "payload": "Tagging"},
                "Tagging": {"type": "structure", "members": {"TagSet": {"shape": "TagSet"}}},
                "TagSet": {"type": "list", "member": {"shape": "Tag", "locationName": "Tag"}},
                "Tag": {"type": "structure", "members": {"Key": {"shape": "String"}, "Value": {"shape": "String"}}},
                "NoSuchKey": {"type": "structure", "members": {}, "exception": true},
                "NoSuchBucket": {"type": "structure", "members": {"BucketName": {"shape": "String"}}, "exception": true},
                "Metadata": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}},
                "Body": {"type": "blob", "streaming": true},
                "String": {"type": "string"},
                "Integer": {"type": "integer"},
                "Long": {"type": "long"},
                "Boolean": {"type": "boolean"},
                "Timestamp": {"type": "timestamp"}
            }
        }))
        .unwrap()
    }

    fn response<'a>(status: u16, headers: &'a http::HeaderMap, body: &'a [u8]) -> HttpResponse<'a> {
        HttpResponse {
            status,
            headers,
            body,
        }
    }

    #[test]
    fn put_object_binds_labels_metadata_headers_and_a_streaming_body() {
        let service = s3();
        let op = service.operation("PutObject").unwrap();
        let params = serde_json::json!({
            "Bucket": "my-bucket",
            "Key": "dir/file name+1.txt",
            "Body": super::super::blob::encode(b"hello"),
            "Metadata": {"color": "blue"},
            "Expires": 1398796238
        });
        let request = serialize(&service, op, &params).unwrap();
        assert_eq!(request.method, http::Method::PUT);
        assert_eq!(request.path_and_query, "/my-bucket/dir/file%20name%2B1.txt");
        assert_eq!(request.headers["x-amz-meta-color"], "blue");
        assert_eq!(request.headers["expires"], "Tue, 29 Apr 2014 18:30:38 GMT");
        assert_eq!(&request.body[..], b"hello");
        assert_eq!(request.streaming_member.as_deref(), Some("Body"));
        assert!(request.headers.get("content-type").is_none());
    }

    #[test]
    fn list_objects_merges_the_fixed_query_and_reads_a_flattened_list() {
        let service = s3();
        let op = service.operation("ListObjectsV2").unwrap();
        let params = serde_json::json!({"Bucket": "b", "Prefix": "a b/", "MaxKeys": 2});
        let request = serialize(&service, op, &params).unwrap();
        // Query parameters follow the model's member order (MaxKeys before Prefix), not
        // the order of the caller's map.
        assert_eq!(
            request.path_and_query,
            "/b?list-type=2&max-keys=2&prefix=a%20b%2F"
        );
        assert!(request.body.is_empty());

        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <IsTruncated>false</IsTruncated>
              <Contents><Key>a b/1</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><Size>5</Size></Contents>
              <Contents><Key>a b/2</Key><LastModified>2026-01-02T03:04:06.500Z</LastModified><Size>0</Size></Contents>
              <KeyCount>2</KeyCount>
            </ListBucketResult>"#;
        let headers = http::HeaderMap::new();
        let out = parse_output(&service, op, &response(200, &headers, body)).unwrap();
        assert_eq!(
            out,
            serde_json::json!({
                "IsTruncated": false,
                "Contents": [
                    {"Key": "a b/1", "LastModified": "2026-01-02T03:04:05Z", "Size": 5},
                    {"Key": "a b/2", "LastModified": "2026-01-02T03:04:06.500Z", "Size": 0}
                ],
                "KeyCount": 2
            })
        );
    }

    #[test]
    fn a_payload_structure_takes_its_member_name_and_namespace() {
        let service = s3();
        let op = service.operation("PutBucketTagging").unwrap();
        let params = serde_json::json!({
            "Bucket": "b",
            "Tagging": {"TagSet": [{"Key": "k", "Value": "a<b"}]}
        });
        let request = serialize(&service, op, &params).unwrap();
        assert_eq!(request.path_and_query, "/b?tagging");
        assert_eq!(
            std::str::from_utf8(&request.body).unwrap(),
            "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>k</Key>\
             <Value>a&lt;b</Value></Tag></TagSet></Tagging>"
        );
    }

    #[test]
    fn head_object_reads_headers_and_skips_a_malformed_one() {
        let service = s3();
        let op = service.operation("HeadObject").unwrap();
        let mut headers = http::HeaderMap::new();
        headers.insert("content-length", "42".parse().unwrap());
        headers.insert(
            "last-modified",
            "Tue, 29 Apr 2014 18:30:38 GMT".parse().unwrap(),
        );
        headers.insert("expires", "never".parse().unwrap());
        headers.insert("x-amz-meta-color", "blue".parse().unwrap());
        let out = parse_output(&service, op, &response(200, &headers, b"")).unwrap();
        assert_eq!(
            out,
            serde_json::json!({
                "ContentLength": 42,
                "LastModified": "2014-04-29T18:30:38Z",
                "Metadata": {"color": "blue"}
            })
        );
    }

    #[test]
    fn a_bodiless_error_takes_its_code_from_the_status_as_botocore_does() {
        let service = s3();
        let op = service.operation("HeadObject").unwrap();
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amz-request-id", "REQ1".parse().unwrap());
        let err = parse_error(&service, op, &response(404, &headers, b""));
        assert_eq!(err.code, "404");
        assert_eq!(err.message.as_deref(), Some("Not Found"));
        assert_eq!(err.request_id.as_deref(), Some("REQ1"));
        assert_eq!(err.shape, None);
        assert!(err.is_not_found());
    }

    #[test]
    fn s3_and_wrapped_error_bodies_name_code_message_shape_and_request_id() {
        let service = s3();
        let op = service.operation("ListObjectsV2").unwrap();
        let headers = http::HeaderMap::new();
        let s3_body = b"<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>\
            <BucketName>nope</BucketName><RequestId>R2</RequestId><HostId>H</HostId></Error>";
        let err = parse_error(&service, op, &response(404, &headers, s3_body));
        assert_eq!(err.code, "NoSuchBucket");
        assert_eq!(
            err.message.as_deref(),
            Some("The specified bucket does not exist")
        );
        assert_eq!(err.request_id.as_deref(), Some("R2"));
        assert_eq!(err.shape.as_deref(), Some("NoSuchBucket"));
        assert_eq!(err.data, serde_json::json!({"BucketName": "nope"}));

        let wrapped = b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>\
            <Message>Rate exceeded</Message></Error><RequestId>R3</RequestId></ErrorResponse>";
        let err = parse_error(&service, op, &response(400, &headers, wrapped));
        assert_eq!(err.code, "Throttling");
        assert_eq!(err.error_type.as_deref(), Some("Sender"));
        assert_eq!(err.request_id.as_deref(), Some("R3"));
        assert_eq!(err.shape, None);
        assert!(err.is_throttling());

        let html = b"<html><body>Service Unavailable</body></html>";
        let err = parse_error(&service, op, &response(503, &headers, html));
        assert_eq!(err.code, "503");
        assert_eq!(err.message.as_deref(), Some("Service Unavailable"));
    }
}
