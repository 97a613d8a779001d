use serde_json::{json, Value};

use super::validate_input;
use crate::model::ServiceDefinition;

/// A small model exercising every shape kind and constraint the validator knows.
fn model() -> ServiceDefinition {
    // Text, not `json!`, so the members keep the order written here.
    serde_json::from_str(
        r#"{
        "metadata": {"protocol": "json", "apiVersion": "2020-01-01"},
        "operations": {
            "PutItem": {"name": "PutItem", "input": {"shape": "PutItemInput"}},
            "Upload": {"name": "Upload", "input": {"shape": "UploadInput"}},
            "Ping": {"name": "Ping"},
            "Pick": {"name": "Pick", "input": {"shape": "PickInput"}}
        },
        "shapes": {
            "PutItemInput": {
                "type": "structure",
                "required": ["TableName", "Item"],
                "members": {
                    "TableName": {"shape": "TableName"},
                    "Item": {"shape": "AttributeMap"},
                    "Limit": {"shape": "Limit"},
                    "Ratio": {"shape": "Ratio"},
                    "Consistent": {"shape": "Bool"},
                    "Tags": {"shape": "TagList"},
                    "Since": {"shape": "Time"},
                    "Data": {"shape": "Bytes"},
                    "Password": {"shape": "Secret"},
                    "Filter": {"shape": "Doc"},
                    "Mode": {"shape": "Mode"},
                    "Account": {"shape": "Plain", "hostLabel": true},
                    "Policy": {"shape": "Plain", "jsonvalue": true, "location": "header"},
                    "Token": {"shape": "Plain", "idempotencyToken": true},
                    "Big": {"shape": "BigCount"},
                    "Query": {"shape": "Plain", "jsonvalue": true, "location": "querystring"}
                }
            },
            "TableName": {"type": "string", "min": 3, "max": 5},
            "Plain": {"type": "string"},
            "Mode": {"type": "string", "enum": ["FAST", "SLOW"]},
            "Secret": {"type": "string", "sensitive": true, "min": 8},
            "Limit": {"type": "integer", "min": 1, "max": 10},
            "BigCount": {"type": "long"},
            "Ratio": {"type": "double", "min": 0.5},
            "Bool": {"type": "boolean"},
            "Time": {"type": "timestamp"},
            "Bytes": {"type": "blob"},
            "Doc": {"type": "structure", "members": {}, "document": true},
            "AttributeMap": {
                "type": "map",
                "key": {"shape": "KeyName"},
                "value": {"shape": "AttributeValue"}
            },
            "KeyName": {"type": "string", "min": 1},
            "AttributeValue": {
                "type": "structure",
                "union": true,
                "members": {
                    "S": {"shape": "Plain"},
                    "N": {"shape": "Plain"},
                    "L": {"shape": "AttributeList"}
                }
            },
            "AttributeList": {"type": "list", "member": {"shape": "AttributeValue"}},
            "TagList": {"type": "list", "member": {"shape": "Tag"}, "min": 1},
            "Tag": {
                "type": "structure",
                "required": ["Key"],
                "members": {"Key": {"shape": "Plain"}, "Value": {"shape": "Plain"}}
            },
            "UploadInput": {
                "type": "structure",
                "required": ["Vault", "Body"],
                "payload": "Body",
                "members": {
                    "Vault": {"shape": "Plain", "location": "uri"},
                    "Body": {"shape": "Stream"}
                }
            },
            "Stream": {"type": "blob", "streaming": true},
            "PickInput": {
                "type": "structure",
                "required": ["Choice"],
                "members": {"Choice": {"shape": "AttributeValue"}}
            }
        }
    }"#,
    )
    .expect("test model parses")
}

fn problems(operation: &str, params: Value) -> Vec<String> {
    let service = model();
    let op = service.operation(operation).expect("operation in model");
    match validate_input(&service, op, &params) {
        Ok(()) => Vec::new(),
        Err(e) => {
            assert!(e.is_validation(), "{e}");
            e.validation_problems().to_vec()
        }
    }
}

fn valid_put() -> Value {
    json!({"TableName": "users", "Item": {"id": {"S": "u1"}}})
}

fn put_with(extra: Value) -> Value {
    let mut params = valid_put();
    for (k, v) in extra.as_object().unwrap() {
        params[k] = v.clone();
    }
    params
}

#[test]
fn accepts_every_well_formed_value() {
    let params = put_with(json!({
        "Limit": 10,
        "Ratio": 0.5,
        "Consistent": true,
        "Tags": [{"Key": "k", "Value": "v"}, {"Key": "k2"}],
        "Since": "2014-04-29T18:30:38Z",
        "Data": "aGVsbG8=",
        "Password": "correct horse",
        "Filter": {"any": [1, "two", null, {"three": true}]},
        "Mode": "FAST",
        "Account": "123",
        "Policy": {"Version": "2012-10-17"},
        "Big": 9007199254740993u64
    }));
    assert_eq!(problems("PutItem", params), Vec::<String>::new());
}

#[test]
fn reports_each_problem_with_its_path_and_exact_message() {
    let cases: &[(&str, Value, &[&str])] = &[
        (
            "missing required members",
            json!({}),
            &[
                "TableName: missing required member",
                "Item: missing required member",
            ],
        ),
        (
            "null counts as absent",
            json!({"TableName": null, "Item": {"id": {"S": "x"}}}),
            &["TableName: missing required member"],
        ),
        (
            "unknown member lists the valid names",
            put_with(json!({"Bogus": 1})),
            &[
                "Bogus: unknown parameter, valid parameters: TableName, Item, Limit, Ratio, \
               Consistent, Tags, Since, Data, Password, Filter, Mode, Account, Policy, Token, Big, Query",
            ],
        ),
        (
            "wrong type deep in a map of unions",
            json!({"TableName": "users", "Item": {"id": {"S": 42}}}),
            &["Item.id.S: expected string, got 42"],
        ),
        (
            "list indexes in the path",
            put_with(json!({"Tags": [{"Key": "a"}, {"Value": "b"}, {"Key": false}]})),
            &[
                "Tags[1].Key: missing required member",
                "Tags[2].Key: expected string, got false",
            ],
        ),
        (
            "nested list of unions",
            json!({"TableName": "users", "Item": {"l": {"L": [{"S": "a"}, {"N": 5}]}}}),
            &["Item.l.L[1].N: expected string, got 5"],
        ),
        (
            "integer must be whole",
            put_with(json!({"Limit": 1.5})),
            &["Limit: expected integer, got 1.5"],
        ),
        (
            "integer as a string",
            put_with(json!({"Limit": "10"})),
            &["Limit: expected integer, got \"10\""],
        ),
        (
            "integer below min; max is not checked",
            put_with(json!({"Limit": 0, "Big": -5})),
            &["Limit: expected a value of at least 1, got 0"],
        ),
        (
            "double below a fractional min",
            put_with(json!({"Ratio": 0.25})),
            &["Ratio: expected a value of at least 0.5, got 0.25"],
        ),
        (
            "string shorter than min; max is not checked",
            json!({"TableName": "ab", "Item": {}}),
            &["TableName: expected length at least 3, got length 2"],
        ),
        (
            "list shorter than min",
            put_with(json!({"Tags": []})),
            &["Tags: expected length at least 1, got length 0"],
        ),
        (
            "host label has an implicit min length of 1",
            put_with(json!({"Account": ""})),
            &["Account: expected length at least 1, got length 0"],
        ),
        (
            "map key checked against the key shape",
            json!({"TableName": "users", "Item": {"": {"S": "x"}}}),
            &["Item (key \"\"): expected length at least 1, got length 0"],
        ),
        (
            "jsonvalue outside a header is an ordinary string (as botocore)",
            put_with(json!({"Query": {"a": 1}})),
            &["Query: expected string, got an object"],
        ),
        (
            "boolean",
            put_with(json!({"Consistent": "true"})),
            &["Consistent: expected boolean, got \"true\""],
        ),
        (
            "blob must be base64 text",
            put_with(json!({"Data": "not base64!"})),
            &["Data: expected base64-encoded bytes, got a string that is not valid base64"],
        ),
        (
            "blob of the wrong type",
            put_with(json!({"Data": [1, 2]})),
            &["Data: expected base64-encoded bytes, got a list"],
        ),
        (
            "timestamp that does not parse",
            put_with(json!({"Since": "yesterday"})),
            &["Since: expected timestamp (epoch seconds or a date string), got \"yesterday\""],
        ),
        (
            "timestamp of the wrong type",
            put_with(json!({"Since": true})),
            &["Since: expected timestamp (epoch seconds or a date string), got true"],
        ),
        (
            "sensitive values are not shown",
            put_with(json!({"Password": 12345678})),
            &["Password: expected string, got a number"],
        ),
        (
            "sensitive length shows only the length",
            put_with(json!({"Password": "hunter2"})),
            &["Password: expected length at least 8, got length 7"],
        ),
        (
            "enum is not checked (as botocore)",
            put_with(json!({"Mode": "WARP"})),
            &[],
        ),
        (
            "structure of the wrong type",
            json!({"TableName": "users", "Item": ["id"]}),
            &["Item: expected object, got a list"],
        ),
        (
            "union with two members",
            json!({"TableName": "users", "Item": {"id": {"S": "a", "N": "1"}}}),
            &["Item.id: union must have exactly one member set, got 2 (S, N)"],
        ),
        (
            "union with none",
            json!({"TableName": "users", "Item": {"id": {}}}),
            &["Item.id: union must have exactly one member set, got none; set one of: S, N, L"],
        ),
        (
            "union null members do not count",
            json!({"TableName": "users", "Item": {"id": {"S": "a", "N": null}}}),
            &[],
        ),
        (
            "long strings are cut in messages",
            put_with(json!({"Limit": "a".repeat(50)})),
            &["Limit: expected integer, got \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\""],
        ),
        (
            "parameters must be an object",
            json!([1]),
            &["input: expected object, got a list"],
        ),
    ];
    for (name, params, expected) in cases {
        assert_eq!(
            &problems("PutItem", params.clone()),
            expected,
            "case: {name}"
        );
    }
}

#[test]
fn collects_every_problem_in_one_error() {
    let got = problems(
        "PutItem",
        json!({"TableName": 7, "Limit": 0, "Extra": true, "Tags": [{"Key": 1}]}),
    );
    assert_eq!(
        got,
        vec![
            "Item: missing required member".to_string(),
            "Extra: unknown parameter, valid parameters: TableName, Item, Limit, Ratio, \
             Consistent, Tags, Since, Data, Password, Filter, Mode, Account, Policy, Token, Big, Query"
                .to_string(),
            "TableName: expected string, got 7".to_string(),
            "Limit: expected a value of at least 1, got 0".to_string(),
            "Tags[0].Key: expected string, got 1".to_string(),
        ]
    );
    let service = model();
    let err = validate_input(
        &service,
        service.operation("PutItem").unwrap(),
        &json!({"TableName": 7}),
    )
    .unwrap_err();
    assert!(err
        .to_string()
        .contains("TableName: expected string, got 7"));
    assert!(err.to_string().contains("Item: missing required member"));
}

#[test]
fn null_parameters_mean_none() {
    assert_eq!(
        problems("PutItem", Value::Null),
        vec![
            "TableName: missing required member",
            "Item: missing required member"
        ]
    );
}

#[test]
fn streaming_payload_may_be_left_out_but_is_checked_when_given() {
    assert!(problems("Upload", json!({"Vault": "v"})).is_empty());
    assert!(problems("Upload", json!({"Vault": "v", "Body": "aGk="})).is_empty());
    assert_eq!(
        problems("Upload", json!({"Body": 5})),
        vec![
            "Vault: missing required member",
            "Body: expected base64-encoded bytes, got 5"
        ]
    );
}

#[test]
fn idempotency_token_may_be_left_out_even_when_required() {
    let mut service = model();
    service
        .shapes
        .get_mut("PutItemInput")
        .unwrap()
        .required
        .push("Token".into());
    let op = service.operation("PutItem").unwrap();
    assert!(validate_input(&service, op, &valid_put()).is_ok());
}

#[test]
fn operation_without_input_takes_only_nothing() {
    assert!(problems("Ping", json!({})).is_empty());
    assert!(problems("Ping", Value::Null).is_empty());
    assert_eq!(
        problems("Ping", json!({"A": 1})),
        vec!["A: unknown parameter, operation Ping takes no parameters"]
    );
    assert_eq!(
        problems("Ping", json!("x")),
        vec!["input: expected an empty object (operation Ping takes no parameters), got \"x\""]
    );
}

#[test]
fn timestamps_accept_numbers_and_every_date_form() {
    for since in [
        json!(1398796238),
        json!(1398796238.5),
        json!("2014-04-29T18:30:38+02:00"),
        json!("Tue, 29 Apr 2014 18:30:38 GMT"),
        json!("1398796238"),
    ] {
        assert!(
            problems("PutItem", put_with(json!({ "Since": since }))).is_empty(),
            "{since}"
        );
    }
}

#[test]
fn doubles_accept_integers_and_special_float_strings() {
    for ratio in [json!(1), json!(2.5), json!("Infinity"), json!("NaN")] {
        assert!(
            problems("PutItem", put_with(json!({ "Ratio": ratio }))).is_empty(),
            "{ratio}"
        );
    }
    assert_eq!(
        problems("PutItem", put_with(json!({"Ratio": "1.5"}))),
        vec!["Ratio: expected number, got \"1.5\""]
    );
}

#[test]
fn union_as_a_required_top_level_member() {
    assert!(problems("Pick", json!({"Choice": {"S": "x"}})).is_empty());
    assert_eq!(
        problems("Pick", json!({"Choice": {"S": "x", "L": []}})),
        vec!["Choice: union must have exactly one member set, got 2 (S, L)"]
    );
}

#[test]
fn real_models_accept_typical_calls_and_reject_typos() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../resource-models/models");
    let load = |service: &str, version: &str| -> ServiceDefinition {
        let text = std::fs::read_to_string(format!("{root}/{service}/{version}/service-2.json"))
            .expect("model file");
        serde_json::from_str(&text).expect("model parses")
    };
    let s3 = load("s3", "2006-03-01");
    let put_object = s3.operation("PutObject").unwrap();
    assert!(validate_input(
        &s3,
        put_object,
        &json!({"Bucket": "b", "Key": "k", "Metadata": {"a": "b"}, "ContentLength": 3})
    )
    .is_ok());
    let err = validate_input(&s3, put_object, &json!({"Bucket": "b", "Kye": "k"})).unwrap_err();
    assert_eq!(err.validation_problems()[0], "Key: missing required member");
    assert!(err.validation_problems()[1].starts_with("Kye: unknown parameter, valid parameters: "));

    let dynamodb = load("dynamodb", "2012-08-10");
    let put_item = dynamodb.operation("PutItem").unwrap();
    let err = validate_input(
        &dynamodb,
        put_item,
        &json!({"TableName": "users", "Item": {"id": {"S": 42}}}),
    )
    .unwrap_err();
    assert_eq!(
        err.validation_problems(),
        ["Item.id.S: expected string, got 42"]
    );
    let ec2 = load("ec2", "2016-11-15");
    let describe = ec2.operation("DescribeInstances").unwrap();
    assert!(validate_input(
        &ec2,
        describe,
        &json!({"Filters": [{"Name": "instance-state-name", "Values": ["running"]}], "MaxResults": 5})
    )
    .is_ok());
}
