//! JMESPath expressions evaluated over `serde_json::Value`, as paginator and waiter models
//! write them (`NextMarker || Contents[-1].Key`, `length(Reservations[]) > \`0\``).
//!
//! A [`JmesPath`] checks its syntax once, when it is made, and is `Send + Sync` so it can
//! live in paginators and waiters that cross tasks. Plain dotted paths (`Contents`,
//! `Stats.Count`) are read straight from the value, which keeps object key order; anything
//! else goes through the `jmespath` crate.

use serde_json::{Map, Value};

use crate::error::Error;

/// A syntax-checked JMESPath expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JmesPath {
    source: String,
    /// The identifiers of a plain dotted path, when the expression is one.
    dotted: Option<Vec<String>>,
}

impl JmesPath {
    /// Checks an expression's syntax; a bad expression is a model error naming it.
    pub fn new(expression: &str) -> Result<Self, Error> {
        Self::parse(expression).map_err(Error::model)
    }

    /// Checks an expression's syntax, saying what is wrong in plain text.
    pub(crate) fn parse(expression: &str) -> Result<Self, String> {
        jmespath::compile(expression)
            .map_err(|e| format!("bad JMESPath expression {expression:?}: {e}"))?;
        Ok(JmesPath {
            source: expression.to_string(),
            dotted: dotted_identifiers(expression),
        })
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the expression is a plain dotted path (`A`, `A.B.C`), the only form
    /// [`set`](Self::set) can write to.
    pub fn is_dotted(&self) -> bool {
        self.dotted.is_some()
    }

    /// Evaluates the expression against `data`; a missing path gives `null`.
    pub fn search(&self, data: &Value) -> Result<Value, Error> {
        if let Some(keys) = &self.dotted {
            let mut current = data;
            for key in keys {
                match current.get(key) {
                    Some(next) => current = next,
                    None => return Ok(Value::Null),
                }
            }
            return Ok(current.clone());
        }
        let fail = |e: &dyn std::fmt::Display| {
            Error::response(format!(
                "cannot evaluate JMESPath expression {:?}: {e}",
                self.source
            ))
        };
        let expression = jmespath::compile(&self.source).map_err(|e| fail(&e))?;
        let data = jmespath::Variable::try_from(data).map_err(|e| fail(&e))?;
        let result = expression.search(data).map_err(|e| fail(&e))?;
        serde_json::to_value(&*result).map_err(|e| fail(&e))
    }

    /// Writes `value` at this dotted path inside `target`, creating objects on the way (a
    /// non-object in the way is replaced). Fails for expressions that are not dotted paths.
    pub fn set(&self, target: &mut Value, value: Value) -> Result<(), Error> {
        let keys = self.dotted.as_ref().ok_or_else(|| {
            Error::model(format!(
                "cannot write through JMESPath expression {:?}: only dotted paths can be set",
                self.source
            ))
        })?;
        let (last, parents) = keys.split_last().expect("a dotted path has a key");
        let mut current = target;
        for key in parents {
            current = object(current)
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        object(current).insert(last.clone(), value);
        Ok(())
    }
}

/// The object inside `value`, turning `value` into an empty object first if it is not one.
fn object(value: &mut Value) -> &mut Map<String, Value> {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    match value {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}

/// Splits `A.B.C` into identifiers when every part is an unquoted JMESPath identifier.
fn dotted_identifiers(expression: &str) -> Option<Vec<String>> {
    let is_identifier = |part: &str| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let parts: Vec<&str> = expression.split('.').collect();
    parts
        .iter()
        .all(|p| is_identifier(p))
        .then(|| parts.iter().map(|p| p.to_string()).collect())
}

/// JSON equality as JMESPath and Python see it: numbers compare by value, so `1` equals
/// `1.0`.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Whether JMESPath counts a value as true: not null, false, an empty string, list or object.
pub fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn dotted_paths_are_read_directly_and_keep_key_order() {
        let path = JmesPath::new("Page.Items").unwrap();
        assert!(path.is_dotted());
        let data = json!({"Page": {"Items": [{"z": 1, "a": 2}]}});
        let found = path.search(&data).unwrap();
        assert_eq!(found, json!([{"z": 1, "a": 2}]));
        let keys: Vec<_> = found[0].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a"]);
        assert_eq!(
            JmesPath::new("Page.Missing.Deeper")
                .unwrap()
                .search(&data)
                .unwrap(),
            Value::Null
        );
    }

    #[test]
    fn full_expressions_go_through_jmespath() {
        let cases = [
            (
                "NextMarker || Contents[-1].Key",
                json!({"Contents": [{"Key": "a"}, {"Key": "b"}]}),
                json!("b"),
            ),
            (
                "NextMarker || Contents[-1].Key",
                json!({"NextMarker": "m", "Contents": [{"Key": "a"}]}),
                json!("m"),
            ),
            (
                "length(Reservations[]) > `0`",
                json!({"Reservations": [{"Instances": []}]}),
                json!(true),
            ),
            (
                "Reservations[].Instances[].State.Name",
                json!({"Reservations": [{"Instances": [{"State": {"Name": "running"}}]},
                                        {"Instances": [{"State": {"Name": "pending"}}]}]}),
                json!(["running", "pending"]),
            ),
            ("Table.TableStatus", json!({}), Value::Null),
        ];
        for (expression, data, expected) in cases {
            let path = JmesPath::new(expression).unwrap();
            assert_eq!(path.search(&data).unwrap(), expected, "{expression}");
        }
        assert!(!JmesPath::new("a || b").unwrap().is_dotted());
    }

    #[test]
    fn bad_syntax_is_a_model_error() {
        let err = JmesPath::new("Contents[").unwrap_err();
        assert!(err.is_model(), "{err}");
        assert!(err.to_string().contains("Contents["));
    }

    #[test]
    fn set_creates_the_path() {
        let mut target = json!({"Other": 1});
        JmesPath::new("Stats.Count")
            .unwrap()
            .set(&mut target, json!(3))
            .unwrap();
        assert_eq!(target, json!({"Other": 1, "Stats": {"Count": 3}}));
        assert!(JmesPath::new("a[0]")
            .unwrap()
            .set(&mut target, json!(1))
            .is_err());
    }

    #[test]
    fn equality_compares_numbers_by_value() {
        assert!(json_eq(&json!(1), &json!(1.0)));
        assert!(json_eq(&json!({"a": [1, "x"]}), &json!({"a": [1.0, "x"]})));
        assert!(!json_eq(&json!(1), &json!("1")));
        assert!(!json_eq(&json!([1]), &json!([1, 2])));
    }
}
