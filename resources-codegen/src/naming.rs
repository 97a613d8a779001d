//! Names: botocore's `xform_name` (CamelCase to snake_case, re-exported from
//! `rboto-resource-model`, which the runtime shares), Rust identifiers for those names, and
//! UpperCamel type names.

use proc_macro2::{Ident, Span};

pub use rboto_resource_model::naming::xform_name;

/// Rust keywords that a generated snake name may hit.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use",
    "where", "while", "abstract", "become", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A Rust identifier for a snake or Camel name (`type` → `r#type`, `self` → `self_`,
/// a leading digit gets a `_` prefix).
pub fn ident(name: &str) -> Ident {
    let mut name = name.to_owned();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        Ident::new_raw(&name, Span::call_site())
    } else {
        Ident::new(&name, Span::call_site())
    }
}

/// An UpperCamel type name from a model name (`Bucket`, `bucketName` → `BucketName`,
/// `ec2.Instance-Type` → `Ec2InstanceType`).
pub fn type_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper_next = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper_next {
                out.push(c.to_ascii_uppercase());
                upper_next = false;
            } else {
                out.push(c);
            }
        } else {
            upper_next = true;
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert(0, 'T');
    }
    out
}

/// UpperCamel from a snake name (`wait_until_exists` → `WaitUntilExists`).
pub fn camel_from_snake(snake: &str) -> String {
    snake
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("name").to_string(), "name");
        assert_eq!(ident("3d").to_string(), "_3d");
    }

    #[test]
    fn type_names_are_upper_camel() {
        assert_eq!(type_name("Bucket"), "Bucket");
        assert_eq!(type_name("bucketName"), "BucketName");
        assert_eq!(type_name("Instance-Type"), "InstanceType");
        assert_eq!(camel_from_snake("wait_until_exists"), "WaitUntilExists");
    }
}
