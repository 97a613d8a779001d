//! Serde helpers for generated resource types: converting JSON values to typed Rust and
//! back, and the two scalar types JSON lacks (timestamps and bytes), in the runtime's value
//! conventions (RFC 3339 strings; base64 strings).

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use time::OffsetDateTime;

use rboto_runtime::error::Error;
use rboto_runtime::protocol::{blob, timestamp};

/// Reads a typed value from JSON; a mismatch is a response error naming the Rust type.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| {
        Error::response(format!(
            "cannot read a {} from the response: {e}",
            std::any::type_name::<T>()
        ))
    })
}

/// Reads an optional typed value (an attribute that may be absent).
pub fn opt<T: DeserializeOwned>(value: Option<Value>) -> Result<Option<T>, Error> {
    value.map(from_value).transpose()
}

/// Writes a typed value as JSON (for action inputs and filters). Values that JSON cannot
/// hold (maps with non-string keys) become `null`; generated types never have them.
pub fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A timestamp attribute or parameter. In JSON an RFC 3339 string in UTC; reads any
/// timestamp form AWS uses (RFC 3339, HTTP dates, epoch seconds as a number or string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(OffsetDateTime);

impl DateTime {
    /// The time as a `time::OffsetDateTime` in UTC.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }

    /// Seconds since the Unix epoch.
    pub fn unix_timestamp(&self) -> i64 {
        self.0.unix_timestamp()
    }
}

impl From<OffsetDateTime> for DateTime {
    fn from(t: OffsetDateTime) -> Self {
        DateTime(t.to_offset(time::UtcOffset::UTC))
    }
}

impl From<DateTime> for OffsetDateTime {
    fn from(t: DateTime) -> Self {
        t.0
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&timestamp::format(
            self.0,
            timestamp::TimestampFormat::Iso8601,
        ))
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        timestamp::from_param(&value)
            .map(DateTime::from)
            .map_err(serde::de::Error::custom)
    }
}

/// Bytes. In JSON a base64 string (standard alphabet, padded).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// The bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Blob(bytes.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Self {
        Blob(text.as_bytes().to_vec())
    }
}

impl From<Blob> for Vec<u8> {
    fn from(blob: Blob) -> Self {
        blob.0
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&blob::encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        blob::decode(&text)
            .map(Blob)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn datetime_reads_every_wire_form_and_writes_rfc3339() {
        let a: DateTime = from_value(json!("2014-04-29T18:30:38Z")).unwrap();
        let b: DateTime = from_value(json!(1398796238)).unwrap();
        let c: DateTime = from_value(json!("Tue, 29 Apr 2014 18:30:38 GMT")).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(to_value(&a), json!("2014-04-29T18:30:38Z"));
        assert_eq!(a.to_string(), "2014-04-29T18:30:38Z");
        assert_eq!(a.unix_timestamp(), 1398796238);
    }

    #[test]
    fn blob_is_base64_in_json() {
        let blob = Blob::from("hello");
        assert_eq!(to_value(&blob), json!("aGVsbG8="));
        let back: Blob = from_value(json!("aGVsbG8=")).unwrap();
        assert_eq!(back.as_ref(), b"hello");
        assert_eq!(format!("{back:?}"), "Blob(5 bytes)");
    }

    #[test]
    fn a_type_mismatch_names_the_type() {
        let err = from_value::<u32>(json!("x")).unwrap_err();
        assert!(err.is_response());
        assert!(err.to_string().contains("u32"), "{err}");
        assert_eq!(opt::<u32>(None).unwrap(), None);
        assert_eq!(opt::<u32>(Some(json!(3))).unwrap(), Some(3));
    }
}
