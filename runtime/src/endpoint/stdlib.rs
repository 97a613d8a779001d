//! The rules standard library: the functions conditions call, with botocore's semantics.
//!
//! Every function takes already evaluated arguments. `null` stands for "not set"; a
//! function that cannot produce a value returns `null`, which fails the condition it sits
//! in.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use super::partitions::Partitions;
use super::ruleset::Function;
use super::template::AttrPath;
use super::url::{looks_like_ipv4, parse_url};
use crate::error::Error;

/// Everything but the unreserved characters `A-Z a-z 0-9 - . _ ~` is percent-encoded.
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Calls `function` on `args` (their count was checked when the rule set loaded).
pub(crate) fn call(function: Function, name: &str, args: &[Value]) -> Result<Value, Error> {
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    Ok(match function {
        Function::IsSet => Value::Bool(!arg(0).is_null()),
        Function::Not => Value::Bool(!truthy(arg(0))),
        Function::GetAttr => {
            let path = arg(1)
                .as_str()
                .ok_or_else(|| type_error(name, "a path string", arg(1)))?;
            AttrPath::parse(path).get(arg(0))
        }
        Function::StringEquals => match (arg(0), arg(1)) {
            (Value::String(a), Value::String(b)) => Value::Bool(a == b),
            (a, b) => {
                return Err(Error::endpoint(format!(
                    "stringEquals: both values must be strings, not {} and {}",
                    kind(a),
                    kind(b)
                )))
            }
        },
        Function::BooleanEquals => match (arg(0), arg(1)) {
            (Value::Bool(a), Value::Bool(b)) => Value::Bool(a == b),
            (a, b) => {
                return Err(Error::endpoint(format!(
                    "booleanEquals: both values must be booleans, not {} and {}",
                    kind(a),
                    kind(b)
                )))
            }
        },
        Function::UriEncode => match arg(0) {
            Value::Null => Value::Null,
            Value::String(s) => Value::String(uri_encode(s)),
            other => return Err(type_error(name, "a string", other)),
        },
        Function::ParseUrl => match arg(0) {
            Value::String(s) => parse_url(s),
            _ => Value::Null,
        },
        Function::IsValidHostLabel => {
            let allow_subdomains = bool_arg(name, arg(1))?;
            Value::Bool(
                arg(0)
                    .as_str()
                    .is_some_and(|s| is_valid_host_label(s, allow_subdomains)),
            )
        }
        Function::Substring => {
            let value = arg(0)
                .as_str()
                .ok_or_else(|| type_error(name, "a string", arg(0)))?;
            let start = index_arg(name, arg(1))?;
            let stop = index_arg(name, arg(2))?;
            let reverse = bool_arg(name, arg(3))?;
            substring(value, start, stop, reverse).map_or(Value::Null, Value::String)
        }
        Function::Split => {
            let value = arg(0)
                .as_str()
                .ok_or_else(|| type_error(name, "a string", arg(0)))?;
            let delimiter = arg(1)
                .as_str()
                .ok_or_else(|| type_error(name, "a delimiter string", arg(1)))?;
            let limit = index_arg(name, arg(2))?;
            Value::Array(
                split(value, delimiter, limit)
                    .into_iter()
                    .map(Value::String)
                    .collect(),
            )
        }
        Function::Coalesce => args
            .iter()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null),
        Function::Ite => {
            if bool_arg(name, arg(0))? {
                arg(1).clone()
            } else {
                arg(2).clone()
            }
        }
        Function::AwsPartition => {
            let partitions = Partitions::builtin().map_err(Error::endpoint)?;
            partitions.lookup(arg(0).as_str()).clone()
        }
        Function::AwsParseArn => arg(0).as_str().map_or(Value::Null, parse_arn),
        Function::AwsIsVirtualHostableS3Bucket => {
            let allow_subdomains = bool_arg(name, arg(1))?;
            Value::Bool(
                arg(0)
                    .as_str()
                    .is_some_and(|s| is_virtual_hostable_s3_bucket(s, allow_subdomains)),
            )
        }
    })
}

/// Python truthiness, which botocore's `not` applies.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "unset",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn type_error(function: &str, expected: &str, got: &Value) -> Error {
    Error::endpoint(format!(
        "{function}: expected {expected}, got {}",
        kind(got)
    ))
}

fn bool_arg(function: &str, value: &Value) -> Result<bool, Error> {
    value
        .as_bool()
        .ok_or_else(|| type_error(function, "a boolean", value))
}

fn index_arg(function: &str, value: &Value) -> Result<usize, Error> {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| type_error(function, "a non-negative integer", value))
}

/// Percent-encodes everything but unreserved characters, UTF-8 first.
pub(crate) fn uri_encode(value: &str) -> String {
    utf8_percent_encode(value, URI_ENCODE).to_string()
}

/// An RFC 1123 host label: 1 to 63 ASCII letters, digits or `-`, not starting or ending in
/// `-`. With `allow_subdomains`, every `.`-separated label must be one.
pub(crate) fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        return value
            .split('.')
            .all(|label| is_valid_host_label(label, false));
    }
    (1..=63).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-')
}

/// A bucket name usable as a virtual host: a valid host label (or labels), at least three
/// characters, no upper case, and not shaped like an IPv4 address.
pub(crate) fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    value.len() >= 3
        && !value.chars().any(char::is_uppercase)
        && !looks_like_ipv4(value)
        && is_valid_host_label(value, allow_subdomains)
}

/// Characters `start..stop` of an ASCII string (counted from the end when `reverse`), or
/// `None` when the range does not fit or the string is not ASCII.
pub(crate) fn substring(value: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if start >= stop || value.len() < stop || !value.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (value.len() - stop, value.len() - start)
    } else {
        (start, stop)
    };
    Some(value[from..to].to_owned())
}

/// Splits on `delimiter`; a `limit` above zero caps the number of parts (the last one
/// keeps the rest).
pub(crate) fn split(value: &str, delimiter: &str, limit: usize) -> Vec<String> {
    if delimiter.is_empty() {
        return vec![value.to_owned()];
    }
    if limit == 0 {
        value.split(delimiter).map(str::to_owned).collect()
    } else {
        value.splitn(limit, delimiter).map(str::to_owned).collect()
    }
}

/// `arn:partition:service:region:account:resource` → `{partition, service, region,
/// accountId, resourceId}` with the resource split on `:` and `/`; `null` when the value
/// is not an ARN or lacks a partition, service or resource.
pub(crate) fn parse_arn(value: &str) -> Value {
    if !value.starts_with("arn:") {
        return Value::Null;
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let [_, partition, service, region, account, resource] = parts.as_slice() else {
        return Value::Null;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return Value::Null;
    }
    let resource_id: Vec<&str> = resource.split([':', '/']).collect();
    json!({
        "partition": partition,
        "service": service,
        "region": region,
        "accountId": account,
        "resourceId": resource_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("abc-", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.-b", true));
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("MyBucket", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket name", true));
    }

    #[test]
    fn arns() {
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint:my/ap");
        assert_eq!(
            arn,
            json!({"partition": "aws", "service": "s3", "region": "us-west-2",
                   "accountId": "123456789012", "resourceId": ["accesspoint", "my", "ap"]})
        );
        let bucket = parse_arn("arn:aws:s3:::bucket");
        assert_eq!(bucket["region"], "");
        assert_eq!(bucket["resourceId"], json!(["bucket"]));
        assert_eq!(parse_arn("arn:aws:s3:us-west-2:123456789012:"), Value::Null);
        assert_eq!(parse_arn("arn:aws:s3"), Value::Null);
        assert_eq!(parse_arn("not-an-arn"), Value::Null);
        assert_eq!(parse_arn("arn::s3:r:a:res"), Value::Null);
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode("a b/c~d_e.f-g"), "a%20b%2Fc~d_e.f-g");
        assert_eq!(uri_encode("é?&="), "%C3%A9%3F%26%3D");
    }

    #[test]
    fn substrings() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true).as_deref(), Some("ef"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("abcé", 0, 2, false), None);
    }

    #[test]
    fn splitting() {
        assert_eq!(split("a--b--c", "--", 0), ["a", "b", "c"]);
        assert_eq!(split("a--b--c", "--", 2), ["a", "b--c"]);
        assert_eq!(split("", "-", 0), [""]);
    }

    #[test]
    fn calls_check_types() {
        let eq = call(
            Function::StringEquals,
            "stringEquals",
            &[json!("a"), json!("a")],
        );
        assert_eq!(eq.unwrap(), json!(true));
        assert!(call(
            Function::StringEquals,
            "stringEquals",
            &[Value::Null, json!("a")]
        )
        .is_err());
        assert!(call(
            Function::BooleanEquals,
            "booleanEquals",
            &[json!(true), json!("x")]
        )
        .is_err());
        assert_eq!(
            call(Function::Not, "not", &[Value::Null]).unwrap(),
            json!(true)
        );
        assert_eq!(
            call(Function::IsSet, "isSet", &[json!(false)]).unwrap(),
            json!(true)
        );
        assert_eq!(
            call(Function::Coalesce, "coalesce", &[Value::Null, json!("b")]).unwrap(),
            json!("b")
        );
        assert_eq!(
            call(Function::Ite, "ite", &[json!(false), json!(1), json!(2)]).unwrap(),
            json!(2)
        );
        assert_eq!(
            call(Function::UriEncode, "uriEncode", &[Value::Null]).unwrap(),
            Value::Null
        );
        let partition = call(
            Function::AwsPartition,
            "aws.partition",
            &[json!("cn-north-1")],
        );
        assert_eq!(partition.unwrap()["name"], "aws-cn");
    }
}
