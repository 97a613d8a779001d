//! Key conditions for Query: [`Key`] comparisons joined by `and`, rendered as boto3 renders
//! its `Key` conditions.

use serde::Serialize;

use super::condition::{Comparison, Function, Node, Subject};
use super::path::Path;
use super::placeholders::{Placeholders, ValueSlot};
use crate::item::KeySchema;

/// A key attribute to build a Query's key condition on, as boto3's `Key`.
///
/// Only the operators DynamoDB allows on keys exist here: `eq` on the partition key, and one of
/// `eq`, `lt`, `le`, `gt`, `ge`, `between`, `begins_with` on the sort key. The name is a
/// top-level attribute: `Key::new("a.b")` is reported when built (use [`Path::name`] for a key
/// whose name contains a dot).
///
/// ```
/// use rboto_dynamodb::expression::{Expressions, Key};
///
/// let key = Key::new("pk").eq("user#1").and(Key::new("sk").begins_with("order#2026"));
/// let built = Expressions::new().key_condition(key).build().unwrap();
/// assert_eq!(
///     built.key_condition_expression.as_deref(),
///     Some("(#n0 = :v0 AND begins_with(#n1, :v1))")
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub(super) path: Path,
}

impl Key {
    /// The key attribute `name` (text is parsed as a path; see [`Path`]).
    pub fn new(name: impl Into<Path>) -> Key {
        Key { path: name.into() }
    }

    /// `key = value`: the partition key's condition, or an exact sort key.
    pub fn eq<T: Serialize>(&self, value: T) -> KeyCondition {
        self.compare(Comparison::Eq, ValueSlot::new(&value))
    }

    /// `key < value`.
    pub fn lt<T: Serialize>(&self, value: T) -> KeyCondition {
        self.compare(Comparison::Lt, ValueSlot::new(&value))
    }

    /// `key <= value` (boto3's `lte`).
    #[doc(alias = "lte")]
    pub fn le<T: Serialize>(&self, value: T) -> KeyCondition {
        self.compare(Comparison::Le, ValueSlot::new(&value))
    }

    /// `key > value`.
    pub fn gt<T: Serialize>(&self, value: T) -> KeyCondition {
        self.compare(Comparison::Gt, ValueSlot::new(&value))
    }

    /// `key >= value` (boto3's `gte`).
    #[doc(alias = "gte")]
    pub fn ge<T: Serialize>(&self, value: T) -> KeyCondition {
        self.compare(Comparison::Ge, ValueSlot::new(&value))
    }

    /// `key BETWEEN low AND high` (both ends included).
    pub fn between<L: Serialize, H: Serialize>(&self, low: L, high: H) -> KeyCondition {
        self.between_slots(ValueSlot::new(&low), ValueSlot::new(&high))
    }

    /// `begins_with(key, prefix)` on a string or binary sort key.
    pub fn begins_with<T: Serialize>(&self, prefix: T) -> KeyCondition {
        self.begins_with_slot(ValueSlot::new(&prefix))
    }

    pub(super) fn between_slots(&self, low: ValueSlot, high: ValueSlot) -> KeyCondition {
        KeyCondition(
            Node::Between {
                subject: Subject::Path(self.path.clone()),
                low,
                high,
            },
            None,
        )
    }

    pub(super) fn begins_with_slot(&self, prefix: ValueSlot) -> KeyCondition {
        KeyCondition(
            Node::Function {
                function: Function::BeginsWith,
                path: self.path.clone(),
                arg: Some(prefix),
            },
            None,
        )
    }

    pub(super) fn compare(&self, op: Comparison, value: ValueSlot) -> KeyCondition {
        KeyCondition(
            Node::Compare {
                subject: Subject::Path(self.path.clone()),
                op,
                value,
            },
            None,
        )
    }
}

/// A Query's `KeyConditionExpression`: the partition key's `eq`, optionally `and` one sort key
/// condition. Anything else (three parts, two range conditions, the same key twice, a nested
/// path) is an error when built, before any request.
///
/// A condition built with [`Key::composed`] also carries its item type's schema, which a
/// query reads to parse composed keys back (see `Query::key_schema`).
#[derive(Clone, Debug, PartialEq)]
pub struct KeyCondition(Node, Option<KeySchema>);

impl KeyCondition {
    /// Both conditions: `(self AND other)`.
    pub fn and(self, other: KeyCondition) -> KeyCondition {
        KeyCondition(
            Node::And(Box::new(self.0), Box::new(other.0)),
            self.1.or(other.1),
        )
    }

    /// The schema of the item type a [`Key::composed`] part of this condition names.
    pub fn key_schema(&self) -> Option<KeySchema> {
        self.1
    }

    pub(super) fn with_schema(mut self, schema: KeySchema) -> KeyCondition {
        self.1 = Some(schema);
        self
    }

    pub(crate) fn render(&self, placeholders: &mut Placeholders, out: &mut String) {
        self.check(placeholders);
        self.0.render(placeholders, out);
    }

    /// Records what DynamoDB would reject in this key condition.
    fn check(&self, placeholders: &mut Placeholders) {
        let mut parts = Vec::new();
        flatten(&self.0, &mut parts);
        for part in &parts {
            let path = part_path(part);
            if path.elements().is_ok() && !path.is_top_level() {
                placeholders.problem(format_args!(
                    "`{path}` is not a top-level attribute; keys are top-level attributes"
                ));
            }
        }
        if parts.len() > 2 {
            placeholders.problem(format_args!(
                "{} conditions joined; a key condition is the partition key's, optionally and \
                 one on the sort key",
                parts.len()
            ));
        } else if let [first, second] = parts.as_slice() {
            if part_path(first) == part_path(second) {
                placeholders.problem(format_args!(
                    "`{}` has two conditions; give each key one",
                    part_path(first)
                ));
            } else if !is_eq(first) && !is_eq(second) {
                placeholders.problem(
                    "neither condition is an equality; the partition key needs `eq`".to_owned(),
                );
            }
        } else if let [only] = parts.as_slice() {
            if !is_eq(only) {
                placeholders.problem(format_args!(
                    "the only condition, on `{}`, is not an equality; the partition key needs `eq`",
                    part_path(only)
                ));
            }
        }
    }
}

fn flatten<'a>(node: &'a Node, parts: &mut Vec<&'a Node>) {
    match node {
        Node::And(left, right) => {
            flatten(left, parts);
            flatten(right, parts);
        }
        other => parts.push(other),
    }
}

fn part_path(node: &Node) -> &Path {
    match node {
        Node::Compare { subject, .. } | Node::Between { subject, .. } => subject.path(),
        Node::Function { path, .. } | Node::In { path, .. } => path,
        Node::And(..) | Node::Or(..) | Node::Not(..) => {
            unreachable!("key conditions hold only comparisons joined by AND")
        }
    }
}

fn is_eq(node: &Node) -> bool {
    matches!(
        node,
        Node::Compare {
            op: Comparison::Eq,
            ..
        }
    )
}
