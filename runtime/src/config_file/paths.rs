//! Where the shared files are and which profile is in use, from an [`Env`].

use super::Env;
use std::path::PathBuf;

/// The default config file, before expansion.
pub const DEFAULT_CONFIG_FILE: &str = "~/.aws/config";
/// The default shared credentials file, before expansion.
pub const DEFAULT_CREDENTIALS_FILE: &str = "~/.aws/credentials";

/// The two shared files botocore reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPaths {
    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    pub config: PathBuf,
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    pub credentials: PathBuf,
}

impl ConfigPaths {
    /// The paths botocore would use under `env`, with `$VAR`/`${VAR}` and `~` expanded.
    pub fn from_env(env: &Env) -> Self {
        let config = env.get("AWS_CONFIG_FILE").unwrap_or(DEFAULT_CONFIG_FILE);
        let credentials = env
            .get("AWS_SHARED_CREDENTIALS_FILE")
            .unwrap_or(DEFAULT_CREDENTIALS_FILE);
        ConfigPaths {
            config: PathBuf::from(expand_path(config, env)),
            credentials: PathBuf::from(expand_path(credentials, env)),
        }
    }
}

/// Expands environment variables, then a leading `~`, like Python's `os.path.expandvars`
/// followed by `os.path.expanduser`. Unknown variables and `~user` stay as written.
pub fn expand_path(path: &str, env: &Env) -> String {
    expand_user(&expand_vars(path, env), env)
}

fn expand_vars(path: &str, env: &Env) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        match env.get(name).filter(|_| !name.is_empty()) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[dollar..dollar + 1 + consumed]),
        }
        rest = &rest[dollar + 1 + consumed..];
    }
    out.push_str(rest);
    out
}

fn expand_user(path: &str, env: &Env) -> String {
    let Some(after) = path.strip_prefix('~') else {
        return path.to_string();
    };
    if !(after.is_empty() || after.starts_with('/') || after.starts_with('\\')) {
        return path.to_string();
    }
    match env.home_dir() {
        Some(home) => {
            let home = home.to_string_lossy();
            let home = home.trim_end_matches(['/', '\\']);
            format!("{home}{after}")
        }
        None => path.to_string(),
    }
}

/// The profile in use and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSelection {
    /// The profile's name (`default` when nothing chose one).
    pub name: String,
    /// Chosen by the program (`Session` builder), not by the environment. botocore then drops
    /// environment-variable credentials from the chain.
    pub explicit: bool,
    /// Named by the program or by `AWS_DEFAULT_PROFILE`/`AWS_PROFILE`, so it must exist.
    pub named: bool,
}

impl ProfileSelection {
    /// The program's choice, else `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`.
    pub fn resolve(explicit: Option<&str>, env: &Env) -> Self {
        if let Some(name) = explicit {
            return ProfileSelection {
                name: name.to_string(),
                explicit: true,
                named: true,
            };
        }
        let from_env = env
            .get_non_empty("AWS_DEFAULT_PROFILE")
            .or_else(|| env.get_non_empty("AWS_PROFILE"));
        ProfileSelection {
            name: from_env.unwrap_or("default").to_string(),
            explicit: false,
            named: from_env.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_table() {
        let env = Env::new()
            .with("HOME", "/home/ada/")
            .with("DIR", "/etc/aws")
            .with("X_1", "x");
        let cases = [
            ("~/.aws/config", "/home/ada/.aws/config"),
            ("~", "/home/ada"),
            ("~bob/.aws", "~bob/.aws"),
            ("$DIR/config", "/etc/aws/config"),
            ("${DIR}/config", "/etc/aws/config"),
            ("${DIR}x/$X_1.y", "/etc/awsx/x.y"),
            ("$MISSING/config", "$MISSING/config"),
            ("${MISSING}/c", "${MISSING}/c"),
            ("${unclosed", "${unclosed"),
            ("a$", "a$"),
            ("/abs/~/x", "/abs/~/x"),
        ];
        for (input, expected) in cases {
            assert_eq!(expand_path(input, &env), expected, "input {input:?}");
        }
        assert_eq!(expand_path("~/x", &Env::new()), "~/x");
    }

    #[test]
    fn paths_come_from_env_or_default() {
        let env = Env::new().with("HOME", "/h");
        assert_eq!(
            ConfigPaths::from_env(&env),
            ConfigPaths {
                config: "/h/.aws/config".into(),
                credentials: "/h/.aws/credentials".into()
            }
        );
        let env = env
            .with("AWS_CONFIG_FILE", "~/c")
            .with("AWS_SHARED_CREDENTIALS_FILE", "/k");
        let paths = ConfigPaths::from_env(&env);
        assert_eq!(paths.config, PathBuf::from("/h/c"));
        assert_eq!(paths.credentials, PathBuf::from("/k"));
    }

    #[test]
    fn profile_selection_order() {
        let env = Env::new()
            .with("AWS_DEFAULT_PROFILE", "first")
            .with("AWS_PROFILE", "second");
        let pick = |explicit: Option<&str>, env: &Env| ProfileSelection::resolve(explicit, env);
        assert_eq!(pick(None, &env).name, "first");
        assert!(!pick(None, &env).explicit);
        assert!(pick(None, &env).named);
        assert_eq!(pick(Some("mine"), &env).name, "mine");
        assert!(pick(Some("mine"), &env).explicit);
        let only_profile = Env::new().with("AWS_PROFILE", "second");
        assert_eq!(pick(None, &only_profile).name, "second");
        let empty = Env::new().with("AWS_PROFILE", "");
        assert_eq!(
            pick(None, &empty),
            ProfileSelection {
                name: "default".into(),
                explicit: false,
                named: false
            }
        );
    }
}
