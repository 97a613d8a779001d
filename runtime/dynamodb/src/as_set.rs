//! `#[serde(with = "rboto::dynamodb::as_set")]`: a `HashSet`, `BTreeSet` or `Vec` of
//! `String`, [`Number`] or `Vec<u8>` stored as a DynamoDB set (`SS`, `NS`, `BS`) instead of
//! a list (`L`).
//!
//! serde writes every collection as a sequence, so without this a set field would be stored
//! as a list, and a set read into a plain collection would come back as a list: rboto
//! refuses that read, naming the attribute, and `#[derive(Item)]` refuses a `HashSet` or
//! `BTreeSet` field without this (or a [`StringSet`]-style type). A `Vec` opts in
//! knowing that a set keeps no order and no duplicates: writing one with a repeated element
//! is an error, and it reads back in the set's order.
//!
//! ```
//! use rboto_dynamodb::{as_set, from_item, to_item};
//! use std::collections::HashSet;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct User {
//!     id: String,
//!     #[serde(with = "as_set")]
//!     roles: HashSet<String>,
//! }
//!
//! let user = User { id: "u1".into(), roles: ["admin".to_owned()].into() };
//! let item = to_item(&user)?;
//! assert_eq!(item["roles"], serde_json::json!({"SS": ["admin"]}));
//! assert!(from_item::<User>(&item)?.roles.contains("admin"));
//! # Ok::<(), rboto_runtime::Error>(())
//! ```

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{BinarySet, Number, NumberSet, StringSet};

/// An element type with a DynamoDB set type: `String` (`SS`), [`Number`] (`NS`),
/// `Vec<u8>` (`BS`).
pub trait SetMember: Sized + Clone {
    /// The set wrapper that writes and reads it.
    type Set: Serialize + DeserializeOwned + FromIterator<Self> + IntoIterator<Item = Self>;

    /// How many elements `set` holds.
    fn len(set: &Self::Set) -> usize;
}

impl SetMember for String {
    type Set = StringSet;

    fn len(set: &StringSet) -> usize {
        set.len()
    }
}

impl SetMember for Number {
    type Set = NumberSet;

    fn len(set: &NumberSet) -> usize {
        set.len()
    }
}

impl SetMember for Vec<u8> {
    type Set = BinarySet;

    fn len(set: &BinarySet) -> usize {
        set.len()
    }
}

/// Serde's `serialize_with`: the collection as a set; a repeated element is an error.
pub fn serialize<'a, C, E, S>(value: &'a C, serializer: S) -> Result<S::Ok, S::Error>
where
    &'a C: IntoIterator<Item = &'a E>,
    E: SetMember + 'a,
    S: Serializer,
{
    let mut count = 0usize;
    let set: E::Set = value.into_iter().inspect(|_| count += 1).cloned().collect();
    let distinct = E::len(&set);
    if distinct != count {
        return Err(S::Error::custom(format!(
            "{count} elements of which {distinct} distinct: a set cannot hold a repeated element"
        )));
    }
    set.serialize(serializer)
}

/// Serde's `deserialize_with`: the collection from a set of the element's type.
pub fn deserialize<'de, C, E, D>(deserializer: D) -> Result<C, D::Error>
where
    C: FromIterator<E>,
    E: SetMember,
    D: Deserializer<'de>,
{
    let set = E::Set::deserialize(deserializer)?;
    Ok(set.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::super::{from_item, to_item};
    use serde::{Deserialize, Serialize};
    use serde_json::json;
    use std::collections::{BTreeSet, HashSet};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Sets {
        #[serde(with = "super")]
        hash: HashSet<String>,
        #[serde(with = "super")]
        tree: BTreeSet<crate::Number>,
        #[serde(with = "super")]
        list: Vec<String>,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Plain {
        hash: HashSet<String>,
    }

    #[test]
    fn sets_write_and_read_as_dynamodb_sets() {
        let sets = Sets {
            hash: ["b".to_owned(), "a".to_owned()].into(),
            tree: ["1".parse().unwrap(), "2.5".parse().unwrap()].into(),
            list: vec!["y".into(), "x".into()],
        };
        let item = to_item(&sets).unwrap();
        assert_eq!(
            serde_json::Value::Object(item.clone()),
            json!({"hash": {"SS": ["a", "b"]}, "tree": {"NS": ["1", "2.5"]}, "list": {"SS": ["x", "y"]}})
        );
        let back: Sets = from_item(&item).unwrap();
        assert_eq!(back.hash, sets.hash);
        assert_eq!(back.tree, sets.tree);
        assert_eq!(back.list, ["x", "y"], "a set reads back in its own order");
    }

    #[test]
    fn a_repeated_element_is_refused_and_a_plain_set_field_refuses_a_set() {
        let repeated = Sets {
            hash: ["a".to_owned()].into(),
            tree: BTreeSet::from(["1".parse().unwrap()]),
            list: vec!["x".into(), "x".into()],
        };
        let err = to_item(&repeated).unwrap_err();
        assert!(err.to_string().contains("list"), "{err}");
        assert!(err.to_string().contains("repeated element"), "{err}");

        let item = json!({"hash": {"SS": ["a"]}});
        let err = from_item::<Plain>(item.as_object().unwrap()).unwrap_err();
        assert!(err.to_string().contains("hash"), "{err}");
        assert!(err.to_string().contains("as_set"), "{err}");
        let err = crate::from_item_json::<Plain>(br#"{"hash": {"SS": ["a"]}}"#).unwrap_err();
        assert!(err.to_string().contains("hash"), "{err}");
        assert!(err.to_string().contains("as_set"), "{err}");
    }
}
