//! `examples/build-script`, a crate of its own that generates its bindings in `build.rs` with
//! `connect_codegen::Builder`: built from a clean target directory, its program creates and reads
//! back a contact in `connect-local`; cargo regenerates when the model changes and only then; a
//! broken model stops the build with the generator's located message.

mod support;

use connect_local::config::DEFAULT_INSTANCE;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{local_env, scratch, start_local};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `cargo build -v` of the example with the model at `model`; returns (success, stderr).
fn build(target: &Path, model: &Path) -> (bool, String) {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["build", "-v", "--locked", "--manifest-path"])
        .arg(workspace().join("examples/build-script/Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("CONNECT_MODEL", model)
        .output()
        .expect("run cargo");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Whether this build ran the example's build script.
fn ran_build_script(stderr: &str) -> bool {
    stderr.lines().any(|line| {
        line.contains("Running")
            && line.contains("connect-build-script-example-")
            && line.contains("build-script-build")
    })
}

/// The generated `lib.rs` (where each operation's module carries its documentation) in the
/// example's `OUT_DIR`.
fn generated_lib(target: &Path) -> String {
    let build = target.join("debug/build");
    let out = std::fs::read_dir(&build)
        .expect("build directory")
        .flatten()
        .map(|entry| entry.path().join("out/lib.rs"))
        .find(|path| path.exists())
        .expect("the example's OUT_DIR holds lib.rs");
    std::fs::read_to_string(out).expect("read the generated module")
}

#[test]
fn the_example_generates_in_its_build_script_and_calls_the_local_service() {
    let dir = scratch("build-script-example");
    let target = dir.join("target");
    let _ = std::fs::remove_dir_all(&target);
    let model = dir.join("connect.smithy.json");
    std::fs::copy(
        workspace().join("upstream/models/connect-2017-08-08.smithy.json"),
        &model,
    )
    .expect("copy the model");

    let (ok, stderr) = build(&target, &model);
    assert!(ok, "the example does not build:\n{stderr}");
    assert!(ran_build_script(&stderr), "{stderr}");
    assert!(
        !stderr.contains("warning:"),
        "the example builds with warnings:\n{stderr}"
    );

    let (url, service) = start_local(None);
    let home = scratch("build-script-example-home");
    let run = Command::new(target.join("debug/connect-build-script-example"))
        .args([DEFAULT_INSTANCE, "From a build script"])
        .env_clear()
        .envs(local_env(&url, &home))
        .output()
        .expect("run the example");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let id = stdout
        .strip_prefix("created contact ")
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("unexpected output: {stdout}"));
    assert!(
        stdout.ends_with("; read back: \"From a build script\"\n"),
        "{stdout}"
    );
    let stored = service
        .store
        .get(DEFAULT_INSTANCE, id)
        .expect("store")
        .expect("the contact is stored");
    assert_eq!(stored.name.as_deref(), Some("From a build script"));

    let (ok, stderr) = build(&target, &model);
    assert!(ok, "{stderr}");
    assert!(
        !ran_build_script(&stderr),
        "nothing changed, yet the build script ran again:\n{stderr}"
    );

    let mut document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&model).expect("read the model")).expect("JSON");
    document["shapes"]["com.amazonaws.connect#CreateContact"]["traits"]
        ["smithy.api#documentation"] = "<p>Creates a contact; marker 4711.</p>".into();
    std::fs::write(&model, serde_json::to_vec(&document).expect("JSON")).expect("write");
    let (ok, stderr) = build(&target, &model);
    assert!(ok, "{stderr}");
    assert!(ran_build_script(&stderr), "{stderr}");
    assert!(
        generated_lib(&target).contains("Creates a contact; marker 4711."),
        "the changed model was not regenerated"
    );

    std::fs::write(&model, "{\"smithy\": \"2.0\", \"shapes\": {\"x\": 1}}").expect("write");
    let (ok, stderr) = build(&target, &model);
    assert!(!ok, "a broken model built");
    assert!(
        stderr.contains("connect-codegen: code generation failed")
            && stderr.contains("connect.smithy.json"),
        "{stderr}"
    );
}
