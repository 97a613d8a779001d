//! S3 errors sent with status 200: `CopyObject`, `UploadPartCopy` and
//! `CompleteMultipartUpload` can fail after the status line went out, and then say so in the
//! body. botocore reads such a response as a 500, so the call fails (and is retried) as the
//! error it is.

/// The operations that can answer 200 with an error.
const OPERATIONS: [&str; 3] = ["CopyObject", "UploadPartCopy", "CompleteMultipartUpload"];

/// Whether a 200 response of `operation` really carries an error.
pub(super) fn is_error_in_200(operation: &str, status: u16, body: &[u8]) -> bool {
    if status != 200 || !OPERATIONS.contains(&operation) {
        return false;
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(512)]);
    let text = text.trim_start();
    let text = match text.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map_or("", |(_, after)| after)
            .trim_start(),
        None => text,
    };
    text.starts_with("<Error>") || body.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_hidden_in_200_responses_are_seen() {
        let body = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code></Error>";
        assert!(is_error_in_200("CopyObject", 200, body));
        assert!(!is_error_in_200("CopyObject", 200, b"<CopyObjectResult/>"));
        assert!(!is_error_in_200("GetObject", 200, body));
        assert!(!is_error_in_200("CopyObject", 500, body));
    }
}
