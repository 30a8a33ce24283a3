//! The version a model change implies, under Cargo's SemVer rules, and the changelog entry
//! written from the change report.

use crate::diff::{Class, Report, Verdict};
use crate::error::Error;

/// The next version after `current` for a change of this verdict: below 1.0 a breaking change
/// bumps the minor number and anything else the patch number; from 1.0 on, major, minor or patch.
/// `None` when nothing changed.
pub fn next(current: &str, verdict: Verdict) -> Result<Option<String>, Error> {
    let parts: Vec<u64> = current
        .split('.')
        .map(|part| part.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| Error::internal(format!("`{current}` is not a plain version")))?;
    let [major, minor, patch] = parts[..] else {
        return Err(Error::internal(format!(
            "`{current}` is not major.minor.patch"
        )));
    };
    let next = match (verdict, major) {
        (Verdict::None, _) => return Ok(None),
        (Verdict::Major, 0) => (0, minor + 1, 0),
        (Verdict::Minor | Verdict::Patch, 0) => (0, minor, patch + 1),
        (Verdict::Major, _) => (major + 1, 0, 0),
        (Verdict::Minor, _) => (major, minor + 1, 0),
        (Verdict::Patch, _) => (major, minor, patch + 1),
    };
    Ok(Some(format!("{}.{}.{}", next.0, next.1, next.2)))
}

/// What a user of the crate does about a breaking change of this code.
fn remedy(code: &str) -> &'static str {
    match code {
        "member-removed" | "shape-removed" | "operation-removed" => "remove the code that uses it",
        "enum-value-removed" => "stop matching or sending that value",
        "became-required" | "member-became-required" => {
            "set it on every builder (build() now fails without it)"
        }
        "target-changed" | "type-changed" => "change the type your code passes or reads",
        c if c.contains("tightened") => "check that the values you send still fit",
        _ => "check the code that uses it",
    }
}

/// The changelog section for this update: breaking changes first, each with what to change, then
/// additions, then behaviour; documentation changes counted.
pub fn changelog_entry(versions: &[(&str, String)], upstream: &str, report: &Report) -> String {
    let crates: Vec<String> = versions
        .iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect();
    let mut out = format!(
        "## {}\n\nThe model update from {upstream}.\n",
        crates.join(", ")
    );
    let sections = [
        (Class::Breaking, "Breaking"),
        (Class::Additive, "Added"),
        (Class::Behavioural, "Changed"),
    ];
    for (class, title) in sections {
        let changes: Vec<_> = report.changes.iter().filter(|c| c.class == class).collect();
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for change in changes {
            let place = match &change.member {
                Some(member) => format!("`{}.{member}`", change.shape),
                None => format!("`{}` ({})", change.shape, change.shape_kind),
            };
            if class == Class::Breaking {
                out.push_str(&format!(
                    "- {place}: {}; {}.\n",
                    change.detail,
                    remedy(change.code)
                ));
            } else {
                out.push_str(&format!("- {place}: {}.\n", change.detail));
            }
        }
    }
    let docs = report.count(Class::Docs);
    if docs > 0 {
        out.push_str(&format!(
            "\n### Documentation\n\n- {docs} documentation changes.\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargo_semver_rules() {
        let next = |v: &str, verdict| next(v, verdict).unwrap();
        assert_eq!(next("0.1.0", Verdict::Major).as_deref(), Some("0.2.0"));
        assert_eq!(next("0.1.3", Verdict::Minor).as_deref(), Some("0.1.4"));
        assert_eq!(next("0.1.3", Verdict::Patch).as_deref(), Some("0.1.4"));
        assert_eq!(next("1.2.3", Verdict::Major).as_deref(), Some("2.0.0"));
        assert_eq!(next("1.2.3", Verdict::Minor).as_deref(), Some("1.3.0"));
        assert_eq!(next("1.2.3", Verdict::Patch).as_deref(), Some("1.2.4"));
        assert_eq!(next("1.2.3", Verdict::None), None);
        assert!(super::next("1.2", Verdict::Patch).is_err());
    }
}
