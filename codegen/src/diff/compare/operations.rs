//! Changes to operations (HTTP binding, input, output, errors, traits) and to the service.

use super::describe::describe_http;
use super::{key, At, Diff};
use crate::diff::report::Class;
use crate::ir::{Operation, Service, ShapeId};
use std::collections::BTreeSet;

impl Diff<'_, '_> {
    pub(super) fn operation(&mut self, at: &At, old: &Operation, new: &Operation) {
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

    pub(super) fn service(&mut self, at: &At, old: &Service, new: &Service) {
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
}
