//! Generates the command's tables (options, shape trees, help, typed inputs) into `OUT_DIR`, from
//! the model and settings `connect-sdk` was generated from (its build script says where they are).
//! Plumbing only: the generator does the work.

use connect_codegen::sdk::Recipe;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let result = Recipe::from_dependency().and_then(|recipe| {
        for input in recipe.inputs() {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let Some(out_dir) = std::env::var_os("OUT_DIR") else {
            return Err(connect_codegen::Error::Settings {
                origin: "OUT_DIR".to_owned(),
                message: "not set (run the build script through cargo)".to_owned(),
            });
        };
        let file = recipe.generate_cli()?;
        connect_codegen::write::write_all(Path::new(&out_dir), &[file])
    });
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connect-cli: code generation failed:\n{error}");
            ExitCode::FAILURE
        }
    }
}
