//! A typed view of boto3's `resources-1.json`: the service resource, each resource type, and
//! their identifiers, loads, actions, batch actions, waiters, references and collections.
//!
//! Every key the real files use is read, including the two boto3 ignores
//! (`identifiers[].type`, `waiters.*.path`), so nothing in a definition is silently lost; keys
//! this view does not know are skipped, so newer files still parse.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// A whole `resources-1.json`.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ResourcesFile {
    /// The service resource (`s3.ServiceResource`): actions, `has` and `hasMany` at the top.
    pub service: ResourceDef,
    /// Every resource type, by name (`Bucket`, `Instance`).
    #[serde(default)]
    pub resources: IndexMap<String, ResourceDef>,
}

/// One resource type, or the service resource (which has no identifiers, shape or load).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourceDef {
    /// The identifiers, in the order constructors take them.
    #[serde(default)]
    pub identifiers: Vec<IdentifierDef>,
    /// The service-model shape whose members are this resource's attributes.
    pub shape: Option<String>,
    /// How to fetch the attributes.
    pub load: Option<LoadDef>,
    /// Actions, by name (`Delete`, `CreateTags`).
    #[serde(default)]
    pub actions: IndexMap<String, ActionDef>,
    /// Actions offered on collections of this resource type, one request per page.
    #[serde(default)]
    pub batch_actions: IndexMap<String, ActionDef>,
    /// Waiters, by name (`Exists`, `Running`).
    #[serde(default)]
    pub waiters: IndexMap<String, WaiterDef>,
    /// Sub-resources and references, by name.
    #[serde(default)]
    pub has: IndexMap<String, HasDef>,
    /// Collections, by name.
    #[serde(default)]
    pub has_many: IndexMap<String, HasManyDef>,
}

/// One identifier of a resource type.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IdentifierDef {
    /// The identifier's name (`BucketName`).
    pub name: String,
    /// The shape member that mirrors it (`InstanceId`), answered without a load.
    pub member_name: Option<String>,
    /// A declared type (`integer`, once); boto3 ignores it.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// A resource type's load: one request, and the JMESPath to its data in the response.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct LoadDef {
    /// The request.
    pub request: RequestDef,
    /// Where the data sits in the response (`@` for all of it).
    pub path: String,
}

/// An operation to call and where its parameters come from.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct RequestDef {
    /// The service-model operation (`ListObjects`).
    pub operation: String,
    /// Parameters filled from the resource or from literals.
    #[serde(default)]
    pub params: Vec<ParamDef>,
}

/// Where one value comes from and where it goes: a request parameter, or an identifier of a
/// resource built from a response.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ParamDef {
    /// Where it goes: a request target (`Filters[0].Values[0]`) or an identifier name.
    pub target: String,
    /// Where it comes from: `identifier`, `data`, `string`, `integer`, `boolean`, `input`,
    /// `response` or `requestParameter`.
    pub source: String,
    /// The identifier's name, for source `identifier`.
    pub name: Option<String>,
    /// The JMESPath, for sources `data`, `response` and `requestParameter`.
    pub path: Option<String>,
    /// The literal, for sources `string`, `integer` and `boolean`.
    pub value: Option<Value>,
}

/// An action: a request, and either the resource(s) it returns or the raw response.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ActionDef {
    /// The request.
    pub request: RequestDef,
    /// The resource(s) built from the response, when the action returns resources.
    pub resource: Option<ResponseResourceDef>,
    /// A JMESPath applied to the raw response, when the action returns no resource.
    pub path: Option<String>,
}

/// A resource built from a response, from a parent's data or from inputs.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct ResponseResourceDef {
    /// The resource type's name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Where each of its identifiers comes from (`target` is the identifier's name).
    #[serde(default)]
    pub identifiers: Vec<ParamDef>,
    /// A JMESPath to the data the new resource(s) carry.
    pub path: Option<String>,
}

/// A waiter on a resource: a service-model waiter with parameters from the resource.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WaiterDef {
    /// The `waiters-2.json` waiter (`InstanceRunning`).
    pub waiter_name: String,
    /// Parameters from the resource.
    #[serde(default)]
    pub params: Vec<ParamDef>,
    /// A JMESPath boto3 ignores.
    pub path: Option<String>,
}

/// A `has` entry: a sub-resource (no I/O) or, when an identifier comes from `data`, a
/// reference (may load).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct HasDef {
    /// The related resource.
    pub resource: ResponseResourceDef,
}

/// A `hasMany` collection: a (usually paginated) request and the resources on each page.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct HasManyDef {
    /// The request.
    pub request: RequestDef,
    /// The resources built from each page.
    pub resource: ResponseResourceDef,
}

/// One `has` entry of the service resource, as [`ResourcesFile::service_has`] builds it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServiceHas {
    /// The entry.
    pub definition: HasDef,
    /// Whether the file declares it under `service.has`; otherwise it is the constructor
    /// boto3 makes up for a resource type, taking every identifier as input.
    pub declared: bool,
}

impl ResourcesFile {
    /// Parses the text of a `resources-1.json`.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The definition of `type_name`, where `""` is the service resource.
    pub fn resource(&self, type_name: &str) -> Option<&ResourceDef> {
        if type_name.is_empty() {
            Some(&self.service)
        } else {
            self.resources.get(type_name)
        }
    }

    /// The service resource's `has` entries as boto3 builds them
    /// (`ResourceModel._get_has_definition`): for each resource type in file order, the
    /// entries of `service.has` naming that type (which may rename it: EC2's `KeyPair` builds
    /// a `KeyPairInfo`), or, when none does, a constructor named after the type that takes
    /// every identifier as input. Entries are keyed by name and a later one replaces an
    /// earlier one of the same name in its place, so EC2 has no constructor of type `KeyPair`
    /// (only `create_key_pair` returns one). Entries naming an unknown type are dropped.
    pub fn service_has(&self) -> IndexMap<String, ServiceHas> {
        let mut has = IndexMap::new();
        for (type_name, definition) in &self.resources {
            let mut declared = self
                .service
                .has
                .iter()
                .filter(|(_, entry)| entry.resource.type_name == *type_name)
                .peekable();
            if declared.peek().is_none() {
                let constructor = HasDef::constructor(type_name, definition);
                has.insert(type_name.clone(), ServiceHas::new(constructor, false));
            }
            for (name, entry) in declared {
                has.insert(name.clone(), ServiceHas::new(entry.clone(), true));
            }
        }
        has
    }
}

impl ServiceHas {
    fn new(definition: HasDef, declared: bool) -> Self {
        ServiceHas {
            definition,
            declared,
        }
    }
}

impl HasDef {
    /// A sub-resource entry that builds `type_name` from inputs, one per identifier of its
    /// `definition`, in order: how the service resource constructs every resource type.
    pub fn constructor(type_name: &str, definition: &ResourceDef) -> Self {
        HasDef {
            resource: ResponseResourceDef {
                type_name: type_name.to_owned(),
                identifiers: definition
                    .identifiers
                    .iter()
                    .map(|identifier| ParamDef::input(&identifier.name))
                    .collect(),
                path: None,
            },
        }
    }

    /// Whether this entry is a reference: one of its identifiers comes from the parent's data.
    pub fn is_reference(&self) -> bool {
        self.resource.is_reference()
    }
}

impl ResponseResourceDef {
    /// Whether one of the identifiers comes from the parent's data (boto3 calls such a `has`
    /// entry a reference; it may need a load).
    pub fn is_reference(&self) -> bool {
        self.identifiers.iter().any(|i| i.source == "data")
    }

    /// Whether the identifiers fan out into several resources: one taken from a response,
    /// request parameter or data by a path with `[]` (`Reservations[].Instances[].InstanceId`).
    pub fn is_plural(&self) -> bool {
        self.identifiers
            .iter()
            .filter(|i| matches!(i.source.as_str(), "response" | "requestParameter" | "data"))
            .any(|i| i.path.as_deref().is_some_and(|p| p.contains("[]")))
    }

    /// The identifiers the caller supplies (source `input`), in order.
    pub fn inputs(&self) -> impl Iterator<Item = &ParamDef> {
        self.identifiers.iter().filter(|i| i.source == "input")
    }
}

impl ParamDef {
    /// An identifier the caller supplies, for `target`.
    pub fn input(target: &str) -> Self {
        ParamDef {
            target: target.to_owned(),
            source: "input".to_owned(),
            name: None,
            path: None,
            value: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definitions in `text`, which the test wrote to parse.
    fn parse(text: &str) -> ResourcesFile {
        ResourcesFile::from_json(text).expect("the test's definitions parse")
    }

    #[test]
    fn the_service_resource_constructs_every_type_unless_an_entry_names_it() {
        let defs = parse(
            r#"{"service": {"has": {"Pair": {"resource": {"type": "PairInfo",
                  "identifiers": [{"target": "Name", "source": "input"}]}}}},
                "resources": {
                  "Pair": {"identifiers": [{"name": "Name"}]},
                  "PairInfo": {"identifiers": [{"name": "Name"}]},
                  "Thing": {"identifiers": [{"name": "A"}, {"name": "B"}]}}}"#,
        );
        let has = defs.service_has();
        let summary: Vec<(&str, &str, bool)> = has
            .iter()
            .map(|(name, e)| {
                let target = e.definition.resource.type_name.as_str();
                (name.as_str(), target, e.declared)
            })
            .collect();
        assert_eq!(
            summary,
            [("Pair", "PairInfo", true), ("Thing", "Thing", false)]
        );
        let inputs: Vec<&str> = has["Thing"]
            .definition
            .resource
            .inputs()
            .map(|i| i.target.as_str())
            .collect();
        assert_eq!(inputs, ["A", "B"]);
    }

    #[test]
    fn a_later_constructor_replaces_an_earlier_entry_of_its_name_as_boto3_does() {
        let defs = parse(
            r#"{"service": {"has": {"Pair": {"resource": {"type": "Info",
                  "identifiers": [{"target": "Name", "source": "input"}]}}}},
                "resources": {
                  "Info": {"identifiers": [{"name": "Name"}]},
                  "Pair": {"identifiers": [{"name": "Name"}]}}}"#,
        );
        let has = defs.service_has();
        assert_eq!(has.len(), 1);
        assert_eq!(has["Pair"].definition.resource.type_name, "Pair");
        assert!(!has["Pair"].declared);
    }

    #[test]
    fn references_and_fan_out_are_read_from_the_identifier_sources() {
        let defs = parse(
            r#"{"service": {}, "resources": {"Instance": {
                 "identifiers": [{"name": "Id"}],
                 "has": {
                   "Vpc": {"resource": {"type": "Vpc",
                     "identifiers": [{"target": "Id", "source": "data", "path": "VpcId"}]}},
                   "Nics": {"resource": {"type": "Nic",
                     "identifiers": [{"target": "Id", "source": "data",
                                      "path": "NetworkInterfaces[].NetworkInterfaceId"}]}},
                   "Tag": {"resource": {"type": "Tag",
                     "identifiers": [{"target": "ResourceId", "source": "identifier", "name": "Id"},
                                     {"target": "Key", "source": "input"}]}}}}}}"#,
        );
        let has = &defs.resource("Instance").unwrap().has;
        assert!(has["Vpc"].is_reference() && !has["Vpc"].resource.is_plural());
        assert!(has["Nics"].is_reference() && has["Nics"].resource.is_plural());
        assert!(!has["Tag"].is_reference() && !has["Tag"].resource.is_plural());
        assert_eq!(has["Tag"].resource.inputs().count(), 1);
        assert!(defs.resource("").is_some() && defs.resource("Nic").is_none());
    }

    #[test]
    fn every_key_is_kept_and_unknown_keys_are_skipped() {
        let defs = parse(
            r#"{"service": {"future": 1}, "resources": {"Queue": {
                 "identifiers": [{"name": "Size", "type": "integer", "memberName": "QueueSize"}],
                 "waiters": {"Gone": {"waiterName": "QueueGone", "path": "Q",
                   "params": [{"target": "N", "source": "integer", "value": 3}]}}}}}"#,
        );
        let queue = defs.resource("Queue").unwrap();
        let id = &queue.identifiers[0];
        assert_eq!(id.kind.as_deref(), Some("integer"));
        assert_eq!(id.member_name.as_deref(), Some("QueueSize"));
        let waiter = &queue.waiters["Gone"];
        assert_eq!(waiter.waiter_name, "QueueGone");
        assert_eq!(waiter.path.as_deref(), Some("Q"));
        assert_eq!(waiter.params[0].value, Some(serde_json::json!(3)));
    }
}
