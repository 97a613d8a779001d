//! A `Query` or `Scan` response body read into a page of typed items.
//!
//! The items are read straight from the body's text by [`de_json`](super::de_json), which
//! costs a fraction of building a `serde_json::Value` tree of the page, converting it and
//! dropping it. When that read fails, the body is read again through the tree, so the error
//! names the item and the attribute path that did not fit, as [`from_item`] does.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess};
use serde::de::{SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::composed::{fill_sources, has_composed};
use super::item::KeySchema;
use super::{from_item, AttributeMap};
use rboto_runtime::error::Error;

/// What a page's body holds.
#[derive(Debug)]
pub(super) struct PageBody<T> {
    /// `Items`, decoded (empty when the body has none).
    pub(super) items: Vec<T>,
    /// `Count`.
    pub(super) count: Option<u64>,
    /// `ScannedCount`.
    pub(super) scanned_count: Option<u64>,
    /// `LastEvaluatedKey`, when present and not empty.
    pub(super) last_evaluated_key: Option<AttributeMap>,
}

impl<T: DeserializeOwned> PageBody<T> {
    /// Reads the body of an `operation` response.
    ///
    /// With a `schema` that has composed keys, the items are read through the tree, so an
    /// item lacking the source attributes of its composed keys gets them parsed back first
    /// (as `get` does); a type without composed keys keeps the direct read.
    pub(super) fn read(
        operation: &str,
        body: &[u8],
        schema: Option<&KeySchema>,
    ) -> Result<Self, Error> {
        if let Some(schema) = schema.filter(|s| has_composed(s)) {
            return Self::read_tree(operation, body, Some(schema));
        }
        let mut de = serde_json::Deserializer::from_slice(body);
        let fast = de
            .deserialize_map(PageVisitor(PhantomData))
            .and_then(|page| de.end().map(|()| page));
        match fast {
            Ok(page) => Ok(page),
            Err(_) => Self::read_tree(operation, body, None),
        }
    }

    /// Reads the body through a `serde_json::Value`, for errors that say where.
    fn read_tree(operation: &str, body: &[u8], fill: Option<&KeySchema>) -> Result<Self, Error> {
        let mut output: Value = serde_json::from_slice(body).map_err(|e| {
            Error::response(format!(
                "DynamoDB {operation}: the response is not JSON: {e}"
            ))
        })?;
        let items = match output.get_mut("Items").map(Value::take) {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    Value::Object(mut item) => {
                        if let Some(schema) = fill {
                            fill_sources(schema, &mut item);
                        }
                        from_item(&item)
                    }
                    _ => Err(Error::response(format!(
                        "{operation}: an item is not a map"
                    ))),
                })
                .collect::<Result<_, _>>()?,
            _ => Vec::new(),
        };
        let last_evaluated_key = match output.get_mut("LastEvaluatedKey").map(Value::take) {
            Some(Value::Object(key)) if !key.is_empty() => Some(key),
            _ => None,
        };
        Ok(PageBody {
            items,
            count: output.get("Count").and_then(Value::as_u64),
            scanned_count: output.get("ScannedCount").and_then(Value::as_u64),
            last_evaluated_key,
        })
    }
}

/// The members of a page this reads; the rest are skipped.
#[derive(Deserialize)]
enum Member {
    Items,
    Count,
    ScannedCount,
    LastEvaluatedKey,
    #[serde(other)]
    Other,
}

struct PageVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for PageVisitor<T> {
    type Value = PageBody<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Query or Scan output")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PageBody<T>, A::Error> {
        let mut page = PageBody {
            items: Vec::new(),
            count: None,
            scanned_count: None,
            last_evaluated_key: None,
        };
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Items => page.items = map.next_value_seed(ItemsSeed(PhantomData))?,
                Member::Count => page.count = Some(map.next_value()?),
                Member::ScannedCount => page.scanned_count = Some(map.next_value()?),
                Member::LastEvaluatedKey => {
                    let key: AttributeMap = map.next_value()?;
                    page.last_evaluated_key = (!key.is_empty()).then_some(key);
                }
                Member::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(page)
    }
}

/// The `Items` array, each item decoded as `T`.
struct ItemsSeed<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for ItemsSeed<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Vec<T>, D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for ItemsSeed<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(ItemSeed(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

/// One item, decoded as `T`.
struct ItemSeed<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for ItemSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<T, D::Error> {
        super::de_json::item(de)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        pk: String,
        n: u8,
    }

    fn read<T: DeserializeOwned>(body: serde_json::Value) -> Result<PageBody<T>, Error> {
        PageBody::read("Query", &serde_json::to_vec(&body).unwrap(), None)
    }

    #[test]
    fn with_a_composed_schema_the_sources_an_item_lacks_are_parsed_back() {
        use crate::description::{ComposedKey, ItemDescription, ScalarType};
        const SCHEMA: KeySchema = KeySchema::new("pk").with_range_key("sk").with_description(
            &ItemDescription::new(&[("n", ScalarType::Number)]).with_composed(
                &[ComposedKey {
                    attribute: "sk",
                    template: "ROW#{n}",
                }],
                &["pk", "n"],
            ),
        );
        let body = json!({
            "Items": [
                {"pk": {"S": "a"}, "sk": {"S": "ROW#1"}},
                {"pk": {"S": "b"}, "sk": {"S": "ROW#2"}, "n": {"N": "2"}},
            ],
            "Count": 2,
        });
        let text = serde_json::to_vec(&body).unwrap();
        let page = PageBody::<Row>::read("Query", &text, Some(&SCHEMA)).unwrap();
        let rows: Vec<(String, u8)> = page.items.into_iter().map(|r| (r.pk, r.n)).collect();
        assert_eq!(rows, [("a".to_owned(), 1), ("b".to_owned(), 2)]);
        let err = PageBody::<Row>::read("Query", &text, None).unwrap_err();
        assert!(err.to_string().contains("n"), "{err}");
    }

    #[test]
    fn a_page_gives_its_items_counts_and_key() {
        let page = read::<Row>(json!({
            "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 1.5},
            "Items": [
                {"pk": {"S": "a"}, "n": {"N": "1"}},
                {"pk": {"S": "b"}, "n": {"N": "2"}, "extra": {"L": [{"NULL": true}]}},
            ],
            "Count": 2,
            "ScannedCount": 5,
            "LastEvaluatedKey": {"pk": {"S": "b"}},
        }))
        .unwrap();
        assert_eq!(
            page.items,
            [
                Row {
                    pk: "a".into(),
                    n: 1
                },
                Row {
                    pk: "b".into(),
                    n: 2
                }
            ]
        );
        assert_eq!((page.count, page.scanned_count), (Some(2), Some(5)));
        assert_eq!(
            page.last_evaluated_key,
            Some(json!({"pk": {"S": "b"}}).as_object().unwrap().clone())
        );
    }

    #[test]
    fn a_last_page_and_a_count_have_what_they_hold() {
        let last = read::<Row>(json!({"Items": [], "Count": 0, "LastEvaluatedKey": {}})).unwrap();
        assert!(last.items.is_empty() && last.last_evaluated_key.is_none());
        let count = read::<IgnoredAny>(json!({"Count": 7, "ScannedCount": 9})).unwrap();
        assert!(count.items.is_empty());
        assert_eq!((count.count, count.scanned_count), (Some(7), Some(9)));
    }

    #[test]
    fn an_item_that_does_not_fit_is_named_by_its_attribute() {
        let err = read::<Row>(json!({
            "Items": [
                {"pk": {"S": "a"}, "n": {"N": "1"}},
                {"pk": {"S": "b"}, "n": {"N": "300"}},
            ],
            "Count": 2,
        }))
        .unwrap_err();
        assert!(err.is_response());
        assert!(
            err.to_string().contains("n: number 300 does not fit in u8"),
            "{err}"
        );

        let err = read::<Row>(json!({"Items": [["not", "a", "map"]]})).unwrap_err();
        assert!(
            err.to_string().contains("Query: an item is not a map"),
            "{err}"
        );

        let err = PageBody::<Row>::read("Scan", b"{\"Items\": [", None).unwrap_err();
        assert!(
            err.to_string().contains("Scan: the response is not JSON"),
            "{err}"
        );
    }
}
