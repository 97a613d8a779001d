//! Typed Secrets Manager resources from our own boto3-style definition
//! (`secretsmanager/resources-1.json` beside this file; boto3 ships none for this service).
//!
//! `rboto_resources!` reads every file from the one `models` directory, so the definition
//! sits next to links to the imported `service-2.json` and `paginators-1.json`
//! (`scripts/import-models secretsmanager` put those under `resource-models/models/`). The
//! `./` path is relative to this file, so it holds wherever the file is included from
//! (`tests/it/custom_resources.rs` takes it in with `#[path]`).

use std::sync::LazyLock;

use rboto::runtime::model::{ModelSource, ServiceModel};

/// The Secrets Manager model, embedded and parsed once.
static MODEL: LazyLock<ServiceModel> = LazyLock::new(|| {
    ServiceModel::from_source(&ModelSource::new(
        "secretsmanager",
        include_str!("secretsmanager/service-2.json"),
        Some(include_str!("secretsmanager/paginators-1.json")),
        None,
        Some(include_str!(
            "../../resource-models/models/secretsmanager/2017-10-17/endpoint-rule-set-1.json"
        )),
    ))
    .expect("the embedded Secrets Manager model parses")
});

/// The model the generated `ServiceResource::new` makes its client from.
pub fn model() -> ServiceModel {
    MODEL.clone()
}

rboto::rboto_resources!(service = "secretsmanager", models = "./secretsmanager");
