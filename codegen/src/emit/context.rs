//! What every emitter needs: the selection, its symbols, and Rust type expressions for shapes.

use super::paths::{rt, Root};
use crate::error::Error;
use crate::ir::{
    Constraints, Member, Operation, Shape, ShapeId, ShapeKind, Simple, TimestampFormat, Traits,
};
use crate::naming::{Module, Symbols};
use crate::transform::Selection;
use proc_macro2::TokenStream;
use quote::quote;

/// Shared state of one emission: what is generated, its names, and where the generated crate's
/// own modules are seen from the emitted code (see [`Root`]).
pub struct Ctx<'a> {
    pub selection: &'a Selection,
    pub symbols: &'a Symbols,
    pub root: Root,
    /// The module the server half is written against, when there is one.
    pub server_support: Option<Root>,
}

impl<'a> Ctx<'a> {
    /// A context for emitting `selection` with its `symbols`, the crate's own modules at `root`.
    pub fn new(selection: &'a Selection, symbols: &'a Symbols, root: Root) -> Ctx<'a> {
        Ctx {
            selection,
            symbols,
            root,
            server_support: None,
        }
    }

    /// The same context, the server half written against `support`.
    pub fn with_server_support(self, support: Root) -> Ctx<'a> {
        Ctx {
            server_support: Some(support),
            ..self
        }
    }

    /// The module the server half is written against, or a settings problem.
    pub fn server_support(&self) -> Result<&Root, Error> {
        self.server_support.as_ref().ok_or_else(|| {
            Error::internal("the server half needs the settings' `serverSupport` module")
        })
    }
}

pub use super::paths::ident;

/// An operation shape, what it says, and its synthetic input and output structures.
pub struct OperationParts<'a> {
    pub shape: &'a Shape,
    pub op: &'a Operation,
    pub input: &'a Shape,
    pub output: &'a Shape,
}

impl<'a> Ctx<'a> {
    /// Looks a shape up, or reports a generator bug.
    pub fn shape(&self, id: &ShapeId) -> Result<&'a Shape, Error> {
        self.selection
            .model
            .get(id)
            .ok_or_else(|| Error::internal(format!("shape {id} is not in the selection")))
    }

    /// An operation of the selection with its synthetic input and output, or a generator bug.
    pub fn operation(&self, op_id: &ShapeId) -> Result<OperationParts<'a>, Error> {
        let shape = self.shape(op_id)?;
        let ShapeKind::Operation(op) = &shape.kind else {
            return Err(Error::internal(format!("{op_id} is not an operation")));
        };
        let synthetic = |id: &Option<ShapeId>, what: &str| {
            id.as_ref()
                .ok_or_else(|| Error::internal(format!("{op_id} has no synthetic {what}")))
                .and_then(|id| self.shape(id))
        };
        Ok(OperationParts {
            shape,
            op,
            input: synthetic(&op.input, "input")?,
            output: synthetic(&op.output, "output")?,
        })
    }

    /// The path of a named generated type, from the root (`crate::types::Channel`).
    pub fn type_path(&self, id: &ShapeId) -> Result<TokenStream, Error> {
        let (module, name) = self.symbols.type_of(id)?;
        let name = ident(&name.ident);
        let root = self.root.path();
        Ok(match module {
            Module::Types => quote! { #root::types::#name },
            Module::Error => quote! { #root::error::#name },
            Module::Operation(op) => {
                let op = ident(op);
                quote! { #root::operations::#op::#name }
            }
        })
    }

    /// Whether a structure's builder sits in a `builders` module below the structure (shared types
    /// and errors) rather than beside it (an operation's input and output): what a relative
    /// documentation link between the two needs.
    pub fn builder_is_nested(&self, id: &ShapeId) -> Result<bool, Error> {
        let (module, _) = self.symbols.type_of(id)?;
        Ok(matches!(module, Module::Types | Module::Error))
    }

    /// The absolute path of a structure's builder (`crate::types::builders::UserInfoBuilder`).
    pub fn builder_path(&self, id: &ShapeId) -> Result<TokenStream, Error> {
        let (module, _) = self.symbols.type_of(id)?;
        let name = ident(self.symbols.builder(id)?);
        let root = self.root.path();
        Ok(match module {
            Module::Types => quote! { #root::types::builders::#name },
            Module::Error => quote! { #root::error::builders::#name },
            Module::Operation(op) => {
                let op = ident(op);
                quote! { #root::operations::#op::#name }
            }
        })
    }

    /// The Rust type that holds a value of the shape.
    pub fn value_type(&self, id: &ShapeId) -> Result<TokenStream, Error> {
        let shape = self.shape(id)?;
        Ok(match &shape.kind {
            ShapeKind::Simple(simple) => simple_type(*simple),
            ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_)
            | ShapeKind::Structure(_)
            | ShapeKind::Union(_) => self.type_path(id)?,
            ShapeKind::List(member) => {
                let element = self.element_type(member, shape.traits.sparse)?;
                quote! { ::std::vec::Vec<#element> }
            }
            ShapeKind::Map { key, value } => {
                let key = self.value_type(&key.target)?;
                let value = self.element_type(value, shape.traits.sparse)?;
                quote! { ::std::collections::BTreeMap<#key, #value> }
            }
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(Error::internal(format!("{id} is not a data shape")))
            }
        })
    }

    /// The type a function takes a reference to for the shape: a slice for lists, else the value type.
    pub fn param_type(&self, id: &ShapeId) -> Result<TokenStream, Error> {
        let shape = self.shape(id)?;
        match &shape.kind {
            ShapeKind::List(member) => {
                let element = self.element_type(member, shape.traits.sparse)?;
                Ok(quote! { [#element] })
            }
            _ => self.value_type(id),
        }
    }

    /// The type of one entry of a list or map: the member's value type, in an `Option` when the
    /// collection is sparse.
    pub fn element_type(&self, member: &Member, sparse: bool) -> Result<TokenStream, Error> {
        let inner = self.value_type(&member.target)?;
        Ok(if sparse {
            quote! { ::std::option::Option<#inner> }
        } else {
            inner
        })
    }

    /// The type of a structure field or union variant payload, boxed where recursion needs it.
    pub fn member_type(&self, owner: &ShapeId, member: &Member) -> Result<TokenStream, Error> {
        let inner = self.value_type(&member.target)?;
        Ok(if self.is_boxed(owner, member) {
            quote! { ::std::boxed::Box<#inner> }
        } else {
            inner
        })
    }

    /// A trait as it applies to a member: the member's own, else its target's.
    pub fn member_trait<'t, T>(
        &'t self,
        member: &'t Member,
        get: impl Fn(&'t Traits) -> Option<T>,
    ) -> Option<T> {
        get(&member.traits).or_else(|| {
            self.selection
                .model
                .get(&member.target)
                .and_then(|target| get(&target.traits))
        })
    }

    /// The constraints checked where `member` is set, for every consumer (the client's validation,
    /// the command's checks, the local service's): each of `length`, `range` and `pattern` is the
    /// member's own when it has one, else its target's. A pattern applies to strings alone.
    pub fn constraints<'t>(&'t self, member: &'t Member) -> Constraints<'t> {
        let target = self.selection.model.get(&member.target);
        let inherited = target.map(|t| t.traits.constraints()).unwrap_or_default();
        let own = member.traits.constraints();
        let is_string = target.is_some_and(|t| matches!(t.kind, ShapeKind::Simple(Simple::String)));
        Constraints {
            length: own.length.or(inherited.length),
            range: own.range.or(inherited.range),
            pattern: own.pattern.or(inherited.pattern).filter(|_| is_string),
        }
    }

    /// The timestamp format of a member: its own trait, else its target's, else the default of the
    /// place it travels in.
    pub fn timestamp_format(&self, member: &Member, default: TimestampFormat) -> TimestampFormat {
        self.member_trait(member, |t| t.timestamp_format)
            .unwrap_or(default)
    }

    /// Whether a string member holds JSON text (`mediaType` `application/json`), which headers carry
    /// base64-encoded.
    pub fn is_json_text(&self, member: &Member) -> bool {
        self.member_trait(member, |t| t.media_type.as_deref()) == Some("application/json")
    }

    /// A model error about a member, located at the member's definition.
    pub fn member_problem(&self, member: &Member, message: impl Into<String>) -> Error {
        Error::model(
            &self.selection.model.source,
            &member.pointer,
            &member.name,
            message,
        )
    }

    /// Whether the member was chosen to break a direct cycle.
    pub fn is_boxed(&self, owner: &ShapeId, member: &Member) -> bool {
        self.selection
            .boxed
            .contains(&(owner.clone(), member.name.clone()))
    }

    /// Whether `Debug` must hide the member's value: the member, its target, or the elements of a
    /// list or map it holds are sensitive.
    pub fn is_sensitive(&self, member: &Member) -> bool {
        member.traits.sensitive || self.sensitive_target(&member.target, 0)
    }

    fn sensitive_target(&self, id: &ShapeId, depth: usize) -> bool {
        let Some(shape) = self.selection.model.get(id) else {
            return false;
        };
        if shape.traits.sensitive {
            return true;
        }
        if depth > 8 {
            return false;
        }
        match &shape.kind {
            ShapeKind::List(member) => self.is_sensitive_at(member, depth + 1),
            ShapeKind::Map { key, value } => {
                self.is_sensitive_at(key, depth + 1) || self.is_sensitive_at(value, depth + 1)
            }
            _ => false,
        }
    }

    fn is_sensitive_at(&self, member: &Member, depth: usize) -> bool {
        member.traits.sensitive || self.sensitive_target(&member.target, depth)
    }

    /// Whether the shape is a list or map (builders append or insert one entry at a time).
    pub fn collection(&self, id: &ShapeId) -> Result<Collection<'a>, Error> {
        let shape = self.shape(id)?;
        Ok(match &shape.kind {
            ShapeKind::List(member) => Collection::List {
                element: member,
                sparse: shape.traits.sparse,
            },
            ShapeKind::Map { key, value } => Collection::Map {
                key,
                value,
                sparse: shape.traits.sparse,
            },
            _ => Collection::None,
        })
    }
}

/// Statements that run `body` with `item` bound to a reference to the member's value at `access`
/// (`input.instance_id`): directly for a required member, only when set for an optional one.
pub fn with_member(required: bool, access: TokenStream, body: TokenStream) -> TokenStream {
    if required {
        quote! { { let item = &#access; #body } }
    } else {
        quote! { if let ::std::option::Option::Some(item) = &#access { #body } }
    }
}

/// The collection kind of a shape, for builder helpers.
pub enum Collection<'a> {
    None,
    List {
        element: &'a Member,
        sparse: bool,
    },
    Map {
        key: &'a Member,
        value: &'a Member,
        sparse: bool,
    },
}

/// Rust type of a simple shape.
pub fn simple_type(simple: Simple) -> TokenStream {
    match simple {
        Simple::Blob => quote! { ::std::vec::Vec<u8> },
        Simple::Boolean => quote! { bool },
        Simple::String => quote! { ::std::string::String },
        Simple::Byte => quote! { i8 },
        Simple::Short => quote! { i16 },
        Simple::Integer => quote! { i32 },
        Simple::Long => quote! { i64 },
        Simple::Float => quote! { f32 },
        Simple::Double => quote! { f64 },
        Simple::BigInteger => rt::BIG_INTEGER.path(),
        Simple::BigDecimal => rt::BIG_DECIMAL.path(),
        Simple::Timestamp => rt::DATE_TIME.path(),
        Simple::Document => rt::DOCUMENT.path(),
    }
}
