//! The shared `config` and `credentials` files: sections, properties and sub-properties.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::env::Env;

/// The properties of one profile (or one `services` section), merged from both files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    properties: BTreeMap<String, String>,
    /// `key =` followed by indented `sub = value` lines.
    sub_properties: BTreeMap<String, BTreeMap<String, String>>,
}

impl Profile {
    /// A property (names are case-insensitive; empty values count as unset).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.properties
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// A sub-property (`connect =` then `  endpoint_url = ...`).
    pub fn sub(&self, name: &str, key: &str) -> Option<&str> {
        self.sub_properties
            .get(&name.to_ascii_lowercase())
            .and_then(|subs| subs.get(&key.to_ascii_lowercase()))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// Both files, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    services: BTreeMap<String, Profile>,
}

/// Where the files are: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/`.
pub fn file_paths(env: &Env) -> (Option<PathBuf>, Option<PathBuf>) {
    let home = env
        .get("HOME")
        .or_else(|| env.get("USERPROFILE"))
        .map(PathBuf::from);
    let locate = |var: &str, file: &str| match (env.get(var), &home) {
        (Some(path), Some(home)) if path.starts_with("~/") => Some(home.join(&path[2..])),
        (Some(path), _) => Some(PathBuf::from(path)),
        (None, Some(home)) => Some(home.join(".aws").join(file)),
        (None, None) => None,
    };
    (
        locate("AWS_CONFIG_FILE", "config"),
        locate("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    )
}

impl ProfileSet {
    /// Reads both files; a missing file is no error, an unreadable one is.
    pub fn load(env: &Env) -> Result<ProfileSet, String> {
        let (config, credentials) = file_paths(env);
        let mut set = ProfileSet::default();
        for (path, is_config) in [(config, true), (credentials, false)] {
            let Some(path) = path else { continue };
            match std::fs::read_to_string(&path) {
                Ok(text) => set.parse(&text, is_config),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
            }
        }
        Ok(set)
    }

    /// Parses one file's text. In the config file, profiles are `[profile name]` (and
    /// `[default]`); in the credentials file, `[name]`. Later values win, and the credentials
    /// file is read after the config file.
    pub fn parse(&mut self, text: &str, is_config: bool) {
        enum Target {
            Profile(String),
            Services(String),
            Ignored,
        }
        let mut target = Target::Ignored;
        let mut open_sub: Option<String> = None;
        for raw in text.lines() {
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let indented = raw.starts_with([' ', '\t']);
            let trimmed = line.trim();
            if trimmed.starts_with('[') && trimmed.ends_with(']') && !indented {
                let name = trimmed[1..trimmed.len() - 1].trim();
                open_sub = None;
                target = if is_config {
                    match name.split_once(char::is_whitespace) {
                        Some(("profile", rest)) => Target::Profile(rest.trim().to_owned()),
                        Some(("services", rest)) => Target::Services(rest.trim().to_owned()),
                        Some(_) => Target::Ignored,
                        None if name == "default" => Target::Profile("default".to_owned()),
                        None => Target::Ignored,
                    }
                } else {
                    Target::Profile(name.to_owned())
                };
                continue;
            }
            let section = match &target {
                Target::Profile(name) => self.profiles.entry(name.clone()).or_default(),
                Target::Services(name) => self.services.entry(name.clone()).or_default(),
                Target::Ignored => continue,
            };
            let Some((key, value)) = trimmed.split_once('=') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim().to_owned();
            if indented {
                if let Some(parent) = &open_sub {
                    section
                        .sub_properties
                        .entry(parent.clone())
                        .or_default()
                        .insert(key, value);
                }
                continue;
            }
            open_sub = value.is_empty().then(|| key.clone());
            section.properties.insert(key, value);
        }
    }

    /// A profile by name.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// A `[services name]` section.
    pub fn services(&self, name: &str) -> Option<&Profile> {
        self.services.get(name)
    }
}

fn strip_comment(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') || trimmed.starts_with(';') {
        return "";
    }
    // An inline comment needs whitespace before its marker.
    let bytes = line.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        if (byte == b'#' || byte == b';') && index > 0 && bytes[index - 1].is_ascii_whitespace() {
            return &line[..index];
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_file_forms() {
        let mut set = ProfileSet::default();
        set.parse(
            "[default]\nregion = us-east-1 # inline\n[profile dev]\nregion=eu-west-1\nservices = local\n\
             s3 =\n  addressing_style = path\n[services local]\nconnect =\n  endpoint_url = http://127.0.0.1:9000\n\
             [sso-session x]\nsso_region = us-east-1\n",
            true,
        );
        set.parse(
            "[dev]\naws_access_key_id = AKID\n; comment\naws_secret_access_key = SECRET\n",
            false,
        );
        assert_eq!(
            set.profile("default").unwrap().get("region"),
            Some("us-east-1")
        );
        let dev = set.profile("dev").unwrap();
        assert_eq!(dev.get("region"), Some("eu-west-1"));
        assert_eq!(dev.get("aws_access_key_id"), Some("AKID"));
        assert_eq!(dev.sub("s3", "addressing_style"), Some("path"));
        assert_eq!(
            set.services("local")
                .unwrap()
                .sub("connect", "endpoint_url"),
            Some("http://127.0.0.1:9000")
        );
        assert!(set.profile("x").is_none());
    }
}
