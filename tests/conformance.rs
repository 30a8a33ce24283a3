//! botocore's restJson1 conformance suite (`upstream/protocol-tests`): every case goes through the
//! botocore front-end, the generator and the generated code. Every case must pass: none is
//! skipped.

use connect_tests::conformance::{self, Direction};
use connect_tests::{cargo_run, scratch, scratch_manifest, upstream};
use std::collections::BTreeMap;

fn read(name: &str) -> serde_json::Value {
    let path = upstream().join("protocol-tests").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn rest_json1_conformance() {
    let harness = conformance::build(
        &read("rest-json-input.json"),
        &read("rest-json-output.json"),
    )
    .expect("harness");
    let dir = scratch("conformance");
    let manifest = scratch_manifest("connect-conformance", "serde_json = \"1\"\n");
    connect_codegen::write::write_if_changed(&dir.join("Cargo.toml"), manifest.as_bytes()).unwrap();
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    connect_codegen::write::write_all(&src, &harness.files).unwrap();
    let stdout = cargo_run(&dir);

    let mut passed = BTreeMap::from([
        (Direction::Input.word(), 0usize),
        (Direction::Output.word(), 0usize),
    ]);
    let mut total = BTreeMap::from([
        (Direction::Input.word(), 0usize),
        (Direction::Output.word(), 0usize),
    ]);
    let mut problems = Vec::new();
    for refused in &harness.refused {
        for case in &refused.cases {
            *total.entry(refused.direction.word()).or_default() += 1;
            problems.push(format!(
                "{} {case}: suite `{}` not generated: {}",
                refused.direction.word(),
                refused.description,
                refused.reason
            ));
        }
    }
    let mut ran = 0;
    for line in stdout.lines() {
        let (verdict, rest) = line.split_once(' ').unwrap_or((line, ""));
        let (direction, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        let id = rest.split(':').next().unwrap_or(rest);
        let direction = if direction == "input" {
            "input"
        } else {
            "output"
        };
        ran += 1;
        *total.entry(direction).or_default() += 1;
        match verdict {
            "PASS" => *passed.entry(direction).or_default() += 1,
            _ => problems.push(format!("{id}: {line}")),
        }
    }
    assert_eq!(ran, harness.cases.len(), "every generated case must report");
    println!(
        "restJson1 conformance: input {}/{} passed, output {}/{} passed",
        passed["input"], total["input"], passed["output"], total["output"]
    );
    assert!(
        problems.is_empty(),
        "{} cases fail:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
