//! The checked-in snapshots of `connect-sdk` and of the `connect` command's tables equal what the
//! generator emits now, byte for byte, and generating twice gives the same bytes.

use connect_codegen::sdk;
use connect_codegen::GeneratedFile;
use connect_tests::{diff, workspace};
use std::path::Path;

/// What differs between a snapshot folder and the files generated now.
fn problems(snapshot: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let mut problems = Vec::new();
    for file in files {
        match std::fs::read_to_string(snapshot.join(&file.path)) {
            Ok(existing) if existing == file.contents => {}
            Ok(existing) => problems.push(format!(
                "{} differs; {}",
                file.path,
                diff(&existing, &file.contents)
            )),
            Err(_) => problems.push(format!("{} is missing from the snapshot", file.path)),
        }
    }
    for path in connect_codegen::write::rust_files(snapshot).expect("list snapshot") {
        let relative = path
            .strip_prefix(snapshot)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !files.iter().any(|f| f.path == relative) {
            problems.push(format!(
                "{relative} is in the snapshot but no longer generated"
            ));
        }
    }
    problems
}

#[test]
fn snapshot_is_fresh() {
    let root = workspace();
    let files = sdk::Recipe::in_workspace(&root)
        .generate()
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    let problems = problems(&root.join(sdk::SNAPSHOT), &files);
    assert!(
        problems.is_empty(),
        "generated/snapshot is stale:\n{}\n\nWhat changed for users since the last commit:\n{}\n\
         Refresh it from the workspace root with:\n  {}",
        problems.join("\n"),
        sdk::model_change_report(&root),
        sdk::REFRESH_COMMAND
    );
}

#[test]
fn server_half_snapshot_is_fresh() {
    let root = workspace();
    let files = sdk::Recipe::in_workspace(&root)
        .generate_local(&root.join(sdk::LOCAL_SETTINGS))
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    assert!(
        files.iter().any(|file| file.path == "server.rs"),
        "the local service's code has no server half"
    );
    let problems = problems(&root.join(sdk::LOCAL_SNAPSHOT), &files);
    assert!(
        problems.is_empty(),
        "local/snapshot is stale:\n{}\n\nRefresh every snapshot from the workspace root with:\n  \
         cargo run -p connect-codegen -- update --upstream upstream/models/connect-2017-08-08.botocore.json",
        problems.join("\n"),
    );
}

#[test]
fn command_snapshot_is_fresh() {
    let root = workspace();
    let file = sdk::Recipe::in_workspace(&root)
        .generate_cli()
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    let path = root.join(sdk::CLI_SNAPSHOT).join(&file.path);
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        existing == file.contents,
        "{} is stale: {}\n\nWhat changed for users since the last commit:\n{}\n\
         Refresh it from the workspace root with:\n  {}",
        path.display(),
        diff(&existing, &file.contents),
        sdk::model_change_report(&root),
        sdk::CLI_REFRESH_COMMAND
    );
}

#[test]
fn generation_is_deterministic() {
    let root = workspace();
    let first = sdk::Recipe::in_workspace(&root)
        .generate()
        .expect("first run");
    let second = sdk::Recipe::in_workspace(&root)
        .generate()
        .expect("second run");
    assert_eq!(first, second);
}
