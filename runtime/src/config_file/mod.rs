//! `~/.aws/config` and `~/.aws/credentials`, read the way the AWS CLI and botocore read them.
//!
//! - `ini` (internal) parses text with Python `configparser` semantics plus botocore's nested blocks.
//! - [`SharedConfig`] sorts the config file's sections into profiles (`[default]`,
//!   `[profile x]`), `[sso-session x]` and `[services x]` blocks, keeps the credentials file's
//!   sections (`[x]`, no `profile` prefix) apart, and offers the merged view botocore calls
//!   `full_config`: for a profile in both files, the credentials file's keys win.
//! - [`ConfigPaths`] and [`ProfileSelection`] find the files (`AWS_CONFIG_FILE`,
//!   `AWS_SHARED_CREDENTIALS_FILE`, `~` expansion) and the profile (`AWS_DEFAULT_PROFILE`,
//!   then `AWS_PROFILE`) from an [`Env`], never from the process directly.
//!
//! Parsing is pure (text in, [`SharedConfig`] out); only [`SharedConfig::load`] touches the disk.

mod env;
pub(crate) mod ini;
mod paths;
mod profile;
pub(crate) mod shlex;

pub use env::Env;
pub use paths::{
    expand_path, ConfigPaths, ProfileSelection, DEFAULT_CONFIG_FILE, DEFAULT_CREDENTIALS_FILE,
};
pub use profile::Profile;

use indexmap::IndexMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A shared file that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, when the text came from one.
    pub path: Option<PathBuf>,
    /// What went wrong (with the line number when there is one).
    pub reason: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "cannot read {}: {}", path.display(), self.reason),
            None => write!(f, "cannot parse config: {}", self.reason),
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<ConfigError> for crate::Error {
    fn from(err: ConfigError) -> Self {
        crate::Error::credentials(err.to_string())
    }
}

/// The contents of both shared files.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SharedConfig {
    config_profiles: IndexMap<String, Profile>,
    sso_sessions: IndexMap<String, Profile>,
    services: IndexMap<String, Profile>,
    other_sections: IndexMap<String, Profile>,
    credentials_profiles: IndexMap<String, Profile>,
    merged: IndexMap<String, Profile>,
}

impl SharedConfig {
    /// Parses the config file's text and the credentials file's text (either may be absent).
    pub fn from_texts(
        config: Option<&str>,
        credentials: Option<&str>,
    ) -> Result<Self, ConfigError> {
        let parse = |text: Option<&str>| -> Result<ini::IniFile, ConfigError> {
            match text {
                Some(t) => ini::parse(t).map_err(|e| ConfigError {
                    path: None,
                    reason: e.to_string(),
                }),
                None => Ok(ini::IniFile::new()),
            }
        };
        let config = parse(config)?;
        let credentials = parse(credentials).map_err(|mut e| {
            e.reason = format!("credentials file: {}", e.reason);
            e
        })?;
        Ok(Self::from_ini(config, credentials))
    }

    /// Reads and parses the two files; a file that does not exist counts as empty.
    pub async fn load(paths: &ConfigPaths) -> Result<Self, ConfigError> {
        let config = read_optional(&paths.config).await?;
        let credentials = read_optional(&paths.credentials).await?;
        let with_path = |path: &Path| {
            let path = path.to_path_buf();
            move |e: ini::IniError| ConfigError {
                path: Some(path),
                reason: e.to_string(),
            }
        };
        let config = match config {
            Some(text) => ini::parse(&text).map_err(with_path(&paths.config))?,
            None => ini::IniFile::new(),
        };
        let credentials = match credentials {
            Some(text) => ini::parse(&text).map_err(with_path(&paths.credentials))?,
            None => ini::IniFile::new(),
        };
        Ok(Self::from_ini(config, credentials))
    }

    fn from_ini(config: ini::IniFile, credentials: ini::IniFile) -> Self {
        let mut shared = SharedConfig::default();
        for (section, values) in config {
            let (kind, name) = classify(&section);
            let map = match kind {
                SectionKind::Profile => &mut shared.config_profiles,
                SectionKind::SsoSession => &mut shared.sso_sessions,
                SectionKind::Services => &mut shared.services,
                SectionKind::Ignored => continue,
                SectionKind::Other => &mut shared.other_sections,
            };
            map.insert(name.clone(), Profile::new(name, values));
        }
        for (section, values) in credentials {
            shared
                .credentials_profiles
                .insert(section.clone(), Profile::new(section, values));
        }
        shared.merged = shared.config_profiles.clone();
        for (name, creds) in &shared.credentials_profiles {
            match shared.merged.get_mut(name) {
                Some(profile) => profile.overlay(creds),
                None => {
                    shared.merged.insert(name.clone(), creds.clone());
                }
            }
        }
        shared
    }

    /// A profile from both files merged (credentials-file keys over config-file keys), the view
    /// botocore's assume-role, web identity, SSO and `credential_process` providers read.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.merged.get(name)
    }

    /// Every profile name known from either file.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.merged.keys().map(String::as_str)
    }

    /// A profile as the config file alone defines it (`[default]` or `[profile name]`).
    pub fn config_file_profile(&self, name: &str) -> Option<&Profile> {
        self.config_profiles.get(name)
    }

    /// A section of the credentials file alone (`[name]`).
    pub fn credentials_file_profile(&self, name: &str) -> Option<&Profile> {
        self.credentials_profiles.get(name)
    }

    /// An `[sso-session name]` section.
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }

    /// A `[services name]` section (its per-service settings are nested blocks).
    pub fn services(&self, name: &str) -> Option<&Profile> {
        self.services.get(name)
    }

    /// Any other config-file section (`[preview]`, `[plugins]`, …) by its full name.
    pub fn section(&self, name: &str) -> Option<&Profile> {
        self.other_sections.get(name)
    }
}

impl fmt::Debug for SharedConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedConfig")
            .field("profiles", &self.merged.keys().collect::<Vec<_>>())
            .field(
                "sso_sessions",
                &self.sso_sessions.keys().collect::<Vec<_>>(),
            )
            .field("services", &self.services.keys().collect::<Vec<_>>())
            .finish()
    }
}

async fn read_optional(path: &Path) -> Result<Option<String>, ConfigError> {
    match tokio::fs::metadata(path).await {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ConfigError {
                path: Some(path.to_path_buf()),
                reason: e.to_string(),
            });
        }
    }
    let bytes = tokio::fs::read(path).await.map_err(|e| ConfigError {
        path: Some(path.to_path_buf()),
        reason: e.to_string(),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| ConfigError {
        path: Some(path.to_path_buf()),
        reason: "file is not valid UTF-8".into(),
    })?;
    Ok(Some(text))
}

enum SectionKind {
    Profile,
    SsoSession,
    Services,
    Ignored,
    Other,
}

/// Sorts a config-file section header the way botocore's `build_profile_map` does: a header
/// starting with `profile`, `sso-session` or `services` must split (shell-style) into exactly
/// two words and is named by the second; otherwise it is dropped. `default` is a profile.
fn classify(section: &str) -> (SectionKind, String) {
    let prefixed = [
        ("profile", SectionKind::Profile),
        ("sso-session", SectionKind::SsoSession),
        ("services", SectionKind::Services),
    ];
    for (prefix, kind) in prefixed {
        if section.starts_with(prefix) {
            return match shlex::split(section).as_deref() {
                Some([_, name]) => (kind, name.clone()),
                _ => (SectionKind::Ignored, String::new()),
            };
        }
    }
    if section == "default" {
        (SectionKind::Profile, section.to_string())
    } else {
        (SectionKind::Other, section.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(config: &str, credentials: &str) -> SharedConfig {
        SharedConfig::from_texts(Some(config), Some(credentials)).expect("parses")
    }

    #[test]
    fn config_headers_table() {
        // (header, profile found, sso-session found, services found, other section)
        type Found<'a> = Option<&'a str>;
        let cases: &[(&str, Found, Found, Found, Found)] = &[
            ("[default]", Some("default"), None, None, None),
            ("[profile default]", Some("default"), None, None, None),
            ("[profile dev]", Some("dev"), None, None, None),
            ("[profile   dev]", Some("dev"), None, None, None),
            ("[profile \"my dev\"]", Some("my dev"), None, None, None),
            ("[profile 'my dev']", Some("my dev"), None, None, None),
            ("[profiledev x]", Some("x"), None, None, None),
            ("[profile]", None, None, None, None),
            ("[profile a b]", None, None, None, None),
            ("[profile \"unclosed]", None, None, None, None),
            ("[dev]", None, None, None, Some("dev")),
            ("[Default]", None, None, None, Some("Default")),
            ("[sso-session corp]", None, Some("corp"), None, None),
            ("[services local]", None, None, Some("local"), None),
            ("[preview]", None, None, None, Some("preview")),
        ];
        for (header, profile, sso, services, other) in cases {
            let text = format!("{header}\nk = v\n");
            let shared = cfg(&text, "");
            let found = |m: &IndexMap<String, Profile>| m.keys().next().cloned();
            assert_eq!(
                found(&shared.config_profiles).as_deref(),
                *profile,
                "{header}"
            );
            assert_eq!(found(&shared.sso_sessions).as_deref(), *sso, "{header}");
            assert_eq!(found(&shared.services).as_deref(), *services, "{header}");
            assert_eq!(found(&shared.other_sections).as_deref(), *other, "{header}");
        }
    }

    #[test]
    fn credentials_file_sections_are_profiles_without_prefix() {
        let shared = cfg(
            "",
            "[default]\naws_access_key_id = A\n[profile dev]\nx = 1\n[dev]\ny = 2\n",
        );
        assert!(shared.credentials_file_profile("default").is_some());
        assert!(shared.credentials_file_profile("dev").is_some());
        assert!(shared.credentials_file_profile("profile dev").is_some());
        assert_eq!(shared.profile("dev").and_then(|p| p.get("y")), Some("2"));
        assert_eq!(
            shared.profile("profile dev").and_then(|p| p.get("x")),
            Some("1")
        );
        assert!(shared.config_file_profile("dev").is_none());
    }

    #[test]
    fn credentials_file_keys_win_in_the_merged_view() {
        let shared = cfg(
            "[profile dev]\nregion = eu-west-1\naws_access_key_id = FROM_CONFIG\n[profile only-config]\nregion = us-east-2\n",
            "[dev]\naws_access_key_id = FROM_CREDS\naws_secret_access_key = S\n[only-creds]\naws_access_key_id = C\n",
        );
        let dev = shared.profile("dev").unwrap();
        assert_eq!(dev.get("aws_access_key_id"), Some("FROM_CREDS"));
        assert_eq!(dev.get("aws_secret_access_key"), Some("S"));
        assert_eq!(dev.get("region"), Some("eu-west-1"));
        assert_eq!(
            shared
                .config_file_profile("dev")
                .unwrap()
                .get("aws_access_key_id"),
            Some("FROM_CONFIG")
        );
        let mut names: Vec<&str> = shared.profile_names().collect();
        names.sort_unstable();
        assert_eq!(names, ["dev", "only-config", "only-creds"]);
    }

    #[test]
    fn later_default_section_replaces_earlier_one() {
        let shared = cfg("[profile default]\na = 1\n[default]\nb = 2\n", "");
        let p = shared.profile("default").unwrap();
        assert_eq!(p.get("a"), None);
        assert_eq!(p.get("b"), Some("2"));
    }

    #[test]
    fn sso_sessions_services_and_nested_settings() {
        let shared = cfg(
            "[profile dev]\nsso_session = corp\nservices = local\ns3 =\n  addressing_style = path\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n[services local]\ndynamodb =\n  endpoint_url = http://localhost:8000\ns3 =\n  endpoint_url = http://localhost:9000\n",
            "",
        );
        let dev = shared.profile("dev").unwrap();
        assert_eq!(dev.nested_get("s3", "addressing_style"), Some("path"));
        assert_eq!(dev.get("s3"), None);
        assert!(dev.contains("s3"));
        let corp = shared.sso_session("corp").unwrap();
        assert_eq!(corp.get("sso_region"), Some("us-east-1"));
        let local = shared.services("local").unwrap();
        assert_eq!(
            local.nested_get("dynamodb", "endpoint_url"),
            Some("http://localhost:8000")
        );
        assert_eq!(
            local.nested_get("s3", "endpoint_url"),
            Some("http://localhost:9000")
        );
    }

    #[test]
    fn parse_errors_name_the_file_kind() {
        let err = SharedConfig::from_texts(Some("[a]\nbroken\n"), None).unwrap_err();
        assert!(err.reason.contains("line 2"), "{err}");
        let err = SharedConfig::from_texts(None, Some("oops\n")).unwrap_err();
        assert!(err.reason.starts_with("credentials file"), "{err}");
    }

    #[test]
    fn debug_never_shows_values() {
        let shared = cfg("", "[default]\naws_secret_access_key = TOPSECRET\n");
        assert!(!format!("{shared:?}").contains("TOPSECRET"));
        assert!(!format!("{:?}", shared.profile("default").unwrap()).contains("TOPSECRET"));
    }

    #[tokio::test]
    async fn load_reads_files_and_treats_missing_ones_as_empty() {
        let dir = std::env::temp_dir().join(format!("rboto-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config"), "[profile p]\nregion = ap-south-1\n").unwrap();
        let paths = ConfigPaths {
            config: dir.join("config"),
            credentials: dir.join("missing"),
        };
        let shared = SharedConfig::load(&paths).await.unwrap();
        assert_eq!(
            shared.profile("p").unwrap().get("region"),
            Some("ap-south-1")
        );
        std::fs::write(dir.join("bad"), "[p]\nno delimiter\n").unwrap();
        let paths = ConfigPaths {
            config: dir.join("bad"),
            credentials: dir.join("missing"),
        };
        let err = SharedConfig::load(&paths).await.unwrap_err();
        assert_eq!(err.path.as_deref(), Some(dir.join("bad").as_path()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
