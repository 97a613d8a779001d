//! The write extensions of a typed batch put, applied to the item's JSON text.
//!
//! A batch put runs what [`extensions::before_put`](super::extensions) runs for `put`:
//! composed keys written from their source attributes, a counter initialised to 0 when the
//! item carries none, `created_at` stamped when the item carries none, `updated_at` stamped
//! always (a batch write has no update expression, so a counter is never incremented here;
//! Java's Enhanced client runs its put extensions on batch puts the same way). The item is
//! already text (the writer serializes straight into the request), so only the attributes
//! the extensions read are parsed out of it, and only those they change are rewritten: an
//! item type that declares none of them costs one branch.

use std::ops::Range;

use serde_json::Value;

use super::batch_keys::value_size;
use super::item::KeySchema;
use super::AttributeMap;
use rboto_runtime::error::Error;

/// Whether `schema` declares anything a put must fill in.
pub(super) fn has_put_extensions(schema: &KeySchema) -> bool {
    schema.description().is_some_and(|d| {
        !d.composed().is_empty()
            || d.counter().is_some()
            || d.created_at().is_some()
            || d.updated_at().is_some()
    })
}

/// Applies `schema`'s put extensions to `text[start..]`, the text of an item's attribute
/// map; `size` (the item's counted size) follows the attributes replaced and added.
pub(super) fn apply(
    schema: &KeySchema,
    text: &mut Vec<u8>,
    start: usize,
    size: &mut usize,
) -> Result<(), Error> {
    let Some(description) = schema.description() else {
        return Ok(());
    };
    let item = &text[start..];
    let entries = top_level_entries(item).ok_or_else(|| {
        Error::validation(vec![
            "put_item: the item's text is not an attribute map".into()
        ])
    })?;
    let read: Vec<&str> = description
        .composed()
        .iter()
        .map(|c| c.attribute)
        .chain(description.key_sources().iter().copied())
        .chain(composed_slots(description))
        .chain(description.counter())
        .chain(description.created_at())
        .chain(description.updated_at())
        .chain(description.ttl())
        .collect();
    let mut before = AttributeMap::new();
    for entry in &entries {
        if read.iter().any(|name| *name == entry.name) {
            let value: Value = serde_json::from_slice(&item[entry.value.clone()])
                .map_err(|e| Error::validation(vec![format!("put_item: {e}")]))?;
            before.insert(entry.name.clone(), value);
        }
    }
    let mut after = before.clone();
    super::extensions::before_put(schema, &mut after)?;
    let changed: Vec<(&String, &Value)> = after
        .iter()
        .filter(|(name, value)| before.get(name.as_str()) != Some(*value))
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let mut rewritten = Vec::with_capacity(item.len() + 64 * changed.len());
    rewritten.push(b'{');
    for entry in &entries {
        if let Some(old) = changed
            .iter()
            .find(|(name, _)| **name == entry.name)
            .and_then(|(name, _)| before.get(name.as_str()))
        {
            *size = size.saturating_sub(entry.name.len() + value_size(old));
            continue;
        }
        if rewritten.len() > 1 {
            rewritten.push(b',');
        }
        rewritten.extend_from_slice(&item[entry.whole.clone()]);
    }
    for (name, value) in changed {
        if rewritten.len() > 1 {
            rewritten.push(b',');
        }
        serde_json::to_writer(&mut rewritten, name).expect("writing to memory cannot fail");
        rewritten.push(b':');
        serde_json::to_writer(&mut rewritten, value).expect("writing to memory cannot fail");
        *size += name.len() + value_size(value);
    }
    rewritten.push(b'}');
    text.truncate(start);
    text.extend_from_slice(&rewritten);
    Ok(())
}

/// The field names the templates of `description`'s composed keys read.
fn composed_slots(
    description: &'static super::ItemDescription,
) -> impl Iterator<Item = &'static str> {
    description.composed().iter().flat_map(|c| {
        c.template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(slot, _)| slot))
    })
}

/// One attribute of an item's text.
#[derive(Debug, PartialEq)]
struct Entry {
    /// The attribute's name, unescaped.
    name: String,
    /// `"name":value`, as written.
    whole: Range<usize>,
    /// The value's text.
    value: Range<usize>,
}

/// The attributes of the JSON object `text`, in order; `None` when `text` is not one.
fn top_level_entries(text: &[u8]) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut at = skip_space(text, 0);
    if text.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(text, at + 1);
    if text.get(at) == Some(&b'}') {
        return (skip_space(text, at + 1) == text.len()).then_some(entries);
    }
    loop {
        let key_start = at;
        let key_end = string_end(text, at)?;
        let name: String = serde_json::from_slice(&text[key_start..key_end]).ok()?;
        at = skip_space(text, key_end);
        if text.get(at) != Some(&b':') {
            return None;
        }
        let value_start = skip_space(text, at + 1);
        let value_end = value_end(text, value_start)?;
        entries.push(Entry {
            name,
            whole: key_start..value_end,
            value: value_start..value_end,
        });
        at = skip_space(text, value_end);
        match text.get(at) {
            Some(b',') => at = skip_space(text, at + 1),
            Some(b'}') => {
                return (skip_space(text, at + 1) == text.len()).then_some(entries);
            }
            _ => return None,
        }
    }
}

fn skip_space(text: &[u8], mut at: usize) -> usize {
    while text.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The index just past the JSON string starting at `at`.
fn string_end(text: &[u8], at: usize) -> Option<usize> {
    if text.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    while let Some(&b) = text.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The index just past the JSON value starting at `at` (an object, array, string or
/// scalar).
fn value_end(text: &[u8], at: usize) -> Option<usize> {
    match text.get(at)? {
        b'"' => string_end(text, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            while let Some(&b) = text.get(i) {
                match b {
                    b'"' => {
                        i = string_end(text, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = at;
            while text
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            (i > at).then_some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::description::{ComposedKey, ItemDescription, ScalarType};
    use serde_json::json;

    const STAMPED: KeySchema = KeySchema::new("pk").with_range_key("sk").with_description(
        &ItemDescription::new(&[
            ("pk", ScalarType::String),
            ("sk", ScalarType::String),
            ("id", ScalarType::String),
            ("n", ScalarType::Number),
        ])
        .with_composed(
            &[
                ComposedKey {
                    attribute: "pk",
                    template: "USER#{id}",
                },
                ComposedKey {
                    attribute: "sk",
                    template: "ORDER#{n}",
                },
            ],
            &["id", "n"],
        )
        .with_counter("edits")
        .with_created_at("created")
        .with_updated_at("updated"),
    );

    fn applied(item: &Value) -> (Value, usize, usize) {
        let mut text = b"prefix".to_vec();
        serde_json::to_writer(&mut text, item).unwrap();
        let mut size = 1000;
        apply(&STAMPED, &mut text, 6, &mut size).unwrap();
        assert!(text.starts_with(b"prefix"));
        (serde_json::from_slice(&text[6..]).unwrap(), size, 1000)
    }

    #[test]
    fn the_attributes_of_an_items_text_are_found_with_their_spans() {
        let text =
            br#" { "a" : {"S":"x,}"} , "b\"c":{"L":[{"N":"1"},{"M":{}}]},"d":{"NULL":true} } "#;
        let entries = top_level_entries(text).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a", "b\"c", "d"]);
        assert_eq!(&text[entries[0].value.clone()], br#"{"S":"x,}"}"#);
        assert_eq!(
            &text[entries[1].whole.clone()],
            br#""b\"c":{"L":[{"N":"1"},{"M":{}}]}"#
        );
        assert_eq!(top_level_entries(b"{}").unwrap(), Vec::new());
        assert_eq!(top_level_entries(b"{\"a\":{\"S\":\"x\"}"), None);
        assert_eq!(top_level_entries(b"[1]"), None);
    }

    #[test]
    fn a_batch_put_composes_keys_initialises_the_counter_and_stamps_times() {
        let (item, size, before) = applied(&json!({
            "id": {"S": "ada"}, "n": {"N": "7"}, "created": {"NULL": true}, "note": {"S": "hi"}
        }));
        assert_eq!(item["pk"], json!({"S": "USER#ada"}));
        assert_eq!(item["sk"], json!({"S": "ORDER#7"}));
        assert_eq!(item["edits"], json!({"N": "0"}));
        assert_eq!(item["note"], json!({"S": "hi"}));
        let created: i64 = item["created"]["N"].as_str().unwrap().parse().unwrap();
        assert!(created > 1_700_000_000, "{created}");
        assert_eq!(item["updated"], item["created"]);
        let counted = |name: &str| name.len() + value_size(&item[name]);
        let added = ["pk", "sk", "edits", "created", "updated"].map(counted);
        let replaced = "created".len() + value_size(&json!({"NULL": true}));
        assert_eq!(size, before - replaced + added.iter().sum::<usize>());
    }

    #[test]
    fn what_the_item_carries_is_kept_except_the_update_time() {
        let (item, _, _) = applied(&json!({
            "pk": {"S": "USER#ada"}, "sk": {"S": "ORDER#7"}, "id": {"S": "ada"}, "n": {"N": "7"},
            "edits": {"N": "41"}, "created": {"N": "5"}, "updated": {"N": "6"}
        }));
        assert_eq!(item["edits"], json!({"N": "41"}));
        assert_eq!(item["created"], json!({"N": "5"}));
        assert_ne!(item["updated"], json!({"N": "6"}));
        assert_eq!(item.as_object().unwrap().len(), 7);
    }

    #[test]
    fn a_missing_source_or_a_timestamp_that_is_not_a_number_is_refused_naming_it() {
        let mut text = br#"{"id":{"S":"ada"}}"#.to_vec();
        let err = apply(&STAMPED, &mut text, 0, &mut 0).unwrap_err();
        assert!(err.to_string().contains("`n` is missing"), "{err}");
        let mut text = br#"{"id":{"S":"a"},"n":{"N":"1"},"updated":{"S":"now"}}"#.to_vec();
        let err = apply(&STAMPED, &mut text, 0, &mut 0).unwrap_err();
        assert!(err.to_string().contains("`updated`"), "{err}");
    }

    #[test]
    fn a_type_without_extensions_needs_nothing() {
        assert!(!has_put_extensions(&KeySchema::new("pk")));
        assert!(has_put_extensions(&STAMPED));
    }
}
