//! Input values of the rules engine: one [`ParamValue`] per rule-set parameter name.

use indexmap::IndexMap;
use serde_json::Value;

/// The value of one endpoint rule-set parameter.
///
/// Rule sets declare three parameter types: `string`, `boolean` and `stringArray`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamValue {
    /// A `string` parameter.
    String(String),
    /// A `boolean` parameter.
    Bool(bool),
    /// A `stringArray` parameter.
    StringArray(Vec<String>),
}

impl ParamValue {
    /// Reads a JSON value: strings, booleans and arrays of strings convert; `null` and
    /// anything else (numbers, objects, mixed arrays) give `None`.
    pub fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(ParamValue::String(s.clone())),
            Value::Bool(b) => Some(ParamValue::Bool(*b)),
            Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(ParamValue::StringArray),
            _ => None,
        }
    }

    /// The value as JSON, the form the evaluator works on.
    pub fn to_json(&self) -> Value {
        match self {
            ParamValue::String(s) => Value::String(s.clone()),
            ParamValue::Bool(b) => Value::Bool(*b),
            ParamValue::StringArray(items) => {
                Value::Array(items.iter().cloned().map(Value::String).collect())
            }
        }
    }

    /// The string, if this is a `string` value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ParamValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is a `boolean` value.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            ParamValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::String(value.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::String(value)
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(value: Vec<String>) -> Self {
        ParamValue::StringArray(value)
    }
}

/// The parameters one endpoint resolution runs with, by rule-set parameter name
/// (`Region`, `UseFIPS`, `Bucket`, …).
///
/// Parameters left out take the rule set's default when it declares one; a required
/// parameter without a value or default makes resolution fail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointParams {
    values: IndexMap<String, ParamValue>,
}

impl EndpointParams {
    /// No parameters set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a parameter, replacing an earlier value.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<ParamValue>) -> &mut Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// Sets a parameter, builder style.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<ParamValue>) -> Self {
        self.set(name, value);
        self
    }

    /// Removes a parameter.
    pub fn remove(&mut self, name: &str) -> Option<ParamValue> {
        self.values.shift_remove(name)
    }

    /// The value of a parameter, if set.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values.get(name)
    }

    /// Every parameter set, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ParamValue)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of parameters set.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Reads a JSON object of parameters (the `params` of botocore's endpoint test cases).
    /// Members that are `null` are left unset; other values that are not a string, boolean
    /// or array of strings are reported by name.
    pub fn from_json(object: &Value) -> Result<Self, crate::Error> {
        let map = object
            .as_object()
            .ok_or_else(|| crate::Error::endpoint("endpoint parameters must be a JSON object"))?;
        let mut params = EndpointParams::new();
        for (name, value) in map {
            if value.is_null() {
                continue;
            }
            let value = ParamValue::from_json(value).ok_or_else(|| {
                crate::Error::endpoint(format!(
                    "endpoint parameter {name} must be a string, boolean or list of strings"
                ))
            })?;
            params.set(name.clone(), value);
        }
        Ok(params)
    }
}

impl<K: Into<String>, V: Into<ParamValue>> FromIterator<(K, V)> for EndpointParams {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut params = EndpointParams::new();
        for (k, v) in iter {
            params.set(k, v);
        }
        params
    }
}
