//! Document paths: `a.b[2].c` parsed into names and list indexes.
//!
//! Every name becomes a `#n…` placeholder when an expression is built, so reserved words and
//! odd characters need no care from the caller; list indexes stay literal (`[2]`).

use std::fmt;

use rboto_runtime::Error;

/// One step of a document path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Element {
    /// An attribute or map key, taken literally.
    Name(String),
    /// A list index.
    Index(u32),
}

/// A document path into an item: a top-level attribute name, then map keys (`.key`) and list
/// indexes (`[2]`).
///
/// Parsing from text (`"a.b[2].c"`, via `From<&str>`) never fails on the spot: a malformed path
/// is kept and reported, with every other problem, when the expression is built. Use
/// [`Path::parse`] to check one at once, and [`Path::name`]/[`Path::field`] for names that
/// themselves contain `.` or `[`.
///
/// ```
/// use rboto_dynamodb::expression::Path;
///
/// let parsed = Path::parse("order.lines[2].sku").unwrap();
/// let built = Path::name("order").field("lines").index(2).field("sku");
/// assert_eq!(parsed, built);
/// assert_eq!(parsed.to_string(), "order.lines[2].sku");
///
/// // An attribute whose name contains a dot, which text cannot express:
/// let dotted = Path::name("version.major");
/// assert!(dotted.is_top_level());
///
/// assert!(Path::parse("a..b").is_err());
/// assert!(Path::parse("a[x]").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Path {
    elements: Result<Vec<Element>, String>,
}

impl Path {
    /// Parses `text`, returning an error that names the problem when it is not a valid path
    /// (empty, an empty name as in `a..b`, a bad or unclosed index as in `a[x]`, `a[1`, or
    /// text straight after an index as in `a[1]b`).
    pub fn parse(text: &str) -> Result<Path, Error> {
        let path = Path::from(text);
        match &path.elements {
            Ok(_) => Ok(path),
            Err(problem) => Err(Error::validation(vec![problem.clone()])),
        }
    }

    /// A path of one top-level attribute, named literally: dots and brackets in `name` are
    /// part of the name.
    pub fn name(name: impl Into<String>) -> Path {
        let name = name.into();
        if name.is_empty() {
            return Path::invalid("an attribute name is empty".to_owned());
        }
        Path {
            elements: Ok(vec![Element::Name(name)]),
        }
    }

    /// This path followed by the map key `key`, taken literally.
    pub fn field(mut self, key: impl Into<String>) -> Path {
        let key = key.into();
        if key.is_empty() {
            let problem = format!("path `{self}` is followed by an empty map key");
            return Path::invalid(problem);
        }
        if let Ok(elements) = &mut self.elements {
            elements.push(Element::Name(key));
        }
        self
    }

    /// This path followed by the list index `index`.
    pub fn index(mut self, index: u32) -> Path {
        if let Ok(elements) = &mut self.elements {
            elements.push(Element::Index(index));
        }
        self
    }

    /// Whether this is a valid path of a single attribute name (no map keys or indexes), as
    /// key conditions require.
    pub fn is_top_level(&self) -> bool {
        matches!(&self.elements, Ok(elements) if elements.len() == 1)
    }

    fn invalid(problem: String) -> Path {
        Path {
            elements: Err(problem),
        }
    }

    /// The parsed elements, or the problem that made the path invalid.
    pub(crate) fn elements(&self) -> Result<&[Element], &str> {
        match &self.elements {
            Ok(elements) => Ok(elements),
            Err(problem) => Err(problem),
        }
    }

    /// Whether one of the two paths is the other or lies inside it (`a` and `a.b`, `l` and
    /// `l[0]`), which DynamoDB rejects within one update or projection.
    pub(crate) fn overlaps(&self, other: &Path) -> bool {
        match (&self.elements, &other.elements) {
            (Ok(a), Ok(b)) => a.iter().zip(b.iter()).all(|(x, y)| x == y),
            _ => false,
        }
    }
}

impl From<&str> for Path {
    fn from(text: &str) -> Path {
        match parse(text) {
            Ok(elements) => Path {
                elements: Ok(elements),
            },
            Err(problem) => Path::invalid(format!("invalid path `{text}`: {problem}")),
        }
    }
}

impl From<String> for Path {
    fn from(text: String) -> Path {
        Path::from(text.as_str())
    }
}

impl From<&String> for Path {
    fn from(text: &String) -> Path {
        Path::from(text.as_str())
    }
}

impl From<&Path> for Path {
    fn from(path: &Path) -> Path {
        path.clone()
    }
}

impl fmt::Display for Path {
    /// The dotted form (`a.b[2].c`); for an invalid path, the problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.elements {
            Ok(elements) => {
                for (i, element) in elements.iter().enumerate() {
                    match element {
                        Element::Name(name) if i == 0 => f.write_str(name)?,
                        Element::Name(name) => write!(f, ".{name}")?,
                        Element::Index(index) => write!(f, "[{index}]")?,
                    }
                }
                Ok(())
            }
            Err(problem) => write!(f, "<{problem}>"),
        }
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({self})")
    }
}

/// Splits `a.b[2].c` into its elements, or says what is wrong with it.
fn parse(text: &str) -> Result<Vec<Element>, String> {
    if text.is_empty() {
        return Err("the path is empty".to_owned());
    }
    let bytes = text.as_bytes();
    let mut elements = Vec::new();
    let mut pos = 0;
    loop {
        let start = pos;
        while pos < bytes.len() && !matches!(bytes[pos], b'.' | b'[' | b']') {
            pos += 1;
        }
        if pos == start {
            return Err(if start == 0 {
                "it must start with an attribute name".to_owned()
            } else {
                format!("empty name at byte {start}")
            });
        }
        elements.push(Element::Name(text[start..pos].to_owned()));
        while pos < bytes.len() && bytes[pos] == b'[' {
            let open = pos;
            let Some(close) = text[open..].find(']').map(|offset| open + offset) else {
                return Err(format!("`[` at byte {open} is never closed"));
            };
            let digits = &text[open + 1..close];
            let index = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                digits.parse::<u32>().ok()
            } else {
                None
            };
            let Some(index) = index else {
                return Err(format!(
                    "list index `[{digits}]` at byte {open} is not a non-negative integer"
                ));
            };
            elements.push(Element::Index(index));
            pos = close + 1;
        }
        match bytes.get(pos) {
            None => return Ok(elements),
            Some(b'.') => pos += 1,
            Some(b']') => return Err(format!("unexpected `]` at byte {pos}")),
            Some(_) => return Err(format!("expected `.` or `[` at byte {pos}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<Element> {
        Path::parse(text).unwrap().elements().unwrap().to_vec()
    }

    fn problem(text: &str) -> String {
        Path::parse(text).unwrap_err().validation_problems()[0].clone()
    }

    #[test]
    fn parses_names_and_indexes() {
        use Element::{Index, Name};
        assert_eq!(names("a"), vec![Name("a".into())]);
        assert_eq!(
            names("a.b[2].c"),
            vec![
                Name("a".into()),
                Name("b".into()),
                Index(2),
                Name("c".into())
            ]
        );
        assert_eq!(
            names("m[1][20].x"),
            vec![Name("m".into()), Index(1), Index(20), Name("x".into())]
        );
        assert_eq!(names("odd-name #1"), vec![Name("odd-name #1".into())]);
        assert_eq!(names("l[007]"), vec![Name("l".into()), Index(7)]);
    }

    #[test]
    fn rejects_malformed_paths_naming_the_problem() {
        assert_eq!(problem(""), "invalid path ``: the path is empty");
        assert_eq!(problem("a..b"), "invalid path `a..b`: empty name at byte 2");
        assert_eq!(problem("a."), "invalid path `a.`: empty name at byte 2");
        assert_eq!(
            problem(".a"),
            "invalid path `.a`: it must start with an attribute name"
        );
        assert_eq!(
            problem("[1]"),
            "invalid path `[1]`: it must start with an attribute name"
        );
        assert_eq!(
            problem("a.[1]"),
            "invalid path `a.[1]`: empty name at byte 2"
        );
        assert_eq!(
            problem("a[x]"),
            "invalid path `a[x]`: list index `[x]` at byte 1 is not a non-negative integer"
        );
        assert_eq!(
            problem("a[]"),
            "invalid path `a[]`: list index `[]` at byte 1 is not a non-negative integer"
        );
        assert_eq!(
            problem("a[-1]"),
            "invalid path `a[-1]`: list index `[-1]` at byte 1 is not a non-negative integer"
        );
        assert_eq!(
            problem("a[99999999999]"),
            "invalid path `a[99999999999]`: list index `[99999999999]` at byte 1 is not a non-negative integer"
        );
        assert_eq!(
            problem("a[1"),
            "invalid path `a[1`: `[` at byte 1 is never closed"
        );
        assert_eq!(
            problem("a[1]b"),
            "invalid path `a[1]b`: expected `.` or `[` at byte 4"
        );
        assert_eq!(problem("a]"), "invalid path `a]`: unexpected `]` at byte 1");
    }

    #[test]
    fn builds_literal_names() {
        let path = Path::name("a.b").field("c[0]").index(3);
        assert_eq!(
            path.elements().unwrap(),
            &[
                Element::Name("a.b".into()),
                Element::Name("c[0]".into()),
                Element::Index(3)
            ]
        );
        assert!(Path::name("a.b").is_top_level());
        assert!(!Path::from("a.b").is_top_level());
        assert!(Path::name("").elements().is_err());
        assert!(Path::name("a").field("").elements().is_err());
    }

    #[test]
    fn overlap_is_prefix_by_element() {
        let p = |s: &str| Path::from(s);
        assert!(p("a").overlaps(&p("a")));
        assert!(p("a").overlaps(&p("a.b")));
        assert!(p("l[0]").overlaps(&p("l")));
        assert!(!p("a").overlaps(&p("ab")));
        assert!(!p("l[0]").overlaps(&p("l[1]")));
        assert!(!p("a.b").overlaps(&p("a.c")));
    }
}
