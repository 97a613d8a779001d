//! The pinned botocore, for tests that compare rboto with it: the interpreter of the
//! virtualenv `scripts/emulator start` makes (`.venv/`), or the one in `RBOTO_TEST_PYTHON`,
//! and the version `scripts/pins.sh` pins.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python with the pinned boto3 and botocore: the one `RBOTO_TEST_PYTHON` names, else the
/// virtualenv's when it exists; otherwise why there is none and how to get one, for a test
/// that can go on without it.
pub fn find_python() -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os("RBOTO_TEST_PYTHON") {
        return Ok(PathBuf::from(python));
    }
    let venv = repo().join(".venv/bin/python");
    if venv.is_file() {
        Ok(venv)
    } else {
        Err(format!(
            "no Python with the pinned botocore at {}: run scripts/emulator start (or set \
             RBOTO_TEST_PYTHON)",
            venv.display()
        ))
    }
}

/// The Python with the pinned boto3 and botocore ([`find_python`]); panics naming how to get
/// one when there is none, so a test that needs it fails rather than passes without it.
pub fn python() -> PathBuf {
    find_python().unwrap_or_else(|why| panic!("{why}"))
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
