//! Parity with boto3 1.44.5's `ConditionExpressionBuilder`, and the errors boto3 does not raise.
//!
//! Every `expect` below is what boto3 printed for the same conditions (its builder run in
//! Python, values through its `TypeSerializer`); a key condition and a filter in one request
//! share one builder, as boto3's `Table.query` does (filter first).

use serde_json::{json, Value};

use super::*;

/// Builds `expressions` and compares each built string and the placeholder maps.
#[track_caller]
fn expect(built: &BuiltExpressions, expression: &str, names: Value, values: Value) {
    let rendered = built
        .condition_expression
        .as_deref()
        .or(built.key_condition_expression.as_deref())
        .or(built.filter_expression.as_deref())
        .expect("an expression");
    assert_eq!(rendered, expression);
    assert_eq!(Value::Object(built.names.clone()), names);
    assert_eq!(Value::Object(built.values.clone()), values);
}

fn condition(condition: Condition) -> BuiltExpressions {
    Expressions::new().condition(condition).build().unwrap()
}

fn key(key: KeyCondition) -> BuiltExpressions {
    Expressions::new().key_condition(key).build().unwrap()
}

fn problems(expressions: Expressions) -> Vec<String> {
    let err = expressions.build().unwrap_err();
    assert!(err.is_validation(), "{err}");
    err.validation_problems().to_vec()
}

#[test]
fn key_eq() {
    expect(
        &key(Key::new("pk").eq("u1")),
        "#n0 = :v0",
        json!({"#n0": "pk"}),
        json!({":v0": {"S": "u1"}}),
    );
}

#[test]
fn key_eq_and_begins_with() {
    expect(
        &key(Key::new("pk")
            .eq("u1")
            .and(Key::new("sk").begins_with("2026-"))),
        "(#n0 = :v0 AND begins_with(#n1, :v1))",
        json!({"#n0": "pk", "#n1": "sk"}),
        json!({":v0": {"S": "u1"}, ":v1": {"S": "2026-"}}),
    );
}

#[test]
fn key_between() {
    expect(
        &key(Key::new("pk").eq(7).and(Key::new("sk").between(1, 5))),
        "(#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2)",
        json!({"#n0": "pk", "#n1": "sk"}),
        json!({":v0": {"N": "7"}, ":v1": {"N": "1"}, ":v2": {"N": "5"}}),
    );
}

#[test]
fn key_range_operators() {
    let cases = [
        (Key::new("pk").eq(0).and(Key::new("a").lt(1)), "<"),
        (Key::new("pk").eq(0).and(Key::new("a").le(1)), "<="),
        (Key::new("pk").eq(0).and(Key::new("a").gt(1)), ">"),
        (Key::new("pk").eq(0).and(Key::new("a").ge(1)), ">="),
        (Key::new("pk").eq(0).and(Key::new("a").eq(1)), "="),
    ];
    for (condition, op) in cases {
        expect(
            &key(condition),
            &format!("(#n0 = :v0 AND #n1 {op} :v1)"),
            json!({"#n0": "pk", "#n1": "a"}),
            json!({":v0": {"N": "0"}, ":v1": {"N": "1"}}),
        );
    }
}

#[test]
fn nested_path() {
    expect(
        &condition(Attr::new("a.b[2].c").eq(1)),
        "#n0.#n1[2].#n2 = :v0",
        json!({"#n0": "a", "#n1": "b", "#n2": "c"}),
        json!({":v0": {"N": "1"}}),
    );
}

#[test]
fn repeated_indexes() {
    expect(
        &condition(Attr::new("m[1][2].x").gt(0)),
        "#n0[1][2].#n1 > :v0",
        json!({"#n0": "m", "#n1": "x"}),
        json!({":v0": {"N": "0"}}),
    );
}

#[test]
fn ne_or_lt() {
    expect(
        &condition(Attr::new("a").ne("x") | Attr::new("b").lt(3)),
        "(#n0 <> :v0 OR #n1 < :v1)",
        json!({"#n0": "a", "#n1": "b"}),
        json!({":v0": {"S": "x"}, ":v1": {"N": "3"}}),
    );
}

#[test]
fn not_exists_and_negated_exists() {
    expect(
        &condition(!Attr::new("a").exists()),
        "(NOT attribute_exists(#n0))",
        json!({"#n0": "a"}),
        json!({}),
    );
    expect(
        &condition(Attr::new("a").not_exists()),
        "attribute_not_exists(#n0)",
        json!({"#n0": "a"}),
        json!({}),
    );
}

#[test]
fn is_in() {
    expect(
        &condition(Attr::new("x").is_in([1, 2, 3])),
        "#n0 IN (:v0, :v1, :v2)",
        json!({"#n0": "x"}),
        json!({":v0": {"N": "1"}, ":v1": {"N": "2"}, ":v2": {"N": "3"}}),
    );
}

#[test]
fn functions() {
    expect(
        &condition(Attr::new("t").attribute_type(AttributeType::Ss)),
        "attribute_type(#n0, :v0)",
        json!({"#n0": "t"}),
        json!({":v0": {"S": "SS"}}),
    );
    expect(
        &condition(Attr::new("tags").contains("red")),
        "contains(#n0, :v0)",
        json!({"#n0": "tags"}),
        json!({":v0": {"S": "red"}}),
    );
    expect(
        &condition(Attr::new("name").begins_with("Ad")),
        "begins_with(#n0, :v0)",
        json!({"#n0": "name"}),
        json!({":v0": {"S": "Ad"}}),
    );
}

#[test]
fn size() {
    expect(
        &condition(Attr::new("name").size().gt(3)),
        "size(#n0) > :v0",
        json!({"#n0": "name"}),
        json!({":v0": {"N": "3"}}),
    );
    expect(
        &condition(Attr::new("l").size().between(1, 5)),
        "size(#n0) BETWEEN :v0 AND :v1",
        json!({"#n0": "l"}),
        json!({":v0": {"N": "1"}, ":v1": {"N": "5"}}),
    );
}

#[test]
fn chained_and_nests_to_the_left() {
    expect(
        &condition(Attr::new("a").between(1, 2) & Attr::new("b").ge(3) & Attr::new("c").le(4)),
        "((#n0 BETWEEN :v0 AND :v1 AND #n1 >= :v2) AND #n2 <= :v3)",
        json!({"#n0": "a", "#n1": "b", "#n2": "c"}),
        json!({":v0": {"N": "1"}, ":v1": {"N": "2"}, ":v2": {"N": "3"}, ":v3": {"N": "4"}}),
    );
}

#[test]
fn mixed_bool_null_or_not_in() {
    let none: Option<u8> = None;
    expect(
        &condition(
            (Attr::new("a").eq(true) & Attr::new("b").eq(none))
                | !Attr::new("c.d").is_in(["x", "y"]),
        ),
        "((#n0 = :v0 AND #n1 = :v1) OR (NOT #n2.#n3 IN (:v2, :v3)))",
        json!({"#n0": "a", "#n1": "b", "#n2": "c", "#n3": "d"}),
        json!({":v0": {"BOOL": true}, ":v1": {"NULL": true}, ":v2": {"S": "x"}, ":v3": {"S": "y"}}),
    );
}

#[test]
fn same_name_twice_gets_two_placeholders() {
    expect(
        &condition(Attr::new("a").gt(1) & Attr::new("a").lt(5)),
        "(#n0 > :v0 AND #n1 < :v1)",
        json!({"#n0": "a", "#n1": "a"}),
        json!({":v0": {"N": "1"}, ":v1": {"N": "5"}}),
    );
}

#[test]
fn number_map_and_list_values() {
    let meta = json!({"k": "v", "n": 1});
    expect(
        &condition(
            Attr::new("price").eq(crate::Number::try_from(9.99).unwrap())
                & Attr::new("meta").eq(&meta)
                & Attr::new("l").eq(("a", 2)),
        ),
        "((#n0 = :v0 AND #n1 = :v1) AND #n2 = :v2)",
        json!({"#n0": "price", "#n1": "meta", "#n2": "l"}),
        json!({
            ":v0": {"N": "9.99"},
            ":v1": {"M": {"k": {"S": "v"}, "n": {"N": "1"}}},
            ":v2": {"L": [{"S": "a"}, {"N": "2"}]}
        }),
    );
}

#[test]
fn filter_then_key_condition_share_numbering_as_in_query() {
    let built = Expressions::new()
        .key_condition(Key::new("pk").eq("team#1").and(Key::new("sk").gt(10)))
        .filter(Attr::new("age").ge(18) & Attr::new("name").begins_with("A"))
        .build()
        .unwrap();
    assert_eq!(
        built.filter_expression.as_deref(),
        Some("(#n0 >= :v0 AND begins_with(#n1, :v1))")
    );
    assert_eq!(
        built.key_condition_expression.as_deref(),
        Some("(#n2 = :v2 AND #n3 > :v3)")
    );
    assert_eq!(
        Value::Object(built.names),
        json!({"#n0": "age", "#n1": "name", "#n2": "pk", "#n3": "sk"})
    );
    assert_eq!(
        Value::Object(built.values),
        json!({":v0": {"N": "18"}, ":v1": {"S": "A"}, ":v2": {"S": "team#1"}, ":v3": {"N": "10"}})
    );
}

#[test]
fn update_renders_sections_in_order() {
    let update = Update::new()
        .add("count", 1)
        .set("a.b", "x")
        .remove("old")
        .set_to(
            "l",
            Operand::list_append(Operand::path("l"), Operand::value([1])),
        )
        .delete("s", crate::StringSet::from_iter(["gone"]))
        .set_to("n", Operand::if_not_exists("n", 0).plus(Operand::value(2)))
        .set_to("m", Operand::path("m").minus(Operand::path("k")))
        .remove("l2[3]");
    let built = Expressions::new()
        .condition(Attr::new("v").eq(1))
        .update(update)
        .build()
        .unwrap();
    assert_eq!(built.condition_expression.as_deref(), Some("#n0 = :v0"));
    assert_eq!(
        built.update_expression.as_deref(),
        Some(
            "SET #n1.#n2 = :v1, #n3 = list_append(#n4, :v2), #n5 = if_not_exists(#n6, :v3) + :v4, \
             #n7 = #n8 - #n9 REMOVE #n10, #n11[3] ADD #n12 :v5 DELETE #n13 :v6"
        )
    );
    assert_eq!(
        Value::Object(built.names),
        json!({
            "#n0": "v", "#n1": "a", "#n2": "b", "#n3": "l", "#n4": "l", "#n5": "n", "#n6": "n",
            "#n7": "m", "#n8": "m", "#n9": "k", "#n10": "old", "#n11": "l2", "#n12": "count",
            "#n13": "s"
        })
    );
    assert_eq!(
        Value::Object(built.values),
        json!({
            ":v0": {"N": "1"}, ":v1": {"S": "x"}, ":v2": {"L": [{"N": "1"}]}, ":v3": {"N": "0"},
            ":v4": {"N": "2"}, ":v5": {"N": "1"}, ":v6": {"SS": ["gone"]}
        })
    );
}

#[test]
fn update_with_only_one_section_has_no_stray_spaces() {
    let built = Expressions::new()
        .update(Update::new().remove("a").remove("b"))
        .build()
        .unwrap();
    assert_eq!(built.update_expression.as_deref(), Some("REMOVE #n0, #n1"));
    assert!(built.values.is_empty());
    let built = Expressions::new()
        .update(Update::new().add("n", 5))
        .build()
        .unwrap();
    assert_eq!(built.update_expression.as_deref(), Some("ADD #n0 :v0"));
}

#[test]
fn projection_and_user_placeholders() {
    let built = Expressions::new()
        .projection(Projection::new(["id", "a.b[0]"]).with(Path::name("x.y")))
        .names([("#mine", "status")])
        .values(json!({":lim": {"N": "5"}}).as_object().unwrap().clone())
        .build()
        .unwrap();
    assert_eq!(
        built.projection_expression.as_deref(),
        Some("#n0, #n1.#n2[0], #n3")
    );
    assert_eq!(
        Value::Object(built.names),
        json!({"#n0": "id", "#n1": "a", "#n2": "b", "#n3": "x.y", "#mine": "status"})
    );
    assert_eq!(Value::Object(built.values), json!({":lim": {"N": "5"}}));
}

#[test]
fn nothing_to_build_is_empty() {
    let built = Expressions::new().build().unwrap();
    assert_eq!(built, BuiltExpressions::default());
}

#[test]
fn every_problem_is_named_at_once() {
    let problems = problems(
        Expressions::new()
            .condition(Attr::new("a..b").eq(1) & Attr::new("c").is_in(Vec::<i32>::new()))
            .filter(Attr::new("f").eq(f64::NAN))
            .update(Update::new())
            .projection(Projection::new(Vec::<Path>::new())),
    );
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert_eq!(
        problems[0],
        "condition: invalid path `a..b`: empty name at byte 2"
    );
    assert_eq!(problems[1], "condition: `c` IN needs at least one value");
    assert!(
        problems[2].starts_with("filter: the value for `f` cannot be converted: "),
        "{}",
        problems[2]
    );
    assert_eq!(
        problems[3],
        "update: no actions; add at least one set, remove, add or delete"
    );
    assert_eq!(problems[4], "projection: no attributes; name at least one");
}

#[test]
fn in_list_is_limited_to_a_hundred_values() {
    let problems = problems(Expressions::new().filter(Attr::new("x").is_in(0..101)));
    assert_eq!(
        problems,
        ["filter: `x` IN has 101 values; DynamoDB allows at most 100"]
    );
    assert!(Expressions::new()
        .filter(Attr::new("x").is_in(0..100))
        .build()
        .is_ok());
}

#[test]
fn key_condition_shapes_dynamodb_refuses() {
    let three = Key::new("a")
        .eq(1)
        .and(Key::new("b").eq(2))
        .and(Key::new("c").eq(3));
    assert_eq!(
        problems(Expressions::new().key_condition(three)),
        ["key condition: 3 conditions joined; a key condition is the partition key's, optionally \
          and one on the sort key"]
    );
    let no_eq = Key::new("a").gt(1).and(Key::new("b").lt(2));
    assert_eq!(
        problems(Expressions::new().key_condition(no_eq)),
        ["key condition: neither condition is an equality; the partition key needs `eq`"]
    );
    let twice = Key::new("a").eq(1).and(Key::new("a").eq(2));
    assert_eq!(
        problems(Expressions::new().key_condition(twice)),
        ["key condition: `a` has two conditions; give each key one"]
    );
    assert_eq!(
        problems(Expressions::new().key_condition(Key::new("a").begins_with("x"))),
        [
            "key condition: the only condition, on `a`, is not an equality; the partition key \
          needs `eq`"
        ]
    );
    assert_eq!(
        problems(Expressions::new().key_condition(Key::new("a.b").eq(1))),
        ["key condition: `a.b` is not a top-level attribute; keys are top-level attributes"]
    );
    key(Key::new(Path::name("a.b")).eq(1));
}

#[test]
fn update_overlaps_and_misplaced_arithmetic() {
    let update = Update::new()
        .set("a", 1)
        .remove("a.b")
        .add("c", 1)
        .delete("c", 1)
        .set_to(
            "d",
            Operand::path("x")
                .plus(Operand::value(1))
                .plus(Operand::value(2)),
        )
        .set_to(
            "e",
            Operand::list_append(
                Operand::path("x").minus(Operand::value(1)),
                Operand::path("y"),
            ),
        );
    assert_eq!(
        problems(Expressions::new().update(update)),
        [
            "update: `a` and `a.b` overlap; an update may touch each path once",
            "update: `c` and `c` overlap; an update may touch each path once",
            "update: SET `d`: `+`/`-` may appear once, at the top of the value",
            "update: SET `e`: `+`/`-` may appear once, at the top of the value",
        ]
    );
}

#[test]
fn projection_overlaps() {
    assert_eq!(
        problems(Expressions::new().projection(Projection::new(["a", "b", "a.c"]))),
        ["projection: `a` and `a.c` overlap; name each part once"]
    );
}

#[test]
fn user_placeholders_must_be_well_formed_and_not_clash() {
    let values = json!({":v0": {"N": "1"}, "bad": {"N": "2"}});
    assert_eq!(
        problems(
            Expressions::new()
                .condition(Attr::new("a").eq(1))
                .names([("#n0", "x"), ("#", "y"), ("z", "w")])
                .values(values.as_object().unwrap().clone())
        ),
        // Problems come in the order of the placeholder maps (sorted by name).
        [
            "name placeholder `#` must start with `#` and have a name",
            "name placeholder `#n0` is yours and also generated; rename yours",
            "name placeholder `z` must start with `#` and have a name",
            "value placeholder `:v0` is yours and also generated; rename yours",
            "value placeholder `bad` must start with `:` and have a name",
        ]
    );
}

#[test]
fn user_values_must_be_attribute_values() {
    let values = json!({":ok": {"N": "1"}, ":raw": 5, ":two": {"S": "a", "N": "1"}});
    assert_eq!(
        problems(
            Expressions::new()
                .condition(Attr::new("a").eq(1))
                .values(values.as_object().unwrap().clone())
        ),
        [
            "value placeholder `:raw` is 5, not an attribute value in wire form such as \
             {\"N\": \"5\"} (convert it with to_attribute_value)",
            "value placeholder `:two` is {\"N\":\"1\",\"S\":\"a\"}, not an attribute value in \
             wire form such as {\"N\": \"5\"} (convert it with to_attribute_value)",
        ]
    );
}

#[test]
fn apply_to_writes_expressions_and_merges_placeholders() {
    let built = Expressions::new()
        .update(Update::new().set("a", 1))
        .condition(Attr::new("b").exists())
        .build()
        .unwrap();
    let mut params = json!({
        "TableName": "t",
        "ExpressionAttributeNames": {"#x": "other"},
    });
    built.apply_to(params.as_object_mut().unwrap()).unwrap();
    assert_eq!(
        params,
        json!({
            "TableName": "t",
            "ExpressionAttributeNames": {"#x": "other", "#n0": "b", "#n1": "a"},
            "ConditionExpression": "attribute_exists(#n0)",
            "UpdateExpression": "SET #n1 = :v0",
            "ExpressionAttributeValues": {":v0": {"N": "1"}},
        })
    );
}

#[test]
fn apply_to_leaves_out_empty_placeholder_maps() {
    let built = Expressions::new()
        .condition(Attr::new("b").exists())
        .build()
        .unwrap();
    let mut params = serde_json::Map::new();
    built.apply_to(&mut params).unwrap();
    assert_eq!(
        Value::Object(params),
        json!({"ConditionExpression": "attribute_exists(#n0)", "ExpressionAttributeNames": {"#n0": "b"}})
    );
}

#[test]
fn apply_to_refuses_clashes_and_changes_nothing() {
    let built = Expressions::new()
        .filter(Attr::new("b").eq(2))
        .build()
        .unwrap();
    let original = json!({
        "FilterExpression": "#x = :y",
        "ExpressionAttributeNames": {"#n0": "not-b"},
        "ExpressionAttributeValues": {":v0": {"N": "2"}},
    });
    let mut params = original.clone();
    let err = built
        .clone()
        .apply_to(params.as_object_mut().unwrap())
        .unwrap_err();
    assert_eq!(
        err.validation_problems(),
        [
            "`FilterExpression` is already set in the parameters and also built",
            "`ExpressionAttributeNames` already maps `#n0` to \"not-b\", and the built \
             expressions map it to \"b\"",
        ]
    );
    assert_eq!(params, original);

    let mut params = json!({"ExpressionAttributeValues": []});
    let err = built.apply_to(params.as_object_mut().unwrap()).unwrap_err();
    assert_eq!(
        err.validation_problems(),
        ["`ExpressionAttributeValues` in the parameters is not an object: []"]
    );
}

/// 60 random filter trees (and key conditions for half of them) that boto3 1.44.5 built, with
/// its strings and placeholder maps: `boto3_cases.json`, made by running boto3's
/// `ConditionExpressionBuilder` on trees from a seeded generator (odd names, reserved words,
/// nested paths with indexes, every operator, every value type).
#[test]
fn random_trees_equal_boto3() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("boto3_cases.json")).unwrap();
    assert_eq!(cases.len(), 60);
    for (i, case) in cases.iter().enumerate() {
        let mut expressions = Expressions::new().filter(condition_from(&case["filter"]));
        if !case["key"].is_null() {
            expressions = expressions.key_condition(key_from(&case["key"]));
        }
        let built = expressions
            .build()
            .unwrap_or_else(|e| panic!("case {i}: {e}"));
        assert_eq!(
            built.filter_expression.as_deref(),
            case["expected_filter"].as_str(),
            "case {i}"
        );
        assert_eq!(
            built.key_condition_expression.as_deref(),
            case["expected_key"].as_str(),
            "case {i}"
        );
        assert_eq!(Value::Object(built.names), case["names"], "case {i}");
        assert_eq!(Value::Object(built.values), case["values"], "case {i}");
    }
}

fn condition_from(tree: &Value) -> Condition {
    let op = tree["op"].as_str().unwrap();
    let attr = || Attr::new(tree["path"].as_str().unwrap());
    let v = &tree["v"];
    match op {
        "and" => condition_from(&tree["l"]) & condition_from(&tree["r"]),
        "or" => condition_from(&tree["l"]) | condition_from(&tree["r"]),
        "not" => !condition_from(&tree["c"]),
        "eq" => attr().eq(v),
        "ne" => attr().ne(v),
        "lt" => attr().lt(v),
        "lte" => attr().le(v),
        "gt" => attr().gt(v),
        "gte" => attr().ge(v),
        "between" => attr().between(&tree["lo"], &tree["hi"]),
        "in" => attr().is_in(tree["vs"].as_array().unwrap()),
        "exists" => attr().exists(),
        "not_exists" => attr().not_exists(),
        "begins_with" => attr().begins_with(v),
        "contains" => attr().contains(v),
        "attribute_type" => attr().attribute_type(attribute_type(tree["t"].as_str().unwrap())),
        "size_eq" => attr().size().eq(v),
        "size_lt" => attr().size().lt(v),
        "size_lte" => attr().size().le(v),
        "size_gt" => attr().size().gt(v),
        "size_gte" => attr().size().ge(v),
        other => panic!("unknown op {other}"),
    }
}

fn key_from(tree: &Value) -> KeyCondition {
    let key = || Key::new(tree["path"].as_str().unwrap());
    let v = &tree["v"];
    match tree["op"].as_str().unwrap() {
        "and" => key_from(&tree["l"]).and(key_from(&tree["r"])),
        "eq" => key().eq(v),
        "lt" => key().lt(v),
        "lte" => key().le(v),
        "gt" => key().gt(v),
        "gte" => key().ge(v),
        "between" => key().between(&tree["lo"], &tree["hi"]),
        "begins_with" => key().begins_with(v),
        other => panic!("unknown key op {other}"),
    }
}

fn attribute_type(name: &str) -> AttributeType {
    let all = [
        AttributeType::S,
        AttributeType::Ss,
        AttributeType::N,
        AttributeType::Ns,
        AttributeType::B,
        AttributeType::Bs,
        AttributeType::Bool,
        AttributeType::Null,
        AttributeType::L,
        AttributeType::M,
    ];
    all.into_iter().find(|t| t.as_str() == name).unwrap()
}
