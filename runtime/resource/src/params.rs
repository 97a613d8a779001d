//! Request parameters from a resource: each definition parameter's value from its source
//! (identifier, data, literal), written at its target with boto3's reverse-JMESPath target
//! language (`A.B`, `A[0]`, `A[]`, `A[*]`), plus the two ways user input is merged in.

use serde_json::{Map, Value};

use super::core::ResourceCore;
use super::model::ParamDef;
use rboto_runtime::error::Error;

/// Builds the parameters of a request from `definition`'s params for `resource`, writing
/// into `params` (which may already hold earlier items of a batch). `index` is the
/// position of `resource` in a batch page, used by `[*]` targets.
///
/// Source `data` loads the resource first when it has no data yet (only with `may_load`;
/// a load's own parameters must not load); source `input` is left to the caller's input.
pub(crate) async fn build_request_params(
    resource: &ResourceCore,
    definition: &[ParamDef],
    params: &mut Map<String, Value>,
    index: Option<usize>,
    may_load: bool,
) -> Result<(), Error> {
    for param in definition {
        let value = match param.source.as_str() {
            "identifier" => resource.identifier_named(param.name.as_deref().unwrap_or(""))?,
            "data" => {
                resource
                    .data_member(param.path.as_deref().unwrap_or("@"), may_load)
                    .await?
            }
            "string" | "integer" | "boolean" => param.value.clone().unwrap_or(Value::Null),
            "input" => continue,
            other => {
                return Err(Error::model(format!(
                    "unsupported source {other:?} for request parameter {:?}",
                    param.target
                )))
            }
        };
        write_target(params, &param.target, value, index);
    }
    Ok(())
}

/// Writes `value` at `target` inside `params`, boto3's `build_param_structure`.
///
/// The target is split on `.`; a plain part descends into (or creates) an object; a part
/// with brackets descends into (or creates) a list: `[N]` uses index N, `[]` appends, `[*]`
/// uses the caller's `index` (appends when there is none). A list is padded with empty
/// objects up to the index. An explicit index replaces the caller's for the rest of the
/// target, as in boto3.
pub fn write_target(
    params: &mut Map<String, Value>,
    target: &str,
    value: Value,
    index: Option<usize>,
) {
    let parts: Vec<&str> = target.split('.').collect();
    write_parts(params, &parts, value, index);
}

fn write_parts(pos: &mut Map<String, Value>, parts: &[&str], value: Value, index: Option<usize>) {
    let Some((part, rest)) = parts.split_first() else {
        return;
    };
    match split_index(part) {
        Some((name, bracket)) => {
            let index = match bracket {
                Bracket::Star => index,
                Bracket::Append => None,
                Bracket::At(n) => Some(n),
            };
            let entry = pos.entry(name.to_string()).or_insert(Value::Null);
            if !entry.is_array() {
                *entry = Value::Array(Vec::new());
            }
            let Value::Array(list) = entry else {
                unreachable!("made a list above")
            };
            let at = index.unwrap_or(list.len());
            while list.len() <= at {
                list.push(Value::Object(Map::new()));
            }
            if rest.is_empty() {
                list[at] = value;
            } else {
                write_parts(as_object(&mut list[at]), rest, value, index);
            }
        }
        None if rest.is_empty() => {
            pos.insert(part.to_string(), value);
        }
        None => {
            let entry = pos
                .entry(part.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            write_parts(as_object(entry), rest, value, index);
        }
    }
}

/// The bracket at the end of a target part.
enum Bracket {
    /// `[*]`: the caller's index.
    Star,
    /// `[]`: append.
    Append,
    /// `[N]`.
    At(usize),
}

/// Splits `Name[…]` into its name and bracket; `None` for a part without one.
fn split_index(part: &str) -> Option<(&str, Bracket)> {
    let body = part.strip_suffix(']')?;
    let open = body.rfind('[')?;
    let (name, inner) = (&body[..open], &body[open + 1..]);
    let bracket = match inner {
        "" => Bracket::Append,
        "*" => Bracket::Star,
        n => Bracket::At(n.parse().ok()?),
    };
    Some((name, bracket))
}

/// The object inside `value`, replacing a non-object with an empty one.
fn as_object(value: &mut Value) -> &mut Map<String, Value> {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    match value {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}

/// Overwrites top-level keys of `params` with `input`'s: boto3's way of merging a caller's
/// input into an action's parameters. The runtime uses [`overlay`] instead, which keeps
/// what the definition filled inside an object.
pub fn shallow_merge(params: &mut Map<String, Value>, input: Map<String, Value>) {
    for (key, value) in input {
        params.insert(key, value);
    }
}

/// Lays a caller's input over the parameters an action, batch action or waiter definition
/// filled: an object the definition filled in part (Glacier's `jobParameters` with `Type`
/// and `ArchiveId`) is merged member by member, recursively, so the filled members survive
/// beside the caller's and a member both set takes the caller's value; anything else (a
/// scalar, a list, a member the definition did not fill) is replaced by the caller's value.
///
/// boto3 overrides top-level keys wholesale, so there a caller's `JobParameters` (to choose a
/// retrieval tier) silently drops the archive id the definition filled; merging keeps it.
pub fn overlay(params: &mut Map<String, Value>, input: Map<String, Value>) {
    merge(params, input, false);
}

/// Merges `input` into `params` as collections do (botocore's `merge_dicts` with
/// `append_lists`): objects merge recursively, a list at the top level is appended to an
/// existing list, anything else replaces. Below the top level lists replace, as in botocore.
pub fn deep_merge(params: &mut Map<String, Value>, input: Map<String, Value>) {
    merge(params, input, true);
}

fn merge(into: &mut Map<String, Value>, from: Map<String, Value>, append_lists: bool) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(Value::Object(existing)), Value::Object(nested)) => {
                merge(existing, nested, false)
            }
            (Some(Value::Array(existing)), Value::Array(items)) if append_lists => {
                existing.extend(items)
            }
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

pub(crate) use super::path::search;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn written(steps: &[(&str, Value, Option<usize>)]) -> Value {
        let mut params = Map::new();
        for (target, value, index) in steps {
            write_target(&mut params, target, value.clone(), *index);
        }
        Value::Object(params)
    }

    #[test]
    fn explicit_index_creates_a_list() {
        assert_eq!(
            written(&[("test[0]", json!(1), None)]),
            json!({"test": [1]})
        );
    }

    #[test]
    fn nested_names_and_an_index_inside() {
        assert_eq!(
            written(&[("foo.bar[0].baz", json!("hello"), None)]),
            json!({"foo": {"bar": [{"baz": "hello"}]}})
        );
    }

    #[test]
    fn empty_brackets_append() {
        assert_eq!(
            written(&[("A[]", json!(1), None), ("A[]", json!(2), None)]),
            json!({"A": [1, 2]})
        );
    }

    #[test]
    fn two_targets_fill_the_same_indexed_element() {
        assert_eq!(
            written(&[
                ("Filters[0].Name", json!("vpc-id"), None),
                ("Filters[0].Values[0]", json!("v"), None),
            ]),
            json!({"Filters": [{"Name": "vpc-id", "Values": ["v"]}]})
        );
    }

    #[test]
    fn star_uses_the_batch_index_so_fields_share_an_element() {
        assert_eq!(
            written(&[
                ("Delete.Objects[*].Key", json!("a"), Some(0)),
                ("Delete.Objects[*].VersionId", json!("1"), Some(0)),
                ("Delete.Objects[*].Key", json!("b"), Some(1)),
                ("Delete.Objects[*].VersionId", json!("2"), Some(1)),
            ]),
            json!({"Delete": {"Objects": [
                {"Key": "a", "VersionId": "1"},
                {"Key": "b", "VersionId": "2"}
            ]}})
        );
    }

    #[test]
    fn append_with_several_fields_makes_one_element_per_field() {
        assert_eq!(
            written(&[
                ("Delete.Objects[].Key", json!("a"), Some(0)),
                ("Delete.Objects[].VersionId", json!("1"), Some(0)),
                ("Delete.Objects[].Key", json!("b"), Some(1)),
                ("Delete.Objects[].VersionId", json!("2"), Some(1)),
            ]),
            json!({"Delete": {"Objects": [
                {"Key": "a"}, {"VersionId": "1"}, {"Key": "b"}, {"VersionId": "2"}
            ]}})
        );
    }

    #[test]
    fn star_without_an_index_appends() {
        assert_eq!(
            written(&[("Entries[*].Id", json!("x"), None)]),
            json!({"Entries": [{"Id": "x"}]})
        );
    }

    #[test]
    fn a_far_index_pads_with_empty_objects() {
        assert_eq!(
            written(&[("Tags[2].Key", json!("k"), None)]),
            json!({"Tags": [{}, {}, {"Key": "k"}]})
        );
    }

    #[test]
    fn overlay_keeps_what_the_definition_filled_inside_an_object() {
        let mut params = json!({
            "vaultName": "v",
            "jobParameters": {"Type": "archive-retrieval", "ArchiveId": "a1"},
            "Ids": ["x"]
        })
        .as_object()
        .cloned()
        .unwrap();
        let input = json!({
            "jobParameters": {"Tier": "Bulk", "Type": "select"},
            "Ids": ["y"],
            "accountId": "-"
        });
        overlay(&mut params, input.as_object().cloned().unwrap());
        assert_eq!(
            Value::Object(params),
            json!({
                "vaultName": "v",
                "jobParameters": {"Type": "select", "ArchiveId": "a1", "Tier": "Bulk"},
                "Ids": ["y"],
                "accountId": "-"
            })
        );
    }

    #[test]
    fn shallow_merge_replaces_top_level_keys() {
        let mut params = json!({"Filters": [{"Name": "a"}], "Bucket": "b"})
            .as_object()
            .unwrap()
            .clone();
        let input = json!({"Filters": [{"Name": "user"}]})
            .as_object()
            .unwrap()
            .clone();
        shallow_merge(&mut params, input);
        assert_eq!(
            Value::Object(params),
            json!({"Filters": [{"Name": "user"}], "Bucket": "b"})
        );
    }

    #[test]
    fn deep_merge_appends_top_level_lists_and_merges_objects() {
        let mut params = json!({
            "Filters": [{"Name": "vpc-id", "Values": ["v"]}],
            "Nested": {"List": [1], "Keep": true},
            "Bucket": "b"
        })
        .as_object()
        .unwrap()
        .clone();
        let input = json!({
            "Filters": [{"Name": "tag:x", "Values": ["y"]}],
            "Nested": {"List": [2]},
            "Prefix": "p/"
        })
        .as_object()
        .unwrap()
        .clone();
        deep_merge(&mut params, input);
        assert_eq!(
            Value::Object(params),
            json!({
                "Filters": [{"Name": "vpc-id", "Values": ["v"]}, {"Name": "tag:x", "Values": ["y"]}],
                "Nested": {"List": [2], "Keep": true},
                "Bucket": "b",
                "Prefix": "p/"
            })
        );
    }
}
