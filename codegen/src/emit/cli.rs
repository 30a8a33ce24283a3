//! The command-line tables of a generated crate's operations, for the `connect` command: one
//! subcommand per operation with its options, the shape tree of every member (types, enum values,
//! constraints, documentation), and the code that turns a checked JSON value into the operation's
//! typed input and sends it, returning the response body as it came.
//!
//! The tables refer to the command's own types (`crate::model`) and to the client crate, whose
//! names come from the same symbols, by its crate name.

use super::context::{ident, Ctx};
use super::docs;
use super::paths::rt;
use crate::error::Error;
use crate::ir::{
    Constraints, LengthBounds, Member, RangeBounds, Shape, ShapeId, ShapeKind, Simple,
};
use crate::naming;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// Emits the tables module for the selection; the client crate's types are reached through the
/// context's root (`::connect_sdk`).
pub fn emit(ctx: &Ctx<'_>) -> Result<TokenStream, Error> {
    let tree = ShapeTree::new(ctx)?;
    let shapes = tree.statics(ctx)?;
    let mut commands = Vec::new();
    let mut modules = Vec::new();
    for op_id in &ctx.selection.operations {
        let names = ctx.symbols.operation(op_id)?;
        let parts = ctx.operation(op_id)?;
        let (op_shape, input, output) = (parts.shape, &parts.input.id, &parts.output.id);
        let name = naming::command_name(op_id.name());
        let operation = op_id.name();
        let documentation = text(op_shape.traits.documentation.as_deref());
        let input_index = tree.index(input)?;
        let output_index = tree.index(output)?;
        let module = ident(&names.module);
        commands.push(quote! {
            Command {
                name: #name,
                operation: #operation,
                documentation: #documentation,
                input: #input_index,
                output: #output_index,
                run: operations::#module::run,
            },
        });
        modules.push(operation_module(ctx, op_id, input)?);
    }
    let converters = converters(ctx)?;
    Ok(quote! {
        use crate::model::{Command, Kind, Member, Shape};

        /// Every shape the commands read or print, by index.
        pub static SHAPES: &[Shape] = &[ #( #shapes )* ];

        /// One subcommand per operation.
        pub static COMMANDS: &[Command] = &[ #( #commands )* ];

        /// One module per operation: its input from a checked value, and the call.
        pub mod operations {
            #( #modules )*
        }

        #converters
    })
}

/// Model documentation as plain text for the terminal.
fn text(html: Option<&str>) -> String {
    html.map(docs::to_markdown).unwrap_or_default()
}

/// The shapes reachable from the operations' inputs and outputs, each with an index; then, for
/// each member whose own constraints differ from its target's, the target as that member sees it
/// (same kind, the member's constraints), so that the command checks what the client validates.
struct ShapeTree<'a> {
    indexes: BTreeMap<ShapeId, usize>,
    constrained: Vec<(ShapeId, Constraints<'a>)>,
}

impl<'a> ShapeTree<'a> {
    fn new(ctx: &'a Ctx<'a>) -> Result<ShapeTree<'a>, Error> {
        let mut indexes = BTreeMap::new();
        let mut constrained = Vec::new();
        for shape in ctx.selection.model.shapes.values() {
            let data = !matches!(
                shape.kind,
                ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_)
            );
            if !data {
                continue;
            }
            let next = indexes.len();
            indexes.insert(shape.id.clone(), next);
            for member in members_of(shape) {
                let constraints = ctx.constraints(member);
                let entry = (member.target.clone(), constraints);
                if constraints != own_constraints(ctx, &member.target)?
                    && !constrained.contains(&entry)
                {
                    constrained.push(entry);
                }
            }
        }
        Ok(ShapeTree {
            indexes,
            constrained,
        })
    }

    fn index(&self, id: &ShapeId) -> Result<usize, Error> {
        self.indexes
            .get(id)
            .copied()
            .ok_or_else(|| Error::internal(format!("{id} has no place in the shape tree")))
    }

    /// The index of the shape a member's value is checked against: its target, or the target
    /// with the member's own constraints.
    fn member_index(&self, ctx: &Ctx<'_>, member: &Member) -> Result<usize, Error> {
        let constraints = ctx.constraints(member);
        if constraints == own_constraints(ctx, &member.target)? {
            return self.index(&member.target);
        }
        self.constrained
            .iter()
            .position(|(id, seen)| *id == member.target && *seen == constraints)
            .map(|position| self.indexes.len() + position)
            .ok_or_else(|| Error::internal(format!("{} has no constrained entry", member.name)))
    }

    /// One `Shape { .. }` literal per entry, in index order.
    fn statics(&self, ctx: &Ctx<'_>) -> Result<Vec<TokenStream>, Error> {
        let plain = self
            .indexes
            .keys()
            .map(|id| Ok((id, own_constraints(ctx, id)?)))
            .collect::<Result<Vec<_>, Error>>()?;
        let seen = self.constrained.iter().map(|(id, c)| (id, *c));
        let mut out = Vec::new();
        for (id, constraints) in plain.into_iter().chain(seen) {
            let shape = ctx.shape(id)?;
            let name = ctx.selection.model.user_id(id).name().to_owned();
            let documentation = text(shape.traits.documentation.as_deref());
            let kind = self.kind(ctx, shape, constraints)?;
            out.push(quote! {
                Shape { name: #name, documentation: #documentation, kind: #kind },
            });
        }
        Ok(out)
    }

    fn members(&self, ctx: &Ctx<'_>, members: &[Member]) -> Result<TokenStream, Error> {
        let mut out = Vec::new();
        for member in members {
            let name = &member.name;
            let shape = self.member_index(ctx, member)?;
            let required = member.traits.required;
            let documentation = text(ctx.member_trait(member, |t| t.documentation.as_deref()));
            let option = naming::option_name(name);
            out.push(quote! {
                Member { name: #name, option: #option, shape: #shape, required: #required, documentation: #documentation },
            });
        }
        Ok(quote! { &[ #( #out )* ] })
    }

    fn kind(
        &self,
        ctx: &Ctx<'_>,
        shape: &Shape,
        constraints: Constraints<'_>,
    ) -> Result<TokenStream, Error> {
        let length = length(constraints.length);
        let range = range(constraints.range);
        Ok(match &shape.kind {
            ShapeKind::Simple(Simple::String) => {
                let pattern = optional_str(constraints.pattern);
                quote! { Kind::String { values: &[], #length, pattern: #pattern } }
            }
            ShapeKind::Enum(_) => {
                let ty = ctx.type_path(&shape.id)?;
                quote! { Kind::String { values: #ty::VALUES, min_length: None, max_length: None, pattern: None } }
            }
            ShapeKind::IntEnum(_) => quote! { Kind::Integer { bits: 32, #range } },
            ShapeKind::Simple(Simple::Byte) => quote! { Kind::Integer { bits: 8, #range } },
            ShapeKind::Simple(Simple::Short) => quote! { Kind::Integer { bits: 16, #range } },
            ShapeKind::Simple(Simple::Integer) => quote! { Kind::Integer { bits: 32, #range } },
            ShapeKind::Simple(Simple::Long) => quote! { Kind::Integer { bits: 64, #range } },
            ShapeKind::Simple(Simple::BigInteger) => quote! { Kind::Integer { bits: 0, #range } },
            ShapeKind::Simple(Simple::Float | Simple::Double | Simple::BigDecimal) => {
                quote! { Kind::Float { #range } }
            }
            ShapeKind::Simple(Simple::Boolean) => quote! { Kind::Boolean },
            ShapeKind::Simple(Simple::Blob) => quote! { Kind::Blob { #length } },
            ShapeKind::Simple(Simple::Timestamp) => quote! { Kind::Timestamp },
            ShapeKind::Simple(Simple::Document) => quote! { Kind::Document },
            ShapeKind::List(member) => {
                let member = self.member_index(ctx, member)?;
                quote! { Kind::List { member: #member, #length } }
            }
            ShapeKind::Map { key, value } => {
                let key = self.member_index(ctx, key)?;
                let value = self.member_index(ctx, value)?;
                quote! { Kind::Map { key: #key, value: #value, #length } }
            }
            ShapeKind::Structure(members) => {
                let members = self.members(ctx, members)?;
                quote! { Kind::Structure { members: #members } }
            }
            ShapeKind::Union(members) => {
                let members = self.members(ctx, members)?;
                quote! { Kind::Union { members: #members } }
            }
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(Error::internal(format!("{} is not a data shape", shape.id)))
            }
        })
    }
}

/// The members of a data shape: a structure's or union's, a list's element, a map's key and value.
fn members_of(shape: &Shape) -> Vec<&Member> {
    match &shape.kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) => members.iter().collect(),
        ShapeKind::List(member) => vec![member],
        ShapeKind::Map { key, value } => vec![key, value],
        _ => Vec::new(),
    }
}

/// The constraints a shape carries itself (a pattern on strings alone).
fn own_constraints<'a>(ctx: &'a Ctx<'_>, id: &ShapeId) -> Result<Constraints<'a>, Error> {
    let shape = ctx.shape(id)?;
    let mut constraints = shape.traits.constraints();
    if !matches!(shape.kind, ShapeKind::Simple(Simple::String)) {
        constraints.pattern = None;
    }
    Ok(constraints)
}

fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote! { Some(#text) },
        None => quote! { None },
    }
}

fn length(bounds: Option<LengthBounds>) -> TokenStream {
    let bound = |b: Option<u64>| match b {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote! { Some(#n) }
        }
        None => quote! { None },
    };
    let (min, max) = bounds.map_or((None, None), |b| (b.min, b.max));
    let (min, max) = (bound(min), bound(max));
    quote! { min_length: #min, max_length: #max }
}

fn range(bounds: Option<RangeBounds>) -> TokenStream {
    let bound = |b: Option<f64>| match b {
        Some(n) => {
            let n = Literal::f64_unsuffixed(n);
            quote! { Some(#n) }
        }
        None => quote! { None },
    };
    let (min, max) = bounds.map_or((None, None), |b| (b.min, b.max));
    let (min, max) = (bound(min), bound(max));
    quote! { min: #min, max: #max }
}

/// The module of one operation: the typed input from a checked value, and the call that returns
/// the raw response body.
fn operation_module(ctx: &Ctx<'_>, op_id: &ShapeId, input: &ShapeId) -> Result<TokenStream, Error> {
    let names = ctx.symbols.operation(op_id)?;
    let module = ident(&names.module);
    let root = ctx.root.path();
    let error_enum = ident(&names.error);
    let input_ty = ctx.type_path(input)?;
    let convert = converter_name(ctx, input)?;
    let spec = rt::OPERATION_SPEC.path();
    let handle = rt::HANDLE.path();
    let response_ty = rt::HTTP_RESPONSE.path();
    let de_error = rt::DE_ERROR.path();
    let fill = ident(naming::FILL_IDEMPOTENCY_TOKENS);
    let serialize = ident(naming::SERIALIZE_REQUEST);
    let deserialize_error = ident(naming::DESERIALIZE_ERROR);
    Ok(quote! {
            pub mod #module {
                use #root::operations::#module as op;

                /// The operation with a reader that keeps the response body as it came, so that
                /// members the model does not know are printed too.
                const RAW: #spec<#input_ty, ::std::vec::Vec<u8>, op::#error_enum> = #spec {
                    name: op::OPERATION_NAME,
                    validate: #input_ty::validate,
                    fill_idempotency_tokens: op::#fill,
                    serialize: op::#serialize,
                    finish: op::SPEC.finish,
                    deserialize: raw,
                };

                fn raw(
                    response: &#response_ty,
                ) -> ::std::result::Result<::std::result::Result<::std::vec::Vec<u8>, op::#error_enum>, #de_error> {
                    if !response.is_success() {
                        return ::std::result::Result::Ok(::std::result::Result::Err(op::#deserialize_error(response)));
                    }
                    ::std::result::Result::Ok(::std::result::Result::Ok(response.body.clone()))
                }

                /// Turns the checked value into the typed input and sends it (the command has
                /// checked the input as botocore does; the client does not check it again).
                pub fn run<'a>(
                    handle: &'a #handle,
                    value: &'a ::serde_json::Value,
                ) -> crate::model::Call<'a> {
                    ::std::boxed::Box::pin(async move {
                        let input = crate::commands::convert::#convert(value, "")
                            .map_err(crate::model::CallFailure::Input)?;
                        handle
                            .invoke(&RAW, input, false)
                            .await
                            .map_err(crate::model::CallFailure::from_sdk)
                    })
                }
            }
    })
}

fn converter_name(ctx: &Ctx<'_>, id: &ShapeId) -> Result<proc_macro2::Ident, Error> {
    Ok(ident(&ctx.symbols.functions(id)?.from_value))
}

/// The shapes an operation input reaches (the inputs themselves included).
fn input_closure(ctx: &Ctx<'_>) -> Result<std::collections::BTreeSet<ShapeId>, Error> {
    let mut seen = std::collections::BTreeSet::new();
    let mut pending = Vec::new();
    for op_id in &ctx.selection.operations {
        if let ShapeKind::Operation(op) = &ctx.shape(op_id)?.kind {
            pending.extend(op.input.iter().cloned());
        }
    }
    while let Some(id) = pending.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        for member in ctx.shape(&id)?.kind.all_members() {
            pending.push(member.target.clone());
        }
    }
    Ok(seen)
}

/// One function per structure, union, list and map of the inputs: a checked JSON value to the
/// typed value. A value of the wrong form (which the checks rule out) is an error, never a panic.
fn converters(ctx: &Ctx<'_>) -> Result<TokenStream, Error> {
    let mut items = Vec::new();
    for id in &input_closure(ctx)? {
        let shape = ctx.shape(id)?;
        if !shape.kind.is_composite() || shape.id.is_unit() {
            continue;
        }
        let name = converter_name(ctx, id)?;
        let ty = ctx.value_type(id)?;
        let body = match &shape.kind {
            ShapeKind::Structure(members) => {
                let builder = ctx.builder_path(id)?;
                let mut sets = Vec::new();
                for member in members {
                    let names = ctx.symbols.member(id, &member.name)?;
                    let setter = ident(&names.option_setter);
                    let key = &member.name;
                    let read = value_of(ctx, member, quote! { item }, quote! { &path })?;
                    let read = if ctx.is_boxed(id, member) {
                        quote! { ::std::boxed::Box::new(#read) }
                    } else {
                        read
                    };
                    sets.push(quote! {
                        if let ::std::option::Option::Some(item) = object.get(#key) {
                            let path = join(at, #key);
                            builder = builder.#setter(::std::option::Option::Some(#read));
                        }
                    });
                }
                let finish = if members.iter().any(|m| m.traits.required) {
                    quote! { builder.build().map_err(|error| error.to_string()) }
                } else {
                    quote! { ::std::result::Result::Ok(builder.build()) }
                };
                let builder_binding = if sets.is_empty() {
                    quote! { let builder = #builder::default(); }
                } else {
                    quote! { let mut builder = #builder::default(); }
                };
                let object_binding = if sets.is_empty() {
                    quote! { let _ = value.as_object(); }
                } else {
                    quote! { let object = value.as_object().ok_or_else(|| expected(at, "an object"))?; }
                };
                quote! {
                    #object_binding
                    #builder_binding
                    #( #sets )*
                    #finish
                }
            }
            ShapeKind::Union(members) => {
                let path = ctx.type_path(id)?;
                let mut arms = Vec::new();
                for member in members {
                    let names = ctx.symbols.member(id, &member.name)?;
                    let variant = ident(&names.variant.ident);
                    let key = &member.name;
                    if member.target.is_unit() {
                        arms.push(quote! { #key => ::std::result::Result::Ok(#path::#variant), });
                        continue;
                    }
                    let read = value_of(ctx, member, quote! { item }, quote! { &path })?;
                    let read = if ctx.is_boxed(id, member) {
                        quote! { ::std::boxed::Box::new(#read) }
                    } else {
                        read
                    };
                    arms.push(
                        quote! { #key => ::std::result::Result::Ok(#path::#variant(#read)), },
                    );
                }
                quote! {
                    let object = value.as_object().ok_or_else(|| expected(at, "an object"))?;
                    let mut set = object.iter();
                    let (::std::option::Option::Some((key, item)), ::std::option::Option::None) = (set.next(), set.next()) else {
                        return ::std::result::Result::Err(::std::format!("{at}: exactly one member must be set"));
                    };
                    let path = join(at, key);
                    match key.as_str() {
                        #( #arms )*
                        other => ::std::result::Result::Err(::std::format!("{at}: unknown member {other}")),
                    }
                }
            }
            ShapeKind::List(member) => {
                let element = element_of(ctx, member, shape.traits.sparse)?;
                quote! { crate::values::list(value, at, #element) }
            }
            ShapeKind::Map { key, value } => {
                let key_ty = ctx.shape(&key.target)?;
                let key_value = match key_ty.kind {
                    ShapeKind::Enum(_) => {
                        let path = ctx.type_path(&key.target)?;
                        quote! { #path::from(key) }
                    }
                    _ => quote! { key.to_owned() },
                };
                let element = element_of(ctx, value, shape.traits.sparse)?;
                quote! { crate::values::map(value, at, |key| #key_value, #element) }
            }
            _ => continue,
        };
        let doc = format!(" {} from a checked JSON value.", docs::a_code(id.name()));
        items.push(quote! {
            #[doc = #doc]
            pub fn #name(value: &::serde_json::Value, at: &str) -> ::std::result::Result<#ty, ::std::string::String> {
                #body
            }
        });
    }
    Ok(quote! {
        pub mod convert {
            use crate::values::{expected, join};
            #( #items )*
        }
    })
}

/// The closure reading an element of a list or map (`item` at `path`), `None` for a null in a
/// sparse one.
fn element_of(ctx: &Ctx<'_>, member: &Member, sparse: bool) -> Result<TokenStream, Error> {
    let mut read = value_of(ctx, member, quote! { item }, quote! { path })?;
    if sparse {
        read = quote! { if item.is_null() { ::std::option::Option::None } else { ::std::option::Option::Some(#read) } };
    }
    Ok(quote! { |item, path| { let element = #read; ::std::result::Result::Ok(element) } })
}

/// An expression (`?` applied) reading the member's target from `value` (a `&Value`) at `path`.
fn value_of(
    ctx: &Ctx<'_>,
    member: &Member,
    value: TokenStream,
    path: TokenStream,
) -> Result<TokenStream, Error> {
    let target = ctx.shape(&member.target)?;
    let values = quote! { crate::values };
    Ok(match &target.kind {
        ShapeKind::Simple(Simple::String) => quote! { #values::string(#value, #path)? },
        ShapeKind::Enum(_) => {
            let ty = ctx.type_path(&target.id)?;
            quote! { #ty::from(#values::string(#value, #path)?.as_str()) }
        }
        ShapeKind::IntEnum(_) => {
            let ty = ctx.type_path(&target.id)?;
            quote! { #ty::from(#values::integer::<i32>(#value, #path)?) }
        }
        ShapeKind::Simple(Simple::Boolean) => quote! { #values::boolean(#value, #path)? },
        ShapeKind::Simple(Simple::Byte) => quote! { #values::integer::<i8>(#value, #path)? },
        ShapeKind::Simple(Simple::Short) => quote! { #values::integer::<i16>(#value, #path)? },
        ShapeKind::Simple(Simple::Integer) => quote! { #values::integer::<i32>(#value, #path)? },
        ShapeKind::Simple(Simple::Long) => quote! { #values::integer::<i64>(#value, #path)? },
        ShapeKind::Simple(Simple::Float) => quote! { #values::float(#value, #path)? as f32 },
        ShapeKind::Simple(Simple::Double) => quote! { #values::float(#value, #path)? },
        ShapeKind::Simple(Simple::BigInteger) => quote! { #values::big_integer(#value, #path)? },
        ShapeKind::Simple(Simple::BigDecimal) => quote! { #values::big_decimal(#value, #path)? },
        ShapeKind::Simple(Simple::Blob) => quote! { #values::blob(#value, #path)? },
        ShapeKind::Simple(Simple::Timestamp) => quote! { #values::timestamp(#value, #path)? },
        ShapeKind::Simple(Simple::Document) => quote! { #values::document(#value, #path)? },
        ShapeKind::Structure(_) if target.id.is_unit() => quote! { () },
        ShapeKind::Structure(_)
        | ShapeKind::Union(_)
        | ShapeKind::List(_)
        | ShapeKind::Map { .. } => {
            let name = converter_name(ctx, &target.id)?;
            quote! { crate::commands::convert::#name(#value, #path)? }
        }
        ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
            return Err(Error::internal(format!(
                "{} is not a data shape",
                target.id
            )))
        }
    })
}
