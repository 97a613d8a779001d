//! The JMESPath of resource definitions (`Contents[].Key`, `Reservations[0].Instances[0]`,
//! `Reservations[].Instances[]`), evaluated by reference, so a page of a thousand objects
//! is not copied into another representation and back for every identifier.
//!
//! Only fields, indexes and flattens are read here; anything else
//! (multiselect lists with pipes, `@`, functions) goes to the full JMESPath engine with the
//! same result.

use serde_json::Value;

use rboto_runtime::error::Error;
use rboto_runtime::jmes::{list_index, list_item, simple_steps, JmesPath, Step};

/// Evaluates a definition's JMESPath against `data`.
pub(crate) fn search(path: &str, data: &Value) -> Result<Value, Error> {
    match simple_steps(path) {
        Some(steps) => Ok(evaluate(&steps, data)),
        None => JmesPath::new(path)?.search(data),
    }
}

/// [`search`] for a value the caller gives up: what the path selects is moved out of `data`
/// instead of copied.
pub(crate) fn take(path: &str, data: Value) -> Result<Value, Error> {
    match simple_steps(path) {
        Some(steps) => Ok(evaluate_owned(&steps, data)),
        None => JmesPath::new(path)?.search(&data),
    }
}

/// Where evaluation stands: one value, or the elements of a projection.
enum State<'v> {
    One(Option<&'v Value>),
    Projection(Vec<&'v Value>),
}

fn evaluate(steps: &[Step], data: &Value) -> Value {
    let mut state = State::One(Some(data));
    for step in steps {
        state = match (state, step) {
            (State::One(v), Step::Field(name)) => State::One(v.and_then(|v| v.get(name.as_str()))),
            (State::One(v), Step::Index(i)) => State::One(v.and_then(|v| list_item(v, *i))),
            (State::One(v), Step::Flatten) => match v {
                Some(Value::Array(items)) => State::Projection(flatten(items.iter())),
                _ => State::One(None),
            },
            (State::Projection(items), Step::Field(name)) => {
                State::Projection(keep(items.into_iter().map(|v| v.get(name.as_str()))))
            }
            (State::Projection(items), Step::Index(i)) => {
                State::Projection(keep(items.into_iter().map(|v| list_item(v, *i))))
            }
            (State::Projection(items), Step::Flatten) => {
                State::Projection(flatten(items.into_iter()))
            }
        };
    }
    match state {
        State::One(v) => v.cloned().unwrap_or(Value::Null),
        State::Projection(items) => Value::Array(items.into_iter().cloned().collect()),
    }
}

/// [`evaluate`] over an owned value, step for step the same, moving instead of borrowing.
fn evaluate_owned(steps: &[Step], data: Value) -> Value {
    enum Owned {
        One(Value),
        Projection(Vec<Value>),
    }
    let field = |value: Value, name: &str| match value {
        Value::Object(mut map) => map.remove(name).unwrap_or(Value::Null),
        _ => Value::Null,
    };
    let index = |value: Value, i: i64| match value {
        Value::Array(mut items) => match list_index(items.len(), i) {
            Some(at) => items.swap_remove(at),
            None => Value::Null,
        },
        _ => Value::Null,
    };
    fn kept(items: impl Iterator<Item = Value>) -> Vec<Value> {
        items.filter(|v| !v.is_null()).collect()
    }
    let mut state = Owned::One(data);
    for step in steps {
        state = match (state, step) {
            (Owned::One(v), Step::Field(name)) => Owned::One(field(v, name)),
            (Owned::One(v), Step::Index(i)) => Owned::One(index(v, *i)),
            (Owned::One(v), Step::Flatten) => match v {
                Value::Array(items) => Owned::Projection(flatten_owned(items)),
                _ => Owned::One(Value::Null),
            },
            (Owned::Projection(items), Step::Field(name)) => {
                Owned::Projection(kept(items.into_iter().map(|v| field(v, name))))
            }
            (Owned::Projection(items), Step::Index(i)) => {
                Owned::Projection(kept(items.into_iter().map(|v| index(v, *i))))
            }
            (Owned::Projection(items), Step::Flatten) => Owned::Projection(flatten_owned(items)),
        };
    }
    match state {
        Owned::One(v) => v,
        Owned::Projection(items) => Value::Array(items),
    }
}

/// [`flatten`] over owned values.
fn flatten_owned(items: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::Array(inner) => out.extend(inner.into_iter().filter(|v| !v.is_null())),
            Value::Null => {}
            other => out.push(other),
        }
    }
    out
}

/// A projection keeps the elements that are not null.
fn keep<'v>(items: impl Iterator<Item = Option<&'v Value>>) -> Vec<&'v Value> {
    items.flatten().filter(|v| !v.is_null()).collect()
}

/// Flattens one level: lists are spliced in, other values kept, nulls dropped.
fn flatten<'v>(items: impl Iterator<Item = &'v Value>) -> Vec<&'v Value> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Value::Array(inner) => out.extend(inner.iter().filter(|v| !v.is_null())),
            Value::Null => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn both(path: &str, data: &Value) -> (Value, Value) {
        let full = JmesPath::new(path).unwrap();
        // Force the engine even for dotted paths by wrapping in a no-op pipe.
        let engine = JmesPath::new(&format!("{} | @", full.as_str()))
            .unwrap()
            .search(data)
            .unwrap();
        (search(path, data).unwrap(), engine)
    }

    #[test]
    fn simple_paths_agree_with_the_jmespath_engine() {
        let data = json!({
            "Contents": [{"Key": "a", "Size": 1}, {"Key": "b"}, {"Size": 3}, null],
            "Reservations": [
                {"Instances": [{"InstanceId": "i-1", "Tags": [{"Key": "k"}]}, {"InstanceId": "i-2"}]},
                {"Instances": []},
                {"Other": 1},
                {"Instances": [{"InstanceId": "i-3"}, null]}
            ],
            "Nested": [[1, 2], 3, [null, [4]]],
            "Scalar": "x",
            "Queue": {"Url": "u"}
        });
        let paths = [
            "Contents[].Key",
            "Contents[]",
            "Contents[0]",
            "Contents[1].Key",
            "Contents[9].Key",
            "Contents[-1]",
            "Contents[-2].Key",
            "Contents[-9].Key",
            "Reservations[].Instances[-1].InstanceId",
            "Reservations[-1].Instances[]",
            "Reservations[].Instances[].InstanceId",
            "Reservations[].Instances[]",
            "Reservations[0].Instances[0]",
            "Reservations[].Instances[0].InstanceId",
            "Reservations[].Instances[].Tags[].Key",
            "Nested[]",
            "Nested[][]",
            "Scalar[]",
            "Scalar.Deeper",
            "Missing[].Key",
            "Missing",
            "Queue.Url",
        ];
        for path in paths {
            assert!(simple_steps(path).is_some(), "{path} is simple");
            let (fast, engine) = both(path, &data);
            assert_eq!(fast, engine, "{path}");
            assert_eq!(take(path, data.clone()).unwrap(), engine, "{path}, moved");
        }
    }

    #[test]
    fn other_expressions_go_to_the_engine() {
        let data = json!({
            "Versions": [{"Key": "a"}], "DeleteMarkers": [{"Key": "b"}]
        });
        for path in [
            "[Versions,DeleteMarkers]|[].Key",
            "@",
            "Contents[+1]",
            "Contents[-]",
            "a.\"b\"",
            "a.[b]",
            "a[?b]",
            "a[*].b",
        ] {
            assert!(simple_steps(path).is_none(), "{path} is not simple");
        }
        assert_eq!(
            search("[Versions,DeleteMarkers]|[].Key", &data).unwrap(),
            json!(["a", "b"])
        );
        assert_eq!(search("@", &data).unwrap(), data);
    }
}
