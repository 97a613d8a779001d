//! Choosing the endpoint of one request with the service's endpoint rules: its URL, extra
//! headers and signing overrides.

use indexmap::IndexMap;
use serde_json::Value;

use crate::endpoint::{endpoint_params, BuiltIns, EndpointResolver, ParamValue};
use crate::error::Error;
use crate::model::{Operation, ServiceModel};
use crate::session::{AddressingStyle, Config};

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

/// A client's endpoint settings, fixed when the client is created: the parsed rule set,
/// the built-ins and the client context parameters.
#[derive(Debug, Clone)]
pub(crate) struct EndpointSetup {
    resolver: Option<EndpointResolver>,
    builtins: BuiltIns,
    client_context: IndexMap<String, ParamValue>,
    region: Option<String>,
    endpoint_url: Option<String>,
}

impl EndpointSetup {
    /// Parses the model's rule set and fills the built-ins from the configuration, the way
    /// botocore does: an explicit endpoint URL is `SDK::Endpoint`, path addressing is
    /// `AWS::S3::ForcePathStyle`.
    pub fn new(
        model: &ServiceModel,
        region: Option<&str>,
        endpoint_url: Option<&str>,
        config: &Config,
    ) -> Result<Self, Error> {
        let resolver = match model.endpoint_rule_set() {
            Some(rules) => Some(EndpointResolver::new(rules)?),
            None => None,
        };
        let is_s3 = model.name() == "s3";
        let mut builtins = BuiltIns::new();
        builtins.region = region.map(str::to_string);
        builtins.use_fips = Some(config.use_fips_endpoint);
        builtins.use_dual_stack = Some(config.use_dualstack_endpoint);
        builtins.endpoint = endpoint_url.map(str::to_string);
        if is_s3 {
            builtins.force_path_style = Some(config.addressing_style == AddressingStyle::Path);
            builtins.accelerate = Some(false);
            builtins.use_arn_region = Some(true);
        }
        let mut client_context = IndexMap::new();
        if is_s3 && config.addressing_style == AddressingStyle::Path {
            client_context.insert("ForcePathStyle".to_string(), ParamValue::Bool(true));
        }
        Ok(EndpointSetup {
            resolver,
            builtins,
            client_context,
            region: region.map(str::to_string),
            endpoint_url: endpoint_url.map(str::to_string),
        })
    }

    /// Resolves the endpoint of calling `operation` with `params`, in `region` when given
    /// instead of the client's (an S3 bucket known to live elsewhere).
    pub fn resolve(
        &self,
        model: &ServiceModel,
        operation: &Operation,
        params: &Value,
        region: Option<&str>,
    ) -> Result<ResolvedEndpoint, Error> {
        let Some(resolver) = &self.resolver else {
            return self.without_rules(model);
        };
        let moved;
        let builtins = match region {
            Some(region) => {
                let mut builtins = self.builtins.clone();
                builtins.region = Some(region.to_string());
                moved = builtins;
                &moved
            }
            None => &self.builtins,
        };
        let endpoint_params = endpoint_params(
            resolver,
            builtins,
            &self.client_context,
            model.definition(),
            operation,
            params,
        )?;
        let endpoint = resolver.resolve(&endpoint_params)?;
        let scheme = endpoint.auth_scheme(&["sigv4"]);
        let headers = endpoint
            .headers
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |v| (name.clone(), v.clone())))
            .collect();
        Ok(ResolvedEndpoint {
            url: endpoint.url,
            headers,
            signing_name: scheme.as_ref().and_then(|s| s.signing_name.clone()),
            signing_region: scheme.as_ref().and_then(|s| s.signing_region.clone()),
            disable_double_encoding: scheme
                .as_ref()
                .and_then(|s| s.disable_double_encoding)
                .unwrap_or(false),
        })
    }

    /// For a model without a rule set: the explicit endpoint, else
    /// `https://{endpointPrefix}.{region}.amazonaws.com`.
    fn without_rules(&self, model: &ServiceModel) -> Result<ResolvedEndpoint, Error> {
        let url = match (&self.endpoint_url, &self.region) {
            (Some(url), _) => url.clone(),
            (None, Some(region)) => {
                let prefix = model
                    .metadata()
                    .endpoint_prefix
                    .as_deref()
                    .unwrap_or_else(|| model.name());
                format!("https://{prefix}.{region}.amazonaws.com")
            }
            (None, None) => {
                return Err(Error::endpoint(format!(
                    "no region is configured for {}; set one on the session or AWS_DEFAULT_REGION",
                    model.name()
                )))
            }
        };
        Ok(ResolvedEndpoint {
            url,
            headers: Vec::new(),
            signing_name: None,
            signing_region: None,
            disable_double_encoding: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn s3() -> ServiceModel {
        ServiceModel::from_dir(
            "s3",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../resource-models/models/s3/2006-03-01"
            ),
        )
        .unwrap()
    }

    fn resolve(
        model: &ServiceModel,
        endpoint_url: Option<&str>,
        config: &Config,
        op: &str,
        params: Value,
    ) -> ResolvedEndpoint {
        let setup = EndpointSetup::new(model, Some("us-east-1"), endpoint_url, config).unwrap();
        setup
            .resolve(model, model.operation(op).unwrap(), &params, None)
            .unwrap()
    }

    #[test]
    fn s3_buckets_go_in_the_path_of_an_explicit_address() {
        let model = s3();
        let config = Config::default();
        let e = resolve(
            &model,
            Some("http://127.0.0.1:5000"),
            &config,
            "GetObject",
            json!({"Bucket": "logs", "Key": "k"}),
        );
        assert_eq!(e.url, "http://127.0.0.1:5000/logs");
        assert_eq!(e.signing_name.as_deref(), Some("s3"));
        assert!(e.disable_double_encoding);
        let e = resolve(
            &model,
            Some("http://127.0.0.1:5000"),
            &config,
            "ListBuckets",
            json!({}),
        );
        assert_eq!(e.url, "http://127.0.0.1:5000");
    }

    #[test]
    fn s3_addressing_follows_the_configuration() {
        let model = s3();
        let e = resolve(
            &model,
            None,
            &Config::default(),
            "GetObject",
            json!({"Bucket": "logs", "Key": "k"}),
        );
        assert_eq!(e.url, "https://logs.s3.us-east-1.amazonaws.com");
        let path = Config::builder()
            .addressing_style(AddressingStyle::Path)
            .build();
        let e = resolve(
            &model,
            None,
            &path,
            "GetObject",
            json!({"Bucket": "logs", "Key": "k"}),
        );
        assert_eq!(e.url, "https://s3.us-east-1.amazonaws.com/logs");
    }
}
