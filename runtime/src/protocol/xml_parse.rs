//! Reading an XML response element into the output value of a shape, for every XML protocol
//! (rest-xml, query, ec2).
//!
//! Members are found by their wire name (`locationName`, else the member name); a flattened
//! list or map is the run of sibling elements of that name, a wrapped one is a single element
//! holding `<member>` items or `<entry><key/><value/></entry>` pairs (names overridable by the
//! model); `xmlAttribute` members come from the element's attributes. Members bound to the
//! status code or to headers are left to the REST layer.

use serde_json::{Map, Value};

use super::member::Member;
use super::scalar;
use super::xml::Element;
use crate::error::Error;
use crate::model::{ServiceDefinition, ShapeType};

/// Reads a structure from the element that holds its members.
pub(crate) fn parse_structure(
    service: &ServiceDefinition,
    element: &Element,
    structure: Member<'_>,
) -> Result<Value, Error> {
    parse(service, &[element], structure)
}

/// Reads a value of `member`'s shape from the sibling elements that carry it: one element,
/// or every item or entry of a flattened list or map.
pub(crate) fn parse(
    service: &ServiceDefinition,
    elements: &[&Element],
    member: Member<'_>,
) -> Result<Value, Error> {
    let Some(first) = elements.first() else {
        return Ok(Value::Null);
    };
    match member.kind() {
        ShapeType::Structure => structure(service, first, member),
        ShapeType::List => {
            let item_member = member.list_member(service)?;
            let items: Vec<&Element> = if member.flattened() {
                elements.to_vec()
            } else {
                first.children.iter().collect()
            };
            items
                .into_iter()
                .map(|item| parse(service, &[item], item_member))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        ShapeType::Map => {
            let (key_member, value_member) = member.map_entry(service)?;
            let key_name = key_member.location_name().unwrap_or("key");
            let value_name = value_member.location_name().unwrap_or("value");
            let entries: Vec<&Element> = if member.flattened() {
                elements.to_vec()
            } else {
                first.children.iter().collect()
            };
            let mut out = Map::new();
            for entry in entries {
                let Some(key) = entry.child(key_name) else {
                    continue;
                };
                let value = match entry.child(value_name) {
                    Some(value) => parse(service, &[value], value_member)?,
                    None => Value::Null,
                };
                out.insert(key.text.to_string(), value);
            }
            Ok(Value::Object(out))
        }
        kind => scalar::from_text(&first.text, kind)
            .map_err(|e| Error::response(format!("element <{}>: {e}", first.name))),
    }
}

/// The names under which a structure member may appear, most likely first: a flattened
/// list's items take the name of the list's element when it has one (as older query models
/// write them, and botocore reads them), else the member's own wire name (as Smithy has it).
fn wire_names<'a>(
    service: &'a ServiceDefinition,
    name: &'a str,
    member: Member<'a>,
) -> Result<WireNames<'a>, Error> {
    let own = member.location_name().unwrap_or(name);
    if member.kind() == ShapeType::List && member.flattened() {
        if let Some(item_name) = member.list_member(service)?.location_name() {
            if item_name != own {
                return Ok(WireNames(item_name, Some(own)));
            }
        }
    }
    Ok(WireNames(own, None))
}

/// A member's element name, and the one tried after it (a flattened list's own name, when
/// its items are named otherwise).
#[derive(Clone, Copy)]
struct WireNames<'a>(&'a str, Option<&'a str>);

impl<'a> WireNames<'a> {
    fn iter(self) -> impl Iterator<Item = &'a str> {
        std::iter::once(self.0).chain(self.1)
    }
}

fn structure(
    service: &ServiceDefinition,
    element: &Element,
    shape: Member<'_>,
) -> Result<Value, Error> {
    if shape.shape.union {
        let members = shape.members(service)?;
        if let Some(unknown) = unknown_union_member(service, element, &members)? {
            return Ok(unknown);
        }
    }
    let mut out = Map::with_capacity(shape.shape.members.len().min(element.children.len()));
    for (name, reference) in &shape.shape.members {
        let name = name.as_str();
        let member = Member::resolve(service, reference)?;
        if member.is_response_located() || member.reference.eventheader {
            continue;
        }
        let names = wire_names(service, name, member)?;
        let xml_name = names.0;
        let flattened =
            member.flattened() && matches!(member.kind(), ShapeType::List | ShapeType::Map);
        let parsed = if flattened {
            // A flattened list or map is every element of its name, side by side.
            let found: Vec<&Element> = names
                .iter()
                .map(|n| element.children_named(n).collect::<Vec<_>>())
                .find(|found| !found.is_empty())
                .unwrap_or_default();
            (!found.is_empty())
                .then(|| parse(service, &found, member))
                .transpose()?
        } else {
            // Anything else is read from its first element alone.
            names
                .iter()
                .find_map(|n| element.child(n))
                .map(|child| parse(service, &[child], member))
                .transpose()?
        };
        if let Some(parsed) = parsed {
            out.insert(name.to_string(), parsed);
        } else if member.xml_attribute() {
            if let Some(value) = element.attribute(xml_name) {
                out.insert(
                    name.to_string(),
                    scalar::from_text(value, member.kind())
                        .map_err(|e| Error::response(format!("attribute {xml_name}: {e}")))?,
                );
            }
        }
    }
    Ok(Value::Object(out))
}

/// botocore's `{"SDK_UNKNOWN_MEMBER": {"name": tag}}` for a union whose one element the model
/// does not know; an error when several members are set.
fn unknown_union_member(
    service: &ServiceDefinition,
    element: &Element,
    members: &[(&str, Member<'_>)],
) -> Result<Option<Value>, Error> {
    let mut tags: Vec<&str> = element.children.iter().map(|c| c.name.as_ref()).collect();
    tags.dedup();
    if tags.len() > 1 {
        return Err(Error::response(format!(
            "<{}> is a union, yet sets {} members",
            element.name,
            tags.len()
        )));
    }
    let Some(tag) = tags.first() else {
        return Ok(None);
    };
    for (name, member) in members {
        if wire_names(service, name, *member)?
            .iter()
            .any(|n| n == *tag)
        {
            return Ok(None);
        }
    }
    Ok(Some(
        serde_json::json!({"SDK_UNKNOWN_MEMBER": {"name": tag}}),
    ))
}
