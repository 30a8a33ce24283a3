//! The diff report: changes, their classes, the semver verdict, and the text and JSON renderings.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What a change means for the generated crate and its users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code that compiled no longer compiles, or requests that were valid are refused or go to
    /// another place.
    Breaking,
    /// New API; existing code is unaffected.
    Additive,
    /// Same API, different validation or wire behaviour.
    Behavioural,
    /// Documentation only.
    Docs,
}

impl Class {
    pub fn word(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Behavioural => "behavioural",
            Class::Docs => "docs",
        }
    }

    const ALL: [Class; 4] = [
        Class::Breaking,
        Class::Additive,
        Class::Behavioural,
        Class::Docs,
    ];
}

/// The semver step the generated crate needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Major,
    Minor,
    Patch,
    /// Nothing changed.
    None,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Major => "major",
            Verdict::Minor => "minor",
            Verdict::Patch => "patch",
            Verdict::None => "none",
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Verdict::Major => "existing code or requests break",
            Verdict::Minor => "new API, existing code unaffected",
            Verdict::Patch => "same API, behaviour or documentation changed",
            Verdict::None => "no change",
        }
    }
}

/// One change, located at a shape (and a member or value of it).
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The shape as the user knows it (an operation's own input shape, not the synthetic one).
    pub shape: String,
    /// The shape's kind (`structure`, `operation`, ...), on the side that has it (the new one
    /// when both do).
    pub shape_kind: &'static str,
    /// The member, enum value or error the change is about, if not the shape itself.
    pub member: Option<String>,
    /// A stable kebab-case code for tools (`member-added`, `length-tightened`).
    pub code: &'static str,
    pub class: Class,
    /// One line for people.
    pub detail: String,
}

/// Rendering of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
}

impl OutputFormat {
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "text" => Some(OutputFormat::Text),
            "json" => Some(OutputFormat::Json),
            _ => None,
        }
    }
}

/// Every change between two models, sorted by shape, member and code.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub old: String,
    pub new: String,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn new(old: String, new: String, mut changes: Vec<Change>) -> Report {
        changes.sort_by(|a, b| {
            (&a.shape, &a.member, a.code, &a.detail).cmp(&(&b.shape, &b.member, b.code, &b.detail))
        });
        Report { old, new, changes }
    }

    /// Drops documentation changes (for models whose prose differs by design).
    pub fn ignore_docs(&mut self) {
        self.changes.retain(|change| change.class != Class::Docs);
    }

    /// How many changes of each class.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    pub fn verdict(&self) -> Verdict {
        if self.count(Class::Breaking) > 0 {
            Verdict::Major
        } else if self.count(Class::Additive) > 0 {
            Verdict::Minor
        } else if self.changes.is_empty() {
            Verdict::None
        } else {
            Verdict::Patch
        }
    }

    pub fn render(&self, format: OutputFormat, verbose: bool) -> String {
        match format {
            OutputFormat::Text => self.text(verbose),
            OutputFormat::Json => {
                let mut text = serde_json::to_string_pretty(&self.json(verbose))
                    .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
                text.push('\n');
                text
            }
        }
    }

    /// Terminal and pull-request text: changes grouped by shape, documentation counted unless
    /// `verbose`, then the counts and the verdict.
    pub fn text(&self, verbose: bool) -> String {
        let mut out = format!("Model diff: {} -> {}\n", self.old, self.new);
        let mut groups: BTreeMap<(&str, &str), Vec<&Change>> = BTreeMap::new();
        for change in &self.changes {
            if change.class != Class::Docs || verbose {
                groups
                    .entry((&change.shape, change.shape_kind))
                    .or_default()
                    .push(change);
            }
        }
        for ((shape, kind), changes) in &groups {
            let _ = write!(out, "\n{shape} ({kind})\n");
            for change in changes {
                let _ = writeln!(out, "  {:<12} {}", change.class.word(), change.detail);
            }
        }
        let docs = self.count(Class::Docs);
        if docs > 0 && !verbose {
            let _ = writeln!(
                out,
                "\nDocumentation: {docs} change{} (--verbose lists them)",
                if docs == 1 { "" } else { "s" }
            );
        }
        let counts: Vec<String> = Class::ALL
            .iter()
            .map(|class| format!("{} {}", self.count(*class), class.word()))
            .collect();
        let verdict = self.verdict();
        let _ = write!(
            out,
            "\nChanges: {}\nVerdict: {} ({})\n",
            counts.join(", "),
            verdict.word(),
            verdict.reason()
        );
        out
    }

    /// The stable JSON form: every change (documentation ones only with `verbose`), the counts per
    /// class and the verdict.
    pub fn json(&self, verbose: bool) -> Value {
        let changes: Vec<Value> = self
            .changes
            .iter()
            .filter(|change| change.class != Class::Docs || verbose)
            .map(|change| {
                json!({
                    "shape": change.shape,
                    "shapeKind": change.shape_kind,
                    "member": change.member,
                    "change": change.code,
                    "class": change.class.word(),
                    "detail": change.detail,
                })
            })
            .collect();
        let counts: serde_json::Map<String, Value> = Class::ALL
            .iter()
            .map(|class| (class.word().to_owned(), json!(self.count(*class))))
            .collect();
        json!({
            "old": self.old,
            "new": self.new,
            "changes": changes,
            "counts": counts,
            "verdict": self.verdict().word(),
        })
    }
}
