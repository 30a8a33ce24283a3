//! Generates the local service's own code (types, JSON, validation and the server half of
//! CreateContact and DescribeContact) from `models/` into `OUT_DIR`. Plumbing only.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for input in connect_codegen::sdk::inputs(&workspace) {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    println!(
        "cargo:rerun-if-changed={}",
        workspace
            .join(connect_codegen::sdk::LOCAL_SETTINGS)
            .display()
    );
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("connect-local build script: OUT_DIR is not set (run it through cargo)");
        return ExitCode::FAILURE;
    };
    let result = connect_codegen::sdk::generate_local(&workspace)
        .and_then(|files| connect_codegen::write::write_all(Path::new(&out_dir), &files));
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connect-local: code generation failed:\n{error}");
            ExitCode::FAILURE
        }
    }
}
