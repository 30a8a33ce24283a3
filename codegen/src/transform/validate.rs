//! Validation of the selected closure: everything the generator cannot honour, reported at once.

use crate::error::{pointer, Error};
use crate::ir::{Model, Shape, ShapeKind};

/// Fails with every problem of the closure, in shape order.
pub fn check(model: &Model) -> Result<(), Error> {
    let mut problems = Vec::new();
    for shape in model.shapes.values() {
        check_shape(model, shape, &mut problems);
    }
    Error::collect(problems)
}

fn check_shape(model: &Model, shape: &Shape, problems: &mut Vec<Error>) {
    let file = &model.source;
    for name in &shape.traits.unsupported {
        problems.push(Error::model(
            file,
            &shape.pointer,
            &shape.id,
            format!("the generator does not support `{name}`"),
        ));
    }
    let union = matches!(shape.kind, ShapeKind::Union(_));
    for member in shape.kind.all_members() {
        let label = format!("{}${}", shape.id, member.name);
        for name in &member.traits.unsupported {
            problems.push(Error::model(
                file,
                &member.pointer,
                &label,
                format!("the generator does not support `{name}`"),
            ));
        }
        if union && member.traits.required {
            problems.push(Error::model(
                file,
                &pointer(&member.pointer, &["traits"]),
                &label,
                "a union member cannot be required".to_owned(),
            ));
        }
        if let Some(target) = model.get(&member.target) {
            if target.traits.streaming && matches!(target.kind, ShapeKind::Union(_)) {
                problems.push(Error::model(
                    file,
                    &member.pointer,
                    &label,
                    format!("event streams ({}) are not supported", target.id),
                ));
            }
        }
    }
}
