//! Auto Scaling's customization: `CreateLaunchConfiguration`'s `UserData` is given as text
//! and sent base64-encoded, as EC2's `RunInstances` does (botocore encodes both).

use std::sync::Arc;

use crate::hooks::{Hook, HookResult, ParametersStage};

/// Auto Scaling's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(UserData)]
}

/// Encodes `UserData`.
#[derive(Debug)]
struct UserData;

impl Hook for UserData {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        if call.operation_name() == "CreateLaunchConfiguration"
            && call.params().get("UserData").is_some()
        {
            super::ec2::encode_user_data(call.params_mut());
        }
        Ok(())
    }
}
