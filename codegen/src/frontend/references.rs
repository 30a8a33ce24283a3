//! Checks that every reference in a model names a shape of a fitting kind.

use crate::error::{pointer, Error};
use crate::ir::{Model, Shape, ShapeId, ShapeKind, Simple};

/// What a reference must point at.
#[derive(Clone, Copy)]
enum Expect {
    Data,
    MapKey,
    Structure,
    Error,
    Operation,
    Resource,
}

impl Expect {
    fn accepts(self, kind: &ShapeKind) -> bool {
        match self {
            Expect::Data => !matches!(
                kind,
                ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_)
            ),
            Expect::MapKey => {
                matches!(kind, ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_))
            }
            Expect::Structure | Expect::Error => matches!(kind, ShapeKind::Structure(_)),
            Expect::Operation => matches!(kind, ShapeKind::Operation(_)),
            Expect::Resource => matches!(kind, ShapeKind::Resource(_)),
        }
    }

    fn wanted(self) -> &'static str {
        match self {
            Expect::Data => "a data shape",
            Expect::MapKey => "a string or enum (map keys are strings)",
            Expect::Structure => "a structure",
            Expect::Error => "a structure with the error trait",
            Expect::Operation => "an operation",
            Expect::Resource => "a resource",
        }
    }
}

/// Reports every dangling or ill-fitting reference of the model at once.
pub fn check_references(model: &Model) -> Result<(), Error> {
    let mut problems = Vec::new();
    for shape in model.shapes.values() {
        for (at, target, expect) in references(shape) {
            if let Some(problem) = check(model, shape, &at, target, expect) {
                problems.push(problem);
            }
        }
    }
    Error::collect(problems)
}

fn check(
    model: &Model,
    owner: &Shape,
    at: &str,
    target: &ShapeId,
    expect: Expect,
) -> Option<Error> {
    let message = match model.get(target) {
        None => format!("unknown target {target}"),
        Some(found) if !expect.accepts(&found.kind) => format!(
            "{target} is a {}, but {} is needed here",
            found.kind.word(),
            expect.wanted()
        ),
        Some(found) if matches!(expect, Expect::Error) && found.traits.error.is_none() => {
            format!("{target} is listed as an error but has no error trait")
        }
        Some(_) => return None,
    };
    Some(Error::model(&model.source, at, &owner.id, message))
}

fn references(shape: &Shape) -> Vec<(String, &ShapeId, Expect)> {
    let mut out = Vec::new();
    match &shape.kind {
        ShapeKind::Map { key, value } => {
            out.push((
                pointer(&key.pointer, &["target"]),
                &key.target,
                Expect::MapKey,
            ));
            out.push((
                pointer(&value.pointer, &["target"]),
                &value.target,
                Expect::Data,
            ));
        }
        ShapeKind::List(member) => out.push((
            pointer(&member.pointer, &["target"]),
            &member.target,
            Expect::Data,
        )),
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            for member in members {
                out.push((
                    pointer(&member.pointer, &["target"]),
                    &member.target,
                    Expect::Data,
                ));
            }
        }
        ShapeKind::Operation(op) => {
            if let Some(input) = &op.input {
                out.push((
                    pointer(&shape.pointer, &["input"]),
                    input,
                    Expect::Structure,
                ));
            }
            if let Some(output) = &op.output {
                out.push((
                    pointer(&shape.pointer, &["output"]),
                    output,
                    Expect::Structure,
                ));
            }
            push_all(
                &mut out,
                &shape.pointer,
                "errors",
                &op.errors,
                Expect::Error,
            );
        }
        ShapeKind::Service(service) => {
            push_all(
                &mut out,
                &shape.pointer,
                "operations",
                &service.operations,
                Expect::Operation,
            );
            push_all(
                &mut out,
                &shape.pointer,
                "resources",
                &service.resources,
                Expect::Resource,
            );
            push_all(
                &mut out,
                &shape.pointer,
                "errors",
                &service.errors,
                Expect::Error,
            );
        }
        ShapeKind::Resource(resource) => {
            push_all(
                &mut out,
                &shape.pointer,
                "operations",
                &resource.operations,
                Expect::Operation,
            );
            push_all(
                &mut out,
                &shape.pointer,
                "resources",
                &resource.resources,
                Expect::Resource,
            );
        }
        ShapeKind::Simple(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => {}
    }
    out
}

fn push_all<'m>(
    out: &mut Vec<(String, &'m ShapeId, Expect)>,
    base: &str,
    field: &str,
    ids: &'m [ShapeId],
    expect: Expect,
) {
    for (index, id) in ids.iter().enumerate() {
        out.push((pointer(base, &[field, &index.to_string()]), id, expect));
    }
}
