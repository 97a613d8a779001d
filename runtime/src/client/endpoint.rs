//! Choosing the endpoint of one request with the service's endpoint rules: its URL, extra
//! headers and signing overrides.

use indexmap::IndexMap;
use serde_json::Value;

use super::auth::{AuthSetup, Scheme};
use super::endpoint_cache::EndpointCache;
use crate::customizations::{self, EndpointInputs};
use crate::endpoint::{endpoint_params, BuiltIns, EndpointResolver, ParamValue};
use crate::error::Error;
use crate::model::{Operation, ServiceModel};
use crate::session::Config;

/// What endpoint resolution decided for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedEndpoint {
    /// Base URL; the request path is joined onto it.
    pub url: String,
    /// Headers the endpoint requires.
    pub headers: Vec<(String, String)>,
    /// The scheme the endpoint's `authSchemes` chose, when it lists any.
    pub scheme: Option<Scheme>,
    /// SigV4 name to sign for, when the endpoint says.
    pub signing_name: Option<String>,
    /// Region to sign for, when the endpoint says (for SigV4a, its region set joined by
    /// commas).
    pub signing_region: Option<String>,
    /// Sign the path as sent, without encoding it again (S3).
    pub disable_double_encoding: bool,
}

/// A client's endpoint settings, fixed when the client is created: the parsed rule set,
/// the built-ins and the client context parameters; and the endpoints resolved lately.
#[derive(Debug, Clone)]
pub(crate) struct EndpointSetup {
    resolver: Option<EndpointResolver>,
    builtins: BuiltIns,
    client_context: IndexMap<String, ParamValue>,
    region: Option<String>,
    endpoint_url: Option<String>,
    cache: EndpointCache,
    auth: AuthSetup,
}

impl EndpointSetup {
    /// Parses the model's rule set and fills the built-ins from the configuration, the way
    /// botocore does: an explicit endpoint URL is `SDK::Endpoint` (and then FIPS and
    /// dual-stack are off, and S3 uses path style unless told `Virtual`); S3 in `us-east-1`
    /// uses the global endpoint (botocore's `legacy` default), STS the regional one.
    pub(super) fn new(
        model: &ServiceModel,
        region: Option<&str>,
        endpoint_url: Option<&str>,
        config: &Config,
    ) -> Result<Self, Error> {
        let resolver = model.endpoint_resolver().transpose()?;
        let custom = endpoint_url.is_some();
        let mut builtins = BuiltIns::new();
        let customization = customizations::of(model.name());
        builtins.region = region
            .map(str::to_string)
            .or_else(|| default_region(model, customization.default_region));
        builtins.use_fips = Some(config.use_fips_endpoint && !custom);
        builtins.use_dual_stack = Some(config.use_dualstack_endpoint && !custom);
        builtins.endpoint = endpoint_url.map(str::to_string);
        let inputs = EndpointInputs {
            region,
            custom_endpoint: custom,
            config,
        };
        (customization.endpoint_builtins)(&mut builtins, &inputs);
        let client_context = IndexMap::new();
        Ok(EndpointSetup {
            resolver,
            builtins,
            client_context,
            region: region.map(str::to_string),
            endpoint_url: endpoint_url.map(str::to_string),
            cache: EndpointCache::default(),
            auth: AuthSetup::new(model, config),
        })
    }

    /// The client's authentication settings.
    pub(super) fn auth(&self) -> &AuthSetup {
        &self.auth
    }

    /// Resolves the endpoint of calling `operation` with `params`, in `region` when given
    /// instead of the client's (an S3 bucket known to live elsewhere).
    pub(super) fn resolve(
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
        if let Some(endpoint) = self.cache.get(&endpoint_params) {
            return Ok(endpoint);
        }
        let endpoint = resolver.resolve(&endpoint_params)?;
        let schemes = endpoint.auth_schemes();
        let choice = self.auth.endpoint_choice(&schemes)?;
        let signing_region = choice.and_then(|(kind, s)| match kind {
            Scheme::SigV4a if !s.signing_region_set.is_empty() => {
                Some(s.signing_region_set.join(","))
            }
            _ => s.signing_region.clone(),
        });
        let scheme = choice.map(|(_, s)| s);
        let headers = endpoint
            .headers
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |v| (name.clone(), v.clone())))
            .collect();
        let resolved = ResolvedEndpoint {
            url: endpoint.url,
            headers,
            scheme: choice.map(|(kind, _)| kind),
            signing_name: scheme.and_then(|s| s.signing_name.clone()),
            signing_region,
            disable_double_encoding: scheme
                .and_then(|s| s.disable_double_encoding)
                .unwrap_or(false),
        };
        self.cache.insert(endpoint_params, resolved.clone());
        Ok(resolved)
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
            scheme: None,
            signing_name: None,
            signing_region: None,
            disable_double_encoding: false,
        })
    }
}

/// The region a client without one uses, as botocore's: the service's customization may
/// name one (S3: `us-east-1`); services with a global endpoint (IAM, STS) go to the
/// `aws-global` pseudo-region; others have none.
fn default_region(model: &ServiceModel, customized: Option<&str>) -> Option<String> {
    match customized {
        Some(region) => Some(region.to_string()),
        None => model
            .metadata()
            .global_endpoint
            .as_ref()
            .map(|_| "aws-global".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::AddressingStyle;
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

    fn resolve_in(
        region: &str,
        endpoint_url: Option<&str>,
        config: &Config,
        op: &str,
        params: Value,
    ) -> ResolvedEndpoint {
        let model = s3();
        let setup = EndpointSetup::new(&model, Some(region), endpoint_url, config).unwrap();
        setup
            .resolve(&model, model.operation(op).unwrap(), &params, None)
            .unwrap()
    }

    fn get(region: &str, endpoint_url: Option<&str>, config: &Config) -> String {
        let params = json!({"Bucket": "logs", "Key": "k"});
        resolve_in(region, endpoint_url, config, "GetObject", params).url
    }

    #[test]
    fn an_explicit_endpoint_means_path_style_unless_virtual_is_asked() {
        let default = Config::default();
        let virtual_ = Config::builder()
            .addressing_style(AddressingStyle::Virtual)
            .build();
        let local = Some("http://localhost:5000");
        assert_eq!(
            get("us-east-1", local, &default),
            "http://localhost:5000/logs"
        );
        assert_eq!(
            get("us-east-1", local, &virtual_),
            "http://logs.localhost:5000"
        );
        let ip = Some("http://127.0.0.1:5000");
        assert_eq!(get("eu-west-1", ip, &default), "http://127.0.0.1:5000/logs");
        let e = resolve_in("us-east-1", ip, &default, "ListBuckets", json!({}));
        assert_eq!(e.url, "http://127.0.0.1:5000");
        let e = resolve_in(
            "us-east-1",
            ip,
            &default,
            "GetObject",
            json!({"Bucket": "b", "Key": "k"}),
        );
        assert_eq!(e.signing_name.as_deref(), Some("s3"));
        assert!(e.disable_double_encoding);
    }

    #[test]
    fn s3_without_an_endpoint_is_virtual_hosted_and_global_in_us_east_1() {
        let default = Config::default();
        let path = Config::builder()
            .addressing_style(AddressingStyle::Path)
            .build();
        assert_eq!(
            get("us-east-1", None, &default),
            "https://logs.s3.amazonaws.com"
        );
        assert_eq!(
            get("us-east-1", None, &path),
            "https://s3.amazonaws.com/logs"
        );
        assert_eq!(
            get("eu-west-1", None, &default),
            "https://logs.s3.eu-west-1.amazonaws.com"
        );
        let e = resolve_in(
            "eu-west-1",
            None,
            &default,
            "GetObject",
            json!({"Bucket": "logs", "Key": "k"}),
        );
        assert_eq!(e.signing_region.as_deref(), Some("eu-west-1"));
    }

    #[test]
    fn clients_without_a_region_use_botocore_defaults() {
        let load = |svc: &str, ver: &str| {
            ServiceModel::from_dir(
                svc,
                format!(
                    "{}/../resource-models/models/{svc}/{ver}",
                    env!("CARGO_MANIFEST_DIR")
                ),
            )
            .unwrap()
        };
        let url = |model: &ServiceModel, op: &str, params: Value| {
            let setup = EndpointSetup::new(model, None, None, &Config::default()).unwrap();
            setup
                .resolve(model, model.operation(op).unwrap(), &params, None)
                .map(|e| (e.url, e.signing_region))
        };
        let iam = load("iam", "2010-05-08");
        assert_eq!(
            url(&iam, "ListUsers", json!({})).unwrap(),
            (
                "https://iam.amazonaws.com".to_string(),
                Some("us-east-1".to_string())
            )
        );
        let sts = load("sts", "2011-06-15");
        assert_eq!(
            url(&sts, "GetCallerIdentity", json!({})).unwrap().0,
            "https://sts.amazonaws.com"
        );
        let s3 = load("s3", "2006-03-01");
        assert_eq!(
            url(&s3, "ListObjectsV2", json!({"Bucket": "logs"}))
                .unwrap()
                .0,
            "https://logs.s3.amazonaws.com"
        );
        let sqs = load("sqs", "2012-11-05");
        assert!(url(&sqs, "ListQueues", json!({}))
            .unwrap_err()
            .is_endpoint());
    }
}
