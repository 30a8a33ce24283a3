//! Formatting, the `@generated` header, and writing files only when their bytes change.

use crate::error::Error;
use proc_macro2::TokenStream;
use std::path::{Path, PathBuf};

/// One generated file: a path relative to the output directory and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Formats tokens as a Rust file with the `@generated` header. A parse failure is a generator bug.
pub fn format_file(path: &str, tokens: TokenStream, source: &str) -> Result<GeneratedFile, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        Error::internal(format!(
            "the code emitted for {path} does not parse: {error}"
        ))
    })?;
    Ok(finish(path, &file, source))
}

/// Prints a parsed file with the `@generated` header and blank lines between items.
fn finish(path: &str, file: &syn::File, source: &str) -> GeneratedFile {
    let body = separate_items(&prettyplease::unparse(file));
    GeneratedFile {
        path: path.to_owned(),
        contents: format!("{}{body}", header(source)),
    }
}

/// A file handed to [`format_streamed`].
pub enum Job<'a, S> {
    /// Code emitted by the producing thread.
    Tokens(TokenStream),
    /// Code to emit on a worker, with that worker's own state `S`.
    Emit(EmitJob<'a, S>),
}

/// Emission run on a formatting worker.
pub type EmitJob<'a, S> = Box<dyn FnOnce(&mut S) -> Result<TokenStream, Error> + Send + 'a>;

/// What crosses to a worker: token streams cannot, so code emitted here travels as text.
enum Work<'a, S> {
    Text(String),
    Emit(EmitJob<'a, S>),
}

/// Formats the files `produce` submits while it produces them, and returns them in the order
/// submitted. Workers (one per core) parse and format; each keeps a state made by `init` for the
/// [`Job::Emit`] jobs it runs. Code emitted on this thread is printed to text and parsed again by a
/// worker; the output is the same as [`format_file`]'s either way.
pub fn format_streamed<'a, S>(
    source: &'a str,
    init: impl Fn() -> S + Sync,
    produce: impl FnOnce(&mut dyn FnMut(String, Job<'a, S>) -> Result<(), Error>) -> Result<(), Error>,
) -> Result<Vec<GeneratedFile>, Error> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if workers == 1 {
        let mut state = init();
        let mut files = Vec::new();
        produce(&mut |path, job| {
            let tokens = match job {
                Job::Tokens(tokens) => tokens,
                Job::Emit(emit) => emit(&mut state)?,
            };
            files.push(format_file(&path, tokens, source)?);
            Ok(())
        })?;
        return Ok(files);
    }
    let (sender, queue) = std::sync::mpsc::channel::<(usize, String, Work<'a, S>)>();
    let queue = std::sync::Mutex::new(queue);
    let (done, finished) = std::sync::mpsc::channel();
    let mut submitted = 0;
    let init = &init;
    // Takes files off the queue until it is closed and empty; the spawned workers run it, and so
    // does this thread once it has produced everything.
    let consume = |done: std::sync::mpsc::Sender<(usize, Result<GeneratedFile, Error>)>| {
        let mut state = None;
        loop {
            let next = match queue.lock() {
                Ok(receiver) => receiver.recv(),
                Err(_) => return,
            };
            let Ok((index, path, work)) = next else {
                return;
            };
            let file = match work {
                Work::Text(text) => format_text(&path, &text, source),
                Work::Emit(emit) => emit(state.get_or_insert_with(init))
                    .and_then(|tokens| format_file(&path, tokens, source)),
            };
            if done.send((index, file)).is_err() {
                return;
            }
        }
    };
    let produced = std::thread::scope(|scope| {
        for _ in 0..workers {
            let done = done.clone();
            scope.spawn(|| consume(done));
        }
        let produced = produce(&mut |path, job| {
            let work = match job {
                Job::Tokens(tokens) => Work::Text(tokens.to_string()),
                Job::Emit(emit) => Work::Emit(emit),
            };
            sender
                .send((submitted, path, work))
                .map_err(|_| Error::internal("the formatting workers stopped"))?;
            submitted += 1;
            Ok(())
        });
        drop(sender);
        consume(done.clone());
        produced
    });
    produced?;
    drop(done);
    let mut slots: Vec<Option<GeneratedFile>> = vec![None; submitted];
    for (index, result) in finished {
        if let Some(slot) = slots.get_mut(index) {
            *slot = Some(result?);
        }
    }
    slots
        .into_iter()
        .map(|file| {
            file.ok_or_else(|| Error::internal("a file was not formatted (a worker stopped)"))
        })
        .collect()
}

/// [`format_file`] for code already printed as text.
fn format_text(path: &str, text: &str, source: &str) -> Result<GeneratedFile, Error> {
    let file = syn::parse_file(text).map_err(|error| {
        Error::internal(format!(
            "the code emitted for {path} does not parse: {error}"
        ))
    })?;
    Ok(finish(path, &file, source))
}

/// Puts a blank line between consecutive items (functions, impls, types, constants, modules)
/// that prettyplease prints back to back: a line that starts an item, after a line at the same
/// indentation that ends one.
fn separate_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(",
        "fn ",
        "impl",
        "const ",
        "static ",
        "struct ",
        "enum ",
        "mod ",
        "type ",
        "trait ",
        "unsafe ",
        "async fn ",
    ];
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(before) = previous {
            let indent = |l: &str| l.len() - l.trim_start().len();
            let ends_item = matches!(before.trim(), "}" | "};") || before.ends_with(';');
            let starts_item = ITEM_STARTS.iter().any(|s| line.trim_start().starts_with(s));
            if ends_item && starts_item && indent(before) == indent(line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = (!line.trim().is_empty()).then_some(line);
    }
    out
}

/// The first lines of every generated file.
pub fn header(source: &str) -> String {
    format!(
        "// @generated by connect-codegen from {source}.\n// Do not edit: change the model or the generator and regenerate.\n\n"
    )
}

/// Writes `contents` to `path` unless the file already holds exactly these bytes, creating parent
/// directories. Returns whether the file was written.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents) {
        return Ok(false);
    }
    let io = |error: std::io::Error| Error::Io {
        path: path.display().to_string(),
        message: error.to_string(),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, contents).map_err(io)?;
    Ok(true)
}

/// Writes every file under `dir`, each only if it changed. Returns how many were written.
pub fn write_all(dir: &Path, files: &[GeneratedFile]) -> Result<usize, Error> {
    let mut written = 0;
    for file in files {
        if write_if_changed(&dir.join(&file.path), file.contents.as_bytes())? {
            written += 1;
        }
    }
    Ok(written)
}

/// Removes `.rs` files under `dir` that carry the `@generated` header but are not in `files`
/// (left over from an operation or module that is no longer generated). Returns how many.
pub fn remove_stale(dir: &Path, files: &[GeneratedFile]) -> Result<usize, Error> {
    let stale = stale_files(dir, files)?;
    for path in &stale {
        std::fs::remove_file(path).map_err(|error| Error::Io {
            path: path.display().to_string(),
            message: error.to_string(),
        })?;
    }
    Ok(stale.len())
}

/// The `OUT_DIR` cargo gives a build script.
pub fn out_dir() -> Result<PathBuf, Error> {
    std::env::var_os("OUT_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| Error::Settings {
            origin: "connect-codegen".to_owned(),
            message: "OUT_DIR is not set: run the build script through cargo, or give an output \
                      directory"
                .to_owned(),
        })
}

/// The `.rs` files under `dir` that carry the `@generated` header but are not in `files`.
pub fn stale_files(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, Error> {
    let mut stale = Vec::new();
    for path in rust_files(dir)? {
        let relative = path
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if files.iter().any(|file| file.path == relative) {
            continue;
        }
        let generated =
            std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with("// @generated"));
        if generated {
            stale.push(path);
        }
    }
    Ok(stale)
}

/// Every `.rs` file below `dir`, sorted; none when `dir` does not exist.
pub fn rust_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => {
                return Err(Error::Io {
                    path: current.display().to_string(),
                    message: error.to_string(),
                })
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The version of `connect-runtime` the generated code is written for: the generator and the
/// runtime are released together, with the same version.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How a standalone generated crate depends on `connect-runtime`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// From the registry, at [`RUNTIME_VERSION`] (what users get).
    Registry,
    /// From a checkout of the runtime in this directory.
    Path(std::path::PathBuf),
}

impl RuntimeDependency {
    /// The dependency's value in `Cargo.toml`.
    fn manifest_value(&self) -> String {
        match self {
            RuntimeDependency::Registry => format!("\"{RUNTIME_VERSION}\""),
            RuntimeDependency::Path(dir) => {
                let dir = dir.display().to_string().replace('\\', "/");
                format!("{{ path = \"{dir}\" }}")
            }
        }
    }
}

/// The `Cargo.toml` of a standalone generated crate.
pub fn crate_manifest(crate_name: &str, runtime: &RuntimeDependency) -> String {
    let runtime = runtime.manifest_value();
    format!(
        "# @generated by connect-codegen.\n\
         [package]\n\
         name = \"{crate_name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         connect-runtime = {runtime}\n\
         \n\
         # A crate of its own, not a member of any enclosing workspace.\n\
         [workspace]\n"
    )
}
