//! A snapshot of environment variables, so configuration can be resolved (and tested) without
//! touching the process environment.

use std::collections::BTreeMap;

/// Environment variables by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Env {
    vars: BTreeMap<String, String>,
}

impl Env {
    /// The process environment (variables that are not valid Unicode are left out).
    pub fn from_process() -> Self {
        Env {
            vars: std::env::vars().collect(),
        }
    }

    /// An environment holding exactly the given variables.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Env {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        }
    }

    /// A variable's value; empty values count as unset, as the AWS CLI treats them.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

impl Env {
    /// Every set variable whose name starts with `prefix`.
    pub fn with_prefix(&self, prefix: &str) -> BTreeMap<String, String> {
        self.vars
            .iter()
            .filter(|(name, value)| name.starts_with(prefix) && !value.is_empty())
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect()
    }
}

/// Parses `true`/`false` in any case; anything else is an error naming the setting.
pub fn parse_bool(name: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{name} must be true or false, not `{value}`")),
    }
}
