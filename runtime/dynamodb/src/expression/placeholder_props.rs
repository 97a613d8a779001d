//! Properties of the placeholders of arbitrary requests: every placeholder an expression uses
//! is in the maps and every one in the maps is used (DynamoDB rejects both a missing and an
//! unused placeholder), numbered 0, 1, 2… in the order they appear.

use proptest::prelude::*;
use serde_json::Value;

use super::*;

const NAMES: [&str; 6] = ["a", "b", "size", "name", "x y", "l"];

fn path() -> impl Strategy<Value = String> {
    (
        0..NAMES.len(),
        prop::collection::vec((0..NAMES.len(), prop::option::of(0u32..5)), 0..3),
    )
        .prop_map(|(first, rest)| {
            let mut path = NAMES[first].to_owned();
            for (name, index) in rest {
                match index {
                    Some(index) => path.push_str(&format!("[{index}]")),
                    None => {
                        path.push('.');
                        path.push_str(NAMES[name]);
                    }
                }
            }
            path
        })
}

fn condition() -> impl Strategy<Value = Condition> {
    let leaf = (path(), 0..6u8, any::<i32>()).prop_map(|(p, kind, v)| {
        let attr = Attr::new(p);
        match kind {
            0 => attr.eq(v),
            1 => attr.between(v, v.saturating_add(1)),
            2 => attr.is_in([v, v / 2, 7]),
            3 => attr.exists(),
            4 => attr.size().ne(v),
            _ => attr.begins_with(v.to_string()),
        }
    });
    leaf.prop_recursive(4, 16, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a & b),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a | b),
            inner.prop_map(|a| !a),
        ]
    })
}

/// An update over distinct top-level attributes (so no paths overlap).
fn update() -> impl Strategy<Value = Update> {
    prop::collection::vec((0..5u8, any::<i16>()), 1..6).prop_map(|actions| {
        actions
            .into_iter()
            .enumerate()
            .fold(Update::new(), |update, (i, (kind, v))| {
                let target = format!("t{i}");
                match kind {
                    0 => update.set(target, v),
                    1 => update.set_to(
                        target,
                        Operand::if_not_exists(format!("s{i}"), v).plus(Operand::value(1)),
                    ),
                    2 => update.set_to(
                        target,
                        Operand::list_append(Operand::path(format!("s{i}.l")), Operand::value([v])),
                    ),
                    3 => update.remove(target),
                    _ => update.add(target, v),
                }
            })
    })
}

/// The `prefix`+digits placeholders of `text`, in order of appearance.
fn placeholders_in(text: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let digits: String = rest[at + prefix.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        assert!(!digits.is_empty(), "a bare {prefix} in {text}");
        found.push(format!("{prefix}{digits}"));
        rest = &rest[at + prefix.len() + digits.len()..];
    }
    found
}

proptest! {
    #[test]
    fn placeholders_are_used_exactly_and_numbered_in_order(
        condition in condition(),
        filter in prop::option::of(condition()),
        update in prop::option::of(update()),
        projection in prop::option::of(prop::collection::vec(path(), 1..4)),
    ) {
        let mut expressions = Expressions::new().condition(condition);
        if let Some(filter) = filter {
            expressions = expressions.filter(filter);
        }
        if let Some(update) = update {
            expressions = expressions.update(update);
        }
        let projection_given = projection.is_some();
        if let Some(paths) = projection {
            expressions = expressions.projection(Projection::new(paths));
        }
        let built = match expressions.build() {
            Ok(built) => built,
            // Random projection paths may overlap; nothing else in these inputs is invalid.
            Err(e) => {
                prop_assert!(projection_given, "{e}");
                prop_assert!(
                    e.validation_problems().iter().all(|p| p.contains("overlap")),
                    "{e}"
                );
                return Ok(());
            }
        };
        let all: String = [
            &built.condition_expression,
            &built.filter_expression,
            &built.key_condition_expression,
            &built.update_expression,
            &built.projection_expression,
        ]
        .into_iter()
        .flatten()
        .map(|s| format!("{s}\n"))
        .collect();
        for (prefix, map) in [("#n", &built.names), (":v", &built.values)] {
            let used = placeholders_in(&all, prefix);
            let expected: Vec<String> = (0..used.len()).map(|i| format!("{prefix}{i}")).collect();
            prop_assert_eq!(&used, &expected, "each used once, in order: {}", all);
            // The map holds exactly the placeholders used (in whatever order a
            // `serde_json::Map` keeps its keys).
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut used_sorted: Vec<&String> = used.iter().collect();
            used_sorted.sort();
            prop_assert_eq!(keys, used_sorted);
        }
        for name in built.names.values() {
            prop_assert!(matches!(name, Value::String(n) if NAMES.contains(&n.as_str())
                || n.starts_with('t') || n.starts_with('s')));
        }
    }
}
