//! Generates the command's tables (options, shape trees, help, typed inputs) from `models/` into
//! `OUT_DIR`. Plumbing only: the generator does the work.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for input in connect_codegen::sdk::inputs(&workspace) {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("connect-cli build script: OUT_DIR is not set (run it through cargo)");
        return ExitCode::FAILURE;
    };
    let result = connect_codegen::sdk::generate_cli(&workspace)
        .and_then(|file| connect_codegen::write::write_all(Path::new(&out_dir), &[file]));
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connect-cli: code generation failed:\n{error}");
            ExitCode::FAILURE
        }
    }
}
