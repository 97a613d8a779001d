//! The `#n…`/`:v…` placeholders of one request, and the problems found while rendering.
//!
//! Numbering follows boto3's `ConditionExpressionBuilder`: one counter for names and one for
//! values, shared by every expression of the request, a fresh placeholder for every path
//! element and every value (the same name used twice gets two placeholders, as in boto3).

use serde::Serialize;
use serde_json::{Map, Value};

use super::path::{Element, Path};

/// A value already converted to its DynamoDB wire form, or why the conversion failed (reported
/// when the expression is built).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValueSlot(Result<Value, String>);

impl ValueSlot {
    /// Converts `value` with the item codec.
    pub(crate) fn new<T: Serialize + ?Sized>(value: &T) -> ValueSlot {
        ValueSlot(crate::to_attribute_value(value).map_err(|e| e.to_string()))
    }

    /// A value already converted, or the problem that kept it from being built.
    pub(crate) fn from_result(value: Result<Value, String>) -> ValueSlot {
        ValueSlot(value)
    }
}

/// Allocates placeholders and collects problems for one request.
#[derive(Default)]
pub(crate) struct Placeholders {
    /// `#n0` → attribute name, in allocation order.
    pub(crate) names: Map<String, Value>,
    /// `:v0` → attribute value, in allocation order.
    pub(crate) values: Map<String, Value>,
    /// Everything wrong with the input, each naming the expression it is in.
    pub(crate) problems: Vec<String>,
    /// The expression being rendered (`filter`, `update`, …), for problem messages.
    context: &'static str,
}

impl Placeholders {
    /// Names the expression rendered next, for problem messages.
    pub(crate) fn enter(&mut self, context: &'static str) {
        self.context = context;
    }

    /// Records a problem with the expression being rendered.
    pub(crate) fn problem(&mut self, message: impl std::fmt::Display) {
        let problem = format!("{}: {message}", self.context);
        self.problems.push(problem);
    }

    /// Appends `path` with a name placeholder for each of its names (`#n0.#n1[2]`).
    pub(crate) fn path(&mut self, path: &Path, out: &mut String) {
        match path.elements() {
            Ok(elements) => {
                for (i, element) in elements.iter().enumerate() {
                    match element {
                        Element::Name(name) => {
                            if i > 0 {
                                out.push('.');
                            }
                            let placeholder = format!("#n{}", self.names.len());
                            out.push_str(&placeholder);
                            self.names.insert(placeholder, Value::String(name.clone()));
                        }
                        Element::Index(index) => {
                            out.push('[');
                            out.push_str(&index.to_string());
                            out.push(']');
                        }
                    }
                }
            }
            Err(problem) => {
                let problem = problem.to_owned();
                self.problem(problem);
                out.push_str("<invalid path>");
            }
        }
    }

    /// Appends a value placeholder (`:v0`) for `value`; `path` names what it is compared with
    /// or stored in, for the problem message if its conversion failed.
    pub(crate) fn value(&mut self, value: &ValueSlot, path: &Path, out: &mut String) {
        let placeholder = format!(":v{}", self.values.len());
        out.push_str(&placeholder);
        match &value.0 {
            Ok(value) => {
                self.values.insert(placeholder, value.clone());
            }
            Err(error) => {
                self.problem(format_args!(
                    "the value for `{path}` cannot be converted: {error}"
                ));
                self.values.insert(placeholder, Value::Null);
            }
        }
    }
}
