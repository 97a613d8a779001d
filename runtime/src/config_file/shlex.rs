//! POSIX shell-style word splitting, as Python's `shlex.split` does it.
//!
//! botocore uses it twice: to read section headers such as `[profile "my profile"]`, and to
//! turn a `credential_process` command line into a program and its arguments without a shell.

/// Splits `input` into words: whitespace separates words, single quotes keep everything
/// literally, double quotes keep everything but let a backslash escape `"` and `\`, and a
/// backslash outside quotes escapes the next character. Returns `None` for an unclosed quote
/// or a trailing backslash.
pub(crate) fn split(input: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        other => word.push(other),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            escaped @ ('"' | '\\') => word.push(escaped),
                            other => {
                                word.push('\\');
                                word.push(other);
                            }
                        },
                        other => word.push(other),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.push(chars.next()?);
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn table() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("", Some(&[])),
            ("   ", Some(&[])),
            ("profile dev", Some(&["profile", "dev"])),
            ("profile   dev  ", Some(&["profile", "dev"])),
            ("profile \"my dev\"", Some(&["profile", "my dev"])),
            ("profile 'my dev'", Some(&["profile", "my dev"])),
            ("a\\ b c", Some(&["a b", "c"])),
            ("\"a\\\"b\" 'c\\d'", Some(&["a\"b", "c\\d"])),
            ("\"a\\nb\"", Some(&["a\\nb"])),
            ("x''y", Some(&["xy"])),
            ("''", Some(&[""])),
            (
                "/bin/sh -c 'echo \"hi there\"'",
                Some(&["/bin/sh", "-c", "echo \"hi there\""]),
            ),
            ("profile \"unclosed", None),
            ("profile 'unclosed", None),
            ("trailing\\", None),
        ];
        for (input, expected) in cases {
            let got = split(input);
            let expected = expected.map(|e| e.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, expected, "input {input:?}");
        }
    }
}
