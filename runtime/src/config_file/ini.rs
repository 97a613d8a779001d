//! An INI parser with the semantics of Python's `configparser.RawConfigParser`, which the AWS
//! CLI and botocore use for `~/.aws/config` and `~/.aws/credentials`.
//!
//! What it follows: section headers `[name]` (names keep their case, a repeated section is an
//! error); options `key = value` or `key: value` split at the first `=` or `:`, keys lower-cased,
//! values trimmed, a repeated key in one section an error; whole-line comments starting with `#`
//! or `;` (an inline `#` is part of the value); continuation lines indented deeper than their
//! option, blank lines inside a value kept but trailing ones dropped; a `[DEFAULT]` section whose
//! keys every other section inherits; and botocore's one level of nesting: a value that starts
//! with a line break (`s3 =` followed by indented `key = value` lines) becomes a sub-section.

use indexmap::IndexMap;
use std::fmt;

/// One option's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IniValue {
    /// A plain value (continuation lines joined with `\n`).
    Text(String),
    /// A nested block such as `s3 =\n  addressing_style = path` (keys keep their case).
    Nested(IndexMap<String, String>),
}

impl IniValue {
    /// The plain value, if this is not a nested block.
    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            IniValue::Text(t) => Some(t),
            IniValue::Nested(_) => None,
        }
    }

    /// The nested block, if this is one.
    pub(crate) fn as_nested(&self) -> Option<&IndexMap<String, String>> {
        match self {
            IniValue::Nested(n) => Some(n),
            IniValue::Text(_) => None,
        }
    }
}

/// A section's options, in file order.
pub(crate) type IniSection = IndexMap<String, IniValue>;

/// Every section of a file (except `[DEFAULT]`, whose keys are folded into each section), in
/// file order.
pub(crate) type IniFile = IndexMap<String, IniSection>;

/// Why a file did not parse, with the 1-based line number where that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IniError {
    /// The line the problem is on, when there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for IniError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

impl std::error::Error for IniError {}

const DEFAULT_SECTION: &str = "DEFAULT";

enum Target {
    Defaults,
    Section(usize),
}

/// Parses INI text the way `RawConfigParser.read` followed by botocore's `raw_config_parse`
/// does.
pub(crate) fn parse(text: &str) -> Result<IniFile, IniError> {
    let mut defaults: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut sections: IndexMap<String, IndexMap<String, Vec<String>>> = IndexMap::new();
    let mut target: Option<Target> = None;
    let mut option: Option<String> = None;
    let mut indent_level = 0usize;
    let mut bad_lines: Vec<usize> = Vec::new();

    for (index, raw_line) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let stripped = line.trim();
        let is_comment = stripped.starts_with('#') || stripped.starts_with(';');
        let value = if is_comment { "" } else { stripped };

        if value.is_empty() {
            if !is_comment {
                if let (Some(t), Some(opt)) = (&target, &option) {
                    options_of(t, &mut defaults, &mut sections)
                        .get_mut(opt)
                        .expect("current option exists")
                        .push(String::new());
                }
            }
            continue;
        }

        let indent = line.chars().take_while(|c| c.is_whitespace()).count();
        if let (Some(t), Some(opt), true) = (&target, &option, indent > indent_level) {
            options_of(t, &mut defaults, &mut sections)
                .get_mut(opt)
                .expect("current option exists")
                .push(value.to_string());
            continue;
        }
        indent_level = indent;

        if let Some(name) = section_header(value) {
            if name == DEFAULT_SECTION {
                target = Some(Target::Defaults);
            } else if sections.contains_key(name) {
                return Err(IniError {
                    line: Some(line_no),
                    reason: format!("section [{name}] appears more than once"),
                });
            } else {
                let (i, _) = sections.insert_full(name.to_string(), IndexMap::new());
                target = Some(Target::Section(i));
            }
            option = None;
            continue;
        }

        let Some(t) = &target else {
            return Err(IniError {
                line: Some(line_no),
                reason: "file contains no section headers before this line".into(),
            });
        };
        match split_option(value) {
            Some((key, val)) if !key.is_empty() => {
                let key = key.to_lowercase();
                let options = options_of(t, &mut defaults, &mut sections);
                if options.contains_key(&key) {
                    let section = match t {
                        Target::Defaults => DEFAULT_SECTION,
                        Target::Section(i) => sections.get_index(*i).expect("section").0,
                    };
                    return Err(IniError {
                        line: Some(line_no),
                        reason: format!("option {key:?} appears more than once in [{section}]"),
                    });
                }
                options.insert(key.clone(), vec![val.to_string()]);
                option = Some(key);
            }
            _ => bad_lines.push(line_no),
        }
    }

    if !bad_lines.is_empty() {
        let lines: Vec<String> = bad_lines.iter().map(usize::to_string).collect();
        return Err(IniError {
            line: bad_lines.first().copied(),
            reason: format!(
                "expected `[section]`, `key = value` or a comment (line {})",
                lines.join(", ")
            ),
        });
    }

    let defaults = join_all(defaults)?;
    let mut file = IniFile::with_capacity(sections.len());
    for (name, options) in sections {
        let own = join_all(options)?;
        let mut merged = defaults.clone();
        for (k, v) in own {
            merged.insert(k, v);
        }
        file.insert(name, merged);
    }
    Ok(file)
}

fn options_of<'a>(
    target: &Target,
    defaults: &'a mut IndexMap<String, Vec<String>>,
    sections: &'a mut IndexMap<String, IndexMap<String, Vec<String>>>,
) -> &'a mut IndexMap<String, Vec<String>> {
    match target {
        Target::Defaults => defaults,
        Target::Section(i) => sections.get_index_mut(*i).expect("section").1,
    }
}

/// `[name]` → `name`: the text between the opening bracket and the last closing one.
fn section_header(value: &str) -> Option<&str> {
    let rest = value.strip_prefix('[')?;
    let close = rest.rfind(']')?;
    (close > 0).then(|| &rest[..close])
}

/// Splits `key = value` / `key: value` at the first delimiter.
fn split_option(value: &str) -> Option<(&str, &str)> {
    let at = value.find(['=', ':'])?;
    Some((value[..at].trim_end(), value[at + 1..].trim()))
}

fn join_all(options: IndexMap<String, Vec<String>>) -> Result<IniSection, IniError> {
    options
        .into_iter()
        .map(|(k, lines)| {
            let joined = lines.join("\n").trim_end().to_string();
            let value = if joined.starts_with('\n') {
                IniValue::Nested(parse_nested(&k, &joined)?)
            } else {
                IniValue::Text(joined)
            };
            Ok((k, value))
        })
        .collect()
}

fn parse_nested(key: &str, block: &str) -> Result<IndexMap<String, String>, IniError> {
    let mut nested = IndexMap::new();
    for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((k, v)) = line.split_once('=') else {
            return Err(IniError {
                line: None,
                reason: format!("nested setting under {key:?} is not `key = value`: {line:?}"),
            });
        };
        nested.insert(k.trim().to_string(), v.trim().to_string());
    }
    Ok(nested)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(file: &IniFile, section: &str, key: &str) -> Option<String> {
        file.get(section)?.get(key)?.as_text().map(str::to_string)
    }

    #[test]
    fn table_of_values() {
        // (input, section, key, expected value)
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            ("[a]\nk = v\n", "a", "k", Some("v")),
            ("[a]\nk=v", "a", "k", Some("v")),
            ("[a]\nk: v", "a", "k", Some("v")),
            ("[a]\n  k   =   v  \n", "a", "k", Some("v")),
            ("[a]\nK = v", "a", "k", Some("v")),
            (
                "[a]\nk = v # not a comment",
                "a",
                "k",
                Some("v # not a comment"),
            ),
            (
                "[a]\nk = v ; not a comment",
                "a",
                "k",
                Some("v ; not a comment"),
            ),
            (
                "[a]\nk = arn:aws:iam::1:role/x",
                "a",
                "k",
                Some("arn:aws:iam::1:role/x"),
            ),
            ("[a]\nk: a=b", "a", "k", Some("a=b")),
            ("[a]\nk = a=b", "a", "k", Some("a=b")),
            ("[a]\nk =", "a", "k", Some("")),
            ("[a]\n# k = v\n", "a", "k", None),
            ("[a]\n  ; k = v\n", "a", "k", None),
            (
                "[a]\nk = one\n  two\n\tthree\n",
                "a",
                "k",
                Some("one\ntwo\nthree"),
            ),
            ("[a]\nk = one\n\n  two\n", "a", "k", Some("one\n\ntwo")),
            ("[a]\nk = one\n  # c\n  two\n", "a", "k", Some("one\ntwo")),
            ("[a]\nk = one\n\n\n", "a", "k", Some("one")),
            ("[a]\r\nk = v\r\n", "a", "k", Some("v")),
            ("[a] trailing\nk = v", "a", "k", Some("v")),
            ("[Profile X]\nk = v", "Profile X", "k", Some("v")),
            ("  [a]\n  k = v", "a", "k", Some("v")),
            ("[DEFAULT]\nk = d\n[a]\nj = 1", "a", "k", Some("d")),
            ("[DEFAULT]\nk = d\n[a]\nk = own", "a", "k", Some("own")),
        ];
        for (input, section, key, expected) in cases {
            let file = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(
                text(&file, section, key).as_deref(),
                *expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn table_of_errors() {
        let cases: &[(&str, Option<usize>)] = &[
            ("k = v\n[a]", Some(1)),
            ("[a]\njust words\n", Some(2)),
            ("[a]\n= v\n", Some(2)),
            ("[a]\nk = 1\n[a]\n", Some(3)),
            ("[a]\nk = 1\nK = 2\n", Some(3)),
            ("[]\n", Some(1)),
            ("[a]\ns3 =\n  no equals sign\n", None),
        ];
        for (input, line) in cases {
            let err = parse(input).expect_err(input);
            assert_eq!(err.line, *line, "input {input:?}: {err}");
        }
    }

    #[test]
    fn nested_blocks_become_sub_sections() {
        let file = parse(
            "[profile dev]\nregion = eu-west-1\ns3 =\n  addressing_style = path\n\n  # c\n  Max_Concurrency = 20\nsts = \n",
        )
        .unwrap();
        let dev = &file["profile dev"];
        let s3 = dev["s3"].as_nested().expect("nested");
        assert_eq!(s3["addressing_style"], "path");
        assert_eq!(s3["Max_Concurrency"], "20");
        assert_eq!(dev["sts"], IniValue::Text(String::new()));
        assert_eq!(dev["region"].as_text(), Some("eu-west-1"));
    }

    #[test]
    fn indented_line_after_header_is_an_option_not_a_continuation() {
        let file = parse("[a]\n   k = v\n   j = w\n").unwrap();
        assert_eq!(text(&file, "a", "k").as_deref(), Some("v"));
        assert_eq!(text(&file, "a", "j").as_deref(), Some("w"));
    }

    #[test]
    fn sections_keep_file_order_and_default_is_not_a_section() {
        let file = parse("[b]\n[DEFAULT]\nx = 1\n[a]\n").unwrap();
        let names: Vec<&str> = file.keys().map(String::as_str).collect();
        assert_eq!(names, ["b", "a"]);
        assert_eq!(text(&file, "b", "x").as_deref(), Some("1"));
    }
}
