//! JMESPath expressions evaluated over `serde_json::Value`, as paginator and waiter models
//! write them (`NextMarker || Contents[-1].Key`, `length(Reservations[]) > \`0\``).
//!
//! A [`JmesPath`] checks its syntax once, when it is made, and is `Send + Sync` so it can
//! live in paginators and waiters that cross tasks. Plain paths of fields and indexes, and
//! `||` chains of them (`Contents`, `Stats.Count`, `NextMarker || Contents[-1].Key`), are read
//! straight from the value, which keeps object key order and copies only the result; anything
//! else goes through the `jmespath` crate, which converts the whole value first.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::error::Error;

/// A syntax-checked JMESPath expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JmesPath {
    source: String,
    /// The alternatives of an `||` chain of simple paths without projections (one for a
    /// lone path), when the expression is one.
    simple: Option<Vec<Vec<Step>>>,
}

/// One step of a simple path: a field, an index into a list (negative counts from the
/// end), or a flatten (`[]`), which starts a projection.
#[derive(Debug, Clone, PartialEq, Eq)]
#[doc(hidden)] // for rboto's extension crates; not part of the API
pub enum Step {
    Field(String),
    Index(i64),
    Flatten,
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
            simple: simple_alternatives(expression),
        })
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the expression is a plain dotted path (`A`, `A.B.C`), the only form
    /// [`set`](Self::set) can write to.
    pub fn is_dotted(&self) -> bool {
        self.dotted().is_some()
    }

    /// The identifiers of a plain dotted path, when the expression is one.
    fn dotted(&self) -> Option<Vec<&str>> {
        match self.simple.as_deref() {
            Some([steps]) => steps
                .iter()
                .map(|step| match step {
                    Step::Field(name) => Some(name.as_str()),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    /// Evaluates the expression against `data`; a missing path gives `null`.
    pub fn search(&self, data: &Value) -> Result<Value, Error> {
        self.lookup(data).map(Cow::into_owned)
    }

    /// [`search`](Self::search) without copying what a simple path finds: borrowed from
    /// `data` when the expression is read directly, computed otherwise.
    pub(crate) fn lookup<'v>(&self, data: &'v Value) -> Result<Cow<'v, Value>, Error> {
        const NULL: &Value = &Value::Null;
        if let Some(alternatives) = &self.simple {
            // `a || b`: the first truthy alternative, else the last one's value.
            let mut found = None;
            for steps in alternatives {
                found = walk(steps, data);
                if found.is_some_and(is_truthy) {
                    break;
                }
            }
            return Ok(Cow::Borrowed(found.unwrap_or(NULL)));
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
        serde_json::to_value(&*result)
            .map(Cow::Owned)
            .map_err(|e| fail(&e))
    }

    /// Writes `value` at this dotted path inside `target`, creating objects on the way (a
    /// non-object in the way is replaced). Fails for expressions that are not dotted paths.
    pub fn set(&self, target: &mut Value, value: Value) -> Result<(), Error> {
        let keys = self.dotted().ok_or_else(|| {
            Error::model(format!(
                "cannot write through JMESPath expression {:?}: only dotted paths can be set",
                self.source
            ))
        })?;
        let (last, parents) = keys.split_last().expect("a dotted path has a key");
        let mut current = target;
        for key in parents {
            current = object(current)
                .entry(key.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        object(current).insert(last.to_string(), value);
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

/// Follows `steps` from `data`; `None` where the path leads nowhere (JMESPath's null).
fn walk<'v>(steps: &[Step], data: &'v Value) -> Option<&'v Value> {
    let mut current = data;
    for step in steps {
        current = match step {
            Step::Field(name) => current.as_object()?.get(name)?,
            Step::Index(i) => list_item(current, *i)?,
            Step::Flatten => return None,
        };
    }
    Some(current)
}

/// The element of a list at JMESPath index `i` (negative counts from the end), `None` when
/// `value` is not a list or the index is out of range.
#[doc(hidden)] // for rboto's extension crates; not part of the API
pub fn list_item(value: &Value, i: i64) -> Option<&Value> {
    let items = value.as_array()?;
    items.get(list_index(items.len(), i)?)
}

/// Where JMESPath index `i` falls in a list of `len` elements.
#[doc(hidden)] // for rboto's extension crates; not part of the API
pub fn list_index(len: usize, i: i64) -> Option<usize> {
    let at = if i < 0 {
        len.checked_sub(i.unsigned_abs() as usize)?
    } else {
        i as usize
    };
    (at < len).then_some(at)
}

/// Splits `a || b.c[-1]` into its alternatives when each is a simple path without
/// projections. `None` for anything else.
fn simple_alternatives(expression: &str) -> Option<Vec<Vec<Step>>> {
    expression
        .split("||")
        .map(|alternative| simple_steps(alternative.trim()))
        .map(|steps| steps.filter(|steps| !steps.contains(&Step::Flatten)))
        .collect()
}

/// Splits a simple path into steps: an unquoted identifier, then `.identifier`, `[integer]`
/// and `[]` steps. `None` for anything else (`[*]`, slices, filters, functions, quoting…).
#[doc(hidden)] // for rboto's extension crates; not part of the API
pub fn simple_steps(path: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, mut brackets) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !is_identifier(name) {
            return None;
        }
        steps.push(Step::Field(name.to_string()));
        while let Some(rest) = brackets.strip_prefix('[') {
            let close = rest.find(']')?;
            let index = &rest[..close];
            steps.push(if index.is_empty() {
                Step::Flatten
            } else if index
                .strip_prefix('-')
                .unwrap_or(index)
                .bytes()
                .all(|b| b.is_ascii_digit())
            {
                Step::Index(index.parse().ok()?)
            } else {
                return None;
            });
            brackets = &rest[close + 1..];
        }
        if !brackets.is_empty() {
            return None;
        }
    }
    Some(steps)
}

/// An unquoted JMESPath identifier: a letter or `_`, then letters, digits and `_`.
pub(crate) fn is_identifier(part: &str) -> bool {
    let mut chars = part.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
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
        let data: Value =
            serde_json::from_str(r#"{"Page": {"Items": [{"z": 1, "a": 2}]}}"#).unwrap();
        let found = path.search(&data).unwrap();
        assert_eq!(found, json!([{"z": 1, "a": 2}]));
        // The value found is the one in the data, keys in the order its map keeps them.
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&found[0]), keys(&data["Page"]["Items"][0]));
        assert_eq!(
            JmesPath::new("Page.Missing.Deeper")
                .unwrap()
                .search(&data)
                .unwrap(),
            Value::Null
        );
    }

    #[test]
    fn full_expressions_evaluate_as_jmespath_does() {
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

    /// The direct reading of simple paths and `||` chains answers exactly what the jmespath
    /// crate answers, over values where fields and list entries are missing, null, empty or
    /// of another type.
    #[test]
    fn simple_paths_answer_as_jmespath_does() {
        let expressions = [
            "A",
            "A.B",
            "A[0]",
            "A[-1]",
            "A[-3].B",
            "A[1].B.C",
            "A[0][1]",
            "N || A[-1].B",
            "N || E || A[0]",
            "E || Z",
            "F || A[5]",
            "Z||A",
        ];
        let data = json!({
            "A": [{"B": {"C": 1}}, {"B": {"C": [2, 3]}}, {"B": "x"}],
            "N": null, "E": "", "F": false, "Z": 0, "O": {}, "L": []
        });
        let others = [
            json!({"A": {"B": 1}, "N": "next"}),
            json!({"A": [[1, 2], [3]], "E": [], "F": {}}),
            json!({"A": "text", "N": [], "Z": true}),
            json!(null),
            json!([1, 2]),
        ];
        for expression in expressions {
            let path = JmesPath::new(expression).unwrap();
            assert!(
                path.simple.is_some(),
                "{expression} should be read directly"
            );
            for value in std::iter::once(&data).chain(&others) {
                let compiled = jmespath::compile(expression).unwrap();
                let variable = jmespath::Variable::try_from(value).unwrap();
                let want = serde_json::to_value(&*compiled.search(variable).unwrap()).unwrap();
                assert_eq!(
                    path.search(value).unwrap(),
                    want,
                    "{expression} over {value}"
                );
            }
        }
        for other in [
            "A[]",
            "A[*].B",
            "A[0:1]",
            "length(A)",
            "A[?B]",
            "`1`",
            "A.\"B\"",
            "A &&B",
        ] {
            assert!(JmesPath::new(other).unwrap().simple.is_none(), "{other}");
        }
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
