//! `connect-codegen update`: the committed tree is what the pinned upstream model implies (the
//! check CI runs); a hand edit is caught; an update is idempotent; and an upstream change moves the
//! curated model, the snapshots, the versions and the changelog as its verdict says.

use connect_codegen::update;
use connect_codegen::Format;
use connect_tests::workspace;
use serde_json::Value;
use std::path::{Path, PathBuf};

const UPSTREAM: &str = "upstream/models/connect-2017-08-08.botocore.json";

/// The files the update reads and writes, copied into a scratch workspace.
fn scratch_workspace(name: &str) -> PathBuf {
    let dir = connect_test_support::scratch(&format!("model-update-{name}"));
    let root = workspace();
    let mut pending: Vec<PathBuf> = [
        "generated/model",
        "generated/snapshot",
        "cli/snapshot",
        "local/snapshot",
        "local/connect-local.settings.json",
        "generated/Cargo.toml",
        "cli/Cargo.toml",
        "Cargo.toml",
        "CHANGELOG.md",
        UPSTREAM,
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    while let Some(relative) = pending.pop() {
        let from = root.join(&relative);
        if from.is_dir() {
            for entry in std::fs::read_dir(&from).expect("list") {
                let entry = entry.expect("entry");
                pending.push(relative.join(entry.file_name()));
            }
        } else {
            let to = dir.join(&relative);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(&from, &to).expect("copy");
        }
    }
    dir
}

fn edit_json(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut value: Value =
        serde_json::from_slice(&std::fs::read(path).expect("read")).expect("JSON");
    change(&mut value);
    std::fs::write(path, serde_json::to_vec_pretty(&value).expect("JSON")).expect("write");
}

fn version(dir: &Path, manifest: &str) -> String {
    let text = std::fs::read_to_string(dir.join(manifest)).expect("manifest");
    text.lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a version")
        .to_owned()
}

fn relative(dir: &Path, paths: Vec<PathBuf>) -> Vec<String> {
    paths
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap_or(&p).display().to_string())
        .collect()
}

#[test]
fn the_committed_tree_is_what_the_pinned_upstream_model_implies() {
    let root = workspace();
    let plan = update::plan(&root, &root.join(UPSTREAM), None).expect("plan");
    assert!(plan.report.changes.is_empty(), "{}", plan.report.text(true));
    assert!(
        plan.differences().is_empty(),
        "not what {UPSTREAM} implies: {:?}; run `cargo run -p connect-codegen -- update --upstream {UPSTREAM}`",
        relative(&root, plan.differences())
    );
}

#[test]
fn a_dropped_enum_value_is_caught_and_an_update_restores_it_once() {
    let dir = scratch_workspace("dropped");
    let model = dir.join("generated/model/create-contact.smithy.json");
    edit_json(&model, |document| {
        let members = document["shapes"]["com.amazonaws.connect#Channel"]["members"]
            .as_object_mut()
            .expect("Channel's members");
        members.remove("EMAIL").expect("EMAIL");
    });
    let upstream = dir.join(UPSTREAM);
    let plan = update::plan(&dir, &upstream, Some(Format::Botocore)).expect("plan");
    let differences = relative(&dir, plan.differences());
    assert!(
        differences.contains(&"generated/model/create-contact.smithy.json".to_owned()),
        "{differences:?}"
    );
    assert!(
        plan.report.text(false).contains("EMAIL"),
        "{}",
        plan.report.text(false)
    );
    plan.apply().expect("apply");
    let restored: Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    assert!(
        restored["shapes"]["com.amazonaws.connect#Channel"]["members"]
            .get("EMAIL")
            .is_some()
    );

    let again = update::plan(&dir, &upstream, Some(Format::Botocore)).expect("plan");
    assert!(
        again.report.changes.is_empty(),
        "{}",
        again.report.text(true)
    );
    assert!(again.differences().is_empty(), "{:?}", again.differences());
    assert!(again.apply().expect("apply").is_empty());
}

#[test]
fn an_upstream_change_sets_versions_and_the_changelog_by_its_verdict() {
    let dir = scratch_workspace("versions");
    let upstream = dir.join(UPSTREAM);
    let (sdk, cli) = (
        version(&dir, "generated/Cargo.toml"),
        version(&dir, "cli/Cargo.toml"),
    );

    // A new enum value: additive, so the patch number below 1.0.
    edit_json(&upstream, |document| {
        document["shapes"]["Channel"]["enum"]
            .as_array_mut()
            .expect("Channel's values")
            .push("CARRIER_PIGEON".into());
    });
    let plan = update::plan(&dir, &upstream, Some(Format::Botocore)).expect("plan");
    plan.apply().expect("apply");
    let bump_patch = |v: &str| {
        let mut parts: Vec<u64> = v.split('.').map(|p| p.parse().unwrap()).collect();
        parts[2] += 1;
        format!("{}.{}.{}", parts[0], parts[1], parts[2])
    };
    assert_eq!(version(&dir, "generated/Cargo.toml"), bump_patch(&sdk));
    assert_eq!(version(&dir, "cli/Cargo.toml"), bump_patch(&cli));
    let root = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(
        root.contains(&format!("version = \"{}\"", bump_patch(&sdk))),
        "{root}"
    );
    let changelog = std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains("### Added"), "{changelog}");
    assert!(changelog.contains("CARRIER_PIGEON"), "{changelog}");
    let types = std::fs::read_to_string(dir.join("generated/snapshot/types.rs")).unwrap();
    assert!(
        types.contains("CarrierPigeon"),
        "the snapshot was not refreshed"
    );

    // A removed member: breaking, so the minor number below 1.0, with what to do about it.
    edit_json(&upstream, |document| {
        document["shapes"]["CreateContactRequest"]["members"]
            .as_object_mut()
            .expect("members")
            .remove("Description")
            .expect("Description");
    });
    let plan = update::plan(&dir, &upstream, Some(Format::Botocore)).expect("plan");
    plan.apply().expect("apply");
    let minor = version(&dir, "generated/Cargo.toml");
    assert!(minor.ends_with(".0") && minor != sdk, "{minor}");
    let changelog = std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap();
    let breaking = changelog.find("### Breaking").expect("a Breaking section");
    let entry = &changelog[breaking..];
    assert!(entry.contains("Description"), "{entry}");
    assert!(entry.contains("remove the code that uses it"), "{entry}");
}
