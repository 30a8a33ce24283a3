//! The comparison rules: each difference between the two selections, classified by its effect on
//! the generated crate.
//!
//! What the generated code makes of the model decides the class: every structure and enum is
//! `#[non_exhaustive]` and enums and unions keep unknown values, so additions are additive; a
//! required member is a plain field (an optional one an `Option`), so changing `required` changes
//! a field's type; constraints are checked on requests only.

use super::report::{Change, Class};
use super::Side;
use crate::ir::{
    EnumValue, HttpBinding, IntEnumValue, LengthBounds, Member, Model, Operation, RangeBounds,
    Service, Shape, ShapeId, ShapeKind, Traits, PRELUDE_NAMESPACE,
};
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

    fn operation(&mut self, at: &At, old: &Operation, new: &Operation) {
        match (&old.http, &new.http) {
            (Some(before), Some(after)) => {
                if before.method != after.method {
                    self.push(
                        at,
                        "http-method-changed",
                        Class::Breaking,
                        format!(
                            "HTTP method changed from {} to {}",
                            before.method, after.method
                        ),
                    );
                }
                if before.uri != after.uri {
                    self.push(
                        at,
                        "http-uri-changed",
                        Class::Breaking,
                        format!("URI changed from {} to {}", before.uri, after.uri),
                    );
                }
                if before.code != after.code {
                    self.push(
                        at,
                        "http-status-changed",
                        Class::Behavioural,
                        format!(
                            "success status changed from {} to {}",
                            before.code, after.code
                        ),
                    );
                }
            }
            (None, None) => {}
            (before, after) => self.push(
                at,
                "http-changed",
                Class::Breaking,
                format!(
                    "HTTP binding changed from {} to {}",
                    describe_http(before.as_ref()),
                    describe_http(after.as_ref())
                ),
            ),
        }
        self.changed(
            at,
            "host-prefix-changed",
            Class::Breaking,
            "host prefix",
            old.host_prefix.as_deref(),
            new.host_prefix.as_deref(),
        );
        let names = |errors: &[ShapeId]| -> BTreeSet<String> { errors.iter().map(key).collect() };
        let (before, after) = (names(&old.errors), names(&new.errors));
        for gone in before.difference(&after) {
            let error_at = at.with("error", gone);
            self.push(
                &error_at,
                "error-removed",
                Class::Breaking,
                "removed".to_owned(),
            );
        }
        for came in after.difference(&before) {
            let error_at = at.with("error", came);
            self.push(
                &error_at,
                "error-added",
                Class::Additive,
                "added".to_owned(),
            );
        }
    }

    fn service(&mut self, at: &At, old: &Service, new: &Service) {
        if old.protocol != new.protocol {
            let word = |p: Option<crate::ir::Protocol>| p.map_or("none", |p| p.word());
            self.push(
                at,
                "protocol-changed",
                Class::Breaking,
                format!(
                    "protocol changed from {} to {}",
                    word(old.protocol),
                    word(new.protocol)
                ),
            );
        }
        let facts = [
            ("signing name", &old.signing_name, &new.signing_name),
            ("SDK id", &old.sdk_id, &new.sdk_id),
            (
                "endpoint prefix",
                &old.endpoint_prefix,
                &new.endpoint_prefix,
            ),
        ];
        for (what, before, after) in facts {
            let code = "service-changed";
            self.changed(
                at,
                code,
                Class::Behavioural,
                what,
                before.as_deref(),
                after.as_deref(),
            );
        }
        self.changed(
            at,
            "version-changed",
            Class::Behavioural,
            "API version",
            Some(&old.version),
            Some(&new.version),
        );
        if self.old.endpoint_rules != self.new.endpoint_rules {
            self.push(
                at,
                "endpoint-rules-changed",
                Class::Behavioural,
                "endpoint ruleset changed".to_owned(),
            );
        }
    }

    fn docs(&mut self, at: &At, before: &Option<String>, after: &Option<String>) {
        if before != after {
            self.push(
                at,
                "documentation-changed",
                Class::Docs,
                "documentation changed".to_owned(),
            );
        }
    }

    /// Traits of a shape or member, other than `required` (see [`Diff::member`]).
    fn traits(&mut self, at: &At, old: &Traits, new: &Traits) {
        self.docs(at, &old.documentation, &new.documentation);
        self.constraints(at, old, new);
        if old.http != new.http {
            let class = if at.request {
                Class::Breaking
            } else {
                Class::Behavioural
            };
            self.push(
                at,
                "http-binding-changed",
                class,
                format!(
                    "HTTP binding changed from {} to {}",
                    describe_binding(old.http.as_ref()),
                    describe_binding(new.http.as_ref())
                ),
            );
        }
        if old.host_label != new.host_label && at.request {
            self.push(
                at,
                "host-label-changed",
                Class::Breaking,
                flag_change("host label", new.host_label),
            );
        }
        let flags = [
            (
                "sensitive",
                "sensitive-changed",
                old.sensitive,
                new.sensitive,
                Class::Behavioural,
            ),
            (
                "idempotency token",
                "idempotency-token-changed",
                old.idempotency_token,
                new.idempotency_token,
                Class::Behavioural,
            ),
            (
                "streaming",
                "streaming-changed",
                old.streaming,
                new.streaming,
                Class::Breaking,
            ),
            (
                "sparse",
                "sparse-changed",
                old.sparse,
                new.sparse,
                Class::Breaking,
            ),
            (
                "unique items",
                "unique-items-changed",
                old.unique_items,
                new.unique_items,
                Class::Behavioural,
            ),
            (
                "request checksum",
                "checksum-changed",
                old.checksum_required,
                new.checksum_required,
                Class::Behavioural,
            ),
            (
                "deprecated",
                "deprecated-changed",
                old.deprecated,
                new.deprecated,
                Class::Docs,
            ),
        ];
        for (what, code, before, after, class) in flags {
            if before != after {
                self.push(at, code, class, flag_change(what, after));
            }
        }
        let wire = [
            (
                "JSON name",
                old.json_name.clone(),
                new.json_name.clone(),
                "json-name-changed",
            ),
            (
                "timestamp format",
                old.timestamp_format.map(|f| format!("{f:?}")),
                new.timestamp_format.map(|f| format!("{f:?}")),
                "timestamp-format-changed",
            ),
            (
                "media type",
                old.media_type.clone(),
                new.media_type.clone(),
                "media-type-changed",
            ),
            (
                "default",
                old.default.as_ref().map(|v| v.to_string()),
                new.default.as_ref().map(|v| v.to_string()),
                "default-changed",
            ),
            (
                "error fault",
                old.error.map(|f| format!("{f:?}").to_lowercase()),
                new.error.map(|f| format!("{f:?}").to_lowercase()),
                "error-fault-changed",
            ),
            (
                "error status",
                old.http_error.map(|c| c.to_string()),
                new.http_error.map(|c| c.to_string()),
                "error-status-changed",
            ),
            (
                "retryable",
                old.retryable.map(|r| retry_word(r.throttling)),
                new.retryable.map(|r| retry_word(r.throttling)),
                "retryable-changed",
            ),
            (
                "request compression",
                Some(old.request_compression.join(", ")).filter(|s| !s.is_empty()),
                Some(new.request_compression.join(", ")).filter(|s| !s.is_empty()),
                "request-compression-changed",
            ),
        ];
        for (what, before, after, code) in wire {
            let (before, after) = (before.as_deref(), after.as_deref());
            self.changed(at, code, Class::Behavioural, what, before, after);
        }
    }

    /// A length or range constraint (`what`), as (min, max) before and after; `classes` are those
    /// of tightening and of loosening.
    fn bounds(
        &mut self,
        at: &At,
        what: &'static str,
        (before, after): (Bounds, Bounds),
        (tight, loose): (Class, Class),
    ) {
        let (code, class, word) = match direction(before, after) {
            None => return,
            Some(true) if what == "length" => ("length-tightened", tight, "tightened"),
            Some(true) => ("range-tightened", tight, "tightened"),
            Some(false) if what == "length" => ("length-loosened", loose, "loosened"),
            Some(false) => ("range-loosened", loose, "loosened"),
        };
        let text = format!(
            "{what} {word} from {} to {}",
            describe_bounds(before),
            describe_bounds(after)
        );
        self.push(at, code, class, text);
    }

    /// Length, range and pattern. Tightening refuses requests that were valid; loosening accepts
    /// more. Responses are not validated, so on shapes only responses reach they are documentation.
    fn constraints(&mut self, at: &At, old: &Traits, new: &Traits) {
        let (tight, loose) = if at.request {
            (Class::Breaking, Class::Behavioural)
        } else {
            (Class::Docs, Class::Docs)
        };
        let length = (length_parts(old.length), length_parts(new.length));
        self.bounds(at, "length", length, (tight, loose));
        let range = (range_parts(old.range), range_parts(new.range));
        self.bounds(at, "range", range, (tight, loose));
        match (&old.pattern, &new.pattern) {
            (None, Some(after)) => {
                self.push(at, "pattern-added", tight, format!("pattern {after} added"))
            }
            (Some(before), None) => self.push(
                at,
                "pattern-removed",
                loose,
                format!("pattern {before} removed"),
            ),
            (Some(before), Some(after)) if before != after => {
                let (code, class, word) = match anchoring(before, after) {
                    Some(false) => ("pattern-loosened", loose, "loosened"),
                    Some(true) => ("pattern-tightened", tight, "tightened"),
                    None => ("pattern-changed", tight, "changed"),
                };
                self.push(
                    at,
                    code,
                    class,
                    format!("pattern {word} from {before} to {after}"),
                );
            }
            _ => {}
        }
    }
}

/// The Rust type a member of this target gets, as a phrase: simple shapes by their kind, lists and
/// maps by what they hold, every other shape by its name.
fn signature(model: &Model, id: &ShapeId) -> String {
    fn walk(model: &Model, id: &ShapeId, depth: usize) -> String {
        let name = || model.user_id(id).name().to_owned();
        if depth > 16 {
            return name();
        }
        match model
            .get(id)
            .map(|shape| (&shape.kind, shape.traits.sparse))
        {
            Some((ShapeKind::Simple(simple), _)) => simple.word().to_owned(),
            Some((ShapeKind::List(member), sparse)) => format!(
                "list of {}{}",
                if sparse { "optional " } else { "" },
                walk(model, &member.target, depth + 1)
            ),
            Some((ShapeKind::Map { key, value }, sparse)) => format!(
                "map of {} to {}{}",
                walk(model, &key.target, depth + 1),
                if sparse { "optional " } else { "" },
                walk(model, &value.target, depth + 1)
            ),
            _ => name(),
        }
    }
    walk(model, id, 0)
}

/// A lower and an upper bound, either absent.
type Bounds = (Option<f64>, Option<f64>);

/// `Some(true)` when the new bounds refuse something the old ones allowed, `Some(false)` when they
/// only allow more, `None` when equal. A bound that goes from absent to present tightens.
fn direction((old_min, old_max): Bounds, (new_min, new_max): Bounds) -> Option<bool> {
    let min_tighter = match (old_min, new_min) {
        (None, Some(_)) => true,
        (Some(o), Some(n)) => n > o,
        _ => false,
    };
    let max_tighter = match (old_max, new_max) {
        (None, Some(_)) => true,
        (Some(o), Some(n)) => n < o,
        _ => false,
    };
    if min_tighter || max_tighter {
        Some(true)
    } else if (old_min, old_max) != (new_min, new_max) {
        Some(false)
    } else {
        None
    }
}

/// For two patterns that differ only in their `^` and `$` anchors: `Some(true)` when the new one
/// adds an anchor (Smithy patterns match anywhere in the value unless anchored, so an anchor refuses
/// more), `Some(false)` when it only drops anchors. `None` for any other difference, which cannot be
/// ordered.
fn anchoring(old: &str, new: &str) -> Option<bool> {
    fn split(pattern: &str) -> (&str, bool, bool) {
        let (rest, start) = match pattern.strip_prefix('^') {
            Some(rest) => (rest, true),
            None => (pattern, false),
        };
        match rest.strip_suffix('$') {
            Some(core) if !core.ends_with('\\') => (core, start, true),
            _ => (rest, start, false),
        }
    }
    let (old_core, old_start, old_end) = split(old);
    let (new_core, new_start, new_end) = split(new);
    if old_core != new_core {
        return None;
    }
    Some((new_start && !old_start) || (new_end && !old_end))
}

fn length_parts(bounds: Option<LengthBounds>) -> Bounds {
    bounds.map_or((None, None), |b| {
        (b.min.map(|v| v as f64), b.max.map(|v| v as f64))
    })
}

fn range_parts(bounds: Option<RangeBounds>) -> Bounds {
    bounds.map_or((None, None), |b| (b.min, b.max))
}

fn describe_bounds(bounds: Bounds) -> String {
    match bounds {
        (None, None) => "none".to_owned(),
        (Some(min), None) => format!("{min}.."),
        (None, Some(max)) => format!("..={max}"),
        (Some(min), Some(max)) => format!("{min}..={max}"),
    }
}

fn describe_http(http: Option<&crate::ir::HttpTrait>) -> String {
    http.map_or("none".to_owned(), |h| {
        format!("{} {} ({})", h.method, h.uri, h.code)
    })
}

fn describe_binding(binding: Option<&HttpBinding>) -> String {
    match binding {
        None => "the body".to_owned(),
        Some(HttpBinding::Label) => "the URI".to_owned(),
        Some(HttpBinding::Query(name)) => format!("query parameter {name}"),
        Some(HttpBinding::QueryParams) => "the remaining query parameters".to_owned(),
        Some(HttpBinding::Header(name)) => format!("header {name}"),
        Some(HttpBinding::PrefixHeaders(prefix)) => format!("headers prefixed {prefix}"),
        Some(HttpBinding::Payload) => "the whole body".to_owned(),
        Some(HttpBinding::ResponseCode) => "the status code".to_owned(),
    }
}

fn flag_change(what: &str, now: bool) -> String {
    format!("{what} {}", if now { "added" } else { "removed" })
}

fn retry_word(throttling: bool) -> String {
    if throttling { "throttling" } else { "yes" }.to_owned()
}

fn or_none(text: Option<&str>) -> &str {
    text.unwrap_or("none")
}
