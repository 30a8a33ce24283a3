//! Generates the command's tables (options, shape trees, help, typed inputs) into `OUT_DIR`, from
//! the model and settings `connect-sdk` was generated from (its build script says where they are).
//! Plumbing only: the generator does the work.

use connect_codegen::sdk::Recipe;
use std::process::ExitCode;

fn main() -> ExitCode {
    let result = Recipe::from_dependency().and_then(|recipe| {
        for input in recipe.inputs() {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let out_dir = connect_codegen::write::out_dir()?;
        let file = recipe.generate_cli()?;
        connect_codegen::write::write_all(&out_dir, &[file])
    });
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connect-cli: code generation failed:\n{error}");
            ExitCode::FAILURE
        }
    }
}
