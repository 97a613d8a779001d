//! Include/exclude filters of directory transfers, with the AWS CLI's rules: every file is
//! included unless a filter says otherwise, filters apply in the order given and the last one
//! that matches decides. Patterns follow Unix shell wildcards (Python's `fnmatch`, which the
//! CLI uses): `*` matches any run of characters, `/` included, `?` one character, `[abc]`,
//! `[a-z]` and `[!abc]` one of (or none of) a set. They are matched against the path
//! relative to the directory or prefix, with `/` separators.

use rboto_runtime::error::Error;

/// An ordered list of include and exclude patterns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filters {
    rules: Vec<(bool, Vec<char>)>,
}

impl Filters {
    /// Adds a pattern: `include` true keeps what it matches, false drops it.
    pub(crate) fn push(&mut self, include: bool, pattern: &str) {
        self.rules.push((include, pattern.chars().collect()));
    }

    /// Patterns that cannot match as written (an unclosed `[`), as validation problems.
    pub(crate) fn problems(&self) -> Vec<String> {
        self.rules
            .iter()
            .filter(|(_, p)| !brackets_closed(p))
            .map(|(include, p)| {
                format!(
                    "{} pattern {:?} has an unclosed '['",
                    if *include { "include" } else { "exclude" },
                    p.iter().collect::<String>()
                )
            })
            .collect()
    }

    /// Whether `path` (relative, `/`-separated) is transferred.
    pub(crate) fn allows(&self, path: &str) -> bool {
        let text: Vec<char> = path.chars().collect();
        self.rules
            .iter()
            .rev()
            .find(|(_, pattern)| matches(pattern, &text))
            .is_none_or(|(include, _)| *include)
    }
}

fn brackets_closed(pattern: &[char]) -> bool {
    let mut i = 0;
    while i < pattern.len() {
        if pattern[i] == '[' {
            match class_end(pattern, i) {
                Some(end) => i = end,
                None => return false,
            }
        }
        i += 1;
    }
    true
}

/// Index of the `]` closing the class that starts at `start`.
fn class_end(pattern: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    if pattern.get(i) == Some(&'!') {
        i += 1;
    }
    if pattern.get(i) == Some(&']') {
        i += 1;
    }
    while i < pattern.len() {
        if pattern[i] == ']' {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Whether `c` is in the class `pattern[start..=end]`.
fn in_class(pattern: &[char], start: usize, end: usize, c: char) -> bool {
    let mut i = start + 1;
    let negated = pattern[i] == '!';
    if negated {
        i += 1;
    }
    let mut found = false;
    let first = i;
    while i < end {
        let lo = pattern[i];
        if i + 2 < end && pattern[i + 1] == '-' {
            found |= lo <= c && c <= pattern[i + 2];
            i += 3;
        } else {
            found |= lo == c || (i == first && lo == ']' && c == ']');
            i += 1;
        }
    }
    found != negated
}

/// fnmatch: `*` backtracks to the last star on a mismatch.
fn matches(pattern: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        let step = match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some('?') => Some(p + 1),
            Some('[') => match class_end(pattern, p) {
                Some(end) if in_class(pattern, p, end, text[t]) => Some(end + 1),
                Some(_) => None,
                None => (text[t] == '[').then_some(p + 1),
            },
            Some(&c) => (c == text[t]).then_some(p + 1),
            None => None,
        };
        match (step, star) {
            (Some(next), _) => {
                p = next;
                t += 1;
            }
            (None, Some((sp, st))) => {
                p = sp + 1;
                t = st + 1;
                star = Some((sp, st + 1));
            }
            (None, None) => return false,
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// Validation error for bad patterns, if any.
pub(crate) fn check(filters: &Filters) -> Result<(), Error> {
    let problems = filters.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, text: &str) -> bool {
        matches(
            &pattern.chars().collect::<Vec<_>>(),
            &text.chars().collect::<Vec<_>>(),
        )
    }

    #[test]
    fn wildcards_match_as_fnmatch_does() {
        assert!(m("*.txt", "a.txt"));
        assert!(m("*.txt", "dir/sub/a.txt"), "* crosses '/' as in the CLI");
        assert!(!m("*.txt", "a.txt.gz"));
        assert!(m("logs/*", "logs/2026/x"));
        assert!(m("?.bin", "a.bin") && !m("?.bin", "ab.bin"));
        assert!(m("[ab]*", "b-file") && !m("[ab]*", "c-file"));
        assert!(m("[!ab]*", "c-file") && !m("[!ab]*", "a-file"));
        assert!(m("file[0-9]", "file7") && !m("file[0-9]", "filex"));
        assert!(m("[]]x", "]x"));
        assert!(m("*", "") && m("**", "anything/at/all"));
        assert!(m("a*b*c", "a-b-b-c") && !m("a*b*c", "a-b-b-d"));
    }

    #[test]
    fn the_last_matching_filter_decides() {
        let mut f = Filters::default();
        assert!(f.allows("anything"));
        f.push(false, "*");
        f.push(true, "*.txt");
        assert!(f.allows("a/b.txt"));
        assert!(!f.allows("a/b.jpg"));
        f.push(false, "tmp/*");
        assert!(!f.allows("tmp/b.txt"));
        assert!(check(&f).is_ok());
        f.push(true, "[oops");
        let err = check(&f).unwrap_err();
        assert!(err.to_string().contains("[oops"));
    }
}
