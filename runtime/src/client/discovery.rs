//! Endpoint discovery, as botocore's `discovery.py` does it: operations the model marks
//! `endpointdiscovery` are sent to an endpoint the service's discovery operation (the one
//! marked `endpointoperation`, `DescribeEndpoints`) names, kept for the minutes it says.
//!
//! What decides whether a client discovers (botocore's `endpoint_discovery_enabled`):
//! `auto` (the default) discovers only for operations that require it, and only in a service
//! that has such operations; `true` discovers for every operation that supports it; `false`
//! refuses the operations that require it before anything is sent. A client given an
//! explicit `endpoint_url` takes no part at all: its calls go to that URL.
//!
//! Endpoints are cached per client under the values of the input members marked
//! `endpointdiscoveryid` (with the operation's name) when the discovery operation takes
//! them, else under one key for the whole service. Concurrent calls that find no current
//! endpoint wait for one discovery rather than each making their own. A discovery that fails
//! to connect is not tried again for a minute: meanwhile an expired endpoint is used if
//! there is one, an optional operation goes to the endpoint its rules give, and a required
//! one fails. An attempt answered `421` or `InvalidEndpointException` drops the cached
//! endpoints, discovers again and retries at once.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Map, Value};
use tokio::time::Instant;

use super::Client;
use crate::error::Error;
use crate::model::{Operation, ServiceDefinition, ServiceModel, ShapeType};
use crate::session::{Config, EndpointDiscoveryMode};

/// How long a discovery that failed to connect keeps the next one from being tried.
const FAILED_DISCOVERY_BACKOFF: Duration = Duration::from_secs(60);

/// A client's part in endpoint discovery.
pub(crate) enum Discovery {
    /// Calls go where the endpoint rules (or the explicit endpoint) say: the service has no
    /// discovery operation, or the client was given an endpoint URL.
    Off,
    /// Discovery is off, so operations that require it are refused.
    Refused,
    /// Endpoints are discovered.
    On(Discoverer),
}

impl Discovery {
    /// The part a client of `model` takes, from its configuration and whether it was given
    /// an endpoint URL explicitly (a configured one, from `AWS_ENDPOINT_URL` or the profile,
    /// does not stop discovery, as in botocore).
    pub(crate) fn new(model: &ServiceModel, explicit_endpoint: bool, config: &Config) -> Self {
        if explicit_endpoint {
            return Discovery::Off;
        }
        let definition = model.definition();
        let Some(operation) = definition
            .operations
            .values()
            .find(|op| op.endpoint_operation)
        else {
            return Discovery::Off;
        };
        let always = match config.endpoint_discovery_enabled.unwrap_or_default() {
            EndpointDiscoveryMode::Enabled => true,
            EndpointDiscoveryMode::Auto if requires_discovery(definition) => false,
            _ => return Discovery::Refused,
        };
        let input_members = operation
            .input
            .as_ref()
            .and_then(|input| definition.shape_of(input))
            .map(|shape| shape.members.keys().cloned().collect())
            .unwrap_or_default();
        Discovery::On(Discoverer {
            operation: operation.name.clone(),
            input_members,
            always,
            known: Mutex::new(HashMap::new()),
            discovering: tokio::sync::Mutex::new(()),
        })
    }

    /// Refuses, before anything is sent, a call of an operation that requires discovery
    /// when discovery is off.
    pub(crate) fn check(&self, model: &ServiceModel, operation: &Operation) -> Result<(), Error> {
        let required = operation
            .endpoint_discovery
            .as_ref()
            .is_some_and(|d| d.required);
        match self {
            Discovery::Refused if required => Err(Error::endpoint(format!(
                "{} {} requires endpoint discovery, which is disabled: set \
                 endpoint_discovery_enabled to true or auto (Config, \
                 AWS_ENDPOINT_DISCOVERY_ENABLED or the profile), or give the client an \
                 endpoint_url",
                model.name(),
                operation.name
            ))),
            _ => Ok(()),
        }
    }

    /// The discovered endpoint to send a call of `operation` with `params` to, discovering
    /// it when none is current; `None` when the call goes where its endpoint rules say.
    pub(crate) async fn endpoint(
        &self,
        client: &Client,
        operation: &Operation,
        params: &Value,
    ) -> Result<Option<url::Url>, Error> {
        match self {
            Discovery::On(discoverer) => discoverer.endpoint(client, operation, params).await,
            Discovery::Off | Discovery::Refused => Ok(None),
        }
    }

    /// Whether a failed attempt of `operation` says its discovered endpoint is no longer
    /// valid; if so, the endpoints cached for the call are dropped.
    pub(crate) fn forget_if_invalid(
        &self,
        model: &ServiceModel,
        operation: &Operation,
        params: &Value,
        error: &Error,
    ) -> bool {
        let Discovery::On(discoverer) = self else {
            return false;
        };
        let invalid =
            error.status() == Some(421) || error.code() == Some("InvalidEndpointException");
        if !invalid || operation.endpoint_discovery.is_none() {
            return false;
        }
        let key = discoverer.key(&operation.name, identifiers(model, operation, params));
        discoverer.lock().remove(&key);
        true
    }
}

/// Whether any operation of the service requires a discovered endpoint.
fn requires_discovery(definition: &ServiceDefinition) -> bool {
    definition
        .operations
        .values()
        .any(|op| op.endpoint_discovery.as_ref().is_some_and(|d| d.required))
}

/// The endpoints a client discovered, and how it discovers more.
pub(crate) struct Discoverer {
    /// The service's discovery operation.
    operation: String,
    /// The members its input takes (`Operation`, `Identifiers`, or none).
    input_members: Vec<String>,
    /// Discover for every operation that supports it, not only those that require it.
    always: bool,
    known: Mutex<Known>,
    /// Held while discovering, so concurrent calls share one discovery.
    discovering: tokio::sync::Mutex<()>,
}

/// What a discoverer has learnt, by cache key.
type Known = HashMap<Key, Entry>;

/// The cache key of a call: the operation and the values of its `endpointdiscoveryid`
/// members, as far as the discovery operation takes them (so usually empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    operation: Option<String>,
    identifiers: Vec<(String, String)>,
}

/// Endpoints discovered for one key, and when a discovery for it last failed to connect.
#[derive(Debug, Default)]
struct Entry {
    endpoints: Vec<Discovered>,
    failed_until: Option<Instant>,
}

/// One endpoint a discovery named.
#[derive(Debug, Clone)]
struct Discovered {
    url: url::Url,
    expires: Instant,
}

/// What one discovery came to.
enum Refresh {
    /// The first endpoint it named.
    Found(url::Url),
    /// It could not connect, or named no endpoint.
    Failed(Option<Error>),
}

impl Discoverer {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Entry>> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn endpoint(
        &self,
        client: &Client,
        operation: &Operation,
        params: &Value,
    ) -> Result<Option<url::Url>, Error> {
        let Some(trait_) = &operation.endpoint_discovery else {
            return Ok(None);
        };
        if !self.always && !trait_.required {
            return Ok(None);
        }
        let ids = identifiers(client.model(), operation, params);
        let key = self.key(&operation.name, ids);
        if let Some(url) = self.current(&key) {
            return Ok(Some(url));
        }
        let _discovering = self.discovering.lock().await;
        if let Some(url) = self.current(&key) {
            return Ok(Some(url));
        }
        let recently_failed = self.recently_failed(&key);
        let mut failure = None;
        if !recently_failed {
            match self.refresh(client, &key).await? {
                Refresh::Found(url) => return Ok(Some(url)),
                Refresh::Failed(error) => failure = error,
            }
        }
        if let Some(stale) = self.lock().get(&key).and_then(|e| e.endpoints.first()) {
            tracing::debug!(url = %stale.url, "endpoint discovery failing; using an expired endpoint");
            return Ok(Some(stale.url.clone()));
        }
        if !trait_.required {
            return Ok(None);
        }
        if recently_failed {
            match self.refresh(client, &key).await? {
                Refresh::Found(url) => return Ok(Some(url)),
                Refresh::Failed(error) => failure = error,
            }
        }
        let error = Error::endpoint(format!(
            "endpoint discovery for {} {} found no endpoint: {} named none that could be used",
            client.model().name(),
            operation.name,
            self.operation
        ));
        Err(match failure {
            Some(source) => error.with_source(source),
            None => error,
        })
    }

    fn key(&self, operation: &str, identifiers: Vec<(String, String)>) -> Key {
        if identifiers.is_empty() {
            return Key {
                operation: None,
                identifiers,
            };
        }
        let takes = |member: &str| self.input_members.iter().any(|m| m == member);
        Key {
            operation: takes("Operation").then(|| operation.to_string()),
            identifiers: match takes("Identifiers") {
                true => identifiers,
                false => Vec::new(),
            },
        }
    }

    /// The first endpoint cached for `key` that has not expired.
    fn current(&self, key: &Key) -> Option<url::Url> {
        let now = Instant::now();
        let known = self.lock();
        let entry = known.get(key)?;
        entry
            .endpoints
            .iter()
            .find(|e| now < e.expires)
            .map(|e| e.url.clone())
    }

    /// Whether a discovery for `key` failed to connect within the last minute.
    fn recently_failed(&self, key: &Key) -> bool {
        let mut known = self.lock();
        let Some(entry) = known.get_mut(key) else {
            return false;
        };
        match entry.failed_until {
            Some(until) if Instant::now() < until => true,
            Some(_) => {
                entry.failed_until = None;
                false
            }
            None => false,
        }
    }

    /// Calls the discovery operation and caches what it names under `key`.
    async fn refresh(&self, client: &Client, key: &Key) -> Result<Refresh, Error> {
        let mut params = Map::new();
        if let Some(operation) = &key.operation {
            params.insert("Operation".into(), json!(operation));
        }
        if !key.identifiers.is_empty() {
            let ids: Map<String, Value> = key
                .identifiers
                .iter()
                .map(|(name, value)| (name.clone(), json!(value)))
                .collect();
            params.insert("Identifiers".into(), Value::Object(ids));
        }
        tracing::debug!(operation = %self.operation, "discovering endpoints");
        let output = match client.call(&self.operation, Value::Object(params)).await {
            Ok(output) => output,
            Err(error) if error.is_connect() || error.is_timeout() || error.is_io() => {
                let mut known = self.lock();
                let entry = known.entry(key.clone()).or_default();
                entry.failed_until = Some(Instant::now() + FAILED_DISCOVERY_BACKOFF);
                return Ok(Refresh::Failed(Some(error)));
            }
            Err(error) => return Err(error),
        };
        let now = Instant::now();
        let endpoints = parse_endpoints(&output, now)?;
        let first = endpoints.first().map(|e| e.url.clone());
        let mut known = self.lock();
        let entry = known.entry(key.clone()).or_default();
        entry.failed_until = None;
        if !endpoints.is_empty() {
            entry.endpoints = endpoints;
        }
        Ok(match first {
            Some(url) => Refresh::Found(url),
            None => Refresh::Failed(None),
        })
    }
}

/// The endpoints of a discovery operation's output, each expiring after its
/// `CachePeriodInMinutes`.
fn parse_endpoints(output: &Value, now: Instant) -> Result<Vec<Discovered>, Error> {
    let listed = output
        .get("Endpoints")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::response("endpoint discovery answered without Endpoints"))?;
    listed
        .iter()
        .map(|endpoint| {
            let address = endpoint
                .get("Address")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::response("a discovered endpoint has no Address"))?;
            let minutes = endpoint
                .get("CachePeriodInMinutes")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            Ok(Discovered {
                url: address_url(address)?,
                expires: now + Duration::from_secs(minutes.saturating_mul(60)),
            })
        })
        .collect()
}

/// A discovered address as a URL: HTTPS unless it names its scheme.
fn address_url(address: &str) -> Result<url::Url, Error> {
    let text = match address.starts_with("http") {
        true => address.to_string(),
        false => format!("https://{address}"),
    };
    url::Url::parse(&text).map_err(|e| {
        Error::endpoint(format!(
            "endpoint discovery named {address:?}, which is not a host or URL: {e}"
        ))
    })
}

/// Points a request's URL at a discovered endpoint: its scheme, host and port, keeping the
/// request's path and query.
pub(crate) fn point(url: &mut url::Url, endpoint: &url::Url) -> Result<(), Error> {
    let refused = || Error::endpoint(format!("cannot send a request to {endpoint}"));
    url.set_scheme(endpoint.scheme()).map_err(|()| refused())?;
    url.set_host(endpoint.host_str()).map_err(|_| refused())?;
    url.set_port(endpoint.port()).map_err(|()| refused())?;
    Ok(())
}

/// The values of the input members marked `endpointdiscoveryid`, found through nested
/// structures, by member name in name order.
fn identifiers(
    model: &ServiceModel,
    operation: &Operation,
    params: &Value,
) -> Vec<(String, String)> {
    let definition = model.definition();
    let mut found = Vec::new();
    if let Some(input) = operation.input.as_ref() {
        gather(definition, &input.shape, params, &mut found);
    }
    found.sort();
    found
}

fn gather(
    definition: &ServiceDefinition,
    shape: &str,
    params: &Value,
    found: &mut Vec<(String, String)>,
) {
    let Some(shape) = definition.shape(shape) else {
        return;
    };
    for (name, member) in &shape.members {
        let Some(value) = params.get(name) else {
            continue;
        };
        if member.endpoint_discovery_id {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            found.push((name.clone(), text));
        } else if definition
            .shape(&member.shape)
            .is_some_and(|s| s.kind == ShapeType::Structure)
        {
            gather(definition, &member.shape, value, found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(text: &str) -> ServiceModel {
        let definition: ServiceDefinition = serde_json::from_str(text).unwrap();
        ServiceModel::from_definition("discovering", definition)
    }

    /// A service with a required, an optional and an undiscovered operation; its discovery
    /// operation takes `Operation` and `Identifiers`, and `Find` keys by `Table` inside
    /// `Where`.
    const SERVICE: &str = r#"{
        "metadata": {"protocol": "json", "apiVersion": "2020-01-01", "endpointPrefix": "svc",
                     "jsonVersion": "1.0", "targetPrefix": "Svc", "signatureVersion": "v4"},
        "operations": {
            "DescribeEndpoints": {"name": "DescribeEndpoints", "http": {"method": "POST"},
                "input": {"shape": "DescribeIn"}, "endpointoperation": true},
            "Find": {"name": "Find", "http": {"method": "POST"}, "input": {"shape": "FindIn"},
                "endpointdiscovery": {"required": true}},
            "Peek": {"name": "Peek", "http": {"method": "POST"}, "input": {"shape": "FindIn"},
                "endpointdiscovery": {}},
            "Plain": {"name": "Plain", "http": {"method": "POST"}}
        },
        "shapes": {
            "DescribeIn": {"type": "structure", "members": {
                "Operation": {"shape": "S"}, "Identifiers": {"shape": "Ids"}}},
            "Ids": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}},
            "FindIn": {"type": "structure", "members": {
                "Where": {"shape": "Where"}, "Limit": {"shape": "S"}}},
            "Where": {"type": "structure", "members": {
                "Table": {"shape": "S", "endpointdiscoveryid": true}}},
            "S": {"type": "string"}
        }
    }"#;

    fn config(mode: Option<EndpointDiscoveryMode>) -> Config {
        Config {
            endpoint_discovery_enabled: mode,
            ..Config::default()
        }
    }

    #[test]
    fn the_setting_and_an_explicit_endpoint_decide_the_clients_part() {
        let model = model(SERVICE);
        let auto = Discovery::new(&model, false, &config(None));
        assert!(matches!(&auto, Discovery::On(d) if !d.always));
        let always = Discovery::new(&model, false, &config(Some(EndpointDiscoveryMode::Enabled)));
        assert!(matches!(&always, Discovery::On(d) if d.always));
        let off = Discovery::new(
            &model,
            false,
            &config(Some(EndpointDiscoveryMode::Disabled)),
        );
        assert!(matches!(off, Discovery::Refused));
        let explicit = Discovery::new(&model, true, &config(Some(EndpointDiscoveryMode::Enabled)));
        assert!(matches!(explicit, Discovery::Off));

        let optional_only = SERVICE.replace(r#"{"required": true}"#, "{}");
        let optional_only = self::model(&optional_only);
        let auto = Discovery::new(&optional_only, false, &config(None));
        assert!(
            matches!(auto, Discovery::Refused),
            "auto discovers only in a service that requires it"
        );
    }

    #[test]
    fn both_timestream_models_require_discovery_for_every_data_operation() {
        for (service, data_operation) in [
            ("timestream-write", "WriteRecords"),
            ("timestream-query", "Query"),
        ] {
            let dir = format!(
                "{}/../resource-models/services-n-z/models/{service}/2018-11-01",
                env!("CARGO_MANIFEST_DIR")
            );
            let model = ServiceModel::from_dir(service, dir).unwrap();
            let auto = Discovery::new(&model, false, &config(None));
            assert!(matches!(&auto, Discovery::On(d) if d.operation == "DescribeEndpoints"));
            let off = Discovery::new(
                &model,
                false,
                &config(Some(EndpointDiscoveryMode::Disabled)),
            );
            let operation = model.operation(data_operation).unwrap();
            assert!(off.check(&model, operation).is_err(), "{service}");
        }
    }

    #[test]
    fn disabled_discovery_refuses_only_the_operations_that_require_it() {
        let model = model(SERVICE);
        let off = Discovery::new(
            &model,
            false,
            &config(Some(EndpointDiscoveryMode::Disabled)),
        );
        let err = off
            .check(&model, model.operation("Find").unwrap())
            .unwrap_err();
        assert!(err.is_endpoint());
        let text = err.to_string();
        assert!(
            text.contains("discovering Find requires endpoint discovery"),
            "{text}"
        );
        assert!(text.contains("AWS_ENDPOINT_DISCOVERY_ENABLED"), "{text}");
        assert!(off.check(&model, model.operation("Peek").unwrap()).is_ok());
        assert!(off.check(&model, model.operation("Plain").unwrap()).is_ok());
    }

    #[test]
    fn identifiers_are_found_in_nested_structures_and_key_the_cache() {
        let model = model(SERVICE);
        let find = model.operation("Find").unwrap();
        let params = json!({"Where": {"Table": "orders"}, "Limit": "5"});
        let ids = identifiers(&model, find, &params);
        assert_eq!(ids, [("Table".to_string(), "orders".to_string())]);
        let Discovery::On(discoverer) = Discovery::new(&model, false, &config(None)) else {
            panic!("discovery is on");
        };
        let key = discoverer.key("Find", ids);
        assert_eq!(key.operation.as_deref(), Some("Find"));
        assert_eq!(key.identifiers.len(), 1);
        let unkeyed = discoverer.key("Find", Vec::new());
        assert_eq!(unkeyed.operation, None, "no identifiers: one key for all");
    }

    #[tokio::test(start_paused = true)]
    async fn cached_endpoints_serve_until_they_expire_and_a_failed_discovery_waits_a_minute() {
        let model = model(SERVICE);
        let Discovery::On(discoverer) = Discovery::new(&model, false, &config(None)) else {
            panic!("discovery is on");
        };
        let key = discoverer.key("Find", Vec::new());
        let output =
            json!({"Endpoints": [{"Address": "cell1.svc.example", "CachePeriodInMinutes": 1}]});
        let endpoints = parse_endpoints(&output, Instant::now()).unwrap();
        discoverer.lock().entry(key.clone()).or_default().endpoints = endpoints;
        assert_eq!(
            discoverer.current(&key).unwrap().host_str(),
            Some("cell1.svc.example")
        );
        tokio::time::advance(Duration::from_secs(59)).await;
        assert!(discoverer.current(&key).is_some(), "kept for its minute");
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(discoverer.current(&key).is_none(), "expired");
        assert!(
            !discoverer.lock()[&key].endpoints.is_empty(),
            "kept as a fallback while discovery fails"
        );

        discoverer.lock().get_mut(&key).unwrap().failed_until =
            Some(Instant::now() + FAILED_DISCOVERY_BACKOFF);
        assert!(discoverer.recently_failed(&key));
        tokio::time::advance(FAILED_DISCOVERY_BACKOFF).await;
        assert!(!discoverer.recently_failed(&key));
    }

    #[test]
    fn endpoints_expire_after_their_cache_period_and_addresses_become_https_urls() {
        let now = Instant::now();
        let output = json!({"Endpoints": [
            {"Address": "cell1.svc.example", "CachePeriodInMinutes": 2},
            {"Address": "http://127.0.0.1:9", "CachePeriodInMinutes": 0}
        ]});
        let parsed = parse_endpoints(&output, now).unwrap();
        assert_eq!(parsed[0].url.as_str(), "https://cell1.svc.example/");
        assert_eq!(parsed[0].expires - now, Duration::from_secs(120));
        assert_eq!(parsed[1].url.as_str(), "http://127.0.0.1:9/");
        let err = parse_endpoints(&json!({}), now).unwrap_err();
        assert!(err.to_string().contains("Endpoints"), "{err}");

        let mut url = url::Url::parse("https://svc.us-east-1.example/a/b?x=1").unwrap();
        point(&mut url, &parsed[1].url).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:9/a/b?x=1");
    }
}
