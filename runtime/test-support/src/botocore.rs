//! The pinned botocore, for tests that compare rboto with it: the interpreter of the
//! virtualenv `scripts/emulator start` makes (`.venv/`), or the one in `RBOTO_TEST_PYTHON`,
//! and the version `scripts/pins.sh` pins.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python with the pinned boto3 and botocore; panics naming how to get one when there is
/// none, so a test that needs it fails rather than passes without it.
pub fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("RBOTO_TEST_PYTHON") {
        return PathBuf::from(python);
    }
    let venv = repo().join(".venv/bin/python");
    assert!(
        venv.is_file(),
        "no Python with the pinned botocore at {}: run scripts/emulator start (or set \
         RBOTO_TEST_PYTHON)",
        venv.display()
    );
    venv
}

/// `BOTO_VERSION` of `scripts/pins.sh`: the boto3 and botocore version the models and the
/// virtualenv come from.
pub fn pinned_version() -> String {
    let pins = std::fs::read_to_string(repo().join("scripts/pins.sh")).expect("scripts/pins.sh");
    pins.lines()
        .find_map(|line| line.strip_prefix("BOTO_VERSION="))
        .expect("BOTO_VERSION in scripts/pins.sh")
        .trim()
        .to_owned()
}
