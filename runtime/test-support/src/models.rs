//! Service models from the model data crates (`resource-models/services-*/models/`, botocore's
//! layout, gzip-compressed), loaded at run time, for tests that need a real service's model
//! without the `rboto` facade's embedded ones.

use std::path::{Path, PathBuf};

use rboto_runtime::model::ServiceModel;

/// The model data crates, in `resource-models/`.
const CRATES: [&str; 3] = ["services-a-c", "services-d-m", "services-n-z"];

/// The folder of `service`'s models (one subfolder per API version) in the crate that holds
/// it; panics naming the service when none does.
pub fn service_dir(service: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resource-models");
    CRATES
        .iter()
        .map(|krate| base.join(krate).join("models").join(service))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| panic!("no model for {service} in resource-models/services-*/models"))
}

/// `service`'s model at its newest API version.
pub fn model(service: &str) -> ServiceModel {
    let dir = service_dir(service);
    ServiceModel::from_dir(service, &dir)
        .unwrap_or_else(|e| panic!("{service}'s model at {}: {e}", dir.display()))
}

/// `service`'s model at API version `version` (`"2006-03-01"`); panics when that version is
/// not the one imported.
pub fn model_at(service: &str, version: &str) -> ServiceModel {
    let dir = service_dir(service).join(version);
    assert!(
        dir.is_dir(),
        "no {service} model at version {version}: {} is missing",
        dir.display()
    );
    ServiceModel::from_dir(service, &dir)
        .unwrap_or_else(|e| panic!("{service}'s model at {}: {e}", dir.display()))
}
