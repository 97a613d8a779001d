//! The STS model the credential chain calls for assume-role and web-identity profiles.
//!
//! Credentials are the runtime's job and STS is how they are obtained, so the runtime
//! embeds STS's service model and endpoint rules itself (as it embeds `partitions.json`):
//! `Session::from_env()` then resolves such profiles with no setup. The text is the same
//! imported file `rboto-models` embeds, which `scripts/import-models` also writes into this
//! crate's `data/` so the crate is self-contained; it is parsed once, on first use.

use std::sync::OnceLock;

use crate::error::Error;
use crate::model::{ModelSource, ServiceModel};

const STS: ModelSource = ModelSource::new(
    "sts",
    include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/sts/2011-06-15/service-2.json"
    )),
    None,
    None,
    Some(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/sts/2011-06-15/endpoint-rule-set-1.json"
    ))),
);

/// The embedded STS model, parsed on first use.
pub(crate) fn embedded() -> Result<ServiceModel, Error> {
    static MODEL: OnceLock<ServiceModel> = OnceLock::new();
    if let Some(model) = MODEL.get() {
        return Ok(model.clone());
    }
    let model = ServiceModel::from_source(&STS)?;
    Ok(MODEL.get_or_init(|| model).clone())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_sts_model_has_the_credential_operations() {
        let model = super::embedded().unwrap();
        assert_eq!(model.name(), "sts");
        for op in [
            "AssumeRole",
            "AssumeRoleWithWebIdentity",
            "GetCallerIdentity",
        ] {
            assert!(model.operation(op).is_ok(), "{op}");
        }
        assert!(model.endpoint_rule_set().is_some());
    }
}
