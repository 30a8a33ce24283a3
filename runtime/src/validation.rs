//! Constraint violations found before a request is sent, reported all at once.

use std::fmt;

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

/// Collects violations while generated validators walk an input.
#[derive(Debug, Default)]
pub struct Validator {
    violations: Vec<Violation>,
}

impl Validator {
    /// Records a violation.
    pub fn report(&mut self, path: &str, rule: Rule) {
        self.violations.push(Violation {
            path: path.to_owned(),
            rule,
        });
    }

    /// Checks a size against length bounds.
    pub fn length(&mut self, path: &str, actual: usize, min: Option<u64>, max: Option<u64>) {
        let actual_u64 = actual as u64;
        if min.is_some_and(|min| actual_u64 < min) || max.is_some_and(|max| actual_u64 > max) {
            self.report(path, Rule::Length { actual, min, max });
        }
    }

    /// Checks a string's length in Unicode scalar values.
    pub fn string_length(&mut self, path: &str, value: &str, min: Option<u64>, max: Option<u64>) {
        self.length(path, value.chars().count(), min, max);
    }

    /// Checks a number against range bounds.
    pub fn range(&mut self, path: &str, actual: f64, min: Option<f64>, max: Option<f64>) {
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

    /// Checks a string against a compiled pattern.
    pub fn pattern(
        &mut self,
        path: &str,
        value: &str,
        regex: &regex_lite::Regex,
        pattern: &'static str,
    ) {
        if !regex.is_match(value) {
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

/// Compiles a model pattern once; generated validators keep the result in a `OnceLock`. A pattern
/// the regex engine cannot read matches everything rather than failing every call.
pub fn compile_pattern(pattern: &str) -> Option<regex_lite::Regex> {
    regex_lite::Regex::new(pattern).ok()
}

/// `parent.member`, or `member` at the top.
pub fn member_path(parent: &str, member: &str) -> String {
    if parent.is_empty() {
        member.to_owned()
    } else {
        format!("{parent}.{member}")
    }
}

/// `parent[index]`.
pub fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// `parent (key: key)`, the path botocore gives a map key.
pub fn key_path(parent: &str, key: &str) -> String {
    format!("{parent} (key: {key})")
}
