//! Checks and key handling shared by the batch writer and the batch getter: attribute
//! values shaped as DynamoDB's wire form (also checked for the expressions' own value
//! placeholders), key attributes present and scalar, an item's size bounded, and a key's
//! identity for finding duplicates.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
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
        if !is_attribute_value(value) {
            problems.push(format!(
                "{what}: attribute {name:?} is {value}, not an attribute value such as \
                 {{\"S\": \"text\"}} (use to_item to convert a Rust value)"
            ));
        }
    }
}

/// Whether `value` has the shape of one attribute value in wire form: an object with a
/// single type tag (`{"S": "..."}`, `{"N": "1"}`, ...).
pub(crate) fn is_attribute_value(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|v| v.len() == 1 && v.keys().all(|k| VALUE_TYPES.contains(&k.as_str())))
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
    check_size(what, size, problems);
}

/// Adds a problem when `size`, a lower bound of an item's stored size counted as
/// [`check_item_size`] counts it, is over DynamoDB's limit.
pub(crate) fn check_size(what: &str, size: usize, problems: &mut Vec<String>) {
    if size > MAX_ITEM_BYTES {
        problems.push(format!(
            "{what}: the item is at least {size} bytes, over DynamoDB's limit of \
             {MAX_ITEM_BYTES} bytes an item"
        ));
    }
}

/// A lower bound of the stored size of one attribute value.
pub(crate) fn value_size(value: &Value) -> usize {
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

/// The attributes named in `names` picked out of an item's JSON text, the others skipped
/// unread: the key attributes of an item written as text, for the checks and the identity
/// a batch needs. `None` when the text is not a JSON object.
pub(crate) fn pick_attributes(item: &[u8], names: &[String]) -> Option<AttributeMap> {
    let mut reader = serde_json::Deserializer::from_slice(item);
    serde::Deserializer::deserialize_map(&mut reader, Pick(names)).ok()
}

/// Reads the named attributes of a map, skipping the rest.
struct Pick<'n>(&'n [String]);

impl<'de> Visitor<'de> for Pick<'_> {
    type Value = AttributeMap;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an item's attribute map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttributeMap, A::Error> {
        let mut picked = AttributeMap::new();
        while let Some(Name(name)) = map.next_key()? {
            match self.0.iter().find(|wanted| **wanted == *name) {
                Some(wanted) => {
                    picked.insert(wanted.clone(), map.next_value()?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(picked)
    }
}

/// An attribute name, borrowed from the text when it has no escapes.
struct Name<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Name<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an attribute name")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

/// The identity of the key `key_names` pick out of `map`: equal for two maps exactly when
/// their key attributes are equal (numbers by value, so `1`, `1.0` and `1e0` agree).
/// `None` when an attribute is missing. Each part is prefixed with its length, so no
/// characters inside a key value can make two different keys look alike.
pub(crate) fn key_identity(map: &AttributeMap, key_names: &[String]) -> Option<String> {
    let mut identity = String::new();
    for name in key_names {
        let value = map.get(name)?.as_object()?;
        let (kind, inner) = value.iter().next()?;
        let text = match (kind.as_str(), inner.as_str()) {
            ("N", Some(n)) => canonical_number(n),
            (_, Some(s)) => s.to_owned(),
            _ => inner.to_string(),
        };
        identity.push_str(&format!("{kind}{}:{text}", text.len()));
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
    fn key_identity_keeps_keys_apart_whatever_characters_they_hold() {
        let keys = names(&["pk", "sk"]);
        let a = map(json!({"pk": {"S": "x\u{0}S:y"}, "sk": {"S": "z"}}));
        let b = map(json!({"pk": {"S": "x"}, "sk": {"S": "y\u{0}S:z"}}));
        assert_ne!(key_identity(&a, &keys), key_identity(&b, &keys));
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
    fn picking_reads_the_named_attributes_whatever_their_names_hold() {
        let text = br#"{"x":{"L":[{"S":"pk"}]},"p\u006b":{"S":"a"},"sk":{"N":"1"}}"#;
        let picked = pick_attributes(text, &names(&["pk", "sk", "gone"])).unwrap();
        assert_eq!(
            Value::Object(picked),
            json!({"pk": {"S": "a"}, "sk": {"N": "1"}})
        );
        assert_eq!(pick_attributes(b"[1]", &names(&["pk"])), None);
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
