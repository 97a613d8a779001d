//! The evaluator: walks the rules in order with a scope of parameters and the variables
//! conditions assign, and returns the first endpoint or error that applies.
//!
//! Each rule sees the variables assigned by the conditions of the rules that enclose it
//! and its own; what a rule assigns is gone when the next rule is tried.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::ruleset::{Call, EndpointTemplate, Expr, Property, Rule, RuleKind};
use super::stdlib;
use super::template::{Piece, Template};
use super::Endpoint;
use crate::error::Error;

/// Parameters plus a stack of assigned variables.
pub(crate) struct Scope<'a> {
    params: &'a IndexMap<String, Value>,
    locals: Vec<(String, Value)>,
}

impl<'a> Scope<'a> {
    pub(crate) fn new(params: &'a IndexMap<String, Value>) -> Self {
        Scope {
            params,
            locals: Vec::new(),
        }
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.locals
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .or_else(|| self.params.get(name))
    }

    fn assign(&mut self, name: &str, value: Value) -> Result<(), Error> {
        if self.get(name).is_some() {
            return Err(Error::endpoint(format!(
                "assignment {name} already exists in scope and cannot be overwritten"
            )));
        }
        self.locals.push((name.to_owned(), value));
        Ok(())
    }
}

/// Tries `rules` in order: the first endpoint found is returned, the first error rule
/// that applies fails resolution, and `None` means none applied.
pub(crate) fn evaluate(rules: &[Rule], scope: &mut Scope<'_>) -> Result<Option<Endpoint>, Error> {
    for rule in rules {
        let mark = scope.locals.len();
        let outcome = evaluate_rule(rule, scope);
        scope.locals.truncate(mark);
        if let Some(endpoint) = outcome? {
            return Ok(Some(endpoint));
        }
    }
    Ok(None)
}

fn evaluate_rule(rule: &Rule, scope: &mut Scope<'_>) -> Result<Option<Endpoint>, Error> {
    for condition in &rule.conditions {
        let result = call(condition, scope)?;
        if matches!(result, Value::Null | Value::Bool(false)) {
            return Ok(None);
        }
    }
    match &rule.kind {
        RuleKind::Tree(children) => evaluate(children, scope),
        RuleKind::Error(message) => {
            let message = match expr(message, scope)? {
                Value::String(s) => s,
                other => other.to_string(),
            };
            Err(Error::endpoint(message))
        }
        RuleKind::Endpoint(template) => build_endpoint(template, scope).map(Some),
    }
}

fn call(call: &Call, scope: &mut Scope<'_>) -> Result<Value, Error> {
    let args = call
        .args
        .iter()
        .map(|arg| expr(arg, scope))
        .collect::<Result<Vec<_>, _>>()?;
    let result = stdlib::call(call.function, &call.name, &args)?;
    if let Some(name) = &call.assign {
        scope.assign(name, result.clone())?;
    }
    Ok(result)
}

fn expr(expr: &Expr, scope: &mut Scope<'_>) -> Result<Value, Error> {
    match expr {
        Expr::Literal(v) => Ok(v.clone()),
        Expr::Template(t) => render(t, scope).map(Value::String),
        Expr::Ref(name) => Ok(scope.get(name).cloned().unwrap_or(Value::Null)),
        Expr::Call(c) => call(c, scope),
    }
}

/// Fills a template's placeholders from the scope.
fn render(template: &Template, scope: &Scope<'_>) -> Result<String, Error> {
    if let Some(literal) = template.as_literal() {
        return Ok(literal.to_owned());
    }
    let mut out = String::new();
    for piece in template.pieces() {
        match piece {
            Piece::Literal(s) => out.push_str(s),
            Piece::Var { name, path } => {
                let base = scope.get(name).cloned().unwrap_or(Value::Null);
                let value = match path {
                    Some(path) => path.get(&base),
                    None => base,
                };
                match value {
                    Value::String(s) => out.push_str(&s),
                    Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                    Value::Number(n) => out.push_str(&n.to_string()),
                    Value::Null => {
                        return Err(Error::endpoint(format!(
                            "template placeholder {{{name}}} refers to an unset value"
                        )))
                    }
                    other => out.push_str(&other.to_string()),
                }
            }
        }
    }
    Ok(out)
}

fn build_endpoint(template: &EndpointTemplate, scope: &mut Scope<'_>) -> Result<Endpoint, Error> {
    let url = match expr(&template.url, scope)? {
        Value::String(s) => s,
        other => {
            return Err(Error::endpoint(format!(
                "endpoint URL must be a string, the rules produced {other}"
            )))
        }
    };
    let mut headers = IndexMap::new();
    for (name, values) in &template.headers {
        let mut rendered = Vec::with_capacity(values.len());
        for value in values {
            rendered.push(match expr(value, scope)? {
                Value::String(s) => s,
                other => other.to_string(),
            });
        }
        headers.insert(name.clone(), rendered);
    }
    let mut properties = Map::new();
    for (name, property) in &template.properties {
        properties.insert(name.clone(), render_property(property, scope)?);
    }
    Ok(Endpoint {
        url,
        headers,
        properties,
    })
}

fn render_property(property: &Property, scope: &Scope<'_>) -> Result<Value, Error> {
    Ok(match property {
        Property::Template(t) => Value::String(render(t, scope)?),
        Property::Literal(v) => v.clone(),
        Property::List(items) => Value::Array(
            items
                .iter()
                .map(|p| render_property(p, scope))
                .collect::<Result<_, _>>()?,
        ),
        Property::Map(map) => Value::Object(
            map.iter()
                .map(|(k, p)| Ok((k.clone(), render_property(p, scope)?)))
                .collect::<Result<_, Error>>()?,
        ),
    })
}
