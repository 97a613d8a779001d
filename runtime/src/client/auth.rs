//! Which authentication scheme signs a request, chosen as botocore chooses it.
//!
//! The operation's `auth` list names the schemes it accepts, best first; without one, its
//! legacy `authtype` (`none`, `v4-unsigned-body`) decides, and without that the service's
//! `auth` list, else its `signatureVersion`. The `auth_scheme_preference` setting moves the
//! schemes it names to the front of the list the model gives. When the endpoint rules
//! answer with `authSchemes`, those decide how a signed request is signed (the same
//! preference reorders them) and supply the signing name, region or region set and whether
//! the path is encoded once. An operation that takes no authentication stays unsigned.
//!
//! Everything but the endpoint's answer is fixed per client and operation: the service's
//! choice is made when the client is built, and an operation with its own `auth` or
//! `authtype` is resolved from static strings without allocating.

use crate::endpoint::AuthScheme as EndpointScheme;
use crate::error::Error;
use crate::model::{Operation, ServiceModel};
use crate::session::Config;

/// How a request is authenticated. One variant per signer the pipeline has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// Sent without authentication (`smithy.api#noAuth`, `authtype: none`).
    NoAuth,
    /// AWS Signature Version 4 (`aws.auth#sigv4`, endpoint `sigv4`).
    SigV4,
    /// AWS Signature Version 4a, ECDSA over a region set (`aws.auth#sigv4a`, endpoint
    /// `sigv4a`).
    SigV4a,
    /// `Authorization: Bearer <token>` (`smithy.api#httpBearerAuth`, `signatureVersion`
    /// `bearer`).
    Bearer,
    /// SigV4 with the credentials of an S3 Express session for the bucket (endpoint
    /// `sigv4-s3express`); the S3 customization that creates sessions supplies them, and
    /// the session token travels in `x-amz-s3session-token`.
    SigV4S3Express,
}

/// The longest list of schemes a model or a preference can name (one of each).
const MAX_SCHEMES: usize = 5;

impl Scheme {
    /// Whether this build can sign with the scheme: SigV4a needs the `sigv4a` feature.
    pub(crate) const fn compiled(self) -> bool {
        !matches!(self, Scheme::SigV4a) || cfg!(feature = "sigv4a")
    }

    /// A scheme of a model's `auth` list (`aws.auth#sigv4`, …), by its shape id.
    fn from_trait(id: &str) -> Option<Scheme> {
        match id {
            "smithy.api#noAuth" => Some(Scheme::NoAuth),
            "aws.auth#sigv4" => Some(Scheme::SigV4),
            "aws.auth#sigv4a" => Some(Scheme::SigV4a),
            "smithy.api#httpBearerAuth" => Some(Scheme::Bearer),
            _ => None,
        }
    }

    /// A scheme as `auth_scheme_preference` names it: the shape id without its namespace.
    fn from_preference(name: &str) -> Option<Scheme> {
        match name {
            "noAuth" => Some(Scheme::NoAuth),
            "sigv4" => Some(Scheme::SigV4),
            "sigv4a" => Some(Scheme::SigV4a),
            "httpBearerAuth" => Some(Scheme::Bearer),
            _ => None,
        }
    }

    /// A scheme of an endpoint's `authSchemes` (`sigv4`, `sigv4a`, `sigv4-s3express`);
    /// `None` for those this pipeline cannot sign with.
    fn from_endpoint(name: &str) -> Option<Scheme> {
        match name.rsplit('#').next().unwrap_or(name) {
            "sigv4" => Some(Scheme::SigV4),
            "sigv4a" => Some(Scheme::SigV4a),
            "sigv4-s3express" => Some(Scheme::SigV4S3Express),
            _ => None,
        }
    }

    /// A service's `signatureVersion`. The legacy HMAC signers (`v2`, `s3`) are served by
    /// SigV4, which every service that lists them also accepts.
    fn from_signature_version(version: &str) -> Option<Scheme> {
        match version {
            "v4" | "s3v4" | "s3" | "v2" | "v3" | "v3https" => Some(Scheme::SigV4),
            "v4a" | "s3v4a" => Some(Scheme::SigV4a),
            "bearer" => Some(Scheme::Bearer),
            _ => None,
        }
    }
}

/// Schemes in the order they are tried, without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct SchemeList {
    schemes: [Option<Scheme>; MAX_SCHEMES],
}

impl SchemeList {
    fn push(&mut self, scheme: Scheme) {
        if self.contains(scheme) {
            return;
        }
        if let Some(slot) = self.schemes.iter_mut().find(|s| s.is_none()) {
            *slot = Some(scheme);
        }
    }

    fn contains(&self, scheme: Scheme) -> bool {
        self.schemes.contains(&Some(scheme))
    }

    fn iter(&self) -> impl Iterator<Item = Scheme> + '_ {
        self.schemes.iter().map_while(|s| *s)
    }

    fn is_empty(&self) -> bool {
        self.schemes[0].is_none()
    }

    /// Parses `auth_scheme_preference` (`sigv4a, sigv4`): names botocore does not know are
    /// left out, as botocore ignores them.
    pub(crate) fn preference(text: &str) -> SchemeList {
        let mut list = SchemeList::default();
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match Scheme::from_preference(name) {
                Some(scheme) => list.push(scheme),
                None => tracing::debug!(scheme = name, "unknown scheme in auth_scheme_preference"),
            }
        }
        list
    }

    /// The first scheme of `offered` after those of `self` (the preference) that `offered`
    /// also holds.
    /// Schemes this build cannot sign with come last, so that without the `sigv4a` feature
    /// an operation that also takes SigV4 gets SigV4.
    fn first_preferred(&self, offered: &SchemeList) -> Option<Scheme> {
        self.first_preferred_of(offered, Scheme::compiled)
    }

    /// [`Self::first_preferred`], with `signable` saying which schemes this build signs with.
    fn first_preferred_of(
        &self,
        offered: &SchemeList,
        signable: fn(Scheme) -> bool,
    ) -> Option<Scheme> {
        let pick = |signable: fn(Scheme) -> bool| {
            self.iter()
                .find(|s| offered.contains(*s) && signable(*s))
                .or_else(|| offered.iter().find(|s| signable(*s)))
        };
        pick(signable).or_else(|| pick(|_| true))
    }
}

/// What the model and the configuration say about authenticating one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OperationAuth {
    /// The scheme, before the endpoint has its say.
    pub scheme: Scheme,
    /// The payload is left out of a SigV4 signature (`authtype: v4-unsigned-body`).
    pub unsigned_payload: bool,
}

/// A client's authentication settings, fixed when it is built.
#[derive(Debug, Clone)]
pub(crate) struct AuthSetup {
    preference: SchemeList,
    /// The service's own choice, for operations that name none.
    service: Result<Scheme, String>,
    /// `sigv4a_signing_region_set`, which wins over the endpoint's region set.
    region_set: Option<String>,
}

impl AuthSetup {
    /// Resolves the service's scheme under `config`'s preference.
    pub(crate) fn new(model: &ServiceModel, config: &Config) -> AuthSetup {
        let preference = config
            .auth_scheme_preference
            .as_deref()
            .map(SchemeList::preference)
            .unwrap_or_default();
        let metadata = model.metadata();
        let service = if metadata.auth.is_empty() {
            match metadata.signature_version.as_deref() {
                None => Ok(Scheme::SigV4),
                Some(version) => Scheme::from_signature_version(version)
                    .ok_or_else(|| format!("unknown signature version {version:?}")),
            }
        } else {
            schemes_of(&metadata.auth).map(|offered| {
                preference
                    .first_preferred(&offered)
                    .unwrap_or(Scheme::SigV4)
            })
        };
        AuthSetup {
            preference,
            service,
            region_set: config.sigv4a_signing_region_set.clone(),
        }
    }

    /// How `operation` is authenticated, before the endpoint is known.
    pub(crate) fn for_operation(&self, operation: &Operation) -> Result<OperationAuth, Error> {
        let plain = |scheme| OperationAuth {
            scheme,
            unsigned_payload: false,
        };
        if !operation.auth.is_empty() {
            let offered = schemes_of(&operation.auth).map_err(|e| unknown(operation, &e))?;
            let scheme = self
                .preference
                .first_preferred(&offered)
                .unwrap_or(Scheme::SigV4);
            return Ok(plain(scheme));
        }
        match operation.authtype.as_deref() {
            Some("none") => return Ok(plain(Scheme::NoAuth)),
            Some("v4-unsigned-body") => {
                return Ok(OperationAuth {
                    scheme: Scheme::SigV4,
                    unsigned_payload: true,
                })
            }
            Some(version) => {
                if let Some(scheme) = Scheme::from_signature_version(version) {
                    return Ok(plain(scheme));
                }
            }
            None => {}
        }
        self.service
            .clone()
            .map(plain)
            .map_err(|e| unknown(operation, &e))
    }

    /// The endpoint's choice among its `authSchemes`, in the preference's order: the first
    /// this pipeline can sign with. `Ok(None)` when it lists none; an error naming them when
    /// none can be used.
    pub(crate) fn endpoint_choice<'a>(
        &self,
        offered: &'a [EndpointScheme],
    ) -> Result<Option<(Scheme, &'a EndpointScheme)>, Error> {
        if offered.is_empty() {
            return Ok(None);
        }
        let usable = || {
            offered
                .iter()
                .filter_map(|s| Scheme::from_endpoint(&s.name).map(|kind| (kind, s)))
                .filter(|(kind, _)| kind.compiled())
        };
        let preferred = self
            .preference
            .iter()
            .find_map(|want| usable().find(|(kind, _)| *kind == want));
        match preferred.or_else(|| usable().next()) {
            Some(choice) => Ok(Some(choice)),
            None if offered.iter().any(|s| s.name == "sigv4a") => Err(Error::endpoint(
                "the endpoint asks for SigV4a, which this build of rboto leaves out: enable \
                 the `sigv4a` feature of rboto"
                    .to_string(),
            )),
            None => {
                let names: Vec<&str> = offered.iter().map(|s| s.name.as_str()).collect();
                Err(Error::endpoint(format!(
                    "the endpoint asks for the auth scheme(s) {}, none of which rboto can sign with",
                    names.join(", ")
                )))
            }
        }
    }

    /// The region set a SigV4a signature covers: `sigv4a_signing_region_set`, else the
    /// endpoint's, else every region (`*`).
    pub(crate) fn region_set<'a>(&'a self, from_endpoint: Option<&'a str>) -> &'a str {
        self.region_set
            .as_deref()
            .filter(|s| !s.is_empty())
            .or(from_endpoint.filter(|s| !s.is_empty()))
            .unwrap_or("*")
    }
}

/// The schemes a model's `auth` list names, in its order; an error names an unknown one.
fn schemes_of(ids: &[String]) -> Result<SchemeList, String> {
    let mut list = SchemeList::default();
    for id in ids {
        let scheme = Scheme::from_trait(id).ok_or_else(|| format!("unknown auth scheme {id:?}"))?;
        list.push(scheme);
    }
    if list.is_empty() {
        list.push(Scheme::SigV4);
    }
    Ok(list)
}

fn unknown(operation: &Operation, problem: &str) -> Error {
    Error::model(format!("cannot authenticate {}: {problem}", operation.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn model(metadata: serde_json::Value, operation: serde_json::Value) -> ServiceModel {
        let mut meta = json!({
            "apiVersion": "2020-01-01", "endpointPrefix": "svc", "protocol": "json",
            "jsonVersion": "1.1", "serviceId": "Svc", "targetPrefix": "Svc",
            "signatureVersion": "v4", "uid": "svc-2020-01-01"
        });
        meta.as_object_mut()
            .unwrap()
            .extend(metadata.as_object().unwrap().clone());
        let mut op = json!({"name": "Op", "http": {"method": "POST", "requestUri": "/"}});
        op.as_object_mut()
            .unwrap()
            .extend(operation.as_object().unwrap().clone());
        let definition =
            json!({"version": "2.0", "metadata": meta, "operations": {"Op": op}, "shapes": {}});
        ServiceModel::from_definition("svc", serde_json::from_value(definition).unwrap())
    }

    fn choose(
        metadata: serde_json::Value,
        operation: serde_json::Value,
        preference: Option<&str>,
    ) -> OperationAuth {
        let model = model(metadata, operation);
        let mut config = Config::builder();
        if let Some(p) = preference {
            config = config.auth_scheme_preference(p);
        }
        let setup = AuthSetup::new(&model, &config.build());
        setup.for_operation(model.operation("Op").unwrap()).unwrap()
    }

    #[test]
    fn the_operation_list_wins_then_authtype_then_the_service() {
        let v4a_first = json!({"auth": ["aws.auth#sigv4a", "aws.auth#sigv4"]});
        assert_eq!(
            choose(v4a_first.clone(), json!({}), None).scheme,
            Scheme::SigV4a
        );
        let no_auth = json!({"auth": ["smithy.api#noAuth"], "authtype": "none"});
        assert_eq!(choose(v4a_first, no_auth, None).scheme, Scheme::NoAuth);
        let unsigned_body = choose(json!({}), json!({"authtype": "v4-unsigned-body"}), None);
        assert_eq!(unsigned_body.scheme, Scheme::SigV4);
        assert!(unsigned_body.unsigned_payload);
        let bearer = json!({"signatureVersion": "bearer"});
        assert_eq!(choose(bearer, json!({}), None).scheme, Scheme::Bearer);
        assert_eq!(choose(json!({}), json!({}), None).scheme, Scheme::SigV4);
    }

    #[test]
    fn the_preference_reorders_what_the_model_offers() {
        let both = json!({"auth": ["aws.auth#sigv4", "smithy.api#httpBearerAuth"]});
        assert_eq!(choose(both.clone(), json!({}), None).scheme, Scheme::SigV4);
        let bearer_first = choose(both.clone(), json!({}), Some("httpBearerAuth, sigv4"));
        assert_eq!(bearer_first.scheme, Scheme::Bearer);
        // A preferred scheme the service does not offer is passed over; unknown names too.
        let elsewhere = choose(both, json!({}), Some("sigv4a,madeUp"));
        assert_eq!(elsewhere.scheme, Scheme::SigV4);
        let op = json!({"auth": ["aws.auth#sigv4a", "aws.auth#sigv4"]});
        assert_eq!(
            choose(json!({}), op.clone(), Some("sigv4")).scheme,
            Scheme::SigV4
        );
        assert_eq!(choose(json!({}), op, None).scheme, Scheme::SigV4a);
    }

    #[test]
    fn a_build_without_sigv4a_takes_the_next_scheme_the_operation_offers() {
        let without_sigv4a: fn(Scheme) -> bool = |s| s != Scheme::SigV4a;
        let mut both = SchemeList::default();
        both.push(Scheme::SigV4a);
        both.push(Scheme::SigV4);
        let none = SchemeList::default();
        assert_eq!(
            none.first_preferred_of(&both, without_sigv4a),
            Some(Scheme::SigV4)
        );
        let asked = SchemeList::preference("sigv4a");
        assert_eq!(
            asked.first_preferred_of(&both, without_sigv4a),
            Some(Scheme::SigV4)
        );
        assert_eq!(
            asked.first_preferred_of(&both, |_| true),
            Some(Scheme::SigV4a)
        );
        let mut only = SchemeList::default();
        only.push(Scheme::SigV4a);
        assert_eq!(
            none.first_preferred_of(&only, without_sigv4a),
            Some(Scheme::SigV4a),
            "what only SigV4a can sign is left to the signer, which names the feature"
        );
    }

    #[test]
    fn unknown_model_schemes_are_errors_naming_them() {
        let model = model(json!({}), json!({"auth": ["example.auth#magic"]}));
        let setup = AuthSetup::new(&model, &Config::default());
        let err = setup
            .for_operation(model.operation("Op").unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("example.auth#magic"), "{err}");
    }

    #[test]
    fn endpoint_schemes_follow_the_preference_and_skip_what_cannot_sign() {
        let scheme = |name: &str| EndpointScheme {
            name: name.to_string(),
            signing_name: Some("s3".into()),
            signing_region: None,
            signing_region_set: Vec::new(),
            disable_double_encoding: None,
        };
        let model = model(json!({}), json!({}));
        let plain = AuthSetup::new(&model, &Config::default());
        let offered = [scheme("example-signer"), scheme("sigv4a"), scheme("sigv4")];
        let (kind, _) = plain.endpoint_choice(&offered).unwrap().unwrap();
        assert_eq!(kind, Scheme::SigV4a);
        let express = [scheme("sigv4-s3express"), scheme("sigv4")];
        let (kind, _) = plain.endpoint_choice(&express).unwrap().unwrap();
        assert_eq!(kind, Scheme::SigV4S3Express);
        let config = Config::builder().auth_scheme_preference("sigv4").build();
        let preferring = AuthSetup::new(&model, &config);
        let (kind, _) = preferring.endpoint_choice(&offered).unwrap().unwrap();
        assert_eq!(kind, Scheme::SigV4);
        assert_eq!(plain.endpoint_choice(&[]).unwrap(), None);
        let err = plain
            .endpoint_choice(&[scheme("example-signer")])
            .unwrap_err();
        assert!(err.to_string().contains("example-signer"), "{err}");
    }

    #[test]
    fn the_configured_region_set_wins_over_the_endpoint() {
        let model = model(json!({}), json!({}));
        let plain = AuthSetup::new(&model, &Config::default());
        assert_eq!(plain.region_set(None), "*");
        assert_eq!(plain.region_set(Some("us-west-2")), "us-west-2");
        let config = Config::builder()
            .sigv4a_signing_region_set("us-east-1,eu-west-1")
            .build();
        let set = AuthSetup::new(&model, &config);
        assert_eq!(set.region_set(Some("*")), "us-east-1,eu-west-1");
    }
}
