//! Merging pages into one output, as botocore's `build_full_result` does.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::jmes::JmesPath;

/// The output being built from successive pages.
#[derive(Debug)]
pub(crate) struct FullResult {
    result: Value,
}

impl Default for FullResult {
    fn default() -> Self {
        FullResult {
            result: Value::Object(Map::new()),
        }
    }
}

impl FullResult {
    /// Adds one page's result keys: lists are joined, numbers summed, strings concatenated;
    /// a key the page lacks is skipped.
    pub(crate) fn add_page(&mut self, result_keys: &[JmesPath], page: &Value) -> Result<(), Error> {
        for key in result_keys {
            let value = key.search(page)?;
            if value.is_null() {
                continue;
            }
            let merged = match (key.search(&self.result)?, value) {
                (Value::Null, value) => value,
                (Value::Array(mut have), Value::Array(more)) => {
                    have.extend(more);
                    Value::Array(have)
                }
                (Value::Number(have), Value::Number(more)) => add_numbers(&have, &more),
                (Value::String(have), Value::String(more)) => Value::String(have + &more),
                // A type that cannot be combined keeps what the first page said.
                (have, _) => have,
            };
            key.set(&mut self.result, merged)?;
        }
        Ok(())
    }

    /// The merged output, with the first page's non-aggregated keys merged in and the resume
    /// token, when there is one, as `NextToken`.
    pub(crate) fn finish(mut self, non_aggregate: &Value, resume_token: Option<&str>) -> Value {
        merge(&mut self.result, non_aggregate);
        if let (Some(token), Value::Object(map)) = (resume_token, &mut self.result) {
            map.insert("NextToken".into(), Value::String(token.into()));
        }
        self.result
    }
}

fn add_numbers(a: &serde_json::Number, b: &serde_json::Number) -> Value {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => x
            .checked_add(y)
            .map(Value::from)
            .unwrap_or_else(|| Value::from(x as f64 + y as f64)),
        _ => Value::from(a.as_f64().unwrap_or(0.0) + b.as_f64().unwrap_or(0.0)),
    }
}

/// Merges `extra` into `target`: objects merge key by key, anything else replaces.
fn merge(target: &mut Value, extra: &Value) {
    let (Value::Object(target), Value::Object(extra)) = (target, extra) else {
        return;
    };
    for (key, value) in extra {
        match (target.get_mut(key), value) {
            (Some(existing @ Value::Object(_)), Value::Object(_)) => merge(existing, value),
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn joins_lists_sums_counts_and_concatenates_strings() {
        let keys: Vec<JmesPath> = ["Items", "Count", "Log.Text"]
            .iter()
            .map(|k| JmesPath::new(k).unwrap())
            .collect();
        let mut full = FullResult::default();
        full.add_page(
            &keys,
            &json!({"Items": [1], "Count": 1, "Log": {"Text": "a"}}),
        )
        .unwrap();
        full.add_page(&keys, &json!({"Items": [2, 3], "Count": 2}))
            .unwrap();
        full.add_page(
            &keys,
            &json!({"Items": [], "Count": 0, "Log": {"Text": "b"}}),
        )
        .unwrap();
        let out = full.finish(
            &json!({"ConsumedCapacity": {"Units": 1}, "Log": {"Level": "x"}}),
            Some("tok"),
        );
        assert_eq!(
            out,
            json!({
                "Items": [1, 2, 3],
                "Count": 3,
                "Log": {"Text": "ab", "Level": "x"},
                "ConsumedCapacity": {"Units": 1},
                "NextToken": "tok"
            })
        );
    }
}
