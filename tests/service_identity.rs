//! A service other than Connect: a crate generated from `models/fixtures/service-identity.json`
//! resolves its endpoints from its own rules, reads its own `AWS_ENDPOINT_URL_<SERVICE>` variable
//! and its own key of the profile's `services` section, and signs with its own signing name, over
//! loopback. Its model's endpoint tests pass through the ruleset the generator emits.

use connect_codegen::{generate_from_file, write, Layout, Settings};
use connect_runtime::endpoint::rules::RuleSet;
use connect_tests::endpoints::{failures, model_rules};
use connect_tests::{scratch, workspace};
use std::process::Command;

const FIXTURE: &str = "models/fixtures/service-identity.json";

#[test]
fn the_fixtures_endpoint_tests_pass() {
    let (rules, cases) = model_rules(&workspace().join(FIXTURE), "GetForecast");
    assert_eq!(cases.len(), 6);
    let problems = failures(&RuleSet::parse(&rules).unwrap(), &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn endpoints_variables_and_profile_keys_follow_the_service_identity() {
    let files = generate_from_file(
        &workspace().join(FIXTURE),
        None,
        &Settings::default(),
        Layout::Crate,
        FIXTURE,
    )
    .expect("the fixture generates");
    let dir = scratch("service-identity-probe");
    let manifest = format!(
        "[package]\nname = \"service-identity-probe\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nconnect-runtime = {{ path = \"{}\" }}\n\
         tokio = {{ version = \"1\", default-features = false, features = [\"rt\", \"time\", \"net\"] }}\n\n[workspace]\n",
        workspace().join("runtime").display()
    );
    write::write_if_changed(&dir.join("Cargo.toml"), manifest.as_bytes()).unwrap();
    let src = dir.join("src");
    write::write_all(&src, &files).unwrap();
    let probe = include_str!("service_identity/probe.rs");
    write::write_if_changed(&src.join("main.rs"), probe.as_bytes()).unwrap();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", scratch("target"))
        .output()
        .expect("run the probe");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the probe failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let passed = stdout.lines().filter(|l| l.starts_with("PASS")).count();
    let failed: Vec<&str> = stdout.lines().filter(|l| !l.starts_with("PASS")).collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert_eq!(passed, 12, "{stdout}");
}
