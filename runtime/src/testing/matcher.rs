//! Comparing the parameters a call sent with those a test expected, with a wildcard.

use std::fmt::Write as _;

use serde_json::Value;

/// Matches any value where it stands in expected parameters, at any depth:
/// `json!({"Bucket": "logs", "ClientToken": ANY})`. It is a string no call sends (it begins
/// and ends with a NUL character), so it fits in `json!` and in any `Value`.
pub const ANY: &str = "\u{0}rboto::testing::ANY\u{0}";

/// [`ANY`] as a value.
pub(crate) fn any() -> Value {
    Value::String(ANY.to_string())
}

/// Every difference between `expected` and `sent`, one line each, by path (`Contents[0].Key`,
/// `input` for the parameters as a whole): a member only one side has, or two values that
/// differ. `ANY` in `expected` matches anything, a missing member included; `null` counts as
/// absent on both sides, as it does in validation.
pub(crate) fn differences(expected: &Value, sent: &Value) -> Vec<String> {
    let mut found = Vec::new();
    compare(expected, sent, "", &mut found);
    found
}

fn is_any(value: &Value) -> bool {
    matches!(value, Value::String(s) if s == ANY)
}

fn shown(value: &Value) -> String {
    if is_any(value) {
        return "ANY".to_string();
    }
    let text = value.to_string();
    const MAX: usize = 120;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn member_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

fn compare(expected: &Value, sent: &Value, path: &str, found: &mut Vec<String>) {
    if is_any(expected) {
        return;
    }
    let at = if path.is_empty() { "input" } else { path };
    match (expected, sent) {
        (Value::Object(e), Value::Object(s)) => {
            for (name, want) in e.iter().filter(|(_, v)| !v.is_null()) {
                let here = member_path(path, name);
                match s.get(name).filter(|v| !v.is_null()) {
                    Some(got) => compare(want, got, &here, found),
                    None if is_any(want) => {}
                    None => found.push(format!(
                        "{here}: expected {}, but it was not sent",
                        shown(want)
                    )),
                }
            }
            for (name, got) in s.iter().filter(|(_, v)| !v.is_null()) {
                if e.get(name).is_none_or(|v| v.is_null()) {
                    found.push(format!(
                        "{}: not expected, but sent {}",
                        member_path(path, name),
                        shown(got)
                    ));
                }
            }
        }
        (Value::Array(e), Value::Array(s)) => {
            for (i, (want, got)) in e.iter().zip(s).enumerate() {
                compare(want, got, &format!("{path}[{i}]"), found);
            }
            if e.len() != s.len() {
                let mut line = format!(
                    "{at}: expected {} items, but {} were sent",
                    e.len(),
                    s.len()
                );
                if s.len() > e.len() {
                    let _ = write!(line, " (the extra: {})", shown(&Value::from(&s[e.len()..])));
                }
                found.push(line);
            }
        }
        (Value::Number(e), Value::Number(s)) if e.as_f64() == s.as_f64() => {}
        _ if expected == sent => {}
        _ => found.push(format!(
            "{at}: expected {}, but sent {}",
            shown(expected),
            shown(sent)
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn equal_values_have_no_differences_and_any_matches_at_any_depth() {
        let sent =
            json!({"Bucket": "b", "Delete": {"Objects": [{"Key": "a"}, {"Key": "b"}]}, "N": 3});
        assert!(differences(&sent, &sent).is_empty());
        let expected = json!({"Bucket": ANY, "Delete": {"Objects": [{"Key": "a"}, ANY]}, "N": 3.0});
        assert!(differences(&expected, &sent).is_empty());
        assert!(differences(
            &json!({"Bucket": "b", "Token": ANY}),
            &json!({"Bucket": "b"})
        )
        .is_empty());
    }

    #[test]
    fn every_difference_is_named_by_its_path() {
        let expected = json!({"Bucket": "logs", "Prefix": "2026/", "Tags": [{"Key": "a"}]});
        let sent = json!({"Bucket": "logz", "MaxKeys": 5, "Tags": [{"Key": "b"}, {"Key": "c"}]});
        assert_eq!(
            differences(&expected, &sent),
            [
                "Bucket: expected \"logs\", but sent \"logz\"",
                "Prefix: expected \"2026/\", but it was not sent",
                "Tags[0].Key: expected \"a\", but sent \"b\"",
                "Tags: expected 1 items, but 2 were sent (the extra: [{\"Key\":\"c\"}])",
                "MaxKeys: not expected, but sent 5",
            ]
        );
    }
}
