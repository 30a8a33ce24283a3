//! Constraint violations found before a request is sent, reported all at once.

use std::fmt;

pub use regex_lite::Regex;

/// One broken constraint, at a path in the input (`SegmentAttributes.k.ValueMap.x.ValueString`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub rule: Rule,
}

/// The constraint that was broken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A required member is not set.
    Missing { member: &'static str },
    /// A string (in Unicode scalar values), blob (bytes), list or map (entries) has the wrong size.
    Length {
        actual: usize,
        min: Option<u64>,
        max: Option<u64>,
    },
    /// A number is out of range.
    Range {
        actual: String,
        min: Option<String>,
        max: Option<String>,
    },
    /// A string does not match the pattern.
    Pattern { pattern: &'static str },
    /// A union holds a member this client does not know, which cannot be sent.
    UnknownUnionMember { member: String },
    /// A string enum holds a value the model does not list (checked by servers only).
    UnknownEnumValue {
        value: String,
        allowed: &'static [&'static str],
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "input"
        } else {
            &self.path
        };
        match &self.rule {
            Rule::Missing { member } => {
                write!(f, "Missing required parameter in {path}: \"{member}\"")
            }
            Rule::Length { actual, min, max } => {
                write!(f, "Invalid length for parameter {path}, value: {actual}")?;
                bounds(
                    f,
                    "length",
                    min.map(|m| m.to_string()),
                    max.map(|m| m.to_string()),
                )
            }
            Rule::Range { actual, min, max } => {
                write!(f, "Invalid value for parameter {path}, value: {actual}")?;
                bounds(f, "value", min.clone(), max.clone())
            }
            Rule::Pattern { pattern } => write!(
                f,
                "Invalid value for parameter {path}: must match the pattern {pattern}"
            ),
            Rule::UnknownUnionMember { member } => {
                write!(f, "Invalid value for parameter {path}: the union member `{member}` is unknown and cannot be sent")
            }
            Rule::UnknownEnumValue { value, allowed } => write!(
                f,
                "Invalid value for parameter {path}, value: {value}, valid values: {}",
                allowed.join(", ")
            ),
        }
    }
}

fn bounds(
    f: &mut fmt::Formatter<'_>,
    what: &str,
    min: Option<String>,
    max: Option<String>,
) -> fmt::Result {
    if let Some(min) = min {
        write!(f, ", valid min {what}: {min}")?;
    }
    if let Some(max) = max {
        write!(f, ", valid max {what}: {max}")?;
    }
    Ok(())
}

/// Every violation of one input, in the order found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Parameter validation failed:")?;
        for violation in &self.violations {
            write!(f, "\n{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Where a value sits in the input, built on the stack as validators descend and rendered as
/// text only when a violation is reported.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The input itself.
    Root,
    /// `parent.Member`.
    Member(&'a Path<'a>, &'static str),
    /// `parent[index]`.
    Index(&'a Path<'a>, usize),
    /// `parent.key`: a map value.
    Value(&'a Path<'a>, &'a str),
    /// `parent (key: key)`: a map key.
    Key(&'a Path<'a>, &'a str),
}

impl Path<'_> {
    /// The path as botocore writes it (`SegmentAttributes.k.ValueMap.x.ValueString`).
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Member(parent, name) => {
                parent.render_into(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Path::Index(parent, index) => {
                parent.render_into(out);
                out.push_str(&format!("[{index}]"));
            }
            Path::Value(parent, key) => {
                parent.render_into(out);
                out.push('.');
                out.push_str(key);
            }
            Path::Key(parent, key) => {
                parent.render_into(out);
                out.push_str(&format!(" (key: {key})"));
            }
        }
    }
}

/// Collects violations while generated validators walk an input.
#[derive(Debug, Default)]
pub struct Validator {
    violations: Vec<Violation>,
}

impl Validator {
    /// Records a violation.
    pub fn report(&mut self, path: &Path<'_>, rule: Rule) {
        self.violations.push(Violation {
            path: path.render(),
            rule,
        });
    }

    /// Checks a size against length bounds.
    pub fn length(&mut self, path: &Path<'_>, actual: usize, min: Option<u64>, max: Option<u64>) {
        let actual_u64 = actual as u64;
        if min.is_some_and(|min| actual_u64 < min) || max.is_some_and(|max| actual_u64 > max) {
            self.report(path, Rule::Length { actual, min, max });
        }
    }

    /// Checks a string's length in Unicode scalar values.
    pub fn string_length(
        &mut self,
        path: &Path<'_>,
        value: &str,
        min: Option<u64>,
        max: Option<u64>,
    ) {
        // Byte length bounds the character count from above and, divided by four, from below,
        // which settles most checks without counting.
        let bytes = value.len() as u64;
        if min.is_none_or(|min| bytes / 4 >= min) && max.is_none_or(|max| bytes <= max) {
            return;
        }
        self.length(path, value.chars().count(), min, max);
    }

    /// Checks a number against range bounds.
    pub fn range(&mut self, path: &Path<'_>, actual: f64, min: Option<f64>, max: Option<f64>) {
        if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
            self.report(
                path,
                Rule::Range {
                    actual: actual.to_string(),
                    min: min.map(|m| m.to_string()),
                    max: max.map(|m| m.to_string()),
                },
            );
        }
    }

    /// Checks a string against a pattern compiled once by [`compile_pattern`].
    pub fn pattern(
        &mut self,
        path: &Path<'_>,
        value: &str,
        regex: Option<&regex_lite::Regex>,
        pattern: &'static str,
    ) {
        if regex.is_some_and(|regex| !regex.is_match(value)) {
            self.report(path, Rule::Pattern { pattern });
        }
    }

    /// `Ok` when nothing was reported.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.violations,
            })
        }
    }
}

/// Compiles a model pattern. A pattern the regex engine cannot read gives `None`, and the check
/// is skipped rather than failing every call.
pub fn compile_pattern(pattern: &str) -> Option<regex_lite::Regex> {
    regex_lite::Regex::new(pattern).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_botocore() {
        let root = Path::Root;
        let attributes = Path::Member(&root, "SegmentAttributes");
        let value = Path::Value(&attributes, "k");
        let map = Path::Member(&value, "ValueMap");
        let inner = Path::Value(&map, "x");
        let leaf = Path::Member(&inner, "ValueString");
        assert_eq!(leaf.render(), "SegmentAttributes.k.ValueMap.x.ValueString");
        assert_eq!(
            Path::Key(&attributes, "k").render(),
            "SegmentAttributes (key: k)"
        );
        assert_eq!(Path::Index(&attributes, 3).render(), "SegmentAttributes[3]");
    }

    #[test]
    fn lengths_count_unicode_scalar_values() {
        let mut validator = Validator::default();
        validator.string_length(&Path::Root, "ééé", Some(1), Some(3));
        validator.string_length(&Path::Root, "éééé", Some(1), Some(3));
        validator.string_length(&Path::Root, "", Some(1), None);
        let error = validator.finish().unwrap_err();
        assert_eq!(error.violations.len(), 2);
        assert_eq!(error.to_string(), "Parameter validation failed:\nInvalid length for parameter input, value: 4, valid min length: 1, valid max length: 3\nInvalid length for parameter input, value: 0, valid min length: 1");
    }
}
