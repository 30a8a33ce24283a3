//! Selection: the closure of the chosen operations, with a synthetic input and output per operation.
//!
//! Every operation gets its own `<Operation>Input` and `<Operation>Output` structure in the namespace
//! `<namespace>.synthetic`, copied from the model's input and output (or empty for `Unit`), so that
//! shared or absent input shapes never leak into another operation's API.

use crate::error::Error;
use crate::ir::{Model, Shape, ShapeId, ShapeKind, Traits};
use crate::settings::Settings;
use std::collections::{BTreeMap, BTreeSet};

/// Namespace suffix of the synthetic input and output shapes.
pub const SYNTHETIC_SUFFIX: &str = ".synthetic";

/// Whether a shape id was made by this stage.
pub fn is_synthetic(id: &ShapeId) -> bool {
    id.namespace().ends_with(SYNTHETIC_SUFFIX)
}

/// Returns the reduced model and the selected operation ids.
pub fn select(model: &Model, settings: &Settings) -> Result<(Model, Vec<ShapeId>), Error> {
    let operations = resolve_operations(model, settings)?;
    let service_errors = match model.service.as_ref().and_then(|id| model.get(id)) {
        Some(Shape {
            kind: ShapeKind::Service(service),
            ..
        }) => service.errors.clone(),
        _ => Vec::new(),
    };
    let mut shapes: BTreeMap<ShapeId, Shape> = BTreeMap::new();
    let mut origins = BTreeMap::new();
    let mut roots = Vec::new();
    for op_id in &operations {
        let Some(Shape {
            kind: ShapeKind::Operation(op),
            traits,
            pointer,
            ..
        }) = model.get(op_id)
        else {
            return Err(Error::internal(format!(
                "{op_id} is not an operation after resolution"
            )));
        };
        let input = synthetic(model, op_id, op.input.as_ref(), "Input", true);
        let output = synthetic(model, op_id, op.output.as_ref(), "Output", false);
        let mut op = op.clone();
        let (model_input, model_output) = (op.input.take(), op.output.take());
        op.input = Some(input.id.clone());
        op.output = Some(output.id.clone());
        for error in &service_errors {
            if !op.errors.contains(error) {
                op.errors.push(error.clone());
            }
        }
        roots.push(input.id.clone());
        roots.push(output.id.clone());
        for (synthetic, source) in [(&input.id, model_input), (&output.id, model_output)] {
            origins.insert(synthetic.clone(), source.unwrap_or_else(|| op_id.clone()));
        }
        roots.extend(op.errors.iter().cloned());
        for shape in [input, output] {
            shapes.insert(shape.id.clone(), shape);
        }
        shapes.insert(
            op_id.clone(),
            Shape {
                id: op_id.clone(),
                kind: ShapeKind::Operation(op),
                traits: traits.clone(),
                pointer: pointer.clone(),
            },
        );
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = roots.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let shape = match shapes.get(&id).or_else(|| model.get(&id)) {
            Some(shape) => shape.clone(),
            None => {
                return Err(Error::internal(format!(
                    "closure reached unknown shape {id}"
                )))
            }
        };
        roots.extend(
            shape
                .kind
                .all_members()
                .into_iter()
                .map(|m| m.target.clone()),
        );
        shapes.entry(id).or_insert(shape);
    }
    let mut service = None;
    if let Some(service_id) = &model.service {
        if let Some(Shape {
            kind: ShapeKind::Service(original),
            traits,
            pointer,
            ..
        }) = model.get(service_id)
        {
            let mut reduced = original.clone();
            reduced.operations = operations.clone();
            reduced.resources.clear();
            shapes.insert(
                service_id.clone(),
                Shape {
                    id: service_id.clone(),
                    kind: ShapeKind::Service(reduced),
                    traits: traits.clone(),
                    pointer: pointer.clone(),
                },
            );
            service = Some(service_id.clone());
        }
    }
    Ok((
        Model {
            source: model.source.clone(),
            shapes,
            service,
            origins,
        },
        operations,
    ))
}

pub(crate) fn resolve_operations(
    model: &Model,
    settings: &Settings,
) -> Result<Vec<ShapeId>, Error> {
    let wanted = &settings.operations;
    let available = model.service_operations();
    if wanted.is_empty() {
        return Ok(available);
    }
    let mut chosen = Vec::new();
    for name in wanted {
        let found = available
            .iter()
            .find(|id| id.name() == name || id.to_string() == *name);
        match found {
            Some(id) if !chosen.contains(id) => chosen.push(id.clone()),
            Some(_) => {}
            None => {
                let mut names: Vec<&str> = available.iter().map(ShapeId::name).collect();
                names.sort_unstable();
                let listed = if names.len() > 12 {
                    format!("{} and {} more", names[..12].join(", "), names.len() - 12)
                } else {
                    names.join(", ")
                };
                return Err(Error::Settings {
                    origin: settings.locate(&format!("operation `{name}`")),
                    message: format!("{} has no such operation (it has: {listed})", model.source),
                });
            }
        }
    }
    Ok(chosen)
}

/// Copies an operation's input or output into its own synthetic structure.
fn synthetic(
    model: &Model,
    op: &ShapeId,
    source: Option<&ShapeId>,
    suffix: &str,
    input: bool,
) -> Shape {
    let id = ShapeId::new(
        format!("{}{SYNTHETIC_SUFFIX}", op.namespace()),
        format!("{}{suffix}", op.name()),
    );
    let original = source.and_then(|source| model.get(source));
    let (members, traits, pointer) = match original {
        Some(shape) => (
            shape.kind.members().to_vec(),
            Traits {
                documentation: shape.traits.documentation.clone(),
                sensitive: shape.traits.sensitive,
                unsupported: shape.traits.unsupported.clone(),
                ..Traits::default()
            },
            shape.pointer.clone(),
        ),
        None => (
            Vec::new(),
            Traits {
                documentation: Some(format!(
                    "The {} of {} carries no members.",
                    if input { "input" } else { "output" },
                    op.name()
                )),
                ..Traits::default()
            },
            String::new(),
        ),
    };
    Shape {
        id,
        kind: ShapeKind::Structure(members),
        traits,
        pointer,
    }
}
