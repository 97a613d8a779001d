//! EC2's customizations, as botocore makes them: `RunInstances`' `UserData` is given as text
//! and sent base64-encoded; `GetConsoleOutput`'s `Output` arrives base64-encoded and is handed
//! back as text; `CopySnapshot` from another region carries a URL presigned for the source
//! region (`PresignedUrl`, unless the caller gave one) and names the client's region as
//! `DestinationRegion`.

use std::sync::Arc;

use base64::Engine;
use serde_json::Value;

use crate::hooks::{Hook, HookResult, OutputStage, ParametersStage, PresignedCopy};

/// EC2's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(Base64Text), Arc::new(CopySnapshotUrl)]
}

/// Presigns `CopySnapshot` for its source region.
#[derive(Debug)]
struct CopySnapshotUrl;

impl Hook for CopySnapshotUrl {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        if call.operation_name() != "CopySnapshot"
            || call.is_presigning()
            || call.params().get("PresignedUrl").is_some()
        {
            return Ok(());
        }
        let source = call.params().get("SourceRegion").and_then(Value::as_str);
        let (Some(source), Some(destination)) = (source, call.client_region()) else {
            return Ok(());
        };
        let (source, destination) = (source.to_string(), destination.to_string());
        let Value::Object(params) = call.params_mut() else {
            return Ok(());
        };
        params.insert("DestinationRegion".into(), Value::String(destination));
        let params = Value::Object(params.clone());
        call.notes_mut().insert(PresignedCopy {
            region: source,
            member: "PresignedUrl",
            copy_params: params.clone(),
            extra_query: Vec::new(),
            call_params: params,
        });
        Ok(())
    }
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
