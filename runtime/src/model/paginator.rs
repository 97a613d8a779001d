//! Paginator definitions (`paginators-1.json`).

use indexmap::IndexMap;
use serde::Deserialize;

/// A value that models write either as one string or as a list of strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            One(String),
            Many(Vec<String>),
        }
        Ok(OneOrMany(match Either::deserialize(d)? {
            Either::One(s) => vec![s],
            Either::Many(v) => v,
        }))
    }
}

/// How one operation paginates.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct PaginatorDefinition {
    /// Input members that take the continuation token(s).
    pub input_token: OneOrMany,
    /// JMESPath expressions locating the next token(s) in a page.
    pub output_token: OneOrMany,
    /// JMESPath expressions of the items each page contributes.
    #[serde(default)]
    pub result_key: OneOrMany,
    /// Input member that sets the page size.
    pub limit_key: Option<String>,
    /// JMESPath of a boolean saying whether more pages follow.
    pub more_results: Option<String>,
    /// Output keys that are not aggregated across pages.
    #[serde(default)]
    pub non_aggregate_keys: Vec<String>,
}

/// A whole `paginators-1.json`.
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct PaginatorsFile {
    /// Paginators by operation name.
    #[serde(default)]
    pub pagination: IndexMap<String, PaginatorDefinition>,
}
