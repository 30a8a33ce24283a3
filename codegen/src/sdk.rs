//! The recipe of the `connect-sdk` crate: which model and settings it is generated from.
//!
//! Its build script and the snapshot freshness test both call [`generate`], so the code compiled
//! into the crate and the reviewed snapshot come from the same function.

use crate::{generate_from_file, Error, Format, GeneratedFile, Layout, Settings};
use std::path::{Path, PathBuf};

/// The model, relative to the workspace root (also the name written in the `@generated` header).
pub const MODEL: &str = "models/create-contact.smithy.json";
/// The generator settings (operations and overlay), relative to the workspace root.
pub const SETTINGS: &str = "models/create-contact.settings.json";
/// The checked-in snapshot of the generated code, relative to the workspace root.
pub const SNAPSHOT: &str = "generated/snapshot";
/// The command that refreshes the snapshot, run from the workspace root.
pub const REFRESH_COMMAND: &str =
    "cargo run -p connect-codegen -- --model models/create-contact.smithy.json \
--settings models/create-contact.settings.json --layout out-dir --out generated/snapshot";

/// The files every input of the generation is read from, for `cargo:rerun-if-changed`.
pub fn inputs(workspace: &Path) -> Vec<PathBuf> {
    vec![workspace.join(MODEL), workspace.join(SETTINGS)]
}

/// Generates the `connect-sdk` sources (the `OUT_DIR` layout) from the workspace at `workspace`.
pub fn generate(workspace: &Path) -> Result<Vec<GeneratedFile>, Error> {
    generate_out_dir(workspace, SETTINGS)
}

/// The `OUT_DIR` layout of the model with the settings at `settings` (relative to the workspace).
fn generate_out_dir(workspace: &Path, settings: &str) -> Result<Vec<GeneratedFile>, Error> {
    let settings = Settings::load(&workspace.join(settings))?;
    generate_from_file(
        &workspace.join(MODEL),
        Some(Format::Smithy),
        &settings,
        Layout::OutDir,
        MODEL,
    )
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
    "cargo run -p connect-codegen -- --model models/create-contact.smithy.json \
--settings models/create-contact.settings.json --cli-tables connect_sdk --out cli/snapshot";

/// The crate name the command-line tables refer to the client by.
pub const CLIENT_CRATE: &str = "connect_sdk";

/// Generates the `connect` command's tables from the same model and settings as `connect-sdk`.
pub fn generate_cli(workspace: &Path) -> Result<GeneratedFile, Error> {
    let settings = Settings::load(&workspace.join(SETTINGS))?;
    let model = crate::read_model(&workspace.join(MODEL), Some(Format::Smithy), MODEL)?;
    crate::generate_cli(model, &settings, CLIENT_CRATE, MODEL)
}

/// The settings of the local service (`connect-local`): both operations, with the server half.
pub const LOCAL_SETTINGS: &str = "models/connect-local.settings.json";

/// Generates the local service's own crate code (types, JSON, validation and the server half of
/// CreateContact and DescribeContact) from the same model as `connect-sdk`.
pub fn generate_local(workspace: &Path) -> Result<Vec<GeneratedFile>, Error> {
    generate_out_dir(workspace, LOCAL_SETTINGS)
}
