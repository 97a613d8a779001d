//! `rboto-services-doc` writes `docs/services.md`: every service rboto has a model for (the
//! model data crates under `resource-models/services-*`), with its module and cargo feature,
//! the protocol a client speaks to it, its numbers of operations, paginators and waiters, and
//! whether a test runs it end to end against moto.
//!
//! It loads each model the way a program loads one at run time
//! ([`ServiceModel::from_dir`]), and asks the runtime which protocols it speaks, so the page
//! follows the code.
//!
//! ```sh
//! cargo run -p rboto-services-doc              # rewrite docs/services.md
//! cargo run -p rboto-services-doc -- --check   # fail when the committed page is stale
//! ```
#![warn(missing_docs)]

mod end_to_end;

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rboto_runtime::model::{Metadata, ServiceModel};
use rboto_runtime::protocol::Protocol;

/// The services whose features the `rboto` facade itself carries (they also have resources).
const FACADE_FEATURES: &[&str] = &[
    "cloudformation",
    "cloudwatch",
    "dynamodb",
    "ec2",
    "glacier",
    "iam",
    "s3",
    "sns",
    "sqs",
    "sts",
];

/// One row of the page.
struct Row {
    service: String,
    module: String,
    data_crate: String,
    protocol: String,
    operations: usize,
    paginators: usize,
    waiters: usize,
    end_to_end: Vec<String>,
}

fn main() -> ExitCode {
    let check = std::env::args().skip(1).any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in the workspace")
        .to_path_buf();
    match run(&root, check) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("rboto-services-doc: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, check: bool) -> Result<(), String> {
    let tests = end_to_end::TestSources::read(root)?;
    let mut rows = Vec::new();
    for (data_crate, dir) in service_dirs(root)? {
        let service = file_name(&dir);
        let model = ServiceModel::from_dir(&service, &dir).map_err(|e| e.to_string())?;
        let module = service.replace('-', "_");
        rows.push(Row {
            end_to_end: tests.covering(&service, &module),
            protocol: protocol(model.metadata()),
            operations: model.definition().operations.len(),
            paginators: model.paginators().pagination.len(),
            waiters: model.waiters().waiters.len(),
            service,
            module,
            data_crate,
        });
    }
    rows.sort_by(|a, b| a.service.cmp(&b.service));
    let page = page(&rows);
    let path = root.join("docs/services.md");
    if check {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            return Err("stale: docs/services.md (run `cargo run -p rboto-services-doc`)".into());
        }
        println!("rboto-services-doc: docs/services.md is up to date");
        return Ok(());
    }
    std::fs::write(&path, page).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!(
        "rboto-services-doc: wrote {} services to {}",
        rows.len(),
        path.display()
    );
    Ok(())
}

/// Every service folder of every model data crate, with the crate's name.
fn service_dirs(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut found = Vec::new();
    for crate_dir in list(&root.join("resource-models"))? {
        let crate_name = file_name(&crate_dir);
        let Some(range) = crate_name.strip_prefix("services-") else {
            continue;
        };
        for service_dir in list(&crate_dir.join("models"))? {
            found.push((format!("rboto-models-{range}"), service_dir));
        }
    }
    if found.is_empty() {
        return Err(
            "no model data crate under resource-models/ (run scripts/import-models --all)".into(),
        );
    }
    Ok(found)
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    Ok(dirs)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The protocol a client speaks to the service: the runtime's own choice, which follows
/// botocore's preference among the protocols the model lists; or, when it speaks none of
/// them, the list and a note.
fn protocol(metadata: &Metadata) -> String {
    if let Ok(chosen) = Protocol::resolve(metadata) {
        return format!("`{}`", chosen.name());
    }
    let listed: Vec<String> = if metadata.protocols.is_empty() {
        vec![metadata.protocol.clone()]
    } else {
        metadata.protocols.clone()
    };
    let names: Vec<String> = listed.iter().map(|n| format!("`{n}`")).collect();
    format!("none supported yet ({})", names.join(", "))
}

fn page(rows: &[Row]) -> String {
    let total = |count: fn(&Row) -> usize| rows.iter().map(count).sum::<usize>();
    let tested = rows.iter().filter(|r| !r.end_to_end.is_empty()).count();
    let mut out = String::new();
    out.push_str(
        "# Services\n\n\
         <!-- Written by `cargo run -p rboto-services-doc`; `scripts/test` checks it is current. -->\n\n",
    );
    let _ = writeln!(
        out,
        "Every service of botocore's data at the pinned version: {} services, {} operations, \
         {} paginators, {} waiters; {tested} tested end to end against moto.\n",
        rows.len(),
        total(|r| r.operations),
        total(|r| r.paginators),
        total(|r| r.waiters),
    );
    out.push_str(
        "A service's model is `rboto::models::<module>::model()`, compiled in when its feature \
         is on: the feature of the model data crate holding it (add that crate to your \
         `Cargo.toml` with the feature, or turn on `rboto/full` for all), or for the ten \
         services with resources the `rboto` feature of the same name. A model can also be \
         loaded at run time from an installed botocore with `ServiceModel::from_dir`; see the \
         README.\n\n\
         The protocol is the one a client speaks: among the model's `metadata.protocols`, the \
         first in botocore's order of preference (json, rest-json, rest-xml, \
         smithy-rpc-v2-cbor, query, ec2). \"End to end\" names the tests that call the service against moto.\n\n\
         | Service | Module | Feature | Protocol | Operations | Paginators | Waiters | End to end |\n\
         |---|---|---|---|---:|---:|---:|---|\n",
    );
    for row in rows {
        let mut feature = format!("`{}/{}`", row.data_crate, row.module);
        if FACADE_FEATURES.contains(&row.service.as_str()) {
            feature = format!("`rboto/{}`, {feature}", row.module);
        }
        let tested = if row.end_to_end.is_empty() {
            "no".to_owned()
        } else {
            row.end_to_end
                .iter()
                .map(|file| format!("`{file}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {feature} | {} | {} | {} | {} | {tested} |",
            row.service, row.module, row.protocol, row.operations, row.paginators, row.waiters
        );
    }
    out
}
