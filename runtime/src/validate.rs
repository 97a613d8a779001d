//! Checking parameters against an operation's input shape before anything is sent.
//!
//! [`validate_input`] makes the checks botocore's parameter validator makes, and no others,
//! so a call that botocore would send is sent here too:
//!
//! - every member must be known to its structure, and every required member present;
//! - every value must have its shape's type (integers must be whole numbers, doubles any
//!   number or one of the special-float strings, blobs base64 text, timestamps epoch seconds
//!   or a parseable date string; unlike Python, a boolean is not an integer);
//! - strings and lists must not be shorter than their shape's `min`, numbers not below it
//!   (members bound to a host label have an implicit minimum length of 1);
//! - a union must have exactly one member set.
//!
//! Like botocore it checks neither `max` nor `enum` nor `pattern`: services evolve faster
//! than models, and the service itself has the last word. Document members take any JSON.
//!
//! Conventions of the `Value` form (see [`crate::protocol`]): a member set to `null` counts as
//! absent; an operation's streaming payload member may be left out because it is supplied as
//! a byte stream; a required idempotency-token member may be left out because the client fills
//! it with a fresh UUID.
//!
//! Every problem is collected, each as `path: what is wrong`, where the path names the
//! parameter the way a reader would write it: `Item.id.S`, `Tags[0].Key`, `Attributes.Policy`
//! (a map value), `input` for the parameters as a whole.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::model::{Operation, ServiceDefinition, Shape, ShapeRef, ShapeType};
use crate::protocol::{blob, timestamp};

/// Checks `params` against `operation`'s input shape, reporting every problem at once.
///
/// `null` is accepted as "no parameters". An operation without an input shape accepts only
/// `{}` or `null`.
pub fn validate_input(
    service: &ServiceDefinition,
    operation: &Operation,
    params: &Value,
) -> Result<(), Error> {
    let mut checker = Checker::new(service);
    match &operation.input {
        Some(input) => checker.input(input, params),
        None => checker.no_input(&operation.name, params),
    }
    checker.verdict()
}

/// Checks one value against a shape of the model as [`validate_input`] checks a member of
/// that shape, naming each problem under `name`: for a value that travels in a request
/// written some other way (the DynamoDB batch writer's requests), checked before it is
/// accepted.
#[doc(hidden)] // for rboto's extension crates; not part of the API
pub fn validate_value(
    service: &ServiceDefinition,
    shape: &ShapeRef,
    value: &Value,
    name: &str,
) -> Result<(), Error> {
    let mut checker = Checker::new(service);
    checker.value(shape, value, &Path::Member(&Path::Root, name));
    checker.verdict()
}

/// Checks `value` against the structure `shape` names as [`validate_input`] checks
/// parameters (an omitted streaming payload member is fine), accepting any value equal to
/// `wildcard` (when given) wherever it stands: for test doubles that check stubbed outputs and expected
/// parameters, where a wildcard matches anything the call sends.
#[cfg(feature = "testing")]
pub(crate) fn validate_shape_with_wildcard(
    service: &ServiceDefinition,
    shape: &ShapeRef,
    value: &Value,
    wildcard: Option<&Value>,
) -> Result<(), Error> {
    let mut checker = Checker::new(service);
    checker.wildcard = wildcard;
    checker.input(shape, value);
    checker.verdict()
}

/// Walks a value alongside its shape, collecting problems.
struct Checker<'a> {
    service: &'a ServiceDefinition,
    problems: Vec<String>,
    /// A value accepted in place of any other (see `validate_shape_with_wildcard`).
    wildcard: Option<&'a Value>,
}

/// The name under which the parameters as a whole are reported.
const ROOT: &str = "input";

impl<'a> Checker<'a> {
    fn new(service: &'a ServiceDefinition) -> Self {
        Checker {
            service,
            problems: Vec::new(),
            wildcard: None,
        }
    }

    /// Every problem found, as one validation error; `Ok` when there were none.
    fn verdict(self) -> Result<(), Error> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(self.problems))
        }
    }

    fn report(&mut self, path: &Path<'_>, problem: impl std::fmt::Display) {
        let path = path.to_string();
        let path = if path.is_empty() { ROOT } else { &path };
        self.problems.push(format!("{path}: {problem}"));
    }

    fn shape(&mut self, path: &Path<'_>, shape_ref: &ShapeRef) -> Option<&'a Shape> {
        let shape = self.service.shape_of(shape_ref);
        if shape.is_none() {
            self.report(
                path,
                format_args!("the model has no shape named {:?}", shape_ref.shape),
            );
        }
        shape
    }

    fn no_input(&mut self, operation: &str, params: &Value) {
        match params {
            Value::Null => {}
            Value::Object(map) => {
                for key in map.keys() {
                    self.report(
                        &Path::Member(&Path::Root, key),
                        format_args!(
                            "unknown parameter, operation {operation} takes no parameters"
                        ),
                    );
                }
            }
            other => self.report(
                &Path::Root,
                format_args!(
                    "expected an empty object (operation {operation} takes no parameters), got {}",
                    describe(other, false)
                ),
            ),
        }
    }

    fn input(&mut self, input: &ShapeRef, params: &Value) {
        let Some(shape) = self.shape(&Path::Root, input) else {
            return;
        };
        let empty = Value::Object(Map::new());
        let params = if params.is_null() { &empty } else { params };
        let streaming_payload = shape
            .payload
            .as_deref()
            .filter(|name| self.is_streaming_member(shape, name));
        self.structure(shape, params, &Path::Root, streaming_payload);
    }

    fn is_streaming_member(&self, shape: &Shape, name: &str) -> bool {
        shape.members.get(name).is_some_and(|member| {
            member.streaming
                || self
                    .service
                    .shape_of(member)
                    .is_some_and(|s| s.streaming || s.eventstream)
        })
    }

    fn value(&mut self, shape_ref: &ShapeRef, value: &Value, path: &Path<'_>) {
        if self.wildcard == Some(value) {
            return;
        }
        let Some(shape) = self.shape(path, shape_ref) else {
            return;
        };
        if shape.document || is_json_header(shape_ref, shape) {
            return;
        }
        let sensitive = shape.sensitive;
        let min = minimum(shape_ref, shape);
        match shape.kind {
            ShapeType::Structure => self.structure(shape, value, path, None),
            ShapeType::List => self.list(shape, value, path),
            ShapeType::Map => self.map(shape, value, path),
            ShapeType::String | ShapeType::Character => match value {
                Value::String(s) => self.min_chars(path, s, min),
                other => self.wrong_type(path, "string", other, sensitive),
            },
            ShapeType::Integer | ShapeType::Long | ShapeType::Byte | ShapeType::Short => {
                match value {
                    Value::Number(n) if n.is_i64() || n.is_u64() => {
                        self.min_value(path, n.as_f64(), min, value)
                    }
                    other => self.wrong_type(path, "integer", other, sensitive),
                }
            }
            ShapeType::Double | ShapeType::Float | ShapeType::BigDecimal => match value {
                Value::Number(n) => self.min_value(path, n.as_f64(), min, value),
                Value::String(s) if is_special_float(s) => {}
                other => self.wrong_type(path, "number", other, sensitive),
            },
            ShapeType::Boolean => {
                if !value.is_boolean() {
                    self.wrong_type(path, "boolean", value, sensitive);
                }
            }
            ShapeType::Blob => match value {
                Value::String(_) if blob::from_param(value).is_ok() => {}
                Value::String(_) => self.report(
                    path,
                    "expected base64-encoded bytes, got a string that is not valid base64",
                ),
                other => self.wrong_type(path, "base64-encoded bytes", other, sensitive),
            },
            ShapeType::Timestamp => {
                if timestamp::from_param(value).is_err() {
                    self.wrong_type(
                        path,
                        "timestamp (epoch seconds or a date string)",
                        value,
                        sensitive,
                    );
                }
            }
            ShapeType::Document => {}
        }
    }

    fn structure(
        &mut self,
        shape: &Shape,
        value: &Value,
        path: &Path<'_>,
        streaming_payload: Option<&str>,
    ) {
        let Value::Object(params) = value else {
            self.wrong_type(path, "object", value, shape.sensitive);
            return;
        };
        let set = |name: &String| params.get(name).is_some_and(|v| !v.is_null());
        if shape.union {
            // The members set, in the union's model order (unknown names last).
            let mut chosen: Vec<&str> = params
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, _)| k.as_str())
                .collect();
            chosen.sort_by_key(|name| shape.members.get_index_of(*name).unwrap_or(usize::MAX));
            match chosen.len() {
                0 => self.report(
                    path,
                    format_args!(
                        "union must have exactly one member set, got none; set one of: {}",
                        join_names(shape.members.keys())
                    ),
                ),
                1 => {}
                _ => self.report(
                    path,
                    format_args!(
                        "union must have exactly one member set, got {} ({})",
                        chosen.len(),
                        chosen.join(", ")
                    ),
                ),
            }
        }
        for required in &shape.required {
            let exempt = streaming_payload == Some(required.as_str())
                || shape
                    .members
                    .get(required)
                    .is_some_and(|m| m.idempotency_token);
            if !set(required) && !exempt {
                self.report(&Path::Member(path, required), "missing required member");
            }
        }
        for name in params.keys() {
            if !shape.members.contains_key(name) {
                let valid = if shape.members.is_empty() {
                    "none".to_string()
                } else {
                    join_names(shape.members.keys())
                };
                self.report(
                    &Path::Member(path, name),
                    format_args!("unknown parameter, valid parameters: {valid}"),
                );
            }
        }
        // Problems come in the model's member order, whatever order the caller's map keeps.
        let mut present: Vec<_> = params
            .iter()
            .filter(|(_, value)| !value.is_null())
            .filter_map(|(name, value)| {
                let (index, _, member) = shape.members.get_full(name.as_str())?;
                Some((index, name, member, value))
            })
            .collect();
        present.sort_unstable_by_key(|&(index, ..)| index);
        for (_, name, member, member_value) in present {
            self.value(member, member_value, &Path::Member(path, name));
        }
    }

    fn list(&mut self, shape: &Shape, value: &Value, path: &Path<'_>) {
        let Value::Array(items) = value else {
            self.wrong_type(path, "list", value, shape.sensitive);
            return;
        };
        self.min_length(path, items.len(), shape.min);
        let Some(member) = shape.member.as_deref() else {
            return;
        };
        for (i, item) in items.iter().enumerate() {
            self.value(member, item, &Path::Item(path, i));
        }
    }

    fn map(&mut self, shape: &Shape, value: &Value, path: &Path<'_>) {
        let Value::Object(entries) = value else {
            self.wrong_type(path, "object", value, shape.sensitive);
            return;
        };
        for (key, entry) in entries {
            if let Some(key_ref) = shape.key.as_deref() {
                self.key(key_ref, key, &Path::Key(path, key));
            }
            if let Some(value_ref) = shape.value.as_deref() {
                self.value(value_ref, entry, &Path::Member(path, key));
            }
        }
    }

    /// A map key: a string on the wire, checked in place when its shape is a string (as it
    /// nearly always is), so the keys of every item are not copied to be checked.
    fn key(&mut self, shape_ref: &ShapeRef, key: &str, path: &Path<'_>) {
        match self.shape(path, shape_ref) {
            Some(shape) if matches!(shape.kind, ShapeType::String | ShapeType::Character) => {
                self.min_chars(path, key, minimum(shape_ref, shape));
            }
            Some(_) => self.value(shape_ref, &Value::String(key.to_owned()), path),
            None => {}
        }
    }

    /// A string's minimum length in characters, counted only when the shape sets one.
    fn min_chars(&mut self, path: &Path<'_>, text: &str, min: Option<f64>) {
        if min.is_some() {
            self.min_length(path, text.chars().count(), min);
        }
    }

    fn min_length(&mut self, path: &Path<'_>, len: usize, min: Option<f64>) {
        if let Some(min) = min {
            if (len as f64) < min {
                self.report(
                    path,
                    format_args!("expected length at least {}, got length {len}", Number(min)),
                );
            }
        }
    }

    fn min_value(&mut self, path: &Path<'_>, number: Option<f64>, min: Option<f64>, value: &Value) {
        if let (Some(n), Some(min)) = (number, min) {
            if n < min {
                self.report(
                    path,
                    format_args!("expected a value of at least {}, got {value}", Number(min)),
                );
            }
        }
    }

    fn wrong_type(&mut self, path: &Path<'_>, expected: &str, got: &Value, sensitive: bool) {
        self.report(
            path,
            format_args!("expected {expected}, got {}", describe(got, sensitive)),
        );
    }
}

/// A model bound printed without a needless `.0`.
struct Number(f64);

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// A string member sent as base64 JSON in a header: it takes any JSON value, which is
/// serialized for it (botocore's `jsonvalue` header rule).
fn is_json_header(shape_ref: &ShapeRef, shape: &Shape) -> bool {
    (shape_ref.jsonvalue || shape.jsonvalue)
        && shape.kind == ShapeType::String
        && shape_ref.location.as_deref() == Some("header")
}

/// The smallest length or value allowed: the shape's `min`, else 1 for a member that fills a
/// host label (an empty label would make a bad host name).
fn minimum(shape_ref: &ShapeRef, shape: &Shape) -> Option<f64> {
    shape.min.or(shape_ref.host_label.then_some(1.0))
}

fn is_special_float(s: &str) -> bool {
    matches!(s, "NaN" | "Infinity" | "-Infinity")
}

/// Where a problem lies, built only when one is reported: a chain of stack frames, so checking
/// a value allocates nothing for it. Shown as `a.b[0].c`, a map key as `m (key "k")`.
enum Path<'p> {
    Root,
    Member(&'p Path<'p>, &'p str),
    Item(&'p Path<'p>, usize),
    Key(&'p Path<'p>, &'p str),
}

impl Path<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Path::Root => true,
            Path::Member(parent, name) => name.is_empty() && parent.is_empty(),
            Path::Item(..) | Path::Key(..) => false,
        }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Member(parent, name) if parent.is_empty() => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Item(parent, i) => write!(f, "{parent}[{i}]"),
            Path::Key(parent, key) => write!(f, "{parent} (key {key:?})"),
        }
    }
}

fn join_names<'n>(names: impl Iterator<Item = &'n String>) -> String {
    names.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// Longest string shown verbatim in a message; longer ones are cut.
const MAX_SHOWN_CHARS: usize = 40;

/// Shows a rejected value: scalars as JSON (long strings cut), containers by kind, and
/// nothing but the kind for a sensitive shape.
fn describe(value: &Value, sensitive: bool) -> String {
    match value {
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        Value::Null => "null".into(),
        Value::Bool(_) if sensitive => "a boolean".into(),
        Value::Number(_) if sensitive => "a number".into(),
        Value::String(_) if sensitive => "a string".into(),
        Value::String(s) if s.chars().count() > MAX_SHOWN_CHARS => {
            let cut: String = s.chars().take(MAX_SHOWN_CHARS).collect();
            format!("{:?}", format!("{cut}…"))
        }
        scalar => scalar.to_string(),
    }
}

#[cfg(test)]
mod tests;
