//! Validation of the selected closure: everything the generator cannot honour, reported at once.

use crate::error::{pointer, Error};
use crate::ir::{Model, Protocol, Shape, ShapeKind};

/// Fails with every problem of the closure, in shape order.
pub fn check(model: &Model) -> Result<(), Error> {
    let mut problems = Vec::new();
    check_protocol(model, &mut problems);
    for shape in model.shapes.values() {
        check_shape(model, shape, &mut problems);
    }
    Error::collect(problems)
}

/// The generator writes restJson1 only; a service that speaks another protocol is refused rather
/// than given a client that would talk restJson1 to it. A model without a service shape says
/// nothing of its protocol and is generated as restJson1.
fn check_protocol(model: &Model, problems: &mut Vec<Error>) {
    let Some(service) = model.service.as_ref().and_then(|id| model.get(id)) else {
        return;
    };
    let ShapeKind::Service(details) = &service.kind else {
        return;
    };
    match details.protocol {
        Some(Protocol::RestJson1) => {}
        Some(other) => problems.push(model.error(
            &service.pointer,
            &service.id,
            format!(
                "the service speaks {}; the generator writes restJson1 clients only",
                other.word()
            ),
        )),
        None => problems.push(model.error(
            &service.pointer,
            &service.id,
            "the service names no protocol; the generator writes restJson1 clients, for services \
             that carry the `aws.protocols#restJson1` trait",
        )),
    }
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
