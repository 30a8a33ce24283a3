//! Helpers shared by the workspace tests: where things are, and compiling scratch crates.

use connect_codegen::{write, GeneratedFile, Layout};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// Upstream data the tests read (models, conformance cases, SigV4 vectors), kept in the project
/// with its source, version and licence named in `upstream/README.md`.
pub fn upstream() -> PathBuf {
    workspace().join("upstream")
}

/// A directory for scratch crates, inside the workspace's target directory.
pub fn scratch(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    target.join("scratch").join(name)
}

/// Writes a standalone crate (crate layout) holding `files`, with `#![deny(warnings)]` when asked.
pub fn write_crate(dir: &Path, name: &str, files: &[GeneratedFile], deny_warnings: bool) {
    let manifest = write::crate_manifest(
        name,
        &write::RuntimeDependency::Path(workspace().join("runtime")),
    );
    write::write_if_changed(&dir.join("Cargo.toml"), manifest.as_bytes())
        .expect("write Cargo.toml");
    let mut files = files.to_vec();
    if deny_warnings {
        for file in files.iter_mut().filter(|f| f.path == "lib.rs") {
            file.contents = format!("#![deny(warnings)]\n{}", file.contents);
        }
    }
    let src = dir.join("src");
    let _ = write::remove_stale(&src, &files);
    write::write_all(&src, &files).expect("write sources");
}

/// Runs `cargo check` in a scratch crate, sharing one target directory between scratch crates so
/// the runtime is compiled once. Panics with the compiler output when it fails.
pub fn cargo_check(dir: &Path) {
    let target = scratch("target");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .arg("check")
        .arg("--quiet")
        .arg("--offline")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo check");
    assert!(
        output.status.success(),
        "cargo check failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The manifest of a scratch crate that depends on this workspace's runtime, plus
/// `extra_dependencies` (lines of a `[dependencies]` table).
pub fn scratch_manifest(name: &str, extra_dependencies: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nconnect-runtime = {{ path = \"{}\" }}\n{extra_dependencies}\n[workspace]\n",
        workspace().join("runtime").display()
    )
}

/// Runs a scratch crate's binary with `cargo run` (sharing the scratch target directory) and
/// returns what it printed. Panics with its output when it fails to build or run.
pub fn cargo_run(dir: &Path) -> String {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", scratch("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{} failed to build or run:\n{stdout}\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Generates a crate-layout file set from a model file with the given settings.
pub fn generate_crate(
    model: &Path,
    settings: &connect_codegen::Settings,
    source: &str,
) -> Result<Vec<GeneratedFile>, connect_codegen::Error> {
    connect_codegen::generate_from_file(model, None, settings, Layout::Crate, source)
}

/// One text holding every file, each after a `// ==== path ====` line, for goldens and diffs.
pub fn concatenate(files: &[GeneratedFile]) -> String {
    let mut out = String::new();
    for file in files {
        out.push_str(&format!("// ==== {} ====\n", file.path));
        out.push_str(&file.contents);
    }
    out
}

/// A short line-by-line difference of two texts (the first lines that differ, with context).
pub fn diff(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let first = expected
        .iter()
        .zip(&actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let mut out = format!(
        "first difference at line {} (expected {} lines, got {}):\n",
        first + 1,
        expected.len(),
        actual.len()
    );
    for line in first.saturating_sub(2)..(first + 8) {
        if let Some(e) = expected.get(line) {
            out.push_str(&format!("- {e}\n"));
        }
        if let Some(a) = actual.get(line) {
            out.push_str(&format!("+ {a}\n"));
        }
    }
    out
}

pub mod conformance;
pub mod endpoints;
pub mod oracle;
