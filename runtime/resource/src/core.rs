//! [`ResourceCore`]: one resource (a type name and identifier values) with its cached data,
//! and everything a resource can do, driven by its definition.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::{Map, Value};

use super::action::{self, ActionOutput};
use super::collection::CollectionCore;
use super::model::{HasDef, ResourceDef};
use super::naming::xform_name;
use super::params::{build_request_params, search};
use super::response::{build_resources, Built, IdentifierInputs};
use super::service::ServiceResources;
use rboto_runtime::body::ByteStream;
use rboto_runtime::error::Error;

/// One resource: its service, type, identifier values and cached data. Cheap to clone;
/// clones share the cached data. `Send + Sync`.
///
/// Equality and hashing use the service name, type name and identifier values only (as
/// boto3 does: data, client and region are ignored). `Debug` prints
/// `s3.Bucket(name="logs")`, with identifier names snake-cased from the definitions by
/// botocore's rule ([`xform_name`]).
#[derive(Clone)]
pub struct ResourceCore {
    inner: Arc<Inner>,
}

struct Inner {
    service: ServiceResources,
    type_name: &'static str,
    definition: &'static ResourceDef,
    identifiers: Vec<Value>,
    data: Mutex<Option<Arc<Value>>>,
    /// Held while a load runs, so concurrent first reads share one request.
    load_lock: tokio::sync::Mutex<LoadOutcome>,
    /// How many loads have finished; tells a caller whether one ended while it waited.
    loads_finished: AtomicU64,
}

/// How the last load ended, for the callers that waited on it.
#[derive(Default)]
struct LoadOutcome {
    /// The error of the last load, when it failed.
    failure: Option<Error>,
}

static NULL: Value = Value::Null;

impl ResourceCore {
    /// A resource of `type_name` (a key of `resources`, or `""` for the service resource)
    /// with `identifiers` in declared order. No request is made.
    ///
    /// # Panics
    /// When the definitions have no such type, or the number of identifiers is not the
    /// number the type declares: generated code names only types that exist, with their
    /// identifiers, so either is a bug in the caller.
    pub fn new(
        service: &ServiceResources,
        type_name: &'static str,
        identifiers: Vec<Value>,
    ) -> Self {
        let definition = match service.definition(type_name) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            identifiers.len(),
            definition.identifiers.len(),
            "{}.{type_name} takes {} identifier(s)",
            service.service_name(),
            definition.identifiers.len()
        );
        Self::build(service.clone(), type_name, definition, identifiers, None)
    }

    /// Like [`new`](Self::new) for names known only at run time (a type name read from
    /// input): an unknown type or a wrong number of identifiers is a model error instead
    /// of a panic.
    pub fn try_new(
        service: &ServiceResources,
        type_name: &str,
        identifiers: Vec<Value>,
    ) -> Result<Self, Error> {
        let (name, definition) = if type_name.is_empty() {
            ("", &service.definitions().service)
        } else {
            service.resource_type(type_name)?
        };
        if identifiers.len() != definition.identifiers.len() {
            return Err(Error::model(format!(
                "{}.{type_name} takes {} identifier(s), not {}",
                service.service_name(),
                definition.identifiers.len(),
                identifiers.len()
            )));
        }
        Ok(Self::build(
            service.clone(),
            name,
            definition,
            identifiers,
            None,
        ))
    }

    fn build(
        service: ServiceResources,
        type_name: &'static str,
        definition: &'static ResourceDef,
        identifiers: Vec<Value>,
        data: Option<Value>,
    ) -> Self {
        ResourceCore {
            inner: Arc::new(Inner {
                service,
                type_name,
                definition,
                identifiers,
                data: Mutex::new(data.map(Arc::new)),
                load_lock: tokio::sync::Mutex::new(LoadOutcome::default()),
                loads_finished: AtomicU64::new(0),
            }),
        }
    }

    /// A resource of a type named by a definition (not by the caller), with identifiers
    /// already ordered; used when building resources from responses.
    pub(crate) fn from_definition(
        service: &ServiceResources,
        type_name: &str,
        identifiers: Vec<Value>,
        data: Option<Value>,
    ) -> Result<Self, Error> {
        let (name, definition) = service.resource_type(type_name)?;
        Ok(Self::build(
            service.clone(),
            name,
            definition,
            identifiers,
            data,
        ))
    }

    /// This resource with `data` as its cached data, as if it had been loaded (how
    /// collections and responses hydrate resources).
    pub fn with_data(self, data: Value) -> Self {
        self.set_data(Some(data));
        self
    }

    /// The service: its client and definitions.
    pub fn service(&self) -> &ServiceResources {
        &self.inner.service
    }

    /// The resource type's name (`"Bucket"`), `""` for the service resource.
    pub fn type_name(&self) -> &'static str {
        self.inner.type_name
    }

    /// The resource type's definition.
    pub fn definition(&self) -> &'static ResourceDef {
        self.inner.definition
    }

    /// The identifier at `index` in declared order (`null` past the end).
    pub fn identifier(&self, index: usize) -> &Value {
        self.inner.identifiers.get(index).unwrap_or(&NULL)
    }

    /// Every identifier value, in declared order.
    pub fn identifiers(&self) -> &[Value] {
        &self.inner.identifiers
    }

    /// Each identifier as (snake_case name, value), like boto3's `meta.identifiers` paired
    /// with their values.
    pub fn identifier_pairs(&self) -> Vec<(String, &Value)> {
        self.inner
            .definition
            .identifiers
            .iter()
            .zip(&self.inner.identifiers)
            .map(|(d, v)| (xform_name(&d.name), v))
            .collect()
    }

    /// The identifier declared as `name` (`"BucketName"`).
    pub(crate) fn identifier_named(&self, name: &str) -> Result<Value, Error> {
        self.inner
            .definition
            .identifiers
            .iter()
            .position(|d| d.name == name)
            .map(|i| self.identifier(i).clone())
            .ok_or_else(|| Error::model(format!("{self:?} has no identifier {name:?}")))
    }

    /// The cached data, without any request: `None` until loaded or hydrated, and after an
    /// action cleared it.
    pub fn data(&self) -> Option<Value> {
        self.current_data().map(|d| (*d).clone())
    }

    fn current_data(&self) -> Option<Arc<Value>> {
        self.inner
            .data
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Forgets the cached data, so the next attribute read loads again (what actions do).
    pub fn clear_data(&self) {
        self.set_data(None);
    }

    fn set_data(&self, data: Option<Value>) {
        *self.inner.data.lock().unwrap_or_else(|e| e.into_inner()) = data.map(Arc::new);
    }

    /// Whether this resource type can load (a modelled load, or a custom one such as S3
    /// `Bucket`'s).
    pub fn has_load(&self) -> bool {
        self.inner.service.has_load(self.inner.type_name)
    }

    /// Makes sure the data is loaded: returns at once when it is cached, otherwise runs the
    /// load. Concurrent callers share one request and its outcome (a failure is reported to
    /// all of them; a later call tries again). Fails when the type has no load and no data
    /// came with the resource, and with a not-found error when the load's path finds
    /// nothing (a deleted instance).
    pub async fn load(&self) -> Result<(), Error> {
        self.ensure_data().await.map(drop)
    }

    /// Loads the data again, whatever is cached (boto3's `reload`).
    pub async fn reload(&self) -> Result<(), Error> {
        let mut outcome = self.inner.load_lock.lock().await;
        self.fetch_recording(&mut outcome).await.map(drop)
    }

    /// The cached data, loading it first when there is none.
    pub(crate) async fn ensure_data(&self) -> Result<Arc<Value>, Error> {
        if let Some(data) = self.current_data() {
            return Ok(data);
        }
        if !self.has_load() {
            return Err(Error::resource_load(format!(
                "{self:?} has no load method, and no data came with it (only resources from \
                 collections and from actions that return data have attributes without a load)"
            )));
        }
        let seen = self.inner.loads_finished.load(Ordering::Acquire);
        let mut outcome = self.inner.load_lock.lock().await;
        if let Some(data) = self.current_data() {
            return Ok(data);
        }
        if self.inner.loads_finished.load(Ordering::Acquire) != seen {
            if let Some(failure) = &outcome.failure {
                return Err(failure.duplicate());
            }
        }
        self.fetch_recording(&mut outcome).await
    }

    /// Runs a load and records how it ended for the callers waiting on the lock.
    async fn fetch_recording(&self, outcome: &mut LoadOutcome) -> Result<Arc<Value>, Error> {
        let result = self.fetch_and_store().await;
        outcome.failure = result.as_ref().err().map(Error::duplicate);
        self.inner.loads_finished.fetch_add(1, Ordering::Release);
        result
    }

    /// Runs the load (custom or modelled) and caches what it found. Call with the load
    /// lock held.
    fn fetch_and_store(&self) -> BoxFuture<'_, Result<Arc<Value>, Error>> {
        Box::pin(self.fetch_and_store_inner())
    }

    async fn fetch_and_store_inner(&self) -> Result<Arc<Value>, Error> {
        let found =
            if let Some(custom) = self.inner.service.custom_load(self.inner.type_name) {
                custom(self.clone()).await?
            } else {
                let load =
                    self.inner.definition.load.as_ref().ok_or_else(|| {
                        Error::resource_load(format!("{self:?} has no load method"))
                    })?;
                let mut params = Map::new();
                build_request_params(self, &load.request.params, &mut params, None, false).await?;
                let response = self
                    .inner
                    .service
                    .client()
                    .call(&load.request.operation, Value::Object(params))
                    .await?;
                let found = search(&load.path, &response)?;
                if found.is_null() {
                    return Err(Error::resource_not_found(format!(
                        "{self:?} was not found: {} returned nothing at {}",
                        load.request.operation, load.path
                    )));
                }
                found
            };
        if found.is_null() {
            return Err(Error::resource_not_found(format!("{self:?} was not found")));
        }
        let data = Arc::new(found);
        *self.inner.data.lock().unwrap_or_else(|e| e.into_inner()) = Some(data.clone());
        Ok(data)
    }

    /// The value of a data member found with `path`, loading first when there is no data
    /// (boto3's `get_data_member`). With `may_load` false, missing data is an error instead.
    pub(crate) async fn data_member(&self, path: &str, may_load: bool) -> Result<Value, Error> {
        let data = match self.current_data() {
            Some(d) => d,
            None if may_load => self.ensure_data().await?,
            None => {
                return Err(Error::resource_load(format!(
                    "{self:?} has no data to read {path:?} from"
                )))
            }
        };
        search(path, &data)
    }

    /// One attribute: the shape member `member` (CamelCase, as in the model) of the data.
    /// Loads once when there is no data; `Ok(None)` when the data lacks the member. A member
    /// that mirrors an identifier (`memberName`, e.g. `InstanceId`) answers from the
    /// identifier without a load.
    pub async fn attribute(&self, member: &str) -> Result<Option<Value>, Error> {
        let definition = self.inner.definition;
        if let Some(i) = definition
            .identifiers
            .iter()
            .position(|d| d.member_name.as_deref() == Some(member))
        {
            return Ok(Some(self.identifier(i).clone()));
        }
        let data = self.ensure_data().await?;
        Ok(data.get(member).filter(|v| !v.is_null()).cloned())
    }

    /// The `has` entry `has_name`; on the service resource every resource type is one (see
    /// [`ServiceResources`]).
    fn has(&self, has_name: &str) -> Result<HasDef, Error> {
        if let Some(has) = self.inner.definition.has.get(has_name) {
            return Ok(has.clone());
        }
        if self.inner.type_name.is_empty() {
            if let Some(definition) = self.inner.service.definitions().resources.get(has_name) {
                return Ok(HasDef::constructor(has_name, definition));
            }
        }
        Err(Error::model(format!(
            "{self:?} has no has-relation {has_name:?}"
        )))
    }

    /// A sub-resource (`bucket.Object("k")`): `inputs` fill the identifiers whose source is
    /// `input`, in order; the others come from this resource. No request is made.
    ///
    /// # Panics
    /// When `has_name` is not a `has` entry of this type, or `inputs` has the wrong length:
    /// generated code only names entries that exist, so either is a bug in the caller.
    pub fn subresource(&self, has_name: &str, inputs: Vec<Value>) -> ResourceCore {
        let has = match self.has(has_name) {
            Ok(h) => h,
            Err(e) => panic!("{e}"),
        };
        let wanted = has.resource.inputs().count();
        assert_eq!(
            inputs.len(),
            wanted,
            "{self:?}.{has_name} takes {wanted} identifier(s)"
        );
        let service = &self.inner.service;
        let mut inputs = inputs.into_iter();
        let built = super::response::identifiers_now(self, &has.resource.identifiers, &mut inputs);
        let target = service
            .definitions()
            .resources
            .get_key_value(has.resource.type_name.as_str());
        match (built, target) {
            (Ok(values), Some((name, definition))) => {
                // By target name; a target naming no identifier of the type (IAM's
                // `has.Policy` targets `PolicyArn`, the type's identifier is `Arn`) takes
                // the place of the first identifier no target names, as boto3 passes a
                // sub-resource's identifiers by position.
                let names: Vec<&str> = definition
                    .identifiers
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect();
                let mut unmatched = values
                    .iter()
                    .filter(|(t, _)| !names.contains(t))
                    .map(|(_, v)| v.clone());
                let ordered = definition
                    .identifiers
                    .iter()
                    .map(|d| {
                        values
                            .iter()
                            .find(|(t, _)| *t == d.name)
                            .map(|(_, v)| v.clone())
                            .or_else(|| unmatched.next())
                            .unwrap_or(Value::Null)
                    })
                    .collect();
                Self::build(service.clone(), name.as_str(), definition, ordered, None)
            }
            (Err(e), _) => panic!("{e}"),
            (_, None) => panic!(
                "{} has no resource type {:?}",
                service.service_name(),
                has.resource.type_name
            ),
        }
    }

    /// A reference (`instance.vpc()`): the related resource(s) built from this resource's
    /// data, loading it first when needed. Empty when the data lacks the member (boto3's
    /// `None`); several when the path fans out (`NetworkInterfaces[]`), each carrying its
    /// part of the data when the definition has a `path`.
    pub async fn reference(&self, has_name: &str) -> Result<Vec<ResourceCore>, Error> {
        let has = self.has(has_name)?;
        let has: &HasDef = &has;
        let needs_data = has.is_reference();
        let data = if needs_data && self.current_data().is_none() && self.has_load() {
            Some(self.ensure_data().await?)
        } else {
            self.current_data()
        };
        let data_value = data.as_deref().cloned();
        let built = build_resources(
            self,
            &has.resource,
            IdentifierInputs {
                params: None,
                response: data_value.as_ref(),
                operation: None,
            },
        )
        .await?;
        Ok(match built {
            Built::Many(v) => v,
            Built::One(r) => vec![r],
            Built::Nothing { .. } => Vec::new(),
        })
    }

    /// Runs the action `action_name` with the caller's `input` (top-level keys override the
    /// generated parameters), and returns the raw response or the resource(s) the definition
    /// names. When this type can load, the cached data is cleared afterwards, as boto3 does,
    /// so the next attribute read sees the change.
    pub async fn action(
        &self,
        action_name: &str,
        input: Map<String, Value>,
    ) -> Result<ActionOutput, Error> {
        let definition = self
            .inner
            .definition
            .actions
            .get(action_name)
            .ok_or_else(|| Error::model(format!("{self:?} has no action {action_name:?}")))?;
        let output = action::run(self, definition, input).await?;
        if self.has_load() {
            self.set_data(None);
        }
        Ok(output)
    }

    /// Runs the action `action_name` whose operation has a streaming output (S3 `Object.get`,
    /// Glacier `Job.get_output`) with the caller's `input`, and returns the other output
    /// members with the payload as an unread [`ByteStream`]: the body is neither buffered
    /// nor dropped. Clears the cached data afterwards, as [`action`](Self::action) does.
    pub async fn action_streaming(
        &self,
        action_name: &str,
        input: Map<String, Value>,
    ) -> Result<(Value, ByteStream), Error> {
        let definition = self
            .inner
            .definition
            .actions
            .get(action_name)
            .ok_or_else(|| Error::model(format!("{self:?} has no action {action_name:?}")))?;
        let output = action::run_streaming(self, definition, input).await?;
        if self.has_load() {
            self.set_data(None);
        }
        Ok(output)
    }

    /// The collection `has_many_name` (`"Objects"`), lazy: nothing is sent until it is read.
    ///
    /// # Panics
    /// When this type has no such collection (a bug in the caller).
    pub fn collection(&self, has_many_name: &str) -> CollectionCore {
        match self.inner.definition.has_many.get_key_value(has_many_name) {
            Some((name, definition)) => CollectionCore::new(self.clone(), name, definition),
            None => panic!("{self:?} has no collection {has_many_name:?}"),
        }
    }

    /// Waits with the waiter `waiter_name` (`"Exists"`), its parameters from this resource
    /// and `input` on top; `delay` and `max_attempts` override the model's.
    ///
    /// Better than boto3, which leaves data stale: when data was cached before the wait, it
    /// is reloaded after success. If that reload fails (a waiter for deletion succeeded, so
    /// the resource is gone) the cache is cleared instead and the wait still succeeds.
    pub async fn wait(
        &self,
        waiter_name: &str,
        input: Map<String, Value>,
        delay: Option<Duration>,
        max_attempts: Option<u32>,
    ) -> Result<(), Error> {
        let definition = self
            .inner
            .definition
            .waiters
            .get(waiter_name)
            .ok_or_else(|| Error::model(format!("{self:?} has no waiter {waiter_name:?}")))?;
        let mut params = Map::new();
        build_request_params(self, &definition.params, &mut params, None, true).await?;
        super::params::overlay(&mut params, input);
        let mut waiter = self
            .inner
            .service
            .client()
            .waiter(&definition.waiter_name)?;
        if let Some(delay) = delay {
            waiter = waiter.delay(delay);
        }
        if let Some(n) = max_attempts {
            waiter = waiter.max_attempts(n);
        }
        waiter.wait(Value::Object(params)).await?;
        if self.current_data().is_some() && self.has_load() && self.reload().await.is_err() {
            self.set_data(None);
        }
        Ok(())
    }

    /// The resource's display name, `s3.Bucket`, or `s3.ServiceResource`.
    pub fn class_name(&self) -> String {
        let service = self.inner.service.service_name();
        if self.inner.type_name.is_empty() {
            format!("{service}.ServiceResource")
        } else {
            format!("{service}.{}", self.inner.type_name)
        }
    }

    /// Whether two handles are the same resource object (sharing cached data), not merely
    /// equal.
    pub fn ptr_eq(&self, other: &ResourceCore) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// Whether both resources come from the same [`ServiceResources`] value.
    pub fn same_service(&self, other: &ResourceCore) -> bool {
        self.inner.service.same(&other.inner.service)
    }
}

impl fmt::Debug for ResourceCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.class_name())?;
        for (i, (name, value)) in self.identifier_pairs().into_iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            match value {
                Value::String(s) => write!(f, "{name}={s:?}")?,
                other => write!(f, "{name}={other}")?,
            }
        }
        write!(f, ")")
    }
}

impl PartialEq for ResourceCore {
    fn eq(&self, other: &Self) -> bool {
        self.inner.type_name == other.inner.type_name
            && self.inner.identifiers == other.inner.identifiers
            && self.inner.service.service_name() == other.inner.service.service_name()
    }
}

impl Eq for ResourceCore {}

impl Hash for ResourceCore {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.inner.service.service_name().hash(state);
        self.inner.type_name.hash(state);
        for value in &self.inner.identifiers {
            value.to_string().hash(state);
        }
    }
}
