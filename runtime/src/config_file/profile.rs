//! One named section of settings: a profile, an `sso-session`, a `services` block.

use super::ini::{IniSection, IniValue};
use indexmap::IndexMap;
use std::fmt;

/// The settings of one section, keys lower-cased as the CLI reads them.
///
/// `Debug` shows the name and the keys, never the values, because a profile may hold
/// `aws_secret_access_key` or `aws_session_token`.
#[derive(Clone, PartialEq, Eq)]
pub struct Profile {
    name: String,
    values: IniSection,
}

impl Profile {
    pub(crate) fn new(name: impl Into<String>, values: IniSection) -> Self {
        Profile {
            name: name.into(),
            values,
        }
    }

    /// Builds a profile from plain `key = value` pairs (keys are lower-cased as the parser would).
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(
        name: impl Into<String>,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let values = pairs
            .into_iter()
            .map(|(k, v)| (k.as_ref().to_lowercase(), IniValue::Text(v.into())))
            .collect();
        Profile::new(name, values)
    }

    /// The section's name (`dev` for `[profile dev]`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A plain setting; `None` when it is missing or is a nested block.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(IniValue::as_text)
    }

    /// A nested block such as `s3 = …` with its own `key = value` lines.
    pub fn nested(&self, key: &str) -> Option<&IndexMap<String, String>> {
        self.values.get(key).and_then(IniValue::as_nested)
    }

    /// A setting inside a nested block (`nested_get("s3", "addressing_style")`).
    pub fn nested_get(&self, key: &str, sub_key: &str) -> Option<&str> {
        self.nested(key)?.get(sub_key).map(String::as_str)
    }

    /// Whether the key is present at all (plain or nested).
    pub fn contains(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    /// The keys, in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// Whether the profile has no settings.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Overlays `other`'s keys on this profile's (the credentials file over the config file).
    pub(crate) fn overlay(&mut self, other: &Profile) {
        for (k, v) in &other.values {
            self.values.insert(k.clone(), v.clone());
        }
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("keys", &self.keys().collect::<Vec<_>>())
            .finish()
    }
}
