//! Generates Rust client code from AWS service models.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`frontend`]: parse a Smithy JSON AST or a botocore `service-2.json` and lower it into the
//!    [`ir::Model`];
//! 2. [`transform`]: apply the overlay, select the closure of the wanted operations with synthetic
//!    inputs and outputs, validate, and choose the members to box;
//! 3. [`naming`]: name every shape, member and value once;
//! 4. [`emit`]: build tokens per item and group them into modules;
//! 5. [`write`]: format with prettyplease, add the `@generated` header, write what changed.
//!
//! [`generate`] runs stages 2 to 5 on a model in memory; the command-line tool, the generated
//! crate's build script and the tests all call it.

pub mod diff;
pub mod emit;
pub mod error;
pub mod frontend;
pub mod ir;
pub mod naming;
pub mod sdk;
pub mod settings;
pub mod transform;
pub mod write;

pub use emit::Layout;
pub use error::Error;
pub use frontend::Format;
pub use ir::Model;
pub use settings::Settings;
pub use write::GeneratedFile;

use std::path::Path;

/// Generates the files of a crate from a lowered model.
///
/// `source` names the model in the `@generated` header (keep it free of machine-specific paths so
/// the output is the same everywhere).
pub fn generate(
    model: Model,
    settings: &Settings,
    layout: Layout,
    source: &str,
) -> Result<Vec<GeneratedFile>, Error> {
    let selection = transform::select(model, settings)?;
    let symbols = naming::Symbols::build(&selection)?;
    let mut modules = emit::modules(&selection, &symbols)?;
    if settings.server {
        let ctx = emit::context::Ctx {
            selection: &selection,
            symbols: &symbols,
        };
        modules.push(emit::server::module(&ctx)?);
    }
    let root = module_root(settings)?;
    for module in &mut modules {
        module.tokens = emit::reroot(std::mem::take(&mut module.tokens), &root);
    }
    let crate_docs = crate_docs(&selection, source);
    let mut files = Vec::new();
    for (path, tokens) in emit::entries(&modules, layout, &crate_docs) {
        files.push(write::format_file(&path, tokens, source)?);
    }
    for module in modules {
        let path = module.file();
        files.push(write::format_file(&path, module.tokens, source)?);
    }
    Ok(files)
}

/// Generates the command-line tables of the selected operations (one file, `commands.rs`), for a
/// command built on the client crate `client_crate` generated from the same model and settings.
pub fn generate_cli(
    model: Model,
    settings: &Settings,
    client_crate: &str,
    source: &str,
) -> Result<GeneratedFile, Error> {
    let selection = transform::select(model, settings)?;
    let symbols = naming::Symbols::build(&selection)?;
    let ctx = emit::context::Ctx {
        selection: &selection,
        symbols: &symbols,
    };
    let tokens = emit::cli::emit(&ctx, client_crate)?;
    write::format_file("commands.rs", tokens, source)
}

/// Reads a model file and generates from it; `source` as in [`generate`].
pub fn generate_from_file(
    path: &Path,
    format: Option<Format>,
    settings: &Settings,
    layout: Layout,
    source: &str,
) -> Result<Vec<GeneratedFile>, Error> {
    let model = read_model(path, format, source)?;
    generate(model, settings, layout, source)
}

/// Reads and lowers a model file; `source` names it in messages.
pub fn read_model(path: &Path, format: Option<Format>, source: &str) -> Result<Model, Error> {
    let text = std::fs::read_to_string(path).map_err(|error| Error::Io {
        path: path.display().to_string(),
        message: format!("cannot read the model: {error}"),
    })?;
    frontend::lower_text(source, &text, format)
}

/// The `moduleRoot` setting as identifiers.
fn module_root(settings: &Settings) -> Result<Vec<proc_macro2::Ident>, Error> {
    if settings.module_root.is_empty() {
        return Ok(Vec::new());
    }
    settings
        .module_root
        .split("::")
        .map(|segment| {
            syn::parse_str::<proc_macro2::Ident>(segment).map_err(|_| Error::Settings {
                origin: settings.locate("moduleRoot"),
                message: format!("`{}` is not a module path (`a::b`)", settings.module_root),
            })
        })
        .collect()
}

fn crate_docs(selection: &transform::Selection, source: &str) -> String {
    let names: Vec<&str> = selection.operations.iter().map(|op| op.name()).collect();
    format!(
        "Client types generated from `{source}` for: {}.",
        if names.is_empty() {
            "no operations".to_owned()
        } else {
            names.join(", ")
        }
    )
}
