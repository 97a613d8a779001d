//! DynamoDB items through serde: any `Serialize` type to an item, any `Deserialize` type
//! from one.
//!
//! DynamoDB's wire format tags every value with its type (`{"S": "Ada"}`, `{"N": "36"}`).
//! [`to_item`] and [`from_item`] convert whole items (an [`AttributeMap`]);
//! [`to_attribute_value`] and [`from_attribute_value`] convert single values, for
//! expression values and keys.
//!
//! ```
//! use rboto_dynamodb::{from_item, to_item, StringSet};
//! use serde::{Deserialize, Serialize};
//! use serde_json::json;
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct User {
//!     id: String,
//!     age: u32,
//!     score: f64,
//!     tags: StringSet,
//!     #[serde(skip_serializing_if = "Option::is_none")]
//!     nickname: Option<String>,
//! }
//!
//! let ada = User {
//!     id: "u1".into(),
//!     age: 36,
//!     score: 0.1,
//!     tags: ["admin", "math"].into_iter().collect(),
//!     nickname: None,
//! };
//! let item = to_item(&ada)?;
//! assert_eq!(
//!     serde_json::Value::Object(item.clone()),
//!     json!({
//!         "id": {"S": "u1"},
//!         "age": {"N": "36"},
//!         "score": {"N": "0.1"},
//!         "tags": {"SS": ["admin", "math"]},
//!     })
//! );
//! assert_eq!(from_item::<User>(&item)?, ada);
//! # Ok::<(), rboto_runtime::Error>(())
//! ```
//!
//! # How Rust values map
//!
//! | Rust | DynamoDB |
//! |---|---|
//! | `String`, `&str`, `char`, unit enum variants | `S` |
//! | integers, floats, [`Number`] | `N` |
//! | bytes through `serde_bytes` or `bytes::Bytes` | `B` (base64 in the wire JSON) |
//! | `bool` | `BOOL` |
//! | `None`, `()` | `NULL` (leave the attribute out with `skip_serializing_if`) |
//! | structs, maps, enum variants with data (`{"Variant": …}`) | `M` |
//! | `Vec`, slices, tuples, `HashSet`/`BTreeSet` | `L` |
//! | [`StringSet`], [`NumberSet`], [`BinarySet`] | `SS`, `NS`, `BS` |
//!
//! A plain `Vec<u8>` is a list of numbers, as serde defines it; wrap it with `serde_bytes`
//! to store binary.
//!
//! # Numbers: no `Decimal` versus `float` trap
//!
//! boto3 refuses Python floats when writing (`TypeError: Float types are not supported`) and
//! returns every number as a `Decimal`, so code fills up with conversions. Here a float field
//! is written as its shortest exact decimal (`0.1`, not `0.1000000000000000055…`) and reads
//! back as the same float; an integer field reads as that integer. Nothing is rounded
//! silently: NaN, infinities and floats outside DynamoDB's range are errors when writing,
//! and a stored number that does not fit the field's type (`300` into a `u8`, 20 digits into
//! an `f64`) is an error when reading. [`Number`] keeps all 38 digits DynamoDB stores.
//!
//! # Untyped values
//!
//! Reading into `serde_json::Value`, untagged or internally tagged enums and
//! `#[serde(flatten)]` fields goes through serde's self-describing path, which offers each
//! number in its natural form: `i64` or `u64` for whole numbers that fit, `f64` when that
//! is exact. What such a loose type could only store back changed is refused with an error
//! naming the attribute: a number that fits none of those (a JSON number cannot hold it
//! without serde_json's `arbitrary_precision`, and as text it would be written back as
//! `S`), and a set (it would be written back as a list). Binary has no JSON form, so
//! reading `B` into a `serde_json::Value` is an error too. [`Document`] holds every
//! attribute type exactly; use it for schemaless items, or give such attributes typed
//! fields ([`Number`], [`StringSet`], ...). serde buffers these values before the field's
//! own type sees them, so there an integer beyond 2^53 read into an `f64` field is
//! converted by serde, not checked here; typed fields outside such enums and flattened
//! maps are always checked.
//!
//! # Tables, expressions and transactions
//!
//! [`Item`] types declare their key schema (`#[derive(Item)]` in `rboto::dynamodb`);
//! [`ItemTable`] (and the generated `rboto::dynamodb::Table`) puts, gets, updates, deletes,
//! queries and scans them, with conditions, updates and projections from [`expression`];
//! [`TransactWrite`] and [`TransactGet`] group writes and reads across tables.
//!
//! # Errors
//!
//! Writing fails with a validation error ([`Error::is_validation`]) before anything is sent;
//! reading fails with a response error ([`Error::is_response`]). Both name the attribute
//! path at fault, such as `items[3].tags: an empty string set (SS) cannot be stored …`.
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs, unreachable_pub)]

mod after_call;
pub mod as_set;
mod backoff;
mod batch_get;
mod batch_in_flight;
mod batch_keys;
mod batch_put_extensions;
mod batch_text;
mod batch_writer;
mod composed;
mod create_table;
mod de;
mod de_json;
mod description;
mod document;
pub mod epoch_seconds;
pub mod expression;
mod extensions;
mod index_query;
mod item;
mod locking;
#[cfg(test)]
mod loose_reads;
mod number;
mod page_body;
mod partiql;
mod path_error;
mod projection_of;
mod query;
mod ser;
mod ser_text;
mod sets;
mod stream_record;
mod table;
mod transaction;
mod transaction_error;
mod write;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use backoff::Backoff;
pub use batch_get::{BatchGetError, BatchGetStats, BatchGetter, MAX_BATCH_GET};
pub use batch_writer::{
    BatchWriteError, BatchWriteStats, BatchWriter, WriteRequest, MAX_BATCH_WRITE,
};
pub use create_table::{create_table_params, Billing, CreateTable, StreamView};
pub use description::{
    ComposedKey, EpochTime, IndexKind, IndexProjection, ItemDescription, KeyAttribute, ScalarType,
    SecondaryIndex,
};
pub use document::{Document, DocumentLiteral};
pub use number::{Number, MAX_DIGITS};
use rboto_runtime::Error;
pub use sets::{BinarySet, NumberSet, StringSet};
pub use stream_record::{from_lambda_event, from_stream_record, ChangeKind, StreamChange};

pub use expression::{
    Attr, AttributeType, BuiltExpressions, Condition, Expressions, Key, KeyCondition, KeyTemplate,
    Operand, Path, Projection, Size, Update,
};
pub use index_query::IndexQuery;
pub use item::{key_attributes, Item, KeySchema};
pub use partiql::{BatchExecute, BatchOutcome, Execute, Statement, MAX_BATCH_STATEMENTS};
pub use query::{Page, Query, Scan};
pub use table::{DeleteItem, Get, ItemTable, Put, PutOutput, UpdateItem};
pub use transaction::{CancellationReason, TableName, TransactGet, TransactWrite};
pub use transaction_error::TransactionErrorExt;

use de::{Attr as WireValue, AttributeValueDeserializer};
use path_error::PathError;
use ser::AttributeValueSerializer;

/// A DynamoDB item in wire form: attribute names to attribute values,
/// `{"name": {"S": "Ada"}, "age": {"N": "36"}}`.
pub type AttributeMap = Map<String, Value>;

/// Parameters holding one member, built directly: `json!({name: value})` would copy `value`
/// through serde, which for a batch of items is most of a request's cost.
fn params_with(name: &str, value: Value) -> Value {
    let mut params = Map::with_capacity(1);
    params.insert(name.to_owned(), value);
    Value::Object(params)
}

fn write_error(error: PathError) -> Error {
    Error::validation(vec![error.to_string()])
}

fn read_error(error: PathError, what: &str, target: &str) -> Error {
    Error::response(format!("DynamoDB {what} does not fit {target}: {error}"))
}

/// Converts a struct or map into a DynamoDB item.
///
/// Fails (naming the attribute path) for values DynamoDB cannot store exactly: NaN or
/// infinite floats, numbers beyond 38 digits or DynamoDB's range, empty sets, and values
/// that are not a struct or map at the top.
///
/// ```
/// use rboto_dynamodb::to_item;
/// use serde_json::json;
///
/// let item = to_item(&json!({"pk": "user#1", "visits": 3}))?;
/// assert_eq!(item["visits"], json!({"N": "3"}));
/// assert!(to_item(&"just a string").is_err());
/// # Ok::<(), rboto_runtime::Error>(())
/// ```
pub fn to_item<T: Serialize + ?Sized>(value: &T) -> Result<AttributeMap, Error> {
    let value = value
        .serialize(AttributeValueSerializer)
        .map_err(write_error)?;
    match ser::untag(value) {
        (tag, Value::Object(map)) if tag == "M" => Ok(map),
        (tag, _) => Err(write_error(PathError::new(format!(
            "an item must be a struct or map, not {}",
            ser::describe_tag(&tag)
        )))),
    }
}

/// Reads a type out of a DynamoDB item (as `GetItem`, `Query` and `Scan` return them).
///
/// Fails, naming the attribute path, when an attribute does not fit the field it goes to:
/// the wrong type, a number that overflows or would lose precision, a missing field.
///
/// ```
/// use rboto_dynamodb::from_item;
/// use serde::Deserialize;
/// use serde_json::json;
///
/// #[derive(Deserialize, Debug)]
/// struct Visit { pk: String, visits: u8 }
///
/// let item = json!({"pk": {"S": "user#1"}, "visits": {"N": "3"}});
/// let visit: Visit = from_item(item.as_object().unwrap())?;
/// assert_eq!((visit.pk.as_str(), visit.visits), ("user#1", 3));
///
/// let too_big = json!({"pk": {"S": "user#1"}, "visits": {"N": "300"}});
/// let err = from_item::<Visit>(too_big.as_object().unwrap()).unwrap_err();
/// assert!(err.to_string().contains("visits: number 300 does not fit in u8"));
/// # Ok::<(), rboto_runtime::Error>(())
/// ```
pub fn from_item<T: DeserializeOwned>(item: &AttributeMap) -> Result<T, Error> {
    T::deserialize(AttributeValueDeserializer::new(WireValue::M(item)))
        .map_err(|e| read_error(e, "item", std::any::type_name::<T>()))
}

/// Converts one value into an attribute value (`7` → `{"N": "7"}`).
///
/// ```
/// use rboto_dynamodb::to_attribute_value;
/// use serde_json::json;
///
/// assert_eq!(to_attribute_value(&7)?, json!({"N": "7"}));
/// assert_eq!(to_attribute_value("Ada")?, json!({"S": "Ada"}));
/// assert_eq!(to_attribute_value(&Some(vec![true]))?, json!({"L": [{"BOOL": true}]}));
/// assert!(to_attribute_value(&f64::NAN).is_err());
/// # Ok::<(), rboto_runtime::Error>(())
/// ```
pub fn to_attribute_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    value
        .serialize(AttributeValueSerializer)
        .map_err(write_error)
}

/// Reads a type out of one attribute value (`{"N": "7"}` → `7`).
///
/// ```
/// use rboto_dynamodb::{from_attribute_value, Number};
/// use serde_json::json;
///
/// let n: u64 = from_attribute_value(&json!({"N": "7"}))?;
/// assert_eq!(n, 7);
/// let exact: Number = from_attribute_value(&json!({"N": "0.12345678901234567890123456789"}))?;
/// assert_eq!(exact.to_string(), "0.12345678901234567890123456789");
/// assert!(from_attribute_value::<f64>(&json!({"N": "0.12345678901234567890123456789"})).is_err());
/// # Ok::<(), rboto_runtime::Error>(())
/// ```
pub fn from_attribute_value<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    let target = std::any::type_name::<T>();
    let attr = WireValue::classify(value).map_err(|e| read_error(e, "attribute value", target))?;
    T::deserialize(AttributeValueDeserializer::new(attr))
        .map_err(|e| read_error(e, "attribute value", target))
}

/// Reads a type straight out of an item's JSON text (DynamoDB JSON, as in a table export
/// or a stream record), without first building a `serde_json::Value` of it. Query and scan
/// pages are read this way.
///
/// Converts exactly as [`from_item`] does. When the text does not fit `T`, it is read again
/// through [`from_item`] so the error names the attribute path at fault.
///
/// ```
/// use rboto_dynamodb::from_item_json;
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug)]
/// struct Visit { pk: String, visits: u8 }
///
/// let visit: Visit = from_item_json(br#"{"pk": {"S": "user#1"}, "visits": {"N": "3"}}"#)?;
/// assert_eq!((visit.pk.as_str(), visit.visits), ("user#1", 3));
///
/// let err = from_item_json::<Visit>(br#"{"pk": {"S": "user#1"}, "visits": {"N": "300"}}"#)
///     .unwrap_err();
/// assert!(err.to_string().contains("visits: number 300 does not fit in u8"));
/// # Ok::<(), rboto_runtime::Error>(())
/// ```
pub fn from_item_json<T: DeserializeOwned>(json: &[u8]) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(json);
    match de_json::item(&mut de).and_then(|item| de.end().map(|()| item)) {
        Ok(item) => Ok(item),
        Err(_) => match serde_json::from_slice::<Value>(json) {
            Ok(Value::Object(item)) => from_item(&item),
            Ok(other) => Err(read_error(
                PathError::new(format!(
                    "an item must be a map of attribute values, found {}",
                    rboto_runtime::protocol::timestamp::describe(&other)
                )),
                "item",
                std::any::type_name::<T>(),
            )),
            Err(e) => Err(Error::response(format!(
                "DynamoDB item: the text is not JSON: {e}"
            ))),
        },
    }
}

/// Reads a type that may borrow strings from the item (`&str` fields), without copying.
///
/// ```
/// use rboto_dynamodb::from_item_borrowed;
/// use serde::Deserialize;
/// use serde_json::json;
///
/// #[derive(Deserialize)]
/// struct View<'a> { pk: &'a str }
///
/// let item = json!({"pk": {"S": "user#1"}});
/// let view: View = from_item_borrowed(item.as_object().unwrap())?;
/// assert_eq!(view.pk, "user#1");
/// # Ok::<(), rboto_runtime::Error>(())
/// ```
pub fn from_item_borrowed<'a, T: Deserialize<'a>>(item: &'a AttributeMap) -> Result<T, Error> {
    T::deserialize(AttributeValueDeserializer::new(WireValue::M(item)))
        .map_err(|e| read_error(e, "item", std::any::type_name::<T>()))
}
