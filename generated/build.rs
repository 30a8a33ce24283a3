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
    let result = connect_codegen::write::out_dir().and_then(|out_dir| {
        let files = recipe.generate()?;
        connect_codegen::write::write_all(&out_dir, &files)
    });
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connect-sdk: code generation failed:\n{error}");
            ExitCode::FAILURE
        }
    }
}
