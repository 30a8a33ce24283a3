//! Regenerates the client from `model/` into `OUT_DIR`, and tells the crates that depend on this
//! one where that model is (see `connect_codegen::sdk::Recipe`). Plumbing only: the generator
//! does the work.

use connect_codegen::sdk::Recipe;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let recipe = Recipe::in_sdk_crate(Path::new(env!("CARGO_MANIFEST_DIR")));
    for input in recipe.inputs() {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    recipe.announce();
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("connect-sdk build script: OUT_DIR is not set (run it through cargo)");
        return ExitCode::FAILURE;
    };
    let result = recipe
        .generate()
        .and_then(|files| connect_codegen::write::write_all(Path::new(&out_dir), &files));
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connect-sdk: code generation failed:\n{error}");
            ExitCode::FAILURE
        }
    }
}
