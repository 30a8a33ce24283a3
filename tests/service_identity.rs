//! A service other than Connect: a crate generated from `models/fixtures/service-identity.json`
//! resolves its endpoints from its own rules, reads its own `AWS_ENDPOINT_URL_<SERVICE>` variable
//! and its own key of the profile's `services` section, and signs with its own signing name, over
//! loopback. Its model's endpoint tests pass through the ruleset the generator emits.

use connect_codegen::{generate_from_file, write, Layout, Settings};
use connect_runtime::endpoint::rules::RuleSet;
use connect_tests::endpoints::{failures, model_rules};
use connect_tests::{cargo_run, scratch, scratch_manifest, workspace};

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
    let tokio = "tokio = { version = \"1\", default-features = false, features = [\"rt\", \"time\", \"net\"] }\n";
    let manifest = scratch_manifest("service-identity-probe", tokio);
    write::write_if_changed(&dir.join("Cargo.toml"), manifest.as_bytes()).unwrap();
    let src = dir.join("src");
    write::write_all(&src, &files).unwrap();
    let probe = include_str!("service_identity/probe.rs");
    write::write_if_changed(&src.join("main.rs"), probe.as_bytes()).unwrap();
    let stdout = cargo_run(&dir);
    let passed = stdout.lines().filter(|l| l.starts_with("PASS")).count();
    let failed: Vec<&str> = stdout.lines().filter(|l| !l.starts_with("PASS")).collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert_eq!(passed, 12, "{stdout}");
}
