//! Generates the local service's own code (types, JSON, validation and the server half of
//! CreateContact and DescribeContact) into `OUT_DIR`, from the model `connect-sdk` was generated
//! from (its build script says where it is) with `connect-local.settings.json`. Plumbing only.

use connect_codegen::sdk::Recipe;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let settings = Path::new(env!("CARGO_MANIFEST_DIR")).join("connect-local.settings.json");
    let result = Recipe::from_dependency().and_then(|recipe| {
        println!("cargo:rerun-if-changed={}", recipe.model.display());
        println!("cargo:rerun-if-changed={}", settings.display());
        let out_dir = connect_codegen::write::out_dir()?;
        let files = recipe.generate_local(&settings)?;
        connect_codegen::write::write_all(&out_dir, &files)
    });
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("connect-local: code generation failed:\n{error}");
            ExitCode::FAILURE
        }
    }
}
