//! The members of an operation whose shape the model marks `sensitive`, by the names they
//! travel under, so the wire log can redact them whatever they are called: SSM's parameter `Value`, Secrets Manager's `RandomPassword`,
//! Cognito's tokens, beside the names the log always redacts.

use std::collections::{BTreeSet, HashSet};

use crate::model::{Operation, ServiceDefinition, ShapeRef, ShapeType};

/// Where the sensitive members of one operation's input and output travel.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SensitiveMembers {
    /// Names in bodies: member names and their wire names (JSON keys, XML elements, query
    /// parameter names).
    pub(crate) body_names: BTreeSet<String>,
    /// HTTP headers a sensitive member is bound to, in lower case.
    pub(crate) headers: BTreeSet<String>,
}

impl SensitiveMembers {
    /// The sensitive members reachable from `operation`'s input and output.
    pub(crate) fn of(definition: &ServiceDefinition, operation: &Operation) -> Self {
        let mut found = SensitiveMembers::default();
        let mut seen = HashSet::new();
        for reference in [&operation.input, &operation.output].into_iter().flatten() {
            found.walk(definition, reference, &mut seen);
        }
        found
    }

    /// Whether nothing needs redacting beyond the log's fixed names.
    pub(crate) fn is_empty(&self) -> bool {
        self.body_names.is_empty() && self.headers.is_empty()
    }

    fn walk<'d>(
        &mut self,
        definition: &'d ServiceDefinition,
        reference: &'d ShapeRef,
        seen: &mut HashSet<&'d str>,
    ) {
        if !seen.insert(reference.shape.as_str()) {
            return;
        }
        let Some(shape) = definition.shape_of(reference) else {
            return;
        };
        match shape.kind {
            ShapeType::Structure => {
                for (name, member) in &shape.members {
                    let target = definition.shape_of(member);
                    if target.is_some_and(|t| t.sensitive) {
                        self.add(
                            name,
                            member,
                            target.and_then(|t| t.location_name.as_deref()),
                        );
                    }
                    self.walk(definition, member, seen);
                }
            }
            ShapeType::List => {
                if let Some(member) = &shape.member {
                    self.walk(definition, member, seen);
                }
            }
            ShapeType::Map => {
                if let Some(value) = &shape.value {
                    self.walk(definition, value, seen);
                }
            }
            _ => {}
        }
    }

    fn add(&mut self, name: &str, member: &ShapeRef, shape_location_name: Option<&str>) {
        if member.location.as_deref() == Some("header") {
            let header = member.location_name.as_deref().unwrap_or(name);
            self.headers.insert(header.to_ascii_lowercase());
            return;
        }
        let names = [
            Some(name),
            member.location_name.as_deref(),
            member.query_name.as_deref(),
            shape_location_name,
        ];
        self.body_names
            .extend(names.into_iter().flatten().map(str::to_owned));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ServiceModel;
    use serde_json::json;

    fn definition(shapes: serde_json::Value) -> ServiceDefinition {
        serde_json::from_value(json!({
            "metadata": { "protocol": "json", "apiVersion": "2020-01-01", "endpointPrefix": "x" },
            "operations": {
                "Put": { "name": "Put", "input": { "shape": "PutIn" }, "output": { "shape": "PutOut" } }
            },
            "shapes": shapes,
        }))
        .expect("a valid model")
    }

    #[test]
    fn members_whose_shape_is_sensitive_are_found_at_any_depth_with_their_wire_names() {
        let definition = definition(json!({
            "PutIn": { "type": "structure", "members": {
                "Name": { "shape": "Plain" },
                "Value": { "shape": "Secret" },
                "Key": { "shape": "Secret", "location": "header", "locationName": "X-Secret-Key" },
                "Entries": { "shape": "EntryList" }
            }},
            "PutOut": { "type": "structure", "members": {
                "Result": { "shape": "Result", "locationName": "result" }
            }},
            "EntryList": { "type": "list", "member": { "shape": "Entry" } },
            "Entry": { "type": "structure", "members": {
                "Pin": { "shape": "Secret", "locationName": "pinCode" },
                "Label": { "shape": "Plain" }
            }},
            "Result": { "type": "structure", "sensitive": true, "members": {
                "Inner": { "shape": "Plain" }
            }},
            "Plain": { "type": "string" },
            "Secret": { "type": "string", "sensitive": true }
        }));
        let model = ServiceModel::from_definition("x", definition);
        let operation = model.operation("Put").unwrap();
        let found = SensitiveMembers::of(model.definition(), operation);
        let names: Vec<_> = found.body_names.iter().map(String::as_str).collect();
        assert_eq!(names, ["Pin", "Result", "Value", "pinCode", "result"]);
        let headers: Vec<_> = found.headers.iter().map(String::as_str).collect();
        assert_eq!(headers, ["x-secret-key"]);
    }

    #[test]
    fn an_operation_without_sensitive_shapes_has_nothing_to_redact() {
        let definition = definition(json!({
            "PutIn": { "type": "structure", "members": { "Name": { "shape": "Plain" } } },
            "PutOut": { "type": "structure", "members": {} },
            "Plain": { "type": "string" }
        }));
        let model = ServiceModel::from_definition("x", definition);
        let found = SensitiveMembers::of(model.definition(), model.operation("Put").unwrap());
        assert!(found.is_empty());
    }
}
