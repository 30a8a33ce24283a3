//! Boxing: breaking direct recursion between structures and unions.
//!
//! A structure or union that contains itself through members that are not lists or maps would have
//! infinite size. A depth-first walk over the shapes in id order, members in model order, boxes the
//! member that closes each cycle it finds, so every direct cycle gets exactly one `Box` and the
//! choice is the same on every run. Recursion through lists and maps already has indirection.

use crate::ir::{Model, ShapeId, ShapeKind};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Active,
    Done,
}

/// The (shape, member) pairs to box.
pub fn boxed_members(model: &Model) -> BTreeSet<(ShapeId, String)> {
    let mut boxed = BTreeSet::new();
    let mut marks = BTreeMap::new();
    for id in model.shapes.keys() {
        visit(model, id, &mut marks, &mut boxed);
    }
    boxed
}

fn is_aggregate(kind: &ShapeKind) -> bool {
    matches!(kind, ShapeKind::Structure(_) | ShapeKind::Union(_))
}

fn visit(
    model: &Model,
    id: &ShapeId,
    marks: &mut BTreeMap<ShapeId, Mark>,
    boxed: &mut BTreeSet<(ShapeId, String)>,
) {
    if marks.contains_key(id) {
        return;
    }
    let Some(shape) = model.get(id) else { return };
    if !is_aggregate(&shape.kind) {
        return;
    }
    marks.insert(id.clone(), Mark::Active);
    for member in shape.kind.members() {
        let direct = model
            .get(&member.target)
            .is_some_and(|target| is_aggregate(&target.kind));
        if !direct {
            continue;
        }
        match marks.get(&member.target) {
            Some(Mark::Active) => {
                boxed.insert((id.clone(), member.name.clone()));
            }
            Some(Mark::Done) => {}
            None => visit(model, &member.target, marks, boxed),
        }
    }
    marks.insert(id.clone(), Mark::Done);
}
