//! Changes to the traits of a shape or member: documentation, constraints, HTTP bindings,
//! timestamp formats, error and retry traits.

use super::describe::*;
use super::{At, Diff};
use crate::diff::report::Class;
use crate::ir::Traits;

impl Diff<'_, '_> {
    /// Traits of a shape or member, other than `required` (see [`Diff::member`]).
    pub(super) fn traits(&mut self, at: &At, old: &Traits, new: &Traits) {
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
    pub(super) fn bounds(
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
    pub(super) fn constraints(&mut self, at: &At, old: &Traits, new: &Traits) {
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
