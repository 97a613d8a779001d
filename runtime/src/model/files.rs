//! Reading model files the way botocore's loader finds them on disk: plain or gzip-compressed,
//! the newest API version of a service folder, and `*.sdk-extras.json` merged in.

use std::io::Read;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Error;

/// JSON that keeps every object's key order, whatever features serde_json is built with: a
/// structure's member order is part of the model (botocore writes XML elements in it), so a
/// model merged with its extras must come out in the order it went in.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub(super) enum OrderedJson {
    /// An object, keys in document order.
    Object(IndexMap<String, OrderedJson>),
    /// An array.
    Array(Vec<OrderedJson>),
    /// A string, number, boolean or null.
    Scalar(Value),
}

/// The extras kinds botocore's loader applies by default (`<type>.<kind>-extras.json`).
const EXTRAS_KINDS: &[&str] = &["sdk"];

/// Inflates a gzip-compressed model file into its JSON text.
pub(super) fn gunzip(bytes: &[u8]) -> Result<String, String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot inflate the compressed model: {e}"))?;
    Ok(text)
}

/// `dir` itself when it holds a `service-2` model; otherwise, for a service folder, its
/// newest API version folder holding one (versions are dates, so the greatest name).
pub(super) fn api_version_dir(dir: &Path) -> Result<PathBuf, Error> {
    if find_file(dir, "service-2.json").is_some() {
        return Ok(dir.to_path_buf());
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::model(format!("cannot read {}: {e}", dir.display())))?;
    let mut versions: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir() && find_file(path, "service-2.json").is_some())
        .collect();
    versions.sort();
    versions.pop().ok_or_else(|| {
        Error::model(format!(
            "no service-2.json (or .json.gz) in {} nor in any API version folder under it",
            dir.display()
        ))
    })
}

/// `<dir>/<file>` or, failing that, `<dir>/<file>.gz`, whichever exists.
fn find_file(dir: &Path, file: &str) -> Option<PathBuf> {
    let plain = dir.join(file);
    if plain.is_file() {
        return Some(plain);
    }
    let packed = dir.join(format!("{file}.gz"));
    packed.is_file().then_some(packed)
}

/// Reads one file, inflating it when its name ends in `.gz`.
fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::model(format!("cannot read {}: {e}", path.display())))?;
    let text = if path.extension().is_some_and(|ext| ext == "gz") {
        gunzip(&bytes)
    } else {
        String::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))
    };
    text.map_err(|e| Error::model(format!("{}: {e}", path.display())))
}

/// The text of model `<stem>.json` in `dir` (plain or `.gz`) with its extras merged, or
/// `None` when the folder has no such model.
pub(super) fn read_model_file(dir: &Path, stem: &str) -> Result<Option<String>, Error> {
    let Some(path) = find_file(dir, &format!("{stem}.json")) else {
        return Ok(None);
    };
    let text = read_text(&path)?;
    let mut extras = Vec::new();
    for kind in EXTRAS_KINDS {
        if let Some(extra) = find_file(dir, &format!("{stem}.{kind}-extras.json")) {
            extras.push((read_json(&extra)?, extra));
        }
    }
    if extras.is_empty() {
        return Ok(Some(text));
    }
    let mut model: OrderedJson = serde_json::from_str(&text)
        .map_err(|e| Error::model(format!("{}: {e}", path.display())))?;
    for (extra, extra_path) in extras {
        let merge = match &extra {
            OrderedJson::Object(fields) => fields.get("merge"),
            _ => None,
        };
        if let Some(merge) = merge {
            deep_merge(&mut model, merge).map_err(|e| {
                Error::model(format!(
                    "cannot merge {} into {}: {e}",
                    extra_path.display(),
                    path.display()
                ))
            })?;
        }
    }
    let text = serde_json::to_string(&model)
        .map_err(|e| Error::model(format!("{}: {e}", path.display())))?;
    Ok(Some(text))
}

fn read_json(path: &Path) -> Result<OrderedJson, Error> {
    serde_json::from_str(&read_text(path)?)
        .map_err(|e| Error::model(format!("{}: {e}", path.display())))
}

/// botocore's merge of an extras file into a model: an object merges into an object key by
/// key (recursively); any other value replaces the one it meets.
pub(super) fn deep_merge(base: &mut OrderedJson, extra: &OrderedJson) -> Result<(), String> {
    let (OrderedJson::Object(base), OrderedJson::Object(extra)) = (base, extra) else {
        return Err("both the model and the extras' `merge` must be JSON objects".into());
    };
    for (key, value) in extra {
        match base.get_mut(key) {
            Some(existing @ OrderedJson::Object(_)) if matches!(value, OrderedJson::Object(_)) => {
                deep_merge(existing, value)?;
            }
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::io::Write;

    fn ordered(text: &str) -> OrderedJson {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn objects_merge_key_by_key_and_other_values_replace() {
        let mut model = ordered(
            r#"{"pagination": {"ListObjects": {"input_token": "Marker",
            "result_key": "Contents"}}, "version": 1, "list": [1, 2]}"#,
        );
        let extra = ordered(
            r#"{"pagination": {"ListObjects": {"non_aggregate_keys": ["Prefix"],
            "result_key": ["Contents", "CommonPrefixes"]}}, "list": [3], "new": {"a": 1}}"#,
        );
        deep_merge(&mut model, &extra).unwrap();
        assert_eq!(
            serde_json::to_string(&model).unwrap(),
            r#"{"pagination":{"ListObjects":{"input_token":"Marker","result_key":["Contents","CommonPrefixes"],"non_aggregate_keys":["Prefix"]}},"version":1,"list":[3],"new":{"a":1}}"#
        );
        let err = deep_merge(&mut ordered("[]"), &ordered("{}")).unwrap_err();
        assert!(err.contains("JSON objects"), "{err}");
    }

    /// Structure members keep the model's order through a merge (serde_json's own `Map`
    /// sorts keys unless a program turns on `preserve_order`).
    #[test]
    fn a_merge_keeps_the_order_of_keys() {
        let mut model = ordered(r#"{"members": {"Zeta": {}, "Alpha": {}, "Mid": {}}}"#);
        deep_merge(&mut model, &ordered(r#"{"members": {"Beta": {}}}"#)).unwrap();
        assert_eq!(
            serde_json::to_string(&model).unwrap(),
            r#"{"members":{"Zeta":{},"Alpha":{},"Mid":{},"Beta":{}}}"#
        );
    }

    fn gzip(text: &str) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap()
    }

    /// botocore's installed layout: compressed models, extras beside them, several versions.
    #[test]
    fn a_service_folder_resolves_to_its_newest_version_with_extras_merged() {
        let root = std::env::temp_dir().join(format!("rboto-model-files-{}", std::process::id()));
        let old = root.join("demo/2010-01-01");
        let new = root.join("demo/2020-01-01");
        let other = root.join("demo/2030-01-01");
        for dir in [&old, &new, &other] {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(old.join("service-2.json"), r#"{"v": "old"}"#).unwrap();
        std::fs::write(new.join("service-2.json.gz"), gzip(r#"{"v": "new"}"#)).unwrap();
        // A folder without a service model is not an API version of it.
        std::fs::write(other.join("paginators-1.json"), "{}").unwrap();
        std::fs::write(
            new.join("paginators-1.json.gz"),
            gzip(r#"{"pagination": {"List": {"result_key": "Items"}}}"#),
        )
        .unwrap();
        std::fs::write(
            new.join("paginators-1.sdk-extras.json"),
            r#"{"version": 1.0, "merge": {"pagination": {"List": {"non_aggregate_keys": ["Owner"]}}}}"#,
        )
        .unwrap();

        let chosen = api_version_dir(&root.join("demo")).unwrap();
        assert_eq!(chosen, new);
        assert_eq!(api_version_dir(&old).unwrap(), old);
        let service = read_model_file(&chosen, "service-2").unwrap().unwrap();
        assert_eq!(service, r#"{"v": "new"}"#);
        let paginators: Value =
            serde_json::from_str(&read_model_file(&chosen, "paginators-1").unwrap().unwrap())
                .unwrap();
        assert_eq!(
            paginators,
            json!({"pagination": {"List": {"result_key": "Items", "non_aggregate_keys": ["Owner"]}}})
        );
        assert!(read_model_file(&chosen, "waiters-2").unwrap().is_none());

        std::fs::write(new.join("waiters-2.json.gz"), b"not gzip").unwrap();
        let err = read_model_file(&chosen, "waiters-2")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("waiters-2.json.gz") && err.contains("inflate"),
            "{err}"
        );
        let err = api_version_dir(&root.join("missing"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing"), "{err}");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
