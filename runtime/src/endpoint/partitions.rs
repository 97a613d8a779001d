//! AWS partitions (`aws`, `aws-cn`, `aws-us-gov`, …) from botocore's `partitions.json`,
//! embedded in the binary and parsed once, on first use. They back `aws.partition`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::region_regex::RegionRegex;

const PARTITIONS_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../resource-models/models/partitions.json"
));

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
    region_regex: RegionRegex,
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
                let region_regex = RegionRegex::new(&p.region_regex)
                    .map_err(|e| format!("partition {}: {e}", p.id))?;
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
            self.list
                .iter()
                .find(|p| p.regions.contains(region) || p.region_regex.is_match(region))
        });
        &found.unwrap_or(&self.list[0]).outputs
    }
}

#[cfg(test)]
mod tests {
    use super::Partitions;

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
