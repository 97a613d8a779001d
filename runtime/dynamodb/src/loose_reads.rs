//! Tests: reads into loose types (`serde_json::Value`, flattened maps) either keep every
//! attribute's type or fail naming the attribute.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{from_item, from_item_json, Number, StringSet};

fn both<T: serde::de::DeserializeOwned>(item: &Value) -> [Result<T, rboto_runtime::Error>; 2] {
    let text = serde_json::to_vec(item).unwrap();
    [
        from_item::<T>(item.as_object().unwrap()),
        from_item_json::<T>(&text),
    ]
}

fn refused<T: serde::de::DeserializeOwned + std::fmt::Debug>(item: Value, expected: &str) {
    for result in both::<T>(&item) {
        let message = result.expect_err("must be refused").to_string();
        assert!(
            message.contains(expected),
            "{message}\n does not say {expected}"
        );
    }
}

#[derive(Deserialize, Debug)]
struct Loose {
    #[allow(dead_code)]
    id: String,
    #[serde(flatten)]
    #[allow(dead_code)]
    rest: Map<String, Value>,
}

#[test]
fn a_number_no_json_number_holds_is_refused_naming_it() {
    let item = json!({"id": {"S": "a"}, "n": {"N": "-12345678901234567890"}});
    refused::<Value>(
        item.clone(),
        "n: number -12345678901234567890 fits neither i64, u64 nor f64 exactly",
    );
    refused::<Loose>(item, "n: number -12345678901234567890");
    let nested = json!({"id": {"S": "a"}, "m": {"M": {"l": {"L": [{"N": "1"}, {"N": "0.12345678901234567890123"}]}}}});
    refused::<Value>(nested.clone(), "m.l[1]: number 0.12345678901234567890123");
    refused::<Loose>(nested, "m.l[1]: number 0.12345678901234567890123");
}

#[test]
fn a_set_is_refused_by_types_that_would_write_a_list() {
    let item = json!({"id": {"S": "a"}, "tags": {"SS": ["x", "y"]}});
    refused::<Value>(item.clone(), "tags: a string set (SS)");
    refused::<Loose>(item, "tags: a string set (SS)");
    let numbers = json!({"id": {"S": "a"}, "deep": {"L": [{"NS": ["1", "2"]}]}});
    refused::<Map<String, Value>>(numbers, "deep[0]: a number set (NS)");
}

#[test]
fn values_json_holds_exactly_still_read() {
    let item = json!({
        "id": {"S": "a"}, "i": {"N": "-9223372036854775808"}, "u": {"N": "18446744073709551615"},
        "f": {"N": "0.1"}, "b": {"BOOL": true}, "z": {"NULL": true},
        "l": {"L": [{"S": "x"}]}, "m": {"M": {"k": {"N": "2"}}},
    });
    for result in both::<Value>(&item) {
        assert_eq!(
            result.unwrap(),
            json!({"id": "a", "i": i64::MIN, "u": u64::MAX, "f": 0.1, "b": true, "z": null,
                   "l": ["x"], "m": {"k": 2}})
        );
    }
}

#[derive(Deserialize, Debug, PartialEq)]
struct TypedBesideFlatten {
    tags: StringSet,
    big: Number,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

#[test]
fn typed_sets_and_numbers_still_read_beside_a_flattened_map() {
    let item = json!({
        "tags": {"SS": ["x"]}, "big": {"N": "-12345678901234567890"}, "other": {"S": "o"},
    });
    for result in both::<TypedBesideFlatten>(&item) {
        let read = result.unwrap();
        assert_eq!(read.tags, ["x"].into_iter().collect());
        assert_eq!(read.big.to_string(), "-12345678901234567890");
        assert_eq!(Value::Object(read.rest), json!({"other": "o"}));
    }
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(untagged)]
enum Either {
    Wide { n: Number },
    Text { s: String },
}

#[test]
fn untagged_enums_read_exact_numbers_and_refuse_numbers_as_text() {
    let item = json!({"n": {"N": "12345678901234567890123"}});
    for result in both::<Either>(&item) {
        assert_eq!(
            result.unwrap(),
            Either::Wide {
                n: "12345678901234567890123".parse().unwrap()
            }
        );
    }
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct AsString {
        #[serde(flatten)]
        inner: Inner,
    }
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        n: String,
    }
    for result in both::<AsString>(&json!({"n": {"N": "12345678901234567890123"}})) {
        assert!(
            result.is_err(),
            "a number must not read as text: {result:?}"
        );
    }
}
