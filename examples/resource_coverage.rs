//! Writes `docs/resource-coverage.md` from what the resource end-to-end tests recorded.
//!
//! Every `tests/it/resources_<service>.rs` test appends one JSON line per load, action, collection,
//! waiter and batch action it exercised (proven by the request it saw sent) or tried and found
//! moto unable to serve (with the reason) to `<target>/tmp/resource-coverage/<service>.jsonl`.
//! This program lists every item of the nine services' `resources-1.json`, marks each with what
//! was recorded, and ends with a totals line per kind.
//!
//! Usage: `cargo run --example resource_coverage [RECORDS_DIR [OUTPUT]]`; the records directory
//! defaults to `$CARGO_TARGET_DIR/tmp/resource-coverage` (or `target/...`), the output to
//! `docs/resource-coverage.md`. `scripts/test` runs it after the tests.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The kinds of items, in table order, with the name used in the records and in the totals.
const KINDS: [(&str, &str); 5] = [
    ("load", "loads"),
    ("action", "actions"),
    ("collection", "collections"),
    ("waiter", "waiters"),
    ("batch_action", "batch actions"),
];

/// What the tests recorded about one item.
#[derive(Default)]
struct Seen {
    exercised: bool,
    pages: usize,
    reasons: BTreeSet<String>,
    notes: BTreeSet<String>,
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let records = args.next().map(PathBuf::from).unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        target.join("tmp").join("resource-coverage")
    });
    let output = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("docs").join("resource-coverage.md"));

    let seen = read_records(&records);
    let markdown = render(&root.join("resource-models").join("models"), &seen);
    std::fs::create_dir_all(output.parent().expect("output has a directory"))
        .expect("create the docs directory");
    std::fs::write(&output, markdown).expect("write the coverage table");
    println!("wrote {}", output.display());
}

type Key = (String, String, String, String);

/// Every record line in `dir`, merged per (service, resource, kind, name).
fn read_records(dir: &Path) -> BTreeMap<Key, Seen> {
    let mut seen: BTreeMap<Key, Seen> = BTreeMap::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| {
        panic!(
            "no coverage records in {} ({e}): run the resource tests first",
            dir.display()
        )
    });
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read a records file");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: bad line {line:?}: {e}", path.display()));
            let field = |name: &str| record[name].as_str().unwrap_or_default().to_owned();
            let key = (
                field("service"),
                field("resource"),
                field("kind"),
                field("name"),
            );
            let item = seen.entry(key).or_default();
            if let Some(note) = record["note"].as_str() {
                item.notes.insert(note.to_owned());
                continue;
            }
            match record["skipped"].as_str() {
                Some(reason) => {
                    item.reasons.insert(reason.to_owned());
                }
                None => {
                    item.exercised = true;
                    let pages = record["pages"].as_u64().unwrap_or(0) as usize;
                    item.pages = item.pages.max(pages);
                }
            }
        }
    }
    seen
}

/// The newest model directory of each service that has a `resources-1.json`.
fn services(models: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(models)
        .expect("read the models directory")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let mut versions: Vec<_> = std::fs::read_dir(models.join(&name))
            .expect("read a service directory")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.join("resources-1.json").is_file())
            .collect();
        versions.sort();
        if let Some(dir) = versions.pop() {
            out.push((name, dir));
        }
    }
    out
}

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// How the collections whose operation paginates were iterated.
#[derive(Default)]
struct Paging {
    two_or_more: usize,
    one_with_reason: usize,
    one_without_reason: usize,
    not_exercised: usize,
}

/// One row of the table: an item of a resource.
struct Row {
    resource: String,
    kind: &'static str,
    name: String,
    operation: String,
    paginated: bool,
}

/// Every item of one service's definition, in definition order.
fn rows(service: &str, resources: &Value, paginators: &Value, waiters: &Value) -> Vec<Row> {
    let mut out = Vec::new();
    let mut types: Vec<(String, &Value)> = vec![("ServiceResource".into(), &resources["service"])];
    if let Some(map) = resources["resources"].as_object() {
        types.extend(map.iter().map(|(k, v)| (k.clone(), v)));
    }
    for (resource, def) in types {
        let mut push = |kind: &'static str, name: &str, operation: &str| {
            out.push(Row {
                resource: resource.clone(),
                kind,
                name: name.to_owned(),
                operation: operation.to_owned(),
                paginated: kind == "collection"
                    && paginators["pagination"].get(operation).is_some(),
            })
        };
        if let Some(op) = def["load"]["request"]["operation"].as_str() {
            push("load", "load", op);
        } else if service == "s3" && resource == "Bucket" {
            push("load", "load", "ListBuckets (hand-written)");
        } else if service == "s3" && resource == "ObjectSummary" {
            push("load", "load", "HeadObject (hand-written)");
        }
        for (key, kind) in [
            ("actions", "action"),
            ("hasMany", "collection"),
            ("batchActions", "batch_action"),
        ] {
            if let Some(map) = def[key].as_object() {
                for (name, item) in map {
                    push(
                        kind,
                        name,
                        item["request"]["operation"].as_str().unwrap_or_default(),
                    );
                }
            }
        }
        if let Some(map) = def["waiters"].as_object() {
            for (name, item) in map {
                let waiter = item["waiterName"].as_str().unwrap_or_default();
                let op = waiters["waiters"][waiter]["operation"]
                    .as_str()
                    .unwrap_or_default();
                push("waiter", name, &format!("{op} (waiter {waiter})"));
            }
        }
    }
    out
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "batch_action" => "batch action",
        other => other,
    }
}

fn render(models: &Path, seen: &BTreeMap<Key, Seen>) -> String {
    let mut md = String::new();
    md.push_str(
        "# Resource coverage against moto\n\n\
         Written by `cargo run --example resource_coverage` from what the end-to-end tests \
         (`tests/it/resources_<service>.rs`, run by `scripts/test` against moto's server) recorded: \
         an item is exercised when a test called it through the typed API and the request of its \
         operation was seen leaving the client. For a collection, the pages column counts the \
         requests of one iteration (at least two where the operation paginates: the tests use a \
         small page size). An item not exercised carries the reason: moto's own error when the \
         test tried it, otherwise why it was not tried.\n\n",
    );
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut paging = Paging::default();
    let mut constructed = (0usize, 0usize);
    for (service, dir) in services(models) {
        let resources = read_json(&dir.join("resources-1.json"));
        let paginators = read_json(&dir.join("paginators-1.json"));
        let waiters = if dir.join("waiters-2.json").is_file() {
            read_json(&dir.join("waiters-2.json"))
        } else {
            Value::Null
        };
        let _ = writeln!(md, "## {service}\n");
        let types: Vec<String> = resources["resources"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let missing: Vec<&String> = types
            .iter()
            .filter(|t| {
                !seen.contains_key(&(
                    service.clone(),
                    (*t).clone(),
                    "resource".into(),
                    "constructed".into(),
                ))
            })
            .collect();
        constructed.0 += types.len() - missing.len();
        constructed.1 += types.len();
        let _ = writeln!(
            md,
            "Resource types constructed by the tests: {} of {}{}.\n",
            types.len() - missing.len(),
            types.len(),
            if missing.is_empty() {
                String::new()
            } else {
                format!(
                    " (not: {})",
                    missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        md.push_str("| Resource | Kind | Name | Operation | Exercised | Pages / reason |\n");
        md.push_str("|---|---|---|---|---|---|\n");
        for row in rows(&service, &resources, &paginators, &waiters) {
            let key = (
                service.clone(),
                row.resource.clone(),
                row.kind.to_owned(),
                row.name.clone(),
            );
            let item = seen.get(&key);
            let exercised = item.is_some_and(|s| s.exercised);
            let total = totals.entry(row.kind).or_default();
            total.1 += 1;
            if exercised {
                total.0 += 1;
            }
            if row.kind == "collection" && row.paginated {
                match item {
                    Some(s) if s.exercised && s.pages >= 2 => paging.two_or_more += 1,
                    Some(s) if s.exercised && !s.notes.is_empty() => paging.one_with_reason += 1,
                    Some(s) if s.exercised => paging.one_without_reason += 1,
                    _ => paging.not_exercised += 1,
                }
            }
            let note = match item {
                Some(s) if s.exercised && row.kind == "collection" => {
                    if row.paginated && s.pages < 2 && !s.notes.is_empty() {
                        format!(
                            "{} page (paginated; {})",
                            s.pages,
                            s.notes.iter().cloned().collect::<Vec<_>>().join("; ")
                        )
                    } else if row.paginated && s.pages >= 2 {
                        // How many pages past the second depends on what other tests left
                        // behind, so the table says only what the target asks.
                        "2+ pages (paginated)".to_owned()
                    } else if row.paginated {
                        format!("{} page (paginated)", s.pages)
                    } else {
                        format!("{} request (not paginated)", s.pages)
                    }
                }
                Some(s) if s.exercised => String::new(),
                Some(s) if !s.reasons.is_empty() => s
                    .reasons
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
                    .replace('|', "\\|"),
                _ => "not tested".to_owned(),
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                row.resource,
                kind_label(row.kind),
                row.name,
                row.operation,
                if exercised { "yes" } else { "no" },
                note
            );
        }
        md.push('\n');
    }
    md.push_str("## Totals\n\n");
    for (kind, label) in KINDS {
        let (done, all) = totals.get(kind).copied().unwrap_or_default();
        let _ = writeln!(
            md,
            "- {label}: {done} of {all} exercised ({}%)",
            percent(done, all)
        );
    }
    let _ = writeln!(
        md,
        "- paginated collections ({}): {} iterated across two or more pages, {} in one page for \
         the reason given in the table, {} in one page without a reason, {} not exercised",
        paging.two_or_more
            + paging.one_with_reason
            + paging.one_without_reason
            + paging.not_exercised,
        paging.two_or_more,
        paging.one_with_reason,
        paging.one_without_reason,
        paging.not_exercised
    );
    let _ = writeln!(
        md,
        "- resource types constructed: {} of {}",
        constructed.0, constructed.1
    );
    md
}

fn percent(done: usize, all: usize) -> usize {
    (done * 100).checked_div(all).unwrap_or(100)
}
