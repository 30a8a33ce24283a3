//! Types for every operation of the whole Amazon Connect service, from both the official Smithy
//! model and botocore's model, are generated and compile.

use connect_codegen::Settings;
use connect_tests::{cargo_check, generate_crate, scratch, upstream, write_crate};
use std::time::Instant;

fn check_full_model(file: &str, crate_name: &str) {
    let model = upstream().join("models").join(file);
    let settings = Settings {
        operations: Vec::new(),
        tagged_unions: vec!["com.amazonaws.connect#SegmentAttributeValue".to_owned()],
        ..Settings::default()
    };
    let started = Instant::now();
    let files = generate_crate(&model, &settings, file).unwrap_or_else(|e| panic!("{e}"));
    let elapsed = started.elapsed();
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    let operations = files
        .iter()
        .filter(|f| f.path.starts_with("operations/"))
        .count();
    println!("{file}: {operations} operations, {lines} lines generated in {elapsed:.2?}");
    assert!(
        operations > 250,
        "expected every operation of the service, got {operations}"
    );
    let dir = scratch(crate_name);
    write_crate(&dir, crate_name, &files, true);
    cargo_check(&dir);
}

#[test]
fn full_official_smithy_model_compiles() {
    check_full_model("connect-2017-08-08.smithy.json", "full-smithy");
}

#[test]
fn full_botocore_model_compiles() {
    check_full_model("connect-2017-08-08.botocore.json", "full-botocore");
}
