//! The model diff: golden reports for fixture pairs under `models/fixtures/diff/` (each case a folder
//! with `old.json`, `new.json` or none to compare the old model with itself, and `settings.json` when
//! it needs one; `expected.txt` is the text report, `expected.json` the verbose JSON one), and the
//! real models. Set `UPDATE_GOLDEN=1` to rewrite the expectations from the current output.

use connect_codegen::diff::{self, Class, OutputFormat, Report, Verdict};
use connect_codegen::{read_model, sdk, Settings};
use connect_tests::{diff as text_diff, upstream, workspace};
use std::collections::BTreeSet;
use std::path::Path;

fn report(old: &Path, new: &Path, settings: &Settings) -> Report {
    let read = |path: &Path| {
        let source = path
            .strip_prefix(workspace())
            .unwrap_or(path)
            .display()
            .to_string();
        read_model(path, None, &source).unwrap_or_else(|e| panic!("{e}"))
    };
    diff::diff(read(old), read(new), settings).unwrap_or_else(|e| panic!("{e}"))
}

fn cases() -> Vec<(String, Report)> {
    let root = workspace().join("models/fixtures/diff");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("read models/fixtures/diff")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let dir = root.join(&name);
            let old = dir.join("old.json");
            let new = Some(dir.join("new.json"))
                .filter(|path| path.exists())
                .unwrap_or_else(|| old.clone());
            let settings_path = dir.join("settings.json");
            let settings = if settings_path.exists() {
                Settings::load(&settings_path).unwrap_or_else(|e| panic!("{e}"))
            } else {
                Settings::default()
            };
            let report = report(&old, &new, &settings);
            (name, report)
        })
        .collect()
}

#[test]
fn fixture_pairs_give_their_golden_reports() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (name, report) in cases() {
        let dir = workspace().join("models/fixtures/diff").join(&name);
        for (file, actual) in [
            ("expected.txt", report.render(OutputFormat::Text, false)),
            ("expected.json", report.render(OutputFormat::Json, true)),
        ] {
            let path = dir.join(file);
            if update {
                std::fs::write(&path, &actual).expect("write golden");
            }
            match std::fs::read_to_string(&path) {
                Ok(expected) if expected == actual => {}
                Ok(expected) => failures.push(format!(
                    "{name}/{file} differs:\n{}",
                    text_diff(&expected, &actual)
                )),
                Err(_) => failures.push(format!(
                    "{name}/{file} is missing; run with UPDATE_GOLDEN=1"
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_fixtures_cover_every_verdict_and_kind_of_change() {
    let cases = cases();
    let verdicts: BTreeSet<&str> = cases.iter().map(|(_, r)| r.verdict().word()).collect();
    assert_eq!(
        verdicts,
        BTreeSet::from(["major", "minor", "none", "patch"]),
        "a case for each verdict"
    );
    let codes: BTreeSet<&str> = cases
        .iter()
        .flat_map(|(_, r)| r.changes.iter().map(|c| c.code))
        .collect();
    for code in [
        "operation-added",
        "operation-removed",
        "shape-added",
        "shape-removed",
        "member-added",
        "member-removed",
        "member-type-changed",
        "kind-changed",
        "required-added",
        "required-removed",
        "enum-value-added",
        "enum-value-removed",
        "enum-value-changed",
        "length-tightened",
        "length-loosened",
        "range-tightened",
        "pattern-added",
        "pattern-removed",
        "pattern-changed",
        "pattern-loosened",
        "sensitive-changed",
        "idempotency-token-changed",
        "http-method-changed",
        "http-uri-changed",
        "http-status-changed",
        "http-binding-changed",
        "error-added",
        "error-removed",
        "error-status-changed",
        "documentation-changed",
        "deprecated-changed",
    ] {
        assert!(codes.contains(code), "no fixture shows `{code}`");
    }
    for class in [
        Class::Breaking,
        Class::Additive,
        Class::Behavioural,
        Class::Docs,
    ] {
        let total: usize = cases.iter().map(|(_, r)| r.count(class)).sum();
        assert!(total > 0, "no fixture has a {} change", class.word());
    }
}

fn create_contact_settings() -> Settings {
    Settings {
        operations: vec!["CreateContact".to_owned()],
        tagged_unions: vec!["SegmentAttributeValue".to_owned()],
        ..Settings::default()
    }
}

#[test]
fn official_smithy_against_newest_botocore_for_create_contact() {
    let models = upstream().join("models");
    let report = report(
        &models.join("connect-2017-08-08.smithy.json"),
        &models.join("connect-2017-08-08.botocore.json"),
        &create_contact_settings(),
    );
    let has = |shape: &str, member: &str, code: &str, class: Class| {
        report.changes.iter().any(|c| {
            c.shape == shape
                && c.member.as_deref() == Some(member)
                && c.code == code
                && c.class == class
        })
    };
    assert!(has(
        "SegmentAttributeValue",
        "ValueList",
        "member-added",
        Class::Additive
    ));
    assert!(has(
        "SegmentAttributeValue",
        "ValueArn",
        "member-added",
        Class::Additive
    ));
    assert!(has(
        "InitiateAs",
        "COMPLETED",
        "enum-value-added",
        Class::Additive
    ));
    assert!(has(
        "ReferenceType",
        "EMAIL_MESSAGE_REDACTED",
        "enum-value-added",
        Class::Additive
    ));
    assert_eq!(report.count(Class::Breaking), 0, "{}", report.text(false));
    assert_eq!(report.verdict(), Verdict::Minor, "{}", report.text(false));
}

#[test]
fn a_model_compared_with_itself_reports_nothing() {
    let newest = upstream().join("models/connect-2017-08-08.botocore.json");
    let whole = report(&newest, &newest, &Settings::default());
    assert!(whole.changes.is_empty(), "{}", whole.text(true));
    assert_eq!(whole.verdict(), Verdict::None);
    let ours = workspace().join(sdk::MODEL);
    let settings = Settings::load(&workspace().join(sdk::SETTINGS)).expect("settings");
    let same = report(&ours, &ours, &settings);
    assert!(same.changes.is_empty(), "{}", same.text(true));
}

#[test]
fn our_model_differs_from_newest_botocore_only_in_its_own_prose() {
    let settings = Settings::load(&workspace().join(sdk::SETTINGS)).expect("settings");
    let mut report = report(
        &workspace().join(sdk::MODEL),
        &upstream().join("models/connect-2017-08-08.botocore.json"),
        &settings,
    );
    assert!(
        report.count(Class::Docs) > 0,
        "the documentation is written anew"
    );
    report.ignore_docs();
    assert!(report.changes.is_empty(), "{}", report.text(true));
    assert_eq!(report.verdict(), Verdict::None);
}
