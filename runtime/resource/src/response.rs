//! Resources from responses: identifiers from their sources (`response`,
//! `requestParameter`, `identifier`, `data`, `input`), plural fan-out when an identifier is
//! a list, hydration from the definition's `path`, and the empty response an action gives
//! when the response names no resource.

use serde_json::Value;

use super::core::ResourceCore;
use super::model::{ParamDef, ResourceDef, ResponseResourceDef};
use super::params::search;
use super::path::take;
use rboto_runtime::error::Error;
use rboto_runtime::jmes::is_truthy;
use rboto_runtime::model::{ServiceDefinition, ShapeType};

/// What identifier sources read from besides the parent resource.
#[derive(Clone, Copy, Default)]
pub(crate) struct IdentifierInputs<'a> {
    /// The request's final parameters, for source `requestParameter`.
    pub params: Option<&'a Value>,
    /// The raw response (or, for references, the parent's data), for source `response` and
    /// for the hydration `path`.
    pub response: Option<&'a Value>,
    /// The operation, to shape an empty response from its output.
    pub operation: Option<&'a str>,
}

/// The resources a response describes.
pub(crate) enum Built {
    /// Identifiers were lists: one resource per element.
    Many(Vec<ResourceCore>),
    /// Every identifier had a value: one resource.
    One(ResourceCore),
    /// Some identifier was missing.
    Nothing {
        /// The output shape at the definition's path, as boto3's empty response.
        empty: EmptyShape,
    },
}

/// What boto3 returns when a response names no resource: the kind of the output shape at
/// the resource path (`{}` for a structure or map, `[]` for a list, `None` otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmptyShape {
    /// `{}`.
    Object,
    /// `[]`.
    List,
    /// `None`.
    Nothing,
}

/// Builds the resource(s) `definition` describes from a response (or a parent's data).
pub(crate) async fn build_resources(
    parent: &ResourceCore,
    definition: &ResponseResourceDef,
    inputs: IdentifierInputs<'_>,
) -> Result<Built, Error> {
    let identifiers = identifier_values(parent, definition, &inputs).await?;
    let hydration = match (&definition.path, inputs.response) {
        (Some(path), Some(response)) => Some(search(path, response)?),
        _ => None,
    };
    assemble(parent, definition, identifiers, hydration, inputs.operation)
}

/// [`build_resources`] from a collection's page, which the caller gives up: the data each
/// resource is hydrated with is moved out of the page instead of copied.
pub(crate) async fn build_resources_from_page(
    parent: &ResourceCore,
    definition: &ResponseResourceDef,
    params: &Value,
    page: Value,
    operation: &str,
) -> Result<Built, Error> {
    let inputs = IdentifierInputs {
        params: Some(params),
        response: Some(&page),
        operation: Some(operation),
    };
    let identifiers = identifier_values(parent, definition, &inputs).await?;
    let hydration = match &definition.path {
        Some(path) => Some(take(path, page)?),
        None => None,
    };
    assemble(parent, definition, identifiers, hydration, Some(operation))
}

/// The value of each identifier the definition names, from its source.
async fn identifier_values<'d>(
    parent: &ResourceCore,
    definition: &'d ResponseResourceDef,
    inputs: &IdentifierInputs<'_>,
) -> Result<Vec<(&'d str, Value)>, Error> {
    let mut identifiers = Vec::with_capacity(definition.identifiers.len());
    for id in &definition.identifiers {
        let value = match id.source.as_str() {
            "response" => match inputs.response {
                Some(response) => search(path_of(id)?, response)?,
                None => Value::Null,
            },
            "requestParameter" => match inputs.params {
                Some(params) => search(path_of(id)?, params)?,
                None => Value::Null,
            },
            "identifier" => parent.identifier_named(id.name.as_deref().unwrap_or(""))?,
            "data" => parent.data_member(path_of(id)?, true).await?,
            "input" => continue,
            other => {
                return Err(Error::model(format!(
                    "unsupported source {other:?} for identifier {:?}",
                    id.target
                )))
            }
        };
        identifiers.push((id.target.as_str(), value));
    }
    Ok(identifiers)
}

/// Fans identifiers out into resources, boto3's `ResourceHandler` steps 4–6.
fn assemble(
    parent: &ResourceCore,
    definition: &ResponseResourceDef,
    identifiers: Vec<(&str, Value)>,
    hydration: Option<Value>,
    operation: Option<&str>,
) -> Result<Built, Error> {
    let service = parent.service();
    let target = service.definition(&definition.type_name)?;
    let ordered = |pick: &dyn Fn(&Value) -> Value| -> Vec<Value> {
        target
            .identifiers
            .iter()
            .map(|d| {
                identifiers
                    .iter()
                    .find(|(t, _)| *t == d.name)
                    .map(|(_, v)| pick(v))
                    .unwrap_or(Value::Null)
            })
            .collect()
    };
    let plural_len = identifiers
        .iter()
        .find_map(|(_, v)| v.as_array().map(Vec::len));
    if let Some(count) = plural_len {
        let mut items = match hydration.filter(is_truthy) {
            Some(Value::Array(items)) => items.into_iter(),
            _ => Vec::new().into_iter(),
        };
        let mut resources = Vec::with_capacity(count);
        for i in 0..count {
            let values = ordered(&|v: &Value| match v {
                Value::Array(list) => list.get(i).cloned().unwrap_or(Value::Null),
                scalar => scalar.clone(),
            });
            let data = items.next();
            let values = complete(&definition.type_name, target, values, data.as_ref())?;
            resources.push(ResourceCore::from_definition(
                service,
                &definition.type_name,
                values,
                data,
            )?);
        }
        return Ok(Built::Many(resources));
    }
    if identifiers.iter().all(|(_, v)| !v.is_null()) {
        let values = ordered(&|v: &Value| v.clone());
        let data = hydration.filter(|h| !h.is_null());
        let values = complete(&definition.type_name, target, values, data.as_ref())?;
        return Ok(Built::One(ResourceCore::from_definition(
            service,
            &definition.type_name,
            values,
            data,
        )?));
    }
    let empty = match operation {
        Some(op) => empty_shape(
            service.client().model().definition(),
            op,
            definition.path.as_deref(),
        ),
        None => EmptyShape::Nothing,
    };
    Ok(Built::Nothing { empty })
}

/// Fills the identifiers a response definition does not name from the resource's own data
/// (the member its `memberName` gives), and refuses to build a resource when one is still
/// missing. boto3 raises at construction then; a resource with a null identifier would only
/// fail later, in a confusing request. IAM's `CreateSigningCertificate` names only `Id`,
/// and the certificate it hydrates with carries the `UserName`.
fn complete(
    type_name: &str,
    target: &ResourceDef,
    mut values: Vec<Value>,
    data: Option<&Value>,
) -> Result<Vec<Value>, Error> {
    for (value, id) in values.iter_mut().zip(&target.identifiers) {
        if !value.is_null() {
            continue;
        }
        if let (Some(member), Some(data)) = (id.member_name.as_deref(), data) {
            if let Some(found) = data.get(member).filter(|v| !v.is_null()) {
                *value = found.clone();
                continue;
            }
        }
        return Err(Error::response(format!(
            "the response gives no value for identifier {:?} of resource {type_name}, so \
             the resource cannot be built",
            id.name
        )));
    }
    Ok(values)
}

/// The identifier values of a `has` entry that are known without I/O (sub-resources):
/// `input` sources take the next of `inputs`; `data` reads the cached data if any.
pub(crate) fn identifiers_now<'d>(
    parent: &ResourceCore,
    definition: &'d [ParamDef],
    inputs: &mut dyn Iterator<Item = Value>,
) -> Result<Vec<(&'d str, Value)>, Error> {
    definition
        .iter()
        .map(|id| {
            let value = match id.source.as_str() {
                "input" => inputs.next().unwrap_or(Value::Null),
                "identifier" => parent.identifier_named(id.name.as_deref().unwrap_or(""))?,
                "data" => match parent.data() {
                    Some(data) => search(path_of(id)?, &data)?,
                    None => Value::Null,
                },
                "string" | "integer" | "boolean" => id.value.clone().unwrap_or(Value::Null),
                other => {
                    return Err(Error::model(format!(
                        "unsupported source {other:?} for identifier {:?}",
                        id.target
                    )))
                }
            };
            Ok((id.target.as_str(), value))
        })
        .collect()
}

fn path_of(id: &ParamDef) -> Result<&str, Error> {
    id.path.as_deref().ok_or_else(|| {
        Error::model(format!(
            "identifier {:?} with source {:?} has no path",
            id.target, id.source
        ))
    })
}

/// boto3's `build_empty_response`: walk `operation`'s output shape along `path` (each dotted
/// part stripped of brackets and digits; a list steps to its member whatever the part says)
/// and say what the shape there is. A path that leaves the model gives `Nothing`.
pub(crate) fn empty_shape(
    service: &ServiceDefinition,
    operation: &str,
    path: Option<&str>,
) -> EmptyShape {
    let Some(mut shape) = service
        .operation(operation)
        .and_then(|op| op.output.as_ref())
        .and_then(|output| service.shape_of(output))
    else {
        return EmptyShape::Nothing;
    };
    if let Some(path) = path {
        for part in path.split('.') {
            let name =
                part.trim_matches(|c: char| c == '[' || c == ']' || c == '$' || c.is_ascii_digit());
            let next = match shape.kind {
                ShapeType::Structure => shape.members.get(name).map(|m| m.shape.as_str()),
                ShapeType::List => shape.member.as_ref().map(|m| m.shape.as_str()),
                _ => None,
            };
            match next.and_then(|n| service.shape(n)) {
                Some(s) => shape = s,
                None => return EmptyShape::Nothing,
            }
        }
    }
    match shape.kind {
        ShapeType::Structure | ShapeType::Map => EmptyShape::Object,
        ShapeType::List => EmptyShape::List,
        _ => EmptyShape::Nothing,
    }
}
