//! Generator settings: which operations to generate and the model overlay.

use crate::error::Error;
use crate::frontend::parse_json;
use serde::Deserialize;
use std::path::Path;

/// What to generate, beyond what the model itself says.
///
/// Read from a JSON file of this form (every key optional):
///
/// ```json
/// {
///   "operations": ["CreateContact"],
///   "taggedUnions": ["com.amazonaws.connect#SegmentAttributeValue"]
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Settings {
    /// Operations to generate, by name (`CreateContact`) or absolute id. Empty: every operation of
    /// the service.
    #[serde(default)]
    pub operations: Vec<String>,
    /// The overlay: structures (by name or absolute id) whose members are alternatives, of which
    /// exactly one is set. Each becomes a Rust enum with one variant per member, exactly like a
    /// Smithy `union`, and is written and read as an object with a single key.
    ///
    /// Amazon Connect's `SegmentAttributeValue` is such a structure: the model declares five optional
    /// members but the service expects exactly one.
    #[serde(default)]
    pub tagged_unions: Vec<String>,
    /// Where the generated modules sit inside the crate, as a path (`clients::connect`); empty for
    /// the crate root. Lets one crate embed several generated clients, each in its own module.
    #[serde(default)]
    pub module_root: String,
    /// Also emit the server half (a `server` module: router, request readers, response writers),
    /// for a service that answers the operations. Off for clients.
    #[serde(default)]
    pub server: bool,
    /// With `server`: the module the server half is written against (`crate::wire`), which
    /// defines `ReceivedRequest`, `RequestError` and `label` (see the local service's `wire`).
    #[serde(default)]
    pub server_support: String,
    /// Where the settings came from (the file, or empty when built in code), for error messages.
    #[serde(skip)]
    pub origin: String,
}

impl Settings {
    /// Reads a settings file.
    pub fn load(path: &Path) -> Result<Settings, Error> {
        let text = std::fs::read_to_string(path).map_err(|error| Error::Io {
            path: path.display().to_string(),
            message: format!("cannot read the settings: {error}"),
        })?;
        let origin = path.display().to_string();
        let mut settings: Settings = parse_json(&origin, &text)?;
        settings.origin = origin;
        Ok(settings)
    }

    /// `what` prefixed with the settings file, when there is one.
    pub fn locate(&self, what: &str) -> String {
        if self.origin.is_empty() {
            what.to_owned()
        } else {
            format!("{}: {what}", self.origin)
        }
    }
}
