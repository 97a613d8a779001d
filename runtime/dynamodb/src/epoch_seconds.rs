//! `#[serde(with = "rboto::dynamodb::epoch_seconds")]`: a time field (`SystemTime`,
//! `time::OffsetDateTime`, or an `Option` of either) stored as whole seconds since the Unix
//! epoch, a number (`N`), which is what DynamoDB's time to live reads. The sub-second part
//! is dropped on write; a stored number that is not a whole number of seconds is refused on
//! read, naming the attribute.
//!
//! ```
//! use rboto_dynamodb::{epoch_seconds, from_item, to_item};
//! use serde::{Deserialize, Serialize};
//! use std::time::{Duration, SystemTime};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Session {
//!     id: String,
//!     #[serde(with = "epoch_seconds")]
//!     expires: SystemTime,
//! }
//!
//! let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
//! let item = to_item(&Session { id: "s1".into(), expires: at })?;
//! assert_eq!(item["expires"], serde_json::json!({"N": "1800000000"}));
//! assert_eq!(from_item::<Session>(&item)?.expires, at);
//! # Ok::<(), rboto_runtime::Error>(())
//! ```

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

use super::description::EpochTime;

/// A value `#[serde(with = "epoch_seconds")]` accepts: a time, or an optional time.
pub trait EpochField: Sized {
    /// Writes the value as epoch seconds (or none).
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value from epoch seconds (or none).
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<T: EpochTime> EpochField for T {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.to_epoch_seconds())
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let seconds = i64::deserialize(deserializer)?;
        T::from_epoch_seconds(seconds).ok_or_else(|| {
            D::Error::custom(format!(
                "{seconds} seconds since the epoch is out of range for {}",
                std::any::type_name::<T>()
            ))
        })
    }
}

impl<T: EpochTime> EpochField for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(time) => serializer.serialize_i64(time.to_epoch_seconds()),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Option::<i64>::deserialize(deserializer)? {
            None => Ok(None),
            Some(seconds) => T::from_epoch_seconds(seconds).map(Some).ok_or_else(|| {
                D::Error::custom(format!(
                    "{seconds} seconds since the epoch is out of range for {}",
                    std::any::type_name::<T>()
                ))
            }),
        }
    }
}

/// Serde's `serialize_with`: the time as epoch seconds.
pub fn serialize<T: EpochField, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// Serde's `deserialize_with`: the time from epoch seconds.
pub fn deserialize<'de, T: EpochField, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::read(deserializer)
}

#[cfg(test)]
mod tests {
    use super::super::{from_item, to_item};
    use serde::{Deserialize, Serialize};
    use serde_json::json;
    use std::time::{Duration, SystemTime};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Times {
        #[serde(with = "super")]
        system: SystemTime,
        #[serde(with = "super")]
        offset: time::OffsetDateTime,
        #[serde(with = "super", default, skip_serializing_if = "Option::is_none")]
        maybe: Option<SystemTime>,
    }

    #[test]
    fn times_are_whole_epoch_seconds_both_ways() {
        let times = Times {
            system: SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_900),
            offset: time::macros::datetime!(1969-12-31 23:59:58 UTC),
            maybe: None,
        };
        let item = to_item(&times).unwrap();
        assert_eq!(
            serde_json::Value::Object(item.clone()),
            json!({"system": {"N": "1700000000"}, "offset": {"N": "-2"}})
        );
        let back: Times = from_item(&item).unwrap();
        assert_eq!(
            back.system,
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
        );
        assert_eq!(back.offset, times.offset);
        assert_eq!(back.maybe, None);
    }

    #[test]
    fn a_fraction_of_a_second_is_refused_naming_the_attribute() {
        let item = json!({"system": {"N": "1.5"}, "offset": {"N": "0"}});
        let err = from_item::<Times>(item.as_object().unwrap()).unwrap_err();
        assert!(err.to_string().contains("system"), "{err}");
    }

    #[test]
    fn before_the_epoch_counts_down_to_the_earlier_second() {
        use super::super::description::EpochTime;
        let t = SystemTime::UNIX_EPOCH - Duration::from_millis(1500);
        assert_eq!(t.to_epoch_seconds(), -2);
    }
}
