//! `rboto-atlas` writes `docs/atlas/`: for each of the nine services with resources, a page
//! listing every resource (identifiers, typed attributes, actions and the operation each
//! calls, collections, waiters, references, subresources, batch actions) and a Graphviz
//! diagram of how the resources relate, rendered to SVG with `dot`; plus an index.
//!
//! It reads the same model files as `rboto_resources!` and runs the generator's parse and
//! model phases, so the atlas names exactly what the generated code has.
//!
//! ```sh
//! cargo run -p rboto-atlas              # rewrite docs/atlas (needs Graphviz `dot`)
//! cargo run -p rboto-atlas -- --check   # fail when a committed page is stale (no `dot`)
//! ```
#![warn(missing_docs)]

mod graph;
mod load;
mod markdown;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// A service of the atlas and the actions written by hand beside its generated module.
pub struct Generated {
    /// Module name (`s3`).
    pub service: &'static str,
    /// Actions written by hand beside the generated module (boto3 injects such actions at
    /// class creation, or rboto adds typed ones).
    pub extensions: &'static [Extension],
}

/// An action written by hand.
pub struct Extension {
    /// Rust type it is a method of (`ServiceResource`).
    pub resource: &'static str,
    /// Method name.
    pub method: &'static str,
    /// AWS operation it calls.
    pub operation: &'static str,
    /// What it returns, as Markdown.
    pub returns: &'static str,
}

const fn ext(
    resource: &'static str,
    method: &'static str,
    operation: &'static str,
    returns: &'static str,
) -> Extension {
    Extension {
        resource,
        method,
        operation,
        returns,
    }
}

/// The nine services with resources. Which resources get a hand-written `load()` and which
/// generated actions are skipped is read from `resource-models/src/<service>/mod.rs`.
const SERVICES: &[Generated] = &[
    plain("cloudformation"),
    plain("cloudwatch"),
    Generated {
        service: "dynamodb",
        extensions: &[
            ext(
                "Table",
                "put",
                "PutItem",
                "`PutOutput<T>` (the old item when asked, the new version)",
            ),
            ext("Table", "get", "GetItem", "`Option<T>`"),
            ext(
                "Table",
                "delete_item",
                "DeleteItem",
                "`Option<T>` (the old item, when asked)",
            ),
            ext(
                "Table",
                "update_item",
                "UpdateItem",
                "`Option<T>` (the new item)",
            ),
            ext(
                "Table",
                "query",
                "Query",
                "a `Stream` of `T` over every page (or `.pages()`)",
            ),
            ext(
                "Table",
                "scan",
                "Scan",
                "a `Stream` of `T` over every page, parallel segments",
            ),
            ext(
                "Table",
                "batch_writer",
                "BatchWriteItem",
                "`BatchWriter`: buffered puts and deletes, unprocessed items retried",
            ),
            ext(
                "Table",
                "batch_get",
                "BatchGetItem",
                "`BatchGetter`: keys in, items out, unprocessed keys retried",
            ),
            ext(
                "ServiceResource",
                "transact_write",
                "TransactWriteItems",
                "`Vec<Option<u64>>` (versions stored), all or none",
            ),
            ext(
                "ServiceResource",
                "transact_get",
                "TransactGetItems",
                "`Vec<Option<T>>`",
            ),
        ],
    },
    Generated {
        service: "ec2",
        extensions: &[
            ext(
                "ServiceResource",
                "create_tags",
                "CreateTags",
                "`Vec` of [`Tag`](#tag), one per (resource, tag)",
            ),
            ext("Instance", "delete_tags", "DeleteTags", "`()`"),
        ],
    },
    plain("glacier"),
    plain("iam"),
    plain("s3"),
    plain("sns"),
    plain("sqs"),
];

const fn plain(service: &'static str) -> Generated {
    Generated {
        service,
        extensions: &[],
    }
}

fn main() -> ExitCode {
    let check = std::env::args().skip(1).any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the atlas crate sits in the workspace")
        .to_path_buf();
    match run(&root, check) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("rboto-atlas: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, check: bool) -> Result<(), String> {
    let out = root.join("docs/atlas");
    let mut pages = Vec::new();
    let mut summaries = Vec::new();
    for generated in SERVICES {
        let service = generated.service;
        let loaded = load::Service::load(&root.join("resource-models"), generated)?;
        pages.push((format!("{service}.md"), markdown::page(&loaded)));
        summaries.push(markdown::Summary::of(&loaded));
        if !check {
            render_svg(&out, service, &graph::dot(&loaded))?;
        }
    }
    pages.push(("README.md".to_owned(), markdown::index(&summaries)));
    if check {
        let stale: Vec<String> = pages
            .iter()
            .filter(|(name, text)| {
                std::fs::read_to_string(out.join(name)).ok().as_ref() != Some(text)
            })
            .map(|(name, _)| format!("docs/atlas/{name}"))
            .collect();
        if !stale.is_empty() {
            return Err(format!(
                "stale: {} (run `cargo run -p rboto-atlas`)",
                stale.join(", ")
            ));
        }
        println!("rboto-atlas: docs/atlas is up to date");
        return Ok(());
    }
    for (name, text) in &pages {
        write(&out.join(name), text)?;
    }
    println!(
        "rboto-atlas: wrote {} pages and {} diagrams to {}",
        pages.len(),
        SERVICES.len(),
        out.display()
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::create_dir_all(path.parent().expect("a file in a folder"))
        .and_then(|()| std::fs::write(path, text))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Writes `<service>.dot` into a scratch folder and has Graphviz render `<service>.svg`.
fn render_svg(out: &Path, service: &str, dot: &str) -> Result<(), String> {
    let scratch: PathBuf = std::env::temp_dir().join(format!("rboto-atlas-{}", std::process::id()));
    let dot_path = scratch.join(format!("{service}.dot"));
    write(&dot_path, dot)?;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let svg_path = out.join(format!("{service}.svg"));
    let status = Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot_path)
        .arg("-o")
        .arg(&svg_path)
        .status()
        .map_err(|e| format!("cannot run Graphviz `dot` (apt-get install graphviz): {e}"))?;
    let _ = std::fs::remove_dir_all(&scratch);
    if status.success() {
        Ok(())
    } else {
        Err(format!("`dot` failed on {} ({status})", dot_path.display()))
    }
}
