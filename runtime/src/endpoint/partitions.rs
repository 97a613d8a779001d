//! AWS partitions (`aws`, `aws-cn`, `aws-us-gov`, …) from botocore's `partitions.json`,
//! embedded in the binary and parsed once, on first use. They back `aws.partition`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};

use regex_lite::Regex;

const PARTITIONS_JSON: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/partitions.json"));

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPartition {
    id: String,
    outputs: Map<String, Value>,
    region_regex: String,
    #[serde(default)]
    regions: Map<String, Value>,
}

#[derive(Deserialize)]
struct RawPartitions {
    partitions: Vec<RawPartition>,
}

#[derive(Debug)]
struct Partition {
    regions: HashSet<String>,
    region_regex: Regex,
    /// The partition's outputs with `name` set to its id.
    outputs: Value,
}

/// The known partitions, in file order (the first is the default).
#[derive(Debug)]
pub(crate) struct Partitions {
    list: Vec<Partition>,
}

impl Partitions {
    /// Parses a `partitions.json` document.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let raw: RawPartitions =
            serde_json::from_str(text).map_err(|e| format!("partitions.json: {e}"))?;
        if raw.partitions.is_empty() {
            return Err("partitions.json lists no partitions".into());
        }
        let list = raw
            .partitions
            .into_iter()
            .map(|p| {
                let region_regex = Regex::new(&format!("^(?:{})", p.region_regex))
                    .map_err(|e| format!("partition {}: regionRegex: {e}", p.id))?;
                let mut outputs = p.outputs;
                outputs.insert("name".into(), Value::String(p.id.clone()));
                Ok(Partition {
                    regions: p.regions.keys().cloned().collect(),
                    region_regex,
                    outputs: Value::Object(outputs),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Partitions { list })
    }

    /// The embedded partitions.
    pub(crate) fn builtin() -> Result<&'static Partitions, String> {
        static BUILTIN: OnceLock<Result<Partitions, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Partitions::parse(PARTITIONS_JSON))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The outputs of the partition a region belongs to: the first partition that lists
    /// the region or whose `regionRegex` matches it, or else the first partition (`aws`).
    pub(crate) fn lookup(&self, region: Option<&str>) -> &Value {
        let found = region.and_then(|region| {
            self.list.iter().find(|p| {
                p.regions.contains(region) || matches_like_python(&p.region_regex, region)
            })
        });
        &found.unwrap_or(&self.list[0]).outputs
    }
}

/// Whether `regex` (compiled anchored at the start) matches `text` as Python's `re.match`
/// would, where a final `$` also matches before a trailing newline.
fn matches_like_python(regex: &Regex, text: &str) -> bool {
    regex.is_match(text) || text.strip_suffix('\n').is_some_and(|t| regex.is_match(t))
}

#[cfg(test)]
mod tests {
    use super::{matches_like_python, Partitions};
    use regex_lite::Regex;

    fn m(pattern: &str, text: &str) -> bool {
        matches_like_python(&Regex::new(&format!("^(?:{pattern})")).unwrap(), text)
    }

    #[test]
    fn region_patterns_match_as_python_re_match_does() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        assert!(m(aws, "us-east-1"));
        assert!(m(aws, "ap-southeast-10"));
        assert!(!m(aws, "cn-north-1"));
        assert!(!m(aws, "us-east-1a"));
        assert!(!m(aws, "us-east-"));
        assert!(m(r"^eusc\-(de)\-\w+\-\d+$", "eusc-de-east-1"));
        assert!(!m(r"^us\-iso\-\w+\-\d+$", "us-isob-east-1"));
        assert!(m("^[a-c]{2,3}x$", "abx"));
        assert!(!m("^[a-c]{2,3}x$", "abcax"));
        assert!(m(r"^\w+\w-\d+$", "ab_c-12"));
        assert!(m("^a(?:b|bc)d$", "abcd"));
        // Anchored at the start only, and `$` also matches before a final newline.
        assert!(m("x?y*z", "zzz"));
        assert!(!m("z", "az"));
        assert!(m("a$", "a\n"));
        assert!(!m("a$", "a\n\n"));
    }

    #[test]
    fn a_pattern_that_does_not_compile_names_its_partition() {
        let text = r#"{"partitions": [{"id": "odd", "regionRegex": "(ab", "regions": {},
                       "outputs": {}}], "version": "1.1"}"#;
        let err = Partitions::parse(text).unwrap_err();
        assert!(err.starts_with("partition odd: regionRegex:"), "{err}");
    }

    fn name_of(region: &str) -> String {
        let partitions = Partitions::builtin().unwrap();
        partitions.lookup(Some(region))["name"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn regions_map_to_partitions() {
        assert_eq!(name_of("us-east-1"), "aws");
        assert_eq!(name_of("aws-global"), "aws");
        assert_eq!(name_of("cn-north-1"), "aws-cn");
        assert_eq!(name_of("us-gov-west-1"), "aws-us-gov");
        assert_eq!(name_of("us-iso-east-1"), "aws-iso");
        assert_eq!(name_of("us-isob-east-1"), "aws-iso-b");
        assert_eq!(name_of("eu-isoe-west-1"), "aws-iso-e");
        assert_eq!(name_of("us-isof-south-1"), "aws-iso-f");
        assert_eq!(name_of("eusc-de-east-1"), "aws-eusc");
        // Unknown names fall back to the first partition.
        assert_eq!(name_of("mars-central-1"), "aws");
    }

    #[test]
    fn outputs_carry_dns_suffixes() {
        let partitions = Partitions::builtin().unwrap();
        let cn = partitions.lookup(Some("cn-northwest-1"));
        assert_eq!(cn["dnsSuffix"], "amazonaws.com.cn");
        assert_eq!(cn["supportsFIPS"], true);
        let none = partitions.lookup(None);
        assert_eq!(none["name"], "aws");
    }
}
