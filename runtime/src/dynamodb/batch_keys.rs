//! Checks and key handling shared by the batch writer and the batch getter: attribute
//! values shaped as DynamoDB's wire form, key attributes present and scalar, an item's
//! size bounded, and a key's identity for finding duplicates.

use serde_json::Value;

use super::AttributeMap;

/// The attribute value types of DynamoDB's wire form.
const VALUE_TYPES: [&str; 10] = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"];

/// The types a key attribute may have.
const KEY_TYPES: [&str; 3] = ["S", "N", "B"];

/// DynamoDB's largest item: 400 KB, attribute names included.
pub(crate) const MAX_ITEM_BYTES: usize = 400 * 1024;

/// Adds a problem for each top-level attribute of `item` that is not one attribute value
/// (`{"S": "..."}`, `{"N": "1"}`, ...), naming it under `what`.
pub(crate) fn check_attribute_values(what: &str, item: &AttributeMap, problems: &mut Vec<String>) {
    for (name, value) in item {
        let shape_ok = value
            .as_object()
            .is_some_and(|v| v.len() == 1 && v.keys().all(|k| VALUE_TYPES.contains(&k.as_str())));
        if !shape_ok {
            problems.push(format!(
                "{what}: attribute {name:?} is {value}, not an attribute value such as \
                 {{\"S\": \"text\"}} (use to_item to convert a Rust value)"
            ));
        }
    }
}

/// Adds a problem for each of `key_names` missing from `map` or not of type S, N or B,
/// and, when `exact`, for each attribute of `map` that is not a key attribute.
pub(crate) fn check_key_attributes(
    what: &str,
    map: &AttributeMap,
    key_names: &[String],
    exact: bool,
    problems: &mut Vec<String>,
) {
    for name in key_names {
        match map.get(name).and_then(Value::as_object) {
            None => problems.push(format!(
                "{what}: key attribute {name:?} is missing (the table's key is {})",
                key_names.join(", ")
            )),
            Some(value) => {
                if !value.keys().all(|k| KEY_TYPES.contains(&k.as_str())) {
                    problems.push(format!(
                        "{what}: key attribute {name:?} must be a string, number or binary \
                         (S, N or B), not {}",
                        Value::Object(value.clone())
                    ));
                }
            }
        }
    }
    if exact {
        for name in map.keys().filter(|n| !key_names.contains(n)) {
            problems.push(format!(
                "{what}: {name:?} is not a key attribute (the table's key is {})",
                key_names.join(", ")
            ));
        }
    }
}

/// Adds a problem when `item` is certainly larger than DynamoDB's 400 KB limit, counting
/// only what is cheap to count (names, strings, binaries, digits), so it never rejects an
/// item DynamoDB would take.
pub(crate) fn check_item_size(what: &str, item: &AttributeMap, problems: &mut Vec<String>) {
    let size: usize = item
        .iter()
        .map(|(name, value)| name.len() + value_size(value))
        .sum();
    if size > MAX_ITEM_BYTES {
        problems.push(format!(
            "{what}: the item is at least {size} bytes, over DynamoDB's limit of \
             {MAX_ITEM_BYTES} bytes an item"
        ));
    }
}

/// A lower bound of the stored size of one attribute value.
fn value_size(value: &Value) -> usize {
    let Some((kind, inner)) = value.as_object().and_then(|m| m.iter().next()) else {
        return 0;
    };
    match (kind.as_str(), inner) {
        ("S", Value::String(s)) => s.len(),
        ("N", Value::String(n)) => n.len() / 2,
        ("B", Value::String(b)) => b.len() / 4 * 3,
        ("SS", Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::len).sum(),
        ("NS", Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|n| n.len() / 2)
            .sum(),
        ("BS", Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|b| b.len() / 4 * 3)
            .sum(),
        ("M", Value::Object(map)) => map.iter().map(|(k, v)| k.len() + value_size(v)).sum(),
        ("L", Value::Array(items)) => items.iter().map(value_size).sum(),
        _ => 1,
    }
}

/// The identity of the key `key_names` pick out of `map`: equal for two maps exactly when
/// their key attributes are equal (numbers by value, so `1`, `1.0` and `1e0` agree).
/// `None` when an attribute is missing.
pub(crate) fn key_identity(map: &AttributeMap, key_names: &[String]) -> Option<String> {
    let mut identity = String::new();
    for name in key_names {
        let value = map.get(name)?.as_object()?;
        let (kind, inner) = value.iter().next()?;
        identity.push_str(kind);
        identity.push(':');
        match (kind.as_str(), inner.as_str()) {
            ("N", Some(n)) => identity.push_str(&canonical_number(n)),
            (_, Some(s)) => identity.push_str(s),
            _ => identity.push_str(&inner.to_string()),
        }
        identity.push('\u{0}');
    }
    Some(identity)
}

/// A decimal number's text in one form per value: sign, significant digits and exponent
/// (`-1.50E+2` → `-15e1`). Text that is not a number is returned as it is.
fn canonical_number(text: &str) -> String {
    let text = text.trim();
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => match unsigned[at + 1..].parse::<i64>() {
            Ok(e) => (&unsigned[..at], e),
            Err(_) => return text.to_string(),
        },
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return text.to_string();
    }
    let digits: String = format!("{whole}{fraction}");
    let exponent = exponent - fraction.len() as i64;
    let leading = digits.len() - digits.trim_start_matches('0').len();
    let significant = digits[leading..].trim_end_matches('0');
    if significant.is_empty() {
        return "0".to_string();
    }
    let trailing = digits.len() - leading - significant.len();
    let sign = if negative { "-" } else { "" };
    format!("{sign}{significant}e{}", exponent + trailing as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> AttributeMap {
        match value {
            Value::Object(m) => m,
            other => panic!("not a map: {other}"),
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn numbers_with_the_same_value_have_one_form() {
        for same in ["150", "150.0", "1.5e2", "1.50E+2", "+150", "0150"] {
            assert_eq!(canonical_number(same), "15e1", "{same}");
        }
        assert_eq!(canonical_number("-0.0015"), "-15e-4");
        assert_eq!(canonical_number("0"), "0");
        assert_eq!(canonical_number("-0.000"), "0");
        assert_ne!(canonical_number("15"), canonical_number("150"));
        assert_eq!(canonical_number("abc"), "abc");
    }

    #[test]
    fn key_identity_compares_key_attributes_only_and_numbers_by_value() {
        let keys = names(&["pk", "sk"]);
        let a = map(json!({"pk": {"S": "u"}, "sk": {"N": "1"}, "x": {"S": "a"}}));
        let b = map(json!({"sk": {"N": "1.0"}, "pk": {"S": "u"}, "x": {"S": "b"}}));
        let c = map(json!({"pk": {"S": "u"}, "sk": {"N": "2"}}));
        let d = map(json!({"pk": {"B": "dQ=="}, "sk": {"N": "1"}}));
        assert_eq!(key_identity(&a, &keys), key_identity(&b, &keys));
        assert_ne!(key_identity(&a, &keys), key_identity(&c, &keys));
        assert_ne!(key_identity(&a, &keys), key_identity(&d, &keys));
        assert_eq!(key_identity(&map(json!({"pk": {"S": "u"}})), &keys), None);
    }

    #[test]
    fn key_checks_name_each_missing_wrong_or_extra_attribute() {
        let keys = names(&["pk", "sk"]);
        let mut problems = Vec::new();
        let key = map(json!({"pk": {"BOOL": true}, "other": {"S": "x"}}));
        check_key_attributes("delete_key", &key, &keys, true, &mut problems);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("\"pk\" must be a string, number or binary"));
        assert!(problems[1].contains("\"sk\" is missing"));
        assert!(problems[2].contains("\"other\" is not a key attribute"));

        let mut problems = Vec::new();
        check_key_attributes("put_item", &key, &keys[..1], false, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn attribute_values_must_be_wire_form() {
        let mut problems = Vec::new();
        let item = map(json!({"ok": {"S": "x"}, "raw": "x", "two": {"S": "a", "N": "1"}}));
        check_attribute_values("put_item", &item, &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("\"raw\""));
        assert!(problems[1].contains("\"two\""));
    }

    #[test]
    fn oversized_items_are_caught_and_normal_ones_pass() {
        let mut problems = Vec::new();
        let big = map(json!({"pk": {"S": "k"}, "blob": {"S": "x".repeat(MAX_ITEM_BYTES)}}));
        check_item_size("put_item", &big, &mut problems);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("over DynamoDB's limit"));

        let mut problems = Vec::new();
        let nested = map(json!({"m": {"M": {"a": {"L": [{"S": "x".repeat(1000)}]}}}}));
        check_item_size("put_item", &nested, &mut problems);
        assert!(problems.is_empty());
        assert!(value_size(&nested["m"]) >= 1001);
    }
}
