//! Absolute shape identifiers (`namespace#Name`).

use std::fmt;

/// An absolute shape identifier such as `com.amazonaws.connect#CreateContactRequest`.
///
/// Ordering is by namespace, then name, so maps keyed by `ShapeId` iterate the same way on every run.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    namespace: String,
    name: String,
}

/// The namespace of the Smithy prelude (`smithy.api#String`, `smithy.api#Unit`, ...).
pub const PRELUDE_NAMESPACE: &str = "smithy.api";

impl ShapeId {
    /// Builds an identifier from its two parts.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        ShapeId {
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// Parses `namespace#Name`. A member reference (`ns#Shape$member`) or a relative name is refused.
    pub fn parse(text: &str) -> Option<Self> {
        let (namespace, name) = text.split_once('#')?;
        let valid_namespace = namespace.split('.').all(ShapeId::is_identifier);
        (valid_namespace && ShapeId::is_identifier(name)).then(|| ShapeId::new(namespace, name))
    }

    /// Whether `text` is a Smithy identifier: underscores, then a letter, then letters, digits
    /// and underscores (`_Name`, `Name2`; not `2Name`, `_`, `a-b`).
    pub fn is_identifier(text: &str) -> bool {
        let rest = text.trim_start_matches('_');
        rest.starts_with(|c: char| c.is_ascii_alphabetic()) && rest.chars().all(is_identifier_char)
    }

    /// The `smithy.api` shape of the given name.
    pub fn prelude(name: &str) -> Self {
        ShapeId::new(PRELUDE_NAMESPACE, name)
    }

    /// The namespace part, before `#`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The shape name, after `#`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this is `smithy.api#Unit`, the "no value" shape.
    pub fn is_unit(&self) -> bool {
        self.namespace == PRELUDE_NAMESPACE && self.name == "Unit"
    }
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)
    }
}

impl fmt::Debug for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::ShapeId;

    #[test]
    fn parses_absolute_ids_only() {
        let id = ShapeId::parse("com.amazonaws.connect#Channel").unwrap();
        assert_eq!(id.namespace(), "com.amazonaws.connect");
        assert_eq!(id.name(), "Channel");
        assert_eq!(id.to_string(), "com.amazonaws.connect#Channel");
        for bad in [
            "Channel",
            "#Channel",
            "ns#",
            "ns#A$b",
            "a..b#C",
            "ns#A-B",
            "ns#0A",
            "ns#_",
            "0ns#A",
            "ns#\u{e9}",
        ] {
            assert!(ShapeId::parse(bad).is_none(), "{bad} should be refused");
        }
    }
}
