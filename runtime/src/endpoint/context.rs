//! The endpoint parameters of one operation call, gathered from the model, the call's
//! input and the client's configuration.

use indexmap::IndexMap;
use serde_json::Value;

use super::builtins::BuiltIns;
use super::params::{EndpointParams, ParamValue};
use super::EndpointResolver;
use crate::error::Error;
use crate::jmes::is_identifier;
use crate::model::{Operation, ServiceDefinition};

/// Computes the rule-set parameters for calling `operation` with `input`.
///
/// Each parameter the rule set declares takes the first value found, in botocore's order:
/// 1. the operation's `staticContextParams`;
/// 2. an input member bound to it with `contextParam`;
/// 3. the operation's `operationContextParams` (a JMESPath over the input);
/// 4. `client_context`, for parameters the service lists in `clientContextParams`
///    (keyed by rule-set parameter name, e.g. `ForcePathStyle`);
/// 5. the built-in the parameter declares, from `builtins`.
///
/// Parameters without a value are left out, so the rule set's defaults apply when the
/// result is resolved. One difference from botocore: JMESPath `keys(...)` lists object keys
/// in sorted order (the `jmespath` crate keeps objects sorted), where botocore keeps the
/// input's order.
pub fn endpoint_params(
    resolver: &EndpointResolver,
    builtins: &BuiltIns,
    client_context: &IndexMap<String, ParamValue>,
    service: &ServiceDefinition,
    operation: &Operation,
    input: &Value,
) -> Result<EndpointParams, Error> {
    let context_members = context_param_members(service, operation);
    let mut params = EndpointParams::new();
    for (name, parameter) in resolver.parameters() {
        let mut value = None;
        if let Some(fixed) = operation.static_context_params.get(name) {
            value = convert(name, &fixed.value)?;
        }
        if value.is_none() {
            if let Some(member) = context_members.get(name) {
                value = input
                    .get(member.as_str())
                    .map(|v| convert(name, v))
                    .transpose()?
                    .flatten();
            }
        }
        if value.is_none() {
            if let Some(expression) = operation.operation_context_params.get(name) {
                value = convert(name, &search(&expression.path, input)?)?;
            }
        }
        if value.is_none() && service.client_context_params.contains_key(name) {
            value = client_context.get(name).cloned();
        }
        if value.is_none() {
            value = parameter.built_in.as_deref().and_then(|b| builtins.get(b));
        }
        if let Some(value) = value {
            params.set(name, value);
        }
    }
    Ok(params)
}

/// Rule-set parameter name → top-level input member bound to it by `contextParam`.
fn context_param_members(
    service: &ServiceDefinition,
    operation: &Operation,
) -> IndexMap<String, String> {
    let Some(shape) = operation
        .input
        .as_ref()
        .and_then(|input| service.shape_of(input))
    else {
        return IndexMap::new();
    };
    shape
        .members
        .iter()
        .filter_map(|(member, r)| {
            r.context_param
                .as_ref()
                .map(|cp| (cp.name.clone(), member.clone()))
        })
        .collect()
}

/// A value from the model or the input, as a parameter value; `null` is "no value".
fn convert(name: &str, value: &Value) -> Result<Option<ParamValue>, Error> {
    if value.is_null() {
        return Ok(None);
    }
    ParamValue::from_json(value).map(Some).ok_or_else(|| {
        Error::endpoint(format!(
            "endpoint parameter {name} must be a string, boolean or list of strings, got {value}"
        ))
    })
}

fn search(path: &str, input: &Value) -> Result<Value, Error> {
    if let Some(found) = read_directly(path, input) {
        return Ok(found);
    }
    let expression = jmespath::compile(path)
        .map_err(|e| Error::model(format!("operationContextParams path {path:?}: {e}")))?;
    let found = expression
        .search(input)
        .map_err(|e| Error::endpoint(format!("operationContextParams path {path:?}: {e}")))?;
    serde_json::to_value(&*found)
        .map_err(|e| Error::endpoint(format!("operationContextParams path {path:?}: {e}")))
}

/// The paths models use most, read straight from the input instead of copying the whole
/// request (every item of a batch) into the `jmespath` crate's own tree: `keys(Member)` of an
/// object, sorted as the crate gives them, and a dotted path reaching a string, a boolean or
/// nothing. `None` sends anything else through the crate, which gives the same answers.
fn read_directly(path: &str, input: &Value) -> Option<Value> {
    if let Some(member) = path.strip_prefix("keys(").and_then(|p| p.strip_suffix(')')) {
        if !is_identifier(member) {
            return None;
        }
        let Value::Object(map) = input.get(member)? else {
            return None;
        };
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        return Some(Value::Array(
            keys.into_iter().map(|k| Value::String(k.clone())).collect(),
        ));
    }
    if !path.split('.').all(is_identifier) {
        return None;
    }
    let mut current = input;
    for key in path.split('.') {
        match current.get(key) {
            Some(next) => current = next,
            None => return Some(Value::Null),
        }
    }
    matches!(current, Value::String(_) | Value::Bool(_) | Value::Null).then(|| current.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolver() -> EndpointResolver {
        EndpointResolver::new(&json!({
            "parameters": {
                "Region": {"type": "string", "builtIn": "AWS::Region"},
                "ForcePathStyle": {"type": "boolean", "builtIn": "AWS::S3::ForcePathStyle"},
                "Bucket": {"type": "string"},
                "Control": {"type": "boolean"},
                "Tables": {"type": "stringArray"},
                "Unset": {"type": "string"}
            },
            "rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x"}}]
        }))
        .unwrap()
    }

    fn service() -> ServiceDefinition {
        serde_json::from_value(json!({
            "metadata": {},
            "clientContextParams": {"ForcePathStyle": {"type": "boolean"}},
            "operations": {
                "Op": {
                    "name": "Op",
                    "input": {"shape": "OpInput"},
                    "staticContextParams": {"Control": {"value": true}},
                    "operationContextParams": {"Tables": {"path": "Items[*].Table"}}
                }
            },
            "shapes": {
                "OpInput": {"type": "structure", "members": {
                    "Bucket": {"shape": "S", "contextParam": {"name": "Bucket"}},
                    "Items": {"shape": "L"}
                }},
                "S": {"type": "string"},
                "L": {"type": "list", "member": {"shape": "S"}}
            }
        }))
        .unwrap()
    }

    #[test]
    fn gathers_static_member_path_client_and_builtin_values() {
        let service = service();
        let op = service.operation("Op").unwrap();
        let builtins = BuiltIns {
            region: Some("us-west-2".into()),
            force_path_style: Some(false),
            ..BuiltIns::default()
        };
        let mut client = IndexMap::new();
        client.insert("ForcePathStyle".to_string(), ParamValue::Bool(true));
        let input = json!({"Bucket": "b", "Items": [{"Table": "t1"}, {"Table": "t2"}]});
        let params =
            endpoint_params(&resolver(), &builtins, &client, &service, op, &input).unwrap();
        assert_eq!(params.get("Region"), Some(&ParamValue::from("us-west-2")));
        assert_eq!(params.get("Bucket"), Some(&ParamValue::from("b")));
        assert_eq!(params.get("Control"), Some(&ParamValue::Bool(true)));
        assert_eq!(
            params.get("Tables"),
            Some(&ParamValue::StringArray(vec!["t1".into(), "t2".into()]))
        );
        // Client context outranks the built-in.
        assert_eq!(params.get("ForcePathStyle"), Some(&ParamValue::Bool(true)));
        assert_eq!(params.get("Unset"), None);
    }

    #[test]
    fn falls_back_to_builtins_and_rejects_unusable_input() {
        let service = service();
        let op = service.operation("Op").unwrap();
        let builtins = BuiltIns {
            force_path_style: Some(true),
            ..BuiltIns::default()
        };
        let params = endpoint_params(
            &resolver(),
            &builtins,
            &IndexMap::new(),
            &service,
            op,
            &json!({}),
        )
        .unwrap();
        assert_eq!(params.get("ForcePathStyle"), Some(&ParamValue::Bool(true)));
        assert_eq!(params.get("Bucket"), None);
        let bad = endpoint_params(
            &resolver(),
            &builtins,
            &IndexMap::new(),
            &service,
            op,
            &json!({"Bucket": 5}),
        );
        assert!(bad.unwrap_err().is_endpoint());
    }

    #[test]
    fn direct_reads_agree_with_the_jmespath_crate() {
        let input = json!({
            "RequestItems": {"zeta": [1], "Alpha": [2], "mid": {"x": 1}},
            "Params": {"TableName": "t", "Flag": true, "Count": 3, "List": ["a"]},
            "Scalar": "s"
        });
        let by_crate = |path: &str| {
            let found = jmespath::compile(path).unwrap().search(&input).unwrap();
            serde_json::to_value(&*found).unwrap()
        };
        for path in [
            "keys(RequestItems)",
            "Params.TableName",
            "Params.Flag",
            "Params.Missing",
            "Missing.TableName",
            "Scalar.TableName",
        ] {
            assert_eq!(read_directly(path, &input), Some(by_crate(path)), "{path}");
            assert_eq!(search(path, &input).unwrap(), by_crate(path), "{path}");
        }
        assert_eq!(
            read_directly("keys(RequestItems)", &input),
            Some(json!(["Alpha", "mid", "zeta"]))
        );
        for path in [
            "keys(Scalar)",
            "keys(Missing)",
            "Params.Count",
            "Params.List",
            "Items[*].T",
        ] {
            assert_eq!(read_directly(path, &input), None, "{path}");
        }
        assert!(search("keys(Scalar)", &input).is_err());
    }
}
