//! `xform_name` gives botocore's answer for every name rboto transforms: each name in every
//! imported `resources-1.json` (read through this crate) and every operation and structure
//! member of every imported `service-2.json`, the plain and the gzip-compressed ones. The
//! expected table comes from running the pinned botocore (`.venv/`, which
//! `scripts/emulator start` makes, or the interpreter in `RBOTO_TEST_PYTHON`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rboto_test_support::botocore::{pinned_version, python};
use std::process::{Command, Stdio};

use rboto_resource_model::definitions::{ParamDef, ResourcesFile};
use rboto_resource_model::naming::xform_name;

/// Reads names on stdin (one a line), adds the operation and structure member names of every
/// `service-2.json` (plain or gzip) under the folder in argv[1], and prints botocore's
/// version, how many service models it read, and `{name: xform_name(name)}`.
const BOTOCORE_XFORM: &str = r#"
import gzip, json, os, sys
import botocore
from botocore import xform_name

names = set(line for line in sys.stdin.read().splitlines() if line)
services = 0
for folder, _, files in os.walk(sys.argv[1]):
    for file in files:
        if file not in ("service-2.json", "service-2.json.gz"):
            continue
        path = os.path.join(folder, file)
        opener = gzip.open if file.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            model = json.load(f)
        services += 1
        names.update(model.get("operations", {}))
        for shape in model.get("shapes", {}).values():
            if shape.get("type") == "structure":
                names.update(shape.get("members", {}))
print(json.dumps({"version": botocore.__version__, "services": services,
                  "names": {name: xform_name(name) for name in names}}))
"#;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every name the generator, the runtime or the atlas passes to `xform_name` from a
/// resource definition: type names, identifiers and their members, action, batch action,
/// `has`, `hasMany` and waiter names (with boto3's `WaitUntil`), and parameter targets.
fn resource_names(file: &ResourcesFile, names: &mut BTreeSet<String>) {
    names.insert("ServiceResource".to_owned());
    let definitions = std::iter::once(&file.service).chain(file.resources.values());
    names.extend(file.resources.keys().cloned());
    let mut params: Vec<&ParamDef> = Vec::new();
    for def in definitions {
        for id in &def.identifiers {
            names.insert(id.name.clone());
            names.extend(id.member_name.clone());
        }
        if let Some(load) = &def.load {
            params.extend(&load.request.params);
        }
        for (name, action) in def.actions.iter().chain(&def.batch_actions) {
            names.insert(name.clone());
            params.extend(&action.request.params);
            params.extend(action.resource.iter().flat_map(|r| &r.identifiers));
        }
        for (name, has) in &def.has {
            names.insert(name.clone());
            params.extend(&has.resource.identifiers);
        }
        for (name, many) in &def.has_many {
            names.insert(name.clone());
            params.extend(&many.request.params);
            params.extend(&many.resource.identifiers);
        }
        for (name, waiter) in &def.waiters {
            names.insert(format!("WaitUntil{name}"));
            params.extend(&waiter.params);
        }
    }
    names.extend(params.into_iter().map(|p| p.target.clone()));
}

#[test]
#[ignore = "needs the pinned botocore in .venv: scripts/test runs it"]
fn every_imported_name_transforms_as_botocore_does() {
    let models = repo().join("resource-models");
    let mut names = BTreeSet::new();
    let mut resource_files = 0;
    for service in std::fs::read_dir(models.join("models")).unwrap() {
        let service = service.unwrap().path();
        for version in std::fs::read_dir(&service).into_iter().flatten() {
            let path = version.unwrap().path().join("resources-1.json");
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let file = ResourcesFile::from_json(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            resource_names(&file, &mut names);
            resource_files += 1;
        }
    }
    assert_eq!(resource_files, 9, "boto3 has resources for nine services");

    let mut child = Command::new(python())
        .args(["-c", BOTOCORE_XFORM])
        .arg(&models)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    let mut stdin = child.stdin.take().unwrap();
    for name in &names {
        writeln!(stdin, "{name}").unwrap();
    }
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the botocore script failed");
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();

    assert_eq!(
        answer["version"],
        pinned_version().as_str(),
        "botocore in .venv"
    );
    let services = answer["services"].as_u64().unwrap();
    assert!(services >= 400, "read only {services} service models");
    let expected: BTreeMap<String, String> =
        serde_json::from_value(answer["names"].clone()).unwrap();
    assert!(names.iter().all(|name| expected.contains_key(name)));
    let differ: Vec<String> = expected
        .iter()
        .filter(|(name, snake)| xform_name(name) != **snake)
        .map(|(name, snake)| format!("{name}: botocore {snake}, rboto {}", xform_name(name)))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} names differ from botocore:\n{}",
        differ.len(),
        expected.len(),
        differ.join("\n")
    );
    println!(
        "{} names ({} from resource definitions) transform as botocore {} does",
        expected.len(),
        names.len(),
        answer["version"]
    );
}
