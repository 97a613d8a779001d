//! The `endpoint` trait's host prefix (`{AccountId}.`), filled from `hostLabel` members.

use serde_json::{Map, Value};

use super::member::Member;
use crate::error::Error;
use crate::model::{Operation, ShapeRef};

/// Characters a host label may hold.
fn valid_host_label(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// The operation's host prefix with its `{Label}` placeholders filled from `hostLabel` members.
pub(super) fn expand(
    operation: &Operation,
    input: Member<'_>,
    params: &Map<String, Value>,
) -> Result<Option<String>, Error> {
    let Some(endpoint) = &operation.endpoint else {
        return Ok(None);
    };
    let template = &endpoint.host_prefix;
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| Error::model(format!("unclosed label in host prefix {template:?}")))?;
        let name = &after[..close];
        let is_label = input
            .shape
            .members
            .get(name)
            .is_some_and(|m: &ShapeRef| m.host_label);
        let value = params.get(name).and_then(Value::as_str);
        match value {
            Some(text) if is_label && valid_host_label(text) => out.push_str(text),
            Some(_) => {
                return Err(Error::validation(vec![format!(
                    "{name}: must contain only alphanumeric characters, hyphen, or period"
                )]))
            }
            None => {
                return Err(Error::validation(vec![format!(
                    "{name}: required to build the host name"
                )]))
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(Some(out))
}
