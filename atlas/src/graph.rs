//! The diagram of one service: a Graphviz `dot` graph of its resources and how each is
//! reached from another.

use std::fmt::Write;

use crate::load::Service;

/// The `dot` source: one node per resource (type and identifiers), one edge per
/// subresource (solid), reference (dashed), collection (bold) and resource-returning
/// action (dotted), labelled with the method.
pub fn dot(service: &Service) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", service.name);
    out.push_str(
        "  rankdir=LR;\n  graph [fontname=\"Helvetica\", fontsize=11, nodesep=0.25, ranksep=0.9];\n  \
         node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#5577aa\", \
         fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9, \
         color=\"#667788\", fontcolor=\"#445566\"];\n",
    );
    for r in &service.resolved.resources {
        let ids: Vec<&str> = r.identifiers.iter().map(|i| i.name.as_str()).collect();
        let label = if r.is_service() {
            format!("{}\\n(service)", service.name)
        } else if ids.is_empty() {
            r.type_name.clone()
        } else {
            format!("{}\\n{}", r.type_name, ids.join(", "))
        };
        let fill = if r.is_service() {
            ", fillcolor=\"#ffe9b3\", color=\"#aa8833\""
        } else {
            ""
        };
        let _ = writeln!(out, "  \"{}\" [label=\"{label}\"{fill}];", r.type_name);
    }
    for r in &service.resolved.resources {
        let from = &r.type_name;
        let mut edge = |to: &str, label: &str, style: &str| {
            let to = service.type_of(to);
            let _ = writeln!(
                out,
                "  \"{from}\" -> \"{to}\" [label=\"{label}\", {style}];"
            );
        };
        for s in &r.subresources {
            if !r.is_service() {
                edge(
                    &s.def.resource.type_name,
                    &format!("{}()", s.method),
                    "style=solid",
                );
            }
        }
        for s in &r.references {
            edge(
                &s.def.resource.type_name,
                &format!("{}()", s.method),
                "style=dashed",
            );
        }
        for c in &r.collections {
            edge(
                &c.def.resource.type_name,
                &format!("{}()", c.method),
                "style=bold, color=\"#335599\"",
            );
        }
        for a in &r.actions {
            if let Some(res) = &a.def.resource {
                edge(&res.type_name, &format!("{}()", a.method), "style=dotted");
            }
        }
    }
    out.push_str("}\n");
    out
}
