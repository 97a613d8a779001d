//! Optimistic locking with a version attribute, done for the caller as DynamoDB mappers
//! do (Java's `VersionedRecordExtension`, PynamoDB's `VersionAttribute`): a write of a
//! versioned item succeeds only if the stored version is the one the caller read, and
//! stores the next one.
//!
//! Versions start at 1. An item whose version attribute is missing, null or `0` has never
//! been saved: its put requires that no item with its key exists (`attribute_not_exists`)
//! and stores version 1. An item at version `n` requires the stored version to be `n` and
//! stores `n + 1`. A lost race is a `ConditionalCheckFailedException`
//! ([`Error::is_conditional_check_failed`]).

use serde_json::{json, Value};

use super::expression::{Attr, Condition, Update};
use super::item::KeySchema;
use super::AttributeMap;
use rboto_runtime::error::Error;

/// The check and the new version of a put of a versioned item.
#[derive(Debug)]
pub(crate) struct Stamp {
    /// What the stored item must satisfy.
    pub condition: Condition,
    /// The version written.
    pub version: u64,
}

/// Reads `item`'s version, writes the next one into it, and returns the check the put
/// needs; `None` when the schema has no version attribute.
pub(crate) fn stamp_put(
    schema: &KeySchema,
    item: &mut AttributeMap,
) -> Result<Option<Stamp>, Error> {
    let Some(attribute) = schema.version() else {
        return Ok(None);
    };
    let current = read_version(attribute, item.get(attribute))?;
    let (condition, version) = match current {
        None | Some(0) => (Attr::new(attribute).not_exists(), 1),
        Some(n) => (Attr::new(attribute).eq(n), next(attribute, n)?),
    };
    item.insert(attribute.to_owned(), json!({"N": version.to_string()}));
    Ok(Some(Stamp { condition, version }))
}

/// The update and check of an update or delete of a versioned item: with `expected`, the
/// stored version must equal it and becomes `expected + 1`; without, the stored version is
/// incremented unconditionally (so copies read before this write fail their own checks).
/// `update` is `None` for a delete. Returns the update to send and the check to add.
pub(crate) fn versioned_write(
    schema: &KeySchema,
    update: Option<Update>,
    expected: Option<u64>,
) -> Result<(Option<Update>, Option<Condition>), Error> {
    let Some(attribute) = schema.version() else {
        if expected.is_some() {
            return Err(Error::validation(vec![
                "expected_version: the item type has no version attribute".to_owned(),
            ]));
        }
        return Ok((update, None));
    };
    let condition = expected.map(|n| match n {
        0 => Attr::new(attribute).not_exists(),
        n => Attr::new(attribute).eq(n),
    });
    let update = match (update, expected) {
        (None, _) => None,
        (Some(update), Some(n)) => Some(update.set(attribute, next(attribute, n)?)),
        (Some(update), None) => Some(update.add(attribute, 1)),
    };
    Ok((update, condition))
}

/// Both conditions, when there are two.
pub(crate) fn and(first: Option<Condition>, second: Option<Condition>) -> Option<Condition> {
    match (first, second) {
        (Some(a), Some(b)) => Some(a.and(b)),
        (a, b) => a.or(b),
    }
}

fn read_version(attribute: &str, value: Option<&Value>) -> Result<Option<u64>, Error> {
    let Some(value) = value else { return Ok(None) };
    if value.get("NULL").is_some() {
        return Ok(None);
    }
    value
        .get("N")
        .and_then(Value::as_str)
        .and_then(|n| n.parse::<u64>().ok())
        .map(Some)
        .ok_or_else(|| {
            Error::validation(vec![format!(
                "version attribute `{attribute}` must be a whole number of at least 0, got {value}"
            )])
        })
}

fn next(attribute: &str, version: u64) -> Result<u64, Error> {
    version.checked_add(1).ok_or_else(|| {
        Error::validation(vec![format!(
            "version attribute `{attribute}` is at its largest value"
        )])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expression::Expressions;

    const SCHEMA: KeySchema = KeySchema::new("pk").with_version("version");

    fn item(v: Value) -> AttributeMap {
        v.as_object().cloned().unwrap()
    }

    fn condition_text(c: Condition) -> (String, Value) {
        let built = Expressions::new().condition(c).build().unwrap();
        (
            built.condition_expression.unwrap(),
            json!({"names": built.names, "values": built.values}),
        )
    }

    #[test]
    fn a_new_item_must_not_exist_and_gets_version_one() {
        for start in [
            json!({"pk": {"S": "a"}}),
            json!({"pk": {"S": "a"}, "version": {"NULL": true}}),
            json!({"pk": {"S": "a"}, "version": {"N": "0"}}),
        ] {
            let mut it = item(start);
            let stamp = stamp_put(&SCHEMA, &mut it).unwrap().unwrap();
            assert_eq!(stamp.version, 1);
            assert_eq!(it["version"], json!({"N": "1"}));
            let (text, maps) = condition_text(stamp.condition);
            assert_eq!(text, "attribute_not_exists(#n0)");
            assert_eq!(maps["names"], json!({"#n0": "version"}));
        }
    }

    #[test]
    fn a_saved_item_must_still_be_at_its_version_and_moves_to_the_next() {
        let mut it = item(json!({"pk": {"S": "a"}, "version": {"N": "4"}}));
        let stamp = stamp_put(&SCHEMA, &mut it).unwrap().unwrap();
        assert_eq!(stamp.version, 5);
        assert_eq!(it["version"], json!({"N": "5"}));
        let (text, maps) = condition_text(stamp.condition);
        assert_eq!(text, "#n0 = :v0");
        assert_eq!(maps["values"], json!({":v0": {"N": "4"}}));
    }

    #[test]
    fn a_version_that_is_not_a_whole_number_is_refused() {
        let mut it = item(json!({"pk": {"S": "a"}, "version": {"S": "x"}}));
        let err = stamp_put(&SCHEMA, &mut it).unwrap_err();
        assert!(err.is_validation());
        assert!(
            err.to_string().contains("version attribute `version`"),
            "{err}"
        );
        let mut none = item(json!({"pk": {"S": "a"}}));
        assert!(stamp_put(&KeySchema::new("pk"), &mut none)
            .unwrap()
            .is_none());
    }

    #[test]
    fn updates_check_the_expected_version_or_just_increment() {
        let (update, condition) =
            versioned_write(&SCHEMA, Some(Update::new().set("name", "x")), Some(3)).unwrap();
        let built = Expressions::new()
            .update(update.unwrap())
            .condition(condition.unwrap())
            .build()
            .unwrap();
        assert_eq!(built.condition_expression.as_deref(), Some("#n0 = :v0"));
        assert_eq!(
            built.update_expression.as_deref(),
            Some("SET #n1 = :v1, #n2 = :v2")
        );
        assert_eq!(built.names["#n2"], json!("version"));
        assert_eq!(built.values[":v2"], json!({"N": "4"}));

        let (update, condition) =
            versioned_write(&SCHEMA, Some(Update::new().set("name", "x")), None).unwrap();
        assert!(condition.is_none());
        let built = Expressions::new().update(update.unwrap()).build().unwrap();
        assert_eq!(
            built.update_expression.as_deref(),
            Some("SET #n0 = :v0 ADD #n1 :v1")
        );

        let err = versioned_write(&KeySchema::new("pk"), None, Some(1)).unwrap_err();
        assert!(err.to_string().contains("no version attribute"), "{err}");
    }
}
