//! Names: botocore's `xform_name` (CamelCase to snake_case), Rust identifiers for those
//! names, and UpperCamel type names.

use proc_macro2::{Ident, Span};

/// Names botocore converts by table because the rules get them wrong.
const EXCEPTIONS: &[(&str, &str)] = &[
    ("CreateCachediSCSIVolume", "create_cached_iscsi_volume"),
    (
        "DescribeCachediSCSIVolumes",
        "describe_cached_iscsi_volumes",
    ),
    (
        "DescribeStorediSCSIVolumes",
        "describe_stored_iscsi_volumes",
    ),
    ("CreateStorediSCSIVolume", "create_stored_iscsi_volume"),
    (
        "ListHITsForQualificationType",
        "list_hits_for_qualification_type",
    ),
    ("ExecutePartiQLStatement", "execute_partiql_statement"),
    ("ExecutePartiQLTransaction", "execute_partiql_transaction"),
    ("ExecutePartiQLBatch", "execute_partiql_batch"),
];

/// botocore's `xform_name`: `DescribeDBInstances` → `describe_db_instances`,
/// `ListObjectsV2` → `list_objects_v2`, `GatewayARNs` → `gateway_arns`.
///
/// A name that already contains `_` is returned unchanged, as botocore does.
pub fn xform_name(name: &str) -> String {
    if name.contains('_') {
        return name.to_owned();
    }
    if let Some((_, snake)) = EXCEPTIONS.iter().find(|(camel, _)| *camel == name) {
        return (*snake).to_owned();
    }
    let name = split_plural_acronym(name);
    let s1 = split_before_capitalized_words(&name);
    split_lower_upper(&s1).to_lowercase()
}

/// `[A-Z]{2,}s$` → `_` + lowercase: an acronym made plural (`ARNs`, `ACLs`) is one word.
fn split_plural_acronym(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.last() != Some(&'s') {
        return name.to_owned();
    }
    let end = chars.len() - 1;
    let mut start = end;
    while start > 0 && chars[start - 1].is_ascii_uppercase() {
        start -= 1;
    }
    if end - start < 2 {
        return name.to_owned();
    }
    let head: String = chars[..start].iter().collect();
    let tail: String = chars[start..].iter().collect();
    format!("{head}_{}", tail.to_lowercase())
}

/// `(.)([A-Z][a-z]+)` → `\1_\2`, left to right without overlaps.
fn split_before_capitalized_words(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let word_follows = i + 2 < chars.len()
            && chars[i] != '\n'
            && chars[i + 1].is_ascii_uppercase()
            && chars[i + 2].is_ascii_lowercase();
        if word_follows {
            out.push(chars[i]);
            out.push('_');
            out.push(chars[i + 1]);
            let mut j = i + 2;
            while j < chars.len() && chars[j].is_ascii_lowercase() {
                out.push(chars[j]);
                j += 1;
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `([a-z0-9])([A-Z])` → `\1_\2`, left to right without overlaps.
fn split_lower_upper(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let boundary = i + 1 < chars.len()
            && (chars[i].is_ascii_lowercase() || chars[i].is_ascii_digit())
            && chars[i + 1].is_ascii_uppercase();
        out.push(chars[i]);
        if boundary {
            out.push('_');
            out.push(chars[i + 1]);
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

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
    fn xform_name_matches_botocore() {
        let cases = [
            ("DescribeDBInstances", "describe_db_instances"),
            ("ListObjectsV2", "list_objects_v2"),
            ("GetQueueByName", "get_queue_by_name"),
            ("CreateTags", "create_tags"),
            ("BucketName", "bucket_name"),
            ("Id", "id"),
            ("SSECustomerAlgorithm", "sse_customer_algorithm"),
            ("GatewayARNs", "gateway_arns"),
            ("ListWebACLs", "list_web_acls"),
            ("SomeCNAMEs", "some_cnames"),
            ("MFADelete", "mfa_delete"),
            ("WaitUntilExists", "wait_until_exists"),
            ("VpcPeeringConnection", "vpc_peering_connection"),
            ("Ipv6CidrBlock", "ipv6_cidr_block"),
            ("HTTPStatusCode", "http_status_code"),
            ("already_snake", "already_snake"),
            ("ExecutePartiQLStatement", "execute_partiql_statement"),
            ("accountId", "account_id"),
            ("ETag", "e_tag"),
            ("ARNs", "_arns"),
            ("CreateDBSnapshot", "create_db_snapshot"),
            ("DBs", "_dbs"),
        ];
        for (camel, snake) in cases {
            assert_eq!(xform_name(camel), snake, "{camel}");
        }
    }

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
