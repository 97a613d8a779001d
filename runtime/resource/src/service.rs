//! [`ServiceResources`]: one service's client together with its parsed resource
//! definitions, shared by every resource made from it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use futures::future::BoxFuture;
use serde_json::Value;

use super::core::ResourceCore;
use super::model::{ResourceDef, ResourcesFile};
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// A hand-written load that replaces a resource type's modelled one (or supplies one the
/// model lacks): given the resource, fetch its data.
///
/// It returns the new data; `Ok(Value::Null)` means the load found nothing, which
/// [`ResourceCore::load`] reports as a not-found error. It runs while the resource's load
/// is in progress, so it must not itself load the resource (no `load`, `attribute` or
/// `reference` on it); identifiers, the service and its client are free to use.
pub type CustomLoad =
    Arc<dyn Fn(ResourceCore) -> BoxFuture<'static, Result<Value, Error>> + Send + Sync>;

/// One service's client and parsed `resources-1.json`: what every resource of the service
/// shares. Cheap to clone.
///
/// For S3 the loads boto3 injects are installed here: `Bucket` loads through ListBuckets and
/// `ObjectSummary` through HeadObject (see [`crate::s3::resource_load`]).
#[derive(Clone)]
pub struct ServiceResources {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    definitions: &'static ResourcesFile,
    custom_loads: HashMap<String, CustomLoad>,
}

impl fmt::Debug for ServiceResources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceResources")
            .field("service", &self.service_name())
            .field("resources", &self.inner.definitions.resources.len())
            .finish_non_exhaustive()
    }
}

impl ServiceResources {
    /// Pairs `client` with the resource definitions in `resources_json` (the text of a
    /// `resources-1.json` for the client's service and API version).
    ///
    /// The text is parsed once per process and kept for its lifetime (texts are embedded, so
    /// there are few); later calls with the same text reuse the parse. Fails with a model
    /// error when the JSON does not describe resources.
    pub fn new(client: Client, resources_json: &'static str) -> Result<Self, Error> {
        let definitions = parsed(resources_json)?;
        let mut custom_loads = HashMap::new();
        super::customizations::install_loads(client.model().name(), &mut custom_loads);
        Ok(ServiceResources {
            inner: Arc::new(Inner {
                client,
                definitions,
                custom_loads,
            }),
        })
    }

    /// The client every resource of this service calls through.
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// The service's name as its model gives it (`s3`).
    pub fn service_name(&self) -> &str {
        self.inner.client.model().name()
    }

    /// The parsed resource definitions.
    pub fn definitions(&self) -> &'static ResourcesFile {
        self.inner.definitions
    }

    /// The definition of `type_name` (`""` is the service resource).
    pub fn definition(&self, type_name: &str) -> Result<&'static ResourceDef, Error> {
        self.inner
            .definitions
            .resource(type_name)
            .ok_or_else(|| self.unknown_type(type_name))
    }

    /// A resource type among the definitions' `resources` (not the service resource), with
    /// its name as the definitions hold it, so resources built from it can keep the name.
    pub(crate) fn resource_type(
        &self,
        type_name: &str,
    ) -> Result<(&'static str, &'static ResourceDef), Error> {
        self.inner
            .definitions
            .resources
            .get_key_value(type_name)
            .map(|(name, definition)| (name.as_str(), definition))
            .ok_or_else(|| self.unknown_type(type_name))
    }

    fn unknown_type(&self, type_name: &str) -> Error {
        Error::model(format!(
            "{} has no resource type {type_name:?}",
            self.service_name()
        ))
    }

    /// The same service with `load` for resources of `type_name` replaced by `loader`, the
    /// way boto3's service customizations inject one. Resources made afterwards from the
    /// returned value use it.
    pub fn with_custom_load(&self, type_name: &str, loader: CustomLoad) -> Self {
        let mut custom_loads = self.inner.custom_loads.clone();
        custom_loads.insert(type_name.to_string(), loader);
        ServiceResources {
            inner: Arc::new(Inner {
                client: self.inner.client.clone(),
                definitions: self.inner.definitions,
                custom_loads,
            }),
        }
    }

    /// The custom load for `type_name`, if one is installed.
    pub(crate) fn custom_load(&self, type_name: &str) -> Option<&CustomLoad> {
        self.inner.custom_loads.get(type_name)
    }

    /// Whether resources of `type_name` can load: a modelled or a custom load.
    pub fn has_load(&self, type_name: &str) -> bool {
        self.custom_load(type_name).is_some()
            || self
                .inner
                .definitions
                .resource(type_name)
                .is_some_and(|d| d.load.is_some())
    }

    /// Whether two values share the same client and definitions.
    pub(crate) fn same(&self, other: &ServiceResources) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

/// The parse of `text`, made once per distinct text for the life of the process.
fn parsed(text: &'static str) -> Result<&'static ResourcesFile, Error> {
    static CACHE: OnceLock<Mutex<HashMap<(usize, usize), &'static ResourcesFile>>> =
        OnceLock::new();
    let key = (text.as_ptr() as usize, text.len());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(found);
    }
    let mut file = ResourcesFile::from_json(text)
        .map_err(|e| Error::model(format!("cannot parse resource definitions: {e}")))?;
    file.service.has = file
        .service_has()
        .into_iter()
        .map(|(name, entry)| (name, entry.definition))
        .collect();
    let leaked: &'static ResourcesFile = Box::leak(Box::new(file));
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    Ok(*cache.entry(key).or_insert(leaked))
}
