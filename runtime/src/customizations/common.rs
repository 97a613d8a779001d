//! What botocore does for every service, or for a few named in a table here: parameter
//! aliases, the API version header of endpoint-discovery operations, Lambda's recursion
//! detection header, and the bidirectional-stream operations no HTTP/1.1 client can call.

use std::sync::Arc;

use http::HeaderValue;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use crate::error::Error;
use crate::hooks::{Hook, HookResult, ParametersStage, RequestStage};

/// The hooks every client of `service` runs before its service's own: the alias and
/// bidirectional-stream tables are read here, once a client, so a call of a service they do
/// not name pays nothing for them.
pub(super) fn hooks(service: &str) -> Vec<Arc<dyn Hook>> {
    let mut hooks: Vec<Arc<dyn Hook>> = Vec::with_capacity(3);
    let aliases: Vec<_> = ALIASES
        .iter()
        .filter(|(s, ..)| *s == service)
        .map(|&(_, operation, original, alias)| (operation, original, alias))
        .collect();
    if !aliases.is_empty() {
        hooks.push(Arc::new(ParameterAliases(aliases)));
    }
    let bidirectional: Vec<_> = BIDIRECTIONAL
        .iter()
        .filter(|(s, _)| *s == service)
        .map(|&(_, operation)| operation)
        .collect();
    if !bidirectional.is_empty() {
        hooks.push(Arc::new(BidirectionalStreams(bidirectional)));
    }
    hooks.push(Arc::new(CommonHeaders));
    hooks
}

/// A parameter a caller may give under another name: `(service, operation or "*", the
/// model's member name, the alias)`. botocore documents the alias only, so code written for
/// boto3 uses it.
const ALIASES: &[(&str, &str, &str, &str)] = &[
    ("ec2", "*", "Filter", "Filters"),
    ("logs", "CreateExportTask", "from", "fromTime"),
    ("cloudsearchdomain", "Search", "return", "returnFields"),
];

/// Operations botocore takes off its clients because they need a bidirectional HTTP/2
/// stream: `(service, operation)`.
const BIDIRECTIONAL: &[(&str, &str)] = &[
    ("bedrock-runtime", "InvokeModelWithBidirectionalStream"),
    ("connecthealth", "StartMedicalScribeListeningSession"),
    ("lexv2-runtime", "StartConversation"),
    ("polly", "StartSpeechSynthesisStream"),
    ("qbusiness", "Chat"),
];

/// Renames aliased parameters to the model's names: one service's rows of [`ALIASES`], as
/// `(operation or "*", the model's member name, the alias)`.
#[derive(Debug)]
struct ParameterAliases(Vec<(&'static str, &'static str, &'static str)>);

impl Hook for ParameterAliases {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        let operation = call.operation_name().to_string();
        let input = call.operation().input.as_ref().map(|i| i.shape.clone());
        for &(_, original, alias) in self
            .0
            .iter()
            .filter(|(op, _, _)| *op == "*" || *op == operation)
        {
            let has_member = input
                .as_deref()
                .and_then(|shape| call.model().definition().shape(shape))
                .is_some_and(|shape| shape.members.contains_key(original));
            if has_member && call.params().get(alias).is_some() {
                unalias(call.params_mut(), original, alias)?;
            }
        }
        Ok(())
    }
}

/// Moves `params[alias]` to `params[original]`; both at once is an error.
fn unalias(params: &mut Value, original: &str, alias: &str) -> Result<(), Error> {
    let Value::Object(map) = params else {
        return Ok(());
    };
    if map.contains_key(original) {
        return Err(Error::validation(vec![format!(
            "{alias}: give either {alias} or {original}, not both (they are the same parameter)"
        )]));
    }
    if let Some(value) = map.remove(alias) {
        map.insert(original.to_string(), value);
    }
    Ok(())
}

/// Refuses one service's operations of [`BIDIRECTIONAL`] before anything is sent.
#[derive(Debug)]
struct BidirectionalStreams(Vec<&'static str>);

impl Hook for BidirectionalStreams {
    fn before_parameters(&self, call: &mut ParametersStage<'_, '_>) -> HookResult {
        let service = call.model().name();
        let operation = call.operation_name();
        if self.0.contains(&operation) {
            return Err(Box::new(Error::validation(vec![format!(
                "{service} {operation} streams both ways over HTTP/2, which rboto (like \
                 botocore) does not speak; call it with an SDK that does"
            )])));
        }
        Ok(())
    }
}

/// The API version header of endpoint-discovery operations, and the recursion detection
/// header inside AWS Lambda.
#[derive(Debug)]
struct CommonHeaders;

impl Hook for CommonHeaders {
    fn after_serialization(&self, request: &mut RequestStage<'_>) -> HookResult {
        if request.operation().endpoint_operation {
            let version = &request.model().metadata().api_version;
            let value = HeaderValue::from_str(version)
                .map_err(|e| Error::model(format!("bad API version {version:?}: {e}")))?;
            request.headers_mut().insert("x-amz-api-version", value);
        }
        // Read at each call: inside Lambda the trace id changes with every invocation.
        let lambda = std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some();
        let trace = lambda
            .then(|| std::env::var("_X_AMZN_TRACE_ID").ok())
            .flatten();
        if let Some(value) = trace_header(lambda, trace.as_deref()) {
            if !request.headers().contains_key("x-amzn-trace-id") {
                request.headers_mut().insert("x-amzn-trace-id", value);
            }
        }
        Ok(())
    }
}

/// Characters of a trace id sent as they are; every other one is percent-encoded.
const TRACE_KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'=')
    .remove(b';')
    .remove(b':')
    .remove(b'+')
    .remove(b'&')
    .remove(b'[')
    .remove(b']')
    .remove(b'{')
    .remove(b'}')
    .remove(b'"')
    .remove(b'\'')
    .remove(b',');

/// The `X-Amzn-Trace-Id` value a call inside a Lambda function carries (both the function
/// name and the trace id are set in its environment), so AWS can stop a function that
/// calls itself in a loop.
fn trace_header(in_lambda: bool, trace_id: Option<&str>) -> Option<HeaderValue> {
    let trace_id = trace_id.filter(|t| in_lambda && !t.is_empty())?;
    HeaderValue::from_str(&utf8_percent_encode(trace_id, TRACE_KEPT).to_string()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aliases_become_the_model_names_and_both_at_once_is_refused() {
        let mut params = json!({"Filters": [{"Name": "n", "Values": ["v"]}]});
        unalias(&mut params, "Filter", "Filters").unwrap();
        assert_eq!(params, json!({"Filter": [{"Name": "n", "Values": ["v"]}]}));
        let mut both = json!({"Filter": [], "Filters": []});
        let err = unalias(&mut both, "Filter", "Filters").unwrap_err();
        assert!(err.is_validation() && err.to_string().contains("Filters"));
    }

    #[test]
    fn the_trace_header_is_sent_inside_lambda_only_and_quoted() {
        assert_eq!(trace_header(false, Some("Root=1-abc")), None);
        assert_eq!(trace_header(true, None), None);
        let value = trace_header(true, Some("Root=1-5759e988;Parent=53995c3f;é x")).unwrap();
        assert_eq!(value, "Root=1-5759e988;Parent=53995c3f;%C3%A9%20x");
    }
}
