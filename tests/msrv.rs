//! The minimum supported Rust version the publishable crates declare (`rust-version`) holds for
//! what they build with: every crate in their normal and build dependency graph declares a
//! `rust-version` no newer (or none). Clippy's `incompatible_msrv` lint, denied in the test
//! command, checks our own use of the standard library against the same version. The graph is the
//! one for the platform the tests run on.

use connect_tests::workspace;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// `1.85` or `1.85.0` as comparable numbers.
fn version(text: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = text
        .split('.')
        .map(|part| {
            part.parse()
                .unwrap_or_else(|_| panic!("rust-version {text}"))
        })
        .collect();
    parts.resize(3, 0);
    parts
}

/// The platform rustc builds for by default (`x86_64-unknown-linux-gnu`).
fn host() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = std::process::Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("run rustc -vV");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host")
}

#[test]
fn dependencies_of_the_publishable_crates_fit_their_rust_version() {
    let output =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "metadata",
                "--format-version",
                "1",
                "--locked",
                "--filter-platform",
            ])
            .arg(host())
            .current_dir(workspace())
            .output()
            .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata JSON");
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|package| (package["id"].as_str().expect("id"), package))
        .collect();
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let publishable: Vec<&str> = members
        .iter()
        .copied()
        .filter(|id| packages[id]["publish"] != serde_json::json!([]))
        .collect();
    let names: BTreeSet<&str> = publishable
        .iter()
        .map(|id| packages[id]["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "connect-cli",
            "connect-codegen",
            "connect-local",
            "connect-runtime",
            "connect-sdk"
        ])
    );

    // Edges of the resolved graph that a build of the crate follows (not dev-dependencies).
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for node in metadata["resolve"]["nodes"].as_array().expect("nodes") {
        let from = node["id"].as_str().expect("node id");
        for dep in node["deps"].as_array().expect("deps") {
            let built = dep["dep_kinds"]
                .as_array()
                .expect("dep kinds")
                .iter()
                .any(|kind| kind["kind"].as_str() != Some("dev"));
            if built {
                edges
                    .entry(from)
                    .or_default()
                    .push(dep["pkg"].as_str().expect("dep id"));
            }
        }
    }

    let mut problems = Vec::new();
    for id in &publishable {
        let package = packages[id];
        let name = package["name"].as_str().expect("name");
        let Some(ours) = package["rust_version"].as_str() else {
            problems.push(format!("{name} declares no rust-version"));
            continue;
        };
        let mut seen = BTreeSet::from([*id]);
        let mut pending = vec![*id];
        while let Some(current) = pending.pop() {
            for next in edges.get(current).into_iter().flatten() {
                if seen.insert(next) {
                    pending.push(next);
                }
            }
        }
        for dependency in seen.iter().filter(|dep| !members.contains(dep)) {
            let dependency = packages[dependency];
            if let Some(theirs) = dependency["rust_version"].as_str() {
                if version(theirs) > version(ours) {
                    problems.push(format!(
                        "{name} (rust-version {ours}) builds with {} {}, which needs Rust {theirs}",
                        dependency["name"].as_str().unwrap_or("?"),
                        dependency["version"].as_str().unwrap_or("?"),
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
