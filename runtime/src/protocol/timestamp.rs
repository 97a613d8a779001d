//! Timestamps on the wire and in parameter values.
//!
//! In a request's parameters a timestamp may be a number (seconds since the epoch, with any
//! fraction) or a string in ISO 8601 / RFC 3339, RFC 822 (HTTP date) or epoch-seconds form.
//! In parsed output every timestamp is an RFC 3339 string in UTC (`2014-04-29T18:30:38Z`,
//! with a fraction only when the wire value had one).

use serde_json::Value;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// A wire format for timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `2014-04-29T18:30:38Z`.
    Iso8601,
    /// `Tue, 29 Apr 2014 18:30:38 GMT`.
    Rfc822,
    /// `1398796238` (seconds, with a fraction when there is one).
    UnixTimestamp,
}

impl TimestampFormat {
    /// Reads a model's `timestampFormat` value.
    pub fn from_model(name: &str) -> Option<Self> {
        match name {
            "iso8601" => Some(Self::Iso8601),
            "rfc822" => Some(Self::Rfc822),
            "unixTimestamp" => Some(Self::UnixTimestamp),
            _ => None,
        }
    }
}

/// Reads a timestamp given in request parameters.
pub fn from_param(value: &Value) -> Result<OffsetDateTime, String> {
    match value {
        Value::Number(n) => {
            let secs = n.as_f64().ok_or("timestamp out of range")?;
            from_epoch_seconds(secs)
        }
        Value::String(s) => parse(s),
        other => Err(format!("expected a timestamp, got {}", describe(other))),
    }
}

/// Parses a timestamp in any format AWS uses on the wire.
pub fn parse(text: &str) -> Result<OffsetDateTime, String> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<f64>() {
        return from_epoch_seconds(secs);
    }
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t.to_offset(UtcOffset::UTC));
    }
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc2822) {
        return Ok(t.to_offset(UtcOffset::UTC));
    }
    let http_date = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    if let Ok(t) = PrimitiveDateTime::parse(text, &http_date) {
        return Ok(t.assume_utc());
    }
    let no_zone = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    if let Ok(t) = PrimitiveDateTime::parse(text, &no_zone) {
        return Ok(t.assume_utc());
    }
    Err(format!("not a timestamp: {text:?}"))
}

fn from_epoch_seconds(secs: f64) -> Result<OffsetDateTime, String> {
    if !secs.is_finite() {
        return Err("timestamp is not a finite number".into());
    }
    // Whole seconds and microseconds apart, so a float's last bits do not shift the fraction.
    let whole = secs.floor();
    let micros = ((secs - whole) * 1e6).round() as i128;
    let nanos = whole as i128 * 1_000_000_000 + micros * 1_000;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|e| e.to_string())
}

/// Writes a timestamp in a wire format.
pub fn format(t: OffsetDateTime, format: TimestampFormat) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    match format {
        TimestampFormat::Iso8601 if (0..=9999).contains(&t.year()) => iso8601(t),
        TimestampFormat::Iso8601 => {
            let millis = t.millisecond();
            if millis == 0 {
                t.format(format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
                ))
            } else {
                t.format(format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
                ))
            }
            .expect("a UTC timestamp formats")
        }
        TimestampFormat::Rfc822 => t
            .format(format_description!(
                "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
            ))
            .expect("a UTC timestamp formats"),
        TimestampFormat::UnixTimestamp => {
            let millis = t.millisecond();
            if millis == 0 {
                t.unix_timestamp().to_string()
            } else {
                format!("{}.{:03}", t.unix_timestamp(), millis)
            }
        }
    }
}

/// `YYYY-MM-DDThh:mm:ss[.mmm]Z` for a UTC time of a four-digit year, digit by digit: the
/// general formatter costs several times more, and every listed object has a timestamp.
fn iso8601(t: OffsetDateTime) -> String {
    fn digits(out: &mut Vec<u8>, value: u32, width: u32) {
        for place in (0..width).rev() {
            out.push(b'0' + (value / 10u32.pow(place) % 10) as u8);
        }
    }
    let mut out = Vec::with_capacity(24);
    digits(&mut out, t.year() as u32, 4);
    out.push(b'-');
    digits(&mut out, u32::from(u8::from(t.month())), 2);
    out.push(b'-');
    digits(&mut out, u32::from(t.day()), 2);
    out.push(b'T');
    digits(&mut out, u32::from(t.hour()), 2);
    out.push(b':');
    digits(&mut out, u32::from(t.minute()), 2);
    out.push(b':');
    digits(&mut out, u32::from(t.second()), 2);
    let millis = t.millisecond();
    if millis != 0 {
        out.push(b'.');
        digits(&mut out, u32::from(millis), 3);
    }
    out.push(b'Z');
    String::from_utf8(out).expect("ASCII digits and separators")
}

/// The parsed-output form of a timestamp: an RFC 3339 string in UTC.
pub fn to_output(t: OffsetDateTime) -> Value {
    Value::String(format(t, TimestampFormat::Iso8601))
}

/// The parsed-output form of a wire timestamp, or an error naming it.
pub fn parse_to_output(text: &str) -> Result<Value, String> {
    parse(text).map(to_output)
}

/// Names a JSON value's type for error messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.len() <= 40 => format!("string {s:?}"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_param_form_to_the_same_instant() {
        let expected = 1398796238;
        for v in [
            Value::from(1398796238),
            Value::from(1398796238.0),
            Value::from("2014-04-29T18:30:38Z"),
            Value::from("2014-04-29T18:30:38+00:00"),
            Value::from("Tue, 29 Apr 2014 18:30:38 GMT"),
            Value::from("1398796238"),
        ] {
            assert_eq!(from_param(&v).unwrap().unix_timestamp(), expected, "{v}");
        }
        assert!(from_param(&Value::from(true)).is_err());
    }

    #[test]
    fn writes_each_wire_format() {
        let t = from_param(&Value::from(1398796238.123)).unwrap();
        assert_eq!(
            format(t, TimestampFormat::Iso8601),
            "2014-04-29T18:30:38.123Z"
        );
        assert_eq!(format(t, TimestampFormat::UnixTimestamp), "1398796238.123");
        let whole = from_param(&Value::from(1398796238)).unwrap();
        assert_eq!(
            format(whole, TimestampFormat::Rfc822),
            "Tue, 29 Apr 2014 18:30:38 GMT"
        );
        assert_eq!(format(whole, TimestampFormat::UnixTimestamp), "1398796238");
    }

    /// The direct ISO 8601 writer agrees with the general formatter across the years it
    /// takes (leap days, the ends of the range, with and without milliseconds).
    #[test]
    fn iso8601_is_written_as_the_general_formatter_writes_it() {
        let general = |t: OffsetDateTime| {
            let description = if t.millisecond() == 0 {
                format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z")
            } else {
                format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
                )
            };
            t.format(description).unwrap()
        };
        let mut seconds = -62_167_219_200i64; // 0000-01-01T00:00:00Z
        let end = 253_402_300_799i64; // 9999-12-31T23:59:59Z
        let mut n = 0u64;
        while seconds <= end {
            let millis = if n.is_multiple_of(3) {
                0
            } else {
                (n % 1000) as i64
            };
            let t = OffsetDateTime::from_unix_timestamp(seconds).unwrap()
                + time::Duration::milliseconds(millis);
            assert_eq!(iso8601(t), general(t), "{seconds} + {millis} ms");
            assert_eq!(format(t, TimestampFormat::Iso8601), general(t));
            seconds += 7_777_777 + (n as i64 * 8_191) % 86_400;
            n += 1;
        }
        let leap = OffsetDateTime::from_unix_timestamp(951_782_400).unwrap(); // 2000-02-29
        assert_eq!(iso8601(leap), "2000-02-29T00:00:00Z");
        let before_year_zero = OffsetDateTime::from_unix_timestamp(-62_167_219_201).unwrap();
        assert_eq!(
            format(before_year_zero, TimestampFormat::Iso8601),
            general(before_year_zero)
        );
    }
}
