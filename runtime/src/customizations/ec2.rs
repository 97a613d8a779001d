//! EC2's customizations, as botocore makes them: `RunInstances`' `UserData` is given as text
//! and sent base64-encoded; `GetConsoleOutput`'s `Output` arrives base64-encoded and is handed
//! back as text.

use std::sync::Arc;

use base64::Engine;
use serde_json::Value;

use crate::hooks::{Hook, HookResult, OutputStage, ParametersStage};

/// EC2's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(Base64Text)]
}

/// Encodes user data on the way in, decodes console output on the way out.
#[derive(Debug)]
struct Base64Text;

impl Hook for Base64Text {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        if call.operation_name() == "RunInstances" && call.params().get("UserData").is_some() {
            encode_user_data(call.params_mut());
        }
        Ok(())
    }

    fn after_parsing(&self, output: &mut OutputStage<'_>) -> HookResult {
        if output.operation_name() == "GetConsoleOutput" {
            decode_console_output(output.output_mut());
        }
        Ok(())
    }
}

/// `UserData` as base64.
pub(super) fn encode_user_data(params: &mut Value) {
    if let Some(Value::String(text)) = params.get_mut("UserData") {
        *text = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    }
}

/// `Output` decoded from base64, when it decodes.
fn decode_console_output(output: &mut Value) {
    if let Some(Value::String(text)) = output.get_mut("Output") {
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text.trim()) {
            *text = String::from_utf8_lossy(&bytes).into_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn user_data_and_console_output() {
        let mut params = json!({"UserData": "#!/bin/sh\necho hi"});
        encode_user_data(&mut params);
        assert_eq!(params["UserData"], "IyEvYmluL3NoCmVjaG8gaGk=");
        let mut output = json!({"Output": "aGVsbG8="});
        decode_console_output(&mut output);
        assert_eq!(output["Output"], "hello");
    }
}
