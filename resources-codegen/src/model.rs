//! Model phase: resolved resources with their final Rust names.
//!
//! Names follow boto3's `ResourceModel.load_rename_map`: precedence `meta`, `load`,
//! identifiers, actions, subresources, references, collections, waiters, attributes; a
//! later name that collides becomes `<name>_<category>`. Subresources are snake_case
//! methods in Rust (boto3 keeps them CamelCase), so they take part in the collision check.

use std::collections::HashSet;

use crate::naming::{type_name, xform_name};
use crate::parse::{
    ActionDef, HasDef, HasManyDef, ParamDef, ResourceDef, ResourcesFile, ServiceFile, WaiterDef,
};
use crate::{Error, Options};

/// The resolved definition of one service.
#[derive(Debug)]
pub struct ServiceModel {
    /// Index 0 is the service resource; the rest in file order.
    pub resources: Vec<Resource>,
}

/// One resolved resource (or the service resource).
#[derive(Debug)]
pub struct Resource {
    /// Key in `resources`, or `""` for the service resource.
    pub name: String,
    /// Rust type name (`Bucket`, `ServiceResource`).
    pub type_name: String,
    /// Rust module holding its builders (`bucket`, `service_resource`).
    pub module: String,
    /// JSON path of the definition (`resources.Bucket`, `service`).
    pub json_path: String,
    /// Identifiers in declared order.
    pub identifiers: Vec<Identifier>,
    /// Shape of the attributes.
    pub shape: Option<String>,
    /// The definition's `load`, if any.
    pub load: Option<(String, String)>,
    /// Parameters of the load request.
    pub load_params: Vec<ParamDef>,
    /// `load()`/`reload()` exist (modelled load, or one supplied by an extension).
    pub loadable: bool,
    /// Typed attribute getters.
    pub attributes: Vec<Attribute>,
    /// Shape members that answer with an identifier.
    pub aliases: Vec<Alias>,
    /// Actions.
    pub actions: Vec<Action>,
    /// Batch actions (on collections of this resource).
    pub batch_actions: Vec<Action>,
    /// Subresource constructors.
    pub subresources: Vec<Related>,
    /// References.
    pub references: Vec<Related>,
    /// Collections.
    pub collections: Vec<Collection>,
    /// Waiters.
    pub waiters: Vec<Waiter>,
}

/// An identifier.
#[derive(Debug)]
pub struct Identifier {
    /// JSON name (`BucketName`).
    pub name: String,
    /// Accessor name (`bucket_name`).
    pub method: String,
    /// Typed as an integer (`"type": "integer"`).
    pub integer: bool,
}

/// An attribute: a member of the resource's shape.
#[derive(Debug)]
pub struct Attribute {
    /// Member name in the shape.
    pub member: String,
    /// Getter name.
    pub method: String,
    /// Target shape of the member.
    pub shape: String,
}

/// A shape member answered by an identifier without a load.
#[derive(Debug)]
pub struct Alias {
    /// Member name.
    pub member: String,
    /// Getter name.
    pub method: String,
    /// Index of the identifier.
    pub identifier: usize,
}

/// An action or batch action.
#[derive(Debug)]
pub struct Action {
    /// JSON name (`Delete`).
    pub name: String,
    /// Method name (`delete`).
    pub method: String,
    /// JSON path of the definition.
    pub json_path: String,
    /// The definition.
    pub def: ActionDef,
}

/// A `has` entry: subresource or reference.
#[derive(Debug)]
pub struct Related {
    /// JSON name (`Object`).
    pub name: String,
    /// Method name (`object`).
    pub method: String,
    /// JSON path of the definition (for the service resource's implicit entries, the
    /// resource's own path).
    pub json_path: String,
    /// The related resource.
    pub def: HasDef,
}

/// A collection.
#[derive(Debug)]
pub struct Collection {
    /// JSON name (`Objects`).
    pub name: String,
    /// Method name (`objects`).
    pub method: String,
    /// JSON path of the definition.
    pub json_path: String,
    /// The definition.
    pub def: HasManyDef,
}

/// A waiter.
#[derive(Debug)]
pub struct Waiter {
    /// JSON name (`Exists`).
    pub name: String,
    /// Method name (`wait_until_exists`).
    pub method: String,
    /// JSON path of the definition.
    pub json_path: String,
    /// The definition.
    pub def: WaiterDef,
}

impl Resource {
    /// True for the service resource.
    pub fn is_service(&self) -> bool {
        self.name.is_empty()
    }
}

/// Builds the resolved model; `options` names resources whose load an extension supplies
/// and actions an extension replaces.
pub fn build(
    file: &ResourcesFile,
    service: &ServiceFile,
    options: &Options,
) -> Result<ServiceModel, Vec<Error>> {
    let loaders = &options.loaders;
    let mut errors = Vec::new();
    let mut resources = vec![resolve(
        "",
        "service",
        &file.service,
        file,
        service,
        loaders,
        &mut errors,
    )];
    for (name, def) in &file.resources {
        let path = format!("resources.{name}");
        resources.push(resolve(
            name,
            &path,
            def,
            file,
            service,
            loaders,
            &mut errors,
        ));
    }
    for loader in loaders {
        if !file.resources.contains_key(loader) {
            errors.push(Error::new(
                "loaders",
                format!("unknown resource type {loader:?}"),
            ));
        }
    }
    for skipped in &options.skip {
        let known = resources
            .iter()
            .any(|r| r.actions.iter().any(|a| &a.json_path == skipped));
        if !known {
            errors.push(Error::new("skip", format!("no action at {skipped:?}")));
        }
    }
    for resource in &mut resources {
        resource
            .actions
            .retain(|a| !options.skip.contains(&a.json_path));
    }
    if errors.is_empty() {
        Ok(ServiceModel { resources })
    } else {
        Err(errors)
    }
}

/// The set of names taken on one resource, renaming on collision as boto3 does.
struct Names {
    taken: HashSet<String>,
    owner: String,
}

impl Names {
    fn claim(
        &mut self,
        snake: String,
        category: &str,
        path: &str,
        errors: &mut Vec<Error>,
    ) -> String {
        if self.taken.insert(snake.clone()) {
            return snake;
        }
        let renamed = format!("{snake}_{category}");
        if !self.taken.insert(renamed.clone()) {
            errors.push(Error::new(
                path,
                format!(
                    "{category} name {snake:?} of {} collides, and so does {renamed:?}",
                    self.owner
                ),
            ));
        }
        renamed
    }
}

fn resolve(
    name: &str,
    path: &str,
    def: &ResourceDef,
    file: &ResourcesFile,
    service: &ServiceFile,
    loaders: &[String],
    errors: &mut Vec<Error>,
) -> Resource {
    let is_service = name.is_empty();
    let type_name_ = if is_service {
        "ServiceResource".to_owned()
    } else {
        type_name(name)
    };
    let mut names = Names {
        taken: ["meta"].iter().map(|s| s.to_string()).collect(),
        owner: if is_service {
            "the service resource".into()
        } else {
            format!("resource {name}")
        },
    };
    let loadable = def.load.is_some() || loaders.iter().any(|l| l == name);
    if loadable {
        names.taken.insert("load".into());
        names.taken.insert("reload".into());
    }
    if is_service {
        names.taken.insert("new".into());
        names.taken.insert("from_client".into());
    }

    let identifiers: Vec<Identifier> = def
        .identifiers
        .iter()
        .enumerate()
        .map(|(i, id)| Identifier {
            name: id.name.clone(),
            method: names.claim(
                xform_name(&id.name),
                "identifier",
                &format!("{path}.identifiers[{i}]"),
                errors,
            ),
            integer: id.kind.as_deref() == Some("integer"),
        })
        .collect();

    let actions = def
        .actions
        .iter()
        .map(|(action, adef)| {
            let json_path = format!("{path}.actions.{action}");
            Action {
                name: action.clone(),
                method: names.claim(xform_name(action), "action", &json_path, errors),
                json_path,
                def: adef.clone(),
            }
        })
        .collect();

    let mut subresources = Vec::new();
    let mut references = Vec::new();
    for (has_name, has_path, has) in has_entries(def, path, file, is_service) {
        let reference = has.resource.is_reference();
        let category = if reference {
            "reference"
        } else {
            "subresource"
        };
        let related = Related {
            method: names.claim(xform_name(&has_name), category, &has_path, errors),
            name: has_name,
            json_path: has_path,
            def: has,
        };
        if reference {
            references.push(related);
        } else {
            subresources.push(related);
        }
    }

    let collections = def
        .has_many
        .iter()
        .map(|(coll, cdef)| {
            let json_path = format!("{path}.hasMany.{coll}");
            Collection {
                name: coll.clone(),
                method: names.claim(xform_name(coll), "collection", &json_path, errors),
                json_path,
                def: cdef.clone(),
            }
        })
        .collect();

    let waiters = def
        .waiters
        .iter()
        .map(|(waiter, wdef)| {
            let json_path = format!("{path}.waiters.{waiter}");
            Waiter {
                name: waiter.clone(),
                method: names.claim(
                    xform_name(&format!("WaitUntil{waiter}")),
                    "waiter",
                    &json_path,
                    errors,
                ),
                json_path,
                def: wdef.clone(),
            }
        })
        .collect();

    let batch_actions = def
        .batch_actions
        .iter()
        .map(|(batch, bdef)| Action {
            name: batch.clone(),
            method: xform_name(batch),
            json_path: format!("{path}.batchActions.{batch}"),
            def: bdef.clone(),
        })
        .collect();

    let mut attributes = Vec::new();
    let mut aliases = Vec::new();
    let members = def
        .shape
        .as_ref()
        .and_then(|shape| service.shapes.get(shape))
        .map(|shape| shape.members.clone())
        .unwrap_or_default();
    for (member, target) in &members {
        let snake = xform_name(member);
        let member_path = format!("{path}.shape.{member}");
        let method = names.claim(snake.clone(), "attribute", &member_path, errors);
        if def
            .identifiers
            .iter()
            .any(|id| xform_name(&id.name) == snake)
        {
            continue;
        }
        let alias_of = def
            .identifiers
            .iter()
            .position(|id| id.member_name.as_deref() == Some(member.as_str()));
        match alias_of {
            Some(identifier) => aliases.push(Alias {
                member: member.clone(),
                method,
                identifier,
            }),
            None => attributes.push(Attribute {
                member: member.clone(),
                method,
                shape: target.shape.clone(),
            }),
        }
    }

    Resource {
        name: name.to_owned(),
        module: xform_name(&type_name_),
        type_name: type_name_,
        json_path: path.to_owned(),
        identifiers,
        shape: def.shape.clone(),
        load: def
            .load
            .as_ref()
            .map(|l| (l.request.operation.clone(), l.path.clone())),
        load_params: def
            .load
            .as_ref()
            .map(|l| l.request.params.clone())
            .unwrap_or_default(),
        loadable,
        attributes,
        aliases,
        actions,
        batch_actions,
        subresources,
        references,
        collections,
        waiters,
    }
}

/// The `has` entries of a resource with the JSON path of each; the service resource's are
/// boto3's ([`ResourcesFile::service_has`]): a constructor made up for a resource type is
/// located at that type's definition.
fn has_entries(
    def: &ResourceDef,
    path: &str,
    file: &ResourcesFile,
    is_service: bool,
) -> Vec<(String, String, HasDef)> {
    if !is_service {
        return def
            .has
            .iter()
            .map(|(n, h)| (n.clone(), format!("{path}.has.{n}"), h.clone()))
            .collect();
    }
    file.service_has()
        .into_iter()
        .map(|(name, entry)| {
            let json_path = if entry.declared {
                format!("{path}.has.{name}")
            } else {
                format!("resources.{}", entry.definition.resource.type_name)
            };
            (name, json_path, entry.definition)
        })
        .collect()
}
