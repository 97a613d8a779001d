//! Which tests run a service end to end: test files that talk to moto (they use the shared
//! `tests/common` helpers, test-support's `moto` module, or read `RBOTO_TEST_ENDPOINT`) and
//! make a client of the service.

use std::path::Path;

/// The moto-backed test files of the workspace, as text.
pub struct TestSources {
    files: Vec<(String, String)>,
}

/// Where test files live, relative to the workspace root.
const TEST_DIRS: &[&str] = &[
    "tests",
    "tests/it",
    "runtime/tests",
    "runtime/tests/it",
    "runtime/resource/tests/it",
    "runtime/dynamodb/tests/it",
    "runtime/s3-transfer/tests",
];

impl TestSources {
    /// Reads every `.rs` file directly under the test folders that talks to moto (through the
    /// shared emulator helpers, or by reading moto's address itself).
    pub fn read(root: &Path) -> Result<Self, String> {
        let mut files = Vec::new();
        for dir in TEST_DIRS {
            let path = root.join(dir);
            let entries = std::fs::read_dir(&path)
                .map_err(|e| format!("cannot list {}: {e}", path.display()))?;
            let mut paths: Vec<_> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "rs"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let talks_to_moto = [
                    "mod common;",
                    "use crate::common;",
                    "emulator as common",
                    "rboto_test_support::moto",
                ]
                .iter()
                .any(|marker| text.contains(marker))
                    || text.contains("RBOTO_TEST_ENDPOINT");
                if talks_to_moto {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    files.push((format!("{dir}/{name}"), text));
                }
            }
        }
        Ok(TestSources { files })
    }

    /// The files that make a client of `service`: by name through the shared helpers
    /// (`client("sqs")`), from its embedded model (`models::sqs::`), through its resources
    /// (`rboto::sqs::ServiceResource`), from its model folder (`models/sqs/`), or through
    /// test-support's model loader (`model("sqs")`, `model_at("sqs", …)`).
    pub fn covering(&self, service: &str, module: &str) -> Vec<String> {
        let patterns = [
            format!("client(\"{service}\")"),
            format!("models::{module}::"),
            format!("rboto::{module}::ServiceResource"),
            format!("models/{service}/"),
            format!("models/{service}\""),
            format!("model(\"{service}\")"),
            format!("model_at(\"{service}\""),
        ];
        self.files
            .iter()
            .filter(|(_, text)| patterns.iter().any(|p| text.contains(p.as_str())))
            .map(|(name, _)| name.clone())
            .collect()
    }
}
