//! A small backtracking regular-expression matcher for the `regionRegex` patterns of
//! `partitions.json` (such as `^(us|eu|ap)\-\w+\-\d+$`).
//!
//! It supports what those patterns are made of: literals and escapes, `.`, `\w` `\d` `\s`
//! (and their negations), character classes with ranges, groups (`(…)`, `(?:…)`) with
//! alternation, the quantifiers `* + ? {n} {n,} {n,m}`, and the anchors `^` and `$`.
//! Matching follows Python's `re.match`: anchored at the start, `$` also matching before a
//! final newline. Anything else is rejected when the pattern is compiled.

#[derive(Debug, Clone)]
enum ClassItem {
    Char(char),
    Range(char, char),
    Word(bool),
    Digit(bool),
    Space(bool),
}

#[derive(Debug, Clone)]
enum Node {
    Char(char),
    Any,
    Class {
        items: Vec<ClassItem>,
        negated: bool,
    },
    Start,
    End,
    Group(Vec<Vec<Node>>),
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
    },
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct RegionRegex {
    alternatives: Vec<Vec<Node>>,
}

impl RegionRegex {
    /// Compiles a pattern, or says which part is unsupported.
    pub(crate) fn new(pattern: &str) -> Result<Self, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut parser = Parser { chars, pos: 0 };
        let alternatives = parser.alternatives()?;
        if parser.pos != parser.chars.len() {
            return Err(format!("unbalanced `)` in pattern {pattern:?}"));
        }
        Ok(RegionRegex { alternatives })
    }

    /// Whether the pattern matches at the start of `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let input: Vec<char> = text.chars().collect();
        let matcher = Matcher { input: &input };
        self.alternatives
            .iter()
            .any(|alt| matcher.seq(alt, 0, &mut |_| true))
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn alternatives(&mut self) -> Result<Vec<Vec<Node>>, String> {
        let mut alts = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.sequence()?);
        }
        Ok(alts)
    }

    fn sequence(&mut self) -> Result<Vec<Node>, String> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let node = self.quantified(atom)?;
            nodes.push(node);
        }
        Ok(nodes)
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("unexpected end of pattern")?;
        self.pos += 1;
        Ok(match c {
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Any,
            '(' => {
                if self.peek() == Some('?') {
                    if self.chars.get(self.pos + 1) == Some(&':') {
                        self.pos += 2;
                    } else {
                        return Err("only `(?:` group extensions are supported".into());
                    }
                }
                let alts = self.alternatives()?;
                if self.peek() != Some(')') {
                    return Err("unclosed `(`".into());
                }
                self.pos += 1;
                Node::Group(alts)
            }
            '[' => self.class()?,
            '\\' => match self.escape()? {
                ClassItem::Char(ch) => Node::Char(ch),
                item => Node::Class {
                    items: vec![item],
                    negated: false,
                },
            },
            '*' | '+' | '?' | '{' => return Err(format!("nothing to repeat before `{c}`")),
            other => Node::Char(other),
        })
    }

    fn escape(&mut self) -> Result<ClassItem, String> {
        let c = self.peek().ok_or("pattern ends in `\\`")?;
        self.pos += 1;
        Ok(match c {
            'w' => ClassItem::Word(true),
            'W' => ClassItem::Word(false),
            'd' => ClassItem::Digit(true),
            'D' => ClassItem::Digit(false),
            's' => ClassItem::Space(true),
            'S' => ClassItem::Space(false),
            'n' => ClassItem::Char('\n'),
            't' => ClassItem::Char('\t'),
            c if c.is_ascii_alphanumeric() => {
                return Err(format!("unsupported escape `\\{c}`"));
            }
            other => ClassItem::Char(other),
        })
    }

    fn class(&mut self) -> Result<Node, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or("unclosed `[`")?;
            if c == ']' && !first {
                self.pos += 1;
                break;
            }
            first = false;
            self.pos += 1;
            let item = if c == '\\' {
                self.escape()?
            } else {
                ClassItem::Char(c)
            };
            let is_range = matches!(item, ClassItem::Char(_))
                && self.peek() == Some('-')
                && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']');
            if let (ClassItem::Char(lo), true) = (&item, is_range) {
                self.pos += 1;
                let hi = match self.peek().ok_or("unclosed `[`")? {
                    '\\' => {
                        self.pos += 1;
                        match self.escape()? {
                            ClassItem::Char(ch) => ch,
                            _ => return Err("a class escape cannot end a range".into()),
                        }
                    }
                    ch => {
                        self.pos += 1;
                        ch
                    }
                };
                if hi < *lo {
                    return Err(format!("bad range {lo}-{hi}"));
                }
                items.push(ClassItem::Range(*lo, hi));
            } else {
                items.push(item);
            }
        }
        Ok(Node::Class { items, negated })
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('{') => self.counted()?,
            Some(c @ ('*' | '+' | '?')) => {
                self.pos += 1;
                match c {
                    '*' => (0, None),
                    '+' => (1, None),
                    _ => (0, Some(1)),
                }
            }
            _ => return Ok(atom),
        };
        if matches!(self.peek(), Some('?' | '+')) {
            return Err("lazy and possessive quantifiers are not supported".into());
        }
        if matches!(atom, Node::Start | Node::End) {
            return Err("an anchor cannot be repeated".into());
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// `{n}`, `{n,}`, `{n,m}`; leaves the position after `}`. (A `{` that does not start a
    /// count is a literal in Python; this matcher rejects it.)
    fn counted(&mut self) -> Result<(usize, Option<usize>), String> {
        let rest: String = self.chars[self.pos..].iter().collect();
        let close = rest.find('}').ok_or("`{` without `}`")?;
        let body = &rest[1..close];
        let parse = |s: &str| {
            s.parse::<usize>()
                .map_err(|_| format!("bad count {{{body}}}"))
        };
        let bounds = match body.split_once(',') {
            None => {
                let n = parse(body)?;
                (n, Some(n))
            }
            Some((lo, "")) => (parse(lo)?, None),
            Some((lo, hi)) => (parse(lo)?, Some(parse(hi)?)),
        };
        self.pos += rest[..=close].chars().count();
        Ok(bounds)
    }
}

struct Matcher<'a> {
    input: &'a [char],
}

impl Matcher<'_> {
    fn seq(&self, nodes: &[Node], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        match nodes.split_first() {
            None => k(pos),
            Some((node, rest)) => self.node(node, pos, &mut |p| self.seq(rest, p, k)),
        }
    }

    fn node(&self, node: &Node, pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        match node {
            Node::Char(_) | Node::Any | Node::Class { .. } => match self.input.get(pos) {
                Some(&c) if single_matches(node, c) => k(pos + 1),
                _ => false,
            },
            Node::Start => pos == 0 && k(pos),
            Node::End => {
                let len = self.input.len();
                (pos == len || (pos + 1 == len && self.input[pos] == '\n')) && k(pos)
            }
            Node::Group(alts) => alts.iter().any(|alt| self.seq(alt, pos, k)),
            Node::Repeat { node, min, max } => self.repeat(node, *min, *max, 0, pos, k),
        }
    }

    fn repeat(
        &self,
        node: &Node,
        min: usize,
        max: Option<usize>,
        count: usize,
        pos: usize,
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        if max.is_none_or(|m| count < m)
            && self.node(node, pos, &mut |p| {
                p != pos && self.repeat(node, min, max, count + 1, p, k)
            })
        {
            return true;
        }
        count >= min && k(pos)
    }
}

fn single_matches(node: &Node, c: char) -> bool {
    match node {
        Node::Char(expected) => *expected == c,
        Node::Any => c != '\n',
        Node::Class { items, negated } => {
            items.iter().any(|item| item_matches(item, c)) != *negated
        }
        _ => false,
    }
}

fn item_matches(item: &ClassItem, c: char) -> bool {
    match *item {
        ClassItem::Char(x) => x == c,
        ClassItem::Range(lo, hi) => (lo..=hi).contains(&c),
        ClassItem::Word(yes) => (c.is_alphanumeric() || c == '_') == yes,
        ClassItem::Digit(yes) => c.is_ascii_digit() == yes,
        ClassItem::Space(yes) => c.is_whitespace() == yes,
    }
}

#[cfg(test)]
mod tests {
    use super::RegionRegex;

    fn m(pattern: &str, text: &str) -> bool {
        RegionRegex::new(pattern).unwrap().is_match(text)
    }

    #[test]
    fn partition_patterns() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        assert!(m(aws, "us-east-1"));
        assert!(m(aws, "ap-southeast-10"));
        assert!(!m(aws, "cn-north-1"));
        assert!(!m(aws, "us-east-1a"));
        assert!(!m(aws, "us-east-"));
        assert!(m(r"^eusc\-(de)\-\w+\-\d+$", "eusc-de-east-1"));
        assert!(!m(r"^us\-iso\-\w+\-\d+$", "us-isob-east-1"));
    }

    #[test]
    fn classes_counts_and_backtracking() {
        assert!(m("^[a-c]{2,3}x$", "abx"));
        assert!(!m("^[a-c]{2,3}x$", "abcax"));
        assert!(m("^[^0-9]+$", "abc"));
        assert!(!m("^[^0-9]+$", "ab1"));
        assert!(m(r"^\w+\w-\d+$", "ab_c-12"));
        assert!(!m(r"^\w+-\d+$", "a-b-1"));
        assert!(m("^a(?:b|bc)d$", "abcd"));
        assert!(m("^x?y*z", "zzz"));
        assert!(m("a$", "a\n"));
    }

    #[test]
    fn rejects_what_it_cannot_match() {
        assert!(RegionRegex::new("(?=x)").is_err());
        assert!(RegionRegex::new("a+?").is_err());
        assert!(RegionRegex::new("(ab").is_err());
        assert!(RegionRegex::new("ab)").is_err());
        assert!(RegionRegex::new(r"\p").is_err());
    }
}
