//! Scalars written as text (headers, XML elements and attributes) read into output values,
//! with the value conventions of [`super`]: timestamps as RFC 3339, blobs as base64, special
//! floats as strings.

use serde_json::Value;

use super::{blob, timestamp};
use crate::model::ShapeType;

/// Parses the text of a scalar (header or XML element) into its output value.
pub(crate) fn from_text(text: &str, kind: ShapeType) -> Result<Value, String> {
    match kind {
        ShapeType::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("not a boolean: {text:?}")),
        },
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("not an integer: {text:?}")),
        ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal => float_from_text(text),
        ShapeType::Timestamp => timestamp::parse_to_output(text),
        ShapeType::Blob => {
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            blob::decode(&compact)
                .map(|bytes| blob::to_value(&bytes))
                .map_err(|e| format!("not base64: {e}"))
        }
        _ => Ok(Value::String(text.to_string())),
    }
}

/// A float from text, keeping the special values as the strings of the value conventions.
pub(crate) fn float_from_text(text: &str) -> Result<Value, String> {
    match text.trim() {
        special @ ("NaN" | "Infinity" | "-Infinity") => Ok(Value::String(special.to_string())),
        number => {
            let parsed: f64 = number
                .parse()
                .map_err(|_| format!("not a number: {text:?}"))?;
            serde_json::Number::from_f64(parsed)
                .map(Value::Number)
                .ok_or_else(|| format!("not a finite number: {text:?}"))
        }
    }
}
