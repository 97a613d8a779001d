//! DynamoDB items through serde: every attribute type, the errors and their paths, and
//! property tests that arbitrary values survive the trip to wire JSON and back.

use std::collections::{BTreeMap, HashMap};

use rboto_dynamodb::{
    from_attribute_value, from_item, from_item_borrowed, from_item_json, to_attribute_value,
    to_item, BinarySet, Number, NumberSet, StringSet,
};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use serde_json::{json, Value};

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Shape {
    Point,
    Circle(f64),
    Segment(i32, i32),
    Rect { w: u16, h: u16 },
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Inner {
    label: String,
    weights: Vec<f32>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Everything {
    text: String,
    empty_text: String,
    letter: char,
    small: u8,
    signed: i64,
    big: u64,
    wide: i128,
    ratio: f64,
    flag: bool,
    nothing: Option<String>,
    something: Option<u32>,
    unit: (),
    list: Vec<String>,
    tuple: (u8, String, bool),
    counts: HashMap<String, i32>,
    inner: Inner,
    shapes: Vec<Shape>,
    blob: ByteBuf,
    tags: StringSet,
    scores: NumberSet,
    keys: BinarySet,
    exact: Number,
}

fn everything() -> Everything {
    Everything {
        text: "Ada".into(),
        empty_text: String::new(),
        letter: 'λ',
        small: 255,
        signed: i64::MIN,
        big: u64::MAX,
        wide: 10i128.pow(37) + 7,
        ratio: 0.1,
        flag: true,
        nothing: None,
        something: Some(7),
        unit: (),
        list: vec!["a".into(), "b".into()],
        tuple: (1, "two".into(), false),
        counts: HashMap::from([("x".to_string(), -3)]),
        inner: Inner {
            label: "in".into(),
            weights: vec![0.5, 1.25],
        },
        shapes: vec![
            Shape::Point,
            Shape::Circle(2.5),
            Shape::Segment(-1, 1),
            Shape::Rect { w: 3, h: 4 },
        ],
        blob: ByteBuf::from(vec![0u8, 1, 2, 255]),
        tags: ["red", "blue"].into_iter().collect(),
        scores: [Number::from(10), "2.50".parse().unwrap()]
            .into_iter()
            .collect(),
        keys: [vec![0u8], vec![1u8, 2]].into_iter().collect(),
        exact: "3.14159265358979323846264338327950288".parse().unwrap(),
    }
}

#[test]
fn every_attribute_type_has_its_wire_form() {
    let item = to_item(&everything()).unwrap();
    let expected = json!({
        "text": {"S": "Ada"},
        "empty_text": {"S": ""},
        "letter": {"S": "λ"},
        "small": {"N": "255"},
        "signed": {"N": "-9223372036854775808"},
        "big": {"N": "18446744073709551615"},
        "wide": {"N": "10000000000000000000000000000000000007"},
        "ratio": {"N": "0.1"},
        "flag": {"BOOL": true},
        "nothing": {"NULL": true},
        "something": {"N": "7"},
        "unit": {"NULL": true},
        "list": {"L": [{"S": "a"}, {"S": "b"}]},
        "tuple": {"L": [{"N": "1"}, {"S": "two"}, {"BOOL": false}]},
        "counts": {"M": {"x": {"N": "-3"}}},
        "inner": {"M": {"label": {"S": "in"}, "weights": {"L": [{"N": "0.5"}, {"N": "1.25"}]}}},
        "shapes": {"L": [
            {"S": "Point"},
            {"M": {"Circle": {"N": "2.5"}}},
            {"M": {"Segment": {"L": [{"N": "-1"}, {"N": "1"}]}}},
            {"M": {"Rect": {"M": {"w": {"N": "3"}, "h": {"N": "4"}}}}},
        ]},
        "blob": {"B": "AAEC/w=="},
        "tags": {"SS": ["blue", "red"]},
        "scores": {"NS": ["2.5", "10"]},
        "keys": {"BS": ["AA==", "AQI="]},
        "exact": {"N": "3.14159265358979323846264338327950288"},
    });
    assert_eq!(Value::Object(item), expected);
}

#[test]
fn every_attribute_type_reads_back() {
    let item = to_item(&everything()).unwrap();
    let text = serde_json::to_string(&item).unwrap();
    let parsed: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(from_item::<Everything>(&parsed).unwrap(), everything());
}

#[test]
fn skipped_fields_leave_no_attribute_and_missing_options_read_as_none() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Sparse {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(skip_serializing_if = "StringSet::is_empty", default)]
        tags: StringSet,
    }
    let sparse = Sparse {
        id: "1".into(),
        note: None,
        tags: StringSet::new(),
    };
    let item = to_item(&sparse).unwrap();
    assert_eq!(Value::Object(item.clone()), json!({"id": {"S": "1"}}));
    assert_eq!(from_item::<Sparse>(&item).unwrap(), sparse);
}

#[test]
fn floats_are_exact_or_refused() {
    assert_eq!(to_attribute_value(&0.1f64).unwrap(), json!({"N": "0.1"}));
    assert_eq!(to_attribute_value(&0.1f32).unwrap(), json!({"N": "0.1"}));
    assert_eq!(
        to_attribute_value(&1e100f64).unwrap(),
        json!({"N": "1E+100"})
    );
    assert_eq!(to_attribute_value(&-0.0f64).unwrap(), json!({"N": "0"}));
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e200, 1e-200] {
        let err = to_attribute_value(&bad).unwrap_err();
        assert!(err.is_validation(), "{bad}: {err}");
    }
    let err = to_attribute_value(&1e200f64).unwrap_err();
    assert!(
        err.to_string().contains("outside DynamoDB's range"),
        "{err}"
    );

    assert_eq!(
        from_attribute_value::<f64>(&json!({"N": "0.1"})).unwrap(),
        0.1
    );
    assert_eq!(
        from_attribute_value::<f64>(&json!({"N": "12"})).unwrap(),
        12.0
    );
    assert_eq!(
        from_attribute_value::<f32>(&json!({"N": "0.1"})).unwrap(),
        0.1f32
    );
    for lossy in ["9007199254740993", "0.10000000000000000001"] {
        let err = from_attribute_value::<f64>(&json!({"N": lossy})).unwrap_err();
        assert!(err.is_response(), "{err}");
        assert!(
            err.to_string().contains("without losing precision"),
            "{err}"
        );
    }
}

#[test]
fn integers_read_exactly_or_fail() {
    assert_eq!(
        from_attribute_value::<u8>(&json!({"N": "255"})).unwrap(),
        255
    );
    assert_eq!(
        from_attribute_value::<i64>(&json!({"N": "1E+2"})).unwrap(),
        100
    );
    assert_eq!(
        from_attribute_value::<i64>(&json!({"N": "-5.0"})).unwrap(),
        -5
    );
    assert_eq!(
        from_attribute_value::<u128>(&json!({"N": "99999999999999999999999999999999999999"}))
            .unwrap(),
        99999999999999999999999999999999999999u128
    );
    let cases = [
        ("256", "does not fit in u8"),
        ("-1", "does not fit in u8"),
        ("1.5", "not a whole number"),
        ("1E+30", "does not fit in u8"),
        ("abc", "is not a number"),
    ];
    for (text, message) in cases {
        let err = from_attribute_value::<u8>(&json!({"N": text})).unwrap_err();
        assert!(err.to_string().contains(message), "{text}: {err}");
    }
    assert!(to_attribute_value(&u128::MAX)
        .unwrap_err()
        .to_string()
        .contains("39 significant digits"));
}

#[test]
fn errors_name_the_attribute_path() {
    #[derive(Serialize)]
    struct Entry {
        tags: StringSet,
        score: f64,
    }
    #[derive(Serialize)]
    struct Order {
        items: Vec<Entry>,
    }
    let entry = |tags: &[&str], score| Entry {
        tags: tags.iter().copied().collect(),
        score,
    };
    let order = Order {
        items: vec![
            entry(&["a"], 1.0),
            entry(&["b"], 2.0),
            entry(&["c"], 3.0),
            entry(&[], 4.0),
        ],
    };
    let err = to_item(&order).unwrap_err();
    assert!(err.is_validation());
    assert_eq!(err.validation_problems().len(), 1);
    let problem = &err.validation_problems()[0];
    assert!(
        problem.starts_with("items[3].tags: an empty string set (SS) cannot be stored"),
        "{problem}"
    );
    assert!(problem.contains("StringSet::is_empty"), "{problem}");

    let order = Order {
        items: vec![entry(&["a"], 1.0), entry(&["b"], f64::NAN)],
    };
    let err = to_item(&order).unwrap_err();
    assert!(
        err.to_string()
            .contains("items[1].score: NaN cannot be stored"),
        "{err}"
    );

    let nested = json!({"a": {"b": [1, 2, {"c": f64::MAX}]}});
    assert!(nested["a"]["b"][2]["c"].is_number());
    let err = to_item(&nested).unwrap_err();
    assert!(err.to_string().contains("a.b[2].c: float"), "{err}");

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Reading {
        items: Vec<HashMap<String, u8>>,
    }
    let item = json!({"items": {"L": [
        {"M": {"n": {"N": "1"}}},
        {"M": {"n": {"N": "1000"}}},
    ]}});
    let err = from_item::<Reading>(item.as_object().unwrap()).unwrap_err();
    assert!(err.is_response());
    assert!(
        err.to_string()
            .contains("items[1].n: number 1000 does not fit in u8"),
        "{err}"
    );
    // Read from text, the error names the same path.
    let text = serde_json::to_vec(&item).unwrap();
    let from_text = from_item_json::<Reading>(&text).unwrap_err();
    assert!(from_text.is_response());
    assert_eq!(from_text.to_string(), err.to_string());

    let item = json!({"items": {"L": [{"M": {"n": {"S": "1"}}}]}});
    let err = from_item::<Reading>(item.as_object().unwrap()).unwrap_err();
    assert!(
        err.to_string()
            .contains("items[0].n: expected a number (N) for u8, found a string (S)"),
        "{err}"
    );

    let item = json!({"other": {"N": "1"}});
    let err = from_item::<Reading>(item.as_object().unwrap()).unwrap_err();
    assert!(err.to_string().contains("missing field `items`"), "{err}");

    let item = json!({"items": {"X": 1}});
    let err = from_item::<Reading>(item.as_object().unwrap()).unwrap_err();
    assert!(
        err.to_string()
            .contains("items: unknown attribute value type \"X\""),
        "{err}"
    );
}

#[test]
fn an_item_must_be_a_map() {
    for value in [json!("text"), json!(1), json!([1]), json!(null)] {
        let err = to_item(&value).unwrap_err();
        assert!(err.is_validation());
        assert!(
            err.to_string().contains("an item must be a struct or map"),
            "{err}"
        );
    }
    assert!(to_item(&Shape::Point).is_err());
    // A struct variant is a map with the variant's name.
    assert_eq!(
        Value::Object(to_item(&Shape::Rect { w: 1, h: 2 }).unwrap()),
        json!({"Rect": {"M": {"w": {"N": "1"}, "h": {"N": "2"}}}})
    );
}

#[test]
fn sets_keep_set_semantics() {
    let tags: StringSet = ["b", "a", "b"].into_iter().collect();
    assert_eq!(tags.len(), 2);
    let read: StringSet = from_attribute_value(&json!({"SS": ["x", "y", "x"]})).unwrap();
    assert_eq!(read.iter().collect::<Vec<_>>(), ["x", "y"]);

    let numbers: NumberSet = from_attribute_value(&json!({"NS": ["1.50", "1.5", "2"]})).unwrap();
    assert_eq!(numbers.len(), 2);
    assert!(numbers.contains(&"1.5".parse().unwrap()));

    let binary: BinarySet = from_attribute_value(&json!({"BS": ["AAE="]})).unwrap();
    assert!(binary.contains(&vec![0u8, 1]));

    for (value, want) in [
        (
            json!({"L": [{"S": "a"}]}),
            "expected a string set (SS), found a list (L)",
        ),
        (
            json!({"NS": ["1"]}),
            "expected a string set (SS), found a number set (NS)",
        ),
        (json!({"SS": [1]}), "[0]: a SS element must be a string"),
    ] {
        let err = from_attribute_value::<StringSet>(&value).unwrap_err();
        assert!(err.to_string().contains(want), "{value}: {err}");
    }
    let err = from_attribute_value::<NumberSet>(&json!({"NS": ["1", "x"]})).unwrap_err();
    assert!(
        err.to_string().contains("[1]: \"x\" is not a number"),
        "{err}"
    );
    for empty in [
        to_attribute_value(&NumberSet::new()),
        to_attribute_value(&BinarySet::new()),
    ] {
        assert!(empty
            .unwrap_err()
            .to_string()
            .contains("cannot be stored in DynamoDB"));
    }
    // Plain Rust sets are lists: serde cannot tell them from Vec.
    let plain = std::collections::BTreeSet::from(["a"]);
    assert_eq!(
        to_attribute_value(&plain).unwrap(),
        json!({"L": [{"S": "a"}]})
    );
}

#[test]
fn sets_and_numbers_look_plain_to_other_formats() {
    let tags: StringSet = ["a"].into_iter().collect();
    assert_eq!(serde_json::to_value(&tags).unwrap(), json!(["a"]));
    let numbers: NumberSet = [1, 20].into_iter().collect();
    assert_eq!(serde_json::to_value(&numbers).unwrap(), json!(["1", "20"]));
    let back: NumberSet = serde_json::from_value(json!(["1", 20, 1.0])).unwrap();
    assert_eq!(back, numbers);
    let binary: BinarySet = [vec![1u8, 2]].into_iter().collect();
    assert_eq!(serde_json::to_value(&binary).unwrap(), json!([[1, 2]]));
    assert_eq!(
        serde_json::from_value::<BinarySet>(json!([[1, 2]])).unwrap(),
        binary
    );

    let n: Number = "1.5E+3".parse().unwrap();
    assert_eq!(serde_json::to_value(&n).unwrap(), json!("1500"));
    assert_eq!(serde_json::from_value::<Number>(json!(1500)).unwrap(), n);
    assert_eq!(serde_json::from_value::<Number>(json!(1500.0)).unwrap(), n);
    assert_eq!(serde_json::from_value::<Number>(json!("1500")).unwrap(), n);
    assert!(serde_json::from_value::<Number>(json!("fifteen")).is_err());
}

#[test]
fn numbers_read_strictly_by_attribute_type() {
    let n: Number = from_attribute_value(&json!({"N": "-0.00012"})).unwrap();
    assert_eq!(n.to_string(), "-0.00012");
    let err = from_attribute_value::<Number>(&json!({"S": "1"})).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected a number (N), found a string (S)"),
        "{err}"
    );
    let err = from_attribute_value::<String>(&json!({"N": "1"})).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected a string (S), found a number (N)"),
        "{err}"
    );
    let err = from_attribute_value::<bool>(&json!({"S": "true"})).unwrap_err();
    assert!(
        err.to_string().contains("expected a boolean (BOOL)"),
        "{err}"
    );
}

#[test]
fn values_without_a_declared_type_read_naturally_or_are_refused_by_name() {
    let item = json!({
        "s": {"S": "x"},
        "i": {"N": "-3"},
        "u": {"N": "18446744073709551615"},
        "f": {"N": "0.25"},
        "b": {"BOOL": true},
        "n": {"NULL": true},
        "l": {"L": [{"N": "1"}, {"S": "two"}]},
        "m": {"M": {"k": {"S": "a"}, "deep": {"L": [{"N": "2.5"}]}}},
    });
    let plain: Value = from_item(item.as_object().unwrap()).unwrap();
    assert_eq!(
        plain,
        json!({
            "s": "x",
            "i": -3,
            "u": 18446744073709551615u64,
            "f": 0.25,
            "b": true,
            "n": null,
            "l": [1, "two"],
            "m": {"k": "a", "deep": [2.5]},
        })
    );
    // What a JSON value cannot hold without changing its type on the way back (a number no
    // JSON number keeps exactly, a set) is refused, naming the attribute.
    let precise = json!({"precise": {"N": "0.12345678901234567890123456789"}});
    let err = from_item::<Value>(precise.as_object().unwrap()).unwrap_err();
    assert!(err.to_string().contains("precise"), "{err}");
    let set = json!({"m": {"M": {"k": {"SS": ["a", "b"]}}}});
    let err = from_item::<Value>(set.as_object().unwrap()).unwrap_err();
    assert!(err.to_string().contains("m.k"), "{err}");
    // Binary has no JSON form; the error says where it is.
    let err = from_attribute_value::<Value>(&json!({"M": {"blob": {"B": "AA=="}}})).unwrap_err();
    assert!(
        err.to_string().contains("blob: invalid type: byte array"),
        "{err}"
    );
}

#[test]
fn untagged_internally_tagged_and_flattened_types_work() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Id {
        Numeric(u64),
        Named(String),
        Exact(Number),
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(tag = "kind")]
    enum Event {
        Click { x: i32, y: i32 },
        Key { code: String },
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Envelope {
        id: Id,
        other: Id,
        precise: Id,
        event: Event,
        #[serde(flatten)]
        extra: BTreeMap<String, Value>,
    }
    let envelope = Envelope {
        id: Id::Numeric(7),
        other: Id::Named("seven".into()),
        precise: Id::Exact("0.12345678901234567890123456789".parse().unwrap()),
        event: Event::Click { x: 1, y: -2 },
        extra: BTreeMap::from([("color".to_string(), json!("red"))]),
    };
    let item = to_item(&envelope).unwrap();
    assert_eq!(
        item["event"],
        json!({"M": {"kind": {"S": "Click"}, "x": {"N": "1"}, "y": {"N": "-2"}}})
    );
    assert_eq!(item["color"], json!({"S": "red"}));
    // An untagged enum keeps a high-precision number exact: it lands on the variant that holds
    // a Number, not on one that would turn it into text.
    let back: Envelope = from_item(&item).unwrap();
    assert_eq!(back.id, envelope.id);
    assert_eq!(back.other, envelope.other);
    assert_eq!(back.event, envelope.event);
    assert_eq!(back.extra, envelope.extra);
    assert_eq!(
        back.precise,
        Id::Exact("0.12345678901234567890123456789".parse().unwrap())
    );
}

#[test]
fn keys_strings_and_borrowing() {
    let map = BTreeMap::from([(1u32, "one"), (20, "twenty")]);
    let value = to_attribute_value(&map).unwrap();
    assert_eq!(
        value,
        json!({"M": {"1": {"S": "one"}, "20": {"S": "twenty"}}})
    );
    let back: BTreeMap<u32, String> = from_attribute_value(&value).unwrap();
    assert_eq!(back[&20], "twenty");
    let err = from_attribute_value::<BTreeMap<u32, String>>(&json!({"M": {"x": {"S": "?"}}}))
        .unwrap_err();
    assert!(
        err.to_string().contains("x: map key \"x\" is not a u32"),
        "{err}"
    );

    let err = to_attribute_value(&HashMap::from([(vec![1], 1)])).unwrap_err();
    assert!(
        err.to_string().contains("a map key must be a string"),
        "{err}"
    );

    #[derive(Deserialize)]
    struct View<'a> {
        name: &'a str,
    }
    let item = json!({"name": {"S": "Ada"}});
    let view: View = from_item_borrowed(item.as_object().unwrap()).unwrap();
    assert_eq!(view.name, "Ada");
    assert_eq!(
        from_attribute_value::<char>(&json!({"S": "λ"})).unwrap(),
        'λ'
    );
    assert!(from_attribute_value::<char>(&json!({"S": "ab"})).is_err());
}

#[test]
fn binary_reads_from_base64_and_rejects_garbage() {
    let bytes: ByteBuf = from_attribute_value(&json!({"B": "aGk="})).unwrap();
    assert_eq!(bytes.as_slice(), b"hi");
    let err = from_attribute_value::<ByteBuf>(&json!({"B": "***"})).unwrap_err();
    assert!(err.to_string().contains("not valid base64"), "{err}");
    let err = from_attribute_value::<ByteBuf>(&json!({"S": "aGk="})).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected binary (B), found a string (S)"),
        "{err}"
    );
    // A plain Vec<u8> is a list of numbers both ways.
    assert_eq!(
        to_attribute_value(&vec![1u8]).unwrap(),
        json!({"L": [{"N": "1"}]})
    );
}

#[test]
fn enums_read_from_strings_and_one_entry_maps() {
    for shape in [
        Shape::Point,
        Shape::Circle(0.5),
        Shape::Segment(1, 2),
        Shape::Rect { w: 1, h: 1 },
    ] {
        let value = to_attribute_value(&shape).unwrap();
        assert_eq!(from_attribute_value::<Shape>(&value).unwrap(), shape);
    }
    assert_eq!(
        from_attribute_value::<Shape>(&json!({"M": {"Point": {"NULL": true}}})).unwrap(),
        Shape::Point
    );
    let err = from_attribute_value::<Shape>(&json!({"M": {"Circle": {"S": "big"}}})).unwrap_err();
    assert!(
        err.to_string()
            .contains("Circle: expected a number (N) for f64"),
        "{err}"
    );
    let err = from_attribute_value::<Shape>(&json!({"S": "Hexagon"})).unwrap_err();
    assert!(
        err.to_string().contains("unknown variant `Hexagon`"),
        "{err}"
    );
}

mod properties {
    use super::*;
    use proptest::collection::{btree_map, btree_set, vec};
    use proptest::prelude::*;

    /// Any shape of document an item can hold.
    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
    enum Doc {
        Text(String),
        Int(i64),
        Unsigned(u64),
        Float(f64),
        Exact(Number),
        Flag(bool),
        Nothing,
        Maybe(Option<Box<Doc>>),
        Bytes(ByteBuf),
        List(Vec<Doc>),
        Map(BTreeMap<String, Doc>),
        Strings(StringSet),
        Numbers(NumberSet),
        Binaries(BinarySet),
        Pair(u8, String),
        Record { a: i32, b: Vec<String> },
    }

    /// Decimal text within DynamoDB's limits: up to 38 digits, exponent in range.
    fn number_text() -> impl Strategy<Value = String> {
        (
            any::<bool>(),
            "[0-9]{1,38}",
            0usize..40,
            -100i32..90,
            any::<bool>(),
        )
            .prop_map(|(negative, digits, point, exponent, scientific)| {
                let point = point.min(digits.len());
                let mut text = String::new();
                if negative {
                    text.push('-');
                }
                text.push_str(&digits[..point]);
                if point < digits.len() {
                    text.push('.');
                    text.push_str(&digits[point..]);
                }
                if scientific {
                    text.push_str(&format!("e{exponent}"));
                }
                text
            })
    }

    fn number() -> impl Strategy<Value = Number> {
        number_text().prop_filter_map("outside DynamoDB's range", |t| t.parse().ok())
    }

    fn float() -> impl Strategy<Value = f64> {
        any::<f64>().prop_filter("not storable", |f| Number::try_from(*f).is_ok())
    }

    fn doc() -> impl Strategy<Value = Doc> {
        let leaf = prop_oneof![
            any::<String>().prop_map(Doc::Text),
            any::<i64>().prop_map(Doc::Int),
            any::<u64>().prop_map(Doc::Unsigned),
            float().prop_map(Doc::Float),
            number().prop_map(Doc::Exact),
            any::<bool>().prop_map(Doc::Flag),
            Just(Doc::Nothing),
            Just(Doc::Maybe(None)),
            vec(any::<u8>(), 0..16).prop_map(|b| Doc::Bytes(ByteBuf::from(b))),
            btree_set(any::<String>(), 1..5).prop_map(|s| Doc::Strings(s.into())),
            btree_set(number(), 1..5).prop_map(|s| Doc::Numbers(s.into())),
            btree_set(vec(any::<u8>(), 0..8), 1..5).prop_map(|s| Doc::Binaries(s.into())),
            (any::<u8>(), any::<String>()).prop_map(|(a, b)| Doc::Pair(a, b)),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Doc::List),
                btree_map(any::<String>(), inner.clone(), 0..6).prop_map(Doc::Map),
                inner.clone().prop_map(|d| Doc::Maybe(Some(Box::new(d)))),
                (any::<i32>(), vec(any::<String>(), 0..3)).prop_map(|(a, b)| Doc::Record { a, b }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn documents_survive_the_wire(doc in doc()) {
            let value = to_attribute_value(&doc).unwrap();
            let wire = serde_json::to_string(&value).unwrap();
            let parsed: Value = serde_json::from_str(&wire).unwrap();
            let back: Doc = from_attribute_value(&parsed).unwrap();
            prop_assert_eq!(back, doc);
        }

        #[test]
        fn items_survive_the_wire(fields in btree_map("[a-z]{1,8}", doc(), 0..8)) {
            let item = to_item(&fields).unwrap();
            let back: BTreeMap<String, Doc> = from_item(&item).unwrap();
            prop_assert_eq!(&back, &fields);
            let text = serde_json::to_vec(&item).unwrap();
            let from_text: BTreeMap<String, Doc> = from_item_json(&text).unwrap();
            prop_assert_eq!(from_text, fields);
        }

        #[test]
        fn number_text_round_trips(text in number_text()) {
            if let Ok(number) = text.parse::<Number>() {
                let shown = number.to_string();
                let again: Number = shown.parse().unwrap();
                prop_assert_eq!(&again, &number);
                prop_assert_eq!(again.to_string(), shown.clone());
                // The canonical text is the shortest: no leading or trailing zeros.
                let mantissa = shown.trim_start_matches('-').split('E').next().unwrap().to_string();
                prop_assert!(!mantissa.starts_with("00"));
                if mantissa.contains('.') {
                    prop_assert!(!mantissa.ends_with('0'));
                }
                prop_assert_eq!(
                    from_attribute_value::<Number>(&to_attribute_value(&number).unwrap()).unwrap(),
                    number
                );
            }
        }

        #[test]
        fn floats_round_trip_bit_for_bit(f in float()) {
            let number = Number::try_from(f).unwrap();
            let back = number.to_f64().unwrap();
            prop_assert!(back == f && (f == 0.0 || back.to_bits() == f.to_bits()));
            let wire = to_attribute_value(&f).unwrap();
            prop_assert_eq!(from_attribute_value::<f64>(&wire).unwrap(), f);
        }

        #[test]
        fn number_order_matches_integer_order(a in any::<i64>(), b in any::<i64>()) {
            prop_assert_eq!(Number::from(a).cmp(&Number::from(b)), a.cmp(&b));
            prop_assert_eq!(Number::from(a).to_i64().unwrap(), a);
        }

        #[test]
        fn number_order_matches_float_order(a in float(), b in float()) {
            let (na, nb) = (Number::try_from(a).unwrap(), Number::try_from(b).unwrap());
            prop_assert_eq!(Some(na.cmp(&nb)), a.partial_cmp(&b));
            prop_assert_eq!(na == nb, a == b);
        }

        #[test]
        fn wide_integers_convert_exactly(v in -(10i128.pow(38) - 1)..10i128.pow(38)) {
            let number = Number::try_from(v).unwrap();
            prop_assert_eq!(number.to_i128().unwrap(), v);
            prop_assert_eq!(number.to_string(), v.to_string());
        }
    }
}
