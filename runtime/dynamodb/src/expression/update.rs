//! Update expressions: `SET`, `REMOVE`, `ADD` and `DELETE` actions over document paths.
//!
//! boto3 has no update builder; this one renders in the style of its condition builder: the
//! same placeholders, sections in the order `SET … REMOVE … ADD … DELETE …`, actions in the
//! order they were added, names and values numbered left to right.

use serde::Serialize;

use super::path::Path;
use super::placeholders::{Placeholders, ValueSlot};

/// An `UpdateExpression` under construction.
///
/// ```
/// use rboto_dynamodb::expression::{Expressions, Operand, Update};
///
/// let update = Update::new()
///     .set("name", "Ada")
///     .set_to("visits", Operand::if_not_exists("visits", 0).plus(Operand::value(1)))
///     .set_to("log", Operand::list_append(Operand::path("log"), Operand::value(["login"])))
///     .remove("draft")
///     .add("tags", rboto_dynamodb::StringSet::from_iter(["vip"]))
///     .delete("flags", rboto_dynamodb::StringSet::from_iter(["new"]));
/// let built = Expressions::new().update(update).build().unwrap();
/// assert_eq!(
///     built.update_expression.as_deref(),
///     Some("SET #n0 = :v0, #n1 = if_not_exists(#n2, :v1) + :v2, \
///           #n3 = list_append(#n4, :v3) REMOVE #n5 ADD #n6 :v4 DELETE #n7 :v5")
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[must_use = "an update does nothing until built into a request"]
pub struct Update {
    set: Vec<(Path, Operand)>,
    remove: Vec<Path>,
    add: Vec<(Path, ValueSlot)>,
    delete: Vec<(Path, ValueSlot)>,
}

impl Update {
    /// An update with no actions yet (building it as is is an error: add at least one).
    pub fn new() -> Update {
        Update::default()
    }

    /// `SET path = value`.
    pub fn set<T: Serialize>(self, path: impl Into<Path>, value: T) -> Update {
        self.set_to(path, Operand::value(value))
    }

    /// `SET path = operand`: another attribute, `if_not_exists`, `list_append`, or a sum or
    /// difference of two of those.
    pub fn set_to(mut self, path: impl Into<Path>, operand: Operand) -> Update {
        self.set.push((path.into(), operand));
        self
    }

    /// `REMOVE path`: deletes the attribute, map key or list element.
    pub fn remove(mut self, path: impl Into<Path>) -> Update {
        self.remove.push(path.into());
        self
    }

    /// `ADD path value`: adds a number to a number attribute, or elements to a set (a
    /// [`StringSet`](crate::StringSet), …); a missing attribute starts from 0 or the
    /// empty set.
    pub fn add<T: Serialize>(mut self, path: impl Into<Path>, value: T) -> Update {
        self.add.push((path.into(), ValueSlot::new(&value)));
        self
    }

    /// `DELETE path value`: removes the elements of the set `value` from a set attribute.
    pub fn delete<T: Serialize>(mut self, path: impl Into<Path>, value: T) -> Update {
        self.delete.push((path.into(), ValueSlot::new(&value)));
        self
    }

    /// Whether no action was added.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
            && self.remove.is_empty()
            && self.add.is_empty()
            && self.delete.is_empty()
    }

    pub(crate) fn render(&self, placeholders: &mut Placeholders, out: &mut String) {
        if self.is_empty() {
            placeholders.problem("no actions; add at least one set, remove, add or delete");
            return;
        }
        self.check_overlaps(placeholders);
        let start = out.len();
        if !self.set.is_empty() {
            out.push_str("SET ");
            for (i, (path, operand)) in self.set.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                placeholders.path(path, out);
                out.push_str(" = ");
                operand.check(path, placeholders);
                operand.0.render(path, placeholders, out);
            }
        }
        if !self.remove.is_empty() {
            section_separator(out, start);
            out.push_str("REMOVE ");
            for (i, path) in self.remove.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                placeholders.path(path, out);
            }
        }
        for (keyword, actions) in [("ADD ", &self.add), ("DELETE ", &self.delete)] {
            if actions.is_empty() {
                continue;
            }
            section_separator(out, start);
            out.push_str(keyword);
            for (i, (path, value)) in actions.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                placeholders.path(path, out);
                out.push(' ');
                placeholders.value(value, path, out);
            }
        }
    }

    /// Records every pair of targets that are the same or nested in each other, which DynamoDB
    /// rejects ("Two document paths overlap").
    fn check_overlaps(&self, placeholders: &mut Placeholders) {
        let targets: Vec<&Path> = (self.set.iter().map(|(p, _)| p))
            .chain(self.remove.iter())
            .chain(self.add.iter().map(|(p, _)| p))
            .chain(self.delete.iter().map(|(p, _)| p))
            .collect();
        for (i, a) in targets.iter().enumerate() {
            for b in &targets[i + 1..] {
                if a.overlaps(b) {
                    placeholders.problem(format_args!(
                        "`{a}` and `{b}` overlap; an update may touch each path once"
                    ));
                }
            }
        }
    }
}

/// A space between sections, none before the first one (which starts at `start`).
fn section_separator(out: &mut String, start: usize) {
    if out.len() > start {
        out.push(' ');
    }
}

/// The right-hand side of a `SET` action.
///
/// ```
/// use rboto_dynamodb::expression::Operand;
///
/// let stock = Operand::path("stock").minus(Operand::value(1));
/// let first_seen = Operand::if_not_exists("first_seen", "2026-11-28");
/// let history = Operand::list_append(Operand::path("history"), Operand::value(vec!["x"]));
/// # let _ = (stock, first_seen, history);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Operand(Term);

#[derive(Clone, Debug, PartialEq)]
enum Term {
    Value(ValueSlot),
    Path(Path),
    IfNotExists(Path, ValueSlot),
    ListAppend(Box<Term>, Box<Term>),
    Plus(Box<Term>, Box<Term>),
    Minus(Box<Term>, Box<Term>),
}

impl Operand {
    /// A value (converted with the item codec).
    pub fn value<T: Serialize>(value: T) -> Operand {
        Operand(Term::Value(ValueSlot::new(&value)))
    }

    /// The current value of the attribute at `path`.
    pub fn path(path: impl Into<Path>) -> Operand {
        Operand(Term::Path(path.into()))
    }

    /// `if_not_exists(path, value)`: the attribute at `path`, or `value` when the item lacks it.
    pub fn if_not_exists<T: Serialize>(path: impl Into<Path>, value: T) -> Operand {
        Operand(Term::IfNotExists(path.into(), ValueSlot::new(&value)))
    }

    /// `list_append(first, second)`: the two lists joined, `first`'s elements first.
    pub fn list_append(first: Operand, second: Operand) -> Operand {
        Operand(Term::ListAppend(Box::new(first.0), Box::new(second.0)))
    }

    /// `self + other` on numbers. DynamoDB allows one `+` or `-` in a `SET` action, at its
    /// top; anything else is an error when built.
    pub fn plus(self, other: Operand) -> Operand {
        Operand(Term::Plus(Box::new(self.0), Box::new(other.0)))
    }

    /// `self - other` on numbers, under the same rule as [`plus`](Operand::plus).
    pub fn minus(self, other: Operand) -> Operand {
        Operand(Term::Minus(Box::new(self.0), Box::new(other.0)))
    }

    /// Records arithmetic where DynamoDB does not allow it: below the top of the action.
    fn check(&self, target: &Path, placeholders: &mut Placeholders) {
        let nested = match &self.0 {
            Term::Plus(a, b) | Term::Minus(a, b) => a.has_arithmetic() || b.has_arithmetic(),
            other => other.has_arithmetic(),
        };
        if nested {
            placeholders.problem(format_args!(
                "SET `{target}`: `+`/`-` may appear once, at the top of the value"
            ));
        }
    }
}

impl Term {
    fn has_arithmetic(&self) -> bool {
        match self {
            Term::Plus(..) | Term::Minus(..) => true,
            Term::ListAppend(a, b) => a.has_arithmetic() || b.has_arithmetic(),
            Term::Value(_) | Term::Path(_) | Term::IfNotExists(..) => false,
        }
    }

    /// Appends this operand; `target` names the action's path in problem messages.
    fn render(&self, target: &Path, placeholders: &mut Placeholders, out: &mut String) {
        match self {
            Term::Value(value) => placeholders.value(value, target, out),
            Term::Path(path) => placeholders.path(path, out),
            Term::IfNotExists(path, value) => {
                out.push_str("if_not_exists(");
                placeholders.path(path, out);
                out.push_str(", ");
                placeholders.value(value, path, out);
                out.push(')');
            }
            Term::ListAppend(a, b) => {
                out.push_str("list_append(");
                a.render(target, placeholders, out);
                out.push_str(", ");
                b.render(target, placeholders, out);
                out.push(')');
            }
            Term::Plus(a, b) => Self::render_arithmetic(a, " + ", b, target, placeholders, out),
            Term::Minus(a, b) => Self::render_arithmetic(a, " - ", b, target, placeholders, out),
        }
    }

    fn render_arithmetic(
        a: &Term,
        operator: &str,
        b: &Term,
        target: &Path,
        placeholders: &mut Placeholders,
        out: &mut String,
    ) {
        a.render(target, placeholders, out);
        out.push_str(operator);
        b.render(target, placeholders, out);
    }
}
