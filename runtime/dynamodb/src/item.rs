//! [`Item`]: a serde type that knows its table's key schema, so the table methods take its
//! key type (a wrong key does not compile), and [`KeySchema`], the schema itself.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::description::ItemDescription;
use super::{to_attribute_value, AttributeMap};
use rboto_runtime::error::Error;

/// A DynamoDB item type: serde both ways, plus its table's key schema.
///
/// Derive it with `#[derive(Item)]` (from `rboto::dynamodb`), or implement it by hand:
/// `Key` is what `get`, `delete_item` and `update_item` take — the partition key's type
/// alone, or a `(partition, sort)` tuple (a struct whose fields are the key attributes'
/// names also works) — and `SCHEMA` names the attributes.
///
/// ```
/// use rboto_dynamodb::{Item, KeySchema};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize)]
/// struct Order { user: String, order: u32, version: u64, total: u64 }
///
/// impl Item for Order {
///     type Key = (String, u32);
///     const SCHEMA: KeySchema = KeySchema::new("user").with_range_key("order").with_version("version");
/// }
///
/// let key = rboto_dynamodb::key_attributes::<Order>(&("ada".into(), 7)).unwrap();
/// assert_eq!(serde_json::Value::Object(key), serde_json::json!({"user": {"S": "ada"}, "order": {"N": "7"}}));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a DynamoDB item type (it does not implement `Item`)",
    label = "not an item type",
    note = "for a schemaless item use `Document` (`rboto::dynamodb::Document`), built with `document!({{..}})` as easily as `json!`: it keeps sets, binary and 38-digit numbers, which `serde_json::Value` cannot",
    note = "for a struct with a key schema, `#[derive(Serialize, Deserialize, Item)]` with `#[item(hash_key = \"..\")]`"
)]
pub trait Item: Serialize + DeserializeOwned {
    /// The primary key: the partition key's type, or `(partition, sort)`.
    type Key: Serialize;
    /// The key attribute names and the optional version attribute.
    const SCHEMA: KeySchema;
}

/// A table's primary key attribute names, and the attribute that holds an item's version
/// when the item type uses optimistic locking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySchema {
    hash_key: &'static str,
    range_key: Option<&'static str>,
    version: Option<&'static str>,
    description: Option<&'static ItemDescription>,
}

impl KeySchema {
    /// A schema with partition (hash) key `hash_key` and no sort key.
    pub const fn new(hash_key: &'static str) -> Self {
        KeySchema {
            hash_key,
            range_key: None,
            version: None,
            description: None,
        }
    }

    /// The same schema with sort (range) key `range_key`.
    pub const fn with_range_key(mut self, range_key: &'static str) -> Self {
        self.range_key = Some(range_key);
        self
    }

    /// The same schema with optimistic locking on the numeric attribute `version`: puts,
    /// updates and deletes check it, puts and updates increment it (see
    /// [`ItemTable::put`](super::ItemTable::put)).
    pub const fn with_version(mut self, version: &'static str) -> Self {
        self.version = Some(version);
        self
    }

    /// The same schema with what the type declares beyond its key: key attribute types,
    /// secondary indexes, TTL, counter and timestamps (`#[derive(Item)]` writes it).
    pub const fn with_description(mut self, description: &'static ItemDescription) -> Self {
        self.description = Some(description);
        self
    }

    /// What the type declares beyond its key, when it says.
    pub fn description(&self) -> Option<&'static ItemDescription> {
        self.description
    }

    /// The schema of an item type that declares none ([`Document`](super::Document)):
    /// its key is a map of the key attributes, taken as given; nothing is versioned.
    pub const SCHEMALESS: KeySchema = KeySchema {
        hash_key: "",
        range_key: None,
        version: None,
        description: None,
    };

    /// Whether this is [`KeySchema::SCHEMALESS`].
    pub fn is_schemaless(&self) -> bool {
        self.hash_key.is_empty()
    }

    /// The partition key attribute.
    pub fn hash_key(&self) -> &'static str {
        self.hash_key
    }

    /// The sort key attribute, if the table has one.
    pub fn range_key(&self) -> Option<&'static str> {
        self.range_key
    }

    /// The version attribute, if the item type uses optimistic locking.
    pub fn version(&self) -> Option<&'static str> {
        self.version
    }

    /// The key attributes of a key already converted to an attribute value: `{"L": [h, r]}`
    /// from a tuple, `{"M": {..}}` from a struct naming the attributes, or the partition
    /// key's value itself.
    pub fn key_from_value(&self, key: Value) -> Result<AttributeMap, Error> {
        if self.is_schemaless() {
            return schemaless_key(key);
        }
        if let Some(description) = self.description.filter(|d| !d.key_sources().is_empty()) {
            return super::composed::key_from_sources(self, description, key);
        }
        let mut map = Map::new();
        match (self.range_key, &key) {
            (Some(range), Value::Object(av)) if av.contains_key("L") => {
                let parts = av["L"].as_array().map(Vec::as_slice).unwrap_or_default();
                let [hash_value, range_value] = parts else {
                    return Err(Error::validation(vec![format!(
                        "key: expected ({}, {range}), a pair, got a list of {}",
                        self.hash_key,
                        parts.len()
                    )]));
                };
                map.insert(self.hash_key.into(), hash_value.clone());
                map.insert(range.into(), range_value.clone());
            }
            (_, Value::Object(av)) if av.contains_key("M") => {
                let fields = av["M"].as_object().cloned().unwrap_or_default();
                map = fields;
            }
            (None, _) => {
                map.insert(self.hash_key.into(), key);
            }
            (Some(range), other) => {
                return Err(Error::validation(vec![format!(
                    "key: expected ({}, {range}), a pair, got {other}",
                    self.hash_key
                )]))
            }
        }
        self.check_key(&map)?;
        Ok(map)
    }

    /// The key attributes of a whole item (its other attributes left out).
    pub fn key_of(&self, item: &AttributeMap) -> Result<AttributeMap, Error> {
        let mut key = Map::new();
        let mut problems = Vec::new();
        for name in self.key_names() {
            match item.get(name) {
                Some(value) => {
                    key.insert(name.to_owned(), value.clone());
                }
                None => problems.push(format!("item: key attribute `{name}` is missing")),
            }
        }
        if !problems.is_empty() {
            return Err(Error::validation(problems));
        }
        self.check_key(&key)?;
        Ok(key)
    }

    fn key_names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.hash_key).chain(self.range_key)
    }

    /// Exactly the key attributes, each a string, number or binary (what DynamoDB
    /// accepts in a key).
    fn check_key(&self, key: &AttributeMap) -> Result<(), Error> {
        let mut problems = Vec::new();
        for name in self.key_names() {
            match key.get(name) {
                None => problems.push(format!("key: attribute `{name}` is missing")),
                Some(Value::Object(av))
                    if av.len() == 1 && ["S", "N", "B"].iter().any(|t| av.contains_key(*t)) => {}
                Some(other) => problems.push(format!(
                    "key: attribute `{name}` must be a string, number or binary, got {other}"
                )),
            }
        }
        for name in key.keys() {
            if !self.key_names().any(|k| k == name) {
                problems.push(format!(
                    "key: `{name}` is not a key attribute (the key is {})",
                    self.key_names().collect::<Vec<_>>().join(", ")
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(problems))
        }
    }
}

/// A schemaless type's key: a map of one or two key attributes, each a string, number or
/// binary.
fn schemaless_key(key: Value) -> Result<AttributeMap, Error> {
    let fields = match key {
        Value::Object(mut av) if av.len() == 1 && av.contains_key("M") => av.remove("M"),
        _ => None,
    };
    let Some(Value::Object(fields)) = fields else {
        return Err(Error::validation(vec![
            "key: a schemaless item's key is a map of its key attributes, such as \
             document!({\"pk\": \"a\"})"
                .to_owned(),
        ]));
    };
    let mut problems = Vec::new();
    if fields.is_empty() || fields.len() > 2 {
        problems.push(format!(
            "key: a key has one or two attributes (hash and range key), got {}",
            fields.len()
        ));
    }
    for (name, value) in &fields {
        let scalar = matches!(value, Value::Object(av)
            if av.len() == 1 && ["S", "N", "B"].iter().any(|t| av.contains_key(*t)));
        if !scalar {
            problems.push(format!(
                "key: attribute `{name}` must be a string, number or binary, got {value}"
            ));
        }
    }
    if problems.is_empty() {
        Ok(fields)
    } else {
        Err(Error::validation(problems))
    }
}

/// The key attributes (`{"pk": {"S": ..}, ..}`) of `key`, a `T::Key`.
pub fn key_attributes<T: Item>(key: &T::Key) -> Result<AttributeMap, Error> {
    T::SCHEMA.key_from_value(to_attribute_value(key)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PAIR: KeySchema = KeySchema::new("pk").with_range_key("sk");

    fn map(v: Value) -> AttributeMap {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn a_pair_a_struct_or_a_single_value_is_a_key() {
        let key = PAIR
            .key_from_value(json!({"L": [{"S": "a"}, {"N": "1"}]}))
            .unwrap();
        assert_eq!(
            Value::Object(key),
            json!({"pk": {"S": "a"}, "sk": {"N": "1"}})
        );
        let key = PAIR
            .key_from_value(json!({"M": {"sk": {"N": "1"}, "pk": {"S": "a"}}}))
            .unwrap();
        assert_eq!(key["pk"], json!({"S": "a"}));
        let key = KeySchema::new("id")
            .key_from_value(json!({"B": "AQI="}))
            .unwrap();
        assert_eq!(Value::Object(key), json!({"id": {"B": "AQI="}}));
    }

    #[test]
    fn a_wrong_key_is_a_validation_error_naming_the_attribute() {
        let err = PAIR.key_from_value(json!({"S": "a"})).unwrap_err();
        assert!(err.is_validation(), "{err}");
        assert!(err.to_string().contains("(pk, sk)"), "{err}");
        let err = KeySchema::new("id")
            .key_from_value(json!({"BOOL": true}))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("`id` must be a string, number or binary"),
            "{err}"
        );
        let err = PAIR
            .key_from_value(json!({"M": {"pk": {"S": "a"}, "other": {"S": "b"}}}))
            .unwrap_err();
        let problems = err.validation_problems().join("\n");
        assert!(problems.contains("`sk` is missing"), "{problems}");
        assert!(
            problems.contains("`other` is not a key attribute"),
            "{problems}"
        );
    }

    #[test]
    fn key_of_keeps_only_the_key_attributes() {
        let item = map(json!({"pk": {"S": "a"}, "sk": {"N": "2"}, "name": {"S": "x"}}));
        let key = PAIR.key_of(&item).unwrap();
        assert_eq!(
            Value::Object(key),
            json!({"pk": {"S": "a"}, "sk": {"N": "2"}})
        );
        let err = PAIR.key_of(&map(json!({"pk": {"S": "a"}}))).unwrap_err();
        assert!(err.to_string().contains("`sk` is missing"), "{err}");
    }
}
