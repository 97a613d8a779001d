//! One item type for the table and its stream: [`from_stream_record`] decodes a DynamoDB
//! Streams record's `NewImage` and `OldImage` into the same `T` the table reads, as the
//! `dynamodbstreams` API's `GetRecords` returns them, and [`from_lambda_event`] does the same
//! for every record of the event JSON a Lambda function receives from a stream (both carry
//! images in DynamoDB's attribute-value JSON, so one reader serves both).
//!
//! ```
//! use rboto_dynamodb::{from_lambda_event, ChangeKind};
//!
//! #[derive(serde::Deserialize, Debug, PartialEq)]
//! struct User { id: String, visits: u32 }
//!
//! let event = br#"{"Records": [{
//!     "eventID": "1", "eventName": "MODIFY", "eventSource": "aws:dynamodb",
//!     "dynamodb": {
//!         "Keys": {"id": {"S": "u1"}},
//!         "NewImage": {"id": {"S": "u1"}, "visits": {"N": "2"}},
//!         "OldImage": {"id": {"S": "u1"}, "visits": {"N": "1"}},
//!         "SequenceNumber": "111", "StreamViewType": "NEW_AND_OLD_IMAGES"
//!     }
//! }]}"#;
//! let changes = from_lambda_event::<User>(event)?;
//! assert_eq!(changes[0].kind, ChangeKind::Modify);
//! assert_eq!(changes[0].new, Some(User { id: "u1".into(), visits: 2 }));
//! assert_eq!(changes[0].old.as_ref().map(|u| u.visits), Some(1));
//! # Ok::<(), rboto_runtime::Error>(())
//! ```

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{from_item, AttributeMap};
use rboto_runtime::error::Error;

/// What happened to the item (`eventName`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChangeKind {
    /// `INSERT`: a new item.
    Insert,
    /// `MODIFY`: an item changed.
    Modify,
    /// `REMOVE`: an item deleted.
    Remove,
    /// A name this version does not know, kept as given.
    Other(String),
}

/// One stream record, its images decoded as `T`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StreamChange<T> {
    /// What happened.
    pub kind: ChangeKind,
    /// The key attributes of the item (`Keys`).
    pub keys: AttributeMap,
    /// The item after the change (`NewImage`), when the stream carries it.
    pub new: Option<T>,
    /// The item before the change (`OldImage`), when the stream carries it.
    pub old: Option<T>,
    /// The record's `SequenceNumber`.
    pub sequence_number: Option<String>,
}

/// Decodes one stream record: a `Records[i]` element of `GetRecords` or of a Lambda event
/// (`{"eventName": .., "dynamodb": {..}}`). An image that does not fit `T` is an error
/// naming the image and the attribute.
pub fn from_stream_record<T: DeserializeOwned>(record: &Value) -> Result<StreamChange<T>, Error> {
    let kind = match record.get("eventName").and_then(Value::as_str) {
        Some("INSERT") => ChangeKind::Insert,
        Some("MODIFY") => ChangeKind::Modify,
        Some("REMOVE") => ChangeKind::Remove,
        Some(other) => ChangeKind::Other(other.to_owned()),
        None => {
            return Err(Error::response(
                "DynamoDB stream record: no eventName (expected a Records element)".to_owned(),
            ))
        }
    };
    let Some(Value::Object(inner)) = record.get("dynamodb") else {
        return Err(Error::response(
            "DynamoDB stream record: no `dynamodb` object with the images".to_owned(),
        ));
    };
    let image = |name: &str| -> Result<Option<T>, Error> {
        match inner.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(item)) => from_item(item)
                .map(Some)
                .map_err(|e| Error::response(format!("DynamoDB stream record {name}: {e}"))),
            Some(other) => Err(Error::response(format!(
                "DynamoDB stream record {name}: expected an item, found {other}"
            ))),
        }
    };
    Ok(StreamChange {
        kind,
        keys: inner
            .get("Keys")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        new: image("NewImage")?,
        old: image("OldImage")?,
        sequence_number: inner
            .get("SequenceNumber")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// Decodes every record of a DynamoDB stream event as a Lambda function receives it
/// (`{"Records": [..]}`), or of a `GetRecords` output, which has the same shape.
pub fn from_lambda_event<T: DeserializeOwned>(json: &[u8]) -> Result<Vec<StreamChange<T>>, Error> {
    let event: Value = serde_json::from_slice(json)
        .map_err(|e| Error::response(format!("DynamoDB stream event: not JSON: {e}")))?;
    let Some(records) = event.get("Records").and_then(Value::as_array) else {
        return Err(Error::response(
            "DynamoDB stream event: no `Records` array".to_owned(),
        ));
    };
    records
        .iter()
        .enumerate()
        .map(|(i, record)| {
            from_stream_record(record).map_err(|e| Error::response(format!("Records[{i}]: {e}")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct User {
        id: String,
        visits: u8,
    }

    #[test]
    fn a_remove_has_only_the_old_image() {
        let record = json!({"eventName": "REMOVE", "dynamodb": {
            "Keys": {"id": {"S": "u1"}},
            "OldImage": {"id": {"S": "u1"}, "visits": {"N": "3"}}
        }});
        let change = from_stream_record::<User>(&record).unwrap();
        assert_eq!(change.kind, ChangeKind::Remove);
        assert_eq!(change.new, None);
        assert_eq!(change.old.unwrap().visits, 3);
        assert_eq!(change.keys["id"], json!({"S": "u1"}));
    }

    #[test]
    fn an_image_that_does_not_fit_names_the_record_image_and_attribute() {
        let event = br#"{"Records": [
            {"eventName": "INSERT", "dynamodb": {"NewImage": {"id": {"S": "a"}, "visits": {"N": "1"}}}},
            {"eventName": "INSERT", "dynamodb": {"NewImage": {"id": {"S": "b"}, "visits": {"N": "300"}}}}
        ]}"#;
        let err = from_lambda_event::<User>(event).unwrap_err().to_string();
        assert!(err.contains("Records[1]"), "{err}");
        assert!(err.contains("NewImage"), "{err}");
        assert!(err.contains("visits"), "{err}");
    }
}
