//! CloudFormation's customization: `GetTemplate`'s `TemplateBody`, when it is JSON, is handed
//! back as a JSON value, as botocore does (YAML stays text).

use std::sync::Arc;

use serde_json::Value;

use crate::hooks::{Hook, HookResult, OutputStage};

/// CloudFormation's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(JsonTemplates)]
}

/// Parses JSON templates.
#[derive(Debug)]
struct JsonTemplates;

impl Hook for JsonTemplates {
    fn after_parsing(&self, output: &mut OutputStage<'_>) -> HookResult {
        if output.operation_name() == "GetTemplate" {
            parse_template(output.output_mut());
        }
        Ok(())
    }
}

/// `TemplateBody` as a JSON value, when it parses as JSON.
fn parse_template(output: &mut Value) {
    if let Some(body) = output.get_mut("TemplateBody") {
        if let Some(parsed) = body
            .as_str()
            .and_then(|t| serde_json::from_str::<Value>(t).ok())
        {
            *body = parsed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_in_json_are_parsed() {
        let mut output = json!({"TemplateBody": "{\"Resources\": {}}"});
        parse_template(&mut output);
        assert_eq!(output["TemplateBody"], json!({"Resources": {}}));
        let mut yaml = json!({"TemplateBody": "Resources: {}"});
        parse_template(&mut yaml);
        assert_eq!(yaml["TemplateBody"], "Resources: {}");
    }
}
