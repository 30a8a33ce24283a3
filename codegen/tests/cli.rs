//! The `connect-codegen` command: a complete crate for chosen operations, clear errors otherwise.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_connect-codegen"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("run connect-codegen")
}

fn scratch(name: &str) -> PathBuf {
    workspace().join("target").join("scratch").join(name)
}

#[test]
fn writes_a_crate_that_checks_for_chosen_botocore_operations() {
    let out = scratch("cli-botocore-create-contact");
    let out_text = out.display().to_string();
    let output = run(&[
        "--model",
        "../shared/models/connect-2017-08-08.botocore.json",
        "--format",
        "botocore",
        "--operation",
        "CreateContact",
        "--operation",
        "StopContact",
        "--tagged-union",
        "SegmentAttributeValue",
        "--out",
        &out_text,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("lines"), "{stdout}");
    assert!(out.join("src/operations/create_contact.rs").exists());
    assert!(out.join("src/operations/stop_contact.rs").exists());
    assert!(!out.join("src/operations/describe_contact.rs").exists());
    let types = std::fs::read_to_string(out.join("src/types.rs")).unwrap();
    assert!(types.contains("pub enum SegmentAttributeValue"));
    let check = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["check", "--quiet", "--offline", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", scratch("target"))
        .output()
        .expect("cargo check");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_bad_model_gives_one_clear_paragraph_and_a_failure_status() {
    let out = scratch("cli-broken");
    let output = run(&[
        "--model",
        "models/fixtures/dangling-target.json",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("models/fixtures/dangling-target.json"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/shapes/example.broken#MakeThingRequest/members/Channel/target"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown target example.broken#Chanel"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn unknown_operations_and_arguments_are_refused() {
    let out = scratch("cli-refused").display().to_string();
    let output = run(&[
        "--model",
        "models/create-contact.smithy.json",
        "--operation",
        "CreateContacts",
        "--out",
        &out,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("operation `CreateContacts`") && stderr.contains("CreateContact"),
        "{stderr}"
    );

    let output = run(&["--model", "x.json", "--format", "yaml", "--out", &out]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--format must be"));

    let output = run(&["--model", "does-not-exist.json", "--out", &out]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("does-not-exist.json: cannot read the model"));
}
