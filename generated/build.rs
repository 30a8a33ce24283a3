//! Regenerates the client from `models/` into `OUT_DIR`. Plumbing only: the generator does the work.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for input in connect_codegen::sdk::inputs(&workspace) {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("connect-sdk build script: OUT_DIR is not set (run it through cargo)");
        return ExitCode::FAILURE;
    };
    let result = connect_codegen::sdk::generate(&workspace)
        .and_then(|files| connect_codegen::write::write_all(Path::new(&out_dir), &files));
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connect-sdk: code generation failed:\n{error}");
            ExitCode::FAILURE
        }
    }
}
