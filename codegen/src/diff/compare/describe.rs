//! How a change is put into words, and how two bounds or patterns compare.

use crate::ir::{HttpBinding, LengthBounds, Model, RangeBounds, ShapeId, ShapeKind};

/// The Rust type a member of this target gets, as a phrase: simple shapes by their kind, lists and
/// maps by what they hold, every other shape by its name.
pub(super) fn signature(model: &Model, id: &ShapeId) -> String {
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
pub(super) type Bounds = (Option<f64>, Option<f64>);

/// `Some(true)` when the new bounds refuse something the old ones allowed, `Some(false)` when they
/// only allow more, `None` when equal. A bound that goes from absent to present tightens.
pub(super) fn direction((old_min, old_max): Bounds, (new_min, new_max): Bounds) -> Option<bool> {
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
pub(super) fn anchoring(old: &str, new: &str) -> Option<bool> {
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

pub(super) fn length_parts(bounds: Option<LengthBounds>) -> Bounds {
    bounds.map_or((None, None), |b| {
        (b.min.map(|v| v as f64), b.max.map(|v| v as f64))
    })
}

pub(super) fn range_parts(bounds: Option<RangeBounds>) -> Bounds {
    bounds.map_or((None, None), |b| (b.min, b.max))
}

pub(super) fn describe_bounds(bounds: Bounds) -> String {
    match bounds {
        (None, None) => "none".to_owned(),
        (Some(min), None) => format!("{min}.."),
        (None, Some(max)) => format!("..={max}"),
        (Some(min), Some(max)) => format!("{min}..={max}"),
    }
}

pub(super) fn describe_http(http: Option<&crate::ir::HttpTrait>) -> String {
    http.map_or("none".to_owned(), |h| {
        format!("{} {} ({})", h.method, h.uri, h.code)
    })
}

pub(super) fn describe_binding(binding: Option<&HttpBinding>) -> String {
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

pub(super) fn flag_change(what: &str, now: bool) -> String {
    format!("{what} {}", if now { "added" } else { "removed" })
}

pub(super) fn retry_word(throttling: bool) -> String {
    if throttling { "throttling" } else { "yes" }.to_owned()
}

pub(super) fn or_none(text: Option<&str>) -> &str {
    text.unwrap_or("none")
}
