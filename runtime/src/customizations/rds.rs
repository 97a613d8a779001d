//! RDS's customization, which DocumentDB and Neptune share: a cross-region copy given a
//! `SourceRegion` is authorized by a URL presigned for the source region, sent as
//! `PreSignedUrl`; `SourceRegion` itself never goes on the wire. As botocore does, the URL
//! is made unless the caller gave one, and it names the client's region as
//! `DestinationRegion`.

use std::sync::Arc;

use serde_json::Value;

use crate::hooks::{Hook, HookResult, ParametersStage, PresignedCopy};

/// RDS's operations that copy across regions.
const RDS: &[&str] = &[
    "CopyDBClusterSnapshot",
    "CopyDBSnapshot",
    "CreateDBCluster",
    "CreateDBInstanceReadReplica",
    "StartDBInstanceAutomatedBackupsReplication",
];

/// DocumentDB's and Neptune's.
const CLUSTERS: &[&str] = &["CopyDBClusterSnapshot", "CreateDBCluster"];

/// RDS's hooks.
pub(super) fn rds_hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(SourceRegionUrl { operations: RDS })]
}

/// DocumentDB's and Neptune's hooks.
pub(super) fn cluster_hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(SourceRegionUrl {
        operations: CLUSTERS,
    })]
}

/// Turns `SourceRegion` into a presigned `PreSignedUrl`.
#[derive(Debug)]
struct SourceRegionUrl {
    operations: &'static [&'static str],
}

impl Hook for SourceRegionUrl {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        if !self.operations.contains(&call.operation_name()) {
            return Ok(());
        }
        let destination = call.client_region().map(str::to_string);
        let Value::Object(params) = call.params_mut() else {
            return Ok(());
        };
        let Some(source) = params.remove("SourceRegion") else {
            return Ok(());
        };
        let (Value::String(source), Some(destination)) = (source, destination) else {
            return Ok(());
        };
        if params.contains_key("PreSignedUrl") {
            return Ok(());
        }
        let params = Value::Object(params.clone());
        call.notes_mut().insert(PresignedCopy {
            region: source,
            member: "PreSignedUrl",
            copy_params: params.clone(),
            extra_query: vec![("DestinationRegion", destination)],
            call_params: params,
        });
        Ok(())
    }
}
