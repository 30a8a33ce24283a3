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
        "upstream/models/connect-2017-08-08.botocore.json",
        "--format",
        "botocore",
        "--operation",
        "CreateContact",
        "--operation",
        "StopContact",
        "--tagged-union",
        "SegmentAttributeValue",
        "--runtime-path",
        "runtime",
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
    assert!(out.join("src/operations/create_contact/input.rs").exists());
    assert!(out.join("src/operations/stop_contact/request.rs").exists());
    assert!(!out.join("src/operations/describe_contact").exists());
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
fn the_standalone_crate_depends_on_the_runtime_by_version_unless_a_path_is_asked_for() {
    let out = scratch("cli-registry");
    let output = run(&[
        "--model",
        "generated/model/create-contact.smithy.json",
        "--operation",
        "CreateContact",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    let runtime_version = std::fs::read_to_string(workspace().join("runtime/Cargo.toml"))
        .expect("runtime manifest")
        .lines()
        .find_map(|line| line.strip_prefix("version = ").map(str::to_owned))
        .expect("the runtime's version");
    assert!(
        manifest.contains(&format!("connect-runtime = {runtime_version}\n")),
        "{manifest}"
    );

    let missing = run(&[
        "--model",
        "generated/model/create-contact.smithy.json",
        "--runtime-path",
        "no-such-runtime",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("--runtime-path no-such-runtime"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
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
        "generated/model/create-contact.smithy.json",
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

const MEMBERS_OLD: &str = "models/fixtures/diff/members/old.json";
const MEMBERS_NEW: &str = "models/fixtures/diff/members/new.json";
const ADDITIVE_OLD: &str = "models/fixtures/diff/additive-only/old.json";
const ADDITIVE_NEW: &str = "models/fixtures/diff/additive-only/new.json";

#[test]
fn diff_exit_status_follows_fail_on() {
    let plain = run(&["diff", "--old", MEMBERS_OLD, "--new", MEMBERS_NEW]);
    assert_eq!(plain.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&plain.stdout).contains("Verdict: major"));
    let status = |old: &str, new: &str, fail_on: &str| {
        run(&["diff", "--old", old, "--new", new, "--fail-on", fail_on])
            .status
            .code()
    };
    assert_eq!(status(MEMBERS_OLD, MEMBERS_NEW, "breaking"), Some(3));
    assert_eq!(status(ADDITIVE_OLD, ADDITIVE_NEW, "breaking"), Some(0));
    assert_eq!(status(ADDITIVE_OLD, ADDITIVE_NEW, "any"), Some(3));
    assert_eq!(status(ADDITIVE_OLD, ADDITIVE_OLD, "any"), Some(0));
}

#[test]
fn diff_json_is_the_stable_form() {
    let output = run(&[
        "diff",
        "--old",
        MEMBERS_OLD,
        "--new",
        MEMBERS_NEW,
        "--format",
        "json",
    ]);
    assert!(output.status.success());
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the JSON report parses");
    assert_eq!(report["verdict"], "major");
    assert_eq!(report["counts"]["breaking"], 6);
    let removed = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["member"] == "Archived")
        .expect("the removed member is listed");
    assert_eq!(removed["change"], "member-removed");
    assert_eq!(removed["class"], "breaking");
}

#[test]
fn diff_reports_bad_models_and_arguments_clearly() {
    let refused = |old: &str| {
        let output = run(&["diff", "--old", old, "--new", MEMBERS_NEW]);
        assert_eq!(output.status.code(), Some(1), "{old}");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            stderr.contains(old) && !stderr.contains("panicked"),
            "{stderr}"
        );
    };
    refused("models/fixtures/malformed-json.json");
    refused("models/fixtures/dangling-target.json");

    let unknown = run(&[
        "diff",
        "--old",
        MEMBERS_OLD,
        "--new",
        MEMBERS_NEW,
        "--operation",
        "Nope",
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("Nope") && stderr.contains("neither"),
        "{stderr}"
    );

    for args in [
        vec!["diff", "--old", MEMBERS_OLD],
        vec![
            "diff",
            "--old",
            MEMBERS_OLD,
            "--new",
            MEMBERS_NEW,
            "--format",
            "yaml",
        ],
        vec![
            "diff",
            "--old",
            MEMBERS_OLD,
            "--new",
            MEMBERS_NEW,
            "--fail-on",
            "docs",
        ],
        vec!["diff", "--bogus"],
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn an_unreadable_settings_file_is_reported_as_such() {
    for args in [
        vec![
            "--model",
            MEMBERS_OLD,
            "--out",
            "target/scratch/unused",
            "--settings",
            "models/no-such.json",
        ],
        vec![
            "diff",
            "--old",
            MEMBERS_OLD,
            "--new",
            MEMBERS_NEW,
            "--settings",
            "models/no-such.json",
        ],
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("models/no-such.json: cannot read the settings"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("usage:"),
            "not a command-line mistake: {stderr}"
        );
    }
}
