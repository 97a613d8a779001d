//! The atlas pages: one Markdown page per service and the index.

use std::fmt::Write;

use rboto_resources_codegen::model::{Action, Resource};
use rboto_resources_codegen::parse::ResponseResourceDef;

use crate::load::Service;

/// One line of the index.
pub struct Summary {
    name: String,
    display: String,
    api_version: String,
    resources: usize,
    actions: usize,
    collections: usize,
    waiters: usize,
}

impl Summary {
    /// Counts what a service has.
    pub fn of(service: &Service) -> Summary {
        let all = &service.resolved.resources;
        Summary {
            name: service.name.clone(),
            display: service.display_name(),
            api_version: service.api_version.clone(),
            resources: all.len() - 1,
            actions: all
                .iter()
                .map(|r| r.actions.len() + r.batch_actions.len())
                .sum(),
            collections: all.iter().map(|r| r.collections.len()).sum(),
            waiters: all.iter().map(|r| r.waiters.len()).sum(),
        }
    }
}

const GENERATED: &str = "<!-- Written by `cargo run -p rboto-atlas`; do not edit by hand. -->";

/// `docs/atlas/README.md`.
pub fn index(summaries: &[Summary]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{GENERATED}\n\n# The resource atlas\n");
    out.push_str(
        "Every resource rboto generates, service by service: its identifiers, its typed \
         attributes, each action and the AWS operation it calls, its collections (and the \
         listing operation behind them), waiters, references, subresources and batch actions. \
         Each page has a diagram of how the resources reach one another. The pages are written \
         from the same `resources-1.json` and service models the `rboto_resources!` macro reads, \
         through the generator's own parse and model phases, so they name exactly what the \
         generated code has (`cargo doc --open` has the same facts item by item).\n\n",
    );
    out.push_str(
        "| Service | Module | API version | Resources | Actions | Collections | Waiters | Diagram |\n\
         | --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n",
    );
    for s in summaries {
        let _ = writeln!(
            out,
            "| [{}]({}.md) | `rboto::{}` | {} | {} | {} | {} | {} | [{}.svg]({}.svg) |",
            s.display,
            s.name,
            s.name,
            s.api_version,
            s.resources,
            s.actions,
            s.collections,
            s.waiters,
            s.name,
            s.name
        );
    }
    out.push_str(
        "\nResources counts the named resources (not the service resource); actions include \
         batch actions. In the diagrams a solid arrow is a subresource (built from the \
         parent's identifiers, no request), a dashed arrow a reference (built from the \
         parent's loaded data), a bold arrow a collection (a paginated listing), and a dotted \
         arrow an action that returns resources.\n\nRegenerate with \
         `cargo run -p rboto-atlas` (needs Graphviz `dot`); `scripts/test` runs \
         `cargo run -p rboto-atlas -- --check`, which fails when a page is stale.\n",
    );
    out
}

/// `docs/atlas/<service>.md`.
pub fn page(service: &Service) -> String {
    let mut out = String::new();
    let name = &service.name;
    let _ = writeln!(
        out,
        "{GENERATED}\n\n# {} resources (`rboto::{name}`)\n",
        service.display_name()
    );
    let _ = writeln!(
        out,
        "API version {}. Entry point: `rboto::{name}::ServiceResource::new(&session)?`. \
         [All services](README.md).\n",
        service.api_version
    );
    let _ = writeln!(
        out,
        "![{name} resources]({name}.svg)\n\nIn the diagram a bold arrow is a collection, a \
         dotted one an action returning resources, a solid one a subresource and a dashed one \
         a reference.\n"
    );
    out.push_str("Resources: ");
    let links: Vec<String> = service
        .resolved
        .resources
        .iter()
        .map(|r| format!("[{0}](#{1})", r.type_name, r.type_name.to_lowercase()))
        .collect();
    out.push_str(&links.join(", "));
    out.push_str(".\n");
    for resource in &service.resolved.resources {
        resource_section(&mut out, service, resource);
    }
    out
}

fn resource_section(out: &mut String, service: &Service, r: &Resource) {
    let _ = writeln!(out, "\n## {}\n", r.type_name);
    if r.is_service() {
        let _ = writeln!(
            out,
            "The service itself: `{}::ServiceResource::new(&session)?`.",
            service.name
        );
    } else {
        let reached = reached_from(service, &r.name);
        if !reached.is_empty() {
            let _ = writeln!(out, "Reached from: {}.", reached.join(", "));
        }
    }

    if !r.identifiers.is_empty() {
        out.push_str(
            "\n**Identifiers**\n\n| Accessor | Identifier | Type |\n| --- | --- | --- |\n",
        );
        for id in &r.identifiers {
            let ty = if id.integer { "i64" } else { "&str" };
            let _ = writeln!(out, "| `{}()` | `{}` | `{ty}` |", id.method, id.name);
        }
    }

    if let Some(shape) = &r.shape {
        let loaded_by = match (&r.load, r.loadable) {
            (Some((operation, _)), _) => format!("loaded by `{operation}` on first use"),
            (None, true) => "loaded by a hand-written `load()` on first use".to_owned(),
            (None, false) => "filled only when the resource comes from a response".to_owned(),
        };
        let _ = writeln!(
            out,
            "\n**Attributes** (shape `{shape}`, {loaded_by}; each getter is `async` and returns \
             `Result<Option<T>>`)\n"
        );
        if r.attributes.is_empty() && r.aliases.is_empty() {
            out.push_str("None besides the identifiers.\n");
        } else {
            out.push_str("| Getter | Member | Type |\n| --- | --- | --- |\n");
            for a in &r.attributes {
                let _ = writeln!(
                    out,
                    "| `{}()` | `{}` | `{}` |",
                    a.method,
                    a.member,
                    service.rust_type(&a.shape)
                );
            }
            for a in &r.aliases {
                let id = &r.identifiers[a.identifier];
                let ty = if id.integer { "i64" } else { "&str" };
                let _ = writeln!(
                    out,
                    "| `{}()` | `{}` | `{ty}`, the identifier `{}` (not async: no request) |",
                    a.method, a.member, id.name
                );
            }
        }
    }

    let extensions: Vec<_> = service
        .extensions
        .iter()
        .filter(|e| e.resource == r.type_name)
        .collect();
    if !r.actions.is_empty() || !extensions.is_empty() {
        out.push_str("\n**Actions**\n\n| Method | Operation | Returns |\n| --- | --- | --- |\n");
        for a in &r.actions {
            let _ = writeln!(
                out,
                "| `{}()` | `{}` | {} |",
                a.method,
                a.def.request.operation,
                returns(service, a)
            );
        }
        for e in extensions {
            let _ = writeln!(
                out,
                "| `{}()` (hand-written) | `{}` | {} |",
                e.method, e.operation, e.returns
            );
        }
    }

    if !r.batch_actions.is_empty() {
        let _ = writeln!(
            out,
            "\n**Batch actions** (on any collection of `{}`, one request per page)\n\n\
             | Method | Operation |\n| --- | --- |",
            r.type_name
        );
        for a in &r.batch_actions {
            let _ = writeln!(out, "| `{}()` | `{}` |", a.method, a.def.request.operation);
        }
    }

    if !r.waiters.is_empty() {
        out.push_str("\n**Waiters**\n\n| Method | botocore waiter |\n| --- | --- |\n");
        for w in &r.waiters {
            let _ = writeln!(out, "| `{}()` | `{}` |", w.method, w.def.waiter_name);
        }
    }

    if !r.subresources.is_empty() {
        out.push_str(
            "\n**Subresources** (no request: built from identifiers)\n\n\
             | Method | Resource |\n| --- | --- |\n",
        );
        for s in &r.subresources {
            let args: Vec<String> = s
                .def
                .resource
                .inputs()
                .map(|p| rboto_resources_codegen::naming::xform_name(&p.target))
                .collect();
            let _ = writeln!(
                out,
                "| `{}({})` | {} |",
                s.method,
                args.join(", "),
                resource_link(service, &s.def.resource)
            );
        }
    }

    if !r.references.is_empty() {
        out.push_str(
            "\n**References** (built from this resource's data, loading it first if needed; \
             `async`)\n\n| Method | Returns |\n| --- | --- |\n",
        );
        for s in &r.references {
            let link = resource_link(service, &s.def.resource);
            let returns = if s.def.resource.is_plural() {
                format!("`Vec` of {link}")
            } else {
                format!("`Option` of {link}")
            };
            let _ = writeln!(out, "| `{}()` | {returns} |", s.method);
        }
    }

    if !r.collections.is_empty() {
        out.push_str(
            "\n**Collections** (`Stream`s over every page; `.filter()`, `.limit()`, \
             `.page_size()`, `.pages()`)\n\n| Method | Operation | Items |\n| --- | --- | --- |\n",
        );
        for c in &r.collections {
            let _ = writeln!(
                out,
                "| `{}()` | `{}` | {} |",
                c.method,
                c.def.request.operation,
                resource_link(service, &c.def.resource)
            );
        }
    }
}

/// What an action returns, as the generated code types it.
fn returns(service: &Service, action: &Action) -> String {
    if let Some(res) = &action.def.resource {
        let link = resource_link(service, res);
        return if res.is_plural() {
            format!("`Vec` of {link}")
        } else {
            link
        };
    }
    if action.def.path.is_some() {
        return "`serde_json::Value`".to_owned();
    }
    match service.output_shape(&action.def.request.operation) {
        Some(shape) => format!("`{}`", service.rust_type(&shape)),
        None => "`()`".to_owned(),
    }
}

/// A resource type linked to its section.
fn resource_link(service: &Service, res: &ResponseResourceDef) -> String {
    let ty = service.type_of(&res.type_name);
    format!("[`{ty}`](#{})", ty.to_lowercase())
}

/// Every way a resource of type `target` is obtained from another resource.
fn reached_from(service: &Service, target: &str) -> Vec<String> {
    let mut ways = Vec::new();
    for r in &service.resolved.resources {
        let owner = &r.type_name;
        for s in r.subresources.iter().chain(&r.references) {
            if s.def.resource.type_name == target {
                ways.push(format!("`{owner}::{}()`", s.method));
            }
        }
        for c in &r.collections {
            if c.def.resource.type_name == target {
                ways.push(format!("`{owner}::{}()`", c.method));
            }
        }
        for a in &r.actions {
            if a.def
                .resource
                .as_ref()
                .is_some_and(|res| res.type_name == target)
            {
                ways.push(format!("`{owner}::{}()`", a.method));
            }
        }
    }
    ways
}
