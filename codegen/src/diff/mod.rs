//! The model diff: what changed for users of the generated crate between two models.
//!
//! Both models go through the same transforms as generation (overlay, closure of the chosen
//! operations, validation), so the comparison sees the API the crate exposes: one stage selects
//! (`select_both`), one compares (`compare`), one renders (`report`).

mod compare;
mod report;

pub use report::{Change, Class, OutputFormat, Report, Verdict};

use crate::error::Error;
use crate::ir::Model;
use crate::settings::Settings;
use crate::transform::{self, overlay, Selection};

/// Compares two lowered models under the same settings.
pub fn diff(old: Model, new: Model, settings: &Settings) -> Result<Report, Error> {
    let (old_sources, new_sources) = (old.source.clone(), new.source.clone());
    let (old_view, new_view) = select_both(old, new, settings)?;
    let changes = compare::changes(&old_view, &new_view);
    Ok(Report::new(old_sources, new_sources, changes))
}

/// One side of the comparison: the selection, or nothing when none of the wanted operations exist
/// in that model.
pub(crate) struct Side {
    pub selection: Option<Selection>,
}

/// Selects the closure on both sides. Operations and tagged unions named in the settings that one
/// model lacks are left out of that side only (their absence is the change to report); a name
/// neither model knows is an error, as in generation.
fn select_both(old: Model, new: Model, settings: &Settings) -> Result<(Side, Side), Error> {
    for name in &settings.operations {
        if !has_operation(&old, name) && !has_operation(&new, name) {
            return Err(Error::Settings {
                origin: settings.locate(&format!("operation `{name}`")),
                message: format!(
                    "neither {} nor {} has such an operation",
                    old.source, new.source
                ),
            });
        }
    }
    for name in &settings.tagged_unions {
        if overlay::resolve(&old, name).is_err() && overlay::resolve(&new, name).is_err() {
            return Err(Error::Settings {
                origin: settings.locate(&format!("taggedUnions entry `{name}`")),
                message: format!("neither {} nor {} has such a shape", old.source, new.source),
            });
        }
    }
    Ok((side(old, settings)?, side(new, settings)?))
}

fn side(model: Model, settings: &Settings) -> Result<Side, Error> {
    let mut own = settings.clone();
    own.operations.retain(|name| has_operation(&model, name));
    own.tagged_unions
        .retain(|name| overlay::resolve(&model, name).is_ok());
    if own.operations.is_empty() && !settings.operations.is_empty() {
        return Ok(Side { selection: None });
    }
    Ok(Side {
        selection: Some(transform::select(model, &own)?),
    })
}

fn has_operation(model: &Model, name: &str) -> bool {
    model
        .service_operations()
        .iter()
        .any(|id| id.name() == name || id.to_string() == name)
}
