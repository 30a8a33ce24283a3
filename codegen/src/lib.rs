//! Generates Rust client code from AWS service models.
//!
//! In a build script (see [`Builder`]), for the operations a crate calls:
//!
//! ```no_run
//! connect_codegen::Builder::new("connect.smithy.json")
//!     .operation("CreateContact")
//!     .tagged_union("SegmentAttributeValue")
//!     .compile(); // into OUT_DIR; include it with include!(concat!(env!("OUT_DIR"), "/lib.rs"))
//! ```
//!
//! The pipeline, one module per stage:
//!
//! 1. [`frontend`]: parse a Smithy JSON AST or a botocore `service-2.json` and lower it into the
//!    [`ir::Model`];
//! 2. [`transform`]: apply the overlay, select the closure of the wanted operations with synthetic
//!    inputs and outputs, validate, and choose the members to box;
//! 3. [`naming`]: name every shape, member and value once;
//! 4. [`emit`]: build tokens per item and group them into modules;
//! 5. [`write`](mod@write): format with prettyplease, add the `@generated` header, write what changed.
//!
//! [`generate`] runs stages 2 to 5 on a model in memory; the command-line tool, the generated
//! crate's build script and the tests all call it.

pub mod builder;
pub mod diff;
pub mod emit;
pub mod error;
pub mod frontend;
pub mod ir;
pub mod naming;
pub mod sdk;
pub mod settings;
pub mod transform;
pub mod update;
pub mod write;

pub use builder::Builder;
pub use emit::Layout;
pub use error::Error;
pub use frontend::Format;
pub use ir::Model;
pub use settings::Settings;
pub use write::GeneratedFile;

use std::path::Path;
use std::time::{Duration, Instant};

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
    generate_timed(model, settings, layout, source).map(|(files, _)| files)
}

/// Wall-clock time spent in each stage of [`generate`], for benchmarks.
#[derive(Clone, Copy, Debug, Default)]
pub struct StageTimes {
    /// Overlay, closure, validation, boxing, endpoint ruleset.
    pub transform: Duration,
    pub naming: Duration,
    /// Planning the modules, the validation plan and the entry files that declare the modules.
    pub plan: Duration,
    /// Emitting and formatting every module, on one thread per core.
    pub emit_and_format: Duration,
}

/// [`generate`], also reporting the time each stage took.
pub fn generate_timed(
    model: Model,
    settings: &Settings,
    layout: Layout,
    source: &str,
) -> Result<(Vec<GeneratedFile>, StageTimes), Error> {
    let mut times = StageTimes::default();
    let clock = Instant::now();
    let selection = transform::select(model, settings)?;
    times.transform = clock.elapsed();

    let clock = Instant::now();
    let symbols = naming::Symbols::build(&selection)?;
    times.naming = clock.elapsed();

    let clock = Instant::now();
    let mut ctx = emit::context::Ctx::new(&selection, &symbols, module_root(settings)?);
    if settings.server {
        ctx = ctx.with_server_support(server_support(settings)?);
    }
    let plan = emit::validate::Plan::new(&ctx, settings.server);
    let planned = emit::plan_modules(&ctx, settings.server)?;
    let declared: Vec<emit::ModuleTokens> = planned
        .iter()
        .map(emit::PlannedModule::declaration)
        .collect();
    let entries = emit::entries(&declared, layout, &crate_docs(&selection, source));
    times.plan = clock.elapsed();

    let clock = Instant::now();
    let mut files = Vec::with_capacity(entries.len() + planned.len());
    for (path, tokens) in entries {
        files.push(write::format_file(&path, tokens, source)?);
    }
    let with_files: Vec<&emit::PlannedModule> = planned.iter().filter(|m| m.has_file()).collect();
    let modules = write::in_parallel(&with_files, |module| {
        let emitted = module.emit(&ctx, &plan)?;
        write::format_file(&emitted.file(), emitted.tokens, source)
    });
    for module in modules {
        files.push(module?);
    }
    times.emit_and_format = clock.elapsed();
    Ok((files, times))
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
    let ctx = emit::context::Ctx::new(
        &selection,
        &symbols,
        emit::paths::Root::external(client_crate),
    );
    let tokens = emit::cli::emit(&ctx)?;
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

/// Where the generated crate's modules are: the crate root, or the `moduleRoot` setting's module.
fn module_root(settings: &Settings) -> Result<emit::paths::Root, Error> {
    let segments: Vec<&str> = if settings.module_root.is_empty() {
        Vec::new()
    } else {
        settings.module_root.split("::").collect()
    };
    for segment in &segments {
        if syn::parse_str::<proc_macro2::Ident>(segment).is_err() {
            return Err(Error::Settings {
                origin: settings.locate("moduleRoot"),
                message: format!("`{}` is not a module path (`a::b`)", settings.module_root),
            });
        }
    }
    Ok(emit::paths::Root::local(&segments))
}

/// The module the server half is written against (the `serverSupport` setting).
fn server_support(settings: &Settings) -> Result<emit::paths::Root, Error> {
    let problem = |message: String| Error::Settings {
        origin: settings.locate("serverSupport"),
        message,
    };
    if settings.server_support.is_empty() {
        return Err(problem(
            "the server half needs `serverSupport`: the module that defines ReceivedRequest, \
             RequestError and label (`crate::wire`)"
                .to_owned(),
        ));
    }
    emit::paths::Root::parse(&settings.server_support).ok_or_else(|| {
        problem(format!(
            "`{}` is not a module path (`crate::wire`)",
            settings.server_support
        ))
    })
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
