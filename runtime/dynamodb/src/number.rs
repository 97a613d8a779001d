//! [`Number`]: DynamoDB's exact decimal number (`N`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use rboto_runtime::Error;

/// Newtype name that tells rboto's item serializer to write a number (`N`) rather than a
/// string. Other serializers see an ordinary newtype around the number's text.
pub(crate) const NUMBER_TOKEN: &str = "\u{0}rboto::dynamodb::Number";

/// Most significant digits DynamoDB stores.
pub const MAX_DIGITS: usize = 38;
/// Smallest decimal exponent of a non-zero number (`1E-130`).
const MIN_EXPONENT: i64 = -130;
/// Largest decimal exponent of a number (`9.99…E+125`).
const MAX_EXPONENT: i64 = 125;

/// An exact decimal number as DynamoDB stores it: up to 38 significant digits, magnitude
/// from `1E-130` to `9.9999999999999999999999999999999999999E+125`, or zero.
///
/// boto3 hands every number back as a `Decimal` and refuses Python floats outright; rboto
/// reads a number straight into the Rust type a field asks for (`u32`, `i64`, `f64`, …) and
/// fails loudly when it does not fit, so nothing is rounded behind your back. Use `Number`
/// where a value needs all 38 digits or its type is not known in advance.
///
/// Equality, ordering and hashing follow the numeric value: `1.50`, `1.5` and `15E-1` are
/// the same number, and it is written back as `1.5`.
///
/// ```
/// use rboto_dynamodb::Number;
///
/// let price: Number = "19.990".parse()?;
/// assert_eq!(price.to_string(), "19.99");
/// assert_eq!(price, "1999E-2".parse()?);
/// assert!(price < Number::from(20));
///
/// // Floats convert through their shortest exact decimal, and back without loss.
/// let third = Number::try_from(1.0_f64 / 3.0)?;
/// assert_eq!(third.to_string(), "0.3333333333333333");
/// assert_eq!(third.to_f64()?, 1.0 / 3.0);
///
/// // More digits than DynamoDB keeps is an error, not a rounding.
/// assert!("1.000000000000000000000000000000000000001".parse::<Number>().is_err());
/// # Ok::<(), rboto_runtime::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Number {
    negative: bool,
    /// Significant digits as ASCII, without leading or trailing zeros; empty for zero.
    digits: Box<str>,
    /// The value is `digits × 10^exponent`.
    exponent: i32,
}

fn invalid(message: String) -> Error {
    Error::validation(vec![message])
}

/// The problem an [`invalid`] error describes, for another error type to carry.
fn problem(error: Error) -> String {
    match error.validation_problems() {
        [one] => one.clone(),
        _ => error.to_string(),
    }
}

impl Number {
    /// Zero.
    pub fn zero() -> Self {
        Self::default()
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Whether this is less than zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Whether this is a whole number.
    pub fn is_integer(&self) -> bool {
        self.exponent >= 0
    }

    /// Builds a number from a sign, a run of ASCII digits and a power of ten, checking
    /// DynamoDB's limits.
    fn from_parts(
        negative: bool,
        digits: &[u8],
        exponent: i64,
        text: &dyn fmt::Display,
    ) -> Result<Self, Error> {
        let start = digits
            .iter()
            .position(|&d| d != b'0')
            .unwrap_or(digits.len());
        let digits = &digits[start..];
        let end = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
        if end == 0 {
            return Ok(Self::zero());
        }
        let exponent = exponent + (digits.len() - end) as i64;
        let digits = &digits[..end];
        if digits.len() > MAX_DIGITS {
            return Err(invalid(format!(
                "number {text} has {} significant digits; DynamoDB keeps at most {MAX_DIGITS}",
                digits.len()
            )));
        }
        let adjusted = exponent + digits.len() as i64 - 1;
        if !(MIN_EXPONENT..=MAX_EXPONENT).contains(&adjusted) {
            return Err(invalid(format!(
                "number {text} is outside DynamoDB's range (magnitude 1E-130 to 9.99…E+125)"
            )));
        }
        Ok(Number {
            negative,
            digits: std::str::from_utf8(digits).expect("ASCII digits").into(),
            exponent: exponent as i32,
        })
    }

    /// Decimal exponent of the leading digit (`1.5E+3` → 3).
    fn adjusted_exponent(&self) -> i64 {
        self.exponent as i64 + self.digits.len() as i64 - 1
    }

    /// The number as an `i128` when it is a whole number that fits.
    pub fn to_i128(&self) -> Result<i128, Error> {
        let magnitude = self.whole_magnitude("i128")?;
        if self.negative {
            0i128
                .checked_sub_unsigned(magnitude)
                .ok_or_else(|| self.does_not_fit("i128"))
        } else {
            i128::try_from(magnitude).map_err(|_| self.does_not_fit("i128"))
        }
    }

    /// The number as a `u128` when it is a non-negative whole number.
    pub fn to_u128(&self) -> Result<u128, Error> {
        let magnitude = self.whole_magnitude("u128")?;
        if self.negative {
            return Err(self.does_not_fit("u128"));
        }
        Ok(magnitude)
    }

    /// The number as an `i64` when it is a whole number that fits.
    pub fn to_i64(&self) -> Result<i64, Error> {
        i64::try_from(self.to_i128()?).map_err(|_| self.does_not_fit("i64"))
    }

    /// The number as a `u64` when it is a non-negative whole number that fits.
    pub fn to_u64(&self) -> Result<u64, Error> {
        if self.negative {
            return Err(self.does_not_fit("u64"));
        }
        u64::try_from(self.to_u128()?).map_err(|_| self.does_not_fit("u64"))
    }

    /// The number as an `f64`, when some `f64` stands for exactly this decimal (its
    /// shortest decimal form, the one Rust prints, equals this number). `0.1` converts;
    /// `0.10000000000000000001` or `9007199254740993` would be rounded, so they are errors.
    pub fn to_f64(&self) -> Result<f64, Error> {
        let value: f64 = self
            .to_string()
            .parse()
            .map_err(|_| self.does_not_fit("f64"))?;
        match Number::try_from(value) {
            Ok(back) if back == *self => Ok(value),
            _ => Err(invalid(format!(
                "number {self} cannot be read as f64 without losing precision; read it into rboto's Number"
            ))),
        }
    }

    /// The number as an `f32`, under the same exactness rule as [`Number::to_f64`].
    pub fn to_f32(&self) -> Result<f32, Error> {
        let value: f32 = self
            .to_string()
            .parse()
            .map_err(|_| self.does_not_fit("f32"))?;
        if value.is_infinite() {
            return Err(self.does_not_fit("f32"));
        }
        match Number::try_from(value) {
            Ok(back) if back == *self => Ok(value),
            _ => Err(invalid(format!(
                "number {self} cannot be read as f32 without losing precision; read it into rboto's Number"
            ))),
        }
    }

    fn whole_magnitude(&self, target: &str) -> Result<u128, Error> {
        if self.exponent < 0 {
            return Err(invalid(format!(
                "number {self} is not a whole number, so it cannot be read as {target}"
            )));
        }
        let mut magnitude: u128 = 0;
        for d in self.digits.bytes() {
            magnitude = magnitude * 10 + u128::from(d - b'0');
        }
        for _ in 0..self.exponent {
            magnitude = magnitude
                .checked_mul(10)
                .ok_or_else(|| self.does_not_fit(target))?;
        }
        Ok(magnitude)
    }

    fn does_not_fit(&self, target: &str) -> Error {
        invalid(format!("number {self} does not fit in {target}"))
    }

    fn from_unsigned(negative: bool, magnitude: u128) -> Result<Self, Error> {
        let text = magnitude.to_string();
        let shown: &dyn fmt::Display = &format_args!("{}{text}", if negative { "-" } else { "" });
        Self::from_parts(negative, text.as_bytes(), 0, shown)
    }
}

impl FromStr for Number {
    type Err = Error;

    /// Parses decimal text as DynamoDB accepts it: an optional sign, digits with an optional
    /// decimal point, and an optional exponent (`-12.5`, `1E+10`, `.5e-3`).
    fn from_str(text: &str) -> Result<Self, Error> {
        let bad = || invalid(format!("{text:?} is not a number"));
        let bytes = text.as_bytes();
        let (negative, rest) = match bytes.first() {
            Some(b'-') => (true, &bytes[1..]),
            Some(b'+') => (false, &bytes[1..]),
            _ => (false, bytes),
        };
        let (mantissa, exponent_text) = match rest.iter().position(|&b| b == b'e' || b == b'E') {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let mut digits = Vec::with_capacity(mantissa.len());
        let mut fraction_digits: i64 = 0;
        let mut seen_point = false;
        for &b in mantissa {
            match b {
                b'0'..=b'9' => {
                    digits.push(b);
                    if seen_point {
                        fraction_digits += 1;
                    }
                }
                b'.' if !seen_point => seen_point = true,
                _ => return Err(bad()),
            }
        }
        if digits.is_empty() {
            return Err(bad());
        }
        let mut exponent: i64 = 0;
        if let Some(e) = exponent_text {
            let (exp_negative, e) = match e.first() {
                Some(b'-') => (true, &e[1..]),
                Some(b'+') => (false, &e[1..]),
                _ => (false, e),
            };
            if e.is_empty() || !e.iter().all(u8::is_ascii_digit) {
                return Err(bad());
            }
            for &d in e {
                // Past a million the number is out of range (or zero) whatever its digits.
                exponent = (exponent * 10 + i64::from(d - b'0')).min(1_000_000_000);
            }
            if exp_negative {
                exponent = -exponent;
            }
        }
        let negative = negative && digits.iter().any(|&d| d != b'0');
        Self::from_parts(negative, &digits, exponent - fraction_digits, &text)
    }
}

impl fmt::Display for Number {
    /// Writes the shortest plain form (`123`, `0.0015`, `-1.5`), or scientific notation
    /// (`1.5E+100`, `1E-130`) when the plain form would need more than a few padding zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        if self.negative {
            f.write_str("-")?;
        }
        let digits = &*self.digits;
        let adjusted = self.adjusted_exponent();
        if !(-6..=39).contains(&adjusted) {
            f.write_str(&digits[..1])?;
            if digits.len() > 1 {
                write!(f, ".{}", &digits[1..])?;
            }
            return write!(
                f,
                "E{}{}",
                if adjusted < 0 { "-" } else { "+" },
                adjusted.abs()
            );
        }
        let point = digits.len() as i64 + self.exponent as i64;
        if self.exponent >= 0 {
            f.write_str(digits)?;
            for _ in 0..self.exponent {
                f.write_str("0")?;
            }
        } else if point > 0 {
            let point = point as usize;
            write!(f, "{}.{}", &digits[..point], &digits[point..])?;
        } else {
            f.write_str("0.")?;
            for _ in 0..-point {
                f.write_str("0")?;
            }
            f.write_str(digits)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let sign = |n: &Number| match (n.is_zero(), n.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        let by_sign = sign(self).cmp(&sign(other));
        if by_sign != Ordering::Equal || self.is_zero() {
            return by_sign;
        }
        let magnitude = self
            .adjusted_exponent()
            .cmp(&other.adjusted_exponent())
            .then_with(|| self.digits.cmp(&other.digits));
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(value: $t) -> Self {
                #[allow(unused_comparisons)]
                let negative = value < 0;
                Number::from_unsigned(negative, (value as i128).unsigned_abs())
                    .expect("a 64-bit integer fits DynamoDB's range")
            }
        }
    )*};
}
from_integer!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl TryFrom<i128> for Number {
    type Error = Error;

    /// Converts when the integer has at most 38 significant digits.
    fn try_from(value: i128) -> Result<Self, Error> {
        Number::from_unsigned(value < 0, value.unsigned_abs())
    }
}

impl TryFrom<u128> for Number {
    type Error = Error;

    /// Converts when the integer has at most 38 significant digits.
    fn try_from(value: u128) -> Result<Self, Error> {
        Number::from_unsigned(false, value)
    }
}

impl TryFrom<f64> for Number {
    type Error = Error;

    /// Converts a finite float through its shortest decimal form (the one Rust prints, which
    /// reads back as the same float). NaN, infinities and floats outside DynamoDB's range
    /// (such as `1e300` or `1e-300`) are errors. `-0.0` becomes zero.
    fn try_from(value: f64) -> Result<Self, Error> {
        if !value.is_finite() {
            return Err(invalid(format!("{value} cannot be stored in DynamoDB")));
        }
        format!("{value:e}").parse()
    }
}

impl TryFrom<f32> for Number {
    type Error = Error;

    /// Converts a finite float through its shortest decimal form, as for `f64`.
    fn try_from(value: f32) -> Result<Self, Error> {
        if !value.is_finite() {
            return Err(invalid(format!("{value} cannot be stored in DynamoDB")));
        }
        format!("{value:e}").parse()
    }
}

impl Serialize for Number {
    /// rboto's item serializer writes `{"N": "…"}`; other formats see the decimal text.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(NUMBER_TOKEN, &self.to_string())
    }
}

impl<'de> Deserialize<'de> for Number {
    /// Reads `N` from an item; from other formats, decimal text or any integer or float.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(NUMBER_TOKEN, NumberVisitor)
    }
}

struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
        v.parse().map_err(|e| de::Error::custom(problem(e)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
        Ok(Number::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
        Ok(Number::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Number, E> {
        Number::try_from(v).map_err(|e| de::Error::custom(problem(e)))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Number, E> {
        Number::try_from(v).map_err(|e| de::Error::custom(problem(e)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
        Number::try_from(v).map_err(|e| de::Error::custom(problem(e)))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Number, D::Error> {
        d.deserialize_any(NumberVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn parses_and_prints_canonical_forms() {
        for (input, shown) in [
            ("0", "0"),
            ("-0", "0"),
            ("0.000", "0"),
            ("0e999999999999", "0"),
            ("+7", "7"),
            ("007", "7"),
            ("1.50", "1.5"),
            ("-12.5", "-12.5"),
            (".5", "0.5"),
            ("5.", "5"),
            ("1e2", "100"),
            ("1E+2", "100"),
            ("15E-1", "1.5"),
            ("0.0000015", "0.0000015"),
            ("0.00000015", "1.5E-7"),
            ("1E-130", "1E-130"),
            (
                "-9.9999999999999999999999999999999999999E+125",
                "-9.9999999999999999999999999999999999999E+125",
            ),
            ("1E+39", "1000000000000000000000000000000000000000"),
            ("1E+40", "1E+40"),
            (
                "12345678901234567890123456789012345678",
                "12345678901234567890123456789012345678",
            ),
        ] {
            assert_eq!(n(input).to_string(), shown, "{input}");
        }
    }

    #[test]
    fn rejects_what_dynamodb_rejects() {
        for bad in [
            "",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1,5",
            " 1",
            "1 ",
            "NaN",
            "inf",
            "0x10",
            "--1",
            "123456789012345678901234567890123456789",
            "1.00000000000000000000000000000000000001",
            "1E+126",
            "1E-131",
            "1e99999999999999999999",
        ] {
            let err = bad.parse::<Number>().expect_err(bad);
            assert!(err.is_validation(), "{bad}: {err}");
        }
        let err = "1E+126".parse::<Number>().unwrap_err();
        assert!(
            err.to_string().contains("outside DynamoDB's range"),
            "{err}"
        );
        let err = "123456789012345678901234567890123456789"
            .parse::<Number>()
            .unwrap_err();
        assert!(err.to_string().contains("39 significant digits"), "{err}");
    }

    #[test]
    fn equality_ordering_and_hash_follow_the_value() {
        use std::collections::HashSet;
        assert_eq!(n("1.50"), n("15e-1"));
        let set: HashSet<Number> = ["1.5", "1.50", "150E-2"].iter().map(|s| n(s)).collect();
        assert_eq!(set.len(), 1);
        let mut sorted: Vec<Number> = [
            "10", "-1", "0", "9.99", "-10", "1E-130", "-1E-130", "1E+125", "2",
        ]
        .iter()
        .map(|s| n(s))
        .collect();
        sorted.sort();
        let shown: Vec<String> = sorted.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["-10", "-1", "-1E-130", "0", "1E-130", "2", "9.99", "10", "1E+125"]
        );
    }

    #[test]
    fn integers_convert_exactly() {
        assert_eq!(Number::from(i64::MIN).to_string(), "-9223372036854775808");
        assert_eq!(Number::from(u64::MAX).to_u64().unwrap(), u64::MAX);
        assert_eq!(Number::from(i64::MIN).to_i64().unwrap(), i64::MIN);
        assert_eq!(Number::from(-5i8).to_i64().unwrap(), -5);
        assert!(Number::from(-5i8).to_u64().is_err());
        assert!(n("1.5")
            .to_i64()
            .unwrap_err()
            .to_string()
            .contains("not a whole number"));
        assert!(n("9223372036854775808")
            .to_i64()
            .unwrap_err()
            .to_string()
            .contains("does not fit in i64"));
        assert_eq!(n("1E+20").to_u128().unwrap(), 100_000_000_000_000_000_000);
        assert_eq!(
            Number::try_from(10i128.pow(38)).unwrap().to_string(),
            format!("1{}", "0".repeat(38))
        );
        assert!(Number::try_from(u128::MAX).is_err());
        assert!(Number::try_from(i128::MIN).is_err());
        let big = 10i128.pow(38) - 1;
        assert_eq!(Number::try_from(big).unwrap().to_i128().unwrap(), big);
        assert_eq!(Number::try_from(-big).unwrap().to_i128().unwrap(), -big);
    }

    #[test]
    fn floats_convert_without_rounding() {
        assert_eq!(Number::try_from(0.1f64).unwrap().to_string(), "0.1");
        assert_eq!(Number::try_from(-2.5e-7f64).unwrap().to_string(), "-2.5E-7");
        assert_eq!(Number::try_from(-0.0f64).unwrap(), Number::zero());
        assert_eq!(Number::try_from(0.1f32).unwrap().to_string(), "0.1");
        assert_eq!(n("0.1").to_f64().unwrap(), 0.1);
        assert_eq!(n("0.1").to_f32().unwrap(), 0.1f32);
        assert_eq!(n("1E+100").to_f64().unwrap(), 1e100);
        for lossy in [
            "0.10000000000000000001",
            "9007199254740993",
            "1.2345678901234567891",
        ] {
            assert!(n(lossy).to_f64().is_err(), "{lossy}");
        }
        assert!(n("0.1000000001").to_f32().is_err());
        let err = n("-1E+100").to_f32().unwrap_err();
        assert!(err.to_string().contains("does not fit in f32"), "{err}");
        for bad in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e300,
            1e-300,
            f64::MIN_POSITIVE,
        ] {
            assert!(Number::try_from(bad).is_err(), "{bad}");
        }
    }
}
