//! Ways into [`DateTime`] and [`Blob`] from what a program holds: the clock, epoch seconds,
//! `std` and `time` types for timestamps; strings, slices, arrays and `Bytes` for bytes. A
//! setter taking a timestamp or a blob takes anything `Into` it.

use std::time::SystemTime;

use bytes::Bytes;
use time::{OffsetDateTime, PrimitiveDateTime, UtcDateTime};

use super::typed::{Blob, DateTime};
use rboto_runtime::error::Error;

impl DateTime {
    /// The current time (boto3 users write `datetime.now(timezone.utc)`).
    pub fn now() -> DateTime {
        DateTime::from(OffsetDateTime::now_utc())
    }

    /// The time `seconds` after the Unix epoch (before it when negative); an error naming the
    /// value when it lies outside the years -9999 to 9999.
    #[doc(alias = "fromtimestamp")]
    pub fn from_unix_timestamp(seconds: i64) -> Result<DateTime, Error> {
        OffsetDateTime::from_unix_timestamp(seconds)
            .map(DateTime::from)
            .map_err(|e| Error::model(format!("{seconds} seconds since the epoch: {e}")))
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        DateTime::from(OffsetDateTime::from(time))
    }
}

impl From<DateTime> for SystemTime {
    fn from(time: DateTime) -> Self {
        SystemTime::from(time.as_offset_date_time())
    }
}

impl From<UtcDateTime> for DateTime {
    fn from(time: UtcDateTime) -> Self {
        DateTime::from(time.to_offset(time::UtcOffset::UTC))
    }
}

/// A date and time without an offset, read as UTC (as AWS reads timestamps without one).
impl From<PrimitiveDateTime> for DateTime {
    fn from(time: PrimitiveDateTime) -> Self {
        DateTime::from(time.assume_utc())
    }
}

impl From<String> for Blob {
    fn from(text: String) -> Self {
        Blob::from(text.into_bytes())
    }
}

impl From<Bytes> for Blob {
    fn from(bytes: Bytes) -> Self {
        Blob::from(Vec::from(bytes))
    }
}

impl<const N: usize> From<&[u8; N]> for Blob {
    fn from(bytes: &[u8; N]) -> Self {
        Blob::from(&bytes[..])
    }
}

impl<const N: usize> From<[u8; N]> for Blob {
    fn from(bytes: [u8; N]) -> Self {
        Blob::from(bytes.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps_come_from_the_clock_epoch_seconds_and_time_types_alike() {
        let moment = DateTime::from_unix_timestamp(1_767_225_600).unwrap();
        assert_eq!(moment.to_string(), "2026-01-01T00:00:00Z");
        let system = UNIX_EPOCH + Duration::from_secs(1_767_225_600);
        assert_eq!(DateTime::from(system), moment);
        assert_eq!(SystemTime::from(moment), system);
        let primitive = time::macros::datetime!(2026-01-01 00:00:00);
        assert_eq!(DateTime::from(primitive), moment);
        assert_eq!(DateTime::from(primitive.assume_utc().to_utc()), moment);
        let before = DateTime::from(SystemTime::now()).unix_timestamp();
        let now = DateTime::now().unix_timestamp();
        assert!((before..=before + 5).contains(&now), "{before} {now}");
        let far = DateTime::from_unix_timestamp(i64::MAX).unwrap_err();
        assert!(far.to_string().contains(&i64::MAX.to_string()), "{far}");
    }

    #[test]
    fn blobs_come_from_text_slices_arrays_and_bytes_alike() {
        let expected = Blob::from(b"hi".to_vec());
        assert_eq!(Blob::from("hi"), expected);
        assert_eq!(Blob::from(String::from("hi")), expected);
        assert_eq!(Blob::from(&b"hi"[..]), expected);
        assert_eq!(Blob::from(b"hi"), expected);
        assert_eq!(Blob::from(*b"hi"), expected);
        assert_eq!(Blob::from(Bytes::from_static(b"hi")), expected);
    }
}
