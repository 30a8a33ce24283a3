//! The recipe of the `connect-sdk` crate: which model and settings it is generated from.
//!
//! The model and settings ship inside `connect-sdk` (its `model/` folder), so the packaged crate
//! generates from its own copy. Its build script tells the crates that depend on it where they are
//! (`links = "connect_sdk_model"`: `DEP_CONNECT_SDK_MODEL_MODEL` and `..._SETTINGS`), so the
//! command's tables and the local service are generated from the very model the client was.
//! The build scripts and the snapshot freshness tests call the same functions, so the code
//! compiled and the reviewed snapshots come from one place.

use crate::{Error, Format, GeneratedFile, Layout, Model, Settings};
use std::path::{Path, PathBuf};

/// The model, relative to the workspace root (also the name written in the `@generated` header).
pub const MODEL: &str = "generated/model/create-contact.smithy.json";
/// The generator settings (operations and overlay), relative to the workspace root.
pub const SETTINGS: &str = "generated/model/create-contact.settings.json";
/// The checked-in snapshot of the generated code, relative to the workspace root.
pub const SNAPSHOT: &str = "generated/snapshot";
/// The command that refreshes the snapshot, run from the workspace root.
pub const REFRESH_COMMAND: &str =
    "cargo run -p connect-codegen -- --model generated/model/create-contact.smithy.json \
--settings generated/model/create-contact.settings.json --layout out-dir --out generated/snapshot";

/// Where the client's model and settings files are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipe {
    pub model: PathBuf,
    pub settings: PathBuf,
}

impl Recipe {
    /// The files in a checkout of the workspace whose root is `workspace`.
    pub fn in_workspace(workspace: &Path) -> Recipe {
        Recipe {
            model: workspace.join(MODEL),
            settings: workspace.join(SETTINGS),
        }
    }

    /// The files inside the `connect-sdk` crate whose manifest directory is `crate_dir`.
    pub fn in_sdk_crate(crate_dir: &Path) -> Recipe {
        Recipe {
            model: crate_dir.join("model/create-contact.smithy.json"),
            settings: crate_dir.join("model/create-contact.settings.json"),
        }
    }

    /// The files `connect-sdk`'s build script announced, for the build script of a crate that
    /// depends on it.
    pub fn from_dependency() -> Result<Recipe, Error> {
        let var = |name: &str| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .ok_or_else(|| Error::Settings {
                    origin: name.to_owned(),
                    message: "not set: the build script of a crate that depends on connect-sdk \
                              reads the model's location from it (run it through cargo)"
                        .to_owned(),
                })
        };
        Ok(Recipe {
            model: var("DEP_CONNECT_SDK_MODEL_MODEL")?,
            settings: var("DEP_CONNECT_SDK_MODEL_SETTINGS")?,
        })
    }

    /// Prints what `connect-sdk`'s build script tells its dependents (see [`Recipe::from_dependency`]).
    pub fn announce(&self) {
        println!("cargo:model={}", self.model.display());
        println!("cargo:settings={}", self.settings.display());
    }

    /// The files every input of the generation is read from, for `cargo:rerun-if-changed`.
    pub fn inputs(&self) -> Vec<&Path> {
        vec![&self.model, &self.settings]
    }

    /// Generates the `connect-sdk` sources (the `OUT_DIR` layout).
    pub fn generate(&self) -> Result<Vec<GeneratedFile>, Error> {
        self.generate_out_dir(&self.settings)
    }

    /// Generates the `connect` command's tables from the same model and settings as `connect-sdk`.
    pub fn generate_cli(&self) -> Result<GeneratedFile, Error> {
        let settings = Settings::load(&self.settings)?;
        let model = crate::read_model(&self.model, Some(Format::Smithy), MODEL)?;
        command_tables(model, &settings)
    }

    /// Generates the local service's own crate code (types, JSON, validation and the server half
    /// of its operations) from the same model as `connect-sdk`, with the local service's settings.
    pub fn generate_local(&self, local_settings: &Path) -> Result<Vec<GeneratedFile>, Error> {
        self.generate_out_dir(local_settings)
    }

    /// The `OUT_DIR` layout of the model with the settings at `settings`.
    fn generate_out_dir(&self, settings: &Path) -> Result<Vec<GeneratedFile>, Error> {
        let settings = Settings::load(settings)?;
        let model = crate::read_model(&self.model, Some(Format::Smithy), MODEL)?;
        out_dir_files(model, &settings)
    }
}

/// The `OUT_DIR` layout of a lowered model with these settings: `connect-sdk`'s sources with its
/// settings, the local service's with its own. The build scripts, the snapshot tests and
/// `connect-codegen update` all come through here.
pub fn out_dir_files(model: Model, settings: &Settings) -> Result<Vec<GeneratedFile>, Error> {
    crate::generate(model, settings, Layout::OutDir, MODEL)
}

/// The `connect` command's tables of a lowered model with the client's settings.
pub fn command_tables(model: Model, settings: &Settings) -> Result<GeneratedFile, Error> {
    crate::generate_cli(model, settings, CLIENT_CRATE, MODEL)
}

/// What changed for users between the model of the last commit and the one in the workspace: the
/// report that explains a stale snapshot. Says why when there is no committed model to compare
/// with (no git, or the model is new).
pub fn model_change_report(workspace: &Path) -> String {
    let committed = format!("HEAD:{MODEL}");
    let shown = std::process::Command::new("git")
        .arg("-C")
        .arg(workspace)
        .args(["show", &committed])
        .output();
    let text = match shown {
        Ok(output) if output.status.success() => {
            String::from_utf8_lossy(&output.stdout).into_owned()
        }
        Ok(output) => {
            return format!(
                "(no model change report: git show {committed} failed: {})",
                String::from_utf8_lossy(&output.stderr).trim()
            )
        }
        Err(error) => return format!("(no model change report: cannot run git: {error})"),
    };
    let report = Settings::load(&workspace.join(SETTINGS)).and_then(|settings| {
        let old = crate::frontend::lower_text(&committed, &text, Some(Format::Smithy))?;
        let new = crate::read_model(&workspace.join(MODEL), Some(Format::Smithy), MODEL)?;
        crate::diff::diff(old, new, &settings)
    });
    match report {
        Ok(report) => report.text(false),
        Err(error) => format!("(no model change report: {error})"),
    }
}

/// The checked-in snapshot of the `connect` command's tables, relative to the workspace root.
pub const CLI_SNAPSHOT: &str = "cli/snapshot";
/// The command that refreshes the command's snapshot, run from the workspace root.
pub const CLI_REFRESH_COMMAND: &str =
    "cargo run -p connect-codegen -- --model generated/model/create-contact.smithy.json \
--settings generated/model/create-contact.settings.json --cli-tables connect_sdk --out cli/snapshot";

/// The crate name the command-line tables refer to the client by.
pub const CLIENT_CRATE: &str = "connect_sdk";

/// The settings of the local service (`connect-local`), relative to the workspace root: both
/// operations, with the server half.
pub const LOCAL_SETTINGS: &str = "local/connect-local.settings.json";
/// The checked-in snapshot of the local service's generated code (the server half with its
/// types), relative to the workspace root.
pub const LOCAL_SNAPSHOT: &str = "local/snapshot";
