//! Emission: one function per item kind returns tokens; [`modules`] groups them into files.

pub mod cli;
pub mod client;
pub mod context;
pub mod docs;
pub mod enums;
pub mod errors;
pub mod http;
pub mod json;
pub mod operations;
pub mod paths;
pub mod primitives;
pub mod server;
pub mod structures;
pub mod unions;
pub mod validate;

use crate::error::Error;
use crate::ir::{ShapeId, ShapeKind};
use crate::naming::Module;
use context::{ident, Ctx};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// One Rust module of the generated crate, before formatting.
pub struct ModuleTokens {
    /// Path from the crate root (`["operations", "create_contact"]`).
    pub path: Vec<String>,
    /// Documentation of the module (Markdown).
    pub docs: String,
    pub tokens: TokenStream,
    /// A folder of modules with no file of its own (an operation's): it declares its children and
    /// re-exports their items.
    pub folder: bool,
    /// Visible within the crate only (the JSON readers and writers).
    pub internal: bool,
}

impl ModuleTokens {
    /// The file holding the module, relative to the source root (`operations/create_contact/input.rs`);
    /// raw identifiers lose their `r#`, as rustc expects for `mod r#match;`.
    pub fn file(&self) -> String {
        let segments: Vec<&str> = self
            .path
            .iter()
            .map(|s| s.trim_start_matches("r#"))
            .collect();
        format!("{}.rs", segments.join("/"))
    }
}

/// Emits every module of the generated crate, in a stable order, one after the other (`server`:
/// with the server half, whose validation also refuses unknown enum values). Generation runs the
/// same [`PlannedModule::emit`] over [`plan_modules`], on several threads.
///
/// Folders come with empty tokens: only the entry files declare them.
pub fn modules(ctx: &Ctx<'_>, server: bool) -> Result<Vec<ModuleTokens>, Error> {
    let plan = validate::Plan::new(ctx, server);
    plan_modules(ctx, server)?
        .iter()
        .map(|planned| planned.emit(ctx, &plan))
        .collect()
}

/// What a module of the generated crate holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    Types,
    Error,
    Primitives,
    Json,
    Client,
    Validate,
    Server,
    /// An operation's folder: declarations only, its parts are modules of their own.
    Operation(ShapeId),
    OperationPart(ShapeId, operations::Part),
}

/// A module of the generated crate, named and documented, before its code is emitted.
pub struct PlannedModule {
    pub kind: ModuleKind,
    pub path: Vec<String>,
    pub docs: String,
}

impl PlannedModule {
    fn new(kind: ModuleKind, path: Vec<String>, docs: &str) -> PlannedModule {
        PlannedModule {
            kind,
            path,
            docs: docs.to_owned(),
        }
    }

    /// The file the module goes to.
    pub fn file(&self) -> String {
        self.declaration().file()
    }

    /// Whether the module has a file of its own (every module but an operation's folder).
    pub fn has_file(&self) -> bool {
        !matches!(self.kind, ModuleKind::Operation(_))
    }

    /// The module without its code, as the entry files declare it.
    pub fn declaration(&self) -> ModuleTokens {
        ModuleTokens {
            path: self.path.clone(),
            docs: self.docs.clone(),
            tokens: TokenStream::new(),
            folder: !self.has_file(),
            internal: self.kind == ModuleKind::Json,
        }
    }

    /// Emits the module. Every module's code depends only on the context and the plan, so modules
    /// can be emitted in any order and on any thread.
    pub fn emit(&self, ctx: &Ctx<'_>, plan: &validate::Plan) -> Result<ModuleTokens, Error> {
        let tokens = match &self.kind {
            ModuleKind::Types => shared_types(ctx, Module::Types, "structures")?,
            ModuleKind::Error => shared_types(ctx, Module::Error, "errors")?,
            ModuleKind::Primitives => primitives::emit(&ctx.selection.model),
            ModuleKind::Json => json::emit(ctx)?,
            ModuleKind::Client => client::emit(ctx)?,
            ModuleKind::Validate => validate::emit(ctx, plan)?,
            ModuleKind::Server => server::emit(ctx)?,
            ModuleKind::Operation(_) => TokenStream::new(),
            ModuleKind::OperationPart(op, part) => operations::emit(ctx, plan, op, *part)?,
        };
        Ok(ModuleTokens {
            tokens,
            ..self.declaration()
        })
    }
}

/// Every module of the generated crate, in order: the shared ones, the server half when asked
/// for, then one per operation sorted by module name.
pub fn plan_modules(ctx: &Ctx<'_>, with_server: bool) -> Result<Vec<PlannedModule>, Error> {
    let top = |name: &str| vec![name.to_owned()];
    let mut planned = vec![
        PlannedModule::new(
            ModuleKind::Types,
            top("types"),
            "Structures, unions and enums shared by the operations.",
        ),
        PlannedModule::new(
            ModuleKind::Error,
            top("error"),
            "The errors the service's operations can return.",
        ),
        PlannedModule::new(
            ModuleKind::Primitives,
            top("primitives"),
            "Value types the model's simple shapes map to, and holders of unknown values.",
        ),
        PlannedModule::new(
            ModuleKind::Json,
            top("json"),
            "JSON writers and readers for every structure, union, list and map, shared by the crate's requests, responses and (in a service) its own code.",
        ),
        PlannedModule::new(
            ModuleKind::Client,
            top("client"),
            "The client: configuration in, one method per operation.",
        ),
        PlannedModule::new(
            ModuleKind::Validate,
            top("validate"),
            "Constraint checks run before a request is sent.",
        ),
    ];
    if with_server {
        planned.push(PlannedModule::new(
            ModuleKind::Server,
            top("server"),
            server::DOCS,
        ));
    }
    let mut by_module = BTreeMap::new();
    for op in &ctx.selection.operations {
        by_module.insert(ctx.symbols.operation(op)?.module.clone(), op);
    }
    for (module, op) in by_module {
        let docs = ctx
            .shape(op)?
            .traits
            .documentation
            .as_deref()
            .map(docs::to_markdown)
            .filter(|text| !text.is_empty())
            .unwrap_or_else(|| format!("The {} operation.", op.name()));
        planned.push(PlannedModule {
            kind: ModuleKind::Operation(op.clone()),
            path: vec!["operations".to_owned(), module.clone()],
            docs,
        });
        for part in operations::Part::ALL {
            planned.push(PlannedModule::new(
                ModuleKind::OperationPart(op.clone(), part),
                vec![
                    "operations".to_owned(),
                    module.clone(),
                    part.name().to_owned(),
                ],
                part.docs(),
            ));
        }
    }
    Ok(planned)
}

/// The types (structures, unions, enums) or the errors of the crate, with their builders in a
/// `builders` submodule.
fn shared_types(ctx: &Ctx<'_>, wanted: Module, what: &str) -> Result<TokenStream, Error> {
    let mut items = Vec::new();
    let mut builders = Vec::new();
    for (id, (module, _)) in ctx.symbols.types() {
        if *module != wanted {
            continue;
        }
        let shape = ctx.shape(id)?;
        match (module, &shape.kind) {
            (Module::Types, ShapeKind::Structure(_)) => {
                let emitted = structures::emit(ctx, shape)?;
                items.push(emitted.main);
                builders.push(emitted.builder);
            }
            (Module::Types, ShapeKind::Union(_)) => items.push(unions::emit(ctx, shape)?),
            (Module::Types, ShapeKind::Enum(_) | ShapeKind::IntEnum(_)) => {
                items.push(enums::emit(ctx, shape)?)
            }
            (Module::Error, _) => {
                let emitted = errors::emit(ctx, shape)?;
                items.push(emitted.main);
                builders.push(emitted.builder);
            }
            (_, kind) => {
                return Err(Error::internal(format!(
                    "no emitter for {} ({})",
                    id,
                    kind.word()
                )));
            }
        }
    }
    if builders.is_empty() {
        return Ok(quote! { #( #items )* });
    }
    let builder_docs = format!(" Builders for the {what} of this module.");
    Ok(quote! {
        #( #items )*

        #[doc = #builder_docs]
        pub mod builders {
            #( #builders )*
        }
    })
}

/// How the files of a generated crate reach the compiler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Files in `OUT_DIR`, pulled in by `include!` from an entry file `lib.rs` that the crate's own
    /// `src/lib.rs` includes.
    OutDir,
    /// Ordinary `src/` files with `mod` declarations.
    Crate,
}

/// The entry file(s) that declare the module tree: for [`Layout::OutDir`] one `lib.rs` with inline
/// modules; for [`Layout::Crate`] `lib.rs` plus `operations.rs`.
pub fn entries(
    modules: &[ModuleTokens],
    layout: Layout,
    crate_docs: &str,
) -> Vec<(String, TokenStream)> {
    let top: Vec<&ModuleTokens> = modules.iter().filter(|m| m.path.len() == 1).collect();
    let operations: Vec<&ModuleTokens> = modules.iter().filter(|m| m.path.len() == 2).collect();
    let declare = |module: &ModuleTokens, public: bool| {
        let name = ident(module.path.last().map_or("", String::as_str));
        let docs = docs::attrs(&module.docs);
        let visibility = if module.internal {
            // Every aggregate shape gets a reader and a writer; what the crate's operations do
            // not call (a client reads no input) the compiler drops.
            quote! { #[allow(dead_code)] pub(crate) }
        } else if public {
            quote! { pub }
        } else {
            TokenStream::new()
        };
        match layout {
            Layout::OutDir => {
                let file = format!("/{}", module.file());
                quote! { #docs #visibility mod #name { include!(concat!(env!("OUT_DIR"), #file)); } }
            }
            Layout::Crate => quote! { #docs #visibility mod #name; },
        }
    };
    // A folder declares its children (private modules) and re-exports their items.
    let declare_folder = |folder: &ModuleTokens| {
        let name = ident(folder.path.last().map_or("", String::as_str));
        let docs = docs::attrs(&folder.docs);
        let children: Vec<&ModuleTokens> = modules
            .iter()
            .filter(|m| m.path.len() == folder.path.len() + 1 && m.path.starts_with(&folder.path))
            .collect();
        let declared = children.iter().map(|child| declare(child, false));
        let exported = children
            .iter()
            .map(|child| ident(child.path.last().map_or("", String::as_str)));
        quote! {
            #docs
            pub mod #name {
                #( #declared )*
                #( pub use self::#exported::*; )*
            }
        }
    };
    let top_items: Vec<TokenStream> = top.iter().map(|m| declare(m, true)).collect();
    let op_items: Vec<TokenStream> = operations
        .iter()
        .map(|m| {
            if m.folder {
                declare_folder(m)
            } else {
                declare(m, true)
            }
        })
        .collect();
    let operations_docs = docs::attrs("One module per operation: input, output and error types.");
    match layout {
        Layout::OutDir => vec![(
            "lib.rs".to_owned(),
            quote! {
                #( #top_items )*
                #operations_docs
                pub mod operations {
                    #( #op_items )*
                }
            },
        )],
        Layout::Crate => {
            let crate_docs = crate_docs
                .lines()
                .map(|line| format!(" {line}").trim_end().to_owned());
            vec![
                (
                    "lib.rs".to_owned(),
                    quote! {
                        #( #![doc = #crate_docs] )*
                        #( #top_items )*
                        #operations_docs
                        pub mod operations;
                    },
                ),
                ("operations.rs".to_owned(), quote! { #( #op_items )* }),
            ]
        }
    }
}
