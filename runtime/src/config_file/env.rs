//! A snapshot of environment variables, passed explicitly instead of read from the process.
//!
//! Every lookup the credential chain and the config-file loader make goes through an [`Env`],
//! so tests (and programs that want to pin their configuration) can hand in a map of their own
//! and run in parallel without touching the process environment.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

/// Environment variables, by name.
///
/// `Debug` lists only the names: values such as `AWS_SECRET_ACCESS_KEY` never reach logs.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    /// An empty environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// The current process's environment (variables that are not valid Unicode are skipped).
    pub fn from_process() -> Self {
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect()
    }

    /// The value of `name`, if it is set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The value of `name` if it is set and not empty.
    pub fn get_non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// Whether `name` is set (even to an empty string).
    pub fn contains(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    /// Sets `name` to `value`, returning the environment (builder style).
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set(name, value);
        self
    }

    /// Sets `name` to `value`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.vars.insert(name.into(), value.into());
    }

    /// Removes `name`.
    pub fn remove(&mut self, name: &str) {
        self.vars.remove(name);
    }

    /// The user's home directory: `HOME`, else `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`
    /// (the order Python's `os.path.expanduser` uses).
    pub fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = self.get_non_empty("HOME") {
            return Some(PathBuf::from(home));
        }
        if let Some(profile) = self.get_non_empty("USERPROFILE") {
            return Some(PathBuf::from(profile));
        }
        match (self.get("HOMEDRIVE"), self.get_non_empty("HOMEPATH")) {
            (drive, Some(path)) => Some(PathBuf::from(format!("{}{path}", drive.unwrap_or("")))),
            _ => None,
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Env {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Env {
            vars: iter
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Env").field("names", &names).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_names_but_never_values() {
        let env: Env = [("AWS_SECRET_ACCESS_KEY", "very-secret"), ("HOME", "/h")]
            .into_iter()
            .collect();
        let shown = format!("{env:?}");
        assert!(shown.contains("AWS_SECRET_ACCESS_KEY"));
        assert!(!shown.contains("very-secret"));
    }

    #[test]
    fn home_dir_falls_back_like_expanduser() {
        assert_eq!(
            Env::new().with("HOME", "/home/a").home_dir(),
            Some(PathBuf::from("/home/a"))
        );
        assert_eq!(
            Env::new().with("USERPROFILE", "C:\\Users\\a").home_dir(),
            Some(PathBuf::from("C:\\Users\\a"))
        );
        assert_eq!(
            Env::new()
                .with("HOMEDRIVE", "D:")
                .with("HOMEPATH", "\\u")
                .home_dir(),
            Some(PathBuf::from("D:\\u"))
        );
        assert_eq!(Env::new().home_dir(), None);
    }
}
