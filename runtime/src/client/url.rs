//! Joining an endpoint URL, a serialized request path and a host prefix into the request URL.

use crate::error::Error;

/// Joins `path_and_query` (as the serializer produced it) onto the endpoint's own path and
/// prepends `host_prefix` to its host, as botocore joins them: an empty or `/` request path
/// keeps the endpoint's path, and a doubled `/` at the seam is avoided. A prefix is not put
/// in front of an IP address.
pub(crate) fn join(
    endpoint: &str,
    path_and_query: &str,
    host_prefix: Option<&str>,
) -> Result<reqwest::Url, Error> {
    let base = reqwest::Url::parse(endpoint)
        .map_err(|e| Error::endpoint(format!("invalid endpoint URL {endpoint:?}: {e}")))?;
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_and_query, None),
    };
    let base_path = if base.path() == "/" { "" } else { base.path() };
    let joined_path = if path.is_empty() || path == "/" {
        if base_path.is_empty() {
            "/".to_string()
        } else {
            base_path.to_string()
        }
    } else if let Some(rest) = base_path.strip_suffix('/') {
        format!("{rest}{}", ensure_leading_slash(path))
    } else {
        format!("{base_path}{}", ensure_leading_slash(path))
    };

    let host = base
        .host_str()
        .ok_or_else(|| Error::endpoint(format!("endpoint URL {endpoint:?} has no host")))?;
    let host = match host_prefix {
        Some(prefix) if !prefix.is_empty() && !is_ip(&base) => format!("{prefix}{host}"),
        _ => host.to_string(),
    };
    let mut url = format!("{}://{host}", base.scheme());
    if let Some(port) = base.port() {
        url.push_str(&format!(":{port}"));
    }
    url.push_str(&joined_path);
    let query = [
        base.query().filter(|q| !q.is_empty()),
        query.filter(|q| !q.is_empty()),
    ];
    let query: Vec<&str> = query.into_iter().flatten().collect();
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    let parsed = reqwest::Url::parse(&url)
        .map_err(|e| Error::endpoint(format!("invalid request URL {url:?}: {e}")))?;
    if has_dot_segment(&joined_path) {
        return Err(Error::serialization(format!(
            "the request path {joined_path:?} has a '.' or '..' segment, which URLs resolve away; \
             such keys cannot be sent as they are"
        )));
    }
    Ok(parsed)
}

/// Whether a path has a `.` or `..` segment (plain or percent-encoded), which URL parsing
/// would resolve into a different path than the one signed and meant.
fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(|segment| {
        let lower = segment.to_ascii_lowercase();
        matches!(
            lower.as_str(),
            "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."
        )
    })
}

fn ensure_leading_slash(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

fn is_ip(url: &reqwest::Url) -> bool {
    url.host_str().is_some_and(|h| {
        h.trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(endpoint: &str, path: &str, prefix: Option<&str>) -> String {
        join(endpoint, path, prefix).unwrap().to_string()
    }

    #[test]
    fn joins_like_botocore() {
        assert_eq!(
            j("https://sqs.us-east-1.amazonaws.com", "/", None),
            "https://sqs.us-east-1.amazonaws.com/"
        );
        assert_eq!(
            j("http://127.0.0.1:5000/bucket", "/key/a%20b", None),
            "http://127.0.0.1:5000/bucket/key/a%20b"
        );
        assert_eq!(
            j("http://127.0.0.1:5000/bucket", "/", None),
            "http://127.0.0.1:5000/bucket"
        );
        assert_eq!(
            j("http://127.0.0.1:5000/bucket", "?list-type=2", None),
            "http://127.0.0.1:5000/bucket?list-type=2"
        );
        assert_eq!(
            j("http://127.0.0.1:5000/bucket", "/?acl", None),
            "http://127.0.0.1:5000/bucket?acl"
        );
        assert_eq!(
            j("https://b.s3.amazonaws.com/", "/k?uploads", None),
            "https://b.s3.amazonaws.com/k?uploads"
        );
        assert_eq!(
            j("https://example.com/base/", "/x", None),
            "https://example.com/base/x"
        );
    }

    #[test]
    fn dot_segments_are_refused_rather_than_resolved_away() {
        let err = join("http://127.0.0.1:5000/bucket", "/a/../b", None).unwrap_err();
        assert!(err.to_string().contains("'..'"), "{err}");
        assert!(join("http://127.0.0.1:5000/bucket", "/a/./b", None).is_err());
        assert!(join("http://127.0.0.1:5000/bucket", "/a/%2E%2E/b", None).is_err());
        assert_eq!(
            j("http://127.0.0.1:5000/bucket", "/a/..b/.c", None),
            "http://127.0.0.1:5000/bucket/a/..b/.c"
        );
    }

    #[test]
    fn host_prefix_goes_before_names_not_addresses() {
        assert_eq!(
            j("https://svc.amazonaws.com", "/", Some("123.")),
            "https://123.svc.amazonaws.com/"
        );
        assert_eq!(
            j("http://127.0.0.1:5000", "/", Some("123.")),
            "http://127.0.0.1:5000/"
        );
    }
}
