//! Choosing the endpoint of one request: its URL, extra headers and signing overrides.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use crate::error::Error;
use crate::model::{Operation, ServiceModel};
use crate::session::{AddressingStyle, Config};

/// Characters kept as they are in a path segment: RFC 3986's unreserved set.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What endpoint resolution decided for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedEndpoint {
    /// Base URL; the request path is joined onto it.
    pub url: String,
    /// Headers the endpoint requires.
    pub headers: Vec<(String, String)>,
    /// SigV4 name to sign for, when the endpoint says.
    pub signing_name: Option<String>,
    /// Region to sign for, when the endpoint says.
    pub signing_region: Option<String>,
    /// Sign the path as sent, without encoding it again (S3).
    pub disable_double_encoding: bool,
}

/// Everything endpoint resolution looks at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EndpointContext<'a> {
    pub model: &'a ServiceModel,
    pub operation: &'a Operation,
    pub params: &'a Value,
    pub region: Option<&'a str>,
    pub endpoint_url: Option<&'a str>,
    pub config: &'a Config,
}

/// Resolves the endpoint of a request.
pub(crate) fn resolve(ctx: &EndpointContext<'_>) -> Result<ResolvedEndpoint, Error> {
    let is_s3 = ctx.model.name() == "s3";
    let base = match ctx.endpoint_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => default_url(ctx)?,
    };
    let mut resolved = ResolvedEndpoint {
        url: base,
        headers: Vec::new(),
        signing_name: None,
        signing_region: None,
        disable_double_encoding: is_s3,
    };
    if is_s3 {
        if let Some(bucket) = ctx.params.get("Bucket").and_then(Value::as_str) {
            resolved.url = s3_bucket_url(&resolved.url, bucket, ctx.config.addressing_style)?;
        }
    }
    if ctx.region.is_none() {
        resolved.signing_region = Some("us-east-1".to_string());
    }
    Ok(resolved)
}

fn default_url(ctx: &EndpointContext<'_>) -> Result<String, Error> {
    let metadata = ctx.model.metadata();
    let prefix = metadata
        .endpoint_prefix
        .as_deref()
        .unwrap_or_else(|| ctx.model.name());
    let global = metadata.global_endpoint.as_deref();
    match (ctx.region, global) {
        (None, Some(host)) => Ok(format!("https://{host}")),
        (None, None) => Err(Error::endpoint(format!(
            "no region is configured for {}; set one on the session or AWS_DEFAULT_REGION",
            ctx.model.name()
        ))),
        (Some(region), _) => {
            let fips = if ctx.config.use_fips_endpoint {
                "-fips"
            } else {
                ""
            };
            let suffix = if region.starts_with("cn-") {
                "amazonaws.com.cn"
            } else {
                "amazonaws.com"
            };
            if ctx.config.use_dualstack_endpoint {
                Ok(format!("https://{prefix}{fips}.{region}.api.aws"))
            } else {
                Ok(format!("https://{prefix}{fips}.{region}.{suffix}"))
            }
        }
    }
}

/// The URL of a bucket: virtual-hosted when allowed and possible, path style otherwise.
fn s3_bucket_url(base: &str, bucket: &str, style: AddressingStyle) -> Result<String, Error> {
    let url = reqwest::Url::parse(base)
        .map_err(|e| Error::endpoint(format!("invalid endpoint URL {base:?}: {e}")))?;
    let host = url.host_str().unwrap_or_default();
    let is_ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .is_ok();
    let dns_compatible = is_virtual_hostable(bucket, url.scheme() == "https");
    let virtual_host = match style {
        AddressingStyle::Path => false,
        AddressingStyle::Virtual => true,
        AddressingStyle::Auto => dns_compatible,
    } && !is_ip;
    let encoded = percent_encoding::utf8_percent_encode(bucket, UNRESERVED).to_string();
    if virtual_host {
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        let path = url.path().trim_end_matches('/');
        Ok(format!("{}://{bucket}.{host}{port}{path}", url.scheme()))
    } else {
        Ok(format!("{}/{encoded}", base.trim_end_matches('/')))
    }
}

/// Whether a bucket name can be a host label (lower-case letters, digits, `-`, 3 to 63
/// characters; dots only over plain HTTP, where certificates do not matter).
fn is_virtual_hostable(bucket: &str, https: bool) -> bool {
    let labels_ok = bucket.split('.').all(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    (3..=63).contains(&bucket.len())
        && labels_ok
        && (!https || !bucket.contains('.'))
        && bucket.parse::<std::net::Ipv4Addr>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_buckets_go_in_the_path_of_addresses_and_in_the_host_of_names() {
        let auto = AddressingStyle::Auto;
        assert_eq!(
            s3_bucket_url("http://127.0.0.1:5000", "logs", auto).unwrap(),
            "http://127.0.0.1:5000/logs"
        );
        assert_eq!(
            s3_bucket_url("https://s3.us-east-1.amazonaws.com", "logs", auto).unwrap(),
            "https://logs.s3.us-east-1.amazonaws.com"
        );
        assert_eq!(
            s3_bucket_url("https://s3.us-east-1.amazonaws.com", "Logs_Old", auto).unwrap(),
            "https://s3.us-east-1.amazonaws.com/Logs_Old"
        );
        assert_eq!(
            s3_bucket_url(
                "https://s3.us-east-1.amazonaws.com",
                "logs",
                AddressingStyle::Path
            )
            .unwrap(),
            "https://s3.us-east-1.amazonaws.com/logs"
        );
        assert_eq!(
            s3_bucket_url("http://localhost:5000", "logs", auto).unwrap(),
            "http://logs.localhost:5000"
        );
    }
}
