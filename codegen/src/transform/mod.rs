//! IR-to-IR stages, pure and deterministic: overlay, selection of the operation closure with
//! synthetic inputs and outputs, validation, boxing and the endpoint ruleset.

pub mod boxing;
pub mod closure;
pub mod endpoints;
pub mod overlay;
pub mod validate;

use crate::error::Error;
use crate::ir::{Model, ShapeId};
use crate::settings::Settings;
use std::collections::BTreeSet;

/// The model reduced to what the selected operations need, ready for naming and emission.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    /// The closure: the operations, their synthetic inputs and outputs, their errors and every
    /// shape those reach (prelude shapes included).
    pub model: Model,
    /// The selected operations, in the order they were asked for (or service order).
    pub operations: Vec<ShapeId>,
    /// Members that must be boxed to break direct recursion: (structure or union, member name).
    pub boxed: BTreeSet<(ShapeId, String)>,
    /// The endpoint ruleset the client resolves endpoints with, as compact JSON.
    pub endpoint_rules: String,
}

/// Runs every transform stage.
pub fn select(model: Model, settings: &Settings) -> Result<Selection, Error> {
    let model = overlay::apply(model, settings)?;
    let (model, operations) = closure::select(&model, settings)?;
    validate::check(&model)?;
    let boxed = boxing::boxed_members(&model);
    let endpoint_rules = endpoints::ruleset(&model)?;
    Ok(Selection {
        model,
        operations,
        boxed,
        endpoint_rules,
    })
}
