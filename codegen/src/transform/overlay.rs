//! The overlay: structures the settings mark as tagged unions become unions.

use crate::error::Error;
use crate::ir::{Model, ShapeId, ShapeKind};
use crate::settings::Settings;

/// Finds a shape by absolute id or, when unambiguous, by bare name.
pub fn resolve(model: &Model, name: &str) -> Result<ShapeId, String> {
    if let Some(id) = ShapeId::parse(name) {
        return if model.shapes.contains_key(&id) {
            Ok(id)
        } else {
            Err(format!("the model has no shape {id}"))
        };
    }
    let found: Vec<&ShapeId> = model.shapes.keys().filter(|id| id.name() == name).collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(format!("the model has no shape named {name}")),
        many => Err(format!(
            "{name} is ambiguous: {}",
            many.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Turns each structure named in `settings.tagged_unions` into a union.
pub fn apply(mut model: Model, settings: &Settings) -> Result<Model, Error> {
    let mut problems = Vec::new();
    for name in &settings.tagged_unions {
        let setting = |message: String| Error::Settings {
            origin: settings.locate(&format!("taggedUnions entry `{name}`")),
            message,
        };
        let id = match resolve(&model, name) {
            Ok(id) => id,
            Err(message) => {
                problems.push(setting(message));
                continue;
            }
        };
        let Some(shape) = model.shapes.get_mut(&id) else {
            problems.push(Error::internal(format!("resolved shape {id} vanished")));
            continue;
        };
        match &mut shape.kind {
            ShapeKind::Structure(members) => {
                if let Some(required) = members.iter().find(|m| m.traits.required) {
                    problems.push(setting(format!(
                        "{id} cannot be a tagged union: its member {} is required",
                        required.name
                    )));
                    continue;
                }
                if members.is_empty() {
                    problems.push(setting(format!(
                        "{id} cannot be a tagged union: it has no members"
                    )));
                    continue;
                }
                shape.kind = ShapeKind::Union(std::mem::take(members));
            }
            ShapeKind::Union(_) => {
                problems.push(setting(format!("{id} is already a union")));
            }
            other => problems.push(setting(format!(
                "{id} is a {}; only structures can be marked as tagged unions",
                other.word()
            ))),
        }
    }
    Error::collect(problems)?;
    Ok(model)
}
