//! Broken and awkward models under `models/fixtures/`. Each `X.json` has either `X.err`, the exact
//! error the generator must report, or `X.rs`, the golden of the crate it generates, which must
//! also compile with `#![deny(warnings)]`. `X.settings.json` holds settings when a fixture needs
//! them. Set `UPDATE_GOLDEN=1` to rewrite the expectations from the current output.

use connect_codegen::Settings;
use connect_tests::{
    cargo_check, concatenate, diff, generate_crate, scratch, workspace, write_crate,
};
use std::path::{Path, PathBuf};

struct Fixture {
    name: String,
    model: PathBuf,
    settings: Settings,
}

fn fixtures() -> Vec<Fixture> {
    let dir = workspace().join("models/fixtures");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read models/fixtures") {
        let path = entry.expect("entry").path();
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or_default()
            .to_owned();
        if !file.ends_with(".json") || file.ends_with(".settings.json") {
            continue;
        }
        let name = file.trim_end_matches(".json").to_owned();
        let settings_path = dir.join(format!("{name}.settings.json"));
        let settings = if settings_path.exists() {
            let mut settings = Settings::load(&settings_path).unwrap_or_else(|e| panic!("{e}"));
            settings.origin = format!("models/fixtures/{name}.settings.json");
            settings
        } else {
            Settings::default()
        };
        out.push(Fixture {
            name,
            model: path,
            settings,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn expectation(fixture: &Fixture, extension: &str) -> PathBuf {
    fixture
        .model
        .with_file_name(format!("{}.{extension}", fixture.name))
}

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

fn crate_name(fixture: &Fixture) -> String {
    format!("fixture-{}", fixture.name.replace('.', "-"))
}

#[test]
fn fixtures_give_their_pinned_error_or_golden() {
    let mut failures = Vec::new();
    let mut compiled = Vec::new();
    for fixture in fixtures() {
        let source = format!("models/fixtures/{}.json", fixture.name);
        let result = generate_crate(&fixture.model, &fixture.settings, &source);
        let (extension, actual) = match &result {
            Ok(files) => ("rs", concatenate(files)),
            Err(error) => ("err", format!("{error}\n")),
        };
        let expected_path = expectation(&fixture, extension);
        let other = expectation(&fixture, if extension == "rs" { "err" } else { "rs" });
        if update() {
            std::fs::write(&expected_path, &actual).expect("write golden");
            let _ = std::fs::remove_file(&other);
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{}: output differs from {}\n{}",
                fixture.name,
                expected_path.display(),
                diff(&expected, &actual)
            )),
            Err(_) if other.exists() => failures.push(format!(
                "{}: expected the outcome pinned in {}, got:\n{actual}",
                fixture.name,
                other.display()
            )),
            Err(_) => failures.push(format!(
                "{}: no expectation; run with UPDATE_GOLDEN=1",
                fixture.name
            )),
        }
        if let Ok(files) = result {
            compiled.push((crate_name(&fixture), files));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    for (name, files) in compiled {
        let dir = scratch(&name);
        write_crate(&dir, &name, &files, true);
        cargo_check(&dir);
    }
}

#[test]
fn every_kind_of_problem_is_covered() {
    let dir = workspace().join("models/fixtures");
    let pinned = |name: &str, needle: &str| {
        let text = std::fs::read_to_string(dir.join(format!("{name}.err")))
            .unwrap_or_else(|_| panic!("{name}.err is missing"));
        assert!(
            text.contains(needle),
            "{name}.err should mention `{needle}`:\n{text}"
        );
        assert!(
            text.contains(&format!("models/fixtures/{name}.json")),
            "{name}.err should name the file"
        );
    };
    pinned("malformed-json", "EOF");
    pinned("dangling-target", "unknown target example.broken#Chanel");
    pinned("unknown-shape-kind", "unknown shape type `widget`");
    pinned("colliding-enum-values", "`small-one` and `small_one`");
    pinned("colliding-members", "FooBar and foo_bar");
    pinned("unsupported-trait", "aws.protocols#httpChecksum");
    pinned("wrong-protocol", "the service speaks awsJson1_1");
    pinned("colliding-members", "example.members#SendInput: members");
    assert!(Path::new(&dir.join("direct-recursion.rs")).exists());
}
