//! Percent-encoding as AWS signs and expects it: RFC 3986's unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`) stay as they are, every other byte of the UTF-8 text is escaped.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters a URI label or query component keeps unescaped: RFC 3986's unreserved set.
pub(super) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A greedy label (`{Key+}`) also keeps its slashes.
pub(super) const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Percent-encodes a URI label or query component, keeping only unreserved characters.
pub(super) fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}
