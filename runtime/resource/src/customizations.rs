//! Loads boto3 injects into some services' resources, which their resource models lack: the
//! resource layer's only knowledge of services by name.

use std::collections::HashMap;

use super::service::CustomLoad;

/// Adds the hand-written loads of `service` (its botocore name) to `loads`.
pub(super) fn install_loads(service: &str, loads: &mut HashMap<String, CustomLoad>) {
    if service == "s3" {
        crate::s3::resource_load::install(loads);
    }
}
