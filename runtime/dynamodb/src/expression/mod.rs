//! DynamoDB expressions built from typed parts instead of strings: key conditions, conditions
//! and filters, update expressions and projections, over nested document paths (`a.b[2].c`).
//!
//! Every attribute name becomes a `#n…` placeholder and every value a `:v…` placeholder, numbered
//! across all the expressions of one request, so reserved words (`name`, `size`, `status`, …)
//! and odd characters need no care. Conditions render exactly as boto3's
//! `ConditionExpressionBuilder` renders the same `Key`/`Attr` conditions, with the same
//! placeholder maps (a name used twice gets two placeholders, as in boto3); values go through the item codec
//! ([`to_attribute_value`](crate::to_attribute_value)), so any `Serialize` type works.
//!
//! Unlike boto3, bad input is an error naming every problem at once when built, before any
//! request: an empty or malformed path, an empty `IN` list, an update without actions,
//! overlapping update paths, a key condition DynamoDB would refuse, a value that cannot be
//! converted, or a caller's placeholder that clashes with a generated one (boto3 silently
//! overwrites it).
//!
//! ```
//! use rboto_dynamodb::expression::{Attr, Expressions, Key, Projection};
//! use serde_json::json;
//!
//! let built = Expressions::new()
//!     .key_condition(Key::new("team").eq("red").and(Key::new("score").gt(10)))
//!     .filter(Attr::new("profile.age").ge(18))
//!     .projection(Projection::new(["name", "score"]))
//!     .build()?;
//!
//! let mut params = json!({ "TableName": "players" });
//! built.apply_to(params.as_object_mut().unwrap())?;
//! assert_eq!(
//!     params,
//!     json!({
//!         "TableName": "players",
//!         "KeyConditionExpression": "(#n2 = :v1 AND #n3 > :v2)",
//!         "FilterExpression": "#n0.#n1 >= :v0",
//!         "ProjectionExpression": "#n4, #n5",
//!         "ExpressionAttributeNames": {
//!             "#n0": "profile", "#n1": "age", "#n2": "team", "#n3": "score",
//!             "#n4": "name", "#n5": "score"
//!         },
//!         "ExpressionAttributeValues": {
//!             ":v0": { "N": "18" }, ":v1": { "S": "red" }, ":v2": { "N": "10" }
//!         }
//!     })
//! );
//! # Ok::<(), rboto_runtime::Error>(())
//! ```
//!
//! The order placeholders are numbered in is boto3's for what boto3 builds (a condition or
//! filter first, then the key condition), then the update expression, then the projection
//! (which boto3 leaves to the caller as a string).

mod condition;
mod key;
mod key_template;
mod path;
mod placeholders;
mod projection;
mod update;

#[cfg(test)]
mod placeholder_props;
#[cfg(test)]
mod tests;

pub use condition::{Attr, AttributeType, Condition, Size};
pub use key::{Key, KeyCondition};
pub use key_template::KeyTemplate;
pub use path::Path;
pub use projection::Projection;
pub use update::{Operand, Update};

use serde_json::{Map, Value};

use crate::batch_keys::is_attribute_value;
use crate::AttributeMap;
use placeholders::Placeholders;
use rboto_runtime::Error;

/// The expressions of one request, built together so their placeholders never collide.
///
/// Set the parts the operation takes (Query: key condition, filter, projection; UpdateItem:
/// update and condition; …), add your own placeholders if another part of the request uses
/// them, then [`build`](Expressions::build).
#[derive(Clone, Debug, Default)]
#[must_use = "expressions do nothing until built"]
pub struct Expressions {
    key_condition: Option<KeyCondition>,
    condition: Option<Condition>,
    filter: Option<Condition>,
    update: Option<Update>,
    projection: Option<Projection>,
    names: Map<String, Value>,
    values: AttributeMap,
}

impl Expressions {
    /// No expressions yet.
    pub fn new() -> Expressions {
        Expressions::default()
    }

    /// The `KeyConditionExpression` (Query).
    pub fn key_condition(mut self, key_condition: KeyCondition) -> Expressions {
        self.key_condition = Some(key_condition);
        self
    }

    /// The `ConditionExpression` (PutItem, UpdateItem, DeleteItem, transactions).
    pub fn condition(mut self, condition: Condition) -> Expressions {
        self.condition = Some(condition);
        self
    }

    /// The `FilterExpression` (Query, Scan).
    pub fn filter(mut self, filter: Condition) -> Expressions {
        self.filter = Some(filter);
        self
    }

    /// The `UpdateExpression` (UpdateItem, transactions).
    pub fn update(mut self, update: Update) -> Expressions {
        self.update = Some(update);
        self
    }

    /// The `ProjectionExpression` (GetItem, Query, Scan, BatchGetItem, TransactGetItems).
    pub fn projection(mut self, projection: Projection) -> Expressions {
        self.projection = Some(projection);
        self
    }

    /// Your own name placeholders (`"#st"` → `"status"`), merged into the result; each must
    /// start with `#` and differ from the generated `#n…` ones.
    pub fn names<I, K, V>(mut self, names: I) -> Expressions
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        for (placeholder, name) in names {
            self.names
                .insert(placeholder.into(), Value::String(name.into()));
        }
        self
    }

    /// Your own value placeholders in wire form (`":lim"` → `{"N": "5"}`), merged into the
    /// result; each must start with `:`, differ from the generated `:v…` ones and be one
    /// attribute value (convert Rust values with
    /// [`to_attribute_value`](crate::to_attribute_value)).
    pub fn values(mut self, values: AttributeMap) -> Expressions {
        self.values.extend(values);
        self
    }

    /// Renders every expression with its placeholders, or fails naming every problem found.
    pub fn build(self) -> Result<BuiltExpressions, Error> {
        let mut placeholders = Placeholders::default();
        let condition_expression = self.condition.map(|condition| {
            render(&mut placeholders, "condition", |p, out| {
                condition.render(p, out)
            })
        });
        let filter_expression = self
            .filter
            .map(|filter| render(&mut placeholders, "filter", |p, out| filter.render(p, out)));
        let key_condition_expression = self.key_condition.map(|key| {
            render(&mut placeholders, "key condition", |p, out| {
                key.render(p, out)
            })
        });
        let update_expression = self
            .update
            .map(|update| render(&mut placeholders, "update", |p, out| update.render(p, out)));
        let projection_expression = self.projection.map(|projection| {
            render(&mut placeholders, "projection", |p, out| {
                projection.render(p, out)
            })
        });

        let Placeholders {
            mut names,
            mut values,
            mut problems,
            ..
        } = placeholders;
        merge_user_placeholders(&mut names, self.names, '#', "name", &mut problems);
        for (placeholder, value) in &self.values {
            if !is_attribute_value(value) {
                problems.push(format!(
                    "value placeholder `{placeholder}` is {value}, not an attribute value in \
                     wire form such as {{\"N\": \"5\"}} (convert it with to_attribute_value)"
                ));
            }
        }
        merge_user_placeholders(&mut values, self.values, ':', "value", &mut problems);
        if !problems.is_empty() {
            return Err(Error::validation(problems));
        }
        Ok(BuiltExpressions {
            key_condition_expression,
            condition_expression,
            filter_expression,
            update_expression,
            projection_expression,
            names,
            values,
        })
    }
}

fn render(
    placeholders: &mut Placeholders,
    context: &'static str,
    render: impl FnOnce(&mut Placeholders, &mut String),
) -> String {
    placeholders.enter(context);
    let mut out = String::new();
    render(placeholders, &mut out);
    out
}

/// Adds the caller's placeholders after the generated ones, recording malformed and clashing
/// ones.
fn merge_user_placeholders(
    generated: &mut Map<String, Value>,
    user: Map<String, Value>,
    sigil: char,
    kind: &str,
    problems: &mut Vec<String>,
) {
    for (placeholder, value) in user {
        if !placeholder.starts_with(sigil) || placeholder.len() < 2 {
            problems.push(format!(
                "{kind} placeholder `{placeholder}` must start with `{sigil}` and have a name"
            ));
        } else if generated.contains_key(&placeholder) {
            problems.push(format!(
                "{kind} placeholder `{placeholder}` is yours and also generated; rename yours"
            ));
        } else {
            generated.insert(placeholder, value);
        }
    }
}

/// Expressions rendered with their placeholders, ready to go into a request.
///
/// Each expression is `None` when it was not set. `names` and `values` hold every placeholder
/// of every expression (and the caller's own), in the order they were numbered.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct BuiltExpressions {
    /// `KeyConditionExpression`.
    pub key_condition_expression: Option<String>,
    /// `ConditionExpression`.
    pub condition_expression: Option<String>,
    /// `FilterExpression`.
    pub filter_expression: Option<String>,
    /// `UpdateExpression`.
    pub update_expression: Option<String>,
    /// `ProjectionExpression`.
    pub projection_expression: Option<String>,
    /// `ExpressionAttributeNames`: `#n0` → attribute name (strings).
    pub names: Map<String, Value>,
    /// `ExpressionAttributeValues`: `:v0` → attribute value in wire form.
    pub values: AttributeMap,
}

impl BuiltExpressions {
    /// Writes the expressions into request parameters and merges the placeholders into the
    /// `ExpressionAttributeNames`/`ExpressionAttributeValues` already there.
    ///
    /// Nothing is written when a problem is found: an expression already set in `params`, a
    /// placeholder already there with a different meaning, or a placeholder map that is not an
    /// object. Empty placeholder maps are left out (DynamoDB rejects them).
    pub fn apply_to(self, params: &mut Map<String, Value>) -> Result<(), Error> {
        let expressions = [
            ("KeyConditionExpression", self.key_condition_expression),
            ("ConditionExpression", self.condition_expression),
            ("FilterExpression", self.filter_expression),
            ("UpdateExpression", self.update_expression),
            ("ProjectionExpression", self.projection_expression),
        ];
        let mut problems = Vec::new();
        for (member, expression) in &expressions {
            if expression.is_some() && params.contains_key(*member) {
                problems.push(format!(
                    "`{member}` is already set in the parameters and also built"
                ));
            }
        }
        for (member, placeholders) in [
            ("ExpressionAttributeNames", &self.names),
            ("ExpressionAttributeValues", &self.values),
        ] {
            match params.get(member) {
                None => {}
                Some(Value::Object(existing)) => {
                    for (placeholder, value) in placeholders {
                        if existing.get(placeholder).is_some_and(|old| old != value) {
                            problems.push(format!(
                                "`{member}` already maps `{placeholder}` to {}, and the \
                                 built expressions map it to {value}",
                                existing[placeholder]
                            ));
                        }
                    }
                }
                Some(other) => problems.push(format!(
                    "`{member}` in the parameters is not an object: {other}"
                )),
            }
        }
        if !problems.is_empty() {
            return Err(Error::validation(problems));
        }

        for (member, expression) in expressions {
            if let Some(expression) = expression {
                params.insert(member.to_owned(), Value::String(expression));
            }
        }
        for (member, placeholders) in [
            ("ExpressionAttributeNames", self.names),
            ("ExpressionAttributeValues", self.values),
        ] {
            if placeholders.is_empty() {
                continue;
            }
            let target = params
                .entry(member)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(target) = target {
                target.extend(placeholders);
            }
        }
        Ok(())
    }
}
