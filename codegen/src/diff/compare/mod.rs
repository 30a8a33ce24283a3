//! The comparison rules: each difference between the two selections, classified by its effect on
//! the generated crate.
//!
//! What the generated code makes of the model decides the class: every structure and enum is
//! `#[non_exhaustive]` and enums and unions keep unknown values, so additions are additive; a
//! required member is a plain field (an optional one an `Option`), so changing `required` changes
//! a field's type; constraints are checked on requests only.

mod describe;
mod operations;
mod traits;

use super::report::{Change, Class};
use super::Side;
use crate::ir::{
    EnumValue, IntEnumValue, Member, Model, Operation, Shape, ShapeId, ShapeKind, PRELUDE_NAMESPACE,
};
use describe::{or_none, signature};
use std::collections::{BTreeMap, BTreeSet};

/// Lists every change from `old` to `new`.
pub(super) fn changes(old: &Side, new: &Side) -> Vec<Change> {
    let (old, new) = (View::of(old), View::of(new));
    let mut diff = Diff {
        old: &old,
        new: &new,
        changes: Vec::new(),
    };
    let keys: BTreeSet<&String> = old.shapes.keys().chain(new.shapes.keys()).collect();
    for key in keys {
        match (old.shapes.get(key), new.shapes.get(key)) {
            (Some(before), None) => diff.presence(old.model_of(), before, false),
            (None, Some(after)) => diff.presence(new.model_of(), after, true),
            (Some(before), Some(after)) => diff.shape(key, before, after),
            (None, None) => {}
        }
    }
    diff.changes
}

/// One side's shapes keyed by name, and which of them requests and responses reach.
struct View<'a> {
    model: &'a Model,
    shapes: BTreeMap<String, &'a Shape>,
    request: BTreeSet<String>,
    endpoint_rules: &'a str,
}

impl<'a> View<'a> {
    fn of(side: &'a Side) -> View<'a> {
        let Some(selection) = &side.selection else {
            return View {
                model: &EMPTY,
                shapes: BTreeMap::new(),
                request: BTreeSet::new(),
                endpoint_rules: "",
            };
        };
        let model = &selection.model;
        let shapes = model.shapes.values().map(|s| (key(&s.id), s)).collect();
        let inputs = selection
            .operations
            .iter()
            .filter_map(|op| match model.get(op) {
                Some(Shape {
                    kind: ShapeKind::Operation(Operation { input, .. }),
                    ..
                }) => input.clone(),
                _ => None,
            });
        View {
            model,
            shapes,
            request: reach(model, inputs),
            endpoint_rules: &selection.endpoint_rules,
        }
    }

    fn model_of(&self) -> &'a Model {
        self.model
    }
}

/// The side of a comparison where none of the wanted operations exist.
static EMPTY: Model = Model {
    source: String::new(),
    shapes: BTreeMap::new(),
    service: None,
    origins: BTreeMap::new(),
};

/// Shapes are matched by name, so that models whose namespaces differ still line up; prelude
/// shapes keep their namespace so they never pair with a model shape of the same name.
fn key(id: &ShapeId) -> String {
    if id.namespace() == PRELUDE_NAMESPACE {
        id.to_string()
    } else {
        id.name().to_owned()
    }
}

fn reach(model: &Model, roots: impl Iterator<Item = ShapeId>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<ShapeId> = roots.collect();
    while let Some(id) = pending.pop() {
        if seen.insert(key(&id)) {
            if let Some(shape) = model.get(&id) {
                pending.extend(shape.kind.all_members().iter().map(|m| m.target.clone()));
            }
        }
    }
    seen
}

/// Where a change is: the shape as users know it, its kind, and the member or value.
#[derive(Clone)]
struct At {
    shape: String,
    kind: &'static str,
    member: Option<String>,
    /// What the member is called in details: `member`, or `value` for enum values.
    noun: &'static str,
    /// Requests reach the shape, so its constraints and bindings are enforced.
    request: bool,
}

impl At {
    /// Prefixes a detail with the member it is about.
    fn say(&self, text: String) -> String {
        match &self.member {
            Some(member) => format!("{} {member}: {text}", self.noun),
            None => text,
        }
    }

    /// The same shape, about one of its members, enum values or errors (`noun`).
    fn with(&self, noun: &'static str, name: &str) -> At {
        At {
            member: Some(name.to_owned()),
            noun,
            ..self.clone()
        }
    }

    fn with_member(&self, member: &str) -> At {
        self.with("member", member)
    }

    fn with_value(&self, value: &str) -> At {
        self.with("value", value)
    }
}

struct Diff<'v, 'a> {
    old: &'v View<'a>,
    new: &'v View<'a>,
    changes: Vec<Change>,
}

impl Diff<'_, '_> {
    fn push(&mut self, at: &At, code: &'static str, class: Class, detail: String) {
        self.changes.push(Change {
            shape: at.shape.clone(),
            shape_kind: at.kind,
            member: at.member.clone(),
            code,
            class,
            detail: at.say(detail),
        });
    }

    /// Reports `what changed from A to B` when the two differ (`none` for an absent value).
    fn changed(
        &mut self,
        at: &At,
        code: &'static str,
        class: Class,
        what: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) {
        if before != after {
            self.push(
                at,
                code,
                class,
                format!(
                    "{what} changed from {} to {}",
                    or_none(before),
                    or_none(after)
                ),
            );
        }
    }

    /// A shape only one side has. Only operations and the shapes that become Rust types are
    /// reported; a simple, list or map shape coming or going shows as member type changes.
    fn presence(&mut self, model: &Model, shape: &Shape, added: bool) {
        let kind = shape.kind.word();
        let reported = match &shape.kind {
            ShapeKind::Operation(_) => true,
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_) => !model.origins.contains_key(&shape.id),
            _ => false,
        };
        if !reported {
            return;
        }
        let at = At {
            shape: model.user_id(&shape.id).name().to_owned(),
            kind,
            member: None,
            noun: "member",
            request: false,
        };
        let (code, class, word) = match (added, kind == "operation") {
            (true, true) => ("operation-added", Class::Additive, "added"),
            (false, true) => ("operation-removed", Class::Breaking, "removed"),
            (true, false) => ("shape-added", Class::Additive, "added"),
            (false, false) => ("shape-removed", Class::Breaking, "removed"),
        };
        self.push(&at, code, class, format!("{kind} {word}"));
    }

    fn shape(&mut self, key: &str, before: &Shape, after: &Shape) {
        let new_model = self.new.model_of();
        let at = At {
            shape: new_model.user_id(&after.id).name().to_owned(),
            kind: after.kind.word(),
            member: None,
            noun: "member",
            request: self.old.request.contains(key) || self.new.request.contains(key),
        };
        if before.kind.word() != after.kind.word() {
            if !matches!(
                (&before.kind, &after.kind),
                (ShapeKind::Simple(_), ShapeKind::Simple(_))
            ) {
                self.push(
                    &at,
                    "kind-changed",
                    Class::Breaking,
                    format!(
                        "kind changed from {} to {}",
                        before.kind.word(),
                        after.kind.word()
                    ),
                );
            }
            return;
        }
        self.traits(&at, &before.traits, &after.traits);
        match (&before.kind, &after.kind) {
            (ShapeKind::Enum(old), ShapeKind::Enum(new)) => self.enum_values(&at, old, new),
            (ShapeKind::IntEnum(old), ShapeKind::IntEnum(new)) => {
                self.int_enum_values(&at, old, new)
            }
            (ShapeKind::Structure(old), ShapeKind::Structure(new))
            | (ShapeKind::Union(old), ShapeKind::Union(new)) => self.members(&at, old, new),
            (ShapeKind::List(old), ShapeKind::List(new)) => self.member(&at, old, new),
            (
                ShapeKind::Map {
                    key: old_key,
                    value: old_value,
                },
                ShapeKind::Map {
                    key: new_key,
                    value: new_value,
                },
            ) => {
                self.member(&at, old_key, new_key);
                self.member(&at, old_value, new_value);
            }
            (ShapeKind::Operation(old), ShapeKind::Operation(new)) => self.operation(&at, old, new),
            (ShapeKind::Service(old), ShapeKind::Service(new)) => self.service(&at, old, new),
            _ => {}
        }
    }

    fn members(&mut self, at: &At, old: &[Member], new: &[Member]) {
        let is_union = at.kind == "union";
        for before in old {
            let member_at = at.with_member(&before.name);
            match new.iter().find(|m| m.name == before.name) {
                Some(after) => self.member(at, before, after),
                None => self.push(
                    &member_at,
                    "member-removed",
                    Class::Breaking,
                    "removed".to_owned(),
                ),
            }
        }
        for after in new.iter().filter(|m| !old.iter().any(|o| o.name == m.name)) {
            let member_at = at.with_member(&after.name);
            let ty = signature(self.new.model_of(), &after.target);
            if after.traits.required && !is_union {
                let class = if at.request {
                    Class::Breaking
                } else {
                    Class::Additive
                };
                self.push(
                    &member_at,
                    "member-added",
                    class,
                    format!("added, required ({ty})"),
                );
            } else {
                self.push(
                    &member_at,
                    "member-added",
                    Class::Additive,
                    format!("added ({ty})"),
                );
            }
        }
    }

    /// A member both sides have (also a list's member and a map's key and value).
    fn member(&mut self, at: &At, before: &Member, after: &Member) {
        let at = at.with_member(&after.name);
        let old_type = signature(self.old.model_of(), &before.target);
        let new_type = signature(self.new.model_of(), &after.target);
        if old_type != new_type {
            self.push(
                &at,
                "member-type-changed",
                Class::Breaking,
                format!("type changed from {old_type} to {new_type}"),
            );
        }
        if before.traits.required != after.traits.required {
            let (code, word) = if after.traits.required {
                ("required-added", "now required")
            } else {
                ("required-removed", "no longer required")
            };
            self.push(
                &at,
                code,
                Class::Breaking,
                format!("{word} (the field's type changes)"),
            );
        }
        self.traits(&at, &before.traits, &after.traits);
    }

    fn enum_values(&mut self, at: &At, old: &[EnumValue], new: &[EnumValue]) {
        for before in old {
            let value_at = at.with_value(&before.value);
            match new.iter().find(|v| v.value == before.value) {
                Some(after) => self.docs(&value_at, &before.documentation, &after.documentation),
                None => self.push(
                    &value_at,
                    "enum-value-removed",
                    Class::Breaking,
                    "removed".to_owned(),
                ),
            }
        }
        for after in new
            .iter()
            .filter(|v| !old.iter().any(|o| o.value == v.value))
        {
            self.push(
                &at.with_value(&after.value),
                "enum-value-added",
                Class::Additive,
                "added".to_owned(),
            );
        }
    }

    fn int_enum_values(&mut self, at: &At, old: &[IntEnumValue], new: &[IntEnumValue]) {
        for before in old {
            let value_at = at.with_value(&before.name);
            match new.iter().find(|v| v.name == before.name) {
                Some(after) => {
                    if after.value != before.value {
                        self.push(
                            &value_at,
                            "enum-value-changed",
                            Class::Behavioural,
                            format!("changed from {} to {}", before.value, after.value),
                        );
                    }
                    self.docs(&value_at, &before.documentation, &after.documentation);
                }
                None => self.push(
                    &value_at,
                    "enum-value-removed",
                    Class::Breaking,
                    format!("removed (was {})", before.value),
                ),
            }
        }
        for after in new.iter().filter(|v| !old.iter().any(|o| o.name == v.name)) {
            self.push(
                &at.with_value(&after.name),
                "enum-value-added",
                Class::Additive,
                format!("added ({})", after.value),
            );
        }
    }

    pub(super) fn docs(&mut self, at: &At, before: &Option<String>, after: &Option<String>) {
        if before != after {
            self.push(
                at,
                "documentation-changed",
                Class::Docs,
                "documentation changed".to_owned(),
            );
        }
    }
}
