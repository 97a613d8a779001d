//! A typed view of `endpoint-rule-set-1.json`: parameters, and rules made of conditions
//! (function calls that may assign a result) leading to an endpoint, an error or a
//! nested tree of rules. Parsing checks function names and argument counts, so a rule set
//! that loads can be evaluated without further shape checks.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use super::params::ParamValue;
use super::template::Template;

/// The declared type of a rule-set parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamType {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

impl ParamType {
    fn parse(name: &str) -> Result<Self, String> {
        match name.to_ascii_lowercase().as_str() {
            "string" => Ok(ParamType::String),
            "boolean" => Ok(ParamType::Boolean),
            "stringarray" => Ok(ParamType::StringArray),
            _ => Err(format!(
                "unknown parameter type {name:?} (expected string, boolean or stringArray)"
            )),
        }
    }

    /// Whether a value has this type.
    pub fn accepts(self, value: &ParamValue) -> bool {
        matches!(
            (self, value),
            (ParamType::String, ParamValue::String(_))
                | (ParamType::Boolean, ParamValue::Bool(_))
                | (ParamType::StringArray, ParamValue::StringArray(_))
        )
    }
}

/// One declared parameter of a rule set.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Parameter {
    /// Declared type.
    pub kind: ParamType,
    /// The SDK built-in that fills it (`AWS::Region`, `SDK::Endpoint`, …), if any.
    pub built_in: Option<String>,
    /// Value used when none is given.
    pub default: Option<ParamValue>,
    /// Resolution fails when no value (and no default) is present.
    pub required: bool,
    /// The parameter is deprecated.
    pub deprecated: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawParameter {
    #[serde(rename = "type")]
    kind: String,
    built_in: Option<String>,
    default: Option<Value>,
    #[serde(default)]
    required: bool,
    deprecated: Option<Value>,
}

impl TryFrom<RawParameter> for Parameter {
    type Error = String;

    fn try_from(raw: RawParameter) -> Result<Self, String> {
        let kind = ParamType::parse(&raw.kind)?;
        let default = match raw.default {
            None | Some(Value::Null) => None,
            Some(v) => {
                let value = ParamValue::from_json(&v)
                    .filter(|pv| kind.accepts(pv))
                    .ok_or_else(|| format!("default {v} does not have type {:?}", raw.kind))?;
                Some(value)
            }
        };
        Ok(Parameter {
            kind,
            built_in: raw.built_in,
            default,
            required: raw.required,
            deprecated: raw.deprecated.is_some(),
        })
    }
}

/// A function of the rules standard library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Function {
    IsSet,
    Not,
    GetAttr,
    StringEquals,
    BooleanEquals,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Substring,
    Split,
    Coalesce,
    Ite,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

impl Function {
    fn parse(name: &str) -> Result<Self, String> {
        Ok(match name {
            "isSet" => Function::IsSet,
            "not" => Function::Not,
            "getAttr" => Function::GetAttr,
            "stringEquals" => Function::StringEquals,
            "booleanEquals" => Function::BooleanEquals,
            "uriEncode" => Function::UriEncode,
            "parseURL" => Function::ParseUrl,
            "isValidHostLabel" => Function::IsValidHostLabel,
            "substring" => Function::Substring,
            "split" => Function::Split,
            "coalesce" => Function::Coalesce,
            "ite" => Function::Ite,
            "aws.partition" => Function::AwsPartition,
            "aws.parseArn" => Function::AwsParseArn,
            "aws.isVirtualHostableS3Bucket" => Function::AwsIsVirtualHostableS3Bucket,
            other => return Err(format!("unknown rule function {other:?}")),
        })
    }

    /// Accepted argument counts (minimum, maximum).
    fn arity(self) -> (usize, usize) {
        match self {
            Function::IsSet
            | Function::Not
            | Function::UriEncode
            | Function::ParseUrl
            | Function::AwsPartition
            | Function::AwsParseArn => (1, 1),
            Function::GetAttr
            | Function::StringEquals
            | Function::BooleanEquals
            | Function::IsValidHostLabel
            | Function::AwsIsVirtualHostableS3Bucket => (2, 2),
            Function::Split | Function::Ite => (3, 3),
            Function::Substring => (4, 4),
            Function::Coalesce => (1, usize::MAX),
        }
    }
}

/// A function call: `{"fn": …, "argv": […], "assign": …}`.
///
/// Read by serde through [`RawCall`] and checked as it is read, as are rules and endpoints, so
/// a document never holds its raw calls and rules all at once.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawCall")]
pub(crate) struct Call {
    pub(crate) function: Function,
    pub(crate) name: String,
    pub(crate) args: Vec<Expr>,
    pub(crate) assign: Option<String>,
}

/// An argument, URL, header value or error message.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// A value taken as is (booleans, numbers, arrays, plain objects).
    Literal(Value),
    /// A string, possibly with `{…}` placeholders.
    Template(Template),
    /// `{"ref": name}`: a parameter or an assigned variable.
    Ref(String),
    /// A nested function call.
    Call(Box<Call>),
}

impl Expr {
    fn parse(value: &Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(Expr::Template(Template::parse(s))),
            Value::Object(map) if map.contains_key("fn") => {
                Ok(Expr::Call(Box::new(parse_call(value)?)))
            }
            Value::Object(map) if map.contains_key("ref") => match map.get("ref") {
                Some(Value::String(name)) => Ok(Expr::Ref(name.clone())),
                _ => Err(format!("`ref` must name a variable: {value}")),
            },
            other => Ok(Expr::Literal(other.clone())),
        }
    }
}

fn parse_call(value: &Value) -> Result<Call, String> {
    Call::deserialize(value).map_err(|e| format!("bad function call {value}: {e}"))
}

/// A function call as written: `{"fn": …, "argv": […], "assign": …}`.
#[derive(Deserialize)]
struct RawCall {
    #[serde(rename = "fn")]
    function: String,
    #[serde(default)]
    argv: Vec<Value>,
    assign: Option<String>,
}

impl TryFrom<RawCall> for Call {
    type Error = String;

    fn try_from(raw: RawCall) -> Result<Self, String> {
        let name = raw.function;
        let function = Function::parse(&name)?;
        let args = raw
            .argv
            .iter()
            .map(Expr::parse)
            .collect::<Result<Vec<_>, _>>()?;
        let (min, max) = function.arity();
        if args.len() < min || args.len() > max {
            return Err(format!(
                "{name} takes {} argument(s), the rule set gives {}",
                if min == max {
                    min.to_string()
                } else {
                    format!("at least {min}")
                },
                args.len()
            ));
        }
        Ok(Call {
            function,
            name,
            args,
            assign: raw.assign,
        })
    }
}

/// An `endpoint` property value: templates inside strings are filled, everything else is
/// copied.
#[derive(Debug, Clone)]
pub(crate) enum Property {
    Template(Template),
    Literal(Value),
    List(Vec<Property>),
    Map(IndexMap<String, Property>),
}

impl Property {
    fn parse(value: &Value) -> Result<Self, String> {
        Ok(match value {
            Value::String(s) => Property::Template(Template::parse(s)),
            Value::Array(items) => Property::List(
                items
                    .iter()
                    .map(Property::parse)
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => Property::Map(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), Property::parse(v)?)))
                    .collect::<Result<_, String>>()?,
            ),
            other => Property::Literal(other.clone()),
        })
    }
}

/// The endpoint an `endpoint` rule produces.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawEndpoint")]
pub(crate) struct EndpointTemplate {
    pub(crate) url: Expr,
    pub(crate) properties: IndexMap<String, Property>,
    pub(crate) headers: IndexMap<String, Vec<Expr>>,
}

/// What a rule does when its conditions hold.
#[derive(Debug, Clone)]
pub(crate) enum RuleKind {
    Endpoint(EndpointTemplate),
    Error(Expr),
    Tree(Vec<Rule>),
}

/// A rule: conditions, then an outcome.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawRule")]
pub(crate) struct Rule {
    pub(crate) conditions: Vec<Call>,
    pub(crate) kind: RuleKind,
}

/// A rule as written.
#[derive(Deserialize)]
struct RawRule {
    #[serde(default)]
    conditions: Vec<Call>,
    #[serde(rename = "type")]
    kind: String,
    endpoint: Option<EndpointTemplate>,
    error: Option<Value>,
    rules: Option<Vec<Rule>>,
}

/// An `endpoint` outcome as written.
#[derive(Deserialize)]
struct RawEndpoint {
    url: Value,
    properties: Option<IndexMap<String, Value>>,
    headers: Option<IndexMap<String, Vec<Value>>>,
}

impl TryFrom<RawRule> for Rule {
    type Error = String;

    fn try_from(raw: RawRule) -> Result<Self, String> {
        let conditions = raw.conditions;
        let kind = match raw.kind.as_str() {
            "endpoint" => {
                RuleKind::Endpoint(raw.endpoint.ok_or("an endpoint rule needs `endpoint`")?)
            }
            "error" => RuleKind::Error(Expr::parse(
                raw.error.as_ref().ok_or("an error rule needs `error`")?,
            )?),
            "tree" => RuleKind::Tree(raw.rules.ok_or("a tree rule needs a `rules` list")?),
            other => {
                return Err(format!(
                    "unknown rule type {other:?} (expected endpoint, error or tree)"
                ))
            }
        };
        Ok(Rule { conditions, kind })
    }
}

impl TryFrom<RawEndpoint> for EndpointTemplate {
    type Error = String;

    fn try_from(raw: RawEndpoint) -> Result<Self, String> {
        let url = Expr::parse(&raw.url)?;
        let properties = raw
            .properties
            .unwrap_or_default()
            .iter()
            .map(|(k, v)| Ok((k.clone(), Property::parse(v)?)))
            .collect::<Result<_, String>>()?;
        let headers = raw
            .headers
            .unwrap_or_default()
            .into_iter()
            .map(|(name, values)| {
                let values = values.iter().map(Expr::parse).collect::<Result<_, _>>()?;
                Ok((name, values))
            })
            .collect::<Result<_, String>>()?;
        Ok(EndpointTemplate {
            url,
            properties,
            headers,
        })
    }
}

/// A whole rule set as written; unknown keys (`version`, `documentation`) are ignored.
#[derive(Deserialize)]
struct RawRuleSet {
    #[serde(default)]
    parameters: IndexMap<String, RawParameter>,
    rules: Vec<Rule>,
}

/// A whole rule set.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawRuleSet")]
pub(crate) struct RuleSet {
    pub(crate) parameters: IndexMap<String, Parameter>,
    pub(crate) rules: Vec<Rule>,
}

impl RuleSet {
    /// Reads a rule-set document already parsed as JSON.
    pub(crate) fn parse(document: &Value) -> Result<Self, String> {
        RuleSet::deserialize(document).map_err(|e| e.to_string())
    }

    /// Reads a rule-set document from its text, without building a JSON tree of it first.
    pub(crate) fn parse_text(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

impl TryFrom<RawRuleSet> for RuleSet {
    type Error = String;

    fn try_from(raw: RawRuleSet) -> Result<Self, String> {
        let parameters = raw
            .parameters
            .into_iter()
            .map(|(name, raw)| {
                let param =
                    Parameter::try_from(raw).map_err(|e| format!("parameter {name}: {e}"))?;
                Ok((name, param))
            })
            .collect::<Result<_, String>>()?;
        Ok(RuleSet {
            parameters,
            rules: raw.rules,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_parameters_rules_and_calls() {
        let doc = json!({
            "version": "1.0",
            "parameters": {
                "Region": {"type": "String", "builtIn": "AWS::Region"},
                "UseFIPS": {"type": "Boolean", "default": false, "required": true},
                "Arns": {"type": "stringArray"}
            },
            "rules": [{
                "type": "tree",
                "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
                "rules": [
                    {"type": "error", "conditions": [], "error": "no {Region}"},
                    {"type": "endpoint", "conditions": [],
                     "endpoint": {"url": "https://x.{Region}", "headers": {"h": ["v"]}}}
                ]
            }]
        });
        let rs = RuleSet::parse(&doc).unwrap();
        assert_eq!(
            rs.parameters["Region"].built_in.as_deref(),
            Some("AWS::Region")
        );
        assert_eq!(
            rs.parameters["UseFIPS"].default,
            Some(ParamValue::Bool(false))
        );
        assert_eq!(rs.parameters["Arns"].kind, ParamType::StringArray);
        let RuleKind::Tree(children) = &rs.rules[0].kind else {
            panic!("expected a tree")
        };
        assert_eq!(children.len(), 2);
        assert_eq!(rs.rules[0].conditions[0].function, Function::IsSet);
    }

    #[test]
    fn rejects_unknown_functions_and_wrong_arity() {
        let bad_fn = json!({"parameters": {}, "rules": [
            {"type": "error", "conditions": [{"fn": "nope", "argv": []}], "error": "e"}]});
        assert!(RuleSet::parse(&bad_fn).unwrap_err().contains("nope"));
        let bad_arity = json!({"parameters": {}, "rules": [
            {"type": "error", "conditions": [{"fn": "isSet", "argv": []}], "error": "e"}]});
        assert!(RuleSet::parse(&bad_arity).is_err());
        let bad_type = json!({"parameters": {"P": {"type": "number"}}, "rules": []});
        assert!(RuleSet::parse(&bad_type).is_err());
        let no_rules = json!({"parameters": {}});
        assert!(RuleSet::parse(&no_rules).unwrap_err().contains("rules"));
    }

    #[test]
    fn text_and_json_tree_read_alike() {
        let text = r#"{"version": "1.0", "parameters": {"R": {"type": "string"}}, "rules": [
            {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "R"}]}],
             "endpoint": {"url": "https://{R}", "properties": {"a": [1, "{R}"]}}},
            {"type": "error", "conditions": [], "documentation": "d", "error": "none"}]}"#;
        let from_text = RuleSet::parse_text(text).unwrap();
        let from_tree = RuleSet::parse(&serde_json::from_str(text).unwrap()).unwrap();
        assert_eq!(format!("{from_text:?}"), format!("{from_tree:?}"));
        assert_eq!(from_text.rules.len(), 2);
        assert!(RuleSet::parse_text("{").is_err());
    }
}
