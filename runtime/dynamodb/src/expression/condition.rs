//! Conditions and filters: [`Attr`] comparisons and functions combined with `and`/`or`/`not`,
//! rendered exactly as boto3's `ConditionExpressionBuilder` renders its `Attr` conditions.

use std::ops::{BitAnd, BitOr, Not};

use serde::Serialize;

use super::path::Path;
use super::placeholders::{Placeholders, ValueSlot};

/// At most this many values in one `IN` list (DynamoDB's limit).
const MAX_IN_VALUES: usize = 100;

/// An attribute (a document path) to build conditions on, as boto3's `Attr`.
///
/// Every method makes a [`Condition`] usable as a `ConditionExpression` or `FilterExpression`;
/// values are any `Serialize` type, converted with the item codec
/// ([`to_attribute_value`](crate::to_attribute_value)).
///
/// ```
/// use rboto_dynamodb::expression::{Attr, AttributeType, Expressions};
///
/// let adult_with_email = Attr::new("age").ge(18)
///     & Attr::new("contact.email").exists()
///     & !Attr::new("tags").contains("banned");
/// let built = Expressions::new().filter(adult_with_email).build().unwrap();
/// assert_eq!(
///     built.filter_expression.as_deref(),
///     Some("((#n0 >= :v0 AND attribute_exists(#n1.#n2)) AND (NOT contains(#n3, :v1)))")
/// );
///
/// let typed = Attr::new("score").attribute_type(AttributeType::N)
///     | Attr::new("score").size().between(1, 10);
/// # let _ = typed;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Attr {
    path: Path,
}

impl Attr {
    /// The attribute at `path`: text such as `"a.b[2].c"` or a [`Path`].
    pub fn new(path: impl Into<Path>) -> Attr {
        Attr { path: path.into() }
    }

    /// `path = value`.
    pub fn eq<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Eq, ValueSlot::new(&value))
    }

    /// `path <> value`.
    pub fn ne<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Ne, ValueSlot::new(&value))
    }

    /// `path < value`.
    pub fn lt<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Lt, ValueSlot::new(&value))
    }

    /// `path <= value` (boto3's `lte`).
    #[doc(alias = "lte")]
    pub fn le<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Le, ValueSlot::new(&value))
    }

    /// `path > value`.
    pub fn gt<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Gt, ValueSlot::new(&value))
    }

    /// `path >= value` (boto3's `gte`).
    #[doc(alias = "gte")]
    pub fn ge<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Ge, ValueSlot::new(&value))
    }

    /// `path BETWEEN low AND high` (both ends included).
    pub fn between<L: Serialize, H: Serialize>(&self, low: L, high: H) -> Condition {
        Condition(Node::Between {
            subject: Subject::Path(self.path.clone()),
            low: ValueSlot::new(&low),
            high: ValueSlot::new(&high),
        })
    }

    /// `path IN (v0, v1, …)`: equal to one of `values` (1 to 100 of them; an empty list is an
    /// error when built).
    pub fn is_in<I>(&self, values: I) -> Condition
    where
        I: IntoIterator,
        I::Item: Serialize,
    {
        let values = values.into_iter().map(|v| ValueSlot::new(&v)).collect();
        Condition(Node::In {
            path: self.path.clone(),
            values,
        })
    }

    /// `attribute_exists(path)`.
    pub fn exists(&self) -> Condition {
        self.function(Function::AttributeExists, None)
    }

    /// `attribute_not_exists(path)`.
    pub fn not_exists(&self) -> Condition {
        self.function(Function::AttributeNotExists, None)
    }

    /// `attribute_type(path, type)`: the attribute holds a value of type `kind`.
    pub fn attribute_type(&self, kind: AttributeType) -> Condition {
        let kind = ValueSlot::new(kind.as_str());
        self.function(Function::AttributeType, Some(kind))
    }

    /// `begins_with(path, prefix)`: a string or binary attribute starts with `prefix`.
    pub fn begins_with<T: Serialize>(&self, prefix: T) -> Condition {
        self.function(Function::BeginsWith, Some(ValueSlot::new(&prefix)))
    }

    /// `contains(path, operand)`: a string holds a substring, or a set or list holds an
    /// element.
    pub fn contains<T: Serialize>(&self, operand: T) -> Condition {
        self.function(Function::Contains, Some(ValueSlot::new(&operand)))
    }

    /// `size(path)`, to compare: the length of a string or binary, or the element count of a
    /// set, list or map.
    pub fn size(&self) -> Size {
        Size {
            path: self.path.clone(),
        }
    }

    fn compare(&self, op: Comparison, value: ValueSlot) -> Condition {
        Condition(Node::Compare {
            subject: Subject::Path(self.path.clone()),
            op,
            value,
        })
    }

    fn function(&self, function: Function, arg: Option<ValueSlot>) -> Condition {
        Condition(Node::Function {
            function,
            path: self.path.clone(),
            arg,
        })
    }
}

/// `size(path)` of an attribute, made by [`Attr::size`]; compare it to make a [`Condition`].
///
/// ```
/// use rboto_dynamodb::expression::Attr;
///
/// let short_name = Attr::new("name").size().le(3);
/// # let _ = short_name;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Size {
    path: Path,
}

impl Size {
    /// `size(path) = value`.
    pub fn eq<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Eq, value)
    }

    /// `size(path) <> value`.
    pub fn ne<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Ne, value)
    }

    /// `size(path) < value`.
    pub fn lt<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Lt, value)
    }

    /// `size(path) <= value` (boto3's `lte`).
    #[doc(alias = "lte")]
    pub fn le<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Le, value)
    }

    /// `size(path) > value`.
    pub fn gt<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Gt, value)
    }

    /// `size(path) >= value` (boto3's `gte`).
    #[doc(alias = "gte")]
    pub fn ge<T: Serialize>(&self, value: T) -> Condition {
        self.compare(Comparison::Ge, value)
    }

    /// `size(path) BETWEEN low AND high`.
    pub fn between<L: Serialize, H: Serialize>(&self, low: L, high: H) -> Condition {
        Condition(Node::Between {
            subject: Subject::Size(self.path.clone()),
            low: ValueSlot::new(&low),
            high: ValueSlot::new(&high),
        })
    }

    fn compare<T: Serialize>(&self, op: Comparison, value: T) -> Condition {
        Condition(Node::Compare {
            subject: Subject::Size(self.path.clone()),
            op,
            value: ValueSlot::new(&value),
        })
    }
}

/// A DynamoDB data type, for [`Attr::attribute_type`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttributeType {
    /// String.
    S,
    /// String set.
    Ss,
    /// Number.
    N,
    /// Number set.
    Ns,
    /// Binary.
    B,
    /// Binary set.
    Bs,
    /// Boolean.
    Bool,
    /// Null.
    Null,
    /// List.
    L,
    /// Map.
    M,
}

impl AttributeType {
    /// The type's name on the wire (`S`, `SS`, `BOOL`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeType::S => "S",
            AttributeType::Ss => "SS",
            AttributeType::N => "N",
            AttributeType::Ns => "NS",
            AttributeType::B => "B",
            AttributeType::Bs => "BS",
            AttributeType::Bool => "BOOL",
            AttributeType::Null => "NULL",
            AttributeType::L => "L",
            AttributeType::M => "M",
        }
    }
}

/// A condition on an item, for a `ConditionExpression` or a `FilterExpression`.
///
/// Made by [`Attr`]'s methods and combined with [`and`](Condition::and) / `&`,
/// [`or`](Condition::or) / `|` and [`not`](Condition::not) / `!`. Each combination is
/// parenthesised as boto3 does, so `a & b & c` renders `((a AND b) AND c)`.
///
/// ```
/// use rboto_dynamodb::expression::{Attr, Condition};
///
/// let fresh: Condition = Attr::new("status").eq("new").or(Attr::new("retries").lt(3));
/// let keep = fresh.and(Attr::new("deleted").not_exists());
/// # let _ = keep;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Condition(pub(crate) Node);

impl Condition {
    /// Both conditions hold: `(self AND other)`.
    pub fn and(self, other: Condition) -> Condition {
        Condition(Node::And(Box::new(self.0), Box::new(other.0)))
    }

    /// Either condition holds: `(self OR other)`.
    pub fn or(self, other: Condition) -> Condition {
        Condition(Node::Or(Box::new(self.0), Box::new(other.0)))
    }

    /// The condition does not hold: `(NOT self)`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Condition {
        Condition(Node::Not(Box::new(self.0)))
    }

    pub(crate) fn render(&self, placeholders: &mut Placeholders, out: &mut String) {
        self.0.render(placeholders, out);
    }
}

impl BitAnd for Condition {
    type Output = Condition;
    /// `a & b` is `a.and(b)`.
    fn bitand(self, other: Condition) -> Condition {
        self.and(other)
    }
}

impl BitOr for Condition {
    type Output = Condition;
    /// `a | b` is `a.or(b)`.
    fn bitor(self, other: Condition) -> Condition {
        self.or(other)
    }
}

impl Not for Condition {
    type Output = Condition;
    /// `!a` is `a.not()`.
    fn not(self) -> Condition {
        Condition::not(self)
    }
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparison {
    fn as_str(self) -> &'static str {
        match self {
            Comparison::Eq => "=",
            Comparison::Ne => "<>",
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }
}

/// A condition function taking a path and at most one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Function {
    AttributeExists,
    AttributeNotExists,
    AttributeType,
    BeginsWith,
    Contains,
}

impl Function {
    fn as_str(self) -> &'static str {
        match self {
            Function::AttributeExists => "attribute_exists",
            Function::AttributeNotExists => "attribute_not_exists",
            Function::AttributeType => "attribute_type",
            Function::BeginsWith => "begins_with",
            Function::Contains => "contains",
        }
    }
}

/// What a comparison compares: an attribute, or its size.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Subject {
    Path(Path),
    Size(Path),
}

impl Subject {
    pub(crate) fn path(&self) -> &Path {
        match self {
            Subject::Path(path) | Subject::Size(path) => path,
        }
    }

    fn render(&self, placeholders: &mut Placeholders, out: &mut String) {
        match self {
            Subject::Path(path) => placeholders.path(path, out),
            Subject::Size(path) => {
                out.push_str("size(");
                placeholders.path(path, out);
                out.push(')');
            }
        }
    }
}

/// The condition tree shared by conditions, filters and key conditions.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Compare {
        subject: Subject,
        op: Comparison,
        value: ValueSlot,
    },
    Between {
        subject: Subject,
        low: ValueSlot,
        high: ValueSlot,
    },
    In {
        path: Path,
        values: Vec<ValueSlot>,
    },
    Function {
        function: Function,
        path: Path,
        arg: Option<ValueSlot>,
    },
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
}

impl Node {
    /// Appends this condition with placeholders, in boto3's order: left to right, each name
    /// before the values that follow it.
    pub(crate) fn render(&self, placeholders: &mut Placeholders, out: &mut String) {
        match self {
            Node::Compare { subject, op, value } => {
                subject.render(placeholders, out);
                out.push(' ');
                out.push_str(op.as_str());
                out.push(' ');
                placeholders.value(value, subject.path(), out);
            }
            Node::Between { subject, low, high } => {
                subject.render(placeholders, out);
                out.push_str(" BETWEEN ");
                placeholders.value(low, subject.path(), out);
                out.push_str(" AND ");
                placeholders.value(high, subject.path(), out);
            }
            Node::In { path, values } => {
                placeholders.path(path, out);
                out.push_str(" IN (");
                if values.is_empty() {
                    placeholders.problem(format_args!("`{path}` IN needs at least one value"));
                }
                if values.len() > MAX_IN_VALUES {
                    placeholders.problem(format_args!(
                        "`{path}` IN has {} values; DynamoDB allows at most {MAX_IN_VALUES}",
                        values.len()
                    ));
                }
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    placeholders.value(value, path, out);
                }
                out.push(')');
            }
            Node::Function {
                function,
                path,
                arg,
            } => {
                out.push_str(function.as_str());
                out.push('(');
                placeholders.path(path, out);
                if let Some(arg) = arg {
                    out.push_str(", ");
                    placeholders.value(arg, path, out);
                }
                out.push(')');
            }
            Node::And(left, right) => Self::render_binary(left, "AND", right, placeholders, out),
            Node::Or(left, right) => Self::render_binary(left, "OR", right, placeholders, out),
            Node::Not(inner) => {
                out.push_str("(NOT ");
                inner.render(placeholders, out);
                out.push(')');
            }
        }
    }

    fn render_binary(
        left: &Node,
        operator: &str,
        right: &Node,
        placeholders: &mut Placeholders,
        out: &mut String,
    ) {
        out.push('(');
        left.render(placeholders, out);
        out.push(' ');
        out.push_str(operator);
        out.push(' ');
        right.render(placeholders, out);
        out.push(')');
    }
}
