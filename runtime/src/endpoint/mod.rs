//! Endpoint resolution with the endpoints 2.0 rules engine, as botocore does it.
//!
//! A service's `endpoint-rule-set-1.json` declares parameters (`Region`, `UseFIPS`,
//! `Bucket`, …) and rules that turn them into an [`Endpoint`]: a URL, headers, and
//! properties such as the signing scheme. [`EndpointResolver`] parses a rule set once and
//! resolves any number of [`EndpointParams`]; [`endpoint_params`] computes those parameters
//! for an operation call from the model, the input, client context and [`BuiltIns`].
//!
//! ```
//! # use rboto_runtime::endpoint::{EndpointParams, EndpointResolver};
//! # use serde_json::json;
//! let rules = json!({
//!     "version": "1.0",
//!     "parameters": {"Region": {"type": "string", "builtIn": "AWS::Region", "required": true}},
//!     "rules": [{
//!         "type": "endpoint",
//!         "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
//!         "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}"}
//!     }]
//! });
//! let resolver = EndpointResolver::new(&rules)?;
//! let endpoint = resolver.resolve(&EndpointParams::new().with("Region", "cn-north-1"))?;
//! assert_eq!(endpoint.url, "https://svc.cn-north-1.amazonaws.com.cn");
//! # Ok::<(), rboto_runtime::Error>(())
//! ```

mod builtins;
mod context;
mod eval;
mod params;
mod partitions;
mod ruleset;
mod stdlib;
mod template;
mod url;

use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::{Map, Value};

pub use builtins::{BuiltIns, BUILT_IN_NAMES};
pub use context::endpoint_params;
pub use params::{EndpointParams, ParamValue};
pub use ruleset::{ParamType, Parameter};

use crate::error::Error;
use crate::model::ServiceModel;
use ruleset::RuleSet;

/// A parsed endpoint rule set, ready to resolve endpoints. Parse once per service and
/// reuse (clones share the parsed rules); resolving does not allocate beyond the result and
/// the variables rules assign.
#[derive(Debug, Clone)]
pub struct EndpointResolver {
    rule_set: Arc<RuleSet>,
}

impl EndpointResolver {
    /// Parses an `endpoint-rule-set-1.json` document. Unknown functions, wrong argument
    /// counts and malformed rules are reported here rather than during resolution.
    pub fn new(rule_set: &Value) -> Result<Self, Error> {
        Self::parsed(RuleSet::parse(rule_set))
    }

    /// Parses an `endpoint-rule-set-1.json` document from its text: the same checks as
    /// [`new`](Self::new), without building a JSON tree of the document first.
    pub fn from_text(rule_set: &str) -> Result<Self, Error> {
        Self::parsed(RuleSet::parse_text(rule_set))
    }

    fn parsed(rule_set: Result<RuleSet, String>) -> Result<Self, Error> {
        let rule_set = rule_set.map_err(|e| Error::model(format!("endpoint rule set: {e}")))?;
        Ok(EndpointResolver {
            rule_set: Arc::new(rule_set),
        })
    }

    /// The resolver of a service model's rule set (parsed once per model, then shared);
    /// fails when the model has none.
    pub fn for_service(model: &ServiceModel) -> Result<Self, Error> {
        model
            .endpoint_resolver()
            .ok_or_else(|| Error::model(format!("{} has no endpoint rule set", model.name())))?
    }

    /// The parameters the rule set declares, in declaration order.
    pub fn parameters(&self) -> impl Iterator<Item = (&str, &Parameter)> {
        self.rule_set
            .parameters
            .iter()
            .map(|(name, p)| (name.as_str(), p))
    }

    /// Resolves the endpoint for `params`.
    ///
    /// Missing parameters take their defaults; a missing required parameter, a value of
    /// the wrong type, an `error` rule that applies (its message is the error's), or no
    /// rule applying at all give an endpoint error ([`Error::is_endpoint`]).
    pub fn resolve(&self, params: &EndpointParams) -> Result<Endpoint, Error> {
        let mut values: IndexMap<String, Value> = IndexMap::new();
        for (name, spec) in &self.rule_set.parameters {
            match params.get(name) {
                Some(value) if !spec.kind.accepts(value) => {
                    return Err(Error::endpoint(format!(
                        "value of endpoint parameter {name} has the wrong type, expected {:?}",
                        spec.kind
                    )));
                }
                Some(value) => {
                    values.insert(name.clone(), value.to_json());
                }
                None => match &spec.default {
                    Some(default) => {
                        values.insert(name.clone(), default.to_json());
                    }
                    None if spec.required => {
                        return Err(Error::endpoint(format!(
                            "Cannot find value for required parameter {name}"
                        )));
                    }
                    None => {}
                },
            }
        }
        for (name, value) in params.iter() {
            if !values.contains_key(name) {
                values.insert(name.to_owned(), value.to_json());
            }
        }
        let mut scope = eval::Scope::new(&values);
        eval::evaluate(&self.rule_set.rules, &mut scope)?.ok_or_else(|| {
            let listed: Vec<String> = values.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            Error::endpoint(format!(
                "No endpoint found for parameters:\n{}",
                listed.join("\n")
            ))
        })
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Endpoint {
    /// The URL requests go to (scheme, host, optional port and base path).
    pub url: String,
    /// Headers to add to requests, each with its values in order.
    pub headers: IndexMap<String, Vec<String>>,
    /// Properties such as `authSchemes` and `backend`.
    pub properties: Map<String, Value>,
}

impl Endpoint {
    /// The `authSchemes` property, in the rule set's order of preference.
    pub fn auth_schemes(&self) -> Vec<AuthScheme> {
        self.properties
            .get("authSchemes")
            .and_then(Value::as_array)
            .map(|schemes| schemes.iter().filter_map(AuthScheme::from_json).collect())
            .unwrap_or_default()
    }

    /// The first auth scheme whose name is in `supported` (e.g. `["sigv4"]`), or the first
    /// one at all when `supported` is empty.
    pub fn auth_scheme(&self, supported: &[&str]) -> Option<AuthScheme> {
        self.auth_schemes()
            .into_iter()
            .find(|s| supported.is_empty() || supported.contains(&s.name.as_str()))
    }
}

/// One entry of an endpoint's `authSchemes`: how to sign requests to it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthScheme {
    /// Scheme name: `sigv4`, `sigv4a`, `sigv4-s3express`, …
    pub name: String,
    /// Service name to sign for (`s3`, `s3-outposts`, …).
    pub signing_name: Option<String>,
    /// Region to sign for (SigV4).
    pub signing_region: Option<String>,
    /// Regions to sign for (SigV4a), e.g. `["*"]`.
    pub signing_region_set: Vec<String>,
    /// Do not percent-encode the path a second time when signing (S3).
    pub disable_double_encoding: Option<bool>,
}

impl AuthScheme {
    fn from_json(value: &Value) -> Option<Self> {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        Some(AuthScheme {
            name: text("name")?,
            signing_name: text("signingName"),
            signing_region: text("signingRegion"),
            signing_region_set: value
                .get("signingRegionSet")
                .and_then(Value::as_array)
                .map(|set| {
                    set.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            disable_double_encoding: value.get("disableDoubleEncoding").and_then(Value::as_bool),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolver() -> EndpointResolver {
        EndpointResolver::new(&json!({
            "version": "1.0",
            "parameters": {
                "Region": {"type": "string", "required": true},
                "Fips": {"type": "boolean", "default": false, "required": true},
                "Names": {"type": "stringArray"}
            },
            "rules": [
                {"type": "tree",
                 "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Fips"}, true]}],
                 "rules": [
                    {"type": "error",
                     "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "bad"]}],
                     "error": "FIPS not in {Region}"},
                    {"type": "endpoint", "conditions": [],
                     "endpoint": {"url": "https://fips.{Region}.example",
                                  "properties": {"authSchemes": [{"name": "sigv4",
                                      "signingName": "svc", "signingRegion": "{Region}"}]},
                                  "headers": {"x-a": ["{Region}", "b"]}}}
                 ]},
                {"type": "endpoint",
                 "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Names"}]},
                    {"fn": "getAttr", "argv": [{"ref": "Names"}, "[0]"], "assign": "first"}],
                 "endpoint": {"url": "https://{first}.example"}},
                {"type": "endpoint", "conditions": [],
                 "endpoint": {"url": "https://{Region}.example"}}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn defaults_apply_and_trees_nest() {
        let r = resolver();
        let plain = r
            .resolve(&EndpointParams::new().with("Region", "r1"))
            .unwrap();
        assert_eq!(plain.url, "https://r1.example");
        let fips = r
            .resolve(
                &EndpointParams::new()
                    .with("Region", "r1")
                    .with("Fips", true),
            )
            .unwrap();
        assert_eq!(fips.url, "https://fips.r1.example");
        assert_eq!(fips.headers["x-a"], ["r1", "b"]);
        let scheme = fips.auth_scheme(&["sigv4"]).unwrap();
        assert_eq!(scheme.signing_name.as_deref(), Some("svc"));
        assert_eq!(scheme.signing_region.as_deref(), Some("r1"));
    }

    #[test]
    fn error_rules_and_missing_parameters_fail() {
        let r = resolver();
        let err = r
            .resolve(
                &EndpointParams::new()
                    .with("Region", "bad")
                    .with("Fips", true),
            )
            .unwrap_err();
        assert!(err.is_endpoint());
        assert_eq!(err.to_string(), "endpoint error: FIPS not in bad");
        let missing = r.resolve(&EndpointParams::new()).unwrap_err();
        assert!(missing.to_string().contains("required parameter Region"));
        let wrong = r
            .resolve(&EndpointParams::new().with("Region", true))
            .unwrap_err();
        assert!(wrong.to_string().contains("wrong type"));
    }

    #[test]
    fn assignments_reach_templates() {
        let r = resolver();
        let params = EndpointParams::new()
            .with("Region", "r1")
            .with("Names", vec!["alpha".to_string(), "beta".to_string()]);
        assert_eq!(r.resolve(&params).unwrap().url, "https://alpha.example");
    }

    #[test]
    fn assignments_do_not_leak_between_rules() {
        let r = EndpointResolver::new(&json!({
            "parameters": {"P": {"type": "string"}},
            "rules": [
                {"type": "endpoint",
                 "conditions": [
                    {"fn": "uriEncode", "argv": ["x"], "assign": "v"},
                    {"fn": "isSet", "argv": [{"ref": "P"}]}],
                 "endpoint": {"url": "https://first"}},
                {"type": "endpoint",
                 "conditions": [{"fn": "uriEncode", "argv": ["y"], "assign": "v"}],
                 "endpoint": {"url": "https://{v}"}}
            ]
        }))
        .unwrap();
        assert_eq!(r.resolve(&EndpointParams::new()).unwrap().url, "https://y");
    }

    #[test]
    fn resolvers_and_endpoints_cross_threads() {
        fn shareable<T: Send + Sync + 'static>() {}
        shareable::<EndpointResolver>();
        shareable::<Endpoint>();
        shareable::<EndpointParams>();
        shareable::<BuiltIns>();
    }

    #[test]
    fn auth_schemes_read_sigv4a_region_sets() {
        let endpoint = Endpoint {
            url: "https://x".into(),
            headers: IndexMap::new(),
            properties: json!({"authSchemes": [
                {"name": "sigv4a", "signingName": "s3", "signingRegionSet": ["*"],
                 "disableDoubleEncoding": true},
                {"name": "sigv4", "signingName": "s3", "signingRegion": "us-east-1"}
            ]})
            .as_object()
            .unwrap()
            .clone(),
        };
        let first = endpoint.auth_scheme(&[]).unwrap();
        assert_eq!(first.name, "sigv4a");
        assert_eq!(first.signing_region_set, ["*"]);
        assert_eq!(first.disable_double_encoding, Some(true));
        let v4 = endpoint.auth_scheme(&["sigv4"]).unwrap();
        assert_eq!(v4.signing_region.as_deref(), Some("us-east-1"));
        assert!(endpoint.auth_scheme(&["bearer"]).is_none());
    }

    #[test]
    fn no_matching_rule_is_an_error() {
        let r = EndpointResolver::new(&json!({"parameters": {}, "rules": [
            {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "X"}]}],
             "endpoint": {"url": "https://x"}}]}))
        .unwrap();
        let err = r.resolve(&EndpointParams::new()).unwrap_err();
        assert!(err.to_string().contains("No endpoint found"));
    }
}
