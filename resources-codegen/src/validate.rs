//! Validate phase: every reference in the resource definition must name something that
//! exists (operation, shape, member, resource type, identifier, waiter). All problems are
//! collected, each with the JSON path where it occurs.

use crate::parse::{
    ActionDef, ParamDef, RequestDef, ResourceDef, ResourcesFile, ResponseResourceDef, ServiceFile,
    WaitersFile,
};
use crate::Error;

/// Sources a request parameter may use.
const REQUEST_SOURCES: &[&str] = &[
    "identifier",
    "data",
    "string",
    "integer",
    "boolean",
    "input",
];
/// Sources a response or `has` identifier may use.
const IDENTIFIER_SOURCES: &[&str] = &[
    "identifier",
    "data",
    "input",
    "response",
    "requestParameter",
];

/// Checks the definition against the service model and waiters; returns every problem.
pub fn validate(file: &ResourcesFile, service: &ServiceFile, waiters: &WaitersFile) -> Vec<Error> {
    let mut check = Checker {
        file,
        service,
        waiters,
        errors: Vec::new(),
    };
    check.resource("service", &file.service, None);
    for (name, def) in &file.resources {
        check.resource(&format!("resources.{name}"), def, Some(def));
    }
    check.errors
}

struct Checker<'a> {
    file: &'a ResourcesFile,
    service: &'a ServiceFile,
    waiters: &'a WaitersFile,
    errors: Vec<Error>,
}

impl Checker<'_> {
    fn error(&mut self, path: String, message: String) {
        self.errors.push(Error::new(path, message));
    }

    /// `own` is the definition whose identifiers `source: identifier` names refer to (none
    /// for the service resource, which has no identifiers).
    fn resource(&mut self, path: &str, def: &ResourceDef, own: Option<&ResourceDef>) {
        if let Some(shape) = &def.shape {
            match self.service.shapes.get(shape) {
                None => self.error(format!("{path}.shape"), format!("unknown shape {shape:?}")),
                Some(s) => {
                    for (i, id) in def.identifiers.iter().enumerate() {
                        if let Some(member) = &id.member_name {
                            if !s.members.contains_key(member) {
                                self.error(
                                    format!("{path}.identifiers[{i}].memberName"),
                                    format!("shape {shape:?} has no member {member:?}"),
                                );
                            }
                        }
                    }
                }
            }
        }
        if let Some(load) = &def.load {
            self.request(&format!("{path}.load.request"), &load.request, own);
        }
        for (name, action) in &def.actions {
            self.action(&format!("{path}.actions.{name}"), action, own);
        }
        for (name, action) in &def.batch_actions {
            self.action(&format!("{path}.batchActions.{name}"), action, own);
        }
        for (name, waiter) in &def.waiters {
            let wpath = format!("{path}.waiters.{name}");
            if !self.waiters.waiters.contains_key(&waiter.waiter_name) {
                self.error(
                    format!("{wpath}.waiterName"),
                    format!("unknown waiter {:?}", waiter.waiter_name),
                );
            }
            for (i, param) in waiter.params.iter().enumerate() {
                self.param_source(&format!("{wpath}.params[{i}]"), param, own, REQUEST_SOURCES);
            }
        }
        for (name, has) in &def.has {
            self.resource_ref(&format!("{path}.has.{name}.resource"), &has.resource, own);
        }
        for (name, many) in &def.has_many {
            let cpath = format!("{path}.hasMany.{name}");
            self.request(&format!("{cpath}.request"), &many.request, own);
            self.resource_ref(&format!("{cpath}.resource"), &many.resource, own);
        }
    }

    fn action(&mut self, path: &str, action: &ActionDef, own: Option<&ResourceDef>) {
        self.request(&format!("{path}.request"), &action.request, own);
        if let Some(resource) = &action.resource {
            self.resource_ref(&format!("{path}.resource"), resource, own);
        }
    }

    /// Checks the operation and its parameters.
    fn request(&mut self, path: &str, request: &RequestDef, own: Option<&ResourceDef>) {
        let Some(op) = self.service.operations.get(&request.operation) else {
            self.error(
                format!("{path}.operation"),
                format!("unknown operation {:?}", request.operation),
            );
            return;
        };
        let input = op
            .input
            .as_ref()
            .and_then(|i| self.service.shapes.get(&i.shape));
        for (i, param) in request.params.iter().enumerate() {
            let ppath = format!("{path}.params[{i}]");
            self.param_source(&ppath, param, own, REQUEST_SOURCES);
            let top = top_member(&param.target);
            let known = input.is_some_and(|shape| shape.members.contains_key(top));
            if !known {
                self.error(
                    format!("{ppath}.target"),
                    format!(
                        "operation {:?} has no input member {top:?}",
                        request.operation
                    ),
                );
            }
        }
    }

    fn param_source(
        &mut self,
        path: &str,
        param: &ParamDef,
        own: Option<&ResourceDef>,
        allowed: &[&str],
    ) {
        if !allowed.contains(&param.source.as_str()) {
            self.error(
                format!("{path}.source"),
                format!("unsupported source {:?} here", param.source),
            );
            return;
        }
        match param.source.as_str() {
            "identifier" => match &param.name {
                None => self.error(
                    format!("{path}.name"),
                    "missing for source \"identifier\"".into(),
                ),
                Some(name) => {
                    let found = own.is_some_and(|d| d.identifiers.iter().any(|i| &i.name == name));
                    if !found {
                        self.error(
                            format!("{path}.name"),
                            format!("unknown identifier {name:?}"),
                        );
                    }
                }
            },
            "data" | "response" | "requestParameter" if param.path.is_none() => self.error(
                format!("{path}.path"),
                format!("missing for source {:?}", param.source),
            ),
            "data" if own.is_none_or(|d| d.shape.is_none() && d.load.is_none()) => self.error(
                format!("{path}.source"),
                "source \"data\" on a resource without shape or load".into(),
            ),
            "string" | "integer" | "boolean" if param.value.is_none() => self.error(
                format!("{path}.value"),
                format!("missing for source {:?}", param.source),
            ),
            _ => {}
        }
    }

    fn resource_ref(
        &mut self,
        path: &str,
        reference: &ResponseResourceDef,
        own: Option<&ResourceDef>,
    ) {
        let Some(target) = self.file.resources.get(&reference.type_name) else {
            self.error(
                format!("{path}.type"),
                format!("unknown resource type {:?}", reference.type_name),
            );
            return;
        };
        for (i, id) in reference.identifiers.iter().enumerate() {
            let ipath = format!("{path}.identifiers[{i}]");
            // Inputs are positional (boto3 ignores their target; iam's service `Policy`
            // names it `PolicyArn` for identifier `Arn`), so only other sources must match.
            if id.source != "input" && !target.identifiers.iter().any(|t| t.name == id.target) {
                self.error(
                    format!("{ipath}.target"),
                    format!(
                        "resource {:?} has no identifier {:?}",
                        reference.type_name, id.target
                    ),
                );
            }
            self.param_source(&ipath, id, own, IDENTIFIER_SOURCES);
        }
    }
}

/// The top-level input member a request target writes (`Filters[0].Name` → `Filters`).
pub fn top_member(target: &str) -> &str {
    let end = target.find(['.', '[']).unwrap_or(target.len());
    &target[..end]
}
