//! A shape reference resolved against the model, with serialization traits merged as botocore
//! merges them: a trait on the reference (member, list element, operation input) wins over
//! the same trait on the target shape.

use serde_json::Value;

use crate::error::Error;
use crate::model::{ServiceDefinition, Shape, ShapeRef, ShapeType, XmlNamespace};

use super::timestamp::TimestampFormat;

/// A reference together with the shape it names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'a> {
    /// The reference, carrying the traits set where the shape is used.
    pub reference: &'a ShapeRef,
    /// The referenced shape.
    pub shape: &'a Shape,
}

impl<'a> Member<'a> {
    /// Resolves a reference, or reports the shape the model lacks.
    pub(crate) fn resolve(
        service: &'a ServiceDefinition,
        reference: &'a ShapeRef,
    ) -> Result<Self, Error> {
        let shape = service.shape_of(reference).ok_or_else(|| {
            Error::model(format!(
                "the model references shape {:?}, which it does not define",
                reference.shape
            ))
        })?;
        Ok(Member { reference, shape })
    }

    /// The shape's kind.
    pub(crate) fn kind(&self) -> ShapeType {
        self.shape.kind
    }

    /// The shape's name in the model.
    pub(crate) fn shape_name(&self) -> &'a str {
        &self.reference.shape
    }

    /// Wire name (`locationName`) from the reference, else from the shape.
    pub(crate) fn location_name(&self) -> Option<&'a str> {
        self.reference
            .location_name
            .as_deref()
            .or(self.shape.location_name.as_deref())
    }

    /// Where a REST member travels (`uri`, `querystring`, `header`, `headers`, `statusCode`).
    pub(crate) fn location(&self) -> Option<&'a str> {
        self.reference
            .location
            .as_deref()
            .or(self.shape.location.as_deref())
    }

    /// Whether the member is read from the status code or headers rather than the body.
    pub(crate) fn is_response_located(&self) -> bool {
        matches!(self.location(), Some("statusCode" | "header" | "headers"))
    }

    /// The name of the member that forms the HTTP payload, from the reference or the shape.
    pub(crate) fn payload(&self) -> Option<&'a str> {
        self.reference
            .payload
            .as_deref()
            .or(self.shape.payload.as_deref())
    }

    /// Whether a list or map is written without a wrapper element.
    pub(crate) fn flattened(&self) -> bool {
        self.reference.flattened.unwrap_or(self.shape.flattened)
    }

    /// The XML namespace declared where the shape is used, else on the shape.
    pub(crate) fn xml_namespace(&self) -> Option<&'a XmlNamespace> {
        self.reference
            .xml_namespace
            .as_ref()
            .or(self.shape.xml_namespace.as_ref())
            .map(|field| &field.0)
    }

    /// Whether the member is an XML attribute of its parent element.
    pub(crate) fn xml_attribute(&self) -> bool {
        self.reference.xml_attribute
    }

    /// The timestamp format set for this member or its shape.
    pub(crate) fn timestamp_format(&self) -> Option<TimestampFormat> {
        self.reference
            .timestamp_format
            .as_deref()
            .or(self.shape.timestamp_format.as_deref())
            .and_then(TimestampFormat::from_model)
    }

    /// Whether a string member holds JSON (sent base64-encoded in a header).
    pub(crate) fn jsonvalue(&self) -> bool {
        self.reference.jsonvalue || self.shape.jsonvalue
    }

    /// Whether a blob or string member is streamed.
    pub(crate) fn streaming(&self) -> bool {
        self.reference.streaming || self.shape.streaming
    }

    /// Whether the shape is an event stream.
    pub(crate) fn eventstream(&self) -> bool {
        self.shape.eventstream
    }

    /// Whether the shape is an open JSON document.
    pub(crate) fn is_document(&self) -> bool {
        self.shape.document || self.shape.kind == ShapeType::Document
    }

    /// A structure member by name.
    pub(crate) fn member(
        &self,
        service: &'a ServiceDefinition,
        name: &str,
    ) -> Result<Option<Member<'a>>, Error> {
        match self.shape.members.get(name) {
            Some(reference) => Member::resolve(service, reference).map(Some),
            None => Ok(None),
        }
    }

    /// The entries of `values` in the structure's model order: the order botocore writes XML
    /// elements in, and the one rboto writes query and REST parameters in, whatever order the
    /// caller's map keeps. Keys the structure has no member for come last, in their own order,
    /// for the caller to refuse.
    pub(crate) fn in_model_order<'v>(
        &self,
        values: impl IntoIterator<Item = (&'v str, &'v Value)>,
    ) -> Vec<(&'v str, &'v Value)> {
        let mut entries: Vec<_> = values.into_iter().collect();
        entries
            .sort_by_key(|(name, _)| self.shape.members.get_index_of(*name).unwrap_or(usize::MAX));
        entries
    }

    /// The structure's payload member (named by its `payload` trait) with its name, `None`
    /// when it has none; a payload that names no member is a model error.
    pub(crate) fn payload_member(
        &self,
        service: &'a ServiceDefinition,
    ) -> Result<Option<(&'a str, Member<'a>)>, Error> {
        let Some(name) = self.payload() else {
            return Ok(None);
        };
        let member = self.member(service, name)?.ok_or_else(|| {
            Error::model(format!(
                "{} names payload {name:?}, which it does not have",
                self.shape_name()
            ))
        })?;
        Ok(Some((name, member)))
    }

    /// Whether every member of this structure travels in a JSON body under its own name
    /// (none renamed by `locationName`, none bound to a header or the status code), so a
    /// body's keys are member names and a parser need look up only the members present.
    /// Worked out once per shape.
    pub(crate) fn body_keys_are_member_names(
        &self,
        service: &'a ServiceDefinition,
    ) -> Result<bool, Error> {
        if let Some(&plain) = self.shape.plain_body_names.get() {
            return Ok(plain);
        }
        let plain = self.members(service)?.iter().all(|&(name, member)| {
            member.location_name().is_none_or(|wire| wire == name) && !member.is_response_located()
        });
        let _ = self.shape.plain_body_names.set(plain);
        Ok(plain)
    }

    /// Every structure member with its name, in model order.
    pub(crate) fn members(
        &self,
        service: &'a ServiceDefinition,
    ) -> Result<Vec<(&'a str, Member<'a>)>, Error> {
        self.shape
            .members
            .iter()
            .map(|(name, reference)| Ok((name.as_str(), Member::resolve(service, reference)?)))
            .collect()
    }

    /// A list's element.
    pub(crate) fn list_member(&self, service: &'a ServiceDefinition) -> Result<Member<'a>, Error> {
        let reference = self.shape.member.as_deref().ok_or_else(|| {
            Error::model(format!("list shape {:?} has no member", self.shape_name()))
        })?;
        Member::resolve(service, reference)
    }

    /// A map's key and value.
    pub(crate) fn map_entry(
        &self,
        service: &'a ServiceDefinition,
    ) -> Result<(Member<'a>, Member<'a>), Error> {
        let missing = || {
            Error::model(format!(
                "map shape {:?} lacks a key or value",
                self.shape_name()
            ))
        };
        let key = self.shape.key.as_deref().ok_or_else(missing)?;
        let value = self.shape.value.as_deref().ok_or_else(missing)?;
        Ok((
            Member::resolve(service, key)?,
            Member::resolve(service, value)?,
        ))
    }
}
