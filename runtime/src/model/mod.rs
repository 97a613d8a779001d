//! A typed view of botocore's model files, parsed once on first use.
//!
//! A [`ServiceModel`] bundles one service's definition with its paginators, waiters and
//! endpoint rule set. Models come either from JSON embedded in the binary
//! ([`ModelSource`], what `rboto-models` provides) or from a directory at run time
//! ([`ServiceModel::from_dir`]).

mod files;
mod name_hash;
mod operation;
mod paginator;
mod service;
mod shape;
mod waiter;

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use name_hash::NameHash;
pub use operation::{
    EndpointDiscovery, EndpointTrait, HttpBinding, HttpChecksum, Operation, OperationContextParam,
    RequestCompression, StaticContextParam,
};
pub use paginator::{OneOrMany, PaginatorDefinition, PaginatorsFile};
pub use service::{ClientContextParam, Metadata, ServiceDefinition};
pub use shape::{
    ContextParam, ErrorTrait, RetryableTrait, Shape, ShapeRef, ShapeType, XmlNamespace,
    XmlNamespaceField,
};
pub use waiter::{Acceptor, AcceptorState, MatcherKind, WaiterDefinition, WaitersFile};

use crate::endpoint::EndpointResolver;
use crate::error::Error;

/// The model files of one service, as embedded by `rboto-models` (plain or gzip-compressed)
/// or as read by a program at run time ([`ModelSource::owned`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ModelSource {
    /// Service name as botocore names its folder (`s3`, `ec2`, …).
    pub name: Cow<'static, str>,
    /// `service-2.json`.
    pub service: ModelText,
    /// `paginators-1.json`, when the service has one.
    pub paginators: Option<ModelText>,
    /// `waiters-2.json`, when the service has one.
    pub waiters: Option<ModelText>,
    /// `endpoint-rule-set-1.json`.
    pub endpoint_rule_set: Option<ModelText>,
}

/// The text of one model file, in the form it is kept until first parsed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ModelText {
    /// JSON text compiled into the binary.
    Static(&'static str),
    /// gzip-compressed JSON compiled into the binary, inflated when parsed.
    Gzip(&'static [u8]),
    /// JSON text read or built at run time.
    Owned(String),
}

impl ModelText {
    /// The JSON text, inflated when compressed; `file` names it in the error.
    fn text(&self, service: &str, file: &str) -> Result<Cow<'_, str>, Error> {
        match self {
            ModelText::Static(text) => Ok(Cow::Borrowed(text)),
            ModelText::Owned(text) => Ok(Cow::Borrowed(text)),
            ModelText::Gzip(bytes) => files::gunzip(bytes)
                .map(Cow::Owned)
                .map_err(|e| Error::model(format!("{service}/{file}: {e}"))),
        }
    }

    /// The text as a model keeps it: embedded text stays borrowed, the rest is owned.
    fn kept_text(&self, service: &str, file: &str) -> Result<Cow<'static, str>, Error> {
        match self {
            ModelText::Static(text) => Ok(Cow::Borrowed(text)),
            other => other
                .text(service, file)
                .map(|t| Cow::Owned(t.into_owned())),
        }
    }
}

impl ModelSource {
    /// Describes embedded model text.
    pub const fn new(
        name: &'static str,
        service: &'static str,
        paginators: Option<&'static str>,
        waiters: Option<&'static str>,
        endpoint_rule_set: Option<&'static str>,
    ) -> Self {
        ModelSource {
            name: Cow::Borrowed(name),
            service: ModelText::Static(service),
            paginators: match paginators {
                Some(text) => Some(ModelText::Static(text)),
                None => None,
            },
            waiters: match waiters {
                Some(text) => Some(ModelText::Static(text)),
                None => None,
            },
            endpoint_rule_set: match endpoint_rule_set {
                Some(text) => Some(ModelText::Static(text)),
                None => None,
            },
        }
    }

    /// Describes embedded gzip-compressed model files (what `rboto-models` embeds); they
    /// are inflated when the model is parsed.
    pub const fn gzipped(
        name: &'static str,
        service: &'static [u8],
        paginators: Option<&'static [u8]>,
        waiters: Option<&'static [u8]>,
        endpoint_rule_set: Option<&'static [u8]>,
    ) -> Self {
        ModelSource {
            name: Cow::Borrowed(name),
            service: ModelText::Gzip(service),
            paginators: match paginators {
                Some(bytes) => Some(ModelText::Gzip(bytes)),
                None => None,
            },
            waiters: match waiters {
                Some(bytes) => Some(ModelText::Gzip(bytes)),
                None => None,
            },
            endpoint_rule_set: match endpoint_rule_set {
                Some(bytes) => Some(ModelText::Gzip(bytes)),
                None => None,
            },
        }
    }

    /// Describes model text a program read or built at run time (no `'static` needed).
    pub fn owned(
        name: impl Into<String>,
        service: String,
        paginators: Option<String>,
        waiters: Option<String>,
        endpoint_rule_set: Option<String>,
    ) -> Self {
        ModelSource {
            name: Cow::Owned(name.into()),
            service: ModelText::Owned(service),
            paginators: paginators.map(ModelText::Owned),
            waiters: waiters.map(ModelText::Owned),
            endpoint_rule_set: endpoint_rule_set.map(ModelText::Owned),
        }
    }
}

/// One service's parsed models. Cheap to clone.
#[derive(Debug, Clone)]
pub struct ServiceModel {
    inner: Arc<ServiceModelInner>,
}

#[derive(Debug)]
struct ServiceModelInner {
    name: String,
    definition: ServiceDefinition,
    paginators: PaginatorsFile,
    waiters: WaitersFile,
    /// The rule set's text, parsed when a client first needs it.
    endpoint_rules: Option<Cow<'static, str>>,
    /// The rule set as a JSON tree, for [`ServiceModel::endpoint_rule_set`].
    endpoint_rule_set: OnceLock<Option<serde_json::Value>>,
    /// The parsed rule set every client of this model shares.
    endpoint_resolver: OnceLock<Result<EndpointResolver, String>>,
}

impl ServiceModel {
    /// Parses model text (inflating compressed files). The endpoint rule set is checked when
    /// a client first needs it ([`endpoint_resolver`](Self::endpoint_resolver)), which
    /// reports a malformed one.
    pub fn from_source(source: &ModelSource) -> Result<Self, Error> {
        let name = &source.name;
        let service = source.service.text(name, "service-2.json")?;
        let paginators = match &source.paginators {
            Some(text) => Some(text.text(name, "paginators-1.json")?),
            None => None,
        };
        let waiters = match &source.waiters {
            Some(text) => Some(text.text(name, "waiters-2.json")?),
            None => None,
        };
        let rules = match &source.endpoint_rule_set {
            Some(text) => Some(text.kept_text(name, "endpoint-rule-set-1.json")?),
            None => None,
        };
        Self::from_texts(
            name,
            &service,
            paginators.as_deref(),
            waiters.as_deref(),
            rules,
        )
    }

    /// Loads a service's models from botocore's data layout as installed: `dir` is either an
    /// API version folder (`data/<service>/<api-version>/`) or a service folder
    /// (`data/<service>/`, whose newest API version with a `service-2` model is used). Each
    /// file may be plain (`service-2.json`) or gzip-compressed (`service-2.json.gz`), and
    /// each is merged with its `*.sdk-extras.json` as botocore's loader does; only
    /// `service-2` is required. The endpoint rule set is checked when first needed, as with
    /// [`from_source`](Self::from_source).
    pub fn from_dir(name: &str, dir: impl AsRef<Path>) -> Result<Self, Error> {
        let dir = files::api_version_dir(dir.as_ref())?;
        let read = |stem: &str| files::read_model_file(&dir, stem);
        let service = read("service-2")?
            .ok_or_else(|| Error::model(format!("no service-2.json in {}", dir.display())))?;
        let paginators = read("paginators-1")?;
        let waiters = read("waiters-2")?;
        let rules = read("endpoint-rule-set-1")?;
        Self::from_texts(
            name,
            &service,
            paginators.as_deref(),
            waiters.as_deref(),
            rules.map(Cow::Owned),
        )
    }

    /// Builds a model from an already parsed service definition (used by tests that carry
    /// their own small models).
    pub fn from_definition(name: &str, definition: ServiceDefinition) -> Self {
        ServiceModel {
            inner: Arc::new(ServiceModelInner {
                name: name.to_string(),
                definition,
                paginators: PaginatorsFile::default(),
                waiters: WaitersFile::default(),
                endpoint_rules: None,
                endpoint_rule_set: OnceLock::new(),
                endpoint_resolver: OnceLock::new(),
            }),
        }
    }

    pub(crate) fn from_texts(
        name: &str,
        service: &str,
        paginators: Option<&str>,
        waiters: Option<&str>,
        rules: Option<Cow<'static, str>>,
    ) -> Result<Self, Error> {
        let parse_err =
            |file: &str, e: serde_json::Error| Error::model(format!("{name}/{file}: {e}"));
        let definition: ServiceDefinition =
            serde_json::from_str(service).map_err(|e| parse_err("service-2.json", e))?;
        let paginators = match paginators {
            Some(text) => {
                serde_json::from_str(text).map_err(|e| parse_err("paginators-1.json", e))?
            }
            None => PaginatorsFile::default(),
        };
        let waiters = match waiters {
            Some(text) => serde_json::from_str(text).map_err(|e| parse_err("waiters-2.json", e))?,
            None => WaitersFile::default(),
        };
        Ok(ServiceModel {
            inner: Arc::new(ServiceModelInner {
                name: name.to_string(),
                definition,
                paginators,
                waiters,
                endpoint_rules: rules,
                endpoint_rule_set: OnceLock::new(),
                endpoint_resolver: OnceLock::new(),
            }),
        })
    }

    /// The service's botocore name (`s3`, `ec2`, …).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The service definition.
    pub fn definition(&self) -> &ServiceDefinition {
        &self.inner.definition
    }

    /// The service metadata.
    pub fn metadata(&self) -> &Metadata {
        &self.inner.definition.metadata
    }

    /// The operation of this name, or a clear error naming the service.
    pub fn operation(&self, name: &str) -> Result<&Operation, Error> {
        self.inner.definition.operation(name).ok_or_else(|| {
            Error::model(format!(
                "{} has no operation named {name:?}",
                self.inner.name
            ))
        })
    }

    /// The paginator for an operation, if it paginates.
    pub fn paginator(&self, operation: &str) -> Option<&PaginatorDefinition> {
        self.inner.paginators.pagination.get(operation)
    }

    /// All paginators.
    pub fn paginators(&self) -> &PaginatorsFile {
        &self.inner.paginators
    }

    /// The waiter of this name, if the service has it.
    pub fn waiter(&self, name: &str) -> Option<&WaiterDefinition> {
        self.inner.waiters.waiters.get(name)
    }

    /// All waiters.
    pub fn waiters(&self) -> &WaitersFile {
        &self.inner.waiters
    }

    /// The endpoint rule set as a JSON tree, built on the first call; `None` when the
    /// model has none, or when its text is not JSON (which creating a client reports).
    pub fn endpoint_rule_set(&self) -> Option<&serde_json::Value> {
        self.inner
            .endpoint_rule_set
            .get_or_init(|| {
                let text = self.inner.endpoint_rules.as_deref()?;
                serde_json::from_str(text).ok()
            })
            .as_ref()
    }

    /// The rules engine for this model's rule set, parsed on the first call and shared by
    /// every client of the model; `None` when the model has no rule set.
    pub fn endpoint_resolver(&self) -> Option<Result<EndpointResolver, Error>> {
        let text = self.inner.endpoint_rules.as_deref()?;
        let parsed = self.inner.endpoint_resolver.get_or_init(|| {
            EndpointResolver::from_text(text)
                .map_err(|e| format!("{}/endpoint-rule-set-1.json: {e}", self.name()))
        });
        Some(parsed.clone().map_err(Error::model))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: &str = r#"{"metadata": {"protocol": "json", "serviceId": "Demo",
        "endpointPrefix": "demo", "signatureVersion": "v4"}, "operations": {}, "shapes": {}}"#;

    #[test]
    fn the_rule_set_text_serves_the_resolver_and_the_json_tree() {
        let rules = r#"{"version": "1.0", "parameters": {}, "rules": [
            {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://demo.example"}}]}"#;
        let model =
            ServiceModel::from_texts("demo", SERVICE, None, None, Some(Cow::Borrowed(rules)))
                .unwrap();
        let first = model.endpoint_resolver().unwrap().unwrap();
        let again = model.endpoint_resolver().unwrap().unwrap();
        assert_eq!(format!("{first:?}"), format!("{again:?}"));
        assert_eq!(model.endpoint_rule_set().unwrap()["version"], "1.0");
    }

    /// Text read at run time needs no `'static` lifetime; compressed text is inflated.
    #[test]
    fn owned_and_compressed_sources_parse_like_embedded_text() {
        use std::io::Write;
        let rules = r#"{"version": "1.0", "parameters": {}, "rules": [
            {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://demo.example"}}]}"#;
        let owned = ModelSource::owned(
            String::from("demo"),
            SERVICE.to_string(),
            None,
            None,
            Some(rules.to_string()),
        );
        let from_owned = ServiceModel::from_source(&owned).unwrap();
        assert_eq!(from_owned.name(), "demo");
        assert_eq!(from_owned.metadata().protocol, "json");

        static PACKED: std::sync::LazyLock<(Vec<u8>, Vec<u8>)> = std::sync::LazyLock::new(|| {
            let gzip = |text: &str| {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                encoder.write_all(text.as_bytes()).unwrap();
                encoder.finish().unwrap()
            };
            (
                gzip(SERVICE),
                gzip(r#"{"version": "1.0", "parameters": {}, "rules": []}"#),
            )
        });
        let packed = ModelSource::gzipped("demo", &PACKED.0, None, None, Some(&PACKED.1));
        let from_packed = ServiceModel::from_source(&packed).unwrap();
        assert_eq!(from_packed.endpoint_rule_set().unwrap()["version"], "1.0");

        let broken = ModelSource::gzipped("demo", b"not gzip", None, None, None);
        let err = ServiceModel::from_source(&broken).unwrap_err().to_string();
        assert!(err.contains("demo/service-2.json"), "{err}");
    }

    #[test]
    fn a_malformed_rule_set_is_reported_when_first_needed() {
        let rules = r#"{"parameters": {}, "rules": [{"type": "endpoint", "conditions": [
            {"fn": "noSuchFunction", "argv": []}], "endpoint": {"url": "https://x"}}]}"#;
        let model =
            ServiceModel::from_texts("demo", SERVICE, None, None, Some(Cow::Borrowed(rules)))
                .unwrap();
        let err = model.endpoint_resolver().unwrap().unwrap_err().to_string();
        assert!(err.contains("demo/endpoint-rule-set-1.json"), "{err}");
        assert!(err.contains("noSuchFunction"), "{err}");
        let no_rules = ServiceModel::from_texts("demo", SERVICE, None, None, None).unwrap();
        assert!(no_rules.endpoint_resolver().is_none());
    }
}
