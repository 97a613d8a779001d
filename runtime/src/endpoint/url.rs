//! `parseURL`: splits a custom endpoint URL into scheme, authority and path, the way
//! botocore does (Python's `urlparse` rules), and says whether its host is an IP address.

use std::net::Ipv6Addr;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};

/// Characters a path keeps as they are: unreserved ones and `/`.
const PATH_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The pieces of a URL as Python's `urlparse` splits them.
struct Split<'a> {
    scheme: String,
    netloc: &'a str,
    path: &'a str,
    query: &'a str,
}

fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
}

fn split(url: &str) -> Option<Split<'_>> {
    let mut scheme = String::new();
    let mut rest = url;
    if let Some(colon) = url.find(':') {
        let candidate = &url[..colon];
        if candidate.starts_with(|c: char| c.is_ascii_alphabetic())
            && candidate.chars().all(is_scheme_char)
        {
            scheme = candidate.to_ascii_lowercase();
            rest = &url[colon + 1..];
        }
    }
    let mut netloc = "";
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        netloc = &after[..end];
        rest = &after[end..];
        if netloc.contains('[') != netloc.contains(']') {
            return None;
        }
    }
    if let Some(hash) = rest.find('#') {
        rest = &rest[..hash];
    }
    let mut query = "";
    if let Some(q) = rest.find('?') {
        query = &rest[q + 1..];
        rest = &rest[..q];
    }
    // `urlparse` moves `;params` of the last path segment out of the path.
    let last_segment = rest.rfind('/').map_or(0, |slash| slash);
    let path = match rest[last_segment..].find(';') {
        Some(semi) => &rest[..last_segment + semi],
        None => rest,
    };
    Some(Split {
        scheme,
        netloc,
        path,
        query,
    })
}

/// Host and port of a `netloc` (`user@host:port`, `[v6]:port`).
fn host_and_port(netloc: &str) -> (&str, &str) {
    let hostinfo = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    if let Some(rest) = hostinfo.strip_prefix('[') {
        match rest.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':').unwrap_or("")),
            None => (rest, ""),
        }
    } else {
        match hostinfo.split_once(':') {
            Some((host, port)) => (host, port),
            None => (hostinfo, ""),
        }
    }
}

fn port_is_valid(port: &str) -> bool {
    port.is_empty()
        || (port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| p <= 65535))
}

/// `n.n.n.n` with one to three digits per part (as botocore checks it).
pub(crate) fn looks_like_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// An IPv6 address, optionally with a `%zone` (or `%25zone`) suffix.
fn is_ipv6_with_zone(host: &str) -> bool {
    match host.split_once('%') {
        Some((address, zone)) => {
            address.parse::<Ipv6Addr>().is_ok()
                && (is_zone_id(zone) || zone.strip_prefix("25").is_some_and(is_zone_id))
        }
        None => host.parse::<Ipv6Addr>().is_ok(),
    }
}

/// One or more unreserved characters or `%XX` escapes.
fn is_zone_id(zone: &str) -> bool {
    let bytes = zone.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let escaped = bytes.get(i + 1..i + 3);
            if !escaped.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
        } else if bytes[i].is_ascii_alphanumeric() || b"._!-~".contains(&bytes[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    !bytes.is_empty()
}

/// Parses an endpoint URL into `{scheme, authority, path, normalizedPath, isIp}`, or `null`
/// for anything but an `http`/`https` URL without a query and with a valid port.
pub(crate) fn parse_url(url: &str) -> Value {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let Some(parts) = split(&cleaned) else {
        return Value::Null;
    };
    let (host, port) = host_and_port(parts.netloc);
    if !port_is_valid(port) {
        return Value::Null;
    }
    if !matches!(parts.scheme.as_str(), "http" | "https") || !parts.query.is_empty() {
        return Value::Null;
    }
    let host = host.to_ascii_lowercase();
    let is_ip = !host.is_empty() && (looks_like_ipv4(&host) || is_ipv6_with_zone(&host));
    let mut normalized =
        utf8_percent_encode(&remove_dot_segments(parts.path), PATH_KEEP).to_string();
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    json!({
        "scheme": parts.scheme,
        "authority": parts.netloc,
        "path": parts.path,
        "normalizedPath": normalized,
        "isIp": is_ip,
    })
}

/// RFC 3986 dot-segment removal that also collapses repeated slashes; an empty path is
/// `/`.
fn remove_dot_segments(path: &str) -> String {
    if path.is_empty() {
        return "/".into();
    }
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut result = String::new();
    if path.starts_with('/') {
        result.push('/');
    }
    result.push_str(&out.join("/"));
    if path.ends_with('/') && !out.is_empty() {
        result.push('/');
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_plain_url() {
        let v = parse_url("https://example.com:8443/a/b");
        assert_eq!(
            v,
            json!({"scheme": "https", "authority": "example.com:8443", "path": "/a/b",
                   "normalizedPath": "/a/b/", "isIp": false})
        );
    }

    #[test]
    fn empty_path_normalizes_to_slash() {
        let v = parse_url("http://localhost");
        assert_eq!(v["path"], "");
        assert_eq!(v["normalizedPath"], "/");
    }

    #[test]
    fn recognises_ip_hosts() {
        assert_eq!(parse_url("http://123.123.0.1/")["isIp"], true);
        assert_eq!(parse_url("https://[::1]:8080/")["isIp"], true);
        assert_eq!(parse_url("https://[fe80::1%25en0]/")["isIp"], true);
        assert_eq!(parse_url("https://[fe80::1]/")["authority"], "[fe80::1]");
        assert_eq!(parse_url("https://1.2.3/")["isIp"], false);
    }

    #[test]
    fn rejects_other_schemes_queries_and_bad_ports() {
        assert_eq!(parse_url("abcde://nota#url"), Value::Null);
        assert_eq!(parse_url("https://example.com/?x=1"), Value::Null);
        assert_eq!(parse_url("https://example.com:port/"), Value::Null);
        assert_eq!(parse_url("https://example.com:70000/"), Value::Null);
        assert_eq!(parse_url("https://[::1/"), Value::Null);
        assert_eq!(parse_url("example.com"), Value::Null);
    }

    #[test]
    fn normalizes_and_encodes_paths() {
        let v = parse_url("https://example.com//a/./b/../c d");
        assert_eq!(v["path"], "//a/./b/../c d");
        assert_eq!(v["normalizedPath"], "/a/c%20d/");
        assert_eq!(parse_url("https://example.com/a#frag")["path"], "/a");
    }
}
