//! Template strings (`"https://{Bucket}.s3.{Region}.{PartitionResult#dnsSuffix}"`) and
//! attribute paths (`"resourceId[1]"`, `"a.b[0]"`), parsed once when a rule set loads.

use serde_json::Value;

/// One step of an attribute path: a member name or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathStep {
    Key(String),
    Index(usize),
}

/// A parsed `getAttr` path.
///
/// Parts are separated by `.`; a part may end in `[n]`. As in botocore, the path ends at
/// the first index, so `a[0].b` reads `a[0]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttrPath {
    steps: Vec<PathStep>,
}

impl AttrPath {
    pub(crate) fn parse(path: &str) -> Self {
        let mut steps = Vec::new();
        for part in path.split('.') {
            if let Some((name, index)) = split_index(part) {
                if !name.is_empty() {
                    steps.push(PathStep::Key(name.to_owned()));
                }
                steps.push(PathStep::Index(index));
                break;
            }
            steps.push(PathStep::Key(part.to_owned()));
        }
        AttrPath { steps }
    }

    /// Follows the path; a missing member, an index past the end or a step into a value
    /// of the wrong kind gives `null`.
    pub(crate) fn get(&self, value: &Value) -> Value {
        let mut current = value;
        for step in &self.steps {
            let next = match (step, current) {
                (PathStep::Key(key), Value::Object(map)) => map.get(key),
                (PathStep::Index(i), Value::Array(items)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(v) => current = v,
                None => return Value::Null,
            }
        }
        current.clone()
    }
}

/// `name[digits]` → (`name`, index).
fn split_index(part: &str) -> Option<(&str, usize)> {
    let body = part.strip_suffix(']')?;
    let open = body.rfind('[')?;
    let digits = &body[open + 1..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((&body[..open], digits.parse().ok()?))
}

/// A piece of a template string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Literal(String),
    /// `{name}` or `{name#path}`: a scope variable, optionally followed into.
    Var {
        name: String,
        path: Option<AttrPath>,
    },
}

/// A string with `{…}` placeholders. `{{` and `}}` stand for literal braces.
///
/// As in botocore, a string counts as a template only when it has at least one
/// `{name}`/`{name#attr}` placeholder made of letters and `#`; any other string, braces
/// and all, is taken literally. Inside a template, a `{` without its `}` is kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Parses a template; a string without placeholders becomes a single literal.
    pub(crate) fn parse(text: &str) -> Self {
        if !has_placeholder(text) {
            return Template {
                pieces: vec![Piece::Literal(text.to_owned())],
            };
        }
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("{{") {
                literal.push('{');
                rest = after;
            } else if let Some(after) = rest.strip_prefix("}}") {
                literal.push('}');
                rest = after;
            } else if let Some(field) = rest
                .strip_prefix('{')
                .and_then(|after| after.split_once('}'))
                .map(|(field, _)| field)
                .filter(|field| !field.is_empty())
            {
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(parse_field(field));
                rest = &rest[field.len() + 2..];
            } else {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        Template { pieces }
    }

    /// The text itself when the template has no placeholders.
    pub(crate) fn as_literal(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [Piece::Literal(s)] => Some(s),
            _ => None,
        }
    }

    pub(crate) fn pieces(&self) -> &[Piece] {
        &self.pieces
    }
}

/// Whether `text` holds `{` + one or more ASCII letters or `#` + `}`.
fn has_placeholder(text: &str) -> bool {
    text.split('{').skip(1).any(|after| {
        after.split_once('}').is_some_and(|(field, _)| {
            !field.is_empty() && field.bytes().all(|b| b.is_ascii_alphabetic() || b == b'#')
        })
    })
}

fn parse_field(field: &str) -> Piece {
    let mut parts = field.splitn(2, '#');
    let name = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().map(|rest| {
        let mut steps = Vec::new();
        for segment in rest.split('#') {
            steps.extend(AttrPath::parse(segment).steps);
        }
        AttrPath { steps }
    });
    Piece::Var { name, path }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_follow_members_and_stop_at_the_first_index() {
        let v = json!({"a": {"b": ["x", "y"]}, "resourceId": ["r0", "r1"]});
        assert_eq!(AttrPath::parse("a.b[1]").get(&v), json!("y"));
        assert_eq!(AttrPath::parse("resourceId[0]").get(&v), json!("r0"));
        assert_eq!(AttrPath::parse("resourceId[5]").get(&v), Value::Null);
        assert_eq!(AttrPath::parse("missing").get(&v), Value::Null);
        assert_eq!(AttrPath::parse("[1]").get(&json!(["p", "q"])), json!("q"));
    }

    #[test]
    fn templates_split_into_literals_and_variables() {
        let t = Template::parse("https://{Bucket}.s3.{PartitionResult#dnsSuffix}/");
        assert_eq!(t.pieces().len(), 5);
        assert_eq!(
            t.pieces()[1],
            Piece::Var {
                name: "Bucket".into(),
                path: None
            }
        );
        assert!(
            matches!(&t.pieces()[3], Piece::Var { name, path: Some(_) } if name == "PartitionResult")
        );
        assert_eq!(Template::parse("{{{A}}}").pieces().len(), 3);
        assert_eq!(Template::parse("").as_literal(), Some(""));
    }

    #[test]
    fn strings_without_placeholders_stay_literal() {
        assert_eq!(Template::parse("a{{1}}c").as_literal(), Some("a{{1}}c"));
        assert_eq!(Template::parse("a{{b}}c").as_literal(), Some("a{b}c"));
        assert_eq!(Template::parse("x{y").as_literal(), Some("x{y"));
        assert_eq!(
            Template::parse("{\"k\": 1}").as_literal(),
            Some("{\"k\": 1}")
        );
        assert_eq!(Template::parse("{a_b}").as_literal(), Some("{a_b}"));
        let mixed = Template::parse("{A}{x_y}{");
        assert_eq!(mixed.pieces().last(), Some(&Piece::Literal("{".to_owned())));
        assert_eq!(mixed.pieces().len(), 3);
    }
}
